//! Differences between opaque bytes: changed ranges when the sizes match, otherwise the size and
//! the changed printable strings (as `strings` would list them), so that a path or a date inside
//! a binary reads as text rather than hex.
//!
//! A changed range of a binary read as bytes is extended, on both sides, to the whole printable
//! strings around it (at most [`MAX_EXTENSION`] bytes each way): a build path that grew by ten
//! bytes shifts every string after it, and the range that covers the shift is then reported as
//! the strings that changed in it (`/tmp/a/check.c` → `/var/tmp/b/check.c`), which the rules
//! read, rather than as hex. The other ranges of such a binary that follow from those strings —
//! numbers that moved like offsets into what the strings pushed (in the direction they grew, by
//! no more than that plus padding, and by the same amount as other references) and long ranges
//! most of whose bytes differ (a build-id that hashes the new contents) — are reported as derived
//! from them; any other range stays a change of its own, and a binary whose strings did not
//! change keeps its ranges as they are. Blobs of unequal sizes are read the same way on the
//! stretches before their first changed string and after their last one, which stay aligned
//! (from the start and from the end): a moved reference there follows from the strings, an
//! edited constant does not. The limits: with no sections to read, an edited constant that
//! happens to move like the offsets beside it cannot be told from one; between the first and
//! the last changed string of unequal blobs only the strings are compared.

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
/// How far a changed range is extended each way to reach the start and end of its strings.
const MAX_EXTENSION: usize = 4096;

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
        out.extend(aligned_edges(path, left, right));
        out
    }
}

/// The bytes of unequal-sized blobs that lie before the first changed string and after the last
/// one: there, the two sides are aligned (from the start, and from the end), so their changed
/// ranges are read as in equal-sized blobs. A range that moved like offsets across the strings'
/// growth — forward into what the strings pushed, before them; backward to what they did not
/// push, after them — follows from the strings; any other, an edited constant beside a longer
/// path, is a change of its own. Between the first and the last changed string, only the strings
/// are compared.
fn aligned_edges(path: &[String], left: &[u8], right: &[u8]) -> Vec<Observed> {
    let growth = right.len() as i64 - left.len() as i64;
    let Some(span) = changed_span(left, right) else {
        return Vec::new();
    };
    let mut out = edge_ranges(path, &left[..span.start], &right[..span.start], growth, 0);
    let tail = (left.len() - span.left_end).min(right.len() - span.right_end);
    let (left_tail, right_tail) = (left.len() - tail, right.len() - tail);
    out.extend(edge_ranges(
        path,
        &left[left_tail..],
        &right[right_tail..],
        -growth,
        left_tail,
    ));
    out
}

/// Where the changed strings of two blobs lie: the first one starts at the same offset on both
/// sides (nothing before it moved); the last one ends at its own offset on each side.
struct ChangedSpan {
    start: usize,
    left_end: usize,
    right_end: usize,
}

/// [`ChangedSpan`] of `left` and `right`, if any string differs.
fn changed_span(left: &[u8], right: &[u8]) -> Option<ChangedSpan> {
    let (l, r) = (string_ranges(left), string_ranges(right));
    let text = |data: &[u8], range: &std::ops::Range<usize>| data[range.clone()].to_vec();
    let same = |i: usize, j: usize| text(left, &l[i]) == text(right, &r[j]);
    let first = (0..l.len().min(r.len()))
        .find(|&i| !same(i, i))
        .unwrap_or(l.len().min(r.len()));
    let from_end = (0..l.len().min(r.len()) - first)
        .find(|&k| !same(l.len() - 1 - k, r.len() - 1 - k))
        .unwrap_or(l.len().min(r.len()) - first);
    if first == l.len() && first == r.len() {
        return None;
    }
    let start_of = |ranges: &[std::ops::Range<usize>], len: usize| {
        ranges.get(first).map_or(len, |range| range.start)
    };
    let end_of = |ranges: &[std::ops::Range<usize>]| {
        if ranges.len() > first + from_end {
            ranges[ranges.len() - 1 - from_end].end
        } else {
            ranges.get(first).map_or(0, |range| range.start)
        }
    };
    let start = start_of(&l, left.len()).min(start_of(&r, right.len()));
    Some(ChangedSpan {
        start,
        left_end: end_of(&l).max(start),
        right_end: end_of(&r).max(start),
    })
}

