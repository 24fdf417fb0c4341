//! Never a false "identical": trees that a lossy or partial walk would call equal each exit 1 (or
//! 2, when an input cannot be read at all) with the difference or the trouble named, and every
//! report is the same bytes on every run and whatever `--jobs`.
//!
//! Each fixture is made in a temporary directory by the test. What the test user cannot make or
//! cannot be refused is skipped with a notice on stderr: a user who reads everything (root) runs
//! the unreadable cases as `nobody`, when it can.

mod common;
mod craft;

use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::validate_report;
use craft::Entry;
use serde_json::Value;
use tempfile::TempDir;

/// The user whose permissions the unreadable cases need: the test user when it is not root.
const NOBODY: u32 = 65534;
/// The longest a run may take: a FIFO opened for reading would block forever.
const RUN_LIMIT: Duration = Duration::from_secs(120);

/// Two trees to compare, made in a temporary directory.
struct Case {
    name: &'static str,
    dir: TempDir,
    /// Whether the run must not read everything (root is then dropped to `nobody`).
    unprivileged: bool,
}

impl Case {
    /// A case with empty `a` and `b` directories, readable by every user.
    fn new(name: &'static str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        for side in ["a", "b"] {
            std::fs::create_dir(dir.path().join(side)).unwrap();
        }
        Case {
            name,
            dir,
            unprivileged: false,
        }
    }

    fn left(&self) -> PathBuf {
        self.dir.path().join("a")
    }

    fn right(&self) -> PathBuf {
        self.dir.path().join("b")
    }

    /// Writes `data` at `relative` (raw bytes, so that names need not be UTF-8) below `side`.
    fn write(&self, side: &str, relative: &[u8], data: &[u8]) {
        let path = self.dir.path().join(side).join(OsStr::from_bytes(relative));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }

    /// Runs `whydiff diff ARGS LEFT RIGHT`, or `None` (with a notice) when the case needs an
    /// unprivileged user this test cannot become.
    fn run(&self, args: &[&str]) -> Option<Run> {
        self.run_on(&self.left(), &self.right(), args)
    }

    fn run_on(&self, left: &Path, right: &Path, args: &[&str]) -> Option<Run> {
        let mut command = Command::new(self.binary()?);
        command.arg("diff").args(args).arg(left).arg(right);
        if self.unprivileged && is_root() {
            drop_to_nobody(&mut command);
        }
        Some(run_bounded(command))
    }

    /// The whydiff binary this case runs: for a run as `nobody`, one `nobody` can execute (a copy
    /// in the case's directory when the build's is out of its reach).
    fn binary(&self) -> Option<PathBuf> {
        let built = PathBuf::from(env!("CARGO_BIN_EXE_whydiff"));
        if !(self.unprivileged && is_root()) {
            return Some(built);
        }
        if runs_as_nobody(&built) {
            return Some(built);
        }
        let copy = self.dir.path().join("whydiff");
        if !copy.exists() {
            std::fs::copy(&built, &copy).unwrap();
        }
        if runs_as_nobody(&copy) {
            Some(copy)
        } else {
            eprintln!(
                "SKIPPED {}: running as root, and cannot run whydiff as nobody to be refused a read",
                self.name
            );
            None
        }
    }

    /// Makes `relative` below `side` unreadable (mode 0), restored when the case ends.
    fn refuse(&mut self, side: &str, relative: &str) {
        let path = self.dir.path().join(side).join(relative);
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
        self.unprivileged = true;
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        // Let the temporary directory be removed whoever the test user is.
        let _ = Command::new("chmod")
            .args(["-R", "u+rwx"])
            .arg(self.dir.path())
            .stderr(Stdio::null())
            .status();
    }
}

