//! The one CMS / PKCS#7 `SignedData` reader (RFC 5652), shared by every signed format: the
//! Authenticode signature of a PE image ([`crate::pe`]) and the signature blocks of a signed jar
//! ([`crate::pkcs7`]). It reads with RustCrypto's `cms`, `der` and `x509-cert` and turns a
//! `SignedData` into fields whose kinds say what each part follows from:
//!
//! - a signer's `signingTime` signed attribute, a countersignature's `signingTime` and an
//!   RFC 3161 timestamp token's `genTime` are recorded times (`Time(Recorded)`): the clock of the
//!   signing (or of the time-stamping authority);
//! - the `messageDigest` signed attribute is a digest of the signed content (RFC 5652 §11.2), so
//!   it follows from that content: the caller says where the content is ([`Signed::content`]:
//!   inside the artifact, or detached in a sibling member);
//! - a signature value follows from what it signs and the key (RFC 5652 §5.4): the DER of the
//!   signed attributes when there are any (they sit in the artifact, and hold the content's
//!   digest), else the content itself; with nothing it signs differing, another key or a
//!   randomized scheme (DSA, ECDSA, RSA-PSS) made it ([`Derivation::signature`]);
//! - the signer (issuer and serial number, or subject key identifier), the certificates and CRLs
//!   carried, the digest and signature algorithms and the `CMSAlgorithmProtection` attribute
//!   (RFC 6211, a signed copy of those algorithms) are [`FieldKind::Signer`]: which key and
//!   certificate signed, not another build;
//! - other attributes are opaque, named by their OID.
//!
//! A `SignedData` is walked element by element rather than decoded with `cms`'s strict `SET OF`
//! rules: signers put certificates in any order and repeat them (osslsigncode's time-stamping
//! responder does), which changes nothing of what they say. Nothing here panics on malformed
//! input: what does not decode is an error for the caller, which keeps the bytes.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier, SignerInfo};
use der::asn1::{GeneralizedTime, ObjectIdentifier, OctetString};
use der::{Any, Decode, Encode, Header, Reader, SliceReader};
use sha2::{Digest, Sha256};
use x509_cert::attr::Attributes;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::time::Time;

use crate::{Covers, Derivation, Field, FieldKind, TimeRole, Timestamp, Value};

/// `id-signedData`: a `ContentInfo` holding a `SignedData`.
pub const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const COUNTER_SIGNATURE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.6");
/// RFC 6211 `id-aa-CMSAlgorithmProtect`, which JDK's jarsigner adds.
const ALGORITHM_PROTECTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.52");
/// Microsoft's RFC 3161 timestamp token attribute (Authenticode).
const MS_TIMESTAMP_TOKEN: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.3.3.1");
/// RFC 3161 `id-aa-timeStampToken` (jarsigner -tsa, CAdES).
const TIMESTAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// A `SignedData`, with its parts decoded as `cms` types.
pub struct Signed {
    /// `digestAlgorithms`, in stored order.
    pub digest_algorithms: Vec<AlgorithmIdentifierOwned>,
    /// `encapContentInfo`: the content type, and the content unless it is detached.
    pub encapsulated: EncapsulatedContentInfo,
    /// `certificates`, in stored order.
    pub certificates: Vec<CertificateChoices>,
    /// `crls`, kept whole.
    pub crls: Option<Any>,
    /// `signerInfos`, in stored order.
    pub signers: Vec<SignerInfo>,
    /// What a signer's `messageDigest` (and, without signed attributes, its signature) covers:
    /// [`Covers::Whole`] for content inside the artifact, [`Covers::Detached`] for content in a
    /// sibling member. [`Signed::walk`] sets `Whole`; a caller reading detached signatures
    /// changes it.
    pub content: Covers,
}

