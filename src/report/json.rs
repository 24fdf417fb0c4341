//! The JSON report of `CONTRACT.md` (`whydiff-report/1`), plus additive fields: `format`,
//! `location`, `changes`, `looks_like` and `path_hex` on differences, `remedies` per cause, `notes`, and
//! `profiles` (what whydiff believes about each build).
//!
//! Path segments are names as [`whydiff_analyzers::names`] spells them: valid UTF-8 as is, other
//! bytes and control bytes as `\xHH`, a backslash doubled. Where a segment holds an escape,
//! `path_hex` gives its raw bytes in hex.

use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use whydiff_analyzers::names;

use super::{Report, SCHEMA};
use crate::classify::profile::{Belief, Profile};
use crate::difference::{Difference, ObservedKind};

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: &'static str,
    tool: Tool,
    left: JsonSide<'a>,
    right: JsonSide<'a>,
    identical: bool,
    summary: Summary,
    differences: Differences<'a>,
    remedies: BTreeMap<&'static str, &'static str>,
    notes: Vec<JsonNote<'a>>,
    /// What whydiff believes about each build, with where it learned it (contract addition).
    profiles: JsonProfiles<'a>,
}

#[derive(Serialize)]
struct JsonProfiles<'a> {
    left: JsonProfile<'a>,
    right: JsonProfile<'a>,
}

#[derive(Serialize)]
struct JsonProfile<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    clock: Vec<JsonClock<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    directories: Vec<JsonBelief<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    users: Vec<JsonBelief<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hosts: Vec<JsonBelief<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locales: Vec<JsonBelief<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tools: Vec<JsonBelief<'a>>,
}

#[derive(Serialize)]
struct JsonClock<'a> {
    time: String,
    source: &'a str,
    count: usize,
    #[serde(skip_serializing_if = "str::is_empty")]
    example: &'a str,
}

#[derive(Serialize)]
struct JsonBelief<'a> {
    value: &'a str,
    source: &'a str,
}

fn beliefs(list: &[Belief]) -> Vec<JsonBelief<'_>> {
    list.iter()
        .map(|b| JsonBelief {
            value: &b.value,
            source: &b.source,
        })
        .collect()
}

fn profile(profile: &Profile) -> JsonProfile<'_> {
    JsonProfile {
        clock: profile
            .clock
            .iter()
            .map(|reading| JsonClock {
                time: reading.time(),
                source: &reading.source,
                count: reading.count,
                example: &reading.example,
            })
            .collect(),
        directories: beliefs(&profile.directories),
        users: beliefs(&profile.users),
        hosts: beliefs(&profile.hosts),
        locales: beliefs(&profile.locales),
        tools: beliefs(&profile.tools),
    }
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSide<'a> {
    path: &'a str,
    sha256: &'a str,
}

/// Category counts, serialized in contract order.
struct Summary(Vec<(&'static str, usize)>);

impl Serialize for Summary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (category, count) in &self.0 {
            map.serialize_entry(category, count)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonDifference<'a> {
    id: usize,
    path: &'a [String],
    /// The raw bytes of the escaped path segments (contract addition).
    #[serde(skip_serializing_if = "Option::is_none")]
    path_hex: Option<Vec<Option<String>>>,
    field: Option<&'a str>,
    /// The format of the artifact whose field or content differs (contract addition).
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    category: &'static str,
    cause: &'static str,
    left: Option<&'a str>,
    right: Option<&'a str>,
    evidence: &'a str,
    derived_from: &'a [usize],
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changes: Vec<Change<'a>>,
    /// On content: the `category/cause` a rule recognized by shape alone (contract addition).
    #[serde(skip_serializing_if = "Option::is_none")]
    looks_like: Option<String>,
}

#[derive(Serialize)]
struct Change<'a> {
    left: &'a str,
    right: &'a str,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    path: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    path_hex: Option<Vec<Option<String>>>,
    note: &'a str,
}

/// For a path with an escaped segment, each segment's raw bytes in hex, `None` for the segments
/// spelled as they are; `None` when no segment holds an escape.
fn path_hex(path: &[String]) -> Option<Vec<Option<String>>> {
    if !path.iter().any(|segment| names::is_escaped(segment)) {
        return None;
    }
    let hex = |bytes: Vec<u8>| hex::encode(bytes);
    Some(
        path.iter()
            .map(|segment| {
                names::is_escaped(segment)
                    .then(|| names::unescape(segment).map(hex))
                    .flatten()
            })
            .collect(),
    )
}

/// The differences, each made into its JSON view as it is written: the report is held once,
/// not twice, however many differences it has.
struct Differences<'a>(&'a [Difference]);

