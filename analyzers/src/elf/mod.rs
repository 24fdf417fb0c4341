//! ELF images (executables, shared objects — every Python extension module —, relocatable
//! objects), 32- and 64-bit, either byte order, vetted by goblin.
//!
//! An image is a container whose every byte is either a field or a member's byte:
//!
//! - the ELF header and the program and section header tables are fields ([`header`]): the
//!   class, byte order and OS ABI are the container's variant, offsets, addresses and sizes
//!   follow from the layout; `<headers>` is the tables' bytes no field holds (`e_ident`'s magic
//!   and padding);
//! - each section is a member named by its name (through `.shstrtab`), with its table entry as
//!   fields and its bytes, but for what is read as fields instead: the GNU build ID (a hash of
//!   the output), `.comment` (the toolchain's identification) and `.gnu_debuglink` ([`notes`]),
//!   and the symbol tables ([`symbols`]), whose string table is a digest that follows from the
//!   names;
//! - the DWARF sections (`-g`) are one `<dwarf>` member read by [`crate::dwarf`] (compressed
//!   ones inflated first), their table entries its fields;
//! - a stripped image (no symbol table) says nothing of where its code refers to its data: its
//!   loaded sections' bytes are one `<loaded>` member (their table entries its fields, named
//!   `elf.section[.rodata].size`), compared as a file read as bytes is, so that references that moved with a string that
//!   changed length (a build path in `.rodata`) are told from changes of their own;
//! - `<gaps>` is whatever no table entry describes (alignment padding), its bytes kept only when
//!   some are not zero, so nothing goes unread.
//!
//! goblin is the parser of record: an image it rejects is compared as bytes. It runs behind the
//! registry's `catch_unwind`, like every analyzer.

mod header;
mod notes;
mod symbols;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;

use crate::coverage::{unique_names, unmasked, zeroed, Coverage};
use crate::dwarf;
use crate::symbol_map::{NamedRange, SymbolMap};
use crate::{
    AnalyzeError, Analyzer, Content, Detection, Field, Input, Limits, Member, MemberData,
    MemberOrder, Node, Value,
};
use header::Section;

/// The member holding the header bytes that are not fields.
pub const HEADERS_MEMBER: &str = "<headers>";
/// The member holding the loaded sections' bytes of a stripped image.
pub const LOADED_MEMBER: &str = "<loaded>";
pub use crate::coverage::GAPS_MEMBER;

const MAGIC: &[u8] = b"\x7fELF";
const SHT_SYMTAB: u32 = 2;
const SHT_STRTAB: u32 = 3;
const SHT_NOTE: u32 = 7;
const SHT_NOBITS: u32 = 8;
const SHT_DYNSYM: u32 = 11;
const SHF_ALLOC: u64 = 0x2;
const SHF_COMPRESSED: u64 = 0x800;
const ELFCOMPRESS_ZLIB: u32 = 1;

/// Reads ELF images.
pub struct ElfAnalyzer;

