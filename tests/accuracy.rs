//! The accuracy harness: every corpus pair must be reported with exactly its expected root
//! categories. Pairs that cannot pass yet are listed in `corpus/pending.json` with the issue that
//! will fix them; a pending pair that passes fails the test, so the list only shrinks.
//!
//! A pair's `expected.json` may also name `genuine` members (a genuine edit that must be reported
//! as `content` there, whatever else the pair shows) and `declared` values (passed to whydiff as a
//! build harness would, `--left-value`/`--right-value`). Besides exact matches the table prints
//! the two numbers that matter: genuine changes kept as content (must be all, pending or not) and
//! nondeterminism explained exactly (the pair's root categories other than `content`).
//!
//! `make accuracy` (or `cargo test --test accuracy -- --nocapture`) prints the table.

mod common;

use std::collections::BTreeMap;

use serde_json::Value;
use whydiff::classify::{Category, KnownValues};
use whydiff::Options;

struct Row {
    pair: String,
    expected: Vec<String>,
    reported: Vec<String>,
    pending: Option<String>,
    /// Genuine members, each with whether a content difference was reported there.
    genuine: Vec<(String, bool)>,
}

impl Row {
    fn passes(&self) -> bool {
        self.expected == self.reported
    }

    /// The pair's expected nondeterminism (root categories but `content`) is what was reported.
    fn nondeterminism_exact(&self) -> bool {
        let without_content = |v: &[String]| -> Vec<String> {
            v.iter().filter(|c| *c != "content").cloned().collect()
        };
        without_content(&self.expected) == without_content(&self.reported)
    }
}

fn load_pending() -> BTreeMap<String, String> {
    let path = common::root().join("corpus/pending.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text)
        .expect("corpus/pending.json maps pair names to the issue that fixes them")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|list| {
            list.iter()
                .map(|v| v.as_str().expect("a string").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn declared(expected: &Value) -> KnownValues {
    let mut known = KnownValues::default();
    let side = |name: &str| {
        expected["declared"][name]
            .as_object()
            .map(|values| {
                values
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().expect("a string").to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    };
    known.left = side("left");
    known.right = side("right");
    known
}

fn run_pair(dir: &std::path::Path, pair: &str, pending: Option<String>) -> Row {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut expect = strings(&expected["expect"]);
    expect.sort();
    let known = declared(&expected);
    let options = Options {
        known: &known,
        ..Options::default()
    };
    let report =
        whydiff::compare(&dir.join("a"), &dir.join("b"), &options).expect("corpus pairs open");
    let mut reported: Vec<String> = report
        .root_categories()
        .iter()
        .map(|c| c.id().to_owned())
        .collect();
    reported.sort();
    let genuine = strings(&expected["genuine"])
        .into_iter()
        .map(|member| {
            let kept = report.differences.iter().any(|d| {
                d.category == Category::Content
                    && d.observed.path.iter().any(|segment| {
                        segment == &member || segment.ends_with(&format!("/{member}"))
                    })
            });
            (member, kept)
        })
        .collect();
    Row {
        pair: pair.to_owned(),
        expected: expect,
        reported,
        pending,
        genuine,
    }
}

#[test]
fn every_corpus_pair_reports_exactly_its_expected_causes() {
    let pending = load_pending();
    let names = common::corpus_pairs();
    let rows: Vec<Row> = names
        .iter()
        .map(|dir| {
            let pair = dir.file_name().unwrap().to_string_lossy().into_owned();
            let waiting = pending.get(&pair).cloned();
            run_pair(dir, &pair, waiting)
        })
        .collect();
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
    let explained_away: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            r.genuine
                .iter()
                .filter(|(_, kept)| !kept)
                .map(move |(member, _)| format!("{}: {member}", r.pair))
        })
        .collect();
    assert!(
        explained_away.is_empty(),
        "genuine changes explained away (pending or not, never allowed): {explained_away:?}"
    );
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
    let genuine: Vec<&(String, bool)> = rows.iter().flat_map(|r| &r.genuine).collect();
    let kept = genuine.iter().filter(|(_, kept)| *kept).count();
    // Pairs with some nondeterminism to explain: an expected root category other than content.
    let with_nondeterminism: Vec<&Row> = rows
        .iter()
        .filter(|r| r.expected.iter().any(|c| c != "content"))
        .collect();
    let exact = with_nondeterminism
        .iter()
        .filter(|r| r.nondeterminism_exact())
        .count();
    println!("accuracy: {passing}/{} pairs exact", rows.len());
    println!(
        "genuine changes kept as content: {kept}/{} (must be all)",
        genuine.len()
    );
    println!(
        "nondeterminism explained exactly: {exact}/{} pairs\n",
        with_nondeterminism.len()
    );
}
