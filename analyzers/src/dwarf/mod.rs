//! DWARF debugging information (in ELF, in PE images built by mingw, in Mach-O objects), read
//! semantically with gimli.
//!
//! The debug sections of a binary are one `<dwarf>` member whose node holds, as fields, what the
//! debug information *says*: every attribute of every DIE with strings resolved (`.debug_str`,
//! `.debug_line_str`, `.debug_str_offsets`) and references rendered as the DIE they point to, and
//! each line program's directory and file tables. A build directory of another length or depth
//! is then one `DW_AT_comp_dir` difference (a [`FieldKind::SourcePath`], as a pyc's
//! `co_filename`) — not hundreds of shifted string offsets.
//!
//! Where the sections' bytes are compared, and how what follows from the values is told apart:
//! - `dwarf.encoded`, a digest of every debug section, covers the whole view: when values differ
//!   it follows from them (string offsets, section sizes); when none does, nothing explains it
//!   and it stays content;
//! - offsets into other sections (`DW_AT_stmt_list`, range and location list offsets, bases)
//!   are offsets, which follow from lengths that changed before them;
//! - sections this view does not render (`.debug_frame`, `.debug_aranges`, range and location
//!   lists, macros…) hold addresses and code facts that a build path does not change: each is a
//!   digest compared as the program's own value, so a change there stays content.
//!
//! The compilation unit's `DW_AT_name` and `DW_AT_comp_dir`, and the line tables' directories and
//! files, are paths the compiler read; `DW_AT_producer` names the compiler and its flags; every
//! other attribute is the program's own (names, types, locations, addresses), whose change is a
//! change of the program.

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt::Write as _;

use bytes::Bytes;
use gimli::{AttributeValue, EndianSlice, RunTimeEndian, SectionId, UnitOffset};
use sha2::{Digest, Sha256};

use crate::{Covers, Derivation, Field, FieldKind, Node, Value};

/// The member holding a binary's debug sections.
pub const MEMBER: &str = "<dwarf>";
/// Past this many fields, the rest of the debug information is compared by digest only, with a
/// note: memory follows the budget, not the input.
const MAX_FIELDS: usize = 1 << 20;
/// The sections whose content this view renders as values: their bytes are only an encoding of
/// those values.
const RENDERED: [&str; 6] = [
    ".debug_info",
    ".debug_abbrev",
    ".debug_str",
    ".debug_line",
    ".debug_line_str",
    ".debug_str_offsets",
];

type Slice<'a> = EndianSlice<'a, RunTimeEndian>;

/// Whether `name` is a DWARF section: `.debug_*` (ELF, PE), `.zdebug_*` (GNU compressed) or
/// `__debug_*` (Mach-O).
pub fn is_dwarf_section(name: &str) -> bool {
    name.starts_with(".debug_") || name.starts_with(".zdebug_") || name.starts_with("__debug_")
}

/// The DWARF view of the debug `sections` (by name, with their bytes), or why it could not be
/// read. Mach-O names (`__debug_info`) are read as their ELF spelling.
pub fn view(sections: &[(String, Bytes)], little_endian: bool) -> Result<Node, String> {
    let endian = if little_endian {
        RunTimeEndian::Little
    } else {
        RunTimeEndian::Big
    };
    let find = |id: SectionId| -> &[u8] {
        sections
            .iter()
            .find(|(name, _)| canonical(name) == id.name())
            .map_or(&[][..], |(_, bytes)| bytes.as_ref())
    };
    let loaded = gimli::DwarfSections::load(|id| Ok::<_, ()>(find(id)))
        .map_err(|()| "the debug sections could not be loaded".to_owned())?;
    let dwarf = loaded.borrow(|section| EndianSlice::new(section, endian));

    let mut node = Node::new("dwarf");
    let mut fields = Fields::default();
    let mut units = dwarf.units();
    let mut index = 0usize;
    while let Some(header) = units.next().map_err(|e| format!("unit {index}: {e}"))? {
        let unit = dwarf
            .unit(header)
            .map_err(|e| format!("unit {index}: {e}"))?;
        render_unit(&dwarf, &unit, index, &mut fields).map_err(|e| format!("unit {index}: {e}"))?;
        index = index.saturating_add(1);
        if fields.full() {
            break;
        }
    }
    if fields.full() {
        node.notes.push(format!(
            "the debug information holds more than {MAX_FIELDS} values: the rest is compared by \
             its digest only"
        ));
    }
    node.fields = fields.list;
    for (name, bytes) in sections {
        if !RENDERED.contains(&canonical(name).as_str()) {
            node.fields.push(Field::new(
                format!("dwarf.section[{name}]"),
                FieldKind::Program,
                digest_of(bytes),
            ));
        }
    }
    let mut whole = Sha256::new();
    for (name, bytes) in sections {
        whole.update((name.len() as u64).to_le_bytes());
        whole.update(name.as_bytes());
        whole.update((bytes.len() as u64).to_le_bytes());
        whole.update(bytes);
    }
    node.fields.push(Field::new(
        "dwarf.encoded",
        FieldKind::Derived(Derivation::checksum(Covers::Whole)),
        Value::Str(hex(&whole.finalize())),
    ));
    Ok(node)
}

