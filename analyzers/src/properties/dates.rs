//! The date spellings Java build tools write into properties files: `java.util.Date.toString()`
//! (`Fri Jan 01 00:00:00 UTC 2021`, what `Properties.store` writes as a comment), the comment
//! Debian's OpenJDK writes under SOURCE_DATE_EPOCH (`2023-11-14 22:13:20 UTC`), and
//! git-commit-id-plugin's date formats: `yyyy-MM-dd'T'HH:mm:ssZ` (its default since 2.2.x:
//! `2021-01-01T00:00:00+0000`, also with `Z` or `+00:00`) and the older
//! `dd.MM.yyyy '@' HH:mm:ss z` (`01.01.2021 @ 00:00:00 UTC`).
//!
//! A value is a date only when all of it reads as one, its weekday (if written) agrees with its
//! date, and its zone is known: a zone abbreviation other than UTC/GMT names no offset for sure
//! (`CST` is three zones), so such a value is not read as a time.

use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset, Weekday};

use crate::Timestamp;

/// The instant `text` spells in one of the formats above.
pub fn parse(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    date_to_string(text)
        .or_else(|| iso(text))
        .or_else(|| dotted(text))
        .or_else(|| debian(text))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("Mon", Weekday::Monday),
    ("Tue", Weekday::Tuesday),
    ("Wed", Weekday::Wednesday),
    ("Thu", Weekday::Thursday),
    ("Fri", Weekday::Friday),
    ("Sat", Weekday::Saturday),
    ("Sun", Weekday::Sunday),
];

/// `EEE MMM dd HH:mm:ss zzz yyyy`.
fn date_to_string(text: &str) -> Option<Timestamp> {
    let words: Vec<&str> = text.split(' ').collect();
    let [weekday, month, day, clock, zone, year] = words.as_slice() else {
        return None;
    };
    let weekday = WEEKDAYS.iter().find(|(name, _)| name == weekday)?.1;
    let month = month_of(month)?;
    let date = Date::from_calendar_date(year_of(year)?, month, two_digits(day)?).ok()?;
    if date.weekday() != weekday {
        return None;
    }
    instant(date, clock_of(clock)?, zone_offset(zone)?)
}

/// `yyyy-MM-dd'T'HH:mm:ss` then `Z`, `+hhmm` or `+hh:mm`.
fn iso(text: &str) -> Option<Timestamp> {
    let (date, rest) = text.split_once('T')?;
    let date = ymd(date)?;
    let clock = rest.get(..8)?;
    let zone = rest.get(8..)?;
    instant(date, clock_of(clock)?, numeric_offset(zone)?)
}

/// `dd.MM.yyyy @ HH:mm:ss zzz`.
fn dotted(text: &str) -> Option<Timestamp> {
    let words: Vec<&str> = text.split(' ').collect();
    let [date, "@", clock, zone] = words.as_slice() else {
        return None;
    };
    let parts: Vec<&str> = date.split('.').collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let month = Month::try_from(two_digits(month)?).ok()?;
    let date = Date::from_calendar_date(year_of(year)?, month, two_digits(day)?).ok()?;
    instant(date, clock_of(clock)?, zone_offset(zone)?)
}

/// `yyyy-MM-dd HH:mm:ss zzz`.
fn debian(text: &str) -> Option<Timestamp> {
    let words: Vec<&str> = text.split(' ').collect();
    let [date, clock, zone] = words.as_slice() else {
        return None;
    };
    instant(ymd(date)?, clock_of(clock)?, zone_offset(zone)?)
}

fn instant(date: Date, clock: Time, offset: UtcOffset) -> Option<Timestamp> {
    let at = PrimitiveDateTime::new(date, clock).assume_offset(offset);
    Some(Timestamp::unix(at.unix_timestamp()))
}

fn ymd(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let month = Month::try_from(two_digits(month)?).ok()?;
    Date::from_calendar_date(year_of(year)?, month, two_digits(day)?).ok()
}

fn month_of(name: &str) -> Option<Month> {
    let index = MONTHS.iter().position(|m| *m == name)?;
    Month::try_from(u8::try_from(index.checked_add(1)?).ok()?).ok()
}

fn year_of(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn two_digits(text: &str) -> Option<u8> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `HH:mm:ss`.
fn clock_of(text: &str) -> Option<Time> {
    let parts: Vec<&str> = text.split(':').collect();
    let [h, m, s] = parts.as_slice() else {
        return None;
    };
    Time::from_hms(two_digits(h)?, two_digits(m)?, two_digits(s)?).ok()
}

/// A zone written by name: `UTC`, `GMT`, `Z`, or `GMT+hh:mm` (what `Date.toString` writes for
/// a zone without an abbreviation).
fn zone_offset(zone: &str) -> Option<UtcOffset> {
    match zone {
        "UTC" | "GMT" | "Z" => Some(UtcOffset::UTC),
        _ => numeric_offset(
            zone.strip_prefix("GMT")
                .or_else(|| zone.strip_prefix("UTC"))?,
        ),
    }
}

/// `Z`, `+hhmm`, `+hh:mm`, `-hhmm`, `-hh:mm`.
fn numeric_offset(zone: &str) -> Option<UtcOffset> {
    if zone == "Z" {
        return Some(UtcOffset::UTC);
    }
    let (sign, digits) = match zone.strip_prefix('+') {
        Some(rest) => (1i8, rest),
        None => (-1i8, zone.strip_prefix('-')?),
    };
    let digits = digits.replacen(':', "", 1);
    let hours = two_digits(digits.get(..2)?)?;
    let minutes = two_digits(digits.get(2..)?)?;
    let hours = i8::try_from(hours).ok()?.checked_mul(sign)?;
    let minutes = i8::try_from(minutes).ok()?.checked_mul(sign)?;
    UtcOffset::from_hms(hours, minutes, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> Option<i64> {
        parse(text).map(|t| t.unix_seconds)
    }

    #[test]
    fn the_formats_java_tools_write() {
        assert_eq!(seconds("Fri Jan 01 00:00:00 UTC 2021"), Some(1_609_459_200));
        assert_eq!(seconds("Thu Jun 15 12:34:56 UTC 2023"), Some(1_686_832_496));
        assert_eq!(
            seconds("Fri Jan 01 01:00:00 GMT+01:00 2021"),
            Some(1_609_459_200)
        );
        assert_eq!(seconds("2021-01-01T00:00:00+0000"), Some(1_609_459_200));
        assert_eq!(seconds("2021-01-01T01:00:00+01:00"), Some(1_609_459_200));
        assert_eq!(seconds("2021-01-01T00:00:00Z"), Some(1_609_459_200));
        assert_eq!(seconds("01.01.2021 @ 00:00:00 UTC"), Some(1_609_459_200));
        assert_eq!(seconds("2023-11-14 22:13:20 UTC"), Some(1_700_000_000));
    }

    #[test]
    fn what_is_not_a_date_for_sure() {
        // The weekday disagrees with the date.
        assert_eq!(seconds("Mon Jan 01 00:00:00 UTC 2021"), None);
        // A zone abbreviation that names no one offset.
        assert_eq!(seconds("Fri Jan 01 00:00:00 CST 2021"), None);
        assert_eq!(seconds("Generated by tinyapp build"), None);
        assert_eq!(seconds("2021-13-01T00:00:00Z"), None);
        assert_eq!(seconds("2021-01-01T00:00:00"), None);
        assert_eq!(seconds("1.0.0"), None);
        assert_eq!(seconds("2021-01-01T00:00:00+0000 and more"), None);
        assert_eq!(seconds(""), None);
    }
}
