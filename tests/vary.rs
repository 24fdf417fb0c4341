//! `whydiff vary` on real builds: a C program and the corpus's Python package with a C extension
//! (`corpus/gen/sources-build/tinyext`, the source of the wheel-mixed and
//! wheel-two-dirs-two-times pairs), each cause confirmed by the variation that produces it; a
//! build made reproducible by its flags; a build writing a random token (intrinsic, blamed on
//! no variation); a variation this machine cannot apply, skipped with a note.
//!
//! The tools (gcc, libfaketime, Debian's python3 with setuptools, wheel and pip) are installed
//! by `.ci/run`; where one is missing a test prints a notice and returns, unless `CI` is set.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Whether `program` is on PATH.
fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Whether libfaketime is installed (the time variation needs it).
fn faketime() -> bool {
    Path::new("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1").is_file()
        || Path::new("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1").is_file()
}

/// `true` when every requirement holds; otherwise a notice (a failure under CI) and `false`.
fn require(what: &str, present: bool) -> bool {
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {what} is missing (.ci/run installs it)"
        );
        eprintln!("NOTICE: vary test skipped: {what} is not installed");
    }
    present
}

/// A fresh source directory holding the corpus's hello.c.
fn c_source() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::copy(
        common::root().join("corpus/gen/sources-build/c/hello.c"),
        dir.path().join("hello.c"),
    )
    .expect("hello.c copies");
    dir
}

