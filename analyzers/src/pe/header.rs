//! The COFF file header and the optional header of a PE image, read as fields with the byte
//! ranges they occupy.
//!
//! Every byte a field is read from is listed in [`Headers::masked`]: the `<headers>` member holds
//! the header bytes with those ranges zeroed, so that each byte is compared exactly once — as a
//! typed field here, or as bytes there — and a difference is never counted twice nor hidden.
//! The layout is the one the PE/COFF specification gives (Microsoft, "PE Format", sections
//! "COFF File Header" and "Optional Header"); goblin has already checked that it is there.

use std::ops::Range;

use crate::byte_reader::ByteReader;
use crate::{Covers, Derivation, Field, FieldKind, TimeRole, Timestamp, Value};

/// The size of the COFF file header, after the `PE\0\0` signature.
const COFF_HEADER_SIZE: usize = 20;
/// The optional header's magic for PE32 and for PE32+ images.
const PE32_MAGIC: u16 = 0x10b;
const PE32_PLUS_MAGIC: u16 = 0x20b;
/// The data directories, in the order of the specification.
const DATA_DIRECTORIES: [&str; 16] = [
    "export",
    "import",
    "resource",
    "exception",
    "certificate",
    "base-relocation",
    "debug",
    "architecture",
    "global-pointer",
    "tls",
    "load-config",
    "bound-import",
    "import-address",
    "delay-import",
    "clr-runtime",
    "reserved",
];

/// What the headers say, as fields, and where they are.
#[derive(Debug, Default)]
pub(super) struct Headers {
    /// The fields, in the order they are stored.
    pub fields: Vec<Field>,
    /// The byte ranges the fields were read from.
    pub masked: Vec<Range<usize>>,
    /// Where the optional header's CheckSum is, if the image has one.
    pub checksum_at: Option<usize>,
    /// Where the COFF symbol table starts and how many 18-byte records it holds.
    pub symbol_table: (u32, u32),
    /// Where the section table starts.
    pub section_table_at: usize,
}

/// A cursor over the headers that turns each field it reads into a [`Field`] and remembers its
/// range.
struct Reader<'a> {
    bytes: ByteReader<'a>,
    headers: Headers,
}

impl Reader<'_> {
    /// Where the cursor is.
    fn at(&self) -> usize {
        self.bytes.position()
    }

    /// The little-endian unsigned integer of `width` bytes (1, 2, 4 or 8) at the cursor, which
    /// moves past it.
    fn take(&mut self, width: usize) -> Option<u64> {
        let start = self.at();
        let value = match width {
            1 => u64::from(self.bytes.u8()?),
            2 => u64::from(self.bytes.u16_le()?),
            4 => u64::from(self.bytes.u32_le()?),
            _ => self.bytes.u64_le()?,
        };
        self.headers.masked.push(start..self.at());
        Some(value)
    }

    fn push(&mut self, name: &str, kind: FieldKind, value: Value) {
        self.headers
            .fields
            .push(Field::new(format!("pe.{name}"), kind, value));
    }

    /// Reads a field of `width` bytes shown in hexadecimal.
    fn hex(&mut self, name: &str, width: usize, kind: FieldKind) -> Option<u64> {
        let value = self.take(width)?;
        self.push(name, kind, Value::Hex(value));
        Some(value)
    }

    /// Reads a field of `width` bytes shown in decimal.
    fn int(&mut self, name: &str, width: usize, kind: FieldKind) -> Option<u64> {
        let value = self.take(width)?;
        self.push(
            name,
            kind,
            Value::Int(i64::try_from(value).unwrap_or(i64::MAX)),
        );
        Some(value)
    }

    /// Reads a major and a minor version number of `width` bytes each, as one `major.minor`
    /// field.
    fn version(&mut self, name: &str, width: usize, kind: FieldKind) -> Option<()> {
        let major = self.take(width)?;
        let minor = self.take(width)?;
        self.push(name, kind, Value::Str(format!("{major}.{minor}")));
        Some(())
    }
}

const SIZE: FieldKind = FieldKind::Derived(Derivation::size(Covers::Data));
const OFFSET: FieldKind = FieldKind::Derived(Derivation::offset());

