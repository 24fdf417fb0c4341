//! Times in changed text: a run is explained as a timestamp when both sides are entirely times
//! written the same way — the same number encoding (Unix seconds, milliseconds…, tar octal,
//! FILETIME) or the same rendered shape (ISO 8601, RFC 2822, ctime, date(1), `__DATE__`…) — and
//! they differ. The cause follows from how they differ: the same instant in two zones, or a
//! quarter-hour multiple with two zone markers, is [`Cause::TimeZone`]; one side normalized
//! (SOURCE_DATE_EPOCH, 1980-01-01, 0) and the other not is [`Cause::NormalizedTime`]; anything
//! else is the build clock, [`Cause::BuildTime`].
//!
//! Guards against over-explaining: every word of the run must be part of the time (`Jan 5 alice`
//! is not a date), decimal numbers count only in the digit count of their unit and inside the
//! window 1980 – ten years from now (a counter is not a time), a bare year, day number or month
//! name counts only when the date words beside it in its line make a whole date, in every
//! difference the run occurs in (module `surroundings`), and eight or sixteen hex digits (bytes
//! of a binary) are claimed only when one side is exactly its build's declared SOURCE_DATE_EPOCH.
//!
//! A bare number (`1700000000` → `1700000001`) is claimed only where its line names a time
//! (`BUILD_TIME = …`, `"created": …`, module `label`) or it is a declared SOURCE_DATE_EPOCH: a
//! ten-digit constant changed in code (`TIMEOUT = 1700000000`) is a genuine change.

pub(super) mod calendar;
mod label;
mod normalized;
mod numbers;
mod rendered;
mod surroundings;

pub use normalized::{normalization, DeclaredEpochs, Moment, Normalization, NormalizedPair};

use numbers::{read_number, NumberEncoding};
pub(super) use rendered::zone_word;
use rendered::{is_date_word, read_rendered, Fields, Piece, Rendered, Zone};

use super::field_kind::human_duration;
use crate::classify::evidence;
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Cause, Context, Verdict};

/// Explains runs that are the same kind of time on both sides.
pub struct TimestampTokenRule;

impl TokenRule for TimestampTokenRule {
    fn name(&self) -> &'static str {
        "timestamp-token"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        let declared = DeclaredEpochs::of(context.known);
        let (left, right) = without_common_frame(change.left, change.right);
        let alone = same_kind_of_time(left, right, declared).filter(|(l, r)| {
            !matches!(l.shape, Shape::Number(_))
                || is_a_declared_epoch(l, r, declared)
                || label::labelled_as_time(change)
        });
        if let Some((l, r)) = &alone {
            if matches!(l.when, When::Instant(_)) {
                let verdict = judge(l, r, declared);
                return Some(corroborate(
                    change,
                    context,
                    declared,
                    Some((l, r)),
                    verdict,
                ));
            }
        }
        // Part of a date (`Tue`, `14 22:13:20`), or date words too weak alone (a bare year): read
        // with the date words beside them, where that makes a whole date.
        let date_words = |run: &str| run.split_whitespace().all(is_date_word);
        if alone.is_some() || (date_words(left) && date_words(right)) {
            if let Some((verdict, l, r)) = as_part_of_a_date(change, context, declared) {
                return Some(corroborate(
                    change,
                    context,
                    declared,
                    Some((&l, &r)),
                    verdict,
                ));
            }
        }
        alone.map(|(l, r)| {
            let verdict = judge(&l, &r, declared);
            corroborate(change, context, declared, None, verdict)
        })
    }
}

/// The verdict on a run read together with the date words around it, when in every place the
/// run occurs that makes a whole date on both sides, and every place gives the same cause; with
/// the readings of the first place.
fn as_part_of_a_date(
    change: TokenChange<'_>,
    context: &Context<'_>,
    declared: DeclaredEpochs,
) -> Option<(Verdict, Reading, Reading)> {
    let places = surroundings::places(
        change.left,
        change.right,
        change.neighbourhood(context),
        change.source.is_some(),
    )?;
    let verdicts = places
        .iter()
        .map(|place| {
            place.widenings().into_iter().find_map(|(left, right)| {
                let (left, right) = without_common_frame(&left, &right);
                let (l, r) = same_kind_of_time(left, right, declared)?;
                matches!(l.when, When::Instant(_)).then(|| (judge(&l, &r, declared), l, r))
            })
        })
        .collect::<Option<Vec<(Verdict, Reading, Reading)>>>()?;
    let first = verdicts.first()?;
    verdicts
        .iter()
        .all(|(v, _, _)| v.cause == first.0.cause)
        .then(|| first.clone())
}

