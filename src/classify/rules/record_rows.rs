//! RECORD rows of wheels and installed distributions (`*.dist-info/RECORD`): a row
//! `path,sha256=…,size` that changed because the file it names changed, moved, appeared or
//! disappeared is a consequence of that file's difference, not content of its own.
//!
//! A changed hunk of RECORD is claimed only when every changed line on both sides is a row and
//! every row is accounted for: a file named on both sides with another hash has root
//! differences of its own in the same container, and its `sha256=` on each side is the digest the
//! engine computed of that side's file (recomputed, not guessed: a row that does not match its
//! file is a broken RECORD and stays content); a file named on one side only was removed or added
//! there, or moved (its row then names the new place with the same hash). The hunk then names
//! those differences' roots in `derived_from`. When the rows both sides share also come in another
//! order, the hunk is an ordering — whoever wrote RECORD iterated its files in another order —
//! and the rehashed rows in it still follow from their files.
//!
//! A RECORD names its files relative to the directory the `.dist-info` directory stands in (the
//! root of the wheel, the `site-packages` it was installed into), so a row names the member whose
//! name is that directory's followed by the row's path: `pkg/x.py` in the RECORD member
//! `site-packages/pkg-1.0.dist-info/RECORD` of a shiv zipapp or a `pip install --target` tree is
//! the member `site-packages/pkg/x.py`.
//!
//! It runs after the derived-field pass, so that a file whose differences are all consequences
//! (of another difference, of a producer's version) still accounts for its row.

use crate::engine::digests::ChangedDigests;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::classify::{Category, Cause};
use crate::difference::{Difference, ObservedKind};

use super::subtrees::Subtrees;

/// At most this many root ids are listed (as in the derived rule).
use super::derived::MAX_LINKS;

/// Whether `name` (a member path) is a distribution's RECORD file.
fn is_record_file(name: &str) -> bool {
    name.rsplit_once('/').is_some_and(|(dir, file)| {
        file == "RECORD"
            && dir
                .rsplit('/')
                .next()
                .is_some_and(|d| d.ends_with(".dist-info"))
    })
}

/// The directory a RECORD's rows are relative to, as a member-name prefix: the directory the
/// `.dist-info` directory holding `record` stands in, with its trailing `/` (empty at the top).
fn root_of(record: &str) -> &str {
    let dist_info = record.rsplit_once('/').map_or("", |(dir, _)| dir);
    dist_info
        .rsplit_once('/')
        .map_or("", |(root, _)| &record[..root.len() + 1])
}

/// The member name a row's `path` names in a RECORD whose rows are relative to `root` (see
/// [`root_of`]): `root` joined with `path`, `..` segments resolved. A path that climbs above the
/// container's top is kept as written (no member has that name, so its row stays unexplained).
fn member_name<'a>(root: &str, path: &'a str) -> Cow<'a, str> {
    if root.is_empty() && !path.split('/').any(|s| s == ".." || s == ".") {
        return Cow::Borrowed(path);
    }
    let mut segments: Vec<&str> = root.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                if segments.pop().is_none() {
                    return Cow::Borrowed(path);
                }
            }
            _ => segments.push(segment),
        }
    }
    Cow::Owned(segments.join("/"))
}

/// One row: the member it names (resolved against the RECORD's root) and its hash field
/// (`sha256=…`, or empty).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row<'a> {
    path: Cow<'a, str>,
    hash: &'a str,
}

/// The row `line` is (`path,hash,size`; the path may be quoted), if it is one, its path as
/// written.
fn row(line: &str) -> Option<Row<'_>> {
    let line = line.trim_end_matches(['\r', '\n']);
    let (rest, _size) = line.rsplit_once(',')?;
    let (path, hash) = rest.rsplit_once(',')?;
    let path = path.trim_matches('"');
    (!path.is_empty() && (hash.is_empty() || hash.contains('='))).then_some(Row {
        path: Cow::Borrowed(path),
        hash,
    })
}

/// The rows of one hunk side of the RECORD whose rows are relative to `root`, in order, each
/// naming its member; or `None` when a line is not a row.
fn rows<'a>(side: Option<&'a str>, root: &str) -> Option<Vec<Row<'a>>> {
    side.unwrap_or("")
        .lines()
        .map(|line| {
            row(line).map(|r| match r.path {
                Cow::Borrowed(path) => Row {
                    path: member_name(root, path),
                    hash: r.hash,
                },
                Cow::Owned(_) => r,
            })
        })
        .collect()
}

