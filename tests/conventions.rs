//! The command line's conventions (issue 14): colour only where asked and never in a pipe,
//! `-q`, `--exclude`, `-o -`, `-` and process substitutions as inputs, symbolic links given as
//! inputs, files named like commands, one-line errors.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use common::{pair, validate_report};
use serde_json::Value;

fn whydiff() -> Command {
    let mut command = Command::cargo_bin("whydiff").expect("the binary builds");
    // The tests' own environment must not decide colour.
    command.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    command
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 errors")
}

const ESC: char = '\u{1b}';

/// The text without its ANSI SGR sequences.
fn strip_colour(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == ESC {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn edit_pair() -> (PathBuf, PathBuf) {
    let dir = pair("zip-edit-and-mtime");
    (dir.join("a"), dir.join("b"))
}

fn text_report(extra: &[&str], env: &[(&str, &str)]) -> String {
    let (a, b) = edit_pair();
    let mut command = whydiff();
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.args(extra).arg(&a).arg(&b).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn a_pipe_gets_plain_text_and_color_always_only_adds_escapes() {
    let plain = text_report(&[], &[]);
    assert!(!plain.contains(ESC), "colour in a pipe:\n{plain}");
    let coloured = text_report(&["--color", "always"], &[]);
    assert!(coloured.contains(ESC), "no colour with --color always");
    // Colour marks the verdict, the categories and both sides of a value.
    assert!(coloured.contains("\u{1b}[1m\u{1b}[31mNOT REPRODUCIBLE\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[31m2021-01-01T00:00:00\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[32m2023-06-15T12:34:56\u{1b}[0m"));
    assert_eq!(strip_colour(&coloured), plain, "colour changed the text");
    let never = text_report(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]);
    assert_eq!(never, plain);
}

#[test]
fn clicolor_force_colours_a_pipe_and_no_color_wins_over_it() {
    let forced = text_report(&[], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains(ESC), "CLICOLOR_FORCE ignored");
    let plain = text_report(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!plain.contains(ESC), "NO_COLOR ignored");
    // An explicit --color always is a choice the environment does not override.
    let always = text_report(&["--color", "always"], &[("NO_COLOR", "1")]);
    assert!(always.contains(ESC));
}

/// Runs `command` on a pseudo-terminal with `script` (util-linux), or says why not.
fn on_a_terminal(command: &str, env: &[(&str, &str)]) -> Option<String> {
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        println!("skipped: /usr/bin/script (util-linux) is absent, no pseudo-terminal to test on");
        return None;
    }
    let mut run = std::process::Command::new(script);
    run.args([
        "-qec",
        &format!("stty rows 40 cols 72; {command}"),
        "/dev/null",
    ])
    .env_remove("NO_COLOR")
    .env_remove("CLICOLOR_FORCE")
    .env("TERM", "xterm");
    for (key, value) in env {
        run.env(key, value);
    }
    let output = run.output().unwrap();
    Some(String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"))
}

fn terminal_command(extra: &str) -> String {
    let (a, b) = edit_pair();
    let bin = assert_cmd::cargo::cargo_bin("whydiff");
    format!(
        "{} {extra} {} {} 2>/dev/null",
        bin.display(),
        a.display(),
        b.display()
    )
}

#[test]
fn a_terminal_gets_colour_wrapped_lines_and_no_color_is_honoured() {
    let Some(shown) = on_a_terminal(&terminal_command("--no-pager"), &[]) else {
        return;
    };
    assert!(shown.contains(ESC), "no colour on a terminal:\n{shown}");
    let widest = strip_colour(&shown)
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(
        widest <= 72,
        "a line of {widest} columns on a 72-column terminal"
    );
    let shown = on_a_terminal(&terminal_command("--no-pager"), &[("NO_COLOR", "1")]).unwrap();
    assert!(!shown.contains(ESC), "NO_COLOR ignored on a terminal");
    assert!(shown.contains("NOT REPRODUCIBLE"));
}

#[test]
fn a_terminal_pages_through_pager_unless_no_pager() {
    let work = tempfile::tempdir().unwrap();
    let paged = work.path().join("paged");
    let pager = format!("cat > {}", paged.display());
    let Some(shown) = on_a_terminal(&terminal_command(""), &[("PAGER", &pager)]) else {
        return;
    };
    let text = std::fs::read_to_string(&paged).expect("the pager ran");
    assert!(text.contains("NOT REPRODUCIBLE"), "{text}");
    assert!(
        !shown.contains("NOT REPRODUCIBLE"),
        "printed besides the pager"
    );
    std::fs::remove_file(&paged).unwrap();
    let shown = on_a_terminal(&terminal_command("--no-pager"), &[("PAGER", &pager)]).unwrap();
    assert!(!paged.exists(), "--no-pager paged");
    assert!(shown.contains("NOT REPRODUCIBLE"));
}

#[test]
fn brief_prints_the_verdict_line_with_the_same_exit_status() {
    let full = text_report(&[], &[]);
    let brief = text_report(&["-q"], &[]);
    assert_eq!(brief, format!("{}\n", full.lines().next().unwrap()));
    let dir = pair("identical-zip");
    let output = whydiff()
        .arg("--brief")
        .arg(dir.join("a"))
        .arg(dir.join("b"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("identical: ") && text.lines().count() == 1,
        "{text}"
    );
}

fn json_report(args: &[&std::ffi::OsStr]) -> (i32, Value) {
    let output = whydiff()
        .args(["diff", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report = validate_report(&stdout(&output));
    (output.status.code().unwrap(), report)
}

fn paths(report: &Value) -> Vec<String> {
    let mut paths: Vec<String> = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let segments: Vec<&str> = d["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            segments.join("/")
        })
        .collect();
    paths.dedup();
    paths
}

#[test]
fn exclude_leaves_members_out_at_every_level() {
    let work = tempfile::tempdir().unwrap();
    for (side, text) in [("a", "one"), ("b", "two")] {
        let dir = work.path().join(side).join("pkg/__pycache__");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("core.cpython-311.pyc"), text).unwrap();
        std::fs::write(work.path().join(side).join("pkg/core.py"), text).unwrap();
        std::fs::write(work.path().join(side).join("notes.pyc"), text).unwrap();
    }
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    let (code, report) = json_report(&[a.as_os_str(), b.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(
        paths(&report),
        [
            "notes.pyc",
            "pkg/__pycache__/core.cpython-311.pyc",
            "pkg/core.py"
        ]
    );
    let (code, report) = json_report(&[
        "--exclude".as_ref(),
        "*.pyc".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert_eq!((code, paths(&report)), (1, vec!["pkg/core.py".to_owned()]));
    let (code, report) = json_report(&[
        "--exclude".as_ref(),
        "__pycache__".as_ref(),
        "--exclude".as_ref(),
        "pkg/core.py".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert_eq!((code, paths(&report)), (1, vec!["notes.pyc".to_owned()]));
    // Inside an archive: the edited member of the zip is left out, its timestamps stay.
    let (a, b) = edit_pair();
    let (code, report) = json_report(&[
        "--exclude".as_ref(),
        "core.py".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert_eq!(code, 1);
    assert!(!report["summary"]
        .as_object()
        .unwrap()
        .contains_key("content"));
    assert!(!paths(&report).iter().any(|p| p.contains("core.py")));
    assert!(report["summary"]["timestamp"].as_u64().unwrap() > 0);
    // Everything that differs excluded: identical, exit 0.
    let (code, report) = json_report(&[
        "--exclude".as_ref(),
        "*".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert_eq!((code, &report["identical"]), (0, &Value::Bool(true)));
    let output = whydiff()
        .args(["--exclude", "*"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("identical: ")
            && text.contains("differ only in members --exclude left out"),
        "{text}"
    );
    assert!(
        text.contains("notes\n  .: 1 member left out (--exclude)\n"),
        "{text}"
    );
    let output = whydiff()
        .args(["--exclude", "*", "--format", "markdown"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let markdown = stdout(&output);
    assert!(
        markdown.starts_with("### ✅ No differences\n\n") && !markdown.contains("byte-identical"),
        "{markdown}"
    );
}

#[test]
fn output_dash_is_standard_output_for_every_command() {
    let work = tempfile::tempdir().unwrap();
    let (a, b) = edit_pair();
    let run = |args: &[&std::ffi::OsStr]| {
        let output = whydiff()
            .current_dir(work.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            !work.path().join("-").exists(),
            "a file named - was written"
        );
        output
    };
    let output = run(&[
        "diff".as_ref(),
        "-o".as_ref(),
        "-".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    validate_report(&report);
    let saved = work.path().join("report.json");
    std::fs::write(&saved, &report).unwrap();
    for args in [
        vec!["catalogue", "--output", "-", "report.json"],
        vec!["baseline", "-o", "-", "--report", "report.json"],
        vec!["fingerprint", "-o", "-", "report.json"],
        vec!["completions", "-o", "-", "bash"],
        vec!["manpage", "-o", "-"],
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        let output = run(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!output.stdout.is_empty(), "{args:?} printed nothing");
    }
    // `-o FILE` still writes the file, and nothing to standard output.
    let output = run(&[
        "-o".as_ref(),
        "out.txt".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let text = std::fs::read_to_string(work.path().join("out.txt")).unwrap();
    assert_eq!(text, text_report(&[], &[]));
}

#[test]
fn dash_reads_one_build_from_standard_input() {
    let (a, b) = edit_pair();
    let (a, b) = (a.join("pkg.zip"), b.join("pkg.zip"));
    let from_files = whydiff()
        .args(["--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let output = whydiff()
        .args(["--format", "json"])
        .arg(&a)
        .arg("-")
        .write_stdin(std::fs::read(&b).unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let (mut piped, mut files) = (
        validate_report(&stdout(&output)),
        validate_report(&stdout(&from_files)),
    );
    assert_eq!(piped["right"]["path"], "-");
    assert_eq!(piped["right"]["sha256"], files["right"]["sha256"]);
    // The same differences, under the name standard input has.
    for report in [&mut piped, &mut files] {
        report["left"]["path"] = Value::Null;
        report["right"]["path"] = Value::Null;
        for d in report["differences"].as_array_mut().unwrap() {
            d["path"][0] = Value::Null;
        }
    }
    assert_eq!(piped["differences"], files["differences"]);
    // Past the member-size limit, standard input is refused, naming the limit.
    let output = whydiff()
        .args(["--max-member-size", "100"])
        .arg(&a)
        .arg("-")
        .write_stdin(std::fs::read(&b).unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "whydiff: -: longer than the member-size limit of 100 bytes (--max-member-size)\n"
    );
    let output = whydiff().args(["-", "-"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_process_substitution_is_read_as_a_file() {
    let bash = Path::new("/bin/bash");
    if !bash.exists() {
        println!("skipped: no /bin/bash for a process substitution");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("whydiff");
    let output = std::process::Command::new(bash)
        .arg("-c")
        .arg(format!(
            "{} -q <(printf 'one\\n') <(printf 'two\\n')",
            bin.display()
        ))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("NOT REPRODUCIBLE: /dev/fd/"), "{text}");
    assert!(text.contains("1 root category (content)"), "{text}");
}

#[test]
fn symlinks_given_as_inputs_are_followed() {
    let work = tempfile::tempdir().unwrap();
    let (a, b) = edit_pair();
    let (link_a, link_b) = (work.path().join("left"), work.path().join("right"));
    std::os::unix::fs::symlink(&a, &link_a).unwrap();
    std::os::unix::fs::symlink(b.join("pkg.zip"), &link_b).unwrap();
    let (_, direct) = json_report(&[a.as_os_str(), b.as_os_str()]);
    let (code, linked) = json_report(&[link_a.as_os_str(), b.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(linked["differences"], direct["differences"]);
    assert_eq!(linked["left"]["sha256"], direct["left"]["sha256"]);
    let (code, file) = json_report(&[a.join("pkg.zip").as_os_str(), link_b.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(file["summary"], direct["summary"]);
    let output = whydiff().arg("fingerprint").arg(&link_b).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_file_named_like_a_command_is_compared_when_spelled_as_a_path() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("help"), "one\n").unwrap();
    std::fs::write(work.path().join("fingerprint"), "two\n").unwrap();
    std::fs::write(work.path().join("other"), "three\n").unwrap();
    let run = |args: &[&str]| {
        whydiff()
            .current_dir(work.path())
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["./help", "fingerprint"][..],
        &["--", "help", "fingerprint"],
        &["diff", "help", "fingerprint"],
        &["-q", "help", "./fingerprint"],
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).starts_with("NOT REPRODUCIBLE"), "{args:?}");
    }
    // Spelled as a command, it is the command; the error says how to compare the file.
    let output = run(&["help", "other"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("to compare the file \"help\", write ./help"),
        "{}",
        stderr(&output)
    );
    let output = run(&["fingerprint", "help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).ends_with("  help\n"));
}

#[test]
fn errors_are_one_line_naming_the_path_and_the_reason_once() {
    let existing = pair("gzip-level").join("a");
    for args in [
        vec![
            "/nonexistent/left.whl".to_owned(),
            existing.display().to_string(),
        ],
        vec![
            existing.display().to_string(),
            "/nonexistent/left.whl".to_owned(),
        ],
        vec!["fingerprint".to_owned(), "/nonexistent/left.whl".to_owned()],
        vec!["catalogue".to_owned(), "/nonexistent/left.whl".to_owned()],
        vec![
            "check".to_owned(),
            "--report".to_owned(),
            "/nonexistent/left.whl".to_owned(),
            "--baseline".to_owned(),
            existing.display().to_string(),
        ],
    ] {
        let output = whydiff().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
        let message = stderr(&output);
        if args[0] == "check" {
            // The baseline is read first: a directory is not a baseline.
            assert_eq!(message.lines().count(), 1, "{message}");
            continue;
        }
        assert_eq!(
            message, "whydiff: /nonexistent/left.whl: No such file or directory (os error 2)\n",
            "{args:?}"
        );
    }
    let output = whydiff()
        .args(["--exclude", "a\\"])
        .arg(&existing)
        .arg(&existing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
}

#[test]
fn the_old_option_names_still_work() {
    let (a, b) = edit_pair();
    for args in [
        ["--max-depth", "0"],
        ["--max-container-depth", "0"],
        ["-j", "1"],
        ["--jobs", "1"],
    ] {
        let output = whydiff().args(args).arg(&a).arg(&b).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
