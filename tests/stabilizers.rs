//! `docs/stabilizers.md` cannot rot: every OSS Rebuild stabilizer has a row, every row of the
//! first table points at corpus pairs that exist, whose `expected.json` lists the row's category
//! and whose comparison reports the row's cause, and the rows still `(pending)` are exactly the
//! rows of the "Pending" table.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use whydiff::classify::{Category, KnownValues};
use whydiff::Options;

/// OSS Rebuild's `AllStabilizers` (`pkg/stabilize/registry.go`: zip, tar, gzip, jar, wheel, crate
/// and gem lists, in that order) at the commit the page names.
const OSS_REBUILD_STABILIZERS: [&str; 31] = [
    "zip-file-order",
    "zip-modified-time",
    "zip-compression",
    "zip-data-descriptor",
    "zip-file-encoding",
    "zip-file-mode",
    "zip-misc",
    "tar-file-order",
    "tar-time",
    "tar-file-mode",
    "tar-owners",
    "tar-xattrs",
    "tar-device-number",
    "gzip-compression",
    "gzip-name",
    "gzip-time",
    "gzip-misc",
    "jar-build-metadata",
    "jar-attribute-value-order",
    "jar-git-properties",
    "jar-maven-pom-properties",
    "jar-signature",
    "wheel-record",
    "cargo-vcs-hash",
    "gem-exclude-checksums",
    "gem-exclude-signatures",
    "gem-metadata-date",
    "gem-metadata-rubygems-version",
    "gem-metadata-cert-chain",
    "gem-metadata-yaml-normalize",
    "gem-inner-archives",
];

const PENDING: &str = "(pending)";

/// One table row: the stabilizer, the category and cause claimed (the first two code spans of
/// the third column), and the pair column as written.
#[derive(Debug)]
struct Row {
    stabilizer: String,
    category: Option<String>,
    cause: Option<String>,
    pairs_cell: String,
}

impl Row {
    /// The corpus pairs the pair column links to (`[`name`](../corpus/name/)`).
    fn pairs(&self) -> Vec<String> {
        let marker = "](../corpus/";
        let mut pairs = Vec::new();
        let mut rest = self.pairs_cell.as_str();
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            let end = rest.find(')').expect("a link ends");
            pairs.push(rest[..end].trim_end_matches('/').to_owned());
            rest = &rest[end..];
        }
        pairs
    }
}

