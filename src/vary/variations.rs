//! The catalogue of variations `whydiff vary` can apply: their canonical names (the contract's),
//! the names reprotest gives them (accepted as aliases on `--vary`), how each is applied, and how
//! this machine is probed for what it can apply.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// One thing that can differ between two builds on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Variation {
    /// The clock (through libfaketime).
    Time,
    /// The directory the build runs in: another directory, of another length.
    BuildPath,
    /// The umask: 0022 against 0002.
    Umask,
    /// `LANG`/`LC_ALL`/`LANGUAGE`.
    Locale,
    /// `TZ`.
    Timezone,
    /// The user and group the build runs as (root only: an unprivileged user).
    User,
    /// The host name, in a UTS namespace.
    Hostname,
    /// `PYTHONHASHSEED`, `PERL_HASH_SEED` and friends.
    HashSeed,
    /// An extra environment variable and another `HOME`.
    Environment,
    /// Parallelism: `MAKEFLAGS=-jN` and friends.
    Jobs,
    /// The order of directory entries (disorderfs).
    FileOrder,
}

impl Variation {
    /// Every variation, in the contract's order.
    pub const ALL: [Variation; 11] = [
        Variation::Time,
        Variation::BuildPath,
        Variation::Umask,
        Variation::Locale,
        Variation::Timezone,
        Variation::User,
        Variation::Hostname,
        Variation::HashSeed,
        Variation::Environment,
        Variation::Jobs,
        Variation::FileOrder,
    ];

    /// The canonical name (the contract's, used in `confirmed_by`).
    pub fn name(self) -> &'static str {
        match self {
            Variation::Time => "time",
            Variation::BuildPath => "build-path",
            Variation::Umask => "umask",
            Variation::Locale => "locale",
            Variation::Timezone => "timezone",
            Variation::User => "user",
            Variation::Hostname => "hostname",
            Variation::HashSeed => "hash-seed",
            Variation::Environment => "environment",
            Variation::Jobs => "jobs",
            Variation::FileOrder => "file-order",
        }
    }

    /// reprotest's names for it, accepted on `--vary` (reprotest has no hash-seed variation).
    pub fn reprotest_names(self) -> &'static [&'static str] {
        match self {
            Variation::Time => &["time"],
            Variation::BuildPath => &["build_path"],
            Variation::Umask => &["umask"],
            Variation::Locale => &["locales"],
            Variation::Timezone => &["timezone"],
            Variation::User => &["user_group"],
            Variation::Hostname => &["domain_host"],
            Variation::HashSeed => &[],
            Variation::Environment => &["environment", "home"],
            Variation::Jobs => &["num_cpus"],
            Variation::FileOrder => &["fileordering"],
        }
    }

    /// The variation a name on `--vary` stands for: a canonical name or a reprotest alias.
    pub fn from_name(name: &str) -> Option<Variation> {
        Variation::ALL
            .into_iter()
            .find(|v| v.name() == name || v.reprotest_names().contains(&name))
    }

    /// How it is applied, in a sentence (for the documentation and the summary).
    pub fn how(self) -> &'static str {
        match self {
            Variation::Time => {
                "the clock through libfaketime: 398 days, 3 hours and 7 minutes ahead (controls run on the real clock)"
            }
            Variation::BuildPath => "another build directory, with a longer name",
            Variation::Umask => "umask 0022 against 0002",
            Variation::Locale => "LANG and LC_ALL C against another locale (LANGUAGE unset)",
            Variation::Timezone => "TZ=UTC against TZ=GMT-14",
            Variation::User => "root against the unprivileged user nobody (setpriv)",
            Variation::Hostname => "host name whydiff-control against whydiff-varied-host (unshare --uts)",
            Variation::HashSeed => "PYTHONHASHSEED and PERL_HASH_SEED 0 against 1",
            Variation::Environment => {
                "HOME set to another directory and an extra variable WHYDIFF_VARY_CANARY"
            }
            Variation::Jobs => "MAKEFLAGS=-j1 against -j4 (also CMAKE_BUILD_PARALLEL_LEVEL)",
            Variation::FileOrder => {
                "directory entries shuffled: the build tree seen through disorderfs --shuffle-dirents=yes"
            }
        }
    }
}

