//! Signed jars through the whole pipeline: jarsigner's digests in the manifest and in the
//! signature file follow from the member (or manifest section) they hash.

mod common;

use serde_json::Value;

fn differences(report: &Value) -> &Vec<Value> {
    report["differences"].as_array().unwrap()
}

/// The difference in field `name` of the member `member` of the jar.
fn at<'a>(report: &'a Value, member: &str, name: &str) -> &'a Value {
    differences(report)
        .iter()
        .find(|d| d["path"][1] == member && d["field"] == name)
        .unwrap_or_else(|| panic!("no difference in {member} {name}: {report:#}"))
}

/// pom.properties' Properties.store date differs; jarsigner signed both at one time with one
/// key. Its digest in MANIFEST.MF, the signature file's digest of the manifest and of the
/// manifest's section for it, and the spellings of both files follow from the date alone.
#[test]
fn jarsigner_s_digests_follow_from_the_member_they_hash() {
    let output = common::diff_pair_json("jar-signed-pom-properties");
    let report = common::validate_report(&String::from_utf8(output.stdout).unwrap());
    const POM: &str = "META-INF/maven/com.example/tinyapp/pom.properties";
    let date = at(&report, POM, "properties.stored");
    assert_eq!(date["category"], "timestamp");
    let entry = format!("manifest.entry[{POM}].SHA-256-Digest");
    for (member, field) in [
        ("META-INF/MANIFEST.MF", entry.as_str()),
        ("META-INF/MANIFEST.MF", "manifest.spelling"),
        (
            "META-INF/TINYAPP.SF",
            "manifest.SHA-256-Digest-Manifest[META-INF/MANIFEST.MF]",
        ),
        ("META-INF/TINYAPP.SF", entry.as_str()),
        ("META-INF/TINYAPP.SF", "manifest.spelling"),
    ] {
        let d = at(&report, member, field);
        assert_eq!(d["category"], "derived", "{member} {field}: {d:#}");
        assert_eq!(
            d["derived_from"],
            serde_json::json!([date["id"]]),
            "{member} {field}"
        );
    }
    // The main attributes did not change, nor their digest.
    assert!(!differences(&report).iter().any(|d| d["field"]
        .as_str()
        .is_some_and(|f| f.contains("Main-Attributes"))));
}
