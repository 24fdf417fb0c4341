//! The Mach-O header and its load commands, read as fields with the byte ranges they occupy, and
//! the ranges of the file the commands describe (sections, `__LINKEDIT` tables, the symbol table,
//! the code signature).
//!
//! What a difference in each field means: LC_UUID is a hash of the output (it follows from
//! anything else that differs); LC_BUILD_VERSION, LC_VERSION_MIN_* and dylib versions are the
//! toolchain's and the dependencies'; addresses and file offsets follow from what precedes them,
//! sizes from what they measure. The layouts are those of `<mach-o/loader.h>`. A command this
//! module does not know keeps its body as bytes of the `<headers>` member.

use std::ops::Range;

use goblin::mach::load_command::cmd_to_str;

use super::reader::{int, Endian, FieldReader};
use crate::byte_reader::range_at;
use crate::coverage::clamp;
use crate::{Covers, Derivation, Field, FieldKind, TimeRole, Timestamp, Value};

const SIZE: FieldKind = FieldKind::Derived(Derivation::size(Covers::Data));
const COUNT: FieldKind = FieldKind::Derived(Derivation::size(Covers::Record));
const OFFSET: FieldKind = FieldKind::Derived(Derivation::offset());
const UUID: FieldKind = FieldKind::Derived(Derivation::checksum(Covers::Whole));

/// Load commands (`<mach-o/loader.h>`).
const LC_SEGMENT: u32 = 0x1;
const LC_SYMTAB: u32 = 0x2;
const LC_DYSYMTAB: u32 = 0xb;
const LC_LOAD_DYLIB: u32 = 0xc;
const LC_ID_DYLIB: u32 = 0xd;
const LC_LOAD_DYLINKER: u32 = 0xe;
const LC_ID_DYLINKER: u32 = 0xf;
const LC_LOAD_WEAK_DYLIB: u32 = 0x8000_0018;
const LC_SEGMENT_64: u32 = 0x19;
const LC_UUID: u32 = 0x1b;
const LC_RPATH: u32 = 0x8000_001c;
const LC_CODE_SIGNATURE: u32 = 0x1d;
const LC_SEGMENT_SPLIT_INFO: u32 = 0x1e;
const LC_REEXPORT_DYLIB: u32 = 0x8000_001f;
const LC_LAZY_LOAD_DYLIB: u32 = 0x20;
const LC_DYLD_INFO: u32 = 0x22;
const LC_DYLD_INFO_ONLY: u32 = 0x8000_0022;
const LC_LOAD_UPWARD_DYLIB: u32 = 0x8000_0023;
const LC_VERSION_MIN_MACOSX: u32 = 0x24;
const LC_VERSION_MIN_IPHONEOS: u32 = 0x25;
const LC_FUNCTION_STARTS: u32 = 0x26;
const LC_DYLD_ENVIRONMENT: u32 = 0x27;
const LC_MAIN: u32 = 0x8000_0028;
const LC_DATA_IN_CODE: u32 = 0x29;
const LC_SOURCE_VERSION: u32 = 0x2a;
const LC_DYLIB_CODE_SIGN_DRS: u32 = 0x2b;
const LC_LINKER_OPTIMIZATION_HINT: u32 = 0x2e;
const LC_VERSION_MIN_TVOS: u32 = 0x2f;
const LC_VERSION_MIN_WATCHOS: u32 = 0x30;
const LC_BUILD_VERSION: u32 = 0x32;
const LC_DYLD_EXPORTS_TRIE: u32 = 0x8000_0033;
const LC_DYLD_CHAINED_FIXUPS: u32 = 0x8000_0034;

/// Section types whose contents take no room in the file.
const S_ZEROFILL: u32 = 0x1;
const S_GB_ZEROFILL: u32 = 0xc;
const S_THREAD_LOCAL_ZEROFILL: u32 = 0x12;
const SECTION_TYPE: u32 = 0xff;
/// The size of one relocation entry.
const RELOCATION_SIZE: u64 = 8;

