//! Times written as one number: Unix seconds, milliseconds, microseconds or nanoseconds in
//! decimal, float seconds, tar's octal, Windows FILETIME, compact date-times (`20231114221320`,
//! ISO 9660's `2023111422132000`, ASN.1's `20231114221320Z`), and 32/64-bit values shown as hex.
//!
//! A decimal number is read in the unit its digit count implies (10 digits are seconds, 13
//! milliseconds, 16 microseconds, 19 nanoseconds, 18 a FILETIME): only those readings are
//! *canonical*. The others are kept for the few values that are times whatever their width —
//! 0, the DOS epoch, a declared SOURCE_DATE_EPOCH — and the rule decides which it accepts.

use super::calendar::{civil_day, is_valid_date, SECONDS_PER_DAY};

/// Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01.
const FILETIME_TO_UNIX: i64 = 11_644_473_600;

/// How a number encodes a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberEncoding {
    /// Decimal seconds since 1970.
    UnixSeconds,
    /// Decimal milliseconds since 1970.
    UnixMillis,
    /// Decimal microseconds since 1970.
    UnixMicros,
    /// Decimal nanoseconds since 1970.
    UnixNanos,
    /// Decimal seconds with a fraction (`1700000000.123`).
    FloatSeconds,
    /// Eleven octal digits of seconds, as tar writes them.
    TarOctal,
    /// Decimal 100-nanosecond intervals since 1601 (Windows FILETIME).
    FileTime,
    /// `YYYYMMDDhhmmss`, maybe with centiseconds (ISO 9660) or a `Z` (ASN.1 GeneralizedTime).
    CompactDateTime,
    /// Eight or sixteen hex digits: the bytes of a binary value.
    Hex(HexLayout),
}

/// The binary value eight or sixteen hex digits stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HexLayout {
    /// 32-bit seconds, little-endian.
    U32Le,
    /// 32-bit seconds, big-endian.
    U32Be,
    /// MS-DOS date and time, little-endian (as zip stores them: time, then date).
    DosLe,
    /// MS-DOS date and time, big-endian.
    DosBe,
    /// 64-bit seconds, little-endian.
    U64Le,
    /// 64-bit seconds, big-endian.
    U64Be,
    /// 64-bit FILETIME, little-endian.
    FileTimeLe,
    /// 64-bit FILETIME, big-endian.
    FileTimeBe,
}

impl NumberEncoding {
    /// The encoding in a plural phrase: "both sides are {this}".
    pub fn describe(self) -> &'static str {
        match self {
            NumberEncoding::UnixSeconds => "Unix times in seconds",
            NumberEncoding::UnixMillis => "Unix times in milliseconds",
            NumberEncoding::UnixMicros => "Unix times in microseconds",
            NumberEncoding::UnixNanos => "Unix times in nanoseconds",
            NumberEncoding::FloatSeconds => "Unix times in fractional seconds",
            NumberEncoding::TarOctal => "octal Unix times (as tar writes them)",
            NumberEncoding::FileTime => "Windows FILETIMEs",
            NumberEncoding::CompactDateTime => "compact date-times (YYYYMMDDhhmmss)",
            NumberEncoding::Hex(HexLayout::U32Le) => "32-bit little-endian Unix times",
            NumberEncoding::Hex(HexLayout::U32Be) => "32-bit big-endian Unix times",
            NumberEncoding::Hex(HexLayout::DosLe) => "little-endian DOS date-times",
            NumberEncoding::Hex(HexLayout::DosBe) => "big-endian DOS date-times",
            NumberEncoding::Hex(HexLayout::U64Le) => "64-bit little-endian Unix times",
            NumberEncoding::Hex(HexLayout::U64Be) => "64-bit big-endian Unix times",
            NumberEncoding::Hex(HexLayout::FileTimeLe) => "64-bit little-endian FILETIMEs",
            NumberEncoding::Hex(HexLayout::FileTimeBe) => "64-bit big-endian FILETIMEs",
        }
    }

    /// Seconds of resolution: 2 for DOS date-times, 1 for everything else.
    pub fn precision(self) -> i64 {
        match self {
            NumberEncoding::Hex(HexLayout::DosLe | HexLayout::DosBe) => 2,
            _ => 1,
        }
    }
}

/// One way to read a number as a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberReading {
    /// The encoding assumed.
    pub encoding: NumberEncoding,
    /// Seconds since 1970 (for DOS, the wall clock read as UTC).
    pub seconds: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
    /// Whether the number's shape is that encoding's usual one (its digit count, for decimals).
    pub canonical: bool,
}

/// Every reading of `token` as a time, most likely first; empty when it is no such number.
pub fn read_number(token: &str) -> Vec<NumberReading> {
    let mut readings: Vec<NumberReading> = compact_date_time(token).into_iter().collect();
    if is_digits(token) {
        readings.extend(decimal_readings(token));
    }
    readings.extend(float_seconds(token));
    readings.extend(tar_octal(token));
    readings.extend(hex_readings(token));
    readings
}

