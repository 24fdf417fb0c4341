//! The pointers of a `__TEXT,__eh_frame` section: where each FDE's code starts, its LSDA and each
//! CIE's personality routine (the `.eh_frame` format of the Linux Standard Base, "Exception Frames").
//!
//! These pointers are addresses, mostly relative to where they are stored: they follow from the
//! image's layout, and a linker that places anything elsewhere writes other values. Each becomes
//! an offset field of the section, and its bytes are zeroed in the section's bytes (they keep
//! their width), so that the unwinding instructions are still compared byte by byte.

use std::collections::HashMap;
use std::ops::Range;

use super::reader::Endian;
use crate::byte_reader::ByteReader;
use crate::{Derivation, Field, FieldKind, Value};

/// `DW_EH_PE_omit`: no pointer.
const OMIT: u8 = 0xff;
/// At most this many records are read from one section.
const MAX_RECORDS: usize = 1 << 16;

/// A pointer found in the section: where its bytes are (relative to the section) and its field.
#[derive(Debug)]
pub(super) struct Pointer {
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

/// The pointers of the `.eh_frame` records in `section`. Reading stops at the first record that
/// does not parse; what was found before it is kept.
pub(super) fn pointers(section: &[u8], endian: Endian, is_64: bool) -> Vec<Pointer> {
    let mut found = Vec::new();
    let mut cies: HashMap<usize, Encodings> = HashMap::new();
    let mut at = 0usize;
    let (mut cie_count, mut fde_count) = (0usize, 0usize);
    for _ in 0..MAX_RECORDS {
        let Some(record) = Record::at(section, at, endian) else {
            break;
        };
        let mut cursor = Cursor {
            bytes: ByteReader::at(section.get(..record.end).unwrap_or_default(), record.body)
                .unwrap_or_else(|| ByteReader::new(&[])),
            endian,
            is_64,
        };
        let parsed = if record.id == 0 {
            let name = format!("macho.eh-frame.cie[{cie_count}]");
            cie_count = cie_count.saturating_add(1);
            cursor.cie(&name, &mut found).map(|enc| {
                cies.insert(at, enc);
            })
        } else {
            let name = format!("macho.eh-frame.fde[{fde_count}]");
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

/// A record's extent: its body (after the length) starts at `body` with the CIE id or pointer
/// `id` (read already), and it ends at `end`.
struct Record {
    body: usize,
    id: u32,
    end: usize,
}

impl Record {
    fn at(section: &[u8], at: usize, endian: Endian) -> Option<Record> {
        let mut r = ByteReader::at(section, at)?;
        let length = read_u32(&mut r, endian)?;
        // A zero length ends the section; 64-bit lengths are not written by Mach-O linkers.
        if length == 0 || length == u32::MAX {
            return None;
        }
        let start = r.position();
        let end = start.checked_add(usize::try_from(length).ok()?)?;
        if end > section.len() {
            return None;
        }
        let id = read_u32(&mut r, endian)?;
        Some(Record {
            body: r.position(),
            id,
            end,
        })
    }
}

fn read_u32(r: &mut ByteReader<'_>, endian: Endian) -> Option<u32> {
    match endian {
        Endian::Little => r.u32_le(),
        Endian::Big => r.u32_be(),
    }
}

struct Cursor<'a> {
    bytes: ByteReader<'a>,
    endian: Endian,
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
        let little = self.endian == Endian::Little;
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
        let found = pointers(&section, Endian::Little, true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range, 0x20..0x28);
        assert_eq!(found[0].field.name, "macho.eh-frame.fde[0].pc-begin");
        assert_eq!(found[0].field.value, Value::Hex(0xffff_ffff_ffff_fcc8));
    }

    #[test]
    fn cut_or_garbled_sections_stop_reading_and_never_panic() {
        let section = bytes(EH_FRAME);
        for len in 0..section.len() {
            let _ = pointers(&section[..len], Endian::Little, true);
        }
        for at in 0..section.len() {
            let mut garbled = section.clone();
            garbled[at] ^= 0xff;
            let _ = pointers(&garbled, Endian::Big, false);
        }
    }
}
