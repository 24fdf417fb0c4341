//! Ruby gems: a `.gem` is a plain tar of `metadata.gz` (the gzip'd YAML of its
//! `Gem::Specification`), `data.tar.gz` (the files) and `checksums.yaml.gz` (digests of the other
//! two), as `Gem::Package` writes them.
//!
//! The gem is read as the tar it is (every member's record, `tar.*`), and the members are
//! analyzed again as usual: `metadata.gz` is gzip, then the specification (`spec.rs`);
//! `data.tar.gz` gzip, then tar. What only the whole gem shows is the checksums file: each of
//! its digests is of a member beside it, so the gem reads `checksums.yaml.gz` itself (gzip, then
//! YAML, `yaml.rs`), recomputes every digest of SHA256 or SHA512 from the member it names, and
//! gives each its own field, `checksums.<ALGORITHM>@<member>`, derived from that member
//! ([`Covers::Sibling`]): a digest that changed because its member did follows from the member's
//! differences. A digest that does not match its member (or names no member, or uses an
//! algorithm not recomputed here) is `checksums.<ALGORITHM>[<member>]`, opaque, with a note: a
//! change in it is content. The checksums text with the digests masked is
//! `checksums.spelling`.
//!
//! A signed gem (`gem build` with a `signing_key`) holds `<member>.sig` beside each member: an
//! RSA signature of that member's bytes by the key whose certificates the specification's
//! `cert_chain` lists (a signer, [`FieldKind::Signer`]). Each is read as one field,
//! `signature@<member>`, a signature derived from the member beside it ([`Covers::Sibling`],
//! [`Quantity::Signature`]): a signature over bytes that changed follows from their change; one
//! that differs over the same bytes is another key's (or a scheme's randomness), the `signature`
//! cause. The signature is not verified (that would take the signer's public key and RSA): a
//! forged one over a changed member is folded under that member's change, which is its root
//! anyway.

mod spec;
#[cfg(test)]
mod tests;
pub(crate) mod yaml;

use std::sync::Arc;

use bytes::Bytes;
use sha2::{Digest, Sha256, Sha512};

use crate::gzip::GzipAnalyzer;
use crate::tar::TarAnalyzer;
use crate::{
    AnalyzeError, Analyzer, Covers, Derivation, Detection, Field, FieldKind, Input, Limits,
    MemberData, Node, Quantity, SIBLING_SEPARATOR,
};
pub use spec::GemspecAnalyzer;
use yaml::Yaml;

/// The members `Gem::Package` writes first: a tar whose first member is one of them is a gem.
const FIRST_MEMBERS: &[&str] = &["metadata.gz", "metadata.gz.sig", "data.tar.gz"];

/// The member holding the digests.
const CHECKSUMS: &str = "checksums.yaml.gz";

/// The largest checksums text read (RubyGems writes a few hundred bytes).
const MAX_CHECKSUMS_TEXT: usize = 64 * 1024;

/// The most digests read from one checksums file.
const MAX_DIGESTS: usize = 64;

/// Reads Ruby gems.
pub struct GemAnalyzer;

