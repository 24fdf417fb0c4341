//! The words around a run. The word diff isolates what changed, so a date that changed only in
//! its year reaches the rule as a bare `2021` → `2023` (the zone in `… 12:34:56 UTC 2021` splits
//! it from the rest), and one that changed in its weekday and time as `Tue` → `Wed` plus
//! `14 22:13:20` → `15 01:02:03`. Here a run is found again in the lines it came from and widened
//! over the date words beside it, so that a bare year counts when it is next to a date — and
//! only then — and a weekday is judged as the whole date it belongs to.
//!
//! A run can occur in several differences (the same year in two files): the widening is trusted
//! only when it holds in every one of them, since the rule cannot tell which one it is judging.

use crate::classify::tokens;
use crate::difference::Observed;

/// How many words a run is widened by, at most, on each side.
const MAX_WIDENING: usize = 6;

/// One place a run occurs: the words of its line on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place<'a> {
    left: LineSpan<'a>,
    right: LineSpan<'a>,
}

/// The words of one line and where the run sits among them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LineSpan<'a> {
    words: Vec<&'a str>,
    start: usize,
    len: usize,
}

impl LineSpan<'_> {
    fn words_after(&self) -> usize {
        self.words.len() - self.start - self.len
    }

    fn widened(&self, before: usize, after: usize) -> String {
        self.words[self.start - before..self.start + self.len + after].join(" ")
    }
}

impl Place<'_> {
    /// The run widened by some words before and after it, the same on both sides, widest first;
    /// the run itself is not among them.
    pub fn widenings(&self) -> Vec<(String, String)> {
        let before = self.left.start.min(self.right.start).min(MAX_WIDENING);
        let after = (self.left.words_after())
            .min(self.right.words_after())
            .min(MAX_WIDENING);
        let mut sizes: Vec<(usize, usize)> = (0..=before)
            .flat_map(|b| (0..=after).map(move |a| (b, a)))
            .filter(|(b, a)| b + a > 0)
            .collect();
        sizes.sort_by_key(|(b, a)| std::cmp::Reverse(b + a));
        sizes
            .into_iter()
            .map(|(b, a)| (self.left.widened(b, a), self.right.widened(b, a)))
            .collect()
    }
}

/// Every place the run `left` → `right` occurs among the differences `all`; `None` when a
/// difference holds it but its occurrences cannot be paired up (another count on each side).
/// `from_them`: the run came from these differences (its own), so it need not be looked for
/// among their runs again.
pub fn places<'a>(
    left: &str,
    right: &str,
    all: &'a [Observed],
    from_them: bool,
) -> Option<Vec<Place<'a>>> {
    let run_left: Vec<&str> = left.split_whitespace().collect();
    let run_right: Vec<&str> = right.split_whitespace().collect();
    if run_left.is_empty() || run_right.is_empty() {
        return Some(Vec::new());
    }
    let mut found = Vec::new();
    for difference in all {
        let Some((text_left, text_right)) = tokens::text_sides(difference) else {
            continue;
        };
        if !text_left.contains(run_left[0]) || !text_right.contains(run_right[0]) {
            continue;
        }
        if !from_them && !tokens::holds_run(difference, left, right) {
            continue;
        }
        let lefts = occurrences(text_left, &run_left);
        let rights = occurrences(text_right, &run_right);
        if lefts.is_empty() || lefts.len() != rights.len() {
            return None;
        }
        found.extend(
            lefts
                .into_iter()
                .zip(rights)
                .map(|(left, right)| Place { left, right }),
        );
    }
    Some(found)
}

/// Where the words `run` occur, line by line, in `text`.
fn occurrences<'a>(text: &'a str, run: &[&str]) -> Vec<LineSpan<'a>> {
    let mut found = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() < run.len() {
            continue;
        }
        for start in 0..=words.len() - run.len() {
            if words[start..start + run.len()] == *run {
                found.push(LineSpan {
                    words: words.clone(),
                    start,
                    len: run.len(),
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::difference::ObservedKind;
    use crate::engine::word_changes;

    fn hunk(left: &str, right: &str) -> Observed {
        Observed::content(
            vec!["f.txt".into()],
            ObservedKind::TextHunk {
                changes: word_changes(left, right),
            },
            Some(left.into()),
            Some(right.into()),
        )
    }

    #[test]
    fn a_run_is_widened_over_its_line() {
        let all = [hunk(
            "Built: Fri Jan  1 00:00:00 UTC 2021\n",
            "Built: Thu Jun 15 12:34:56 UTC 2023\n",
        )];
        let places = places("2021", "2023", &all, false).unwrap();
        assert_eq!(places.len(), 1);
        let widenings = places[0].widenings();
        assert_eq!(
            widenings[0],
            (
                "Built: Fri Jan 1 00:00:00 UTC 2021".to_owned(),
                "Built: Thu Jun 15 12:34:56 UTC 2023".to_owned()
            ),
            "six words before (all there are), none after"
        );
        assert_eq!(widenings.last().unwrap().0, "UTC 2021");
    }

    #[test]
    fn runs_are_found_only_where_they_are_a_changed_run() {
        let all = [
            hunk("x = 2021\n", "x = 2023\n"),
            hunk("2021 x 2021\n", "2023 x 2023\n"),
        ];
        let places = places("2021", "2023", &all, false).unwrap();
        assert_eq!(places.len(), 3, "{places:?}");
        assert_eq!(places[0].left.words, ["x", "=", "2021"]);
        assert!(super::places("", "2023", &all, false).unwrap().is_empty());
    }

    #[test]
    fn occurrences_that_cannot_be_paired_are_refused() {
        let all = [hunk("in 2021 and 2021\n", "in 2021 and 2023\n")];
        assert_eq!(places("2021", "2023", &all, false), None);
    }
}
