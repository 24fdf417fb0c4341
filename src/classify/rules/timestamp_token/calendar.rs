//! Civil calendar arithmetic (proleptic Gregorian, UTC), the names dates are written with, and the
//! window of instants a build could plausibly have recorded.

use std::time::{SystemTime, UNIX_EPOCH};

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
    (1980..=civil_from_days(latest_plausible().div_euclid(SECONDS_PER_DAY)).0).contains(&year)
}

fn latest_plausible() -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2));
    now + FUTURE_MARGIN
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Whether `year-month-day` names a day of the calendar.
pub fn is_valid_date(year: i64, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
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
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1980, 1, 1) * SECONDS_PER_DAY, DOS_EPOCH);
        assert_eq!(
            days_from_civil(2023, 11, 14) * SECONDS_PER_DAY,
            1_699_920_000
        );
        for days in [-800_000, -1, 0, 59, 10_956, 19_675, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn dates_and_weekdays() {
        assert!(is_valid_date(2024, 2, 29));
        assert!(!is_valid_date(2023, 2, 29));
        assert!(!is_valid_date(2000, 13, 1));
        assert!(!is_valid_date(2000, 4, 31));
        // 2023-11-14 was a Tuesday.
        assert_eq!(weekday_of(days_from_civil(2023, 11, 14)), 1);
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
