//! The pyc header: the magic number naming the interpreter that wrote the file, then the source
//! modification time (2.7), the source mtime and size (3.3–3.6), or (PEP 552, 3.7+) a flags word
//! followed by either the source mtime and size or a hash of the source.
//!
//! The magic numbers come from CPython's `Include/internal/pycore_magic_number.h` (formerly
//! `Lib/importlib/_bootstrap_external.py`). Each release this module decodes is a range of magic
//! numbers, from the first whose code object layout and header match the final release to the
//! final one; the numbers before the final are pre-releases (alphas, betas, release candidates).

use crate::byte_reader::{has_at, slice_at, u16_le_at, u32_le_at};

/// A CPython release line whose pycs this analyzer decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Release {
    /// Major version: 2 or 3.
    pub major: u8,
    /// Minor version.
    pub minor: u8,
    /// The first magic number with the final release's code layout and header.
    pub first_magic: u16,
    /// The magic number of the final release.
    pub final_magic: u16,
}

impl Release {
    /// Whether the marshal data uses the Python 2 string types (str and unicode, no FLAG_REF).
    pub fn is_python2(&self) -> bool {
        self.major == 2
    }

    /// Whether `self` is at least `major.minor`.
    pub fn at_least(&self, major: u8, minor: u8) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

const fn release(major: u8, minor: u8, first_magic: u16, final_magic: u16) -> Release {
    Release {
        major,
        minor,
        first_magic,
        final_magic,
    }
}

/// The releases decoded, oldest first. 3.7 starts at 3392 (PEP 552 header), 3.8 at 3410
/// (posonlyargcount), 3.11 at 3494 (the final location table); 3.14's final magic is 3627 (rc3).
pub(super) static RELEASES: &[Release] = &[
    release(2, 7, 62171, 62211),
    release(3, 6, 3360, 3379),
    release(3, 7, 3392, 3394),
    release(3, 8, 3410, 3413),
    release(3, 9, 3420, 3425),
    release(3, 10, 3430, 3439),
    release(3, 11, 3494, 3495),
    release(3, 12, 3500, 3531),
    release(3, 13, 3550, 3571),
    release(3, 14, 3600, 3627),
];

/// The release a magic number belongs to, if this analyzer decodes it.
pub(super) fn release_of(magic: u16) -> Option<&'static Release> {
    RELEASES
        .iter()
        .find(|r| (r.first_magic..=r.final_magic).contains(&magic))
}

/// Whether the first four bytes are a pyc magic this analyzer knows: a known number then `\r\n`.
pub(super) fn has_known_magic(data: &[u8]) -> bool {
    has_at(data, 2, b"\r\n") && u16_le_at(data, 0).and_then(release_of).is_some()
}

/// How the pyc says it is to be invalidated (PEP 552).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Invalidation {
    /// By the source's mtime and size, stored in the header.
    Timestamp,
    /// By a hash of the source, checked at import.
    CheckedHash,
    /// By a hash of the source, never checked.
    UncheckedHash,
}

/// The decoded header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// The 16-bit magic number.
    pub magic: u16,
    /// The release it names, when known.
    pub release: Option<&'static Release>,
    /// The PEP 552 flags word (3.7+).
    pub flags: Option<u32>,
    /// The source file's mtime (timestamp pycs).
    pub source_mtime: Option<u32>,
    /// The source file's size modulo 2**32 (timestamp pycs, 3.3+).
    pub source_size: Option<u32>,
    /// SipHash-1-3 of the source (hash-based pycs, 3.7+).
    pub source_hash: Option<[u8; 8]>,
    /// Where the marshal data starts.
    pub len: usize,
    /// What was odd about the header, for the reader.
    pub problems: Vec<String>,
}

impl Header {
    /// The magic rendered for readers: `3.11 (3495)`, `3.14 pre-release (3610)`, `unknown (9999)`.
    pub fn magic_text(&self) -> String {
        match self.release {
            Some(r) if r.final_magic == self.magic => {
                format!("{}.{} ({})", r.major, r.minor, self.magic)
            }
            Some(r) => format!("{}.{} pre-release ({})", r.major, r.minor, self.magic),
            None => format!("unknown ({})", self.magic),
        }
    }

    /// The invalidation mode the flags word selects, when there is one.
    pub fn invalidation(&self) -> Option<Invalidation> {
        self.flags.map(|flags| match flags & 0b11 {
            0b01 => Invalidation::UncheckedHash,
            0b11 => Invalidation::CheckedHash,
            _ => Invalidation::Timestamp,
        })
    }

    /// The flags word rendered for readers: `timestamp`, `checked-hash`, `unchecked-hash`, with
    /// the raw word appended when it holds bits CPython does not define or ignores.
    pub fn flags_text(&self) -> Option<String> {
        let flags = self.flags?;
        let mode = match self.invalidation()? {
            Invalidation::Timestamp => "timestamp",
            Invalidation::CheckedHash => "checked-hash",
            Invalidation::UncheckedHash => "unchecked-hash",
        };
        Some(if matches!(flags, 0 | 1 | 3) {
            mode.to_owned()
        } else {
            format!("{mode} (flags 0x{flags:08x})")
        })
    }
}

