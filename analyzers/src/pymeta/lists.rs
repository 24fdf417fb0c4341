//! Multiple-use headers (`Classifier`, `Requires-Dist`, `Tag`…) as a set and an order: the values
//! in canonical (sorted) order, and the stored order as positions in that sorted list, so that the
//! same values written in another order differ only in their order.

use crate::{Field, FieldKind, Node, Ordered, ORDER_SUFFIX};

/// The values of one multiple-use header, split into what they are and how they were ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedList {
    /// The values sorted (bytewise), repeats kept.
    pub sorted: Vec<String>,
    /// For each stored value, its 1-based position in `sorted`: `[3, 1, 2]` means the first value
    /// stored is the third in sorted order. Equal values keep their stored relative order.
    pub positions: Vec<usize>,
}

impl SortedList {
    /// Sorts `values` (in stored order) and records where each one went.
    pub fn of(values: Vec<String>) -> Self {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values.get(a).cmp(&values.get(b)));
        let mut positions = vec![0; values.len()];
        for (sorted_position, &stored) in (1..).zip(&order) {
            if let Some(position) = positions.get_mut(stored) {
                *position = sorted_position;
            }
        }
        let mut slots: Vec<Option<String>> = values.into_iter().map(Some).collect();
        let sorted = order
            .iter()
            .filter_map(|&i| slots.get_mut(i)?.take())
            .collect();
        SortedList { sorted, positions }
    }

    /// The values in canonical order, one per line.
    pub fn canonical_text(&self) -> String {
        self.sorted.join("\n")
    }

    /// The stored order, as the pyc analyzer renders set order: `sorted positions 3, 1, 2`.
    pub fn order_text(&self) -> String {
        let positions: Vec<String> = self.positions.iter().map(usize::to_string).collect();
        format!("sorted positions {}", positions.join(", "))
    }

    /// Pushes onto `node` the list field `field` (the values sorted, one per line) and, for two
    /// values or more, `field.order` (their stored order): the same values in another order then
    /// differ in the order field only.
    pub(crate) fn push_fields(node: &mut Node, field: &str, kind: FieldKind, values: Vec<String>) {
        let count = values.len();
        let list = SortedList::of(values);
        node.push_field(Field::new(field.to_owned(), kind, list.canonical_text()));
        if count >= 2 {
            node.push_field(Field::new(
                format!("{field}{ORDER_SUFFIX}"),
                FieldKind::Order(Ordered::Values),
                list.order_text(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(values: &[&str]) -> SortedList {
        SortedList::of(values.iter().map(|v| v.to_string()).collect())
    }

    #[test]
    fn the_same_values_in_another_order_differ_only_in_positions() {
        let stored = list(&["b", "c", "a"]);
        let other = list(&["a", "b", "c"]);
        assert_eq!(stored.canonical_text(), "a\nb\nc");
        assert_eq!(stored.canonical_text(), other.canonical_text());
        assert_eq!(stored.order_text(), "sorted positions 2, 3, 1");
        assert_eq!(other.order_text(), "sorted positions 1, 2, 3");
    }

    #[test]
    fn repeated_values_keep_their_stored_order() {
        let stored = list(&["x", "a", "x"]);
        assert_eq!(stored.sorted, ["a", "x", "x"]);
        assert_eq!(stored.positions, [2, 1, 3]);
    }

    #[test]
    fn a_changed_value_that_keeps_its_rank_leaves_the_order_alone() {
        assert_eq!(
            list(&["attrs>=23", "six"]).order_text(),
            list(&["attrs>=24", "six"]).order_text()
        );
    }
}
