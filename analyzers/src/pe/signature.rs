//! The Authenticode signature: the certificate table's `WIN_CERTIFICATE` entries and the PKCS#7
//! `SignedData` of each, read into fields of the image by the one CMS reader ([`crate::cms`],
//! which jar signature blocks share); what is Authenticode's own (the entry header, the
//! `SpcIndirectDataContent` holding the image digest) is read here.
//!
//! An entry is `dwLength` (u32, the entry's length with this header), `wRevision` (u16),
//! `wCertificateType` (u16) and the certificate, padded to 8 bytes. For a PKCS#7 entry (type 2)
//! the fields, named `pe.certificate[N].…` for the N-th entry (from 0), say what each part of the
//! signature follows from:
//!
//! - the image digest inside `SpcIndirectDataContent` is a digest of the whole image
//!   (`Derived(checksum(Whole))`), and so is the rest of that content (the `SpcPeImageData` and
//!   page hashes);
//! - each signer's `signingTime` signed attribute, a countersignature's `signingTime` and an
//!   RFC 3161 timestamp token's `genTime` are recorded times (`Time(Recorded)`);
//! - the `messageDigest` attribute is a digest of the signed content, hence of the image;
//! - the signer (issuer and serial number), the certificates carried, the digest and signature
//!   algorithms are [`FieldKind::Signer`]: which key and certificate signed;
//! - the signature values (a signer's, a countersigner's, a timestamp token as a whole) follow
//!   from what they sign and the key ([`Derivation::signature`]): with nothing else differing,
//!   they are the signature's own cause;
//! - the encoded `SignedData` as a whole (`der`, shown as a SHA-256) follows from all of that:
//!   a difference in it that no field explains is content;
//! - other signed attributes are opaque, named by their OID, and the padding is a size.
//!
//! An entry that is not PKCS#7 or does not decode stays bytes of the `<certificate-table>`
//! member, with a note; so every byte of the table is either a field or a member's bytes.

use der::asn1::{ObjectIdentifier, OctetString};
use der::{Any, Encode, Sequence};
use x509_cert::spki::AlgorithmIdentifierOwned;

use crate::cms::{algorithm_name, der_len, digest_of, hex, trailing_field, Signed};
use crate::{Covers, Derivation, Field, FieldKind, Value};

/// `WIN_CERT_TYPE_PKCS_SIGNED_DATA`.
const PKCS_SIGNED_DATA: u16 = 2;
/// The `WIN_CERTIFICATE` header: dwLength, wRevision, wCertificateType.
const HEADER_LEN: usize = 8;
/// At most this many entries are read (a signed image has one or two); the bytes of any more
/// are compared as bytes, so that a table of thousands of tiny entries costs no more.
const MAX_ENTRIES: usize = 64;

const SPC_INDIRECT_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.2.1.4");

/// `SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue,
/// messageDigest DigestInfo }`.
#[derive(Sequence)]
struct IndirectData {
    data: Any,
    digest: DigestInfo,
}

/// `DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }`.
#[derive(Sequence)]
struct DigestInfo {
    algorithm: AlgorithmIdentifierOwned,
    digest: OctetString,
}

/// What the certificate table reads as: fields for the entries that decoded, the bytes of
/// those that did not, and notes.
#[derive(Default)]
pub(super) struct Table {
    pub fields: Vec<Field>,
    pub unread: Vec<u8>,
    pub notes: Vec<String>,
}

/// Reads the certificate table `table` (its bytes, clamped to the file).
pub(super) fn read(table: &[u8]) -> Table {
    let mut out = Table::default();
    let mut at = 0usize;
    let mut index = 0usize;
    while let Some(rest) = table.get(at..).filter(|rest| !rest.is_empty()) {
        let entry_len = rest
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| (HEADER_LEN..=rest.len()).contains(&n));
        let Some(entry_len) = entry_len.filter(|_| index < MAX_ENTRIES) else {
            out.notes.push(format!(
                "certificate table entry {index} has no valid length or is one too many: the \
                 table's last {} bytes are compared as bytes",
                rest.len()
            ));
            out.unread.extend_from_slice(rest);
            break;
        };
        let padded = entry_len
            .checked_next_multiple_of(8)
            .unwrap_or(entry_len)
            .min(rest.len());
        let entry = rest.get(..entry_len).unwrap_or_default();
        let padding = rest.get(entry_len..padded).unwrap_or_default();
        match read_entry(entry, &format!("pe.certificate[{index}]")) {
            Ok(mut fields) => {
                fields.push(padding_field(index, padding));
                out.fields.append(&mut fields);
            }
            Err(why) => {
                out.notes.push(format!(
                    "certificate table entry {index} could not be read ({why}): compared as bytes"
                ));
                out.unread
                    .extend_from_slice(rest.get(..padded).unwrap_or_default());
            }
        }
        at = at.saturating_add(padded);
        index = index.saturating_add(1);
    }
    out
}

