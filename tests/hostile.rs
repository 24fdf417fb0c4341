//! Hostile inputs, each compared by the `whydiff` binary in a child process under a time bound and
//! an address-space cap (`setrlimit(RLIMIT_AS)`, 768 MiB), its peak resident memory read back with
//! `wait4`: bombs and overlapping entries finish in seconds under 512 MiB with a note naming any
//! budget hit; lying headers and absurd names give a note or a difference, never a crash, a hang
//! or an unbounded allocation. The inputs are built in Rust (`tests/craft`).

mod craft;

use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use craft::Entry;

/// The address space a run may reserve: a hard stop a little above the peak asserted, since
/// thread stacks and allocator arenas reserve address space they never touch. (Every run here
/// also passes under 512 MiB; the margin keeps the test from depending on the allocator.)
const ADDRESS_SPACE: u64 = 768 << 20;
/// The address space of a run allowed to nest 1,000 levels: its worker stacks are sized for
/// that depth, reserved (not used) up front.
const DEEP_ADDRESS_SPACE: u64 = 2 << 30;
/// The peak resident memory every run must stay under.
const MAX_RSS: u64 = 512 << 20;
/// The time any one run may take (a debug build, on a shared 2-core machine).
const TIME_BOUND: Duration = Duration::from_secs(60);

/// How a run ended.
struct Outcome {
    /// The exit status (a signal is a failure of the test).
    code: i32,
    /// The report (text, verbose).
    report: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident set size, in bytes.
    max_rss: u64,
}

impl Outcome {
    fn has_note(&self, text: &str) -> bool {
        self.report
            .lines()
            .skip_while(|l| *l != "notes")
            .any(|l| l.contains(text))
    }

    /// The run differed (exit 1) without crashing, within the time and memory bounds.
    fn assert_differs(&self, what: &str) {
        assert_eq!(
            self.code, 1,
            "{what}: exit {}\n{}{}",
            self.code, self.report, self.stderr
        );
        self.assert_bounded(what);
    }

    fn assert_bounded(&self, what: &str) {
        assert!(
            self.max_rss < MAX_RSS,
            "{what}: peak RSS {} MiB",
            self.max_rss >> 20
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{what}: a panic (caught or not)\n{}",
            self.stderr
        );
        if std::env::var_os("WHYDIFF_SHOW_REPORTS").is_some() {
            eprintln!("{}", self.report);
        }
        eprintln!(
            "{what}: exit {}, {:.2} s, {} MiB peak",
            self.code,
            self.elapsed.as_secs_f64(),
            self.max_rss >> 20
        );
    }
}

/// Runs `whydiff -v --jobs 2 ARGS LEFT RIGHT` (ARGS may give another `--jobs`) under
/// [`ADDRESS_SPACE`] and [`TIME_BOUND`].
fn whydiff(left: &Path, right: &Path, args: &[&str]) -> Outcome {
    whydiff_within(ADDRESS_SPACE, left, right, args)
}

/// [`whydiff`] under an address-space cap of `address_space` bytes.
// The child is reaped by wait4 (which also gives its peak memory), not by Child::wait.
#[allow(clippy::zombie_processes)]
fn whydiff_within(address_space: u64, left: &Path, right: &Path, args: &[&str]) -> Outcome {
    let scratch = tempfile::tempdir().unwrap();
    let stdout_path = scratch.path().join("stdout");
    let stderr_path = scratch.path().join("stderr");
    let mut command = Command::new(env!("CARGO_BIN_EXE_whydiff"));
    command
        .args(["diff", "-v"])
        .args(if args.contains(&"--jobs") {
            &[][..]
        } else {
            &["--jobs", "2"][..]
        })
        .args(args.iter().map(OsStr::new))
        .arg(left)
        .arg(right)
        .env("MALLOC_ARENA_MAX", "2")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    // SAFETY: setrlimit is async-signal-safe, and nothing else runs between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: address_space,
                rlim_max: address_space,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let child = command.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our child; status and usage are valid for writes.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break (status, usage);
        }
        assert_eq!(reaped, 0, "wait4: {}", std::io::Error::last_os_error());
        if started.elapsed() > TIME_BOUND {
            // SAFETY: pid is our child, not yet reaped.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, &mut status, 0);
            }
            panic!(
                "{} vs {}: still running after {TIME_BOUND:?}",
                left.display(),
                right.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(
        libc::WIFEXITED(status),
        "{}: killed by signal {} (stack overflow or memory cap?)\n{stderr}",
        left.display(),
        libc::WTERMSIG(status)
    );
    Outcome {
        code: libc::WEXITSTATUS(status),
        report: std::fs::read_to_string(&stdout_path).unwrap_or_default(),
        stderr,
        elapsed,
        max_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
    }
}

