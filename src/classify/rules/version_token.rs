//! Versions of dependencies and build tools written into text: `Generator: bdist_wheel (0.41.3)`
//! → `(0.43.0)`, `attrs-23.1.0.dist-info` → `attrs-23.2.0.dist-info`, `GCC: (Debian 12.2.0-14)
//! 12.2.0` → `GCC: (Debian 13.1.0-3) 13.1.0`, `pip 23.2.1` → `pip 24.0`.
//!
//! A version alone proves nothing — `1.5` → `1.6` may be any number a program computes — so a run
//! is claimed only when every version-shaped token that changed sits right after the name of a
//! distribution or tool that is the same on both sides (`attrs-`, `setuptools (`, `six==`,
//! `clang version `, `GCC: (Debian `), and nothing else in the run changed. The name is read
//! inside the run or, since the word diff usually isolates the bare version, on the line the run
//! came from ([`run_sites`]). A build tool's name gives [`Cause::ToolVersion`], any other name
//! [`Cause::DependencyVersion`].
//!
//! Left alone: a version in quotes or after `=` (`__version__ = "1.16.0"`: whose version?), a
//! specifier (`attrs (>=23.1.0)`, a declaration, not a resolution), `Version:`-like fields (the
//! project's own version), the version of the project being compared (named by its artifact),
//! git-describe and setuptools-scm versions (VCS state, the environment rule's), and kernel
//! releases (the environment rule's).

use crate::classify::evidence;
use crate::classify::sites::{run_sites, RunSite};
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Cause, Context, Verdict};

/// Explains runs where the versions next to an unchanged distribution or tool name changed.
pub struct VersionTokenRule;

impl TokenRule for VersionTokenRule {
    fn name(&self) -> &'static str {
        "version-token"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        let (left, right) = (split_versions(change.left), split_versions(change.right));
        let changed = changed_versions(&left, &right)?;
        if has_vcs_marker(change.left) || has_vcs_marker(change.right) {
            return None;
        }
        let mut named: Vec<Named> = Vec::new();
        let mut sites = None;
        for &index in &changed {
            let in_run = named_version(change, &left, &right, index, None);
            let found = match in_run {
                Some(found) => vec![found],
                None => {
                    if !worth_searching(&left[index], &right[index], change, context) {
                        return None;
                    }
                    let sites = sites.get_or_insert_with(|| run_sites(change, context));
                    let sites = sites.found()?;
                    sites
                        .iter()
                        .map(|site| named_version(change, &left, &right, index, Some(site)))
                        .collect::<Option<Vec<_>>>()?
                }
            };
            named.extend(found);
        }
        if !texts_match(&left, &right, named.iter().all(|n| n.tool)) {
            return None;
        }
        if named.iter().any(|n| is_project_name(&n.name, context)) {
            return None;
        }
        let first = named.first()?;
        let (from, to) = (left[changed[0]].text(), right[changed[0]].text());
        let verdict = if named.iter().all(|n| n.tool) {
            Verdict::new(
                Cause::ToolVersion,
                format!(
                    "the build tool {} is version {from} on the left and {to} on the right",
                    first.name
                ),
            )
        } else {
            Verdict::new(
                Cause::DependencyVersion,
                format!(
                    "{} is version {from} on the left and {to} on the right: another version of it was chosen",
                    first.name
                ),
            )
        };
        Some(evidence::settle(verdict, change, context))
    }
}

/// Whether a version named nowhere in its run is worth looking for on its line. A decimal like
/// `1.5` → `1.6` (two numbers on both sides, outside brackets) is a version only after a tool's
/// name (`GNU ld (…) 2.40`), and a data file has thousands of them, each a search through every
/// difference when the run belongs to no single difference: then, in a comparison with more than
/// [`MAX_SEARCHED_FOR_DECIMALS`] differences they are not looked for. A run read in its own
/// difference costs one look and is always worth it.
fn worth_searching<'a>(
    left: &Piece<'_>,
    right: &Piece<'_>,
    change: TokenChange<'a>,
    context: &Context<'a>,
) -> bool {
    let weak = |piece: &Piece<'_>| matches!(piece, Piece::Version(v) if v.is_weak());
    !(weak(left) && weak(right))
        || change.left.contains(['(', ')'])
        || change.neighbourhood(context).len() <= MAX_SEARCHED_FOR_DECIMALS
}