/// The code spans of a cell, in order.
fn code_spans(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The rows of the first table under the heading `heading` (a line equal to it).
fn table_under(doc: &str, heading: &str) -> Vec<Row> {
    let mut lines = doc.lines().skip_while(|l| l.trim() != heading).skip(1);
    let table: Vec<&str> = lines
        .by_ref()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(table.len() > 2, "no table under {heading}");
    table[2..]
        .iter()
        .map(|line| {
            let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
            assert_eq!(cells.len(), 4, "a row has four cells: {line}");
            let stabilizer = code_spans(cells[0]);
            assert_eq!(stabilizer.len(), 1, "one stabilizer per row: {line}");
            let claimed = code_spans(cells[2]);
            Row {
                stabilizer: stabilizer[0].clone(),
                category: claimed.first().cloned(),
                cause: claimed.get(1).cloned(),
                pairs_cell: cells[3].trim().to_owned(),
            }
        })
        .collect()
}

fn doc() -> String {
    std::fs::read_to_string(common::root().join("docs/stabilizers.md"))
        .expect("docs/stabilizers.md")
}

fn tables() -> (Vec<Row>, Vec<Row>) {
    let doc = doc();
    let pending_at = doc.find("\n### Pending").expect("a Pending sub-table");
    let (main, pending) = doc.split_at(pending_at);
    (
        table_under(main, "## Stabilizers"),
        table_under(pending, "### Pending"),
    )
}

#[test]
fn every_stabilizer_has_rows_in_exactly_one_table() {
    let (main, pending) = tables();
    let in_main: BTreeSet<&str> = main.iter().map(|r| r.stabilizer.as_str()).collect();
    let in_pending: BTreeSet<&str> = pending.iter().map(|r| r.stabilizer.as_str()).collect();
    assert!(
        in_main.is_disjoint(&in_pending),
        "in both tables: {:?}",
        in_main.intersection(&in_pending).collect::<Vec<_>>()
    );
    let named: BTreeSet<&str> = in_main.union(&in_pending).copied().collect();
    let upstream: BTreeSet<&str> = OSS_REBUILD_STABILIZERS.into_iter().collect();
    assert_eq!(
        named, upstream,
        "the tables must name every stabilizer, no other"
    );
    // A stabilizer may have several rows (one per cause) in the main table, once in Pending.
    assert_eq!(
        in_pending.len(),
        pending.len(),
        "a pending stabilizer twice"
    );
}

#[test]
fn pending_rows_are_exactly_the_pending_table() {
    let (main, pending) = tables();
    for row in &pending {
        assert_eq!(
            row.pairs_cell, PENDING,
            "{}: the Pending table's rows have {PENDING} as their pair",
            row.stabilizer
        );
    }
    for row in &main {
        assert!(
            !row.pairs_cell.contains(PENDING),
            "{}: a pending row belongs in the Pending table",
            row.stabilizer
        );
        assert!(
            !row.pairs().is_empty(),
            "{}: a row of the main table points at a corpus pair",
            row.stabilizer
        );
    }
}

/// The pair's `expected.json`.
fn expected(pair: &str) -> Value {
    let path = common::pair(pair).join("expected.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (is {pair} a corpus pair?)", path.display()));
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// The declared values of a pair, as the accuracy harness passes them.
fn declared(expected: &Value) -> KnownValues {
    let side = |name: &str| -> BTreeMap<String, String> {
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
    KnownValues {
        left: side("left"),
        right: side("right"),
    }
}

#[test]
fn every_row_s_pairs_show_its_category_and_cause() {
    let (main, _) = tables();
    let categories: BTreeSet<&str> = Category::ALL.iter().map(|c| c.id()).collect();
    // Each pair is compared once, whatever number of rows cite it.
    let mut reported: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for row in &main {
        let category = row.category.as_deref().unwrap_or_else(|| {
            panic!("{}: the row names no category", row.stabilizer);
        });
        let cause = row.cause.as_deref().unwrap_or_else(|| {
            panic!("{}: the row names no cause", row.stabilizer);
        });
        assert!(
            categories.contains(category),
            "{}: `{category}` is no category",
            row.stabilizer
        );
        for pair in row.pairs() {
            let dir = common::pair(&pair);
            assert!(
                dir.join("a").is_dir() && dir.join("b").is_dir(),
                "{}: corpus/{pair} has no a/ and b/",
                row.stabilizer
            );
            let expected = expected(&pair);
            let expect: Vec<&str> = expected["expect"]
                .as_array()
                .expect("expect is a list")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            // `derived` is never a root, so no expected.json lists it: the pair must still
            // report the difference as derived with the row's cause.
            assert!(
                category == "derived" || expect.contains(&category),
                "{}: corpus/{pair}/expected.json lists {expect:?}, not {category}",
                row.stabilizer
            );
            let causes = reported.entry(pair.clone()).or_insert_with(|| {
                let known = declared(&expected);
                let options = Options {
                    known: &known,
                    ..Options::default()
                };
                let report = whydiff::compare(&dir.join("a"), &dir.join("b"), &options)
                    .expect("corpus pairs open");
                report
                    .differences
                    .iter()
                    .map(|d| (d.category.id().to_owned(), d.cause.id().to_owned()))
                    .collect()
            });
            assert!(
                causes.contains(&(category.to_owned(), cause.to_owned())),
                "{}: corpus/{pair} reports {causes:?}, not {category} · {cause}",
                row.stabilizer
            );
        }
    }
}

#[test]
fn the_parser_reads_rows_and_links() {
    // The checks above are only as good as the reading of the page: a row with two pairs, and a
    // pending one, as written there.
    let doc = "## Stabilizers\n\n| s | n | c | p |\n|---|---|---|---|\n\
               | `zip-misc` | x | `compression` · `container-format` | [`p1`](../corpus/p1/), [`p2`](../corpus/p2/) |\n\
               \n### Pending\n\n| s | n | c | p |\n|---|---|---|---|\n| `cargo-vcs-hash` | x | `environment` · `vcs-state` | (pending) |\n";
    let rows = table_under(doc, "## Stabilizers");
    assert_eq!(rows.len(), 1, "the main table stops at its end");
    assert_eq!(rows[0].stabilizer, "zip-misc");
    assert_eq!(rows[0].category.as_deref(), Some("compression"));
    assert_eq!(rows[0].cause.as_deref(), Some("container-format"));
    assert_eq!(rows[0].pairs(), ["p1", "p2"]);
    let pending = table_under(doc, "### Pending");
    assert_eq!(pending[0].pairs_cell, PENDING);
    assert!(pending[0].pairs().is_empty());
}
