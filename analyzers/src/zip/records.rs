//! The raw records of APPNOTE.TXT section 4.3, read with explicit bounds checks.
//!
//! Every read goes through the crate's [`byte_reader`](crate::byte_reader), so a lying length or
//! offset gives `None` (turned into an error or a note by the caller), never a panic. Offsets in
//! the records are relative to the start of the archive; [`Directory::shift`] is what must be
//! added to them when bytes were prepended without adjusting them (`cat stub a.zip` without
//! `zip -A`).

use std::ops::Range;

use super::extra;
use crate::byte_reader::{has_at, range_at, slice_at, u16_le_at, u32_le_at, u64_le_at, ByteReader};
use crate::AnalyzeError;

pub(super) const LOCAL_SIG: [u8; 4] = *b"PK\x03\x04";
pub(super) const CENTRAL_SIG: [u8; 4] = *b"PK\x01\x02";
pub(super) const EOCD_SIG: [u8; 4] = *b"PK\x05\x06";
const ZIP64_EOCD_SIG: [u8; 4] = *b"PK\x06\x06";
const ZIP64_LOCATOR_SIG: [u8; 4] = *b"PK\x06\x07";
const DESCRIPTOR_SIG: [u8; 4] = *b"PK\x07\x08";

const EOCD_LEN: usize = 22;
const ZIP64_EOCD_LEN: usize = 56;
const ZIP64_LOCATOR_LEN: usize = 20;
/// The fixed part of a central directory header: what one entry needs at least.
pub(super) const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;
/// The longest a comment can be, so the farthest an end record can sit from the end.
const MAX_COMMENT: usize = 0xffff;

/// General purpose bit 3: CRC and sizes follow the data in a data descriptor.
pub(super) const FLAG_DESCRIPTOR: u16 = 0x0008;

/// The end of central directory record (APPNOTE 4.3.16).
#[derive(Debug, Clone)]
pub(super) struct Eocd {
    /// Where the signature is.
    pub position: usize,
    pub disk: u16,
    pub cd_disk: u16,
    pub entries: u16,
    pub cd_size: u32,
    pub cd_offset: u32,
    pub comment: Range<usize>,
}

impl Eocd {
    pub fn end(&self) -> usize {
        self.comment.end
    }
}

/// The zip64 end of central directory record and its locator (APPNOTE 4.3.14, 4.3.15).
#[derive(Debug, Clone)]
pub(super) struct Zip64Eocd {
    /// The record, from its signature to the end of its extensible data.
    pub record: Range<usize>,
    /// The locator (always 20 bytes, just before the end record).
    pub locator: Range<usize>,
    pub made_by: u16,
    pub needed: u16,
    pub disk: u32,
    pub cd_disk: u32,
    pub entries: u64,
    pub cd_size: u64,
    pub cd_offset: u64,
}

/// Finds the end of central directory record: the last signature within the last 65557 bytes
/// whose comment ends exactly at the end of the data, else the last whose comment fits.
pub(super) fn find_eocd(data: &[u8]) -> Option<Eocd> {
    let last = data.len().checked_sub(EOCD_LEN)?;
    let first = data.len().saturating_sub(EOCD_LEN + MAX_COMMENT);
    let mut fitting = None;
    let window = data.get(first..)?;
    // The signature's occurrences, last first (searched with SIMD: every file is asked).
    let positions = memchr::memmem::rfind_iter(window, &EOCD_SIG)
        .filter_map(|offset| first.checked_add(offset))
        .filter(|&position| position <= last);
    for position in positions {
        match eocd_comment(data, position) {
            Some(comment) if comment.end == data.len() => return parse_eocd(data, position),
            Some(_) if fitting.is_none() => fitting = Some(position),
            _ => {}
        }
    }
    parse_eocd(data, fitting?)
}

/// Where the comment of the end record at `position` is, if it fits in `data`.
fn eocd_comment(data: &[u8], position: usize) -> Option<Range<usize>> {
    let comment_len = usize::from(u16_le_at(slice_at(data, position, EOCD_LEN)?, 20)?);
    range_at(data, position.checked_add(EOCD_LEN)?, comment_len)
}