/// See [`worth_searching`].
const MAX_SEARCHED_FOR_DECIMALS: usize = 256;

/// A piece of a run: text, or a version-shaped token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Version(Version<'a>),
}

impl<'a> Piece<'a> {
    fn text(&self) -> &'a str {
        match self {
            Piece::Text(text) => text,
            Piece::Version(version) => version.text,
        }
    }
}

/// A version-shaped token: `23.1.0`, `v1.2.3`, `12.2.0-14+deb12u1`, `2.0.0rc1`, `1.2.post1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version<'a> {
    text: &'a str,
    /// Where it starts in the run, in bytes.
    start: usize,
    /// Dot-separated numbers of the release (two at least).
    components: usize,
    /// Written `v1.2.3`.
    v_prefix: bool,
    /// Has a pre-, post-, dev-release, local part or distribution revision after the release.
    qualified: bool,
}

impl Version<'_> {
    /// A two-number release with nothing after it (`1.5`) reads as well as a decimal number.
    fn is_weak(&self) -> bool {
        self.components < 3 && !self.qualified
    }

    /// Whether `other` is written in the same scheme: both with `v` or neither, and release
    /// lengths that differ by one number at most (`23.2.1` → `24.0` is pip's own history).
    fn same_shape(&self, other: &Version<'_>) -> bool {
        self.v_prefix == other.v_prefix && self.components.abs_diff(other.components) <= 1
    }
}

/// Splits `run` into text and version-shaped tokens.
fn split_versions(run: &str) -> Vec<Piece<'_>> {
    let bytes = run.as_bytes();
    let mut pieces = Vec::new();
    let (mut text_start, mut at) = (0, 0);
    while at < bytes.len() {
        let boundary = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'.');
        match boundary.then(|| read_version(run, at)).flatten() {
            Some(version) => {
                if text_start < at {
                    pieces.push(Piece::Text(&run[text_start..at]));
                }
                at += version.text.len();
                text_start = at;
                pieces.push(Piece::Version(version));
            }
            None => at += 1,
        }
    }
    if text_start < bytes.len() {
        pieces.push(Piece::Text(&run[text_start..]));
    }
    pieces
}

/// The version token starting at byte `start` of `run`, if one does.
fn read_version(run: &str, start: usize) -> Option<Version<'_>> {
    let bytes = run.as_bytes();
    let v_prefix = matches!(bytes[start], b'v' | b'V');
    let mut at = start + usize::from(v_prefix);
    let mut components = 0;
    loop {
        let digits = count_while(&bytes[at..], |b| b.is_ascii_digit());
        if digits == 0 {
            break;
        }
        at += digits;
        components += 1;
        if bytes.get(at) == Some(&b'.') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
            at += 1;
        } else {
            break;
        }
    }
    if components < 2 {
        return None;
    }
    let release_end = at;
    at = read_qualifiers(bytes, at);
    if bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
        return None; // `1.2.3abc`: not a version
    }
    Some(Version {
        text: &run[start..at],
        start,
        components,
        v_prefix,
        qualified: at > release_end,
    })
}