/// The header layouts of the pyc format's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Magic, mtime (Python 2, 3.0–3.2).
    MagicMtime,
    /// Magic, mtime, source size (3.3–3.6).
    MagicMtimeSize,
    /// Magic, PEP 552 flags, then mtime and size or an 8-byte hash (3.7+).
    Pep552,
}

/// The layout a magic number implies: by release history, which also covers magics this module
/// does not know (a later 3.x writes the PEP 552 header).
fn layout_of(magic: u16) -> Layout {
    match magic {
        3210..=3391 => Layout::MagicMtimeSize,
        3392..=19999 => Layout::Pep552,
        _ => Layout::MagicMtime,
    }
}

/// Reads the header. Fails when the data is shorter than the header its magic implies or the
/// magic is not followed by `\r\n` (then it is not a pyc at all).
pub(super) fn parse(data: &[u8]) -> Result<Header, String> {
    let magic = u16_le_at(data, 0)
        .filter(|_| has_at(data, 2, b"\r\n"))
        .ok_or("no pyc magic number (bytes 2..4 are not \\r\\n)")?;
    let layout = layout_of(magic);
    let len = match layout {
        Layout::MagicMtime => 8,
        Layout::MagicMtimeSize => 12,
        Layout::Pep552 => 16,
    };
    if data.len() < len {
        return Err(format!(
            "{} bytes, shorter than the {len}-byte header of magic {magic}",
            data.len()
        ));
    }
    let mut header = Header {
        magic,
        release: release_of(magic),
        flags: None,
        source_mtime: None,
        source_size: None,
        source_hash: None,
        len,
        problems: Vec::new(),
    };
    match layout {
        Layout::MagicMtime => header.source_mtime = u32_le_at(data, 4),
        Layout::MagicMtimeSize => {
            header.source_mtime = u32_le_at(data, 4);
            header.source_size = u32_le_at(data, 8);
        }
        Layout::Pep552 => {
            let flags = u32_le_at(data, 4).unwrap_or_default();
            header.flags = Some(flags);
            if flags & !0b11 != 0 {
                header.problems.push(format!(
                    "pyc flags 0x{flags:08x} hold bits PEP 552 does not define (CPython refuses them)"
                ));
            }
            if flags & 0b01 != 0 {
                header.source_hash = slice_at(data, 8, 8).and_then(|hash| hash.try_into().ok());
            } else {
                header.source_mtime = u32_le_at(data, 8);
                header.source_size = u32_le_at(data, 12);
            }
        }
    }
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_bytes(magic: u16, rest: &[u8]) -> Vec<u8> {
        let mut data = magic.to_le_bytes().to_vec();
        data.extend_from_slice(b"\r\n");
        data.extend_from_slice(rest);
        data
    }

    #[test]
    fn final_magics_name_their_release() {
        for (magic, text) in [
            (62211, "2.7 (62211)"),
            (3379, "3.6 (3379)"),
            (3394, "3.7 (3394)"),
            (3413, "3.8 (3413)"),
            (3425, "3.9 (3425)"),
            (3439, "3.10 (3439)"),
            (3495, "3.11 (3495)"),
            (3531, "3.12 (3531)"),
            (3571, "3.13 (3571)"),
            (3627, "3.14 (3627)"),
        ] {
            let header = parse(&header_bytes(magic, &[0; 12])).unwrap();
            assert_eq!(header.magic_text(), text);
        }
        let pre = parse(&header_bytes(3610, &[0; 12])).unwrap();
        assert_eq!(pre.magic_text(), "3.14 pre-release (3610)");
        let unknown = parse(&header_bytes(3700, &[0; 12])).unwrap();
        assert_eq!(unknown.magic_text(), "unknown (3700)");
        assert_eq!(unknown.len, 16, "a later 3.x keeps the PEP 552 header");
    }

    #[test]
    fn layouts_follow_the_release_history() {
        let py27 = parse(&header_bytes(62211, &[1, 0, 0, 0])).unwrap();
        assert_eq!(
            (py27.len, py27.source_mtime, py27.flags),
            (8, Some(1), None)
        );
        let py36 = parse(&header_bytes(3379, &[1, 0, 0, 0, 2, 0, 0, 0])).unwrap();
        assert_eq!((py36.len, py36.source_size), (12, Some(2)));
        let hashed = parse(&header_bytes(3495, &[3, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])).unwrap();
        assert_eq!(hashed.flags_text().as_deref(), Some("checked-hash"));
        assert_eq!(hashed.source_hash, Some([1, 2, 3, 4, 5, 6, 7, 8]));
        assert_eq!(hashed.source_mtime, None);
        let odd = parse(&header_bytes(3495, &[6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).unwrap();
        assert_eq!(
            odd.flags_text().as_deref(),
            Some("timestamp (flags 0x00000006)")
        );
        assert_eq!(odd.problems.len(), 1);
    }

    #[test]
    fn short_or_foreign_data_is_refused() {
        assert!(parse(b"").is_err());
        assert!(parse(b"PK\x03\x04").is_err());
        assert!(parse(&header_bytes(3495, &[0; 4])).is_err());
        assert!(!has_known_magic(b"ab\r\nplain text"));
        assert!(has_known_magic(&header_bytes(3495, &[])));
        assert!(!has_known_magic(&header_bytes(3700, &[])));
    }
}
