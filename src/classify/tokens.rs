//! Explaining changed text token by token.
//!
//! A text hunk, a free-text field or a string inside a binary differs in a few runs of words
//! ("2015-01-05" → "2016-02-01", "/tmp/a/src" → "/tmp/b/src"). Each run is offered to the token
//! rules in order; the difference is claimed only when **every** run is explained — one code
//! change among timestamps keeps the whole hunk `content` — and when its runs have several causes
//! it is split into one difference per cause. A run whose verdict rests on its shape alone (it
//! looks like a time, with nothing showing the build wrote it) is not explained: the difference
//! stays `content`, with that cause as a hint.

use super::{rules, Context, Verdict};
use crate::difference::{Observed, ObservedKind};
use crate::engine::word_changes;

/// One changed run of words: what the left build has where the right has something else.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenChange<'a> {
    /// The left run (empty when the right inserted words).
    pub left: &'a str,
    /// The right run (empty when the right removed words).
    pub right: &'a str,
    /// The difference the run was found in, when it comes from one (not from pairing strings of
    /// two differences): rules that read the words around a run look there.
    pub source: Option<&'a Observed>,
}

impl<'a> TokenChange<'a> {
    /// A run judged on its own, with no difference to read its surroundings from.
    pub fn new(left: &'a str, right: &'a str) -> Self {
        TokenChange {
            left,
            right,
            source: None,
        }
    }

    /// Where the words around the run can be read: the difference it was found in, or, for a
    /// run that belongs to no single difference, every difference of the comparison (which rules
    /// must then search, bounded).
    pub fn neighbourhood(&self, context: &Context<'a>) -> &'a [Observed] {
        match self.source {
            Some(source) => std::slice::from_ref(source),
            None => context.all,
        }
    }
}

/// A rule that explains one changed run of words.
pub trait TokenRule: Sync {
    /// A short name, for debugging and documentation.
    fn name(&self) -> &'static str;
    /// The verdict, when the rule's evidence holds for the whole run on both sides.
    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict>;
}

/// Token rules, strongest evidence first: declared values, then values a known producer computes
/// (shiv's build_id), then learned build paths, then the rules that recognize a kind of token by
/// its shape.
pub static TOKEN_RULES: &[&dyn TokenRule] = &[
    &rules::known_values::KnownValuesRule,
    &rules::shiv::ShivBuildIdRule,
    &rules::build_path::BuildPathRule,
    &rules::timestamp_token::TimestampTokenRule,
    &rules::locale_date::LocaleDateRule,
    &rules::version_token::VersionTokenRule,
    &rules::environment::EnvironmentTokenRule,
    &rules::user_at_host::UserAtHostRule,
    &rules::randomness::RandomTokenRule,
    &rules::token_order::TokenOrderRule,
];

/// What the token rules make of a difference.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every run is explained: the verdicts, one per cause (the difference split by cause when
    /// its runs have several).
    Claimed(Vec<(Observed, Verdict)>),
    /// Every run was recognized, but some only by shape: the first such verdict, a hint.
    LooksLike(Verdict),
    /// Not text, or some run no rule recognizes.
    Unexplained,
}

impl Outcome {
    /// The verdicts, when every run is explained.
    pub fn claimed(self) -> Option<Vec<(Observed, Verdict)>> {
        match self {
            Outcome::Claimed(parts) => Some(parts),
            _ => None,
        }
    }
}

