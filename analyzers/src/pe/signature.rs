//! The Authenticode signature: the certificate table's `WIN_CERTIFICATE` entries and the PKCS#7
//! `SignedData` of each, read with RustCrypto's `cms` and `der` into fields of the image (the
//! `SignedData` walked element by element, see [`Signed`], its parts decoded as `cms` types).
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

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier, SignerInfo};
use der::asn1::{GeneralizedTime, ObjectIdentifier, OctetString};
use der::{Any, Decode, Encode, Header, Reader, Sequence, SliceReader};
use sha2::{Digest, Sha256};
use x509_cert::attr::Attributes;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::time::Time;

use crate::{Covers, Derivation, Field, FieldKind, TimeRole, Timestamp, Value};

/// `WIN_CERT_TYPE_PKCS_SIGNED_DATA`.
const PKCS_SIGNED_DATA: u16 = 2;
/// The `WIN_CERTIFICATE` header: dwLength, wRevision, wCertificateType.
const HEADER_LEN: usize = 8;
/// At most this many entries are read (a signed image has one or two); the bytes of any more
/// are compared as bytes, so that a table of thousands of tiny entries costs no more.
const MAX_ENTRIES: usize = 64;

const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const SPC_INDIRECT_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.2.1.4");
const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const COUNTER_SIGNATURE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.6");
/// Microsoft's RFC 3161 timestamp token attribute.
const RFC3161_TOKEN: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.3.3.1");

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

/// A `SignedData`, walked element by element rather than decoded with `cms`'s strict `SET OF`
/// rules: signers put certificates in any order and repeat them (osslsigncode's time-stamping
/// responder does), which changes nothing of what they say.
struct Signed {
    digest_algorithms: Vec<AlgorithmIdentifierOwned>,
    encapsulated: EncapsulatedContentInfo,
    certificates: Vec<CertificateChoices>,
    crls: Option<Any>,
    signers: Vec<SignerInfo>,
}

impl Signed {
    /// `SignedData ::= SEQUENCE { version, digestAlgorithms SET OF, encapContentInfo,
    /// certificates [0] IMPLICIT SET OF OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET OF }`
    /// (`content` is the SEQUENCE).
    fn walk(content: &Any) -> der::Result<Signed> {
        let mut r = SliceReader::new(content.value())?;
        Any::decode(&mut r)?; // version
        let digest_algorithms = each(Any::decode(&mut r)?.value())?;
        let encapsulated = EncapsulatedContentInfo::decode(&mut r)?;
        let mut certificates = Vec::new();
        let mut crls = None;
        loop {
            match r.peek_byte() {
                Some(0xa0) => certificates = each(Any::decode(&mut r)?.value())?,
                Some(0xa1) => crls = Some(Any::decode(&mut r)?),
                _ => break,
            }
        }
        let signers = each(Any::decode(&mut r)?.value())?;
        r.finish(())?;
        Ok(Signed {
            digest_algorithms,
            encapsulated,
            certificates,
            crls,
            signers,
        })
    }
}

/// The elements of a `SET OF` (or `SEQUENCE OF`) whose contents are `bytes`, in stored order.
fn each<'a, T: Decode<'a>>(bytes: &'a [u8]) -> der::Result<Vec<T>> {
    let mut r = SliceReader::new(bytes)?;
    let mut items = Vec::new();
    while !r.is_finished() {
        items.push(T::decode(&mut r)?);
    }
    Ok(items)
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
    padding_field_named(&format!("pe.certificate[{index}].padding"), padding)
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
    let split = SliceReader::new(body)
        .and_then(|mut r| Header::decode(&mut r).map(|h| (h, r.position())))
        .ok()
        .and_then(|(header, at)| {
            usize::try_from(header.length)
                .ok()?
                .checked_add(at.try_into().ok()?)
        })
        .and_then(|n| body.split_at_checked(n));
    let (der, trailing) = split.ok_or("no DER value")?;
    let info = ContentInfo::from_der(der).map_err(|e| e.to_string())?;
    if info.content_type != SIGNED_DATA {
        return Err(format!(
            "content type {} is not SignedData",
            info.content_type
        ));
    }
    let signed = Signed::walk(&info.content).map_err(|e| e.to_string())?;

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
        fields.push(padding_field_named(&format!("{prefix}.trailing"), trailing));
    }
    let algorithms: Vec<String> = signed
        .digest_algorithms
        .iter()
        .map(|a| algorithm_name(&a.oid))
        .collect();
    fields.push(field(
        "digest-algorithms",
        FieldKind::Signer,
        Value::Str(algorithms.join(", ")),
    ));
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
    for (n, choice) in signed.certificates.iter().enumerate() {
        fields.push(field(
            &format!("certificate[{n}]"),
            FieldKind::Signer,
            Value::Str(certificate(choice)),
        ));
    }
    if let Some(crls) = &signed.crls {
        let der = crls.to_der().unwrap_or_default();
        fields.push(field(
            "crls",
            FieldKind::Signer,
            Value::Str(digest_of(&der)),
        ));
    }
    for (n, signer) in signed.signers.iter().enumerate() {
        signer_fields(signer, &format!("{prefix}.signer[{n}]"), &mut fields);
    }
    Ok(fields)
}

