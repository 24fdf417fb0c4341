//! Known build values: what the user or a build harness says differed on purpose between the two
//! builds (`--left-value build_path=/tmp/a --right-value build_path=/tmp/b`, or the file forms).
//! Matching one of them is the strongest evidence a token rule can have.

use std::collections::BTreeMap;
use std::path::Path;

use super::Cause;

/// Declared values of each side, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownValues {
    /// The left build's values.
    pub left: BTreeMap<String, String>,
    /// The right build's values.
    pub right: BTreeMap<String, String>,
}

/// One key declared on both sides with two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownPair<'a> {
    /// The key as declared (`build_path`, `USER`, `TZ`…).
    pub key: &'a str,
    /// The left value.
    pub left: &'a str,
    /// The right value.
    pub right: &'a str,
}

impl KnownValues {
    /// Parses `KEY=VALUE`.
    pub fn parse_assignment(text: &str) -> Result<(String, String), String> {
        match text.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                Ok((key.trim().to_owned(), value.to_owned()))
            }
            _ => Err(format!("expected KEY=VALUE, got {text:?}")),
        }
    }

    /// Reads `KEY=VALUE` lines from a file; blank lines and lines starting with `#` are skipped.
    pub fn read_file(path: &Path) -> Result<BTreeMap<String, String>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut values = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let (key, value) = Self::parse_assignment(line)
                .map_err(|e| format!("{}:{}: {e}", path.display(), number + 1))?;
            values.insert(key, value);
        }
        Ok(values)
    }

    /// Keys declared on both sides with different, non-empty values, in key order.
    pub fn pairs(&self) -> impl Iterator<Item = KnownPair<'_>> {
        self.left.iter().filter_map(|(key, left)| {
            let right = self.right.get(key)?;
            (left != right && !left.is_empty() && !right.is_empty()).then_some(KnownPair {
                key,
                left,
                right,
            })
        })
    }

    /// Whether nothing was declared.
    pub fn is_empty(&self) -> bool {
        self.left.is_empty() && self.right.is_empty()
    }
}

/// The cause a declared key stands for: the build directory, the user, the host, the time zone…
/// and, for a key no category knows, a declared environment value.
pub fn cause_of_key(key: &str) -> Cause {
    let key = key.to_ascii_lowercase().replace('-', "_");
    match key.as_str() {
        "build_path" | "build_dir" | "builddir" | "pwd" | "srcdir" | "source_dir" => {
            Cause::BuildDirectory
        }
        "tmpdir" | "temp_dir" | "tmp" => Cause::TempDir,
        "user" | "username" | "logname" | "uid" | "group" | "gid" => Cause::UserName,
        "hostname" | "host" => Cause::HostName,
        "home" => Cause::HomeDirectory,
        "tz" | "timezone" => Cause::TimeZone,
        "source_date_epoch" | "build_time" | "date" => Cause::BuildTime,
        "lang" | "language" | "lc_all" | "lc_ctype" | "lc_collate" | "lc_messages" | "lc_time"
        | "lc_numeric" | "locale" => Cause::LocaleSetting,
        "kernel" | "uname" => Cause::KernelVersion,
        "nproc" | "cpus" | "cpu_count" | "jobs" => Cause::CpuCount,
        _ => Cause::DeclaredValue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_and_files_parse() {
        assert_eq!(
            KnownValues::parse_assignment("build_path=/tmp/a=b").unwrap(),
            ("build_path".into(), "/tmp/a=b".into())
        );
        assert!(KnownValues::parse_assignment("novalue").is_err());
        assert!(KnownValues::parse_assignment("=x").is_err());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("left.env");
        std::fs::write(&file, "# build harness\nUSER=alice\n\nTZ=UTC\n").unwrap();
        let values = KnownValues::read_file(&file).unwrap();
        assert_eq!(values.get("USER").map(String::as_str), Some("alice"));
        assert_eq!(values.len(), 2);
    }

    #[test]
    fn pairs_are_keys_with_two_values() {
        let mut known = KnownValues::default();
        known.left.insert("USER".into(), "alice".into());
        known.right.insert("USER".into(), "bob".into());
        known.left.insert("TZ".into(), "UTC".into());
        known.right.insert("TZ".into(), "UTC".into());
        known.left.insert("HOME".into(), "/root".into());
        let pairs: Vec<_> = known.pairs().collect();
        assert_eq!(
            pairs,
            [KnownPair {
                key: "USER",
                left: "alice",
                right: "bob"
            }]
        );
    }

    #[test]
    fn keys_map_to_causes() {
        assert_eq!(cause_of_key("build_path"), Cause::BuildDirectory);
        assert_eq!(cause_of_key("HOSTNAME"), Cause::HostName);
        assert_eq!(cause_of_key("LC_ALL"), Cause::LocaleSetting);
        assert_eq!(cause_of_key("CI_JOB_ID"), Cause::DeclaredValue);
    }
}