/// The verdict kept only when something beyond the shape shows the build wrote the time: a side
/// that is its build's declared SOURCE_DATE_EPOCH, a witness in the builds' clock readings, or
/// the generated member or producing label the run stands in. Otherwise the time only looks like
/// one the build recorded (a release date edited in a source file looks the same). Both builds
/// declaring the same SOURCE_DATE_EPOCH is evidence against a build clock: then only a witness
/// or a member the build generated (whose tool ignored the epoch) still counts.
fn corroborate(
    change: TokenChange<'_>,
    context: &Context<'_>,
    declared: DeclaredEpochs,
    readings: Option<(&Reading, &Reading)>,
    verdict: Verdict,
) -> Verdict {
    let with = |verdict: Verdict, why: &str| Verdict {
        evidence: format!("{}; {why}", verdict.evidence),
        ..verdict
    };
    if let Some((l, r)) = readings {
        if is_a_declared_epoch(l, r, declared) {
            return verdict;
        }
        if let (Some(lm), Some(rm)) = (l.utc().or(l.instant()), r.utc().or(r.instant())) {
            let zoneless = l.is_zoneless() || r.is_zoneless();
            let precision = lm.precision.max(rm.precision);
            if let Some(witness) = context
                .profiles
                .witness_times(lm.seconds, rm.seconds, precision, zoneless)
            {
                return with(verdict, &witness);
            }
        }
    }
    evidence::settle(verdict, change, context)
}

/// One way to read a run as a time.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    /// How it is written; both sides must agree.
    shape: Shape,
    /// The shape in a plural phrase, for the evidence.
    what: &'static str,
    /// What it says.
    when: When,
    /// Its zone marker.
    zone: Option<Zone>,
    /// Whether the number has its encoding's usual digit count (always true for words).
    canonical: bool,
    /// Whether it is believed only when it is a declared SOURCE_DATE_EPOCH (hex bytes).
    declared_only: bool,
}

/// How a time is written.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Number(NumberEncoding),
    Rendered(Vec<Piece>),
}

/// What a reading says about the time.
#[derive(Debug, Clone, PartialEq)]
enum When {
    /// A whole date: the wall clock (UTC for numbers) read as UTC.
    Instant(Moment),
    /// A time of day alone.
    TimeOfDay { seconds: i64, nanos: u32 },
    /// Date parts that fix no instant.
    Parts(Fields),
}

impl Reading {
    /// The instant in UTC, when the zone's offset is known (or there is no zone).
    fn utc(&self) -> Option<Moment> {
        let When::Instant(wall) = self.when else {
            return None;
        };
        let offset = match &self.zone {
            None => 0,
            Some(zone) => zone.offset?,
        };
        Some(Moment {
            seconds: wall.seconds - offset,
            ..wall
        })
    }

    /// The wall clock as an instant, when the reading is a whole date.
    fn instant(&self) -> Option<Moment> {
        match self.when {
            When::Instant(wall) => Some(wall),
            _ => None,
        }
    }

    /// Whether the reading is a wall clock written without a zone (a number is UTC).
    fn is_zoneless(&self) -> bool {
        self.zone.is_none() && matches!(self.shape, Shape::Rendered(_))
    }

    /// The wall clock in seconds (of the day, for a time of day) and nanoseconds.
    fn wall(&self) -> Option<(i64, u32)> {
        match self.when {
            When::Instant(wall) => Some((wall.seconds, wall.nanos)),
            When::TimeOfDay { seconds, nanos } => Some((seconds, nanos)),
            When::Parts(_) => None,
        }
    }
}

/// Every reading of one side of a run.
fn readings(text: &str) -> Vec<Reading> {
    let mut found = Vec::new();
    if !text.contains(char::is_whitespace) {
        found.extend(read_number(text).into_iter().map(|number| Reading {
            shape: Shape::Number(number.encoding),
            what: number.encoding.describe(),
            when: When::Instant(Moment {
                seconds: number.seconds,
                nanos: number.nanos,
                precision: number.encoding.precision(),
            }),
            zone: None,
            canonical: number.canonical,
            declared_only: matches!(number.encoding, NumberEncoding::Hex(_)),
        }));
    }
    if let Some(reading) = read_rendered(text) {
        let what = rendered::describe(&reading.shape, &reading.rendered);
        let when = match reading.rendered {
            Rendered::Date {
                wall_seconds,
                nanos,
                precision,
            } => When::Instant(Moment {
                seconds: wall_seconds,
                nanos,
                precision,
            }),
            Rendered::TimeOfDay { seconds, nanos } => When::TimeOfDay { seconds, nanos },
            Rendered::Parts(fields) => When::Parts(fields),
        };
        found.push(Reading {
            shape: Shape::Rendered(reading.shape),
            what,
            when,
            zone: reading.zone,
            canonical: true,
            declared_only: false,
        });
    }
    found
}