impl Serialize for Differences<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(difference))
    }
}

fn difference(d: &Difference) -> JsonDifference<'_> {
    let changes = match &d.observed.kind {
        ObservedKind::TextHunk { changes } => changes
            .iter()
            .map(|(left, right)| Change { left, right })
            .collect(),
        _ => Vec::new(),
    };
    JsonDifference {
        id: d.id,
        path: &d.observed.path,
        path_hex: path_hex(&d.observed.path),
        field: d.observed.field.as_deref(),
        format: d.format,
        category: d.category.id(),
        cause: d.cause.id(),
        left: d.observed.left.as_deref(),
        right: d.observed.right.as_deref(),
        evidence: &d.evidence,
        derived_from: &d.derived_from,
        location: d.observed.location.as_deref(),
        changes,
        looks_like: d
            .looks_like
            .map(|cause| format!("{}/{}", cause.category(), cause)),
    }
}

/// The report as pretty-printed JSON, ending with a newline. Same report, same bytes.
pub fn render(report: &Report) -> String {
    let mut bytes = Vec::new();
    write(report, &mut bytes).expect("the report serializes");
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

/// Writes the bytes of [`render`] to `out` as they are serialized: the report of a deeply nested
/// archive is tens of megabytes of paths, which need not be held a second time as text.
///
/// The differences, nearly all of a large report's bytes, are serialized in parallel (on the
/// current rayon pool) a batch at a time, each exactly as the pretty printer writes it at its
/// depth, and written in order where the document's frame has its list: at most
/// two batches of `BATCH` differences are held as text at once (one written while the next
/// is serialized).
pub fn write(report: &Report, mut out: impl std::io::Write) -> std::io::Result<()> {
    let Some((head, tail)) = split_frame(report)? else {
        serde_json::to_writer_pretty(&mut out, &document(report, &report.differences))?;
        return out.write_all(b"\n");
    };
    out.write_all(&head)?;
    let serialized = |batch_index: usize| -> Vec<std::io::Result<Vec<u8>>> {
        let first_chunk = batch_index * BATCH / CHUNK;
        let start = batch_index * BATCH;
        let end = (start + BATCH).min(report.differences.len());
        report.differences[start..end]
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(i, chunk)| listed(chunk, first_chunk + i == 0))
            .collect()
    };
    // Each batch is written while the next is serialized (writing a large report to a file is
    // mostly the kernel's copying): on this thread, which then helps the pool finish.
    let batches = report.differences.len().div_ceil(BATCH);
    let mut ready = serialized(0);
    for next in 1..=batches {
        let mut following = None;
        let written = rayon::in_place_scope(|scope| {
            if next < batches {
                scope.spawn(|_| following = Some(serialized(next)));
            }
            ready.drain(..).try_for_each(|text| out.write_all(&text?))
        });
        written?;
        ready = following.unwrap_or_default();
    }
    out.write_all(b"\n  ]")?;
    out.write_all(&tail)?;
    out.write_all(b"\n")
}

/// How many differences are serialized as one piece of text, and how many at most are held as
/// text at once (a whole number of pieces).
const CHUNK: usize = 512;
const BATCH: usize = 16 * CHUNK;