/// The ELF spelling of a section name: `__debug_info` (Mach-O) is `.debug_info`.
fn canonical(name: &str) -> String {
    match name.strip_prefix("__") {
        Some(rest) => format!(".{rest}"),
        None => name.to_owned(),
    }
}

/// The fields made so far, up to [`MAX_FIELDS`].
#[derive(Default)]
struct Fields {
    list: Vec<Field>,
}

impl Fields {
    fn full(&self) -> bool {
        self.list.len() >= MAX_FIELDS
    }

    fn push(&mut self, name: String, kind: FieldKind, value: impl Into<Value>) {
        if !self.full() {
            self.list.push(Field::new(name, kind, value));
        }
    }
}

/// Renders one unit: its header, its DIEs depth first, its line program.
fn render_unit(
    dwarf: &gimli::Dwarf<Slice<'_>>,
    unit: &gimli::Unit<Slice<'_>>,
    index: usize,
    fields: &mut Fields,
) -> gimli::Result<()> {
    let prefix = format!("dwarf.unit[{index}]");
    let encoding = unit.encoding();
    fields.push(
        format!("{prefix}.version"),
        FieldKind::Opaque,
        Value::Int(i64::from(encoding.version)),
    );
    let ordinals = die_ordinals(unit)?;
    let mut path: Vec<String> = Vec::new();
    let mut depth: isize = 0;
    let mut entries = unit.entries();
    while let Some((delta, entry)) = entries.next_dfs()? {
        depth = depth.saturating_add(delta);
        let keep = usize::try_from(depth).unwrap_or(0);
        path.truncate(keep);
        let tag = entry.tag();
        let is_unit = matches!(
            tag,
            gimli::DW_TAG_compile_unit | gimli::DW_TAG_partial_unit | gimli::DW_TAG_skeleton_unit
        );
        let mut label = tag.static_string().map_or_else(
            || format!("tag{:#x}", tag.0),
            |s| s.trim_start_matches("DW_TAG_").to_owned(),
        );
        // A unit's name is a path that may be the build directory's: it is a value, not part of
        // the name its attributes are paired by.
        if !is_unit {
            if let Some(name) = entry.attr_value(gimli::DW_AT_name)? {
                if let Ok(name) = dwarf.attr_string(unit, name) {
                    let _ = write!(label, ":{}", name.to_string_lossy());
                }
            }
        }
        path.push(label);
        let at = format!("{prefix}/{}", path.join("/"));
        let mut attrs = entry.attrs();
        while let Some(attr) = attrs.next()? {
            let name = attr.name();
            let attr_name = name
                .static_string()
                .map_or_else(|| format!("DW_AT_{:#x}", name.0), str::to_owned);
            let (kind, value) = render_value(dwarf, unit, &ordinals, is_unit, name, attr.value());
            fields.push(format!("{at}.{attr_name}"), kind, value);
        }
        if fields.full() {
            return Ok(());
        }
    }
    if let Some(program) = unit.line_program.clone() {
        render_line_program(dwarf, unit, program, &prefix, fields)?;
    }
    Ok(())
}

/// Each DIE's position in the unit, depth first: what a reference to it is rendered as, since
/// its offset moves when an inline string before it changes length.
fn die_ordinals(unit: &gimli::Unit<Slice<'_>>) -> gimli::Result<HashMap<UnitOffset, usize>> {
    let mut ordinals = HashMap::new();
    let mut entries = unit.entries();
    while let Some((_, entry)) = entries.next_dfs()? {
        let next = ordinals.len();
        ordinals.insert(entry.offset(), next);
    }
    Ok(ordinals)
}

