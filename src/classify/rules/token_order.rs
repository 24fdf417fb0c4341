//! Ordering of list items inside a line: `['b', 'a', 'c']` → `['a', 'b', 'c']`, `x, y` → `y, x`,
//! `PATH=/usr/bin:/bin:/sbin` → `PATH=/bin:/usr/bin:/sbin`, `-O2 -g -Wall` → `-Wall -O2 -g`. A
//! writer that iterates a set or a hash table lists the same items in another order. (The engine
//! hands over words that moved within a line as one run, see [`crate::engine::word_changes`].)
//!
//! A run is a reordered list only when both sides parse as the same list shape — the same opening
//! (`[`, `{`, a `NAME=` assignment), the same separators in the same places, the same closing —
//! around the same items, each as many times, in another sequence. Guards against calling a real
//! change an order:
//! - items must be names: each has a letter or digit, none is a number, a date, a version or an
//!   address (`10 height 20` → `20 height 10` swaps values; `12:34` → `34:12` is a time);
//! - parentheses are not list brackets: `(a, b)` → `(b, a)` swaps the arguments of a call or the
//!   fields of a tuple, where position is meaning;
//! - a list separated only by spaces or by `:` needs three items (`cp a b` → `cp b a`, `a:b` →
//!   `b:a` swap positional arguments or a mapping), one separated by `,` or `;` two;
//! - in a list separated only by spaces every item must have moved: `form or name` → `name or
//!   form` is a sentence rewritten around a word that kept its place;
//! - one item changed as well as reordered, or different separators, is not an order.
//!
//! When one side's items are sorted by bytes and the other's by a locale's collation, the order is
//! the locale's ([`super::collation`]).

use super::collation;
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Cause, Context, Verdict};

/// Explains runs that are the same list items in another order.
pub struct TokenOrderRule;

impl TokenRule for TokenOrderRule {
    fn name(&self) -> &'static str {
        "token-order"
    }

    fn explain(&self, change: TokenChange<'_>, _context: &Context<'_>) -> Option<Verdict> {
        let (left, right) = (List::parse(change.left)?, List::parse(change.right)?);
        if !left.is_reordering_of(&right) {
            return None;
        }
        let (left_items, right_items) = (left.unquoted_items(), right.unquoted_items());
        if let Some(byte_sorted) = collation::byte_sorted_side(&left_items, &right_items) {
            return Some(Verdict::new(
                Cause::CollationOrder,
                collation::evidence("list items", byte_sorted),
            ));
        }
        Some(Verdict::new(
            Cause::ListOrder,
            format!("the same {} list items in another order", left.items.len()),
        ))
    }
}

/// A run of text read as a list: an opening, items between separators, a closing.
#[derive(Debug, PartialEq, Eq)]
struct List<'a> {
    /// A `NAME=` assignment and list brackets before the first item (`PATH=`, `[`, `{`).
    opening: &'a str,
    /// The items, in order.
    items: Vec<&'a str>,
    /// The separators: one before the first item (usually empty), one between each two items,
    /// one after the last (`,` in `'b', 'a',`).
    separators: Vec<&'a str>,
    /// List brackets after the last item.
    closing: &'a str,
}