/// Runs `whydiff vary ARGS -- COMMAND` in `source`; returns the exit code and standard output.
fn vary(source: &Path, args: &[&str], command: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::cargo_bin("whydiff")
        .expect("the binary builds")
        .arg("vary")
        .arg("--source")
        .arg(source)
        .args(args)
        .arg("--")
        .args(command)
        .output()
        .expect("whydiff runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Each root difference's (category, path joined, confirmed_by).
fn roots(report: &Value) -> Vec<(String, String, Vec<String>)> {
    report["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .filter(|d| d["category"] != "derived")
        .map(|d| {
            let path: Vec<&str> = d["path"]
                .as_array()
                .expect("path")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let confirmed = d["confirmed_by"]
                .as_array()
                .unwrap_or_else(|| panic!("a root without confirmed_by: {d}"))
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            (
                d["category"].as_str().unwrap_or("").to_owned(),
                path.join(" › "),
                confirmed,
            )
        })
        .collect()
}

/// Asserts that every root of `category` is confirmed by exactly `[variation]`, and that there
/// is one.
fn assert_confirmed(roots: &[(String, String, Vec<String>)], category: &str, variation: &str) {
    let of: Vec<_> = roots.iter().filter(|(c, _, _)| c == category).collect();
    assert!(!of.is_empty(), "no {category} difference in {roots:#?}");
    for (_, path, confirmed) in of {
        assert_eq!(
            confirmed,
            &[variation.to_owned()],
            "{category} at {path}: confirmed_by {confirmed:?}"
        );
    }
}

#[test]
fn a_c_program_time_and_build_path_are_each_confirmed_by_their_variation() {
    if !require("gcc", installed("gcc")) || !require("libfaketime (faketime)", faketime()) {
        return;
    }
    let source = c_source();
    let json = source.path().join("..").join(format!(
        "vary-c-{}.json",
        source.path().file_name().unwrap().to_string_lossy()
    ));
    let (code, text, stderr) = vary(
        source.path(),
        &[
            "--vary",
            "time,build_path",
            "--json",
            &json.to_string_lossy(),
        ],
        &[
            "sh",
            "-c",
            "gcc -g -O0 -o hello hello.c && date -u > stamp.txt",
        ],
    );
    assert_eq!(code, 1, "{text}{stderr}");
    let report = common::validate_report(&std::fs::read_to_string(&json).unwrap());
    let _ = std::fs::remove_file(&json);
    let roots = roots(&report);
    assert_confirmed(&roots, "timestamp", "time");
    assert_confirmed(&roots, "build-path", "build-path");
    assert!(roots.iter().any(|(_, p, _)| p == "stamp.txt"), "{roots:#?}");
    assert!(
        roots.iter().any(|(_, p, _)| p.starts_with("hello")),
        "{roots:#?}"
    );
    // The text: the comparison report, then the table.
    assert!(text.contains("variation"), "{text}");
    assert!(text.contains("time        timestamp/build-time"), "{text}");
    assert!(
        text.contains("build-path  build-path/build-directory"),
        "{text}"
    );
    assert!(text.contains("not reproducible"), "{text}");
}

/// Debian's python3 with setuptools, wheel and pip (the pyenv python on PATH may lack wheel).
fn system_python_with_wheel() -> bool {
    std::process::Command::new("/usr/bin/python3")
        .args(["-c", "import setuptools, wheel, pip"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_wheel_with_a_c_extension_time_build_path_and_umask_are_confirmed() {
    if !require("gcc", installed("gcc"))
        || !require("libfaketime (faketime)", faketime())
        || !require(
            "/usr/bin/python3 with setuptools, wheel and pip (python3-setuptools python3-wheel python3-pip python3-dev)",
            system_python_with_wheel(),
        )
    {
        return;
    }
    let source: PathBuf = common::root().join("corpus/gen/sources-build/tinyext");
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("vary.json");
    let (code, text, stderr) = vary(
        &source,
        &[
            "--vary",
            "time,build-path,umask",
            "--artifacts",
            "dist/*.whl",
            "--json",
            &json.to_string_lossy(),
        ],
        &[
            "/usr/bin/python3",
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-cache-dir",
            "-w",
            "dist",
            ".",
        ],
    );
    assert_eq!(code, 1, "{text}{stderr}");
    let report_text = std::fs::read_to_string(&json).unwrap();
    let report = common::validate_report(&report_text);
    let roots = roots(&report);
    // The causes the corpus pairs of this source label (wheel-mixed: build-path, permissions,
    // timestamp), each confirmed by the variation that produces it.
    assert_confirmed(&roots, "timestamp", "time");
    assert_confirmed(&roots, "build-path", "build-path");
    assert_confirmed(&roots, "permissions", "umask");
    assert!(
        roots
            .iter()
            .all(|(c, _, _)| ["timestamp", "build-path", "permissions"].contains(&c.as_str())),
        "{roots:#?}"
    );
    // The catalogue merges the report and says what confirmed each cause.
    let catalogue = assert_cmd::Command::cargo_bin("whydiff")
        .unwrap()
        .arg("catalogue")
        .arg(&json)
        .output()
        .unwrap();
    assert!(catalogue.status.success());
    let catalogue = String::from_utf8_lossy(&catalogue.stdout);
    assert!(
        catalogue.contains("Reproduced by varying: `build-path`"),
        "{catalogue}"
    );
    assert!(
        catalogue.contains("Reproduced by varying: `time`"),
        "{catalogue}"
    );
}

#[test]
fn a_build_reproducible_by_its_flags_is_reproducible_under_all_variations() {
    if !require("gcc", installed("gcc")) {
        return;
    }
    let source = c_source();
    let (code, text, stderr) = vary(
        source.path(),
        &["--vary", "all"],
        &[
            "sh",
            "-c",
            "export SOURCE_DATE_EPOCH=1700000000; \
             gcc -g -O1 -ffile-prefix-map=\"$PWD\"=. -o hello hello.c && chmod 0755 hello && \
             date -u -d \"@$SOURCE_DATE_EPOCH\" > stamp.txt && chmod 0644 stamp.txt && \
             touch -d \"@$SOURCE_DATE_EPOCH\" hello stamp.txt",
        ],
    );
    assert_eq!(code, 0, "{text}{stderr}");
    assert!(text.contains("reproducible under all variations"), "{text}");
}

#[test]
fn a_random_token_differs_between_two_controls_and_is_intrinsic() {
    let source = tempfile::tempdir().unwrap();
    std::fs::write(
        source.path().join("README"),
        "a build writing a random token\n",
    )
    .unwrap();
    let (code, text, stderr) = vary(
        source.path(),
        &["--vary", "build-path,locale", "--format", "json"],
        &["sh", "-c", "head -c8 /dev/urandom | od -An -tx1 > out.txt"],
    );
    assert_eq!(code, 1, "{text}{stderr}");
    let report = common::validate_report(&text);
    let roots = roots(&report);
    let token: Vec<_> = roots.iter().filter(|(_, p, _)| p == "out.txt").collect();
    assert!(!token.is_empty(), "{roots:#?}");
    for (category, _, confirmed) in token {
        assert!(confirmed.is_empty(), "blamed on {confirmed:?} ({category})");
        // The controls show the build made it: what its shape suggested is now its cause.
        assert_eq!(category, "randomness", "{roots:#?}");
    }
    // The text says it is the build's own nondeterminism.
    let (_, text, _) = vary(
        source.path(),
        &["--vary", "build-path"],
        &["sh", "-c", "head -c8 /dev/urandom | od -An -tx1 > out.txt"],
    );
    assert!(text.contains("(intrinsic)"), "{text}");
}

/// `whydiff vary` run as an unprivileged user (through setpriv when the tests run as root).
fn vary_unprivileged(source: &Path, args: &[&str], command: &[&str]) -> (i32, String, String) {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    // A copy of the binary anyone can run: the checkout may be in a directory only root enters.
    let bin_dir = tempfile::tempdir().expect("a temp dir");
    let mut runner = if root {
        let bin = bin_dir.path().join("whydiff");
        std::fs::copy(assert_cmd::cargo::cargo_bin("whydiff"), &bin).expect("the binary copies");
        for path in [bin_dir.path(), bin.as_path()] {
            std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
                .expect("chmod");
        }
        let mut runner = std::process::Command::new("setpriv");
        runner.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        runner.arg(bin);
        runner
    } else {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("whydiff"))
    };
    let output = runner
        .arg("vary")
        .arg("--source")
        .arg(source)
        .args(args)
        .arg("--")
        .args(command)
        .env("HOME", source)
        .output()
        .expect("whydiff runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_variation_this_machine_cannot_apply_is_skipped_with_a_note() {
    // Not root (or made not root): the user variation cannot be applied.
    let source = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        source.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    std::fs::write(source.path().join("in.txt"), "x\n").unwrap();
    let command = ["sh", "-c", "cp in.txt out.txt"];
    let (code, text, stderr) = vary_unprivileged(
        source.path(),
        &["--vary", "user_group,build-path"],
        &command,
    );
    assert_eq!(code, 0, "{text}{stderr}");
    assert!(
        text.contains("skipped: user: whydiff does not run as root"),
        "{text}"
    );
    assert!(
        text.contains("reproducible under all variations applied (build-path)"),
        "{text}"
    );
    let (code, text, _) = vary_unprivileged(
        source.path(),
        &["--vary", "user,build-path", "--format", "json"],
        &command,
    );
    assert_eq!(code, 0);
    let report = common::validate_report(&text);
    assert!(
        report["notes"]
            .to_string()
            .contains("variation user skipped"),
        "{report}"
    );
    // Nothing at all to vary is trouble.
    let (code, _, stderr) = vary_unprivileged(source.path(), &["--vary", "user"], &command);
    assert_eq!(code, 2);
    assert!(stderr.contains("none of the variations"), "{stderr}");
}

#[test]
fn file_order_is_confirmed_through_disorderfs_or_skipped_with_a_note() {
    let source = tempfile::tempdir().unwrap();
    let listed = source.path().join("d");
    std::fs::create_dir(&listed).unwrap();
    for name in [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
    ] {
        std::fs::write(listed.join(name), name).unwrap();
    }
    let (code, text, stderr) = vary(
        source.path(),
        &["--vary", "fileordering,locale", "--format", "json"],
        &["sh", "-c", "ls -f d | grep -v '^[.]' > list.txt"],
    );
    let report = common::validate_report(&text);
    let notes = report["notes"].to_string();
    if notes.contains("variation file-order skipped") {
        // No disorderfs or no FUSE here: said, and nothing else differs.
        assert_eq!(code, 0, "{text}{stderr}");
        eprintln!("NOTICE: file-order could not be applied here: {notes}");
        return;
    }
    assert_eq!(code, 1, "{text}{stderr}");
    let roots = roots(&report);
    assert!(!roots.is_empty());
    for (category, path, confirmed) in &roots {
        assert_eq!(path, "list.txt");
        assert_eq!(category, "ordering");
        assert_eq!(confirmed, &["file-order"]);
    }
}

#[test]
fn bad_options_failed_builds_and_missing_artifacts_exit_2() {
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("in.txt"), "x\n").unwrap();
    let (code, _, stderr) = vary(source.path(), &["--vary", "time,clock"], &["true"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown variation \"clock\""), "{stderr}");
    assert!(stderr.contains("build-path"), "{stderr}");
    let (code, _, stderr) = vary(
        source.path(),
        &["--vary", "umask"],
        &["sh", "-c", "echo oops >&2; exit 3"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("the control build failed"), "{stderr}");
    assert!(stderr.contains("oops"), "{stderr}");
    let (code, _, stderr) = vary(
        source.path(),
        &["--vary", "umask", "--artifacts", "dist/*.whl"],
        &["sh", "-c", "cp in.txt out.txt"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no artifact"), "{stderr}");
}

#[test]
fn a_difference_only_two_variations_together_produce_is_found_by_bisection() {
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("README"), "a build with a combination\n").unwrap();
    let (code, text, stderr) = vary(
        source.path(),
        &["--vary", "umask,timezone,locale,jobs", "--format", "json"],
        &[
            "sh",
            "-c",
            "echo base > out.txt; chmod 0644 out.txt; \
             if [ \"$(umask)\" = 0002 ] && [ \"$TZ\" = GMT-14 ]; then echo both >> out.txt; fi",
        ],
    );
    assert_eq!(code, 1, "{text}{stderr}");
    let report = common::validate_report(&text);
    let roots = roots(&report);
    assert_eq!(roots.len(), 1, "{roots:#?}");
    assert_eq!(roots[0].1, "out.txt");
    assert_eq!(roots[0].2, ["umask", "timezone"]);
}

/// The Python on PATH (any version): it only prints a set.
fn python() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("-c")
            .arg("pass")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn hash_order_is_intrinsic_unless_the_hash_seed_is_varied_then_it_is_confirmed() {
    if !require("python3", python().is_some()) {
        return;
    }
    let python = python().unwrap_or("python3");
    let source = tempfile::tempdir().unwrap();
    std::fs::write(
        source.path().join("names.txt"),
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho \
         sigma tau upsilon\n",
    )
    .unwrap();
    let script =
        format!("{python} -c \"print(' '.join(set(open('names.txt').read().split())))\" > set.txt");
    let command = ["sh", "-c", script.as_str()];
    // Without the hash-seed variation, PYTHONHASHSEED is left alone: random in every build.
    let (code, text, stderr) = vary(
        source.path(),
        &["--vary", "build-path", "--format", "json"],
        &["env", "-u", "PYTHONHASHSEED", "sh", "-c", script.as_str()],
    );
    assert_eq!(code, 1, "{text}{stderr}");
    let intrinsic = roots(&common::validate_report(&text));
    assert!(!intrinsic.is_empty());
    assert!(
        intrinsic.iter().all(|(_, _, c)| c.is_empty()),
        "{intrinsic:#?}"
    );
    assert!(
        intrinsic
            .iter()
            .all(|(category, _, _)| category == "ordering"),
        "{intrinsic:#?}"
    );
    // With it, the controls pin the seed and the varied build changes it.
    let (code, text, stderr) = vary(
        source.path(),
        &["--vary", "hash-seed,build-path", "--format", "json"],
        &command,
    );
    assert_eq!(code, 1, "{text}{stderr}");
    let confirmed = roots(&common::validate_report(&text));
    assert!(!confirmed.is_empty());
    for (_, path, by) in &confirmed {
        assert_eq!(path, "set.txt");
        assert_eq!(by, &["hash-seed"]);
    }
}

#[test]
fn parallel_builds_each_see_the_build_path_they_would_alone() {
    let source = tempfile::tempdir().unwrap();
    std::fs::write(
        source.path().join("README"),
        "a build writing its directory\n",
    )
    .unwrap();
    let (code, text, stderr) = vary(
        source.path(),
        &[
            "-j",
            "3",
            "--vary",
            "build-path,umask,locale",
            "--format",
            "json",
        ],
        &["sh", "-c", "pwd > pwd.txt"],
    );
    assert_eq!(code, 1, "{text}{stderr}");
    let report = common::validate_report(&text);
    let content = report["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"][0] == "pwd.txt" && d["field"].is_null())
        .unwrap_or_else(|| panic!("no content difference in pwd.txt: {report}"));
    // Whether the builds ran at once (each in a mount namespace) or one after the other, the
    // control ran in the control directory and the varied build in the other one.
    assert!(
        content["left"]
            .as_str()
            .unwrap()
            .trim_end()
            .ends_with("/control/src"),
        "{content}"
    );
    assert!(
        content["right"]
            .as_str()
            .unwrap()
            .trim_end()
            .ends_with("/varied-build-path/source-tree-b"),
        "{content}"
    );
    assert_eq!(content["confirmed_by"], serde_json::json!(["build-path"]));
}