/// Where the printable strings of `data` are (as [`strings`] lists them).
fn string_ranges(data: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = None;
    for (at, byte) in data.iter().enumerate().chain([(data.len(), &0)]) {
        match (is_printable(byte) && at < data.len(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                if at - from >= MIN_STRING {
                    ranges.push(from..at);
                }
                start = None;
            }
            _ => {}
        }
    }
    ranges
}

/// The changed ranges of two aligned, equal-sized stretches of unequal blobs (`base` is where the
/// stretch starts on the left), each derived when it moved like offsets across `growth`, else a
/// change of its own.
fn edge_ranges(
    path: &[String],
    left: &[u8],
    right: &[u8],
    growth: i64,
    base: usize,
) -> Vec<Observed> {
    let (ranges, total) = differing_ranges(left, right);
    let shifts = Shifts::of(growth, left, right, &ranges);
    let mut out = Vec::new();
    for (index, &(start, end)) in ranges.iter().enumerate() {
        let location = if index == MAX_RANGES {
            format!(
                "{} more changed byte ranges beside the strings",
                total - MAX_RANGES
            )
        } else {
            format!("bytes 0x{:x}-0x{:x} (left)", base + start, base + end - 1)
        };
        let (l, r) = (render(left, start, end), render(right, start, end));
        let follows = index < MAX_RANGES && follows_from_strings(left, right, start, end, &shifts);
        out.push(if follows {
            Observed {
                path: path.to_vec(),
                field: Some("bytes".to_owned()),
                kind: ObservedKind::Field {
                    kind: FieldKind::Derived(Derivation::offset()),
                    scope: Scope::Artifact,
                    left: Some(Value::Bytes(
                        left[start..end.min(start + SHOWN_BYTES)].to_vec(),
                    )),
                    right: Some(Value::Bytes(
                        right[start..end.min(start + SHOWN_BYTES)].to_vec(),
                    )),
                },
                left: Some(l),
                right: Some(r),
                location: Some(location),
                seq: 0,
            }
        } else {
            Observed {
                location: Some(location),
                ..Observed::content(path.to_vec(), ObservedKind::Bytes, Some(l), Some(r))
            }
        });
        if index == MAX_RANGES {
            break;
        }
    }
    out
}

/// What a changed range of equal-sized blobs holds.
enum RangeReading {
    /// A change inside one printable string on both sides: the strings, quoted.
    String(String, String),
    /// Printable strings that changed, in the range extended to whole strings: one (left,
    /// right) per group of changed strings.
    Strings(Vec<(Option<String>, Option<String>)>),
    /// Bytes outside any changed string, in hex (or quoted where one side is a string).
    Raw(String, String),
}

