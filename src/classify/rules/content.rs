//! The fallback: what no rule explains is content, with a cause that says what kind of change.

use crate::classify::{Cause, Verdict};
use crate::difference::{Observed, ObservedKind};

/// The content verdict for a difference no rule claimed.
pub fn fallback(difference: &Observed) -> Verdict {
    let (cause, evidence) = match &difference.kind {
        ObservedKind::MemberAdded => (Cause::MemberAdded, "present in the right build only"),
        ObservedKind::MemberRemoved => (Cause::MemberRemoved, "present in the left build only"),
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
