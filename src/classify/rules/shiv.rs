//! shiv zipapps: the `build_id` in `environment.json` is a digest of the bundled files.
//!
//! What shiv (1.0.8, `shiv.cli.main` and `shiv.builder.create_archive`) writes, which the rule
//! relies on:
//!
//! - The `.pyz` is a `#!` line followed by a zip. Its members are `site-packages/<path>` for every
//!   file of the staged site-packages (`pip install --target` of the pip arguments, and the
//!   `--site-packages` directories) except `.pyc` files, sorted by path; then shiv's own
//!   `_bootstrap/` package, `environment.json` and `__main__.py`.
//! - Every entry's date-time is the build time `built_at`: `SOURCE_DATE_EPOCH` when set, else
//!   315554400 (1980-01-01T06:00:00Z) with `--reproducible`, else `time.time()`. A member's mode
//!   is its file's; `environment.json` and `__main__.py` get zipfile's default (0600).
//! - `environment.json` is one line, `json.dumps` of `shiv_version`, `always_write_cache`,
//!   `build_id`, `built_at` (`"%Y-%m-%d %H:%M:%S"`, UTC), `hashes` (with `--no-modify`, the
//!   SHA-256 hex of each bundled `.py`, by path), `no_modify`, `reproducible`, `preamble`,
//!   `entry_point`, `compile_pyc`, `extend_pythonpath`, `prepend_pythonpath`, `root`, `script`.
//! - `build_id`, unless `--build-id` gives one, is `hashlib.sha256()` fed, for each bundled file
//!   in that order, its bytes and then its path relative to site-packages: 64 lowercase hex
//!   digits. It covers the bundled files' bytes and names, and nothing else: not their times or
//!   modes, not the `.pyc` files, the bootstrap, `environment.json`, `__main__.py` or the `#!`
//!   line. (shiv extracts the bundle to `~/.shiv/<name>_<build_id>/` at run time: the id is a
//!   cache key, and pip's `direct_url.json` in a bundled dist-info, naming the project's
//!   directory, changes it with the rest.)
//!
//! So a changed `build_id` (both sides 64 hex digits, in an `environment.json` that is shiv's —
//! its one line parses as a JSON object holding `shiv_version`, `build_id` and `built_at`) is
//! `derived` from the differences of the bundled files, the members under `site-packages/` next
//! to it, leaving out their record fields (times, modes) and the checksums and sizes that follow
//! from their data. When no bundled file differs, nothing shiv hashes differs: shiv did not
//! compute those two values from these files (an id given with `--build-id`, or an edited file),
//! and the run is `content` — never a random token. A `build_id` that is not 64 hex digits was
//! given with `--build-id`, and the other rules judge it like any value.

use serde_json::{Map, Value};

use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Category, Cause, Context, Verdict};
use crate::difference::{Difference, Observed, ObservedKind};

use super::derived::MAX_LINKS;
use super::subtrees::Subtrees;

/// The name of shiv's environment file, at the top of the zipapp.
const ENVIRONMENT: &str = "environment.json";

/// The directory, next to the environment file, that holds the bundled files.
const SITE_PACKAGES: &str = "site-packages/";

/// Explains a changed `build_id` run of a shiv `environment.json`.
pub struct ShivBuildIdRule;

impl TokenRule for ShivBuildIdRule {
    fn name(&self) -> &'static str {
        "shiv-build-id"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        let source = change.source?;
        let bundle = Bundle::of(&source.path)?;
        if !matches!(source.kind, ObservedKind::TextHunk { .. }) {
            return None;
        }
        let (left, right) = (
            build_id(source.left.as_deref()?)?,
            build_id(source.right.as_deref()?)?,
        );
        if left == right || !is_sha256_hex(&left) || !is_sha256_hex(&right) {
            return None;
        }
        if bare(change.left) != left || bare(change.right) != right {
            return None;
        }
        let changed = context
            .all
            .iter()
            .filter(|d| bundle.holds(d))
            .map(|d| d.path[bundle.depth].as_str())
            .collect::<std::collections::BTreeSet<_>>();
        Some(match changed.len() {
            0 => Verdict::new(
                Cause::ChangedContent,
                format!(
                    "shiv's build_id is the SHA-256 of the bundled {SITE_PACKAGES} files, and none \
                     of them differs: shiv did not compute {left} → {right} from these files \
                     (an id given with --build-id, or the file was edited)"
                ),
            ),
            n => {
                Verdict::new(
                    Cause::DataChecksum,
                    format!(
                    "shiv's build_id is the SHA-256 of the bundled {SITE_PACKAGES} files' bytes \
                     and names, and {n} of them differ: {}{}",
                    changed.iter().take(3).copied().collect::<Vec<_>>().join(", "),
                    if n > 3 { ", …" } else { "" }
                ),
                )
            }
        })
    }
}