impl<'a> List<'a> {
    /// Reads `text` as a list of at least two name-like items; `None` for anything else.
    fn parse(text: &'a str) -> Option<List<'a>> {
        let assignment = assignment_prefix(text);
        let brackets =
            text[assignment..].len() - text[assignment..].trim_start_matches(is_list_bracket).len();
        let (opening, rest) = text.split_at(assignment + brackets);
        let body = rest.trim_end_matches(is_list_bracket);
        let closing = &rest[body.len()..];
        let (items, separators) = split_items(body);
        let list = List {
            opening,
            items,
            separators,
            closing,
        };
        (list.items.len() >= list.min_items() && list.items.iter().all(|item| is_name(item)))
            .then_some(list)
    }

    /// Items a list of this shape needs before it is taken for a list rather than positions.
    fn min_items(&self) -> usize {
        let explicit = self
            .separators
            .iter()
            .any(|separator| separator.contains([',', ';']));
        if explicit {
            2
        } else {
            3
        }
    }

    /// Whether only white space separates the items.
    fn is_spaced_only(&self) -> bool {
        self.separators
            .iter()
            .all(|separator| separator.chars().all(char::is_whitespace))
    }

    /// Whether `other` has this list's shape and items, in another sequence. Words separated only
    /// by spaces must all have moved: a word that keeps its place while the words around it swap
    /// is a sentence (`form or name` → `name or form`), not a list.
    fn is_reordering_of(&self, other: &List<'_>) -> bool {
        if (self.opening, &self.separators, self.closing)
            != (other.opening, &other.separators, other.closing)
            || self.items == other.items
        {
            return false;
        }
        let kept_in_place = || self.items.iter().zip(&other.items).any(|(a, b)| a == b);
        if self.is_spaced_only() && kept_in_place() {
            return false;
        }
        let (mut mine, mut theirs) = (self.items.clone(), other.items.clone());
        mine.sort_unstable();
        theirs.sort_unstable();
        mine == theirs
    }

    /// The items without the quotes around them, as they would be sorted.
    fn unquoted_items(&self) -> Vec<&'a str> {
        self.items.iter().map(|item| unquote(item)).collect()
    }
}

/// The length of a leading `NAME=` (`PATH=`, `CFLAGS=`), or 0.
fn assignment_prefix(text: &str) -> usize {
    let name = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let starts_as_name = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if starts_as_name && text[name..].starts_with('=') {
        name + 1
    } else {
        0
    }
}

/// Brackets of list and set literals. Parentheses are not: they hold positional arguments.
fn is_list_bracket(c: char) -> bool {
    matches!(c, '[' | ']' | '{' | '}')
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':')
}

/// The items of `body` and the separators around them (one more separator than items).
fn split_items(body: &str) -> (Vec<&str>, Vec<&str>) {
    let (mut items, mut separators) = (Vec::new(), Vec::new());
    let mut rest = body;
    loop {
        let separator = rest.len() - rest.trim_start_matches(is_separator).len();
        separators.push(&rest[..separator]);
        rest = &rest[separator..];
        if rest.is_empty() {
            return (items, separators);
        }
        let item = rest.find(is_separator).unwrap_or(rest.len());
        items.push(&rest[..item]);
        rest = &rest[item..];
    }
}

fn unquote(item: &str) -> &str {
    item.trim_matches(|c| matches!(c, '\'' | '"' | '`'))
}