fn parse_eocd(data: &[u8], position: usize) -> Option<Eocd> {
    let record = slice_at(data, position, EOCD_LEN)?;
    Some(Eocd {
        position,
        disk: u16_le_at(record, 4)?,
        cd_disk: u16_le_at(record, 6)?,
        entries: u16_le_at(record, 10)?,
        cd_size: u32_le_at(record, 12)?,
        cd_offset: u32_le_at(record, 16)?,
        comment: eocd_comment(data, position)?,
    })
}

/// Reads the zip64 end record through the locator just before `eocd`, if there is one. An
/// unreadable one is `Err` with the reason (the caller notes it and goes on without).
fn find_zip64(data: &[u8], eocd: &Eocd) -> Result<Option<Zip64Eocd>, String> {
    let Some(locator_pos) = eocd.position.checked_sub(ZIP64_LOCATOR_LEN) else {
        return Ok(None);
    };
    let locator = data.get(locator_pos..eocd.position).unwrap_or_default();
    if !has_at(locator, 0, &ZIP64_LOCATOR_SIG) {
        return Ok(None);
    }
    let declared = u64_le_at(locator, 8).ok_or("truncated zip64 locator")?;
    // The record sits where the locator says, or (when bytes were prepended to the archive
    // without adjusting offsets) just before the locator.
    let mut candidates = Vec::with_capacity(2);
    if let Ok(declared) = usize::try_from(declared) {
        candidates.push(declared);
    }
    if let Some(adjacent) = locator_pos.checked_sub(ZIP64_EOCD_LEN) {
        candidates.push(adjacent);
    }
    for position in candidates {
        // A record too short for its fixed part cannot end before the locator either.
        let Some(fixed) = slice_at(data, position, ZIP64_EOCD_LEN) else {
            continue;
        };
        if !has_at(fixed, 0, &ZIP64_EOCD_SIG) {
            continue;
        }
        let Some(size) = u64_le_at(fixed, 4) else {
            continue;
        };
        // The size counts the bytes after itself: the signature and the size take 12.
        let end = usize::try_from(size)
            .ok()
            .and_then(|size| position.checked_add(12)?.checked_add(size));
        let Some(end) = end.filter(|&end| end <= locator_pos && size >= 44) else {
            continue;
        };
        let read = || -> Option<Zip64Eocd> {
            Some(Zip64Eocd {
                record: position..end,
                locator: locator_pos..eocd.position,
                made_by: u16_le_at(fixed, 12)?,
                needed: u16_le_at(fixed, 14)?,
                disk: u32_le_at(fixed, 16)?,
                cd_disk: u32_le_at(fixed, 20)?,
                entries: u64_le_at(fixed, 32)?,
                cd_size: u64_le_at(fixed, 40)?,
                cd_offset: u64_le_at(fixed, 48)?,
            })
        };
        if let Some(record) = read() {
            return Ok(Some(record));
        }
    }
    Err(format!(
        "the zip64 locator points to offset {declared}, where there is no zip64 end record"
    ))
}

/// Where the central directory is and what the end records say about it.
#[derive(Debug, Clone)]
pub(super) struct Directory {
    pub eocd: Eocd,
    pub zip64: Option<Zip64Eocd>,
    /// The central directory offset as stored (zip64 value when there is a zip64 record).
    pub declared_offset: u64,
    /// Its bytes in `data`.
    pub range: Range<usize>,
    /// The number of entries the end record declares.
    pub declared_entries: u64,
    /// What to add to stored offsets to get positions in `data`: non-zero when bytes were
    /// prepended to the archive without adjusting its offsets.
    pub shift: u64,
    /// What to subtract from stored offsets to get positions in `data`: non-zero when the archive
    /// was cut out of a larger file whose offsets it keeps (a zip appended to an executable and
    /// adjusted with `zip -A`, read as the executable's overlay).
    pub cut: u64,
    /// Problems worth a note that did not stop the reading.
    pub notes: Vec<String>,
}

