//! The symbol table of LC_SYMTAB with its stabs, and the string table its names are in.
//!
//! The table becomes the `<symbol-table>` member: each `nlist` entry is a row of fields, its name
//! resolved from the string table. Debugging stabs say what they record (`<mach-o/stab.h>`):
//! `N_SO`/`N_SOL`/`N_BINCL` name a source file or directory and `N_OSO` an object file the linker
//! read — input paths, which move with the build directory — and `N_OSO`'s value is that
//! object's modification time. Other names are the program's symbols. Each name's offset in the
//! string table (`n_strx`) and every address or size follows from what precedes it.
//!
//! The string-table bytes no name is read from (the leading `" \0"`, unreferenced strings) are the
//! member's bytes; the zeros that pad the table to its size are counted, not compared byte by
//! byte, since they change in number whenever a name changes length: where the names end is an
//! offset like the others.

use std::ops::Range;

use goblin::mach::symbols::{
    N_AST, N_BCOMM, N_BINCL, N_BNSYM, N_ECOML, N_ECOMM, N_EINCL, N_ENSYM, N_ENTRY, N_EXCL, N_FNAME,
    N_FUN, N_GSYM, N_LBRAC, N_LCSYM, N_LENG, N_LSYM, N_OLEVEL, N_OPT, N_OSO, N_PARAMS, N_PC,
    N_PSYM, N_RBRAC, N_RSYM, N_SLINE, N_SO, N_SOL, N_SSYM, N_STAB, N_STSYM, N_VERSION,
};

use super::load_commands::Symtab;
use super::reader::{int, Endian, FieldReader};
use crate::coverage::clamp;
use crate::{Derivation, Field, FieldKind, Member, MemberData, TimeRole, Timestamp, Value};

/// The member holding the symbol table.
pub const SYMBOL_TABLE_MEMBER: &str = "<symbol-table>";
/// At most this many symbols become fields (six each, so that a table stays within tens of
/// megabytes); a larger table is compared as bytes, with a note.
pub(super) const MAX_SYMBOLS: u64 = 1 << 17;

/// `n_type & N_TYPE`: what a non-stab symbol is; `N_SECT`: defined in section `n_sect`.
const N_TYPE: u8 = 0x0e;
const N_SECT: u8 = 0x0e;

const OFFSET: FieldKind = FieldKind::Derived(Derivation::offset());

/// The symbol table as a member, and the ranges of the file it was read from.
pub(super) struct SymbolTable {
    pub member: Member,
    pub covered: Vec<Range<usize>>,
    pub notes: Vec<String>,
    /// The symbols defined in a section (`N_SECT`, not stabs): its ordinal (from 1), the
    /// symbol's address and name.
    pub placed: Vec<(u64, u64, String)>,
}

/// Reads the symbol and string tables LC_SYMTAB points at in `data`.
pub(super) fn read(data: &[u8], symtab: Symtab, endian: Endian, is_64: bool) -> SymbolTable {
    let entry_size: u64 = if is_64 { 16 } else { 12 };
    let symbols = clamp(
        symtab.symoff,
        symtab.nsyms.saturating_mul(entry_size),
        data.len(),
    );
    let strings = clamp(symtab.stroff, symtab.strsize, data.len());
    let mut notes = Vec::new();
    if symbols.len() as u64 != symtab.nsyms.saturating_mul(entry_size)
        || strings.len() as u64 != symtab.strsize
    {
        notes.push("the symbol or string table is cut short".to_owned());
    }
    let covered = vec![symbols.clone(), strings.clone()];
    if symtab.nsyms > MAX_SYMBOLS {
        notes.push(format!(
            "{} symbols: the symbol table is compared as bytes",
            symtab.nsyms
        ));
        let mut bytes = data.get(symbols).unwrap_or_default().to_vec();
        bytes.extend_from_slice(data.get(strings).unwrap_or_default());
        let member = Member::new(SYMBOL_TABLE_MEMBER, MemberData::Bytes(bytes.into()));
        return SymbolTable {
            member,
            covered,
            notes,
            placed: Vec::new(),
        };
    }
    let table = data.get(strings.clone()).unwrap_or_default();
    let mut names: Vec<Range<usize>> = Vec::new();
    let mut fields = Vec::new();
    let mut placed = Vec::new();
    if let Some(mut r) = FieldReader::at(
        data.get(..symbols.end).unwrap_or_default(),
        symbols.start,
        endian,
    ) {
        let mut index = 0u64;
        while index < symtab.nsyms {
            let Some(row) = read_symbol(&mut r, index, is_64, table, &mut names, &mut placed)
            else {
                break;
            };
            fields.extend(row);
            index = index.saturating_add(1);
        }
    }
    let (rest, padding) = unreferenced(table, &names);
    fields.push(Field::new(
        "macho.string-table.padding",
        OFFSET,
        int(padding as u64),
    ));
    let mut member = Member::new(SYMBOL_TABLE_MEMBER, MemberData::Bytes(rest.into()));
    member.fields = fields;
    SymbolTable {
        member,
        covered,
        notes,
        placed,
    }
}

