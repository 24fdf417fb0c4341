//! Names of installed distributions' metadata entries: `six-1.16.0.dist-info` (wheels, pip),
//! `six-1.16.0-py3.9.egg-info` or `six-1.16.0.egg-info` (setuptools, distutils) and
//! `six-1.16.0-py3.9.egg` (eggs, as a directory or a zipped file), read into a name and a version.
//!
//! The name is everything before the version; the version is the last `-`-separated part that is a
//! whole PEP 440 version and is followed by nothing (dist-info) or by an egg's Python tag
//! (`py3.9`, then optionally a platform). A name is matched across sides in its PEP 503 form.

/// How a distribution's metadata is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layout {
    /// `name-version.dist-info/` with `METADATA` (wheels, pip).
    DistInfo,
    /// `name-version[-pyX.Y].egg-info`, a directory with `PKG-INFO` or a file (setuptools).
    EggInfo,
    /// `name-version-pyX.Y[-platform].egg`, a directory with `EGG-INFO/PKG-INFO` or a zip.
    Egg,
}

impl Layout {
    /// The metadata file that defines the distribution, relative to its metadata entry.
    pub fn defining_file(self) -> &'static [&'static str] {
        match self {
            Layout::DistInfo => &["METADATA"],
            Layout::EggInfo => &["PKG-INFO"],
            Layout::Egg => &["EGG-INFO", "PKG-INFO"],
        }
    }

    /// Whether the distribution's files live beside its metadata entry (wheels, setuptools
    /// installs) rather than inside it (eggs).
    pub fn owns_siblings(self) -> bool {
        !matches!(self, Layout::Egg)
    }
}

/// A metadata entry's name, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataEntry {
    /// The distribution's name as the entry spells it (`python_dateutil`).
    pub name: String,
    /// The name in PEP 503 normalized form (`python-dateutil`).
    pub normalized: String,
    /// The version as the entry spells it (`2.8.2`).
    pub version: String,
    /// How the metadata is laid out.
    pub layout: Layout,
}

/// Reads one path component (`six-1.16.0.dist-info`) as a metadata entry's name; `None` when it is
/// not one or carries no version (`pkg.egg-info` of a source tree).
pub fn parse_entry(component: &str) -> Option<MetadataEntry> {
    let (stem, layout) = [
        (".dist-info", Layout::DistInfo),
        (".egg-info", Layout::EggInfo),
        (".egg", Layout::Egg),
    ]
    .into_iter()
    .find_map(|(suffix, layout)| Some((component.strip_suffix(suffix)?, layout)))?;
    let parts: Vec<&str> = stem.split('-').collect();
    let at = (1..parts.len())
        .rev()
        .find(|&i| is_pep440_version(parts[i]) && tail_fits(layout, &parts[i + 1..]))?;
    let name = parts[..at].join("-");
    is_valid_name(&name).then(|| MetadataEntry {
        normalized: normalize(&name),
        name,
        version: parts[at].to_owned(),
        layout,
    })
}

/// Whether what follows the version is allowed: nothing for a dist-info; for eggs, nothing or a
/// Python tag (`py3.9`) and then anything (a platform such as `linux-x86_64`).
fn tail_fits(layout: Layout, tail: &[&str]) -> bool {
    match (layout, tail.first()) {
        (_, None) => true,
        (Layout::DistInfo, Some(_)) => false,
        (Layout::EggInfo, Some(tag)) => is_python_tag(tag) && tail.len() == 1,
        (Layout::Egg, Some(tag)) => is_python_tag(tag),
    }
}

/// `py3`, `py3.9`, `py2.7`.
fn is_python_tag(tag: &str) -> bool {
    tag.strip_prefix("py").is_some_and(|version| {
        let mut numbers = version.split('.');
        numbers.clone().count() <= 2 && numbers.all(is_number)
    })
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A project name per PEP 508: letters, digits, `.`, `_`, `-`, starting and ending alphanumeric.
fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let alphanumeric_ends = bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric);
    alphanumeric_ends
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The PEP 503 normalized form of a name: lower case, every run of `-`, `_`, `.` as one `-`.
pub fn normalize(name: &str) -> String {
    let mut normalized = String::with_capacity(name.len());
    let mut in_separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_separator {
                normalized.push('-');
            }
            in_separator = true;
        } else {
            normalized.push(c.to_ascii_lowercase());
            in_separator = false;
        }
    }
    normalized
}

/// Whether `text` is a whole PEP 440 version (public part, optionally `+local`), in any of the
/// spellings PEP 440 accepts: `1.16.0`, `v2`, `1!2.0`, `1.0rc1`, `1.0_post1`, `2.0.dev3+abc.1`.
pub fn is_pep440_version(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let (public, local) = match lower.split_once('+') {
        Some((public, local)) => (public, Some(local)),
        None => (lower.as_str(), None),
    };
    let local_ok = local.is_none_or(|local| {
        local
            .split(['.', '_', '-'])
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
    });
    local_ok && is_public_version(public)
}

/// `[v][N!]N(.N)*[pre][post][dev]`.
fn is_public_version(text: &str) -> bool {
    let mut rest = text.strip_prefix('v').unwrap_or(text);
    if let Some((epoch, after)) = rest.split_once('!') {
        if !is_number(epoch) {
            return false;
        }
        rest = after;
    }
    let Some(after_release) = release(rest) else {
        return false;
    };
    let after_pre = suffix(
        after_release,
        &["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"],
    );
    let after_post =
        implicit_post(after_pre).unwrap_or_else(|| suffix(after_pre, &["post", "rev", "r"]));
    suffix(after_post, &["dev"]).is_empty()
}

