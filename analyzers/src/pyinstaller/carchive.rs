//! PyInstaller's CArchive (PKG): the bundle a bootloader unpacks or imports from — the scripts to
//! run, the PYZ of modules, and in one-file builds the shared libraries and data files.
//!
//! Every byte is a field or a member's byte: the cookie and the table of contents are fields
//! (the Python version and library name name the interpreter bundled: `ToolVersion`; lengths and
//! offsets follow from the entries: `Derived`), each entry is a member named by its TOC name, and
//! `<gaps>` holds whatever no entry covers. Bytes before the archive's start (when it is read
//! from a larger file) are a `<before-archive>` member.

use std::ops::Range;

use bytes::Bytes;

use super::Storage;
use crate::byte_reader::{range_at, u32_be_at, ByteReader};
use crate::coverage::{unique_names, Coverage};
use crate::pyc::frozen;
use crate::{
    AnalyzeError, Analyzer, Covers, Derivation, Detection, Field, FieldKind, Input, Limits, Member,
    MemberData, MemberOrder, Node, Value,
};

/// The cookie's magic.
const COOKIE_MAGIC: &[u8; 8] = b"MEI\x0c\x0b\x0a\x0b\x0e";
/// magic, archive length, TOC offset, TOC length, Python version, Python library name (64).
const COOKIE_LEN: usize = 88;
/// record length, data offset, stored length, length (u32 each), compression flag, type code.
const ENTRY_HEADER_LEN: usize = 18;
/// The member holding bytes before the archive.
pub const BEFORE_MEMBER: &str = "<before-archive>";

/// Reads PyInstaller CArchives.
pub struct CArchiveAnalyzer;

impl Analyzer for CArchiveAnalyzer {
    fn format(&self) -> &'static str {
        "pyinstaller-carchive"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        match input.data.len().checked_sub(COOKIE_LEN) {
            Some(at) if input.data.get(at..at.saturating_add(8)) == Some(COOKIE_MAGIC) => {
                Detection::ByMagic
            }
            _ => Detection::No,
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        analyze(input.data)
    }
}

/// The cookie at the end of the archive.
struct Cookie {
    /// Where the archive starts in the data read.
    start: usize,
    toc: Range<usize>,
    archive_len: u32,
    toc_offset: u32,
    toc_len: u32,
    python: (u32, u32),
    python_library: String,
    /// The bytes after the library name's terminator, when some are not zero.
    python_library_padding: Option<Vec<u8>>,
}

fn malformed(reason: impl Into<String>) -> AnalyzeError {
    AnalyzeError::malformed("pyinstaller-carchive", reason.into())
}

fn read_cookie(data: &[u8]) -> Result<Cookie, AnalyzeError> {
    let at = data
        .len()
        .checked_sub(COOKIE_LEN)
        .ok_or_else(|| malformed("shorter than its cookie"))?;
    if data.get(at..at.saturating_add(COOKIE_MAGIC.len())) != Some(COOKIE_MAGIC) {
        return Err(malformed("no cookie at the end"));
    }
    let field = |n: usize| {
        u32_be_at(
            data,
            at.saturating_add(8).saturating_add(n.saturating_mul(4)),
        )
    };
    let (Some(archive_len), Some(toc_offset), Some(toc_len), Some(pyvers)) =
        (field(0), field(1), field(2), field(3))
    else {
        return Err(malformed("truncated cookie"));
    };
    let start = data
        .len()
        .checked_sub(archive_len as usize)
        .ok_or_else(|| {
            malformed(format!(
                "the cookie says the archive is {archive_len} bytes long, longer than the {} read",
                data.len()
            ))
        })?;
    let toc = range_at(
        data,
        start.saturating_add(toc_offset as usize),
        toc_len as usize,
    )
    .filter(|toc| toc.end <= at)
    .ok_or_else(|| malformed("the table of contents lies outside the archive"))?;
    let padded = data.get(at.saturating_add(24)..).unwrap_or_default();
    let name = padded.split(|&b| b == 0).next().unwrap_or_default();
    let padding = padded.get(name.len()..).unwrap_or_default();
    // Version 311 is 3.11; PyInstaller 2 wrote 27 for 2.7.
    let python = if pyvers >= 100 {
        (pyvers / 100, pyvers % 100)
    } else {
        (pyvers / 10, pyvers % 10)
    };
    Ok(Cookie {
        start,
        toc,
        archive_len,
        toc_offset,
        toc_len,
        python,
        python_library: String::from_utf8_lossy(name).into_owned(),
        python_library_padding: padding.iter().any(|&b| b != 0).then(|| padding.to_vec()),
    })
}