impl Signed {
    /// Reads `der`, a whole DER `ContentInfo` that must hold a `SignedData`.
    pub fn from_content_info(der: &[u8]) -> Result<Signed, String> {
        let info = ContentInfo::from_der(der).map_err(|e| e.to_string())?;
        if info.content_type != SIGNED_DATA {
            return Err(format!(
                "content type {} is not SignedData",
                info.content_type
            ));
        }
        Signed::walk(&info.content).map_err(|e| e.to_string())
    }

    /// `SignedData ::= SEQUENCE { version, digestAlgorithms SET OF, encapContentInfo,
    /// certificates [0] IMPLICIT SET OF OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET OF }`
    /// (`content` is the SEQUENCE).
    pub fn walk(content: &Any) -> der::Result<Signed> {
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
            content: Covers::Whole,
        })
    }

    /// The `digest-algorithms` field (the `digestAlgorithms` set, named), under `prefix`.
    pub fn digest_algorithms_field(&self, prefix: &str) -> Field {
        let algorithms: Vec<String> = self
            .digest_algorithms
            .iter()
            .map(|a| algorithm_name(&a.oid))
            .collect();
        Field::new(
            format!("{prefix}.digest-algorithms"),
            FieldKind::Signer,
            Value::Str(algorithms.join(", ")),
        )
    }

    /// The `certificate[N]` and `crls` fields, under `prefix`.
    pub fn certificate_fields(&self, prefix: &str, fields: &mut Vec<Field>) {
        for (n, choice) in self.certificates.iter().enumerate().take(MAX_ITEMS) {
            fields.push(Field::new(
                format!("{prefix}.certificate[{n}]"),
                FieldKind::Signer,
                Value::Str(certificate(choice)),
            ));
        }
        if let Some(rest) = self.certificates.get(MAX_ITEMS..).filter(|r| !r.is_empty()) {
            fields.push(rest_field(
                &format!("{prefix}.certificate[{MAX_ITEMS}..]"),
                rest,
            ));
        }
        if let Some(crls) = &self.crls {
            let der = crls.to_der().unwrap_or_default();
            fields.push(Field::new(
                format!("{prefix}.crls"),
                FieldKind::Signer,
                Value::Str(digest_of(&der)),
            ));
        }
    }

    /// The fields of every signer, `signer[N].…` under `prefix`.
    pub fn signer_fields(&self, prefix: &str, fields: &mut Vec<Field>) {
        if let Some(rest) = self.signers.get(MAX_ITEMS..).filter(|r| !r.is_empty()) {
            fields.push(rest_field(&format!("{prefix}.signer[{MAX_ITEMS}..]"), rest));
        }
        for (n, signer) in self.signers.iter().enumerate().take(MAX_ITEMS) {
            signer_fields(
                signer,
                &format!("{prefix}.signer[{n}]"),
                self.content,
                fields,
            );
        }
    }
}

/// At most this many certificates and signers are read into fields of their own (a signature
/// carries a few); the rest are one field, their count and digest, so that a block of
/// thousands of tiny elements costs no more.
const MAX_ITEMS: usize = 256;

