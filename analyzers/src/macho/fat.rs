//! Universal ("fat") binaries: a big-endian header listing one thin Mach-O image per
//! architecture (`<mach-o/fat.h>`, `fat_arch` and `fat_arch_64`).
//!
//! The fat binary is a container whose members are its slices, named by architecture (`x86_64`,
//! `arm64`), each analyzed again as a thin image; the header and each slice's entry are fields
//! (offsets and sizes follow from the slices). The bytes between slices (alignment padding) are
//! the `<gaps>` member.
//!
//! `0xcafebabe` is also the magic of Java class files, where the next four bytes are the class
//! file version (major ≥ 45): a fat header is believed only with a handful of architectures whose
//! first slice starts after the table, inside the file, with a Mach-O magic.

use std::ops::Range;

use goblin::mach::constants::cputype::get_arch_name_from_types;

use super::is_thin_magic;
use super::reader::{int, Endian, FieldReader};
use crate::coverage::{clamp, Coverage};
use crate::{
    AnalyzeError, Covers, Derivation, FieldKind, Member, MemberData, MemberOrder, Node, Value,
};

pub(super) const FAT_MAGIC: u32 = 0xcafe_babe;
pub(super) const FAT_MAGIC_64: u32 = 0xcafe_babf;
/// More architectures than any universal binary holds; Java class versions are larger.
const MAX_ARCHES: u32 = 30;
const HEADER_SIZE: usize = 8;
const CPU_SUBTYPE_MASK: u32 = 0xff00_0000;

/// One architecture's entry.
struct Arch {
    name: String,
    range: Range<usize>,
    fields: Vec<crate::Field>,
}

/// Whether `data` starts with a fat header that is not a Java class file's.
pub(super) fn is_fat(data: &[u8]) -> bool {
    let Some(magic) = crate::byte_reader::u32_be_at(data, 0) else {
        return false;
    };
    let Some(count) = crate::byte_reader::u32_be_at(data, 4) else {
        return false;
    };
    if !matches!(magic, FAT_MAGIC | FAT_MAGIC_64) || count == 0 || count > MAX_ARCHES {
        return false;
    }
    let entry = entry_size(magic);
    let table_end = HEADER_SIZE.saturating_add(entry.saturating_mul(count as usize));
    let first_offset = if magic == FAT_MAGIC_64 {
        crate::byte_reader::u64_be_at(data, HEADER_SIZE.saturating_add(8))
    } else {
        crate::byte_reader::u32_be_at(data, HEADER_SIZE.saturating_add(8)).map(u64::from)
    };
    first_offset
        .and_then(|o| usize::try_from(o).ok())
        .is_some_and(|at| at >= table_end && (at >= data.len() || is_thin_magic(data, at)))
}

fn entry_size(magic: u32) -> usize {
    if magic == FAT_MAGIC_64 {
        32
    } else {
        20
    }
}

/// Reads a fat binary into a node whose members are its slices.
pub(super) fn analyze(data: &bytes::Bytes) -> Result<Node, AnalyzeError> {
    let bad = |reason: &str| AnalyzeError::malformed("macho", reason);
    let mut r = FieldReader::at(data, 0, Endian::Big).ok_or_else(|| bad("empty"))?;
    let magic = r.take(4).ok_or_else(|| bad("no fat header"))?;
    let variant = if magic == u64::from(FAT_MAGIC_64) {
        "FAT_MAGIC_64"
    } else {
        "FAT_MAGIC"
    };
    r.push(
        "macho.fat.magic".into(),
        FieldKind::ContainerVariant,
        Value::Str(variant.into()),
    );
    let count = r
        .int(
            "macho.fat.nfat_arch".into(),
            4,
            FieldKind::Derived(Derivation::size(Covers::Data)),
        )
        .ok_or_else(|| bad("no fat header"))?;
    let wide = variant == "FAT_MAGIC_64";
    let mut arches: Vec<Arch> = Vec::new();
    for index in 0..count.min(u64::from(MAX_ARCHES)) {
        let arch = read_arch(&mut r, wide, data.len())
            .ok_or_else(|| bad(&format!("fat_arch {index} is cut short")))?;
        arches.push(arch);
    }
    let mut node = Node::new("macho");
    node.order = MemberOrder::Significant;
    node.fields = std::mem::take(&mut r.fields);
    let mut layout = Coverage::default();
    layout.cover(0..r.position());
    let mut names: Vec<String> = Vec::new();
    for arch in arches {
        if arch.range.is_empty() {
            node.notes
                .push(format!("the {} slice is not in the file", arch.name));
        }
        layout.cover(arch.range.clone());
        // Two slices of one architecture keep apart by their place.
        let mut name = arch.name;
        if names.contains(&name) {
            name = format!("{name}#{}", names.len());
        }
        names.push(name.clone());
        let mut member = Member::new(name, MemberData::Bytes(data.slice(arch.range)));
        member.fields = arch.fields;
        node.members.push(member);
    }
    if let Some(gaps) = layout.gaps_member(data, data.len(), "macho.gaps.size") {
        node.members.push(gaps);
    }
    Ok(node)
}

/// Reads one `fat_arch` (or `fat_arch_64`) entry.
fn read_arch(r: &mut FieldReader<'_>, wide: bool, file_len: usize) -> Option<Arch> {
    let cputype = r.take(4)?;
    let cpusubtype = r.take(4)?;
    let width = if wide { 8 } else { 4 };
    let offset = r.take(width)?;
    let size = r.take(width)?;
    let align = r.take(4)?;
    let reserved = if wide { Some(r.take(4)?) } else { None };
    let (cputype, cpusubtype) = (
        u32::try_from(cputype).ok()?,
        u32::try_from(cpusubtype).ok()?,
    );
    let name = get_arch_name_from_types(cputype, cpusubtype & !CPU_SUBTYPE_MASK).map_or_else(
        || format!("cpu-{cputype:#x}-{cpusubtype:#x}"),
        str::to_owned,
    );
    let field = |f: &str| format!("macho.fat.arch.{f}");
    let mut fields = vec![
        crate::Field::new(
            field("cputype"),
            FieldKind::Opaque,
            Value::Hex(u64::from(cputype)),
        ),
        crate::Field::new(
            field("cpusubtype"),
            FieldKind::Opaque,
            Value::Hex(u64::from(cpusubtype)),
        ),
        crate::Field::new(
            field("offset"),
            FieldKind::Derived(Derivation::offset()),
            Value::Hex(offset),
        ),
        crate::Field::new(
            field("size"),
            FieldKind::Derived(Derivation::size(Covers::Data)),
            int(size),
        ),
        crate::Field::new(field("align"), FieldKind::Opaque, int(align)),
    ];
    if let Some(reserved) = reserved {
        fields.push(crate::Field::new(
            field("reserved"),
            FieldKind::Opaque,
            Value::Hex(reserved),
        ));
    }
    let range = clamp(offset, size, file_len);
    Some(Arch {
        name,
        range,
        fields,
    })
}
