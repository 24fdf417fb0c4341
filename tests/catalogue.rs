//! The catalogue model: made from reports, merged in any order and any grouping into the same
//! bytes (merging is associative and commutative), every root cause of the reports listed.

mod common;

use whydiff::catalogue::Catalogue;
use whydiff::report::document::ReportDocument;
use whydiff::report::json;
use whydiff::Options;

/// The reports of every corpus pair, as read back from their JSON.
fn corpus_reports() -> Vec<ReportDocument> {
    let corpus = common::root().join("corpus");
    let mut pairs: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|dir| {
            let report =
                whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default()).unwrap();
            ReportDocument::from_json(&json::render(&report)).unwrap()
        })
        .collect()
}

fn folded<'a>(reports: impl IntoIterator<Item = &'a ReportDocument>) -> Catalogue {
    let mut catalogue = Catalogue::default();
    for report in reports {
        catalogue.merge(Catalogue::from_report(report));
    }
    catalogue
}

#[test]
fn the_same_reports_in_any_order_or_grouping_give_the_same_catalogue() {
    let reports = corpus_reports();
    let forward = folded(&reports);
    let backward = folded(reports.iter().rev());
    assert_eq!(forward.to_json(), backward.to_json());
    // Two shards, each catalogued apart, then merged (either way round).
    let (first, second) = reports.split_at(reports.len() / 3);
    let mut merged = folded(second);
    merged.merge(folded(first));
    assert_eq!(merged.to_json(), forward.to_json());
    // A catalogue's JSON reads back and merges again.
    let read: Catalogue = serde_json::from_str(&forward.to_json()).unwrap();
    assert_eq!(read, forward);
    assert_eq!(forward.reports as usize, reports.len());
}

#[test]
fn every_root_cause_of_the_reports_is_listed_with_examples() {
    let reports = corpus_reports();
    let catalogue = folded(&reports);
    for report in &reports {
        for root in report.roots() {
            let entry = &catalogue.causes[&root.cause];
            assert_eq!(entry.category, root.category);
            assert!(!entry.examples.is_empty() && entry.examples.len() <= 2);
        }
    }
    // A cause shown by several pairs counts each pair once.
    let timestamps = reports
        .iter()
        .filter(|r| r.roots().any(|d| d.cause == "entry-mtime"))
        .count() as u64;
    assert_eq!(catalogue.causes["entry-mtime"].pairs, timestamps);
    assert!(catalogue.causes.values().all(|e| e.places <= e.differences));
}