impl Analyzer for ElfAnalyzer {
    fn format(&self) -> &'static str {
        "elf"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.data.starts_with(MAGIC) {
            Detection::ByMagic
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError> {
        analyze(input.data, limits)
    }
}

fn analyze(data: &Bytes, limits: &Limits) -> Result<Node, AnalyzeError> {
    let bad = |reason: String| AnalyzeError::malformed("elf", reason);
    goblin::elf::Elf::parse(data).map_err(|e| bad(e.to_string()))?;
    let mut tables = header::read(data).ok_or_else(|| bad("the ELF header is cut short".into()))?;
    let (little, wide) = (tables.little_endian, tables.wide);
    let mut node = Node::new("elf");
    node.order = MemberOrder::Significant;
    node.notes = std::mem::take(&mut tables.notes);
    node.fields = std::mem::take(&mut tables.fields);
    let mut layout = Coverage::default();

    let mut header_bytes = Vec::new();
    for range in &tables.ranges {
        layout.cover(range.clone());
        header_bytes.extend(unmasked(data, range.clone(), &tables.masked));
    }
    node.members.push(Member::new(
        HEADERS_MEMBER,
        MemberData::Bytes(Bytes::from(header_bytes)),
    ));

    let sections = std::mem::take(&mut tables.sections);
    let shstrtab = sections
        .get(tables.shstrndx)
        .map(|s| bytes_of(data, s))
        .unwrap_or_default();
    let names: Vec<String> = sections
        .iter()
        .map(|s| section_name(&shstrtab, s))
        .collect();
    // String tables only symbol tables refer to are compared through the names they spell.
    // For each section a table links to, whether only symbol tables do (one pass: a hostile
    // image may hold 2^16 sections).
    let mut only_symbols: std::collections::HashMap<u32, bool> = std::collections::HashMap::new();
    for s in sections.iter().filter(|s| s.kind != 0) {
        let only = only_symbols.entry(s.link).or_insert(true);
        *only = *only && s.kind == SHT_SYMTAB;
    }
    let symbol_strings: std::collections::HashSet<usize> = sections
        .iter()
        .filter(|s| s.kind == SHT_STRTAB)
        .filter(|s| {
            u32::try_from(s.index)
                .ok()
                .and_then(|index| only_symbols.get(&index))
                .copied()
                .unwrap_or(false)
        })
        .map(|s| s.index)
        .collect();

    // A stripped image says nothing of where its code refers to its data: its loaded sections'
    // bytes are compared as one blob, as a file read as bytes would be, so that references that
    // moved with a string that changed length are told from changes of their own.
    let stripped = !sections.iter().any(|s| s.kind == SHT_SYMTAB);
    let placed = placed_symbols(data, &sections, stripped, (little, wide));
    let mut loaded: Option<(usize, Vec<Field>, Vec<u8>)> = None;
    let mut loaded_symbols = Vec::new();
    let mut debug = DebugSections::read(
        data,
        &sections,
        &names,
        (little, wide),
        limits,
        &mut node.notes,
    );
    let mut members = Vec::with_capacity(sections.len());
    for (section, name) in sections.iter().zip(&names) {
        let range = file_range(section, data.len());
        if section.kind != SHT_NOBITS && range.len() as u64 != section.size {
            node.notes.push(format!(
                "section {name} is cut short: {} of its {} bytes are in the file",
                range.len(),
                section.size
            ));
        }
        layout.cover(range.clone());
        if debug.take(section, name, &mut members) {
            continue;
        }
        let mut member = Member::new(name.clone(), MemberData::None);
        member.fields = section.fields.clone();
        let bytes = data.slice(range.clone());
        if section.kind == SHT_NOBITS || section.index == 0 {
            member.data = MemberData::Bytes(bytes);
        } else if section.kind == SHT_NOTE {
            let ids = notes::build_ids(data, range.clone(), little);
            let masks: Vec<Range<usize>> = ids.iter().map(|(_, r)| r.clone()).collect();
            node.fields.extend(ids.into_iter().map(|(f, _)| f));
            member.data = MemberData::Bytes(zeroed(data, range, &masks));
        } else if name == ".comment" {
            member.fields.extend(notes::comment(&bytes));
        } else if name == ".gnu_debuglink" {
            member.fields.extend(notes::debuglink(&bytes, little));
        } else if matches!(section.kind, SHT_SYMTAB | SHT_DYNSYM) {
            let prefix = if section.kind == SHT_SYMTAB {
                "elf.symtab"
            } else {
                "elf.dynsym"
            };
            let strings = usize::try_from(section.link)
                .ok()
                .and_then(|i| sections.get(i))
                .map(|s| bytes_of(data, s))
                .unwrap_or_default();
            let (fields, note) = symbols::fields(&bytes, &strings, &names, prefix, little, wide);
            member.fields.extend(fields);
            node.notes.extend(note);
        } else if symbol_strings.contains(&section.index) {
            member.fields.push(symbols::string_table_field(
                &format!("elf.section[{name}]"),
                &bytes,
            ));
        } else if !stripped && matches!(name.as_str(), ".eh_frame" | ".eh_frame_hdr") {
            // Unwind tables point at code and at each other by PC-relative offsets: when a
            // section before them grows, they move and every pointer changes with them.
            let pointers = if name == ".eh_frame" {
                crate::eh_frame::pointers(&bytes, little, wide, "elf.eh-frame")
            } else {
                crate::eh_frame::header_pointers(&bytes, little, "elf.eh-frame-hdr")
            };
            let mut kept = bytes.to_vec();
            for pointer in pointers {
                if let Some(part) = kept.get_mut(pointer.range.clone()) {
                    part.fill(0);
                }
                member.fields.push(pointer.field);
            }
            member.data = MemberData::Bytes(Bytes::from(kept));
            member.symbols = SymbolMap::shared(symbols_in(section, &placed, 0));
        } else if stripped && section.flags & SHF_ALLOC != 0 {
            let (_, fields, blob) =
                loaded.get_or_insert_with(|| (members.len(), Vec::new(), Vec::new()));
            loaded_symbols.extend(symbols_in(section, &placed, blob.len() as u64));
            blob.extend_from_slice(&bytes);
            fields.extend(named_fields(&section.fields, name));
            continue;
        } else {
            member.data = MemberData::Bytes(bytes);
            member.symbols = SymbolMap::shared(symbols_in(section, &placed, 0));
        }
        members.push(member);
    }
    if let Some((at, fields, bytes)) = loaded {
        let mut blob = Member::new(LOADED_MEMBER, MemberData::Bytes(Bytes::from(bytes)));
        blob.fields = fields;
        blob.symbols = SymbolMap::shared(loaded_symbols);
        members.insert(at.min(members.len()), blob);
    }
    node.members.extend(unique_names(members));
    if let Some(gaps) = layout.gaps_member(data, data.len(), "elf.gaps.size") {
        node.members.push(gaps);
    }
    node.content = Content::None;
    Ok(node)
}

/// The functions and objects of the image's symbol table (of its dynamic one when it is
/// stripped), by section index.
fn placed_symbols(
    data: &Bytes,
    sections: &[Section],
    stripped: bool,
    (little, wide): (bool, bool),
) -> HashMap<u16, Vec<(u64, u64, String)>> {
    let wanted = if stripped { SHT_DYNSYM } else { SHT_SYMTAB };
    let Some(table) = sections.iter().find(|s| s.kind == wanted) else {
        return HashMap::new();
    };
    let strings = usize::try_from(table.link)
        .ok()
        .and_then(|i| sections.get(i))
        .map(|s| bytes_of(data, s))
        .unwrap_or_default();
    symbols::placed(&bytes_of(data, table), &strings, little, wide)
}

/// The symbols `placed` in `section`, as ranges of its bytes placed at `base` in a member.
fn symbols_in(
    section: &Section,
    placed: &HashMap<u16, Vec<(u64, u64, String)>>,
    base: u64,
) -> Vec<NamedRange> {
    let Some(symbols) = u16::try_from(section.index)
        .ok()
        .and_then(|i| placed.get(&i))
    else {
        return Vec::new();
    };
    symbols
        .iter()
        .filter_map(|(address, size, name)| {
            let offset = address.checked_sub(section.addr)?;
            (offset < section.size).then(|| NamedRange {
                start: offset.saturating_add(base),
                len: (*size).min(section.size.saturating_sub(offset)),
                name: name.clone(),
            })
        })
        .collect()
}

/// The image's DWARF sections, read as one `<dwarf>` member ([`crate::dwarf`]) when they can be.
struct DebugSections {
    view: Option<Node>,
    /// Where the `<dwarf>` member is among the members, once placed.
    placed: Option<usize>,
    /// A digest of each compressed section's stream, by section index: the view holds what it
    /// inflates to, this the bytes the file holds.
    streams: std::collections::HashMap<usize, Field>,
}

impl DebugSections {
    fn read(
        data: &Bytes,
        sections: &[Section],
        names: &[String],
        (little, wide): (bool, bool),
        limits: &Limits,
        notes: &mut Vec<String>,
    ) -> Self {
        let mut debug: Vec<(String, Bytes)> = Vec::new();
        let mut streams = std::collections::HashMap::new();
        for (section, name) in sections.iter().zip(names) {
            if !dwarf::is_dwarf_section(name) {
                continue;
            }
            let bytes = data.slice(file_range(section, data.len()));
            if section.flags & SHF_COMPRESSED == 0 {
                debug.push((name.clone(), bytes));
                continue;
            }
            match inflate(&bytes, little, wide, limits) {
                Ok(inflated) => {
                    debug.push((name.clone(), Bytes::from(inflated)));
                    streams.insert(
                        section.index,
                        crate::compressed::stream_digest_field(
                            format!("elf.section[{name}].stream"),
                            &bytes,
                        ),
                    );
                }
                Err(why) => {
                    notes.push(format!(
                        "the compressed debug section {name} could not be inflated ({why}): the \
                         debug sections are compared as bytes"
                    ));
                    return DebugSections::none();
                }
            }
        }
        if debug.is_empty() {
            return DebugSections::none();
        }
        match dwarf::view(&debug, little) {
            Ok(mut view) => {
                notes.append(&mut view.notes);
                DebugSections {
                    view: Some(view),
                    placed: None,
                    streams,
                }
            }
            Err(why) => {
                notes.push(format!(
                    "the debug sections could not be read as DWARF ({why}): compared as bytes"
                ));
                DebugSections::none()
            }
        }
    }