/// The verdicts for a difference in changed text, split by cause.
pub fn explain(difference: &Observed, context: &Context<'_>) -> Outcome {
    let changes = match changed_runs(difference) {
        Some(changes) => changes,
        None => match moved_string_runs(difference, context) {
            Some(changes) => changes,
            None => return Outcome::Unexplained,
        },
    };
    let mut groups: Vec<(Verdict, Vec<(String, String)>)> = Vec::new();
    let mut hint = None;
    for (left, right) in changes {
        let change = TokenChange {
            left: &left,
            right: &right,
            source: Some(difference),
        };
        let Some(verdict) = explain_run(change, context) else {
            return Outcome::Unexplained;
        };
        if !verdict.is_proven() {
            hint.get_or_insert(verdict);
            continue;
        }
        match groups.iter_mut().find(|(v, _)| v.cause == verdict.cause) {
            Some((_, runs)) => runs.push((left, right)),
            None => groups.push((verdict, vec![(left, right)])),
        }
    }
    if let Some(hint) = hint {
        return Outcome::LooksLike(hint);
    }
    if groups.len() == 1 {
        let (verdict, _) = groups.pop().expect("one group");
        return Outcome::Claimed(vec![(difference.clone(), verdict)]);
    }
    if groups.is_empty() {
        return Outcome::Unexplained;
    }
    Outcome::Claimed(
        groups
            .into_iter()
            .map(|(verdict, runs)| (part(difference, runs), verdict))
            .collect(),
    )
}

/// The first verdict that shows the build produced the run, in rule order; otherwise the first
/// that recognizes its shape.
fn explain_run(change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
    let mut hint = None;
    for rule in TOKEN_RULES {
        match rule.explain(change, context) {
            Some(verdict) if verdict.is_proven() => return Some(verdict),
            Some(verdict) => {
                hint.get_or_insert(verdict);
            }
            None => {}
        }
    }
    hint
}

/// Candidate pairs examined when matching strings that moved inside a binary.
const MAX_MOVED_PAIRS: usize = 20_000;

/// A binary's string that one side lost while the other gained another string elsewhere in the
/// same member (a string table sorted by content puts `/tmp/a` and `/var/b` far apart): each lost
/// or gained string is paired with the first string of the other side that a token rule explains
/// it against. `None` unless every string of this difference finds such a partner.
fn moved_string_runs(
    difference: &Observed,
    context: &Context<'_>,
) -> Option<Vec<(String, String)>> {
    if difference.kind != ObservedKind::Bytes || difference.location.as_deref() != Some("strings") {
        return None;
    }
    let (mine, left_side) = match (&difference.left, &difference.right) {
        (Some(left), None) => (left, true),
        (None, Some(right)) => (right, false),
        _ => return None,
    };
    let start = context.all.partition_point(|d| d.path < difference.path);
    let others: Vec<&str> = context.all[start..]
        .iter()
        .take_while(|d| d.path == difference.path)
        .filter(|d| d.kind == ObservedKind::Bytes && d.location.as_deref() == Some("strings"))
        .filter_map(|d| {
            if left_side {
                d.right.as_deref()
            } else {
                d.left.as_deref()
            }
        })
        .flat_map(str::lines)
        .collect();
    let mine: Vec<&str> = mine.lines().collect();
    if mine.len().saturating_mul(others.len()) > MAX_MOVED_PAIRS {
        return None;
    }
    mine.iter()
        .map(|line| {
            others.iter().find_map(|other| {
                let (left, right) = if left_side {
                    (*line, *other)
                } else {
                    (*other, *line)
                };
                explain_run(TokenChange::new(left, right), context)
                    .filter(Verdict::is_proven)
                    .map(|_| (left.to_owned(), right.to_owned()))
            })
        })
        .collect()
}

/// The changed runs of a text difference, or `None` for anything else.
fn changed_runs(difference: &Observed) -> Option<Vec<(String, String)>> {
    let runs = match &difference.kind {
        ObservedKind::TextHunk { changes } => changes.clone(),
        _ => {
            let (left, right) = text_sides(difference)?;
            word_changes(left, right)
        }
    };
    (!runs.is_empty()).then_some(runs)
}

/// Both sides of a difference the token rules read: a text hunk, a free-text field, or a string
/// found in a binary (without the quotes it is shown in). `None` for anything else, or when a
/// side is absent.
pub fn text_sides(difference: &Observed) -> Option<(&str, &str)> {
    let (left, right) = (difference.left.as_deref()?, difference.right.as_deref()?);
    match &difference.kind {
        ObservedKind::TextHunk { .. } => Some((left, right)),
        ObservedKind::Field { kind, .. } if kind.is_textual() => Some((left, right)),
        ObservedKind::Bytes => Some((unquote(left), unquote(right))),
        _ => None,
    }
}

