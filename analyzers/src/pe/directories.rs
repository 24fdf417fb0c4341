//! Values a linker records inside sections, found through the data directories: the
//! TimeDateStamp of the export directory, of the root resource directory and of each debug
//! directory entry (Microsoft, "PE Format": ".edata", ".rsrc", "Debug Directory").
//!
//! Each becomes a field of the section member that holds it, and its bytes are masked out of that
//! section's bytes, so that a link time is a typed time — not a changed byte range — and is
//! compared once.

use goblin::pe::section_table::SectionTable;
use goblin::pe::PE;

use crate::byte_reader::u32_le_at;
use crate::{Covers, Derivation, Field, FieldKind, TimeRole, Timestamp, Value};

/// The size of one debug directory entry, and where its TimeDateStamp is in it (as in the
/// export and resource directory tables).
const DEBUG_ENTRY_SIZE: usize = 28;
const STAMP_AT: usize = 4;
/// At most this many debug directory entries are read (linkers write a handful).
const MAX_DEBUG_ENTRIES: usize = 64;

/// A field stored at a file offset inside a section.
#[derive(Debug)]
pub(super) struct Embedded {
    /// Where its four bytes are in the file.
    pub at: usize,
    pub field: Field,
}

/// The directory timestamps of `pe` that lie in the file. Under a REPRO debug entry they hold a
/// hash of the image instead of a time.
pub(super) fn timestamps(data: &[u8], pe: &PE<'_>, reproducible: bool) -> Vec<Embedded> {
    let Some(optional) = pe.header.optional_header else {
        return Vec::new();
    };
    let directories = &optional.data_directories;
    let mut found = Vec::new();
    let mut stamp_at = |name: String, table_at: Option<usize>| {
        let Some(at) = table_at.and_then(|t| t.checked_add(STAMP_AT)) else {
            return;
        };
        if let Some(stamp) = u32_le_at(data, at) {
            found.push(Embedded {
                at,
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
            }
        }
    }
    found
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
