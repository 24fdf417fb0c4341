//! Digests of data that changed, in the spellings manifests use, so that the classifier can tell
//! a checksum of a changed file (a consequence) from a random token (a cause).
//!
//! A manifest, a lock file or a RECORD names the files it covers by MD5, SHA-1 or SHA-256, in hex
//! or base64. When a file changed, its digest in such a list changed too, and the new digest is
//! as high-entropy as any random token: only knowing the digests of what changed tells them apart.

use base64::Engine;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Blobs larger than this are not hashed: a digest of a whole huge artifact is rarely written
/// inside another, and hashing it would cost more than the comparison.
pub const MAX_HASHED: usize = 64 << 20;

/// The MD5, SHA-1 and SHA-256 of `data`, each in lowercase hex, base64 and unpadded base64url.
pub fn spellings(data: &[u8]) -> Vec<String> {
    let raw: [Vec<u8>; 3] = [
        Md5::digest(data).to_vec(),
        Sha1::digest(data).to_vec(),
        Sha256::digest(data).to_vec(),
    ];
    raw.iter()
        .flat_map(|digest| {
            [
                digest
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>(),
                base64::engine::general_purpose::STANDARD.encode(digest),
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest),
            ]
        })
        .collect()
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
