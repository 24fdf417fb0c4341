//! Windows PE/COFF images (PE32 and PE32+: `.exe`, `.dll`, `.pyd`), read with goblin.
//!
//! An image is a container whose every byte is either a field or a member:
//!
//! - the COFF and optional headers are fields ([`header`]): the TimeDateStamp is the link time
//!   (or, under a REPRO debug entry, a hash of the image), the linker, OS, image and subsystem
//!   versions are the toolchain's, sizes, addresses and data-directory entries follow from the
//!   sections, and the CheckSum ([`checksum`], recomputed to say whether each side's value
//!   matches its own bytes) covers the whole image;
//! - `<headers>` is the header bytes with those fields zeroed: the DOS header and stub, a Rich
//!   header, padding;
//! - each section is a member named by its name (long names resolved through the string table),
//!   with its table entry as fields and its raw data as bytes, but for the times the export,
//!   resource and debug directories in it record ([`directories`]), which are fields;
//! - the DWARF sections (mingw's `-g`) are one `<dwarf>` member read by [`crate::dwarf`], their
//!   table entries its fields;
//! - `<coff-symbols>` is the COFF symbol and string table, when the image keeps one, its symbols
//!   as fields ([`symbols`]);
//! - the Authenticode signature, where the certificate data directory says it is, is read into
//!   fields of the image named `pe.certificate[N].…` ([`signature`]): the image digest it
//!   signs, the signing times, the signer and its certificates, the signature values; the
//!   `<certificate-table>` member holds the bytes of entries that could not be read (empty
//!   when all were);
//! - `<overlay>` is what follows all of that — an appended zip (zipapp, py2exe and PyInstaller
//!   launchers), an installer payload — analyzed again like any member;
//! - `<gaps>` is whatever lies between those ranges (alignment padding), so that nothing goes
//!   unread.
//!
//! goblin is the parser of record; it runs behind the registry's `catch_unwind`, like every
//! analyzer, because crafted images have made it panic before.

mod checksum;
mod directories;
mod header;
mod rich;
mod signature;
mod symbols;

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use goblin::pe::{
    debug::IMAGE_DEBUG_TYPE_REPRO, options::ParseOptions, section_table::SectionTable, PE,
};

use crate::byte_reader::{has_at, u32_le_at};
use crate::coverage::{clamp, zeroed, Coverage};
use crate::dwarf;
use crate::symbol_map::SymbolMap;
use crate::{
    AnalyzeError, Analyzer, Content, Covers, Derivation, Detection, Field, FieldKind, Input,
    Limits, Member, MemberData, MemberOrder, Node, Value,
};

/// The member holding the header bytes that are not fields.
pub const HEADERS_MEMBER: &str = "<headers>";
/// The member holding the COFF symbol and string tables.
pub const SYMBOLS_MEMBER: &str = "<coff-symbols>";
/// The member holding the certificate table (an Authenticode signature).
pub const CERTIFICATES_MEMBER: &str = "<certificate-table>";
/// The member holding what follows the certificate table.
pub const AFTER_CERTIFICATES_MEMBER: &str = "<after-certificate-table>";
/// The member holding the bytes after everything the headers describe.
pub const OVERLAY_MEMBER: &str = "<overlay>";
pub use crate::coverage::GAPS_MEMBER;

/// Names that suggest a PE image.
const EXTENSIONS: &[&str] = &[".exe", ".dll", ".pyd", ".sys", ".efi", ".scr", ".ocx"];
/// Where the DOS header keeps the offset of the PE signature.
const PE_POINTER_AT: usize = 0x3c;
/// The size of one COFF symbol record and of one section table entry.
const SYMBOL_SIZE: u64 = 18;
const SECTION_ENTRY_SIZE: usize = 40;

/// Reads PE/COFF images.
pub struct PeAnalyzer;