/// Where a shiv environment file's bundled files are: its container's path and its own
/// directory inside the member name.
#[derive(Debug, Clone, Copy)]
struct Bundle<'a> {
    /// The path of the container: the zipapp, or none for an unpacked one compared as the
    /// input directories themselves (whose members are then the paths' first segments).
    container: &'a [String],
    /// The index of the member-name segment in paths (the container's length).
    depth: usize,
    /// The member name of the bundled files' directory (`site-packages/`, or
    /// `dir/site-packages/` when the environment file is `dir/environment.json`).
    prefix: &'a str,
    /// The environment file's own member name.
    name: &'a str,
}

impl<'a> Bundle<'a> {
    /// The bundle next to the environment file at `path`, when `path` names one.
    fn of(path: &'a [String]) -> Option<Self> {
        let (name, container) = path.split_last()?;
        let dir = name.strip_suffix(ENVIRONMENT)?;
        if !(dir.is_empty() || dir.ends_with('/')) {
            return None;
        }
        Some(Bundle {
            container,
            depth: container.len(),
            prefix: dir,
            name,
        })
    }

    /// Whether `d` is a difference of a bundled file that shiv's digest covers: at or inside a
    /// member under `site-packages/` of the same container, not a record field of the member
    /// (a time, a mode) and not a checksum, size or stream that follows from its data.
    fn holds(&self, d: &Observed) -> bool {
        let Some(member) = d.path.get(self.depth) else {
            return false;
        };
        d.path[..self.depth] == *self.container
            && member
                .strip_prefix(self.prefix)
                .is_some_and(|rest| rest.starts_with(SITE_PACKAGES))
            && !d.is_derived_field()
            && !(d.path.len() == self.depth + 1 && d.is_record_field())
    }
}

/// The `build_id` of a shiv environment file's text: its one line parses as a JSON object
/// holding `shiv_version`, `build_id` and `built_at`, all strings.
fn build_id(text: &str) -> Option<String> {
    let object: Map<String, Value> = serde_json::from_str(text.trim()).ok()?;
    let string = |key: &str| object.get(key).and_then(Value::as_str);
    string("shiv_version")?;
    string("built_at")?;
    string("build_id").map(str::to_owned)
}