/// Whether `difference` holds the changed run `left` → `right` among its runs.
pub fn holds_run(difference: &Observed, left: &str, right: &str) -> bool {
    let is_the_run = |(l, r): &(String, String)| l == left && r == right;
    match &difference.kind {
        ObservedKind::TextHunk { changes } => changes.iter().any(is_the_run),
        _ => text_sides(difference).is_some_and(|(text_left, text_right)| {
            text_left.contains(left)
                && text_right.contains(right)
                && word_changes(text_left, text_right).iter().any(is_the_run)
        }),
    }
}

/// A byte range shown as a string is quoted; the quotes are not part of the tokens.
fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
}

/// The part of `difference` made of `runs`: the runs become its sides.
fn part(difference: &Observed, runs: Vec<(String, String)>) -> Observed {
    let join =
        |pick: fn(&(String, String)) -> &str| runs.iter().map(pick).collect::<Vec<_>>().join(" … ");
    let (left, right) = (join(|r| &r.0), join(|r| &r.1));
    let kind = match &difference.kind {
        ObservedKind::TextHunk { .. } => ObservedKind::TextHunk { changes: runs },
        other => other.clone(),
    };
    Observed {
        kind,
        left: Some(left),
        right: Some(right),
        ..difference.clone()
    }
}

/// Helpers for the token rules' tests: judge runs as the pipeline does, each read in its hunk.
#[cfg(test)]
pub mod testing {
    use super::{TokenChange, TokenRule};
    use crate::classify::{Cause, Context, KnownValues, Verdict};
    use crate::difference::{Observed, ObservedKind};
    use crate::engine::word_changes;

    /// A text hunk of `path` from `left` to `right`, with its changed runs.
    pub fn hunk(path: &str, left: &str, right: &str) -> Observed {
        let changes = word_changes(left, right);
        Observed::content(
            vec![path.into()],
            ObservedKind::TextHunk { changes },
            Some(left.into()),
            Some(right.into()),
        )
    }

    /// `rule`'s cause for every changed run of `left` → `right` in `path`, `None` for a run it
    /// does not claim.
    pub fn judge_runs(
        rule: &dyn TokenRule,
        path: &str,
        left: &str,
        right: &str,
    ) -> Vec<Option<Cause>> {
        let all = [hunk(path, left, right)];
        verdicts_in(rule, &all, 0, &KnownValues::default())
            .into_iter()
            .map(|v| v.map(|v| v.cause))
            .collect()
    }

    /// `rule`'s verdict on every changed run of the text hunk `all[at]`, each judged in it, in a
    /// comparison of `all` with the declared values `known`.
    pub fn verdicts_in(
        rule: &dyn TokenRule,
        all: &[Observed],
        at: usize,
        known: &KnownValues,
    ) -> Vec<Option<Verdict>> {
        let context = Context::new(all, known);
        let source = &all[at];
        let ObservedKind::TextHunk { changes } = &source.kind else {
            panic!("not a text hunk: {source:?}")
        };
        changes
            .iter()
            .map(|(l, r)| {
                let change = TokenChange {
                    left: l,
                    right: r,
                    source: Some(source),
                };
                rule.explain(change, &context)
            })
            .collect()
    }

    /// The causes of the verdicts that show the build produced the run; `None` for the others.
    pub fn proven(verdicts: &[Option<Verdict>]) -> Vec<Option<Cause>> {
        verdicts
            .iter()
            .map(|v| v.as_ref().filter(|v| v.is_proven()).map(|v| v.cause))
            .collect()
    }