/// What one run gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        validate_report(&self.stdout)
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Makes `command` run as `nobody` (root only).
fn drop_to_nobody(command: &mut Command) {
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            if libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(NOBODY) != 0
                || libc::setuid(NOBODY) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

fn runs_as_nobody(binary: &Path) -> bool {
    let mut command = Command::new(binary);
    command
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    drop_to_nobody(&mut command);
    command.status().is_ok_and(|s| s.success())
}

/// Runs `command` to its end, failing the test if it takes longer than [`RUN_LIMIT`].
fn run_bounded(mut command: Command) -> Run {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = Vec::new();
        stdout.read_to_end(&mut text).unwrap();
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = Vec::new();
        stderr.read_to_end(&mut text).unwrap();
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > RUN_LIMIT {
            child.kill().unwrap();
            panic!("whydiff ran longer than {RUN_LIMIT:?}: it hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().expect("an exit code"),
        stdout: String::from_utf8(out.join().unwrap()).expect("a UTF-8 report"),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// The differences of a JSON report.
fn differences(report: &Value) -> &Vec<Value> {
    report["differences"].as_array().unwrap()
}

/// The differences at `path` (segments as the report spells them).
fn at<'a>(report: &'a Value, path: &[&str]) -> Vec<&'a Value> {
    differences(report)
        .iter()
        .filter(|d| d["path"] == serde_json::json!(path))
        .collect()
}

fn causes(report: &Value) -> Vec<String> {
    differences(report)
        .iter()
        .map(|d| d["cause"].as_str().unwrap().to_owned())
        .collect()
}

fn notes(report: &Value) -> Vec<(Vec<String>, String)> {
    report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let path = n["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect();
            (path, n["note"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// Runs the case in JSON and text, asserts it differs (exit 1) and that its reports are the same
/// bytes on a second run and with `--jobs 1` and `--jobs 2`; returns the JSON report and the text.
fn differing(case: &Case) -> Option<(Value, String)> {
    let json = case.run(&["--format", "json", "--jobs", "1"])?;
    assert_eq!(
        json.code, 1,
        "{}: {}{}",
        case.name, json.stdout, json.stderr
    );
    let report = json.json();
    assert_eq!(report["identical"], false, "{}", case.name);
    let text = case.run(&["--jobs", "2"])?;
    assert_eq!(text.code, 1, "{}: {}", case.name, text.stdout);
    assert!(
        text.stdout.starts_with("NOT REPRODUCIBLE"),
        "{}",
        text.stdout
    );
    for (format, first) in [("json", &json.stdout), ("text", &text.stdout)] {
        for jobs in ["1", "2"] {
            let again = case.run(&["--format", format, "--jobs", jobs])?;
            assert_eq!(
                &again.stdout, first,
                "{}: {format} --jobs {jobs}",
                case.name
            );
            assert_eq!(again.code, 1);
        }
    }
    Some((report, text.stdout))
}

#[test]
fn names_that_differ_only_in_non_utf8_bytes_are_two_names() {
    let case = Case::new("non-UTF-8 names");
    case.write("a", b"caf\xe9", b"same\n");
    case.write("b", b"caf\xe8", b"same\n");
    let (report, text) = differing(&case).unwrap();
    let removed = at(&report, &["caf\\xE9"]);
    let added = at(&report, &["caf\\xE8"]);
    assert_eq!(removed[0]["cause"], "member-removed", "{report:#}");
    assert_eq!(added[0]["cause"], "member-added", "{report:#}");
    assert_eq!(removed[0]["path_hex"], serde_json::json!(["636166e9"]));
    assert_eq!(added[0]["path_hex"], serde_json::json!(["636166e8"]));
    assert!(
        text.contains("caf\\xE9") && text.contains("caf\\xE8"),
        "{text}"
    );
}

#[test]
fn files_deeper_than_path_max_are_compared() {
    let case = Case::new("45 levels of 100-character names");
    let segment = "d".repeat(100);
    for (side, content) in [("a", "a"), ("b", "b")] {
        make_deep_file(&case.dir.path().join(side), &segment, 45, content);
    }
    let (report, _) = differing(&case).unwrap();
    let expected = format!("{}/f", vec![segment.as_str(); 45].join("/"));
    assert!(expected.len() > 4096);
    let found = at(&report, &[&expected]);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["category"], "content");
    assert_eq!(found[0]["cause"], "changed-content");
}

/// Makes `levels` nested directories named `segment` below `root` and a file `f` holding
/// `content` in the deepest, each relative to its parent: the whole path is too long to name.
fn make_deep_file(root: &Path, segment: &str, levels: usize, content: &str) {
    use std::ffi::CString;
    let open = |dir: libc::c_int, name: &CString| {
        // SAFETY: a valid NUL-terminated name, relative to an open directory (or the CWD).
        let fd = unsafe {
            libc::openat(
                dir,
                name.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            )
        };
        assert!(fd >= 0, "{}", std::io::Error::last_os_error());
        fd
    };
    let mut dir = open(
        libc::AT_FDCWD,
        &CString::new(root.as_os_str().as_bytes()).unwrap(),
    );
    let name = CString::new(segment).unwrap();
    for _ in 0..levels {
        // SAFETY: as above; each descriptor is closed once the next is open.
        unsafe {
            assert_eq!(libc::mkdirat(dir, name.as_ptr(), 0o755), 0);
            let below = open(dir, &name);
            libc::close(dir);
            dir = below;
        }
    }
    let file = CString::new("f").unwrap();
    // SAFETY: as above.
    unsafe {
        let fd = libc::openat(
            dir,
            file.as_ptr(),
            libc::O_WRONLY | libc::O_CREAT | libc::O_CLOEXEC,
            0o644,
        );
        assert!(fd >= 0);
        let written = libc::write(fd, content.as_ptr().cast(), content.len());
        assert_eq!(written, content.len() as isize);
        libc::close(fd);
        libc::close(dir);
    }
}

#[test]
fn the_same_file_unreadable_on_both_sides_is_a_difference() {
    let mut case = Case::new("unreadable on both sides");
    case.write("a", b"secret", b"left\n");
    case.write("b", b"secret", b"right\n");
    case.write("a", b"plain", b"same\n");
    case.write("b", b"plain", b"same\n");
    case.refuse("a", "secret");
    case.refuse("b", "secret");
    let Some((report, text)) = differing(&case) else {
        return;
    };
    let found = at(&report, &["secret"]);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["cause"], "unreadable");
    assert_eq!(found[0]["category"], "content");
    let notes = notes(&report);
    for side in ["left", "right"] {
        assert!(
            notes
                .iter()
                .any(|(path, note)| path == &["secret"] && note.starts_with(side)),
            "{notes:?}"
        );
    }
    assert!(text.contains("content · unreadable (1)"), "{text}");
}

#[test]
fn an_unreadable_directory_on_one_side_is_not_members_removed() {
    let mut case = Case::new("unreadable directory on one side");
    case.write("a", b"d/f", b"x\n");
    case.write("b", b"d/f", b"x\n");
    case.write("b", b"d/g", b"y\n");
    case.refuse("a", "d");
    let Some((report, _)) = differing(&case) else {
        return;
    };
    let found = at(&report, &["d"]);
    assert!(
        found.iter().any(|d| d["cause"] == "unreadable"),
        "{report:#}"
    );
    let causes = causes(&report);
    assert!(
        !causes
            .iter()
            .any(|c| c == "member-removed" || c == "member-added"),
        "{causes:?}"
    );
    let notes = notes(&report);
    assert!(
        notes
            .iter()
            .any(|(path, note)| path == &["d"] && note.starts_with("left: cannot be read")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|(path, note)| path == &["d"] && note.starts_with("2 entries below it")),
        "{notes:?}"
    );
}

#[test]
fn an_input_that_cannot_be_read_at_all_is_trouble() {
    let mut case = Case::new("unreadable input");
    case.write("a", b"f", b"x\n");
    case.write("b", b"f", b"x\n");
    case.refuse("a", "");
    let Some(run) = case.run(&[]) else {
        return;
    };
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains(&case.left().display().to_string()),
        "{}",
        run.stderr
    );
}

#[test]
fn a_symlink_whose_target_changed_is_a_difference() {
    let case = Case::new("symlink target");
    std::os::unix::fs::symlink("target-one", case.left().join("link")).unwrap();
    std::os::unix::fs::symlink("target-two", case.right().join("link")).unwrap();
    let (report, _) = differing(&case).unwrap();
    let found = at(&report, &["link"]);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["field"], "dir.link-target");
    assert_eq!(found[0]["cause"], "entry-type");
    assert_eq!(
        (&found[0]["left"], &found[0]["right"]),
        (&Value::from("target-one"), &Value::from("target-two"))
    );
}

#[test]
fn a_hard_link_is_not_a_copy() {
    let case = Case::new("hard link vs copy");
    case.write("a", b"f", b"x\n");
    std::fs::hard_link(case.left().join("f"), case.left().join("g")).unwrap();
    case.write("b", b"f", b"x\n");
    case.write("b", b"g", b"x\n");
    let (report, _) = differing(&case).unwrap();
    let found = at(&report, &["g"]);
    let kind = found
        .iter()
        .find(|d| d["field"] == "dir.type")
        .expect("the entry type differs");
    assert_eq!(
        (&kind["left"], &kind["right"]),
        (&"hardlink".into(), &"file".into())
    );
    assert!(found
        .iter()
        .any(|d| d["field"] == "dir.link-target" && d["left"] == "f"));
}

#[test]
fn crlf_against_lf_is_a_difference_that_says_so() {
    let case = Case::new("CRLF vs LF");
    case.write("a", b"t.txt", b"one\r\ntwo\r\n");
    case.write("b", b"t.txt", b"one\ntwo\n");
    let (report, text) = differing(&case).unwrap();
    let found = at(&report, &["t.txt"]);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["cause"], "changed-content");
    assert!(text.contains("line ends only: CRLF → LF"), "{text}");
}

#[test]
fn a_trailing_newline_is_a_difference_that_says_so() {
    let case = Case::new("trailing newline");
    case.write("a", b"t.txt", b"one\ntwo\n");
    case.write("b", b"t.txt", b"one\ntwo");
    let (report, text) = differing(&case).unwrap();
    assert_eq!(at(&report, &["t.txt"]).len(), 1, "{report:#}");
    assert!(
        text.contains("line ends only: LF → no newline at end"),
        "{text}"
    );
}

#[test]
fn names_that_differ_in_case_are_two_names() {
    let case = Case::new("case-differing names");
    case.write("a", b"README", b"x\n");
    case.write("b", b"readme", b"x\n");
    let (report, _) = differing(&case).unwrap();
    assert_eq!(at(&report, &["README"])[0]["cause"], "member-removed");
    assert_eq!(at(&report, &["readme"])[0]["cause"], "member-added");
}

#[test]
fn a_directory_against_a_file_of_the_same_name_is_a_difference() {
    let case = Case::new("directory vs file");
    case.write("a", b"n/inner", b"x\n");
    case.write("b", b"n", b"x\n");
    let (report, _) = differing(&case).unwrap();
    let kind = at(&report, &["n"])
        .into_iter()
        .find(|d| d["field"] == "dir.type")
        .expect("the entry type differs");
    assert_eq!(
        (&kind["left"], &kind["right"]),
        (&"directory".into(), &"file".into())
    );
    assert_eq!(at(&report, &["n/inner"])[0]["cause"], "member-removed");
}

#[test]
fn a_tar_member_renamed_between_two_non_utf8_names_shows_both() {
    let case = Case::new("tar member renamed");
    case.write("a", b"pkg.tar", &tar_of(b"x\xff.txt", b"same\n"));
    case.write("b", b"pkg.tar", &tar_of(b"x\xfe.txt", b"same\n"));
    let (report, text) = differing(&case).unwrap();
    let removed = at(&report, &["pkg.tar", "x\\xFF.txt"]);
    let added = at(&report, &["pkg.tar", "x\\xFE.txt"]);
    assert_eq!(removed[0]["cause"], "member-removed", "{report:#}");
    assert_eq!(added[0]["cause"], "member-added", "{report:#}");
    assert_eq!(
        removed[0]["path_hex"],
        serde_json::json!([null, "78ff2e747874"])
    );
    assert!(
        text.contains("x\\xFF.txt") && text.contains("x\\xFE.txt"),
        "{text}"
    );
}

/// A one-member ustar archive.
fn tar_of(name: &[u8], data: &[u8]) -> Vec<u8> {
    let mut header = [0u8; 512];
    header[..name.len()].copy_from_slice(name);
    let mut octal = |at: usize, width: usize, value: u64| {
        let text = format!("{value:0w$o}\0", w = width - 1);
        header[at..at + width].copy_from_slice(text.as_bytes());
    };
    octal(100, 8, 0o644);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, data.len() as u64);
    octal(136, 12, 1_600_000_000);
    header[156] = b'0';
    header[257..263].copy_from_slice(b"ustar\0");
    header[263..265].copy_from_slice(b"00");
    header[148..156].copy_from_slice(b"        ");
    let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
    header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut tar = header.to_vec();
    tar.extend_from_slice(data);
    tar.resize(tar.len().div_ceil(512) * 512 + 1024, 0);
    tar
}