/// The elements past [`MAX_ITEMS`], as one field: their count and the digest of their DER.
fn rest_field<T: Encode>(name: &str, rest: &[T]) -> Field {
    let der: Vec<u8> = rest
        .iter()
        .flat_map(|item| item.to_der().unwrap_or_default())
        .collect();
    Field::new(
        name.to_owned(),
        FieldKind::Signer,
        Value::Str(format!("{} more, {}", rest.len(), digest_of(&der))),
    )
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

/// The length of the DER value `bytes` starts with (its header included), when its header
/// decodes and the value fits: what follows it is not part of it.
pub fn der_len(bytes: &[u8]) -> Option<usize> {
    let (header, at) = SliceReader::new(bytes)
        .and_then(|mut r| Header::decode(&mut r).map(|h| (h, r.position())))
        .ok()?;
    let len = usize::try_from(header.length)
        .ok()?
        .checked_add(at.try_into().ok()?)?;
    (len <= bytes.len()).then_some(len)
}

/// The fields of one `SignerInfo` (also a countersignature's). `content` is what its
/// `messageDigest` is a digest of, and what its signature signs when it has no signed
/// attributes.
fn signer_fields(signer: &SignerInfo, prefix: &str, content: Covers, fields: &mut Vec<Field>) {
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
        attribute_fields(attributes, &format!("{prefix}.signed"), content, fields);
    }
    fields.push(field(
        "signature-algorithm",
        FieldKind::Signer,
        Value::Str(algorithm(&signer.signature_algorithm)),
    ));
    // With signed attributes the signature is over their DER, which is in the artifact (and
    // holds the content's digest); without, over the content itself (RFC 5652 §5.4).
    let signs = if signer.signed_attrs.is_some() {
        Covers::Whole
    } else {
        content
    };
    fields.push(field(
        "signature",
        FieldKind::Derived(Derivation {
            covers: signs,
            ..Derivation::signature()
        }),
        Value::Str(digest_of(signer.signature.as_bytes())),
    ));
    if let Some(attributes) = &signer.unsigned_attrs {
        attribute_fields(attributes, &format!("{prefix}.unsigned"), content, fields);
    }
}

/// The fields of signed or unsigned attributes, each named by what it is or by its OID.
/// `content` is what a `messageDigest` among them is a digest of.
fn attribute_fields(
    attributes: &Attributes,
    prefix: &str,
    content: Covers,
    fields: &mut Vec<Field>,
) {
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
                        FieldKind::Derived(Derivation::checksum(content)),
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
                    // A countersignature signs the signer's signature value, which is in the
                    // artifact, whatever the signer's own content is.
                    signer_fields(&counter, &name("countersignature"), Covers::Whole, fields);
                    continue;
                }
            } else if oid == ALGORITHM_PROTECTION {
                fields.push(Field::new(
                    name("algorithm-protection"),
                    FieldKind::Signer,
                    Value::Str(algorithm_protection(value)),
                ));
                continue;
            } else if oid == MS_TIMESTAMP_TOKEN || oid == TIMESTAMP_TOKEN {
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

/// `CMSAlgorithmProtection ::= SEQUENCE { digestAlgorithm, signatureAlgorithm [1] IMPLICIT
/// OPTIONAL, macAlgorithm [2] IMPLICIT OPTIONAL }`: the algorithms named, or the value's digest
/// when it does not read so.
fn algorithm_protection(value: &Any) -> String {
    let named = SliceReader::new(value.value()).ok().and_then(|mut r| {
        let mut names = Vec::new();
        // At most the three elements the type has; anything more is not this type.
        for _ in 0..3 {
            if r.is_finished() {
                break;
            }
            let element = Any::decode(&mut r).ok()?;
            let oid = SliceReader::new(element.value())
                .ok()
                .and_then(|mut inner| ObjectIdentifier::decode(&mut inner).ok())?;
            names.push(algorithm_name(&oid));
        }
        r.is_finished().then(|| names.join(", "))
    });
    named.unwrap_or_else(|| digest_of(&value.to_der().unwrap_or_default()))
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
pub fn algorithm_name(oid: &ObjectIdentifier) -> String {
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
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.2.840.10040.4.3" => "dsa-with-sha1",
        "2.16.840.1.101.3.4.3.2" => "dsa-with-sha256",
        "1.2.840.10045.2.1" => "ecPublicKey",
        "1.2.840.10040.4.1" => "dsa",
        other => return other.to_owned(),
    };
    name.to_owned()
}

/// Bytes that are not DER after a value (`name`): zeros are padding, whose count follows from
/// the value's length; other bytes are opaque.
pub fn trailing_field(name: &str, bytes: &[u8]) -> Field {
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
pub fn digest_of(bytes: &[u8]) -> String {
    format!(
        "{} bytes, sha256 {}",
        bytes.len(),
        hex(&Sha256::digest(bytes))
    )
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}