/// Whether a reading could be a time this build recorded: inside the window in its usual shape,
/// or a normalization value (0, 1980-01-01, the declared epoch) in any shape.
fn is_plausible(reading: &Reading, declared: Option<i64>) -> bool {
    let When::Instant(wall) = reading.when else {
        return true;
    };
    let moment = reading.utc().unwrap_or(wall);
    normalization(moment, declared).is_some()
        || (reading.canonical && calendar::is_plausible(moment.seconds))
}

/// The first pair of readings, one a side, that are the same kind of time and differ.
fn same_kind_of_time(
    left: &str,
    right: &str,
    declared: DeclaredEpochs,
) -> Option<(Reading, Reading)> {
    let rights = readings(right);
    readings(left)
        .into_iter()
        .filter(|l| is_plausible(l, declared.left))
        .find_map(|l| {
            let r = rights.iter().find(|r| {
                r.shape == l.shape
                    && is_plausible(r, declared.right)
                    && differ(&l, r)
                    && (!l.declared_only || is_a_declared_epoch(&l, r, declared))
            })?;
            Some((l, r.clone()))
        })
}

/// Whether two readings of the same shape say different times (a zone spelled another way with
/// the same offset, `Z` for `+00:00`, is not a different time).
fn differ(left: &Reading, right: &Reading) -> bool {
    let zones_differ = match (&left.zone, &right.zone) {
        (Some(l), Some(r)) => match (l.offset, r.offset) {
            (Some(a), Some(b)) => a != b,
            _ => l.text != r.text,
        },
        (l, r) => l.is_some() != r.is_some(),
    };
    let values_differ = match (&left.when, &right.when) {
        (When::Parts(l), When::Parts(r)) => !l.same_apart_from_zone(r),
        _ => left.wall() != right.wall(),
    };
    zones_differ || values_differ
}

fn is_a_declared_epoch(left: &Reading, right: &Reading, declared: DeclaredEpochs) -> bool {
    match (left.utc(), right.utc()) {
        (Some(l), Some(r)) => NormalizedPair::of(l, r, declared).matches_a_declared_epoch(),
        _ => false,
    }
}

/// The cause and evidence for two differing readings of the same shape.
fn judge(left: &Reading, right: &Reading, declared: DeclaredEpochs) -> Verdict {
    let normalized = match (left.utc(), right.utc()) {
        (Some(l), Some(r)) => Some(NormalizedPair::of(l, r, declared)),
        _ => None,
    };
    let note = normalized.and_then(|n| n.note());
    let with_note = |evidence: String| match &note {
        Some(note) => format!("{evidence}; {note}"),
        None => evidence,
    };
    if let Some(zones) = time_zone_evidence(left, right) {
        return Verdict::new(Cause::TimeZone, with_note(zones));
    }
    let what = left.what;
    let evidence = match distance(left, right) {
        Some(apart) => format!("both sides are {what} {apart} apart"),
        None => format!("both sides are {what}"),
    };
    let cause = if normalized.is_some_and(|n| n.is_normalized_time()) {
        Cause::NormalizedTime
    } else {
        Cause::BuildTime
    };
    Verdict::new(cause, with_note(evidence))
}

/// How far apart the two sides are, in words: by the clock when both instants are known, by
/// the wall clock otherwise; `None` for date parts.
fn distance(left: &Reading, right: &Reading) -> Option<String> {
    let (l, r) = match (left.utc(), right.utc()) {
        (Some(l), Some(r)) => ((l.seconds, l.nanos), (r.seconds, r.nanos)),
        _ => (left.wall()?, right.wall()?),
    };
    Some(if l.0 == r.0 {
        "less than a second".to_owned()
    } else {
        human_duration(l.0.abs_diff(r.0)).to_string()
    })
}

