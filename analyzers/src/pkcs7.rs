//! PKCS#7 / CMS signature blocks on their own: a DER `ContentInfo` holding a `SignedData`, such
//! as a signed jar's `META-INF/NAME.RSA`, `.DSA` or `.EC` (the JAR File Specification's signature
//! block, which signs `META-INF/NAME.SF` detached) or a `.p7s`. Read by the one CMS reader
//! ([`crate::cms`]) into fields named `pkcs7.…`, kinds saying what each follows from.
//!
//! What it relies on:
//!
//! - A signature block is recognized by its bytes (a `ContentInfo` whose `contentType` is
//!   `id-signedData`, 1.2.840.113549.1.7.2), and by name (`META-INF/*.RSA|DSA|EC`) for one that
//!   does not read so, which then falls back to bytes with a note.
//! - A jar's signature block has no content of its own: it signs the signature file of the same
//!   base name in the same `META-INF/` directory (JAR File Specification, "Signed JAR File";
//!   jarsigner writes `NAME.SF` and `NAME.RSA` together). The node names that member in
//!   [`Node::signs`], and the `messageDigest` (and, without signed attributes, the signature)
//!   is [`Covers::Detached`]: it follows from a difference inside that member, and from nothing
//!   else. A block found under another name signs nothing the node can name, so a different
//!   `messageDigest` there stays content.
//! - A `SignedData` that carries its content (`eContent`, a `.p7m`) holds it as the member
//!   `<content>`, analyzed again as any member; its `messageDigest` covers the artifact.
//! - Bytes after the DER value are a field of their own (`pkcs7.trailing`): zeros a size, other
//!   bytes content.

use bytes::Bytes;
use der::asn1::OctetString;
use der::Encode;

use crate::cms::{self, Signed};
use crate::{
    AnalyzeError, Analyzer, Covers, Detection, Field, FieldKind, Input, Limits, Member, MemberData,
    Node, Value,
};

/// The format name.
pub const FORMAT: &str = "pkcs7";
/// The member holding an encapsulated content.
pub const CONTENT_MEMBER: &str = "<content>";
/// The extensions of a jar's signature block files.
const BLOCK_EXTENSIONS: [&str; 3] = ["RSA", "DSA", "EC"];
/// The DER of `contentType id-signedData`, which follows a `ContentInfo`'s SEQUENCE header.
const SIGNED_DATA_OID_DER: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
];

/// Reads PKCS#7 / CMS `SignedData` blocks.
pub struct Pkcs7Analyzer;

impl Analyzer for Pkcs7Analyzer {
    fn format(&self) -> &'static str {
        FORMAT
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if is_signed_data(input.data) {
            Detection::ByMagic
        } else if signed_member(input.name).is_some() {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let data: &[u8] = input.data;
        let bad = |reason: String| AnalyzeError::malformed(FORMAT, reason);
        let (der, trailing) = cms::der_len(data)
            .and_then(|n| data.split_at_checked(n))
            .ok_or_else(|| bad("no DER value".to_owned()))?;
        let mut signed = Signed::from_content_info(der).map_err(bad)?;
        let mut node = Node::new(FORMAT);
        let content =
            signed
                .encapsulated
                .econtent
                .as_ref()
                .map(|any| match any.decode_as::<OctetString>() {
                    Ok(octets) => octets.as_bytes().to_vec(),
                    // Not an OCTET STRING (PKCS#7 v1.5 allowed any type): its DER.
                    Err(_) => any.to_der().unwrap_or_default(),
                });
        if content.is_none() {
            signed.content = Covers::Detached;
            node.signs = signed_member(input.name);
        }
        node.fields.push(signed.digest_algorithms_field(FORMAT));
        node.fields.push(Field::new(
            format!("{FORMAT}.content-type"),
            FieldKind::Opaque,
            Value::Str(signed.encapsulated.econtent_type.to_string()),
        ));
        signed.certificate_fields(FORMAT, &mut node.fields);
        signed.signer_fields(FORMAT, &mut node.fields);
        if !trailing.is_empty() {
            node.fields
                .push(cms::trailing_field(&format!("{FORMAT}.trailing"), trailing));
        }
        if let Some(content) = content {
            node.members.push(Member::new(
                CONTENT_MEMBER,
                MemberData::Bytes(Bytes::from(content)),
            ));
        }
        Ok(node)
    }
}

/// Whether `data` starts as a DER `ContentInfo` holding a `SignedData`: a SEQUENCE header in
/// definite form (short or long), then the `id-signedData` OID.
fn is_signed_data(data: &[u8]) -> bool {
    let header_len = match data {
        [0x30, len, ..] if *len < 0x80 => 2,
        // Long form: 0x81..=0x84 length bytes follow.
        [0x30, len @ 0x81..=0x84, ..] => usize::from(len & 0x7f).saturating_add(2),
        _ => return false,
    };
    data.get(header_len..)
        .and_then(|rest| rest.get(..SIGNED_DATA_OID_DER.len()))
        .is_some_and(|oid| oid == SIGNED_DATA_OID_DER)
}

/// The member a jar's signature block `name` (`META-INF/NAME.RSA`, `.DSA` or `.EC`, in a
/// `META-INF` directory) signs: `META-INF/NAME.SF`, with the extension in the block's case.
pub fn signed_member(name: &str) -> Option<String> {
    let (dir, file) = name.rsplit_once('/')?;
    let parent = dir.rsplit('/').next().unwrap_or(dir);
    if !parent.eq_ignore_ascii_case("META-INF") {
        return None;
    }
    let (base, extension) = file.rsplit_once('.')?;
    if base.is_empty()
        || !BLOCK_EXTENSIONS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(extension))
    {
        return None;
    }
    let sf = if extension.chars().all(|c| c.is_ascii_lowercase()) {
        "sf"
    } else {
        "SF"
    };
    Some(format!("{dir}/{base}.{sf}"))
}

#[cfg(test)]
mod tests;
