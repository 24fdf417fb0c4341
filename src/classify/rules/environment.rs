//! The build machine's environment written into text: its kernel (`6.1.0-18-amd64` →
//! `5.10.0-28-cloud-amd64`, a `uname -a` line), its CPU count (`-j8` → `-j16`, `nproc: 8` →
//! `nproc: 2`), the state of the checkout (`v1.2-3-gabcdef0` → `v1.2-5-g1234567`, `-dirty`, a
//! commit id after `commit`), and environment dumps (`PATH=/a:/b` → `PATH=/c`).
//!
//! Each is recognized by its own evidence, never by a bare number: a kernel release carries its
//! flavour (`-amd64`, `-generic`, `.fc39.x86_64`) or stands after a `kernel` label or in what
//! `uname` printed (a `uname -a` line, or its text recorded after a label, kernel build date
//! included); a CPU count stands after a CPU label (`-j`, `nproc`, `cpus:`); a commit id is
//! a `git describe` or setuptools-scm suffix, or stands after a `commit`/`rev` label; an
//! environment variable is one the session or CI sets (`PATH`, `HOME`, `LC_*`, `GITHUB_*`…), not
//! one that configures the build (`CFLAGS=-O2` → `-O3` is a real change). Labels are read in
//! the run or on the line it came from ([`run_sites`]), and must hold wherever the run occurs.

use crate::classify::known::cause_of_key;
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Cause, Context, Verdict};

use crate::classify::evidence;
use crate::classify::sites::{run_sites, RunSite};

/// Explains runs that are the build machine's kernel, CPU count, VCS state or environment.
pub struct EnvironmentTokenRule;

impl TokenRule for EnvironmentTokenRule {
    fn name(&self) -> &'static str {
        "environment"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        let mut sites = None;
        let mut sites = || -> Option<Vec<RunSite<'_>>> {
            sites
                .get_or_insert_with(|| run_sites(change, context))
                .found()
                .map(<[RunSite<'_>]>::to_vec)
        };
        let verdict = kernel(change, &mut sites)
            .or_else(|| cpu_count(change, &mut sites))
            .or_else(|| vcs_state(change, &mut sites))
            .or_else(|| environment_variable(change, &mut sites))?;
        Some(evidence::settle(verdict, change, context))
    }
}

/// The sites of the run, looked up once and only when a label outside the run is needed.
type Sites<'s, 'a> = &'s mut dyn FnMut() -> Option<Vec<RunSite<'a>>>;

/// Whether every site of the run has a last word before it that `is_label` accepts.
fn labelled_everywhere(sites: Sites<'_, '_>, mut is_label: impl FnMut(&str) -> bool) -> bool {
    sites().is_some_and(|sites| {
        sites.iter().all(|site| {
            site.before
                .iter()
                .all(|before| last_word(before).is_some_and(&mut is_label))
        })
    })
}

fn last_word(text: &str) -> Option<&str> {
    text.split_whitespace().next_back()
}

/// A label word without its quotes and its `:`/`=`, in lower case: `"cpu_count":` → `cpu_count`.
fn normalize_label(word: &str) -> String {
    word.trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | ',' | '{' | '['))
        .trim_end_matches([':', '='])
        .trim_matches(|c: char| matches!(c, '"' | '\''))
        .to_ascii_lowercase()
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// A run cut into words (letters, digits and `._+~-`) and the separators between them.
#[derive(Debug, PartialEq, Eq)]
struct Words<'a> {
    separators: Vec<&'a str>,
    words: Vec<&'a str>,
}

fn words(run: &str) -> Words<'_> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '~' | '-');
    let (mut separators, mut words) = (Vec::new(), Vec::new());
    let mut rest = run;
    loop {
        let separator_end = rest.find(is_word).unwrap_or(rest.len());
        separators.push(&rest[..separator_end]);
        rest = &rest[separator_end..];
        if rest.is_empty() {
            break;
        }
        let word_end = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        words.push(&rest[..word_end]);
        rest = &rest[word_end..];
    }
    Words { separators, words }
}

/// The pairs of words that differ, with their index, when both runs have the same separators and
/// at least one word differs.
fn changed_words<'a>(
    left: &Words<'a>,
    right: &Words<'a>,
) -> Option<Vec<(usize, &'a str, &'a str)>> {
    if left.separators != right.separators || left.words.len() != right.words.len() {
        return None;
    }
    let changed: Vec<_> = left
        .words
        .iter()
        .zip(&right.words)
        .enumerate()
        .filter(|(_, (l, r))| l != r)
        .map(|(index, (l, r))| (index, *l, *r))
        .collect();
    (!changed.is_empty()).then_some(changed)
}