/// The fields of one `SignerInfo` (also a countersignature's).
fn signer_fields(signer: &SignerInfo, prefix: &str, fields: &mut Vec<Field>) {
    let field =
        |name: &str, kind, value: Value| Field::new(format!("{prefix}.{name}"), kind, value);
    fields.push(field(
        "version",
        FieldKind::Opaque,
        Value::Int(signer.version as i64),
    ));
    let id = match &signer.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => format!(
            "issuer {}, serial {}",
            id.issuer,
            hex(id.serial_number.as_bytes())
        ),
        SignerIdentifier::SubjectKeyIdentifier(key) => {
            format!("subject key {}", hex(key.0.as_bytes()))
        }
    };
    fields.push(field("id", FieldKind::Signer, Value::Str(id)));
    fields.push(field(
        "digest-algorithm",
        FieldKind::Signer,
        Value::Str(algorithm(&signer.digest_alg)),
    ));
    if let Some(attributes) = &signer.signed_attrs {
        attribute_fields(attributes, &format!("{prefix}.signed"), fields);
    }
    fields.push(field(
        "signature-algorithm",
        FieldKind::Signer,
        Value::Str(algorithm(&signer.signature_algorithm)),
    ));
    fields.push(field(
        "signature",
        FieldKind::Derived(Derivation::signature()),
        Value::Str(digest_of(signer.signature.as_bytes())),
    ));
    if let Some(attributes) = &signer.unsigned_attrs {
        attribute_fields(attributes, &format!("{prefix}.unsigned"), fields);
    }
}

/// The fields of signed or unsigned attributes, each named by what it is or by its OID.
fn attribute_fields(attributes: &Attributes, prefix: &str, fields: &mut Vec<Field>) {
    for attribute in attributes.iter() {
        for (n, value) in attribute.values.iter().enumerate() {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("[{n}]")
            };
            let name = |what: &str| format!("{prefix}.{what}{suffix}");
            let oid = attribute.oid;
            if oid == SIGNING_TIME {
                let time = value.to_der().and_then(|der| Time::from_der(&der));
                if let Ok(time) = time {
                    fields.push(time_field(name("signing-time"), time.to_unix_duration()));
                    continue;
                }
            } else if oid == MESSAGE_DIGEST {
                if let Ok(digest) = value.decode_as::<OctetString>() {
                    fields.push(Field::new(
                        name("message-digest"),
                        FieldKind::Derived(Derivation::checksum(Covers::Whole)),
                        Value::Str(hex(digest.as_bytes())),
                    ));
                    continue;
                }
            } else if oid == CONTENT_TYPE {
                if let Ok(kind) = value.decode_as::<ObjectIdentifier>() {
                    fields.push(Field::new(
                        name("content-type"),
                        FieldKind::Opaque,
                        Value::Str(kind.to_string()),
                    ));
                    continue;
                }
            } else if oid == COUNTER_SIGNATURE {
                if let Ok(counter) = value.decode_as::<SignerInfo>() {
                    signer_fields(&counter, &name("countersignature"), fields);
                    continue;
                }
            } else if oid == RFC3161_TOKEN {
                if let Some(time) = token_time(value) {
                    fields.push(time_field(name("timestamp-time"), time));
                }
                // The token is a SignedData of its own, signed by the time-stamping authority.
                fields.push(Field::new(
                    name("timestamp-token"),
                    FieldKind::Derived(Derivation::signature()),
                    Value::Str(digest_of(&value.to_der().unwrap_or_default())),
                ));
                continue;
            }
            fields.push(Field::new(
                name(&oid.to_string()),
                FieldKind::Opaque,
                Value::Bytes(value.to_der().unwrap_or_default()),
            ));
        }
    }
}

