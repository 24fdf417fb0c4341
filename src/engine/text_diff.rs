//! Line diff of two texts, computed with `similar` (Patience), one difference per changed hunk,
//! with the changed word runs of small hunks for the rules that decode tokens.

use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::difference::{Observed, ObservedKind};

/// Hunks listed per text before the rest is summarized in one difference.
const MAX_HUNKS: usize = 1000;
/// Hunks up to this many lines a side get a word-level breakdown.
const MAX_WORD_DIFF_LINES: usize = 50;

/// Texts with more lines than this (both sides together, once the common head and tail are set
/// aside) are not line-diffed: the changed middle is one hunk. Myers' cost grows with lines times
/// edits, and a bound on work keeps huge inputs fast and the output deterministic.
const MAX_DIFF_LINES: usize = 400_000;
/// Lines kept per side of one hunk in the report.
const MAX_HUNK_LINES: usize = 2_000;

type Range = std::ops::Range<usize>;

/// One difference per changed hunk of lines between `left` and `right`.
pub(super) fn diff(path: &[String], left: &str, right: &str) -> Vec<Observed> {
    let old: Vec<&str> = left.split_inclusive('\n').collect();
    let new: Vec<&str> = right.split_inclusive('\n').collect();
    let (hunks, coarse) = changed_hunks(&old, &new);
    let mut out = Vec::with_capacity(hunks.len().min(MAX_HUNKS + 1));
    for (seq, (old_range, new_range)) in hunks.iter().enumerate() {
        if seq == MAX_HUNKS {
            out.push(Observed {
                location: Some(format!("{} more changed hunks", hunks.len() - MAX_HUNKS)),
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
        let left_text = excerpt(&old[old_range.clone()]);
        let right_text = excerpt(&new[new_range.clone()]);
        let small = old_range.len().max(new_range.len()) <= MAX_WORD_DIFF_LINES;
        let changes = if small && !old_range.is_empty() && !new_range.is_empty() {
            word_changes(&left_text, &right_text)
        } else {
            Vec::new()
        };
        let mut location = format!("lines {} → {}", span(old_range), span(new_range));
        if coarse {
            location.push_str(" (too large for a line diff)");
        }
        out.push(Observed {
            location: Some(location),
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

/// The changed line ranges, and whether they are coarse (the texts were too large to diff).
fn changed_hunks(old: &[&str], new: &[&str]) -> (Vec<(Range, Range)>, bool) {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_mid, new_mid) = (head..old.len() - tail, head..new.len() - tail);
    if old_mid.is_empty() && new_mid.is_empty() {
        return (Vec::new(), false);
    }
    if old_mid.len() + new_mid.len() > MAX_DIFF_LINES {
        return (vec![(old_mid, new_mid)], true);
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_slices(&old[old_mid.clone()], &new[new_mid.clone()]);
    let hunks = diff
        .grouped_ops(0)
        .iter()
        .filter_map(|group| {
            let (first, last) = (group.first()?, group.last()?);
            let old_range = head + first.old_range().start..head + last.old_range().end;
            let new_range = head + first.new_range().start..head + last.new_range().end;
            Some((old_range, new_range))
        })
        .collect();
    (hunks, false)
}

/// The lines of a hunk side, at most [`MAX_HUNK_LINES`] of them.
fn excerpt(lines: &[&str]) -> String {
    if lines.len() <= MAX_HUNK_LINES {
        return lines.concat();
    }
    let mut text = lines[..MAX_HUNK_LINES].concat();
    text.push_str(&format!("… {} more lines\n", lines.len() - MAX_HUNK_LINES));
    text
}

/// `3`, `3-5`, or `after 2` for an empty range, in 1-based line numbers.
fn span(range: &Range) -> String {
    match range.len() {
        0 => format!("after {}", range.start),
        1 => format!("{}", range.start + 1),
        _ => format!("{}-{}", range.start + 1, range.end),
    }
}

/// The runs of words that differ between two short texts, as (left run, right run) pairs. Runs
/// separated only by white space are one run (`Jan 5 2015` → `Feb 6 2016`), so that a token rule
/// sees a date or a command line whole.
pub fn word_changes(left: &str, right: &str) -> Vec<(String, String)> {
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
            let equal: String = diff.iter_changes(op).map(|c| c.value()).collect();
            let inside_a_run = !removed.is_empty() || !added.is_empty();
            if inside_a_run && equal.chars().all(char::is_whitespace) && !equal.contains('\n') {
                removed.push_str(&equal);
                added.push_str(&equal);
            } else {
                flush(&mut removed, &mut added);
            }
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
    fn huge_texts_get_one_coarse_hunk_between_common_head_and_tail() {
        let left: String = (0..MAX_DIFF_LINES).map(|i| format!("{i}\n")).collect();
        let right: String = (0..MAX_DIFF_LINES)
            .map(|i| format!("{}\n", i * 7 % 1000))
            .collect();
        let (left, right) = (
            format!("head\n{left}tail\n"),
            format!("head\n{right}tail\n"),
        );
        let found = diff(&["f".into()], &left, &right);
        assert_eq!(found.len(), 1);
        let location = found[0].location.as_deref().unwrap();
        assert!(
            location.starts_with("lines 3-") && location.ends_with("(too large for a line diff)"),
            "{location}"
        );
        assert!(found[0].left.as_deref().unwrap().ends_with("more lines\n"));
    }

    #[test]
    fn runs_separated_by_spaces_are_one_run() {
        let changes = word_changes("built Jan 5 2015 here\n", "built Feb 6 2016 here\n");
        assert_eq!(
            changes,
            [("Jan 5 2015".to_owned(), "Feb 6 2016".to_owned())]
        );
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