impl Analyzer for PeAnalyzer {
    fn format(&self) -> &'static str {
        "pe"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if pe_offset(input.data).is_some() {
            Detection::ByMagic
        } else if input.has_extension(EXTENSIONS) && input.data.starts_with(b"MZ") {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let data: &[u8] = input.data;
        let bad = |reason: String| AnalyzeError::malformed("pe", reason);
        let pe_at = pe_offset(data).ok_or_else(|| bad("no PE signature".to_owned()))?;
        // The certificate table is read as bytes (goblin's Authenticode parsing has panicked on
        // crafted input).
        let mut options = ParseOptions::default();
        options.parse_attribute_certificates = false;
        let pe = PE::parse_with_opts(data, &options).map_err(|e| bad(e.to_string()))?;
        let reproducible = pe
            .debug_data
            .as_ref()
            .is_some_and(|debug| debug.find_type(IMAGE_DEBUG_TYPE_REPRO).is_some());
        let mut headers = header::read(data, pe_at, reproducible)
            .ok_or_else(|| bad("the COFF or optional header is cut short".to_owned()))?;

        let mut node = Node::new("pe");
        node.order = MemberOrder::Significant;
        if let Some(at) = headers.checksum_at {
            verify_checksum(&mut headers.fields, data, at);
        }
        node.fields = std::mem::take(&mut headers.fields);
        if let Some(rich) = rich::read(data, pe_at) {
            node.fields.extend(rich.fields);
            headers.masked.push(rich.range);
        }

        let mut layout = Coverage::default();
        let table_at = headers.section_table_at;
        let table_end = table_at
            .saturating_add(pe.sections.len().saturating_mul(SECTION_ENTRY_SIZE))
            .min(data.len());
        headers.masked.push(table_at.min(table_end)..table_end);
        let headers_end = usize::try_from(
            pe.header
                .optional_header
                .map_or(0, |optional| optional.windows_fields.size_of_headers),
        )
        .unwrap_or(usize::MAX)
        .max(table_end)
        .min(data.len());
        node.members.push(Member::new(
            HEADERS_MEMBER,
            MemberData::Bytes(zeroed(input.data, 0..headers_end, &headers.masked)),
        ));
        layout.cover(0..headers_end);

        let stamps = directories::recorded(data, &pe, reproducible);
        let mut debug = DebugSections::read(input.data, &pe.sections, &mut node.notes);
        let (symbols_at, symbol_count) = headers.symbol_table;
        let placed = if symbols_at == 0 {
            Vec::new()
        } else {
            symbols::placed(
                data,
                usize::try_from(symbols_at).unwrap_or(usize::MAX),
                usize::try_from(symbol_count).unwrap_or(usize::MAX),
            )
        };
        for (number, section) in (1usize..).zip(&pe.sections) {
            let raw = clamp(
                u64::from(section.pointer_to_raw_data),
                u64::from(section.size_of_raw_data),
                data.len(),
            );
            if raw.len() < section.size_of_raw_data as usize {
                node.notes.push(format!(
                    "section {} is cut short: {} of its {} bytes are in the file",
                    section_name(section),
                    raw.len(),
                    section.size_of_raw_data
                ));
            }
            layout.cover(raw.clone());
            if debug.take(section, &mut node.members) {
                continue;
            }
            let inside: Vec<&directories::Embedded> = stamps
                .iter()
                .filter(|e| raw.start <= e.range.start && e.range.end <= raw.end)
                .collect();
            let bytes = if inside.is_empty() {
                input.data.slice(raw)
            } else {
                let ranges: Vec<Range<usize>> = inside.iter().map(|e| e.range.clone()).collect();
                zeroed(input.data, raw, &ranges)
            };
            let mut member = Member::new(section_name(section), MemberData::Bytes(bytes));
            member.symbols = symbols_in(section, number, &placed);
            member.fields = section_fields(section);
            member.fields.extend(inside.iter().map(|e| e.field.clone()));
            node.members.push(member);
        }

        if symbols_at != 0 {
            let symbols = symbol_tables(data, symbols_at, symbol_count);
            layout.cover(symbols);
            let named: Vec<(String, SectionTable)> = pe
                .sections
                .iter()
                .map(|s| (section_name(s), s.clone()))
                .collect();
            let at = usize::try_from(symbols_at).unwrap_or(usize::MAX);
            let count = usize::try_from(symbol_count).unwrap_or(usize::MAX);
            let (fields, note) = symbols::fields(data, at, count, &named);
            node.notes.extend(note);
            let mut member = Member::new(SYMBOLS_MEMBER, MemberData::None);
            member.fields = fields;
            node.members.push(member);
        }

        // The Authenticode signature: the certificate table's entry gives a file offset, not an
        // address. It is its own member, read as bytes (goblin's parsing of it is not used); an
        // overlay lies between the image and the table (an installer's payload, signed after).
        let image_end = layout.end();
        let certificates = pe
            .header
            .optional_header
            .and_then(|o| o.data_directories.get_certificate_table().copied())
            .map(|table| {
                clamp(
                    u64::from(table.virtual_address),
                    u64::from(table.size),
                    data.len(),
                )
            })
            .filter(|range| !range.is_empty() && range.start >= image_end);

        node.members
            .extend(layout.gaps_member(data, image_end, "pe.gaps.size"));
        let overlay_end = certificates.as_ref().map_or(data.len(), |c| c.start);
        push_tail(
            &mut node,
            OVERLAY_MEMBER,
            input.data,
            image_end..overlay_end,
        );
        if let Some(table) = certificates {
            // Its entries are read into fields of the image ([`signature`]): they cover the
            // whole image, the signer and the signing time; the member keeps the bytes of the
            // entries that could not be read (none, for a well-formed signature).
            let read = signature::read(data.get(table.clone()).unwrap_or_default());
            node.fields.extend(read.fields);
            node.notes.extend(read.notes);
            node.members.push(Member::new(
                CERTIFICATES_MEMBER,
                MemberData::Bytes(Bytes::from(read.unread)),
            ));
            push_tail(
                &mut node,
                AFTER_CERTIFICATES_MEMBER,
                input.data,
                table.end..data.len(),
            );
        }
        node.content = Content::None;
        Ok(node)
    }
}

