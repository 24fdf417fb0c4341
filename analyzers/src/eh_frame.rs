//! The pointers of an `.eh_frame` section (ELF `.eh_frame`, Mach-O `__TEXT,__eh_frame`): where
//! each FDE's code starts, its LSDA and each CIE's personality routine (the format of the Linux
//! Standard Base, "Exception Frames").
//!
//! These pointers are addresses, mostly relative to where they are stored: they follow from the
//! image's layout, and a linker that places anything elsewhere writes other values. Each becomes
//! an offset field of the section, and its bytes are zeroed in the section's bytes (they keep
//! their width), so that the unwinding instructions are still compared byte by byte.

use std::collections::HashMap;
use std::ops::Range;

use crate::byte_reader::ByteReader;
use crate::{Derivation, Field, FieldKind, Value};

/// `DW_EH_PE_omit`: no pointer.
const OMIT: u8 = 0xff;
/// At most this many records are read from one section.
const MAX_RECORDS: usize = 1 << 16;

/// A pointer found in the section: where its bytes are (relative to the section) and its field.
#[derive(Debug)]
pub(crate) struct Pointer {
    pub range: Range<usize>,
    pub field: Field,
}

/// How a CIE says its FDEs' pointers are encoded.
#[derive(Debug, Clone, Copy)]
struct Encodings {
    code: u8,
    lsda: u8,
    augmented: bool,
}

/// The pointers of the `.eh_frame` records in `section`, as fields named `{prefix}.cie[n].…` and
/// `{prefix}.fde[n].…`. Reading stops at the first record that does not parse; what was found
/// before it is kept.
pub(crate) fn pointers(section: &[u8], little: bool, is_64: bool, prefix: &str) -> Vec<Pointer> {
    let mut found = Vec::new();
    let mut cies: HashMap<usize, Encodings> = HashMap::new();
    let mut at = 0usize;
    let (mut cie_count, mut fde_count) = (0usize, 0usize);
    for _ in 0..MAX_RECORDS {
        let Some(record) = Record::at(section, at, little) else {
            break;
        };
        let mut cursor = Cursor {
            bytes: ByteReader::at(section.get(..record.end).unwrap_or_default(), record.body)
                .unwrap_or_else(|| ByteReader::new(&[])),
            little,
            is_64,
        };
        let parsed = if record.id == 0 {
            let name = format!("{prefix}.cie[{cie_count}]");
            cie_count = cie_count.saturating_add(1);
            cursor.cie(&name, &mut found).map(|enc| {
                cies.insert(at, enc);
            })
        } else {
            let name = format!("{prefix}.fde[{fde_count}]");
            fde_count = fde_count.saturating_add(1);
            let cie = record
                .body
                .checked_sub(4)
                .and_then(|id_at| id_at.checked_sub(record.id as usize))
                .and_then(|cie_at| cies.get(&cie_at).copied());
            cie.and_then(|enc| cursor.fde(&name, enc, &mut found))
        };
        if parsed.is_none() {
            break;
        }
        at = record.end;
    }
    found
}

/// The pointers of an `.eh_frame_hdr` section (the LSB's "Exception Frame Header"): the
/// pointer to `.eh_frame` and each entry of the binary-search table (a function's start and its
/// FDE), as fields named `{prefix}.eh-frame-ptr` and `{prefix}.table[n].location`/`.fde`. Only the
/// 4-byte encodings linkers write (`udata4`, `sdata4`, any application) are read; another
/// encoding leaves the rest of the section as bytes.
pub(crate) fn header_pointers(section: &[u8], little: bool, prefix: &str) -> Vec<Pointer> {
    let mut found = Vec::new();
    let mut r = ByteReader::new(section);
    let (Some(1), Some(frame_enc), Some(count_enc), Some(table_enc)) =
        (r.u8(), r.u8(), r.u8(), r.u8())
    else {
        return found;
    };
    let four = |enc: u8| enc != OMIT && matches!(enc & 0x0f, 0x03 | 0x0b);
    let take = |r: &mut ByteReader<'_>, name: String, found: &mut Vec<Pointer>| {
        let at = r.position();
        let value = read_u32(r, little)?;
        found.push(Pointer {
            range: at..r.position(),
            field: Field::new(
                name,
                FieldKind::Derived(Derivation::offset()),
                Value::Hex(u64::from(value)),
            ),
        });
        Some(())
    };
    if !four(frame_enc) || take(&mut r, format!("{prefix}.eh-frame-ptr"), &mut found).is_none() {
        return found;
    }
    if !four(count_enc) {
        return found;
    }
    let Some(count) = read_u32(&mut r, little) else {
        return found;
    };
    if !four(table_enc) {
        return found;
    }
    for index in 0..count.min(MAX_RECORDS as u32) {
        let location = take(
            &mut r,
            format!("{prefix}.table[{index}].location"),
            &mut found,
        );
        let fde = location
            .and_then(|()| take(&mut r, format!("{prefix}.table[{index}].fde"), &mut found));
        if fde.is_none() {
            break;
        }
    }
    found
}

