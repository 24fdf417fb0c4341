//! Decompressing entries: through the `zip` crate when it agrees with the raw records, directly
//! (stored and deflate only) when it does not.
//!
//! The crate keys entries by name, so duplicate names collapse, and it refuses some archives the
//! raw reader accepts. Each raw entry is therefore paired with the crate's entry whose central
//! header starts at the same offset and has the same name and local header offset; entries
//! without a partner are decoded here. Every decoder is read through [`read_capped`], so a lying
//! size cannot allocate without bound; stored data is a slice of the input and costs nothing.

use std::collections::HashMap;
use std::io::Cursor;
use std::ops::Range;

use bytes::Bytes;
use flate2::read::DeflateDecoder;

use crate::read_capped::read_capped;
use crate::MemberData;

pub(super) const STORED: u16 = 0;
pub(super) const DEFLATE: u16 = 8;

/// What the decoder needs to know about one entry.
pub(super) struct Entry<'a> {
    /// Where its central header is in the data.
    pub central_position: usize,
    pub name_raw: &'a [u8],
    /// For messages.
    pub name: &'a str,
    pub method: u16,
    pub crc: u32,
    pub uncompressed_size: u64,
    /// Where its local header is in the data.
    pub local_position: usize,
    /// Its compressed bytes in the data.
    pub compressed: Range<usize>,
}

/// Decodes entries of one archive.
pub(super) struct Decoder<'a> {
    data: &'a Bytes,
    archive: Option<zip::ZipArchive<Cursor<&'a [u8]>>>,
    /// Crate entry index by the offset of its central header.
    by_central: HashMap<u64, usize>,
    refusal: Option<String>,
    cap: u64,
}

