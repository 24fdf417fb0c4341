//! Locale collation: telling a list sorted by bytes (the C locale) from the same list sorted the
//! way a typical locale collates it (`sort`, `ls`, `glob` under `en_US.UTF-8`).
//!
//! glibc's `en_US.UTF-8` orders strings in levels: first by their letters and digits alone, case
//! folded, ignoring punctuation, spaces, underscores and leading dots (`_config.py` sorts as
//! `configpy`, `.bashrc` as `bashrc`); then lowercase before uppercase; then by the ignored
//! characters. This module implements a documented approximation of that:
//!
//! - the **primary key** ([`collation_key`]) is the string's alphanumeric characters, lowercased;
//!   characters compare by code point, so digits come before letters as in glibc, but accented
//!   letters are not folded onto their base letter (`é` sorts after `z`, where glibc puts it next
//!   to `e`);
//! - [`collation_cmp`] breaks ties of the primary key by case (lowercase first, position by
//!   position) and then by the raw bytes, which reproduces glibc 2.28+ on ASCII names.
//!
//! Tie-breaking differs between locale implementations and versions, so the sortedness test
//! ([`is_collation_sorted`]) only asks for non-decreasing primary keys: strings that tie may come
//! in any order. The verdict ([`byte_sorted_side`]) needs evidence on both sides: one sequence
//! sorted by bytes and not by collation, the other sorted by collation and not by bytes.

use std::cmp::Ordering;

/// Fewer items than this on a side are not evidence of any sort order: two items are in one of
/// two orders, which a hash order or a directory listing gives as easily as a locale.
pub const MIN_ITEMS: usize = 3;

/// One side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The left build.
    Left,
    /// The right build.
    Right,
}

impl Side {
    /// `left` or `right`, for evidence sentences.
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }

    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }
}

/// The primary collation key: the alphanumeric characters of `text`, lowercased.
pub fn collation_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Compares two strings as a typical locale collates them (see the module documentation): by
/// primary key, then lowercase before uppercase, then by bytes.
pub fn collation_cmp(a: &str, b: &str) -> Ordering {
    collation_key(a)
        .cmp(&collation_key(b))
        .then_with(|| case_pattern(a).cmp(case_pattern(b)))
        .then_with(|| a.cmp(b))
}

/// Whether each alphanumeric character is uppercase, in order: `false` (lowercase) sorts first.
fn case_pattern(text: &str) -> impl Iterator<Item = bool> + '_ {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .map(char::is_uppercase)
}

/// Whether `items` are in non-decreasing byte order, as `sort` under `LC_ALL=C` leaves them.
pub fn is_byte_sorted<S: AsRef<str>>(items: &[S]) -> bool {
    items
        .windows(2)
        .all(|pair| pair[0].as_ref().as_bytes() <= pair[1].as_ref().as_bytes())
}

/// Whether `items` are in non-decreasing order of their primary collation keys (ties in any
/// order, since locales break ties differently).
pub fn is_collation_sorted<S: AsRef<str>>(items: &[S]) -> bool {
    let keys: Vec<String> = items.iter().map(|s| collation_key(s.as_ref())).collect();
    keys.windows(2).all(|pair| pair[0] <= pair[1])
}

/// The side whose sequence is sorted by bytes, when the other side's is sorted by a locale's
/// collation instead. Both sides must show it: the byte-sorted one is not in collation order, and
/// the collated one is not in byte order; each has at least [`MIN_ITEMS`] items. `None` when the
/// two orders are not told apart this way (neither sorted, one sorted the other not, too short).
pub fn byte_sorted_side<S: AsRef<str>>(left: &[S], right: &[S]) -> Option<Side> {
    if left.len() < MIN_ITEMS || right.len() < MIN_ITEMS {
        return None;
    }
    let sorted_by_bytes_only = |items: &[S]| is_byte_sorted(items) && !is_collation_sorted(items);
    let sorted_by_collation_only =
        |items: &[S]| is_collation_sorted(items) && !is_byte_sorted(items);
    if sorted_by_bytes_only(left) && sorted_by_collation_only(right) {
        Some(Side::Left)
    } else if sorted_by_bytes_only(right) && sorted_by_collation_only(left) {
        Some(Side::Right)
    } else {
        None
    }
}