impl Directory {
    /// Finds the end records and the central directory. No end record, or a central directory
    /// that is not where the end records say, is an error.
    pub fn read(data: &[u8]) -> Result<Directory, AnalyzeError> {
        let bad = |reason: String| AnalyzeError::malformed("zip", reason);
        let eocd =
            find_eocd(data).ok_or_else(|| bad("no end of central directory record".to_owned()))?;
        let mut notes = Vec::new();
        let zip64 = match find_zip64(data, &eocd) {
            Ok(zip64) => zip64,
            Err(problem) => {
                notes.push(problem);
                None
            }
        };
        let (declared_offset, cd_size, declared_entries, tail_start) = match &zip64 {
            Some(z) => (z.cd_offset, z.cd_size, z.entries, z.record.start),
            None => (
                u64::from(eocd.cd_offset),
                u64::from(eocd.cd_size),
                u64::from(eocd.entries),
                eocd.position,
            ),
        };
        let disks = match &zip64 {
            Some(z) => u64::from(z.disk) | u64::from(z.cd_disk),
            None => u64::from(eocd.disk) | u64::from(eocd.cd_disk),
        };
        if disks != 0 {
            notes.push("the end record names other disks: multi-disk archives are read as if they were one file".to_owned());
        }
        // Where the central directory is if it is right before the end records.
        let adjacent = usize::try_from(cd_size)
            .ok()
            .and_then(|len| Some(tail_start.checked_sub(len)?..tail_start))
            .ok_or_else(|| {
                bad(format!(
                    "the central directory size ({cd_size} bytes) is larger than the {tail_start} bytes before the end record"
                ))
            })?;
        let declared = usize::try_from(declared_offset)
            .ok()
            .and_then(|start| Some(start..start.checked_add(adjacent.len())?))
            .filter(|range| range.end <= tail_start);
        let range = if adjacent.is_empty() {
            adjacent
        } else {
            match declared {
                Some(range) if has_at(data, range.start, &CENTRAL_SIG) => range,
                _ if has_at(data, adjacent.start, &CENTRAL_SIG) => adjacent,
                _ => {
                    return Err(bad(format!(
                        "no central directory at offset {declared_offset} ({cd_size} bytes), nor right before the end record"
                    )))
                }
            }
        };
        let start = range.start;
        let shift = (start as u64).saturating_sub(declared_offset);
        let cut = declared_offset.saturating_sub(start as u64);
        if shift != 0 {
            notes.push(format!(
                "the archive's offsets are relative to byte {shift}: bytes were prepended without adjusting them (zip -A would)"
            ));
        }
        if cut != 0 {
            notes.push(format!(
                "the archive's offsets count from {cut} bytes before its first byte: it was cut out of a larger file"
            ));
        }
        Ok(Directory {
            eocd,
            zip64,
            declared_offset,
            range,
            declared_entries,
            shift,
            cut,
            notes,
        })
    }

    /// A stored offset as a position in the data, if it is one.
    pub fn position(&self, stored: u64) -> Option<usize> {
        usize::try_from(stored.checked_add(self.shift)?.checked_sub(self.cut)?).ok()
    }
}

/// One central directory header (APPNOTE 4.3.12), zip64 values already applied.
#[derive(Debug, Clone)]
pub(super) struct CentralHeader<'a> {
    /// Where the header is in the data.
    pub position: usize,
    /// Where it ends, name, extra field and comment included: where the next one starts.
    pub end: usize,
    pub made_by: u16,
    pub needed: u16,
    pub flags: u16,
    pub method: u16,
    pub time: u16,
    pub date: u16,
    pub crc: u32,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    pub disk_start: u32,
    pub internal: u16,
    pub external: u32,
    /// The local header offset as stored (relative to the archive start).
    pub local_offset: u64,
    pub name: &'a [u8],
    pub extra: &'a [u8],
    pub comment: &'a [u8],
    /// Set when a 32-bit field says "see zip64" but the zip64 extra field does not carry it.
    pub zip64_problem: Option<String>,
}

/// Reads one central header at `position`, which must end before `end`.
pub(super) fn read_central(data: &[u8], position: usize, end: usize) -> Option<CentralHeader<'_>> {
    let mut reader = ByteReader::at(data.get(..end)?, position)?;
    let fixed = reader.take(CENTRAL_LEN)?;
    if !has_at(fixed, 0, &CENTRAL_SIG) {
        return None;
    }
    let name = reader.take(usize::from(u16_le_at(fixed, 28)?))?;
    let extra = reader.take(usize::from(u16_le_at(fixed, 30)?))?;
    let comment = reader.take(usize::from(u16_le_at(fixed, 32)?))?;
    let mut header = CentralHeader {
        position,
        end: reader.position(),
        made_by: u16_le_at(fixed, 4)?,
        needed: u16_le_at(fixed, 6)?,
        flags: u16_le_at(fixed, 8)?,
        method: u16_le_at(fixed, 10)?,
        time: u16_le_at(fixed, 12)?,
        date: u16_le_at(fixed, 14)?,
        crc: u32_le_at(fixed, 16)?,
        compressed_size: u64::from(u32_le_at(fixed, 20)?),
        uncompressed_size: u64::from(u32_le_at(fixed, 24)?),
        disk_start: u32::from(u16_le_at(fixed, 34)?),
        internal: u16_le_at(fixed, 36)?,
        external: u32_le_at(fixed, 38)?,
        local_offset: u64::from(u32_le_at(fixed, 42)?),
        name,
        extra,
        comment,
        zip64_problem: None,
    };
    header.apply_zip64();
    Some(header)
}