/// A section: its member name, its bytes in the file and its header's fields.
#[derive(Debug)]
pub(super) struct Section {
    pub name: String,
    /// Where it is loaded.
    pub addr: u64,
    /// Its size in memory.
    pub size: u64,
    pub range: Range<usize>,
    pub fields: Vec<Field>,
}

/// A range of the file a load command points at, kept as the bytes of a member of its own
/// (`<LC_FUNCTION_STARTS>`, `<rebase>`…).
#[derive(Debug)]
pub(super) struct Piece {
    pub name: String,
    pub range: Range<usize>,
}

/// Where LC_SYMTAB puts the symbol and string tables.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Symtab {
    pub symoff: u64,
    pub nsyms: u64,
    pub stroff: u64,
    pub strsize: u64,
}

/// What the header and load commands say.
#[derive(Debug, Default)]
pub(super) struct Commands {
    /// The fields of the header and the commands, in the order they are stored.
    pub fields: Vec<Field>,
    /// The byte ranges the fields were read from.
    pub masked: Vec<Range<usize>>,
    /// Where the load commands end (the header and commands are `0..end`).
    pub end: usize,
    /// The sections of every segment, in the order of the commands.
    pub sections: Vec<Section>,
    /// The tables the commands point at (dyld info, function starts, relocations…).
    pub pieces: Vec<Piece>,
    /// Where LC_SYMTAB puts the symbol and string tables, if the image has one.
    pub symtab: Option<Symtab>,
    /// Where LC_CODE_SIGNATURE puts the signature, if the image is signed.
    pub code_signature: Option<Range<usize>>,
    /// Whether the image is 64-bit, and its byte order.
    pub is_64: bool,
    pub endian: Endian,
    /// What could not be read, for the node's notes.
    pub notes: Vec<String>,
}

/// Reads the header and load commands of the thin image `data`, whose magic says `endian` and
/// `is_64`. `None` when the header itself is cut short.
pub(super) fn read(data: &[u8], endian: Endian, is_64: bool) -> Option<Commands> {
    let mut r = FieldReader::at(data, 0, endian)?;
    let magic = r.take(4)?;
    let variant = if is_64 { "MH_MAGIC_64" } else { "MH_MAGIC" };
    let order = if endian == Endian::Little {
        "little-endian"
    } else {
        "big-endian"
    };
    r.push(
        "macho.magic".into(),
        FieldKind::ContainerVariant,
        Value::Str(format!("{variant} ({order}, {magic:#x})")),
    );
    r.hex("macho.cputype".into(), 4, FieldKind::Opaque)?;
    r.hex("macho.cpusubtype".into(), 4, FieldKind::Opaque)?;
    r.hex("macho.filetype".into(), 4, FieldKind::Opaque)?;
    let ncmds = r.int("macho.ncmds".into(), 4, COUNT)?;
    let sizeofcmds = r.int("macho.sizeofcmds".into(), 4, COUNT)?;
    r.hex("macho.flags".into(), 4, FieldKind::Opaque)?;
    if is_64 {
        r.hex("macho.reserved".into(), 4, FieldKind::Opaque)?;
    }
    let header_end = r.position();
    let declared_end = header_end.saturating_add(usize::try_from(sizeofcmds).unwrap_or(usize::MAX));
    let end = declared_end.min(data.len());
    let mut commands = Commands {
        end,
        is_64,
        endian,
        ..Commands::default()
    };
    if declared_end > data.len() {
        commands.notes.push(format!(
            "the load commands are cut short: {} of their {sizeofcmds} bytes are in the file",
            end.saturating_sub(header_end)
        ));
    }
    commands.fields = std::mem::take(&mut r.fields);
    commands.masked = std::mem::take(&mut r.masked);
    let region = data.get(..end).unwrap_or_default();
    let mut at = header_end;
    for index in 0..ncmds {
        let Some(size) = read_command(region, at, &mut commands) else {
            commands.notes.push(format!(
                "load command {index} at {at:#x} is cut short or malformed; the rest of the \
                 load commands are compared as bytes"
            ));
            break;
        };
        at = at.saturating_add(size);
    }
    Some(commands)
}

