//! Learning the directory prefixes that differ between the two builds, once per comparison.
//!
//! Every content-like difference (text hunks, free-text and opaque fields, changed bytes and
//! strings of binaries) is read for absolute paths. Per member and field, the paths found on one
//! side only are paired with those found on the other side only: two paths that end with the
//! same components (`/tmp/build-a/src/foo.c`, `/var/tmp/other/src/foo.c`) were the same file
//! built in two directories, and what precedes the shared tail is a pair of build directories
//! (`/tmp/build-a`, `/var/tmp/other`). A member that lost exactly one directory and gained
//! exactly one (a `DW_AT_comp_dir` string) gives the whole pair when both lie where builds run.
//! Declared `build_path`/`HOME`/`TMPDIR` values seed the list. What is learned is only a
//! hypothesis: the rule claims a run only when substituting a pair turns one side into the other.

use std::collections::{BTreeMap, HashMap, HashSet};

use whydiff_analyzers::FieldKind;

use super::shape::{
    absolute_paths, differing_components, file_name, is_build_location, is_home_directory,
    is_system_location, is_version_change, looks_temporary, split_common_suffix,
};
use super::{PrefixPair, PrefixPairs};
use crate::classify::evidence::{generated_path, Generators};
use crate::classify::known::{cause_of_key, KnownValues};
use crate::classify::Cause;
use crate::difference::{Observed, ObservedKind};

/// Paths examined per comparison, at most: learning stays linear whatever the inputs.
const MAX_TOKENS: usize = 100_000;
/// Prefix pairs kept, at most (the rule tries each on every changed run).
const MAX_PAIRS: usize = 64;
/// One-sided paths paired per member and field, at most.
const MAX_GROUP_PATHS: usize = 4096;

/// How often a pair was seen, the cause it was declared with, if it was, and what witnesses it.
#[derive(Debug, Default)]
struct Tally {
    seen: usize,
    declared: Option<Cause>,
    witness: Option<String>,
}

/// The prefix pairs taught by `all` (sorted by path and field) and by the declared values.
///
/// A pair is witnessed when it was declared, or recorded as an input path by the tool that read
/// the input (a pyc's `co_filename`), or seen in a binary or a generated member while both its
/// directories lie where builds run or look temporary. A binary's or a generated file's other
/// strings may be copies of the sources (a data directory compiled into a program), so a pair
/// seen only there, or only in files a person may have written, is a hypothesis.
pub(super) fn learn(all: &[Observed], known: &KnownValues, generators: &Generators) -> PrefixPairs {
    let mut tally: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for (left, right, cause, key) in declared_pairs(known) {
        let entry = tally.entry((left, right)).or_default();
        entry.declared = Some(cause);
        entry.witness = Some(format!("declared {key}"));
    }
    let mut budget = MAX_TOKENS;
    for group in groups_with_texts(all) {
        if budget == 0 {
            break;
        }
        let found = pairs_in_group(group, &mut budget);
        if found.is_empty() {
            continue;
        }
        let place = group[0].path.join(" › ");
        let recorded = matches!(
            group[0].kind,
            ObservedKind::Field {
                kind: FieldKind::SourcePath,
                ..
            }
        )
        .then(|| format!("recorded as an input's path in {place}"));
        let produced = if group[0].kind == ObservedKind::Bytes {
            Some("a binary".to_owned())
        } else {
            generated_path(&group[0].path, generators)
        }
        .map(|why| format!("seen in {place} ({why})"));
        for (left, right) in found {
            let where_builds_run =
                is_build_location(left) && is_build_location(right) || looks_temporary(left, right);
            let witness = recorded
                .clone()
                .or_else(|| produced.clone().filter(|_| where_builds_run));
            let entry = tally
                .entry((left.to_owned(), right.to_owned()))
                .or_default();
            entry.seen += 1;
            if entry.witness.is_none() {
                entry.witness = witness;
            }
        }
    }
    select(tally)
}

