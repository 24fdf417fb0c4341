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
//!
//! Large debug information (a 50 MB shared object holds some 20 million attributes) is not one
//! field per attribute throughout: past [`DETAILED_FIELDS`] fields, each further unit is
//! *condensed* — its paths and producer are still fields of their own, everything else it says is
//! one digest of its values (the program's) and one of its offsets (which follow from lengths).
//! Every unit is still read, so a change of the program anywhere is a changed digest, reported as
//! content; memory follows the number of units, and the time is gimli's parse.

#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use bytes::Bytes;
use gimli::{AttributeValue, EndianSlice, RunTimeEndian, SectionId, UnitOffset};
use sha2::{Digest, Sha256};

use crate::{Covers, Derivation, Field, FieldKind, Node, Value};

/// The member holding a binary's debug sections.
pub const MEMBER: &str = "<dwarf>";
/// Past this many fields, each further unit is condensed ([`condense_unit`]): the paths and tools
/// it names stay fields, everything else it says is one digest of its values and one of its
/// offsets. Memory then follows the number of units, not their size, and every unit is still read.
const DETAILED_FIELDS: usize = 1 << 18;
/// Past this many fields (a hostile number of units), the rest of the debug information is not
/// read: its bytes' digest then stands for it as the program's own value, with a note, so that
/// nothing unread is taken to follow from a difference elsewhere.
const MAX_FIELDS: usize = 1 << 20;
/// Units up to this many bytes have their references resolved through an index by offset (four
/// bytes a byte of the unit), larger ones by searching.
const DENSE_REFERENCES: usize = 1 << 24;
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

/// The sections that index the units — names, types and address ranges pointing at DIEs and
/// strings (DWARF 5 `.debug_names`, the GNU and DWARF 4 public names, Apple's accelerator
/// tables): everything they hold is read from the units they index.
const INDEXES: [&str; 10] = [
    ".debug_names",
    ".debug_aranges",
    ".debug_pubnames",
    ".debug_pubtypes",
    ".debug_gnu_pubnames",
    ".debug_gnu_pubtypes",
    ".apple_names",
    ".apple_types",
    ".apple_namespac",
    ".apple_objc",
];

type Slice<'a> = EndianSlice<'a, RunTimeEndian>;

/// Whether `name` is a DWARF section: `.debug_*` (ELF, PE), `.zdebug_*` (GNU compressed) or
/// `__debug_*` and Apple's accelerator tables `__apple_*` (Mach-O, in the `__DWARF` segment).
pub fn is_dwarf_section(name: &str) -> bool {
    name.starts_with(".debug_")
        || name.starts_with(".zdebug_")
        || name.starts_with("__debug_")
        || name.starts_with("__apple_")
}

/// The DWARF view of the debug `sections` (by name, with their bytes), or why it could not be
/// read. Mach-O names (`__debug_info`) are read as their ELF spelling.
pub fn view(sections: &[(String, Bytes)], little_endian: bool) -> Result<Node, String> {
    view_within(sections, little_endian, DETAILED_FIELDS, MAX_FIELDS)
}

