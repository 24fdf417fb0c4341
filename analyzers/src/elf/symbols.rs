//! The symbol tables (`.symtab`, `.dynsym`), read as fields of their section's member.
//!
//! Each symbol is named by its name, resolved through the string table its section links to. Its
//! type, binding, visibility and section are the program's; the value of a defined symbol is
//! where it is, which moves when what is stored before it grows; its size follows from its
//! code or data; where its name is in the string table follows from the names before it. An
//! `STT_FILE` symbol names a source file the compiler read — a path, possibly the build
//! directory's — and is a field of its own, numbered in order.
//!
//! At most [`MAX_SYMBOLS`] symbols become fields; the rest of the table is a digest, with a note.

use std::collections::HashMap;

use crate::byte_reader::ByteReader;
use crate::{Derivation, Field, FieldKind, Value};

use super::header::{hex, int, OFFSET, SIZE};

/// At most this many symbols of one table are read as fields.
const MAX_SYMBOLS: usize = 1 << 17;
const STT_OBJECT: u8 = 1;
const STT_FUNC: u8 = 2;
const STT_SECTION: u8 = 3;
const STT_FILE: u8 = 4;
const SHN_UNDEF: u16 = 0;
const SHN_ABS: u16 = 0xfff1;
const SHN_COMMON: u16 = 0xfff2;

/// The fields of the symbol table `table` (`prefix` is `elf.symtab` or `elf.dynsym`) whose names
/// are in `strings`; `sections` names the sections by index. A note when the table is too large.
pub(super) fn fields(
    table: &[u8],
    strings: &[u8],
    sections: &[String],
    prefix: &str,
    little: bool,
    wide: bool,
) -> (Vec<Field>, Option<String>) {
    let mut fields = Vec::new();
    let mut note = None;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut files = 0usize;
    let mut r = ByteReader::new(table);
    let mut read = 0usize;
    while !r.is_empty() {
        if read >= MAX_SYMBOLS {
            note = Some(format!(
                "more than {MAX_SYMBOLS} symbols in {prefix}: the rest is compared by its digest"
            ));
            fields.push(Field::new(
                format!("{prefix}.rest"),
                FieldKind::Program,
                super::digest(r.rest()),
            ));
            break;
        }
        let Some(symbol) = r.all_or_nothing(|r| Symbol::read(r, little, wide)) else {
            fields.push(Field::new(
                format!("{prefix}.rest"),
                FieldKind::Program,
                Value::Bytes(r.rest().to_vec()),
            ));
            break;
        };
        read = read.saturating_add(1);
        let name = usize::try_from(symbol.name)
            .ok()
            .and_then(|at| strings.get(at..))
            .map(|rest| rest.split(|&b| b == 0).next().unwrap_or_default());
        let name = match name {
            Some(name) => crate::names::escape(name),
            None => format!("<name at {:#x}, outside the string table>", symbol.name),
        };
        let kind = symbol.info & 0xf;
        let key = if kind == STT_FILE {
            let key = format!("{prefix}.file[{files}]");
            files = files.saturating_add(1);
            fields.push(Field::new(key.clone(), FieldKind::SourcePath, name));
            key
        } else {
            let count = seen.entry(name.clone()).or_insert(0);
            *count = count.saturating_add(1);
            let shown = if name.is_empty() && kind == STT_SECTION {
                sections
                    .get(usize::from(symbol.shndx))
                    .map_or(name, |s| format!("<section {s}>"))
            } else {
                name
            };
            if *count > 1 {
                format!("{prefix}[{shown}#{count}]")
            } else {
                format!("{prefix}[{shown}]")
            }
        };
        let place = match symbol.shndx {
            SHN_UNDEF => "undefined".to_owned(),
            SHN_ABS => "absolute".to_owned(),
            SHN_COMMON => "common".to_owned(),
            n => sections
                .get(usize::from(n))
                .map_or_else(|| format!("in section {n}"), |s| format!("in {s}")),
        };
        let defined = !matches!(symbol.shndx, SHN_UNDEF | SHN_ABS);
        fields.push(Field::new(
            format!("{key}.info"),
            FieldKind::Program,
            format!(
                "{place}, type {kind}, binding {}, other {:#x}",
                symbol.info >> 4,
                symbol.other
            ),
        ));
        fields.push(hex(
            format!("{key}.value"),
            if defined { OFFSET } else { FieldKind::Program },
            symbol.value,
        ));
        fields.push(int(format!("{key}.size"), SIZE, symbol.size));
        fields.push(hex(format!("{key}.name-offset"), OFFSET, symbol.name));
    }
    (fields, note)
}

/// The functions and objects (`STT_FUNC`, `STT_OBJECT` of a size) the table `table` defines,
/// by section index: each one's address (its offset in the section of a relocatable object),
/// size and name. At most [`MAX_SYMBOLS`] are read.
pub(super) fn placed(
    table: &[u8],
    strings: &[u8],
    little: bool,
    wide: bool,
) -> HashMap<u16, Vec<(u64, u64, String)>> {
    let mut placed: HashMap<u16, Vec<(u64, u64, String)>> = HashMap::new();
    let mut r = ByteReader::new(table);
    for _ in 0..MAX_SYMBOLS {
        let Some(symbol) = r.all_or_nothing(|r| Symbol::read(r, little, wide)) else {
            break;
        };
        let kind = symbol.info & 0xf;
        let defined = !matches!(symbol.shndx, SHN_UNDEF | SHN_ABS | SHN_COMMON);
        if !matches!(kind, STT_OBJECT | STT_FUNC) || !defined || symbol.size == 0 {
            continue;
        }
        let name = usize::try_from(symbol.name)
            .ok()
            .and_then(|at| strings.get(at..))
            .map(|rest| rest.split(|&b| b == 0).next().unwrap_or_default());
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            placed.entry(symbol.shndx).or_default().push((
                symbol.value,
                symbol.size,
                crate::names::escape(name),
            ));
        }
    }
    placed
}

/// The string table a symbol table names its symbols in: its bytes follow from the names.
pub(super) fn string_table_field(prefix: &str, strings: &[u8]) -> Field {
    Field::new(
        format!("{prefix}.strings"),
        FieldKind::Derived(Derivation::checksum(crate::Covers::Record)),
        super::digest(strings),
    )
}

struct Symbol {
    name: u64,
    info: u8,
    other: u8,
    shndx: u16,
    value: u64,
    size: u64,
}

impl Symbol {
    fn read(r: &mut ByteReader<'_>, little: bool, wide: bool) -> Option<Self> {
        let u16 = |r: &mut ByteReader<'_>| if little { r.u16_le() } else { r.u16_be() };
        let u32 = |r: &mut ByteReader<'_>| if little { r.u32_le() } else { r.u32_be() };
        let u64 = |r: &mut ByteReader<'_>| if little { r.u64_le() } else { r.u64_be() };
        let name = u64::from(u32(r)?);
        // Elf64_Sym puts info, other and shndx before value and size; Elf32_Sym after them.
        let (value, size, info, other, shndx) = if wide {
            let (info, other, shndx) = (r.u8()?, r.u8()?, u16(r)?);
            (u64(r)?, u64(r)?, info, other, shndx)
        } else {
            let (value, size) = (u64::from(u32(r)?), u64::from(u32(r)?));
            (value, size, r.u8()?, r.u8()?, u16(r)?)
        };
        Some(Symbol {
            name,
            info,
            other,
            shndx,
            value,
            size,
        })
    }
}