/// The evidence sentence for a collation verdict on `what` (e.g. "lines", "members").
pub fn evidence(what: &str, byte_sorted: Side) -> String {
    format!(
        "the same {what} in another order: the {} side is sorted by bytes (C locale), the {} side \
         by a locale's collation (case and punctuation ignored)",
        byte_sorted.name(),
        byte_sorted.other().name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `ls | LC_ALL=C sort` printed for the corpus pair text-locale-sort.
    const BYTE_ORDER: [&str; 10] = [
        "Beta.txt",
        "Makefile",
        "README",
        "_config.py",
        "aB.txt",
        "a_b.txt",
        "ab.txt",
        "alpha.txt",
        "beta_2.txt",
        "zeta.txt",
    ];
    /// What `ls | LC_ALL=en_US.UTF-8 sort` (glibc) printed for the same files.
    const GLIBC_ORDER: [&str; 10] = [
        "a_b.txt",
        "ab.txt",
        "aB.txt",
        "alpha.txt",
        "beta_2.txt",
        "Beta.txt",
        "_config.py",
        "Makefile",
        "README",
        "zeta.txt",
    ];

    #[test]
    fn key_ignores_case_and_punctuation() {
        assert_eq!(collation_key("_config.py"), "configpy");
        assert_eq!(collation_key(".bashrc"), "bashrc");
        assert_eq!(collation_key("Beta_2.TXT"), "beta2txt");
    }

    #[test]
    fn comparison_reproduces_glibc_on_ascii_names() {
        let mut names = BYTE_ORDER;
        names.sort_by(|a, b| collation_cmp(a, b));
        assert_eq!(names, GLIBC_ORDER);
        // More of glibc 2.36's en_US.UTF-8 order, from `sort`.
        let glibc = [
            "1abc", "ab", "aB", "Ab", "AB", "abc", "a c", "a-c", "ac", "b10", "B2", "b9",
            ".bashrc", "e", "f", ".hidden", "x y", "x.y", "xy",
        ];
        let mut shuffled = glibc;
        shuffled.reverse();
        shuffled.sort_by(|a, b| collation_cmp(a, b));
        assert_eq!(shuffled, glibc);
    }

    #[test]
    fn byte_and_collation_orders_are_told_apart() {
        assert!(is_byte_sorted(&BYTE_ORDER) && !is_collation_sorted(&BYTE_ORDER));
        assert!(is_collation_sorted(&GLIBC_ORDER) && !is_byte_sorted(&GLIBC_ORDER));
        assert_eq!(
            byte_sorted_side(&BYTE_ORDER, &GLIBC_ORDER),
            Some(Side::Left)
        );
        assert_eq!(
            byte_sorted_side(&GLIBC_ORDER, &BYTE_ORDER),
            Some(Side::Right)
        );
    }

    #[test]
    fn ties_may_come_in_any_order() {
        assert!(is_collation_sorted(&[
            "aB.txt", "ab.txt", "a_b.txt", "alpha"
        ]));
    }

    #[test]
    fn unsorted_sides_are_not_collation() {
        let hash_order = ["zeta.txt", "Beta.txt", "a_b.txt", "README"];
        assert_eq!(byte_sorted_side(&BYTE_ORDER, &hash_order), None);
        assert_eq!(byte_sorted_side(&hash_order, &GLIBC_ORDER), None);
        let reversed: Vec<&str> = BYTE_ORDER.iter().rev().copied().collect();
        assert_eq!(byte_sorted_side(&BYTE_ORDER, &reversed), None);
    }

    #[test]
    fn sides_must_each_show_their_order() {
        // Lowercase names without punctuation sort the same both ways: a side sorted by both
        // proves nothing about which one sorted it.
        let both = ["alpha", "beta", "gamma"];
        let other = ["beta", "alpha", "gamma"];
        assert_eq!(byte_sorted_side(&both, &other), None);
        // Ties that differ only by case: no side is sorted by bytes and not by collation.
        assert_eq!(
            byte_sorted_side(&["Ab", "ab", "x"], &["ab", "Ab", "x"]),
            None
        );
    }

    #[test]
    fn two_items_are_too_few() {
        assert_eq!(
            byte_sorted_side(&["Beta", "alpha"], &["alpha", "Beta"]),
            None
        );
        assert_eq!(
            byte_sorted_side(&["Beta", "alpha", "gamma"], &["alpha", "Beta", "gamma"]),
            Some(Side::Left)
        );
    }
}
