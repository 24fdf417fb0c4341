//! The ELF header, the program header table and the section header table, read as fields with
//! the byte ranges they occupy (System V ABI, "ELF Header", "Program Header", "Sections").
//!
//! Every byte a field is read from is listed in [`Tables::masked`]: the `<headers>` member holds
//! the tables' bytes with those ranges zeroed, so each byte is compared once — as a typed field
//! here or as bytes there. Offsets and addresses follow from the layout, sizes from the data;
//! the class, byte order and OS ABI say which variant of the format the file is written in.

use std::ops::Range;

use crate::byte_reader::ByteReader;
use crate::{Covers, Derivation, Field, FieldKind, Value};

pub(super) const SIZE: FieldKind = FieldKind::Derived(Derivation::size(Covers::Data));
pub(super) const OFFSET: FieldKind = FieldKind::Derived(Derivation::offset());

/// An alignment the compiler picked from the data it aligns.
const ALIGNMENT: FieldKind = FieldKind::Derived(Derivation {
    covers: Covers::Data,
    quantity: crate::Quantity::Offset,
    verified: false,
});

/// The size of `e_ident`.
const IDENT_SIZE: usize = 16;
/// At most this many program and section headers are read (a hostile count is a note).
const MAX_ENTRIES: usize = 1 << 16;

/// One section header, as the file states it.
#[derive(Debug, Clone, Default)]
pub(super) struct Section {
    pub index: usize,
    pub name_offset: u64,
    pub kind: u32,
    pub flags: u64,
    /// Where the section is loaded (0 in a relocatable object).
    pub addr: u64,
    pub offset: u64,
    pub size: u64,
    pub link: u32,
    /// The section's table entry as fields named `elf.section.*`.
    pub fields: Vec<Field>,
}

/// What the header and tables say.
#[derive(Debug, Default)]
pub(super) struct Tables {
    /// The ELF header's and program headers' fields.
    pub fields: Vec<Field>,
    /// The byte ranges read as fields.
    pub masked: Vec<Range<usize>>,
    /// The byte ranges of the header and the two tables.
    pub ranges: Vec<Range<usize>>,
    pub sections: Vec<Section>,
    /// The index of the section-name string table.
    pub shstrndx: usize,
    pub little_endian: bool,
    pub wide: bool,
    pub notes: Vec<String>,
}

/// A cursor reading fields of either byte order and class, remembering their ranges.
pub(super) struct Reader<'a> {
    bytes: ByteReader<'a>,
    pub little: bool,
    pub wide: bool,
    pub masked: Vec<Range<usize>>,
}

impl<'a> Reader<'a> {
    pub(super) fn at(data: &'a [u8], at: usize, little: bool, wide: bool) -> Option<Self> {
        Some(Reader {
            bytes: ByteReader::at(data, at)?,
            little,
            wide,
            masked: Vec::new(),
        })
    }

    /// The unsigned integer of `width` bytes (1, 2, 4 or 8) at the cursor.
    pub(super) fn take(&mut self, width: usize) -> Option<u64> {
        let start = self.bytes.position();
        let little = self.little;
        let value = match (width, little) {
            (1, _) => u64::from(self.bytes.u8()?),
            (2, true) => u64::from(self.bytes.u16_le()?),
            (2, false) => u64::from(self.bytes.u16_be()?),
            (4, true) => u64::from(self.bytes.u32_le()?),
            (4, false) => u64::from(self.bytes.u32_be()?),
            (_, true) => self.bytes.u64_le()?,
            (_, false) => self.bytes.u64_be()?,
        };
        self.masked.push(start..self.bytes.position());
        Some(value)
    }

    /// An address, offset or size word: 4 bytes in ELF32, 8 in ELF64.
    pub(super) fn word(&mut self) -> Option<u64> {
        self.take(if self.wide { 8 } else { 4 })
    }
}

pub(super) fn hex(name: String, kind: FieldKind, value: u64) -> Field {
    Field::new(name, kind, Value::Hex(value))
}

pub(super) fn int(name: String, kind: FieldKind, value: u64) -> Field {
    Field::new(
        name,
        kind,
        Value::Int(i64::try_from(value).unwrap_or(i64::MAX)),
    )
}

