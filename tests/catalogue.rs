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

mod command {
    use super::common;
    use assert_cmd::Command;

    fn report(pair: &str, out: &std::path::Path) {
        let dir = common::pair(pair);
        let output = Command::cargo_bin("whydiff")
            .unwrap()
            .args(["diff", "--format", "json"])
            .arg(dir.join("a"))
            .arg(dir.join("b"))
            .output()
            .unwrap();
        std::fs::write(out, output.stdout).unwrap();
    }

    fn catalogue(args: &[&std::ffi::OsStr], stdin: Option<Vec<u8>>) -> (i32, String) {
        let mut command = Command::cargo_bin("whydiff").unwrap();
        command.arg("catalogue").args(args);
        if let Some(input) = stdin {
            command.write_stdin(input);
        }
        let output = command.output().unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
        )
    }

    #[test]
    fn reports_in_any_order_shards_and_json_lines_give_the_same_document() {
        let dir = tempfile::tempdir().unwrap();
        let pairs = ["zip-mtime", "tar-umask", "elf-build-path-depth"];
        let files: Vec<_> = pairs
            .iter()
            .map(|pair| {
                let path = dir.path().join(format!("{pair}.json"));
                report(pair, &path);
                path
            })
            .collect();
        let os = |paths: &[&std::path::PathBuf]| -> Vec<std::ffi::OsString> {
            paths.iter().map(|p| p.as_os_str().to_owned()).collect()
        };
        let run = |paths: Vec<std::ffi::OsString>, extra: &[&str]| {
            let mut args: Vec<&std::ffi::OsStr> = extra.iter().map(std::ffi::OsStr::new).collect();
            args.extend(paths.iter().map(|p| p.as_os_str()));
            catalogue(&args, None)
        };
        let (code, forward) = run(os(&[&files[0], &files[1], &files[2]]), &[]);
        assert_eq!(code, 0);
        assert!(
            forward.contains("| permissions | `entry-mode` | 1 |"),
            "{forward}"
        );
        let (_, backward) = run(os(&[&files[2], &files[0], &files[1]]), &[]);
        assert_eq!(forward, backward);
        // A shard's catalogue JSON merged with the other reports.
        let shard = dir.path().join("shard.json");
        let (_, json) = run(os(&[&files[0], &files[1]]), &["--format", "json"]);
        std::fs::write(&shard, json).unwrap();
        let (_, merged) = run(os(&[&files[2], &shard]), &[]);
        assert_eq!(merged, forward);
        // JSON Lines on standard input.
        let mut lines = Vec::new();
        for file in &files {
            let value: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            lines.extend(serde_json::to_vec(&value).unwrap());
            lines.push(b'\n');
        }
        let (code, piped) = catalogue(&[std::ffi::OsStr::new("-")], Some(lines));
        assert_eq!(code, 0);
        assert_eq!(piped, forward);
    }

    #[test]
    fn anything_else_is_trouble() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.json");
        std::fs::write(&other, r#"{"schema": "something-else/1"}"#).unwrap();
        let (code, _) = catalogue(&[other.as_os_str()], None);
        assert_eq!(code, 2);
        let (code, _) = catalogue(&[dir.path().join("missing.json").as_os_str()], None);
        assert_eq!(code, 2);
    }
}
