//! Ordering: the same members stored in another sequence. When one side lists them sorted by
//! bytes and the other by a locale's collation, the order comes from the locale
//! ([`super::collation`]): `find | sort | zip -@` under another `LC_ALL`.

use super::collation;
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
        let ObservedKind::MemberOrder {
            left_names,
            right_names,
        } = &difference.kind
        else {
            return None;
        };
        if let Some(byte_sorted) = collation::byte_sorted_side(left_names, right_names) {
            return Some(Verdict::new(
                Cause::CollationOrder,
                collation::evidence("members", byte_sorted),
            ));
        }
        let at = difference.location.as_deref().unwrap_or("some position");
        Some(Verdict::new(
            Cause::MemberOrder,
            format!("the same members in another order, first diverging at {at}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain(left: &str, right: &str) -> Option<Verdict> {
        let known = crate::classify::KnownValues::default();
        let context = Context::new(&[], &known);
        // The tests give each side as the engine's excerpt shows it; the names are those.
        let names = |excerpt: &str| -> Vec<String> {
            excerpt
                .split(", ")
                .filter(|n| *n != "…")
                .map(str::to_owned)
                .collect()
        };
        let kind = ObservedKind::MemberOrder {
            left_names: names(left),
            right_names: names(right),
        };
        let order = Observed::content(vec![], kind, Some(left.into()), Some(right.into()));
        MemberOrderRule.explain(&order, &context)
    }

    #[test]
    fn claims_only_member_order() {
        let known = crate::classify::KnownValues::default();
        let context = Context::new(&[], &known);
        assert_eq!(explain("b, a", "a, b").unwrap().cause, Cause::MemberOrder);
        let added = Observed::content(
            vec![],
            ObservedKind::MemberAdded,
            None,
            Some("1 bytes".into()),
        );
        assert!(MemberOrderRule.explain(&added, &context).is_none());
    }

    #[test]
    fn byte_order_against_locale_order_is_collation() {
        // The excerpts of the corpus pair zip-locale-order (`sort` under C and en_US.UTF-8).
        let found = explain(
            "Beta.txt, Makefile, README, _config.py, …",
            "a_b.txt, ab.txt, aB.txt, alpha.txt, …",
        )
        .unwrap();
        assert_eq!(found.cause, Cause::CollationOrder);
        assert!(found.evidence.contains("left side is sorted by bytes"));
    }

    #[test]
    fn file_list_order_is_member_order() {
        // The excerpts of the corpus pair zip-order: a byte-sorted list against reversed siblings.
        let found = explain(
            "README.md, data/, data/colors.csv, pkg/, …",
            "pkg/, pkg/util/, pkg/util/strings.py, pkg/util/__init__.py, …",
        );
        assert_eq!(found.unwrap().cause, Cause::MemberOrder);
        assert_eq!(
            explain("b.txt, a.txt, c.txt", "c.txt, b.txt, a.txt")
                .unwrap()
                .cause,
            Cause::MemberOrder
        );
    }
}