/// Reads the ELF header and both tables. `None` when the ELF header is cut short.
pub(super) fn read(data: &[u8]) -> Option<Tables> {
    let ident = crate::byte_reader::slice_at(data, 0, IDENT_SIZE)?;
    let wide = match ident.get(4)? {
        1 => false,
        2 => true,
        _ => return None,
    };
    let little = match ident.get(5)? {
        1 => true,
        2 => false,
        _ => return None,
    };
    let mut t = Tables {
        little_endian: little,
        wide,
        ..Tables::default()
    };
    let mut r = Reader::at(data, 4, little, wide)?;
    let class = r.take(1)?;
    let variant = if wide { "ELF64" } else { "ELF32" };
    t.fields.push(Field::new(
        "elf.class",
        FieldKind::ContainerVariant,
        Value::Str(format!("{variant} ({class})")),
    ));
    let order = r.take(1)?;
    let endian = if little {
        "little-endian"
    } else {
        "big-endian"
    };
    t.fields.push(Field::new(
        "elf.data",
        FieldKind::ContainerVariant,
        Value::Str(format!("{endian} ({order})")),
    ));
    let push = |t: &mut Tables, field: Field| t.fields.push(field);
    push(
        &mut t,
        int("elf.ident-version".into(), FieldKind::Opaque, r.take(1)?),
    );
    push(
        &mut t,
        int("elf.osabi".into(), FieldKind::ContainerVariant, r.take(1)?),
    );
    push(
        &mut t,
        int(
            "elf.abiversion".into(),
            FieldKind::ContainerVariant,
            r.take(1)?,
        ),
    );
    // The 7 bytes of padding stay in `<headers>`.
    let mut r = Reader {
        masked: std::mem::take(&mut r.masked),
        ..Reader::at(data, IDENT_SIZE, little, wide)?
    };
    push(
        &mut t,
        hex("elf.type".into(), FieldKind::Opaque, r.take(2)?),
    );
    push(
        &mut t,
        hex("elf.machine".into(), FieldKind::Opaque, r.take(2)?),
    );
    push(
        &mut t,
        int("elf.version".into(), FieldKind::Opaque, r.take(4)?),
    );
    push(&mut t, hex("elf.entry".into(), OFFSET, r.word()?));
    let phoff = r.word()?;
    push(&mut t, hex("elf.phoff".into(), OFFSET, phoff));
    let shoff = r.word()?;
    push(&mut t, hex("elf.shoff".into(), OFFSET, shoff));
    push(
        &mut t,
        hex("elf.flags".into(), FieldKind::Opaque, r.take(4)?),
    );
    let ehsize = r.take(2)?;
    push(&mut t, int("elf.ehsize".into(), SIZE, ehsize));
    let phentsize = r.take(2)?;
    push(&mut t, int("elf.phentsize".into(), SIZE, phentsize));
    let phnum = r.take(2)?;
    push(&mut t, int("elf.phnum".into(), SIZE, phnum));
    let shentsize = r.take(2)?;
    push(&mut t, int("elf.shentsize".into(), SIZE, shentsize));
    let shnum = r.take(2)?;
    push(&mut t, int("elf.shnum".into(), SIZE, shnum));
    let shstrndx = r.take(2)?;
    push(&mut t, int("elf.shstrndx".into(), OFFSET, shstrndx));
    t.masked = std::mem::take(&mut r.masked);
    let header_end = usize::try_from(ehsize).ok()?.max(r.bytes.position());
    t.ranges.push(0..header_end.min(data.len()));

    let mut shnum = usize::try_from(shnum).ok()?;
    let mut shstrndx = usize::try_from(shstrndx).ok()?;
    let sh_at = usize::try_from(shoff).unwrap_or(usize::MAX);
    let shentsize = usize::try_from(shentsize).ok()?;
    // Past 0xff00 sections, the count and the string table's index are in section 0.
    if shoff != 0 && (shnum == 0 || shstrndx == 0xffff) {
        let mut zero = Reader::at(data, sh_at, little, wide);
        let first = zero.as_mut().and_then(|z| read_section(z, 0, data));
        if let Some(first) = first {
            if shnum == 0 {
                shnum = usize::try_from(first.size).unwrap_or(usize::MAX);
            }
            if shstrndx == 0xffff {
                shstrndx = usize::try_from(first.link).unwrap_or(0);
            }
        }
    }
    t.shstrndx = shstrndx;
    let phnum = usize::try_from(phnum).ok()?;
    let ph_at = usize::try_from(phoff).unwrap_or(usize::MAX);
    let phentsize = usize::try_from(phentsize).ok()?;
    if phoff != 0 {
        read_table(
            &mut t,
            data,
            ph_at,
            phentsize,
            phnum,
            "program headers",
            read_program,
        );
    }
    if shoff != 0 {
        read_table(
            &mut t,
            data,
            sh_at,
            shentsize,
            shnum,
            "section headers",
            |r, i, t| {
                let section = read_section(r, i, data)?;
                t.sections.push(section);
                Some(())
            },
        );
    }
    Some(t)
}

