//! Runs one build of `whydiff vary`: a fresh copy of the source in the control or the varied
//! build directory, the environment, umask, clock, host name and user of its set of variations
//! (each variation not in the set at its control value), the log kept, the artifacts collected.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::attribute::VariationSet;
use super::variations::{Machine, Variation};
use super::workspace::{self, Workspace};
use super::VaryError;
use crate::gate::glob::PathGlob;

/// How far the varied clock is ahead of the real one: 398 days, 3 hours and 7 minutes (reprotest's 398 days,
/// plus a time of day that no rounding to the hour or the minute hides).
pub const CLOCK_SHIFT: i64 = ((398 * 24 + 3) * 60 + 7) * 60;
/// Shows the tree `$1` at the build path `$2` (`$4`: `bind` in a mount namespace, or `shuffle`
/// through disorderfs), sets the host name `$3` when not empty, and runs the rest in `$2`;
/// disorderfs is unmounted after. Exit 125 when the tree cannot be shown.
const MOUNT_SCRIPT: &str = r#"tree="$1"; at="$2"; host="$3"; how="$4"; shift 4
if [ "$how" = shuffle ]; then
    disorderfs --shuffle-dirents=yes --multi-user=yes -o allow_other "$tree" "$at" >/dev/null || exit 125
else
    mount --bind "$tree" "$at" || exit 125
fi
[ -z "$host" ] || hostname "$host" || exit 125
cd "$at" || exit 125
if [ "$how" != shuffle ]; then exec "$@"; fi
"$@"; status=$?
cd /
fusermount -u "$at" 2>/dev/null || fusermount3 -u "$at" 2>/dev/null || umount "$at"
exit $status"#;

/// The unprivileged user of the user variation (nobody/nogroup).
pub const OTHER_UID: u32 = 65534;

/// What every build of one run shares.
pub struct Builder<'a> {
    /// The command and its arguments.
    pub command: &'a [OsString],
    /// The source tree copied for each build.
    pub source: &'a Path,
    /// What to collect (empty: every file the build made or changed).
    pub artifacts: &'a [PathGlob],
    /// The variations applied in this run (their control values hold in every build).
    pub applied: &'a [Variation],
    /// What this machine can do.
    pub machine: &'a Machine,
    /// The scratch directory.
    pub workspace: &'a Workspace,
    /// Whether each build runs in a mount namespace of its own, its tree bound at the shared
    /// build path: then several builds can run at once.
    pub isolated: bool,
}

/// A build's name from its set of variations: `control`, `time`, `time+umask`…
pub fn build_name(set: &VariationSet, applied: &[Variation]) -> String {
    if set.is_empty() {
        "control".to_owned()
    } else if set.len() == applied.len() && set.len() > 1 {
        "all-varied".to_owned()
    } else {
        let names: Vec<&str> = set.iter().map(|v| v.name()).collect();
        names.join("+")
    }
}