/// The document serialized without its differences, cut where their list goes: the bytes up to
/// and including its `[`, and those after its `]`. `None` when there are no differences (the
/// document is then written whole).
fn split_frame(report: &Report) -> std::io::Result<Option<(Vec<u8>, Vec<u8>)>> {
    if report.differences.is_empty() {
        return Ok(None);
    }
    let frame = serde_json::to_vec_pretty(&document(report, &[]))?;
    // A raw line break is only ever the pretty printer's (strings escape theirs), and a
    // top-level key is the only one indented by two spaces: this is the list's place.
    const EMPTY_LIST: &[u8] = b"\n  \"differences\": []";
    let at = frame
        .windows(EMPTY_LIST.len())
        .position(|window| window == EMPTY_LIST)
        .map(|start| start + EMPTY_LIST.len() - 1)
        .ok_or_else(|| std::io::Error::other("the report's frame has no list of differences"))?;
    Ok(Some((frame[..at].to_vec(), frame[at + 1..].to_vec())))
}

/// `differences` as the pretty printer writes them as elements of the top-level object's
/// `differences` list, each preceded by its separator (`first`: the list's first element).
///
/// Laid out here rather than through serde's derived serializer, which escapes each of a
/// difference's dozen keys on every difference (a large report's JSON took as long as
/// classifying it); the values are serde_json's own (strings escaped by it), and the unit test
/// holds the bytes to its pretty printer's.
fn listed(differences: &[Difference], first: bool) -> std::io::Result<Vec<u8>> {
    let mut text = Vec::with_capacity(differences.len() * 512);
    for (i, d) in differences.iter().enumerate() {
        text.extend_from_slice(if first && i == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        write_difference(&mut text, &difference(d))?;
    }
    Ok(text)
}

/// One difference's object, as the pretty printer writes it two levels deep (its keys indented
/// six spaces).
fn write_difference(out: &mut Vec<u8>, d: &JsonDifference<'_>) -> std::io::Result<()> {
    const KEY: &[u8] = b"\n      ";
    const ITEM: &[u8] = b"\n        ";
    const END: &[u8] = b"\n      ";
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, name: &str| {
        out.extend_from_slice(if first { b"{" } else { b"," });
        first = false;
        out.extend_from_slice(KEY);
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\": ");
    };
    key(out, "id");
    json_value(out, &d.id)?;
    key(out, "path");
    list(out, d.path, ITEM, END, |out, segment| {
        json_value(out, segment)
    })?;
    if let Some(path_hex) = &d.path_hex {
        key(out, "path_hex");
        list(out, path_hex, ITEM, END, json_value)?;
    }
    key(out, "field");
    json_value(out, &d.field)?;
    if let Some(format) = d.format {
        key(out, "format");
        json_value(out, format)?;
    }
    key(out, "category");
    json_value(out, d.category)?;
    key(out, "cause");
    json_value(out, d.cause)?;
    key(out, "left");
    json_value(out, &d.left)?;
    key(out, "right");
    json_value(out, &d.right)?;
    key(out, "evidence");
    json_value(out, d.evidence)?;
    key(out, "derived_from");
    list(out, d.derived_from, ITEM, END, |out, id| {
        json_value(out, id)
    })?;
    if let Some(location) = d.location {
        key(out, "location");
        json_value(out, location)?;
    }
    if !d.changes.is_empty() {
        key(out, "changes");
        list(out, &d.changes, ITEM, END, |out, change| {
            out.extend_from_slice(b"{\n          \"left\": ");
            json_value(out, change.left)?;
            out.extend_from_slice(b",\n          \"right\": ");
            json_value(out, change.right)?;
            out.extend_from_slice(b"\n        }");
            Ok(())
        })?;
    }
    if let Some(looks_like) = &d.looks_like {
        key(out, "looks_like");
        json_value(out, looks_like)?;
    }
    out.extend_from_slice(b"\n    }");
    Ok(())
}

/// A list's items each on its line after `item` (a line break and the items' indentation), the
/// closing bracket after `end`; `[]` when empty.
fn list<T>(
    out: &mut Vec<u8>,
    items: &[T],
    item: &[u8],
    end: &[u8],
    mut write: impl FnMut(&mut Vec<u8>, &T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if items.is_empty() {
        out.extend_from_slice(b"[]");
        return Ok(());
    }
    out.push(b'[');
    for (i, value) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item);
        write(out, value)?;
    }
    out.extend_from_slice(end);
    out.push(b']');
    Ok(())
}

