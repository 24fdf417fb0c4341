//! What whydiff believes about each build, learned once per comparison from the differences
//! whose meaning is certain and from the declared values: its clock readings, its build and
//! temporary directories, its user, host, locale and tool versions — each with where it was
//! learned. Token rules consult the profiles as witnesses (a date in a file is the build's clock
//! when the same build's other clock readings are there too); reports print them, so that a
//! reader sees what whydiff believes and why.
//!
//! Only certain sources feed a profile: a time field of an archive or compressor header, or of a
//! member the build generated (not the times of source files, which a person's edit sets too),
//! the owner fields of archive entries, fields that say they hold the build's user or host (a
//! manifest's `Built-By`), tool-version fields, the learned directory pairs, and declared
//! values. A value in free text never teaches a profile anything: that would let a
//! value witness itself.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

use whydiff_analyzers::{Captured, FieldKind, Value};

use super::evidence::{is_generated_path, Generators};
use super::known::{cause_of_key, KnownValues};
use super::rules::build_path::PrefixPairs;
use super::Cause;
use crate::difference::{Observed, ObservedKind, Scope};

/// One fact believed about a build, with where it was learned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Belief {
    /// The value (`/tmp/build-a`, `alice`, `bdist_wheel (0.41.3)`).
    pub value: String,
    /// Where it was learned (`declared`, `tar.uname of pkg.tar › README.md`).
    pub source: String,
}

/// A clock reading of one build: a time it recorded, of a kind whose meaning is certain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockReading {
    /// Seconds since 1970, UTC — or a zone-less wall clock (DOS) read as UTC.
    pub seconds: i64,
    /// Whether the reading is a wall clock whose zone is unknown.
    pub zoneless: bool,
    /// What recorded it (`gzip.mtime`, `zip.mtime of generated members`, `declared
    /// SOURCE_DATE_EPOCH`).
    pub source: String,
    /// How many readings of this value and source there are.
    pub count: usize,
    /// One place it was read (a member path), empty for declared values.
    pub example: String,
}

impl ClockReading {
    /// The reading as ISO 8601 (without a zone for a zone-less wall clock).
    pub fn time(&self) -> String {
        let encoding = if self.zoneless {
            whydiff_analyzers::TimeEncoding::Dos
        } else {
            whydiff_analyzers::TimeEncoding::Unix
        };
        whydiff_analyzers::Timestamp {
            unix_seconds: self.seconds,
            nanos: 0,
            encoding,
        }
        .to_string()
    }
}

/// What one build is believed to be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Clock readings, by time.
    pub clock: Vec<ClockReading>,
    /// Build, temporary and home directories.
    pub directories: Vec<Belief>,
    /// Users and groups.
    pub users: Vec<Belief>,
    /// Host names.
    pub hosts: Vec<Belief>,
    /// Locales and time zones.
    pub locales: Vec<Belief>,
    /// Versions of the tools that wrote the artifacts.
    pub tools: Vec<Belief>,
}

impl Profile {
    /// Whether nothing is believed about this build.
    pub fn is_empty(&self) -> bool {
        self.clock.is_empty()
            && self.directories.is_empty()
            && self.users.is_empty()
            && self.hosts.is_empty()
            && self.locales.is_empty()
            && self.tools.is_empty()
    }
}

/// The profiles of both builds, and how their clocks moved between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profiles {
    /// The left build.
    pub left: Profile,
    /// The right build.
    pub right: Profile,
    /// For each clock field read on both sides, right minus left, sorted and deduplicated: how
    /// far the right build's clock was from the left's.
    pub shifts: Vec<i64>,
}

/// Clock readings per side kept at most (distinct values and sources); the rest are counted.
const MAX_READINGS: usize = 4096;

/// How long a build may run: a clock reading this far from a time still witnesses it.
pub const BUILD_DURATION: i64 = 2 * 3600;
/// The largest offset of a time zone from UTC, plus a margin: a zone-less wall clock may be
/// this far from UTC.
pub const ZONE_SLACK: i64 = 15 * 3600;