/// Reads the load command at `at` of `region` (the header and load commands) into `commands`;
/// its size, or `None` when it does not fit.
fn read_command(region: &[u8], at: usize, commands: &mut Commands) -> Option<usize> {
    let endian = commands.endian;
    let mut head = FieldReader::at(region, at, endian)?;
    let cmd = u32::try_from(head.take(4)?).ok()?;
    let size = usize::try_from(head.take(4)?).ok()?;
    let end = range_at(region, at, size)?.end;
    if size < 8 {
        return None;
    }
    let name = match cmd_to_str(cmd) {
        "LC_UNKNOWN" => format!("LC_{cmd:#x}"),
        known => known.to_owned(),
    };
    let body = region.get(..end)?;
    let mut r = FieldReader::at(body, head.position(), endian)?;
    // What the body reads is kept only when it reads whole: a command cut short inside leaves its
    // body as bytes. The cmdsize is named like the body's fields (a segment's, a dylib's).
    let read = read_body(&mut r, cmd, &name, at, commands);
    let qualified = r
        .fields
        .first()
        .and_then(|first| first.name.rsplit_once('.'))
        .filter(|_| read.is_some())
        .map_or_else(|| format!("macho.{name}"), |(q, _)| q.to_owned());
    commands.fields.push(Field::new(
        format!("{qualified}.cmdsize"),
        COUNT,
        int(size as u64),
    ));
    if read.is_some() {
        commands.fields.append(&mut r.fields);
        commands.masked.append(&mut r.masked);
    } else {
        commands.notes.push(format!(
            "{name} at {at:#x} is cut short; its bytes are compared as bytes"
        ));
    }
    commands.masked.append(&mut head.masked);
    Some(size)
}

