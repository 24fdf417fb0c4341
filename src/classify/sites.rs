//! Where a changed run stands: the lines it came from, read by the rules that judge a run by
//! the words around it (a version by the name before it, a token by the label before it, a time
//! by the word that names it).
//!
//! The word diff isolates what changed, so a run usually reaches the token rules without its
//! neighbours. [`run_sites`] finds it again in the difference it came from (or, for a run that
//! belongs to no single difference, in the whole comparison, bounded) and returns every site:
//! a rule must find its evidence at each of them, since it cannot tell which one it is judging.

use whydiff_analyzers::Value;

use crate::classify::tokens::{self, TokenChange};
use crate::classify::Context;
use crate::difference::{Observed, ObservedKind};

/// Where a changed run sits on one pair of lines of a difference: the text of the line before
/// and after it, left then right.
///
/// The word diff isolates what changed, so a version usually reaches the token rules without
/// the name before it (`Generator: bdist_wheel (0.41.3)` gives the run `(0.41.3)`). The rules that
/// need the words next to a run find the run again in the differences it came from. The same run
/// can come from several differences and a rule cannot tell which one it is judging, so its
/// evidence must hold at every site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSite<'a> {
    /// The line's text before the run: left, right.
    pub before: [&'a str; 2],
    /// The line's text after the run: left, right.
    pub after: [&'a str; 2],
}

/// Site pairs examined per difference before giving up (a run of one common word in big texts).
const MAX_SITE_PAIRS: usize = 10_000;
/// Sites returned at most: more and the run is too common to judge by its neighbours.
const MAX_SITES: usize = 256;
/// Differences of a comparison searched for a run at most. The search is linear and made once
/// per run judged, so a comparison with more differences than this is not searched at all (its
/// runs are then judged as if their neighbours were unknown): that bounds the work to this many
/// steps per run, whatever the size of the inputs.
const MAX_SEARCHED: usize = 4096;

/// Where a run was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunSites<'a> {
    /// At these sites, and wherever it occurs a site was placed.
    Found(Vec<RunSite<'a>>),
    /// In no difference of the comparison (a run made by pairing strings of two differences, or
    /// a run judged alone).
    NotFound,
    /// Somewhere, but not every site could be placed, or there were too many to examine.
    Unknown,
    /// In raw bytes shown as hex — a changed byte range of a binary outside any printable
    /// string, a field of raw bytes — rather than in text: such a run is data, whose hex digits
    /// say nothing of where they came from (an ELF build-id is a digest, not a random token).
    RawBytes,
}

impl<'a> RunSites<'a> {
    /// The sites, when they are all known.
    pub fn found(&self) -> Option<&[RunSite<'a>]> {
        match self {
            RunSites::Found(sites) => Some(sites),
            _ => None,
        }
    }
}

/// Every site of `change` in the comparison's text differences.
///
/// A site pairs a left line where the run's left side stands as whole words with a right line
/// where its right side does, preceded by the same word (or both at the line start): the word
/// before a changed run is unchanged, so every real site is among them. A pairing that is not the
/// real one only adds a site, so a rule that needs its evidence at every site stays sound.
pub fn run_sites<'a>(change: TokenChange<'a>, context: &Context<'a>) -> RunSites<'a> {
    let (left, right) = (change.left, change.right);
    if left.contains('\n') || right.contains('\n') || (left.is_empty() && right.is_empty()) {
        return RunSites::Unknown;
    }
    // A run from one difference is read there; only a run that belongs to no single difference
    // is searched for in the whole comparison.
    let searched = change.neighbourhood(context);
    if searched.len() > MAX_SEARCHED {
        return RunSites::Unknown;
    }
    let mut sites = Vec::new();
    for difference in searched {
        if is_byte_dump(difference) {
            let dumped = |text: Option<&str>, run: &str| text.is_some_and(|t| t.trim() == run);
            if dumped(difference.left.as_deref(), left)
                && dumped(difference.right.as_deref(), right)
            {
                return RunSites::RawBytes;
            }
            continue;
        }
        let Some((text_left, text_right)) = tokens::text_sides(difference) else {
            continue;
        };
        // A run judged in the difference it came from is one of its runs: no need to diff again.
        let is_source = change
            .source
            .is_some_and(|source| std::ptr::eq(source, difference));
        if !is_source && !tokens::holds_run(difference, left, right) {
            continue;
        }
        match sites_in(text_left, text_right, left, right) {
            Some(found) if !found.is_empty() && sites.len() + found.len() <= MAX_SITES => {
                sites.extend(found)
            }
            _ => return RunSites::Unknown,
        }
    }
    if sites.is_empty() {
        RunSites::NotFound
    } else {
        RunSites::Found(sites)
    }
}

/// Whether a difference shows raw bytes as hex.
fn is_byte_dump(difference: &Observed) -> bool {
    match &difference.kind {
        ObservedKind::Bytes => {
            difference.location.as_deref() != Some("strings")
                && !difference
                    .left
                    .as_deref()
                    .is_some_and(|l| l.starts_with('"'))
        }
        ObservedKind::Field { left, right, .. } => [left, right]
            .iter()
            .any(|value| matches!(value, Some(Value::Bytes(_)))),
        _ => false,
    }
}

/// The sites of the run in one difference; `None` when there are too many to examine.
fn sites_in<'a>(
    text_left: &'a str,
    text_right: &'a str,
    left: &str,
    right: &str,
) -> Option<Vec<RunSite<'a>>> {
    let lefts = placements(text_left, left);
    let rights = placements(text_right, right);
    if lefts.len().saturating_mul(rights.len()) > MAX_SITE_PAIRS {
        return None;
    }
    let one_side_empty = left.is_empty() || right.is_empty();
    let mut sites = Vec::new();
    for &(line_left, at_left) in &lefts {
        for &(line_right, at_right) in &rights {
            let site = RunSite {
                before: [&line_left[..at_left], &line_right[..at_right]],
                after: [
                    &line_left[at_left + left.len()..],
                    &line_right[at_right + right.len()..],
                ],
            };
            let same_before = last_word(site.before[0]) == last_word(site.before[1]);
            let first_word = |text: &str| text.split_whitespace().next().map(str::to_owned);
            let same_after =
                !one_side_empty || first_word(site.after[0]) == first_word(site.after[1]);
            if same_before && same_after {
                sites.push(site);
            }
        }
    }
    Some(sites)
}