/// The end of the qualifiers after a release ending at `at`: PEP 440 pre-, post- and
/// dev-releases (`rc1`, `.post2`, `.dev3`), a local part (`+deb12u1`), a Debian revision (`-14`,
/// `-1ubuntu1.1`) or tilde (`~rc1`).
fn read_qualifiers(bytes: &[u8], mut at: usize) -> usize {
    loop {
        let rest = &bytes[at..];
        let separator = usize::from(matches!(rest.first(), Some(b'.' | b'-' | b'_')));
        let tag = [
            "rc", "a", "b", "c", "alpha", "beta", "pre", "preview", "post", "dev",
        ]
        .iter()
        .filter(|tag| rest[separator..].starts_with(tag.as_bytes()))
        .map(|tag| separator + tag.len())
        .find(|&end| !rest.get(end).is_some_and(u8::is_ascii_alphabetic));
        if let Some(end) = tag {
            at += end + count_while(&rest[end..], |b| b.is_ascii_digit());
            continue;
        }
        let revision_start = matches!(rest.first(), Some(b'-' | b'+' | b'~'))
            && rest.get(1).is_some_and(u8::is_ascii_alphanumeric)
            && (rest[0] != b'-' || rest[1].is_ascii_digit());
        if revision_start {
            at += 1 + count_while(&rest[1..], |b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'~')
            });
            // A trailing dot belongs to the text after (`23.1.0.dist-info` never gets here, but
            // `12.2.0-14.` at a sentence end does).
            while bytes[at - 1] == b'.' {
                at -= 1;
            }
            continue;
        }
        return at;
    }
}

fn count_while(bytes: &[u8], keep: impl Fn(&u8) -> bool) -> usize {
    bytes.iter().take_while(|b| keep(b)).count()
}

/// The indices of the versions that changed, when both runs have the same pieces, at least one
/// version changed and every changed pair is written in one scheme.
fn changed_versions(left: &[Piece<'_>], right: &[Piece<'_>]) -> Option<Vec<usize>> {
    if left.len() != right.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (index, pair) in left.iter().zip(right).enumerate() {
        match pair {
            (Piece::Version(l), Piece::Version(r)) if l.text != r.text => {
                if !l.same_shape(r) {
                    return None;
                }
                changed.push(index);
            }
            (Piece::Version(_), Piece::Version(_)) | (Piece::Text(_), Piece::Text(_)) => {}
            _ => return None,
        }
    }
    (!changed.is_empty()).then_some(changed)
}

/// Whether the text pieces of both runs are the same. A build tool's version string may carry
/// its own build stamp, which changes with the version (`rustc 1.75.0 (82e1608df 2023-12-21)`,
/// `GCC: (GNU) 13.2.1 20230801`): for tools those words may differ too.
fn texts_match(left: &[Piece<'_>], right: &[Piece<'_>], tools: bool) -> bool {
    left.iter().zip(right).all(|pair| match pair {
        (Piece::Text(l), Piece::Text(r)) => l == r || (tools && same_but_build_stamps(l, r)),
        _ => true,
    })
}

/// Whether two texts have the same words but for build stamps (a commit hash, a date).
fn same_but_build_stamps(left: &str, right: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ','))
            .filter(|w| !w.is_empty())
            .map(|w| {
                if is_build_stamp(w) {
                    "#".into()
                } else {
                    w.into()
                }
            })
            .collect()
    };
    let shape = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_whitespace() || matches!(c, '(' | ')' | ','))
            .collect()
    };
    words(left) == words(right) && shape(left) == shape(right)
}

/// A commit abbreviation (7 to 12 hex digits with a digit and a letter) or a date
/// (`2023-12-21`, `20230801`).
fn is_build_stamp(word: &str) -> bool {
    let hex = (7..=12).contains(&word.len())
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && word.bytes().any(|b| b.is_ascii_digit())
        && word.bytes().any(|b| b.is_ascii_alphabetic());
    let date = |digits: &str| digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit());
    let dashed = word.len() == 10 && word.as_bytes()[4] == b'-' && word.as_bytes()[7] == b'-';
    hex || date(word) || (dashed && date(&word.replace('-', "")))
}

