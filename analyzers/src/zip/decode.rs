//! Decoding entries, on demand: each entry's data is an [`Encoded`] reference to its compressed
//! bytes, decoded by the engine only when the two sides' bytes differ, through the `zip` crate
//! when it agrees with the raw records, directly (stored and deflate only) when it does not.
//!
//! The crate keys entries by name, so duplicate names collapse, and it refuses some archives the
//! raw reader accepts. Each raw entry is therefore paired with the crate's entry whose central
//! header starts at the same offset and has the same name and local header offset; entries
//! without a partner are decoded here. Entries whose compressed bytes, method, size and CRC are
//! the same (central headers pointing at one local header) share one reference, decoded once.
//! Every decoder reads through [`decode_capped`], so a lying size cannot allocate past a budget;
//! stored data is a slice of the input and costs no copy.

// Hashed once or twice per entry: foldhash, seeded per process, instead of SipHash.
use foldhash::{HashMap, HashMapExt};
use std::io::Cursor;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use flate2::read::DeflateDecoder;

use crate::budget::{decode_capped, member_size_hit, total_hit, DecodeError};
use crate::{Encoded, Limits, MemberData};

pub(super) const STORED: u16 = 0;
pub(super) const DEFLATE: u16 = 8;

/// What the decoder needs to know about one entry.
pub(super) struct Entry<'a> {
    /// Where its central header is in the data.
    pub central_position: usize,
    /// Its name as recorded: to find the crate's entry, and for messages.
    pub name_raw: &'a [u8],
    pub method: u16,
    pub crc: u32,
    pub uncompressed_size: u64,
    /// Where its local header is in the data.
    pub local_position: usize,
    /// Its compressed bytes in the data.
    pub compressed: Range<usize>,
}

type Archive = zip::ZipArchive<Cursor<Bytes>>;

/// The zip crate's reading of the archive, made the first time an entry needs it: most
/// comparisons decode no entry at all (equal compressed bytes are equal data), and opening the
/// crate's archive reads the whole central directory again.
struct CrateView {
    archive: Option<Archive>,
    /// Crate entry index by the offset of its central header.
    by_central: HashMap<u64, usize>,
    /// Why the crate refused the archive, if it did.
    refusal: Option<String>,
}

impl CrateView {
    fn open(data: &Bytes) -> Self {
        let (archive, refusal) = match zip::ZipArchive::new(Cursor::new(data.clone())) {
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
        CrateView {
            archive,
            by_central,
            refusal,
        }
    }

    /// The crate's entry for a raw one: same central header offset, name and local header.
    fn entry(&self, place: &Place, name_raw: &[u8]) -> Option<(Archive, usize)> {
        let archive = self.archive.as_ref()?;
        let index = *self.by_central.get(&(place.central_position as u64))?;
        let data = archive.by_index_data(index).ok()?;
        (data.name_raw() == name_raw && data.header_start() == place.local_position as u64)
            .then(|| (archive.clone(), index))
    }
}

/// The crate's view of one archive, opened once, on first use, by whichever entry needs it.
#[derive(Clone)]
struct LazyView {
    data: Bytes,
    view: Arc<OnceLock<CrateView>>,
}

impl LazyView {
    fn get(&self) -> &CrateView {
        self.view.get_or_init(|| CrateView::open(&self.data))
    }
}

/// Where a raw entry is, to find the crate's entry for it.
struct Place {
    central_position: usize,
    local_position: usize,
}

/// Makes the members' data of one archive.
pub(super) struct Decoder {
    data: Bytes,
    view: LazyView,
    /// References made so far, by compressed range, method, size and CRC.
    made: HashMap<(Range<usize>, u16, u64, u32), Encoded>,
}

impl Decoder {
    /// A decoder for the archive `data`, of about `entries` entries; the crate's view is opened
    /// only when needed.
    pub fn new(data: &Bytes, entries: usize) -> Self {
        Decoder {
            data: data.clone(),
            view: LazyView {
                data: data.clone(),
                view: Arc::default(),
            },
            made: HashMap::with_capacity(entries),
        }
    }

    /// Why the crate refused the archive, if it did (opens the crate's view).
    pub fn refusal(&self) -> Option<&str> {
        self.view.get().refusal.as_deref()
    }

