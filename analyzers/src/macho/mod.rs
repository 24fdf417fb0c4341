//! macOS Mach-O images, thin (32- and 64-bit, either byte order) and universal, vetted by
//! goblin.
//!
//! A universal binary is a container of thin images, one per architecture ([`fat`]). A thin
//! image is a container whose every byte is either a field or a member's byte:
//!
//! - the header and load commands are fields ([`load_commands`]): LC_UUID is a hash of the
//!   output, build and dylib versions are the toolchain's and the dependencies', addresses,
//!   offsets and sizes follow from the layout;
//! - `<headers>` is the header and load-command bytes no field holds (commands not known here,
//!   the padding of path strings);
//! - each section is a member named `segment,section` holding its bytes, with its header as
//!   fields;
//! - the `__LINKEDIT` tables the load commands point at (dyld info, function starts, the indirect
//!   symbol table…) are members named after them (`<rebase>`, `<LC_FUNCTION_STARTS>`);
//! - `<symbol-table>` is LC_SYMTAB's table with its stabs and string table, as fields
//!   ([`stabs`]): N_SO and N_OSO paths are input paths, the N_OSO value an object file's mtime;
//! - the code signature's hashes and layout are fields of the image, its other bytes the
//!   `<code-signature>` member ([`code_signature`]);
//! - `<gaps>` is whatever no load command describes (alignment padding), so nothing goes unread.
//!
//! goblin is the parser of record: an image it rejects is compared as bytes. It runs behind the
//! registry's `catch_unwind`, like every analyzer.

mod code_signature;
mod fat;
mod load_commands;
mod reader;
mod stabs;

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;

use crate::byte_reader::u32_le_at;
use crate::coverage::{unique_names, unmasked, Coverage};
use crate::dwarf;
use crate::symbol_map::SymbolMap;
use crate::{
    AnalyzeError, Analyzer, Content, Detection, Field, Input, Limits, Member, MemberData,
    MemberOrder, Node,
};
use reader::Endian;

pub use code_signature::CODE_SIGNATURE_MEMBER;
pub use stabs::SYMBOL_TABLE_MEMBER;

/// The member holding the header and load-command bytes that are not fields.
pub const HEADERS_MEMBER: &str = "<headers>";
pub use crate::coverage::GAPS_MEMBER;

const MH_MAGIC: u32 = 0xfeed_face;
const MH_CIGAM: u32 = 0xcefa_edfe;
const MH_MAGIC_64: u32 = 0xfeed_facf;
const MH_CIGAM_64: u32 = 0xcffa_edfe;

/// Reads Mach-O images and universal binaries.
pub struct MachoAnalyzer;

impl Analyzer for MachoAnalyzer {
    fn format(&self) -> &'static str {
        "macho"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if is_thin_magic(input.data, 0) || fat::is_fat(input.data) {
            Detection::ByMagic
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        if fat::is_fat(input.data) {
            fat::analyze(input.data)
        } else {
            analyze_thin(input.data)
        }
    }
}

/// Whether a thin Mach-O header's magic is at `at`.
fn is_thin_magic(data: &[u8], at: usize) -> bool {
    thin_kind(data, at).is_some()
}

/// The byte order and width the magic at `at` says.
fn thin_kind(data: &[u8], at: usize) -> Option<(Endian, bool)> {
    match u32_le_at(data, at)? {
        MH_MAGIC => Some((Endian::Little, false)),
        MH_MAGIC_64 => Some((Endian::Little, true)),
        MH_CIGAM => Some((Endian::Big, false)),
        MH_CIGAM_64 => Some((Endian::Big, true)),
        _ => None,
    }
}