/// Whether an item is a name: it has a letter or a digit, and it is not a number, a date, a
/// version or an address (something that starts with a digit and is made of digits, hex letters
/// and `. _ - : / x`).
fn is_name(item: &str) -> bool {
    let core = unquote(item);
    let unsigned = core.trim_start_matches(['+', '-']);
    let numeric = unsigned.starts_with(|c: char| c.is_ascii_digit())
        && unsigned
            .chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, '.' | '_' | '-' | ':' | '/' | 'x' | 'X'));
    core.chars().any(char::is_alphanumeric) && !numeric
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::KnownValues;
    use crate::engine::word_changes;

    fn explain(left: &str, right: &str) -> Option<Cause> {
        let known = KnownValues::default();
        let context = Context::new(&[], &known);
        TokenOrderRule
            .explain(TokenChange::new(left, right), &context)
            .map(|verdict| verdict.cause)
    }

    /// The cause of every run between two lines, when each is explained.
    fn explain_lines(left: &str, right: &str) -> Option<Vec<Cause>> {
        word_changes(left, right)
            .iter()
            .map(|(l, r)| explain(l, r))
            .collect()
    }

    #[test]
    fn reordered_lists_are_list_order() {
        assert_eq!(
            explain("['b', 'a', 'c']", "['a', 'c', 'b']"),
            Some(Cause::ListOrder)
        );
        assert_eq!(explain("x, y", "y, x"), Some(Cause::ListOrder));
        assert_eq!(explain("a b c", "c a b"), Some(Cause::ListOrder));
        assert_eq!(
            explain("PATH=/usr/bin:/bin:/sbin", "PATH=/bin:/sbin:/usr/bin"),
            Some(Cause::ListOrder)
        );
        assert_eq!(explain("x;y", "y;x"), Some(Cause::ListOrder));
    }

    #[test]
    fn whole_lines_with_moved_items_are_explained() {
        let list_order = Some(vec![Cause::ListOrder]);
        assert_eq!(
            explain_lines("x = ['b', 'a', 'c']\n", "x = ['a', 'b', 'c']\n"),
            list_order
        );
        assert_eq!(
            explain_lines("Requires: x, y\n", "Requires: y, x\n"),
            list_order
        );
        assert_eq!(
            explain_lines("Requires: x, y, z\n", "Requires: z, y, x\n"),
            list_order
        );
        assert_eq!(explain_lines("a b c\n", "c a b\n"), list_order);
        assert_eq!(
            explain_lines(
                "deps = {'six', 'attrs', 'zope'}\n",
                "deps = {'zope', 'six', 'attrs'}\n"
            ),
            list_order
        );
        assert_eq!(
            explain_lines("cc -O2 -g -Wall x.c\n", "cc -Wall -O2 -g x.c\n"),
            list_order
        );
    }

    #[test]
    fn byte_order_against_locale_order_is_collation() {
        assert_eq!(
            explain("Beta, Makefile, alpha", "alpha, Beta, Makefile"),
            Some(Cause::CollationOrder)
        );
        assert_eq!(
            explain("['_b.py', 'a.py', 'c.py']", "['a.py', '_b.py', 'c.py']"),
            Some(Cause::CollationOrder)
        );
        // Two items in either order prove no sort order.
        assert_eq!(
            explain("Beta, alpha", "alpha, Beta"),
            Some(Cause::ListOrder)
        );
    }

    #[test]
    fn same_characters_in_other_words_are_not_a_list() {
        assert_eq!(explain("ab", "ba"), None);
        assert_eq!(explain("abc", "cab"), None);
    }

    #[test]
    fn a_changed_item_is_not_an_order() {
        assert_eq!(explain("x, y, z", "z, y, w"), None);
        assert_eq!(
            explain_lines("Requires: x, y, z\n", "Requires: z, y, w\n"),
            None
        );
        assert_eq!(explain("x, y", "y, x, z"), None);
    }

    #[test]
    fn other_separators_are_not_an_order() {
        assert_eq!(explain("x, y", "y,x"), None);
        assert_eq!(explain("[x, y]", "{y, x}"), None);
    }

    #[test]
    fn single_items_are_not_lists() {
        assert_eq!(explain("alpha", "alpha"), None);
        assert_eq!(explain("[alpha]", "alpha]"), None);
        assert_eq!(explain_lines("return 41\n", "return 42\n"), None);
    }

    #[test]
    fn numbers_are_not_list_items() {
        assert_eq!(explain("12:34:56", "56:34:12"), None);
        assert_eq!(explain("1, 2, 3", "3, 1, 2"), None);
        assert_eq!(explain_lines("x = 1700000000\n", "x = 1700000001\n"), None);
        assert_eq!(
            explain_lines("width 10 height 20\n", "width 20 height 10\n"),
            None
        );
        assert_eq!(explain("10 height 20", "20 height 10"), None);
        assert_eq!(explain("2015-01-05, alice", "alice, 2015-01-05"), None);
        assert_eq!(explain("version 1.2", "version 1.3"), None);
    }

    #[test]
    fn sentences_are_not_lists() {
        // From diffoscope's test1.rlib/test2.rlib: a message reworded, not a list reordered.
        assert_eq!(
            explain_lines(
                "unlikely to be stabilized in its current form or name\n",
                "unlikely to be stabilized in its current name or form\n"
            ),
            None
        );
        assert_eq!(explain("form or name", "name or form"), None);
        assert_eq!(
            explain("red, green, blue", "blue, green, red"),
            Some(Cause::ListOrder),
            "commas make a list"
        );
    }

    #[test]
    fn positions_are_not_lists() {
        // Arguments of a call, fields of a tuple, operands.
        assert_eq!(explain("(a, b)", "(b, a)"), None);
        assert_eq!(explain_lines("f(a, b)\n", "f(b, a)\n"), None);
        assert_eq!(explain_lines("x = a - b\n", "x = b - a\n"), None);
        assert_eq!(explain_lines("cp a b\n", "cp b a\n"), None);
        assert_eq!(explain("a:b", "b:a"), None, "a mapping reversed");
        assert_eq!(explain("x=1,y=2", "x=2,y=1"), None, "values swapped");
    }
}