/// [`view`], with each unit rendered in detail while the fields stay within `detailed`, and no
/// more than `max` fields.
fn view_within(
    sections: &[(String, Bytes)],
    little_endian: bool,
    detailed: usize,
    max: usize,
) -> Result<Node, String> {
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
    let mut fields = Fields {
        list: Vec::new(),
        max,
    };
    let mut units = dwarf.units();
    let mut index = 0usize;
    let mut condensed = 0usize;
    // One encoder for every condensed unit: its buffers are reused, not mapped anew each time.
    let mut encoder = Encoder::default();
    while let Some(header) = units.next().map_err(|e| format!("unit {index}: {e}"))? {
        let unit = dwarf
            .unit(header)
            .map_err(|e| format!("unit {index}: {e}"))?;
        // Once one unit is condensed, every later one is: both sides of a comparison then make
        // the same choice for every unit whose size they agree on.
        let in_detail = if condensed == 0 {
            let survey = survey(&unit).map_err(|e| format!("unit {index}: {e}"))?;
            (fields.list.len().saturating_add(survey.attributes) <= detailed).then_some(survey.dies)
        } else {
            None
        };
        match in_detail {
            Some(dies) => render_unit(&dwarf, &unit, index, &dies, &mut fields),
            None => {
                condensed = condensed.saturating_add(1);
                condense_unit(&dwarf, &unit, index, &mut encoder, &mut fields)
            }
        }
        .map_err(|e| format!("unit {index}: {e}"))?;
        index = index.saturating_add(1);
        if fields.full() {
            break;
        }
    }
    if condensed > 0 {
        node.notes.push(format!(
            "the debug information holds more than {detailed} values: each of its last \
             {condensed} units is compared by the paths and tools it names and by a digest of its \
             other values"
        ));
    }
    let truncated = fields.full();
    if truncated {
        node.notes.push(format!(
            "the debug information holds more than {max} values: the rest is compared by \
             its digest only, as the program's own value"
        ));
    }
    node.fields = fields.list;
    for (name, bytes) in sections {
        let canonical = canonical(name);
        if !RENDERED.contains(&canonical.as_str()) {
            // An index of names and addresses is built from the units (string and unit offsets
            // included): it follows from them, unless the rest was left unread.
            let kind = if INDEXES.contains(&canonical.as_str()) && !truncated {
                FieldKind::Derived(Derivation::checksum(Covers::Whole))
            } else {
                FieldKind::Program
            };
            node.fields.push(Field::new(
                format!("dwarf.section[{name}]"),
                kind,
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
    // Values left unread cannot be said to follow from the ones read: the digest is then the
    // program's own value.
    let encoded = if truncated {
        FieldKind::Program
    } else {
        FieldKind::Derived(Derivation::checksum(Covers::Whole))
    };
    node.fields.push(Field::new(
        "dwarf.encoded",
        encoded,
        Value::Str(hex(&whole.finalize())),
    ));
    Ok(node)
}

/// The ELF spelling of a section name: `__debug_info` (Mach-O) is `.debug_info`.
fn canonical(name: &str) -> String {
    match name.strip_prefix("__") {
        // Mach-O section names hold 16 bytes.
        Some("debug_str_offs") => ".debug_str_offsets".to_owned(),
        Some(rest) => format!(".{rest}"),
        None => name.to_owned(),
    }
}

/// The fields made so far, up to `max` ([`MAX_FIELDS`]).
struct Fields {
    list: Vec<Field>,
    max: usize,
}

impl Fields {
    fn full(&self) -> bool {
        self.list.len() >= self.max
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
    ordinals: &[UnitOffset],
    fields: &mut Fields,
) -> gimli::Result<()> {
    let prefix = format!("dwarf.unit[{index}]");
    let encoding = unit.encoding();
    fields.push(
        format!("{prefix}.version"),
        FieldKind::Opaque,
        Value::Int(i64::from(encoding.version)),
    );
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
            let (kind, value) = render_value(dwarf, unit, ordinals, is_unit, name, attr.value());
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

/// What a first pass over a unit's DIEs finds: each DIE's offset, depth first (a DIE's position
/// in this list is what a reference to it is rendered as, since its offset moves when an inline
/// string before it changes length), and how many attributes they hold.
struct Survey {
    dies: Vec<UnitOffset>,
    attributes: usize,
}

fn survey(unit: &gimli::Unit<Slice<'_>>) -> gimli::Result<Survey> {
    let mut survey = Survey {
        dies: Vec::new(),
        attributes: 0,
    };
    let mut entries = unit.entries();
    while let Some((_, entry)) = entries.next_dfs()? {
        survey.dies.push(entry.offset());
        let count = unit
            .abbreviations
            .get(entry.code())
            .map_or(0, |abbrev| abbrev.attributes().len());
        survey.attributes = survey.attributes.saturating_add(count);
    }
    Ok(survey)
}

/// The position of the DIE at `target` among a unit's DIEs: entries are read in the order they
/// are stored, so their offsets are sorted.
fn ordinal(dies: &[UnitOffset], target: UnitOffset) -> Option<usize> {
    dies.binary_search(&target).ok()
}

/// Renders one unit past the detailed budget, in one pass: the attributes that name paths the
/// compiler read or the compiler itself are fields, as [`render_unit`] makes them; every other
/// attribute goes, in order with its DIE's tag and depth, into one digest of the program's values
/// (`.values`) or, for offsets into other sections, one digest that follows from lengths
/// (`.offsets`). A change of the program there is one changed digest, still the program's.
fn condense_unit(
    dwarf: &gimli::Dwarf<Slice<'_>>,
    unit: &gimli::Unit<Slice<'_>>,
    index: usize,
    encoder: &mut Encoder,
    fields: &mut Fields,
) -> gimli::Result<()> {
    let prefix = format!("dwarf.unit[{index}]");
    fields.push(
        format!("{prefix}.version"),
        FieldKind::Opaque,
        Value::Int(i64::from(unit.encoding().version)),
    );
    let mut offsets = Sha256::new();
    let (mut attributes, mut offset_count) = (0u64, 0u64);
    let mut entries = unit.entries();
    while let Some((delta, entry)) = entries.next_dfs()? {
        let tag = entry.tag();
        let is_unit = matches!(
            tag,
            gimli::DW_TAG_compile_unit | gimli::DW_TAG_partial_unit | gimli::DW_TAG_skeleton_unit
        );
        encoder.out.push(b'D');
        encoder.signed(delta as i64);
        encoder.unsigned(u64::from(tag.0));
        let ordinal = encoder.dies.len();
        encoder.dies.push(entry.offset());
        let mut attrs = entry.attrs();
        while let Some(attr) = attrs.next()? {
            let name = attr.name();
            let named = matches!(
                name,
                gimli::DW_AT_comp_dir
                    | gimli::DW_AT_dwo_name
                    | gimli::DW_AT_GNU_dwo_name
                    | gimli::DW_AT_producer
            ) || (is_unit && name == gimli::DW_AT_name);
            if named {
                // A reference can only be rendered once every DIE is known: these attributes
                // are strings, which need none.
                let (kind, value) = render_value(dwarf, unit, &[], is_unit, name, attr.value());
                let attr_name = name
                    .static_string()
                    .map_or_else(|| format!("DW_AT_{:#x}", name.0), str::to_owned);
                let label = tag.static_string().map_or_else(
                    || format!("tag{:#x}", tag.0),
                    |s| s.trim_start_matches("DW_TAG_").to_owned(),
                );
                let at = if is_unit {
                    label
                } else {
                    format!("{label}#{ordinal}")
                };
                fields.push(format!("{prefix}/{at}.{attr_name}"), kind, value);
                continue;
            }
            encoder.out.push(b'A');
            encoder.unsigned(u64::from(name.0));
            match encoder.value(dwarf, unit, attr.value()) {
                Some(offset) => {
                    offsets.update(name.0.to_le_bytes());
                    offsets.update(offset.to_le_bytes());
                    offset_count = offset_count.saturating_add(1);
                }
                None => attributes = attributes.saturating_add(1),
            }
        }
    }
    let dies = encoder.dies.len();
    let values = encoder.finish();
    fields.push(
        format!("{prefix}.values"),
        FieldKind::Program,
        format!("{attributes} values of {dies} DIEs, sha256 {values}"),
    );
    fields.push(
        format!("{prefix}.offsets"),
        FieldKind::Derived(Derivation::offset()),
        format!(
            "{offset_count} offsets, sha256 {}",
            hex(&offsets.finalize())
        ),
    );
    if let Some(program) = unit.line_program.clone() {
        render_line_program(dwarf, unit, program, &prefix, fields)?;
    }
    Ok(())
}

/// A condensed unit's values, encoded as they are read: a kind byte, then the value (LEB128
/// numbers). A reference to a DIE is a fixed slot, filled with the DIE's position once every DIE
/// of the unit is known (references may point forward).
#[derive(Default)]
struct Encoder {
    out: Vec<u8>,
    /// Each DIE's offset, in the order read: sorted.
    dies: Vec<UnitOffset>,
    /// Where each reference's slot is, and the offset it refers to.
    references: Vec<(usize, UnitOffset)>,
    /// The rare values spelled by their debug form.
    scratch: String,
    /// Each offset's DIE position, while references are filled in.
    dense: Vec<u32>,
}

impl Encoder {
    fn unsigned(&mut self, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }

    fn signed(&mut self, n: i64) {
        // Zigzag: small magnitudes of either sign stay short.
        self.unsigned(((n << 1) ^ (n >> 63)) as u64);
    }

    fn tagged(&mut self, kind: u8, n: u64) {
        self.out.push(kind);
        self.unsigned(n);
    }

    fn bytes(&mut self, kind: u8, bytes: &[u8]) {
        self.tagged(kind, bytes.len() as u64);
        self.out.extend_from_slice(bytes);
    }

    /// Writes what [`render_value`] would show of a value but for offsets into other sections,
    /// which it returns instead.
    fn value(
        &mut self,
        dwarf: &gimli::Dwarf<Slice<'_>>,
        unit: &gimli::Unit<Slice<'_>>,
        value: AttributeValue<Slice<'_>>,
    ) -> Option<u64> {
        let string = matches!(
            value,
            AttributeValue::String(_)
                | AttributeValue::DebugStrRef(_)
                | AttributeValue::DebugStrRefSup(_)
                | AttributeValue::DebugLineStrRef(_)
                | AttributeValue::DebugStrOffsetsIndex(_)
        );
        if string {
            if let Ok(text) = dwarf.attr_string(unit, value) {
                self.bytes(b's', text.slice());
                return None;
            }
        }
        match value {
            AttributeValue::UnitRef(target) => {
                self.out.push(b'r');
                self.references.push((self.out.len(), target));
                self.out.extend_from_slice(&[0; 8]);
            }
            AttributeValue::SecOffset(at) => return Some(at as u64),
            AttributeValue::DebugLineRef(at) => return Some(at.0 as u64),
            AttributeValue::DebugInfoRef(at) => return Some(at.0 as u64),
            AttributeValue::LocationListsRef(at) => return Some(at.0 as u64),
            AttributeValue::RangeListsRef(at) => return Some(at.0 as u64),
            AttributeValue::DebugMacinfoRef(at) => return Some(at.0 as u64),
            AttributeValue::DebugMacroRef(at) => return Some(at.0 as u64),
            AttributeValue::DebugAddrBase(at) => return Some(at.0 as u64),
            AttributeValue::DebugLocListsBase(at) => return Some(at.0 as u64),
            AttributeValue::DebugRngListsBase(at) => return Some(at.0 as u64),
            AttributeValue::DebugStrOffsetsBase(at) => return Some(at.0 as u64),
            AttributeValue::DebugStrRef(at) | AttributeValue::DebugStrRefSup(at) => {
                return Some(at.0 as u64)
            }
            AttributeValue::DebugLineStrRef(at) => return Some(at.0 as u64),
            AttributeValue::Addr(n) | AttributeValue::Data8(n) => self.tagged(b'h', n),
            AttributeValue::Udata(n) => {
                self.tagged(b'i', i64::try_from(n).unwrap_or(i64::MAX) as u64);
            }
            AttributeValue::Sdata(n) => {
                self.out.push(b'i');
                self.signed(n);
            }
            AttributeValue::Data1(n) => self.tagged(b'i', u64::from(n)),
            AttributeValue::Data2(n) => self.tagged(b'i', u64::from(n)),
            AttributeValue::Data4(n) => self.tagged(b'i', u64::from(n)),
            AttributeValue::Flag(flag) => self.tagged(b'f', u64::from(flag)),
            AttributeValue::FileIndex(n) => self.tagged(b'F', n),
            AttributeValue::Block(bytes) => self.bytes(b'b', bytes.slice()),
            AttributeValue::Exprloc(expression) => self.bytes(b'b', expression.0.slice()),
            other => {
                let mut scratch = std::mem::take(&mut self.scratch);
                scratch.clear();
                let _ = write!(scratch, "{other:?}");
                self.bytes(b'o', scratch.as_bytes());
                self.scratch = scratch;
            }
        }
        None
    }

    /// Fills the references' slots (a DIE's position, or the offset with its top bit set for a
    /// target that is no DIE of the unit) and digests the whole.
    /// Leaves the encoder empty for the next unit, its buffers kept.
    fn finish(&mut self) -> String {
        // Where the unit is small enough, every offset's DIE position at once (most attributes
        // are references); a search in the sorted offsets otherwise.
        let span = self.dies.last().map_or(0, |last| last.0.saturating_add(1));
        let mut dense = std::mem::take(&mut self.dense);
        dense.clear();
        if span <= DENSE_REFERENCES {
            dense.resize(span, u32::MAX);
            for (k, offset) in self.dies.iter().enumerate() {
                if let (Some(slot), Ok(k)) = (dense.get_mut(offset.0), u32::try_from(k)) {
                    *slot = k;
                }
            }
        }
        let find = |target: UnitOffset| -> Option<usize> {
            if dense.is_empty() {
                return ordinal(&self.dies, target);
            }
            dense
                .get(target.0)
                .filter(|&&k| k != u32::MAX)
                .map(|&k| k as usize)
        };
        for &(at, target) in &self.references {
            let slot = match find(target) {
                Some(ordinal) => ordinal as u64,
                None => (target.0 as u64) | 1 << 63,
            };
            if let Some(bytes) = self.out.get_mut(at..at.saturating_add(8)) {
                bytes.copy_from_slice(&slot.to_le_bytes());
            }
        }
        let digest = hex(&Sha256::digest(&self.out));
        self.out.clear();
        self.dies.clear();
        self.references.clear();
        self.dense = dense;
        digest
    }
}

/// What an attribute's value means and how it reads.
fn render_value(
    dwarf: &gimli::Dwarf<Slice<'_>>,
    unit: &gimli::Unit<Slice<'_>>,
    ordinals: &[UnitOffset],
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
            Value::Str(match ordinal(ordinals, target) {
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
    hex::encode(bytes)
}
