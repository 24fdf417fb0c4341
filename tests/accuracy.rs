//! The accuracy harness: every corpus pair must be reported with exactly its expected root
//! categories. Pairs that cannot pass yet are listed in `corpus/pending.json` with the issue that
//! will fix them; a pending pair that passes fails the test, so the list only shrinks.
//!
//! `make accuracy` (or `cargo test --test accuracy -- --nocapture`) prints the table.

mod common;

use std::collections::BTreeMap;

use serde_json::Value;
use whydiff::Options;

struct Row {
    pair: String,
    expected: Vec<String>,
    reported: Vec<String>,
    pending: Option<String>,
}

impl Row {
    fn passes(&self) -> bool {
        self.expected == self.reported
    }
}

fn load_pending() -> BTreeMap<String, String> {
    let path = common::root().join("corpus/pending.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text)
        .expect("corpus/pending.json maps pair names to the issue that fixes them")
}

fn run_pair(dir: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut expected: Vec<String> = expected["expect"]
        .as_array()
        .expect("expect is a list")
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    expected.sort();
    let report = whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default())
        .expect("corpus pairs open");
    let reported = report
        .root_categories()
        .iter()
        .map(|c| c.id().to_owned())
        .collect::<Vec<_>>();
    let mut reported = reported;
    reported.sort();
    (expected, reported)
}

#[test]
fn every_corpus_pair_reports_exactly_its_expected_causes() {
    let corpus = common::root().join("corpus");
    let pending = load_pending();
    let mut rows = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    names.sort();
    for dir in names {
        let pair = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (expected, reported) = run_pair(&dir);
        rows.push(Row {
            pending: pending.get(&pair).cloned(),
            pair,
            expected,
            reported,
        });
    }
    for name in pending.keys() {
        assert!(
            rows.iter().any(|r| &r.pair == name),
            "corpus/pending.json names {name}, which is not a corpus pair"
        );
    }
    print_table(&rows);
    let failures: Vec<&Row> = rows
        .iter()
        .filter(|r| !r.passes() && r.pending.is_none())
        .collect();
    let fixed: Vec<&Row> = rows
        .iter()
        .filter(|r| r.passes() && r.pending.is_some())
        .collect();
    assert!(
        failures.is_empty(),
        "pairs reported wrongly: {:?}",
        failures.iter().map(|r| &r.pair).collect::<Vec<_>>()
    );
    assert!(
        fixed.is_empty(),
        "pending pairs that now pass, remove them from corpus/pending.json: {:?}",
        fixed.iter().map(|r| &r.pair).collect::<Vec<_>>()
    );
    assert!(rows.len() >= 16, "the corpus has {} pairs", rows.len());
}

fn print_table(rows: &[Row]) {
    let list = |v: &[String]| {
        if v.is_empty() {
            "[] (identical)".to_owned()
        } else {
            v.join(", ")
        }
    };
    let width = |f: &dyn Fn(&Row) -> usize, header: &str| {
        rows.iter().map(f).max().unwrap_or(0).max(header.len())
    };
    let pair_w = width(&|r| r.pair.len(), "pair");
    let expected_w = width(&|r| list(&r.expected).len(), "expected");
    let reported_w = width(&|r| list(&r.reported).len(), "reported");
    println!(
        "\n{:<pair_w$}  {:<7}  {:<expected_w$}  {:<reported_w$}  waiting for",
        "pair", "result", "expected", "reported"
    );
    for row in rows {
        let result = match (row.passes(), &row.pending) {
            (true, _) => "ok",
            (false, Some(_)) => "pending",
            (false, None) => "FAIL",
        };
        println!(
            "{:<pair_w$}  {result:<7}  {:<expected_w$}  {:<reported_w$}  {}",
            row.pair,
            list(&row.expected),
            list(&row.reported),
            row.pending.as_deref().unwrap_or("")
        );
    }
    let passing = rows.iter().filter(|r| r.passes()).count();
    println!("accuracy: {passing}/{} pairs exact\n", rows.len());
}
