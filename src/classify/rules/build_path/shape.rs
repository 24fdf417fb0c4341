//! The shape of paths in text: finding absolute paths among words, splitting them into
//! components, and recognizing what kind of directory a prefix is (a home directory, a random
//! temporary directory, a system directory, a place builds usually run in).
//!
//! These are heuristics about names only; the build-path rule never trusts them alone — a pair
//! of prefixes must also turn the left text into the right text exactly.

/// Characters that may appear inside one path component.
pub(super) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '~' | '@' | '%')
}

fn is_separator(c: char) -> bool {
    c == '/' || c == '\\'
}

fn is_path_char(c: char) -> bool {
    is_name_char(c) || is_separator(c)
}

/// The absolute paths (`/…` or `C:\…`) written in `text`, in order. Words are split at
/// anything that cannot be part of a path (spaces, quotes, `=`, `,`, `:` outside a drive letter,
/// brackets), a leading command-line flag (`-I/tmp/a`) is set aside, `file:///x` gives `/x`, and
/// network paths and URLs (`//host/…`) are not paths of the build machine.
pub(super) fn absolute_paths(text: &str) -> Vec<&str> {
    let mut paths = Vec::new();
    for word in words(text) {
        for piece in colon_pieces(word) {
            if let Some(path) = as_absolute_path(piece) {
                paths.push(path);
            }
        }
    }
    paths
}

/// Maximal runs of path characters and colons.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(is_path_char(c) || c == ':'))
        .filter(|word| !word.is_empty())
}

/// A word split at colons, except the colon of a drive letter (`C:\x`, `C:/x`).
fn colon_pieces(word: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (index, _) in word.match_indices(':') {
        let piece = &word[start..index];
        let after = &word[index + 1..];
        let is_drive = piece.len() == 1
            && piece.chars().all(|c| c.is_ascii_alphabetic())
            && after.starts_with(is_separator);
        if !is_drive {
            pieces.push(piece);
            start = index + 1;
        }
    }
    pieces.push(&word[start..]);
    pieces
}

/// The absolute path a piece of a word is, if any.
fn as_absolute_path(piece: &str) -> Option<&str> {
    let piece = without_flag(piece);
    let piece = match piece.strip_prefix("//") {
        // `file:///tmp/a` names /tmp/a; `//host/share` and `https://host/` name other machines.
        Some(rest) if rest.starts_with('/') => rest,
        Some(_) => return None,
        None => piece,
    };
    let mut chars = piece.chars();
    let first = chars.next()?;
    let rooted = if first == '/' {
        chars.next().is_some_and(is_name_char)
    } else {
        first.is_ascii_alphabetic()
            && chars.next() == Some(':')
            && chars.next().is_some_and(is_separator)
            && chars.next().is_some_and(is_name_char)
    };
    rooted.then_some(piece)
}

/// `-I/tmp/a` → `/tmp/a`: a dash-led option name glued to the path it takes.
fn without_flag(piece: &str) -> &str {
    let Some(slash) = piece.find('/') else {
        return piece;
    };
    let flag = &piece[..slash];
    let name = flag.trim_start_matches('-');
    let is_flag = flag.starts_with('-')
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if is_flag {
        &piece[slash..]
    } else {
        piece
    }
}

/// The byte ranges of a path's components (empty components, as in `a//b` or `C:\\x`, skipped).
fn component_spans(path: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (index, c) in path.char_indices() {
        if is_separator(c) {
            if index > start {
                spans.push((start, index));
            }
            start = index + c.len_utf8();
        }
    }
    if path.len() > start {
        spans.push((start, path.len()));
    }
    spans
}

/// A path's components: `/tmp/a/x.c` → `tmp`, `a`, `x.c`; `C:\Users\a` → `C:`, `Users`, `a`.
pub(super) fn components(path: &str) -> Vec<&str> {
    component_spans(path)
        .into_iter()
        .map(|(start, end)| &path[start..end])
        .collect()
}

/// The last component of a path.
pub(super) fn file_name(path: &str) -> Option<&str> {
    component_spans(path)
        .last()
        .map(|&(start, end)| &path[start..end])
}