/// The marks of a version computed from version control, which the environment rule explains:
/// `1.2-3-gabcdef0` (git describe), `1.2.4.dev3+gabcdef0` (setuptools-scm), `-dirty`.
fn has_vcs_marker(run: &str) -> bool {
    let bytes = run.as_bytes();
    run.contains("dirty")
        || (0..bytes.len()).any(|at| {
            matches!(bytes[at], b'-' | b'+')
                && bytes.get(at + 1) == Some(&b'g')
                && count_while(&bytes[at + 2..], |b| b.is_ascii_hexdigit()) >= 7
        })
}

/// A changed version and the name it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Named {
    name: String,
    tool: bool,
}

/// The name before the changed version at `index`, the same on both sides, read in the run
/// (`site` is `None`) or on the run's line at `site`; `None` when there is none or when the
/// version is too weak for the evidence around it.
fn named_version<'a>(
    change: TokenChange<'a>,
    left: &[Piece<'a>],
    right: &[Piece<'a>],
    index: usize,
    site: Option<&RunSite<'_>>,
) -> Option<Named> {
    let (Piece::Version(l), Piece::Version(r)) = (left[index], right[index]) else {
        return None;
    };
    let before = |run: &str, at: usize, line: Option<&str>| -> String {
        format!("{}{}", line.unwrap_or(""), &run[..at])
    };
    let before_left = before(change.left, l.start, site.map(|s| s.before[0]));
    let before_right = before(change.right, r.start, site.map(|s| s.before[1]));
    let (name_left, name_right) = (name_before(&before_left)?, name_before(&before_right)?);
    if name_left != name_right {
        return None;
    }
    let tool = is_build_tool(&name_left.name);
    let after = match left.get(index + 1) {
        Some(piece) => piece.text(),
        None => site.map_or("", |s| s.after[0]),
    };
    let distribution_file = [
        ".dist-info",
        ".egg-info",
        ".data",
        ".tar",
        ".zip",
        ".whl",
        "-py",
    ]
    .iter()
    .any(|suffix| after.starts_with(suffix));
    let weak_ok = tool || name_left.separator == Separator::Pin || distribution_file;
    if (l.is_weak() || r.is_weak()) && !weak_ok {
        return None;
    }
    Some(Named {
        name: name_left.name,
        tool,
    })
}

/// How a name is joined to its version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// `attrs-23.1.0` (distribution file names).
    Dash,
    /// `six==1.16.0` (a resolved pin, as pip freeze writes it).
    Pin,
    /// `setuptools (69.5.1)`.
    Paren,
    /// `pip/23.2.1` (user agents).
    Slash,
    /// `python:3.11.7` (image tags).
    Colon,
    /// `pip 23.2.1`, `clang version 14.0.6`, `GCC: (Debian 12.2.0-14) 12.2.0`.
    Space,
}

/// A name found before a version.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    name: String,
    separator: Separator,
}

/// The distribution or tool named right before a version, given the text before it.
fn name_before(text: &str) -> Option<Name> {
    let (rest, separator) = separator_before(text)?;
    let mut rest = rest;
    if separator == Separator::Space {
        rest = skip_aside(rest);
    }
    let rest = rest.trim_end();
    let rest = match last_word(rest) {
        Some(word) if is_version_keyword(word) => rest[..rest.len() - word.len()].trim_end(),
        _ => rest,
    };
    let word = last_word(rest)?;
    let word = word.trim_start_matches(['(', '[', '{', '"', '\'', '<']);
    let word = match separator {
        Separator::Space => word.strip_suffix(':').unwrap_or(word),
        _ => word,
    };
    is_name(word).then(|| Name {
        name: word.to_owned(),
        separator,
    })
}

/// The text before the name and how the name is joined to the version.
fn separator_before(text: &str) -> Option<(&str, Separator)> {
    let joined = |rest: &str| rest.ends_with(|c: char| c.is_ascii_alphanumeric());
    if let Some(rest) = text.strip_suffix("==") {
        return Some((rest.trim_end(), Separator::Pin));
    }
    for (mark, separator) in [
        ('-', Separator::Dash),
        ('/', Separator::Slash),
        (':', Separator::Colon),
    ] {
        if let Some(rest) = text.strip_suffix(mark) {
            return joined(rest).then_some((rest, separator));
        }
    }
    if let Some(rest) = text.strip_suffix('(') {
        return rest
            .ends_with(char::is_whitespace)
            .then_some((rest.trim_end(), Separator::Paren));
    }
    text.ends_with(char::is_whitespace)
        .then_some((text.trim_end(), Separator::Space))
}

