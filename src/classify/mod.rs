//! The classifier: turns observed differences into root causes and folds consequences under them.
//!
//! Classification is a pipeline. First, what the whole comparison teaches is learned once into a
//! [`Context`] (the build directories of each side, the values the user said differ). Root rules
//! ([`rules::ROOT_RULES`]) are tried in order on every difference that is not a derived field; the
//! first that explains it wins. Changed text — a hunk, a free-text field, a string in a binary — is
//! explained token by token ([`tokens`]): only when every changed token is explained is the
//! difference claimed, split by cause when its tokens have several. What nothing explains is
//! `content`. Bundled dependencies installed in another version ([`rules::distributions`]) become
//! one difference each before classification, and the files they install are folded under it
//! after. Last, [`rules::derived`] links every checksum, size and offset to the root
//! differences it follows from. Rules only claim what their evidence supports: when unsure, content.

mod cause;
pub mod known;
pub mod rules;
pub mod sites;
pub mod tokens;

pub use cause::{Category, Cause};
pub use known::KnownValues;

use std::collections::HashSet;

use crate::difference::{Difference, Observed, ObservedKind};
use rules::build_path::PrefixPairs;
use whydiff_analyzers::FieldKind;

/// What a rule concluded about one difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The cause (which implies the category).
    pub cause: Cause,
    /// Why, in one sentence a reader can check.
    pub evidence: String,
}

impl Verdict {
    /// A verdict for `cause` with `evidence`.
    pub fn new(cause: Cause, evidence: impl Into<String>) -> Self {
        Verdict {
            cause,
            evidence: evidence.into(),
        }
    }
}

/// What rules may consult besides the difference itself, learned once per comparison.
pub struct Context<'a> {
    /// All observed differences, sorted.
    pub all: &'a [Observed],
    /// Values the user or a build harness said differ on purpose (`--left-value KEY=VALUE`).
    pub known: &'a KnownValues,
    /// Directory prefixes that differ between the two builds, learned from path-shaped tokens.
    pub build_paths: PrefixPairs,
    /// Digests, in the spellings manifests use, of every member whose data changed.
    pub changed_digests: &'a HashSet<String>,
}

impl<'a> Context<'a> {
    /// Learns what the comparison as a whole teaches from `all` (sorted) and `known`.
    pub fn new(all: &'a [Observed], known: &'a KnownValues) -> Self {
        static NONE: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
        let build_paths = rules::build_path::learn(all, known);
        Context {
            all,
            known,
            build_paths,
            changed_digests: NONE.get_or_init(HashSet::new),
        }
    }

    /// The same context, knowing the digests of the members whose data changed.
    pub fn with_changed_digests(self, changed_digests: &'a HashSet<String>) -> Self {
        Context {
            changed_digests,
            ..self
        }
    }
}

/// One classification rule for root differences.
pub trait Rule: Sync {
    /// A short name, for debugging and documentation.
    fn name(&self) -> &'static str;
    /// The verdict, when the rule's evidence holds for this difference.
    fn explain(&self, difference: &Observed, context: &Context<'_>) -> Option<Verdict>;
}

/// Sorts, numbers and classifies every observed difference.
pub fn classify(
    mut observed: Vec<Observed>,
    known: &KnownValues,
    changed_digests: &HashSet<String>,
) -> Vec<Difference> {
    // A bundled dependency in another version is one difference its files follow from.
    let distributions = rules::distributions::synthesize(&observed);
    observed.extend(distributions);
    observed.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let context = Context::new(&observed, known).with_changed_digests(changed_digests);
    let explained: Vec<(Observed, Verdict)> = observed
        .iter()
        .flat_map(|difference| {
            if is_derived_field(difference) {
                // Provisional: the derived pass decides once every root is known.
                vec![(difference.clone(), Verdict::new(Cause::ChangedField, ""))]
            } else {
                explain(difference, &context)
            }
        })
        .collect();
    let mut differences: Vec<Difference> = explained
        .into_iter()
        .enumerate()
        .map(|(id, (observed, verdict))| Difference {
            id,
            observed,
            category: verdict.cause.category(),
            cause: verdict.cause,
            evidence: verdict.evidence,
            derived_from: Vec::new(),
        })
        .collect();
    rules::distributions::link(&mut differences);
    rules::record_rows::link(&mut differences, changed_digests);
    rules::derived::link(&mut differences);
    differences
}

/// The verdict on one root difference, or several when its changed tokens have several causes.
fn explain(difference: &Observed, context: &Context<'_>) -> Vec<(Observed, Verdict)> {
    if let Some(verdict) = rules::ROOT_RULES
        .iter()
        .find_map(|rule| rule.explain(difference, context))
    {
        return vec![(difference.clone(), verdict)];
    }
    if let Some(parts) = tokens::explain(difference, context) {
        return parts;
    }
    vec![(difference.clone(), rules::content::fallback(difference))]
}

fn is_derived_field(difference: &Observed) -> bool {
    matches!(
        difference.kind,
        ObservedKind::Field {
            kind: FieldKind::Derived(_),
            ..
        }
    )
}