/// Reads the body of one load command. Sections, pieces and tables found go to `commands`.
fn read_body(
    r: &mut FieldReader<'_>,
    cmd: u32,
    name: &str,
    at: usize,
    commands: &mut Commands,
) -> Option<()> {
    let field = |field: &str| format!("macho.{name}.{field}");
    match cmd {
        LC_SEGMENT | LC_SEGMENT_64 => {
            let width = if cmd == LC_SEGMENT_64 { 8 } else { 4 };
            read_segment(r, name, width, commands)?;
        }
        LC_SYMTAB => {
            let symoff = r.hex(field("symoff"), 4, OFFSET)?;
            let nsyms = r.int(field("nsyms"), 4, SIZE)?;
            let stroff = r.hex(field("stroff"), 4, OFFSET)?;
            let strsize = r.int(field("strsize"), 4, SIZE)?;
            commands.symtab = Some(Symtab {
                symoff,
                nsyms,
                stroff,
                strsize,
            });
        }
        LC_DYSYMTAB => {
            for table in ["localsym", "extdefsym", "undefsym"] {
                r.int(field(&format!("i{table}")), 4, OFFSET)?;
                r.int(field(&format!("n{table}")), 4, SIZE)?;
            }
            // Tables of entries of a fixed size: where they are and how many.
            let module_size = if commands.is_64 { 56 } else { 52 };
            for (table, entry) in [
                ("toc", 8),
                ("modtab", module_size),
                ("extrefsym", 4),
                ("indirectsym", 4),
                ("extrel", RELOCATION_SIZE),
                ("locrel", RELOCATION_SIZE),
            ] {
                let offset_name = format!("{table}off");
                let count_name = match table {
                    "toc" => "ntoc".to_owned(),
                    "modtab" => "nmodtab".to_owned(),
                    "extrefsym" => "nextrefsyms".to_owned(),
                    "indirectsym" => "nindirectsyms".to_owned(),
                    "extrel" => "nextrel".to_owned(),
                    _ => "nlocrel".to_owned(),
                };
                let offset = r.hex(field(&offset_name), 4, OFFSET)?;
                let count = r.int(field(&count_name), 4, SIZE)?;
                commands.piece(format!("<{table}>"), offset, count.saturating_mul(entry));
            }
        }
        LC_LOAD_DYLIB | LC_ID_DYLIB | LC_LOAD_WEAK_DYLIB | LC_REEXPORT_DYLIB
        | LC_LAZY_LOAD_DYLIB | LC_LOAD_UPWARD_DYLIB => {
            let (offset_at, path, padding) = command_string(r, at)?;
            let qualified = format!("macho.{name}[{path}]");
            r.push(
                format!("{qualified}.name-offset"),
                OFFSET,
                Value::Int(i64::from(offset_at)),
            );
            let stamp = r.take(4)?;
            r.push(
                format!("{qualified}.timestamp"),
                FieldKind::Time(TimeRole::Recorded),
                Value::Time(Timestamp::unix(i64::try_from(stamp).ok()?)),
            );
            let current = r.take(4)?;
            r.push(
                format!("{qualified}.current-version"),
                FieldKind::ToolVersion,
                Value::Str(version(current)),
            );
            let compatibility = r.take(4)?;
            r.push(
                format!("{qualified}.compatibility-version"),
                FieldKind::ToolVersion,
                Value::Str(version(compatibility)),
            );
            r.push(
                format!("{qualified}.name"),
                FieldKind::Opaque,
                Value::Str(path),
            );
            if let Some(padding) = padding {
                r.push(format!("{qualified}.padding"), OFFSET, int(padding));
            }
        }
        LC_LOAD_DYLINKER | LC_ID_DYLINKER | LC_DYLD_ENVIRONMENT | LC_RPATH => {
            let (offset_at, path, padding) = command_string(r, at)?;
            r.push(field("offset"), OFFSET, Value::Int(i64::from(offset_at)));
            r.push(field("name"), FieldKind::Opaque, Value::Str(path));
            if let Some(padding) = padding {
                r.push(field("padding"), OFFSET, int(padding));
            }
        }
        LC_UUID => {
            let bytes = r.take_bytes(16)?;
            r.push(field("uuid"), UUID, Value::Str(uuid(bytes)));
        }
        LC_BUILD_VERSION => {
            let platform = r.take(4)?;
            r.push(
                field("platform"),
                FieldKind::ToolVersion,
                Value::Str(platform_name(platform)),
            );
            for part in ["minos", "sdk"] {
                let value = r.take(4)?;
                r.push(
                    field(part),
                    FieldKind::ToolVersion,
                    Value::Str(version(value)),
                );
            }
            let ntools = r.int(field("ntools"), 4, COUNT)?;
            for _ in 0..ntools {
                let tool = r.take(4)?;
                let value = r.take(4)?;
                r.push(
                    field(&format!("tool[{}]", tool_name(tool))),
                    FieldKind::ToolVersion,
                    Value::Str(version(value)),
                );
            }
        }
        LC_VERSION_MIN_MACOSX
        | LC_VERSION_MIN_IPHONEOS
        | LC_VERSION_MIN_TVOS
        | LC_VERSION_MIN_WATCHOS => {
            for part in ["version", "sdk"] {
                let value = r.take(4)?;
                r.push(
                    field(part),
                    FieldKind::ToolVersion,
                    Value::Str(version(value)),
                );
            }
        }
        LC_SOURCE_VERSION => {
            r.hex(field("version"), 8, FieldKind::Opaque)?;
        }
        LC_MAIN => {
            r.hex(field("entryoff"), 8, OFFSET)?;
            r.int(field("stacksize"), 8, FieldKind::Opaque)?;
        }
        LC_DYLD_INFO | LC_DYLD_INFO_ONLY => {
            for table in ["rebase", "bind", "weak_bind", "lazy_bind", "export"] {
                let offset = r.hex(field(&format!("{table}_off")), 4, OFFSET)?;
                let size = r.int(field(&format!("{table}_size")), 4, SIZE)?;
                commands.piece(format!("<{}>", table.replace('_', "-")), offset, size);
            }
        }
        LC_CODE_SIGNATURE
        | LC_SEGMENT_SPLIT_INFO
        | LC_FUNCTION_STARTS
        | LC_DATA_IN_CODE
        | LC_DYLIB_CODE_SIGN_DRS
        | LC_LINKER_OPTIMIZATION_HINT
        | LC_DYLD_EXPORTS_TRIE
        | LC_DYLD_CHAINED_FIXUPS => {
            let offset = r.hex(field("dataoff"), 4, OFFSET)?;
            let size = r.int(field("datasize"), 4, SIZE)?;
            if cmd == LC_CODE_SIGNATURE {
                commands.code_signature = Some(clamp(offset, size, usize::MAX));
            } else {
                commands.piece(format!("<{name}>"), offset, size);
            }
        }
        _ => {}
    }
    Some(())
}

