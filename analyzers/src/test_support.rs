//! What the analyzers' tests share: the corpus files they read, which fields differ between two
//! nodes, what a comparison sees of a node, and the check that flipping any byte of an image changes what it sees.

use bytes::Bytes;

use crate::{AnalyzeError, Field, Member, MemberData, Node};

/// The bytes of `corpus/<path>`.
pub(crate) fn corpus(path: &str) -> Bytes {
    let path = format!("{}/../corpus/{path}", env!("CARGO_MANIFEST_DIR"));
    Bytes::from(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

/// The field named `name` among `fields`.
pub(crate) fn field<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name} in {fields:?}"))
}

/// The names of the fields of `a` and `b` whose kinds or values differ, or that one lacks, sorted
/// (a repeated name: its first field on each side).
pub(crate) fn differing_fields(a: &Node, b: &Node) -> Vec<String> {
    let mut names: Vec<String> = a
        .fields
        .iter()
        .chain(&b.fields)
        .map(|f| f.name.to_string())
        .collect();
    names.sort();
    names.dedup();
    names.retain(|name| {
        let value = |node: &Node| {
            node.fields
                .iter()
                .find(|f| f.name == *name)
                .map(|f| (f.kind, f.value.clone()))
        };
        value(a) != value(b)
    });
    names
}

/// The member named `name` of `node`.
pub(crate) fn member<'a>(node: &'a Node, name: &str) -> &'a Member {
    node.members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

/// Everything a comparison of two images looks at: each field's value and each member's name,
/// record and bytes, and the nodes read for members (a DWARF view), recursively.
pub(crate) fn compared(node: &Node) -> Vec<Vec<u8>> {
    let mut seen: Vec<Vec<u8>> = node
        .fields
        .iter()
        .map(|f| format!("{}={}", f.name, f.value).into_bytes())
        .collect();
    for member in &node.members {
        seen.push(member.name.clone().into_bytes());
        seen.extend(
            member
                .fields
                .iter()
                .map(|f| format!("{}={}", f.name, f.value).into_bytes()),
        );
        match &member.data {
            MemberData::Bytes(bytes) => seen.push(bytes.to_vec()),
            MemberData::Node(node) => seen.extend(compared(node)),
            MemberData::Encoded(encoded) => {
                seen.push(encoded.encoded().to_vec());
                seen.push(format!("{} {}", encoded.method(), encoded.declared_size()).into_bytes());
            }
            _ => {}
        }
    }
    seen
}

/// How far apart the sampled bytes of the flip tests are: `WHYDIFF_FLIP_STRIDE` (1 to flip every
/// byte: run it so, in a release build, when changing a layout), else `default`.
pub(crate) fn flip_stride(default: usize) -> usize {
    std::env::var("WHYDIFF_FLIP_STRIDE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Flips each byte of `image` at `offsets` in turn: the image must then read differently, or not
/// at all — never as if nothing changed.
pub(crate) fn assert_no_byte_unseen(
    what: &str,
    image: &Bytes,
    offsets: impl IntoIterator<Item = usize>,
    analyze: impl Fn(&Bytes) -> Result<Node, AnalyzeError>,
) {
    let original = compared(&analyze(image).expect("the image reads"));
    for at in offsets {
        let mut flipped = image.to_vec();
        flipped[at] ^= 0x01;
        if let Ok(node) = analyze(&Bytes::from(flipped)) {
            assert!(
                compared(&node) != original,
                "{what}: byte {at:#x} flipped, nothing seen"
            );
        }
    }
}
