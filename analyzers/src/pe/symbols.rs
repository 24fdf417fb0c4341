//! The COFF symbol table and string table that mingw's linker keeps in an unstripped image, read
//! as fields of the `<coff-symbols>` member.
//!
//! Each symbol is named by its name (resolved through the string table) and says which section it
//! is in; its value, for a symbol in a section, is an offset there, which moves when what is stored
//! before it changes length (a longer build directory in `.debug_line_str`, more code in `.text`);
//! auxiliary records are the program's own facts (file names, section lengths). The string table's
//! bytes are covered by a digest that follows from the names it spells.
//!
//! The records are read here, not through goblin's symbol iterator, which skips auxiliary records
//! and drops names that are not UTF-8: every byte must be seen.

use goblin::pe::section_table::SectionTable;

use crate::byte_reader::{slice_at, ByteReader};
use crate::{Covers, Derivation, Field, FieldKind, Quantity, Value};

/// The size of a symbol record and of an auxiliary record.
const RECORD_SIZE: usize = 18;
/// At most this many symbols are read as fields; the rest is compared by the table's digest.
const MAX_SYMBOLS: usize = 1 << 18;

/// The fields of the symbol table of `count` records at `at`, with the string table after it,
/// and a note when the table is cut short or too large.
pub(super) fn fields(
    data: &[u8],
    at: usize,
    count: usize,
    sections: &[(String, SectionTable)],
) -> (Vec<Field>, Option<String>) {
    let table_len = count.saturating_mul(RECORD_SIZE);
    let table = slice_at(data, at, table_len);
    let strings_at = at.saturating_add(table_len);
    let strings = string_table(data, strings_at);
    let mut fields = Vec::new();
    let mut note = None;
    let Some(table) = table else {
        return (
            fields,
            Some(format!(
                "the COFF symbol table ({count} records at {at:#x}) is cut short: compared as bytes"
            )),
        );
    };
    let mut records = ByteReader::new(table);
    let mut read = 0usize;
    while !records.is_empty() {
        if read >= MAX_SYMBOLS {
            note = Some(format!(
                "more than {MAX_SYMBOLS} COFF symbols: the rest is compared by the table's digest"
            ));
            fields.push(Field::new(
                "coff.symbols.rest",
                FieldKind::Program,
                digest(records.rest()),
            ));
            break;
        }
        let Some(symbol) = Symbol::read(&mut records, strings) else {
            fields.push(Field::new(
                "coff.symbols.rest",
                FieldKind::Program,
                Value::Bytes(records.rest().to_vec()),
            ));
            break;
        };
        read = read.saturating_add(1);
        symbol.push_fields(sections, &mut fields);
    }
    fields.push(Field::new(
        "coff.string-table",
        FieldKind::Derived(Derivation::checksum(Covers::Record)),
        digest(strings),
    ));
    (fields, note)
}

/// The functions and data the table of `count` records at `at` defines in sections: each one's
/// section number (from 1), its offset in that section and its name. Section, file and label
/// symbols (names starting with `.`) are left out.
pub(super) fn placed(data: &[u8], at: usize, count: usize) -> Vec<(usize, u32, String)> {
    let table_len = count.saturating_mul(RECORD_SIZE);
    let Some(table) = slice_at(data, at, table_len) else {
        return Vec::new();
    };
    let strings = string_table(data, at.saturating_add(table_len));
    let mut records = ByteReader::new(table);
    let mut placed = Vec::new();
    for _ in 0..MAX_SYMBOLS {
        let Some(symbol) = Symbol::read(&mut records, strings) else {
            break;
        };
        let section = usize::try_from(symbol.section_number).unwrap_or(0);
        let named = matches!(symbol.storage_class, EXTERNAL | STATIC)
            && section > 0
            && !symbol.name.is_empty()
            && !symbol.name.starts_with('.');
        if named {
            placed.push((section, symbol.value, symbol.name));
        }
    }
    placed
}

/// One symbol record with its auxiliary records.
struct Symbol<'a> {
    name: String,
    value: u32,
    section_number: i16,
    kind: u16,
    storage_class: u8,
    /// How many auxiliary records the symbol declares (the table may hold fewer).
    aux_count: u8,
    aux: &'a [u8],
}

impl<'a> Symbol<'a> {
    fn read(records: &mut ByteReader<'a>, strings: &[u8]) -> Option<Self> {
        let name = records.array::<8>()?;
        let value = records.u32_le()?;
        let section_number = i16::from_le_bytes(records.array::<2>()?);
        let kind = records.u16_le()?;
        let storage_class = records.u8()?;
        let aux_count = records.u8()?;
        let aux_len = usize::from(aux_count).saturating_mul(RECORD_SIZE);
        let aux = records.take(aux_len.min(records.rest().len()))?;
        Some(Symbol {
            name: symbol_name(name, strings),
            value,
            section_number,
            kind,
            storage_class,
            aux_count,
            aux,
        })
    }

