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
