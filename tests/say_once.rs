//! "Say it once": the 294 build-path differences of a `.pyc` tree compiled in two build
//! directories (`tests/fixtures/pyc-build-path-294`, made by `make-pyc-build-path-294.sh` beside
//! it) read as one line naming the directory pair, in text and in Markdown.

mod common;

use assert_cmd::Command;

fn run(format: &str) -> String {
    let dir = common::root().join("tests/fixtures/pyc-build-path-294");
    let output = Command::cargo_bin("whydiff")
        .unwrap()
        .args(["--format", format])
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stdout).unwrap()
}

const PAIR: &str = "/tmp/whydiff-many-a → /var/tmp/whydiff-many-build-b";

#[test]
fn a_294_file_build_path_pair_fits_in_15_lines() {
    let report = common::validate_report(&run("json"));
    assert_eq!(report["summary"]["build-path"], 294);
    let text = run("text");
    assert!(
        text.lines().count() <= 15,
        "{} lines:\n{text}",
        text.lines().count()
    );
    let line = format!(
        "  build directory {PAIR}, in 294 files (app/part01/__pycache__/__init__.cpython-311.pyc, \
         app/part01/__pycache__/mod01.cpython-311.pyc, app/part01/__pycache__/mod02.cpython-311.pyc, …)\n"
    );
    assert!(text.contains(&line), "{text}");
    assert!(!text.contains("more (-v lists them)"), "{text}");
    // -v still lists every one.
    let output = Command::cargo_bin("whydiff")
        .unwrap()
        .arg("-v")
        .arg(common::root().join("tests/fixtures/pyc-build-path-294/a"))
        .arg(common::root().join("tests/fixtures/pyc-build-path-294/b"))
        .output()
        .unwrap();
    let verbose = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        verbose
            .matches(" pyc.filename: /tmp/whydiff-many-a/")
            .count(),
        294 + 1
    );
}

#[test]
fn markdown_says_it_once_too() {
    let markdown = run("markdown");
    let line = "- build directory `/tmp/whydiff-many-a` → `/var/tmp/whydiff-many-build-b`, in 294 \
                files (`app/part01/__pycache__/__init__.cpython-311.pyc`";
    assert!(markdown.contains(line), "{markdown}");
    assert!(
        !markdown.contains("more (`whydiff diff -v` lists them)"),
        "{markdown}"
    );
}

/// The text report of `corpus/zip-mtime` with both builds' SOURCE_DATE_EPOCH declared.
fn zip_mtime_declaring(left: &str, right: &str) -> String {
    let dir = common::pair("zip-mtime");
    let output = Command::cargo_bin("whydiff")
        .unwrap()
        .args(["--left-value", &format!("SOURCE_DATE_EPOCH={left}")])
        .args(["--right-value", &format!("SOURCE_DATE_EPOCH={right}")])
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_fix_takes_the_declared_source_date_epoch_into_account() {
    // Both builds had the same SOURCE_DATE_EPOCH: the step that wrote the time ignored it.
    let same = zip_mtime_declaring("1609459200", "1609459200");
    assert!(
        same.contains("fix: Both builds declared SOURCE_DATE_EPOCH=1609459200 (2021-01-01T00:00:00Z), so setting it is not\n"),
        "{same}"
    );
    assert!(!same.contains("export SOURCE_DATE_EPOCH"), "{same}");
    // Different declared values: setting one SOURCE_DATE_EPOCH is the fix, as before.
    let different = zip_mtime_declaring("1609459200", "1686832496");
    assert!(!different.contains("Both builds declared"), "{different}");
    assert!(
        different
            .contains("fix: Archivers record each file's modification time. Set SOURCE_DATE_EPOCH"),
        "{different}"
    );
}

#[test]
fn the_html_page_says_it_once_above_the_list() {
    let page = run("html");
    let shared = "\"shared\":[{\"subject\":\"build directory\",\"left\":\"/tmp/whydiff-many-a\",\
                  \"right\":\"/var/tmp/whydiff-many-build-b\",\"files\":294,\"places\":[\
                  \"app/part01/__pycache__/__init__.cpython-311.pyc\"";
    assert!(
        page.contains(shared),
        "the page's data lacks the shared line"
    );
}
