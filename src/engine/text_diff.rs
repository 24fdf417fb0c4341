//! Line diff of two texts, computed with `similar` (Patience), one difference per changed hunk,
//! with the changed word runs of small hunks for the rules that decode tokens.

use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::difference::{Observed, ObservedKind};

/// Hunks listed per text before the rest is summarized in one difference.
const MAX_HUNKS: usize = 1000;
/// Hunks up to this many lines a side get a word-level breakdown.
const MAX_WORD_DIFF_LINES: usize = 50;

/// One difference per changed hunk of lines between `left` and `right`.
pub(super) fn diff(path: &[String], left: &str, right: &str) -> Vec<Observed> {
    let old: Vec<&str> = left.split_inclusive('\n').collect();
    let new: Vec<&str> = right.split_inclusive('\n').collect();
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_slices(&old, &new);
    let groups = diff.grouped_ops(0);
    let mut out = Vec::with_capacity(groups.len().min(MAX_HUNKS + 1));
    for (seq, group) in groups.iter().enumerate() {
        if seq == MAX_HUNKS {
            out.push(Observed {
                location: Some(format!("{} more changed hunks", groups.len() - MAX_HUNKS)),
                seq: seq as u32,
                ..Observed::content(
                    path.to_vec(),
                    ObservedKind::TextHunk {
                        changes: Vec::new(),
                    },
                    None,
                    None,
                )
            });
            break;
        }
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let left_text = old[old_range.clone()].concat();
        let right_text = new[new_range.clone()].concat();
        let changes = if old_range.len().max(new_range.len()) <= MAX_WORD_DIFF_LINES
            && !old_range.is_empty()
            && !new_range.is_empty()
        {
            word_changes(&left_text, &right_text)
        } else {
            Vec::new()
        };
        out.push(Observed {
            location: Some(format!("lines {} → {}", span(&old_range), span(&new_range))),
            seq: seq as u32,
            ..Observed::content(
                path.to_vec(),
                ObservedKind::TextHunk { changes },
                (!old_range.is_empty()).then_some(left_text),
                (!new_range.is_empty()).then_some(right_text),
            )
        });
    }
    out
}

/// `3`, `3-5`, or `after 2` for an empty range, in 1-based line numbers.
fn span(range: &std::ops::Range<usize>) -> String {
    match range.len() {
        0 => format!("after {}", range.start),
        1 => format!("{}", range.start + 1),
        _ => format!("{}-{}", range.start + 1, range.end),
    }
}

/// The runs of words that differ between two short texts, as (left run, right run) pairs.
pub(crate) fn word_changes(left: &str, right: &str) -> Vec<(String, String)> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(left, right);
    let mut changes = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let mut flush = |removed: &mut String, added: &mut String| {
        if !removed.trim().is_empty() || !added.trim().is_empty() {
            changes.push((removed.trim().to_owned(), added.trim().to_owned()));
        }
        removed.clear();
        added.clear();
    };
    for op in diff.ops() {
        if let DiffOp::Equal { .. } = op {
            flush(&mut removed, &mut added);
            continue;
        }
        for change in diff.iter_changes(op) {
            match change.tag() {
                ChangeTag::Delete => removed.push_str(change.value()),
                ChangeTag::Insert => added.push_str(change.value()),
                ChangeTag::Equal => {}
            }
        }
    }
    flush(&mut removed, &mut added);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hunk_per_changed_run() {
        let found = diff(&["f".into()], "a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].left.as_deref(), Some("b\n"));
        assert_eq!(found[0].right.as_deref(), Some("B\n"));
        assert_eq!(found[0].location.as_deref(), Some("lines 2 → 2"));
        assert_eq!(found[1].left, None);
        assert_eq!(found[1].location.as_deref(), Some("lines after 4 → 5"));
        assert_eq!(found[1].seq, 1);
    }

    #[test]
    fn words_that_changed_are_isolated() {
        let changes = word_changes(
            "built on 2015-01-05 by alice\n",
            "built on 2016-02-01 by bob\n",
        );
        assert_eq!(
            changes,
            [
                ("2015-01-05".to_owned(), "2016-02-01".to_owned()),
                ("alice".to_owned(), "bob".to_owned())
            ]
        );
    }
}
