//! The CI gate as CI drives it: `whydiff baseline` and `whydiff check` on the corpus shiv pairs
//! (a zipapp built at two times; the same built at two times in two directories), the baseline
//! file's life (fixed classes, `--update-baseline`, notes, globs, bad files), and every output
//! format held to its schema — also for a report whose names and values are hostile.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use common::{pair, root};
use serde_json::{json, Value};

fn whydiff() -> Command {
    let mut command = Command::cargo_bin("whydiff").expect("the binary builds");
    command.env_remove("GITHUB_ACTIONS");
    command
}

fn sides(name: &str) -> [PathBuf; 2] {
    [pair(name).join("a"), pair(name).join("b")]
}

fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().unwrap();
    (
        status.code().expect("exit code"),
        String::from_utf8(stdout).expect("UTF-8 stdout"),
        String::from_utf8(stderr).expect("UTF-8 stderr"),
    )
}

/// `whydiff baseline` of a corpus pair, written to `dir/baseline.toml`.
fn baseline_of(name: &str, dir: &Path) -> PathBuf {
    let file = dir.join("baseline.toml");
    let (code, _, stderr) = run(whydiff()
        .arg("baseline")
        .args(sides(name))
        .arg("--output")
        .arg(&file));
    assert_eq!(code, 0, "{stderr}");
    file
}

/// `whydiff check` of a corpus pair against `baseline`, with `extra` flags.
fn check(name: &str, baseline: &Path, extra: &[&str]) -> (i32, String, String) {
    run(whydiff()
        .arg("check")
        .args(sides(name))
        .arg("--baseline")
        .arg(baseline)
        .args(extra))
}

#[test]
fn a_baseline_of_the_time_only_pair_passes_it_and_fails_on_the_build_path() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = baseline_of("shiv-two-times", dir.path());
    let text = std::fs::read_to_string(&baseline).unwrap();
    assert!(text.starts_with("# whydiff baseline"), "{text}");
    assert!(text.contains("category = \"timestamp\""), "{text}");
    assert!(!text.contains("build-path"), "{text}");

    let (code, stdout, stderr) = check("shiv-two-times", &baseline, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("PASS: every root difference"), "{stdout}");
    assert!(!stdout.contains("NEW"), "{stdout}");

    let (code, stdout, stderr) = check("shiv-two-dirs-two-times", &baseline, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("NEW: build-path/build-directory — 1 difference"),
        "{stdout}"
    );
    assert!(stdout.contains("direct_url.json"), "{stdout}");
    assert!(stdout.contains("evidence: replacing the left build directory"));
    assert!(stdout.contains("FAIL: 1 new class"), "{stdout}");
    // The known timestamp classes are not what fails.
    assert!(!stdout.contains("NEW: timestamp"), "{stdout}");
}

#[test]
fn identical_builds_pass_an_empty_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("empty.toml");
    std::fs::write(&baseline, "").unwrap();
    let [left, _] = sides("shiv-two-times");
    let (code, stdout, _) = run(whydiff()
        .arg("check")
        .arg(&left)
        .arg(&left)
        .arg("--baseline")
        .arg(&baseline));
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("PASS: every root difference (0)"),
        "{stdout}"
    );
    // …and the same empty baseline fails two builds that differ.
    let (code, stdout, _) = check("shiv-two-times", &baseline, &[]);
    assert_eq!(code, 1, "{stdout}");
}

const EXTRA_CLASS: &str = "
[[class]]
category = \"ordering\"
cause = \"member-order\"
note = \"https://tracker.example/REPRO-12\"
";

#[test]
fn a_class_that_no_longer_occurs_is_reported_fixed_without_failing() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = baseline_of("shiv-two-times", dir.path());
    let mut text = std::fs::read_to_string(&baseline).unwrap();
    text.push_str(EXTRA_CLASS);
    std::fs::write(&baseline, text).unwrap();
    let (code, stdout, stderr) = check("shiv-two-times", &baseline, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains(
            "fixed: ordering/member-order — remove it from the baseline or run --update-baseline"
        ),
        "{stdout}"
    );
    let (_, json, _) = check("shiv-two-times", &baseline, &["--format", "json"]);
    let outcome: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(outcome["schema"], "whydiff-check/1");
    assert_eq!(outcome["passed"], true);
    assert_eq!(outcome["fixed"][0]["cause"], "member-order");
    assert_eq!(
        outcome["fixed"][0]["note"],
        "https://tracker.example/REPRO-12"
    );
}