impl Profiles {
    /// Learns both builds' profiles from `all` (sorted), the declared values and the learned
    /// directory pairs.
    pub fn learn(
        all: &[Observed],
        known: &KnownValues,
        directories: &PrefixPairs,
        generators: &Generators,
    ) -> Self {
        let mut learner = Learner::default();
        learner.declared(known);
        // Learned in parallel from runs of differences, merged in order: the same as one pass.
        learner.merge(
            all.par_chunks(LEARNING_CHUNK)
                .map(|chunk| {
                    let mut learner = Learner::default();
                    for difference in chunk {
                        learner.observed(difference, generators);
                    }
                    learner
                })
                .reduce(Learner::default, |mut earlier, later| {
                    earlier.merge(later);
                    earlier
                }),
        );
        for pair in directories.pairs() {
            let source = match &pair.witness {
                Some(witness) => witness.clone(),
                None => "a path that ends alike on both sides (unconfirmed)".to_owned(),
            };
            let what = pair.cause.id();
            learner.left.directories.push(Belief {
                value: pair.left.clone(),
                source: format!("{what}: {source}"),
            });
            learner.right.directories.push(Belief {
                value: pair.right.clone(),
                source: format!("{what}: {source}"),
            });
        }
        learner.finish()
    }

    /// A witness that `left` and `right` (times of each build, seconds since 1970, `precision`
    /// seconds wide, `zoneless` when written without a zone) are clock readings of their builds:
    /// each lies near a clock reading of its own build, or they moved by the same amount as the
    /// builds' clocks did.
    pub fn witness_times<'p>(
        &'p self,
        left: i64,
        right: i64,
        precision: i64,
        zoneless: bool,
    ) -> Option<String> {
        let near = |profile: &'p Profile, at: i64| -> Option<&'p ClockReading> {
            profile.clock.iter().find(|reading| {
                let slack = BUILD_DURATION
                    + if zoneless || reading.zoneless {
                        ZONE_SLACK
                    } else {
                        0
                    };
                reading.seconds >= at - slack && reading.seconds < at + precision + slack
            })
        };
        if let (Some(l), Some(r)) = (near(&self.left, left), near(&self.right, right)) {
            return Some(format!(
                "each side is near a clock reading of its own build ({} {}, {} {})",
                l.source,
                whydiff_analyzers::Timestamp::unix(l.seconds),
                r.source,
                whydiff_analyzers::Timestamp::unix(r.seconds)
            ));
        }
        let moved = right - left;
        let tolerance = precision + BUILD_DURATION;
        let start = self.shifts.partition_point(|&s| s < moved - tolerance);
        let shift = self
            .shifts
            .get(start)
            .filter(|&&s| s <= moved + tolerance)?;
        // A shift of zero says nothing: both clocks were the same.
        (*shift != 0).then(|| {
            "the two sides moved as far apart as the builds' clocks did (the time fields of the \
             archives)"
                .to_owned()
        })
    }
}

/// Where a clock reading was read: a declared value, an artifact's own time field, or an entry
/// time field of generated members.
#[derive(Clone, Copy)]
enum Origin {
    Declared,
    Artifact,
    Generated,
}

impl Origin {
    /// The reading's source as reported, from the key or field name it was read from.
    fn source(self, name: &str) -> String {
        match self {
            Origin::Declared => format!("declared {name}"),
            Origin::Artifact => name.to_owned(),
            Origin::Generated => format!("{name} of generated members"),
        }
    }
}

/// Clock readings of one build being gathered: by origin and key or field name, then by
/// (seconds, zone-less), how many and one place they were read. Keyed by name first so that a
/// reading from a field already seen (the entry times of tens of thousands of members) costs no
/// allocation.
#[derive(Default)]
struct ClockTally([HashMap<String, Readings>; 3]);

