//! The Rich header: what Microsoft's linker records, between the DOS stub and the PE header, of
//! the tools that built the image's objects — one entry per tool (product id and build number,
//! a "comp.id") with the number of objects it made — XOR-masked by a key that is a checksum of
//! the DOS header and the entries.
//!
//! The layout is not in the PE specification; it is as the linker writes it and as every reader
//! (pefile, LIEF, Daniel Pistelli's description) reads it: `DanS` then three zero dwords, then the
//! entries, then `Rich` and the key, each dword before `Rich` XOR-ed with the key. A tool's
//! product and build are the toolchain (`ToolVersion`); how many objects it built is the
//! program's own; the key follows from the DOS header and the entries — it is recomputed, and
//! derived only when it is what the checksum gives.

use std::ops::Range;

use crate::byte_reader::u32_le_at;
use crate::{Covers, Derivation, Field, FieldKind, Value};

const DANS: u32 = 0x536e_6144;
const RICH: &[u8; 4] = b"Rich";
/// The DOS header's `e_lfanew`, left out of the key's checksum.
const E_LFANEW: Range<usize> = 0x3c..0x40;

/// The Rich header's fields and where its bytes are.
pub(super) struct Rich {
    pub fields: Vec<Field>,
    pub range: Range<usize>,
}

/// Reads the Rich header between the DOS header and the PE header at `pe_offset`, if the image
/// has one.
pub(super) fn read(data: &[u8], pe_offset: usize) -> Option<Rich> {
    let area = data.get(..pe_offset)?;
    // `Rich` on a dword boundary after the DOS header; the key follows it.
    let rich_at = (0x40..area.len().saturating_sub(7))
        .step_by(4)
        .find(|&at| area.get(at..at.saturating_add(4)) == Some(RICH))?;
    let key = u32_le_at(area, rich_at.checked_add(4)?)?;
    let dans_at = (0x40..rich_at)
        .step_by(4)
        .rev()
        .find(|&at| u32_le_at(area, at).is_some_and(|d| d ^ key == DANS))?;
    let entries_at = dans_at.checked_add(16)?;
    let padding_is_zero = (1..4)
        .all(|i: usize| u32_le_at(area, dans_at.saturating_add(i.saturating_mul(4))) == Some(key));
    let mut entries = Vec::new();
    let mut at = entries_at;
    while at.saturating_add(8) <= rich_at {
        entries.push((
            u32_le_at(area, at)? ^ key,
            u32_le_at(area, at.saturating_add(4))? ^ key,
        ));
        at = at.saturating_add(8);
    }
    let mut fields = Vec::new();
    if !padding_is_zero {
        let padding: Vec<u8> = area.get(dans_at.saturating_add(4)..entries_at)?.to_vec();
        fields.push(Field::new(
            "pe.rich.padding",
            FieldKind::Opaque,
            Value::Bytes(padding),
        ));
    }
    for (index, &(comp_id, count)) in entries.iter().enumerate() {
        fields.push(Field::new(
            format!("pe.rich[{index}].tool"),
            FieldKind::ToolVersion,
            format!("product {:#06x}, build {}", comp_id >> 16, comp_id & 0xffff),
        ));
        fields.push(Field::new(
            format!("pe.rich[{index}].count"),
            FieldKind::Program,
            Value::Int(i64::from(count)),
        ));
    }
    let verified = checksum(data, dans_at, &entries) == Some(key);
    fields.push(Field::new(
        "pe.rich.key",
        if verified {
            FieldKind::Derived(Derivation::checksum(Covers::Whole))
        } else {
            FieldKind::Opaque
        },
        Value::Hex(u64::from(key)),
    ));
    Some(Rich {
        fields,
        range: dans_at..rich_at.checked_add(8)?,
    })
}

/// The linker's checksum: the offset of `DanS`, plus each byte before it rotated left by its
/// offset (`e_lfanew` left out), plus each entry's comp.id rotated left by its count.
fn checksum(data: &[u8], dans_at: usize, entries: &[(u32, u32)]) -> Option<u32> {
    let mut sum = u32::try_from(dans_at).ok()?;
    for (at, &byte) in data.get(..dans_at)?.iter().enumerate() {
        if !E_LFANEW.contains(&at) {
            sum = sum.wrapping_add(u32::from(byte).rotate_left((at % 32) as u32));
        }
    }
    for &(comp_id, count) in entries {
        sum = sum.wrapping_add(comp_id.rotate_left(count % 32));
    }
    Some(sum)
}

/// A Rich header for `entries` to put at `dans_at` in an image whose first `dans_at` bytes are
/// `dos`, as the linker writes it (for tests).
#[cfg(test)]
pub(super) fn make(dos: &[u8], entries: &[(u32, u32)]) -> Vec<u8> {
    let key = checksum(dos, dos.len(), entries).unwrap();
    let mut out = Vec::new();
    for dword in [DANS ^ key, key, key, key] {
        out.extend_from_slice(&dword.to_le_bytes());
    }
    for &(comp_id, count) in entries {
        out.extend_from_slice(&(comp_id ^ key).to_le_bytes());
        out.extend_from_slice(&(count ^ key).to_le_bytes());
    }
    out.extend_from_slice(RICH);
    out.extend_from_slice(&key.to_le_bytes());
    out
}