/// The padding after entry `index`: zeros, normally, whose count follows from the entry's
/// length; other bytes are content.
fn padding_field(index: usize, padding: &[u8]) -> Field {
    trailing_field(&format!("pe.certificate[{index}].padding"), padding)
}

/// The fields of one `WIN_CERTIFICATE` entry (`entry` is `dwLength` bytes, header included).
fn read_entry(entry: &[u8], prefix: &str) -> Result<Vec<Field>, String> {
    let u16_at = |at: usize| {
        entry
            .get(at..at.saturating_add(2))
            .and_then(|b| b.try_into().ok())
            .map(u16::from_le_bytes)
            .unwrap_or(0)
    };
    let (revision, kind) = (u16_at(4), u16_at(6));
    if kind != PKCS_SIGNED_DATA {
        return Err(format!("certificate type {kind} is not PKCS#7"));
    }
    let body = entry.get(HEADER_LEN..).unwrap_or_default();
    // The DER value, and whatever the entry holds after it.
    let (der, trailing) = der_len(body)
        .and_then(|n| body.split_at_checked(n))
        .ok_or("no DER value")?;
    // The image digest is inside the artifact, in the encapsulated content: what every
    // messageDigest covers is the whole image.
    let signed = Signed::from_content_info(der)?;

    let field =
        |name: &str, kind, value: Value| Field::new(format!("{prefix}.{name}"), kind, value);
    let mut fields = vec![
        field(
            "length",
            FieldKind::Derived(Derivation::size(Covers::Whole)),
            Value::Int(i64::try_from(entry.len()).unwrap_or(i64::MAX)),
        ),
        field(
            "revision",
            FieldKind::Opaque,
            Value::Hex(u64::from(revision)),
        ),
        field("type", FieldKind::Opaque, Value::Hex(u64::from(kind))),
        // The encoded SignedData as a whole: it follows from the fields read out of it; a
        // difference nothing read explains is content.
        field(
            "der",
            FieldKind::Derived(Derivation::checksum(Covers::Whole)),
            Value::Str(digest_of(der)),
        ),
    ];
    if !trailing.is_empty() {
        fields.push(trailing_field(&format!("{prefix}.trailing"), trailing));
    }
    fields.push(signed.digest_algorithms_field(prefix));
    let content = &signed.encapsulated;
    fields.push(field(
        "content-type",
        FieldKind::Opaque,
        Value::Str(content.econtent_type.to_string()),
    ));
    let indirect = content
        .econtent
        .as_ref()
        .filter(|_| content.econtent_type == SPC_INDIRECT_DATA)
        .and_then(|any| any.decode_as::<IndirectData>().ok());
    let whole = FieldKind::Derived(Derivation::checksum(Covers::Whole));
    match indirect {
        Some(indirect) => {
            fields.push(field(
                "image-digest",
                whole,
                Value::Str(format!(
                    "{}:{}",
                    algorithm_name(&indirect.digest.algorithm.oid),
                    hex(indirect.digest.digest.as_bytes())
                )),
            ));
            let data = indirect.data.to_der().unwrap_or_default();
            fields.push(field("image-data", whole, Value::Str(digest_of(&data))));
        }
        None => {
            let data = content
                .econtent
                .as_ref()
                .and_then(|any| any.to_der().ok())
                .unwrap_or_default();
            fields.push(field("content", whole, Value::Str(digest_of(&data))));
        }
    }
    signed.certificate_fields(prefix, &mut fields);
    signed.signer_fields(prefix, &mut fields);
    Ok(fields)
}