/// Reads one `nlist` entry as fields named `macho.symbol[index].…`, and records which bytes of
/// the string table its name is (the name and its NUL).
fn read_symbol(
    r: &mut FieldReader<'_>,
    index: u64,
    is_64: bool,
    table: &[u8],
    names: &mut Vec<Range<usize>>,
    placed: &mut Vec<(u64, u64, String)>,
) -> Option<Vec<Field>> {
    let field = |name: &str| format!("macho.symbol[{index}].{name}");
    let strx = r.take(4)?;
    let n_type = u8::try_from(r.take(1)?).ok()?;
    let sect = r.take(1)?;
    let desc = r.take(2)?;
    let value = r.take(if is_64 { 8 } else { 4 })?;
    let (name, range) = name_at(table, strx);
    names.extend(range);
    let is_stab = n_type & N_STAB != 0;
    if !is_stab && n_type & N_TYPE == N_SECT && sect != 0 && !name.is_empty() {
        placed.push((sect, value, name.clone()));
    }
    let type_value = match stab_name(n_type).filter(|_| is_stab) {
        Some(name) => Value::Str(name.to_owned()),
        None => Value::Hex(u64::from(n_type)),
    };
    let name_kind = match n_type {
        N_SO | N_SOL | N_OSO | N_BINCL if is_stab => FieldKind::SourcePath,
        _ => FieldKind::Program,
    };
    let (value_kind, value) = if is_stab && n_type == N_OSO {
        (
            FieldKind::Time(TimeRole::Input),
            Value::Time(Timestamp::unix(i64::try_from(value).ok()?)),
        )
    } else {
        (OFFSET, Value::Hex(value))
    };
    Some(vec![
        Field::new(field("name"), name_kind, Value::Str(name)),
        Field::new(field("strx"), OFFSET, int(strx)),
        Field::new(field("type"), FieldKind::Opaque, type_value),
        Field::new(field("sect"), FieldKind::Opaque, int(sect)),
        Field::new(field("desc"), FieldKind::Opaque, Value::Hex(desc)),
        Field::new(field("value"), value_kind, value),
    ])
}

