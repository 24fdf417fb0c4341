//! The code signature LC_CODE_SIGNATURE points at: a big-endian SuperBlob of blobs, of which the
//! CodeDirectories are read as fields (Apple's `cs_blobs.h`; the layout `codesign` and ld64/lld
//! write).
//!
//! A CodeDirectory holds a hash of every page of the image up to the signature and of the other
//! blobs: those hashes follow from the content, so each is a checksum of the whole image; its
//! lengths, slot counts and code limit follow from the image's layout. The identifier is a field;
//! the other blobs (requirements, entitlements, a CMS signature) are the bytes of the
//! `<code-signature>` member.

use std::ops::Range;

use super::reader::{Endian, FieldReader};
use crate::{Covers, Derivation, Field, FieldKind, Value};

/// The member holding the signature's bytes that are not fields.
pub const CODE_SIGNATURE_MEMBER: &str = "<code-signature>";

const CSMAGIC_EMBEDDED_SIGNATURE: u64 = 0xfade_0cc0;
const CSMAGIC_CODEDIRECTORY: u64 = 0xfade_0c02;
/// CodeDirectory versions that add fields.
const SUPPORTS_SCATTER: u64 = 0x2_0100;
const SUPPORTS_TEAMID: u64 = 0x2_0200;
const SUPPORTS_CODELIMIT64: u64 = 0x2_0300;
const SUPPORTS_EXECSEG: u64 = 0x2_0400;
/// At most this many blobs are read from one SuperBlob.
const MAX_BLOBS: u64 = 64;

const LAYOUT: FieldKind = FieldKind::Derived(Derivation::offset());
const HASH: FieldKind = FieldKind::Derived(Derivation::checksum(Covers::Whole));

/// The signature's fields and the bytes they were read from.
#[derive(Debug, Default)]
pub(super) struct Signature {
    pub fields: Vec<Field>,
    pub masked: Vec<Range<usize>>,
}

/// Reads the signature at `range` of `data`. What cannot be read stays bytes.
pub(super) fn read(data: &[u8], range: Range<usize>) -> Signature {
    let mut signature = Signature::default();
    let Some(blob) = data.get(..range.end) else {
        return signature;
    };
    let Some(mut r) = FieldReader::at(blob, range.start, Endian::Big) else {
        return signature;
    };
    let _ = read_super_blob(&mut r, range.start, &mut signature);
    signature.fields.append(&mut r.fields);
    signature.masked.append(&mut r.masked);
    signature
}

fn read_super_blob(r: &mut FieldReader<'_>, start: usize, out: &mut Signature) -> Option<()> {
    let field = |name: &str| format!("macho.code-signature.{name}");
    if r.hex(field("magic"), 4, FieldKind::Opaque)? != CSMAGIC_EMBEDDED_SIGNATURE {
        return None;
    }
    r.int(field("length"), 4, LAYOUT)?;
    let count = r.int(field("count"), 4, LAYOUT)?;
    let mut blobs = Vec::new();
    for index in 0..count.min(MAX_BLOBS) {
        let kind = r.hex(field(&format!("blob[{index}].type")), 4, FieldKind::Opaque)?;
        let offset = r.hex(field(&format!("blob[{index}].offset")), 4, LAYOUT)?;
        blobs.push((kind, offset));
    }
    let data = r.data();
    for (index, (_, offset)) in blobs.into_iter().enumerate() {
        let Some(at) = usize::try_from(offset)
            .ok()
            .and_then(|o| start.checked_add(o))
        else {
            continue;
        };
        let Some(mut cd) = FieldReader::at(data, at, Endian::Big) else {
            continue;
        };
        let _ = read_code_directory(&mut cd, at, &format!("code-directory[{index}]"));
        out.fields.append(&mut cd.fields);
        out.masked.append(&mut cd.masked);
    }
    Some(())
}

