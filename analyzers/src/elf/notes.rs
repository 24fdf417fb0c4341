//! What the toolchain writes into an image about the build rather than the program: the GNU
//! build ID note (a hash of the output), the `.comment` section (the compilers' identification
//! strings) and `.gnu_debuglink` (the name and CRC-32 of the separate debug file).
//!
//! Each becomes fields. The build ID's bytes are masked out of its note section's bytes (the rest
//! of the note — its header and owner — stays bytes); `.comment` and `.gnu_debuglink` are fields
//! whole, so every byte is still compared once.

use std::ops::Range;

use crate::byte_reader::ByteReader;
use crate::{Covers, Derivation, Field, FieldKind, Value};

/// The note type of a GNU build ID.
const NT_GNU_BUILD_ID: u32 = 3;

/// The build IDs among the notes of a note section at `range` of `data`: each as a field of the
/// image, with the range of its bytes.
pub(super) fn build_ids(
    data: &[u8],
    range: Range<usize>,
    little: bool,
) -> Vec<(Field, Range<usize>)> {
    let Some(section) = data.get(range.clone()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut r = ByteReader::new(section);
    let word = |r: &mut ByteReader<'_>| if little { r.u32_le() } else { r.u32_be() };
    while !r.is_empty() {
        let (Some(namesz), Some(descsz), Some(kind)) = (word(&mut r), word(&mut r), word(&mut r))
        else {
            break;
        };
        let padded = |n: u32| usize::try_from(n).ok()?.checked_add(3).map(|n| n & !3);
        let (Some(name_len), Some(desc_len)) = (padded(namesz), padded(descsz)) else {
            break;
        };
        let Some(name) = r.take(name_len) else { break };
        let desc_at = r.position();
        let Some(desc) = r.take(desc_len) else { break };
        let used = usize::try_from(descsz)
            .unwrap_or(usize::MAX)
            .min(desc.len());
        if kind == NT_GNU_BUILD_ID && name.starts_with(b"GNU\0") {
            let bytes = desc.get(..used).unwrap_or_default();
            let start = range.start.saturating_add(desc_at);
            found.push((
                Field::new(
                    "elf.build-id",
                    FieldKind::Derived(Derivation::checksum(Covers::Whole)),
                    Value::Bytes(bytes.to_vec()),
                ),
                start..start.saturating_add(used),
            ));
        }
    }
    found
}

/// The fields of `.comment`: each NUL-terminated string a compiler or linker left ("GCC:
/// (Debian 12.2.0-14) 12.2.0"), and whatever follows the last NUL.
pub(super) fn comment(bytes: &[u8]) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut r = ByteReader::new(bytes);
    let mut index = 0usize;
    while let Some(text) = r.take_terminated(0) {
        fields.push(Field::new(
            format!("elf.comment[{index}]"),
            FieldKind::ToolVersion,
            crate::names::escape(text),
        ));
        index = index.saturating_add(1);
    }
    if !r.is_empty() {
        fields.push(Field::new(
            "elf.comment.rest",
            FieldKind::Opaque,
            Value::Bytes(r.rest().to_vec()),
        ));
    }
    fields
}

/// The fields of `.gnu_debuglink`: the debug file's name, the padding to four bytes, and the
/// CRC-32 of the debug file (which follows from the whole build).
pub(super) fn debuglink(bytes: &[u8], little: bool) -> Vec<Field> {
    let mut r = ByteReader::new(bytes);
    let Some(name) = r.take_terminated(0) else {
        return vec![Field::new(
            "elf.debuglink.rest",
            FieldKind::Opaque,
            Value::Bytes(bytes.to_vec()),
        )];
    };
    let mut fields = vec![Field::new(
        "elf.debuglink.file",
        FieldKind::Opaque,
        crate::names::escape(name),
    )];
    let padding = (4usize.saturating_sub(r.position() % 4)) % 4;
    let pad = r.take(padding.min(r.rest().len())).unwrap_or_default();
    if pad.iter().any(|&b| b != 0) {
        fields.push(Field::new(
            "elf.debuglink.padding",
            FieldKind::Opaque,
            Value::Bytes(pad.to_vec()),
        ));
    }
    let crc = if little { r.u32_le() } else { r.u32_be() };
    if let Some(crc) = crc {
        fields.push(Field::new(
            "elf.debuglink.crc",
            FieldKind::Derived(Derivation::checksum(Covers::Whole)),
            Value::Hex(u64::from(crc)),
        ));
    }
    if !r.is_empty() {
        fields.push(Field::new(
            "elf.debuglink.rest",
            FieldKind::Opaque,
            Value::Bytes(r.rest().to_vec()),
        ));
    }
    fields
}