    /// The entry's data, to be decoded when needed.
    pub fn member_data(&mut self, entry: &Entry<'_>) -> MemberData {
        let key = (
            entry.compressed.clone(),
            entry.method,
            entry.uncompressed_size,
            entry.crc,
        );
        if let Some(made) = self.made.get(&key) {
            return MemberData::Encoded(made.clone());
        }
        let place = (entry.method != STORED).then_some(Place {
            central_position: entry.central_position,
            local_position: entry.local_position,
        });
        let spec = Spec {
            name_raw: shared_slice(&self.data, entry.name_raw),
            method: entry.method,
            crc: entry.crc,
            size: entry.uncompressed_size,
        };
        let view = self.view.clone();
        let encoded = Encoded::new(
            self.data.slice(entry.compressed.clone()),
            super::method_name(entry.method),
            entry.uncompressed_size,
            u64::from(entry.crc),
            move |encoded: &Bytes, limits: &Limits| {
                let via_crate = place
                    .as_ref()
                    .and_then(|place| view.get().entry(place, &spec.name_raw));
                let refusal = place.as_ref().and_then(|_| view.get().refusal.as_deref());
                spec.decode(encoded, limits, via_crate, refusal)
            },
        );
        self.made.insert(key, encoded.clone());
        MemberData::Encoded(encoded)
    }
}

/// `part` of `data` as a reference into it (no copy), or a copy when it is not part of it.
fn shared_slice(data: &Bytes, part: &[u8]) -> Bytes {
    let start = data.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    let within = at
        .checked_sub(start)
        .and_then(|offset| offset.checked_add(part.len()))
        .is_some_and(|end| end <= data.len());
    if within {
        data.slice_ref(part)
    } else {
        Bytes::copy_from_slice(part)
    }
}

/// How to decode one entry.
struct Spec {
    /// The entry's raw name: to find the crate's entry, and for messages.
    name_raw: Bytes,
    method: u16,
    crc: u32,
    size: u64,
}

impl Spec {
    /// The entry's data (`None`: the encoded bytes themselves, for a stored entry), through the
    /// crate's entry when there is one; `refusal` says why the crate refused the archive.
    fn decode(
        &self,
        encoded: &Bytes,
        limits: &Limits,
        via_crate: Option<(Archive, usize)>,
        refusal: Option<&str>,
    ) -> Result<Option<Vec<u8>>, DecodeError> {
        let what = format!("zip entry {}", crate::names::escape(&self.name_raw));
        let what = what.as_str();
        if self.method == STORED {
            let len = encoded.len() as u64;
            if len > limits.max_member_size {
                return Err(member_size_hit(what, limits.max_member_size));
            }
            if !limits.total.take(len) {
                return Err(total_hit(what, limits.total.limit()));
            }
            return match self.check(encoded) {
                Some(problem) => Err(DecodeError::Corrupt(problem)),
                None => Ok(None),
            };
        }
        if let Some((mut archive, index)) = via_crate {
            match archive.by_index(index) {
                Ok(file) => {
                    return decode_capped(file, limits, encoded.len() as u64, self.size, what)
                        .map(Some);
                }
                Err(e) if self.method != DEFLATE => {
                    return Err(DecodeError::Corrupt(e.to_string()));
                }
                Err(_) => {}
            }
        }
        if self.method == DEFLATE {
            let decoder = DeflateDecoder::new(&encoded[..]);
            let bytes = decode_capped(decoder, limits, encoded.len() as u64, self.size, what)
                .map_err(|e| match e {
                    DecodeError::Corrupt(why) => {
                        DecodeError::Corrupt(format!("deflate stream: {why}"))
                    }
                    budget => budget,
                })?;
            return match self.check(&bytes) {
                Some(problem) => Err(DecodeError::Corrupt(problem)),
                None => Ok(Some(bytes)),
            };
        }
        Err(DecodeError::Corrupt(match refusal {
            Some(refusal) => format!(
                "method {} is only decoded through the zip crate, which refused this archive: {refusal}",
                self.method
            ),
            None => format!(
                "method {} is only decoded through the zip crate, which does not list this entry (a duplicate name?)",
                self.method
            ),
        }))
    }

    /// Why decoded bytes do not match the size and CRC-32 the central header records, if they
    /// do not.
    fn check(&self, bytes: &[u8]) -> Option<String> {
        if bytes.len() as u64 != self.size {
            return Some(format!(
                "decodes to {} bytes, the central header says {}",
                bytes.len(),
                self.size
            ));
        }
        let crc = crc32fast::hash(bytes);
        (crc != self.crc).then(|| {
            format!(
                "CRC-32 mismatch: the data has 0x{crc:08x}, the central header says 0x{:08x}",
                self.crc
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn spec(method: u16, payload: &[u8]) -> Spec {
        Spec {
            name_raw: Bytes::from_static(b"x"),
            method,
            crc: crc32fast::hash(payload),
            size: payload.len() as u64,
        }
    }

    fn decode(spec: &Spec, encoded: &[u8], limits: &Limits) -> Result<Vec<u8>, DecodeError> {
        let encoded = Bytes::copy_from_slice(encoded);
        spec.decode(&encoded, limits, None, Some("test refusal"))
            .map(|d| d.unwrap_or_else(|| encoded.to_vec()))
    }

    #[test]
    fn decodes_deflate_and_stored_without_the_crate() {
        let payload = b"some data some data some data".repeat(10);
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&payload).unwrap();
        let deflated = encoder.finish().unwrap();
        let limits = Limits::default();
        assert_eq!(
            decode(&spec(DEFLATE, &payload), &deflated, &limits).unwrap(),
            payload
        );
        // The same bytes read as stored do not match the size.
        let why = decode(&spec(STORED, &payload), &deflated, &limits).unwrap_err();
        assert!(why.to_string().contains("decodes to"), "{why}");
        assert_eq!(
            decode(&spec(STORED, &deflated), &deflated, &limits).unwrap(),
            deflated
        );
        let mut wrong_crc = spec(DEFLATE, &payload);
        wrong_crc.crc ^= 1;
        let why = decode(&wrong_crc, &deflated, &limits).unwrap_err();
        assert!(why.to_string().contains("CRC-32 mismatch"), "{why}");
        let why = decode(&spec(12, &payload), &deflated, &limits).unwrap_err();
        assert!(why.to_string().contains("test refusal"), "{why}");
        let capped = Limits {
            max_member_size: 10,
            ..Limits::default()
        };
        let why = decode(&spec(DEFLATE, &payload), &deflated, &capped).unwrap_err();
        assert!(
            matches!(&why, DecodeError::Budget(m) if m.contains("more than 10 bytes")),
            "{why}"
        );
        let why = decode(&spec(DEFLATE, &payload), &deflated[..3], &limits).unwrap_err();
        assert!(why.to_string().starts_with("deflate stream"), "{why}");
    }

    #[test]
    fn stored_entries_draw_from_the_total_budget() {
        let limits = Limits::with_total(100);
        let data = [5u8; 60];
        assert!(decode(&spec(STORED, &data), &data, &limits).is_ok());
        let why = decode(&spec(STORED, &data), &data, &limits).unwrap_err();
        assert!(why.to_string().contains("--max-total-size"), "{why}");
    }
}