/// Reads a segment command and its section headers.
fn read_segment(
    r: &mut FieldReader<'_>,
    name: &str,
    width: usize,
    commands: &mut Commands,
) -> Option<()> {
    let segname = r.take_name(16)?;
    let field = |field: &str| format!("macho.{name}[{segname}].{field}");
    r.hex(field("vmaddr"), width, OFFSET)?;
    r.int(field("vmsize"), width, SIZE)?;
    r.hex(field("fileoff"), width, OFFSET)?;
    r.int(field("filesize"), width, SIZE)?;
    r.hex(field("maxprot"), 4, FieldKind::Opaque)?;
    r.hex(field("initprot"), 4, FieldKind::Opaque)?;
    let nsects = r.int(field("nsects"), 4, SIZE)?;
    r.hex(field("flags"), 4, FieldKind::Opaque)?;
    let segment_fields = std::mem::take(&mut r.fields);
    let mut sections = Vec::new();
    for _ in 0..nsects {
        sections.push(read_section(r, width, commands)?);
    }
    r.fields = segment_fields;
    for (section, relocations) in sections {
        if let Some((offset, count)) = relocations {
            commands.piece(
                format!("<relocations {}>", section.name),
                offset,
                count.saturating_mul(RELOCATION_SIZE),
            );
        }
        commands.sections.push(section);
    }
    Some(())
}

/// Reads one section header: the section, and where its relocation entries are.
fn read_section(
    r: &mut FieldReader<'_>,
    width: usize,
    commands: &Commands,
) -> Option<(Section, Option<(u64, u64)>)> {
    let sectname = r.take_name(16)?;
    let segname = r.take_name(16)?;
    let field = |field: &str| format!("macho.section.{field}");
    let addr = r.hex(field("addr"), width, OFFSET)?;
    let size = r.int(field("size"), width, SIZE)?;
    let offset = r.hex(field("offset"), 4, OFFSET)?;
    r.int(field("align"), 4, FieldKind::Opaque)?;
    let reloff = r.hex(field("reloff"), 4, OFFSET)?;
    let nreloc = r.int(field("nreloc"), 4, SIZE)?;
    let flags = r.hex(field("flags"), 4, FieldKind::Opaque)?;
    r.int(field("reserved1"), 4, FieldKind::Opaque)?;
    r.int(field("reserved2"), 4, FieldKind::Opaque)?;
    if commands.is_64 {
        r.int(field("reserved3"), 4, FieldKind::Opaque)?;
    }
    let kind = u32::try_from(flags & u64::from(SECTION_TYPE)).unwrap_or(0);
    let zerofill = matches!(kind, S_ZEROFILL | S_GB_ZEROFILL | S_THREAD_LOCAL_ZEROFILL);
    let range = if zerofill || offset == 0 {
        0..0
    } else {
        clamp(offset, size, usize::MAX)
    };
    let section = Section {
        name: format!("{segname},{sectname}"),
        addr,
        size,
        range,
        fields: std::mem::take(&mut r.fields),
    };
    let relocations = (nreloc > 0).then_some((reloff, nreloc));
    Some((section, relocations))
}