/// A recorded time field.
fn time_field(name: String, since_epoch: std::time::Duration) -> Field {
    let seconds = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
    Field::new(
        name,
        FieldKind::Time(TimeRole::Recorded),
        Value::Time(Timestamp::unix(seconds)),
    )
}

/// The `genTime` of an RFC 3161 timestamp token: a `ContentInfo` holding a `SignedData` whose
/// content is a `TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber,
/// genTime GeneralizedTime, … }`.
fn token_time(token: &Any) -> Option<std::time::Duration> {
    let info: ContentInfo = token.decode_as().ok()?;
    let content = Signed::walk(&info.content).ok()?.encapsulated.econtent?;
    let tst: OctetString = content.decode_as().ok()?;
    let mut reader = SliceReader::new(tst.as_bytes()).ok()?;
    let header = Header::decode(&mut reader).ok()?;
    let time = reader
        .read_nested(header.length, |r| {
            for _ in 0..4 {
                Any::decode(r)?;
            }
            let time = GeneralizedTime::decode(r)?;
            let rest = r.remaining_len();
            r.read_slice(rest)?;
            Ok(time)
        })
        .ok()?;
    Some(time.to_unix_duration())
}

/// A certificate carried by the signature: its subject, issuer, serial number and digest.
fn certificate(choice: &CertificateChoices) -> String {
    let der = choice.to_der().unwrap_or_default();
    match choice {
        CertificateChoices::Certificate(cert) => {
            let tbs = &cert.tbs_certificate;
            format!(
                "subject {}, issuer {}, serial {}, {}",
                tbs.subject,
                tbs.issuer,
                hex(tbs.serial_number.as_bytes()),
                digest_of(&der)
            )
        }
        CertificateChoices::Other(_) => format!("other format, {}", digest_of(&der)),
    }
}

/// An algorithm identifier: its name, and its parameters when they are not NULL.
fn algorithm(id: &AlgorithmIdentifierOwned) -> String {
    let name = algorithm_name(&id.oid);
    match id.parameters.as_ref().and_then(|p| p.to_der().ok()) {
        Some(p) if p != [5, 0] => format!("{name} ({})", hex(&p)),
        _ => name,
    }
}

/// A well-known algorithm's name, or its OID.
fn algorithm_name(oid: &ObjectIdentifier) -> String {
    let name = match oid.to_string().as_str() {
        "1.2.840.113549.2.5" => "md5",
        "1.3.14.3.2.26" => "sha1",
        "2.16.840.1.101.3.4.2.1" => "sha256",
        "2.16.840.1.101.3.4.2.2" => "sha384",
        "2.16.840.1.101.3.4.2.3" => "sha512",
        "1.2.840.113549.1.1.1" => "rsaEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassa-pss",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        other => return other.to_owned(),
    };
    name.to_owned()
}

/// Bytes that are not DER after an entry's value: zeros are padding, other bytes opaque.
fn padding_field_named(name: &str, bytes: &[u8]) -> Field {
    if bytes.iter().all(|&b| b == 0) {
        Field::new(
            name.to_owned(),
            FieldKind::Derived(Derivation::size(Covers::Whole)),
            Value::Str(format!("{} zero bytes", bytes.len())),
        )
    } else {
        Field::new(
            name.to_owned(),
            FieldKind::Opaque,
            Value::Bytes(bytes.to_vec()),
        )
    }
}

/// `N bytes, sha256 HEX`: a digest standing for bytes too long to show.
fn digest_of(bytes: &[u8]) -> String {
    format!(
        "{} bytes, sha256 {}",
        bytes.len(),
        hex(&Sha256::digest(bytes))
    )
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}
