//! The one way the parsers of this crate read untrusted bytes: bounds-checked, never panicking.
//!
//! Three shapes cover every parser:
//!
//! - a fixed-layout record at a known offset (a zip header, a pyc header): [`slice_at`] cuts it
//!   out, then [`u16_le_at`], [`u32_le_at`] and [`u64_le_at`] read its fields at the constant
//!   offsets the format's specification gives, and [`has_at`] checks a signature;
//! - a sequence of variable-length items (extra field blocks, a gzip header, a marshal stream):
//!   a [`ByteReader`] walks it from front to back, and [`ByteReader::all_or_nothing`] reads one
//!   item whole or leaves it unread;
//! - an array of 16-bit words (a long integer's digits): [`u16_le_each`] iterates over them.
//!
//! A record of fixed size can also be cut out as an array (`&[u8; 512]` for a tar header): the
//! compiler then checks its constant field offsets.
//!
//! Every read is `None` when the bytes are not there, and an offset plus a length that overflows
//! `usize` is `None` too, never a wrapped offset. A read that fails consumes nothing, so the
//! caller can still say where it stopped and how much was left.

use std::ops::Range;

/// `offset..offset + len`, if that range lies within `data`.
pub(crate) fn range_at(data: &[u8], offset: usize, len: usize) -> Option<Range<usize>> {
    let end = offset.checked_add(len)?;
    (end <= data.len()).then_some(offset..end)
}

/// The `len` bytes of `data` from `offset` on, if they are all there.
pub(crate) fn slice_at(data: &[u8], offset: usize, len: usize) -> Option<&[u8]> {
    data.get(range_at(data, offset, len)?)
}

/// The `N` bytes of `data` from `offset` on, as an array.
fn array_at<const N: usize>(data: &[u8], offset: usize) -> Option<[u8; N]> {
    slice_at(data, offset, N)?.try_into().ok()
}

/// The little-endian `u16` at `offset`.
pub(crate) fn u16_le_at(data: &[u8], offset: usize) -> Option<u16> {
    array_at(data, offset).map(u16::from_le_bytes)
}

/// The little-endian `u32` at `offset`.
pub(crate) fn u32_le_at(data: &[u8], offset: usize) -> Option<u32> {
    array_at(data, offset).map(u32::from_le_bytes)
}

/// The little-endian `u64` at `offset`.
pub(crate) fn u64_le_at(data: &[u8], offset: usize) -> Option<u64> {
    array_at(data, offset).map(u64::from_le_bytes)
}

/// The big-endian `u32` at `offset` (Mach-O fat headers and code signatures, big-endian Mach-O).
pub(crate) fn u32_be_at(data: &[u8], offset: usize) -> Option<u32> {
    array_at(data, offset).map(u32::from_be_bytes)
}

/// The big-endian `u64` at `offset`.
pub(crate) fn u64_be_at(data: &[u8], offset: usize) -> Option<u64> {
    array_at(data, offset).map(u64::from_be_bytes)
}

/// Whether the bytes at `offset` are `expected` (a signature, a magic number).
pub(crate) fn has_at(data: &[u8], offset: usize, expected: &[u8]) -> bool {
    slice_at(data, offset, expected.len()) == Some(expected)
}

/// The little-endian `u16`s that `data` holds, in order (an odd last byte is no `u16`).
pub(crate) fn u16_le_each(data: &[u8]) -> impl DoubleEndedIterator<Item = u16> + Clone + '_ {
    data.chunks_exact(2)
        .filter_map(|pair| pair.try_into().ok().map(u16::from_le_bytes))
}

/// A cursor over a byte slice: each read takes bytes from the front of what is left.
///
/// Positions count from the start of the slice the reader was made from.
#[derive(Debug, Clone)]
pub(crate) struct ByteReader<'a> {
    data: &'a [u8],
    /// How many bytes were read; never more than `data.len()`.
    position: usize,
}

impl<'a> ByteReader<'a> {
    /// A reader at the start of `data`.
    pub(crate) fn new(data: &'a [u8]) -> Self {
        ByteReader { data, position: 0 }
    }

    /// A reader at `position` of `data`, if that is within it (the end included); positions still
    /// count from the start of `data`.
    pub(crate) fn at(data: &'a [u8], position: usize) -> Option<Self> {
        (position <= data.len()).then_some(ByteReader { data, position })
    }

    /// A reader at `position` of `data`, or at its end when `position` is past it (every read then
    /// fails, saying nothing is left).
    pub(crate) fn at_or_end(data: &'a [u8], position: usize) -> Self {
        ByteReader {
            data,
            position: position.min(data.len()),
        }
    }