/// A record's extent: its body (after the length) starts at `body` with the CIE id or pointer
/// `id` (read already), and it ends at `end`.
struct Record {
    body: usize,
    id: u32,
    end: usize,
}

impl Record {
    fn at(section: &[u8], at: usize, little: bool) -> Option<Record> {
        let mut r = ByteReader::at(section, at)?;
        let length = read_u32(&mut r, little)?;
        // A zero length ends the section; 64-bit lengths are not read.
        if length == 0 || length == u32::MAX {
            return None;
        }
        let start = r.position();
        let end = start.checked_add(usize::try_from(length).ok()?)?;
        if end > section.len() {
            return None;
        }
        let id = read_u32(&mut r, little)?;
        Some(Record {
            body: r.position(),
            id,
            end,
        })
    }
}

fn read_u32(r: &mut ByteReader<'_>, little: bool) -> Option<u32> {
    if little {
        r.u32_le()
    } else {
        r.u32_be()
    }
}

struct Cursor<'a> {
    bytes: ByteReader<'a>,
    little: bool,
    is_64: bool,
}

impl Cursor<'_> {
    /// Reads a CIE's augmentation: its pointer encodings, and its personality pointer as a field.
    fn cie(&mut self, name: &str, found: &mut Vec<Pointer>) -> Option<Encodings> {
        let version = self.bytes.u8()?;
        let augmentation = self.bytes.take_terminated(0)?;
        if augmentation.starts_with(b"eh") {
            self.bytes.skip(if self.is_64 { 8 } else { 4 })?;
        }
        self.uleb()?; // code alignment factor
        self.uleb()?; // data alignment factor (its sign does not matter here)
        if version == 1 {
            self.bytes.u8()?;
        } else {
            self.uleb()?;
        }
        let mut encodings = Encodings {
            code: 0,
            lsda: OMIT,
            augmented: augmentation.first() == Some(&b'z'),
        };
        if !encodings.augmented {
            return Some(encodings);
        }
        self.uleb()?;
        for letter in augmentation.iter().skip(1) {
            match letter {
                b'R' => encodings.code = self.bytes.u8()?,
                b'L' => encodings.lsda = self.bytes.u8()?,
                b'P' => {
                    let encoding = self.bytes.u8()?;
                    found.push(self.pointer(encoding, format!("{name}.personality"))?);
                }
                b'S' | b'B' => {}
                _ => return Some(encodings),
            }
        }
        Some(encodings)
    }

    /// Reads an FDE's code start and LSDA pointers as fields.
    fn fde(&mut self, name: &str, enc: Encodings, found: &mut Vec<Pointer>) -> Option<()> {
        found.push(self.pointer(enc.code, format!("{name}.pc-begin"))?);
        self.value(enc.code & 0x0f)?; // the code's length: compared as bytes
        if enc.augmented {
            let length = self.uleb()?;
            if enc.lsda != OMIT && length > 0 {
                found.push(self.pointer(enc.lsda, format!("{name}.lsda"))?);
            }
        }
        Some(())
    }

    /// Reads a pointer in `encoding` as the offset field `name`.
    fn pointer(&mut self, encoding: u8, name: String) -> Option<Pointer> {
        let start = self.bytes.position();
        let value = self.value(encoding & 0x0f)?;
        Some(Pointer {
            range: start..self.bytes.position(),
            field: Field::new(
                name,
                FieldKind::Derived(Derivation::offset()),
                Value::Hex(value),
            ),
        })
    }

    /// Reads a value of the format `format` (the low nibble of a pointer encoding), as raw bits.
    fn value(&mut self, format: u8) -> Option<u64> {
        let b = &mut self.bytes;
        let little = self.little;
        match format {
            0x00 if self.is_64 => Self::wide(b, little),
            0x00 | 0x03 | 0x0b => {
                let value = if little { b.u32_le() } else { b.u32_be() };
                value.map(u64::from)
            }
            0x01 | 0x09 => self.uleb(),
            0x02 | 0x0a => {
                let value = if little { b.u16_le() } else { b.u16_be() };
                value.map(u64::from)
            }
            0x04 | 0x0c => Self::wide(b, little),
            _ => None,
        }
    }

    fn wide(bytes: &mut ByteReader<'_>, little: bool) -> Option<u64> {
        if little {
            bytes.u64_le()
        } else {
            bytes.u64_be()
        }
    }

    /// An unsigned LEB128 number (a signed one reads as its raw bits).
    fn uleb(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.bytes.u8()?;
            value |= u64::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CIE with augmentation "zR" (pcrel pointers), then an FDE of one function: as lld wrote
    /// it for the corpus's x86_64 `hello`.
    const EH_FRAME: &str = "14000000 00000000 017a5200 01781001 100c0708 90010000 \
                            24000000 1c000000 c8fcffff ffffffff 0b000000 00000000 \
                            00410e10 8602430d 06000000 00000000";

    fn bytes(hex: &str) -> Vec<u8> {
        let hex: String = hex.split_whitespace().collect();
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn each_fde_s_start_is_an_offset_field() {
        let section = bytes(EH_FRAME);
        let found = pointers(&section, true, true, "macho.eh-frame");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range, 0x20..0x28);
        assert_eq!(found[0].field.name, "macho.eh-frame.fde[0].pc-begin");
        assert_eq!(found[0].field.value, Value::Hex(0xffff_ffff_ffff_fcc8));
    }

    #[test]
    fn cut_or_garbled_sections_stop_reading_and_never_panic() {
        let section = bytes(EH_FRAME);
        for len in 0..section.len() {
            let _ = pointers(&section[..len], true, true, "x");
        }
        for at in 0..section.len() {
            let mut garbled = section.clone();
            garbled[at] ^= 0xff;
            let _ = pointers(&garbled, false, false, "x");
        }
    }

    #[test]
    fn a_header_s_pointers_are_read_in_four_byte_encodings_only() {
        // version 1, eh_frame_ptr pcrel|sdata4, fde_count udata4, table datarel|sdata4.
        let mut section = vec![1, 0x1b, 0x03, 0x3b];
        section.extend_from_slice(&0x100u32.to_le_bytes());
        section.extend_from_slice(&2u32.to_le_bytes());
        for value in [0x10u32, 0x20, 0x30, 0x40] {
            section.extend_from_slice(&value.to_le_bytes());
        }
        let found = header_pointers(&section, true, "h");
        let names: Vec<&str> = found.iter().map(|p| p.field.name.as_ref()).collect();
        assert_eq!(
            names,
            [
                "h.eh-frame-ptr",
                "h.table[0].location",
                "h.table[0].fde",
                "h.table[1].location",
                "h.table[1].fde"
            ]
        );
        assert_eq!(found[2].range, 16..20);
        // Another encoding of the table: only the pointer before it is read.
        section[3] = 0x3c;
        assert_eq!(header_pointers(&section, true, "h").len(), 1);
        // Another version, or a cut section: nothing, and never a panic.
        section[0] = 2;
        assert!(header_pointers(&section, true, "h").is_empty());
        section[0] = 1;
        section[3] = 0x3b;
        for len in 0..section.len() {
            let _ = header_pointers(&section[..len], false, "h");
        }
    }
}