/// Reads a CodeDirectory at `at` (its fields named `macho.code-signature.<name>.…`), if the blob
/// there is one.
fn read_code_directory(r: &mut FieldReader<'_>, at: usize, name: &str) -> Option<()> {
    if crate::byte_reader::u32_be_at(r.data(), at).map(u64::from) != Some(CSMAGIC_CODEDIRECTORY) {
        return None;
    }
    let field = |f: &str| format!("macho.code-signature.{name}.{f}");
    r.hex(field("magic"), 4, FieldKind::Opaque)?;
    r.int(field("length"), 4, LAYOUT)?;
    let version = r.hex(field("version"), 4, FieldKind::Opaque)?;
    r.hex(field("flags"), 4, FieldKind::Opaque)?;
    let hash_offset = r.int(field("hash-offset"), 4, LAYOUT)?;
    let ident_offset = r.int(field("ident-offset"), 4, LAYOUT)?;
    let special_slots = r.int(field("special-slots"), 4, LAYOUT)?;
    let code_slots = r.int(field("code-slots"), 4, LAYOUT)?;
    r.hex(field("code-limit"), 4, LAYOUT)?;
    let hash_size = r.int(field("hash-size"), 1, FieldKind::Opaque)?;
    r.int(field("hash-type"), 1, FieldKind::Opaque)?;
    r.int(field("platform"), 1, FieldKind::Opaque)?;
    r.int(field("page-size"), 1, FieldKind::Opaque)?;
    r.hex(field("spare2"), 4, FieldKind::Opaque)?;
    let mut team_offset = 0;
    if version >= SUPPORTS_SCATTER {
        r.int(field("scatter-offset"), 4, LAYOUT)?;
    }
    if version >= SUPPORTS_TEAMID {
        team_offset = r.int(field("team-offset"), 4, LAYOUT)?;
    }
    if version >= SUPPORTS_CODELIMIT64 {
        r.hex(field("spare3"), 4, FieldKind::Opaque)?;
        r.hex(field("code-limit-64"), 8, LAYOUT)?;
    }
    if version >= SUPPORTS_EXECSEG {
        r.hex(field("exec-seg-base"), 8, LAYOUT)?;
        r.int(field("exec-seg-limit"), 8, LAYOUT)?;
        r.hex(field("exec-seg-flags"), 8, FieldKind::Opaque)?;
    }
    for (what, offset) in [("identifier", ident_offset), ("team-id", team_offset)] {
        if offset != 0 {
            read_string(r, at, offset, &field(what));
        }
    }
    let hashes_at = at.checked_add(usize::try_from(hash_offset).ok()?)?;
    let size = usize::try_from(hash_size).ok()?;
    for slot in 1..=special_slots {
        let back = usize::try_from(slot).ok()?.checked_mul(size)?;
        read_hash(
            r,
            hashes_at.checked_sub(back)?,
            size,
            field(&format!("special-hash[-{slot}]")),
        )?;
    }
    for slot in 0..code_slots {
        let ahead = usize::try_from(slot).ok()?.checked_mul(size)?;
        read_hash(
            r,
            hashes_at.checked_add(ahead)?,
            size,
            field(&format!("code-hash[{slot}]")),
        )?;
    }
    Some(())
}

/// Reads the NUL-terminated string at `at + offset` as the field `name`.
fn read_string(r: &mut FieldReader<'_>, at: usize, offset: u64, name: &str) {
    let Some(start) = usize::try_from(offset).ok().and_then(|o| at.checked_add(o)) else {
        return;
    };
    let Some(rest) = r.data().get(start..) else {
        return;
    };
    let len = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let text = crate::names::escape(rest.get(..len).unwrap_or_default());
    r.masked.push(start..start.saturating_add(len));
    r.push(name.to_owned(), FieldKind::Opaque, Value::Str(text));
}

/// Reads the hash of `size` bytes at `at` as the field `name`.
fn read_hash(r: &mut FieldReader<'_>, at: usize, size: usize, name: String) -> Option<()> {
    let bytes = crate::byte_reader::slice_at(r.data(), at, size)?;
    r.masked.push(at..at.checked_add(size)?);
    r.push(name, HASH, Value::Bytes(bytes.to_vec()));
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_that_is_no_signature_stays_bytes() {
        let data = [0u8; 32];
        let signature = read(&data, 0..32);
        assert_eq!(signature.fields.len(), 1, "the magic only");
        assert!(read(&data, 40..50).fields.is_empty());
    }
}