    /// How many bytes were read (the offset of the next one).
    pub(crate) fn position(&self) -> usize {
        self.position
    }

    /// The bytes not read yet, left where they are.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.data.get(self.position..).unwrap_or_default()
    }

    /// Whether every byte was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest().is_empty()
    }

    /// The next `len` bytes, if there are that many.
    pub(crate) fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let range = range_at(self.data, self.position, len)?;
        self.position = range.end;
        self.data.get(range)
    }

    /// Passes over the next `len` bytes, if there are that many.
    pub(crate) fn skip(&mut self, len: usize) -> Option<()> {
        self.take(len).map(|_| ())
    }

    /// The next `N` bytes, as an array (for fixed-size fields and records).
    pub(crate) fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let array = array_at(self.data, self.position)?;
        self.position = self.position.checked_add(N)?;
        Some(array)
    }

    /// The next byte.
    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.array().map(u8::from_le_bytes)
    }

    /// The next two bytes as a little-endian `u16`.
    pub(crate) fn u16_le(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }

    /// The next four bytes as a little-endian `u32`.
    pub(crate) fn u32_le(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    /// The next eight bytes as a little-endian `u64`.
    pub(crate) fn u64_le(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    /// The next two bytes as a big-endian `u16`.
    pub(crate) fn u16_be(&mut self) -> Option<u16> {
        self.array().map(u16::from_be_bytes)
    }

    /// The next four bytes as a big-endian `u32`.
    pub(crate) fn u32_be(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }

    /// The next eight bytes as a big-endian `u64`.
    pub(crate) fn u64_be(&mut self) -> Option<u64> {
        self.array().map(u64::from_be_bytes)
    }

    /// Runs `read` on this reader and keeps what it read only if it succeeds: a record read field
    /// by field is then read whole or not at all.
    pub(crate) fn all_or_nothing<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        let mut ahead = self.clone();
        let value = read(&mut ahead)?;
        *self = ahead;
        Some(value)
    }

    /// Reads `expected` if it comes next (an optional signature); reads nothing otherwise.
    pub(crate) fn eat(&mut self, expected: &[u8]) -> bool {
        if !self.rest().starts_with(expected) {
            return false;
        }
        self.skip(expected.len()).is_some()
    }

    /// The bytes before the next `terminator`, which is read too (a NUL-terminated string); `None`
    /// and nothing read when no terminator follows.
    pub(crate) fn take_terminated(&mut self, terminator: u8) -> Option<&'a [u8]> {
        let rest = self.rest();
        let len = rest.iter().position(|&b| b == terminator)?;
        let (value, _) = rest.split_at_checked(len)?;
        self.skip(len.checked_add(1)?)?;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_at_an_offset_are_bounds_checked() {
        let data = [1u8, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(u16_le_at(&data, 0), Some(0x0201));
        assert_eq!(
            u16_le_at(&data, 6),
            Some(0x0807),
            "ending exactly at the end"
        );
        assert_eq!(u16_le_at(&data, 7), None);
        assert_eq!(u32_le_at(&data, 4), Some(0x0807_0605));
        assert_eq!(u32_le_at(&data, 5), None);
        assert_eq!(u64_le_at(&data, 0), Some(0x0807_0605_0403_0201));
        assert_eq!(u64_le_at(&data, 1), None);
        assert_eq!(u64_le_at(&data, usize::MAX), None);
        assert_eq!(u16_le_at(&[], 0), None);
        assert_eq!(u32_be_at(&data, 4), Some(0x0506_0708));
        assert_eq!(u64_be_at(&data, 0), Some(0x0102_0304_0506_0708));
        assert_eq!(u32_be_at(&data, 5), None);
        let mut reader = ByteReader::new(&data);
        assert_eq!(reader.u16_be(), Some(0x0102));
        assert_eq!(reader.u32_be(), Some(0x0304_0506));
        assert_eq!(reader.u64_be(), None, "two bytes left");
    }

    #[test]
    fn offset_plus_length_never_wraps() {
        let data = [0u8; 16];
        assert_eq!(range_at(&data, 8, 8), Some(8..16));
        assert_eq!(range_at(&data, 16, 0), Some(16..16), "empty, at the end");
        assert_eq!(range_at(&data, 17, 0), None, "empty, past the end");
        assert_eq!(range_at(&data, 8, 9), None);
        assert_eq!(range_at(&data, usize::MAX, 2), None);
        assert_eq!(range_at(&data, 2, usize::MAX), None);
        assert_eq!(slice_at(&data, usize::MAX, usize::MAX), None);
        assert_eq!(slice_at(&data, 15, 1), Some(&[0u8][..]));
        assert!(has_at(b"xxPK", 2, b"PK"));
        assert!(!has_at(b"xxPK", 3, b"PK"));
        assert!(!has_at(b"xxPK", usize::MAX - 1, b"PK"));
    }

    #[test]
    fn the_cursor_reads_in_order_and_stops_at_the_end() {
        let data = [0xaa, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03];
        let mut reader = ByteReader::new(&data);
        assert_eq!(reader.u8(), Some(0xaa));
        assert_eq!(reader.u16_le(), Some(1));
        assert_eq!(reader.u32_le(), Some(2));
        assert_eq!(reader.position(), 7);
        assert_eq!(reader.rest().len(), 1);
        assert_eq!(reader.u16_le(), None, "one byte left");
        assert_eq!(reader.position(), 7, "a failed read consumes nothing");
        assert_eq!(reader.rest(), [3]);
        assert_eq!(reader.take(1), Some(&[3u8][..]), "the last byte, exactly");
        assert!(reader.is_empty());
        assert_eq!(reader.u8(), None);
        assert_eq!(reader.take(0), Some(&[][..]), "nothing is always there");
        assert_eq!(reader.skip(1), None);
    }

    #[test]
    fn lengths_are_checked_before_anything_is_read() {
        let mut reader = ByteReader::new(&[1, 2, 3]);
        assert_eq!(reader.take(usize::MAX), None);
        assert_eq!(reader.skip(4), None);
        assert_eq!(reader.u64_le(), None);
        assert_eq!(reader.position(), 0);
        assert_eq!(reader.skip(3), Some(()));
        assert_eq!(reader.take(usize::MAX), None);
    }

    #[test]
    fn words_are_whole_pairs_of_bytes() {
        assert_eq!(u16_le_each(&[1, 0, 2, 1]).collect::<Vec<_>>(), [1, 0x0102]);
        assert_eq!(
            u16_le_each(&[1, 0, 2]).collect::<Vec<_>>(),
            [1],
            "an odd byte is no word"
        );
        assert_eq!(u16_le_each(&[]).count(), 0);
        assert_eq!(u16_le_each(&[7, 0, 9, 0]).next_back(), Some(9));
    }

    #[test]
    fn a_reader_can_start_anywhere_up_to_the_end() {
        let data = [1u8, 2, 3];
        let mut reader = ByteReader::at(&data, 1).unwrap();
        assert_eq!(reader.u8(), Some(2));
        assert_eq!(
            reader.position(),
            2,
            "positions count from the start of the data"
        );
        let at_end = ByteReader::at(&data, 3).unwrap();
        assert!(at_end.is_empty());
        assert!(ByteReader::at(&data, 4).is_none());
        assert!(ByteReader::at(&data, usize::MAX).is_none());
        assert!(ByteReader::at(&[], 0).unwrap().is_empty());
        let past_the_end = ByteReader::at_or_end(&data, 9);
        assert_eq!((past_the_end.position(), past_the_end.rest()), (3, &[][..]));
        assert_eq!(ByteReader::at_or_end(&data, 2).position(), 2);
    }

    #[test]
    fn a_record_is_read_whole_or_not_at_all() {
        let mut reader = ByteReader::new(&[1, 0, 5, 0, 9]);
        let pair = |r: &mut ByteReader<'_>| Some((r.u16_le()?, r.u16_le()?));
        assert_eq!(reader.all_or_nothing(pair), Some((1, 5)));
        assert_eq!(reader.all_or_nothing(pair), None, "one byte left of four");
        assert_eq!(reader.position(), 4, "the failed record consumed nothing");
        assert_eq!(reader.rest(), [9]);
    }

    #[test]
    fn optional_signatures_and_terminated_strings() {
        let mut reader = ByteReader::new(b"PKname\0rest");
        assert!(!reader.eat(b"PX"));
        assert!(reader.eat(b"PK"));
        assert_eq!(reader.take_terminated(0), Some(&b"name"[..]));
        assert_eq!(reader.rest(), b"rest");
        assert_eq!(reader.take_terminated(0), None, "no terminator");
        assert_eq!(reader.rest(), b"rest", "nothing read");
        assert!(!reader.eat(b"rest and more"));
        assert_eq!(ByteReader::new(b"\0").take_terminated(0), Some(&b""[..]));
    }
}
