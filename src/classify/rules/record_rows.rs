//! RECORD rows of wheels and installed distributions (`*.dist-info/RECORD`): a row
//! `path,sha256=…,size` whose hash and size changed because the file it names changed is a
//! consequence of that file's differences, not content of its own.
//!
//! A changed hunk of RECORD is claimed only when every changed line on both sides is a row, the
//! two sides name the same files, every file named by a changed row has root differences of its
//! own in the same container, and every `sha256=` in the changed rows is the digest the engine
//! computed of that side's file (recomputed, not guessed: a row that does not match its file is
//! a broken RECORD and stays content). It then names the files' differences in `derived_from`.

use std::collections::HashSet;

use crate::classify::{Category, Cause};
use crate::difference::{Difference, ObservedKind};

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

/// The file a RECORD row names, if `line` is a row (`path,hash,size`; the path may be quoted).
fn row_path(line: &str) -> Option<&str> {
    let line = line.trim_end_matches(['\r', '\n']);
    let (rest, _size) = line.rsplit_once(',')?;
    let (path, hash) = rest.rsplit_once(',')?;
    let path = path.trim_matches('"');
    (!path.is_empty() && (hash.is_empty() || hash.contains('='))).then_some(path)
}

/// The `sha256=` digests of the rows of one hunk side (rows with another algorithm or none give
/// nothing to recompute).
fn row_sha256s(side: Option<&str>) -> Vec<&str> {
    side.unwrap_or("")
        .lines()
        .filter_map(|line| {
            let (rest, _size) = line.trim_end_matches(['\r', '\n']).rsplit_once(',')?;
            rest.rsplit_once(',')?.1.strip_prefix("sha256=")
        })
        .collect()
}

/// The paths the rows of one hunk side name, or `None` when a line is not a row.
fn row_paths(side: Option<&str>) -> Option<Vec<&str>> {
    let mut paths: Vec<&str> = side
        .unwrap_or("")
        .lines()
        .map(row_path)
        .collect::<Option<_>>()?;
    paths.sort_unstable();
    Some(paths)
}

/// Turns RECORD hunks that only follow from their files' differences into derived differences.
/// Runs after root classification and before the derived-field pass.
pub fn link(differences: &mut [Difference], changed_digests: &HashSet<String>) {
    let mut verdicts = Vec::new();
    for d in differences.iter() {
        if !matches!(d.observed.kind, ObservedKind::TextHunk { .. })
            || d.category == Category::Derived
        {
            continue;
        }
        let Some((record, container)) = d.observed.path.split_last() else {
            continue;
        };
        if !is_record_file(record) {
            continue;
        }
        let (Some(left), Some(right)) = (
            row_paths(d.observed.left.as_deref()),
            row_paths(d.observed.right.as_deref()),
        ) else {
            continue;
        };
        if left.is_empty() || left != right {
            continue;
        }
        let recomputed = [&d.observed.left, &d.observed.right]
            .iter()
            .flat_map(|side| row_sha256s(side.as_deref()))
            .all(|digest| changed_digests.contains(digest));
        if !recomputed {
            continue;
        }
        let mut roots = Vec::new();
        let every_file_differs = left.iter().all(|file| {
            let mut member = container.to_vec();
            member.push((*file).to_owned());
            let before = roots.len();
            roots.extend(roots_under(differences, &member));
            roots.len() > before
        });
        if every_file_differs {
            roots.sort_unstable();
            roots.dedup();
            verdicts.push((d.id, left.len(), roots));
        }
    }
    for (id, files, mut roots) in verdicts {
        let d = &mut differences[id];
        let count = roots.len();
        roots.truncate(MAX_LINKS);
        d.category = Category::Derived;
        d.cause = Cause::DataChecksum;
        d.evidence = format!(
            "RECORD rows of {files} {} whose content differs, each sha256 recomputed from its file ({count} root {})",
            if files == 1 { "file" } else { "files" },
            if count == 1 {
                "difference"
            } else {
                "differences"
            }
        );
        d.derived_from = roots;
    }
}

/// Ids of the root differences at `member` or inside it.
fn roots_under<'a>(
    differences: &'a [Difference],
    member: &'a [String],
) -> impl Iterator<Item = usize> + 'a {
    let start = differences.partition_point(|d| d.observed.path.as_slice() < member);
    differences[start..]
        .iter()
        .take_while(move |d| d.observed.path.starts_with(member))
        .filter(move |d| d.category != Category::Derived && !d.observed.is_derived_field())
        // The fields of the member's record in its container (its mtime, mode) are not its
        // content: the row's hash does not cover them.
        .filter(move |d| !(d.observed.path.as_slice() == member && d.observed.is_record_field()))
        .map(|d| d.id)
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
    fn rows_parse() {
        assert_eq!(row_path("pkg/x.py,sha256=abc,12"), Some("pkg/x.py"));
        assert_eq!(
            row_path("pkg-1.0.dist-info/RECORD,,"),
            Some("pkg-1.0.dist-info/RECORD")
        );
        assert_eq!(row_path("\"a,b.py\",sha256=abc,1"), Some("a,b.py"));
        assert_eq!(row_path("not a row"), None);
        assert!(is_record_file("pkg-1.0.dist-info/RECORD"));
        assert!(!is_record_file("RECORD"));
        assert!(!is_record_file("docs/RECORD"));
    }
}
