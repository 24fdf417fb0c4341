//! The JSON report read back: every corpus pair's report parses into the public model and
//! serializes to the same bytes, so a consumer of reports (a catalogue, a CI gate) loses nothing.

mod common;

use whydiff::report::document::{ReadError, ReportDocument};
use whydiff::report::json;
use whydiff::Options;

#[test]
fn every_corpus_report_reads_back_byte_for_byte() {
    let pairs = common::corpus_pairs();
    assert!(pairs.len() >= 100, "{} pairs", pairs.len());
    for dir in pairs {
        let report = whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default())
            .expect("corpus pairs open");
        let written = json::render(&report);
        let document = ReportDocument::from_json(&written)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        assert_eq!(document.to_json(), written, "{}", dir.display());
        assert_eq!(document.differences.len(), report.differences.len());
        assert_eq!(
            document.roots().count(),
            report
                .differences
                .iter()
                .filter(|d| d.category.id() != "derived")
                .count()
        );
    }
}

#[test]
fn keys_name_a_difference_by_place_and_cause_not_by_position() {
    let dir = common::pair("zip-edit-and-mtime");
    let report = whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default()).unwrap();
    let document = ReportDocument::from_json(&json::render(&report)).unwrap();
    let first = &document.differences[0];
    let key = first.key();
    assert_eq!(key.path, first.path);
    assert_eq!(key.cause, first.cause);
    // The same builds compared again give the same keys.
    let again = whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default()).unwrap();
    let again = ReportDocument::from_json(&json::render(&again)).unwrap();
    let keys = |d: &ReportDocument| d.differences.iter().map(|d| d.key()).collect::<Vec<_>>();
    assert_eq!(keys(&document), keys(&again));
}

#[test]
fn other_texts_are_refused_with_a_reason() {
    assert!(matches!(
        ReportDocument::from_json("{}"),
        Err(ReadError::Json(_))
    ));
    let dir = common::pair("zip-mtime");
    let report = whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default()).unwrap();
    let other = json::render(&report).replace("whydiff-report/1", "whydiff-report/9");
    let error = ReportDocument::from_json(&other).unwrap_err();
    assert!(error.to_string().contains("whydiff-report/9"), "{error}");
}

#[test]
fn differences_name_the_format_they_are_in() {
    let dir = common::pair("zip-mtime");
    let report = whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default()).unwrap();
    let document = ReportDocument::from_json(&json::render(&report)).unwrap();
    let mtime = document
        .differences
        .iter()
        .find(|d| d.cause == "entry-mtime")
        .expect("an entry-mtime difference");
    // A member's record field is in its container's format.
    assert_eq!(mtime.format.as_deref(), Some("zip"));
}

#[test]
fn confirmed_by_is_kept_when_present_and_absent_when_absent() {
    let dir = common::pair("gzip-mtime");
    let report = whydiff::compare(&dir.join("a"), &dir.join("b"), &Options::default()).unwrap();
    let written = json::render(&report);
    assert!(!written.contains("confirmed_by"));
    let mut document = ReportDocument::from_json(&written).unwrap();
    assert_eq!(document.to_json(), written);
    document.differences[0].confirmed_by = Some(vec!["time".to_owned()]);
    let varied = document.to_json();
    assert!(
        varied.contains("\"confirmed_by\": [\n        \"time\"\n      ]"),
        "{varied}"
    );
    assert_eq!(
        ReportDocument::from_json(&varied).unwrap().to_json(),
        varied
    );
}