/// The offset and the string of an `lc_str` (a path in a dylib, dylinker or rpath command):
/// the string runs from the offset to its NUL. The NUL and the zeros padding the command after
/// it are counted (their number changes with the string's length), unless some are not zero:
/// those bytes then stay the command's bytes.
fn command_string(r: &mut FieldReader<'_>, at: usize) -> Option<(u32, String, Option<u64>)> {
    let offset = u32::try_from(r.take(4)?).ok()?;
    let start = at.checked_add(usize::try_from(offset).ok()?)?;
    let rest = r.data().get(start..)?;
    let len = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let (text, after) = rest.split_at_checked(len)?;
    let text = crate::names::escape(text);
    let end = start.checked_add(len)?;
    let padding = after.iter().all(|&b| b == 0).then_some(after.len() as u64);
    let masked_end = end.checked_add(padding.map_or(0, |_| after.len()))?;
    r.masked.push(start..masked_end);
    Some((offset, text, padding))
}

impl Commands {
    /// Records the range `offset..offset + size` (when not empty) as the member `name`.
    fn piece(&mut self, name: String, offset: u64, size: u64) {
        if size > 0 {
            self.pieces.push(Piece {
                name,
                range: clamp(offset, size, usize::MAX),
            });
        }
    }
}

/// A packed `xxxx.yy.zz` version number.
fn version(packed: u64) -> String {
    let major = packed >> 16;
    let minor = (packed >> 8) & 0xff;
    let patch = packed & 0xff;
    format!("{major}.{minor}.{patch}")
}

/// A UUID in its usual spelling.
fn uuid(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    let part = |range: Range<usize>| hex.get(range).unwrap_or_default().to_owned();
    format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )
}

/// The name of an LC_BUILD_VERSION platform.
fn platform_name(platform: u64) -> String {
    let name = match platform {
        1 => "macos",
        2 => "ios",
        3 => "tvos",
        4 => "watchos",
        5 => "bridgeos",
        6 => "maccatalyst",
        7 => "iossimulator",
        8 => "tvossimulator",
        9 => "watchossimulator",
        10 => "driverkit",
        11 => "visionos",
        12 => "visionossimulator",
        _ => return format!("platform {platform}"),
    };
    name.to_owned()
}

/// The name of an LC_BUILD_VERSION tool.
fn tool_name(tool: u64) -> String {
    match tool {
        1 => "clang".to_owned(),
        2 => "swift".to_owned(),
        3 => "ld".to_owned(),
        4 => "lld".to_owned(),
        _ => format!("{tool}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_uuids_are_spelled_as_the_tools_do() {
        assert_eq!(version(0x000b_0000), "11.0.0");
        assert_eq!(version(0x000e_0006), "14.0.6");
        assert_eq!(
            uuid(&[
                0x4c, 0x4c, 0x44, 0xe9, 0x55, 0x55, 0x31, 0x44, 0xa1, 0xd0, 0x1b, 0x4c, 0x24, 0x45,
                0x97, 0x90
            ]),
            "4C4C44E9-5555-3144-A1D0-1B4C24459790"
        );
    }

    #[test]
    fn a_cut_header_reads_as_none_and_never_panics() {
        let mut data = vec![0u8; 64];
        data[..4].copy_from_slice(&0xfeed_facf_u32.to_le_bytes());
        data[16..20].copy_from_slice(&3u32.to_le_bytes());
        data[20..24].copy_from_slice(&200u32.to_le_bytes());
        for len in 0..data.len() {
            let _ = read(&data[..len], Endian::Little, true);
        }
        assert!(read(&data[..20], Endian::Little, true).is_none());
        let whole = read(&data, Endian::Little, true).unwrap();
        assert!(!whole.notes.is_empty(), "the commands are cut short");
    }
}