/// Two paths split after their differing prefixes: `(left prefix, right prefix, shared
/// components)`, when they end with at least one common component and both keep a non-empty
/// prefix. `/tmp/a/src/x.c` and `/var/b/src/x.c` give `/tmp/a`, `/var/b` and 2.
pub(super) fn split_common_suffix<'a>(
    left: &'a str,
    right: &'a str,
) -> Option<(&'a str, &'a str, usize)> {
    let (left_spans, right_spans) = (component_spans(left), component_spans(right));
    let shared = left_spans
        .iter()
        .rev()
        .zip(right_spans.iter().rev())
        .take_while(|(l, r)| left[l.0..l.1] == right[r.0..r.1])
        .count();
    if shared == 0 || shared >= left_spans.len() || shared >= right_spans.len() {
        return None;
    }
    let prefix = |path: &'a str, spans: &[(usize, usize)]| {
        path[..spans[spans.len() - shared].0].trim_end_matches(is_separator)
    };
    Some((
        prefix(left, &left_spans),
        prefix(right, &right_spans),
        shared,
    ))
}

fn is_windows(path: &str) -> bool {
    path.as_bytes().get(1) == Some(&b':')
}

/// The components after the drive (Windows) or the root (Unix), lower-cased for Windows, whose
/// names are case-insensitive.
fn rooted_components(path: &str) -> Vec<String> {
    let components = components(path);
    if is_windows(path) {
        components[1..].iter().map(|c| c.to_lowercase()).collect()
    } else {
        components.iter().map(|c| c.to_string()).collect()
    }
}

/// Whether `path` is exactly a home directory: `/root`, `/home/<name>`, `/Users/<name>`,
/// `C:\Users\<name>`.
pub(super) fn is_home_directory(path: &str) -> bool {
    let components = rooted_components(path);
    let components: Vec<&str> = components.iter().map(String::as_str).collect();
    if is_windows(path) {
        return matches!(components.as_slice(), ["users", _]);
    }
    matches!(components.as_slice(), ["root"] | ["home", _] | ["Users", _])
}

/// Whether `path` lies where builds usually run: temporary directories, home directories, the
/// conventional build roots of build services and containers.
pub(super) fn is_build_location(path: &str) -> bool {
    let components = rooted_components(path);
    let components: Vec<&str> = components.iter().map(String::as_str).collect();
    if is_windows(path) {
        return matches!(
            components.as_slice(),
            ["users" | "temp" | "tmp", ..] | ["windows", "temp", ..]
        );
    }
    matches!(
        components.as_slice(),
        [
            "tmp" | "build" | "builds" | "home" | "root" | "Users" | "workspace" | "__w",
            ..
        ] | ["var", "tmp" | "folders", ..]
            | ["private", "tmp" | "var", ..]
            | ["dev", "shm", ..]
            | ["run", "user", ..]
            | ["github", "workspace", ..]
            | ["usr", "src", ..]
            | ["usr", "local", "src", ..]
    )
}

/// Whether `path` is a directory of the system or of installed software rather than one a build
/// ran in: a difference there is another toolchain or dependency, not another build directory.
pub(super) fn is_system_location(path: &str) -> bool {
    if is_build_location(path) {
        return false;
    }
    let components = rooted_components(path);
    let components: Vec<&str> = components.iter().map(String::as_str).collect();
    if is_windows(path) {
        return matches!(
            components.as_slice(),
            [
                "program files" | "program files (x86)" | "programdata" | "windows",
                ..
            ]
        );
    }
    matches!(
        components.as_slice(),
        [
            "usr" | "lib" | "lib32" | "lib64" | "libx32" | "bin" | "sbin" | "etc" | "proc" | "sys",
            ..
        ] | ["System" | "Library" | "Applications", ..]
            | ["nix" | "gnu", "store", ..]
    )
}

/// The components of two prefixes after their common leading ones.
pub(super) fn differing_components<'a>(
    left: &'a str,
    right: &'a str,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let (left, right) = (components(left), components(right));
    let common = left.iter().zip(&right).take_while(|(l, r)| l == r).count();
    (left[common..].to_vec(), right[common..].to_vec())
}

/// Whether two prefixes differ only in a dotted version number (`/opt/foo-1.2` vs
/// `/opt/foo-1.3`, `python3.11` vs `python3.12`): another version of something installed.
pub(super) fn is_version_change(left: &str, right: &str) -> bool {
    let (left, right) = differing_components(left, right);
    let (left, right) = (left.join("/"), right.join("/"));
    has_dotted_number(&left)
        && has_dotted_number(&right)
        && mask_digits(&left) == mask_digits(&right)
}