#[test]
fn fifos_and_sockets_are_typed_entries_never_opened() {
    let case = Case::new("FIFO and socket");
    let fifo = std::ffi::CString::new(case.left().join("pipe").as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    case.write("b", b"pipe", b"x\n");
    let _socket = std::os::unix::net::UnixListener::bind(case.left().join("sock")).unwrap();
    case.write("b", b"sock", b"x\n");
    // A FIFO opened for reading would block the run until the time limit.
    let (report, _) = differing(&case).unwrap();
    for (name, kind) in [("pipe", "fifo"), ("sock", "socket")] {
        let found = at(&report, &[name])
            .into_iter()
            .find(|d| d["field"] == "dir.type")
            .unwrap_or_else(|| panic!("{name}: {report:#}"));
        assert_eq!(
            (&found["left"], &found["right"]),
            (&kind.into(), &"file".into())
        );
    }
}

#[test]
fn devices_are_compared_by_their_numbers() {
    let case = Case::new("character devices");
    for (side, minor) in [("a", 3), ("b", 5)] {
        let path = std::ffi::CString::new(
            case.dir
                .path()
                .join(side)
                .join("dev")
                .as_os_str()
                .as_bytes(),
        )
        .unwrap();
        // SAFETY: a valid NUL-terminated path.
        let made = unsafe {
            libc::mknod(
                path.as_ptr(),
                libc::S_IFCHR | 0o644,
                libc::makedev(1, minor),
            )
        };
        if made != 0 {
            eprintln!(
                "SKIPPED character devices: mknod: {}",
                std::io::Error::last_os_error()
            );
            return;
        }
    }
    let (report, _) = differing(&case).unwrap();
    let found = at(&report, &["dev"]);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["field"], "dir.devminor");
    assert_eq!(
        (&found[0]["left"], &found[0]["right"]),
        (&"3".into(), &"5".into())
    );
}