/// Where `words` stand as whole words in the lines of `text`: (line, byte offset). An empty run
/// stands at every word boundary.
fn placements<'a>(text: &'a str, words: &str) -> Vec<(&'a str, usize)> {
    let mut found = Vec::new();
    for line in text.lines() {
        let starts: Vec<usize> = if words.is_empty() {
            (0..=line.len())
                .filter(|&at| line.is_char_boundary(at))
                .collect()
        } else {
            line.match_indices(words).map(|(at, _)| at).collect()
        };
        for at in starts {
            let end = at + words.len();
            let starts_word = at == 0 || line[..at].ends_with(char::is_whitespace);
            let ends_word = end == line.len() || line[end..].starts_with(char::is_whitespace);
            let boundary = if words.is_empty() {
                // Once per gap between words: where the next word (or the line end) starts.
                starts_word && (end == line.len() || !ends_word)
            } else {
                starts_word && ends_word
            };
            if boundary {
                found.push((line, at));
            }
        }
    }
    found
}

/// The last whitespace-separated word of `text`.
fn last_word(text: &str) -> Option<&str> {
    text.split_whitespace().next_back()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::tokens::testing::hunk;
    use crate::classify::KnownValues;

    #[test]
    fn sites_pair_lines_by_the_word_before_the_run() {
        let all = [hunk(
            "f.txt",
            "cpus: 8\nmake: make -j8\nx = 8\n",
            "cpus: 16\nmake: make -j16\nx = 16\n",
        )];
        let known = KnownValues::default();
        let context = Context::new(&all, &known);
        let sites = run_sites(TokenChange::new("8", "16"), &context);
        let befores: Vec<[&str; 2]> = sites.found().unwrap().iter().map(|s| s.before).collect();
        assert_eq!(befores, [["cpus: ", "cpus: "], ["x = ", "x = "]]);
        assert_eq!(
            run_sites(TokenChange::new("9", "16"), &context),
            RunSites::NotFound
        );
        let uname = [hunk(
            "f",
            "#1 SMP PREEMPT_DYNAMIC Debian\n",
            "#1 SMP Debian\n",
        )];
        let removed = run_sites(
            TokenChange::new("PREEMPT_DYNAMIC", ""),
            &Context::new(&uname, &known),
        );
        let removed = removed.found().unwrap();
        assert_eq!(removed.len(), 1, "{removed:?}");
        assert_eq!(removed[0].before, ["#1 SMP ", "#1 SMP "]);
    }
}
