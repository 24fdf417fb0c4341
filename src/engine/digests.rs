//! Digests of data that changed, in the spellings manifests use, so that the classifier can tell
//! a checksum of a changed file (a consequence) from a random token (a cause).
//!
//! A manifest, a lock file or a RECORD names the files it covers by MD5, SHA-1 or SHA-256, in hex
//! or base64. When a file changed, its digest in such a list changed too, and the new digest is
//! as high-entropy as any random token: only knowing the digests of what changed tells them apart.
//!
//! Hashing is paid only when it is needed. Data decoded from a container is spelled when it is
//! compared (it is in memory then, and is not kept). Files of input directories — a whole
//! rebuilt distribution, hundreds of megabytes — are only remembered, and read and hashed again
//! with one algorithm the first time a rule asks about a token of that algorithm's shape: a run
//! in which no digest-shaped token changed hashes nothing.

use std::collections::HashSet;
use std::sync::OnceLock;

use base64::Engine;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use whydiff_analyzers::directory::FileRef;

/// Blobs larger than this are not hashed: a digest of a whole huge artifact is rarely written
/// inside another, and hashing it would cost more than the comparison.
pub const MAX_HASHED: usize = 64 << 20;

/// A digest algorithm manifests use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    Md5,
    Sha1,
    Sha256,
}

impl Algorithm {
    const ALL: [Algorithm; 3] = [Algorithm::Md5, Algorithm::Sha1, Algorithm::Sha256];

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Md5 => Md5::digest(data).to_vec(),
            Algorithm::Sha1 => Sha1::digest(data).to_vec(),
            Algorithm::Sha256 => Sha256::digest(data).to_vec(),
        }
    }

    /// The algorithm whose digest `token` could spell, by its length: hex (32, 40, 64), base64
    /// with padding (24, 28, 44) or unpadded base64url (22, 27, 43).
    fn of_token(token: &str) -> Option<Algorithm> {
        match token.len() {
            32 | 24 | 22 => Some(Algorithm::Md5),
            40 | 28 | 27 => Some(Algorithm::Sha1),
            64 | 44 | 43 => Some(Algorithm::Sha256),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A digest in lowercase hex, base64 and unpadded base64url.
fn spell(digest: &[u8]) -> [String; 3] {
    [
        hex::encode(digest),
        base64::engine::general_purpose::STANDARD.encode(digest),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest),
    ]
}

/// The MD5, SHA-1 and SHA-256 of `data`, each in lowercase hex, base64 and unpadded base64url.
pub fn spellings(data: &[u8]) -> Vec<String> {
    Algorithm::ALL
        .iter()
        .flat_map(|algorithm| spell(&algorithm.digest(data)))
        .collect()
}

/// The digests of everything that changed in a comparison, asked one token at a time.
#[derive(Debug, Clone, Default)]
pub struct ChangedDigests {
    /// Spellings of decoded data, made when it was compared.
    spelled: HashSet<String>,
    /// Files of the input directories that changed, not hashed yet.
    files: Vec<FileRef>,
    /// The files' spellings per algorithm, made on the first question that needs them.
    hashed: [OnceLock<HashSet<String>>; 3],
}

impl ChangedDigests {
    /// Over spellings made already and files to hash when asked.
    pub fn new(spelled: impl IntoIterator<Item = String>, files: Vec<FileRef>) -> Self {
        ChangedDigests {
            spelled: spelled.into_iter().collect(),
            files,
            hashed: Default::default(),
        }
    }

    /// Whether `token` has the shape of a digest [`ChangedDigests::contains`] can recognize: the
    /// length of an MD5, SHA-1 or SHA-256 in hex, base64 or unpadded base64url.
    pub fn checkable(token: &str) -> bool {
        Algorithm::of_token(token).is_some()
    }

    /// Whether `token` spells a digest of data that changed. A file that can no longer be read
    /// (or is past [`MAX_HASHED`]) has no digest.
    pub fn contains(&self, token: &str) -> bool {
        if self.spelled.contains(token) {
            return true;
        }
        let Some(algorithm) = Algorithm::of_token(token) else {
            return false;
        };
        if self.files.is_empty() {
            return false;
        }
        self.hashed[algorithm.index()]
            .get_or_init(|| {
                use rayon::prelude::*;
                self.files
                    .par_iter()
                    .filter(|file| file.size() <= MAX_HASHED as u64)
                    .filter_map(|file| crate::input::read_entry(file).ok())
                    .flat_map_iter(|data| spell(&algorithm.digest(&data)))
                    .collect()
            })
            .contains(token)
    }
}

impl<const N: usize> From<[String; N]> for ChangedDigests {
    fn from(spelled: [String; N]) -> Self {
        ChangedDigests::new(spelled, Vec::new())
    }
}

impl FromIterator<String> for ChangedDigests {
    fn from_iter<I: IntoIterator<Item = String>>(spelled: I) -> Self {
        ChangedDigests::new(spelled, Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_the_digests_manifests_use() {
        let all = spellings(b"hello\n");
        assert!(
            all.contains(&"b1946ac92492d2347c6235b4d2611184".to_owned()),
            "md5 hex"
        );
        assert!(
            all.contains(
                &"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03".to_owned()
            ),
            "sha256 hex"
        );
        assert!(
            all.contains(&"WJG1tSLV3whtD_CxEPvZ0hu0_HFjrzTQgoai6Eb2vgM".to_owned()),
            "sha256 base64url, as RECORD"
        );
        assert_eq!(all.len(), 9);
    }
}
