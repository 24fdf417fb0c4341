//! A cursor over Mach-O structures that turns each value it reads into a [`Field`] and
//! remembers the bytes it came from.
//!
//! Mach-O images are little- or big-endian (the magic says which); fat headers and code
//! signatures are always big-endian. Every byte a field is read from is listed in
//! [`FieldReader::masked`]: what is left over is kept as bytes in a member, so that each byte is
//! compared exactly once — as a typed field, or as bytes.

use std::ops::Range;

use crate::byte_reader::ByteReader;
use crate::{Field, FieldKind, Value};

/// The byte order of a structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Endian {
    #[default]
    Little,
    Big,
}

/// Reads fields of a structure, in order, from a position of the data.
#[derive(Debug)]
pub(super) struct FieldReader<'a> {
    data: &'a [u8],
    bytes: ByteReader<'a>,
    endian: Endian,
    /// The fields read so far (moved out by the caller when a record is complete).
    pub fields: Vec<Field>,
    /// The byte ranges the fields were read from.
    pub masked: Vec<Range<usize>>,
}

impl<'a> FieldReader<'a> {
    /// A reader at `position` of `data` (positions count from the start of `data`), or `None`
    /// when that is past its end. Reads never go past the end of `data`: pass the structure's
    /// bytes only (`&image[..end]`) to keep reads inside it.
    pub fn at(data: &'a [u8], position: usize, endian: Endian) -> Option<Self> {
        Some(FieldReader {
            data,
            bytes: ByteReader::at(data, position)?,
            endian,
            fields: Vec::new(),
            masked: Vec::new(),
        })
    }

    /// The bytes the reader reads from.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// Where the cursor is.
    pub fn position(&self) -> usize {
        self.bytes.position()
    }

    /// The unsigned integer of `width` bytes (1, 2, 4 or 8) at the cursor, which moves past it;
    /// its bytes are masked.
    pub fn take(&mut self, width: usize) -> Option<u64> {
        let start = self.position();
        let value = match (width, self.endian) {
            (1, _) => u64::from(self.bytes.u8()?),
            (2, Endian::Little) => u64::from(self.bytes.u16_le()?),
            (2, Endian::Big) => u64::from(self.bytes.u16_be()?),
            (4, Endian::Little) => u64::from(self.bytes.u32_le()?),
            (4, Endian::Big) => u64::from(self.bytes.u32_be()?),
            (_, Endian::Little) => self.bytes.u64_le()?,
            (_, Endian::Big) => self.bytes.u64_be()?,
        };
        self.masked.push(start..self.position());
        Some(value)
    }

    /// The next `len` bytes, masked.
    pub fn take_bytes(&mut self, len: usize) -> Option<&'a [u8]> {
        let start = self.position();
        let bytes = self.bytes.take(len)?;
        self.masked.push(start..self.position());
        Some(bytes)
    }

    /// A fixed-size name (`char segname[16]`), masked, spelled without the NULs that pad it.
    pub fn take_name(&mut self, len: usize) -> Option<String> {
        Some(padded_name(self.take_bytes(len)?))
    }

    /// Appends a field.
    pub fn push(&mut self, name: String, kind: FieldKind, value: Value) {
        self.fields.push(Field::new(name, kind, value));
    }

    /// Reads a field of `width` bytes shown in hexadecimal.
    pub fn hex(&mut self, name: String, width: usize, kind: FieldKind) -> Option<u64> {
        let value = self.take(width)?;
        self.push(name, kind, Value::Hex(value));
        Some(value)
    }

    /// Reads a field of `width` bytes shown in decimal.
    pub fn int(&mut self, name: String, width: usize, kind: FieldKind) -> Option<u64> {
        let value = self.take(width)?;
        self.push(name, kind, int(value));
        Some(value)
    }
}

/// An unsigned value as a decimal field value.
pub(super) fn int(value: u64) -> Value {
    Value::Int(i64::try_from(value).unwrap_or(i64::MAX))
}

/// The bytes of a NUL-padded name without their padding, escaped where they are not UTF-8 or
/// hold a NUL inside (so that any byte of the name, padding included, shows in the spelling).
pub(super) fn padded_name(raw: &[u8]) -> String {
    let used = raw
        .iter()
        .rposition(|&b| b != 0)
        .map_or(0, |last| last.saturating_add(1));
    crate::names::escape(raw.get(..used).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::unmasked;

    #[test]
    fn values_are_read_in_either_byte_order_and_masked() {
        let data = [0x01, 0x02, 0x03, 0x04, 0xff];
        let mut little = FieldReader::at(&data, 0, Endian::Little).unwrap();
        assert_eq!(little.take(2), Some(0x0201));
        let mut big = FieldReader::at(&data, 0, Endian::Big).unwrap();
        assert_eq!(big.take(4), Some(0x0102_0304));
        assert_eq!(big.take(2), None, "one byte left");
        assert_eq!(big.masked, vec![0..4]);
    }

    #[test]
    fn names_lose_their_padding_only() {
        assert_eq!(padded_name(b"__TEXT\0\0\0\0"), "__TEXT");
        assert_eq!(padded_name(b"__TEXT\0\0x\0"), "__TEXT\\x00\\x00x");
        assert_eq!(padded_name(b"\0\0"), "");
    }

    #[test]
    fn unmasked_bytes_are_what_no_field_holds() {
        let data = b"abcdefgh";
        assert_eq!(unmasked(data, 0..8, &[2..4, 3..5, 7..9]), b"abfg");
        assert_eq!(unmasked(data, 2..6, &[]), b"cdef");
        assert_eq!(unmasked(data, 0..8, std::slice::from_ref(&(0..8))), b"");
    }
}
