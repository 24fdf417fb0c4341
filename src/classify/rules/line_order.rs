//! Ordering of lines: a text whose two builds hold the same lines in another sequence (the engine
//! reports it as one [`ObservedKind::LineOrder`] difference; lines that are the items of a list,
//! one per line, count as the same once their trailing separators are set aside, since the
//! separator-less last item moves too) was written by iterating a set, a hash table, a directory
//! listing or parallel results. When one side is sorted by bytes and the
//! other by a locale's collation, the order comes from the locale instead ([`super::collation`]).

use super::collation::{self, Side};
use crate::classify::{Cause, Context, Rule, Verdict};
use crate::difference::{Observed, ObservedKind};

/// Claims line-order differences: as a collation order when the sort orders show it, as a plain
/// line order when one side is sorted or at least [`MIN_UNSORTED_LINES`] lines moved. Statements
/// of source code swapped are a genuine change, so in source files only a span of at least
/// [`MIN_UNSORTED_LINES`] lines that one side sorted is claimed.
pub struct LineOrderRule;

/// The fewest reordered lines claimed as an ordering when neither side is sorted.
pub const MIN_UNSORTED_LINES: usize = 3;

/// Extensions of source code, where the order of lines is meaning rather than iteration order.
const SOURCE_EXTENSIONS: &[&str] = &[
    "py", "pyx", "pyi", "c", "h", "cc", "cpp", "cxx", "hpp", "rs", "go", "java", "js", "ts", "rb",
    "pl", "sh", "swift", "kt", "cs", "m", "mm", "f", "f90", "lua", "php", "scala",
];

fn is_source_code(path: &[String]) -> bool {
    let name = path.last().map(String::as_str).unwrap_or("");
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| SOURCE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

impl Rule for LineOrderRule {
    fn name(&self) -> &'static str {
        "line-order"
    }

    fn explain(&self, difference: &Observed, _context: &Context<'_>) -> Option<Verdict> {
        let ObservedKind::LineOrder {
            left_lines,
            right_lines,
        } = &difference.kind
        else {
            return None;
        };
        if let Some(byte_sorted) = collation::byte_sorted_side(left_lines, right_lines) {
            return Some(Verdict::new(
                Cause::CollationOrder,
                collation::evidence("lines", byte_sorted),
            ));
        }
        let one_side_sorted = [left_lines, right_lines]
            .iter()
            .any(|lines| collation::is_byte_sorted(lines) || collation::is_collation_sorted(lines));
        let enough_lines = left_lines.len() >= MIN_UNSORTED_LINES;
        // In source code, two swapped lines are sorted on one side half of the time by chance:
        // only a longer span that one side sorted (a generated list) is claimed there.
        let claimed = if is_source_code(&difference.path) {
            one_side_sorted && enough_lines
        } else {
            one_side_sorted || enough_lines
        };
        if !claimed {
            return None;
        }
        let at = difference.location.as_deref().unwrap_or("some line");
        Some(Verdict::new(
            Cause::LineOrder,
            format!(
                "the same lines in another order from {at}; {}",
                sort_orders(left_lines, right_lines)
            ),
        ))
    }
}

