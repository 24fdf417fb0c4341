//! The catalogue: what many reports say, by cause — how many build pairs show each root cause,
//! how many differences and places, the first examples, the formats, artifacts, members and
//! fields it was seen in, and the variations that reproduced it — the evidence a documentation
//! writer needs for "the ways our builds are not verifiable". Its documents ([`markdown`],
//! [`html`]) add what whydiff's code knows of each cause: what it is and why it happens
//! ([`explain`]), its fix, and the reproducible-builds.org issue types it catches ([`rb_types`]).
//!
//! A catalogue is made from one report ([`Catalogue::from_report`]) and catalogues merge
//! ([`Catalogue::merge`]): counts add up, sets unite, and the examples and names kept are the
//! smallest of both (examples by place, field and values), so merging is associative and
//! commutative. A catalogue of thousands
//! of build pairs is computed by any batch system, shard by shard, and merged at the end: the
//! same reports in any order and any grouping give the same catalogue, hence the same bytes.

pub mod explain;
pub mod html;
pub mod markdown;
mod outline;
pub mod rb_types;
mod sample;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::report::document::{DifferenceRecord, ReportDocument};
use crate::report::SCHEMA;
pub use sample::Sample;

/// The schema id of a catalogue's JSON.
pub const CATALOGUE_SCHEMA: &str = "whydiff-catalogue/1";
/// How many examples each cause keeps.
pub const EXAMPLES: usize = 2;
/// How many distinct field names, artifacts and members each cause keeps (the smallest; of the
/// rest, only that there were some).
pub const NAMES: usize = 8;

/// Where a difference is in its build pair: its path and field.
type Place<'a> = (&'a [String], Option<&'a str>);

/// Root causes over any number of reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub schema: String,
    /// How many reports (build pairs) it was made from.
    pub reports: u64,
    /// How many of them were identical.
    pub identical: u64,
    /// Each root cause seen, by cause id.
    pub causes: BTreeMap<String, CauseEntry>,
}

/// What the reports say of one root cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseEntry {
    /// Its category.
    pub category: String,
    /// How many build pairs show it.
    pub pairs: u64,
    /// How many root differences it explains, in all.
    pub differences: u64,
    /// How many places (a path and a field) show it, counted per build pair.
    pub places: u64,
    /// The smallest examples (by place, field and values).
    pub examples: Vec<Example>,
    /// The formats of the artifacts it was seen in (`zip`, `text`, `elf`…).
    #[serde(default)]
    pub formats: BTreeSet<String>,
    /// The artifacts it was seen in: the first segment of its paths (an input file, or a file of
    /// an input directory), the [`NAMES`] smallest, and whether there were more.
    #[serde(default)]
    pub artifacts: Sample,
    /// The members it was seen in: the file name of its paths' innermost segment, when inside an
    /// artifact (`core.py`, `.debug_info`, `<dwarf>`), the [`NAMES`] smallest, and whether there
    /// were more.
    #[serde(default)]
    pub members: Sample,
    /// The field names it was seen in, indices left out (`dwarf.unit[].line.directory[]`): the
    /// [`NAMES`] smallest, and whether there were more.
    #[serde(default)]
    pub fields: Sample,
    /// The variations whose change alone reproduced it (reports of `whydiff vary`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub confirmed_by: BTreeSet<String>,
    /// How many of its differences a variation reproduced.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub confirmed: u64,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

/// One difference shown as an example.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Example {
    /// Where, in its build pair.
    pub path: Vec<String>,
    pub field: Option<String>,
    pub left: Option<String>,
    pub right: Option<String>,
    /// The build pair it was seen in: the left and right paths of its report.
    pub pair: [String; 2],
}

impl Default for Catalogue {
    fn default() -> Self {
        Catalogue {
            schema: CATALOGUE_SCHEMA.to_owned(),
            reports: 0,
            identical: 0,
            causes: BTreeMap::new(),
        }
    }
}

