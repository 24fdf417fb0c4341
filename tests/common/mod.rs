//! Helpers shared by the integration tests: paths to the corpus and the contract checks every
//! JSON report must pass.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every corpus pair's directory (those with an `expected.json`), sorted.
pub fn corpus_pairs() -> Vec<PathBuf> {
    let mut pairs: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .expect("the corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    pairs.sort();
    pairs
}

/// `whydiff diff --format json` run on corpus pair `pair`: its exit status and output.
pub fn diff_pair_json(pair: &str) -> std::process::Output {
    let dir = self::pair(pair);
    assert_cmd::Command::cargo_bin("whydiff")
        .expect("the binary builds")
        .args(["diff", "--format", "json"])
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .expect("whydiff runs")
}

/// `corpus/<pair>`.
pub fn pair(name: &str) -> PathBuf {
    root().join("corpus").join(name)
}

/// The contract's category vocabulary.
pub const CATEGORIES: [&str; 12] = [
    "timestamp",
    "build-path",
    "ordering",
    "dependency-version",
    "permissions",
    "user-host",
    "locale",
    "randomness",
    "compression",
    "environment",
    "content",
    "derived",
];

/// The committed JSON Schema of the report (`docs/whydiff-report.schema.json`), compiled once.
pub fn report_schema() -> &'static jsonschema::Validator {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = root().join("docs/whydiff-report.schema.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        jsonschema::validator_for(&schema).expect("the report schema compiles")
    })
}

/// Checks `text` against the committed JSON Schema and every rule of the report contract
/// (`docs/report.md`) a schema cannot state, panicking with the first violation. Returns the
/// parsed report.
pub fn validate_report(text: &str) -> Value {
    let report: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"));
    let errors: Vec<String> = report_schema()
        .iter_errors(&report)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the report does not match docs/whydiff-report.schema.json: {errors:#?}"
    );
    assert_eq!(report["schema"], "whydiff-report/1");
    assert_eq!(report["tool"]["name"], "whydiff");
    assert!(report["tool"]["version"].is_string());
    for side in ["left", "right"] {
        assert!(report[side]["path"].is_string(), "{side}.path");
        let sha = report[side]["sha256"].as_str().expect("sha256 is a string");
        assert!(
            sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "{side}.sha256 {sha}"
        );
    }
    let identical = report["identical"].as_bool().expect("identical is a bool");
    let differences = report["differences"]
        .as_array()
        .expect("differences is an array");
    assert_eq!(
        identical,
        differences.is_empty(),
        "identical iff no differences"
    );
    let mut counts = std::collections::BTreeMap::new();
    let mut previous: Option<(Vec<String>, Option<String>)> = None;
    for (index, d) in differences.iter().enumerate() {
        assert_eq!(
            d["id"].as_u64(),
            Some(index as u64),
            "ids number the sorted list"
        );
        let path: Vec<String> = d["path"]
            .as_array()
            .expect("path array")
            .iter()
            .map(|s| s.as_str().expect("path segment").to_owned())
            .collect();
        let field = match &d["field"] {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => panic!("field must be a string or null, not {other}"),
        };
        let key = (path, field);
        if let Some(previous) = &previous {
            assert!(
                previous <= &key,
                "differences sorted by path then field: {previous:?} before {key:?}"
            );
        }
        previous = Some(key);
        let category = d["category"].as_str().expect("category string");
        assert!(
            CATEGORIES.contains(&category),
            "unknown category {category}"
        );
        let cause = d["cause"].as_str().expect("cause string");
        assert!(
            !cause.is_empty()
                && cause
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "cause {cause}"
        );
        for side in ["left", "right"] {
            assert!(
                d[side].is_string() || d[side].is_null(),
                "{side} must be a string or null"
            );
        }
        assert!(d["evidence"].is_string());
        let derived_from = d["derived_from"].as_array().expect("derived_from array");
        if category == "derived" {
            assert!(
                !derived_from.is_empty(),
                "a derived difference names what it follows from: {d}"
            );
        } else {
            assert!(
                derived_from.is_empty(),
                "only derived differences have derived_from: {d}"
            );
        }
        for id in derived_from {
            let id = id.as_u64().expect("derived_from ids are numbers") as usize;
            assert!(id < differences.len(), "derived_from {id} out of range");
            assert_ne!(
                differences[id]["category"], "derived",
                "derived_from names root differences"
            );
        }
        *counts.entry(category.to_owned()).or_insert(0u64) += 1;
    }
    let summary = report["summary"].as_object().expect("summary object");
    assert_eq!(
        summary.len(),
        counts.len(),
        "summary lists every category that occurs and no other"
    );
    for (category, count) in &counts {
        assert_eq!(
            summary[category].as_u64(),
            Some(*count),
            "summary count of {category}"
        );
    }
    report
}

/// The root categories of a parsed report: every category in its summary but `derived`.
pub fn root_categories(report: &Value) -> Vec<String> {
    let summary = report["summary"].as_object().expect("summary object");
    let mut roots: Vec<String> = summary
        .keys()
        .filter(|k| *k != "derived")
        .cloned()
        .collect();
    roots.sort();
    roots
}

/// Every root cause (not derived).
pub fn root_causes() -> Vec<whydiff::classify::Cause> {
    whydiff::classify::Cause::ALL
        .iter()
        .copied()
        .filter(|c| c.category().id() != "derived")
        .collect()
}

/// A report of `n` differences spread over every root cause, each root followed by one derived
/// checksum: the size of a rebuilt distribution, made without building one.
pub fn synthetic_report(n: usize) -> whydiff::report::Report {
    use whydiff::classify::Cause;
    use whydiff::difference::{Difference, Observed, ObservedKind, Scope};
    use whydiff::report::{Report, Side};
    use whydiff_analyzers::FieldKind;

    let causes = root_causes();
    let differences: Vec<Difference> = (0..n)
        .map(|id| {
            let derived = id % 2 == 1;
            let cause = if derived {
                Cause::DataChecksum
            } else {
                causes[(id / 2) % causes.len()]
            };
            let root = id - id % 2;
            Difference {
                id,
                observed: Observed {
                    path: vec![
                        format!("pkg-{}.whl", root / 200),
                        format!("pkg/module_{root}.py"),
                    ],
                    field: Some(if derived { "zip.crc32" } else { "zip.mtime" }.to_owned()),
                    kind: ObservedKind::Field {
                        kind: FieldKind::Mode,
                        scope: Scope::Record,
                        left: None,
                        right: None,
                    },
                    left: Some(if derived {
                        format!("0x{:08x}", id * 7919)
                    } else {
                        format!("2021-01-01T00:{:02}:{:02}", id / 60 % 60, id % 60)
                    }),
                    right: Some(if derived {
                        format!("0x{:08x}", id * 104_729)
                    } else {
                        format!("2023-06-15T12:{:02}:{:02}", id / 60 % 60, id % 60)
                    }),
                    location: None,
                    seq: 0,
                },
                category: cause.category(),
                cause,
                evidence: if derived {
                    "follows from 1 difference in the data it covers; each side's value matches \
                     its own data, checked while reading"
                } else {
                    "both sides decode as DOS date-times 2 years apart, later than the sources"
                }
                .to_owned(),
                derived_from: if derived { vec![root] } else { Vec::new() },
                looks_like: None,
                format: Some("zip"),
            }
        })
        .collect();
    let side = |p: &str| Side {
        path: p.to_owned(),
        sha256: "0".repeat(64),
    };
    Report::new(side("a"), side("b"), differences, Vec::new())
}