fn is_digits(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

/// Readings of a decimal integer in every unit since 1970, and as a FILETIME.
fn decimal_readings(token: &str) -> Vec<NumberReading> {
    let Ok(value) = token.parse::<u64>() else {
        return Vec::new();
    };
    let units = [
        (NumberEncoding::UnixSeconds, 0),
        (NumberEncoding::UnixMillis, 3),
        (NumberEncoding::UnixMicros, 6),
        (NumberEncoding::UnixNanos, 9),
    ];
    let mut readings: Vec<NumberReading> = units
        .into_iter()
        .map(|(encoding, exponent)| {
            let scale = 10u64.pow(exponent);
            NumberReading {
                encoding,
                seconds: (value / scale) as i64,
                nanos: ((value % scale) * 10u64.pow(9 - exponent)) as u32,
                canonical: token.len() == 10 + exponent as usize,
            }
        })
        .collect();
    if token.len() == 18 {
        readings.push(NumberReading {
            encoding: NumberEncoding::FileTime,
            seconds: (value / 10_000_000) as i64 - FILETIME_TO_UNIX,
            nanos: ((value % 10_000_000) * 100) as u32,
            canonical: true,
        });
    }
    readings
}

/// `20231114221320`, `2023111422132050` (centiseconds), `20231114221320Z`: a calendar date and
/// time written without separators. Valid fields only, so a counter rarely reads as one.
fn compact_date_time(token: &str) -> Option<NumberReading> {
    let digits = token.strip_suffix('Z').unwrap_or(token);
    if !(digits.len() == 14 || (digits.len() == 16 && digits.len() == token.len())) {
        return None;
    }
    if !is_digits(digits) {
        return None;
    }
    let field = |range: std::ops::Range<usize>| digits[range].parse::<u32>().ok();
    let year = i64::from(field(0..4)?);
    let (month, day) = (field(4..6)?, field(6..8)?);
    let (hour, minute, second) = (field(8..10)?, field(10..12)?, field(12..14)?);
    if !is_valid_date(year, month, day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let centiseconds = if digits.len() == 16 {
        field(14..16)?
    } else {
        0
    };
    let seconds_of_day = i64::from(hour * 3600 + minute * 60 + second);
    Some(NumberReading {
        encoding: NumberEncoding::CompactDateTime,
        seconds: civil_day(year, month, day)? * SECONDS_PER_DAY + seconds_of_day,
        nanos: centiseconds * 10_000_000,
        canonical: true,
    })
}

/// `1700000000.123`: ten digits of seconds and up to nine of fraction.
fn float_seconds(token: &str) -> Option<NumberReading> {
    let (whole, fraction) = token.split_once('.')?;
    if whole.len() != 10 || !is_digits(whole) || fraction.len() > 9 || !is_digits(fraction) {
        return None;
    }
    let padded = format!("{fraction:0<9}");
    Some(NumberReading {
        encoding: NumberEncoding::FloatSeconds,
        seconds: whole.parse().ok()?,
        nanos: padded.parse().ok()?,
        canonical: true,
    })
}

/// `14536217040`: the eleven octal digits of a tar header's mtime.
fn tar_octal(token: &str) -> Option<NumberReading> {
    if token.len() != 11 || !token.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    Some(NumberReading {
        encoding: NumberEncoding::TarOctal,
        seconds: i64::from_str_radix(token, 8).ok()?,
        nanos: 0,
        canonical: true,
    })
}

/// Eight hex digits as a 32-bit value or DOS date-time, sixteen as a 64-bit value or FILETIME,
/// in both byte orders. Only a declared SOURCE_DATE_EPOCH makes the rule accept these.
fn hex_readings(token: &str) -> Vec<NumberReading> {
    if !(token.len() == 8 || token.len() == 16) || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Vec::new();
    }
    let Ok(big_endian) = u64::from_str_radix(token, 16) else {
        return Vec::new();
    };
    let bytes = token.len() / 2;
    let little_endian = big_endian.swap_bytes() >> (64 - 8 * bytes);
    let layouts: &[(HexLayout, u64)] = if bytes == 4 {
        &[
            (HexLayout::U32Le, little_endian),
            (HexLayout::U32Be, big_endian),
            (HexLayout::DosLe, little_endian),
            (HexLayout::DosBe, big_endian),
        ]
    } else {
        &[
            (HexLayout::U64Le, little_endian),
            (HexLayout::U64Be, big_endian),
            (HexLayout::FileTimeLe, little_endian),
            (HexLayout::FileTimeBe, big_endian),
        ]
    };
    layouts
        .iter()
        .filter_map(|&(layout, value)| {
            let (seconds, nanos) = match layout {
                HexLayout::DosLe | HexLayout::DosBe => (dos_date_time(value as u32)?, 0),
                HexLayout::FileTimeLe | HexLayout::FileTimeBe => (
                    i64::try_from(value / 10_000_000).ok()? - FILETIME_TO_UNIX,
                    ((value % 10_000_000) * 100) as u32,
                ),
                _ => (i64::try_from(value).ok()?, 0),
            };
            Some(NumberReading {
                encoding: NumberEncoding::Hex(layout),
                seconds,
                nanos,
                canonical: true,
            })
        })
        .collect()
}

/// An MS-DOS date (high 16 bits) and time (low 16 bits) as the wall clock read as UTC.
pub fn dos_date_time(value: u32) -> Option<i64> {
    let (date, time) = (value >> 16, value & 0xffff);
    let (year, month, day) = (1980 + i64::from(date >> 9), (date >> 5) & 15, date & 31);
    let (hour, minute, second) = (time >> 11, (time >> 5) & 63, (time & 31) * 2);
    if !is_valid_date(year, month, day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let seconds_of_day = i64::from(hour * 3600 + minute * 60 + second);
    Some(civil_day(year, month, day)? * SECONDS_PER_DAY + seconds_of_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(token: &str) -> Vec<(NumberEncoding, i64, u32)> {
        read_number(token)
            .into_iter()
            .filter(|r| r.canonical && !matches!(r.encoding, NumberEncoding::Hex(_)))
            .map(|r| (r.encoding, r.seconds, r.nanos))
            .collect()
    }

    #[test]
    fn decimal_units_follow_the_digit_count() {
        use NumberEncoding::*;
        assert_eq!(canonical("1700000000"), [(UnixSeconds, 1_700_000_000, 0)]);
        assert_eq!(
            canonical("1700000000123"),
            [(UnixMillis, 1_700_000_000, 123_000_000)]
        );
        assert_eq!(
            canonical("1700000000123456"),
            [(UnixMicros, 1_700_000_000, 123_456_000)]
        );
        assert_eq!(
            canonical("1700000000123456789"),
            [(UnixNanos, 1_700_000_000, 123_456_789)]
        );
        assert_eq!(
            canonical("1700000000.5"),
            [(FloatSeconds, 1_700_000_000, 500_000_000)]
        );
        // 2023-11-14T22:13:20Z as a FILETIME.
        assert_eq!(
            canonical("133444736000000000"),
            [(FileTime, 1_700_000_000, 0)]
        );
        assert!(canonical("41").is_empty());
        assert!(canonical("123456789").is_empty(), "nine digits: no unit");
    }

    #[test]
    fn compact_date_times_come_before_units() {
        use NumberEncoding::*;
        assert_eq!(
            canonical("20231114221320"),
            [(CompactDateTime, 1_700_000_000, 0)]
        );
        assert_eq!(
            canonical("20231114221320Z"),
            [(CompactDateTime, 1_700_000_000, 0)]
        );
        // ISO 9660 volume dates: centiseconds after the seconds.
        let iso9660 = canonical("2015062419255500");
        assert_eq!(iso9660[0], (CompactDateTime, 1_435_173_955, 0));
        assert_eq!(iso9660[1].0, UnixMicros, "still a possible reading");
        assert!(canonical("20231314221320").is_empty(), "month 13");
        assert!(canonical("2015062419255500Z").is_empty());
    }

    #[test]
    fn zero_is_read_in_every_unit() {
        let readings = read_number("0");
        assert_eq!(readings.len(), 4);
        assert!(readings.iter().all(|r| r.seconds == 0 && !r.canonical));
    }

    #[test]
    fn tar_octal_is_eleven_octal_digits() {
        assert_eq!(
            canonical("14513771000"),
            [(NumberEncoding::TarOctal, 0o14513771000, 0)]
        );
        assert!(canonical("14513771009").is_empty());
    }

    #[test]
    fn hex_is_read_in_both_byte_orders() {
        let readings = read_number("0066ee5f");
        let find = |layout| {
            readings
                .iter()
                .find(|r| r.encoding == NumberEncoding::Hex(layout))
                .map(|r| r.seconds)
        };
        assert_eq!(find(HexLayout::U32Le), Some(1_609_459_200));
        assert_eq!(find(HexLayout::U32Be), Some(0x0066_ee5f));
        // Info-ZIP's 2021-01-01 00:00:00 as stored: time 0x0000, date 0x5221.
        let dos = read_number("00002152");
        let dos_le = dos
            .iter()
            .find(|r| r.encoding == NumberEncoding::Hex(HexLayout::DosLe))
            .unwrap();
        assert_eq!(dos_le.seconds, 1_609_459_200);
        let wide = read_number("0066ee5f00000000");
        assert!(wide
            .iter()
            .any(|r| r.encoding == NumberEncoding::Hex(HexLayout::U64Le)
                && r.seconds == 1_609_459_200));
        assert!(read_number("0066ee5f0").is_empty());
        assert!(
            read_number(&"ab".repeat(20)).is_empty(),
            "a SHA-1 is no time"
        );
        assert!(
            read_number(&"cd".repeat(32)).is_empty(),
            "a SHA-256 is no time"
        );
    }

    #[test]
    fn dos_fields_must_be_valid() {
        assert_eq!(dos_date_time(0x0021_0000), Some(315_532_800));
        assert_eq!(dos_date_time(0), None, "month 0");
        assert_eq!(dos_date_time(0x0021_ffff), None, "hour 31");
    }
}