impl Catalogue {
    /// The catalogue of one report: its root differences by cause.
    pub fn from_report(report: &ReportDocument) -> Self {
        let mut causes: BTreeMap<String, CauseEntry> = BTreeMap::new();
        let mut places: BTreeMap<&str, BTreeSet<Place<'_>>> = BTreeMap::new();
        for difference in report.roots() {
            let entry = causes
                .entry(difference.cause.clone())
                .or_insert_with(|| CauseEntry {
                    category: difference.category.clone(),
                    pairs: 1,
                    differences: 0,
                    places: 0,
                    examples: Vec::new(),
                    formats: BTreeSet::new(),
                    artifacts: Sample::default(),
                    members: Sample::default(),
                    fields: Sample::default(),
                    confirmed_by: BTreeSet::new(),
                    confirmed: 0,
                });
            entry.differences += 1;
            entry.formats.extend(difference.format.clone());
            if let Some(artifact) = difference.path.first() {
                entry.artifacts.insert(artifact, NAMES);
            }
            if let Some((member, _)) = difference
                .path
                .split_last()
                .filter(|(_, up)| !up.is_empty())
            {
                let name = member.trim_end_matches('/');
                let name = name.rsplit('/').next().unwrap_or(name);
                entry.members.insert(name, NAMES);
            }
            if let Some(field) = &difference.field {
                entry.fields.insert(&field_shape(field), NAMES);
            }
            if let Some(variations) = difference.confirmed_by.as_deref() {
                if !variations.is_empty() {
                    entry.confirmed += 1;
                    entry.confirmed_by.extend(variations.iter().cloned());
                }
            }
            places
                .entry(&difference.cause)
                .or_default()
                .insert((&difference.path, difference.field.as_deref()));
            keep_smallest(&mut entry.examples, [example(report, difference)]);
        }
        for (cause, seen) in places {
            if let Some(entry) = causes.get_mut(cause) {
                entry.places = seen.len() as u64;
            }
        }
        Catalogue {
            reports: 1,
            identical: u64::from(report.identical),
            causes,
            ..Catalogue::default()
        }
    }

    /// Adds what `other` says: counts add up, the smallest examples of both are kept.
    pub fn merge(&mut self, other: Catalogue) {
        self.reports += other.reports;
        self.identical += other.identical;
        for (cause, theirs) in other.causes {
            match self.causes.get_mut(&cause) {
                Some(ours) => {
                    // Reports of one whydiff agree on a cause's category; a hand-made catalogue
                    // may not, and the smaller one wins whatever the order.
                    if theirs.category < ours.category {
                        ours.category = theirs.category;
                    }
                    ours.pairs += theirs.pairs;
                    ours.differences += theirs.differences;
                    ours.places += theirs.places;
                    keep_smallest(&mut ours.examples, theirs.examples);
                    ours.formats.extend(theirs.formats);
                    ours.artifacts.merge(theirs.artifacts, NAMES);
                    ours.members.merge(theirs.members, NAMES);
                    ours.fields.merge(theirs.fields, NAMES);
                    ours.confirmed_by.extend(theirs.confirmed_by);
                    ours.confirmed += theirs.confirmed;
                }
                None => {
                    self.causes.insert(cause, theirs);
                }
            }
        }
    }

    /// The catalogue as JSON, ending with a newline. Same catalogue, same bytes.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the catalogue serializes");
        text.push('\n');
        text
    }
}

/// A field name with the numbers of its indices left out: `dwarf.unit[12].name` and
/// `dwarf.unit[3].name` are one kind of field, `dwarf.unit[].name`.
pub fn field_shape(field: &str) -> String {
    let mut shape = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        shape.push_str(before);
        let digits = after.get(1..).map_or(0, |inner| {
            inner.bytes().take_while(u8::is_ascii_digit).count()
        });
        match after.get(1 + digits..) {
            Some(tail) if digits > 0 && tail.starts_with(']') => {
                shape.push_str("[]");
                rest = tail.get(1..).unwrap_or("");
            }
            _ => {
                shape.push('[');
                rest = after.get(1..).unwrap_or("");
            }
        }
    }
    shape.push_str(rest);
    shape
}