    /// `rule`'s cause for a run judged alone, with no difference to read its line in.
    pub fn judge_alone(rule: &dyn TokenRule, left: &str, right: &str) -> Option<Cause> {
        let known = KnownValues::default();
        rule.explain(TokenChange::new(left, right), &Context::new(&[], &known))
            .map(|v| v.cause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Cause, KnownValues};

    fn hunk(changes: &[(&str, &str)]) -> Observed {
        Observed::content(
            vec!["f.txt".into()],
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

    fn known(pairs: &[(&str, &str, &str)]) -> KnownValues {
        let mut known = KnownValues::default();
        for (key, left, right) in pairs {
            known.left.insert(key.to_string(), left.to_string());
            known.right.insert(key.to_string(), right.to_string());
        }
        known
    }

    #[test]
    fn every_run_must_be_explained() {
        let known = known(&[("USER", "alice", "bob")]);
        let context = Context::new(&[], &known);
        let explained = explain(&hunk(&[("alice", "bob")]), &context)
            .claimed()
            .unwrap();
        assert_eq!(explained.len(), 1);
        assert_eq!(explained[0].1.cause, Cause::UserName);
        assert!(explain(
            &hunk(&[("alice", "bob"), ("return 1", "return 2")]),
            &context
        )
        .claimed()
        .is_none());
    }

    #[test]
    fn runs_with_two_causes_split_the_difference() {
        let known = known(&[("USER", "alice", "bob"), ("HOSTNAME", "alpha", "beta")]);
        let context = Context::new(&[], &known);
        let parts = explain(&hunk(&[("alice", "bob"), ("alpha", "beta")]), &context)
            .claimed()
            .unwrap();
        let causes: Vec<_> = parts.iter().map(|(_, v)| v.cause).collect();
        assert_eq!(causes, [Cause::UserName, Cause::HostName]);
        assert_eq!(parts[1].0.left.as_deref(), Some("alpha"));
    }

    #[test]
    fn strings_that_moved_in_a_binary_pair_up() {
        let known = known(&[("build_path", "/tmp/build-a", "/var/tmp/other")]);
        let strings = |left: Option<&str>, right: Option<&str>| Observed {
            location: Some("strings".into()),
            ..Observed::content(
                vec!["lib.so".into()],
                ObservedKind::Bytes,
                left.map(Into::into),
                right.map(Into::into),
            )
        };
        let all = vec![
            strings(Some("/tmp/build-a\n"), None),
            strings(None, Some("/var/tmp/other\n")),
        ];
        let context = Context::new(&all, &known);
        for one_sided in &all {
            let explained = explain(one_sided, &context)
                .claimed()
                .expect("the moved string is explained");
            assert_eq!(explained[0].1.cause, Cause::BuildDirectory);
        }
        let unrelated = vec![
            strings(Some("/tmp/build-a\nreturn 41\n"), None),
            strings(None, Some("/var/tmp/other\n")),
        ];
        let context = Context::new(&unrelated, &known);
        assert!(
            explain(&unrelated[0], &context).claimed().is_none(),
            "a string with no partner keeps it content"
        );
    }

    #[test]
    fn a_run_is_read_in_its_own_difference_however_big_the_comparison() {
        let filler = |i: usize| {
            Observed::content(
                vec![format!("f{i:05}")],
                ObservedKind::MemberAdded,
                None,
                Some("1 bytes".into()),
            )
        };
        let mut all: Vec<Observed> = (0..5000).map(filler).collect();
        let text = |left: &str, right: &str| {
            let changes = crate::engine::word_changes(left, right);
            Observed::content(
                vec!["z/WHEEL".into()],
                ObservedKind::TextHunk { changes },
                Some(left.into()),
                Some(right.into()),
            )
        };
        all.push(text(
            "Generator: bdist_wheel (0.41.3)\n",
            "Generator: bdist_wheel (0.43.0)\n",
        ));
        let known = KnownValues::default();
        let context = Context::new(&all, &known);
        let explained = explain(all.last().unwrap(), &context)
            .claimed()
            .expect("the version beside its tool's name");
        assert_eq!(explained[0].1.cause, Cause::ToolVersion);
    }

    #[test]
    fn non_text_differences_are_not_token_explained() {
        let known = KnownValues::default();
        let context = Context::new(&[], &known);
        let added = Observed::content(
            vec!["x".into()],
            ObservedKind::MemberAdded,
            None,
            Some("1 bytes".into()),
        );
        assert!(explain(&added, &context).claimed().is_none());
    }
}