/// What follows the release segment `N(.N)*`, or `None` when there is none.
fn release(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &rest[digits..];
        match rest.strip_prefix('.') {
            Some(next) if next.starts_with(|c: char| c.is_ascii_digit()) => rest = next,
            _ => return Some(rest),
        }
    }
}

/// Strips one optional `[sep]label[sep][N]` segment whose label is one of `labels`.
fn suffix<'a>(text: &'a str, labels: &[&str]) -> &'a str {
    let body = text.strip_prefix(['.', '_', '-']).unwrap_or(text);
    let Some(after_label) = labels.iter().find_map(|label| body.strip_prefix(label)) else {
        return text;
    };
    let number = after_label
        .strip_prefix(['.', '_', '-'])
        .unwrap_or(after_label);
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        &number[digits..]
    } else {
        after_label
    }
}

/// The implicit post release `-N`, when `text` starts with one.
fn implicit_post(text: &str) -> Option<&str> {
    let number = text.strip_prefix('-')?;
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| &number[digits..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(component: &str) -> Option<(String, String, Layout)> {
        parse_entry(component).map(|e| (e.normalized, e.version, e.layout))
    }

    fn entry(name: &str, version: &str, layout: Layout) -> Option<(String, String, Layout)> {
        Some((name.to_owned(), version.to_owned(), layout))
    }

    #[test]
    fn dist_info_names() {
        assert_eq!(
            read("six-1.16.0.dist-info"),
            entry("six", "1.16.0", Layout::DistInfo)
        );
        assert_eq!(
            read("python_dateutil-2.8.2.dist-info"),
            entry("python-dateutil", "2.8.2", Layout::DistInfo)
        );
        assert_eq!(
            read("zope.interface-6.0.dist-info"),
            entry("zope-interface", "6.0", Layout::DistInfo)
        );
        assert_eq!(
            read("Django-4.2rc1.dist-info"),
            entry("django", "4.2rc1", Layout::DistInfo)
        );
        assert_eq!(
            read("py2neo-2021.2.4.dist-info"),
            entry("py2neo", "2021.2.4", Layout::DistInfo)
        );
        // Unescaped names with `-` (old tools) still split at the version.
        assert_eq!(
            read("python-dateutil-2.8.2.dist-info"),
            entry("python-dateutil", "2.8.2", Layout::DistInfo)
        );
    }

    #[test]
    fn egg_names() {
        assert_eq!(
            read("six-1.16.0-py3.9.egg-info"),
            entry("six", "1.16.0", Layout::EggInfo)
        );
        assert_eq!(
            read("six-1.16.0.egg-info"),
            entry("six", "1.16.0", Layout::EggInfo)
        );
        assert_eq!(
            read("six-1.16.0-py3.9.egg"),
            entry("six", "1.16.0", Layout::Egg)
        );
        assert_eq!(
            read("cffi-1.15.1-py3.9-macosx-10.9-x86_64.egg"),
            entry("cffi", "1.15.1", Layout::Egg)
        );
        assert_eq!(
            read("cffi-1.15.1-py3.9-linux-x86_64.egg"),
            entry("cffi", "1.15.1", Layout::Egg)
        );
    }

    #[test]
    fn entries_without_a_version_or_with_a_bad_name_are_not_distributions() {
        assert_eq!(read("pkg.egg-info"), None, "a source tree's egg-info");
        assert_eq!(read("EGG-INFO"), None);
        assert_eq!(read("six.py"), None);
        assert_eq!(read("six-latest.dist-info"), None);
        assert_eq!(read("-1.0.dist-info"), None);
        assert_eq!(read("six_-1.0.dist-info"), None, "a name ends alphanumeric");
        assert_eq!(
            read("six-1.0-py3.9.dist-info"),
            None,
            "no tags on dist-info"
        );
        assert_eq!(
            read("six-1.0-linux.egg"),
            None,
            "a platform needs a Python tag"
        );
        assert_eq!(read("six-1.0.dist-info.bak"), None);
    }

    #[test]
    fn pep440_versions() {
        for good in [
            "1",
            "1.16.0",
            "v2.0",
            "1!2.0",
            "1.0a1",
            "1.0.alpha.1",
            "1.0rc1",
            "1.0c",
            "1.0.post1",
            "1.0_post1",
            "1.0.dev3",
            "1.0rc1.post2.dev3",
            "1.0+ubuntu.1",
            "2021.2.4",
        ] {
            assert!(is_pep440_version(good), "{good}");
        }
        for bad in [
            "", "latest", "1.", ".1", "1..2", "1.0x", "2fa", "1.0+", "1.0+a..b", "py3.9", "x86_64",
            "1.0-",
        ] {
            assert!(!is_pep440_version(bad), "{bad}");
        }
    }

    #[test]
    fn names_normalize_per_pep503() {
        assert_eq!(normalize("Foo.Bar__baz"), "foo-bar-baz");
        assert_eq!(normalize("six"), "six");
        assert_eq!(normalize("python_dateutil"), "python-dateutil");
    }
}
