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