/// Writes a pair of inputs named `name` under `dir`.
fn pair(dir: &Path, name: &str, left: &[u8], right: &[u8]) -> (PathBuf, PathBuf) {
    let paths = (dir.join("a"), dir.join("b"));
    for (side, data) in [(&paths.0, left), (&paths.1, right)] {
        std::fs::create_dir_all(side).unwrap();
        std::fs::write(side.join(name), data).unwrap();
    }
    (paths.0.join(name), paths.1.join(name))
}

fn compare(name: &str, left: &[u8], right: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = pair(dir.path(), name, left, right);
    whydiff(&a, &b, &[])
}

#[test]
fn a_nested_bomb_with_one_differing_leaf_decodes_only_that_path() {
    // 16 × 16 × 16 leaves of 16 MiB: 64 GiB expanded, 15 KB on disk.
    let left = craft::nested_bomb(16, 3, 16, false);
    let right = craft::nested_bomb(16, 3, 16, true);
    let run = compare("bomb.zip", &left, &right);
    run.assert_differs("16x16x16 bomb");
    assert!(
        run.report
            .contains("bomb.zip › 15.zip › 15.zip › 15.bin (bytes 0xffffff-0xffffff): 00 → 01"),
        "{}",
        run.report
    );
}

#[test]
fn a_42_zip_style_bomb_stops_at_the_ratio_budget() {
    // 16^4 leaves of 1 GiB each (64 TiB), one leaf differing in its last byte.
    let left = craft::nested_bomb(16, 4, 1024, false);
    let right = craft::nested_bomb(16, 4, 1024, true);
    let run = compare("42.zip", &left, &right);
    run.assert_differs("42.zip-style bomb");
    assert!(
        run.has_note(
            "15.zip › 15.zip › 15.zip › 15.bin: left: zip entry 15.bin expands more than 100 times"
        ),
        "{}",
        run.report
    );
    assert!(
        run.has_note("(the decompression ratio limit, --max-ratio); compared as encoded bytes"),
        "{}",
        run.report
    );
}

#[test]
fn a_gibibyte_deflate_bomb_is_cut_by_the_ratio_in_zip_and_gzip() {
    let (a, a_crc) = craft::zeros_deflate(1024, 0);
    let (b, b_crc) = craft::zeros_deflate(1024, 1);
    let zip = |stream: &[u8], crc| {
        craft::zip(&[Entry::raw_deflate("zeros", stream.to_vec(), crc, 1 << 30)])
    };
    let run = compare("bomb.zip", &zip(&a, a_crc), &zip(&b, b_crc));
    run.assert_differs("1 GiB zip bomb");
    assert!(
        run.has_note("bomb.zip › zeros: right: zip entry zeros expands more than 100 times"),
        "{}",
        run.report
    );

    let gz = |stream: &[u8], crc| craft::gzip_raw(stream, crc, 1 << 30, 0);
    let run = compare("bomb.gz", &gz(&a, a_crc), &gz(&b, b_crc));
    run.assert_differs("1 GiB gzip bomb");
    assert!(
        run.has_note("could not read as gzip: gzip stream expands more than 100 times"),
        "{}",
        run.report
    );
    assert!(
        run.has_note("--max-ratio); compared as binary"),
        "{}",
        run.report
    );

    // Raised by its flag, the member budget is what stops it.
    let dir = tempfile::tempdir().unwrap();
    let (l, r) = pair(dir.path(), "bomb.zip", &zip(&a, a_crc), &zip(&b, b_crc));
    let run = whydiff(
        &l,
        &r,
        &["--max-ratio", "100000", "--max-member-size", "128M"],
    );
    run.assert_differs("1 GiB zip bomb, member budget");
    assert!(
        run.has_note(
            "decodes to more than 134217728 bytes (the member size limit, --max-member-size)"
        ),
        "{}",
        run.report
    );
    // And the total budget, shared by the whole run, when it is the smallest.
    let run = whydiff(
        &l,
        &r,
        &["--max-ratio", "100000", "--max-total-size", "64M"],
    );
    run.assert_differs("1 GiB zip bomb, total budget");
    assert!(
        run.has_note("(the total decompression limit, --max-total-size)"),
        "{}",
        run.report
    );
}

