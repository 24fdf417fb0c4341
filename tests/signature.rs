//! Authenticode signatures on the corpus's signed PE pairs, through the whole pipeline: what a
//! signature follows from, and when it is a cause of its own.

mod common;

use serde_json::Value;

/// The JSON report of `whydiff diff` on corpus pair `pair`.
fn diff_report(pair: &str) -> Value {
    let output = common::diff_pair_json(pair);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{pair}: differences expected"
    );
    common::validate_report(&String::from_utf8(output.stdout).unwrap())
}

fn differences(report: &Value) -> &Vec<Value> {
    report["differences"].as_array().unwrap()
}

/// The difference in field `name`.
fn by_field<'a>(report: &'a Value, name: &str) -> &'a Value {
    differences(report)
        .iter()
        .find(|d| d["field"] == name)
        .unwrap_or_else(|| panic!("no difference in {name}: {report:#}"))
}

const SIGNATURE: &str = "pe.certificate[0].signer[0].signature";
const SIGNING_TIME: &str = "pe.certificate[0].signer[0].signed.signing-time";

/// One image signed twice with one key at two times: the signing time is the only root; the
/// signature value and the encoded table follow from it.
#[test]
fn a_signing_time_is_a_timestamp_and_the_signature_follows() {
    let report = diff_report("pe-signed-time");
    let time = by_field(&report, SIGNING_TIME);
    assert_eq!(time["category"], "timestamp");
    for name in [SIGNATURE, "pe.certificate[0].der", "pe.checksum"] {
        let derived = by_field(&report, name);
        assert_eq!(derived["category"], "derived", "{name}");
        assert_eq!(derived["derived_from"], serde_json::json!([time["id"]]));
    }
    assert_eq!(
        report["summary"],
        serde_json::json!({"timestamp": 1, "derived": 3})
    );
}

/// One image signed with two keys: the signer is the root (`signature`), the signature value
/// follows from it.
#[test]
fn another_key_is_the_signature_cause() {
    let report = diff_report("pe-signed-key");
    let signer = by_field(&report, "pe.certificate[0].signer[0].id");
    assert_eq!(signer["cause"], "signature");
    assert_eq!(signer["category"], "environment");
    assert_eq!(by_field(&report, SIGNATURE)["category"], "derived");
    for d in differences(&report) {
        assert!(
            d["category"] == "derived" || d["cause"] == "signature",
            "{d:#}"
        );
    }
}

/// The code changed and the image was signed again: the code change stays content, the image
/// digest, messageDigest and signature are derived from it (and the signing time).
#[test]
fn changed_code_signed_again_stays_content() {
    let report = diff_report("pe-signed-edit");
    let code: Vec<&Value> = differences(&report)
        .iter()
        .filter(|d| d["path"] == serde_json::json!(["hello.exe", ".text"]))
        .collect();
    assert!(!code.is_empty());
    assert!(code.iter().all(|d| d["category"] == "content"), "{code:#?}");
    for name in [
        SIGNATURE,
        "pe.certificate[0].image-digest",
        "pe.certificate[0].signer[0].signed.message-digest",
    ] {
        let derived = by_field(&report, name);
        assert_eq!(derived["category"], "derived", "{name}");
        let from = derived["derived_from"].as_array().unwrap();
        assert!(from.contains(&code[0]["id"]), "{name}: {derived:#}");
    }
    assert!(!differences(&report)
        .iter()
        .any(|d| d["cause"] == "signature"));
}

/// The differences at member `member` of the corpus jar, by field name (`None` for content).
fn in_member<'a>(report: &'a Value, member: &str) -> Vec<&'a Value> {
    differences(report)
        .iter()
        .filter(|d| d["path"] == serde_json::json!(["tinyapp-1.0.0.jar", member]))
        .collect()
}

fn field_of<'a>(list: &[&'a Value], name: &str) -> &'a Value {
    list.iter()
        .find(|d| d["field"] == name)
        .unwrap_or_else(|| panic!("no difference in {name}: {list:#?}"))
}

const JAR_SIGNATURE: &str = "pkcs7.signer[0].signature";

