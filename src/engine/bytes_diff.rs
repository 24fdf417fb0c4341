//! Differences between opaque bytes: changed ranges when the sizes match, otherwise the size and
//! the changed printable strings (as `strings` would list them), so that a path or a date inside
//! a binary reads as text rather than hex.

use similar::{Algorithm, TextDiff};

use whydiff_analyzers::{Covers, Derivation, FieldKind, Value};

use crate::difference::{Observed, ObservedKind, Scope};

/// Ranges (or string hunks) listed before the rest is summarized.
const MAX_RANGES: usize = 64;
/// Differing bytes closer than this are one range.
const MERGE_GAP: usize = 8;
/// Bytes shown per side of a range.
const SHOWN_BYTES: usize = 32;
/// Shortest printable run treated as a string.
const MIN_STRING: usize = 4;

/// Differences between `left` and `right`, which are not equal.
pub(super) fn diff(path: &[String], left: &[u8], right: &[u8]) -> Vec<Observed> {
    if left.len() == right.len() {
        changed_ranges(path, left, right)
    } else {
        // The size follows from whatever changed inside: a derived field of the blob.
        let size = |len: usize| Value::Int(i64::try_from(len).unwrap_or(i64::MAX));
        let mut out = vec![Observed {
            path: path.to_vec(),
            field: Some("size".to_owned()),
            kind: ObservedKind::Field {
                kind: FieldKind::Derived(Derivation::size(Covers::Data)),
                scope: Scope::Artifact,
                left: Some(size(left.len())),
                right: Some(size(right.len())),
            },
            left: Some(format!("{} bytes", left.len())),
            right: Some(format!("{} bytes", right.len())),
            location: None,
            seq: 0,
        }];
        out.extend(changed_strings(path, left, right));
        out
    }
}

fn changed_ranges(path: &[String], left: &[u8], right: &[u8]) -> Vec<Observed> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut total = 0usize;
    let mut current: Option<(usize, usize)> = None;
    let mut close = |range: (usize, usize)| {
        total += 1;
        if ranges.len() <= MAX_RANGES {
            ranges.push(range);
        }
    };
    for (i, _) in left
        .iter()
        .zip(right)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
    {
        match &mut current {
            Some((_, end)) if i - *end <= MERGE_GAP => *end = i + 1,
            _ => {
                if let Some(range) = current.replace((i, i + 1)) {
                    close(range);
                }
            }
        }
    }
    if let Some(range) = current {
        close(range);
    }
    let mut out = Vec::new();
    for (seq, &(start, end)) in ranges.iter().enumerate() {
        if seq == MAX_RANGES {
            out.push(Observed {
                location: Some(format!("{} more changed byte ranges", total - MAX_RANGES)),
                seq: seq as u32,
                ..Observed::content(path.to_vec(), ObservedKind::Bytes, None, None)
            });
            break;
        }
        let (l, r) = (render(left, start, end), render(right, start, end));
        out.push(Observed {
            location: Some(format!("bytes 0x{start:x}-0x{:x}", end - 1)),
            seq: seq as u32,
            ..Observed::content(path.to_vec(), ObservedKind::Bytes, Some(l), Some(r))
        });
    }
    out
}

/// The bytes `start..end` of `data`: the enclosing printable string when the range lies inside
/// one, hex otherwise.
fn render(data: &[u8], start: usize, end: usize) -> String {
    let printable = |b: &u8| b.is_ascii_graphic() || *b == b' ';
    if data[start..end].iter().all(printable) {
        let from = data[..start]
            .iter()
            .rposition(|b| !printable(b))
            .map_or(0, |p| p + 1);
        let to = data[end..]
            .iter()
            .position(|b| !printable(b))
            .map_or(data.len(), |p| end + p);
        if to - from >= MIN_STRING {
            let text = String::from_utf8_lossy(&data[from..to.min(from + 200)]);
            return format!("\"{text}\"");
        }
    }
    let shown = &data[start..end.min(start + SHOWN_BYTES)];
    let mut hex: String = shown.iter().map(|b| format!("{b:02x}")).collect();
    if end - start > SHOWN_BYTES {
        hex.push('…');
    }
    hex
}

/// Printable runs of at least [`MIN_STRING`] bytes, one per line.
fn strings(data: &[u8]) -> Vec<String> {
    data.split(|b| !(b.is_ascii_graphic() || *b == b' '))
        .filter(|run| run.len() >= MIN_STRING)
        .map(|run| format!("{}\n", String::from_utf8_lossy(run)))
        .collect()
}

fn changed_strings(path: &[String], left: &[u8], right: &[u8]) -> Vec<Observed> {
    let (old, new) = (strings(left), strings(right));
    let old_refs: Vec<&str> = old.iter().map(String::as_str).collect();
    let new_refs: Vec<&str> = new.iter().map(String::as_str).collect();
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_slices(&old_refs, &new_refs);
    let groups = diff.grouped_ops(0);
    let mut out = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        let seq = index as u32 + 1;
        if index == MAX_RANGES {
            out.push(Observed {
                location: Some(format!(
                    "{} more changed strings",
                    groups.len() - MAX_RANGES
                )),
                seq,
                ..Observed::content(path.to_vec(), ObservedKind::Bytes, None, None)
            });
            break;
        }
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let join = |lines: &[String]| (!lines.is_empty()).then(|| lines.concat());
        out.push(Observed {
            location: Some("strings".to_owned()),
            seq,
            ..Observed::content(
                path.to_vec(),
                ObservedKind::Bytes,
                join(&old[old_range]),
                join(&new[new_range]),
            )
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_sizes_give_merged_ranges() {
        let left =
            b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13";
        let mut right = *left;
        right[1] = 0xff;
        right[3] = 0xff;
        right[19] = 0xff;
        let found = diff(&[], left, &right);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].location.as_deref(), Some("bytes 0x1-0x3"));
        assert_eq!(found[0].left.as_deref(), Some("010203"));
        assert_eq!(found[0].right.as_deref(), Some("ff02ff"));
        assert_eq!(found[1].location.as_deref(), Some("bytes 0x13-0x13"));
    }

    #[test]
    fn a_change_inside_a_string_shows_the_string() {
        let found = diff(
            &[],
            b"\x00\x00/build/a/src\x00",
            b"\x00\x00/build/b/src\x00",
        );
        assert_eq!(found[0].left.as_deref(), Some("\"/build/a/src\""));
        assert_eq!(found[0].right.as_deref(), Some("\"/build/b/src\""));
    }

    #[test]
    fn other_sizes_give_the_size_and_changed_strings() {
        let found = diff(
            &[],
            b"\x00\x01/tmp/abc\x00same string\x00",
            b"\x00/tmp/abcdef\x00same string\x00",
        );
        assert_eq!(found[0].left.as_deref(), Some("23 bytes"));
        assert_eq!(found[1].left.as_deref(), Some("/tmp/abc\n"));
        assert_eq!(found[1].right.as_deref(), Some("/tmp/abcdef\n"));
        assert_eq!(found.len(), 2);
    }
}