/// Turns RECORD hunks that only follow from their files' differences into derived differences
/// (or orderings). Runs after the derived-field pass; `subtrees` indexes `differences`.
pub fn link(differences: &mut [Difference], subtrees: &Subtrees, changed_digests: &ChangedDigests) {
    let mut verdicts = Vec::new();
    for d in differences.iter() {
        if !matches!(d.observed.kind, ObservedKind::TextHunk { .. })
            || d.category == Category::Derived
        {
            continue;
        }
        let Some(record) = d.observed.path.last() else {
            continue;
        };
        if !is_record_file(record) {
            continue;
        }
        let root = root_of(record);
        let (Some(left), Some(right)) = (
            rows(d.observed.left.as_deref(), root),
            rows(d.observed.right.as_deref(), root),
        ) else {
            continue;
        };
        if left.is_empty() && right.is_empty() {
            continue;
        }
        let container = Container {
            differences: &differences[subtrees.parent(d.id)],
            depth: subtrees.depth(d.id) - 1,
        };
        if let Some(accounted) = account(&container, &left, &right, changed_digests) {
            verdicts.push((d.id, accounted));
        }
    }
    for (id, accounted) in verdicts {
        let d = &mut differences[id];
        let Accounted {
            mut roots,
            files,
            reordered,
        } = accounted;
        let count = roots.len();
        roots.truncate(MAX_LINKS);
        let rows = format!(
            "RECORD rows of {files} {} that changed, moved, appeared or disappeared, each \
             sha256 recomputed from its file ({count} root {})",
            if files == 1 { "file" } else { "files" },
            if count == 1 {
                "difference"
            } else {
                "differences"
            }
        );
        if reordered {
            d.category = Category::Ordering;
            d.cause = Cause::LineOrder;
            d.evidence =
                format!("the rows both sides share are listed in another order; besides, {rows}");
        } else {
            d.category = Category::Derived;
            d.cause = Cause::DataChecksum;
            d.evidence = rows;
            d.derived_from = roots;
        }
        d.looks_like = None;
    }
}

/// What a hunk's rows follow from.
struct Accounted {
    roots: Vec<usize>,
    files: usize,
    reordered: bool,
}

/// The container a RECORD file is a member of: the differences at its path and below.
struct Container<'a> {
    /// The run of differences at the container's path or inside it.
    differences: &'a [Difference],
    /// How many segments the container's path has.
    depth: usize,
}

impl<'a> Container<'a> {
    /// The differences at the member `name` of the container or inside it: a run, found by the
    /// one segment that names the member, since every path here starts with the container's.
    fn member(&self, name: &str) -> &'a [Difference] {
        let names = |d: &Difference| self.member_of(d).cmp(&Some(name));
        let start = self
            .differences
            .partition_point(|d| names(d) == std::cmp::Ordering::Less);
        let len = self.differences[start..]
            .iter()
            .take_while(|d| names(d) == std::cmp::Ordering::Equal)
            .count();
        &self.differences[start..start + len]
    }

    /// The name of the member of the container that `d` is at or inside (`None` for the
    /// container itself).
    fn member_of<'d>(&self, d: &'d Difference) -> Option<&'d str> {
        d.observed.path.get(self.depth).map(String::as_str)
    }

    /// Whether `d`, one of the differences of a member, is at the member itself.
    fn at_member(&self, d: &Difference) -> bool {
        d.observed.path.len() == self.depth + 1
    }
}