    fn push_fields(&self, sections: &[(String, SectionTable)], fields: &mut Vec<Field>) {
        let key = format!("coff.symbol[{}]", self.name);
        let section = usize::try_from(self.section_number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|index| sections.get(index));
        let place = match (section, self.section_number) {
            (Some((name, _)), _) => format!("in {name}"),
            (None, 0) => "undefined".to_owned(),
            (None, -1) => "absolute".to_owned(),
            (None, -2) => "debugging".to_owned(),
            (None, n) => format!("in section {n}"),
        };
        fields.push(Field::new(
            key.clone(),
            FieldKind::Program,
            format!(
                "{place}, class {}, type {:#x}, {} auxiliary records",
                self.storage_class, self.kind, self.aux_count
            ),
        ));
        // A value in a section is where the symbol is in it: it follows from what precedes it.
        let value_kind = if section.is_some() {
            FieldKind::Derived(Derivation::offset())
        } else {
            FieldKind::Program
        };
        fields.push(Field::new(
            format!("{key}.value"),
            value_kind,
            Value::Hex(u64::from(self.value)),
        ));
        let defines_section =
            section.is_some_and(|(name, _)| *name == self.name) && self.storage_class == STATIC;
        match (
            defines_section,
            self.aux.split_at_checked(SECTION_AUX_FIXED),
        ) {
            (true, Some((fixed, rest))) => push_section_definition(&key, fixed, rest, fields),
            _ if !self.aux.is_empty() => fields.push(Field::new(
                format!("{key}.aux"),
                FieldKind::Program,
                Value::Bytes(self.aux.to_vec()),
            )),
            _ => {}
        }
    }
}

/// The storage class of a symbol visible to other objects.
const EXTERNAL: u8 = 2;
/// The storage class of a section's own symbol (and of file-local ones).
const STATIC: u8 = 3;
/// The bytes of a section definition's auxiliary record that say something: length, relocation
/// and line-number counts, checksum.
const SECTION_AUX_FIXED: usize = 12;

/// The auxiliary record of a section's own symbol (format 5 of the specification): the length
/// of one object's part of the section and its checksum follow from that part, which lies in
/// the section, so they follow from lengths that changed in the image; the counts are the
/// program's.
fn push_section_definition(key: &str, fixed: &[u8], rest: &[u8], fields: &mut Vec<Field>) {
    let mut reader = ByteReader::new(fixed);
    let (Some(length), Some(relocations), Some(line_numbers), Some(checksum)) = (
        reader.u32_le(),
        reader.u16_le(),
        reader.u16_le(),
        reader.u32_le(),
    ) else {
        return;
    };
    let follows = |quantity| {
        FieldKind::Derived(Derivation {
            covers: Covers::Position,
            quantity,
            verified: false,
        })
    };
    fields.extend([
        Field::new(
            format!("{key}.length"),
            follows(Quantity::Size),
            Value::Int(i64::from(length)),
        ),
        Field::new(
            format!("{key}.relocations"),
            FieldKind::Program,
            format!("{relocations} relocations, {line_numbers} line numbers"),
        ),
        Field::new(
            format!("{key}.checksum"),
            follows(Quantity::Checksum),
            Value::Hex(u64::from(checksum)),
        ),
        Field::new(
            format!("{key}.aux"),
            FieldKind::Program,
            Value::Bytes(rest.to_vec()),
        ),
    ]);
}

/// A symbol's name: inline (up to 8 bytes, NUL-padded), or, when its first four bytes are zero,
/// at the offset its last four give in the string table. Bytes that are not UTF-8 are escaped.
fn symbol_name(raw: [u8; 8], strings: &[u8]) -> String {
    let (head, tail) = raw.split_at(4);
    if head == [0, 0, 0, 0] {
        let offset = tail
            .try_into()
            .map(u32::from_le_bytes)
            .ok()
            .and_then(|o| usize::try_from(o).ok())
            .unwrap_or(usize::MAX);
        let name = strings
            .get(offset..)
            .map(|rest| rest.split(|&b| b == 0).next().unwrap_or_default())
            .unwrap_or_default();
        return crate::names::escape(name);
    }
    let used = raw
        .iter()
        .rposition(|&b| b != 0)
        .map_or(0, |i| i.saturating_add(1));
    crate::names::escape(raw.get(..used).unwrap_or_default())
}

/// The string table at `at`: its first four bytes give its length, themselves included.
fn string_table(data: &[u8], at: usize) -> &[u8] {
    let len = crate::byte_reader::u32_le_at(data, at)
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(0);
    slice_at(data, at, len)
        .or_else(|| data.get(at..))
        .unwrap_or_default()
}

fn digest(bytes: &[u8]) -> Value {
    use sha2::{Digest, Sha256};
    let sum = Sha256::digest(bytes);
    Value::Str(format!(
        "{} bytes, sha256 {}",
        bytes.len(),
        hex::encode(sum)
    ))
}
