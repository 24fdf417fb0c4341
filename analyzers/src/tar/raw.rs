//! The raw 512-byte header record: field offsets and the number encodings the `tar` crate either
//! hides or reads too leniently (signed base-256, pax decimal times with a fraction).
//!
//! Everything here works on byte slices of the input and never panics: offsets are constants
//! within a 512-byte block, and callers only pass blocks obtained with a bounds-checked `get`.

use std::ops::Range;

use crate::Timestamp;

/// The size of a header record and the unit data is padded to.
pub(crate) const BLOCK: usize = 512;
/// The bits of an offset within a block.
const WITHIN_BLOCK: u64 = BLOCK as u64 - 1;

pub(crate) const MODE: Range<usize> = 100..108;
pub(crate) const UID: Range<usize> = 108..116;
pub(crate) const GID: Range<usize> = 116..124;
pub(crate) const SIZE: Range<usize> = 124..136;
pub(crate) const MTIME: Range<usize> = 136..148;
pub(crate) const CHECKSUM: Range<usize> = 148..156;
pub(crate) const TYPEFLAG: usize = 156;
pub(crate) const NAME: Range<usize> = 0..100;
pub(crate) const MAGIC: Range<usize> = 257..263;
pub(crate) const VERSION: Range<usize> = 263..265;
pub(crate) const UNAME: Range<usize> = 265..297;
pub(crate) const GNAME: Range<usize> = 297..329;
pub(crate) const DEVMAJOR: Range<usize> = 329..337;
pub(crate) const DEVMINOR: Range<usize> = 337..345;
/// GNU headers only (ustar keeps its name prefix here).
pub(crate) const GNU_ATIME: Range<usize> = 345..357;
pub(crate) const GNU_CTIME: Range<usize> = 357..369;
/// GNU sparse headers: whether extension blocks of sparse map entries follow.
pub(crate) const GNU_IS_EXTENDED: usize = 482;
/// The same flag in a sparse extension block.
pub(crate) const EXT_IS_EXTENDED: usize = 504;

/// The header variant, from the magic and version fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderFormat {
    /// POSIX.1-1988 ustar: `ustar\0` `00`.
    Ustar,
    /// GNU tar's pre-POSIX layout: `ustar ` ` \0`.
    Gnu,
    /// Unix v7: no magic at all.
    V7,
    /// A magic that is none of the above (kept raw for the reader).
    Other,
}

impl HeaderFormat {
    /// Reads the variant of a 512-byte header.
    pub(crate) fn of(block: &[u8]) -> HeaderFormat {
        let magic = block.get(MAGIC).unwrap_or_default();
        let version = block.get(VERSION).unwrap_or_default();
        match (magic, version) {
            (b"ustar\0", b"00") => HeaderFormat::Ustar,
            (b"ustar ", b" \0") => HeaderFormat::Gnu,
            _ if magic.iter().chain(version).all(|&b| b == 0) => HeaderFormat::V7,
            _ => HeaderFormat::Other,
        }
    }

    /// Whether the header has user and group names and device numbers.
    pub(crate) fn has_names(self) -> bool {
        matches!(self, HeaderFormat::Ustar | HeaderFormat::Gnu)
    }
}

/// The bytes of a text field up to its first NUL.
pub(crate) fn text(field: &[u8]) -> &[u8] {
    field.split(|&b| b == 0).next().unwrap_or(field)
}

/// Reads a numeric header field: octal ASCII (space or NUL padded) or GNU base-256 (high bit of the
/// first byte set; `0xff` marks a negative number). An all-blank field reads as 0. The error is the
/// field as text, for a note.
pub(crate) fn number(field: &[u8]) -> Result<i64, String> {
    let shown = || format!("{:?}", String::from_utf8_lossy(field));
    let Some((&first, rest)) = field.split_first() else {
        return Ok(0);
    };
    if first & 0x80 != 0 {
        // Base-256 two's complement; bit 6 of the first byte is the sign. 7 bits less 0x80 is
        // never out of range.
        let mut value = i128::from(first & 0x7f);
        if first & 0x40 != 0 {
            value = value.saturating_sub(0x80);
        }
        for &byte in rest {
            value = value
                .checked_mul(256)
                .and_then(|v| v.checked_add(i128::from(byte)))
                .ok_or_else(|| format!("{} is out of range", shown()))?;
        }
        return i64::try_from(value).map_err(|_| format!("{} is out of range", shown()));
    }
    let digits_start = field.iter().position(|&b| b != b' ').unwrap_or(field.len());
    let rest = field.get(digits_start..).unwrap_or_default();
    let digits_end = rest
        .iter()
        .position(|b| !(b'0'..=b'7').contains(b))
        .unwrap_or(rest.len());
    let (digits, padding) = rest.split_at_checked(digits_end).unwrap_or((rest, &[]));
    if !padding.iter().all(|&b| b == 0 || b == b' ') {
        return Err(format!("{} is not an octal number", shown()));
    }
    digits
        .iter()
        .try_fold(0i64, |acc, &d| {
            let digit = char::from(d).to_digit(8)?;
            acc.checked_mul(8)?.checked_add(i64::from(digit))
        })
        .ok_or_else(|| format!("{} is out of range", shown()))
}