#[test]
fn updating_keeps_notes_adds_new_classes_and_drops_fixed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = baseline_of("shiv-two-times", dir.path());
    let text = std::fs::read_to_string(&baseline).unwrap().replace(
        "cause = \"entry-mtime\"\n",
        "cause = \"entry-mtime\"\nnote = \"shiv ignores SOURCE_DATE_EPOCH: REPRO-7\"\n",
    ) + EXTRA_CLASS;
    std::fs::write(&baseline, &text).unwrap();

    let (code, _, stderr) = check("shiv-two-dirs-two-times", &baseline, &["--update-baseline"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("1 new class added, 1 fixed class removed"),
        "{stderr}"
    );
    let updated = std::fs::read_to_string(&baseline).unwrap();
    assert!(
        updated.contains("note = \"shiv ignores SOURCE_DATE_EPOCH: REPRO-7\""),
        "{updated}"
    );
    assert!(!updated.contains("member-order"), "{updated}");
    assert!(!updated.contains("REPRO-12"), "{updated}");
    assert!(updated.contains("cause = \"build-directory\""), "{updated}");

    let (code, stdout, _) = check("shiv-two-dirs-two-times", &baseline, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("fixed:"), "{stdout}");
}

#[test]
fn a_bad_baseline_is_trouble_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "broken.toml",
            "[[class]]\ncategory = \"timestamp\"\ncause = \n",
            ":3:",
        ),
        (
            "typo.toml",
            "[[class]]\ncategory = \"timestamp\"\ncause = \"entry-mtme\"\n",
            ":3: unknown cause \"entry-mtme\"",
        ),
        (
            "category.toml",
            "\n[[class]]\ncategory = \"time\"\ncause = \"entry-mtime\"\n",
            ":3: unknown category \"time\"",
        ),
    ];
    for (name, text, expected) in cases {
        let baseline = dir.path().join(name);
        std::fs::write(&baseline, text).unwrap();
        let (code, stdout, stderr) = check("shiv-two-times", &baseline, &[]);
        assert_eq!(code, 2, "{name}: {stdout}{stderr}");
        assert!(
            stderr.contains(&format!("{name}{expected}")),
            "{name}: {stderr}"
        );
        assert!(stdout.is_empty(), "{name}: {stdout}");
    }
    let missing = dir.path().join("missing.toml");
    let (code, _, stderr) = check("shiv-two-times", &missing, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.toml"), "{stderr}");

    let good = baseline_of("shiv-two-times", dir.path());
    let (code, _, stderr) = run(whydiff()
        .arg("check")
        .arg(dir.path().join("no-such-build"))
        .arg(dir.path().join("no-such-build-either"))
        .arg("--baseline")
        .arg(&good));
    assert_eq!(code, 2, "{stderr}");
    let not_a_report = dir.path().join("report.json");
    std::fs::write(&not_a_report, "{\"schema\": \"something-else\"}").unwrap();
    let (code, _, stderr) = run(whydiff()
        .arg("check")
        .arg("--report")
        .arg(&not_a_report)
        .arg("--baseline")
        .arg(&good));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("report.json"), "{stderr}");
}

#[test]
fn a_glob_class_covers_the_paths_it_matches_only() {
    let dir = tempfile::tempdir().unwrap();
    let timestamps = std::fs::read_to_string(baseline_of("shiv-two-times", dir.path())).unwrap();
    let with_glob = |glob: &str| {
        let file = dir.path().join("glob.toml");
        let class = format!(
            "\n[[class]]\ncategory = \"build-path\"\ncause = \"build-directory\"\npath = '{glob}'\n"
        );
        std::fs::write(&file, format!("{timestamps}{class}")).unwrap();
        file
    };
    // The build directory is recorded in tinypkg.pyz › site-packages/…dist-info/direct_url.json.
    for glob in [
        "tinypkg.pyz/site-packages/**",
        "*.pyz/**/direct_url.json",
        "tinypkg.pyz/site-packages/*/direct_url.json",
    ] {
        let (code, stdout, _) = check("shiv-two-dirs-two-times", &with_glob(glob), &[]);
        assert_eq!(code, 0, "{glob} should cover it:\n{stdout}");
        assert!(stdout.contains(&format!("known: build-path/build-directory path {glob}")));
    }
    for glob in [
        "tinypkg.pyz/_bootstrap/**",
        "tinypkg.pyz/*/direct_url.json",
        "tinypkg.pyz",
    ] {
        let (code, stdout, _) = check("shiv-two-dirs-two-times", &with_glob(glob), &[]);
        assert_eq!(code, 1, "{glob} should not cover it:\n{stdout}");
        assert!(
            stdout.contains("NEW: build-path/build-directory"),
            "{stdout}"
        );
        assert!(
            stdout.contains(&format!("fixed: build-path/build-directory path {glob}")),
            "{stdout}"
        );
    }
}

