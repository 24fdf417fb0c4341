//! Times written as words: ISO 8601 (`2023-11-14T22:13:20.5+01:00`, `2023-11-14 22:13`),
//! RFC 2822 (`Tue, 14 Nov 2023 22:13:20 +0000`), ctime (`Tue Nov 14 22:13:20 2023`), date(1)
//! (`Tue Nov 14 22:13:20 UTC 2023`), C `__DATE__`/`__TIME__` (`Nov 14 2023`, `22:13:20`), ls
//! (`Nov 14 22:13`), and the parts of them a word diff isolates (`14 22:13:20`, `Tue`).
//!
//! A run is read word by word into [`Piece`]s; its *shape* is the sequence of pieces, which both
//! sides of a change must share. Every word must be a piece: `Jan 5 alice` is no date.

use super::calendar::{
    civil_day, is_plausible_year, is_valid_date, month_named, weekday_named, weekday_of,
    SECONDS_PER_DAY,
};

/// One word, or one part of a word, of a rendered date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// `2023-11-14`.
    IsoDate,
    /// The `T` between an ISO date and its time.
    IsoT,
    /// `22:13:20`, `22:13:20.123`, or `22:13` (`seconds: false`).
    Time {
        /// Whether seconds are written.
        seconds: bool,
    },
    /// `AM` or `PM`.
    Meridiem,
    /// `Z`, `+0100`, `-05:00`, `UTC`, `CET`…
    Zone,
    /// `Tue`, `Tuesday`.
    Weekday,
    /// `Nov`, `November`.
    Month,
    /// A day of the month, 1–31.
    Day,
    /// A four-digit year.
    Year,
    /// A comma after a word (`Tue,`, `14,`).
    Comma,
}

/// A time zone as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The marker as written (`Z`, `+0100`, `CET`).
    pub text: String,
    /// Its offset east of UTC in seconds, when the marker says it (`CET` does not, reliably).
    pub offset: Option<i64>,
}

/// What a rendered run says about the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// A whole date, maybe with a time of day: the wall clock read as UTC.
    Date {
        /// Seconds since 1970 of the wall clock.
        wall_seconds: i64,
        /// Nanoseconds within the second.
        nanos: u32,
        /// Seconds of resolution: 1, 60 (no seconds written) or a day (a date alone).
        precision: i64,
    },
    /// A time of day without a date.
    TimeOfDay {
        /// Seconds since midnight.
        seconds: i64,
        /// Nanoseconds within the second.
        nanos: u32,
    },
    /// Date parts that fix no instant (`Tue`, `Nov 14 22:13` without a year).
    Parts(Fields),
}

/// A run read as a rendered date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedReading {
    /// The pieces in order: both sides of a change must have the same.
    pub shape: Vec<Piece>,
    /// What it says.
    pub rendered: Rendered,
    /// Its zone marker, if it has one.
    pub zone: Option<Zone>,
}

/// The date fields a run sets, each at most once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    year: Option<i64>,
    month: Option<u32>,
    day: Option<u32>,
    weekday: Option<u32>,
    iso_date: bool,
    time: Option<TimeOfDay>,
    pm: Option<bool>,
    zone: Option<Zone>,
}