#[test]
fn a_zip_containing_itself_ends() {
    let (left, right) = (craft::quine(1), craft::quine(2));
    let run = compare("self.zip", &left, &right);
    run.assert_differs("zip quine");
    assert!(
        run.report.contains("self.zip › self.zip › self.zip"),
        "{}",
        run.report
    );
    assert!(run.has_note("records overlap"), "{}", run.report);
    let same = compare("self.zip", &left, &left);
    assert_eq!(same.code, 0, "{}", same.report);
}

#[test]
fn a_thousand_overlapping_entries_are_decoded_once() {
    let (a, a_crc) = craft::zeros_deflate(10, 0);
    let (b, b_crc) = craft::zeros_deflate(10, 1);
    let left = craft::overlapping(1000, a, a_crc, 10 << 20);
    let right = craft::overlapping(1000, b, b_crc, 10 << 20);
    let run = compare("overlap.zip", &left, &right);
    run.assert_differs("1,000 overlapping entries");
    assert!(
        run.report
            .contains("overlap.zip › e0 (bytes 0x9fffff-0x9fffff): 00 → 01"),
        "{}",
        run.report
    );
    assert!(
        run.report
            .contains("overlap.zip › e999: the same encoded bytes as e0, compared there"),
        "{}",
        run.report
    );
    // 10 MiB per side once, not 1,000 times.
    assert!(
        run.max_rss < 200 << 20,
        "peak RSS {} MiB",
        run.max_rss >> 20
    );
}

#[test]
fn a_full_extra_field_of_one_repeated_block_takes_linear_time() {
    let copies = 0xffff / craft::ut_block(0).len();
    let left = craft::repeated_extra(copies, &craft::ut_block(1_600_000_000), b"same\n");
    let right = craft::repeated_extra(copies, &craft::ut_block(1_700_000_000), b"same\n");
    let run = compare("extra.zip", &left, &right);
    run.assert_differs("64 KB extra field");
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
    assert!(
        run.report.contains(&format!("zip.ut-mtime#{copies}")),
        "every copy is a field"
    );
}

#[test]
fn local_headers_that_disagree_with_the_central_directory_are_noted() {
    let base = Entry::deflated("pkg/a.txt", b"hello hello hello\n");
    let plain = craft::zip(std::slice::from_ref(&base));
    let variants = [
        (
            "name",
            Entry {
                local_name: Some(b"pkg/evil.txt".to_vec()),
                ..base.clone()
            },
        ),
        (
            "method",
            Entry {
                local_method: Some(0),
                ..base.clone()
            },
        ),
        (
            "sizes",
            Entry {
                local_sizes: Some((3, 0xffff_fff0)),
                ..base.clone()
            },
        ),
    ];
    for (what, entry) in variants {
        let run = compare("pkg.zip", &plain, &craft::zip(&[entry]));
        run.assert_differs(what);
        assert!(
            run.has_note("the local header disagrees with the central directory"),
            "{what}: {}",
            run.report
        );
        assert!(
            run.report.contains("zip.local-header-mismatch"),
            "{what}: {}",
            run.report
        );
    }
}