/// Readings from one source: by (seconds, zone-less), how many and one place they were read.
type Readings = BTreeMap<(i64, bool), (usize, String)>;

impl ClockTally {
    fn add(&mut self, origin: Origin, name: &str, at: (i64, bool), place: impl FnOnce() -> String) {
        let by_name = &mut self.0[origin as usize];
        if !by_name.contains_key(name) {
            by_name.insert(name.to_owned(), BTreeMap::new());
        }
        let readings = by_name.get_mut(name).expect("inserted above");
        readings.entry(at).or_insert_with(|| (0, place())).0 += 1;
    }

    /// Adds the readings of `later` (gathered from later differences): counts add up, the place
    /// of a reading is the first one seen.
    fn merge(&mut self, later: ClockTally) {
        for (by_name, later) in self.0.iter_mut().zip(later.0) {
            for (name, readings) in later {
                let into = by_name.entry(name).or_default();
                for (at, (count, place)) in readings {
                    into.entry(at).or_insert((0, place)).0 += count;
                }
            }
        }
    }

    /// The readings, by (seconds, zone-less, source), each with how many and one place; readings
    /// whose sources are spelled alike are one.
    fn readings(self) -> Vec<(i64, bool, String, usize, String)> {
        let origins = [Origin::Declared, Origin::Artifact, Origin::Generated];
        let mut readings: Vec<_> = origins
            .into_iter()
            .zip(self.0)
            .flat_map(|(origin, by_name)| {
                by_name.into_iter().flat_map(move |(name, at)| {
                    let source = origin.source(&name);
                    at.into_iter()
                        .map(move |((seconds, zoneless), (count, example))| {
                            (seconds, zoneless, source.clone(), count, example)
                        })
                })
            })
            .collect();
        readings.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        readings.dedup_by(|later, kept| {
            let same = (later.0, later.1, &later.2) == (kept.0, kept.1, &kept.2);
            if same {
                kept.3 += later.3;
            }
            same
        });
        readings
    }
}

/// Accumulates what the differences teach.
#[derive(Default)]
struct Learner {
    left: Profile,
    right: Profile,
    clocks: [ClockTally; 2],
    shifts: Vec<i64>,
}

/// How many differences one parallel task learns from.
const LEARNING_CHUNK: usize = 4096;

impl Learner {
    /// Adds what `later` learned from the differences after the ones this learner saw: the same
    /// as if this learner had seen them too.
    fn merge(&mut self, later: Learner) {
        for (profile, later) in [(&mut self.left, later.left), (&mut self.right, later.right)] {
            let beliefs = [
                (&mut profile.directories, later.directories),
                (&mut profile.users, later.users),
                (&mut profile.hosts, later.hosts),
                (&mut profile.locales, later.locales),
                (&mut profile.tools, later.tools),
            ];
            for (beliefs, later) in beliefs {
                for belief in later {
                    push_unique(beliefs, belief);
                }
            }
        }
        for (clocks, later) in self.clocks.iter_mut().zip(later.clocks) {
            clocks.merge(later);
        }
        self.shifts.extend(later.shifts);
    }

    fn declared(&mut self, known: &KnownValues) {
        for (values, index) in [(&known.left, 0), (&known.right, 1)] {
            for (key, value) in values {
                let cause = cause_of_key(key);
                let belief = Belief {
                    value: value.clone(),
                    source: format!("declared {key}"),
                };
                let profile = if index == 0 {
                    &mut self.left
                } else {
                    &mut self.right
                };
                match cause {
                    Cause::BuildTime => {
                        if let Ok(seconds) = value.trim().parse::<i64>() {
                            self.clocks[index].add(
                                Origin::Declared,
                                key,
                                (seconds, false),
                                String::new,
                            );
                        }
                    }
                    Cause::UserName => profile.users.push(belief),
                    Cause::HostName => profile.hosts.push(belief),
                    Cause::LocaleSetting | Cause::TimeZone => profile.locales.push(belief),
                    Cause::BuildDirectory | Cause::TempDir | Cause::HomeDirectory => {}
                    _ => {}
                }
            }
        }
    }