impl CentralHeader<'_> {
    /// Replaces the 32-bit fields left at their maximum by the zip64 extra field's values, in the
    /// order APPNOTE 4.5.3 gives.
    fn apply_zip64(&mut self) {
        const MAX32: u64 = 0xffff_ffff;
        let wanted = [
            self.uncompressed_size == MAX32,
            self.compressed_size == MAX32,
            self.local_offset == MAX32,
            self.disk_start == 0xffff,
        ];
        if !wanted.contains(&true) {
            return;
        }
        let mut values = ByteReader::new(
            extra::split(self.extra)
                .blocks
                .into_iter()
                .find(|b| b.id == extra::ZIP64)
                .map(|b| b.data)
                .unwrap_or_default(),
        );
        let mut missing = Vec::new();
        if wanted[0] {
            match values.u64_le() {
                Some(v) => self.uncompressed_size = v,
                None => missing.push("uncompressed size"),
            }
        }
        if wanted[1] {
            match values.u64_le() {
                Some(v) => self.compressed_size = v,
                None => missing.push("compressed size"),
            }
        }
        if wanted[2] {
            match values.u64_le() {
                Some(v) => self.local_offset = v,
                None => missing.push("local header offset"),
            }
        }
        if wanted[3] {
            match values.u32_le() {
                Some(v) => self.disk_start = v,
                None => missing.push("disk number"),
            }
        }
        if !missing.is_empty() {
            self.zip64_problem = Some(format!(
                "the zip64 extra field lacks the {}",
                missing.join(", ")
            ));
        }
    }
}

/// The central directory's headers, and what the caller should note about them.
pub(super) struct CentralDirectory<'a> {
    pub headers: Vec<CentralHeader<'a>>,
    pub notes: Vec<String>,
}

/// Reads the central headers in `dir`, at most `max_members` of them. The vector is sized by the
/// bytes available (an entry needs at least 46), never by the declared count alone.
pub(super) fn read_central_directory<'a>(
    data: &'a [u8],
    dir: &Directory,
    max_members: usize,
) -> Result<CentralDirectory<'a>, AnalyzeError> {
    let room = dir.range.len() / CENTRAL_LEN;
    let declared = usize::try_from(dir.declared_entries).unwrap_or(usize::MAX);
    let mut headers = Vec::with_capacity(declared.min(room).min(max_members));
    let mut notes = Vec::new();
    let mut position = dir.range.start;
    let mut stopped_at_limit = false;
    while position < dir.range.end {
        if headers.len() >= max_members {
            stopped_at_limit = true;
            break;
        }
        let Some(header) = read_central(data, position, dir.range.end) else {
            break;
        };
        position = header.end;
        headers.push(header);
    }
    if stopped_at_limit {
        notes.push(format!(
            "only the first {max_members} entries were read (the member limit, --max-members); the end record declares {}",
            dir.declared_entries
        ));
        return Ok(CentralDirectory { headers, notes });
    }
    if headers.is_empty() && dir.declared_entries != 0 {
        return Err(AnalyzeError::malformed(
            "zip",
            format!(
                "the end record declares {} entries but no central directory header could be read at offset {}",
                dir.declared_entries, dir.range.start
            ),
        ));
    }
    if position < dir.range.end {
        notes.push(format!(
            "{} bytes of the central directory at offset {position} are not a readable header",
            dir.range.end.saturating_sub(position)
        ));
    }
    if headers.len() as u64 != dir.declared_entries
        // More than 65535 entries without zip64: the 16-bit count wrapped.
        && (dir.zip64.is_some() || headers.len() as u64 % 0x1_0000 != dir.declared_entries)
    {
        notes.push(format!(
            "the end record declares {} entries, the central directory holds {}",
            dir.declared_entries,
            headers.len()
        ));
    }
    Ok(CentralDirectory { headers, notes })
}