/// The checksum a header should store: the byte sum with the checksum field read as spaces.
pub(crate) fn computed_checksum(block: &[u8]) -> i64 {
    block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if CHECKSUM.contains(&i) {
                i64::from(b' ')
            } else {
                i64::from(b)
            }
        })
        .sum()
}

/// Whether `block` is a full header whose stored checksum matches its bytes.
pub(crate) fn checksum_verifies(block: &[u8]) -> bool {
    block.len() == BLOCK
        && block
            .get(CHECKSUM)
            .and_then(|field| number(field).ok())
            .is_some_and(|stored| stored == computed_checksum(block))
}

/// `size` rounded up to whole blocks, or `None` past `u64`.
pub(crate) fn padded(size: u64) -> Option<u64> {
    size.checked_add(WITHIN_BLOCK).map(|s| s & !WITHIN_BLOCK)
}

/// Parses a pax time (`mtime`, `atime`, `ctime`): decimal seconds, optionally negative, with an
/// optional fraction kept to nanoseconds.
pub(crate) fn pax_time(value: &str) -> Option<Timestamp> {
    let (negative, unsigned) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let seconds: i64 = whole.parse().ok()?;
    let nanos = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .try_fold(0u32, |acc, d| {
            acc.checked_mul(10)?
                .checked_add(char::from(d).to_digit(10)?)
        })?;
    // A negative time with a fraction is the second before, plus what is left of it.
    let (seconds, nanos) = match (negative, nanos) {
        (false, _) => (seconds, nanos),
        (true, 0) => (seconds.checked_neg()?, 0),
        (true, n) => (
            (-1i64).checked_sub(seconds)?,
            1_000_000_000u32.checked_sub(n)?,
        ),
    };
    Some(Timestamp {
        nanos,
        ..Timestamp::unix(seconds)
    })
}

/// A pax decimal integer record (`uid`, `gid`, `size`).
pub(crate) fn pax_integer(value: &str) -> Option<i64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_octal_and_base_256() {
        assert_eq!(number(b"0000644\0"), Ok(0o644));
        assert_eq!(number(b"  644 \0\0"), Ok(0o644));
        assert_eq!(number(b"\0\0\0\0\0\0\0\0"), Ok(0));
        assert_eq!(number(b"        "), Ok(0));
        assert_eq!(number(b""), Ok(0));
        assert_eq!(number(b"77777777777\0"), Ok(0o77777777777));
        assert_eq!(number(&[0x80, 0, 0, 0, 0, 0, 0x01, 0x00]), Ok(256));
        assert_eq!(number(&[0xff; 12]), Ok(-1));
        assert_eq!(
            number(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]),
            Ok(-2)
        );
        assert!(
            number(&[0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
                .unwrap_err()
                .contains("out of range")
        );
        assert!(number(b"12x4567\0").unwrap_err().contains("12x4567"));
        assert!(number(b"0009\0\0\0\0").is_err());
        assert!(number(b"12 34\0\0\0").is_err());
    }

    #[test]
    fn pax_times_keep_nanoseconds() {
        let t = pax_time("1700000000.25").unwrap();
        assert_eq!((t.unix_seconds, t.nanos), (1_700_000_000, 250_000_000));
        let t = pax_time("1.1234567899").unwrap();
        assert_eq!((t.unix_seconds, t.nanos), (1, 123_456_789));
        let t = pax_time("-1.5").unwrap();
        assert_eq!((t.unix_seconds, t.nanos), (-2, 500_000_000));
        assert_eq!(pax_time("-3").unwrap().unix_seconds, -3);
        assert_eq!(pax_time("12.").unwrap().unix_seconds, 12);
        for bad in [
            "",
            ".5",
            "1e9",
            "abc",
            "1.2.3",
            "99999999999999999999999",
            "-",
        ] {
            assert!(pax_time(bad).is_none(), "{bad}");
        }
        assert_eq!(pax_integer("1000"), Some(1000));
        assert_eq!(pax_integer("-1"), None);
        assert_eq!(pax_integer("99999999999999999999"), None);
    }

    #[test]
    fn formats_and_checksums() {
        let mut block = [0u8; BLOCK];
        assert_eq!(HeaderFormat::of(&block), HeaderFormat::V7);
        assert!(!checksum_verifies(&block));
        block[MAGIC].copy_from_slice(b"ustar ");
        block[VERSION].copy_from_slice(b" \0");
        assert_eq!(HeaderFormat::of(&block), HeaderFormat::Gnu);
        block[VERSION].copy_from_slice(b"00");
        assert_eq!(HeaderFormat::of(&block), HeaderFormat::Other);
        block[MAGIC].copy_from_slice(b"ustar\0");
        assert_eq!(HeaderFormat::of(&block), HeaderFormat::Ustar);
        let sum = computed_checksum(&block);
        block[CHECKSUM].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        assert!(checksum_verifies(&block));
        assert!(!checksum_verifies(&block[..100]));
        assert_eq!(padded(0), Some(0));
        assert_eq!(padded(1), Some(512));
        assert_eq!(padded(u64::MAX), None);
    }
}
