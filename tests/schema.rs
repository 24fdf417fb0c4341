//! The committed JSON Schema of the report (`docs/whydiff-report.schema.json`): every report
//! the test suite produces is validated against it (`common::validate_report`); here, that the
//! schema is strict enough to refuse what the contract forbids.

mod common;

use serde_json::{json, Value};

fn a_real_report() -> Value {
    let dir = common::pair("zip-edit-and-mtime");
    let output = assert_cmd::Command::cargo_bin("whydiff")
        .unwrap()
        .args(["--format", "json"])
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    common::validate_report(std::str::from_utf8(&output.stdout).unwrap())
}

/// What a broken report breaks, and how.
type Breakage = (&'static str, fn(&mut Value));

fn valid(report: &Value) -> bool {
    common::report_schema().is_valid(report)
}

#[test]
fn a_real_report_is_valid_and_broken_ones_are_not() {
    let report = a_real_report();
    assert!(valid(&report));
    let breakages: [Breakage; 7] = [
        ("another schema", |r| {
            r["schema"] = json!("whydiff-report/2")
        }),
        ("a short sha256", |r| r["left"]["sha256"] = json!("abc")),
        ("an unknown category", |r| {
            r["differences"][0]["category"] = json!("weather")
        }),
        ("a cause with capitals", |r| {
            r["differences"][0]["cause"] = json!("Entry-Mtime")
        }),
        ("a missing field key", |r| {
            r["differences"][0].as_object_mut().unwrap().remove("field");
        }),
        ("an unknown key", |r| {
            r["differences"][0]["colour"] = json!("red")
        }),
        ("a zero count in the summary", |r| {
            r["summary"]["timestamp"] = json!(0)
        }),
    ];
    for (what, break_it) in breakages {
        let mut broken = report.clone();
        break_it(&mut broken);
        assert!(!valid(&broken), "the schema accepts {what}");
    }
}