/// Why the difference is a time zone, if it is one: the same instant written with two offsets,
/// a wall-clock difference of whole quarter hours (at most 26 hours) with two zone markers, or
/// a run that is nothing but two zone markers.
fn time_zone_evidence(left: &Reading, right: &Reading) -> Option<String> {
    const QUARTER_HOUR: u64 = 900;
    const LARGEST_ZONE_GAP: u64 = 26 * 3600;
    let (lz, rz) = (left.zone.as_ref()?, right.zone.as_ref()?);
    if lz.text == rz.text {
        return None;
    }
    let zones = format!("{} and {}", lz.text, rz.text);
    let what = left.what;
    if let (Some(l), Some(r)) = (left.utc(), right.utc()) {
        if l == r {
            return Some(format!(
                "both sides are {what} of the same instant, written in zones {zones}"
            ));
        }
    }
    if matches!(left.when, When::Parts(_)) {
        let only_zones = left.shape == Shape::Rendered(vec![Piece::Zone]);
        return only_zones.then(|| format!("both sides are zone markers: {zones}"));
    }
    let ((l, l_nanos), (r, r_nanos)) = (left.wall()?, right.wall()?);
    let gap = l.abs_diff(r);
    let whole_quarters = l_nanos == r_nanos && gap % QUARTER_HOUR == 0;
    (gap > 0 && whole_quarters && gap <= LARGEST_ZONE_GAP).then(|| {
        format!(
            "both sides are {what} {} apart on the wall clock, a whole number of quarter hours, \
             in zones {zones}",
            human_duration(gap)
        )
    })
}

/// Strips what frames the time identically on both sides — a `KEY=` assignment, a comment
/// marker glued to the time (`#Fri Jan 01 00:00:00 UTC 2021`, as `java.util.Properties.store`
/// writes it; `//`, `;`, `--`, `<!--`), quotes, brackets, a trailing comma, semicolon or period
/// — and returns the two cores. When the frames differ, the runs are returned whole.
pub(super) fn without_common_frame<'a>(left: &'a str, right: &'a str) -> (&'a str, &'a str) {
    let (left_core, right_core) = (core_range(left), core_range(right));
    let frame =
        |text: &'a str, core: &std::ops::Range<usize>| (&text[..core.start], &text[core.end..]);
    if frame(left, &left_core) == frame(right, &right_core) {
        (&left[left_core], &right[right_core])
    } else {
        (left, right)
    }
}

/// The byte range of `text` inside its frame.
fn core_range(text: &str) -> std::ops::Range<usize> {
    const OPENING: &[char] = &['"', '\'', '(', '[', '{', '<', '@', '`'];
    const CLOSING: &[char] = &['"', '\'', ')', ']', '}', '>', ',', ';', '.', '`'];
    let assignment = text
        .split_once('=')
        .filter(|(key, _)| is_identifier(key))
        .map_or(0, |(key, _)| key.len() + 1);
    let after_key = &text[assignment..];
    let (after_marker, closer) = COMMENT_MARKERS
        .iter()
        .find_map(|&(opening, closing)| after_key.strip_prefix(opening).map(|rest| (rest, closing)))
        .unwrap_or((after_key, ""));
    let start = text.len() - after_marker.trim_start_matches(OPENING).len();
    let mut body = &text[start..];
    if !closer.is_empty() {
        body = body.strip_suffix(closer).unwrap_or(body);
    }
    start..start + body.trim_end_matches(CLOSING).len()
}

/// Comment markers a tool may glue to a time it writes, most specific first, each with the
/// marker that closes its comment (none for a line comment).
const COMMENT_MARKERS: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("/*", "*/"),
    ("//", ""),
    ("--", ""),
    ("#", ""),
    (";", ""),
];