// ---------------------------------------------------------------------------------------------
// Kernel

/// A kernel release or a `uname -a` line.
fn kernel(change: TokenChange<'_>, sites: Sites<'_, '_>) -> Option<Verdict> {
    let evidence = if in_uname_lines(change, sites) {
        "the build machines' `uname -a` lines differ after the host name"
    } else {
        let (left, right) = (words(change.left), words(change.right));
        let changed = changed_words(&left, &right)?;
        let flavoured = changed
            .iter()
            .all(|(_, l, r)| is_kernel_release(l, true) && is_kernel_release(r, true));
        let labelled = !flavoured
            && changed
                .iter()
                .all(|(_, l, r)| is_kernel_release(l, false) && is_kernel_release(r, false))
            && labelled_everywhere(sites, |w| is_kernel_label(&normalize_label(w)));
        if !flavoured && !labelled {
            return None;
        }
        "both sides are kernel releases (uname -r) of the build machines"
    };
    Some(Verdict::new(
        Cause::KernelVersion,
        format!("{evidence}: {} → {}", change.left, change.right),
    ))
}

/// Whether every site of the run is in what `uname -a` (or `uname -srvm`, `uname -v`) printed,
/// on both sides, after the word that follows the kernel name (the host name, or the release).
/// The printed text may stand after a label on its line (`#define BUILD_UNAME "Linux …`,
/// `uname: Linux …`); it starts at the kernel name `Linux` or, for `uname -v`, at the kernel's
/// build number (`#1`). Its words include the kernel's own build date (`(2024-02-01)`).
fn in_uname_lines(change: TokenChange<'_>, sites: Sites<'_, '_>) -> bool {
    let words = || {
        change
            .left
            .split_whitespace()
            .chain(change.right.split_whitespace())
    };
    if words().next().is_none() || !words().all(is_uname_word) {
        return false;
    }
    sites().is_some_and(|sites| {
        sites.iter().all(|site| {
            (0..2).all(|side| {
                let before: Vec<&str> = site.before[side].split_whitespace().collect();
                let build_number = |w: &&str| {
                    w.strip_prefix('#')
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                };
                // Where the printed text starts: the last kernel name before the run, else the
                // last build number (`uname -v` alone).
                let kernel_name = before.iter().rposition(|w| is_kernel_name(w));
                let start = kernel_name.or_else(|| before.iter().rposition(build_number));
                let Some(start) = start else {
                    return false;
                };
                let printed: Vec<&str> = before[start..]
                    .iter()
                    .copied()
                    .chain(site.after[side].split_whitespace())
                    .collect();
                let uname_a = kernel_name.is_some() && before.len() - start >= 2;
                let uname_v = kernel_name.is_none()
                    && printed
                        .iter()
                        .any(|w| w.contains("SMP") || w.contains("PREEMPT"));
                (uname_a || uname_v) && printed.iter().any(build_number)
            })
        })
    })
}

/// Whether `word` is the kernel name `uname` prints first, maybe after the quote or the `KEY=`
/// or `KEY:` that opens a recorded value (`"Linux`, `UNAME=Linux`).
fn is_kernel_name(word: &str) -> bool {
    let value = word
        .rsplit_once(['=', ':'])
        .map_or(word, |(_, value)| value)
        .trim_start_matches(['"', '\'', '(', '[', '{', '`']);
    value == "Linux"
}

