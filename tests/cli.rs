//! The command line as users and CI drive it: exit codes, formats, determinism, bad input.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{pair, root_categories, validate_report};
use serde_json::Value;

fn whydiff() -> Command {
    Command::cargo_bin("whydiff").expect("the binary builds")
}

/// Runs `whydiff diff --format json LEFT RIGHT` and returns the exit code and validated report.
fn diff_json(left: &Path, right: &Path, extra: &[&str]) -> (i32, Value, String) {
    let output = whydiff()
        .arg("diff")
        .arg("--format")
        .arg("json")
        .args(extra)
        .arg(left)
        .arg(right)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 report");
    let report = validate_report(&stdout);
    (output.status.code().expect("exit code"), report, stdout)
}

fn roots_of_pair(name: &str) -> Vec<String> {
    let dir = pair(name);
    let (code, report, _) = diff_json(&dir.join("a"), &dir.join("b"), &[]);
    assert_eq!(code, 1, "{name} differs");
    root_categories(&report)
}

#[test]
fn identical_inputs_exit_zero() {
    let dir = pair("identical-zip");
    let (code, report, _) = diff_json(&dir.join("a/pkg.zip"), &dir.join("b/pkg.zip"), &[]);
    assert_eq!(code, 0);
    assert_eq!(report["identical"], true);
    assert_eq!(report["summary"], serde_json::json!({}));
    let (code, report, _) = diff_json(&dir.join("a"), &dir.join("b"), &[]);
    assert_eq!((code, &report["identical"]), (0, &Value::Bool(true)));
}

#[test]
fn plain_whydiff_a_b_means_diff() {
    let dir = pair("gzip-level");
    let output = whydiff()
        .arg("--format")
        .arg("json")
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    validate_report(std::str::from_utf8(&output.stdout).unwrap());
    let output = whydiff()
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("NOT REPRODUCIBLE"), "{text}");
}

#[test]
fn reordered_archives_report_only_ordering() {
    assert_eq!(roots_of_pair("zip-order"), ["ordering"]);
    assert_eq!(roots_of_pair("tar-order"), ["ordering"]);
}

#[test]
fn entry_times_report_only_timestamps() {
    assert_eq!(roots_of_pair("zip-mtime"), ["timestamp"]);
    assert_eq!(roots_of_pair("zip-pyzipfile-mtime"), ["timestamp"]);
    assert_eq!(roots_of_pair("gzip-mtime"), ["timestamp"]);
}

#[test]
fn a_chmod_reports_only_permissions() {
    assert_eq!(roots_of_pair("zip-chmod"), ["permissions"]);
    assert_eq!(roots_of_pair("tar-umask"), ["permissions"]);
}

#[test]
fn a_targz_built_by_two_users_reports_user_host() {
    assert_eq!(roots_of_pair("targz-user"), ["user-host"]);
}

#[test]
fn an_edited_text_member_is_content_with_the_changed_line() {
    let dir = pair("tar-edit");
    let (_, report, _) = diff_json(&dir.join("a"), &dir.join("b"), &[]);
    assert_eq!(root_categories(&report), ["content"]);
    let differences = report["differences"].as_array().unwrap();
    let hunk = differences
        .iter()
        .find(|d| d["category"] == "content" && d["field"].is_null())
        .expect("a content hunk");
    assert_eq!(hunk["path"], serde_json::json!(["pkg.tar", "pkg/core.py"]));
    assert!(
        hunk["left"].as_str().unwrap().contains("return 41"),
        "{hunk}"
    );
    assert!(
        hunk["right"].as_str().unwrap().contains("return 42"),
        "{hunk}"
    );
    let text = whydiff()
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("- ") && text.contains("return 41") && text.contains("return 42"),
        "{text}"
    );
}

#[test]
fn a_nested_archive_three_levels_deep_is_reached() {
    let dir = pair("nested-3-levels");
    let (_, report, _) = diff_json(&dir.join("a"), &dir.join("b"), &[]);
    assert_eq!(root_categories(&report), ["timestamp"]);
    let deepest = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["category"] == "timestamp")
        .expect("the timestamp difference");
    assert_eq!(
        deepest["path"],
        serde_json::json!([
            "outer.tar.gz",
            "outer.tar",
            "middle.zip",
            "inner.tar",
            "pkg/core.py"
        ])
    );
    assert_eq!(deepest["field"], "tar.mtime");
}

#[test]
fn the_depth_limit_is_a_note_not_a_failure() {
    let dir = pair("nested-3-levels");
    let (code, report, _) = diff_json(&dir.join("a"), &dir.join("b"), &["--max-depth", "1"]);
    assert_eq!(code, 1);
    let notes = report["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["note"]
            .as_str()
            .unwrap()
            .contains("nesting deeper than 1")),
        "{notes:?}"
    );
}