#[test]
fn a_saved_report_is_checked_like_a_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = baseline_of("shiv-two-times", dir.path());
    let report = dir.path().join("report.json");
    let (code, _, _) = run(whydiff()
        .arg("diff")
        .args(sides("shiv-two-dirs-two-times"))
        .arg("--format")
        .arg("json")
        .arg("--output")
        .arg(&report));
    assert_eq!(code, 1);
    // The baseline of a saved report is the baseline of the comparison.
    let (code, from_report, stderr) = run(whydiff().arg("baseline").arg("--report").arg(&report));
    assert_eq!(code, 0, "{stderr}");
    let (_, compared, _) = run(whydiff()
        .arg("baseline")
        .args(sides("shiv-two-dirs-two-times"))
        .arg("-o")
        .arg("-"));
    assert_eq!(from_report, compared);
    assert!(
        compared.contains("cause = \"build-directory\""),
        "{compared}"
    );
    for format in ["text", "json", "junit", "sarif"] {
        let compared = check("shiv-two-dirs-two-times", &baseline, &["--format", format]);
        let read = run(whydiff()
            .arg("check")
            .arg("--report")
            .arg(&report)
            .arg("--baseline")
            .arg(&baseline)
            .arg("--format")
            .arg(format));
        assert_eq!(compared.0, 1);
        assert_eq!(compared, read, "{format}");
        // Deterministic: the same inputs give the same bytes.
        let again = check("shiv-two-dirs-two-times", &baseline, &["--format", format]);
        assert_eq!(compared, again, "{format}");
    }
}

/// Validates `xml` against the committed Jenkins JUnit schema with xmllint; without xmllint,
/// prints a notice and returns — unless `CI` is set, where its absence fails.
fn assert_junit_valid(xml: &str) {
    let available = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is required in CI (apt-get install libxml2-utils)"
        );
        eprintln!("notice: xmllint not found; the JUnit output was not validated");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, xml).unwrap();
    let schema = root().join("tests/schemas/jenkins-junit.xsd");
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "JUnit output not schema-valid: {}\n{xml}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Validates `sarif` against the committed official SARIF 2.1.0 schema.
fn assert_sarif_valid(sarif: &str) -> Value {
    let log: Value = serde_json::from_str(sarif).unwrap_or_else(|e| panic!("{e}:\n{sarif}"));
    let schema_text =
        std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "SARIF not schema-valid: {errors:#?}\n{sarif}"
    );
    log
}