fn changed_ranges(path: &[String], left: &[u8], right: &[u8]) -> Vec<Observed> {
    let (ranges, total) = differing_ranges(left, right);
    let readings: Vec<RangeReading> = ranges
        .iter()
        .map(|&(start, end)| read_range(left, right, start, end))
        .collect();
    let strings_changed = readings.iter().any(|r| !matches!(r, RangeReading::Raw(..)));
    // Offsets moved when the changed strings changed length; otherwise the other bytes are
    // computed from the contents (a digest).
    let growth: Vec<i64> = readings
        .iter()
        .flat_map(|reading| match reading {
            RangeReading::Strings(groups) => groups
                .iter()
                .map(|(l, r)| {
                    let len = |s: &Option<String>| s.as_deref().map_or(0, str::len) as i64;
                    len(r) - len(l)
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let raw: Vec<(usize, usize)> = ranges
        .iter()
        .zip(&readings)
        .filter(|(_, reading)| matches!(reading, RangeReading::Raw(..)))
        .map(|(&range, _)| range)
        .collect();
    let shifts = Shifts::of(growth.iter().sum(), left, right, &raw);
    let shifted = shifts.growth != 0;
    let derived = |range: Option<(usize, usize)>, location: String, seq: u32| {
        let bytes = |data: &[u8]| {
            range.map(|(start, end)| {
                Value::Bytes(data[start..end.min(start + SHOWN_BYTES)].to_vec())
            })
        };
        let shown = |data: &[u8]| range.map(|(start, end)| render(data, start, end));
        let derivation = if shifted {
            Derivation::offset()
        } else {
            Derivation::checksum(Covers::Data)
        };
        Observed {
            path: path.to_vec(),
            field: Some("bytes".to_owned()),
            kind: ObservedKind::Field {
                kind: FieldKind::Derived(derivation),
                scope: Scope::Artifact,
                left: bytes(left),
                right: bytes(right),
            },
            left: shown(left),
            right: shown(right),
            location: Some(location),
            seq,
        }
    };
    let mut out = Vec::new();
    let mut seq = 0u32;
    let mut next_seq = || {
        seq += 1;
        seq - 1
    };
    for (index, (&(start, end), reading)) in ranges.iter().zip(readings).enumerate() {
        if index == MAX_RANGES {
            let location = format!("{} more changed byte ranges", total - MAX_RANGES);
            out.push(if strings_changed {
                derived(None, location, next_seq())
            } else {
                Observed {
                    location: Some(location),
                    seq: next_seq(),
                    ..Observed::content(path.to_vec(), ObservedKind::Bytes, None, None)
                }
            });
            break;
        }
        let location = format!("bytes 0x{start:x}-0x{:x}", end - 1);
        match reading {
            RangeReading::Strings(groups) => {
                for (l, r) in groups {
                    out.push(Observed {
                        location: Some("strings".to_owned()),
                        seq: next_seq(),
                        ..Observed::content(path.to_vec(), ObservedKind::Bytes, l, r)
                    });
                }
            }
            RangeReading::String(l, r) => out.push(Observed {
                location: Some(location),
                seq: next_seq(),
                ..Observed::content(path.to_vec(), ObservedKind::Bytes, Some(l), Some(r))
            }),
            RangeReading::Raw(..)
                if strings_changed && follows_from_strings(left, right, start, end, &shifts) =>
            {
                out.push(derived(Some((start, end)), location, next_seq()))
            }
            RangeReading::Raw(l, r) => out.push(Observed {
                location: Some(location),
                seq: next_seq(),
                ..Observed::content(path.to_vec(), ObservedKind::Bytes, Some(l), Some(r))
            }),
        }
    }
    out
}

/// How the numbers in a binary moved when strings in it changed length: every changed run of
/// bytes outside the strings, read as a little-endian number, and how far it moved.
struct Shifts {
    /// The strings' net growth in bytes (zero when no string changed length).
    growth: i64,
    /// How many runs moved by each amount.
    seen: std::collections::HashMap<i64, usize>,
}

/// The largest padding a linker adds between what it lays out (an alignment).
const MAX_PADDING: i64 = 64;

impl Shifts {
    fn of(growth: i64, left: &[u8], right: &[u8], raw: &[(usize, usize)]) -> Self {
        let mut seen = std::collections::HashMap::new();
        for &(start, end) in raw {
            for (at, run_end) in runs(left, right, start, end) {
                if let Some(delta) = moved_by(left, right, at, run_end) {
                    *seen.entry(delta).or_insert(0) += 1;
                }
            }
        }
        Shifts { growth, seen }
    }

    /// Whether a run moved like an offset into what the strings pushed: in the direction they
    /// grew, by no more than they grew plus padding, and by the same amount as another run
    /// (references to the moved data come in families; an edited constant stands alone).
    fn explains(&self, delta: i64) -> bool {
        self.growth != 0
            && delta.signum() == self.growth.signum()
            && delta.abs() <= self.growth.abs() + MAX_PADDING
            && self.seen.get(&delta).is_some_and(|&n| n >= 2)
    }
}

/// The runs of differing bytes in `start..end`.
fn runs(left: &[u8], right: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = start;
    while at < end {
        if left[at] == right[at] {
            at += 1;
            continue;
        }
        let run_end = (at..end).find(|&i| left[i] == right[i]).unwrap_or(end);
        found.push((at, run_end));
        at = run_end;
    }
    found
}

/// How far the little-endian number starting at a run of differing bytes moved (read over four
/// bytes, or eight for a longer run); `None` for a run longer than eight bytes.
fn moved_by(left: &[u8], right: &[u8], at: usize, end: usize) -> Option<i64> {
    let width = if end - at <= 4 { 4 } else { 8 };
    if end - at > 8 || at + width > left.len() {
        return None;
    }
    let read = |data: &[u8]| {
        let mut bytes = [0u8; 8];
        bytes[..width].copy_from_slice(&data[at..at + width]);
        i64::from_le_bytes(bytes)
    };
    Some(read(right).wrapping_sub(read(left)))
}

/// The shortest changed range that may be a digest of the contents (a build-id is 20 bytes).
const MIN_DIGEST_RANGE: usize = 16;

/// Whether a changed range outside any string follows from the strings that changed: the range
/// is a digest over the contents (long, most of its bytes differ), or each of its changed runs
/// is a number that moved like an offset into what the strings pushed ([`Shifts::explains`]).
/// Anything else — code edited beside the strings — stays a change of its own.
fn follows_from_strings(
    left: &[u8],
    right: &[u8],
    start: usize,
    end: usize,
    shifts: &Shifts,
) -> bool {
    let differing = (start..end).filter(|&i| left[i] != right[i]).count();
    let len = end - start;
    if len >= MIN_DIGEST_RANGE && differing * 4 >= len * 3 {
        return true;
    }
    runs(left, right, start, end)
        .into_iter()
        .all(|(at, run_end)| moved_by(left, right, at, run_end).is_some_and(|d| shifts.explains(d)))
}

/// The ranges where equal-sized `left` and `right` differ (bytes closer than [`MERGE_GAP`] in
/// one range), the first [`MAX_RANGES`] and one more, and how many there are.
fn differing_ranges(left: &[u8], right: &[u8]) -> (Vec<(usize, usize)>, usize) {
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
    (ranges, total)
}

fn is_printable(byte: &u8) -> bool {
    byte.is_ascii_graphic() || *byte == b' '
}

/// What the changed range `start..end` holds: a change inside one string, the strings that
/// changed once the range is extended to whole strings on both sides, or raw bytes.
fn read_range(left: &[u8], right: &[u8], start: usize, end: usize) -> RangeReading {
    let inside_one_string = |data: &[u8]| data[start..end].iter().all(is_printable);
    if inside_one_string(left) && inside_one_string(right) {
        let (l, r) = (render(left, start, end), render(right, start, end));
        if l.starts_with('"') && r.starts_with('"') {
            return RangeReading::String(l, r);
        }
    }
    let back = |data: &[u8]| {
        let stop = start.saturating_sub(MAX_EXTENSION);
        data[stop..start]
            .iter()
            .rposition(|b| !is_printable(b))
            .map_or(stop, |p| stop + p + 1)
    };
    let forward = |data: &[u8]| {
        let stop = (end + MAX_EXTENSION).min(data.len());
        data[end..stop]
            .iter()
            .position(|b| !is_printable(b))
            .map_or(stop, |p| end + p)
    };
    let (from, to) = (
        back(left).min(back(right)),
        forward(left).max(forward(right)),
    );
    let groups = string_groups(strings(&left[from..to]), strings(&right[from..to]));
    if groups.is_empty() {
        RangeReading::Raw(render(left, start, end), render(right, start, end))
    } else {
        RangeReading::Strings(groups)
    }
}

/// The bytes `start..end` of `data`: the enclosing printable string when the range lies inside
/// one, hex otherwise.
fn render(data: &[u8], start: usize, end: usize) -> String {
    if data[start..end].iter().all(is_printable) {
        let from = data[..start]
            .iter()
            .rposition(|b| !is_printable(b))
            .map_or(0, |p| p + 1);
        let to = data[end..]
            .iter()
            .position(|b| !is_printable(b))
            .map_or(data.len(), |p| end + p);
        if to - from >= MIN_STRING {
            let text = String::from_utf8_lossy(&data[from..to.min(from + 200)]);
            return format!("\"{text}\"");
        }
    }
    let shown = &data[start..end.min(start + SHOWN_BYTES)];
    let mut hex = hex::encode(shown);
    if end - start > SHOWN_BYTES {
        hex.push('…');
    }
    hex
}

/// Printable runs of at least [`MIN_STRING`] bytes, one per line.
fn strings(data: &[u8]) -> Vec<String> {
    data.split(|b| !is_printable(b))
        .filter(|run| run.len() >= MIN_STRING)
        .map(|run| format!("{}\n", String::from_utf8_lossy(run)))
        .collect()
}

fn changed_strings(path: &[String], left: &[u8], right: &[u8]) -> Vec<Observed> {
    let groups = string_groups(strings(left), strings(right));
    let mut out = Vec::new();
    for (index, (left, right)) in groups.iter().enumerate() {
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
        out.push(Observed {
            location: Some("strings".to_owned()),
            seq,
            ..Observed::content(
                path.to_vec(),
                ObservedKind::Bytes,
                left.clone(),
                right.clone(),
            )
        });
    }
    out
}

/// The groups of strings that differ between two lists of strings (lines), each side's strings
/// of a group joined, `None` for a side that has none.
fn string_groups(old: Vec<String>, new: Vec<String>) -> Vec<(Option<String>, Option<String>)> {
    let old_refs: Vec<&str> = old.iter().map(String::as_str).collect();
    let new_refs: Vec<&str> = new.iter().map(String::as_str).collect();
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_slices(&old_refs, &new_refs);
    let join = |lines: &[String]| (!lines.is_empty()).then(|| lines.concat());
    diff.grouped_ops(0)
        .iter()
        .filter_map(|group| {
            let (first, last) = (group.first()?, group.last()?);
            let old_range = first.old_range().start..last.old_range().end;
            let new_range = first.new_range().start..last.new_range().end;
            Some((join(&old[old_range]), join(&new[new_range])))
        })
        .collect()
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

    /// A binary of `size` bytes: `header` at 0, `strings` (NUL-terminated) at 64, `code` at 192.
    fn binary(header: &[u8], strings: &[&str], code: &[u8]) -> Vec<u8> {
        let mut data = vec![0u8; 256];
        data[..header.len()].copy_from_slice(header);
        let mut at = 64;
        for string in strings {
            data[at..at + string.len()].copy_from_slice(string.as_bytes());
            at += string.len() + 1;
        }
        data[192..192 + code.len()].copy_from_slice(code);
        data
    }

    fn classified(left: &[u8], right: &[u8]) -> Vec<crate::difference::Difference> {
        let observed = diff(&["check".into()], left, right);
        crate::classify::classify(observed, &Default::default(), &Default::default()).differences
    }

    /// A binary whose path string is `path`: the strings after it are referenced from the
    /// header and the code (each offset points past the path, so it moves with its length), and
    /// 20 bytes at 224 are a build-id, `id` repeated.
    fn linked(path: &str, id: u8, constant: u8) -> Vec<u8> {
        let after = (64 + path.len() + 1) as u8;
        let mut data = binary(
            &[after, 0, 0, 0, 0, 0, 0, 0, after, 0, 0, 0],
            &[path, "argv[0] != NULL", "main"],
            &[
                0x48, 0x8d, 0x3d, after, 0, 0, 0, 0x90, 0x48, 0x8d, 0x3d, after, 0, 0, 0,
            ],
        );
        data[210] = constant;
        data[224..244].copy_from_slice(&[id; 20]);
        data
    }

    fn roots(left: &[u8], right: &[u8]) -> Vec<crate::classify::Category> {
        classified(left, right)
            .iter()
            .filter(|d| d.category != crate::classify::Category::Derived)
            .map(|d| d.category)
            .collect()
    }

    #[test]
    fn a_range_that_moved_strings_is_read_as_the_strings_that_changed() {
        // A build path that grew: the strings after it moved, and the offsets of those strings in
        // the header and the code moved with them; the build-id hashes the new contents.
        let left = linked("/tmp/build-a/check.c", 0x81, 7);
        let right = linked("/var/tmp/build-bb/check.c", 0x92, 7);
        let found = diff(&[], &left, &right);
        let strings: Vec<&Observed> = found
            .iter()
            .filter(|d| d.location.as_deref() == Some("strings"))
            .collect();
        assert_eq!(strings.len(), 1, "{found:#?}");
        assert_eq!(strings[0].left.as_deref(), Some("/tmp/build-a/check.c\n"));
        assert_eq!(
            strings[0].right.as_deref(),
            Some("/var/tmp/build-bb/check.c\n")
        );
        assert!(
            found
                .iter()
                .filter(|d| d.location.as_deref() != Some("strings"))
                .all(|d| d.field.as_deref() == Some("bytes")),
            "the offsets and the build-id follow: {found:#?}"
        );
        assert_eq!(roots(&left, &right), [crate::classify::Category::BuildPath]);
    }

    #[test]
    fn a_constant_edited_beside_a_moved_path_stays_content() {
        // The same build in two directories, and a constant of the code edited (7 → 8): it did
        // not move like the offsets did (by the path's growth, as another reference did).
        let left = linked("/tmp/build-a/check.c", 0x81, 7);
        let right = linked("/var/tmp/build-bb/check.c", 0x92, 8);
        assert_eq!(
            roots(&left, &right),
            [
                crate::classify::Category::BuildPath,
                crate::classify::Category::Content
            ]
        );
    }

    #[test]
    fn a_string_edited_beside_its_build_id_stays_content() {
        let left = linked("/tmp/build-a/check.c", 0x81, 7);
        let mut right = left.clone();
        let message = 64 + "/tmp/build-a/check.c".len() + 1;
        right[message..message + 4].copy_from_slice(b"argc");
        right[224..244].copy_from_slice(&[0xb3; 20]);
        let differences = classified(&left, &right);
        let content: Vec<_> = differences
            .iter()
            .filter(|d| d.category == crate::classify::Category::Content)
            .collect();
        assert_eq!(content.len(), 1, "{differences:#?}");
        assert_eq!(
            content[0].observed.left.as_deref(),
            Some("\"argv[0] != NULL\"")
        );
        // A string of the same length changed: the build-id is a digest of the contents.
        let found = diff(&[], &left, &right);
        assert!(found.iter().any(|d| matches!(
            d.kind,
            ObservedKind::Field {
                kind: FieldKind::Derived(Derivation {
                    covers: Covers::Data,
                    ..
                }),
                ..
            }
        )));
    }

    #[test]
    fn without_a_changed_string_the_ranges_are_roots() {
        let left = binary(&[0x28], &["answer", "main"], &[0x29]);
        let right = binary(&[0x38], &["answer", "main"], &[0x2a]);
        let found = diff(&[], &left, &right);
        assert_eq!(found.len(), 2);
        assert!(found
            .iter()
            .all(|d| d.kind == ObservedKind::Bytes && d.field.is_none()));
    }

    /// Code with two references to data after a path, an immediate far from them, the path,
    /// then a table with two references back into the code.
    fn image(path: &str, immediate: u8) -> Vec<u8> {
        let grown = (path.len() as u32).saturating_sub(8);
        let mut data = vec![0x48, 0x8d];
        data.extend((0x100 + grown).to_le_bytes());
        data.extend([0x90; 4]);
        data.extend((0x180 + grown).to_le_bytes());
        data.extend([0x90; 24]);
        data.extend([0xb8, immediate, 0, 0, 0]);
        data.extend([0xc3; 3]);
        data.push(0);
        data.extend(path.as_bytes());
        data.push(0);
        data.extend((0x40u32.wrapping_sub(grown)).to_le_bytes());
        data.extend([0; 4]);
        data.extend((0x60u32.wrapping_sub(grown)).to_le_bytes());
        data
    }

    #[test]
    fn beside_a_longer_path_moved_references_follow_and_an_edited_constant_does_not() {
        let content = |found: &[Observed]| -> Vec<String> {
            found
                .iter()
                .filter(|d| matches!(d.kind, ObservedKind::Bytes))
                .filter_map(|d| d.location.clone())
                .collect()
        };
        let derived = |found: &[Observed]| {
            found
                .iter()
                .filter(|d| d.field.as_deref() == Some("bytes"))
                .count()
        };
        let left = image("/tmp/a/x.c", 50);
        let moved = diff(&[], &left, &image("/var/tmp/bb/x.c", 50));
        assert_eq!(content(&moved), ["strings"], "{moved:?}");
        assert_eq!(derived(&moved), 2, "one range before the path, one after");
        let edited = diff(&[], &left, &image("/var/tmp/bb/x.c", 51));
        assert_eq!(
            content(&edited),
            ["strings", "bytes 0x27-0x27 (left)"],
            "{edited:?}"
        );
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