/// Reads `count` entries of `entsize` bytes at `at` with `read`, covering the table's range.
fn read_table(
    t: &mut Tables,
    data: &[u8],
    at: usize,
    entsize: usize,
    count: usize,
    what: &str,
    mut read: impl FnMut(&mut Reader<'_>, usize, &mut Tables) -> Option<()>,
) {
    if count > MAX_ENTRIES {
        t.notes.push(format!(
            "{count} {what} declared: only the first {MAX_ENTRIES} are read"
        ));
    }
    let count = count.min(MAX_ENTRIES);
    let end = at
        .saturating_add(entsize.saturating_mul(count))
        .min(data.len());
    t.ranges.push(at.min(end)..end);
    for index in 0..count {
        let Some(entry_at) = index
            .checked_mul(entsize)
            .and_then(|offset| offset.checked_add(at))
        else {
            break;
        };
        let Some(mut r) = Reader::at(data, entry_at, t.little_endian, t.wide) else {
            t.notes
                .push(format!("the {what} are cut short at entry {index}"));
            break;
        };
        if read(&mut r, index, t).is_none() {
            t.notes
                .push(format!("the {what} are cut short at entry {index}"));
            break;
        }
        t.masked.append(&mut r.masked);
    }
}

/// One program header as fields `elf.program[i].*`.
fn read_program(r: &mut Reader<'_>, index: usize, t: &mut Tables) -> Option<()> {
    let key = |name: &str| format!("elf.program[{index}].{name}");
    let kind = r.take(4)?;
    let mut flags = 0;
    if r.wide {
        flags = r.take(4)?;
    }
    let offset = r.word()?;
    let vaddr = r.word()?;
    let paddr = r.word()?;
    let filesz = r.word()?;
    let memsz = r.word()?;
    if !r.wide {
        flags = r.take(4)?;
    }
    let align = r.word()?;
    t.fields.extend([
        hex(key("type"), FieldKind::Opaque, kind),
        hex(key("flags"), FieldKind::Opaque, flags),
        hex(key("offset"), OFFSET, offset),
        hex(key("vaddr"), OFFSET, vaddr),
        hex(key("paddr"), OFFSET, paddr),
        int(key("filesz"), SIZE, filesz),
        int(key("memsz"), SIZE, memsz),
        int(key("align"), FieldKind::Opaque, align),
    ]);
    Some(())
}

/// One section header, with its fields named `elf.section.*`.
fn read_section(r: &mut Reader<'_>, index: usize, _data: &[u8]) -> Option<Section> {
    let key = |name: &str| format!("elf.section.{name}");
    let name_offset = r.take(4)?;
    let kind = r.take(4)?;
    let flags = r.word()?;
    let addr = r.word()?;
    let offset = r.word()?;
    let size = r.word()?;
    let link = r.take(4)?;
    let info = r.take(4)?;
    let addralign = r.word()?;
    let entsize = r.word()?;
    let fields = vec![
        hex(key("name-offset"), OFFSET, name_offset),
        hex(key("type"), FieldKind::Opaque, kind),
        hex(key("flags"), FieldKind::Opaque, flags),
        hex(key("addr"), OFFSET, addr),
        hex(key("offset"), OFFSET, offset),
        int(key("size"), SIZE, size),
        // Links and infos are section indexes (or, for relocations and symbol tables, counts).
        int(key("link"), FieldKind::Opaque, link),
        int(key("info"), FieldKind::Opaque, info),
        // A compiler aligns data by its size (a longer string constant, more strictly).
        int(key("addralign"), ALIGNMENT, addralign),
        int(key("entsize"), FieldKind::Opaque, entsize),
    ];
    Some(Section {
        index,
        name_offset,
        kind: u32::try_from(kind).ok()?,
        flags,
        addr,
        offset,
        size,
        link: u32::try_from(link).ok()?,
        fields,
    })
}
