//! What single-stream compressors (gzip, bzip2, xz) share: one member named after the input with
//! the compression suffix removed, and a digest of the encoded stream.
//!
//! The member name comes from the outer name, never from a header field (gzip FNAME), so that two
//! builds whose headers name different files still pair their contents.

use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::{Derivation, Field, FieldKind, Member, MemberData, Node, Value};

/// The name of the decompressed member of `name`: `pkg.tar.gz` → `pkg.tar`, `pkg.tgz` → `pkg.tar`,
/// anything else → `name` plus `fallback_suffix` removed, or `name` with `~decompressed`.
pub(crate) fn member_name(name: &str, suffixes: &[(&str, &str)]) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    for (suffix, replacement) in suffixes {
        let stem = base
            .len()
            .checked_sub(suffix.len())
            .and_then(|end| base.get(..end))
            .filter(|stem| !stem.is_empty());
        if let Some(stem) = stem.filter(|_| lower.ends_with(suffix)) {
            return format!("{stem}{replacement}");
        }
    }
    format!("{base}~decompressed")
}

/// A field holding the SHA-256 of an encoded stream: it differs whenever the compressed bytes do,
/// and it is derived from the decoded data and the encoding fields.
pub(crate) fn stream_digest_field(
    name: impl Into<std::borrow::Cow<'static, str>>,
    encoded: &[u8],
) -> Field {
    let digest = Sha256::digest(encoded);
    Field::new(
        name,
        FieldKind::Derived(Derivation::stream()),
        Value::Str(format!("sha256:{:x} ({} bytes)", digest, encoded.len())),
    )
}

/// As [`stream_digest_field`], for a stream that is a slice of the artifact's own bytes: held
/// as it is (no copy) and hashed only if it is shown.
pub(crate) fn stream_field(name: &'static str, encoded: Bytes) -> Field {
    Field::new(
        name,
        FieldKind::Derived(Derivation::stream()),
        Value::Stream(encoded),
    )
}

/// A node of `format` with one member holding `decoded`.
pub(crate) fn single_member_node(format: &'static str, member: String, decoded: Vec<u8>) -> Node {
    let mut node = Node::new(format);
    node.members
        .push(Member::new(member, MemberData::Bytes(Bytes::from(decoded))));
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_drop_the_suffix() {
        let gz = [(".tgz", ".tar"), (".gz", "")];
        assert_eq!(member_name("dist/pkg-1.0.tar.gz", &gz), "pkg-1.0.tar");
        assert_eq!(member_name("pkg.TGZ", &gz), "pkg.tar");
        assert_eq!(member_name("blob", &gz), "blob~decompressed");
        assert_eq!(member_name(".gz", &gz), ".gz~decompressed");
    }
}
