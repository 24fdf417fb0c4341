//! zip (PKWARE APPNOTE.TXT 6.3): every field of the end records, central directory headers and
//! local file headers that a build can leak, and each entry's data as a member, analyzed again.
//!
//! The raw records are read here ([`records`], [`extra`]) rather than through the `zip` crate,
//! because the crate hides much of what makes two builds of one tree differ: the order of the
//! local headers, the raw extra fields (Info-ZIP's extended timestamp, whose local copy alone
//! holds atime and ctime, and the 0x7875 uid/gid field), version made by, the external and
//! internal attributes, the deflate level bits of the general purpose flags, entries with
//! duplicate names (it keys entries by name), local headers that disagree with the central
//! directory, and bytes before, between or after the records. The crate only decompresses
//! ([`decode`]), and only when the engine asks: each member's data is an [`crate::Encoded`]
//! reference to its compressed bytes.
//!
//! Members come in central directory order. Time fields are `Time`, uid/gid `Owner`, modes
//! `Mode`, method/flags/versions needed `Encoding`, version made by `ToolVersion`, CRC and sizes
//! `Derived`, the local header order `Order`, comments `Text`, unknown extra blocks `Opaque`.
//!
//! Entry names are bytes, spelled losslessly by [`crate::names::escape`] whatever the UTF-8 flag
//! says (a name that is not UTF-8 shows its other bytes as `\xHH`, not a CP437 reading that could
//! equal another name); comments are read as UTF-8 when flagged or valid, else as CP437.

mod decode;
mod extra;
mod records;

use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use bytes::Bytes;

use crate::compressed::stream_field;
use crate::names::escape;
use crate::{
    AnalyzeError, Analyzer, Covers, DeferredFields, Derivation, Detection, Field, FieldKind,
    FieldSource, Input, Key, Limits, Member, MemberData, MemberOrder, Node, Ordered, TimeEncoding,
    TimeRole, Timestamp, Value,
};
use decode::{Decoder, Entry};
use extra::Location;
use records::{CentralHeader, Descriptor, Directory, LocalHeader, FLAG_DESCRIPTOR};

/// Reads zip archives (and jar, wheel, apk, OOXML, ODF, epub… which are zip archives).
pub struct ZipAnalyzer;

/// General purpose bit 0: the entry is encrypted.
const FLAG_ENCRYPTED: u16 = 0x0001;
/// General purpose bit 11: name and comment are UTF-8.
const FLAG_UTF8: u16 = 0x0800;
/// The name of the member holding the bytes before the first local header.
pub const PREFIX_MEMBER: &str = "<prefix>";
/// The most notes about uncovered or overlapping bytes before they are summarized.
const MAX_LAYOUT_NOTES: usize = 8;

/// Extensions of formats that are zip archives.
const EXTENSIONS: &[&str] = &[
    ".zip", ".whl", ".egg", ".jar", ".war", ".ear", ".aar", ".apk", ".nupkg", ".docx", ".xlsx",
    ".pptx", ".odt", ".ods", ".odp", ".epub", ".xpi", ".vsix",
];