impl Fields {
    /// Whether the two say the same date parts, whatever their zones.
    pub fn same_apart_from_zone(&self, other: &Fields) -> bool {
        Fields {
            zone: None,
            ..self.clone()
        } == Fields {
            zone: None,
            ..other.clone()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TimeOfDay {
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
}

/// Reads `run` as a rendered date or time, or `None` when some word is not part of one, when the
/// parts contradict each other (two years, a weekday that is not the date's), or when they are
/// too weak to be a date alone (a bare year, a bare number, a month name alone).
pub fn read_rendered(run: &str) -> Option<RenderedReading> {
    let mut shape = Vec::new();
    let mut fields = Fields::default();
    for word in run.split_whitespace() {
        let (word, comma) = match word.strip_suffix(',') {
            Some(stripped) => (stripped, true),
            None => (word, false),
        };
        read_word(word, &mut shape, &mut fields)?;
        if comma {
            shape.push(Piece::Comma);
        }
    }
    let rendered = assemble(&shape, &fields)?;
    if matches!(rendered, Rendered::Parts(_)) && fields.year.is_some_and(|y| !is_plausible_year(y))
    {
        return None;
    }
    Some(RenderedReading {
        shape,
        rendered,
        zone: fields.zone,
    })
}

/// Whether `word` could be part of a rendered date on its own terms (a year, a day number, a
/// month or weekday name, a time, a zone…), whatever the words around it.
pub fn is_date_word(word: &str) -> bool {
    let word = word.strip_suffix(',').unwrap_or(word);
    read_word(word, &mut Vec::new(), &mut Fields::default()).is_some()
}

/// Reads one word into pieces and fields.
fn read_word(word: &str, shape: &mut Vec<Piece>, fields: &mut Fields) -> Option<()> {
    if let Some(rest) = iso_date(word, shape, fields) {
        if rest.is_empty() {
            return Some(());
        }
        let time = rest.strip_prefix('T')?;
        shape.push(Piece::IsoT);
        return time_and_zone(time, shape, fields);
    }
    if word.contains(':') && word.starts_with(|c: char| c.is_ascii_digit()) {
        return time_and_zone(word, shape, fields);
    }
    if let Some(zone) = zone_word(word) {
        shape.push(Piece::Zone);
        return set(&mut fields.zone, zone);
    }
    if let Some(weekday) = weekday_named(word) {
        shape.push(Piece::Weekday);
        return set(&mut fields.weekday, weekday);
    }
    if let Some(month) = month_named(word) {
        shape.push(Piece::Month);
        return set(&mut fields.month, month);
    }
    if word == "AM" || word == "PM" {
        shape.push(Piece::Meridiem);
        return set(&mut fields.pm, word == "PM");
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return match word.len() {
            1 | 2 => {
                shape.push(Piece::Day);
                let day: u32 = word.parse().ok()?;
                (1..=31).contains(&day).then_some(())?;
                set(&mut fields.day, day)
            }
            4 => {
                shape.push(Piece::Year);
                set(&mut fields.year, word.parse().ok()?)
            }
            _ => None,
        };
    }
    None
}

/// Sets a field that must be set once.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    slot.is_none().then_some(())?;
    *slot = Some(value);
    Some(())
}

/// `YYYY-MM-DD` at the start of `word`: records it and returns the rest of the word.
fn iso_date<'w>(word: &'w str, shape: &mut Vec<Piece>, fields: &mut Fields) -> Option<&'w str> {
    let bytes = word.as_bytes();
    let shaped = bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && [0..4, 5..7, 8..10]
            .iter()
            .all(|r| bytes[r.clone()].iter().all(u8::is_ascii_digit));
    if !shaped {
        return None;
    }
    let year: i64 = word[0..4].parse().ok()?;
    let (month, day): (u32, u32) = (word[5..7].parse().ok()?, word[8..10].parse().ok()?);
    is_valid_date(year, month, day).then_some(())?;
    (fields.year.is_none() && fields.month.is_none() && fields.day.is_none()).then_some(())?;
    fields.year = Some(year);
    fields.month = Some(month);
    fields.day = Some(day);
    fields.iso_date = true;
    shape.push(Piece::IsoDate);
    Some(&word[10..])
}