/// What an attribute's value means and how it reads.
fn render_value(
    dwarf: &gimli::Dwarf<Slice<'_>>,
    unit: &gimli::Unit<Slice<'_>>,
    ordinals: &HashMap<UnitOffset, usize>,
    in_unit_die: bool,
    name: gimli::DwAt,
    value: AttributeValue<Slice<'_>>,
) -> (FieldKind, Value) {
    let offset = FieldKind::Derived(Derivation::offset());
    let kind = match name {
        gimli::DW_AT_comp_dir | gimli::DW_AT_dwo_name | gimli::DW_AT_GNU_dwo_name => {
            FieldKind::SourcePath
        }
        gimli::DW_AT_name if in_unit_die => FieldKind::SourcePath,
        gimli::DW_AT_producer => FieldKind::ToolVersion,
        _ => FieldKind::Program,
    };
    if let Ok(text) = dwarf.attr_string(unit, value) {
        return (kind, Value::Str(text.to_string_lossy().into_owned()));
    }
    match value {
        AttributeValue::UnitRef(target) => (
            kind,
            Value::Str(match ordinals.get(&target) {
                Some(ordinal) => format!("<DIE #{ordinal}>"),
                None => format!("<outside the unit: {:#x}>", target.0),
            }),
        ),
        AttributeValue::SecOffset(at) => (offset, Value::Hex(at as u64)),
        AttributeValue::DebugLineRef(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::DebugInfoRef(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::LocationListsRef(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::RangeListsRef(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::DebugMacinfoRef(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::DebugMacroRef(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::DebugAddrBase(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::DebugLocListsBase(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::DebugRngListsBase(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::DebugStrOffsetsBase(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::DebugStrRef(at) | AttributeValue::DebugStrRefSup(at) => {
            (offset, Value::Hex(at.0 as u64))
        }
        AttributeValue::DebugLineStrRef(at) => (offset, Value::Hex(at.0 as u64)),
        AttributeValue::Addr(address) => (kind, Value::Hex(address)),
        AttributeValue::Udata(n) => (kind, Value::Int(i64::try_from(n).unwrap_or(i64::MAX))),
        AttributeValue::Sdata(n) => (kind, Value::Int(n)),
        AttributeValue::Data1(n) => (kind, Value::Int(i64::from(n))),
        AttributeValue::Data2(n) => (kind, Value::Int(i64::from(n))),
        AttributeValue::Data4(n) => (kind, Value::Int(i64::from(n))),
        AttributeValue::Data8(n) => (kind, Value::Hex(n)),
        AttributeValue::Flag(flag) => (kind, Value::Str(flag.to_string())),
        AttributeValue::Block(bytes) => (kind, Value::Bytes(bytes.slice().to_vec())),
        AttributeValue::Exprloc(expression) => (kind, Value::Bytes(expression.0.slice().to_vec())),
        other => (kind, Value::Str(format!("{other:?}"))),
    }
}

/// A line program's directory and file tables (paths the compiler read) and a digest of its rows
/// (addresses and line numbers: the program's own).
fn render_line_program(
    dwarf: &gimli::Dwarf<Slice<'_>>,
    unit: &gimli::Unit<Slice<'_>>,
    program: gimli::IncompleteLineProgram<Slice<'_>>,
    prefix: &str,
    fields: &mut Fields,
) -> gimli::Result<()> {
    let header = program.header();
    let string = |value: AttributeValue<Slice<'_>>| -> String {
        dwarf
            .attr_string(unit, value)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|e| format!("<unreadable: {e}>"))
    };
    for (k, directory) in header.include_directories().iter().enumerate() {
        fields.push(
            format!("{prefix}.line.directory[{k}]"),
            FieldKind::SourcePath,
            string(*directory),
        );
    }
    for (k, file) in header.file_names().iter().enumerate() {
        fields.push(
            format!("{prefix}.line.file[{k}]"),
            FieldKind::SourcePath,
            format!(
                "{} (directory {})",
                string(file.path_name()),
                file.directory_index()
            ),
        );
    }
    let mut rows = program.rows();
    let mut hasher = Sha256::new();
    let mut count = 0u64;
    while let Some((_, row)) = rows.next_row()? {
        hasher.update(row.address().to_le_bytes());
        hasher.update(row.file_index().to_le_bytes());
        hasher.update(row.line().map_or(0, |l| l.get()).to_le_bytes());
        let column = match row.column() {
            gimli::ColumnType::LeftEdge => 0,
            gimli::ColumnType::Column(c) => c.get(),
        };
        hasher.update(column.to_le_bytes());
        hasher.update([u8::from(row.is_stmt()), u8::from(row.end_sequence())]);
        count = count.saturating_add(1);
    }
    fields.push(
        format!("{prefix}.line.rows"),
        FieldKind::Program,
        format!("{count} rows, sha256 {}", hex(&hasher.finalize())),
    );
    Ok(())
}

fn digest_of(bytes: &[u8]) -> Value {
    Value::Str(format!(
        "{} bytes, sha256 {}",
        bytes.len(),
        hex(&Sha256::digest(bytes))
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}