impl Builder<'_> {
    /// The values of each variation of `set` as the control and as the varied build have them,
    /// under the keys the classifier knows (see [`crate::classify::known::cause_of_key`]). Values
    /// too short to be told from other text (`C`, `0022`, `1`) are not declared: their
    /// differences are classified by what they are. `starts`: when the two builds started.
    pub fn declared(
        &self,
        set: &VariationSet,
        starts: (i64, i64),
    ) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        let mut left = BTreeMap::new();
        let mut right = BTreeMap::new();
        for v in set {
            let pairs: Vec<(&str, String, String)> = match v {
                Variation::Time => vec![(
                    "build_time",
                    starts.0.to_string(),
                    (starts.1 + CLOCK_SHIFT).to_string(),
                )],
                Variation::BuildPath => vec![(
                    "build_path",
                    path_text(&self.workspace.build_dir(false)),
                    path_text(&self.workspace.build_dir(true)),
                )],
                Variation::Timezone => vec![("TZ", "UTC".into(), "GMT-14".into())],
                Variation::User => vec![("USER", "root".into(), "nobody".into())],
                Variation::Hostname => vec![(
                    "HOSTNAME",
                    "whydiff-control".into(),
                    "whydiff-varied-host".into(),
                )],
                Variation::Environment => match std::env::var("HOME") {
                    Ok(home) if !home.is_empty() => {
                        vec![("HOME", home, path_text(&self.workspace.other_home()))]
                    }
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            for (key, l, r) in pairs {
                left.insert(key.to_owned(), l);
                right.insert(key.to_owned(), r);
            }
        }
        (left, right)
    }

    /// Runs the build `name` under the variations `set` and collects its artifacts; returns
    /// where they are and when the build started (seconds since the epoch, real clock).
    pub fn build(&self, name: &str, set: &VariationSet) -> Result<(PathBuf, i64), VaryError> {
        let other_path = set.contains(&Variation::BuildPath);
        let at = self.workspace.build_dir(other_path);
        // The tree the build writes: the build path itself, or (isolated) a tree of this build's
        // own that a mount namespace binds at the build path.
        // With the file order varied, disorderfs shows a tree of the build's own at the build
        // path, its directory entries shuffled.
        let shuffled = set.contains(&Variation::FileOrder);
        let dir = if self.isolated || shuffled {
            self.workspace.isolated_dir(name)
        } else {
            at.clone()
        };
        let scratch = |e: std::io::Error| VaryError::Scratch(format!("{}: {e}", dir.display()));
        if let Some(parent) = dir.parent() {
            workspace::remove_tree(parent).map_err(scratch)?;
        }
        if self.isolated || shuffled {
            if !self.isolated {
                if let Some(parent) = at.parent() {
                    workspace::remove_tree(parent).map_err(scratch)?;
                }
            }
            fs::create_dir_all(&at).map_err(scratch)?;
        }
        workspace::copy_tree(self.source, &dir).map_err(scratch)?;
        let as_other_user = set.contains(&Variation::User);
        if as_other_user {
            workspace::chown_tree(&dir, OTHER_UID, OTHER_UID).map_err(scratch)?;
            let root = self.workspace.root();
            workspace::open_up(root, &dir).map_err(scratch)?;
            workspace::open_up(root, &at).map_err(scratch)?;
        }
        if set.contains(&Variation::Environment) {
            let home = self.workspace.other_home();
            fs::create_dir_all(&home).map_err(scratch)?;
            if as_other_user {
                workspace::chown_tree(&home, OTHER_UID, OTHER_UID).map_err(scratch)?;
            }
        }
        let log_path = self.workspace.log(name);
        if let Some(parent) = log_path.parent() {
            fs::create_dir_all(parent).map_err(scratch)?;
        }
        let log = fs::File::create(&log_path).map_err(scratch)?;
        let log_err = log.try_clone().map_err(scratch)?;

        let mut command = self.command(set, &dir, &at);
        command
            .current_dir(if self.isolated {
                self.workspace.root()
            } else {
                &dir
            })
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err);
        if self.applied.contains(&Variation::Umask) {
            let mask: libc::mode_t = if set.contains(&Variation::Umask) {
                0o002
            } else {
                0o022
            };
            // SAFETY: umask is async-signal-safe and cannot fail; nothing else runs in the child.
            unsafe {
                command.pre_exec(move || {
                    libc::umask(mask);
                    Ok(())
                });
            }
        }
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let status = command.status().map_err(|e| VaryError::Start {
            program: self
                .command
                .first()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default(),
            error: e.to_string(),
        })?;
        if !status.success() {
            return Err(VaryError::BuildFailed {
                build: name.to_owned(),
                status: status.to_string(),
                log: log_path.clone(),
                tail: tail(&log_path, 15),
            });
        }
        let files =
            workspace::select_artifacts(&dir, self.source, self.artifacts).map_err(scratch)?;
        if files.is_empty() {
            return Err(VaryError::NoArtifacts {
                build: name.to_owned(),
            });
        }
        let out = self.workspace.artifacts_dir(name);
        workspace::collect(&dir, &files, &out).map_err(scratch)?;
        if self.workspace.keep {
            let kept = self.workspace.kept_dir(name);
            if let Some(parent) = kept.parent() {
                fs::create_dir_all(parent).map_err(scratch)?;
            }
            fs::rename(&dir, &kept).map_err(scratch)?;
        }
        if let Some(parent) = dir.parent() {
            workspace::remove_tree(parent).map_err(scratch)?;
        }
        Ok((out, start))
    }

    /// The command line with its wrappers (host name namespace, user switch) and environment.
    fn command(&self, set: &VariationSet, tree: &Path, at: &Path) -> Command {
        let applied = |v: Variation| self.applied.contains(&v);
        let varied = |v: Variation| set.contains(&v);
        let mut argv: Vec<OsString> = Vec::new();
        let shuffled = varied(Variation::FileOrder);
        if self.isolated || shuffled {
            // The tree is shown at the build path: bound (in a mount namespace of the build's
            // own), or through disorderfs, unmounted when the build ends.
            let host = (self.isolated && applied(Variation::Hostname)).then(|| {
                if varied(Variation::Hostname) {
                    "whydiff-varied-host"
                } else {
                    "whydiff-control"
                }
            });
            if self.isolated {
                argv.extend(["unshare", "--mount"].map(OsString::from));
                if host.is_some() {
                    argv.push("--uts".into());
                }
                argv.push("--".into());
            }
            argv.extend(["/bin/sh", "-c", MOUNT_SCRIPT, "sh"].map(OsString::from));
            argv.push(tree.as_os_str().to_owned());
            argv.push(at.as_os_str().to_owned());
            argv.push(host.unwrap_or("").into());
            argv.push(if shuffled { "shuffle" } else { "bind" }.into());
        }
        if !self.isolated && applied(Variation::Hostname) {
            let host = if varied(Variation::Hostname) {
                "whydiff-varied-host"
            } else {
                "whydiff-control"
            };
            argv.extend(
                [
                    "unshare",
                    "--uts",
                    "--",
                    "/bin/sh",
                    "-c",
                    "hostname \"$1\" && shift && exec \"$@\"",
                    "sh",
                    host,
                ]
                .map(OsString::from),
            );
        }
        if varied(Variation::User) {
            argv.extend(
                [
                    "setpriv",
                    &format!("--reuid={OTHER_UID}"),
                    &format!("--regid={OTHER_UID}"),
                    "--clear-groups",
                    "--",
                ]
                .map(OsString::from),
            );
        }
        // libfaketime is preloaded into the build alone, through env(1) after the wrappers: a
        // wrapper that changes user would leave the build unable to open the clock's shared
        // memory that a root process created.
        if varied(Variation::Time) {
            if let Some(library) = &self.machine.faketime {
                let preload = match std::env::var("LD_PRELOAD") {
                    Ok(other) if !other.is_empty() => format!("{}:{other}", library.display()),
                    _ => library.display().to_string(),
                };
                argv.extend(
                    [
                        "env".to_owned(),
                        format!("LD_PRELOAD={preload}"),
                        // A relative offset: libfaketime's absolute form ("@date") makes
                        // `date -u` print the local zone.
                        format!("FAKETIME=+{CLOCK_SHIFT}"),
                        "DONT_FAKE_MONOTONIC=1".to_owned(),
                    ]
                    .map(OsString::from),
                );
            }
        }
        argv.extend(self.command.iter().cloned());
        let mut command = Command::new(&argv[0]);
        command.args(&argv[1..]);

        if applied(Variation::Locale) {
            let locale = if varied(Variation::Locale) {
                self.machine.other_locale.as_str()
            } else {
                "C"
            };
            command
                .env("LANG", locale)
                .env("LC_ALL", locale)
                .env_remove("LANGUAGE");
        }
        if applied(Variation::Timezone) {
            command.env(
                "TZ",
                if varied(Variation::Timezone) {
                    "GMT-14"
                } else {
                    "UTC"
                },
            );
        }
        if applied(Variation::User) {
            let user = if varied(Variation::User) {
                "nobody"
            } else {
                "root"
            };
            command.env("USER", user).env("LOGNAME", user);
        }
        if applied(Variation::Hostname) {
            command.env(
                "HOSTNAME",
                if varied(Variation::Hostname) {
                    "whydiff-varied-host"
                } else {
                    "whydiff-control"
                },
            );
        }
        if applied(Variation::HashSeed) {
            let seed = if varied(Variation::HashSeed) {
                "1"
            } else {
                "0"
            };
            command
                .env("PYTHONHASHSEED", seed)
                .env("PERL_HASH_SEED", seed)
                .env("PERL_PERTURB_KEYS", "0");
        }
        if applied(Variation::Environment) {
            command.env_remove("WHYDIFF_VARY_CANARY");
            if varied(Variation::Environment) {
                command
                    .env("HOME", self.workspace.other_home())
                    .env("WHYDIFF_VARY_CANARY", "whydiff-vary-canary");
            }
        }
        if applied(Variation::Jobs) {
            let jobs = if varied(Variation::Jobs) { "4" } else { "1" };
            command
                .env("MAKEFLAGS", format!("-j{jobs}"))
                .env("CMAKE_BUILD_PARALLEL_LEVEL", jobs)
                .env_remove("MFLAGS");
        }
        command
    }
}

/// A path as text (lossy: only for declared values).
fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The last `lines` lines of a log.
fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read(path).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
