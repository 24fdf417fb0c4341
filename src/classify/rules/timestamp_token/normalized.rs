//! Normalized times: the values a build writes when it is told not to record its clock — the
//! declared SOURCE_DATE_EPOCH of that build, the DOS epoch 1980-01-01 00:00:00, or the Unix epoch
//! 0 — and whether one build normalized a time the other did not.

use whydiff_analyzers::{TimeEncoding, Timestamp};

use super::calendar::{is_plausible, DOS_EPOCH};
use crate::classify::KnownValues;

/// A time as normalization sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Seconds since 1970: UTC, or a zone-less wall clock (DOS) read as UTC.
    pub seconds: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
    /// Seconds of resolution of the encoding: 1, 2 for DOS, 60 when seconds are not written,
    /// a day for a date alone.
    pub precision: i64,
}

impl Moment {
    /// The moment of an analyzer's time field.
    pub fn of(timestamp: &Timestamp) -> Moment {
        Moment {
            seconds: timestamp.unix_seconds,
            nanos: timestamp.nanos,
            precision: match timestamp.encoding {
                TimeEncoding::Dos => 2,
                TimeEncoding::Unix => 1,
            },
        }
    }

    /// Whether `instant` (whole seconds) is this moment, at this moment's resolution.
    fn is(self, instant: i64) -> bool {
        let truncated = |s: i64| s.div_euclid(self.precision);
        truncated(self.seconds) == truncated(instant) && (self.precision > 1 || self.nanos == 0)
    }
}

/// A value that says a build normalized a time instead of recording its clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalization {
    /// The build's declared SOURCE_DATE_EPOCH (the strongest evidence there is).
    DeclaredEpoch(i64),
    /// 1980-01-01 00:00:00, the earliest DOS date-time.
    DosEpoch,
    /// 0, 1970-01-01T00:00:00Z.
    UnixEpoch,
}

impl Normalization {
    /// How the evidence names it, after "is".
    fn describe(self) -> String {
        match self {
            Normalization::DeclaredEpoch(epoch) => format!(
                "its build's declared SOURCE_DATE_EPOCH ({epoch}, {})",
                Timestamp::unix(epoch)
            ),
            Normalization::DosEpoch => "the DOS epoch 1980-01-01 00:00:00".to_owned(),
            Normalization::UnixEpoch => "the Unix epoch 0".to_owned(),
        }
    }

    fn is_declared(self) -> bool {
        matches!(self, Normalization::DeclaredEpoch(_))
    }
}

/// The normalization `moment` is, given the SOURCE_DATE_EPOCH its build declared.
pub fn normalization(moment: Moment, declared: Option<i64>) -> Option<Normalization> {
    match declared {
        Some(epoch) if moment.is(epoch) => Some(Normalization::DeclaredEpoch(epoch)),
        _ if moment.is(DOS_EPOCH) => Some(Normalization::DosEpoch),
        _ if moment.is(0) => Some(Normalization::UnixEpoch),
        _ => None,
    }
}

/// The SOURCE_DATE_EPOCH each build declared (`--left-value SOURCE_DATE_EPOCH=…`; the key in any
/// case), when it is an integer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeclaredEpochs {
    /// The left build's.
    pub left: Option<i64>,
    /// The right build's.
    pub right: Option<i64>,
}

impl DeclaredEpochs {
    /// The epochs declared in `known`.
    pub fn of(known: &KnownValues) -> Self {
        let find = |values: &std::collections::BTreeMap<String, String>| {
            values
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case("SOURCE_DATE_EPOCH"))
                .and_then(|(_, value)| value.trim().parse().ok())
        };
        DeclaredEpochs {
            left: find(&known.left),
            right: find(&known.right),
        }
    }
}

/// What normalization says about the two sides of a changed time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormalizedPair {
    left: Moment,
    right: Moment,
    /// The left side's normalization, if it is one.
    pub left_normalized: Option<Normalization>,
    /// The right side's normalization, if it is one.
    pub right_normalized: Option<Normalization>,
}

impl NormalizedPair {
    /// Judges the two sides of a changed time against each build's declared epoch.
    pub fn of(left: Moment, right: Moment, declared: DeclaredEpochs) -> Self {
        NormalizedPair {
            left,
            right,
            left_normalized: normalization(left, declared.left),
            right_normalized: normalization(right, declared.right),
        }
    }

    /// Whether one build normalized this time and the other did not: one side is a normalization
    /// value and the other a plausible time of its own (not 1970-01-01T00:00:01, which is no build
    /// clock), or the sides are two normalizations other than each build's own declared epoch.
    pub fn is_normalized_time(&self) -> bool {
        match (self.left_normalized, self.right_normalized) {
            (Some(left), Some(right)) => !(left.is_declared() && right.is_declared()),
            (Some(_), None) => is_plausible(self.right.seconds),
            (None, Some(_)) => is_plausible(self.left.seconds),
            (None, None) => false,
        }
    }