/// The runs of differences at one path and field (`all` is sorted) that hold a difference with
/// changed texts, in order: only they can teach a pair. Found from those differences outward,
/// so that the many differences without texts (entry times, modes) cost one look each.
fn groups_with_texts(all: &[Observed]) -> impl Iterator<Item = &[Observed]> {
    let same_place = |a: &Observed, b: &Observed| a.field == b.field && a.path == b.path;
    let mut next = 0;
    std::iter::from_fn(move || {
        let found = next
            + all.get(next..)?.iter().position(|observed| {
                let (left, right) = changed_texts(observed);
                !(left.is_empty() && right.is_empty())
            })?;
        let start = (0..found)
            .rev()
            .take_while(|&i| same_place(&all[i], &all[found]))
            .last()
            .unwrap_or(found);
        let end = found
            + all[found..]
                .iter()
                .take_while(|observed| same_place(observed, &all[found]))
                .count();
        next = end;
        Some(&all[start..end])
    })
}

/// Declared values whose key names a build, temporary or home directory.
fn declared_pairs(known: &KnownValues) -> Vec<(String, String, Cause, String)> {
    let directory = |value: &str| {
        let trimmed = value.trim_end_matches(['/', '\\']);
        (!trimmed.is_empty()).then(|| trimmed.to_owned())
    };
    known
        .pairs()
        .filter_map(|pair| {
            let cause = cause_of_key(pair.key);
            let is_directory = matches!(
                cause,
                Cause::BuildDirectory | Cause::TempDir | Cause::HomeDirectory
            );
            let (left, right) = (directory(pair.left)?, directory(pair.right)?);
            (is_directory && left != right).then(|| (left, right, cause, pair.key.to_owned()))
        })
        .collect()
}

/// The prefix pairs one member's (and field's) differences suggest.
fn pairs_in_group<'a>(group: &'a [Observed], budget: &mut usize) -> Vec<(&'a str, &'a str)> {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for observed in group {
        let (left_texts, right_texts) = changed_texts(observed);
        collect_paths(&left_texts, &mut left, budget);
        collect_paths(&right_texts, &mut right, budget);
    }
    let (left_only, right_only) = (one_sided(&left, &right), one_sided(&right, &left));
    let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for &path in &right_only {
        by_name
            .entry(file_name(path).unwrap_or(path))
            .or_default()
            .push(path);
    }
    let mut pairs: Vec<(&str, &str)> = left_only
        .iter()
        .filter_map(|&path| {
            let candidates = by_name.get(file_name(path).unwrap_or(path))?;
            best_split(path, candidates)
        })
        .collect();
    if pairs.is_empty() {
        if let ([left], [right]) = (left_only.as_slice(), right_only.as_slice()) {
            if is_plausible_whole_pair(left, right) {
                pairs.push((left, right));
            }
        }
    }
    pairs
}

/// The texts a difference shows for each side: its changed runs when the engine computed them,
/// otherwise its sides as rendered. Only content-like differences: a link target or an owner
/// is not a place build paths are learned from.
fn changed_texts(observed: &Observed) -> (Vec<&str>, Vec<&str>) {
    let sides = |unquote: fn(&str) -> &str| {
        (
            side(observed.left.as_deref(), unquote),
            side(observed.right.as_deref(), unquote),
        )
    };
    match &observed.kind {
        ObservedKind::TextHunk { changes } if !changes.is_empty() => changes
            .iter()
            .map(|(left, right)| (left.as_str(), right.as_str()))
            .unzip(),
        ObservedKind::TextHunk { .. } => sides(|text| text),
        ObservedKind::Field { kind, .. } if kind.is_textual() => sides(|text| text),
        ObservedKind::Bytes if observed.location.as_deref() != Some("size") => sides(unquote),
        _ => (Vec::new(), Vec::new()),
    }
}

/// One side's text, when present, as a list of at most one text.
fn side(text: Option<&str>, unquote: fn(&str) -> &str) -> Vec<&str> {
    text.map(unquote).into_iter().collect()
}

/// A byte range shown as a string is quoted; the quotes are not part of the path.
fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
}

fn collect_paths<'a>(texts: &[&'a str], into: &mut Vec<&'a str>, budget: &mut usize) {
    for text in texts {
        for path in absolute_paths(text).into_iter().take(*budget) {
            into.push(path);
            *budget -= 1;
        }
    }
}