fn has_dotted_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit())
}

/// `foo-1.12` → `foo-#.#`.
fn mask_digits(text: &str) -> String {
    let mut masked = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_ascii_digit() {
            masked.push(c);
        } else if !masked.ends_with('#') {
            masked.push('#');
        }
    }
    masked
}

/// Prefixes of directory names that tools follow with random characters (pip, pypa/build).
const TEMP_NAME_PREFIXES: &[&str] = &[
    "pip-req-build-",
    "pip-build-env-",
    "pip-install-",
    "pip-wheel-",
    "pip-ephem-wheel-cache-",
    "pip-unpack-",
    "pip-target-",
    "pip-metadata-",
    "pip-modern-metadata-",
    "build-env-",
];

/// Prefixes that mkdtemp/mkstemp-style names start with (Python's `tmpXXXXXXXX`, mktemp's
/// `tmp.XXXXXXXXXX`, gcc's `/tmp/ccXXXXXX.s`): weaker, so the rest must look random.
const MKTEMP_PREFIXES: &[&str] = &["tmp.", "tmp_", "tmp-", "tmp", "cc"];

/// Whether the components where two prefixes differ look like a randomly named temporary
/// directory on either side.
pub(super) fn looks_temporary(left: &str, right: &str) -> bool {
    let (left_differing, right_differing) = differing_components(left, right);
    has_temporary_component(left, left_differing.len())
        || has_temporary_component(right, right_differing.len())
        || is_macos_temp(left)
        || is_macos_temp(right)
}

/// Whether one of the last `differing` components of `path` looks temporary.
fn has_temporary_component(path: &str, differing: usize) -> bool {
    let all = components(path);
    (all.len() - differing..all.len()).any(|index| {
        let parent = index.checked_sub(1).map(|i| all[i]);
        is_temporary_component(all[index], parent)
    })
}

/// macOS gives every user a random temporary directory under `/var/folders`.
fn is_macos_temp(path: &str) -> bool {
    let components = components(path);
    matches!(
        components.as_slice(),
        ["var", "folders", ..] | ["private", "var", "folders", ..]
    )
}

/// Whether one directory name looks made by mkdtemp or a tool's temp-directory helper.
pub(super) fn is_temporary_component(name: &str, parent: Option<&str>) -> bool {
    let random_tail = |rest: &str, min: usize| {
        rest.len() >= min && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if TEMP_NAME_PREFIXES.iter().any(|prefix| {
        name.strip_prefix(prefix)
            .is_some_and(|rest| random_tail(rest, 4))
    }) {
        return true;
    }
    let stem = name.split('.').next().unwrap_or(name);
    let mktemp = MKTEMP_PREFIXES.iter().any(|prefix| {
        let rest = if prefix.ends_with('.') {
            name.strip_prefix(prefix)
        } else {
            stem.strip_prefix(prefix)
        };
        rest.is_some_and(|rest| random_tail(rest, 6) && looks_random(rest))
    });
    let under_temp = parent.is_some_and(|p| matches!(p, "tmp" | "temp" | "Temp" | "TEMP" | "T"));
    mktemp
        || (under_temp
            && name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|run| run.len() >= 6 && looks_random(run)))
}

