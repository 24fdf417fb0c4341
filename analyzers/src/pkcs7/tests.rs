//! The pkcs7 analyzer on signature blocks made by the real tools: jarsigner's (the corpus's
//! `jar-signed-*` pairs), OpenSSL's `cms -sign` (fixtures, see `tests/fixtures/pkcs7/make.sh`),
//! and on cut, corrupted and crafted blocks.

use std::io::Read;

use bytes::Bytes;
use sha2::{Digest, Sha256};

use super::*;
use crate::test_support::{corpus, field};
use crate::{Derivation, TimeRole, Timestamp};

const BLOCK: &str = "META-INF/SIGNER.RSA";
const SIGNER: &str = "pkcs7.signer[0]";

/// The bytes of member `name` of the jar `corpus/<path>`.
fn jar_member(path: &str, name: &str) -> Bytes {
    let jar = corpus(path);
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(jar)).unwrap();
    let mut data = Vec::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_end(&mut data)
        .unwrap();
    Bytes::from(data)
}

fn fixture(name: &str) -> Bytes {
    let path = format!("{}/tests/fixtures/pkcs7/{name}", env!("CARGO_MANIFEST_DIR"));
    Bytes::from(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn analyze(name: &str, data: &Bytes) -> Node {
    Pkcs7Analyzer
        .analyze(Input { name, data }, &Limits::default())
        .unwrap()
}

/// Everything the registry makes of `data` found as `name`: never a panic.
fn read_safely(name: &str, data: &[u8]) -> Node {
    let data = Bytes::copy_from_slice(data);
    crate::analyze(Input { name, data: &data }, &Limits::default())
}

fn value(node: &Node, name: &str) -> Value {
    field(&node.fields, name).value.clone()
}

/// jarsigner's block (SHA-256 digest, SHA256withRSA) reads into fields whose kinds say what
/// each follows from; its messageDigest is the SHA-256 of the .SF it names.
#[test]
fn a_jarsigner_block_reads_into_fields() {
    for (side, unix) in [("a", 1_609_459_200), ("b", 1_686_832_496)] {
        let jar = format!("jar-signed-time/{side}/tinyapp-1.0.0.jar");
        let block = jar_member(&jar, BLOCK);
        let input = Input {
            name: BLOCK,
            data: &block,
        };
        assert_eq!(Pkcs7Analyzer.detect(input), Detection::ByMagic);
        assert_eq!(crate::detect(input).format(), FORMAT);
        let node = analyze(BLOCK, &block);
        assert!(node.notes.is_empty(), "{:?}", node.notes);
        assert!(node.members.is_empty(), "detached: no content member");
        assert_eq!(node.signs.as_deref(), Some("META-INF/SIGNER.SF"));

        let time = field(&node.fields, &format!("{SIGNER}.signed.signing-time"));
        assert_eq!(time.kind, FieldKind::Time(TimeRole::Recorded));
        assert_eq!(time.value, Value::Time(Timestamp::unix(unix)));

        let digest = field(&node.fields, &format!("{SIGNER}.signed.message-digest"));
        assert_eq!(
            digest.kind,
            FieldKind::Derived(Derivation::checksum(Covers::Detached))
        );
        let sf = jar_member(&jar, "META-INF/SIGNER.SF");
        assert_eq!(
            digest.value,
            Value::Str(hex::encode(Sha256::digest(&sf))),
            "the digest of the member the block names"
        );
        // Signed attributes: the signature signs them, which are in the block.
        assert_eq!(
            field(&node.fields, &format!("{SIGNER}.signature")).kind,
            FieldKind::Derived(Derivation::signature())
        );
        for signer in [
            format!("{SIGNER}.id"),
            format!("{SIGNER}.digest-algorithm"),
            format!("{SIGNER}.signature-algorithm"),
            format!("{SIGNER}.signed.algorithm-protection"),
            "pkcs7.certificate[0]".to_owned(),
            "pkcs7.digest-algorithms".to_owned(),
        ] {
            assert_eq!(
                field(&node.fields, &signer).kind,
                FieldKind::Signer,
                "{signer}"
            );
        }
        assert_eq!(
            value(&node, &format!("{SIGNER}.signed.algorithm-protection")),
            Value::Str("sha256, sha256WithRSAEncryption".into())
        );
        assert_eq!(
            value(&node, "pkcs7.content-type"),
            Value::Str("1.2.840.113549.1.7.1".into())
        );
        assert!(value(&node, "pkcs7.certificate[0]")
            .to_string()
            .starts_with("subject CN=whydiff test jar signer a,O=whydiff corpus"));
    }
}

/// The same jar signed on two days: the signing time and the signature differ, nothing else.
/// Signed twice with one EC key at one time: the signature alone (ECDSA's random nonce).
#[test]
fn what_differs_between_two_signings() {
    let fields = |pair: &str, side: &str, block: &str| {
        let data = jar_member(&format!("{pair}/{side}/tinyapp-1.0.0.jar"), block);
        analyze(block, &data).fields
    };
    let differing = |pair: &str, block: &str| -> Vec<String> {
        let (a, b) = (fields(pair, "a", block), fields(pair, "b", block));
        assert_eq!(a.len(), b.len(), "{pair}");
        a.iter()
            .zip(&b)
            .inspect(|(x, y)| assert_eq!(x.name, y.name))
            .filter(|(x, y)| x.value != y.value)
            .map(|(x, _)| x.name.to_string())
            .collect()
    };
    assert_eq!(
        differing("jar-signed-time", BLOCK),
        [
            "pkcs7.signer[0].signed.signing-time",
            "pkcs7.signer[0].signature"
        ]
    );
    assert_eq!(
        differing("jar-signed-ec", "META-INF/SIGNER.EC"),
        ["pkcs7.signer[0].signature"]
    );
    let key = differing("jar-signed-key", BLOCK);
    assert!(key.contains(&"pkcs7.signer[0].id".to_owned()), "{key:?}");
    assert!(key.contains(&"pkcs7.certificate[0]".to_owned()), "{key:?}");
    assert!(!key.iter().any(|f| f.contains("message-digest")), "{key:?}");
    // A genuine edit: the .SF changed, so did its digest.
    let edit = differing("jar-signed-edit", BLOCK);
    assert!(
        edit.contains(&"pkcs7.signer[0].signed.message-digest".to_owned()),
        "{edit:?}"
    );
}

/// jarsigner -tsa puts an RFC 3161 token in the standard unsigned attribute
/// (id-aa-timeStampToken): its genTime is a recorded time, the token a signature.
#[test]
fn a_time_stamp_token_s_time_is_a_recorded_time() {
    for (side, unix) in [("a", 1_609_459_200), ("b", 1_686_832_496)] {
        let jar = format!("jar-signed-tsa-time/{side}/tinyapp-1.0.0.jar");
        let node = analyze(BLOCK, &jar_member(&jar, BLOCK));
        assert!(node.notes.is_empty(), "{:?}", node.notes);
        let time = field(&node.fields, &format!("{SIGNER}.unsigned.timestamp-time"));
        assert_eq!(time.kind, FieldKind::Time(TimeRole::Recorded));
        assert_eq!(time.value, Value::Time(Timestamp::unix(unix)));
        assert_eq!(
            field(&node.fields, &format!("{SIGNER}.unsigned.timestamp-token")).kind,
            FieldKind::Derived(Derivation::signature())
        );
        // The signer's own signing time is jarsigner's frozen clock.
        assert_eq!(
            value(&node, &format!("{SIGNER}.signed.signing-time")),
            Value::Time(Timestamp::unix(1_700_000_000))
        );
    }
}

/// The member a block signs, by the JAR File Specification's naming.
#[test]
fn a_block_names_the_signature_file_beside_it() {
    for (block, signs) in [
        ("META-INF/SIGNER.RSA", Some("META-INF/SIGNER.SF")),
        ("META-INF/MYKEY.DSA", Some("META-INF/MYKEY.SF")),
        ("META-INF/k.ec", Some("META-INF/k.sf")),
        ("lib/inner/META-INF/A.EC", Some("lib/inner/META-INF/A.SF")),
        ("meta-inf/A.RSA", Some("meta-inf/A.SF")),
        ("META-INF/SIGNER.SF", None),
        ("META-INF/.RSA", None),
        ("SIGNER.RSA", None),
        ("other/SIGNER.RSA", None),
        ("META-INF/sub/SIGNER.RSA", None),
    ] {
        assert_eq!(signed_member(block).as_deref(), signs, "{block}");
    }
    // The same block under another name is read, and names nothing it signs.
    let block = jar_member("jar-signed-time/a/tinyapp-1.0.0.jar", BLOCK);
    let node = analyze("signature.p7s", &block);
    assert_eq!(node.signs, None);
    // Only the name: detected by name, read or not.
    let input = Input {
        name: "META-INF/X.RSA",
        data: &Bytes::from_static(b"not DER"),
    };
    assert_eq!(Pkcs7Analyzer.detect(input), Detection::ByName);
}

/// A SignedData carrying its content: the content is a member, read again; the digest covers
/// the artifact. A detached one without signed attributes: the signature covers the content.
#[test]
fn embedded_content_and_bare_signatures() {
    let node = analyze("message.p7m", &fixture("embedded.p7m"));
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(node.signs, None);
    let content = crate::test_support::member(&node, CONTENT_MEMBER);
    match &content.data {
        MemberData::Bytes(bytes) => assert_eq!(bytes, &fixture("message.txt")),
        other => panic!("{other:?}"),
    }
    let digest = field(&node.fields, &format!("{SIGNER}.signed.message-digest"));
    assert_eq!(
        digest.kind,
        FieldKind::Derived(Derivation::checksum(Covers::Whole))
    );
    assert_eq!(
        digest.value,
        Value::Str(hex::encode(Sha256::digest(fixture("message.txt"))))
    );
    assert_eq!(
        value(&node, &format!("{SIGNER}.signed.signing-time")),
        Value::Time(Timestamp::unix(1_700_000_000))
    );

    let node = analyze("META-INF/BARE.RSA", &fixture("noattr.p7s"));
    assert!(node.notes.is_empty(), "{:?}", node.notes);
    assert_eq!(node.signs.as_deref(), Some("META-INF/BARE.SF"));
    assert!(!node.fields.iter().any(|f| f.name.contains(".signed.")));
    assert_eq!(
        field(&node.fields, &format!("{SIGNER}.signature")).kind,
        FieldKind::Derived(Derivation {
            covers: Covers::Detached,
            ..Derivation::signature()
        })
    );
}

/// Bytes after the DER value: zeros are a size, anything else content.
#[test]
fn trailing_bytes_are_a_field() {
    let block = jar_member("jar-signed-time/a/tinyapp-1.0.0.jar", BLOCK);
    let mut padded = block.to_vec();
    padded.extend_from_slice(&[0, 0, 0]);
    let node = analyze(BLOCK, &Bytes::from(padded.clone()));
    let trailing = field(&node.fields, "pkcs7.trailing");
    assert_eq!(
        trailing.kind,
        FieldKind::Derived(Derivation::size(Covers::Whole))
    );
    assert_eq!(trailing.value, Value::Str("3 zero bytes".into()));
    padded.push(7);
    let node = analyze(BLOCK, &Bytes::from(padded));
    assert_eq!(
        field(&node.fields, "pkcs7.trailing").kind,
        FieldKind::Opaque
    );
}

/// Every cut of a block, and every byte flipped to a few values, reads or falls back to bytes
/// with a note saying why — never a panic. A cut block never reads as pkcs7.
#[test]
fn cut_and_corrupted_blocks_never_panic() {
    let block = jar_member("jar-signed-ec/a/tinyapp-1.0.0.jar", "META-INF/SIGNER.EC");
    let name = "META-INF/SIGNER.EC";
    for cut in 0..block.len() {
        let node = read_safely(name, &block[..cut]);
        assert_ne!(node.format, FORMAT, "cut at {cut}");
        assert!(
            node.notes
                .iter()
                .any(|n| n.contains("could not read as pkcs7")),
            "cut at {cut}: {:?}",
            node.notes
        );
    }
    let stride = crate::test_support::flip_stride(1);
    for i in (0..block.len()).step_by(stride) {
        for value in [0x00, 0xff, block[i] ^ 0x80] {
            let mut bad = block.to_vec();
            bad[i] = value;
            let node = read_safely(name, &bad);
            if node.format != FORMAT {
                assert!(!node.notes.is_empty(), "byte {i} = {value:#x}");
            }
        }
    }
}

/// Lengths that claim more than the block holds are refused without allocating them.
#[test]
fn huge_lengths_are_refused() {
    let mut claim = vec![0x30, 0x84, 0xff, 0xff, 0xff, 0xf0];
    claim.extend_from_slice(&SIGNED_DATA_OID_DER);
    claim.extend_from_slice(&[0xa0, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00]);
    let data = Bytes::from(claim);
    let input = Input {
        name: "x.p7s",
        data: &data,
    };
    assert_eq!(Pkcs7Analyzer.detect(input), Detection::ByMagic);
    assert!(Pkcs7Analyzer.analyze(input, &Limits::default()).is_err());
    let node = read_safely("x.p7s", &data);
    assert_eq!(node.format, "binary");
    assert!(node
        .notes
        .iter()
        .any(|n| n.contains("could not read as pkcs7")));
}

/// A block carrying thousands of certificates is read up to a bound; the rest is one field.
#[test]
fn many_certificates_are_read_up_to_a_bound() {
    use der::{Any, Decode, Encode, Header, Reader, SliceReader, Tag};
    let block = jar_member("jar-signed-time/a/tinyapp-1.0.0.jar", BLOCK);
    // ContentInfo { oid, [0] { SignedData { version, algs, encap, [0] certs, signers } } }
    let info = Any::from_der(&block).unwrap();
    let mut r = SliceReader::new(info.value()).unwrap();
    let oid = Any::decode(&mut r).unwrap();
    let explicit = Any::decode(&mut r).unwrap();
    let signed = Any::from_der(explicit.value()).unwrap();
    let mut r = SliceReader::new(signed.value()).unwrap();
    let mut parts: Vec<Any> = Vec::new();
    while !r.is_finished() {
        parts.push(Any::decode(&mut r).unwrap());
    }
    assert_eq!(parts[3].to_der().unwrap()[0], 0xa0, "the certificates");
    let one = parts[3].value().to_vec();
    let many: Vec<u8> = one.iter().copied().cycle().take(one.len() * 300).collect();
    let tlv = |tag: u8, body: &[u8]| {
        let mut out = vec![tag];
        let header = Header::new(Tag::Sequence, body.len()).unwrap();
        let mut len = header.to_der().unwrap();
        len.remove(0);
        out.extend(len);
        out.extend_from_slice(body);
        out
    };
    let mut body = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        if n == 3 {
            body.extend(tlv(0xa0, &many));
        } else {
            body.extend(part.to_der().unwrap());
        }
    }
    let signed = tlv(0x30, &body);
    let mut info = oid.to_der().unwrap();
    info.extend(tlv(0xa0, &signed));
    let crafted = Bytes::from(tlv(0x30, &info));

    let node = analyze(BLOCK, &crafted);
    let certificates = node
        .fields
        .iter()
        .filter(|f| f.name.starts_with("pkcs7.certificate["))
        .count();
    assert_eq!(certificates, 257, "256 read, the rest one field");
    assert!(value(&node, "pkcs7.certificate[256..]")
        .to_string()
        .starts_with("44 more, "));
}