/// The distinct paths of `these` that `others` does not have, in order, at most
/// [`MAX_GROUP_PATHS`].
fn one_sided<'a>(these: &[&'a str], others: &[&'a str]) -> Vec<&'a str> {
    let others: HashSet<&str> = others.iter().copied().collect();
    let mut seen = HashSet::new();
    these
        .iter()
        .copied()
        .filter(|path| !others.contains(path) && seen.insert(*path))
        .take(MAX_GROUP_PATHS)
        .collect()
}

/// The prefix pair of `left` with the candidate sharing the longest tail with it (the first on
/// a tie), among those whose prefixes could be build directories.
fn best_split<'a>(left: &'a str, candidates: &[&'a str]) -> Option<(&'a str, &'a str)> {
    let mut best: Option<(&str, &str, usize)> = None;
    for right in candidates {
        let Some((left_prefix, right_prefix, shared)) = split_common_suffix(left, right) else {
            continue;
        };
        let longer = best.is_none_or(|(_, _, best_shared)| shared > best_shared);
        if longer && is_plausible_prefix_pair(left_prefix, right_prefix) {
            best = Some((left_prefix, right_prefix, shared));
        }
    }
    best.map(|(left, right, _)| (left, right))
}

/// Whether two differing prefixes could be two build directories: not system or installed
/// software directories, not one inside the other (a file moved to a subdirectory), not two
/// versions of one package (`/opt/foo-1.2`, `/opt/foo-1.3`).
fn is_plausible_prefix_pair(left: &str, right: &str) -> bool {
    let (left_rest, right_rest) = differing_components(left, right);
    !is_system_location(left)
        && !is_system_location(right)
        && !left_rest.is_empty()
        && !right_rest.is_empty()
        && !is_version_change(left, right)
}

/// Whether two paths with no common tail, the only ones a member lost and gained, are a pair of
/// build directories themselves (a compilation directory recorded alone): both must lie where
/// builds run and neither may look like a file.
fn is_plausible_whole_pair(left: &str, right: &str) -> bool {
    let looks_like_file = |path: &str| {
        file_name(path)
            .and_then(|name| name.rsplit_once('.'))
            .is_some_and(|(stem, extension)| {
                !stem.is_empty()
                    && (1..=4).contains(&extension.len())
                    && extension.chars().all(|c| c.is_ascii_alphanumeric())
            })
    };
    is_plausible_prefix_pair(left, right)
        && is_build_location(left)
        && is_build_location(right)
        && !looks_like_file(left)
        && !looks_like_file(right)
}

/// The pairs kept: declared ones, and learned ones that lie where builds run, look temporary, or
/// were seen at least twice (a single rename elsewhere, `/srv/www/a/x` → `/srv/www/b/x`, is more
/// likely a real change than a build directory). At most [`MAX_PAIRS`], the most often seen
/// first; then ordered longest first, so that the most specific prefix is tried first.
///
/// When the build directories were declared, a learned pair that is no part of a declared one
/// is no build directory: the harness said where the builds ran.
fn select(tally: BTreeMap<(String, String), Tally>) -> PrefixPairs {
    let declared_builds: Vec<(String, String)> = tally
        .iter()
        .filter(|(_, tally)| tally.declared == Some(Cause::BuildDirectory))
        .map(|(pair, _)| pair.clone())
        .collect();
    let within = |inner: &str, outer: &str| {
        inner == outer
            || inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with(['/', '\\']))
    };
    let part_of_declared = |left: &str, right: &str| {
        declared_builds.iter().any(|(l, r)| {
            (within(left, l) || within(l, left)) && (within(right, r) || within(r, right))
        })
    };
    let mut kept: Vec<((String, String), Tally)> = tally
        .into_iter()
        .filter(|((left, right), tally)| {
            tally.declared.is_some()
                || tally.seen >= 2
                || is_build_location(left)
                || is_build_location(right)
                || looks_temporary(left, right)
        })
        .filter(|((left, right), tally)| {
            tally.declared.is_some()
                || declared_builds.is_empty()
                || cause_of_shape(left, right) != Cause::BuildDirectory
                || part_of_declared(left, right)
        })
        .collect();
    kept.sort_by(|(a, a_tally), (b, b_tally)| {
        (b_tally.declared.is_some(), b_tally.seen)
            .cmp(&(a_tally.declared.is_some(), a_tally.seen))
            .then_with(|| a.cmp(b))
    });
    kept.truncate(MAX_PAIRS);
    kept.sort_by(|((a_left, a_right), _), ((b_left, b_right), _)| {
        (b_left.len(), b_right.len())
            .cmp(&(a_left.len(), a_right.len()))
            .then_with(|| (a_left, a_right).cmp(&(b_left, b_right)))
    });
    PrefixPairs(
        kept.into_iter()
            .map(|((left, right), tally)| {
                let cause = tally
                    .declared
                    .unwrap_or_else(|| cause_of_shape(&left, &right));
                PrefixPair::new(left, right, cause).witnessed_by(tally.witness)
            })
            .collect(),
    )
}