/// Whether `word` can be part of what `uname -v` prints — a build number, a version, a date, a
/// time, a weekday or month, `SMP`, `PREEMPT_DYNAMIC` — which keeps other runs from a search.
fn is_uname_word(word: &str) -> bool {
    const NAMES: &[&str] = &[
        "SMP", "RT", "UTC", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar",
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    word.contains(|c: char| c.is_ascii_digit()) || word.contains("PREEMPT") || NAMES.contains(&word)
}

/// Whether `word` is a kernel release: a release (`6.1.0`, `5.15.133.1`) followed by the
/// distribution's build and flavour (`-18-amd64`, `-91-generic`, `-200.fc39.x86_64`,
/// `-362.8.1.el9_3.x86_64`, `-arch1-1`, `-microsoft-standard-WSL2`), optionally inside a Python
/// platform string (`Linux-6.1.0-18-amd64-x86_64-with-glibc2.36`). Without `flavoured`, a plain
/// release (`6.1.0`) counts too: the caller then needs a label.
fn is_kernel_release(word: &str, flavoured: bool) -> bool {
    let word = word
        .strip_prefix("Linux-")
        .or_else(|| word.strip_prefix("linux-"))
        .unwrap_or(word);
    let release_end = word
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(word.len());
    let release = &word[..release_end];
    let numbers: Vec<&str> = release.split('.').collect();
    if !(2..=4).contains(&numbers.len()) || numbers.iter().any(|n| n.is_empty() || n.len() > 4) {
        return false;
    }
    let rest = &word[release_end..];
    if rest.is_empty() {
        return !flavoured;
    }
    rest.starts_with(['-', '+', '_'])
        && rest
            .split(['-', '.', '+', '~'])
            .any(|part| is_kernel_flavour(&part.to_ascii_lowercase()))
}

/// Architectures and flavours distributions append to kernel releases.
#[rustfmt::skip]
const FLAVOURS: &[&str] = &[
    "amd64", "arm64", "armmp", "armhf", "i386", "i686", "686", "pae", "x86_64", "aarch64",
    "ppc64le", "ppc64", "s390x", "riscv64", "generic", "lowlatency", "cloud", "azure", "aws", "gcp",
    "gke", "kvm", "oracle", "oem", "rt", "realtime", "raspi", "rpi", "v7", "v7l", "v8", "microsoft",
    "standard", "wsl2", "default", "lts", "zen", "hardened", "virt", "linuxkit", "qcom",
];

fn is_kernel_flavour(part: &str) -> bool {
    let numbered = |prefix: &str| {
        part.strip_prefix(prefix)
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
    };
    FLAVOURS.contains(&part)
        || ["el", "fc", "amzn", "arch", "mga"]
            .into_iter()
            .any(numbered)
}

fn is_kernel_label(label: &str) -> bool {
    matches!(
        label,
        "kernel"
            | "kernel_version"
            | "kernel-version"
            | "kernel_release"
            | "kernel-release"
            | "kernelrelease"
            | "kernelversion"
            | "uname"
            | "uname_r"
            | "uname-r"
            | "-r"
            | "linux"
            | "os_release"
            | "os.release"
    )
}

// ---------------------------------------------------------------------------------------------
// CPU count

/// A CPU count after a CPU label, in the run (`-j8`, `nproc: 8`, `--jobs=8`) or before it
/// (`cpus: 8` → `cpus: 16` reaches the rule as `8` → `16`).
fn cpu_count(change: TokenChange<'_>, sites: Sites<'_, '_>) -> Option<Verdict> {
    let closing = |run: &'_ str| -> (usize, String) {
        let body = run.trim_end_matches([',', ';', ')', '}', ']', '"', '\'']);
        (body.len(), run[body.len()..].to_owned())
    };
    let ((end_left, close_left), (end_right, close_right)) =
        (closing(change.left), closing(change.right));
    if close_left != close_right {
        return None;
    }
    let (label_left, left) = split_count(&change.left[..end_left])?;
    let (label_right, right) = split_count(&change.right[..end_right])?;
    if label_left != label_right || left == right {
        return None;
    }
    let label = if label_left.trim().is_empty() {
        if !labelled_everywhere(sites, |w| is_cpu_label(&normalize_label(w))) {
            return None;
        }
        let first_label = sites().and_then(|sites| {
            let before = sites.first()?.before[0];
            last_word(before).map(str::to_owned)
        });
        format!("`{}`", first_label.unwrap_or_default())
    } else {
        if !is_cpu_label(&normalize_label(label_left.trim())) {
            return None;
        }
        format!("`{}`", label_left.trim())
    };
    Some(Verdict::new(
        Cause::CpuCount,
        format!("the build machines' CPU counts, after {label}: {left} → {right}"),
    ))
}

/// The text before the count and the count at the end of `run` (1 to 4096, as `nproc` prints it).
fn split_count(run: &str) -> Option<(&str, u32)> {
    let digits = run.len() - run.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (label, number) = run.split_at(run.len() - digits);
    if number.is_empty()
        || number.starts_with('0')
        || label.ends_with(|c: char| c.is_ascii_alphabetic() && c != 'j')
    {
        return None;
    }
    let count: u32 = number.parse().ok()?;
    (1..=4096).contains(&count).then_some((label, count))
}

fn is_cpu_label(label: &str) -> bool {
    let make_jobs = label.strip_suffix("-j").is_some_and(|before| {
        before.is_empty() || before.ends_with(|c: char| !c.is_ascii_alphanumeric())
    });
    make_jobs
        || matches!(
            label,
            "cpus"
                | "cpu"
                | "ncpu"
                | "ncpus"
                | "nproc"
                | "nprocs"
                | "cpu_count"
                | "cpu-count"
                | "cpucount"
                | "num_cpus"
                | "numcpus"
                | "n_cpus"
                | "num_cpu"
                | "cpu(s)"
                | "processors"
                | "nprocessors"
                | "number_of_processors"
                | "cores"
                | "ncores"
                | "num_cores"
                | "cpu_cores"
                | "logical_cpus"
                | "jobs"
                | "--jobs"
                | "parallel"
                | "--parallel"
                | "cmake_build_parallel_level"
                | "make_jobs"
                | "max_jobs"
                | "build_jobs"
                | "hw.ncpu"
                | "hw.logicalcpu"
        )
}