/// A scalar (string, number, null) as serde_json writes it.
fn json_value<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(out, value).map_err(std::io::Error::from)
}

/// Writes the same report on one line, without indentation (for embedding).
pub fn write_compact(report: &Report, mut out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut out, &document(report, &report.differences))?;
    Ok(())
}

/// The document of `report`, listing `differences` (all of the report's, or none for its frame).
fn document<'a>(report: &'a Report, differences: &'a [Difference]) -> JsonReport<'a> {
    let remedies = report
        .differences
        .iter()
        .filter(|d| !d.cause.remedy().is_empty())
        .map(|d| (d.cause.id(), d.cause.remedy()))
        .collect();
    JsonReport {
        schema: SCHEMA,
        tool: Tool {
            name: "whydiff",
            version: env!("CARGO_PKG_VERSION"),
        },
        left: JsonSide {
            path: &report.left.path,
            sha256: &report.left.sha256,
        },
        right: JsonSide {
            path: &report.right.path,
            sha256: &report.right.sha256,
        },
        identical: report.identical(),
        summary: Summary(
            report
                .summary()
                .into_iter()
                .map(|(c, n)| (c.id(), n))
                .collect(),
        ),
        differences: Differences(differences),
        remedies,
        notes: report
            .notes
            .iter()
            .map(|n| JsonNote {
                path: &n.path,
                path_hex: path_hex(&n.path),
                note: &n.text,
            })
            .collect(),
        profiles: JsonProfiles {
            left: profile(&report.profiles.left),
            right: profile(&report.profiles.right),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Cause;
    use crate::difference::{Observed, ObservedKind, Scope};
    use crate::report::Side;
    use whydiff_analyzers::FieldKind;

    /// `n` differences of varied shapes: fields with and without values, escaped path segments
    /// (with `path_hex`), one-segment paths, derived links, a text hunk with its changes, with
    /// and without a format, a location, a `looks_like`.
    fn report(n: usize) -> Report {
        let differences = (0..n)
            .map(|i| {
                let kind = if i % 7 == 3 {
                    ObservedKind::TextHunk {
                        changes: vec![("a\nb".into(), "c\"d".into())],
                    }
                } else {
                    ObservedKind::Field {
                        kind: FieldKind::Mode,
                        scope: Scope::Record,
                        left: None,
                        right: None,
                    }
                };
                Difference {
                    id: i,
                    observed: Observed {
                        path: if i % 23 == 1 {
                            vec![format!("w{}.whl", i / 100)]
                        } else {
                            vec![
                                format!("w{}.whl", i / 100),
                                format!("m\\x{:02x}/{i}", i % 256),
                            ]
                        },
                        field: (i % 5 != 0).then(|| "zip.mtime".to_owned()),
                        kind,
                        left: Some(format!("{i}")),
                        right: (i % 11 != 0).then(|| "r\n\t".to_owned()),
                        location: (i % 13 == 0).then(|| "line 3".to_owned()),
                        seq: 0,
                    },
                    category: Cause::EntryMode.category(),
                    cause: Cause::EntryMode,
                    evidence: "because".into(),
                    derived_from: (0..i % 3).collect(),
                    looks_like: (i % 17 == 0).then_some(Cause::EntryMtime),
                    format: (i % 19 != 5).then_some("zip"),
                }
            })
            .collect();
        let side = |p: &str| Side {
            path: p.to_owned(),
            sha256: p.to_owned(),
        };
        Report::new(side("a"), side("b"), differences, Vec::new())
    }

    #[test]
    fn the_parallel_writer_writes_what_the_pretty_printer_writes() {
        // None, one, a partial piece, whole pieces, and past one batch.
        for n in [
            0,
            1,
            CHUNK - 1,
            CHUNK,
            3 * CHUNK + 5,
            BATCH,
            BATCH + CHUNK + 1,
            2 * BATCH + 1,
        ] {
            let report = report(n);
            let mut expected =
                serde_json::to_vec_pretty(&document(&report, &report.differences)).unwrap();
            expected.push(b'\n');
            assert!(
                render(&report).as_bytes() == expected.as_slice(),
                "{n} differences"
            );
        }
    }
}