#[test]
fn output_is_byte_identical_whatever_the_jobs() {
    for name in ["demo-targz", "zip-edit-and-mtime", "nested-3-levels"] {
        let dir = pair(name);
        let (_, _, one) = diff_json(&dir.join("a"), &dir.join("b"), &["--jobs", "1"]);
        let (_, _, eight) = diff_json(&dir.join("a"), &dir.join("b"), &["--jobs", "8"]);
        assert_eq!(one, eight, "{name}");
    }
}

#[test]
fn output_flag_writes_the_report_to_a_file() {
    let dir = pair("gzip-level");
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("report.json");
    let output = whydiff()
        .args(["diff", "--format", "json", "--output"])
        .arg(&file)
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    validate_report(&std::fs::read_to_string(&file).unwrap());
}

#[test]
fn a_missing_path_exits_two_naming_it() {
    let output = whydiff()
        .arg("diff")
        .arg("/nonexistent/left.whl")
        .arg(pair("gzip-level").join("a"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/nonexistent/left.whl"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_file_against_a_directory_is_trouble() {
    let dir = pair("gzip-level");
    let output = whydiff()
        .arg(dir.join("a/pkg.tar.gz"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn bad_arguments_exit_two() {
    assert_eq!(
        whydiff()
            .args(["diff", "only-one"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        whydiff()
            .args(["diff", "--format", "yaml", "a", "b"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

/// Truncates a real archive at several points: every cut must give exit 1, a valid report, and
/// no panic; cuts inside the archive leave a note.
#[test]
fn truncated_archives_are_reported_not_crashed_on() {
    let work = tempfile::tempdir().unwrap();
    for (name, file) in [
        ("zip-mtime", "pkg.zip"),
        ("targz-user", "pkg.tar.gz"),
        ("tar-edit", "pkg.tar"),
    ] {
        let original = std::fs::read(pair(name).join("a").join(file)).unwrap();
        for cut in [
            1,
            30,
            original.len() / 3,
            original.len() / 2,
            original.len() - 10,
        ] {
            let left = work.path().join(format!("left-{cut}-{file}"));
            let right = work.path().join(format!("right-{cut}-{file}"));
            std::fs::write(&left, &original).unwrap();
            std::fs::write(&right, &original[..cut]).unwrap();
            let (code, report, _) = diff_json(&left, &right, &[]);
            assert_eq!(code, 1, "{name} cut at {cut}");
            assert!(!report["differences"].as_array().unwrap().is_empty());
        }
    }
}

#[test]
fn symlinks_are_compared_as_links_never_followed() {
    let work = tempfile::tempdir().unwrap();
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let secret = work.path().join("secret.txt");
    std::fs::write(&secret, "outside the inputs\n").unwrap();
    std::os::unix::fs::symlink(&secret, a.join("link")).unwrap();
    std::os::unix::fs::symlink(&secret, b.join("link")).unwrap();
    std::fs::write(b.join("extra"), "x").unwrap();
    let (code, report, json) = diff_json(&a, &b, &[]);
    assert_eq!(code, 1);
    assert!(
        !json.contains("outside the inputs"),
        "the link target's content was read"
    );
    let paths: Vec<&Value> = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["path"])
        .collect();
    assert_eq!(paths, [&serde_json::json!(["extra"])]);
    // The real corpus pair: same name, other target.
    assert_eq!(roots_of_pair("dir-symlink"), ["content"]);
}

#[test]
fn fingerprint_prints_sha256sum_lines() {
    let file = pair("identical-zip").join("a/pkg.zip");
    let output = whydiff().arg("fingerprint").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let expected = {
        use sha2::{Digest, Sha256};
        format!(
            "{:x}  {}\n",
            Sha256::digest(std::fs::read(&file).unwrap()),
            file.display()
        )
    };
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
    let output = whydiff()
        .arg("fingerprint")
        .arg("/nonexistent")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// docs/report.md's cause table is generated from the code; `WHYDIFF_BLESS=1 cargo test` rewrites it.
#[test]
fn docs_list_every_cause_id() {
    use whydiff::classify::Cause;
    let path = common::root().join("docs/report.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let mut table = String::from("| cause | category | meaning |\n|---|---|---|\n");
    for cause in Cause::ALL {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            cause.id(),
            cause.category().id(),
            cause.summary()
        ));
    }
    let start = doc
        .find("| cause | category | meaning |")
        .expect("the table's header");
    let end = doc[start..]
        .find("\n\n")
        .map_or(doc.len(), |i| start + i + 1);
    if doc[start..end] != table {
        if std::env::var_os("WHYDIFF_BLESS").is_some() {
            std::fs::write(&path, format!("{}{table}{}", &doc[..start], &doc[end..])).unwrap();
        } else {
            panic!("docs/report.md's cause table is out of date: run WHYDIFF_BLESS=1 cargo test --test cli docs");
        }
    }
}

#[test]
fn a_value_that_only_looks_like_a_cause_stays_content_with_a_hint() {
    let dir = pair("edit-release-date-mtime");
    let (code, report, _) = diff_json(&dir.join("a"), &dir.join("b"), &[]);
    assert_eq!(code, 1);
    let release = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["path"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p.as_str().unwrap().ends_with("app/release.py"))
        })
        .expect("the edited release date is reported");
    assert_eq!(release["category"], "content");
    assert_eq!(release["looks_like"], "timestamp/build-time");
    let text = whydiff()
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("looks like timestamp/build-time; declare the build times to confirm"),
        "{text}"
    );
}

#[test]
fn what_whydiff_believes_about_each_build_is_reported() {
    let dir = pair("wheel-two-dirs-two-times");
    let (_, report, _) = diff_json(&dir.join("a"), &dir.join("b"), &[]);
    let left = &report["profiles"]["left"];
    assert_eq!(left["clock"][0]["time"], "2021-01-01T00:00:00");
    assert_eq!(left["clock"][0]["source"], "zip.mtime of generated members");
    assert_eq!(left["directories"][0]["value"], "/tmp/whydiff-build-a");
    assert_eq!(
        report["profiles"]["right"]["directories"][0]["value"],
        "/var/tmp/whydiff-other-dir"
    );
    let text = whydiff()
        .arg("-v")
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("what whydiff believes about each build"),
        "{text}"
    );
    assert!(text.contains("clock      2021-01-01T00:00:00 — zip.mtime of generated members"));
}

#[test]
fn changed_code_is_named_by_the_functions_covering_it() {
    // gcc: `#define ANSWER 41` vs 42, used in answer() and inlined into main().
    let dir = pair("elf-edit");
    let (code, report, _) = diff_json(&dir.join("a"), &dir.join("b"), &[]);
    assert_eq!(code, 1);
    let mut locations: Vec<&str> = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["category"] == "content")
        .filter_map(|d| d["location"].as_str())
        .collect();
    locations.sort();
    assert_eq!(
        locations,
        [
            "bytes 0x11a-0x11a in answer+0x1",
            "bytes 0x2-0x2 in main+0x2"
        ],
        "{report:#}"
    );
}

#[test]
fn one_comparison_writes_several_formats_and_stdout_only_when_asked() {
    let dir = pair("zip-mtime");
    let out = tempfile::tempdir().unwrap();
    let (json, markdown, text) = (
        out.path().join("r.json"),
        out.path().join("r.md"),
        out.path().join("r.txt"),
    );
    let output = whydiff()
        .arg("diff")
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .arg("--json")
        .arg(&json)
        .arg("--markdown")
        .arg(&markdown)
        .arg("--text")
        .arg(&text)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    // Files were named: standard output stays empty, as with diffoscope.
    assert!(output.stdout.is_empty());
    let report = validate_report(&std::fs::read_to_string(&json).unwrap());
    assert_eq!(root_categories(&report), ["timestamp"]);
    assert!(std::fs::read_to_string(&markdown)
        .unwrap()
        .starts_with("### ❌ Not reproducible"));
    assert!(std::fs::read_to_string(&text)
        .unwrap()
        .starts_with("NOT REPRODUCIBLE"));
    // An explicit --format still writes to standard output.
    let output = whydiff()
        .args(["diff", "--format", "markdown", "--json"])
        .arg(&json)
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    assert!(String::from_utf8(output.stdout)
        .unwrap()
        .contains("<details>"));
}

/// A file of an input directory is hashed only when a rule asks about a digest-shaped token:
/// the RECORD row naming a changed file's sha256 is still found to follow from it.
#[test]
fn a_record_row_of_a_changed_file_in_a_tree_follows_from_it() {
    use base64::Engine;
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    for (side, text) in [("a", "X = 1\n"), ("b", "X = 2\n")] {
        let root = dir.path().join(side);
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::create_dir_all(root.join("pkg-1.0.dist-info")).unwrap();
        std::fs::write(root.join("pkg/mod.py"), text).unwrap();
        let digest = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(sha2::Sha256::digest(text.as_bytes()));
        std::fs::write(
            root.join("pkg-1.0.dist-info/RECORD"),
            format!("pkg/mod.py,sha256={digest},6\npkg-1.0.dist-info/RECORD,,\n"),
        )
        .unwrap();
    }
    let (code, report, _) = diff_json(&dir.path().join("a"), &dir.path().join("b"), &[]);
    assert_eq!(code, 1);
    let record = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"][0] == "pkg-1.0.dist-info/RECORD")
        .expect("the RECORD differs");
    assert_eq!(record["category"], "derived", "{record}");
}
