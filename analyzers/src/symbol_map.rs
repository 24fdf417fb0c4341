//! Named byte ranges of a member's data: where a symbol table places each function and object
//! in a section. The engine names the changed byte ranges of that member by the symbols covering
//! them (`bytes 0x11a-0x11a in main+0x1a`), so that code and data that still differ after every
//! cause is found point to the function that changed, not only to an offset.

/// One symbol: a name over `len` bytes from `start` (offsets in the member's data).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NamedRange {
    pub start: u64,
    pub len: u64,
    pub name: String,
}

/// The symbols of one member's data, sorted by where they start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SymbolMap {
    ranges: Vec<NamedRange>,
    /// The greatest length of any range: how far before a range's start to look for one
    /// covering it.
    longest: u64,
}

/// At most this many symbols are named for one changed range.
const MAX_NAMED: usize = 3;

impl SymbolMap {
    /// The map of `ranges` (empty ones dropped, duplicates kept once).
    pub fn new(mut ranges: Vec<NamedRange>) -> Self {
        ranges.retain(|r| r.len > 0);
        ranges.sort();
        ranges.dedup_by(|a, b| a.start == b.start && a.len == b.len && a.name == b.name);
        let longest = ranges.iter().map(|r| r.len).max().unwrap_or(0);
        SymbolMap { ranges, longest }
    }

    /// The shared map of `ranges`, when there are any.
    pub fn shared(ranges: Vec<NamedRange>) -> Option<std::sync::Arc<SymbolMap>> {
        (!ranges.is_empty()).then(|| std::sync::Arc::new(SymbolMap::new(ranges)))
    }

    /// The shared map of symbols that have no size (Mach-O `nlist`, COFF): each, given by its
    /// start, runs to the next one's start, the last to `end`.
    pub fn running_to_next(
        mut starts: Vec<(u64, &str)>,
        end: u64,
    ) -> Option<std::sync::Arc<SymbolMap>> {
        starts.sort_unstable();
        let ends = starts.iter().skip(1).map(|(start, _)| *start).chain([end]);
        let ranges = starts
            .iter()
            .zip(ends)
            .map(|(&(start, name), end)| NamedRange {
                start,
                len: end.saturating_sub(start),
                name: name.to_owned(),
            })
            .collect();
        SymbolMap::shared(ranges)
    }

    /// Whether no symbol is placed.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The symbols covering bytes `start..end`, the first with the offset of `start` in it
    /// (`main+0x1a`, `main+0x1a, helper, +2 more`); `None` when no symbol covers any of them.
    pub fn describe(&self, start: u64, end: u64) -> Option<String> {
        let from = self
            .ranges
            .partition_point(|r| r.start.saturating_add(self.longest) <= start);
        let covering: Vec<&NamedRange> = self
            .ranges
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|r| r.start < end)
            .filter(|r| r.start.saturating_add(r.len) > start)
            .collect();
        let (first, rest) = covering.split_first()?;
        let mut text = if start >= first.start {
            format!("{}+{:#x}", first.name, start.saturating_sub(first.start))
        } else {
            first.name.clone()
        };
        for range in rest.iter().take(MAX_NAMED.saturating_sub(1)) {
            text.push_str(", ");
            text.push_str(&range.name);
        }
        if rest.len() >= MAX_NAMED {
            let more = rest.len().saturating_sub(MAX_NAMED.saturating_sub(1));
            text.push_str(&format!(", +{more} more"));
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(ranges: &[(u64, u64, &str)]) -> SymbolMap {
        SymbolMap::new(
            ranges
                .iter()
                .map(|&(start, len, name)| NamedRange {
                    start,
                    len,
                    name: name.into(),
                })
                .collect(),
        )
    }

    #[test]
    fn a_range_is_named_by_the_symbols_covering_it() {
        let symbols = map(&[
            (0x100, 0x40, "main"),
            (0x140, 0x10, "helper"),
            (0x10, 0, "label"),
        ]);
        assert_eq!(symbols.describe(0x11a, 0x11b).as_deref(), Some("main+0x1a"));
        assert_eq!(
            symbols.describe(0x13f, 0x142).as_deref(),
            Some("main+0x3f, helper")
        );
        assert_eq!(symbols.describe(0xf0, 0x101).as_deref(), Some("main"));
        assert_eq!(symbols.describe(0x150, 0x160), None);
        assert_eq!(
            symbols.describe(0x10, 0x11),
            None,
            "empty symbols are dropped"
        );
    }

    #[test]
    fn symbols_without_a_size_run_to_the_next() {
        let symbols = SymbolMap::running_to_next(vec![(0x20, "b"), (0, "a")], 0x30).unwrap();
        assert_eq!(symbols.describe(0x1f, 0x20).as_deref(), Some("a+0x1f"));
        assert_eq!(symbols.describe(0x2f, 0x30).as_deref(), Some("b+0xf"));
        assert!(SymbolMap::running_to_next(Vec::new(), 0x30).is_none());
    }

    #[test]
    fn a_long_symbol_before_many_short_ones_still_covers() {
        let mut ranges = vec![(0, 0x1000, "table")];
        ranges.extend((1..6).map(|i| (0x800 + i * 8, 8, "f")));
        let symbols = map(&ranges);
        assert_eq!(
            symbols.describe(0x400, 0x401).as_deref(),
            Some("table+0x400")
        );
        assert_eq!(
            symbols.describe(0x7f0, 0x900).as_deref(),
            Some("table+0x7f0, f, f, +3 more")
        );
    }
}
