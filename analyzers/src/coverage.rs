//! Which bytes of a binary image an analysis has read, and the pieces it makes of the rest: the
//! bookkeeping the PE, ELF and Mach-O analyzers share so that every byte of an image is a field
//! or a member's byte — never unseen, never counted twice.

use std::collections::HashSet;
use std::ops::Range;

use bytes::Bytes;

use crate::{Derivation, Field, FieldKind, Member, MemberData, Value};

/// The member holding the bytes between the ranges an analysis read.
pub const GAPS_MEMBER: &str = "<gaps>";

/// The byte ranges of a file an analysis has read.
#[derive(Debug, Default)]
pub(crate) struct Coverage {
    covered: Vec<Range<usize>>,
}

impl Coverage {
    /// Records that `range` was read.
    pub(crate) fn cover(&mut self, range: Range<usize>) {
        if !range.is_empty() {
            self.covered.push(range);
        }
    }

    /// Where the last range read ends.
    pub(crate) fn end(&self) -> usize {
        self.covered.iter().map(|r| r.end).max().unwrap_or(0)
    }

    /// The ranges before `end` that nothing covers, in order.
    pub(crate) fn gaps(&mut self, end: usize) -> Vec<Range<usize>> {
        self.covered.sort_by_key(|r| (r.start, r.end));
        let mut gaps = Vec::new();
        let mut reached = 0;
        for range in &self.covered {
            if range.start > reached {
                gaps.push(reached..range.start.min(end));
            }
            reached = reached.max(range.end);
        }
        if reached < end {
            gaps.push(reached..end);
        }
        gaps.retain(|gap| !gap.is_empty());
        gaps
    }

    /// The `<gaps>` member: the bytes before `end` that no range covers, when there are any. Its
    /// size is a field named `size_field` (it follows from the layout); its bytes are kept only
    /// when some are not zero, so that padding of another length is a shifted layout, not changed
    /// bytes.
    pub(crate) fn gaps_member(
        &mut self,
        data: &[u8],
        end: usize,
        size_field: &'static str,
    ) -> Option<Member> {
        let gaps = self.gaps(end);
        if gaps.is_empty() {
            return None;
        }
        let bytes: Vec<u8> = gaps
            .iter()
            .filter_map(|gap| data.get(gap.clone()))
            .flatten()
            .copied()
            .collect();
        let size = bytes.len() as u64;
        let kept = if bytes.iter().all(|&b| b == 0) {
            Vec::new()
        } else {
            bytes
        };
        let mut member = Member::new(GAPS_MEMBER, MemberData::Bytes(Bytes::from(kept)));
        member.fields.push(Field::new(
            size_field,
            FieldKind::Derived(Derivation::offset()),
            Value::Int(i64::try_from(size).unwrap_or(i64::MAX)),
        ));
        Some(member)
    }
}

/// `start..start + len`, saturated, within a file of `limit` bytes.
pub(crate) fn clamp(start: u64, len: u64, limit: usize) -> Range<usize> {
    let start = usize::try_from(start).unwrap_or(usize::MAX).min(limit);
    let end = usize::try_from(len)
        .unwrap_or(usize::MAX)
        .saturating_add(start)
        .min(limit);
    start..end
}

/// `data[range]` with the parts of `masked` inside it zeroed: the bytes a field holds, left in
/// place so that offsets inside the range keep their meaning.
pub(crate) fn zeroed(data: &Bytes, range: Range<usize>, masked: &[Range<usize>]) -> Bytes {
    let mut bytes = data.get(range.clone()).unwrap_or_default().to_vec();
    for mask in masked {
        let start = mask.start.max(range.start).saturating_sub(range.start);
        let end = mask.end.min(range.end).saturating_sub(range.start);
        if let Some(part) = bytes.get_mut(start..end) {
            part.fill(0);
        }
    }
    Bytes::from(bytes)
}

/// `data[range]` without the parts of `masked` inside it (the bytes no field holds), in order.
pub(crate) fn unmasked(data: &[u8], range: Range<usize>, masked: &[Range<usize>]) -> Vec<u8> {
    let mut inside: Vec<Range<usize>> = masked
        .iter()
        .map(|m| m.start.max(range.start)..m.end.min(range.end))
        .filter(|m| !m.is_empty())
        .collect();
    inside.sort_by_key(|m| m.start);
    let mut out = Vec::new();
    let mut reached = range.start;
    for mask in inside {
        if mask.start > reached {
            out.extend_from_slice(data.get(reached..mask.start).unwrap_or_default());
        }
        reached = reached.max(mask.end);
    }
    if reached < range.end {
        out.extend_from_slice(data.get(reached..range.end).unwrap_or_default());
    }
    out
}

/// The members, each name kept once: a repeated name gets `#n` (its place) appended.
pub(crate) fn unique_names(members: Vec<Member>) -> Vec<Member> {
    let mut seen = HashSet::new();
    members
        .into_iter()
        .enumerate()
        .map(|(index, mut member)| {
            if !seen.insert(member.name.clone()) {
                member.name = format!("{}#{index}", member.name);
            }
            member
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_what_no_range_covers() {
        let mut coverage = Coverage::default();
        coverage.cover(2..4);
        coverage.cover(3..6);
        coverage.cover(8..9);
        assert_eq!(coverage.end(), 9);
        assert_eq!(coverage.gaps(12), [0..2, 6..8, 9..12]);
    }

    #[test]
    fn zero_padding_keeps_its_size_only() {
        let data = [0u8, 0, 7, 0, 0];
        let mut coverage = Coverage::default();
        coverage.cover(2..3);
        let member = coverage.gaps_member(&data, 5, "x.gaps.size").unwrap();
        assert!(matches!(&member.data, MemberData::Bytes(b) if b.is_empty()));
        assert_eq!(member.fields[0].value, Value::Int(4));
        let mut coverage = Coverage::default();
        let member = coverage.gaps_member(&data, 5, "x.gaps.size").unwrap();
        assert!(matches!(&member.data, MemberData::Bytes(b) if b.len() == 5));
    }

    #[test]
    fn masks_zero_in_place_or_cut_out() {
        let data = Bytes::from_static(b"abcdefgh");
        assert_eq!(zeroed(&data, 2..7, &[3..5, 9..10]).as_ref(), b"c\0\0fg");
        assert_eq!(unmasked(&data, 2..7, &[3..5, 0..1]), b"cfg");
        assert_eq!(clamp(6, 10, 8), 6..8);
        assert_eq!(clamp(u64::MAX, 1, 8), 8..8);
    }
}