#[test]
fn duplicate_and_dangerous_member_names_are_reported_never_used_as_paths() {
    let names: [&[u8]; 5] = [
        b"dup.txt",
        b"dup.txt",
        b"/etc/whydiff-absolute",
        b"../../whydiff-escape",
        b"nul\0name",
    ];
    let zip = |tag: &str| {
        let entries: Vec<Entry> = names
            .iter()
            .enumerate()
            .map(|(i, name)| Entry {
                name: name.to_vec(),
                ..Entry::stored("x", format!("{tag} {i}\n").as_bytes())
            })
            .collect();
        craft::zip(&entries)
    };
    let tar = |tag: &str| {
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let data = format!("{tag} {i}\n");
            let mut header = craft::tar_header(
                name,
                format!("{:011o}\0", data.len()).as_bytes(),
                b'0',
                None,
            );
            header.truncate(512);
            out.extend_from_slice(&header);
            out.extend_from_slice(&craft::tar_data(data.as_bytes()));
        }
        out.extend_from_slice(&craft::tar_end());
        out
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, left, right) in [
        ("names.zip", zip("left"), zip("right")),
        ("names.tar", tar("left"), tar("right")),
    ] {
        let (a, b) = pair(dir.path(), name, &left, &right);
        let run = whydiff(&a, &b, &[]);
        run.assert_differs(name);
        for shown in ["dup.txt", "/etc/whydiff-absolute", "../../whydiff-escape"] {
            assert!(
                run.report.contains(&format!("{name} › {shown}")),
                "{name}: {shown}\n{}",
                run.report
            );
        }
        // Both members named dup.txt are compared, each with its own.
        assert!(
            run.report.contains("left 1") && run.report.contains("right 1"),
            "{}",
            run.report
        );
    }
    assert!(!Path::new("/etc/whydiff-absolute").exists());
    assert!(!dir.path().join("../../whydiff-escape").exists());
}

#[test]
fn tar_headers_with_absurd_numbers_and_pax_lengths_give_notes() {
    let member = craft::tar_member("ok.txt", b"fine\n");
    let with = |header: Vec<u8>| {
        let mut out = header;
        out.extend_from_slice(&member);
        out.extend_from_slice(&craft::tar_end());
        out
    };
    let plain = with(Vec::new());
    let mut negative = vec![0xffu8; 12];
    negative[11] = 0xfe;
    let mut base256 = vec![0x80u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0];
    base256[0] = 0x80;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "huge size",
            with(craft::tar_header(b"huge", b"77777777777\0", b'0', None)),
            "huge declares 8589934591 bytes of data at offset 512, past the end",
        ),
        (
            "negative base-256 size",
            with(craft::tar_header(b"negative", &negative, b'0', None)),
            "could not read as tar",
        ),
        (
            "base-256 size",
            with(craft::tar_header(b"big", &base256, b'0', None)),
            "big declares 4096 bytes of data at offset 512, past the end",
        ),
        (
            "absurd pax length",
            with(craft::pax_header(b"99999999999999999999999 path=x\n")),
            "1 malformed pax records were ignored",
        ),
        (
            "pax length of zero",
            with(craft::pax_header(b"0 path=x\n")),
            "1 malformed pax records were ignored",
        ),
        (
            "negative pax length",
            with(craft::pax_header(b"-5 path=x\n")),
            "1 malformed pax records were ignored",
        ),
        (
            "pax length past the header",
            with(craft::pax_header(b"4000 path=x\n")),
            "1 malformed pax records were ignored",
        ),
        (
            "pax size record of 2^64",
            with(craft::pax_header(
                craft::pax_record("size", "18446744073709551616").as_bytes(),
            )),
            "the pax size record \"18446744073709551616\" is not a size",
        ),
        (
            "bad checksum",
            with(craft::tar_header(
                b"bad",
                b"00000000000\0",
                b'0',
                Some(b"0000000\0"),
            )),
            "could not read as tar",
        ),
    ];
    for (what, right, note) in cases {
        let run = compare("x.tar", &plain, &right);
        run.assert_differs(what);
        assert!(
            run.has_note(note),
            "{what}: no note {note:?}\n{}",
            run.report
        );
    }
}

#[test]
fn gzip_with_many_members_and_trailing_garbage_is_read_or_noted() {
    let left = craft::gzip_members(10_000, b"member\n", b"");
    let right = craft::gzip_members(10_000, b"member\n", b"trailing garbage, not a gzip member");
    let run = compare("many.gz", &left, &right);
    run.assert_differs("gzip trailing garbage");
    assert!(
        run.has_note("35 bytes after the last of 10000 gzip members are not a gzip member"),
        "{}",
        run.report
    );
    assert!(
        run.report.contains("many.gz gzip.trailing-garbage"),
        "{}",
        run.report
    );
    let other = craft::gzip_members(10_000, b"other!\n", b"");
    let run = compare("many.gz", &left, &other);
    run.assert_differs("gzip members");
    assert!(run.report.contains("many.gz › many"), "{}", run.report);
}