// ---------------------------------------------------------------------------------------------
// VCS state

/// A `git describe` or setuptools-scm version, a dirty flag, or a commit id after a VCS label.
fn vcs_state(change: TokenChange<'_>, sites: Sites<'_, '_>) -> Option<Verdict> {
    let (left, right) = (words(change.left), words(change.right));
    let changed = changed_words(&left, &right)?;
    let mut labelled_sites = None;
    for &(index, l, r) in &changed {
        if same_but_vcs_state(l, r) {
            continue;
        }
        let commit_ids = is_commit_id(l) && is_commit_id(r) && l.len() == r.len();
        let label = if index > 0 {
            is_vcs_label(&normalize_label(left.words[index - 1]))
        } else {
            *labelled_sites.get_or_insert_with(|| {
                labelled_everywhere(sites, |w| is_vcs_label(&normalize_label(w)))
            })
        };
        if !(commit_ids && label) {
            return None;
        }
    }
    Some(Verdict::new(
        Cause::VcsState,
        format!(
            "version-control state of the checkouts (commit, describe distance, dirty flag): {} → {}",
            change.left, change.right
        ),
    ))
}

/// Whether two words are the same once the parts version control computes are masked.
fn same_but_vcs_state(left: &str, right: &str) -> bool {
    match (mask_vcs(left), mask_vcs(right)) {
        (Some(l), Some(r)) => l == r,
        (Some(masked), None) => masked == right,
        (None, Some(masked)) => masked == left,
        (None, None) => false,
    }
}

/// `word` with what version control computes masked — a `git describe` suffix `-3-gabcdef0` →
/// `-#-g#`, a setuptools-scm `.dev3+gabcdef0.d20240101` → `.dev#+g#`, a `-dirty` mark or a
/// dirty tree's date `+d20240101` removed, a describe-style `gabcdef0` word → `g#` — or `None`
/// when it has none of them.
fn mask_vcs(word: &str) -> Option<String> {
    if word.strip_prefix('g').is_some_and(is_abbreviated_hash) {
        return Some("g#".into());
    }
    let mut masked = String::with_capacity(word.len());
    let mut rest = word;
    let mut found = false;
    while !rest.is_empty() {
        if let Some(mark) = vcs_mark(rest, &masked) {
            masked.truncate(masked.len() - mark.takes_back);
            masked.push_str(mark.replacement);
            rest = &rest[mark.length..];
            found = true;
            continue;
        }
        let next = rest.chars().next().map_or(1, char::len_utf8);
        masked.push_str(&rest[..next]);
        rest = &rest[next..];
    }
    found.then_some(masked)
}

/// A VCS mark found in a word.
struct VcsMark {
    /// What it is masked as.
    replacement: &'static str,
    /// Its length in the word.
    length: usize,
    /// How much of the text before it belongs to it (the `.devN` before a setuptools-scm hash).
    takes_back: usize,
}

/// The VCS mark at the start of `rest`, if one is there; `done` is the masked text before it. A
/// mark ends where letters and digits end.
fn vcs_mark(rest: &str, done: &str) -> Option<VcsMark> {
    let ends_here =
        |length: usize| !rest[length..].starts_with(|c: char| c.is_ascii_alphanumeric());
    let hex_run = |from: usize| {
        rest[from..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count()
    };
    let mark = |replacement, length, takes_back| {
        Some(VcsMark {
            replacement,
            length,
            takes_back,
        })
    };
    for dirty in ["-dirty", ".dirty", "+dirty"] {
        if rest.starts_with(dirty) && ends_here(dirty.len()) {
            return mark("", dirty.len(), 0);
        }
    }
    // A dirty tree's date: `+d20240101`, or `.d20240101` after a `+g` hash.
    let date = rest.len() >= 10
        && (rest.starts_with("+d") || (rest.starts_with(".d") && done.ends_with("+g#")))
        && rest[2..10].bytes().all(|b| b.is_ascii_digit())
        && ends_here(10);
    if date {
        return mark("", 10, 0);
    }
    // setuptools-scm: `+gabcdef0`, and the distance since the tag in the `.devN` before it.
    if rest.starts_with("+g") {
        let length = 2 + hex_run(2);
        if is_abbreviated_hash(&rest[2..length]) && ends_here(length) {
            let digits = done.len() - done.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let dev = digits > 0 && done[..done.len() - digits].ends_with(".dev");
            return if dev {
                mark(".dev#+g#", length, ".dev".len() + digits)
            } else {
                mark("+g#", length, 0)
            };
        }
    }
    // git describe: `-3-gabcdef0`, the distance since the tag and the commit.
    let distance = rest
        .strip_prefix('-')
        .map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count());
    if distance > 0 && rest[1 + distance..].starts_with("-g") {
        let start = 1 + distance + 2;
        let length = start + hex_run(start);
        if is_abbreviated_hash(&rest[start..length]) && ends_here(length) {
            return mark("-#-g#", length, 0);
        }
    }
    None
}