/// How each side is ordered, in words: a reader learns whether one build sorted and the other did
/// not, or neither did.
fn sort_orders(left: &[String], right: &[String]) -> String {
    let order = |lines: &[String]| {
        if collation::is_byte_sorted(lines) {
            "sorted by bytes"
        } else if collation::is_collation_sorted(lines) {
            "sorted by collation"
        } else {
            "unsorted"
        }
    };
    let (left_order, right_order) = (order(left), order(right));
    if left_order == "unsorted" && right_order == "unsorted" {
        return "neither side is sorted (hash, directory or completion order)".to_owned();
    }
    let side = |side: Side, order: &str| format!("the {} side is {order}", side.name());
    format!(
        "{}, {}",
        side(Side::Left, left_order),
        side(Side::Right, right_order)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::KnownValues;

    fn order(left: &[&str], right: &[&str]) -> Observed {
        let lines = |side: &[&str]| side.iter().map(|s| s.to_string()).collect();
        Observed {
            location: Some("line 1 of 3".into()),
            ..Observed::content(
                vec!["MANIFEST".into()],
                ObservedKind::LineOrder {
                    left_lines: lines(left),
                    right_lines: lines(right),
                },
                Some(left.join("\n")),
                Some(right.join("\n")),
            )
        }
    }

    fn verdict(left: &[&str], right: &[&str]) -> Option<Verdict> {
        let known = KnownValues::default();
        let context = Context::new(&[], &known);
        LineOrderRule.explain(&order(left, right), &context)
    }

    #[test]
    fn byte_order_against_locale_order_is_collation() {
        let c_locale = ["Makefile", "README", "_config.py", "alpha.txt"];
        let en_us = ["alpha.txt", "_config.py", "Makefile", "README"];
        let found = verdict(&c_locale, &en_us).unwrap();
        assert_eq!(found.cause, Cause::CollationOrder);
        assert!(
            found.evidence.contains("left side is sorted by bytes"),
            "{}",
            found.evidence
        );
        assert_eq!(
            verdict(&en_us, &c_locale).unwrap().cause,
            Cause::CollationOrder
        );
    }

    #[test]
    fn hash_order_is_plain_line_order() {
        let found = verdict(&["echo", "hotel", "alpha"], &["alpha", "echo", "hotel"]).unwrap();
        assert_eq!(found.cause, Cause::LineOrder);
        assert!(
            found
                .evidence
                .contains("the left side is unsorted, the right side is sorted by bytes"),
            "{}",
            found.evidence
        );
        let found = verdict(&["echo", "hotel", "alpha"], &["hotel", "alpha", "echo"]).unwrap();
        assert_eq!(found.cause, Cause::LineOrder);
        assert!(found.evidence.contains("neither side is sorted"));
    }

    #[test]
    fn list_items_in_hash_order_are_line_order() {
        // json.dumps(list(a_set), indent=2): the last item carries no comma on either side.
        let found = verdict(
            &[
                "  \"metrics\",",
                "  \"upload\",",
                "  \"cache\",",
                "  \"storage\"",
            ],
            &[
                "  \"storage\",",
                "  \"cache\",",
                "  \"metrics\",",
                "  \"upload\"",
            ],
        )
        .unwrap();
        assert_eq!(found.cause, Cause::LineOrder);
        assert!(found.evidence.contains("neither side is sorted"));
    }

    #[test]
    fn a_sorted_side_against_an_unsorted_one_is_not_collation() {
        // Sorted by bytes on the left; on the right an order no locale gives.
        let found = verdict(
            &["Makefile", "README", "_config.py", "alpha.txt"],
            &["README", "alpha.txt", "Makefile", "_config.py"],
        );
        assert_eq!(found.unwrap().cause, Cause::LineOrder);
    }

    #[test]
    fn only_line_order_is_claimed() {
        let known = KnownValues::default();
        let context = Context::new(&[], &known);
        let hunk = Observed::content(
            vec!["f".into()],
            ObservedKind::TextHunk { changes: vec![] },
            Some("b\na\n".into()),
            Some("a\nb\n".into()),
        );
        assert!(LineOrderRule.explain(&hunk, &context).is_none());
    }

    #[test]
    fn swapped_statements_in_source_code_stay_content() {
        let known = KnownValues::default();
        let context = Context::new(&[], &known);
        let mut swapped = order(
            &["total = 0", "count = 1", "apply()"],
            &["count = 1", "total = 0", "apply()"],
        );
        swapped.path = vec!["pkg.whl".into(), "pkg/core.py".into()];
        assert!(LineOrderRule.explain(&swapped, &context).is_none());
        let mut two = order(&["b", "a"], &["a", "c"]);
        two.kind = ObservedKind::LineOrder {
            left_lines: vec!["y".into(), "x".into()],
            right_lines: vec!["x".into(), "y".into()],
        };
        // Two lines, one side sorted: a sorter ran on one side only.
        assert_eq!(
            LineOrderRule.explain(&two, &context).unwrap().cause,
            Cause::LineOrder
        );
        two.kind = ObservedKind::LineOrder {
            left_lines: vec!["y".into(), "x".into()],
            right_lines: vec!["x".into(), "y".into()],
        };
        two.path = vec!["a.py".into()];
        assert!(
            LineOrderRule.explain(&two, &context).is_none(),
            "two swapped lines of a .py: sorted on one side by chance"
        );
        two.kind = ObservedKind::LineOrder {
            left_lines: vec!["c".into(), "a".into(), "b".into()],
            right_lines: vec!["a".into(), "b".into(), "c".into()],
        };
        assert_eq!(
            LineOrderRule.explain(&two, &context).unwrap().cause,
            Cause::LineOrder,
            "three lines sorted on one side: a generated list, even in a .py"
        );
    }
}