/// Accounts for every row of a hunk of the RECORD in `container`, or `None` when one row is
/// not explained by its file.
fn account(
    container: &Container<'_>,
    left: &[Row<'_>],
    right: &[Row<'_>],
    changed_digests: &ChangedDigests,
) -> Option<Accounted> {
    let right_by_path: HashMap<&str, &Row<'_>> =
        right.iter().map(|r| (r.path.as_ref(), r)).collect();
    let left_by_path: HashMap<&str, &Row<'_>> = left.iter().map(|r| (r.path.as_ref(), r)).collect();
    let moves = moves_in(container);
    let recomputed = |hash: &str| {
        hash.strip_prefix("sha256=")
            .is_none_or(|digest| changed_digests.contains(digest))
    };
    let mut roots = Vec::new();
    let mut files = 0;
    for row in left {
        let before = roots.len();
        match right_by_path.get(row.path.as_ref()) {
            Some(other) if other.hash == row.hash => continue,
            Some(other) => {
                if !recomputed(row.hash) || !recomputed(other.hash) {
                    return None;
                }
                roots.extend(roots_under(container, &row.path));
            }
            None => match moves.get(row.path.as_ref()) {
                Some(&(moved, to)) => {
                    let arrived = right_by_path.get(to)?;
                    if arrived.hash != row.hash {
                        return None;
                    }
                    roots.push(moved);
                }
                None => roots.extend(presence(container, &row.path)),
            },
        }
        if roots.len() == before {
            return None;
        }
        files += 1;
    }
    let arrivals: HashSet<&str> = moves.values().map(|&(_, to)| to).collect();
    for row in right {
        if left_by_path.contains_key(row.path.as_ref()) || arrivals.contains(row.path.as_ref()) {
            continue;
        }
        let before = roots.len();
        roots.extend(presence(container, &row.path));
        if roots.len() == before {
            return None;
        }
        files += 1;
    }
    let reordered = shared(left, &right_by_path) != shared(right, &left_by_path);
    roots.sort_unstable();
    roots.dedup();
    Some(Accounted {
        roots,
        files,
        reordered,
    })
}

/// The paths of `rows` also named in `other`, in the order of `rows`.
fn shared<'r>(rows: &'r [Row<'_>], other: &HashMap<&str, &Row<'_>>) -> Vec<&'r str> {
    rows.iter()
        .map(|r| r.path.as_ref())
        .filter(|p| other.contains_key(p))
        .collect()
}

/// The members of `container` that moved: from their left name to (the id of the move, their
/// right name).
fn moves_in<'a>(container: &Container<'a>) -> HashMap<&'a str, (usize, &'a str)> {
    container
        .differences
        .iter()
        .filter(|d| d.observed.kind == ObservedKind::MemberMoved && container.at_member(d))
        .filter_map(|d| {
            Some((
                d.observed.left.as_deref()?,
                (d.id, d.observed.right.as_deref()?),
            ))
        })
        .collect()
}

/// The roots of the member `name` of `container` being added or removed, if it was.
fn presence(container: &Container<'_>, name: &str) -> Vec<usize> {
    container
        .member(name)
        .iter()
        .filter(|d| container.at_member(d))
        .filter(|d| {
            matches!(
                d.observed.kind,
                ObservedKind::MemberAdded | ObservedKind::MemberRemoved
            )
        })
        .flat_map(roots_of)
        .collect()
}

/// A difference's roots: itself, or what it follows from.
fn roots_of(d: &Difference) -> Vec<usize> {
    match d.category {
        Category::Derived => d.derived_from.clone(),
        _ => vec![d.id],
    }
}

