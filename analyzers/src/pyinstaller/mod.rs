//! PyInstaller's frozen applications: the CArchive (PKG) a bootloader carries and the PYZ of
//! Python modules inside it, read as archives so that two builds of one application compare member
//! by member instead of as one opaque blob.
//!
//! Where they sit: a Linux or macOS executable keeps the CArchive in a section or segment
//! (`pydata`), a Windows one appends it after the image (the PE overlay); the executable around it
//! is the bootloader, read by the ELF, Mach-O or PE analyzer, the archive being one of its members.
//! Both formats are written by PyInstaller's `PyInstaller/archive/writers.py` and read by its
//! bootloader and `pyimod01_archive.py`:
//!
//! - **CArchive** ([`carchive`]): entries' data, then a table of contents (big-endian records:
//!   record length, data offset, stored length, length, compression flag, type code, NUL-padded
//!   name), then an 88-byte cookie at the very end (`MEI\014\013\012\013\016`, archive length, TOC
//!   offset and length, Python version as `major * 100 + minor`, the Python library's name).
//! - **PYZ** ([`pyz`]): `PYZ\0`, the magic number of the interpreter that compiled its modules, the
//!   offset of a marshaled table of contents (`[(name, (type, offset, length))]`), and each
//!   module's code, marshaled and zlib-compressed.
//!
//! Modules are stored as `marshal.dumps(code)`, without a pyc header: their members decode to a
//! header naming the interpreter (made by [`crate::pyc::frozen`]) followed by the code, so that
//! the pyc reader reads them as it reads any pyc. Offsets, stored lengths and the TOC's position
//! follow from the entries before them and are derived; each entry decodes only when the two
//! builds' stored bytes differ.

mod carchive;
mod pyz;
#[cfg(test)]
mod tests;

use bytes::Bytes;
use flate2::bufread::ZlibDecoder;

use crate::budget::{decode_capped, DecodeError};
use crate::encoded::Encoded;
use crate::{Limits, MemberData};

pub use carchive::CArchiveAnalyzer;
pub use pyz::PyzAnalyzer;

/// How an entry's stored bytes become its data.
#[derive(Debug, Clone)]
struct Storage {
    /// The entry, for messages.
    what: String,
    /// zlib-compressed (else stored as is).
    compressed: bool,
    /// The length the container declares for the data (`None`: it declares none).
    declared: Option<u64>,
    /// A pyc header to put before the data (marshaled code of a known interpreter).
    pyc_header: Option<Vec<u8>>,
}

impl Storage {
    /// The member data for `stored`: the bytes themselves when nothing is to be done, else an
    /// [`Encoded`] decoded only when needed.
    fn member_data(self, stored: Bytes) -> MemberData {
        if !self.compressed && self.pyc_header.is_none() {
            return MemberData::Bytes(stored);
        }
        let method = match (self.compressed, self.pyc_header.is_some()) {
            (true, true) => "zlib, marshaled code",
            (true, false) => "zlib",
            _ => "marshaled code",
        };
        let declared = self.declared.unwrap_or(0);
        Encoded::new(
            stored,
            method.to_owned(),
            declared,
            0,
            move |stored: &Bytes, limits: &Limits| self.decode(stored, limits).map(Some),
        )
        .into()
    }

    fn decode(&self, stored: &Bytes, limits: &Limits) -> Result<Vec<u8>, DecodeError> {
        let data = if self.compressed {
            inflate(stored, limits, self.declared.unwrap_or(0), &self.what)?
        } else {
            stored.to_vec()
        };
        if let Some(declared) = self.declared {
            if data.len() as u64 != declared {
                return Err(DecodeError::Corrupt(format!(
                    "{} decodes to {} bytes, its table of contents says {declared}",
                    self.what,
                    data.len()
                )));
            }
        }
        Ok(match &self.pyc_header {
            // An archive of an older PyInstaller may keep the pyc's own header: keep it then.
            Some(_) if crate::pyc::frozen::is_known_magic(first_four(&data)) => data,
            Some(header) => {
                let mut with_header = Vec::with_capacity(header.len().saturating_add(data.len()));
                with_header.extend_from_slice(header);
                with_header.extend_from_slice(&data);
                with_header
            }
            None => data,
        })
    }
}

impl From<Encoded> for MemberData {
    fn from(encoded: Encoded) -> Self {
        MemberData::Encoded(encoded)
    }
}

/// The first four bytes (zeros past the end).
fn first_four(data: &[u8]) -> [u8; 4] {
    let mut four = [0; 4];
    for (to, from) in four.iter_mut().zip(data) {
        *to = *from;
    }
    four
}

/// Inflates a zlib stream within the run's budgets.
fn inflate(stored: &[u8], limits: &Limits, hint: u64, what: &str) -> Result<Vec<u8>, DecodeError> {
    let mut decoder = ZlibDecoder::new(stored);
    let data =
        decode_capped(&mut decoder, limits, stored.len() as u64, hint, what).map_err(|error| {
            match error {
                DecodeError::Corrupt(why) => DecodeError::Corrupt(format!("zlib stream: {why}")),
                budget => budget,
            }
        })?;
    // Bytes after the end of the zlib stream are not part of the data: say so.
    let rest = decoder.into_inner();
    if !rest.is_empty() {
        return Err(DecodeError::Corrupt(format!(
            "{what}: {} bytes after the end of the zlib stream",
            rest.len()
        )));
    }
    Ok(data)
}
