//! The JSON report read back: an owned model of `whydiff-report/1` that the commands consuming
//! reports (a catalogue merging them, a CI gate checking one against a baseline) parse, and that
//! serializes to the very bytes [`super::json`] wrote — so nothing of a report is lost between a
//! comparison and what reads it.
//!
//! A difference's `id` is its position in one report; [`DifferenceRecord::key`] is what stays the
//! same between two runs on the same builds: where it is (path and field) and what caused it.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::SCHEMA;

/// A whole report, as `whydiff diff --format json` writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDocument {
    pub schema: String,
    pub tool: ToolRecord,
    pub left: SideRecord,
    pub right: SideRecord,
    pub identical: bool,
    pub summary: Summary,
    pub differences: Vec<DifferenceRecord>,
    pub remedies: std::collections::BTreeMap<String, String>,
    pub notes: Vec<NoteRecord>,
    pub profiles: ProfilesRecord,
}

/// Which whydiff wrote the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolRecord {
    pub name: String,
    pub version: String,
}

/// One build, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideRecord {
    pub path: String,
    pub sha256: String,
}

/// How many differences each category holds, in the contract's order (kept as read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary(pub Vec<(String, u64)>);

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (category, count) in &self.0 {
            map.serialize_entry(category, count)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Summary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Summary;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of category to count")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Summary, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, u64>()? {
                    entries.push(entry);
                }
                Ok(Summary(entries))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DifferenceRecord {
    pub id: usize,
    pub path: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_hex: Option<Vec<Option<String>>>,
    pub field: Option<String>,
    /// The format of the artifact whose field or content differs (`zip`, `text`, `elf`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub category: String,
    pub cause: String,
    pub left: Option<String>,
    pub right: Option<String>,
    pub evidence: String,
    pub derived_from: Vec<usize>,
    /// In reports of `whydiff vary`: the variations whose change alone reproduces it (`[]` when
    /// it also appears between two unvaried builds). Absent in other reports, and kept absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_by: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ChangeRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub looks_like: Option<String>,
}

/// What a difference is, the same from one run to the next: its path, its field and its cause.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DifferenceKey {
    pub path: Vec<String>,
    pub field: Option<String>,
    pub cause: String,
}

impl DifferenceRecord {
    /// The difference's stable key (its `id` is only its position in this report).
    pub fn key(&self) -> DifferenceKey {
        DifferenceKey {
            path: self.path.clone(),
            field: self.field.clone(),
            cause: self.cause.clone(),
        }
    }

    /// Whether it is a root cause (anything but `derived`).
    pub fn is_root(&self) -> bool {
        self.category != "derived"
    }
}

/// One changed line pair of a text hunk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub left: String,
    pub right: String,
}

/// A note about a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRecord {
    pub path: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_hex: Option<Vec<Option<String>>>,
    pub note: String,
}

/// What whydiff believes about each build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfilesRecord {
    pub left: ProfileRecord,
    pub right: ProfileRecord,
}

/// One build's profile: its clock readings and what it is believed to have used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileRecord {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clock: Vec<ClockRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub directories: Vec<BeliefRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<BeliefRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<BeliefRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locales: Vec<BeliefRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<BeliefRecord>,
}

/// A clock reading and where it was learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockRecord {
    pub time: String,
    pub source: String,
    pub count: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub example: String,
}

/// A believed value and where it was learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeliefRecord {
    pub value: String,
    pub source: String,
}

/// Why a text is not a report this version reads.
#[derive(Debug)]
pub enum ReadError {
    /// Not JSON of the report's shape.
    Json(serde_json::Error),
    /// A report of another schema.
    Schema(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Json(error) => write!(f, "not a whydiff report: {error}"),
            ReadError::Schema(schema) => {
                write!(f, "a report of schema {schema:?}, where {SCHEMA:?} is read")
            }
        }
    }
}

impl std::error::Error for ReadError {}

impl ReportDocument {
    /// Reads a report written by `whydiff diff --format json`.
    pub fn from_json(text: &str) -> Result<Self, ReadError> {
        let document: ReportDocument = serde_json::from_str(text).map_err(ReadError::Json)?;
        if document.schema != SCHEMA {
            return Err(ReadError::Schema(document.schema));
        }
        Ok(document)
    }

    /// The report as JSON, byte for byte as `whydiff diff --format json` wrote it.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the report serializes");
        text.push('\n');
        text
    }

    /// The root differences (all but `derived`).
    pub fn roots(&self) -> impl Iterator<Item = &DifferenceRecord> {
        self.differences.iter().filter(|d| d.is_root())
    }
}