/// One local file header (APPNOTE 4.3.7), zip64 sizes applied.
#[derive(Debug, Clone)]
pub(super) struct LocalHeader<'a> {
    pub position: usize,
    pub method: u16,
    pub crc: u32,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    pub name: &'a [u8],
    pub extra: &'a [u8],
    /// Where the entry's data starts.
    pub data_start: usize,
    /// Whether the header carries a zip64 extra field (data descriptors then hold 8-byte sizes).
    pub zip64: bool,
}

/// Reads the local header at `position`, or says why there is none.
pub(super) fn read_local(data: &[u8], position: usize) -> Result<LocalHeader<'_>, String> {
    if !has_at(data, position, &LOCAL_SIG) {
        return Err(format!("no local file header at offset {position}"));
    }
    let truncated = || format!("the local file header at offset {position} is truncated");
    let mut reader = ByteReader::at(data, position).ok_or_else(truncated)?;
    let fixed = reader.take(LOCAL_LEN).ok_or_else(truncated)?;
    let field16 = |at| u16_le_at(fixed, at).unwrap_or_default();
    let field32 = |at| u32_le_at(fixed, at).unwrap_or_default();
    let name = reader
        .take(usize::from(field16(26)))
        .ok_or_else(truncated)?;
    let extra = reader
        .take(usize::from(field16(28)))
        .ok_or_else(truncated)?;
    let mut header = LocalHeader {
        position,
        method: field16(8),
        crc: field32(14),
        compressed_size: u64::from(field32(18)),
        uncompressed_size: u64::from(field32(22)),
        name,
        extra,
        data_start: reader.position(),
        zip64: false,
    };
    if let Some(values) = extra::split(header.extra)
        .blocks
        .into_iter()
        .find(|b| b.id == extra::ZIP64)
        .map(|b| b.data)
    {
        header.zip64 = true;
        // In a local header the zip64 field holds both sizes when either is at its maximum.
        let mut values = ByteReader::new(values);
        if header.uncompressed_size == 0xffff_ffff {
            if let Some(v) = values.u64_le() {
                header.uncompressed_size = v;
            }
        }
        if header.compressed_size == 0xffff_ffff {
            if let Some(v) = values.u64_le() {
                header.compressed_size = v;
            }
        }
    }
    Ok(header)
}

/// A data descriptor (APPNOTE 4.3.9): CRC and sizes written after the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Descriptor {
    pub crc: u32,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    /// Its length in bytes, signature included.
    pub len: usize,
}

/// Reads the data descriptor at `position`, with 8-byte sizes if `zip64`.
pub(super) fn read_descriptor(data: &[u8], position: usize, zip64: bool) -> Option<Descriptor> {
    let mut reader = ByteReader::new(data.get(position..)?);
    reader.eat(&DESCRIPTOR_SIG);
    let crc = reader.u32_le()?;
    let (compressed_size, uncompressed_size) = if zip64 {
        (reader.u64_le()?, reader.u64_le()?)
    } else {
        (u64::from(reader.u32_le()?), u64::from(reader.u32_le()?))
    };
    Some(Descriptor {
        crc,
        compressed_size,
        uncompressed_size,
        len: reader.position(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_record_prefers_the_one_ending_the_data() {
        // An end record whose comment contains another end record signature.
        let mut data = b"PK\x05\x06".to_vec();
        data.extend_from_slice(&[0; 16]);
        data.extend_from_slice(&26u16.to_le_bytes());
        data.extend_from_slice(b"PK\x05\x06");
        data.extend_from_slice(&[0; 16]);
        data.extend_from_slice(&0u16.to_le_bytes());
        data.extend_from_slice(b"abcd");
        let eocd = find_eocd(&data).unwrap();
        assert_eq!(eocd.position, 0);
        assert_eq!(eocd.comment, 22..48);
    }

    #[test]
    fn descriptors_with_and_without_signature() {
        let mut data = DESCRIPTOR_SIG.to_vec();
        data.extend_from_slice(&[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
        let d = read_descriptor(&data, 0, false).unwrap();
        assert_eq!(
            (d.crc, d.compressed_size, d.uncompressed_size, d.len),
            (1, 2, 3, 16)
        );
        let d = read_descriptor(&data[4..], 0, false).unwrap();
        assert_eq!(d.len, 12);
        assert!(read_descriptor(&data, 0, true).is_none());
    }
}