/// Letters mixed with digits, or with both cases: what random name generators produce and
/// words rarely are.
fn looks_random(text: &str) -> bool {
    let has = |test: fn(&char) -> bool| text.chars().any(|c| test(&c));
    let digit = has(char::is_ascii_digit);
    let letter = has(char::is_ascii_alphabetic);
    let upper = text.chars().filter(char::is_ascii_uppercase).count();
    (digit && letter) || (upper >= 2 && has(char::is_ascii_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_are_found_among_words() {
        assert_eq!(
            absolute_paths(r#"File "/tmp/a/pkg/mod.py", line 3, in f"#),
            ["/tmp/a/pkg/mod.py"]
        );
        assert_eq!(
            absolute_paths("gcc -I/tmp/a/include -fdebug-prefix-map=/tmp/a=. src/x.c"),
            ["/tmp/a/include", "/tmp/a"]
        );
        assert_eq!(absolute_paths("#line 12 \"/tmp/a/x.c\""), ["/tmp/a/x.c"]);
        assert_eq!(
            absolute_paths(r"C:\Users\alice\build\x.c:12: warning"),
            [r"C:\Users\alice\build\x.c"]
        );
        assert_eq!(
            absolute_paths("PATH=/usr/bin:/tmp/a/bin"),
            ["/usr/bin", "/tmp/a/bin"]
        );
        assert_eq!(absolute_paths("file:///tmp/a/pkg"), ["/tmp/a/pkg"]);
    }

    #[test]
    fn relative_paths_urls_and_fractions_are_not_absolute_paths() {
        assert!(
            absolute_paths("src/foo.c ../x 1/2 https://example.com/a/b //host/share").is_empty()
        );
        assert!(absolute_paths("/ // - :/").is_empty());
        assert!(
            absolute_paths("a-b/c").is_empty(),
            "not a flag: no leading dash"
        );
    }

    #[test]
    fn common_suffix_splits_off_the_differing_prefixes() {
        assert_eq!(
            split_common_suffix("/tmp/build-a/src/foo.c", "/var/tmp/other/src/foo.c"),
            Some(("/tmp/build-a", "/var/tmp/other", 2))
        );
        assert_eq!(
            split_common_suffix(r"C:\Users\a\build", r"C:\Users\b\build"),
            Some((r"C:\Users\a", r"C:\Users\b", 1))
        );
        assert_eq!(
            split_common_suffix("/usr/lib/libfoo.so.1", "/usr/lib/libfoo.so.2"),
            None
        );
        assert_eq!(
            split_common_suffix("/x.c", "/tmp/x.c"),
            None,
            "no left prefix"
        );
    }

    #[test]
    fn home_directories_are_recognized_exactly() {
        for home in [
            "/root",
            "/home/alice",
            "/Users/bob",
            r"C:\Users\carol",
            "c:/users/dave",
        ] {
            assert!(is_home_directory(home), "{home}");
        }
        for other in [
            "/home",
            "/home/alice/src",
            "/tmp/alice",
            r"C:\Users",
            "/usr/home",
        ] {
            assert!(!is_home_directory(other), "{other}");
        }
    }

    #[test]
    fn temporary_names_are_recognized() {
        assert!(looks_temporary("/tmp/tmpab12cd_x", "/tmp/tmpzz98yy_q"));
        assert!(looks_temporary(
            "/tmp/pip-req-build-x2k4",
            "/tmp/pip-req-build-q9z1"
        ));
        assert!(looks_temporary(
            "/tmp/pip-build-env-abcd1234/overlay",
            "/tmp/pip-build-env-wxyz9876/overlay"
        ));
        assert!(looks_temporary(
            "/tmp/tmp.AbCdEf1234",
            "/tmp/tmp.XyZw987654"
        ));
        assert!(is_temporary_component("ccAbC123.s", Some("tmp")));
        assert!(looks_temporary(
            "/tmp/build-x2k4ab9z",
            "/tmp/build-q7w3er5t"
        ));
        assert!(looks_temporary(
            "/var/folders/2x/abc/T/x",
            "/var/folders/9q/def/T/x"
        ));
        assert!(!looks_temporary(
            "/tmp/whydiff-elf-a",
            "/var/tmp/whydiff-elf-build-b"
        ));
        assert!(!looks_temporary("/tmp/tmpfiles", "/tmp/tmpdata"));
        assert!(
            !looks_temporary("/tmp/tmpab12cd_x/build-a", "/tmp/tmpab12cd_x/build-b"),
            "the random part is shared; what differs is a plain name"
        );
    }

    #[test]
    fn versions_system_and_build_locations() {
        assert!(is_version_change("/opt/foo-1.2", "/opt/foo-1.3"));
        assert!(is_version_change("/x/lib/python3.11", "/x/lib/python3.12"));
        assert!(!is_version_change("/tmp/build-1", "/tmp/build-2"));
        assert!(!is_version_change("/tmp/a", "/tmp/b"));
        assert!(is_system_location("/usr/lib/gcc"));
        assert!(is_system_location("/nix/store/abc-foo"));
        assert!(!is_system_location("/usr/src/app"));
        assert!(!is_system_location("/tmp/a"));
        assert!(is_build_location("/var/tmp/x"));
        assert!(is_build_location(r"C:\Users\a\src"));
        assert!(!is_build_location("/srv/www/site"));
    }
}
