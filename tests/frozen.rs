//! Frozen applications whose differences mix causes: the corpus's PyInstaller pairs crossed, so
//! that a tool change and a bundled dependency in another version meet a genuine edit of the
//! application. The edit must stay `content` whatever else explains the rest.
//!
//! The pairs share their sides: `pyinstaller-versions/b`, `pyinstaller-dep-version/a` and
//! `pyinstaller-edit/a` are the same build (PyInstaller 6.11.1, six 1.16.0, the app unedited).

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{pair, root_categories, validate_report};
use serde_json::Value;

fn diff(left: &Path, right: &Path) -> Value {
    let output = Command::cargo_bin("whydiff")
        .unwrap()
        .args(["diff", "--format", "json"])
        .arg(left)
        .arg(right)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    validate_report(&String::from_utf8(output.stdout).unwrap())
}

/// The categories of the differences under a path segment (`app.settings`).
fn categories_at(report: &Value, segment: &str) -> Vec<String> {
    let mut found: Vec<String> = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["path"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s.as_str() == Some(segment))
        })
        .map(|d| d["category"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn a_pyinstaller_release_and_an_edited_module_are_two_causes() {
    // PyInstaller 6.10.0 against 6.11.1 with app/settings.py edited.
    let report = diff(
        &pair("pyinstaller-versions").join("a"),
        &pair("pyinstaller-edit").join("b"),
    );
    assert_eq!(
        root_categories(&report),
        ["content", "dependency-version"],
        "{report:#}"
    );
    assert!(categories_at(&report, "app.settings").contains(&"content".to_owned()));
    assert!(categories_at(&report, "pyimod02_importers")
        .iter()
        .all(|c| c == "dependency-version" || c == "derived"));
}

#[test]
fn a_bundled_dependency_and_an_edited_module_are_two_causes() {
    // six 1.17.0 against 1.16.0 with app/settings.py edited.
    let report = diff(
        &pair("pyinstaller-dep-version").join("b"),
        &pair("pyinstaller-edit").join("b"),
    );
    assert_eq!(
        root_categories(&report),
        ["content", "dependency-version"],
        "{report:#}"
    );
    assert!(categories_at(&report, "app.settings").contains(&"content".to_owned()));
    assert_eq!(categories_at(&report, "six"), ["derived"]);
}