/// Distributors that stand between a tool's name and its version: `GCC: (Debian 12.2.0-14)`.
#[rustfmt::skip]
const VENDORS: &[&str] = &[
    "Debian", "Ubuntu", "GNU", "Red", "Hat", "Fedora", "Alpine", "Arch", "Homebrew", "MacPorts",
    "Gentoo", "SUSE", "openSUSE", "conda-forge", "Anaconda", "Raspbian", "Rocky", "AlmaLinux",
];

/// `rest` without the aside between a tool's name and its version: a parenthesised group just
/// before (`GNU ld (GNU Binutils for Debian)`, `GCC: (Debian 12.2.0-14)`), or an open one that
/// names a distributor (`GCC: (Debian`, `gcc (Red Hat`).
fn skip_aside(rest: &str) -> &str {
    if rest.ends_with(')') {
        let mut depth = 0;
        for (at, c) in rest.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' => {
                    depth -= 1;
                    if depth == 0 {
                        return rest[..at].trim_end();
                    }
                }
                _ => {}
            }
        }
        return rest;
    }
    if let Some(open) = rest.rfind('(') {
        let inside = &rest[open + 1..];
        let vendor = !inside.contains(')')
            && !inside.trim().is_empty()
            && inside.split_whitespace().all(|w| VENDORS.contains(&w));
        if vendor {
            return rest[..open].trim_end();
        }
    }
    rest
}

fn last_word(text: &str) -> Option<&str> {
    text.split_whitespace().next_back()
}

fn is_version_keyword(word: &str) -> bool {
    ["version", "ver", "v", "release"].contains(&word.to_ascii_lowercase().as_str())
}

/// Words that stand before numbers without naming what the number is the version of.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "a", "an", "the", "to", "from", "at", "by", "on", "in", "of", "for", "with", "and", "or", "not",
    "is", "was", "be", "if", "else", "then", "than", "as", "since", "until", "return", "yield",
    "print", "echo", "set", "let", "const", "var", "val", "release", "rev", "revision", "build",
    "step", "page", "section", "chapter", "figure", "table", "rule", "item", "size", "length",
    "value", "number", "total", "kernel", "linux", "darwin", "windows", "uname", "os", "system",
    "platform", "host", "hostname", "ip", "inet", "addr", "address", "server", "port", "requires",
    "requires-dist", "requires-python", "provides", "obsoletes",
];

/// Whether `word` can be a distribution or tool name: starts with a letter, two characters at
/// least, letters, digits, `.`, `_`, `-`, `+` only, and not a word that names no package.
fn is_name(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    word.len() >= 2
        && word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '+')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        && !lower.contains("version")
        && !NOT_NAMES.contains(&lower.as_str())
}

/// Tools that build, package or compile, whose version the artifact records.
#[rustfmt::skip]
const BUILD_TOOLS: &[&str] = &[
    "gcc", "g++", "cc1", "clang", "clang++", "llvm", "lld", "ld", "ld.lld", "ld.gold", "ld.bfd",
    "gold", "binutils", "mingw", "mingw-w64", "mingw32", "rustc", "cargo", "javac", "setuptools",
    "setuptools-scm", "setuptools_scm", "wheel", "bdist_wheel", "pip", "flit", "flit_core",
    "flit-core", "hatchling", "hatch", "poetry", "poetry-core", "poetry_core", "pdm", "pdm-backend",
    "maturin", "scikit-build", "scikit-build-core", "meson", "meson-python", "ninja", "cmake",
    "make", "autoconf", "automake", "libtool", "cython", "python", "python3", "cpython", "pypy",
    "sphinx", "doxygen", "docutils", "pyinstaller", "nuitka", "nasm", "yasm", "zip", "tar", "gzip",
    "bsdtar", "pkg-config", "pkgconf", "msvc", "zig", "ghc", "swiftc", "go", "node", "npm",
    "gradle", "maven",
];