impl Analyzer for ZipAnalyzer {
    fn format(&self) -> &'static str {
        "zip"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.data.starts_with(&records::LOCAL_SIG) || input.data.starts_with(&records::EOCD_SIG)
        {
            return Detection::ByMagic;
        }
        // An archive after other bytes (a `#!` line: zipapp, shiv, pex; a launcher stub) is found
        // by its end record, when the offsets it records are exactly where its records are: the
        // archive was written for this file. A zip that is only the last member of another
        // container (a tar) records offsets from its own start, and is not taken for the whole.
        if records::Directory::read(input.data)
            .is_ok_and(|dir| dir.shift == 0 && dir.cut == 0 && !dir.range.is_empty())
        {
            return Detection::ByMagic;
        }
        if input.has_extension(EXTENSIONS) {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError> {
        let data: &[u8] = input.data;
        let dir = Directory::read(data)?;
        let central = records::read_central_directory(data, &dir, limits.max_members)?;
        let mut node = Node::new("zip");
        node.order = MemberOrder::Significant;
        node.notes.extend(dir.notes.iter().cloned());
        // An executable's overlay keeps the offsets of the file it is appended to: expected there.
        if dir.cut != 0 && input.name == crate::pe::OVERLAY_MEMBER {
            node.notes
                .retain(|note| !note.contains("cut out of a larger file"));
        }
        node.notes.extend(central.notes);

        let mut decoder = Decoder::new(input.data, central.headers.len());
        let mut layout = Layout::default();
        let mut members = Vec::with_capacity(central.headers.len());
        // (local header position, central index) for the order of the local headers.
        let mut local_order = Vec::with_capacity(central.headers.len());
        let records: Arc<dyn FieldSource> = Arc::new(Records {
            data: input.data.clone(),
            dir: dir.clone(),
            positions: central.headers.iter().map(|h| h.position).collect(),
        });
        for (index, header) in central.headers.iter().enumerate() {
            let member = read_entry(
                input.data,
                &dir,
                header,
                &mut decoder,
                &mut layout,
                &mut node.notes,
                Some((&records, index)),
            );
            if let Some(position) = dir.position(header.local_offset) {
                local_order.push((position, index));
            }
            members.push(member);
        }
        // Stored and deflate entries are decoded without the crate: its refusal matters only to
        // the others.
        let needs_crate = central.headers.iter().any(|h| !matches!(h.method, 0 | 8));
        if let Some(refusal) = needs_crate.then(|| decoder.refusal()).flatten() {
            node.notes.push(format!(
                "the zip crate refused this archive ({refusal}); stored and deflate entries were decoded directly"
            ));
        }

        let comment = data.get(dir.eocd.comment.clone()).unwrap_or_default();
        if !comment.is_empty() {
            node.push_field(Field::new(
                "zip.archive-comment",
                FieldKind::Text,
                decode_text(comment, false),
            ));
        }
        if let Some(z) = &dir.zip64 {
            node.push_field(Field::new(
                "zip.zip64",
                FieldKind::ContainerVariant,
                format!(
                    "zip64 end record made by {}, needs {}, {} bytes",
                    version_made_by(z.made_by),
                    version_needed(z.needed),
                    z.record.len()
                ),
            ));
        }
        local_order.sort_by_key(|&(position, index)| (position, index));
        let names_in_local_order: Vec<&str> = local_order
            .iter()
            .filter_map(|&(_, index)| members.get(index))
            .map(|member| member.name.as_str())
            .collect();
        let names_in_central_order: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        if names_in_local_order != names_in_central_order {
            node.push_field(Field::new(
                "zip.local-order",
                FieldKind::Order(Ordered::Members),
                names_in_local_order.join("\n"),
            ));
        }
        let position = |name, value: u64| {
            Field::new(name, FieldKind::Derived(Derivation::offset()), int(value))
        };
        node.push_field(position(
            "zip.central-directory-offset",
            dir.declared_offset,
        ));
        node.push_field(position(
            "zip.central-directory-size",
            dir.range.len() as u64,
        ));

        // The prefix: what comes before the first record of the archive.
        let first_record = local_order
            .first()
            .map_or(dir.range.start, |&(position, _)| {
                position.min(dir.range.start)
            })
            .min(data.len());
        if first_record > 0 {
            node.push_field(position("zip.prefix-size", first_record as u64));
            // Rare (a self-extracting archive's stub): shifting the entries costs less than
            // building every archive's member list twice.
            members.insert(
                0,
                Member::new(
                    PREFIX_MEMBER,
                    MemberData::Bytes(input.data.slice(..first_record)),
                ),
            );
            layout.cover(0..first_record);
        }
        node.members = members;

        layout.cover(dir.range.clone());
        if let Some(z) = &dir.zip64 {
            layout.cover(z.record.clone());
            layout.cover(z.locator.clone());
        }
        layout.cover(dir.eocd.position..dir.eocd.end());
        node.notes.extend(layout.notes(data.len()));
        Ok(node)
    }
}

/// The member for one central header: its fields, its local header's, and its data.
///
/// With `deferral` (the archive's [`Records`] and the entry's index), an entry without extra
/// fields lists only its time (`zip.mtime`, what two builds of one source usually differ in) and
/// defers the fields of its records behind their bytes with the times left out: equal bytes are
/// equal fields, computed (by this same function, without `deferral`) only when they differ.
fn read_entry(
    data: &Bytes,
    dir: &Directory,
    header: &CentralHeader<'_>,
    decoder: &mut Decoder,
    layout: &mut Layout,
    notes: &mut Vec<String>,
    deferral: Option<(&Arc<dyn FieldSource>, usize)>,
) -> Member {
    let name = escape(header.name);
    // An entry that defers its record fields lists its time alone; another lists about fifteen.
    let mut fields = Vec::with_capacity(if deferral.is_some() && header.extra.is_empty() {
        1
    } else {
        16
    });
    fields.push(Field::new(
        "zip.mtime",
        FieldKind::Time(TimeRole::EntryModified),
        dos_time(header.date, header.time),
    ));
    let central_extra = extra::split(header.extra);
    let mut problems = extra::fields(
        &central_extra,
        Location::Central,
        &extra::Split::default(),
        &mut fields,
    );
    if let Some(problem) = &header.zip64_problem {
        problems.push(problem.clone());
    }

    let local_position = dir.position(header.local_offset);
    let local = local_position
        .ok_or_else(|| {
            format!(
                "local header offset {} is out of range",
                header.local_offset
            )
        })
        .and_then(|position| records::read_local(data, position));
    let deferral = deferral.filter(|_| {
        header.extra.is_empty() && local.as_ref().is_ok_and(|local| local.extra.is_empty())
    });
    let mut descriptor_range = None;
    let mut mismatch = Vec::new();
    let mut compressed = None;
    match &local {
        Ok(local) => {
            let local_extra = extra::split(local.extra);
            problems.extend(extra::fields(
                &local_extra,
                Location::Local,
                &central_extra,
                &mut fields,
            ));
            let data_end = local
                .data_start
                .checked_add(usize::try_from(header.compressed_size).unwrap_or(usize::MAX))
                .filter(|&end| end <= data.len());
            let mut record_end = data_end;
            match data_end {
                Some(end) => {
                    compressed = Some(local.data_start..end);
                    if header.flags & FLAG_DESCRIPTOR != 0 {
                        let zip64 = local.zip64 || header.compressed_size >= 0xffff_ffff;
                        match records::read_descriptor(data, end, zip64) {
                            Some(descriptor) => {
                                record_end = end.checked_add(descriptor.len);
                                descriptor_range = record_end.map(|record_end| end..record_end);
                                compare_descriptor(&descriptor, header, &mut mismatch);
                            }
                            None => mismatch.push("the data descriptor is missing".to_owned()),
                        }
                    }
                }
                None => problems.push(format!(
                    "its data ({} bytes from offset {}) runs past the end of the archive",
                    header.compressed_size, local.data_start
                )),
            }
            layout.cover(local.position..record_end.unwrap_or(local.data_start));
            compare_local(local, header, &mut mismatch);
        }
        Err(problem) => mismatch.push(problem.clone()),
    }

    let member_data = if name.ends_with('/') {
        MemberData::None
    } else if header.flags & FLAG_ENCRYPTED != 0 {
        MemberData::Unreadable("encrypted".to_owned())
    } else {
        match (&local, compressed.clone()) {
            (Ok(local), Some(compressed)) => decoder.member_data(&Entry {
                central_position: header.position,
                name_raw: header.name,
                method: header.method,
                crc: header.crc,
                uncompressed_size: header.uncompressed_size,
                local_position: local.position,
                compressed,
            }),
            (Ok(_), None) => MemberData::Unreadable("its data runs past the end".to_owned()),
            (Err(problem), _) => MemberData::Unreadable(problem.clone()),
        }
    };
    // An entry whose data is its compressed stream (not a directory, encrypted, or missing)
    // leaves that stream out of its deferred key: the engine compares it as the data.
    let encoded_data = matches!(member_data, MemberData::Encoded(_));
    let deferred = match deferral {
        Some((source, index)) => Some(DeferredFields {
            key: record_key(
                data,
                header,
                &local,
                descriptor_range,
                compressed,
                encoded_data,
            ),
            index,
            source: Arc::clone(source),
            with_encoded_data: encoded_data,
        }),
        None => {
            push_record_fields(header, data, compressed.as_ref(), &mismatch, &mut fields);
            None
        }
    };
    if !mismatch.is_empty() {
        notes.push(format!(
            "entry {name}: the local header disagrees with the central directory: {}",
            mismatch.join("; ")
        ));
    }
    for problem in problems {
        notes.push(format!("entry {name}: {problem}"));
    }

    Member {
        fields,
        deferred,
        ..Member::new(name, member_data)
    }
}

/// An entry's fields from its central header, after its time and extra fields: modes, versions,
/// method, flags, checksum, sizes, its compressed stream, offset, comment, and what its local
/// header says otherwise.
fn push_record_fields(
    header: &CentralHeader<'_>,
    data: &Bytes,
    compressed: Option<&std::ops::Range<usize>>,
    mismatch: &[String],
    fields: &mut Vec<Field>,
) {
    // Unix mode and DOS attributes: external attributes high and low 16 bits.
    let host = header.made_by >> 8;
    let unix_mode = header.external >> 16;
    if host == 3 || unix_mode != 0 {
        fields.push(Field::new(
            "zip.unix-mode",
            FieldKind::Mode,
            Value::Octal(unix_mode),
        ));
    }
    fields.push(Field::new(
        "zip.dos-attributes",
        FieldKind::Mode,
        Value::Hex(u64::from(header.external & 0xff)),
    ));
    fields.push(Field::new(
        "zip.version-made-by",
        FieldKind::ToolVersion,
        version_made_by(header.made_by),
    ));
    fields.push(Field::new(
        "zip.version-needed",
        FieldKind::Encoding,
        version_needed(header.needed),
    ));
    fields.push(Field::new(
        "zip.method",
        FieldKind::Encoding,
        method_name(header.method).into_owned(),
    ));
    fields.push(Field::new(
        "zip.flags",
        FieldKind::Encoding,
        Value::Hex(u64::from(header.flags & !(FLAG_UTF8 | FLAG_DESCRIPTOR))),
    ));
    // Two flags say how the container is written, not how the data is encoded: bit 3 puts the
    // CRC and sizes in a data descriptor after the data (what a writer that cannot seek back, a
    // stream to a pipe, must do), bit 11 marks the name and comment as UTF-8 (which writers set
    // by their own policy or by the locale's character set; the name's bytes are compared
    // apart). Either is another variant of the same container, listed only when set.
    if header.flags & FLAG_DESCRIPTOR != 0 {
        fields.push(Field::new(
            "zip.data-descriptor",
            FieldKind::ContainerVariant,
            "CRC and sizes after the data (general purpose bit 3)",
        ));
    }
    if header.flags & FLAG_UTF8 != 0 {
        fields.push(Field::new(
            "zip.utf8-name",
            FieldKind::ContainerVariant,
            "name and comment marked UTF-8 (general purpose bit 11)",
        ));
    }
    fields.push(Field::new(
        "zip.internal-attributes",
        FieldKind::Encoding,
        Value::Hex(u64::from(header.internal)),
    ));
    if header.disk_start != 0 {
        fields.push(Field::new(
            "zip.disk-number",
            FieldKind::Encoding,
            Value::Int(i64::from(header.disk_start)),
        ));
    }
    fields.push(Field::new(
        "zip.crc32",
        FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
        Value::Hex(u64::from(header.crc)),
    ));
    fields.push(Field::new(
        "zip.uncompressed-size",
        FieldKind::Derived(Derivation::size(Covers::Data).verified()),
        int(header.uncompressed_size),
    ));
    fields.push(Field::new(
        "zip.compressed-size",
        FieldKind::Derived(Derivation::size(Covers::EncodedData)),
        int(header.compressed_size),
    ));
    if let Some(range) = compressed {
        let stream = match data.get(range.clone()) {
            Some(_) => data.slice(range.clone()),
            None => Bytes::new(),
        };
        fields.push(stream_field("zip.compressed-stream", stream));
    }
    fields.push(Field::new(
        "zip.local-header-offset",
        FieldKind::Derived(Derivation::offset()),
        int(header.local_offset),
    ));
    if !header.comment.is_empty() {
        fields.push(Field::new(
            "zip.comment",
            FieldKind::Text,
            decode_text(header.comment, header.flags & FLAG_UTF8 != 0),
        ));
    }
    if !mismatch.is_empty() {
        fields.push(Field::new(
            "zip.local-header-mismatch",
            FieldKind::Opaque,
            mismatch.join("; "),
        ));
    }
}

/// The key of an entry's deferred fields: its central header, local header and data descriptor
/// as stored, the two DOS times left out (the central one is `zip.mtime`, listed; the local one
/// is in no field), and its compressed stream, after a prefix saying which records there are and
/// how long each is. Everything [`push_record_fields`] reads is in these bytes, so equal keys are
/// equal fields. With `stream_in_data` the stream itself is left out (its length stays in the
/// prefix): it is the member's encoded data, which the engine compares anyway, and equal keys
/// and equal data are equal fields. Built with one allocation (the list of pieces): the pieces
/// are slices of the input.
fn record_key(
    data: &Bytes,
    header: &CentralHeader<'_>,
    local: &Result<LocalHeader<'_>, String>,
    descriptor: Option<std::ops::Range<usize>>,
    compressed: Option<std::ops::Range<usize>>,
    stream_in_data: bool,
) -> Key {
    /// Where the DOS time and date are in a central and in a local header.
    const CENTRAL_TIME: std::ops::Range<usize> = 12..16;
    const LOCAL_TIME: std::ops::Range<usize> = 10..14;
    let in_bounds = |range: Option<std::ops::Range<usize>>| {
        range.filter(|r| r.start <= r.end && r.end <= data.len())
    };
    let (local_range, local_problem) = match local {
        Ok(local) => (Some(local.position..local.data_start), None),
        Err(problem) => (None, Some(problem)),
    };
    let records = [
        (
            b'C',
            in_bounds(Some(header.position..header.end)),
            Some(CENTRAL_TIME),
        ),
        (b'L', in_bounds(local_range), Some(LOCAL_TIME)),
        (b'D', in_bounds(descriptor), None),
        (b'S', in_bounds(compressed), None),
    ];
    // Each record a tag, a presence byte and a length: 40 bytes at most, on the stack.
    let mut buffer = [0u8; 4 * 10];
    let mut rest: &mut [u8] = &mut buffer;
    for (tag, range, _) in &records {
        // Writing into a slice of the right size cannot fail.
        let _ = match range {
            Some(range) => rest
                .write_all(&[*tag, 1])
                .and_then(|()| rest.write_all(&(range.len() as u64).to_le_bytes())),
            None => rest.write_all(&[*tag, 0]),
        };
    }
    let unused = rest.len();
    let prefix = buffer
        .get(..buffer.len().saturating_sub(unused))
        .unwrap_or_default();
    // The records whose bytes are in the key: all but a stream that is the member's data.
    let records = records.map(|(tag, range, time)| {
        let in_key = !(tag == b'S' && stream_in_data);
        (tag, range.filter(|_| in_key), time)
    });
    // The prefix (inline), two pieces for a header (around its time), one for another record,
    // and up to three copies saying what is wrong with the local header.
    let pieces: usize = records
        .iter()
        .map(|(_, range, time)| match (range, time) {
            (None, _) => 0,
            (Some(_), None) => 1,
            (Some(_), Some(_)) => 2,
        })
        .sum();
    let mut key =
        Key::with_capacity(pieces.saturating_add(if local_problem.is_some() { 3 } else { 0 }));
    key.push_copy(prefix);
    if let Some(problem) = local_problem {
        key.push_copy(b"E");
        key.push_copy(&(problem.len() as u64).to_le_bytes());
        key.push_copy(problem.as_bytes());
    }
    for (_, range, time) in records {
        let Some(range) = range else { continue };
        let time = time.and_then(|t| {
            let start = range.start.checked_add(t.start)?;
            let end = range.start.checked_add(t.end)?;
            (end <= range.end).then_some(start..end)
        });
        match time {
            Some(time) => {
                key.push(data.slice(range.start..time.start));
                key.push(data.slice(time.end..range.end));
            }
            None => key.push(data.slice(range)),
        }
    }
    key
}

/// An archive's records, read again to compute an entry's deferred fields.
#[derive(Debug)]
struct Records {
    data: Bytes,
    dir: Directory,
    /// Where each member's central header is.
    positions: Vec<usize>,
}

impl FieldSource for Records {
    fn fields(&self, index: usize) -> Vec<Field> {
        let Some(header) = self
            .positions
            .get(index)
            .and_then(|&position| records::read_central(&self.data, position, self.dir.range.end))
        else {
            return Vec::new();
        };
        let member = read_entry(
            &self.data,
            &self.dir,
            &header,
            &mut Decoder::new(&self.data, 1),
            &mut Layout::default(),
            &mut Vec::new(),
            None,
        );
        member
            .fields
            .into_iter()
            .filter(|field| field.name != "zip.mtime")
            .collect()
    }
}

/// Appends what the local header says differently from the central one (name, method, CRC,
/// sizes). With a data descriptor the local CRC and sizes may be zero, and only non-zero values
/// are compared.
fn compare_local(local: &LocalHeader<'_>, central: &CentralHeader<'_>, out: &mut Vec<String>) {
    if local.name != central.name {
        out.push(format!(
            "name: local {:?}, central {:?}",
            escape(local.name),
            escape(central.name)
        ));
    }
    if local.method != central.method {
        out.push(format!(
            "method: local {}, central {}",
            method_name(local.method),
            method_name(central.method)
        ));
    }
    let deferred = central.flags & FLAG_DESCRIPTOR != 0;
    let differs = |local: u64, central: u64| local != central && !(deferred && local == 0);
    if differs(u64::from(local.crc), u64::from(central.crc)) {
        out.push(format!(
            "crc32: local 0x{:08x}, central 0x{:08x}",
            local.crc, central.crc
        ));
    }
    if differs(local.compressed_size, central.compressed_size) {
        out.push(format!(
            "compressed size: local {}, central {}",
            local.compressed_size, central.compressed_size
        ));
    }
    if differs(local.uncompressed_size, central.uncompressed_size) {
        out.push(format!(
            "uncompressed size: local {}, central {}",
            local.uncompressed_size, central.uncompressed_size
        ));
    }
}

fn compare_descriptor(descriptor: &Descriptor, central: &CentralHeader<'_>, out: &mut Vec<String>) {
    if (
        descriptor.crc,
        descriptor.compressed_size,
        descriptor.uncompressed_size,
    ) != (
        central.crc,
        central.compressed_size,
        central.uncompressed_size,
    ) {
        out.push(format!(
            "data descriptor: crc32 0x{:08x}, sizes {}/{}; central 0x{:08x}, {}/{}",
            descriptor.crc,
            descriptor.compressed_size,
            descriptor.uncompressed_size,
            central.crc,
            central.compressed_size,
            central.uncompressed_size
        ));
    }
}

fn int(value: u64) -> Value {
    match i64::try_from(value) {
        Ok(v) => Value::Int(v),
        Err(_) => Value::Hex(value),
    }
}

/// Which byte ranges of the archive some record accounts for, to report the others.
#[derive(Default)]
struct Layout {
    covered: Vec<std::ops::Range<usize>>,
}

impl Layout {
    fn cover(&mut self, range: std::ops::Range<usize>) {
        if !range.is_empty() {
            self.covered.push(range);
        }
    }