/// `H:MM`, `HH:MM:SS`, `HH:MM:SS.fff` or `HH:MM:SS,fff`, then maybe a zone (`Z`, `+01:00`).
fn time_and_zone(text: &str, shape: &mut Vec<Piece>, fields: &mut Fields) -> Option<()> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let hour_len = digits(text);
    let hour: u32 = text[..hour_len].parse().ok()?;
    let rest = text[hour_len..].strip_prefix(':')?;
    (digits(rest) == 2).then_some(())?;
    let minute: u32 = rest[..2].parse().ok()?;
    let mut rest = &rest[2..];
    let (mut second, mut nanos, mut has_seconds) = (0, 0, false);
    if let Some(after) = rest.strip_prefix(':') {
        (digits(after) == 2).then_some(())?;
        second = after[..2].parse().ok()?;
        has_seconds = true;
        rest = &after[2..];
        if let Some(fraction) = rest.strip_prefix(['.', ',']) {
            let len = digits(fraction);
            (1..=9).contains(&len).then_some(())?;
            nanos = format!("{:0<9}", &fraction[..len]).parse().ok()?;
            rest = &fraction[len..];
        }
    }
    // Two-digit hours without seconds: `12:30` yes, `3:16` (a verse, a ratio) no.
    let hour_ok = if has_seconds {
        (1..=2).contains(&hour_len)
    } else {
        hour_len == 2
    };
    (hour_ok && hour <= 23 && minute <= 59 && second <= 60).then_some(())?;
    shape.push(Piece::Time {
        seconds: has_seconds,
    });
    set(
        &mut fields.time,
        TimeOfDay {
            hour,
            minute,
            second,
            nanos,
        },
    )?;
    if rest.is_empty() {
        return Some(());
    }
    let zone = match rest {
        "Z" => Zone {
            text: "Z".to_owned(),
            offset: Some(0),
        },
        _ => zone_word(rest).filter(|z| z.text.starts_with(['+', '-']))?,
    };
    shape.push(Piece::Zone);
    set(&mut fields.zone, zone)
}

/// Zone abbreviations a date may end with. Only UTC's names have a fixed offset here: the
/// others are recognized as markers (`CST` is both US Central and China). Abbreviations that are
/// also words or common identifiers (`CAT`, `ART`, `IST`, `WEST`) are left out.
const ZONE_NAMES: &[&str] = &[
    "CET", "CEST", "EET", "EEST", "MSK", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT",
    "AKST", "AKDT", "HST", "AEST", "AEDT", "ACST", "ACDT", "AWST", "NZST", "NZDT", "JST", "KST",
    "HKT", "SGT",
];

/// A zone marker word: `UTC`, `GMT`, `CET`, `+0100`, `-05:00`.
pub fn zone_word(word: &str) -> Option<Zone> {
    let zone = |offset| {
        Some(Zone {
            text: word.to_owned(),
            offset,
        })
    };
    if matches!(word, "UTC" | "GMT") {
        return zone(Some(0));
    }
    if ZONE_NAMES.contains(&word) {
        return zone(None);
    }
    let sign = match word.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = word[1..].chars().filter(|&c| c != ':').collect();
    let well_formed = match word.len() {
        5 => !word.contains(':'),
        6 => word.as_bytes()[3] == b':',
        _ => false,
    };
    if !well_formed || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    (hours <= 14 && minutes < 60).then_some(())?;
    zone(Some(sign * (hours * 3600 + minutes * 60)))
}

/// What the pieces say together, or `None` when they contradict each other or are too weak.
fn assemble(shape: &[Piece], fields: &Fields) -> Option<Rendered> {
    if shape.is_empty() || !is_strong(shape, fields) {
        return None;
    }
    let time = match fields.time {
        Some(time) => Some(with_meridiem(time, fields.pm)?),
        None if fields.pm.is_some() => return None,
        None => None,
    };
    if let (Some(year), Some(month), Some(day)) = (fields.year, fields.month, fields.day) {
        if !fields.iso_date && !is_valid_date(year, month, day) {
            return None;
        }
        let days = civil_day(year, month, day)?;
        if fields.weekday.is_some_and(|w| w != weekday_of(days)) {
            return None;
        }
        let (seconds_of_day, nanos, precision) = match time {
            Some(t) => (
                seconds_of_day(t),
                t.nanos,
                if shape.contains(&Piece::Time { seconds: true }) {
                    1
                } else {
                    60
                },
            ),
            None => (0, 0, SECONDS_PER_DAY),
        };
        return Some(Rendered::Date {
            wall_seconds: days * SECONDS_PER_DAY + seconds_of_day,
            nanos,
            precision,
        });
    }
    if let (Some(t), None, None, None) = (time, fields.year, fields.month, fields.weekday) {
        if fields.day.is_none() {
            return Some(Rendered::TimeOfDay {
                seconds: seconds_of_day(t),
                nanos: t.nanos,
            });
        }
    }
    Some(Rendered::Parts(fields.clone()))
}