/// `levels` zips, each storing the next; the innermost holds `leaf`.
fn nested_stored(levels: usize, leaf: &[u8]) -> Vec<u8> {
    let mut data = craft::zip(&[Entry::stored("leaf.txt", leaf)]);
    for _ in 1..levels {
        data = craft::zip(&[Entry::stored("inner.zip", &data)]);
    }
    data
}

#[test]
fn deep_nesting_does_not_overflow_a_stack() {
    let levels: usize = std::env::var("WHYDIFF_DEEP_LEVELS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let (left, right) = (
        nested_stored(levels, b"left\n"),
        nested_stored(levels, b"right\n"),
    );
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = pair(dir.path(), "deep.zip", &left, &right);
    // As deep as the command line allows nesting to be followed, and as deep as the default.
    let run = whydiff_within(DEEP_ADDRESS_SPACE, &a, &b, &["--max-depth", "1000"]);
    run.assert_differs("deep nesting, followed");
    assert!(
        run.report.contains("inner.zip › leaf.txt"),
        "{}",
        run.report
    );
    let run = whydiff(&a, &b, &[]);
    run.assert_differs("deep nesting, default depth");
    assert!(
        run.has_note(
            "nesting deeper than 50 levels (the depth limit, --max-depth): compared as bytes"
        ),
        "{}",
        run.report
    );
}

#[test]
fn reports_on_hostile_inputs_are_the_same_whatever_the_jobs() {
    let (a, a_crc) = craft::zeros_deflate(10, 0);
    let (b, b_crc) = craft::zeros_deflate(10, 1);
    let pairs = [
        (
            "overlap.zip",
            craft::overlapping(200, a.clone(), a_crc, 10 << 20),
            craft::overlapping(200, b.clone(), b_crc, 10 << 20),
        ),
        (
            "bomb.zip",
            craft::nested_bomb(8, 3, 4, false),
            craft::nested_bomb(8, 3, 4, true),
        ),
        ("self.zip", craft::quine(1), craft::quine(2)),
    ];
    for (name, left, right) in pairs {
        let dir = tempfile::tempdir().unwrap();
        let (l, r) = pair(dir.path(), name, &left, &right);
        let reports: Vec<String> = ["1", "2", "4"]
            .iter()
            .map(|jobs| {
                let run = whydiff(&l, &r, &["--jobs", jobs, "--format", "json"]);
                run.assert_differs(name);
                run.report
            })
            .collect();
        assert_eq!(reports[0], reports[1], "{name}: --jobs 1 vs 2");
        assert_eq!(reports[0], reports[2], "{name}: --jobs 1 vs 4");
    }
}

#[test]
fn hunks_past_the_rendered_diff_budget_stay_differences_and_explain_nothing() {
    // 4,000 changed lines of 4 KiB each: 32 MiB of hunk text against a 4 MiB default budget.
    let line = |i: usize, fill: &str| format!("{i} {}\n", fill.repeat(4096));
    let left: String = (0..8000).map(|i| line(i, "x")).collect();
    let right: String = (0..8000)
        .map(|i| line(i, if i % 2 == 0 { "y" } else { "x" }))
        .collect();
    let run = compare("big.txt", left.as_bytes(), right.as_bytes());
    run.assert_differs("32 MiB of changed lines");
    assert!(
        run.has_note("outgrew the rendered diff limit (4194304 bytes of hunk text"),
        "{}",
        run.report
    );
    // A build time in a hunk past the budget is not read, so not explained: the one untold
    // difference is content, never a timestamp. Within the budget, the same hunk is one.
    let left = format!("{}\nbuilt 2024-01-02 13:00:00\n", "a".repeat(4096));
    let right = format!("{}\nbuilt 2024-01-01 12:00:00\n", "a".repeat(4096));
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = pair(dir.path(), "f.txt", left.as_bytes(), right.as_bytes());
    let run = whydiff(&a, &b, &["--max-diff-size", "10"]);
    run.assert_differs("a build time past the budget");
    assert!(
        run.report
            .contains("1 root category (content), 1 difference")
            && run
                .report
                .contains("1 changed hunk in lines 2 → 2, past the rendered diff limit")
            && run.has_note("the text of 1 changed hunk is left out"),
        "{}",
        run.report
    );
    let run = whydiff(&a, &b, &[]);
    assert!(
        run.report
            .contains("1 root category (timestamp), 1 difference"),
        "{}",
        run.report
    );
}