    fn none() -> Self {
        DebugSections {
            view: None,
            placed: None,
            streams: std::collections::HashMap::new(),
        }
    }

    /// When `section` is a DWARF section read into the view, adds its table entry to the
    /// `<dwarf>` member (placing that member where the first debug section is) and says so.
    fn take(&mut self, section: &Section, name: &str, members: &mut Vec<Member>) -> bool {
        if !dwarf::is_dwarf_section(name) {
            return false;
        }
        let index = match self.placed {
            Some(index) => index,
            None => {
                let Some(view) = self.view.take() else {
                    return false;
                };
                members.push(Member::new(dwarf::MEMBER, MemberData::Node(Arc::new(view))));
                let index = members.len().saturating_sub(1);
                self.placed = Some(index);
                index
            }
        };
        let Some(member) = members.get_mut(index) else {
            return false;
        };
        member.fields.extend(named_fields(&section.fields, name));
        if let Some(stream) = self.streams.get(&section.index) {
            member.fields.push(stream.clone());
        }
        true
    }
}

/// A section's table entry as fields of a member that gathers several sections:
/// `elf.section[.debug_info].size`.
fn named_fields<'a>(fields: &'a [Field], name: &'a str) -> impl Iterator<Item = Field> + 'a {
    fields.iter().cloned().map(move |mut field| {
        field.name = field
            .name
            .replacen("elf.section.", &format!("elf.section[{name}]."), 1)
            .into();
        field
    })
}

/// The inflated bytes of a compressed section: an `Elf_Chdr` (12 bytes in ELF32, 24 in ELF64,
/// its type first), then a zlib stream, decoded within the run's limits.
fn inflate(bytes: &[u8], little: bool, wide: bool, limits: &Limits) -> Result<Vec<u8>, String> {
    let kind = if little {
        crate::byte_reader::u32_le_at(bytes, 0)
    } else {
        crate::byte_reader::u32_be_at(bytes, 0)
    }
    .ok_or("no compression header")?;
    if kind != ELFCOMPRESS_ZLIB {
        return Err(format!("compression type {kind}"));
    }
    let stream = bytes
        .get(if wide { 24 } else { 12 }..)
        .ok_or("no stream after the compression header")?;
    crate::budget::decode_capped(
        flate2::read::ZlibDecoder::new(stream),
        limits,
        stream.len() as u64,
        0,
        "a compressed debug section",
    )
    .map_err(|e| e.to_string())
}

/// A section's name from the section-name string table, or `<section N>` when it has none.
fn section_name(shstrtab: &[u8], section: &Section) -> String {
    let name = usize::try_from(section.name_offset)
        .ok()
        .and_then(|at| shstrtab.get(at..))
        .map(|rest| rest.split(|&b| b == 0).next().unwrap_or_default())
        .unwrap_or_default();
    if name.is_empty() {
        format!("<section {}>", section.index)
    } else {
        crate::names::escape(name)
    }
}

/// The file bytes of a section (none for `SHT_NOBITS`), cut to the file.
fn file_range(section: &Section, len: usize) -> Range<usize> {
    if section.kind == SHT_NOBITS {
        return 0..0;
    }
    let start = usize::try_from(section.offset)
        .unwrap_or(usize::MAX)
        .min(len);
    let end = usize::try_from(section.size)
        .unwrap_or(usize::MAX)
        .saturating_add(start)
        .min(len);
    start..end
}

fn bytes_of(data: &Bytes, section: &Section) -> Bytes {
    data.slice(file_range(section, data.len()))
}

/// A SHA-256 of `bytes`, with their count.
fn digest(bytes: &[u8]) -> Value {
    use sha2::{Digest, Sha256};
    let sum = Sha256::digest(bytes);
    Value::Str(format!(
        "{} bytes, sha256 {}",
        bytes.len(),
        hex::encode(sum)
    ))
}

#[cfg(test)]
mod tests;