impl Analyzer for GemAnalyzer {
    fn format(&self) -> &'static str {
        "gem"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if TarAnalyzer.detect(input) != Detection::ByMagic {
            return Detection::No;
        }
        let first = input
            .data
            .get(..100)
            .map(|name| name.split(|&b| b == 0).next().unwrap_or(name));
        let first_is_gem_member =
            first.is_some_and(|name| FIRST_MEMBERS.iter().any(|m| m.as_bytes() == name));
        if first_is_gem_member || input.has_extension(&[".gem"]) {
            Detection::ByMagic
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError> {
        let mut node = TarAnalyzer.analyze(input, limits)?;
        node.format = "gem";
        let checksums = node
            .members
            .iter()
            .position(|m| m.name == CHECKSUMS && matches!(m.data, MemberData::Bytes(_)));
        if let Some(index) = checksums {
            match checksums_node(&node, index, limits) {
                Ok(read) => {
                    if let Some(member) = node.members.get_mut(index) {
                        member.data = MemberData::Node(Arc::new(read));
                    }
                }
                Err(why) => node.notes.push(format!(
                    "{CHECKSUMS} could not be read as a gem's checksums ({why}): compared as a \
                     file, its digests not recomputed"
                )),
            }
        }
        read_signatures(&mut node);
        Ok(node)
    }
}

/// Reads each `<member>.sig` whose member is beside it as the signature of that member.
fn read_signatures(gem: &mut Node) {
    let names: Vec<String> = gem.members.iter().map(|m| m.name.clone()).collect();
    for member in &mut gem.members {
        let Some(signed) = member.name.strip_suffix(".sig") else {
            continue;
        };
        if signed.is_empty() || !names.iter().any(|name| name == signed) {
            continue;
        }
        let MemberData::Bytes(signature) = &member.data else {
            continue;
        };
        let mut read = Node::new("gem-signature");
        read.push_field(Field::new(
            format!("signature{SIBLING_SEPARATOR}{signed}"),
            FieldKind::Derived(Derivation {
                covers: Covers::Sibling { up: 1 },
                quantity: Quantity::Signature,
                verified: false,
            }),
            crate::Value::Bytes(signature.to_vec()),
        ));
        member.data = MemberData::Node(Arc::new(read));
    }
}

/// The gzip node of the gem's checksums member (`members[index]`), its one member the checksums
/// read as fields, each digest checked against the member it names.
fn checksums_node(gem: &Node, index: usize, limits: &Limits) -> Result<Node, String> {
    let Some(MemberData::Bytes(data)) = gem.members.get(index).map(|m| &m.data) else {
        return Err("no data".into());
    };
    let mut gzip = GzipAnalyzer
        .analyze(
            Input {
                name: CHECKSUMS,
                data,
            },
            limits,
        )
        .map_err(|e| e.to_string())?;
    let inner = gzip.members.first_mut().ok_or("an empty gzip stream")?;
    let MemberData::Bytes(text) = &inner.data else {
        return Err("the gzip stream could not be decoded".into());
    };
    if text.len() > MAX_CHECKSUMS_TEXT {
        return Err(format!("longer than {MAX_CHECKSUMS_TEXT} bytes"));
    }
    let text = std::str::from_utf8(text).map_err(|e| format!("not UTF-8: {e}"))?;
    let digests = digests(text)?;
    let mut node = Node::new("gem-checksums");
    let mut spelling = text.to_owned();
    for digest in &digests {
        let field = match verify(gem, digest) {
            Ok(()) => Field::new(
                format!(
                    "checksums.{}{SIBLING_SEPARATOR}{}",
                    digest.algorithm, digest.member
                ),
                FieldKind::Derived(Derivation {
                    // The digest is in `checksums.yaml`, the member of `checksums.yaml.gz`: its
                    // sibling is beside `checksums.yaml.gz`, two levels up.
                    covers: Covers::Sibling { up: 2 },
                    quantity: Quantity::Checksum,
                    verified: true,
                }),
                digest.value.clone(),
            ),
            Err(why) => {
                node.notes.push(format!(
                    "{CHECKSUMS}: the {} digest of {} {why}: compared as content",
                    digest.algorithm, digest.member
                ));
                Field::new(
                    format!("checksums.{}[{}]", digest.algorithm, digest.member),
                    FieldKind::Opaque,
                    digest.value.clone(),
                )
            }
        };
        node.push_field(field);
        spelling = spelling.replacen(
            &digest.value,
            &format!("<{} of {}>", digest.algorithm, digest.member),
            1,
        );
    }
    node.push_field(Field::new(
        "checksums.spelling",
        FieldKind::Derived(Derivation::spelling()),
        spelling,
    ));
    inner.data = MemberData::Node(Arc::new(node));
    Ok(gzip)
}

/// One digest of the checksums file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recorded {
    algorithm: String,
    member: String,
    value: String,
}

/// The digests of a checksums text: a mapping of algorithm names to mappings of member names to
/// digests, as RubyGems writes it (`SHA256:\n  metadata.gz: 1555b1f2…`).
fn digests(text: &str) -> Result<Vec<Recorded>, String> {
    let yaml = Yaml::parse(text)?;
    let [root] = yaml.documents.as_slice() else {
        return Err(format!("{} YAML documents, not one", yaml.documents.len()));
    };
    let algorithms = yaml.mapping(*root).ok_or("not a mapping of algorithms")?;
    let mut out = Vec::new();
    for &(algorithm, members) in algorithms {
        let algorithm = yaml
            .scalar(algorithm)
            .ok_or("an algorithm name is not text")?;
        let members = yaml
            .mapping(members)
            .ok_or_else(|| format!("{algorithm} is not a mapping of members"))?;
        for &(member, value) in members {
            if out.len() >= MAX_DIGESTS {
                return Err(format!("more than {MAX_DIGESTS} digests"));
            }
            let member = yaml.scalar(member).ok_or("a member name is not text")?;
            let value = yaml.scalar(value).ok_or("a digest is not text")?;
            if member.contains(SIBLING_SEPARATOR) || member.contains('/') {
                return Err(format!("{member:?} is not a member name of a gem"));
            }
            out.push(Recorded {
                algorithm: algorithm.to_owned(),
                member: member.to_owned(),
                value: value.to_owned(),
            });
        }
    }
    Ok(out)
}

/// Whether `digest` is the digest of the gem member it names, recomputed.
fn verify(gem: &Node, digest: &Recorded) -> Result<(), String> {
    let data: &Bytes = gem
        .members
        .iter()
        .find(|m| m.name == digest.member)
        .and_then(|m| match &m.data {
            MemberData::Bytes(data) => Some(data),
            _ => None,
        })
        .ok_or("names no member of the gem")?;
    let computed = match digest.algorithm.as_str() {
        "SHA256" => hex::encode(Sha256::digest(data)),
        "SHA512" => hex::encode(Sha512::digest(data)),
        _ => return Err("is of an algorithm whydiff does not recompute".into()),
    };
    if computed.eq_ignore_ascii_case(&digest.value) {
        Ok(())
    } else {
        Err("does not match the member".into())
    }
}