/// One table-of-contents record.
struct Entry {
    name: String,
    offset: u32,
    stored_len: u32,
    len: u32,
    compressed: u8,
    type_code: u8,
    /// The bytes after the name's terminator, when some are not zero (PyInstaller writes zeros).
    padding: Option<Vec<u8>>,
}

fn read_toc(toc: &[u8]) -> Result<Vec<Entry>, AnalyzeError> {
    let mut reader = ByteReader::new(toc);
    let mut entries = Vec::new();
    while !reader.is_empty() {
        let at = reader.position();
        let record_len = reader.u32_be().unwrap_or(0) as usize;
        let record = record_len
            .checked_sub(4)
            .filter(|_| record_len >= ENTRY_HEADER_LEN)
            .and_then(|rest| reader.take(rest))
            .ok_or_else(|| {
                malformed(format!(
                    "table of contents record at byte {at} has length {record_len}, which does \
                     not fit"
                ))
            })?;
        let mut fields = ByteReader::new(record);
        let (Some(offset), Some(stored_len), Some(len), Some(compressed), Some(type_code)) = (
            fields.u32_be(),
            fields.u32_be(),
            fields.u32_be(),
            fields.u8(),
            fields.u8(),
        ) else {
            return Err(malformed("truncated table of contents record"));
        };
        let padded = fields.rest();
        let name = padded.split(|&b| b == 0).next().unwrap_or_default();
        let padding = padded.get(name.len()..).unwrap_or_default();
        entries.push(Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            padding: padding.iter().any(|&b| b != 0).then(|| padding.to_vec()),
            offset,
            stored_len,
            len,
            compressed,
            type_code,
        });
    }
    Ok(entries)
}

/// What a type code means, for readers (`PyInstaller/archive/pyz_crypto`… `readers.py`).
fn type_name(code: u8) -> String {
    let meaning = match code {
        b'm' => "module",
        b'M' => "package",
        b's' => "script",
        b'z' => "PYZ archive",
        b'Z' => "zip archive",
        b'b' => "binary",
        b'x' => "data file",
        b'd' => "dependency",
        b'o' => "runtime option",
        b'l' => "splash screen",
        b'n' => "symbolic link",
        _ => "unknown type",
    };
    format!("{} ({meaning})", char::from(code))
}

/// Whether entries of this type are marshaled code objects.
fn is_code(code: u8) -> bool {
    matches!(code, b'm' | b'M' | b's')
}