fn is_identifier(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::KnownValues;

    /// The verdict on a run found on a line that names a time (`build_time = RUN`), so that
    /// the tests of each encoding hold for bare numbers too.
    fn explain_with(known: &KnownValues, left: &str, right: &str) -> Option<Verdict> {
        let context = Context::new(&[], known);
        let line = |run: &str| format!("build_time = {run}\n");
        let source = crate::difference::Observed::content(
            vec!["buildinfo.txt".into()],
            crate::difference::ObservedKind::TextHunk {
                changes: vec![(left.into(), right.into())],
            },
            Some(line(left)),
            Some(line(right)),
        );
        let change = TokenChange {
            left,
            right,
            source: Some(&source),
        };
        TimestampTokenRule.explain(change, &context)
    }

    fn explain(left: &str, right: &str) -> Option<Verdict> {
        explain_with(&KnownValues::default(), left, right)
    }

    fn cause(left: &str, right: &str) -> Option<Cause> {
        explain(left, right).map(|v| v.cause)
    }

    /// What the helpers' build-info file adds to every verdict's evidence.
    const PRODUCED: &str =
        "; written by the build: buildinfo.txt is named for the build it records";

    /// A verdict's evidence about the time's shape, without the evidence (asserted present)
    /// that the helpers' file was written by the build.
    fn shape_evidence(verdict: Verdict) -> String {
        assert!(verdict.is_proven(), "{verdict:?}");
        match verdict.evidence.strip_suffix(PRODUCED) {
            Some(shape) => shape.to_owned(),
            None => panic!("{} lacks {PRODUCED}", verdict.evidence),
        }
    }

    fn epochs(left: &str, right: &str) -> KnownValues {
        let mut known = KnownValues::default();
        for (values, value) in [(&mut known.left, left), (&mut known.right, right)] {
            if !value.is_empty() {
                values.insert("SOURCE_DATE_EPOCH".into(), value.into());
            }
        }
        known
    }

    #[test]
    fn build_clocks_in_every_encoding() {
        for (left, right) in [
            ("1609459200", "1686832496"),
            ("1609459200000", "1686832496000"),
            ("1609459200000000", "1686832496000000"),
            ("1609459200000000000", "1686832496000000000"),
            ("1609459200.25", "1686832496.5"),
            ("13775737400", "14443421560"),
            ("132539328000000000", "133313060960000000"),
            ("20210101000000", "20230615123456"),
            ("20210101000000Z", "20230615123456Z"),
            ("2021-01-01", "2023-06-15"),
            ("2021-01-01T00:00:00", "2023-06-15T12:34:56"),
            ("2021-01-01T00:00:00.123456Z", "2023-06-15T12:34:56.5Z"),
            ("2021-01-01 00:00", "2023-06-15 12:34"),
            (
                "Fri, 01 Jan 2021 00:00:00 +0000",
                "Thu, 15 Jun 2023 12:34:56 +0000",
            ),
            ("Fri Jan  1 00:00:00 2021", "Thu Jun 15 12:34:56 2023"),
            (
                "Fri Jan  1 00:00:00 UTC 2021",
                "Thu Jun 15 12:34:56 UTC 2023",
            ),
            ("Jan  1 2021", "Jun 15 2023"),
            ("Jan 5 2015", "Feb 6 2016"),
            ("00:00:00", "12:34:56"),
            ("14 22:13:20", "15 01:02:03"),
            ("Tue", "Wed"),
            ("Nov 14 22:13", "Jun 15 12:34"),
            ("\"2021-01-01T00:00:00Z\",", "\"2023-06-15T12:34:56Z\","),
            ("BUILD_DATE=2021-01-01", "BUILD_DATE=2023-06-15"),
            ("(Fri Jan  1 00:00:00 2021)", "(Thu Jun 15 12:34:56 2023)"),
            (
                "#Fri Jan 01 00:00:00 UTC 2021",
                "#Thu Jun 15 12:34:56 UTC 2023",
            ),
            ("//2021-01-01", "//2023-06-15"),
            ("--2021-01-01T00:00:00Z", "--2023-06-15T12:34:56Z"),
            (";2021-01-01 00:00", ";2023-06-15 12:34"),
            ("<!--2021-01-01-->", "<!--2023-06-15-->"),
            ("/*Jan  1 2021*/", "/*Jun 15 2023*/"),
        ] {
            assert_eq!(
                cause(left, right),
                Some(Cause::BuildTime),
                "{left} → {right}"
            );
        }
    }

    #[test]
    fn evidence_names_the_encoding_and_the_distance() {
        let evidence = |l, r| shape_evidence(explain(l, r).unwrap());
        assert_eq!(
            evidence("2021-01-01T00:00:00", "2023-06-15T12:34:56"),
            "both sides are ISO 8601 date-times 2 years apart"
        );
        assert_eq!(
            evidence("1609459200", "1686832496"),
            "both sides are Unix times in seconds 2 years apart"
        );
        assert_eq!(
            evidence("Tue Nov 14 22:13:20 2023", "Tue Nov 14 22:15:20 2023"),
            "both sides are ctime date-times 2 minutes apart"
        );
        assert_eq!(
            evidence("Nov 14 2023", "Nov 15 2023"),
            "both sides are C __DATE__ dates 1 day apart"
        );
        assert_eq!(
            evidence("22:13:20", "22:13:21"),
            "both sides are times of day 1 second apart"
        );
        assert_eq!(evidence("Tue", "Wed"), "both sides are weekday names");
        assert_eq!(
            evidence("2015062419255500", "2015062419262400"),
            "both sides are compact date-times (YYYYMMDDhhmmss) 29 seconds apart"
        );
        assert_eq!(
            evidence("1700000000.1", "1700000000.2"),
            "both sides are Unix times in fractional seconds less than a second apart"
        );
    }

    #[test]
    fn a_bare_number_is_a_time_only_where_its_line_names_one() {
        assert_eq!(
            cause("1700000000", "1700000001"),
            Some(Cause::BuildTime),
            "after build_time ="
        );
        let known = KnownValues::default();
        let context = Context::new(&[], &known);
        let constant = |before: &str| {
            let source = crate::difference::Observed::content(
                vec!["settings.py".into()],
                crate::difference::ObservedKind::TextHunk { changes: vec![] },
                Some(format!("{before}1700000000\n")),
                Some(format!("{before}1700000001\n")),
            );
            let change = TokenChange {
                left: "1700000000",
                right: "1700000001",
                source: Some(&source),
            };
            TimestampTokenRule.explain(change, &context)
        };
        assert!(
            constant("TIMEOUT = ").is_none(),
            "a constant changed in code"
        );
        assert!(constant("x = ").is_none());
        assert!(constant("created_at = ").is_some());
        let alone =
            TimestampTokenRule.explain(TokenChange::new("1700000000", "1700000001"), &context);
        assert!(alone.is_none(), "no line to read");
    }

    #[test]
    fn time_zones() {
        let verdict = explain("2023-11-14T22:13:20+00:00", "2023-11-14T23:13:20+01:00").unwrap();
        assert_eq!(verdict.cause, Cause::TimeZone);
        assert_eq!(
            shape_evidence(verdict),
            "both sides are ISO 8601 date-times of the same instant, written in zones +00:00 and \
             +01:00"
        );
        assert_eq!(
            cause(
                "Tue, 14 Nov 2023 22:13:20 +0000",
                "Tue, 14 Nov 2023 17:13:20 -0500"
            ),
            Some(Cause::TimeZone)
        );
        let verdict = explain(
            "Tue Nov 14 22:13:20 UTC 2023",
            "Tue Nov 14 23:13:20 CET 2023",
        )
        .unwrap();
        assert_eq!(verdict.cause, Cause::TimeZone);
        assert!(
            verdict.evidence.contains("1 hour apart on the wall clock"),
            "{verdict:?}"
        );
        assert_eq!(
            cause("22:13:20 UTC", "03:43:20 IST"),
            None,
            "IST is no zone here"
        );
        assert_eq!(cause("22:13:20 UTC", "03:43:20 JST"), Some(Cause::TimeZone));
        assert_eq!(cause("+0000", "+0100"), Some(Cause::TimeZone));
        assert_eq!(cause("UTC", "CET"), Some(Cause::TimeZone));
        // Two zone markers but not a quarter-hour gap: two build clocks.
        assert_eq!(
            cause(
                "Tue Nov 14 22:13:20 UTC 2023",
                "Tue Nov 14 23:14:07 CET 2023"
            ),
            Some(Cause::BuildTime)
        );
        // A whole hour without zone markers is a build clock too.
        assert_eq!(cause("22:13:20", "23:13:20"), Some(Cause::BuildTime));
        // The same instant and offset spelled two ways is no time difference.
        assert_eq!(
            cause("2023-11-14T22:13:20Z", "2023-11-14T22:13:20+00:00"),
            None
        );
        assert_eq!(cause("UTC", "GMT"), None);
    }

    #[test]
    fn normalized_times() {
        for (left, right) in [
            ("0", "1686832496"),
            ("1686832496", "315532800"),
            ("1970-01-01T00:00:00Z", "2023-06-15T12:34:56Z"),
            ("1980-01-01 00:00:00", "2023-06-15 12:34:56"),
            ("Thu Jan  1 00:00:00 1970", "Thu Jun 15 12:34:56 2023"),
        ] {
            assert_eq!(
                cause(left, right),
                Some(Cause::NormalizedTime),
                "{left} → {right}"
            );
        }
        assert_eq!(
            shape_evidence(explain("0", "1686832496").unwrap()),
            "both sides are Unix times in seconds 53 years apart; the left side is the Unix \
             epoch 0 and the right is not"
        );
        assert_eq!(
            cause("0", "1"),
            None,
            "1970-01-01T00:00:01 is no build clock"
        );
    }

    #[test]
    fn a_declared_source_date_epoch_is_the_strongest_evidence() {
        let known = epochs("1609459200", "");
        let verdict = explain_with(&known, "2021-01-01T00:00:00Z", "2023-06-15T12:34:56Z").unwrap();
        assert_eq!(verdict.cause, Cause::NormalizedTime);
        assert_eq!(
            verdict.evidence,
            "both sides are ISO 8601 date-times 2 years apart; the left side is its build's \
             declared SOURCE_DATE_EPOCH (1609459200, 2021-01-01T00:00:00Z) and the right is not"
        );
        let known = epochs("1609459200", "1686832496");
        let verdict = explain_with(&known, "Jan  1 2021", "Jun 15 2023").unwrap();
        assert_eq!(verdict.cause, Cause::BuildTime);
        assert!(verdict
            .evidence
            .ends_with("each side is its build's declared SOURCE_DATE_EPOCH"));
        // A nine-digit declared epoch is a time although nine digits are no unit.
        let known = epochs("999999999", "");
        assert_eq!(
            explain_with(&known, "999999999", "1686832496").map(|v| v.cause),
            Some(Cause::NormalizedTime)
        );
    }

    #[test]
    fn hex_bytes_only_with_a_declared_epoch() {
        // 1609459200 and 1686832496 as little-endian 32-bit values (a pyc header, a PE stamp).
        assert_eq!(cause("0066ee5f", "70058b64"), None);
        let known = epochs("1609459200", "1686832496");
        let verdict = explain_with(&known, "0066ee5f", "70058b64").unwrap();
        assert_eq!(verdict.cause, Cause::BuildTime);
        assert_eq!(
            verdict.evidence,
            "both sides are 32-bit little-endian Unix times 2 years apart; each side is its \
             build's declared SOURCE_DATE_EPOCH"
        );
        let known = epochs("1609459200", "");
        assert_eq!(
            explain_with(&known, "0066ee5f00000000", "70058b6400000000").map(|v| v.cause),
            Some(Cause::NormalizedTime)
        );
        // The epoch declared, but neither side is it.
        let known = epochs("1500000000", "1500000001");
        assert_eq!(explain_with(&known, "0066ee5f", "70058b64"), None);
        // A zip's DOS date-time of 2021-01-01 00:00:00 with the epoch declared.
        let known = epochs("1609459200", "");
        assert!(explain_with(&known, "00002152", "5c64cf56").is_some());
    }

    fn hunk(left: &str, right: &str) -> crate::difference::Observed {
        use crate::difference::{Observed, ObservedKind};
        Observed::content(
            vec!["f.txt".into()],
            ObservedKind::TextHunk {
                changes: crate::engine::word_changes(left, right),
            },
            Some(left.into()),
            Some(right.into()),
        )
    }

    /// The verdicts on every run of one changed line of `f.txt`, judged in its line.
    fn explain_line(left: &str, right: &str) -> Vec<Option<Verdict>> {
        let all = [hunk(left, right)];
        crate::classify::tokens::testing::verdicts_in(
            &TimestampTokenRule,
            &all,
            0,
            &KnownValues::default(),
        )
    }

    #[test]
    fn a_bare_year_next_to_a_date_is_part_of_it() {
        let verdicts = explain_line(
            "Built: Fri Jan  1 00:00:00 UTC 2021\n",
            "Built: Thu Jun 15 12:34:56 UTC 2023\n",
        );
        assert_eq!(verdicts.len(), 2);
        for verdict in &verdicts {
            let verdict = verdict.as_ref().unwrap();
            assert_eq!(verdict.cause, Cause::BuildTime);
            assert!(verdict.is_proven(), "the line says Built");
            assert_eq!(
                verdict.evidence,
                "both sides are date(1) date-times 2 years apart; written by the build: the \
                 word \"built\" before it names the producing step"
            );
        }
        let only_the_year = explain_line(
            "#define DATE \"Nov 14 2023\"\n",
            "#define DATE \"Nov 14 2024\"\n",
        );
        let verdict = only_the_year[0].as_ref().unwrap();
        assert!(!verdict.is_proven(), "nothing says the build wrote it");
        assert!(verdict
            .evidence
            .starts_with("both sides are C __DATE__ dates 1 year apart; "));
    }

    /// The verdicts on every run of one changed line of the member `path`, judged in its line.
    fn explain_line_in(path: &str, left: &str, right: &str) -> Vec<Option<Verdict>> {
        let known = KnownValues::default();
        let all = [crate::classify::tokens::testing::hunk(path, left, right)];
        let context = Context::new(&all, &known);
        crate::engine::word_changes(left, right)
            .iter()
            .map(|(l, r)| {
                let change = TokenChange {
                    left: l,
                    right: r,
                    source: Some(&all[0]),
                };
                TimestampTokenRule.explain(change, &context)
            })
            .collect()
    }

    #[test]
    fn a_date_glued_to_a_comment_marker_is_read() {
        // java.util.Properties.store's comment line, in a pom.properties the build wrote.
        let pom = "app.jar/META-INF/maven/g/a/pom.properties";
        let verdicts = explain_line_in(
            pom,
            "#Fri Jan 01 00:00:00 UTC 2021\nversion=1.0\n",
            "#Thu Jun 15 12:34:56 UTC 2023\nversion=1.0\n",
        );
        assert_eq!(verdicts.len(), 2, "{verdicts:?}");
        for verdict in &verdicts {
            let verdict = verdict.as_ref().expect("read as a time");
            assert_eq!(verdict.cause, Cause::BuildTime);
            assert!(verdict.is_proven(), "{verdict:?}");
        }
        // The same comment in a file a person may have written: only its shape.
        let verdicts = explain_line_in(
            "notes.properties",
            "#Fri Jan 01 00:00:00 UTC 2021\n",
            "#Thu Jun 15 12:34:56 UTC 2023\n",
        );
        assert!(verdicts.iter().all(|v| !v.as_ref().unwrap().is_proven()));
        // A genuine change beside the date is no time.
        let verdicts = explain_line_in(
            pom,
            "#Fri Jan 01 00:00:00 UTC 2021 by alice\n",
            "#Thu Jun 15 12:34:56 UTC 2023 by bob\n",
        );
        assert!(verdicts.contains(&None), "{verdicts:?}");
        // Numbers after a comment marker are not dates.
        assert_eq!(explain_line_in(pom, "#41\n", "#42\n"), [None]);
        assert_eq!(explain_line_in(pom, "//2015\n", "//2016\n"), [None]);
    }

    #[test]
    fn a_weekday_is_judged_as_the_date_it_belongs_to() {
        let verdicts = explain_line(
            "Generated on Tue Nov 14 22:13:20 2023\n",
            "Generated on Wed Nov 15 01:02:03 2023\n",
        );
        assert_eq!(verdicts.len(), 2);
        for verdict in &verdicts {
            assert_eq!(
                verdict.as_ref().unwrap().evidence,
                "both sides are ctime date-times 2 hours apart; written by the build: the word \
                 \"generated\" before it names the producing step"
            );
        }
        let zones = explain_line(
            "Date: Tue, 14 Nov 2023 22:13:20 +0000\n",
            "Date: Tue, 14 Nov 2023 23:13:20 +0100\n",
        );
        let verdict = zones[0].as_ref().unwrap();
        assert_eq!(verdict.cause, Cause::TimeZone);
        assert!(
            !verdict.is_proven(),
            "a Date: line of a file a person may write"
        );
        assert!(verdict.evidence.starts_with(
            "both sides are RFC 2822 date-times of the same instant, written in zones +0000 and \
             +0100; "
        ));
    }

    #[test]
    fn a_bare_year_without_a_date_beside_it_is_not_a_time() {
        for (left, right) in [
            ("x = 2021\n", "x = 2023\n"),
            ("Copyright 2015 Example\n", "Copyright 2016 Example\n"),
            ("version 1.2 2015\n", "version 1.2 2016\n"),
            ("Jan 5 2015 alice 7\n", "Jan 5 2015 alice 8\n"),
            ("return 5;\n", "return 6;\n"),
        ] {
            assert_eq!(explain_line(left, right), [None], "{left} → {right}");
        }
        // The same run next to a date in one file and not in another: not claimed anywhere.
        let known = KnownValues::default();
        let all = [
            hunk("Nov 14 2023\n", "Nov 14 2024\n"),
            hunk("x = 2023\n", "x = 2024\n"),
        ];
        let context = Context::new(&all, &known);
        let change = TokenChange::new("2023", "2024");
        assert_eq!(TimestampTokenRule.explain(change, &context), None);
    }

    #[test]
    fn genuine_changes_are_not_times() {
        for (left, right) in [
            ("return 41", "return 42"),
            ("41", "42"),
            ("1.2.3", "1.2.4"),
            ("version 1.2.3", "version 1.2.4"),
            ("17", "18"),
            ("x = 17", "x = 18"),
            ("2015", "2016"),
            ("5 2015", "6 2016"),
            ("May", "June"),
            ("123456789", "123456790"),
            ("9999999999", "9999999998"),
            ("1000000", "2000000"),
            ("12345678901234", "12345678901235"),
            ("98765432109876", "98765432109875"),
            ("2023-11-14", "fixed"),
            ("fixed bug", "fixed other bug"),
            ("", "2023-11-14"),
            ("2023-11-14", ""),
            ("built 2021-01-01 by alice", "built 2023-06-15 by bob"),
            ("2021-01-01 alice", "2023-06-15 bob"),
            ("Jan 5 alice", "Feb 6 bob"),
            ("1975-01-01", "1976-02-02"),
            ("2999-01-01", "2999-02-02"),
            ("hello.c:12:30:", "hello.c:13:30:"),
            ("3:16", "3:17"),
            ("1609459200", "2023-06-15T12:34:56Z"),
            ("1609459200", "1686832496000"),
            ("x=1609459200", "y=1686832496"),
            ("2023-11-14T22:13:20", "2023-11-14T22:13:20Z"),
            (
                "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "da39a3ee5e6b4b0d3255bfef95601890afd80708",
            ),
            (
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b856",
            ),
            ("deadbeef", "cafebabe"),
            ("CAT", "EAT"),
        ] {
            assert_eq!(explain(left, right), None, "{left} → {right}");
        }
    }
}
