//! Ordering: the same members stored in another sequence.

use crate::classify::{Cause, Context, Rule, Verdict};
use crate::difference::{Observed, ObservedKind};

/// Claims member-order differences, which the engine reports only when both sides hold the same
/// shared members in another relative order.
pub struct MemberOrderRule;

impl Rule for MemberOrderRule {
    fn name(&self) -> &'static str {
        "member-order"
    }

    fn explain(&self, difference: &Observed, _context: &Context<'_>) -> Option<Verdict> {
        (difference.kind == ObservedKind::MemberOrder).then(|| {
            let at = difference.location.as_deref().unwrap_or("some position");
            Verdict::new(
                Cause::MemberOrder,
                format!("the same members in another order, first diverging at {at}"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_only_member_order() {
        let known = crate::classify::KnownValues::default();
        let context = Context::new(&[], &known);
        let order = Observed::content(
            vec![],
            ObservedKind::MemberOrder,
            Some("b, a".into()),
            Some("a, b".into()),
        );
        assert_eq!(
            MemberOrderRule.explain(&order, &context).unwrap().cause,
            Cause::MemberOrder
        );
        let added = Observed::content(
            vec![],
            ObservedKind::MemberAdded,
            None,
            Some("1 bytes".into()),
        );
        assert!(MemberOrderRule.explain(&added, &context).is_none());
    }
}