#[test]
fn junit_and_sarif_of_the_corpus_pair_are_schema_valid() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = baseline_of("shiv-two-times", dir.path());
    let mut text = std::fs::read_to_string(&baseline).unwrap();
    text.push_str(EXTRA_CLASS);
    std::fs::write(&baseline, text).unwrap();

    let (code, xml, _) = check("shiv-two-dirs-two-times", &baseline, &["--format", "junit"]);
    assert_eq!(code, 1);
    assert!(xml.contains(r#"tests="4" failures="1""#), "{xml}");
    assert!(xml.contains(
        r#"<testcase classname="whydiff.build-path" name="build-path/build-directory">"#
    ));
    assert!(xml.contains("<failure "), "{xml}");
    assert_junit_valid(&xml);

    let (code, sarif, _) = check("shiv-two-dirs-two-times", &baseline, &["--format", "sarif"]);
    assert_eq!(code, 1);
    let log = assert_sarif_valid(&sarif);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let errors: Vec<_> = results.iter().filter(|r| r["level"] == "error").collect();
    assert_eq!(errors.len(), 1, "{sarif}");
    assert_eq!(errors[0]["ruleId"], "build-directory");
    assert_eq!(
        errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        pair("shiv-two-dirs-two-times")
            .join("b")
            .display()
            .to_string()
    );
    assert_eq!(
        errors[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "tinypkg.pyz/site-packages/tinypkg-1.0.0.dist-info/direct_url.json"
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = rules.iter().find(|r| r["id"] == "build-directory").unwrap();
    assert!(rule["help"]["text"]
        .as_str()
        .unwrap()
        .contains("fixed path"));
    let notes = results.iter().filter(|r| r["level"] == "note").count();
    assert_eq!(notes, 2, "the two known timestamp classes");
}

/// What a hostile report's names and values hold: every character some output must escape.
const HOSTILE: &str = "a|b `c` <d> & \"e\" ]]> f\ng\rPASS: forged %25 50% x::y, z";

/// A report, read by `check --report`, whose paths, fields, values, evidence and cause ids are
/// hostile.
fn hostile_report(dir: &Path) -> PathBuf {
    let difference = |id: usize, category: &str, cause: &str| {
        json!({
            "id": id,
            "path": [format!("{HOSTILE}.zip"), format!("{HOSTILE}/member{id}")],
            "field": HOSTILE, "category": category, "cause": cause,
            "left": HOSTILE, "right": format!("{HOSTILE}\u{1b}[31m\u{0}"),
            "evidence": HOSTILE, "derived_from": []
        })
    };
    let report = json!({
        "schema": "whydiff-report/1",
        "tool": {"name": "whydiff", "version": "0.1.0"},
        "left": {"path": format!("{HOSTILE}/left"), "sha256": "00"},
        "right": {"path": format!("{HOSTILE}/right"), "sha256": "11"},
        "identical": false,
        "summary": {"timestamp": 1, "content": 1},
        "differences": [
            difference(0, "timestamp", "entry-mtime"),
            difference(1, "content", HOSTILE),
        ],
        "remedies": {}, "notes": [],
        "profiles": {"left": {}, "right": {}}
    });
    let file = dir.join("hostile.json");
    std::fs::write(&file, report.to_string()).unwrap();
    file
}

fn check_hostile(dir: &Path, format: &str, github: bool) -> (i32, String, String) {
    let baseline = dir.join("hostile-baseline.toml");
    // A known class with a hostile note, and a fixed one with a hostile glob.
    let note = toml_quoted(HOSTILE);
    std::fs::write(
        &baseline,
        format!(
            "[[class]]\ncategory = \"timestamp\"\ncause = \"entry-mtime\"\nnote = {note}\n\n\
             [[class]]\ncategory = \"ordering\"\ncause = \"member-order\"\npath = {note}\nnote = {note}\n"
        ),
    )
    .unwrap();
    let mut command = whydiff();
    command
        .arg("check")
        .arg("--report")
        .arg(hostile_report(dir))
        .arg("--baseline")
        .arg(&baseline)
        .arg("--format")
        .arg(format);
    if github {
        command.env("GITHUB_ACTIONS", "true");
    }
    run(&mut command)
}

fn toml_quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn hostile_names_and_values_keep_every_format_intact() {
    let dir = tempfile::tempdir().unwrap();

    let (code, text, stderr) = check_hostile(dir.path(), "text", false);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a raw control character in the text output:\n{text:?}"
    );
    assert!(
        !text.lines().any(|l| l.starts_with("PASS")),
        "a value forged a line:\n{text}"
    );
    assert!(text.contains("NEW: content/a|b `c` <d>"), "{text}");
    assert!(text.contains("fixed: ordering/member-order"), "{text}");

    let (code, xml, _) = check_hostile(dir.path(), "junit", false);
    assert_eq!(code, 1);
    assert!(!xml.contains("]]>"), "{xml}");
    assert_junit_valid(&xml);

    let (code, sarif, _) = check_hostile(dir.path(), "sarif", false);
    assert_eq!(code, 1);
    let log = assert_sarif_valid(&sarif);
    let message = log["runs"][0]["results"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(message.contains(HOSTILE), "values kept whole: {message}");

    let (code, json, _) = check_hostile(dir.path(), "json", false);
    assert_eq!(code, 1);
    let outcome: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(outcome["new"][0]["cause"], HOSTILE);
    assert_eq!(outcome["new"][0]["examples"][0]["field"], HOSTILE);

    // Under GitHub Actions, the workflow commands follow the output: one line each.
    let (code, stdout, _) = check_hostile(dir.path(), "json", true);
    assert_eq!(code, 1);
    let commands = stdout
        .strip_prefix(json.as_str())
        .expect("the normal output comes first");
    let lines: Vec<&str> = commands.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "one error (new) and one notice (fixed):\n{commands}"
    );
    assert!(!commands.contains('\r'));
    for (line, kind) in lines.iter().zip(["::error title=", "::notice title="]) {
        let rest = line.strip_prefix(kind).unwrap_or_else(|| panic!("{line}"));
        let (title, message) = rest.split_once("::").unwrap_or_else(|| panic!("{line}"));
        assert!(!title.contains([':', ',']), "unescaped title: {title}");
        assert!(!message.chars().any(|c| c.is_control()), "{message:?}");
    }
    assert!(lines[0].contains("a|b `c` <d> & \"e\" ]]> f\\ng\\rPASS: forged %2525 50%25 x::y, z"));
}