/// The name of a stab type (`<mach-o/stab.h>`).
fn stab_name(n_type: u8) -> Option<&'static str> {
    let name = match n_type {
        N_GSYM => "N_GSYM",
        N_FNAME => "N_FNAME",
        N_FUN => "N_FUN",
        N_STSYM => "N_STSYM",
        N_LCSYM => "N_LCSYM",
        N_BNSYM => "N_BNSYM",
        N_AST => "N_AST",
        N_OPT => "N_OPT",
        N_RSYM => "N_RSYM",
        N_SLINE => "N_SLINE",
        N_ENSYM => "N_ENSYM",
        N_SSYM => "N_SSYM",
        N_SO => "N_SO",
        N_OSO => "N_OSO",
        N_LSYM => "N_LSYM",
        N_BINCL => "N_BINCL",
        N_SOL => "N_SOL",
        N_PARAMS => "N_PARAMS",
        N_VERSION => "N_VERSION",
        N_OLEVEL => "N_OLEVEL",
        N_PSYM => "N_PSYM",
        N_EINCL => "N_EINCL",
        N_ENTRY => "N_ENTRY",
        N_LBRAC => "N_LBRAC",
        N_EXCL => "N_EXCL",
        N_RBRAC => "N_RBRAC",
        N_BCOMM => "N_BCOMM",
        N_ECOMM => "N_ECOMM",
        N_ECOML => "N_ECOML",
        N_LENG => "N_LENG",
        N_PC => "N_PC",
        _ => return None,
    };
    Some(name)
}

/// The name at `strx` in the string table, and the bytes it occupies there (its NUL included).
/// Offset 0 is the empty name, by convention; an offset past the table names nothing.
fn name_at(table: &[u8], strx: u64) -> (String, Option<Range<usize>>) {
    let Some(start) = usize::try_from(strx).ok().filter(|&s| s > 0) else {
        return (String::new(), None);
    };
    let Some(rest) = table.get(start..) else {
        return (format!("<past the string table: {strx}>"), None);
    };
    let len = rest.iter().position(|&b| b == 0);
    let text = crate::names::escape(rest.get(..len.unwrap_or(rest.len())).unwrap_or_default());
    let end = start
        .saturating_add(len.map_or(rest.len(), |l| l.saturating_add(1)))
        .min(table.len());
    (text, Some(start..end))
}

/// The bytes of the string table no name covers, and how many zeros pad its end (after the last
/// name, up to its size).
fn unreferenced(table: &[u8], names: &[Range<usize>]) -> (Vec<u8>, usize) {
    let last = names
        .iter()
        .map(|r| r.end)
        .max()
        .unwrap_or(0)
        .min(table.len());
    let tail = table.get(last..).unwrap_or_default();
    let (body_end, padding) = if tail.iter().all(|&b| b == 0) {
        (last, tail.len())
    } else {
        (table.len(), 0)
    };
    let rest = crate::coverage::unmasked(table, 0..body_end, names);
    (rest, padding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_to_their_nul_and_offset_zero_is_empty() {
        let table = b" \0_main\0/tmp/a.o\0\0\0";
        assert_eq!(name_at(table, 2), ("_main".to_owned(), Some(2..8)));
        assert_eq!(name_at(table, 4), ("ain".to_owned(), Some(4..8)));
        assert_eq!(name_at(table, 0), (String::new(), None));
        assert_eq!(name_at(table, 99).1, None);
        assert_eq!(name_at(b"abc", 1), ("bc".to_owned(), Some(1..3)));
    }

    #[test]
    fn a_table_past_the_limit_is_bytes_with_a_note() {
        let data = [7u8; 64];
        let symtab = Symtab {
            symoff: 0,
            nsyms: MAX_SYMBOLS + 1,
            stroff: 48,
            strsize: 16,
        };
        let table = read(&data, symtab, Endian::Little, true);
        assert!(table.member.fields.is_empty());
        // The symbols, cut to the file, then the strings.
        assert!(matches!(&table.member.data, MemberData::Bytes(b) if b.len() == 64 + 16));
        assert!(table.notes.iter().any(|n| n.contains("compared as bytes")));
    }

    #[test]
    fn the_padding_is_counted_and_the_rest_kept() {
        let table = b" \0_main\0/tmp/a.o\0\0\0";
        let (rest, padding) = unreferenced(table, &[2..8, 8..17]);
        assert_eq!((rest.as_slice(), padding), (&b" \0"[..], 2));
        let (rest, padding) = unreferenced(b" \0_a\0x\0", std::slice::from_ref(&(2..5)));
        assert_eq!((rest.as_slice(), padding), (&b" \0x\0"[..], 0));
    }
}