    /// Whether either side is its build's declared SOURCE_DATE_EPOCH.
    pub fn matches_a_declared_epoch(&self) -> bool {
        [self.left_normalized, self.right_normalized]
            .iter()
            .any(|n| n.is_some_and(Normalization::is_declared))
    }

    /// What the evidence says about normalization: when one side is normalized and the other not,
    /// or when a side is its build's declared epoch.
    pub fn note(&self) -> Option<String> {
        if !self.is_normalized_time() && !self.matches_a_declared_epoch() {
            return None;
        }
        Some(match (self.left_normalized, self.right_normalized) {
            (None, None) => return None,
            (Some(left), Some(right)) if left.is_declared() && right.is_declared() => {
                "each side is its build's declared SOURCE_DATE_EPOCH".to_owned()
            }
            (Some(left), None) => {
                format!("the left side is {} and the right is not", left.describe())
            }
            (None, Some(right)) => {
                format!("the right side is {} and the left is not", right.describe())
            }
            (Some(left), Some(right)) => format!(
                "the left side is {} and the right side is {}",
                left.describe(),
                right.describe()
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn second(seconds: i64) -> Moment {
        Moment {
            seconds,
            nanos: 0,
            precision: 1,
        }
    }

    #[test]
    fn normalization_values_are_recognized() {
        assert_eq!(
            normalization(second(0), None),
            Some(Normalization::UnixEpoch)
        );
        assert_eq!(
            normalization(second(DOS_EPOCH), None),
            Some(Normalization::DosEpoch)
        );
        assert_eq!(
            normalization(second(1_609_459_200), Some(1_609_459_200)),
            Some(Normalization::DeclaredEpoch(1_609_459_200))
        );
        assert_eq!(
            normalization(second(1_609_459_200), Some(1_609_459_201)),
            None
        );
        assert_eq!(normalization(second(1), None), None);
        let fraction = Moment {
            nanos: 5,
            ..second(0)
        };
        assert_eq!(normalization(fraction, None), None);
        // A DOS time keeps two seconds: an odd epoch is stored one second earlier.
        let dos = Moment {
            precision: 2,
            ..second(1_700_000_000)
        };
        assert_eq!(
            normalization(dos, Some(1_700_000_001)),
            Some(Normalization::DeclaredEpoch(1_700_000_001))
        );
    }

    #[test]
    fn declared_epochs_are_found_in_any_case() {
        let mut known = KnownValues::default();
        known
            .left
            .insert("source_date_epoch".into(), "1609459200".into());
        known
            .right
            .insert("SOURCE_DATE_EPOCH".into(), "soon".into());
        let declared = DeclaredEpochs::of(&known);
        assert_eq!(declared.left, Some(1_609_459_200));
        assert_eq!(declared.right, None);
    }

    #[test]
    fn one_normalized_side_against_a_real_time() {
        let none = DeclaredEpochs::default();
        let pair = NormalizedPair::of(second(0), second(1_686_832_496), none);
        assert!(pair.is_normalized_time());
        assert_eq!(
            pair.note().unwrap(),
            "the left side is the Unix epoch 0 and the right is not"
        );
        let early = NormalizedPair::of(second(0), second(172_805), none);
        assert!(
            !early.is_normalized_time(),
            "two days after 1970 is no build clock"
        );
        assert_eq!(early.note(), None);
        assert!(
            !NormalizedPair::of(second(1_609_459_200), second(1_686_832_496), none)
                .is_normalized_time()
        );
        let declared = DeclaredEpochs {
            left: Some(1_609_459_200),
            right: Some(1_686_832_496),
        };
        let both = NormalizedPair::of(second(1_609_459_200), second(1_686_832_496), declared);
        assert!(!both.is_normalized_time());
        assert!(both.matches_a_declared_epoch());
        assert_eq!(
            both.note().unwrap(),
            "each side is its build's declared SOURCE_DATE_EPOCH"
        );
        let left_only = DeclaredEpochs {
            left: Some(1_609_459_200),
            right: None,
        };
        let pair = NormalizedPair::of(second(1_609_459_200), second(1_686_832_496), left_only);
        assert!(pair.is_normalized_time());
        assert_eq!(
            pair.note().unwrap(),
            "the left side is its build's declared SOURCE_DATE_EPOCH (1609459200, \
             2021-01-01T00:00:00Z) and the right is not"
        );
    }
}
