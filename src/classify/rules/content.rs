//! The fallback: what no rule explains is content, with a cause that says what kind of change —
//! and, when a rule recognized the shape of a cause without evidence that the build produced
//! the value, that cause as a hint.

use crate::classify::{Cause, Support, Verdict};
use crate::difference::{Observed, ObservedKind};

/// The content verdict for a difference no rule claimed.
pub fn fallback(difference: &Observed) -> Verdict {
    let (cause, evidence) = match &difference.kind {
        ObservedKind::MemberAdded => (Cause::MemberAdded, "present in the right build only"),
        ObservedKind::MemberRemoved => (Cause::MemberRemoved, "present in the left build only"),
        ObservedKind::MemberMoved => (
            Cause::MemberMoved,
            "the same bytes under another directory: the member moved",
        ),
        ObservedKind::FormatChanged => {
            (Cause::FormatChanged, "the two sides are different formats")
        }
        ObservedKind::TextHunk { .. } | ObservedKind::Bytes => {
            (Cause::ChangedContent, "no rule explains this change")
        }
        ObservedKind::LineOrder { .. } => (
            Cause::ChangedContent,
            "the same lines in another order, which no rule explains",
        ),
        ObservedKind::Unreadable => (Cause::Unreadable, "the data could not be read on one side"),
        ObservedKind::Unexplained => (
            Cause::Unexplained,
            "the bytes differ but no field or content of the format does",
        ),
        ObservedKind::MemberOrder { .. }
        | ObservedKind::Field { .. }
        | ObservedKind::Distribution { .. } => (Cause::ChangedField, "no rule explains this field"),
    };
    Verdict::new(cause, evidence)
}

/// The content verdict `fallback` carrying `hint`, a cause recognized by shape alone: the
/// difference stays content, and the reader learns what it looks like and how to confirm it.
pub fn looks_like(fallback: Verdict, hint: Verdict) -> Verdict {
    debug_assert_eq!(hint.support, Support::Shape);
    Verdict {
        evidence: format!(
            "{}; it looks like {} ({}), but nothing shows the build produced it",
            fallback.evidence,
            hint.cause.id(),
            hint.evidence
        ),
        looks_like: Some(hint.cause),
        ..fallback
    }
}