/// Adds the bytes of `range`, when there are any, as the member `name` with its offset as a
/// field: data appended to the image, read again as any member.
fn push_tail(node: &mut Node, name: &str, data: &Bytes, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    let mut member = Member::new(name, MemberData::Bytes(data.slice(range.clone())));
    member.fields.push(Field::new(
        "pe.overlay.offset",
        FieldKind::Derived(Derivation::offset()),
        Value::Hex(range.start as u64),
    ));
    node.members.push(member);
}

/// The image's DWARF sections, read as one `<dwarf>` member ([`crate::dwarf`]) when they can be.
struct DebugSections {
    /// The image.
    data: Bytes,
    /// The DWARF view, while it is not yet placed among the members.
    view: Option<Node>,
    /// The `<dwarf>` member once placed, by index, gathering the debug sections' table entries.
    placed: Option<usize>,
}

impl DebugSections {
    /// Reads the DWARF sections among `sections`; when they cannot be read, a note says why and
    /// they stay sections of their own, compared as bytes.
    fn read(data: &Bytes, sections: &[SectionTable], notes: &mut Vec<String>) -> Self {
        let debug: Vec<(String, Bytes)> = sections
            .iter()
            .map(|s| (section_name(s), s))
            .filter(|(name, _)| dwarf::is_dwarf_section(name))
            .map(|(name, s)| {
                let used = clamp(
                    u64::from(s.pointer_to_raw_data),
                    u64::from(used_size(s)),
                    data.len(),
                );
                (name, data.slice(used))
            })
            .collect();
        let view = if debug.is_empty() {
            None
        } else {
            // PE images are little-endian on every architecture Windows runs on.
            match dwarf::view(&debug, true) {
                Ok(mut view) => {
                    notes.append(&mut view.notes);
                    Some(view)
                }
                Err(why) => {
                    notes.push(format!(
                        "the debug sections could not be read as DWARF ({why}): compared as bytes"
                    ));
                    None
                }
            }
        };
        DebugSections {
            data: data.clone(),
            view,
            placed: None,
        }
    }

    /// When `section` is a DWARF section read into the view, adds its table entry to the
    /// `<dwarf>` member (placing that member where the first debug section is) and says so.
    fn take(&mut self, section: &SectionTable, members: &mut Vec<Member>) -> bool {
        let name = section_name(section);
        if !dwarf::is_dwarf_section(&name) {
            return false;
        }
        let index = match (self.placed, self.view.take()) {
            (Some(index), _) => index,
            (None, Some(view)) => {
                members.push(Member::new(
                    dwarf::MEMBER,
                    MemberData::Node(std::sync::Arc::new(view)),
                ));
                let index = members.len().saturating_sub(1);
                self.placed = Some(index);
                index
            }
            (None, None) => return false,
        };
        if let Some(member) = members.get_mut(index) {
            let mut fields = section_fields(section);
            fields.push(padding_of(self.data.as_ref(), section));
            member.fields.extend(fields.into_iter().map(|mut field| {
                field.name = field
                    .name
                    .replacen("pe.section.", &format!("pe.section[{name}]."), 1)
                    .into();
                field
            }));
        }
        true
    }
}

/// The bytes of a section's raw data that it uses: its virtual size, when that is smaller than
/// the raw size (which the file alignment rounds up).
fn used_size(section: &SectionTable) -> u32 {
    match section.virtual_size {
        0 => section.size_of_raw_data,
        size => size.min(section.size_of_raw_data),
    }
}

/// The alignment padding after a section's used bytes, as the file holds it: zeros, normally,
/// whose count follows from the section's size; other bytes are content.
fn padding_of(data: &[u8], section: &SectionTable) -> Field {
    let raw = clamp(
        u64::from(section.pointer_to_raw_data),
        u64::from(section.size_of_raw_data),
        data.len(),
    );
    let used = usize::try_from(used_size(section)).unwrap_or(usize::MAX);
    let padding = data.get(raw).unwrap_or_default();
    let padding = padding.get(used.min(padding.len())..).unwrap_or_default();
    if padding.iter().all(|&b| b == 0) {
        Field::new(
            "pe.section.padding",
            FieldKind::Derived(Derivation::size(Covers::Data)),
            Value::Str(format!("{} zero bytes", padding.len())),
        )
    } else {
        Field::new(
            "pe.section.padding",
            FieldKind::Opaque,
            Value::Bytes(padding.to_vec()),
        )
    }
}