/// 7 to 40 lower-case hex digits with at least one digit: an abbreviated or full git commit.
fn is_abbreviated_hash(hex: &str) -> bool {
    (7..=40).contains(&hex.len())
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && hex.bytes().any(|b| b.is_ascii_digit())
}

/// A commit id: an abbreviated or full SHA-1 commit, or a SHA-256 one (64 digits).
fn is_commit_id(word: &str) -> bool {
    is_abbreviated_hash(word)
        || (word.len() == 64
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

fn is_vcs_label(label: &str) -> bool {
    matches!(
        label,
        "commit"
            | "git"
            | "rev"
            | "revision"
            | "sha"
            | "git_sha"
            | "git-sha"
            | "gitsha"
            | "git_commit"
            | "git-commit"
            | "commit_id"
            | "commit-id"
            | "commit_hash"
            | "commit-hash"
            | "changeset"
            | "node"
            | "vcs_ref"
            | "vcs-ref"
            | "source_revision"
            | "head"
            | "git_rev"
            | "git-rev"
            | "gitrev"
            | "git_hash"
            | "githash"
            | "github_sha"
            | "ci_commit_sha"
            | "build_vcs_ref"
            | "vcs.revision"
            | "vcs_revision"
    )
}

// ---------------------------------------------------------------------------------------------
// Environment variables

/// An ambient environment variable in a dump: `PATH=/a:/b` → `PATH=/c`, or the value after a
/// `PATH:`/`'PATH':` label.
fn environment_variable(change: TokenChange<'_>, sites: Sites<'_, '_>) -> Option<Verdict> {
    let assignment = |run: &'_ str| -> Option<(String, String)> {
        let (key, value) = run.split_once('=')?;
        let key = key.trim_start_matches(['"', '\'']);
        Some((key.to_owned(), value.to_owned()))
    };
    let key = match (assignment(change.left), assignment(change.right)) {
        (Some((key_left, _)), Some((key_right, _))) if key_left == key_right => key_left,
        (Some(_), Some(_)) => return None,
        // A value after a `PATH:` label: searched for only when it reads as paths, as the values
        // of dumped variables mostly do (`'PATH': '/a:/b'`).
        _ if !(is_path_list(change.left) && is_path_list(change.right)) => return None,
        _ => {
            let mut keys = Vec::new();
            let labelled = labelled_everywhere(sites, |w| {
                let key = w
                    .trim_matches(['"', '\'', ',', '{'])
                    .trim_end_matches(['"', '\'']);
                let named = key
                    .strip_suffix(':')
                    .or_else(|| key.strip_suffix('='))
                    .map(|k| k.trim_matches(['"', '\'']));
                match named {
                    Some(name) if is_ambient_variable(name) => {
                        keys.push(name.to_owned());
                        true
                    }
                    _ => false,
                }
            });
            keys.dedup();
            if !labelled || keys.len() != 1 {
                return None;
            }
            keys.pop()?
        }
    };
    if !is_ambient_variable(&key) {
        return None;
    }
    let cause = match cause_of_key(&key) {
        Cause::DeclaredValue if key == "NUMBER_OF_PROCESSORS" => Cause::CpuCount,
        Cause::DeclaredValue => Cause::EnvironmentVariable,
        cause => cause,
    };
    Some(Verdict::new(
        cause,
        format!(
            "the environment variable {key} of the builds was recorded: {} → {}",
            change.left, change.right
        ),
    ))
}

fn is_path_list(value: &str) -> bool {
    value.contains(['/', ':', '\\'])
}

/// Variables the session, the shell, the machine or the CI service sets — not those that
/// configure the build (`CFLAGS`, `CC`, `LDFLAGS`…, whose change is a change of the build).
#[rustfmt::skip]
const AMBIENT_VARIABLES: &[&str] = &[
    "PATH", "MANPATH", "INFOPATH", "SHELL", "TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION",
    "COLORTERM", "SHLVL", "PWD", "OLDPWD", "HOME", "USER", "LOGNAME", "USERNAME", "HOSTNAME",
    "HOST", "HOSTTYPE", "MACHTYPE", "OSTYPE", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP",
    "DISPLAY", "WAYLAND_DISPLAY", "EDITOR", "VISUAL", "PAGER", "MAIL", "DBUS_SESSION_BUS_ADDRESS",
    "_", "PS1", "PS2", "HISTFILE", "HISTSIZE", "LS_COLORS", "LESSOPEN", "LESSCLOSE", "SUDO_USER",
    "SUDO_UID", "SUDO_GID", "SUDO_COMMAND", "CI", "BUILD_NUMBER", "BUILD_ID", "BUILD_URL",
    "JOB_NAME", "NODE_NAME", "EXECUTOR_NUMBER", "WORKSPACE", "INVOCATION_ID", "JOURNAL_STREAM",
    "NUMBER_OF_PROCESSORS", "PROCESSOR_IDENTIFIER", "PROCESSOR_ARCHITECTURE", "COMPUTERNAME",
    "USERDOMAIN", "USERPROFILE", "VIRTUAL_ENV", "CONDA_PREFIX", "CONDA_DEFAULT_ENV", "container",
];

/// Prefixes of variable families set by the session or a CI service.
const AMBIENT_PREFIXES: &[&str] = &[
    "LC_",
    "XDG_",
    "SSH_",
    "GITHUB_",
    "RUNNER_",
    "GITLAB_",
    "CI_",
    "TRAVIS_",
    "CIRCLE_",
    "BUILDKITE_",
    "JENKINS_",
    "KUBERNETES_",
    "PYENV_",
];

fn is_ambient_variable(name: &str) -> bool {
    AMBIENT_VARIABLES.contains(&name)
        || AMBIENT_PREFIXES
            .iter()
            .any(|prefix| name.len() > prefix.len() && name.starts_with(prefix))
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::tokens::testing;
    use crate::classify::KnownValues;
    use crate::difference::Observed;

    fn hunk(left: &str, right: &str) -> Observed {
        testing::hunk("buildinfo.txt", left, right)
    }

    /// The verdicts on every run of the change `left` → `right`, `None` for a run not claimed.
    fn judge(left: &str, right: &str) -> Vec<Option<Cause>> {
        testing::judge_runs(&EnvironmentTokenRule, "buildinfo.txt", left, right)
    }

    /// The verdict on a run judged alone.
    fn alone(left: &str, right: &str) -> Option<Cause> {
        testing::judge_alone(&EnvironmentTokenRule, left, right)
    }

    const KERNEL: Option<Cause> = Some(Cause::KernelVersion);
    const CPUS: Option<Cause> = Some(Cause::CpuCount);
    const VCS: Option<Cause> = Some(Cause::VcsState);
    const ENV: Option<Cause> = Some(Cause::EnvironmentVariable);

    #[test]
    fn buildinfo_with_kernel_and_cpus() {
        // corpus/text-hostname-env: what `uname -r` and `nproc` printed on two machines.
        assert_eq!(
            judge(
                "kernel: 6.1.0-18-amd64\ncpus: 8\nmake: make -j8\n",
                "kernel: 6.1.0-25-amd64\ncpus: 16\nmake: make -j16\n"
            ),
            [KERNEL, CPUS, CPUS]
        );
    }

    #[test]
    fn kernel_releases_of_every_distribution() {
        for (left, right) in [
            ("6.1.0-18-amd64", "5.10.0-28-cloud-amd64"),
            ("5.15.0-91-generic", "6.5.0-1014-azure"),
            ("6.6.8-200.fc39.x86_64", "6.7.4-200.fc39.x86_64"),
            (
                "5.14.0-362.8.1.el9_3.x86_64",
                "5.14.0-427.13.1.el9_4.x86_64",
            ),
            ("6.7.2-arch1-1", "6.7.4-arch1-1"),
            (
                "5.15.133.1-microsoft-standard-WSL2",
                "5.15.146.1-microsoft-standard-WSL2",
            ),
            ("'6.1.0-18-amd64'", "'6.1.0-25-amd64'"),
            (
                "Linux-6.1.0-18-amd64-x86_64-with-glibc2.36",
                "Linux-5.10.0-28-cloud-amd64-x86_64-with-glibc2.31",
            ),
        ] {
            assert_eq!(alone(left, right), KERNEL, "{left} → {right}");
        }
        assert_eq!(
            judge("Kernel: 6.1.0\n", "Kernel: 5.10.0\n"),
            [KERNEL],
            "labelled"
        );
    }

    #[test]
    fn uname_lines_differ_after_the_host_name() {
        assert_eq!(
            judge(
                "Linux builder 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux\n",
                "Linux builder 5.10.0-28-cloud-amd64 #1 SMP Debian 5.10.209-2 (2024-01-31) x86_64 GNU/Linux\n"
            ),
            [KERNEL, KERNEL, KERNEL]
        );
        assert_eq!(
            judge(
                "Linux alpha 6.1.0 #1 SMP x86_64\n",
                "Linux beta 6.1.0 #1 SMP x86_64\n"
            ),
            [None],
            "the host name is not the kernel"
        );
    }

    #[test]
    fn uname_text_after_a_label_with_a_cpu_count_beside_it() {
        // corpus/shape-uname-nproc: `uname -srvm` and `nproc` as C macros, on adjacent lines.
        let left = "#define BUILD_UNAME \"Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64\"\n#define BUILD_JOBS 4\n";
        let right = "#define BUILD_UNAME \"Linux 6.1.0-25-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3 (2024-08-26) x86_64\"\n#define BUILD_JOBS 32\n";
        assert_eq!(judge(left, right), [KERNEL, KERNEL, CPUS]);
        assert_eq!(
            judge(
                "uname: Linux 6.1.0 #1 SMP Debian 6.1.76-1 (2024-02-01) x86_64\n",
                "uname: Linux 6.1.0 #1 SMP Debian 6.1.106-3 (2024-08-26) x86_64\n"
            ),
            [KERNEL],
            "the kernel's own build date is part of its version"
        );
        assert_eq!(
            judge(
                "UNAME=Linux 6.1.0 #1 SMP Debian 6.1.76-1 x86_64\n",
                "UNAME=Linux 6.1.0 #1 SMP Debian 6.1.106-3 x86_64\n"
            ),
            [KERNEL]
        );
        // A genuine change beside the uname text: a number in a line that is no uname output.
        assert_eq!(
            judge(
                "#define BUILD_UNAME \"Linux 6.1.0-18-amd64 #1 SMP x86_64\"\n#define RETRIES 4\n",
                "#define BUILD_UNAME \"Linux 6.1.0-25-amd64 #1 SMP x86_64\"\n#define RETRIES 32\n"
            ),
            [KERNEL, None]
        );
        assert_eq!(
            judge(
                "#define NAME \"Linux build 2.0 (2024-02-01)\"\n",
                "#define NAME \"Linux build 2.1 (2024-08-26)\"\n"
            ),
            [None],
            "no build number: no uname text"
        );
        assert_eq!(
            judge(
                "#define BUILD_UNAME \"Linux alpha 6.1.0 #1 SMP x86_64\"\n",
                "#define BUILD_UNAME \"Linux beta 6.1.0 #1 SMP x86_64\"\n"
            ),
            [None],
            "the word after the kernel name is the host name"
        );
    }

    #[test]
    fn plain_versions_and_numbers_are_not_kernels() {
        assert_eq!(alone("6.1.0", "5.10.0"), None, "no flavour, no label");
        assert_eq!(judge("version: 6.1.0\n", "version: 5.10.0\n"), [None]);
        assert_eq!(
            alone("attrs-23.1.0", "attrs-23.2.0"),
            None,
            "a library's version"
        );
        assert_eq!(alone("1.2.3-4", "1.2.3-5"), None);
        assert_eq!(
            judge("Linux 6.1.0 x86_64\n", "Linux 6.1.0 aarch64\n"),
            [None]
        );
    }

    #[test]
    fn cpu_counts_need_a_cpu_label() {
        assert_eq!(alone("-j8", "-j2"), CPUS);
        assert_eq!(alone("nproc: 8", "nproc: 2"), CPUS);
        assert_eq!(alone("cpu_count=8", "cpu_count=2"), CPUS);
        assert_eq!(alone("jobs: 4", "jobs: 2"), CPUS);
        assert_eq!(alone("MAKEFLAGS=-j8", "MAKEFLAGS=-j4"), CPUS);
        assert_eq!(alone("--jobs=8", "--jobs=16"), CPUS);
        assert_eq!(judge("make -j 8 all\n", "make -j 16 all\n"), [CPUS]);
        assert_eq!(
            judge("{\"cpu_count\": 8}\n", "{\"cpu_count\": 16}\n"),
            [CPUS]
        );
        assert_eq!(judge("CPU(s):   8\n", "CPU(s):   2\n"), [CPUS]);

        assert_eq!(alone("8", "16"), None, "a bare number");
        assert_eq!(judge("x = 8\n", "x = 16\n"), [None]);
        assert_eq!(judge("    return 41\n", "    return 42\n"), [None]);
        assert_eq!(alone("-O2", "-O3"), None, "a build flag change is content");
        assert_eq!(judge("cc -O2 -c x.c\n", "cc -O3 -c x.c\n"), [None]);
        assert_eq!(alone("-j8", "-j08"), None);
        assert_eq!(alone("nproc: 8", "nproc: 0"), None);
        assert_eq!(alone("retries: 8", "retries: 2"), None);
        let all = [
            hunk("cpus: 8\n", "cpus: 16\n"),
            hunk("size = 8\n", "size = 16\n"),
        ];
        let known = KnownValues::default();
        let context = Context::new(&all, &known);
        let change = TokenChange::new("8", "16");
        assert_eq!(
            EnvironmentTokenRule.explain(change, &context),
            None,
            "the label must hold wherever the run occurs"
        );
    }

    #[test]
    fn git_describe_and_scm_versions_are_vcs_state() {
        assert_eq!(alone("v1.2-3-gabcdef0", "v1.2-5-g1234567"), VCS);
        assert_eq!(alone("'1.2.3-4-gabcdef0-dirty'", "'1.2.3-5-g1234567'"), VCS);
        assert_eq!(alone("v1.2.3", "v1.2.3-dirty"), VCS);
        assert_eq!(alone("g1a2b3c4", "g9f8e7d6"), VCS);
        assert_eq!(
            alone(
                "mypkg-1.2.4.dev3+gabcdef0.dist-info",
                "mypkg-1.2.4.dev5+g1234567.dist-info"
            ),
            VCS
        );
        assert_eq!(
            alone("1.2.4.dev3+gabcdef0", "1.2.4.dev3+gabcdef0.d20240101"),
            VCS
        );
        assert_eq!(
            judge(
                "commit 3f786850e387550fdab836ed7e6dc881de23001b\n",
                "commit 89e6c98d92887913cadf06b2adb97f26cde4849b\n"
            ),
            [VCS]
        );
        assert_eq!(alone("rev=3f78685", "rev=89e6c98"), VCS);
        assert_eq!(
            judge("GIT_COMMIT: 3f78685\n", "GIT_COMMIT: 89e6c98\n"),
            [VCS]
        );

        assert_eq!(
            alone("v1.2-3-gabcdef0", "v1.3-0-g1234567"),
            None,
            "another tag"
        );
        assert_eq!(
            alone("1.2.4.dev3+gabcdef0", "1.2.5.dev3+g1234567"),
            None,
            "another release"
        );
        assert_eq!(
            alone(
                "3f786850e387550fdab836ed7e6dc881de23001b",
                "89e6c98d92887913cadf06b2adb97f26cde4849b"
            ),
            None,
            "a bare hash is no commit without a label"
        );
        assert_eq!(
            judge(
                "sha256: 3f786850e387550fdab836ed7e6dc881de23001b\n",
                "sha256: 89e6c98d92887913cadf06b2adb97f26cde4849b\n"
            ),
            [None],
            "a checksum"
        );
        assert_eq!(alone("gabcdefg", "g1234567"), None);
    }

    #[test]
    fn environment_dumps() {
        assert_eq!(alone("PATH=/a:/b", "PATH=/c"), ENV);
        assert_eq!(
            judge(
                "declare -x PATH=\"/usr/bin:/bin\"\n",
                "declare -x PATH=\"/opt/bin:/usr/bin\"\n"
            ),
            [ENV]
        );
        assert_eq!(alone("GITHUB_RUN_ID=123", "GITHUB_RUN_ID=456"), ENV);
        assert_eq!(
            alone("HOME=/root", "HOME=/home/bob"),
            Some(Cause::HomeDirectory)
        );
        assert_eq!(
            alone("LC_ALL=C", "LC_ALL=en_US.UTF-8"),
            Some(Cause::LocaleSetting)
        );
        assert_eq!(
            alone("NUMBER_OF_PROCESSORS=8", "NUMBER_OF_PROCESSORS=4"),
            CPUS
        );
        assert_eq!(
            judge(
                "{'PATH': '/a:/b', 'X': '1'}\n",
                "{'PATH': '/c', 'X': '1'}\n"
            ),
            [ENV]
        );

        assert_eq!(alone("CFLAGS=-O2", "CFLAGS=-O3"), None, "a build setting");
        assert_eq!(
            alone("ANSWER=41", "ANSWER=42"),
            None,
            "a project's own variable"
        );
        assert_eq!(alone("PATH=/a", "MANPATH=/a"), None);
        assert_eq!(alone("path=/a", "path=/b"), None);
    }
}