/// Whether the pieces are a date on their own: a whole date, a time of day, a weekday name, a
/// zone marker alone, or a month name with a day or year. A bare year or day number, or a month
/// name alone, is as often a version, a count or a word of prose.
fn is_strong(shape: &[Piece], fields: &Fields) -> bool {
    let whole_date = fields.year.is_some() && fields.month.is_some() && fields.day.is_some();
    let month_with_number =
        fields.month.is_some() && (fields.day.is_some() || fields.year.is_some());
    whole_date
        || fields.time.is_some()
        || fields.weekday.is_some()
        || shape == [Piece::Zone]
        || month_with_number
}

/// A 12-hour clock with AM/PM as a 24-hour time.
fn with_meridiem(time: TimeOfDay, pm: Option<bool>) -> Option<TimeOfDay> {
    let Some(pm) = pm else {
        return Some(time);
    };
    (1..=12).contains(&time.hour).then_some(())?;
    let hour = match (time.hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (hour, true) => hour + 12,
        (hour, false) => hour,
    };
    Some(TimeOfDay { hour, ..time })
}

fn seconds_of_day(time: TimeOfDay) -> i64 {
    i64::from(time.hour * 3600 + time.minute * 60 + time.second)
}

/// The shape in a plural phrase: "both sides are {this}".
pub fn describe(shape: &[Piece], rendered: &Rendered) -> &'static str {
    use Piece::*;
    let core: Vec<Piece> = shape
        .iter()
        .copied()
        .filter(|p| !matches!(p, Comma | Meridiem))
        .map(|p| match p {
            Time { .. } => Time { seconds: true },
            other => other,
        })
        .collect();
    const T: Piece = Time { seconds: true };
    match core.as_slice() {
        [IsoDate] => "ISO 8601 dates",
        [IsoDate, IsoT, T] | [IsoDate, IsoT, T, Zone] | [IsoDate, T] | [IsoDate, T, Zone] => {
            "ISO 8601 date-times"
        }
        [Weekday, Day, Month, Year, T, Zone] | [Day, Month, Year, T, Zone] => "RFC 2822 date-times",
        [Weekday, Month, Day, T, Year] => "ctime date-times",
        [Weekday, Month, Day, T, Zone, Year] => "date(1) date-times",
        [Weekday, Month, Day, T, Year, Zone] => "git date-times",
        [Month, Day, Year] => "C __DATE__ dates",
        [Month, Day, Year, T] => "C __DATE__ __TIME__ date-times",
        [Month, Day, T] => "ls-style date-times",
        [T] | [T, Zone] => "times of day",
        [Weekday] => "weekday names",
        [Zone] => "zone markers",
        _ if matches!(rendered, Rendered::Date { .. }) => "rendered date-times",
        _ => "parts of a rendered date",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall(run: &str) -> Option<(i64, u32, i64)> {
        match read_rendered(run)?.rendered {
            Rendered::Date {
                wall_seconds,
                nanos,
                precision,
            } => Some((wall_seconds, nanos, precision)),
            _ => None,
        }
    }

    fn name(run: &str) -> &'static str {
        let reading = read_rendered(run).unwrap();
        describe(&reading.shape, &reading.rendered)
    }

    const INSTANT: i64 = 1_700_000_000; // 2023-11-14T22:13:20Z, a Tuesday

    #[test]
    fn common_renderings_read_as_the_same_wall_clock() {
        for run in [
            "2023-11-14T22:13:20",
            "2023-11-14 22:13:20",
            "2023-11-14T22:13:20Z",
            "2023-11-14T22:13:20+00:00",
            "Tue, 14 Nov 2023 22:13:20 +0000",
            "Tue Nov 14 22:13:20 2023",
            "Tue Nov 14 22:13:20 UTC 2023",
            "Tue Nov 14 22:13:20 2023 +0000",
            "Tuesday, November 14, 2023 10:13:20 PM",
            "Nov 14 2023 22:13:20",
        ] {
            assert_eq!(wall(run), Some((INSTANT, 0, 1)), "{run}");
        }
        assert_eq!(
            wall("2023-11-14T22:13:20.25-05:00"),
            Some((INSTANT, 250_000_000, 1))
        );
        assert_eq!(
            wall("2023-11-14 22:13:20,5"),
            Some((INSTANT, 500_000_000, 1))
        );
        assert_eq!(wall("2023-11-14 22:13"), Some((INSTANT - 20, 0, 60)));
        assert_eq!(
            wall("Nov 14 2023"),
            Some((1_699_920_000, 0, SECONDS_PER_DAY))
        );
        assert_eq!(
            wall("2023-11-14"),
            Some((1_699_920_000, 0, SECONDS_PER_DAY))
        );
        assert_eq!(
            wall("Jan  5 2015"),
            Some((1_420_416_000, 0, SECONDS_PER_DAY))
        );
    }

    #[test]
    fn renderings_are_named_by_their_shape() {
        assert_eq!(name("2023-11-14"), "ISO 8601 dates");
        assert_eq!(name("2023-11-14T22:13:20.5+01:00"), "ISO 8601 date-times");
        assert_eq!(name("2023-11-14 22:13"), "ISO 8601 date-times");
        assert_eq!(
            name("Tue, 14 Nov 2023 22:13:20 +0000"),
            "RFC 2822 date-times"
        );
        assert_eq!(name("Tue Nov 14 22:13:20 2023"), "ctime date-times");
        assert_eq!(name("Tue Nov 14 22:13:20 UTC 2023"), "date(1) date-times");
        assert_eq!(name("Nov 14 2023"), "C __DATE__ dates");
        assert_eq!(name("22:13:20"), "times of day");
        assert_eq!(name("Nov 14 22:13"), "ls-style date-times");
        assert_eq!(name("14 22:13:20"), "parts of a rendered date");
        assert_eq!(name("Tue"), "weekday names");
    }

    #[test]
    fn zones_are_read_with_their_offsets() {
        let zone = |run: &str| read_rendered(run).unwrap().zone.unwrap();
        assert_eq!(zone("22:13:20+01:00").offset, Some(3600));
        assert_eq!(
            zone("Tue, 14 Nov 2023 22:13:20 -0530").offset,
            Some(-19_800)
        );
        assert_eq!(zone("22:13:20Z").offset, Some(0));
        assert_eq!(zone("22:13:20 CET").offset, None);
        assert_eq!(zone("CET").text, "CET");
        assert!(read_rendered("22:13:20+25:00").is_none());
        assert!(read_rendered("22:13:20CET").is_none());
    }

    #[test]
    fn partial_dates_need_a_strong_part() {
        assert!(read_rendered("14 22:13:20").is_some());
        assert!(read_rendered("Jan 5").is_some());
        assert!(read_rendered("Nov 2023").is_some());
        assert!(read_rendered("Tue").is_some());
        assert!(read_rendered("2015").is_none(), "a bare year");
        assert!(read_rendered("5 2015").is_none(), "two numbers");
        assert!(read_rendered("May").is_none(), "a month name alone");
        assert!(read_rendered("41").is_none());
        assert!(read_rendered("PM").is_none());
    }

    #[test]
    fn date_words() {
        for word in [
            "2021",
            "14,",
            "Nov",
            "Tuesday",
            "22:13",
            "UTC",
            "+0100",
            "2023-11-14",
        ] {
            assert!(is_date_word(word), "{word}");
        }
        for word in ["alice", "=", "123", "41.5", "may"] {
            assert!(!is_date_word(word), "{word}");
        }
    }

    #[test]
    fn non_dates_and_contradictions_are_refused() {
        for run in [
            "Jan 5 alice",
            "2023-11-14 fixed bug",
            "2023-02-30",
            "Wed Nov 14 22:13:20 2023",
            "Nov 14 2023 2024",
            "3:16",
            "12:3",
            "24:00:00",
            "00:11:22:33:44:55",
            "1.2.3",
            "13:00:00 PM",
            "2023-11-14X22:13:20",
            "Nov 1975",
            "+05",
            "CAT",
            "",
        ] {
            assert!(read_rendered(run).is_none(), "{run}");
        }
    }
}