#[test]
fn a_file_changed_after_the_walk_is_reported_not_compared() {
    use whydiff::engine::{compare_nodes, Settings};
    use whydiff::input::Build;
    let case = Case::new("changed while read");
    case.write("a", b"f", b"same\n");
    case.write("b", b"f", b"same\n");
    let open = |path: &Path| match Build::open(path, Default::default()).unwrap() {
        Build::Directory { node, .. } => node,
        Build::File { .. } => panic!("a directory"),
    };
    let (left, right) = (open(&case.left()), open(&case.right()));
    // Between the walk and the read, the right file grows.
    case.write("b", b"f", b"same, and more\n");
    let found = compare_nodes(&[], &left, &right, 0, &Settings::default());
    assert_eq!(found.differences.len(), 1, "{:?}", found.differences);
    let difference = &found.differences[0];
    assert_eq!(difference.path, ["f"]);
    assert_eq!(
        difference.kind,
        whydiff::difference::ObservedKind::Unreadable
    );
    assert!(
        found.notes.iter().any(|n| n.path == ["f"]
            && n.text
                .starts_with("right: cannot be read: changed while it was read")),
        "{:?}",
        found.notes
    );
}

/// "plumless" and "buckeroo" share a CRC-32 (0x4ddb0c25) and a length: every checksum and size a
/// zip or gzip records agrees, and only the bytes themselves tell the two apart.
const CRC_TWINS: (&[u8], &[u8]) = (b"plumless", b"buckeroo");