impl fmt::Display for Variation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses `--vary` lists, reprotest-style: comma-separated names (canonical or reprotest's), `all`
/// for every variation, `-name` to take one out (`all,-user`). Without any list, every variation.
/// Items apply left to right; a list starting with an exclusion starts from `all`.
pub fn parse_vary(lists: &[String]) -> Result<BTreeSet<Variation>, String> {
    let items: Vec<&str> = lists
        .iter()
        .flat_map(|list| list.split(','))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect();
    let mut chosen = BTreeSet::new();
    if items.first().is_none_or(|first| first.starts_with('-')) {
        chosen.extend(Variation::ALL);
    }
    for item in items {
        let (remove, name) = match item.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, item.strip_prefix('+').unwrap_or(item)),
        };
        let variations: Vec<Variation> = if name == "all" {
            Variation::ALL.to_vec()
        } else {
            match Variation::from_name(name) {
                Some(v) => vec![v],
                None => return Err(unknown(name)),
            }
        };
        for v in variations {
            if remove {
                chosen.remove(&v);
            } else {
                chosen.insert(v);
            }
        }
    }
    Ok(chosen)
}

fn unknown(name: &str) -> String {
    let names: Vec<&str> = Variation::ALL.iter().map(|v| v.name()).collect();
    format!(
        "--vary: unknown variation {name:?}; the variations are {} (or reprotest's names), all, and -NAME to leave one out",
        names.join(", ")
    )
}

/// What this machine can apply, probed once.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    /// libfaketime's library, when installed.
    pub faketime: Option<PathBuf>,
    /// Whether whydiff runs as root (the user variation switches to an unprivileged user).
    pub root: bool,
    /// Whether `unshare --uts` works here (the hostname variation).
    pub uts: bool,
    /// Whether `unshare --mount` and a bind mount work here: then builds can run in parallel,
    /// each seeing its own tree at the shared build path.
    pub mount_namespaces: bool,
    /// Why the file order cannot be varied, when it cannot.
    pub file_order: Option<String>,
    /// The locale of the varied build.
    pub other_locale: String,
}

const FAKETIME_LIBRARIES: [&str; 3] = [
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
];

impl Machine {
    /// Probes this machine: installed tools, privileges, namespaces, locales (FUSE only when
    /// the file order is `wanted`: it takes a trial mount).
    pub fn probe(wanted: &BTreeSet<Variation>) -> Machine {
        let faketime = FAKETIME_LIBRARIES
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file());
        // SAFETY: geteuid has no preconditions and cannot fail.
        let root = unsafe { libc::geteuid() } == 0;
        let uts = succeeds("unshare", &["--uts", "--", "hostname", "whydiff-probe"]);
        let temp = std::env::temp_dir();
        let temp = temp.to_string_lossy();
        let mount_namespaces = succeeds(
            "unshare",
            &["--mount", "--", "mount", "--bind", &temp, &temp],
        );
        Machine {
            faketime,
            root,
            uts,
            mount_namespaces,
            file_order: if wanted.contains(&Variation::FileOrder) {
                file_order_unavailable()
            } else {
                None
            },
            other_locale: other_locale(),
        }
    }

    /// Why `variation` cannot be applied here, or `None` when it can.
    pub fn unavailable(&self, variation: Variation) -> Option<String> {
        match variation {
            Variation::Time if self.faketime.is_none() => Some(
                "libfaketime is not installed (Debian: apt-get install faketime): the clock cannot be set"
                    .to_owned(),
            ),
            Variation::User if !self.root => Some(
                "whydiff does not run as root: it cannot build as another user".to_owned(),
            ),
            Variation::Hostname if !self.uts => Some(
                "unshare --uts is not permitted here: the host name cannot be changed for one build"
                    .to_owned(),
            ),
            Variation::FileOrder => self.file_order.clone(),
            _ => None,
        }
    }
}

