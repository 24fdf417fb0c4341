//! Values a linker records inside sections, found through the data directories: the
//! TimeDateStamp of the export directory, of the root resource directory and of each debug
//! directory entry, and the CodeView record (GUID, age, PDB path) a debug entry points at
//! (Microsoft, "PE Format": ".edata", ".rsrc", "Debug Directory").
//!
//! Each becomes a field of the section member that holds it, and its bytes are masked out of that
//! section's bytes, so that a link time is a typed time — not a changed byte range — and is
//! compared once.

use goblin::pe::section_table::SectionTable;
use goblin::pe::PE;

use std::ops::Range;

use crate::byte_reader::{slice_at, u32_le_at, ByteReader};
use crate::{Covers, Derivation, Field, FieldKind, TimeRole, Timestamp, Value};

/// The size of one debug directory entry, and where its TimeDateStamp is in it (as in the
/// export and resource directory tables).
const DEBUG_ENTRY_SIZE: usize = 28;
const STAMP_AT: usize = 4;
/// Where a debug directory entry keeps its type, the size of its data and the data's file offset.
const TYPE_AT: usize = 12;
const SIZE_AT: usize = 16;
const POINTER_AT: usize = 24;
/// IMAGE_DEBUG_TYPE_CODEVIEW.
const CODEVIEW: u32 = 2;
/// At most this many debug directory entries are read (linkers write a handful).
const MAX_DEBUG_ENTRIES: usize = 64;

/// A field stored at a file offset inside a section.
#[derive(Debug)]
pub(super) struct Embedded {
    /// Where its bytes are in the file.
    pub range: Range<usize>,
    pub field: Field,
}

/// The directory timestamps of `pe` that lie in the file, and its CodeView records. Under a
/// REPRO debug entry the timestamps hold a hash of the image instead of a time.
pub(super) fn recorded(data: &[u8], pe: &PE<'_>, reproducible: bool) -> Vec<Embedded> {
    let Some(optional) = pe.header.optional_header else {
        return Vec::new();
    };
    let directories = &optional.data_directories;
    let mut found = Vec::new();
    let mut records = Vec::new();
    let mut stamp_at = |name: String, table_at: Option<usize>| {
        let Some(at) = table_at.and_then(|t| t.checked_add(STAMP_AT)) else {
            return;
        };
        if let Some(stamp) = u32_le_at(data, at) {
            found.push(Embedded {
                range: at..at.saturating_add(4),
                field: stamp_field(name, stamp, reproducible),
            });
        }
    };
    let locate = |rva: u32| file_offset(&pe.sections, rva);
    if let Some(export) = directories.get_export_table() {
        stamp_at(
            "pe.export.time-date-stamp".into(),
            locate(export.virtual_address),
        );
    }
    if let Some(resource) = directories.get_resource_table() {
        stamp_at(
            "pe.resource.time-date-stamp".into(),
            locate(resource.virtual_address),
        );
    }
    if let Some(debug) = directories.get_debug_table() {
        let count = (debug.size as usize / DEBUG_ENTRY_SIZE).min(MAX_DEBUG_ENTRIES);
        if let Some(table) = locate(debug.virtual_address) {
            for index in 0..count {
                let entry = index
                    .checked_mul(DEBUG_ENTRY_SIZE)
                    .and_then(|offset| table.checked_add(offset));
                stamp_at(format!("pe.debug[{index}].time-date-stamp"), entry);
                if let Some(entry) = entry {
                    records.extend(codeview(data, entry, index));
                }
            }
        }
    }
    found.append(&mut records);
    found
}

/// The CodeView record (`RSDS`) a debug directory entry of type CODEVIEW points at, as fields:
/// the GUID — a hash of the image when GNU ld's `--build-id` or MSVC's `/Brepro` made it, so it
/// follows from whatever else differs and stays content when nothing does —, the age, and the
/// PDB path, a path of the build. The `RSDS` signature stays in the section's bytes.
fn codeview(data: &[u8], entry: usize, index: usize) -> Vec<Embedded> {
    let field_at = |offset: usize| entry.checked_add(offset);
    let (Some(kind), Some(size), Some(pointer)) = (
        field_at(TYPE_AT).and_then(|at| u32_le_at(data, at)),
        field_at(SIZE_AT).and_then(|at| u32_le_at(data, at)),
        field_at(POINTER_AT).and_then(|at| u32_le_at(data, at)),
    ) else {
        return Vec::new();
    };
    let (Ok(size), Ok(pointer)) = (usize::try_from(size), usize::try_from(pointer)) else {
        return Vec::new();
    };
    let Some(record) = slice_at(data, pointer, size) else {
        return Vec::new();
    };
    if kind != CODEVIEW || !record.starts_with(b"RSDS") {
        return Vec::new();
    }
    let mut reader = ByteReader::new(record);
    let (Some(_), Some(guid), Some(age)) = (reader.skip(4), reader.array::<16>(), reader.u32_le())
    else {
        return Vec::new();
    };
    let path = reader.rest();
    let used = path
        .iter()
        .rposition(|&b| b != 0)
        .map_or(0, |i| i.saturating_add(1));
    let at = |from: usize, len: usize| {
        let start = pointer.saturating_add(from);
        start..start.saturating_add(len)
    };
    let name = |what: &str| format!("pe.debug[{index}].codeview.{what}");
    vec![
        Embedded {
            range: at(4, 16),
            field: Field::new(
                name("guid"),
                FieldKind::Derived(Derivation::checksum(Covers::Whole)),
                Value::Bytes(guid.to_vec()),
            ),
        },
        Embedded {
            range: at(20, 4),
            field: Field::new(name("age"), FieldKind::Opaque, Value::Int(i64::from(age))),
        },
        Embedded {
            range: at(24, path.len()),
            field: Field::new(
                name("pdb-path"),
                FieldKind::SourcePath,
                crate::names::escape(path.get(..used).unwrap_or_default()),
            ),
        },
    ]
}

fn stamp_field(name: String, stamp: u32, reproducible: bool) -> Field {
    if reproducible {
        Field::new(
            name,
            FieldKind::Derived(Derivation::checksum(Covers::Whole)),
            Value::Hex(u64::from(stamp)),
        )
    } else {
        Field::new(
            name,
            FieldKind::Time(TimeRole::Recorded),
            Value::Time(Timestamp::unix(i64::from(stamp))),
        )
    }
}

/// Where the image's relative virtual address `rva` is in the file: inside the raw data of the
/// section whose addresses hold it.
fn file_offset(sections: &[SectionTable], rva: u32) -> Option<usize> {
    sections.iter().find_map(|section| {
        let into = rva.checked_sub(section.virtual_address)?;
        let mapped = section.virtual_size.max(section.size_of_raw_data);
        if into >= mapped || into >= section.size_of_raw_data {
            return None;
        }
        usize::try_from(section.pointer_to_raw_data.checked_add(into)?).ok()
    })
}