    /// Notes about bytes no record covers and records that overlap.
    fn notes(mut self, len: usize) -> Vec<String> {
        self.covered.sort_by_key(|r| (r.start, r.end));
        let mut problems = Vec::new();
        let mut end = 0;
        for range in &self.covered {
            if range.start > end {
                problems.push(format!(
                    "{} bytes at offset {end} are not part of any zip record",
                    range.start.saturating_sub(end)
                ));
            } else if range.start < end {
                problems.push(format!(
                    "records overlap: bytes {}..{} belong to more than one record",
                    range.start,
                    end.min(range.end)
                ));
            }
            end = end.max(range.end);
        }
        if len > end {
            problems.push(format!(
                "{} bytes after the end of central directory record are not part of any zip record",
                len.saturating_sub(end)
            ));
        }
        if problems.len() > MAX_LAYOUT_NOTES {
            let more = problems.len().saturating_sub(MAX_LAYOUT_NOTES);
            problems.truncate(MAX_LAYOUT_NOTES);
            problems.push(format!("and {more} more uncovered or overlapping ranges"));
        }
        problems
    }
}

/// A comment: UTF-8 when flagged or valid, else CP437 (the zip default). Names are not decoded
/// this way: a CP437 reading of one name can equal the UTF-8 reading of another, so names are
/// spelled by [`escape`], which keeps every byte.
fn decode_text(raw: &[u8], utf8_flag: bool) -> String {
    match std::str::from_utf8(raw) {
        Ok(text) => text.to_owned(),
        Err(_) if utf8_flag => String::from_utf8_lossy(raw).into_owned(),
        Err(_) => raw
            .iter()
            .map(|&b| match b {
                0..=0x7f => char::from(b),
                // The high bit cleared: the byte's place from 0x80 on.
                _ => CP437_HIGH
                    .chars()
                    .nth(usize::from(b & 0x7f))
                    .unwrap_or('\u{fffd}'),
            })
            .collect(),
    }
}

/// Code page 437, bytes 0x80 to 0xff.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

/// MS-DOS date and time as a wall clock read as UTC, or the raw 32 bits if they are no date.
fn dos_time(date: u16, time: u16) -> Value {
    let year = i32::from(date >> 9).saturating_add(1980);
    let month = ((date >> 5) & 0x0f) as u8;
    let day = (date & 0x1f) as u8;
    let hour = (time >> 11) as u8;
    let minute = ((time >> 5) & 0x3f) as u8;
    let second = ((time & 0x1f) as u8).saturating_mul(2);
    let wall = ::time::Month::try_from(month)
        .ok()
        .and_then(|month| ::time::Date::from_calendar_date(year, month, day).ok())
        .and_then(|date| date.with_hms(hour, minute, second).ok());
    match wall {
        Some(wall) => Value::Time(Timestamp {
            unix_seconds: wall.assume_utc().unix_timestamp(),
            nanos: 0,
            encoding: TimeEncoding::Dos,
        }),
        None => Value::Hex((u64::from(date) << 16) | u64::from(time)),
    }
}

/// "3.0 on Unix (0x031e)".
fn version_made_by(raw: u16) -> String {
    let host = match raw >> 8 {
        0 => "MS-DOS",
        1 => "Amiga",
        2 => "OpenVMS",
        3 => "Unix",
        4 => "VM/CMS",
        5 => "Atari ST",
        6 => "OS/2 HPFS",
        7 => "Macintosh",
        8 => "Z-System",
        9 => "CP/M",
        10 => "Windows NTFS",
        11 => "MVS",
        12 => "VSE",
        13 => "Acorn Risc",
        14 => "VFAT",
        15 => "alternate MVS",
        16 => "BeOS",
        17 => "Tandem",
        18 => "OS/400",
        19 => "OS X",
        _ => "an unknown host",
    };
    let version = raw & 0xff;
    format!("{}.{} on {host} ({raw:#06x})", version / 10, version % 10)
}

/// "2.0 (0x0014)".
fn version_needed(raw: u16) -> String {
    let version = raw & 0xff;
    format!("{}.{} ({raw:#06x})", version / 10, version % 10)
}

/// "8 (deflate)": the common methods spelled without an allocation.
fn method_name(method: u16) -> Cow<'static, str> {
    let name = match method {
        0 => return Cow::Borrowed("0 (stored)"),
        8 => return Cow::Borrowed("8 (deflate)"),
        1 => "shrunk",
        2..=5 => "reduced",
        6 => "imploded",
        9 => "deflate64",
        10 => "PKWARE imploding",
        12 => "bzip2",
        14 => "lzma",
        16 => "IBM z/OS CMPSC",
        18 => "IBM TERSE",
        19 => "IBM LZ77 z",
        93 => "zstd",
        94 => "mp3",
        95 => "xz",
        96 => "jpeg",
        97 => "wavpack",
        98 => "ppmd",
        99 => "aes",
        _ => "unknown",
    };
    Cow::Owned(format!("{method} ({name})"))
}

#[cfg(test)]
mod tests;