fn analyze(data: &Bytes) -> Result<Node, AnalyzeError> {
    let cookie = read_cookie(data)?;
    let toc_bytes = data.get(cookie.toc.clone()).unwrap_or_default();
    let entries = read_toc(toc_bytes)?;
    let mut node = Node::new("pyinstaller-carchive");
    node.order = MemberOrder::Significant;
    let (major, minor) = cookie.python;
    node.push_field(Field::new(
        "carchive.python",
        FieldKind::ToolVersion,
        format!("{major}.{minor}"),
    ));
    node.push_field(Field::new(
        "carchive.python-library",
        FieldKind::ToolVersion,
        cookie.python_library.clone(),
    ));
    if let Some(padding) = cookie.python_library_padding.clone() {
        node.push_field(Field::new(
            "carchive.python-library-padding",
            FieldKind::Opaque,
            Value::Bytes(padding),
        ));
    }
    for (name, value) in [
        ("carchive.length", cookie.archive_len),
        ("carchive.toc-offset", cookie.toc_offset),
        ("carchive.toc-length", cookie.toc_len),
    ] {
        node.push_field(Field::new(
            name,
            FieldKind::Derived(Derivation::offset()),
            Value::Int(i64::from(value)),
        ));
    }

    // Modules are marshaled by the interpreter that compiled the PYZ: its magic number is the
    // best witness; the cookie's version names the same interpreter otherwise.
    let magic = pyz_magic(data, cookie.start, &entries)
        .or_else(|| {
            let major = u8::try_from(major).ok()?;
            frozen::magic_of_version(major, u8::try_from(minor).ok()?)
        })
        .filter(|&magic| frozen::is_known_magic(magic));
    let pyc_header = magic.and_then(frozen::header_for);
    if pyc_header.is_none() && entries.iter().any(|e| is_code(e.type_code)) {
        node.notes.push(format!(
            "Python {major}.{minor} is not a version the pyc reader decodes: modules are compared \
             as bytes"
        ));
    }

    let mut coverage = Coverage::default();
    coverage.cover(cookie.toc.clone());
    coverage.cover(data.len().saturating_sub(COOKIE_LEN)..data.len());
    let archive_end = data.len().saturating_sub(COOKIE_LEN);
    let mut members = Vec::with_capacity(entries.len().saturating_add(2));
    if cookie.start > 0 {
        coverage.cover(0..cookie.start);
        members.push(Member::new(
            BEFORE_MEMBER,
            MemberData::Bytes(data.slice(0..cookie.start)),
        ));
    }
    for entry in entries {
        let stored = range_at(
            data,
            cookie.start.saturating_add(entry.offset as usize),
            entry.stored_len as usize,
        )
        .filter(|range| range.end <= archive_end);
        let mut member_data = match &stored {
            Some(range) => {
                coverage.cover(range.clone());
                Storage {
                    what: format!("CArchive entry {}", entry.name),
                    compressed: entry.compressed != 0,
                    declared: Some(u64::from(entry.len)),
                    pyc_header: pyc_header.clone().filter(|_| is_code(entry.type_code)),
                }
                .member_data(data.slice(range.clone()))
            }
            None => MemberData::Unreadable(format!(
                "its {} bytes at offset {} lie outside the archive",
                entry.stored_len, entry.offset
            )),
        };
        if entry.stored_len == 0 && entry.len == 0 && stored.is_some() {
            // Options and dependency records: the name is all there is.
            member_data = MemberData::None;
        }
        let mut member = Member::new(entry.name.clone(), member_data);
        member.fields.push(Field::new(
            "carchive.type",
            FieldKind::EntryType,
            type_name(entry.type_code),
        ));
        member.fields.push(Field::new(
            "carchive.compressed",
            FieldKind::Encoding,
            if entry.compressed != 0 {
                "zlib"
            } else {
                "stored"
            },
        ));
        member.fields.push(Field::new(
            "carchive.offset",
            FieldKind::Derived(Derivation::offset()),
            Value::Int(i64::from(entry.offset)),
        ));
        member.fields.push(Field::new(
            "carchive.stored-length",
            FieldKind::Derived(Derivation::size(Covers::EncodedData)),
            Value::Int(i64::from(entry.stored_len)),
        ));
        member.fields.push(Field::new(
            "carchive.length",
            FieldKind::Derived(Derivation::size(Covers::Data)),
            Value::Int(i64::from(entry.len)),
        ));
        if let Some(padding) = entry.padding {
            member.fields.push(Field::new(
                "carchive.name-padding",
                FieldKind::Opaque,
                Value::Bytes(padding),
            ));
        }
        members.push(member);
    }
    if let Some(gaps) = coverage.gaps_member(data, data.len(), "carchive.gaps-size") {
        members.push(gaps);
    }
    node.members = unique_names(members);
    Ok(node)
}

/// The interpreter magic in the header of the archive's stored (uncompressed) PYZ, if it has one.
fn pyz_magic(data: &[u8], start: usize, entries: &[Entry]) -> Option<[u8; 4]> {
    let pyz = entries
        .iter()
        .find(|e| e.type_code == b'z' && e.compressed == 0)?;
    let at = start.checked_add(pyz.offset as usize)?;
    let header = data.get(at..at.checked_add(8)?)?;
    let magic = super::first_four(header.get(4..)?);
    (header.get(..4)? == b"PYZ\0").then_some(magic)
}