/// Whether `id` is what `hashlib.sha256().hexdigest()` writes: 64 lowercase hex digits.
fn is_sha256_hex(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A run's word without the JSON punctuation around a value (`"abc…",` → `abc…`).
fn bare(run: &str) -> &str {
    run.trim_matches(|c: char| c == '"' || c == ',' || c == ':' || c.is_whitespace())
}

/// Names what each changed `build_id` of a shiv environment file follows from: the roots of the
/// differences of the bundled files. Runs before the derived-field pass, so that the
/// environment file's own checksums find its roots. A `build_id` whose bundle shows no
/// difference (which the token rule does not claim) is made content again.
pub fn link(differences: &mut [Difference], subtrees: &Subtrees) {
    let mut verdicts = Vec::new();
    for d in differences.iter() {
        if d.category != Category::Derived
            || d.cause != Cause::DataChecksum
            || !d.derived_from.is_empty()
            || !matches!(d.observed.kind, ObservedKind::TextHunk { .. })
        {
            continue;
        }
        let Some(bundle) = Bundle::of(&d.observed.path) else {
            continue;
        };
        let mut roots: Vec<usize> = differences[subtrees.parent(d.id)]
            .iter()
            .filter(|other| other.observed.path.len() > bundle.depth)
            .filter(|other| other.observed.path[bundle.depth] != bundle.name)
            .filter(|other| bundle.holds(&other.observed))
            .flat_map(|other| match other.category {
                Category::Derived => other.derived_from.clone(),
                _ => vec![other.id],
            })
            .collect();
        roots.sort_unstable();
        roots.dedup();
        roots.truncate(MAX_LINKS);
        verdicts.push((d.id, roots));
    }
    for (id, roots) in verdicts {
        let d = &mut differences[id];
        if roots.is_empty() {
            d.category = Category::Content;
            d.cause = Cause::ChangedContent;
            d.evidence = "shiv's build_id is the SHA-256 of the bundled files, and none of them \
                          differs"
                .to_owned();
        } else {
            d.derived_from = roots;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{classify, Facts, KnownValues};
    use crate::engine::word_changes;

    const ID_A: &str = "b634846c4a25b63c64f9ba228ad25092f6085967a627fdc937f086bbd053a725";
    const ID_B: &str = "1b1dafe673ab85d3da2a8c0400e756e430b2161456b972a03df6517ee5de5623";

    /// shiv's environment.json line, as shiv 1.0.8 writes it.
    fn environment(build_id: &str, built_at: &str) -> String {
        format!(
            "{{\"shiv_version\": \"1.0.8\", \"always_write_cache\": false, \"build_id\": \
             \"{build_id}\", \"built_at\": \"{built_at}\", \"hashes\": {{}}, \"no_modify\": \
             false, \"reproducible\": true, \"preamble\": null, \"entry_point\": \
             \"pkg.core:answer\", \"compile_pyc\": false, \"extend_pythonpath\": false, \
             \"prepend_pythonpath\": null, \"root\": null, \"script\": null}}"
        )
    }

    fn hunk(path: &[&str], left: &str, right: &str) -> Observed {
        Observed::content(
            path.iter().map(|s| s.to_string()).collect(),
            ObservedKind::TextHunk {
                changes: word_changes(left, right),
            },
            Some(left.into()),
            Some(right.into()),
        )
    }

    fn env_hunk(left_id: &str, right_id: &str) -> Observed {
        hunk(
            &["app.pyz", "environment.json"],
            &environment(left_id, "2023-11-14 22:13:20"),
            &environment(right_id, "2023-11-14 22:13:20"),
        )
    }

    /// The direct_url.json of the bundled project, naming two project directories.
    fn direct_url() -> Observed {
        hunk(
            &[
                "app.pyz",
                "site-packages/tinypkg-1.0.0.dist-info/direct_url.json",
            ],
            "{\"dir_info\": {}, \"url\": \"file:///tmp/a/tinypkg\"}",
            "{\"dir_info\": {}, \"url\": \"file:///var/tmp/b/tinypkg\"}",
        )
    }

    fn run(observed: Vec<Observed>) -> Vec<Difference> {
        classify(observed, &KnownValues::default(), &Facts::default()).differences
    }

    fn environment_of(all: &[Difference]) -> &Difference {
        all.iter()
            .find(|d| d.observed.path.last().is_some_and(|p| p == ENVIRONMENT))
            .expect("the environment hunk")
    }

    #[test]
    fn a_build_id_follows_from_a_bundled_file_that_differs() {
        let all = run(vec![env_hunk(ID_A, ID_B), direct_url()]);
        let env = environment_of(&all);
        assert_eq!(env.category, Category::Derived, "{}", env.evidence);
        assert_eq!(env.cause, Cause::DataChecksum);
        let url = all
            .iter()
            .find(|d| d.observed.path[1].ends_with("direct_url.json"))
            .unwrap();
        assert_eq!(env.derived_from, [url.id]);
    }

    #[test]
    fn a_build_id_with_no_bundled_file_different_stays_content() {
        // Only shiv's own files differ: its bootstrap, and the zip entry times of a bundled file.
        use crate::difference::Scope;
        use whydiff_analyzers::{FieldKind, TimeRole, Timestamp};
        let mtime = Observed {
            path: vec!["app.pyz".into(), "site-packages/pkg/core.py".into()],
            field: Some("zip.mtime".into()),
            kind: ObservedKind::Field {
                kind: FieldKind::Time(TimeRole::EntryModified),
                scope: Scope::Record,
                left: Some(Timestamp::unix(0).into()),
                right: Some(Timestamp::unix(9).into()),
            },
            left: Some("0".into()),
            right: Some("9".into()),
            location: None,
            seq: 0,
        };
        let bootstrap = hunk(&["app.pyz", "_bootstrap/__init__.py"], "x = 1\n", "x = 2\n");
        let all = run(vec![env_hunk(ID_A, ID_B), mtime, bootstrap]);
        let env = environment_of(&all);
        assert_eq!(env.category, Category::Content, "{}", env.evidence);
    }

    #[test]
    fn a_build_id_of_another_shape_or_outside_shiv_is_left_to_the_other_rules() {
        // Not 64 hex digits: given with --build-id, not shiv's digest.
        let all = run(vec![env_hunk("release-1", "release-2"), direct_url()]);
        assert_ne!(environment_of(&all).cause, Cause::DataChecksum);
        // An environment.json that is not shiv's (no shiv_version).
        let other = |id: &str| format!("{{\"build_id\": \"{id}\", \"built_at\": \"x\"}}");
        let all = run(vec![
            hunk(&["app.pyz", "environment.json"], &other(ID_A), &other(ID_B)),
            direct_url(),
        ]);
        assert_ne!(environment_of(&all).category, Category::Derived);
    }

    #[test]
    fn a_build_id_next_to_another_changed_value_keeps_that_value_s_cause() {
        // The entry point changed too: a real change of the app, which nothing explains.
        let left = environment(ID_A, "2023-11-14 22:13:20");
        let right =
            environment(ID_B, "2023-11-14 22:13:20").replace("pkg.core:answer", "pkg.core:greet");
        let all = run(vec![
            hunk(&["app.pyz", "environment.json"], &left, &right),
            direct_url(),
        ]);
        let env = environment_of(&all);
        assert_eq!(env.category, Category::Content, "{}", env.evidence);
    }

    #[test]
    fn an_edited_bundled_module_stays_content_and_the_build_id_follows_from_it() {
        let edit = hunk(
            &["app.pyz", "site-packages/pkg/core.py"],
            "def answer():\n    return 41\n",
            "def answer():\n    return 42\n",
        );
        let all = run(vec![env_hunk(ID_A, ID_B), edit]);
        let module = all
            .iter()
            .find(|d| d.observed.path[1] == "site-packages/pkg/core.py")
            .unwrap();
        assert_eq!(module.category, Category::Content);
        let env = environment_of(&all);
        assert_eq!(env.category, Category::Derived, "{}", env.evidence);
        assert_eq!(env.derived_from, [module.id]);
    }

    #[test]
    fn bundles_are_found_next_to_the_environment_file() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let top = path(&["a.pyz", "environment.json"]);
        let bundle = Bundle::of(&top).unwrap();
        let member = |name: &str| {
            Observed::content(
                path(&["a.pyz", name]),
                ObservedKind::Bytes,
                Some("a".into()),
                Some("b".into()),
            )
        };
        assert!(bundle.holds(&member("site-packages/pkg/x.py")));
        assert!(!bundle.holds(&member("_bootstrap/x.py")));
        assert!(!bundle.holds(&member("other/site-packages/x.py")));
        // An unpacked zipapp compared as the input directories: its members are at the top.
        let unpacked = path(&["environment.json"]);
        let bundle = Bundle::of(&unpacked).unwrap();
        let top = |name: &str| Observed::content(path(&[name]), ObservedKind::Bytes, None, None);
        assert!(bundle.holds(&top("site-packages/pkg/x.py")));
        assert!(!bundle.holds(&top("_bootstrap/x.py")));
        assert!(Bundle::of(&path(&["a.pyz", "myenvironment.json"])).is_none());
        let nested = path(&["dir", "app/environment.json"]);
        let bundle = Bundle::of(&nested).unwrap();
        let nested_member = Observed::content(
            path(&["dir", "app/site-packages/x.py"]),
            ObservedKind::Bytes,
            None,
            None,
        );
        assert!(bundle.holds(&nested_member));
        assert!(!is_sha256_hex(&ID_A.to_uppercase()));
        assert_eq!(bare("\"abc\","), "abc");
    }
}