/// Reads the COFF header at `pe_offset + 4` and the optional header after it. `reproducible`
/// says whether a REPRO debug entry declares the TimeDateStamp to be a hash of the image rather
/// than a time. `None` when the headers are cut short (goblin accepted them, so this is not
/// expected).
pub(super) fn read(data: &[u8], pe_offset: usize, reproducible: bool) -> Option<Headers> {
    let mut r = Reader {
        bytes: ByteReader::at(data, pe_offset.checked_add(4)?)?,
        headers: Headers::default(),
    };
    r.hex("machine", 2, FieldKind::Opaque)?;
    r.int("number-of-sections", 2, SIZE)?;
    let stamp = r.take(4)?;
    let (kind, value) = if reproducible {
        // MSVC's /Brepro writes a hash of the image where the time would be.
        (
            FieldKind::Derived(Derivation::checksum(Covers::Whole)),
            Value::Hex(stamp),
        )
    } else {
        (
            FieldKind::Time(TimeRole::Recorded),
            Value::Time(Timestamp::unix(i64::try_from(stamp).ok()?)),
        )
    };
    r.push("time-date-stamp", kind, value);
    let symbols_at = r.hex("pointer-to-symbol-table", 4, OFFSET)?;
    let symbols = r.int("number-of-symbols", 4, SIZE)?;
    r.headers.symbol_table = (
        u32::try_from(symbols_at).ok()?,
        u32::try_from(symbols).ok()?,
    );
    let optional_size = r.int("size-of-optional-header", 2, SIZE)?;
    r.hex("characteristics", 2, FieldKind::Opaque)?;
    let optional_at = pe_offset.checked_add(4 + COFF_HEADER_SIZE)?;
    let optional_end = optional_at.checked_add(usize::try_from(optional_size).ok()?)?;
    r.headers.section_table_at = optional_end;
    if optional_size > 0 {
        read_optional(&mut r, optional_end)?;
    }
    Some(r.headers)
}

/// Reads the optional header from the cursor up to `end`: the standard fields, the Windows
/// fields and as many data directories as it declares and holds.
fn read_optional(r: &mut Reader<'_>, end: usize) -> Option<()> {
    let magic = r.take(2)?;
    let plus = match u16::try_from(magic).ok()? {
        PE32_MAGIC => false,
        PE32_PLUS_MAGIC => true,
        _ => {
            r.push("magic", FieldKind::ContainerVariant, Value::Hex(magic));
            return Some(());
        }
    };
    let variant = if plus { "PE32+" } else { "PE32" };
    r.push(
        "magic",
        FieldKind::ContainerVariant,
        Value::Str(variant.into()),
    );
    let address = if plus { 8 } else { 4 };
    r.version("linker-version", 1, FieldKind::ToolVersion)?;
    r.int("size-of-code", 4, SIZE)?;
    r.int("size-of-initialized-data", 4, SIZE)?;
    r.int("size-of-uninitialized-data", 4, SIZE)?;
    r.hex("address-of-entry-point", 4, OFFSET)?;
    r.hex("base-of-code", 4, OFFSET)?;
    if !plus {
        r.hex("base-of-data", 4, OFFSET)?;
    }
    r.hex("image-base", address, FieldKind::Opaque)?;
    r.int("section-alignment", 4, FieldKind::Opaque)?;
    r.int("file-alignment", 4, FieldKind::Opaque)?;
    r.version("os-version", 2, FieldKind::ToolVersion)?;
    r.version("image-version", 2, FieldKind::ToolVersion)?;
    r.version("subsystem-version", 2, FieldKind::ToolVersion)?;
    r.hex("win32-version-value", 4, FieldKind::Opaque)?;
    r.int("size-of-image", 4, SIZE)?;
    r.int("size-of-headers", 4, SIZE)?;
    r.headers.checksum_at = Some(r.at());
    r.hex(
        "checksum",
        4,
        FieldKind::Derived(Derivation::checksum(Covers::Whole)),
    )?;
    r.int("subsystem", 2, FieldKind::Opaque)?;
    r.hex("dll-characteristics", 2, FieldKind::Opaque)?;
    r.int("size-of-stack-reserve", address, FieldKind::Opaque)?;
    r.int("size-of-stack-commit", address, FieldKind::Opaque)?;
    r.int("size-of-heap-reserve", address, FieldKind::Opaque)?;
    r.int("size-of-heap-commit", address, FieldKind::Opaque)?;
    r.hex("loader-flags", 4, FieldKind::Opaque)?;
    let declared = r.int("number-of-rva-and-sizes", 4, FieldKind::Opaque)?;
    let room = end.saturating_sub(r.at()) / 8;
    let count = usize::try_from(declared).unwrap_or(usize::MAX).min(room);
    for index in 0..count {
        let name = DATA_DIRECTORIES
            .get(index)
            .map_or_else(|| format!("directory[{index}]"), |name| (*name).to_owned());
        r.hex(&format!("{name}-directory.address"), 4, OFFSET)?;
        r.int(&format!("{name}-directory.size"), 4, SIZE)?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_header_reads_as_none_and_never_panics() {
        let mut data = vec![0u8; 0x100];
        data[0x80..0x84].copy_from_slice(b"PE\0\0");
        for len in 0..data.len() {
            let _ = read(&data[..len], 0x80, false);
        }
        assert!(read(&data[..0x90], 0x80, false).is_none());
        let whole = read(&data, 0x80, false).expect("a COFF header with no optional header");
        assert!(whole.checksum_at.is_none());
        assert_eq!(whole.masked.first(), Some(&(0x84..0x86)));
    }
}
