//! Civil calendar arithmetic (proleptic Gregorian, UTC), the names dates are written with, and the
//! window of instants a build could plausibly have recorded.

use std::time::{SystemTime, UNIX_EPOCH};

use time::{Date, Month};

/// Seconds in a civil day.
pub const SECONDS_PER_DAY: i64 = 86_400;
/// 1980-01-01T00:00:00Z: the DOS epoch, and the start of the plausible window.
pub const DOS_EPOCH: i64 = 315_532_800;
/// How far past today a recorded time may lie (a clock set wrong, a time zone ahead): ten years.
const FUTURE_MARGIN: i64 = 3_653 * SECONDS_PER_DAY;

/// Whether `seconds` (since the Unix epoch) lies in the window a build could have recorded:
/// 1980-01-01 to ten years from now. Decimal numbers outside it are counters, sizes, ids.
pub fn is_plausible(seconds: i64) -> bool {
    (DOS_EPOCH..=latest_plausible()).contains(&seconds)
}

/// Whether a four-digit year could belong to a plausible time.
pub fn is_plausible_year(year: i64) -> bool {
    let last =
        civil_from_days(latest_plausible().div_euclid(SECONDS_PER_DAY)).map_or(9999, |d| d.0);
    (1980..=last).contains(&year)
}

fn latest_plausible() -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2));
    now + FUTURE_MARGIN
}

/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// Days since 1970-01-01 of the civil date `year-month-day` (proleptic Gregorian), or `None`
/// when it names no day of the calendar (the `time` crate's arithmetic).
pub fn civil_day(year: i64, month: u32, day: u32) -> Option<i64> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?);
    Some(i64::from(date.ok()?.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY)
}

/// The civil date (year, month, day) of a count of days since 1970-01-01, within the years the
/// `time` crate spans (±9999).
pub fn civil_from_days(days: i64) -> Option<(i64, u32, u32)> {
    let julian = i32::try_from(days.checked_add(UNIX_EPOCH_JULIAN_DAY)?).ok()?;
    let date = Date::from_julian_day(julian).ok()?;
    Some((
        i64::from(date.year()),
        u32::from(u8::from(date.month())),
        u32::from(date.day()),
    ))
}

/// Whether `year-month-day` names a day of the calendar.
pub fn is_valid_date(year: i64, month: u32, day: u32) -> bool {
    civil_day(year, month, day).is_some()
}

/// The day of the week of a count of days since 1970-01-01: 0 is Monday, 6 is Sunday.
pub fn weekday_of(days: i64) -> u32 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) as u32
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The month (1–12) an English month name (`Nov`, `November`) stands for. Capitalized only:
/// lower-case `may` or `march` in prose are words, not dates.
pub fn month_named(word: &str) -> Option<u32> {
    name_index(&MONTHS, word).map(|index| index as u32 + 1)
}

/// The weekday (0 Monday – 6 Sunday) an English weekday name (`Tue`, `Tuesday`) stands for.
pub fn weekday_named(word: &str) -> Option<u32> {
    name_index(&WEEKDAYS, word).map(|index| index as u32)
}

fn name_index(names: &[&str], word: &str) -> Option<usize> {
    let abbreviates = |name: &&str| word.len() == 3 && name.starts_with(word);
    names
        .iter()
        .position(|name| *name == word || abbreviates(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(civil_day(1970, 1, 1), Some(0));
        assert_eq!(
            civil_day(1980, 1, 1).map(|d| d * SECONDS_PER_DAY),
            Some(DOS_EPOCH)
        );
        assert_eq!(
            civil_day(2023, 11, 14).map(|d| d * SECONDS_PER_DAY),
            Some(1_699_920_000)
        );
        for days in [-800_000, -1, 0, 59, 10_956, 19_675, 2_932_896] {
            let (y, m, d) = civil_from_days(days).expect("within ±9999");
            assert_eq!(civil_day(y, m, d), Some(days));
        }
        assert_eq!(civil_from_days(i64::MAX), None);
    }

    #[test]
    fn dates_and_weekdays() {
        assert!(is_valid_date(2024, 2, 29));
        assert!(!is_valid_date(2023, 2, 29));
        assert!(!is_valid_date(2000, 13, 1));
        assert!(!is_valid_date(2000, 4, 31));
        // 2023-11-14 was a Tuesday.
        assert_eq!(civil_day(2023, 11, 14).map(weekday_of), Some(1));
    }

    #[test]
    fn names_are_capitalized_english() {
        assert_eq!(month_named("Nov"), Some(11));
        assert_eq!(month_named("May"), Some(5));
        assert_eq!(month_named("September"), Some(9));
        assert_eq!(month_named("may"), None);
        assert_eq!(month_named("Novem"), None);
        assert_eq!(weekday_named("Tue"), Some(1));
        assert_eq!(weekday_named("Sunday"), Some(6));
        assert_eq!(weekday_named("Tues"), None);
        assert_eq!(weekday_named("Sat."), None);
    }

    #[test]
    fn window_starts_in_1980() {
        assert!(!is_plausible(DOS_EPOCH - 1));
        assert!(is_plausible(DOS_EPOCH));
        assert!(is_plausible(1_700_000_000));
        assert!(!is_plausible(4_102_444_800 * 2));
        assert!(is_plausible_year(2015));
        assert!(!is_plausible_year(1979));
        assert!(!is_plausible_year(2999));
    }
}