    fn observed(&mut self, difference: &Observed, generators: &Generators) {
        let ObservedKind::Field {
            kind,
            scope,
            left,
            right,
        } = &difference.kind
        else {
            return;
        };
        let field = difference.field.as_deref().unwrap_or("");
        // Spelled only where a belief or a new clock reading keeps it.
        let place = || difference.path.join(" › ");
        match kind {
            FieldKind::Time(_) => {
                // An archive's own header time, or an entry time of a generated member: the
                // build wrote it. Entry times of source files are a person's edits too.
                let certain =
                    *scope == Scope::Artifact || is_generated_path(&difference.path, generators);
                if !certain {
                    return;
                }
                let origin = if *scope == Scope::Artifact {
                    Origin::Artifact
                } else {
                    Origin::Generated
                };
                let times = [time_of(left.as_ref()), time_of(right.as_ref())];
                for (index, time) in times.iter().enumerate() {
                    if let Some(at) = *time {
                        self.clocks[index].add(origin, field, at, place);
                    }
                }
                if let [Some((l, _)), Some((r, _))] = times {
                    self.shifts.push(r - l);
                }
            }
            FieldKind::Owner => {
                for (profile, value) in [(&mut self.left, left), (&mut self.right, right)] {
                    if let Some(Value::Str(name)) = value {
                        push_unique(
                            &mut profile.users,
                            Belief {
                                value: name.clone(),
                                source: format!("{field} of archive entries"),
                            },
                        );
                    }
                }
            }
            FieldKind::Captured(captured @ (Captured::UserName | Captured::HostName)) => {
                // A field that says it records the build's user or host (a manifest's
                // Built-By, git.properties' git.build.host): the build wrote it.
                for (profile, value) in [(&mut self.left, left), (&mut self.right, right)] {
                    if let Some(Value::Str(name)) = value {
                        let beliefs = match captured {
                            Captured::HostName => &mut profile.hosts,
                            _ => &mut profile.users,
                        };
                        push_unique(
                            beliefs,
                            Belief {
                                value: name.clone(),
                                source: format!("{field} of {}", place()),
                            },
                        );
                    }
                }
            }
            FieldKind::ToolVersion => {
                for (profile, value) in [(&mut self.left, left), (&mut self.right, right)] {
                    if let Some(value) = value {
                        push_unique(
                            &mut profile.tools,
                            Belief {
                                value: format!("{field} {value}"),
                                source: place(),
                            },
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Profiles {
        for (index, clocks) in self.clocks.into_iter().enumerate() {
            let profile = if index == 0 {
                &mut self.left
            } else {
                &mut self.right
            };
            profile.clock = clocks
                .readings()
                .into_iter()
                .take(MAX_READINGS)
                .map(|(seconds, zoneless, source, count, example)| ClockReading {
                    seconds,
                    zoneless,
                    source,
                    count,
                    example,
                })
                .collect();
        }
        for profile in [&mut self.left, &mut self.right] {
            for beliefs in [
                &mut profile.directories,
                &mut profile.users,
                &mut profile.hosts,
                &mut profile.locales,
                &mut profile.tools,
            ] {
                beliefs.sort();
                beliefs.dedup();
            }
        }
        self.shifts.sort_unstable();
        self.shifts.dedup();
        Profiles {
            left: self.left,
            right: self.right,
            shifts: self.shifts,
        }
    }
}

/// Beliefs of one kind stay few: a value is kept once per source.
const MAX_BELIEFS: usize = 64;

fn push_unique(beliefs: &mut Vec<Belief>, belief: Belief) {
    if beliefs.len() < MAX_BELIEFS && !beliefs.contains(&belief) {
        beliefs.push(belief);
    }
}

/// A time field's value as seconds, and whether it is a zone-less wall clock.
fn time_of(value: Option<&Value>) -> Option<(i64, bool)> {
    match value? {
        Value::Time(time) => Some((
            time.unix_seconds,
            time.encoding == whydiff_analyzers::TimeEncoding::Dos,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whydiff_analyzers::{TimeEncoding, TimeRole, Timestamp};

    fn time_field(path: &[&str], name: &str, scope: Scope, left: i64, right: i64) -> Observed {
        let value = |s| Value::Time(Timestamp::unix(s));
        Observed {
            path: path.iter().map(|s| s.to_string()).collect(),
            field: Some(name.into()),
            kind: ObservedKind::Field {
                kind: FieldKind::Time(TimeRole::EntryModified),
                scope,
                left: Some(value(left)),
                right: Some(value(right)),
            },
            left: None,
            right: None,
            location: None,
            seq: 0,
        }
    }

    fn learn(all: &[Observed], known: &KnownValues) -> Profiles {
        Profiles::learn(all, known, &PrefixPairs::default(), &Generators::new())
    }

    #[test]
    fn clocks_come_from_headers_and_generated_members_only() {
        let all = [
            time_field(&["a.tar.gz"], "gzip.mtime", Scope::Artifact, 1_000, 2_000),
            time_field(
                &["w.whl", "p-1.dist-info/RECORD"],
                "zip.mtime",
                Scope::Record,
                1_010,
                2_010,
            ),
            time_field(
                &["s.tar", "p/settings.py"],
                "tar.mtime",
                Scope::Record,
                5,
                6,
            ),
        ];
        let profiles = learn(&all, &KnownValues::default());
        let seconds: Vec<i64> = profiles.left.clock.iter().map(|r| r.seconds).collect();
        assert_eq!(seconds, [1_000, 1_010], "a source file's time is no clock");
        assert_eq!(profiles.shifts, [1_000]);
    }

    #[test]
    fn a_time_is_witnessed_near_its_own_clock_or_by_the_same_shift() {
        let day = 86_400;
        let all = [time_field(
            &["a.tar.gz"],
            "gzip.mtime",
            Scope::Artifact,
            100 * day,
            200 * day,
        )];
        let profiles = learn(&all, &KnownValues::default());
        assert!(profiles
            .witness_times(100 * day + 60, 200 * day + 60, 1, false)
            .is_some());
        // Dates alone: the day of each build.
        assert!(profiles
            .witness_times(100 * day, 200 * day, day, false)
            .is_some());
        // Far from both clocks, but moved by the clocks' shift.
        assert!(profiles
            .witness_times(10 * day, 110 * day, 1, false)
            .is_some());
        // A month apart, neither near a clock nor moved by their shift: a genuine edit.
        assert!(profiles
            .witness_times(10 * day, 41 * day, day, false)
            .is_none());
        let _ = TimeEncoding::Dos;
    }

    #[test]
    fn declared_values_and_owners_are_believed() {
        let mut known = KnownValues::default();
        known
            .left
            .insert("SOURCE_DATE_EPOCH".into(), "1700000000".into());
        known.left.insert("USER".into(), "alice".into());
        known.right.insert("HOSTNAME".into(), "beta".into());
        let owner = Observed {
            path: vec!["a.tar".into(), "x".into()],
            field: Some("tar.uname".into()),
            kind: ObservedKind::Field {
                kind: FieldKind::Owner,
                scope: Scope::Record,
                left: Some(Value::Str("root".into())),
                right: Some(Value::Str("builder".into())),
            },
            left: None,
            right: None,
            location: None,
            seq: 0,
        };
        let profiles = learn(&[owner], &known);
        assert_eq!(profiles.left.clock[0].seconds, 1_700_000_000);
        let users: Vec<&str> = profiles
            .left
            .users
            .iter()
            .map(|b| b.value.as_str())
            .collect();
        assert_eq!(users, ["alice", "root"]);
        assert_eq!(profiles.right.hosts[0].value, "beta");
        assert_eq!(profiles.right.users[0].value, "builder");
    }
}
