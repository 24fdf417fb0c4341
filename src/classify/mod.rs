//! The classifier: turns observed differences into root causes and folds consequences under them.
//!
//! Classification is a pipeline. Root rules ([`rules::ROOT_RULES`]) are tried in order on every
//! difference that is not a derived field; the first that explains it wins, and what none explains
//! is `content`. Then [`rules::derived`] links every checksum, size and offset to the root
//! differences it follows from. Rules only claim what their evidence supports: when unsure, content.

mod cause;
pub mod rules;

pub use cause::{Category, Cause};

use crate::difference::{Difference, Observed, ObservedKind};
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

/// What rules may consult besides the difference itself: every difference of the comparison.
pub struct Context<'a> {
    /// All observed differences, sorted.
    pub all: &'a [Observed],
}

/// One classification rule for root differences.
pub trait Rule: Sync {
    /// A short name, for debugging and documentation.
    fn name(&self) -> &'static str;
    /// The verdict, when the rule's evidence holds for this difference.
    fn explain(&self, difference: &Observed, context: &Context<'_>) -> Option<Verdict>;
}

/// Sorts, numbers and classifies every observed difference.
pub fn classify(mut observed: Vec<Observed>) -> Vec<Difference> {
    observed.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let context = Context { all: &observed };
    let mut differences: Vec<Difference> = observed
        .iter()
        .enumerate()
        .map(|(id, difference)| {
            let verdict = if is_derived_field(difference) {
                // Provisional: the derived pass decides once every root is known.
                Verdict::new(Cause::ChangedField, "")
            } else {
                explain_root(difference, &context)
            };
            Difference {
                id,
                observed: difference.clone(),
                category: verdict.cause.category(),
                cause: verdict.cause,
                evidence: verdict.evidence,
                derived_from: Vec::new(),
            }
        })
        .collect();
    rules::derived::link(&mut differences);
    differences
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

fn explain_root(difference: &Observed, context: &Context<'_>) -> Verdict {
    rules::ROOT_RULES
        .iter()
        .find_map(|rule| rule.explain(difference, context))
        .unwrap_or_else(|| rules::content::fallback(difference))
}
