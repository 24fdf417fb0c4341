//! A bounded sample of distinct names: the smallest few, and whether there were others. Merging
//! two samples keeps the smallest of their union, so it is associative and commutative, and a
//! catalogue of millions of differences stays small.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// The smallest distinct names seen, and whether more were seen than are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    /// The smallest names seen, sorted.
    pub smallest: BTreeSet<String>,
    /// Whether other names, larger than those kept, were seen too.
    pub more: bool,
}

impl Sample {
    /// Adds `name`, keeping the `limit` smallest.
    pub fn insert(&mut self, name: &str, limit: usize) {
        if !self.smallest.contains(name) {
            self.smallest.insert(name.to_owned());
            self.truncate(limit);
        }
    }

    /// Adds what `other` holds, keeping the `limit` smallest.
    pub fn merge(&mut self, other: Sample, limit: usize) {
        self.more |= other.more;
        self.smallest.extend(other.smallest);
        self.truncate(limit);
    }

    fn truncate(&mut self, limit: usize) {
        while self.smallest.len() > limit {
            self.smallest.pop_last();
            self.more = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(names: &[&str], limit: usize) -> Sample {
        let mut sample = Sample::default();
        for name in names {
            sample.insert(name, limit);
        }
        sample
    }

    #[test]
    fn merging_keeps_the_smallest_of_the_union_in_any_grouping() {
        let (a, b, c) = (of(&["d", "a"], 2), of(&["c", "b"], 2), of(&["a"], 2));
        let mut left = a.clone();
        left.merge(b.clone(), 2);
        left.merge(c.clone(), 2);
        let mut right = c;
        let mut bc = b;
        bc.merge(a, 2);
        right.merge(bc, 2);
        assert_eq!(left, right);
        assert_eq!(left, of(&["a", "b", "c", "d"], 2));
        assert!(left.more);
        assert!(!of(&["a", "b", "a"], 2).more);
    }
}