/// Reads a thin image.
fn analyze_thin(data: &Bytes) -> Result<Node, AnalyzeError> {
    let bad = |reason: String| AnalyzeError::malformed("macho", reason);
    let (endian, is_64) = thin_kind(data, 0).ok_or_else(|| bad("no Mach-O magic".into()))?;
    goblin::mach::MachO::parse(data, 0).map_err(|e| bad(e.to_string()))?;
    let mut commands = load_commands::read(data, endian, is_64)
        .ok_or_else(|| bad("the Mach-O header is cut short".into()))?;

    let mut node = Node::new("macho");
    node.order = MemberOrder::Significant;
    node.notes = std::mem::take(&mut commands.notes);
    node.fields = std::mem::take(&mut commands.fields);
    let mut layout = Coverage::default();
    let mut members: Vec<(usize, Member)> = Vec::new();

    let headers = 0..commands.end;
    layout.cover(headers.clone());
    let header_bytes = unmasked(data, headers, &commands.masked);
    members.push((
        0,
        Member::new(HEADERS_MEMBER, MemberData::Bytes(header_bytes.into())),
    ));

    // What the symbol table places in each section, by ordinal (sections count from 1).
    let table = commands
        .symtab
        .map(|symtab| stabs::read(data, symtab, endian, is_64));
    let placed = table
        .as_ref()
        .map(|t| t.placed.as_slice())
        .unwrap_or_default();
    let sections = std::mem::take(&mut commands.sections);
    // The DWARF an object keeps in its `__DWARF` segment (a relocatable object, a .dSYM), read
    // as one `<dwarf>` view; when it cannot be, its sections stay sections, compared as bytes.
    let mut debug = debug_view(data, &sections, endian, &mut node.notes);
    for (ordinal, section) in (1u64..).zip(sections) {
        if let Some((at, dwarf)) = debug.as_mut() {
            if let Some(name) = dwarf_name(&section.name) {
                let range = within(section.range.clone(), data.len());
                layout.cover(range.clone());
                *at = (*at).min(range.start);
                dwarf
                    .fields
                    .extend(section.fields.into_iter().map(|mut field| {
                        field.name = field
                            .name
                            .replacen("macho.section.", &format!("macho.section[{name}]."), 1)
                            .into();
                        field
                    }));
                continue;
            }
        }
        let symbols = symbols_in(&section, ordinal, placed);
        let range = within(section.range.clone(), data.len());
        if range.len() < section.range.len() {
            node.notes.push(format!(
                "section {} is cut short: {} of its {} bytes are in the file",
                section.name,
                range.len(),
                section.range.len()
            ));
        }
        layout.cover(range.clone());
        let (bytes, embedded) = if section.name.ends_with(",__eh_frame") {
            unwind_pointers(data, range.clone(), endian, is_64)
        } else {
            (data.slice(range.clone()), Vec::new())
        };
        let mut member = Member::new(section.name, MemberData::Bytes(bytes));
        member.fields = section.fields;
        member.symbols = symbols;
        member.fields.extend(embedded);
        members.push((range.start, member));
    }
    for piece in std::mem::take(&mut commands.pieces) {
        let range = within(piece.range, data.len());
        layout.cover(range.clone());
        members.push((
            range.start,
            Member::new(piece.name, MemberData::Bytes(data.slice(range.clone()))),
        ));
    }
    if let Some((at, dwarf)) = debug {
        members.push((at, dwarf));
    }
    if let Some(table) = table {
        let at = table.covered.iter().map(|r| r.start).min().unwrap_or(0);
        for range in table.covered {
            layout.cover(range);
        }
        node.notes.extend(table.notes);
        members.push((at, table.member));
    }
    if let Some(range) = commands.code_signature.clone() {
        let range = within(range, data.len());
        let mut signature = code_signature::read(data, range.clone());
        node.fields.append(&mut signature.fields);
        layout.cover(range.clone());
        let rest = unmasked(data, range.clone(), &signature.masked);
        members.push((
            range.start,
            Member::new(CODE_SIGNATURE_MEMBER, MemberData::Bytes(rest.into())),
        ));
    }
    members.sort_by_key(|(at, _)| *at);
    node.members = unique_names(members.into_iter().map(|(_, m)| m).collect());
    if let Some(gaps) = layout.gaps_member(data, data.len(), "macho.gaps.size") {
        node.members.push(gaps);
    }
    node.content = Content::None;
    Ok(node)
}

/// The DWARF section name of a `__DWARF` segment's section (`__DWARF,__debug_info`).
fn dwarf_name(section: &str) -> Option<&str> {
    section
        .strip_prefix("__DWARF,")
        .filter(|name| dwarf::is_dwarf_section(name))
}

/// The `<dwarf>` member of the image's `__DWARF` sections (its fields gathered as the sections
/// are met) and where it goes, or `None` when there are none or they cannot be read.
fn debug_view(
    data: &Bytes,
    sections: &[load_commands::Section],
    endian: Endian,
    notes: &mut Vec<String>,
) -> Option<(usize, Member)> {
    let debug: Vec<(String, Bytes)> = sections
        .iter()
        .filter_map(|s| {
            let name = dwarf_name(&s.name)?;
            Some((
                name.to_owned(),
                data.slice(within(s.range.clone(), data.len())),
            ))
        })
        .collect();
    if debug.is_empty() {
        return None;
    }
    match dwarf::view(&debug, endian == Endian::Little) {
        Ok(mut view) => {
            notes.append(&mut view.notes);
            let member = Member::new(dwarf::MEMBER, MemberData::Node(Arc::new(view)));
            Some((usize::MAX, member))
        }
        Err(why) => {
            notes.push(format!(
                "the debug sections could not be read as DWARF ({why}): compared as bytes"
            ));
            None
        }
    }
}

/// The symbols `placed` in the section of `ordinal`, as ranges of its bytes. Mach-O symbols
/// have no size: each runs to the next symbol of the section, the last to the section's end.
fn symbols_in(
    section: &load_commands::Section,
    ordinal: u64,
    placed: &[(u64, u64, String)],
) -> Option<Arc<SymbolMap>> {
    let starts = placed
        .iter()
        .filter(|(sect, _, _)| *sect == ordinal)
        .filter_map(|(_, address, name)| {
            let offset = address.checked_sub(section.addr)?;
            (offset < section.size).then_some((offset, name.as_str()))
        })
        .collect();
    SymbolMap::running_to_next(starts, section.size)
}

/// The bytes of an `__eh_frame` section at `range` with its pointers zeroed, and the pointers as
/// fields.
fn unwind_pointers(
    data: &Bytes,
    range: Range<usize>,
    endian: Endian,
    is_64: bool,
) -> (Bytes, Vec<Field>) {
    let mut bytes = data.get(range).unwrap_or_default().to_vec();
    let pointers =
        crate::eh_frame::pointers(&bytes, endian == Endian::Little, is_64, "macho.eh-frame");
    for pointer in &pointers {
        if let Some(part) = bytes.get_mut(pointer.range.clone()) {
            part.fill(0);
        }
    }
    let fields = pointers.into_iter().map(|p| p.field).collect();
    (Bytes::from(bytes), fields)
}

/// `range` cut to a file of `len` bytes.
fn within(range: Range<usize>, len: usize) -> Range<usize> {
    range.start.min(len)..range.end.min(len)
}

#[cfg(test)]
mod tests;
