//! Line diff of two texts, computed with `similar` (Patience), one difference per changed hunk,
//! with the changed word runs of small hunks for the rules that decode tokens. Two texts made of
//! the same lines in another sequence are one line-order difference instead of hunks — also when
//! the lines are the items of a list written one per line, whose separator-less last item moved
//! (`"auth",` … `"storage"` → `"storage",` … `"auth"`), so that one line gained its trailing
//! comma and another lost it.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

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
/// Lines shown per side of a line-order difference.
const SHOWN_ORDER_LINES: usize = 5;
/// Lines of each side a line-order difference carries for the rules that judge the order: enough
/// to tell one sort order from another, bounded whatever the input.
const MAX_ORDER_LINES: usize = 10_000;
/// Bytes of each side a line-order difference carries, at most.
const MAX_ORDER_BYTES: usize = 1 << 20;

type Range = std::ops::Range<usize>;

/// What a line diff found: its differences, and a note when the hunks outgrew the rendered diff
/// budget.
pub(super) struct LineDiff {
    pub differences: Vec<Observed>,
    pub note: Option<String>,
}

/// One difference per changed hunk of lines between `left` and `right`, or a single line-order
/// difference when both hold the same lines in another sequence.
///
/// The hunks carry at most `max_size` bytes of text, both sides together. The hunks past that
/// budget are one difference with no text: with nothing to read, no rule can explain them, so
/// they count as content — a budget may hide detail, never a difference — and a note says which
/// lines they cover and how to raise the budget.
pub(super) fn diff(path: &[String], left: &str, right: &str, max_size: u64) -> LineDiff {
    let old: Vec<&str> = left.split_inclusive('\n').collect();
    let new: Vec<&str> = right.split_inclusive('\n').collect();
    if left.ends_with('\n') == right.ends_with('\n') {
        if let Some(order) = line_order(path, &old, &new) {
            return LineDiff {
                differences: vec![order],
                note: None,
            };
        }
    }
    let (hunks, coarse) = changed_hunks(&old, &new);
    let mut out = Vec::with_capacity(hunks.len().min(MAX_HUNKS + 1));
    let mut note = None;
    let mut rendered: u64 = 0;
    for (seq, (old_range, new_range)) in hunks.iter().enumerate() {
        let size = excerpt_size(&old[old_range.clone()]) + excerpt_size(&new[new_range.clone()]);
        if seq == MAX_HUNKS || rendered.saturating_add(size) > max_size {
            let rest = &hunks[seq..];
            let over_budget = seq < MAX_HUNKS;
            note = Some(if over_budget {
                let which = match seq {
                    0 => String::new(),
                    1 => " after the first hunk".to_owned(),
                    shown => format!(" after the first {shown} hunks"),
                };
                format!(
                    "the changed lines outgrew the rendered diff limit ({max_size} bytes of hunk \
                     text, --max-diff-size): the text of {}{which} is left out",
                    plural(rest.len(), "changed hunk"),
                )
            } else {
                format!(
                    "more than {MAX_HUNKS} changed hunks: the {} after them are one difference, \
                     listed without their text",
                    rest.len()
                )
            });
            out.push(untold_hunks(path, seq, rest, over_budget));
            break;
        }
        rendered += size;
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
        if let Some(ends) = line_ends_only(&old[old_range.clone()], &new[new_range.clone()]) {
            location.push_str(&ends);
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
    LineDiff {
        differences: out,
        note,
    }
}

/// One difference standing for the hunks `rest`, listed without their text (`seq` is the first's
/// number): past [`MAX_HUNKS`], or past the rendered diff budget, which the location then names
/// with the lines the hunks span.
fn untold_hunks(
    path: &[String],
    seq: usize,
    rest: &[(Range, Range)],
    over_budget: bool,
) -> Observed {
    let mut location = format!("{} more changed hunks", rest.len());
    if let (true, Some(first), Some(last)) = (over_budget, rest.first(), rest.last()) {
        let old = first.0.start..last.0.end;
        let new = first.1.start..last.1.end;
        location = format!(
            "{} in lines {} → {}, past the rendered diff limit",
            plural(rest.len(), "changed hunk"),
            span(&old),
            span(&new)
        );
    }
    Observed {
        location: Some(location),
        seq: seq as u32,
        ..Observed::content(
            path.to_vec(),
            ObservedKind::TextHunk {
                changes: Vec::new(),
            },
            None,
            None,
        )
    }
}

/// `1 changed hunk`, `3 changed hunks`.
fn plural(count: usize, thing: &str) -> String {
    if count == 1 {
        format!("1 {thing}")
    } else {
        format!("{count} {thing}s")
    }
}

/// When two runs of lines differ in their line ends only (CRLF against LF, a newline at the end
/// of the text or none), what changed, for the location: otherwise the hunk would show the same
/// lines on both sides.
fn line_ends_only(old: &[&str], new: &[&str]) -> Option<String> {
    let bare = |line: &str| match line.strip_suffix('\n') {
        Some(line) => line.strip_suffix('\r').unwrap_or(line).len(),
        None => line.len(),
    };
    if old.is_empty()
        || old.len() != new.len()
        || old
            .iter()
            .zip(new)
            .any(|(a, b)| a[..bare(a)] != b[..bare(b)])
    {
        return None;
    }
    let end = |line: &str| {
        if line.ends_with("\r\n") {
            "CRLF"
        } else if line.ends_with('\n') {
            "LF"
        } else {
            "no newline at end"
        }
    };
    let kinds = |lines: &[&str]| {
        let mut kinds: Vec<&str> = Vec::new();
        for line in lines {
            if !kinds.contains(&end(line)) {
                kinds.push(end(line));
            }
        }
        kinds.join(" and ")
    };
    Some(format!(", line ends only: {} → {}", kinds(old), kinds(new)))
}

/// The line-order difference, when the lines of `old` and `new` (with their line ends) are the
/// same multiset in another sequence. The texts' last lines must both end a line or both not:
/// the caller checks, so that comparing lines without their ends is exact.
fn line_order(path: &[String], old: &[&str], new: &[&str]) -> Option<Observed> {
    let (old_mid, new_mid) = changed_middle(old, new);
    if old_mid.is_empty() {
        return None;
    }
    let (old_lines, new_lines) = (&old[old_mid.clone()], &new[new_mid.clone()]);
    let same = same_lines(old_lines, new_lines, without_line_end);
    let same_items = || {
        old_lines.len() == new_lines.len()
            && old_lines
                .iter()
                .zip(new_lines)
                .all(|(old, new)| separator(old) == separator(new))
            && same_lines(old_lines, new_lines, without_separator)
    };
    if !same && !same_items() {
        return None;
    }
    let carried = |lines: &[&str]| -> Vec<String> {
        let mut bytes = 0;
        lines
            .iter()
            .take(MAX_ORDER_LINES)
            .take_while(|line| {
                bytes += line.len();
                bytes <= MAX_ORDER_BYTES
            })
            .map(|line| without_line_end(line).to_owned())
            .collect()
    };
    let shown = |lines: &[&str]| {
        let mut text = lines[..lines.len().min(SHOWN_ORDER_LINES)].concat();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        if lines.len() > SHOWN_ORDER_LINES {
            text.push_str(&format!(
                "… {} more lines\n",
                lines.len() - SHOWN_ORDER_LINES
            ));
        }
        text
    };
    let (old_lines, new_lines) = (&old[old_mid.clone()], &new[new_mid]);
    Some(Observed {
        location: Some(format!("line {} of {}", old_mid.start + 1, old.len())),
        ..Observed::content(
            path.to_vec(),
            ObservedKind::LineOrder {
                left_lines: carried(old_lines),
                right_lines: carried(new_lines),
            },
            Some(shown(old_lines)),
            Some(shown(new_lines)),
        )
    })
}

/// Whether two runs of lines hold the same lines, each as many times, once each is reduced to
/// its `key` (without its line end, or also without a trailing list separator). Linear: the
/// keys are counted in a hash map.
fn same_lines(old: &[&str], new: &[&str], key: fn(&str) -> &str) -> bool {
    if old.len() != new.len() {
        return false;
    }
    let mut counts: HashMap<&str, isize> = HashMap::with_capacity(old.len());
    for line in old {
        *counts.entry(key(line)).or_insert(0) += 1;
    }
    for line in new {
        match counts.get_mut(key(line)) {
            Some(count) if *count > 0 => *count -= 1,
            _ => return false,
        }
    }
    true
}

fn without_line_end(line: &str) -> &str {
    line.strip_suffix('\n').unwrap_or(line)
}

/// Separators that end the items of a list written one item per line.
const LIST_SEPARATORS: [char; 2] = [',', ';'];

/// A line without its line end and its trailing list separator, if it has one: the item.
fn without_separator(line: &str) -> &str {
    let line = without_line_end(line);
    line.strip_suffix(LIST_SEPARATORS).unwrap_or(line)
}

/// The list separator a line ends with, if any. Items that moved leave the separators where
/// they were (every line but the list's last ends with a comma): the separator of each line
/// must be the same on both sides, or the text changed.
fn separator(line: &str) -> Option<char> {
    without_line_end(line)
        .chars()
        .next_back()
        .filter(|c| LIST_SEPARATORS.contains(c))
}

/// The line ranges left once the common head and the common tail are set aside.
fn changed_middle(old: &[&str], new: &[&str]) -> (Range, Range) {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (head..old.len() - tail, head..new.len() - tail)
}

/// The changed line ranges, and whether they are coarse (the texts were too large to diff).
fn changed_hunks(old: &[&str], new: &[&str]) -> (Vec<(Range, Range)>, bool) {
    let (old_mid, new_mid) = changed_middle(old, new);
    let head = old_mid.start;
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

/// The bytes [`excerpt`] keeps of `lines`, without concatenating them.
fn excerpt_size(lines: &[&str]) -> u64 {
    let kept = &lines[..lines.len().min(MAX_HUNK_LINES)];
    kept.iter().map(|line| line.len() as u64).sum()
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
/// sees a date or a command line whole; and so are the runs of a stretch of one line whose words
/// moved (`x, y, z` → `z, y, x`, which a word diff sees as separate insertions and deletions), so
/// that a rule sees the whole reordered list.
pub fn word_changes(left: &str, right: &str) -> Vec<(String, String)> {
    let pieces = word_pieces(left, right);
    let mut changes = Vec::new();
    let mut start = 0;
    while start < pieces.len() {
        if let Piece::Same(_) = pieces[start] {
            start += 1;
            continue;
        }
        let end = run_end(&pieces, start);
        let (removed, added) = sides(&pieces[start..=end]);
        if !removed.trim().is_empty() || !added.trim().is_empty() {
            changes.push((removed.trim().to_owned(), added.trim().to_owned()));
        }
        start = end + 1;
    }
    changes
}

/// A stretch of a word diff: text both sides share, or what the left has where the right has
/// something else (either may be empty).
enum Piece {
    Same(String),
    Changed {
        removed: String,
        added: String,
        /// [`word_balance`] of the removed words against the added ones.
        balance: u64,
    },
}

/// The word diff of two texts as alternating shared and changed pieces.
fn word_pieces(left: &str, right: &str) -> Vec<Piece> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(left, right);
    let mut pieces = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let changed = |removed: &mut String, added: &mut String| Piece::Changed {
        balance: word_balance(removed, added),
        removed: std::mem::take(removed),
        added: std::mem::take(added),
    };
    for op in diff.ops() {
        if let DiffOp::Equal { .. } = op {
            if !removed.is_empty() || !added.is_empty() {
                pieces.push(changed(&mut removed, &mut added));
            }
            pieces.push(Piece::Same(
                diff.iter_changes(op).map(|c| c.value()).collect(),
            ));
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
    if !removed.is_empty() || !added.is_empty() {
        pieces.push(changed(&mut removed, &mut added));
    }
    pieces
}

/// The index of the last changed piece of the run that starts at the changed piece `start`.
fn run_end(pieces: &[Piece], start: usize) -> usize {
    let mut end = start;
    loop {
        if let Some(moved) = moved_words_end(pieces, start, end) {
            end = moved;
        } else if is_inline_space(pieces.get(end + 1))
            && matches!(pieces.get(end + 2), Some(Piece::Changed { .. }))
        {
            end += 2;
        } else {
            return end;
        }
    }
}

fn is_inline_space(piece: Option<&Piece>) -> bool {
    matches!(piece, Some(Piece::Same(text)) if text.chars().all(char::is_whitespace) && !text.contains('\n'))
}

/// Pieces, and bytes, a stretch of moved words may span.
const MAX_MOVED_PIECES: usize = 64;
const MAX_MOVED_BYTES: usize = 4096;

/// The last changed piece after `after` such that the stretch from `start` holds, on one line, the
/// same words on both sides in another order; the furthest such piece, if any. Only stretches
/// whose word balances sum to zero are compared word by word.
fn moved_words_end(pieces: &[Piece], start: usize, after: usize) -> Option<usize> {
    let mut found = None;
    let (mut bytes, mut balance) = (0, 0u64);
    for end in start..pieces.len().min(start + MAX_MOVED_PIECES) {
        match &pieces[end] {
            Piece::Same(text)
            | Piece::Changed { removed: text, .. }
            | Piece::Changed { added: text, .. }
                if text.contains('\n') =>
            {
                break
            }
            Piece::Same(text) => bytes += text.len(),
            Piece::Changed {
                removed,
                added,
                balance: piece_balance,
            } => {
                bytes += removed.len().max(added.len());
                balance = balance.wrapping_add(*piece_balance);
            }
        }
        if bytes > MAX_MOVED_BYTES {
            break;
        }
        if end > after && balance == 0 && matches!(pieces[end], Piece::Changed { .. }) {
            let (removed, added) = sides(&pieces[start..=end]);
            if is_permutation(&removed, &added) {
                found = Some(end);
            }
        }
    }
    found
}

/// A fingerprint of the words of `removed` against those of `added`: the sum of the hashes of the
/// removed words minus that of the added ones. The sum over a stretch is 0 when its two sides hold
/// the same words (and, but for hash collisions, only then), whatever their order.
fn word_balance(removed: &str, added: &str) -> u64 {
    let hash_sum = |text: &str| {
        list_words(text).iter().fold(0u64, |sum, word| {
            let mut hasher = DefaultHasher::new();
            word.hash(&mut hasher);
            sum.wrapping_add(hasher.finish())
        })
    };
    hash_sum(removed).wrapping_sub(hash_sum(added))
}

/// The left and the right text of a stretch of pieces.
fn sides(pieces: &[Piece]) -> (String, String) {
    let (mut left, mut right) = (String::new(), String::new());
    for piece in pieces {
        match piece {
            Piece::Same(text) => {
                left.push_str(text);
                right.push_str(text);
            }
            Piece::Changed { removed, added, .. } => {
                left.push_str(removed);
                right.push_str(added);
            }
        }
    }
    (left, right)
}

/// Whether two texts hold the same words, each as many times, in another order.
fn is_permutation(left: &str, right: &str) -> bool {
    let (mut left, mut right) = (list_words(left), list_words(right));
    if left == right {
        return false;
    }
    left.sort_unstable();
    right.sort_unstable();
    left == right
}

/// The words of `text`, separated by white space and by the list separators `,`, `;` and `:`.
fn list_words(text: &str) -> Vec<&str> {
    text.split(is_word_separator)
        .filter(|word| !word.is_empty())
        .collect()
}

fn is_word_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The differences of a line diff under the default budget.
    fn hunks(path: &[String], left: &str, right: &str) -> Vec<Observed> {
        diff(path, left, right, super::super::DEFAULT_MAX_DIFF_SIZE).differences
    }

    #[test]
    fn hunks_past_the_rendered_diff_budget_are_listed_without_text_and_noted() {
        let left: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let right = left
            .replace("line 1\n", "LINE 1\n")
            .replace("line 50\n", "LINE 50\n");
        let right = right.replace("line 90\n", "LINE 90\n");
        let all = diff(&["f".into()], &left, &right, 1 << 20);
        assert_eq!(all.differences.len(), 3);
        assert!(all.note.is_none());
        // Room for the first hunk (7 + 7 bytes) only.
        let cut = diff(&["f".into()], &left, &right, 20);
        assert_eq!(cut.differences.len(), 2);
        assert_eq!(cut.differences[0].left.as_deref(), Some("line 1\n"));
        let rest = &cut.differences[1];
        assert_eq!((rest.left.as_deref(), rest.right.as_deref()), (None, None));
        assert_eq!(
            rest.location.as_deref(),
            Some("2 changed hunks in lines 51-91 → 51-91, past the rendered diff limit")
        );
        assert_eq!(
            cut.note.as_deref(),
            Some(
                "the changed lines outgrew the rendered diff limit (20 bytes of hunk text, \
                 --max-diff-size): the text of 2 changed hunks after the first hunk is left out"
            )
        );
        // A first hunk larger than the budget: nothing is shown, the difference stays.
        let none = diff(&["f".into()], &left, &right, 0);
        assert_eq!(none.differences.len(), 1);
        assert_eq!(none.differences[0].left, None);
        assert_eq!(
            none.note.as_deref(),
            Some(
                "the changed lines outgrew the rendered diff limit (0 bytes of hunk text, \
                 --max-diff-size): the text of 3 changed hunks is left out"
            )
        );
    }

    #[test]
    fn hunks_that_change_line_ends_only_say_so() {
        let found = hunks(&[], "one\r\ntwo\r\n", "one\ntwo\n");
        assert_eq!(
            found[0].location.as_deref(),
            Some("lines 1-2 → 1-2, line ends only: CRLF → LF")
        );
        let found = hunks(&[], "one\ntwo\n", "one\ntwo");
        assert_eq!(
            found[0].location.as_deref(),
            Some("lines 2 → 2, line ends only: LF → no newline at end")
        );
        let found = hunks(&[], "one\ntwo\n", "one\nthree\n");
        assert_eq!(found[0].location.as_deref(), Some("lines 2 → 2"));
    }

    #[test]
    fn one_hunk_per_changed_run() {
        let found = hunks(&["f".into()], "a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
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
        let found = hunks(&["f".into()], &left, &right);
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
    fn words_moved_within_a_line_are_one_run() {
        let run = |left: &str, right: &str| word_changes(left, right);
        assert_eq!(
            run("Requires: x, y, z\n", "Requires: z, y, x\n"),
            [("x, y, z".to_owned(), "z, y, x".to_owned())]
        );
        assert_eq!(
            run("a b c\n", "c a b\n"),
            [("a b c".to_owned(), "c a b".to_owned())]
        );
        assert_eq!(
            run("cc -O2 -g -Wall x.c\n", "cc -Wall -O2 -g x.c\n"),
            [("-O2 -g -Wall".to_owned(), "-Wall -O2 -g".to_owned())]
        );
    }

    #[test]
    fn moved_words_with_another_change_stay_separate_runs() {
        assert_eq!(
            word_changes("Requires: x, y, z\n", "Requires: z, y, w\n"),
            [
                ("x,".to_owned(), "z,".to_owned()),
                ("z".to_owned(), "w".to_owned())
            ]
        );
        // Words do not move across lines.
        assert_eq!(
            word_changes("a\nb\n", "b\na\n").len(),
            2,
            "{:?}",
            word_changes("a\nb\n", "b\na\n")
        );
    }

    #[test]
    fn same_lines_in_another_order_are_one_line_order_difference() {
        let found = hunks(
            &["f".into()],
            "# header\nb\na\nc\n# footer\n",
            "# header\na\nc\nb\n# footer\n",
        );
        assert_eq!(found.len(), 1);
        let ObservedKind::LineOrder {
            left_lines,
            right_lines,
        } = &found[0].kind
        else {
            panic!("{:?}", found[0].kind);
        };
        assert_eq!(left_lines, &["b", "a", "c"]);
        assert_eq!(right_lines, &["a", "c", "b"]);
        assert_eq!(found[0].left.as_deref(), Some("b\na\nc\n"));
        assert_eq!(found[0].right.as_deref(), Some("a\nc\nb\n"));
        assert_eq!(found[0].location.as_deref(), Some("line 2 of 5"));
    }

    #[test]
    fn list_items_whose_last_separator_moved_are_reordered() {
        // json.dumps(list(a_set), indent=2) under two hash seeds.
        let left = "{\n  \"features\": [\n    \"metrics\",\n    \"upload\",\n    \"cache\",\n    \"storage\"\n  ]\n}\n";
        let right = "{\n  \"features\": [\n    \"storage\",\n    \"cache\",\n    \"metrics\",\n    \"upload\"\n  ]\n}\n";
        let found = hunks(&["f.json".into()], left, right);
        assert_eq!(found.len(), 1, "{found:?}");
        let ObservedKind::LineOrder { left_lines, .. } = &found[0].kind else {
            panic!("{:?}", found[0].kind);
        };
        assert_eq!(left_lines.len(), 4);
        assert_eq!(left_lines[3], "    \"storage\"");
    }

    #[test]
    fn list_items_added_removed_or_edited_are_hunks_not_order() {
        let is_order = |left: &str, right: &str| {
            hunks(&["f.json".into()], left, right)
                .iter()
                .any(|d| matches!(d.kind, ObservedKind::LineOrder { .. }))
        };
        let list = |items: &[&str]| {
            let body: Vec<String> = items.iter().map(|i| format!("  \"{i}\"")).collect();
            format!("[\n{}\n]\n", body.join(",\n"))
        };
        assert!(is_order(&list(&["a", "b", "c"]), &list(&["c", "a", "b"])));
        assert!(
            !is_order(&list(&["a", "b", "c"]), &list(&["c", "a", "d"])),
            "edited"
        );
        assert!(
            !is_order(&list(&["a", "b", "c"]), &list(&["c", "a"])),
            "removed"
        );
        assert!(
            !is_order(&list(&["a", "b"]), &list(&["b", "a", "c"])),
            "added"
        );
        assert!(
            !is_order("x,\ny,\nz\n", "z,\ny\nx\n"),
            "a separator dropped"
        );
        assert!(
            !is_order("x,\ny\n", "x\ny,\n"),
            "a separator moved, no item"
        );
    }

    #[test]
    fn last_line_without_line_end_still_reorders() {
        let found = hunks(&["f".into()], "a\nb", "b\na");
        assert!(matches!(found[0].kind, ObservedKind::LineOrder { .. }));
        assert_eq!(found[0].left.as_deref(), Some("a\nb\n"));
    }

    #[test]
    fn other_lines_or_line_ends_are_hunks_not_order() {
        let is_order = |left: &str, right: &str| {
            hunks(&["f".into()], left, right)
                .iter()
                .any(|d| matches!(d.kind, ObservedKind::LineOrder { .. }))
        };
        assert!(!is_order("b\na\nc\n", "a\nb\nd\n"), "a line changed too");
        assert!(!is_order("a\na\nb\n", "a\nb\nb\n"), "other counts");
        assert!(!is_order("a\nb\n", "b\na"), "the final line end moved");
        assert!(!is_order("a\nb\n", "a\nb\nc\n"), "a line added");
    }

    #[test]
    fn long_reorders_show_a_few_lines_and_carry_a_bounded_sequence() {
        let left: String = (0..MAX_ORDER_LINES + 10)
            .map(|i| format!("{i}\n"))
            .collect();
        let right: String = (0..MAX_ORDER_LINES + 10)
            .rev()
            .map(|i| format!("{i}\n"))
            .collect();
        let found = hunks(&["f".into()], &left, &right);
        assert_eq!(found.len(), 1);
        let ObservedKind::LineOrder { left_lines, .. } = &found[0].kind else {
            panic!("{:?}", found[0].kind);
        };
        assert_eq!(left_lines.len(), MAX_ORDER_LINES);
        let shown = found[0].left.as_deref().unwrap();
        assert_eq!(shown.lines().count(), SHOWN_ORDER_LINES + 1);
        assert!(shown.ends_with("… 10005 more lines\n"), "{shown}");
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