/// Why directory order cannot be varied here, or `None` when it can: disorderfs and fusermount
/// installed, FUSE present, and a trial mount of an empty directory succeeds.
fn file_order_unavailable() -> Option<String> {
    if which("disorderfs").is_none() {
        return Some("disorderfs is not installed (Debian: apt-get install disorderfs)".to_owned());
    }
    if which("fusermount").is_none() && which("fusermount3").is_none() {
        return Some("fusermount is not installed (Debian: apt-get install fuse3)".to_owned());
    }
    if !Path::new("/dev/fuse").exists() {
        return Some("FUSE is not available (no /dev/fuse)".to_owned());
    }
    let Ok(probe) = tempdir_pair() else {
        return Some("no temporary directory to try disorderfs in".to_owned());
    };
    let (tree, at) = (probe.join("tree"), probe.join("at"));
    let tree_text = tree.to_string_lossy().into_owned();
    let at_text = at.to_string_lossy().into_owned();
    let mounted = succeeds(
        "disorderfs",
        &[
            "--shuffle-dirents=yes",
            "--multi-user=yes",
            "-o",
            "allow_other",
            &tree_text,
            &at_text,
        ],
    );
    if mounted && !succeeds("fusermount", &["-u", &at_text]) {
        let _ = succeeds("fusermount3", &["-u", &at_text]);
    }
    let _ = std::fs::remove_dir(&tree);
    let _ = std::fs::remove_dir(&at);
    let _ = std::fs::remove_dir(&probe);
    (!mounted).then(|| "disorderfs could not mount here (FUSE not permitted)".to_owned())
}

/// A fresh directory under the temp dir holding the empty directories `tree` and `at`.
fn tempdir_pair() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("whydiff-vary-probe-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("tree"))?;
    std::fs::create_dir_all(dir.join("at"))?;
    Ok(dir)
}

/// A locale other than C to vary into: the first of a few common ones installed, else C.UTF-8.
fn other_locale() -> String {
    let installed = std::process::Command::new("locale")
        .arg("-a")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let wanted = [
        ("fr_CH.utf8", "fr_CH.UTF-8"),
        ("de_DE.utf8", "de_DE.UTF-8"),
        ("es_ES.utf8", "es_ES.UTF-8"),
        ("en_US.utf8", "en_US.UTF-8"),
    ];
    wanted
        .iter()
        .find(|(listed, _)| installed.lines().any(|l| l.trim() == *listed))
        .map_or("C.UTF-8", |(_, name)| name)
        .to_owned()
}

/// Whether a command runs and exits 0, its output discarded.
fn succeeds(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The program's path on `PATH`.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(list: &str) -> Result<Vec<&'static str>, String> {
        parse_vary(&[list.to_owned()]).map(|set| set.into_iter().map(Variation::name).collect())
    }

    #[test]
    fn names_aliases_all_and_exclusions() {
        assert_eq!(parsed("time,build_path").unwrap(), ["time", "build-path"]);
        assert_eq!(
            parsed("user_group,domain_host,fileordering,locales,num_cpus,home").unwrap(),
            [
                "locale",
                "user",
                "hostname",
                "environment",
                "jobs",
                "file-order"
            ]
        );
        let all_but_user = parsed("all,-user").unwrap();
        assert_eq!(all_but_user.len(), 10);
        assert!(!all_but_user.contains(&"user"));
        assert_eq!(parsed("-user_group").unwrap(), all_but_user);
        assert_eq!(parse_vary(&[]).unwrap().len(), 11);
        assert_eq!(
            parse_vary(&["time".into(), "umask".into()]).unwrap().len(),
            2
        );
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_known_ones() {
        let error = parsed("time,clock").unwrap_err();
        assert!(error.contains("\"clock\""), "{error}");
        assert!(error.contains("build-path"), "{error}");
    }

    #[test]
    fn canonical_names_round_trip() {
        for v in Variation::ALL {
            assert_eq!(Variation::from_name(v.name()), Some(v));
        }
    }
}