/// The roots of the differences at the member `name` of `container` or inside it.
fn roots_under<'a>(container: &'a Container<'a>, name: &str) -> impl Iterator<Item = usize> + 'a {
    container
        .member(name)
        .iter()
        // The fields of the member's record in its container (its mtime, mode) are not its
        // content: the row's hash does not cover them.
        .filter(|d| !(container.at_member(d) && d.observed.is_record_field()))
        .flat_map(roots_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{classify, Category, KnownValues};
    use crate::difference::Observed;

    fn hunk(path: &[&str], left: &str, right: &str) -> Observed {
        Observed::content(
            path.iter().map(|s| s.to_string()).collect(),
            ObservedKind::TextHunk { changes: vec![] },
            Some(left.into()),
            Some(right.into()),
        )
    }

    /// The RECORD hunk for `pkg/x.so`, its hash going from `left` to `right`.
    fn row_of_x(left: &str, right: &str) -> Observed {
        hunk(
            &["w.whl", "pkg-1.0.dist-info/RECORD"],
            &format!("pkg/x.so,sha256={left},10\n"),
            &format!("pkg/x.so,sha256={right},12\n"),
        )
    }

    /// `pkg/x.so` changed, and its RECORD row with it (AAA → BBB).
    fn changed_file_and_its_row() -> Vec<Observed> {
        vec![
            hunk(&["w.whl", "pkg/x.so"], "/tmp/a\n", "/tmp/b\n"),
            row_of_x("AAA", "BBB"),
        ]
    }

    fn record_of(all: &[crate::difference::Difference]) -> &crate::difference::Difference {
        all.iter()
            .find(|d| d.observed.path[1].ends_with("RECORD"))
            .unwrap()
    }

    /// The digests the engine computed of changed files (here, the rows' own values).
    fn digests(values: &[&str]) -> crate::classify::Facts {
        crate::classify::Facts {
            changed_digests: values.iter().map(|v| v.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_row_whose_hash_is_not_its_file_s_digest_stays_content() {
        let all = classify(
            changed_file_and_its_row(),
            &KnownValues::default(),
            &digests(&["AAA"]),
        )
        .differences;
        let record = record_of(&all);
        assert_eq!(
            record.category,
            Category::Content,
            "BBB is not the digest of the right file"
        );
    }

    #[test]
    fn a_row_follows_from_its_file() {
        let all = classify(
            changed_file_and_its_row(),
            &KnownValues::default(),
            &digests(&["AAA", "BBB"]),
        )
        .differences;
        let record = record_of(&all);
        assert_eq!(record.category, Category::Derived);
        let file = all
            .iter()
            .find(|d| d.observed.path[1] == "pkg/x.so")
            .unwrap();
        assert_eq!(record.derived_from, [file.id]);
    }

    #[test]
    fn a_row_does_not_follow_from_its_file_s_record_fields() {
        use crate::difference::Scope;
        use whydiff_analyzers::{FieldKind, TimeRole, Timestamp};
        let mtime = Observed {
            path: vec!["w.whl".into(), "pkg/x.so".into()],
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
        let all = classify(
            vec![
                mtime,
                hunk(&["w.whl", "pkg/x.so"], "/tmp/a\n", "/tmp/b\n"),
                row_of_x("AAA", "BBB"),
            ],
            &KnownValues::default(),
            &digests(&["AAA", "BBB"]),
        )
        .differences;
        let record = record_of(&all);
        let content = all
            .iter()
            .find(|d| d.observed.field.is_none() && d.observed.path[1] == "pkg/x.so")
            .unwrap();
        assert_eq!(record.derived_from, [content.id]);
    }

    #[test]
    fn a_row_whose_file_did_not_change_stays_content() {
        let all = classify(
            vec![hunk(
                &["w.whl", "pkg-1.0.dist-info/RECORD"],
                "pkg/x.so,sha256=AAA,10\n",
                "pkg/x.so,sha256=BBB,12\n",
            )],
            &KnownValues::default(),
            &digests(&["AAA", "BBB"]),
        )
        .differences;
        assert_eq!(all[0].category, Category::Content);
    }

    #[test]
    fn a_row_added_or_a_non_row_line_stays_content() {
        let all = classify(
            vec![
                hunk(&["w.whl", "pkg/x.so"], "a\n", "b\n"),
                hunk(
                    &["w.whl", "pkg-1.0.dist-info/RECORD"],
                    "pkg/x.so,sha256=AAA,10\n",
                    "pkg/x.so,sha256=BBB,12\npkg/new.py,sha256=CCC,3\n",
                ),
                hunk(
                    &["w.whl", "pkg-1.0.dist-info/RECORD"],
                    "pkg/x.so,sha256=AAA,10\n",
                    "some other text\n",
                ),
            ],
            &KnownValues::default(),
            &digests(&["AAA", "BBB"]),
        )
        .differences;
        assert!(all
            .iter()
            .filter(|d| d.observed.path[1].ends_with("RECORD"))
            .all(|d| d.category == Category::Content));
    }

    #[test]
    fn rows_of_a_record_below_the_top_name_members_beside_its_dist_info() {
        // A shiv zipapp (or pip install --target tree): RECORD under site-packages/, its rows
        // relative to site-packages/.
        let record = &["app.pyz", "site-packages/pkg-1.0.dist-info/RECORD"];
        let rows = || {
            hunk(
                record,
                "pkg/x.so,sha256=AAA,10\n",
                "pkg/x.so,sha256=BBB,12\n",
            )
        };
        let beside = hunk(&["app.pyz", "site-packages/pkg/x.so"], "a\n", "b\n");
        let all = classify(
            vec![beside, rows()],
            &KnownValues::default(),
            &digests(&["AAA", "BBB"]),
        )
        .differences;
        let row = record_of(&all);
        assert_eq!(row.category, Category::Derived, "{}", row.evidence);
        // The same name at the top of the zipapp is another file: the row stays content.
        let elsewhere = hunk(&["app.pyz", "pkg/x.so"], "a\n", "b\n");
        let all = classify(
            vec![elsewhere, rows()],
            &KnownValues::default(),
            &digests(&["AAA", "BBB"]),
        )
        .differences;
        assert_eq!(record_of(&all).category, Category::Content);
    }

    #[test]
    fn record_paths_resolve_against_the_dist_info_s_directory() {
        assert_eq!(root_of("pkg-1.0.dist-info/RECORD"), "");
        assert_eq!(
            root_of("site-packages/pkg-1.0.dist-info/RECORD"),
            "site-packages/"
        );
        assert_eq!(root_of("a/b/pkg-1.0.dist-info/RECORD"), "a/b/");
        assert_eq!(member_name("", "pkg/x.py"), "pkg/x.py");
        assert_eq!(
            member_name("site-packages/", "pkg/x.py"),
            "site-packages/pkg/x.py"
        );
        assert_eq!(
            member_name("lib/site-packages/", "../../bin/tool"),
            "bin/tool"
        );
        // Above the container's top: kept as written, naming no member.
        assert_eq!(
            member_name("site-packages/", "../../bin/tool"),
            "../../bin/tool"
        );
        assert_eq!(member_name("", "../x"), "../x");
    }

    fn row_path(line: &str) -> Option<String> {
        row(line).map(|r| r.path.into_owned())
    }

    #[test]
    fn rows_of_moved_added_and_removed_files_follow_from_them() {
        let moved = Observed::content(
            vec!["w.whl".into(), "pkg-1.0.dist-info/licenses/LICENSE".into()],
            ObservedKind::MemberMoved,
            Some("pkg-1.0.dist-info/LICENSE".into()),
            Some("pkg-1.0.dist-info/licenses/LICENSE".into()),
        );
        let added = Observed::content(
            vec!["w.whl".into(), "pkg/new.py".into()],
            ObservedKind::MemberAdded,
            None,
            Some("3 bytes".into()),
        );
        let rows = hunk(
            &["w.whl", "pkg-1.0.dist-info/RECORD"],
            "pkg-1.0.dist-info/LICENSE,sha256=LLL,10\n",
            "pkg-1.0.dist-info/licenses/LICENSE,sha256=LLL,10\npkg/new.py,sha256=NNN,3\n",
        );
        let all = classify(
            vec![moved.clone(), added.clone(), rows],
            &KnownValues::default(),
            &digests(&[]),
        )
        .differences;
        let record = record_of(&all);
        assert_eq!(record.category, Category::Derived, "{}", record.evidence);
        assert_eq!(record.derived_from.len(), 2);
        // The moved file's row with another hash: broken, content.
        let broken = hunk(
            &["w.whl", "pkg-1.0.dist-info/RECORD"],
            "pkg-1.0.dist-info/LICENSE,sha256=LLL,10\n",
            "pkg-1.0.dist-info/licenses/LICENSE,sha256=XXX,10\npkg/new.py,sha256=NNN,3\n",
        );
        let all = classify(
            vec![moved, added, broken],
            &KnownValues::default(),
            &digests(&[]),
        )
        .differences;
        assert_eq!(record_of(&all).category, Category::Content);
    }

    #[test]
    fn rows_reordered_and_rehashed_are_an_ordering() {
        let all = classify(
            vec![
                hunk(&["w.whl", "pkg/x.so"], "a\n", "b\n"),
                hunk(
                    &["w.whl", "pkg-1.0.dist-info/RECORD"],
                    "pkg/a.py,sha256=A,1\npkg/x.so,sha256=AAA,10\n",
                    "pkg/x.so,sha256=BBB,12\npkg/a.py,sha256=A,1\n",
                ),
            ],
            &KnownValues::default(),
            &digests(&["AAA", "BBB"]),
        )
        .differences;
        let record = record_of(&all);
        assert_eq!(record.category, Category::Ordering, "{}", record.evidence);
    }

    #[test]
    fn rows_parse() {
        assert_eq!(row_path("pkg/x.py,sha256=abc,12"), Some("pkg/x.py".into()));
        assert_eq!(
            row_path("pkg-1.0.dist-info/RECORD,,"),
            Some("pkg-1.0.dist-info/RECORD".into())
        );
        assert_eq!(row_path("\"a,b.py\",sha256=abc,1"), Some("a,b.py".into()));
        assert_eq!(row_path("not a row"), None);
        assert!(is_record_file("pkg-1.0.dist-info/RECORD"));
        assert!(!is_record_file("RECORD"));
        assert!(!is_record_file("docs/RECORD"));
    }
}