/// Whether `name` is a build tool (`GNU ld` counts as `ld`).
fn is_build_tool(name: &str) -> bool {
    BUILD_TOOLS.contains(&name.to_ascii_lowercase().as_str())
}

/// Whether `name` is the project being compared: the name of a top-level artifact
/// (`tinypkg-1.0.0-py3-none-any.whl` names `tinypkg`). Its own version changing is not a
/// dependency changing.
fn is_project_name(name: &str, context: &Context<'_>) -> bool {
    let normalize = |text: &str| text.to_ascii_lowercase().replace(['-', '.'], "_");
    let name = normalize(name);
    const ARTIFACTS: &[&str] = &[
        ".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".egg",
    ];
    context
        .all
        .iter()
        .filter_map(|d| d.path.first())
        .any(|top| {
            let file = top.rsplit('/').next().unwrap_or(top);
            if !ARTIFACTS.iter().any(|suffix| file.ends_with(suffix)) {
                return false;
            }
            let bytes = file.as_bytes();
            let end = (1..bytes.len())
                .find(|&at| bytes[at - 1] == b'-' && bytes[at].is_ascii_digit())
                .map_or(file.len(), |at| at - 1);
            normalize(&file[..end]) == name
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::tokens::testing;
    use crate::classify::KnownValues;

    /// The verdicts on every run of a one-line change in `f.txt`, `None` for a run not claimed.
    fn judge(left: &str, right: &str) -> Vec<Option<Cause>> {
        judge_in("f.txt", left, right)
    }

    fn hunk(path: &str, left: &str, right: &str) -> crate::difference::Observed {
        testing::hunk(path, left, right)
    }

    fn judge_in(path: &str, left: &str, right: &str) -> Vec<Option<Cause>> {
        testing::judge_runs(&VersionTokenRule, path, left, right)
    }

    /// The verdict on a run judged alone (no difference to find it in).
    fn alone(left: &str, right: &str) -> Option<Cause> {
        testing::judge_alone(&VersionTokenRule, left, right)
    }

    const TOOL: Option<Cause> = Some(Cause::ToolVersion);
    const DEPENDENCY: Option<Cause> = Some(Cause::DependencyVersion);

    #[test]
    fn wheel_generator_is_a_tool_version() {
        let wheel = |generator: &str| {
            format!("Wheel-Version: 1.0\nGenerator: bdist_wheel ({generator})\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        };
        assert_eq!(judge(&wheel("0.41.3"), &wheel("0.43.0")), [TOOL]);
        assert_eq!(alone("setuptools (69.5.1)", "setuptools (70.0.0)"), TOOL);
        assert_eq!(
            alone(
                "Generator: bdist_wheel (0.43.0)",
                "Generator: bdist_wheel (0.42.0)"
            ),
            TOOL
        );
    }

    #[test]
    fn compiler_banners_are_tool_versions() {
        // `.comment` sections of ELF objects, as `strings` shows them.
        assert_eq!(
            judge(
                "GCC: (Debian 12.2.0-14) 12.2.0",
                "GCC: (Debian 13.1.0-3) 13.1.0"
            ),
            [TOOL]
        );
        assert_eq!(
            judge(
                "GCC: (Debian 12.2.0-14+deb12u1) 12.2.0",
                "GCC: (Debian 12.2.0-14) 12.2.0"
            ),
            [TOOL]
        );
        assert_eq!(
            judge("clang version 14.0.6\n", "clang version 15.0.7\n"),
            [TOOL]
        );
        assert_eq!(
            judge(
                "Ubuntu clang version 14.0.0-1ubuntu1.1\n",
                "Ubuntu clang version 15.0.7-0ubuntu0.22.04.3\n"
            ),
            [TOOL]
        );
        assert_eq!(
            judge(
                "GNU ld (GNU Binutils for Debian) 2.40\n",
                "GNU ld (GNU Binutils for Debian) 2.41\n"
            ),
            [TOOL]
        );
        assert_eq!(
            judge(
                "rustc 1.75.0 (82e1608df 2023-12-21)\n",
                "rustc 1.76.0 (07dca489a 2024-02-04)\n"
            ),
            [TOOL],
            "a tool's own build stamp changes with its version"
        );
        assert_eq!(
            judge(
                "pip 23.2.1 from /usr/lib/python3/dist-packages/pip (python 3.11)\n",
                "pip 24.0 from /usr/lib/python3/dist-packages/pip (python 3.12)\n"
            ),
            [TOOL, TOOL]
        );
    }

    #[test]
    fn distributions_are_dependency_versions() {
        assert_eq!(
            alone("attrs-23.1.0.dist-info", "attrs-23.2.0.dist-info"),
            DEPENDENCY
        );
        assert_eq!(
            judge(
                "attrs-23.1.0.dist-info/METADATA\n",
                "attrs-23.2.0.dist-info/METADATA\n"
            ),
            [DEPENDENCY]
        );
        assert_eq!(
            judge("packaging-23.2.dist-info\n", "packaging-24.0.dist-info\n"),
            [DEPENDENCY],
            "two numbers are enough in a distribution file name"
        );
        assert_eq!(
            judge(
                "six==1.16.0\nattrs==23.1.0\n",
                "six==1.17.0\nattrs==23.1.0\n"
            ),
            [DEPENDENCY]
        );
        assert_eq!(judge("idna==3.6\n", "idna==3.7\n"), [DEPENDENCY], "a pin");
        assert_eq!(
            judge(
                "Bundled: six 1.16.0, attrs 23.1.0\n",
                "Bundled: six 1.17.0, attrs 23.2.0\n"
            ),
            [DEPENDENCY, DEPENDENCY]
        );
        assert_eq!(
            judge("FROM python:3.11.7-slim\n", "FROM python:3.11.8-slim\n"),
            [TOOL]
        );
        assert_eq!(
            alone("numpy-1.26.4 scipy-1.12.0", "numpy-1.26.4 scipy-1.13.0"),
            DEPENDENCY
        );
    }

    #[test]
    fn plain_numbers_and_nameless_versions_stay_unexplained() {
        assert_eq!(judge("    return 41\n", "    return 42\n"), [None]);
        assert_eq!(judge("x = 1.5\n", "x = 1.6\n"), [None]);
        assert_eq!(judge("x = 1.5.0\n", "x = 1.6.0\n"), [None]);
        assert_eq!(judge("version 1.2\n", "version 1.3\n"), [None], "no name");
        assert_eq!(
            judge("Version: 1.0.0\n", "Version: 1.0.1\n"),
            [None],
            "the project's own"
        );
        assert_eq!(
            judge("Metadata-Version: 2.1\n", "Metadata-Version: 2.3\n"),
            [None]
        );
        assert_eq!(
            judge("__version__ = \"1.16.0\"\n", "__version__ = \"1.17.0\"\n"),
            [None]
        );
        assert_eq!(
            judge("scale 1.5\n", "scale 1.6\n"),
            [None],
            "a decimal after a word"
        );
        assert_eq!(judge("return 1.2.3\n", "return 1.2.4\n"), [None]);
        assert_eq!(judge("see section 4.2.1\n", "see section 4.2.2\n"), [None]);
        assert_eq!(alone("1.2.3", "1.2.4"), None, "nothing names it");
        assert_eq!(alone("(0.41.3)", "(0.43.0)"), None, "nothing names it");
        assert_eq!(judge("host 10.0.0.1\n", "host 10.0.0.2\n"), [None]);
    }

    #[test]
    fn other_changes_in_the_run_stay_unexplained() {
        assert_eq!(
            alone("attrs-23.1.0.dist-info", "cattrs-23.2.0.dist-info"),
            None,
            "the name differs"
        );
        assert_eq!(
            alone("setuptools (69.5.1) ok", "setuptools (70.0.0) failed"),
            None
        );
        assert_eq!(alone("setuptools (69.5.1)", "setuptools (unknown)"), None);
        assert_eq!(
            alone("attrs-23.1.0", "attrs-v23.2.0"),
            None,
            "another scheme"
        );
        assert_eq!(alone("attrs-1.2", "attrs-1.2.3.4"), None, "another scheme");
        assert_eq!(
            alone(
                "six 1.16.0 (abc1234f 2023-12-21)",
                "six 1.17.0 (def5678a 2024-01-01)"
            ),
            None,
            "stamps only for tools"
        );
        assert_eq!(
            judge(
                "Requires-Dist: attrs (>=23.1.0)\n",
                "Requires-Dist: attrs (>=23.2.0)\n"
            ),
            [None],
            "a declared specifier"
        );
    }

    #[test]
    fn vcs_versions_kernels_and_the_project_itself_are_left_alone() {
        assert_eq!(
            alone("mypkg-1.2.4.dev3+gabcdef0", "mypkg-1.2.4.dev5+g1234567"),
            None
        );
        assert_eq!(alone("mypkg-1.2-3-gabcdef0", "mypkg-1.2-5-g1234567"), None);
        assert_eq!(
            judge("kernel: 6.1.0-18-amd64\n", "kernel: 6.1.0-25-amd64\n"),
            [None]
        );
        assert_eq!(
            judge("Linux 6.1.0-18-amd64\n", "Linux 5.10.0-28-cloud-amd64\n"),
            [None]
        );
        assert_eq!(
            judge_in(
                "tinypkg-1.0.0-py3-none-any.whl",
                "tinypkg-1.0.0.dist-info\n",
                "tinypkg-1.0.1.dist-info\n"
            ),
            [None],
            "the version of the artifact compared is its content"
        );
    }

    #[test]
    fn the_name_must_hold_at_every_site_of_the_run() {
        let all = [
            hunk(
                "a.txt",
                "Generator: bdist_wheel (0.41.3)\n",
                "Generator: bdist_wheel (0.43.0)\n",
            ),
            hunk("b.txt", "limits = (0.41.3)\n", "limits = (0.43.0)\n"),
        ];
        let known = KnownValues::default();
        let context = Context::new(&all, &known);
        let change = TokenChange::new("(0.41.3)", "(0.43.0)");
        assert_eq!(VersionTokenRule.explain(change, &context), None);
        assert_eq!(
            VersionTokenRule
                .explain(change, &Context::new(&all[..1], &known))
                .map(|v| v.cause),
            TOOL
        );
    }

    #[test]
    fn versions_are_read_with_their_qualifiers() {
        let versions = |run| -> Vec<&str> {
            split_versions(run)
                .into_iter()
                .filter_map(|p| match p {
                    Piece::Version(v) => Some(v.text),
                    Piece::Text(_) => None,
                })
                .collect()
        };
        assert_eq!(versions("attrs-23.1.0.dist-info"), ["23.1.0"]);
        assert_eq!(
            versions("12.2.0-14+deb12u1) 12.2.0"),
            ["12.2.0-14+deb12u1", "12.2.0"]
        );
        assert_eq!(
            versions("v1.2.3 2.0.0rc1 1.2.post1 3.0.dev4"),
            ["v1.2.3", "2.0.0rc1", "1.2.post1", "3.0.dev4"]
        );
        assert_eq!(versions("6.1.0-18-amd64"), ["6.1.0-18"]);
        assert_eq!(versions("python3.11 x1.2 1.2abc 7"), Vec::<&str>::new());
        assert_eq!(versions("14.0.0-1ubuntu1.1."), ["14.0.0-1ubuntu1.1"]);
    }
}