/// A jar signed on two days with one key: jarsigner's signingTime and the times of the entries
/// it writes are timestamps; the block's signature and its zip record follow from the time.
#[test]
fn a_jar_signed_on_two_days_is_a_timestamp() {
    let report = diff_report("jar-signed-time");
    let block = in_member(&report, "META-INF/SIGNER.RSA");
    let time = field_of(&block, "pkcs7.signer[0].signed.signing-time");
    assert_eq!(time["category"], "timestamp");
    assert_eq!(time["format"], "pkcs7");
    let signature = field_of(&block, JAR_SIGNATURE);
    assert_eq!(signature["category"], "derived");
    assert_eq!(signature["derived_from"], serde_json::json!([time["id"]]));
    assert_eq!(field_of(&block, "zip.crc32")["category"], "derived");
    for d in differences(&report) {
        assert!(
            matches!(d["category"].as_str(), Some("derived" | "timestamp")),
            "{d:#}"
        );
    }
}

/// Two signings with one EC key at one time: only the ECDSA signature differs, a cause of its
/// own, and the block's CRC and sizes in the jar follow from it.
#[test]
fn a_randomized_jar_signature_is_the_signature_cause() {
    let report = diff_report("jar-signed-ec");
    let block = in_member(&report, "META-INF/SIGNER.EC");
    let signature = field_of(&block, JAR_SIGNATURE);
    assert_eq!(signature["cause"], "signature");
    for name in [
        "zip.crc32",
        "zip.compressed-stream",
        "zip.uncompressed-size",
    ] {
        let derived = field_of(&block, name);
        assert_eq!(derived["category"], "derived", "{name}");
        assert_eq!(
            derived["derived_from"],
            serde_json::json!([signature["id"]])
        );
    }
    assert_eq!(report["summary"]["environment"], 1);
}

/// Two keys: the signer and its certificate are the signature cause, the signature follows.
#[test]
fn a_jar_signed_with_another_key_is_the_signature_cause() {
    let report = diff_report("jar-signed-key");
    let block = in_member(&report, "META-INF/SIGNER.RSA");
    assert_eq!(field_of(&block, "pkcs7.signer[0].id")["cause"], "signature");
    assert_eq!(
        field_of(&block, "pkcs7.certificate[0]")["cause"],
        "signature"
    );
    assert_eq!(field_of(&block, JAR_SIGNATURE)["category"], "derived");
    assert!(in_member(&report, "META-INF/SIGNER.SF").is_empty());
}

/// A genuine edit of the class in a signed jar: the class stays content; the block's
/// messageDigest and signature follow from the .SF it signs, which changed with it (and so from
/// whatever the .SF's own changes follow from); nothing is called a signature of its own or a
/// time.
#[test]
fn an_edited_class_in_a_signed_jar_stays_content() {
    let report = diff_report("jar-signed-edit");
    let all = differences(&report);
    let class = in_member(&report, "com/example/tinyapp/Hello.class");
    let code = class
        .iter()
        .find(|d| d["field"].is_null())
        .expect("the edit");
    assert_eq!(code["category"], "content");
    assert!(in_member(&report, "META-INF/SIGNER.SF")
        .iter()
        .any(|d| !d["field"].as_str().unwrap_or("").starts_with("zip.")));
    let block = in_member(&report, "META-INF/SIGNER.RSA");
    for name in ["pkcs7.signer[0].signed.message-digest", JAR_SIGNATURE] {
        let derived = field_of(&block, name);
        assert_eq!(derived["category"], "derived", "{name}");
        let from = derived["derived_from"].as_array().unwrap();
        assert!(!from.is_empty());
        for id in from {
            let root = &all[id.as_u64().unwrap() as usize];
            assert_eq!(root["category"], "content", "{name}: {root:#}");
            assert_ne!(root["path"][1], "META-INF/SIGNER.RSA", "{name}: {root:#}");
        }
    }
    assert!(!all
        .iter()
        .any(|d| d["cause"] == "signature" || d["category"] == "timestamp"));
}

/// The same jar time-stamped by an RFC 3161 authority at two times (jarsigner -tsa): the
/// token's genTime is the root, the token follows from it, the signer's signature is equal.
#[test]
fn a_jar_time_stamped_at_two_times_is_a_timestamp() {
    let report = diff_report("jar-signed-tsa-time");
    let block = in_member(&report, "META-INF/SIGNER.RSA");
    let time = field_of(&block, "pkcs7.signer[0].unsigned.timestamp-time");
    assert_eq!(time["category"], "timestamp");
    let token = field_of(&block, "pkcs7.signer[0].unsigned.timestamp-token");
    assert_eq!(token["category"], "derived");
    assert_eq!(token["derived_from"], serde_json::json!([time["id"]]));
    assert!(!block.iter().any(|d| d["field"] == JAR_SIGNATURE));
    assert_eq!(
        report["summary"],
        serde_json::json!({"timestamp": 1, "derived": 7})
    );
}