/// Home directories on both sides are the user's; a random name is a temporary directory;
/// anything else is the build directory.
fn cause_of_shape(left: &str, right: &str) -> Cause {
    if is_home_directory(left) && is_home_directory(right) {
        Cause::HomeDirectory
    } else if looks_temporary(left, right) {
        Cause::TempDir
    } else {
        Cause::BuildDirectory
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::difference::Scope;

    fn hunk(member: &str, changes: &[(&str, &str)]) -> Observed {
        Observed::content(
            vec![member.into()],
            ObservedKind::TextHunk {
                changes: changes
                    .iter()
                    .map(|(l, r)| (l.to_string(), r.to_string()))
                    .collect(),
            },
            Some("left\n".into()),
            Some("right\n".into()),
        )
    }

    fn strings(member: &str, left: Option<&str>, right: Option<&str>, seq: u32) -> Observed {
        Observed {
            location: Some("strings".into()),
            seq,
            ..Observed::content(
                vec![member.into()],
                ObservedKind::Bytes,
                left.map(str::to_owned),
                right.map(str::to_owned),
            )
        }
    }

    fn text_field(member: &str, field: &str, left: &str, right: &str) -> Observed {
        Observed {
            field: Some(field.into()),
            ..Observed::content(
                vec![member.into()],
                ObservedKind::Field {
                    kind: FieldKind::Text,
                    scope: Scope::Artifact,
                    left: None,
                    right: None,
                },
                Some(left.into()),
                Some(right.into()),
            )
        }
    }

    fn learned(all: &[Observed]) -> Vec<(String, String, Cause)> {
        pairs_of(&learn(all, &KnownValues::default(), &Generators::new()))
    }

    fn pairs_of(pairs: &PrefixPairs) -> Vec<(String, String, Cause)> {
        pairs
            .pairs()
            .iter()
            .map(|p| (p.left.clone(), p.right.clone(), p.cause))
            .collect()
    }

    fn pair(left: &str, right: &str, cause: Cause) -> (String, String, Cause) {
        (left.into(), right.into(), cause)
    }

    #[test]
    fn paths_with_a_common_tail_teach_their_prefixes() {
        let all = [hunk(
            "build.log",
            &[(
                "cc -c /tmp/build-a/src/foo.c",
                "cc -c /var/tmp/other/src/foo.c",
            )],
        )];
        assert_eq!(
            learned(&all),
            [pair(
                "/tmp/build-a",
                "/var/tmp/other",
                Cause::BuildDirectory
            )]
        );
    }

    #[test]
    fn a_member_that_lost_one_directory_and_gained_one_teaches_the_pair() {
        // The engine shows a compilation directory that moved in .debug_str as two one-sided
        // string hunks.
        let all = [
            strings("lib.so", None, Some("/var/tmp/whydiff-elf-build-b\n"), 1),
            strings("lib.so", Some("/tmp/whydiff-elf-a\n"), None, 2),
        ];
        assert_eq!(
            learned(&all),
            [pair(
                "/tmp/whydiff-elf-a",
                "/var/tmp/whydiff-elf-build-b",
                Cause::BuildDirectory
            )]
        );
        let field = [text_field(
            "x.o",
            "comp-dir",
            "/tmp/tmpab12cd_x",
            "/tmp/tmpq9z8y7_w",
        )];
        assert_eq!(
            learned(&field),
            [pair("/tmp/tmpab12cd_x", "/tmp/tmpq9z8y7_w", Cause::TempDir)]
        );
    }

    #[test]
    fn versions_files_and_system_directories_teach_nothing() {
        for (left, right) in [
            ("/usr/lib/libfoo.so.1", "/usr/lib/libfoo.so.2"),
            ("/opt/foo-1.2/lib/x.so", "/opt/foo-1.3/lib/x.so"),
            ("/usr/lib/gcc/12/include/x.h", "/usr/lib/gcc/13/include/x.h"),
            ("/tmp/a/src/foo.c", "/tmp/a/src/bar.c"),
            ("/tmp/a/foo.c", "/tmp/a/sub/foo.c"),
            ("/tmp/a/src/foo.c", "/tmp/b/src/bar.c"),
            ("src/foo.c", "src/bar.c"),
            ("build-a/src/foo.c", "build-b/src/foo.c"),
            ("https://example.com/a/x.js", "https://example.com/b/x.js"),
        ] {
            assert_eq!(
                learned(&[hunk("f", &[(left, right)])]),
                [],
                "{left} → {right}"
            );
        }
    }

    #[test]
    fn a_single_rename_outside_build_locations_needs_a_second_sighting() {
        let once = [hunk(
            "site.conf",
            &[("/srv/www/a/index.html", "/srv/www/b/index.html")],
        )];
        assert_eq!(learned(&once), []);
        let twice = [
            hunk(
                "site.conf",
                &[("/srv/www/a/index.html", "/srv/www/b/index.html")],
            ),
            hunk(
                "other.conf",
                &[("/srv/www/a/logo.png", "/srv/www/b/logo.png")],
            ),
        ];
        assert_eq!(
            learned(&twice),
            [pair("/srv/www/a", "/srv/www/b", Cause::BuildDirectory)]
        );
    }

    #[test]
    fn home_directories_are_user_host() {
        let all = [
            hunk(
                "a.txt",
                &[("/home/alice/.cache/pip/x", "/home/bob/.cache/pip/x")],
            ),
            hunk(
                "b.txt",
                &[(r"C:\Users\a\build\x.c", r"C:\Users\b\build\x.c")],
            ),
            hunk(
                "c.txt",
                &[("/home/alice/src/p/x.c", "/home/bob/work/p/x.c")],
            ),
        ];
        assert_eq!(
            learned(&all),
            [
                pair("/home/alice/src", "/home/bob/work", Cause::BuildDirectory),
                pair("/home/alice", "/home/bob", Cause::HomeDirectory),
                pair(r"C:\Users\a", r"C:\Users\b", Cause::HomeDirectory),
            ]
        );
    }

    #[test]
    fn conflicting_pairs_are_both_kept_longest_first_without_duplicates() {
        let all = [
            hunk("a", &[("/tmp/a/x.c /tmp/a/y.c", "/tmp/b/x.c /tmp/b/y.c")]),
            hunk("b", &[("/tmp/a/z.c", "/tmp/other/z.c")]),
        ];
        assert_eq!(
            learned(&all),
            [
                pair("/tmp/a", "/tmp/other", Cause::BuildDirectory),
                pair("/tmp/a", "/tmp/b", Cause::BuildDirectory),
            ]
        );
    }

    #[test]
    fn declared_directories_seed_the_list() {
        let mut known = KnownValues::default();
        for (key, left, right) in [
            ("build_path", "/srv/ci/1/", "/srv/ci/2/"),
            ("HOME", "/home/alice", "/home/bob"),
            ("USER", "alice", "bob"),
        ] {
            known.left.insert(key.into(), left.into());
            known.right.insert(key.into(), right.into());
        }
        assert_eq!(
            pairs_of(&learn(&[], &known, &Generators::new())),
            [
                pair("/home/alice", "/home/bob", Cause::HomeDirectory),
                pair("/srv/ci/1", "/srv/ci/2", Cause::BuildDirectory),
            ]
        );
    }

    #[test]
    fn at_most_max_pairs_are_kept() {
        let all: Vec<Observed> = (0..200)
            .map(|i| {
                hunk(
                    &format!("f{i:03}"),
                    &[(&format!("/tmp/a{i}/x.c"), &format!("/tmp/b{i}/x.c"))],
                )
            })
            .collect();
        assert_eq!(
            learn(&all, &KnownValues::default(), &Generators::new())
                .pairs()
                .len(),
            MAX_PAIRS
        );
    }
}