fn example(report: &ReportDocument, difference: &DifferenceRecord) -> Example {
    Example {
        path: difference.path.clone(),
        field: difference.field.clone(),
        left: difference.left.clone(),
        right: difference.right.clone(),
        pair: [report.left.path.clone(), report.right.path.clone()],
    }
}

/// Keeps in `kept` the [`EXAMPLES`] smallest of it and `more`, each once, in order.
fn keep_smallest(kept: &mut Vec<Example>, more: impl IntoIterator<Item = Example>) {
    kept.extend(more);
    kept.sort();
    kept.dedup();
    kept.truncate(EXAMPLES);
}

/// The catalogue of what `text` holds: a report, a catalogue, or any number of them one after
/// the other (JSON Lines, or pretty-printed documents concatenated). `what` names the input in
/// messages.
///
/// Each document is read twice from its text, never through a `serde_json::Value`: once for its
/// schema, once into the model that schema names (the catalogue of 10,000 reports is mostly
/// parsing; see docs/performance.md).
pub fn read(text: &str, what: &str) -> Result<Catalogue, String> {
    if text.trim().is_empty() {
        return Err(format!("{what}: empty"));
    }
    let mut catalogue = Catalogue::default();
    let documents = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    for (number, document) in documents.enumerate() {
        let what = || format!("{what}, document {}", number + 1);
        let document = document.map_err(|e| format!("{}: not JSON: {e}", what()))?;
        catalogue.merge(from_document(document.get(), &what())?);
    }
    Ok(catalogue)
}

/// Only the schema of a document (every other key is skipped unread).
#[derive(Deserialize)]
struct Schema<'a> {
    #[serde(borrow, default)]
    schema: Option<std::borrow::Cow<'a, str>>,
}

fn from_document(text: &str, what: &str) -> Result<Catalogue, String> {
    let schema: Schema<'_> = serde_json::from_str(text).map_err(|e| format!("{what}: {e}"))?;
    match schema.schema.as_deref().unwrap_or("") {
        SCHEMA => {
            let report: ReportDocument =
                serde_json::from_str(text).map_err(|e| format!("{what}: {e}"))?;
            Ok(Catalogue::from_report(&report))
        }
        CATALOGUE_SCHEMA => serde_json::from_str(text).map_err(|e| format!("{what}: {e}")),
        other => Err(format!(
            "{what}: schema {other:?} is neither a report ({SCHEMA}) nor a catalogue \
             ({CATALOGUE_SCHEMA})"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{field_shape, read};

    #[test]
    fn a_catalogue_written_before_formats_and_samples_reads_and_merges() {
        let older = r#"{"schema": "whydiff-catalogue/1", "reports": 1, "identical": 0,
            "causes": {"entry-mtime": {"category": "timestamp", "pairs": 1, "differences": 2,
            "places": 2, "examples": []}}}"#;
        let mut catalogue = read(older, "older").unwrap();
        catalogue.merge(read(older, "older").unwrap());
        let entry = &catalogue.causes["entry-mtime"];
        assert_eq!((entry.pairs, entry.differences), (2, 4));
        assert!(entry.formats.is_empty() && entry.fields.smallest.is_empty());
        assert!(!catalogue.to_json().contains("confirmed"));
    }

    #[test]
    fn field_shapes_leave_out_index_numbers_only() {
        assert_eq!(
            field_shape("dwarf.unit[12]/compile_unit.DW_AT_comp_dir"),
            "dwarf.unit[]/compile_unit.DW_AT_comp_dir"
        );
        assert_eq!(field_shape("a[0][1].b[x]"), "a[][].b[x]");
        assert_eq!(field_shape("zip.mtime"), "zip.mtime");
        assert_eq!(field_shape("odd[12"), "odd[12");
        assert_eq!(field_shape("[]["), "[][");
    }
}