#[test]
fn zip_members_with_the_same_crc_and_size_are_compared_by_their_bytes() {
    assert_eq!(crc32fast::hash(CRC_TWINS.0), crc32fast::hash(CRC_TWINS.1));
    let case = Case::new("zip CRC-32 collision");
    case.write(
        "a",
        b"pkg.zip",
        &craft::zip(&[Entry::stored("word.txt", CRC_TWINS.0)]),
    );
    case.write(
        "b",
        b"pkg.zip",
        &craft::zip(&[Entry::stored("word.txt", CRC_TWINS.1)]),
    );
    let (report, text) = differing(&case).unwrap();
    let member = at(&report, &["pkg.zip", "word.txt"]);
    assert!(
        member.iter().any(|d| d["category"] == "content"),
        "{report:#}"
    );
    assert_only_content_and_its_consequences(&report);
    assert!(
        text.contains("plumless") && text.contains("buckeroo"),
        "{text}"
    );
}

#[test]
fn gzip_streams_with_the_same_crc_and_size_are_compared_by_their_bytes() {
    let gzip = |data: &[u8]| craft::gzip(data, 1_600_000_000);
    let case = Case::new("gzip CRC-32 collision");
    let (left, right) = (gzip(CRC_TWINS.0), gzip(CRC_TWINS.1));
    assert_eq!(left[left.len() - 8..], right[right.len() - 8..]);
    case.write("a", b"word.txt.gz", &left);
    case.write("b", b"word.txt.gz", &right);
    let (report, text) = differing(&case).unwrap();
    assert!(
        differences(&report)
            .iter()
            .any(|d| d["category"] == "content"),
        "{report:#}"
    );
    assert_only_content_and_its_consequences(&report);
    assert!(
        text.contains("plumless") && text.contains("buckeroo"),
        "{text}"
    );
}

/// No difference of the report is explained away: each is content or follows from content.
fn assert_only_content_and_its_consequences(report: &Value) {
    for difference in differences(report) {
        assert!(
            ["content", "derived"].contains(&difference["category"].as_str().unwrap()),
            "{report:#}"
        );
    }
}