/// Where the `PE\0\0` signature is, if the DOS header points at one.
fn pe_offset(data: &[u8]) -> Option<usize> {
    if !data.starts_with(b"MZ") {
        return None;
    }
    let at = usize::try_from(u32_le_at(data, PE_POINTER_AT)?).ok()?;
    has_at(data, at, b"PE\0\0").then_some(at)
}

/// The symbols `placed` in section `number` (from 1), as ranges of its raw bytes. COFF symbols
/// have no size: each runs to the next symbol of the section, the last to the section's end.
fn symbols_in(
    section: &SectionTable,
    number: usize,
    placed: &[(usize, u32, String)],
) -> Option<Arc<SymbolMap>> {
    let size = u64::from(section.size_of_raw_data);
    let starts = placed
        .iter()
        .filter(|(n, offset, _)| *n == number && u64::from(*offset) < size)
        .map(|(_, offset, name)| (u64::from(*offset), name.as_str()))
        .collect();
    SymbolMap::running_to_next(starts, size)
}

/// A section's name: the long name from the string table when it has one, else its 8 bytes
/// without the NULs that pad them, escaped where they are not UTF-8 (or hold a NUL inside).
fn section_name(section: &SectionTable) -> String {
    if let Some(name) = &section.real_name {
        return name.clone();
    }
    crate::names::escape(short_name(section))
}

/// The 8 bytes of a section table entry's name without their NUL padding.
fn short_name(section: &SectionTable) -> &[u8] {
    let used = section
        .name
        .iter()
        .rposition(|&b| b != 0)
        .map_or(0, |last| last.saturating_add(1));
    section.name.get(..used).unwrap_or_default()
}

/// The fields of a section's table entry.
fn section_fields(section: &SectionTable) -> Vec<Field> {
    let size = FieldKind::Derived(Derivation::size(Covers::Data));
    let offset = FieldKind::Derived(Derivation::offset());
    let hex = |name: &str, kind, value: u32| {
        Field::new(
            format!("pe.section.{name}"),
            kind,
            Value::Hex(u64::from(value)),
        )
    };
    let int = |name: &str, kind, value: u32| {
        Field::new(
            format!("pe.section.{name}"),
            kind,
            Value::Int(i64::from(value)),
        )
    };
    let mut fields = Vec::with_capacity(10);
    if section.real_name.is_some() {
        // `/4`: where the long name is in the string table.
        fields.push(Field::new(
            "pe.section.name-offset",
            offset,
            crate::names::escape(short_name(section)),
        ));
    }
    fields.extend([
        hex("virtual-address", offset, section.virtual_address),
        int("virtual-size", size, section.virtual_size),
        hex("pointer-to-raw-data", offset, section.pointer_to_raw_data),
        int("size-of-raw-data", size, section.size_of_raw_data),
        hex(
            "pointer-to-relocations",
            offset,
            section.pointer_to_relocations,
        ),
        hex(
            "pointer-to-line-numbers",
            offset,
            section.pointer_to_linenumbers,
        ),
        int(
            "number-of-relocations",
            size,
            u32::from(section.number_of_relocations),
        ),
        int(
            "number-of-line-numbers",
            size,
            u32::from(section.number_of_linenumbers),
        ),
        hex(
            "characteristics",
            FieldKind::Opaque,
            section.characteristics,
        ),
    ]);
    fields
}

/// The COFF symbol table at `at` with `count` records, and the string table after it (whose
/// first four bytes give its length, themselves included), clamped to the file.
fn symbol_tables(data: &[u8], at: u32, count: u32) -> Range<usize> {
    let start = u64::from(at);
    let strings_at = start.saturating_add(u64::from(count).saturating_mul(SYMBOL_SIZE));
    let strings_len = usize::try_from(strings_at)
        .ok()
        .and_then(|at| u32_le_at(data, at))
        .unwrap_or(0);
    let end = strings_at.saturating_add(u64::from(strings_len.max(4)));
    clamp(start, end.saturating_sub(start), data.len())
}

/// Marks the CheckSum field verified when it matches the image's bytes, which is what a
/// difference in it then follows from.
fn verify_checksum(fields: &mut [Field], data: &[u8], at: usize) {
    let computed = checksum::compute(data, at);
    if let Some(field) = fields.iter_mut().find(|f| f.name == "pe.checksum") {
        if field.value == Value::Hex(u64::from(computed)) {
            if let FieldKind::Derived(derivation) = field.kind {
                field.kind = FieldKind::Derived(derivation.verified());
            }
        }
    }
}

#[cfg(test)]
mod tests;