impl<'a> Decoder<'a> {
    /// Opens the archive with the crate once. A refusal is remembered, not fatal.
    pub fn new(data: &'a Bytes, cap: u64) -> Self {
        let (archive, refusal) = match zip::ZipArchive::new(Cursor::new(&data[..])) {
            Ok(archive) => (Some(archive), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let by_central = archive
            .as_ref()
            .map(|a| {
                (0..a.len())
                    .filter_map(|i| Some((a.by_index_data(i).ok()?.central_header_start(), i)))
                    .collect()
            })
            .unwrap_or_default();
        Decoder {
            data,
            archive,
            by_central,
            refusal,
            cap,
        }
    }

    /// Why the crate refused the archive, if it did.
    pub fn refusal(&self) -> Option<&str> {
        self.refusal.as_deref()
    }

    /// The entry's data, or why it cannot be had.
    pub fn decode(&mut self, entry: &Entry<'_>) -> MemberData {
        if entry.method == STORED {
            return self.stored(entry);
        }
        if let Some(index) = self.crate_index(entry) {
            if let Some(archive) = self.archive.as_mut() {
                match archive.by_index(index) {
                    Ok(file) => {
                        let what = format!("zip entry {}", entry.name);
                        return match read_capped(file, self.cap, entry.uncompressed_size, &what) {
                            Ok(bytes) => MemberData::Bytes(Bytes::from(bytes)),
                            Err(e) => MemberData::Unreadable(e.to_string()),
                        };
                    }
                    Err(e) if entry.method != DEFLATE => {
                        return MemberData::Unreadable(e.to_string());
                    }
                    Err(_) => {}
                }
            }
        }
        if entry.method == DEFLATE {
            return self.deflate(entry);
        }
        MemberData::Unreadable(match &self.refusal {
            Some(refusal) => format!(
                "method {} is only decoded through the zip crate, which refused this archive: {refusal}",
                entry.method
            ),
            None => format!(
                "method {} is only decoded through the zip crate, which does not list this entry (a duplicate name?)",
                entry.method
            ),
        })
    }

    fn crate_index(&self, entry: &Entry<'_>) -> Option<usize> {
        let archive = self.archive.as_ref()?;
        let index = *self.by_central.get(&(entry.central_position as u64))?;
        let data = archive.by_index_data(index).ok()?;
        (data.name_raw() == entry.name_raw && data.header_start() == entry.local_position as u64)
            .then_some(index)
    }

    fn stored(&self, entry: &Entry<'_>) -> MemberData {
        let bytes = self.data.slice(entry.compressed.clone());
        match check(&bytes, entry) {
            Some(problem) => MemberData::Unreadable(problem),
            None => MemberData::Bytes(bytes),
        }
    }

    fn deflate(&self, entry: &Entry<'_>) -> MemberData {
        let what = format!("zip entry {}", entry.name);
        let decoder = DeflateDecoder::new(&self.data[entry.compressed.clone()]);
        match read_capped(decoder, self.cap, entry.uncompressed_size, &what) {
            Ok(bytes) => match check(&bytes, entry) {
                Some(problem) => MemberData::Unreadable(problem),
                None => MemberData::Bytes(Bytes::from(bytes)),
            },
            Err(e) => MemberData::Unreadable(format!("deflate stream: {e}")),
        }
    }
}

/// Why decoded bytes do not match the size and CRC-32 the central header records, if they do not.
fn check(bytes: &[u8], entry: &Entry<'_>) -> Option<String> {
    if bytes.len() as u64 != entry.uncompressed_size {
        return Some(format!(
            "decodes to {} bytes, the central header says {}",
            bytes.len(),
            entry.uncompressed_size
        ));
    }
    let crc = crc32fast::hash(bytes);
    (crc != entry.crc).then(|| {
        format!(
            "CRC-32 mismatch: the data has 0x{crc:08x}, the central header says 0x{:08x}",
            entry.crc
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A decoder as it is when the crate refused the archive.
    fn refused(data: &Bytes, cap: u64) -> Decoder<'_> {
        Decoder {
            data,
            archive: None,
            by_central: HashMap::new(),
            refusal: Some("test refusal".to_owned()),
            cap,
        }
    }

    fn entry<'a>(method: u16, payload: &[u8], compressed: Range<usize>) -> Entry<'a> {
        Entry {
            central_position: 0,
            name_raw: b"x",
            name: "x",
            method,
            crc: crc32fast::hash(payload),
            uncompressed_size: payload.len() as u64,
            local_position: 0,
            compressed,
        }
    }

    #[test]
    fn decodes_deflate_and_stored_without_the_crate() {
        let payload = b"some data some data some data".repeat(10);
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&payload).unwrap();
        let deflated = encoder.finish().unwrap();
        let data = Bytes::from(deflated.clone());
        let mut decoder = refused(&data, 1 << 20);
        assert_eq!(decoder.refusal(), Some("test refusal"));
        match decoder.decode(&entry(DEFLATE, &payload, 0..deflated.len())) {
            MemberData::Bytes(b) => assert_eq!(b, payload),
            other => panic!("{other:?}"),
        }
        // The same bytes read as stored do not match the CRC.
        match decoder.decode(&entry(STORED, &payload, 0..deflated.len())) {
            MemberData::Unreadable(why) => assert!(why.contains("decodes to"), "{why}"),
            other => panic!("{other:?}"),
        }
        match decoder.decode(&entry(STORED, &deflated, 0..deflated.len())) {
            MemberData::Bytes(b) => assert_eq!(b, deflated),
            other => panic!("{other:?}"),
        }
        let mut wrong_crc = entry(DEFLATE, &payload, 0..deflated.len());
        wrong_crc.crc ^= 1;
        match decoder.decode(&wrong_crc) {
            MemberData::Unreadable(why) => assert!(why.contains("CRC-32 mismatch"), "{why}"),
            other => panic!("{other:?}"),
        }
        match decoder.decode(&entry(12, &payload, 0..deflated.len())) {
            MemberData::Unreadable(why) => assert!(why.contains("test refusal"), "{why}"),
            other => panic!("{other:?}"),
        }
        let mut capped = refused(&data, 10);
        match capped.decode(&entry(DEFLATE, &payload, 0..deflated.len())) {
            MemberData::Unreadable(why) => assert!(why.contains("more than 10 bytes"), "{why}"),
            other => panic!("{other:?}"),
        }
        match capped.decode(&entry(DEFLATE, &payload, 0..3)) {
            MemberData::Unreadable(why) => assert!(why.starts_with("deflate stream"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}
