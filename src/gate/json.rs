//! The check's outcome for programs: JSON of schema `whydiff-check/1` (docs/check.md).
//!
//! ```json
//! {
//!   "schema": "whydiff-check/1",
//!   "left": "a/app.pyz", "right": "b/app.pyz",
//!   "passed": false,
//!   "roots": 19,
//!   "known": [{"category": "timestamp", "cause": "entry-mtime", "path": null, "note": null, "count": 18}],
//!   "new": [{"category": "build-path", "cause": "build-directory", "count": 1,
//!            "examples": [{"path": ["app.pyz", "x"], "field": null, "left": "…", "right": "…", "evidence": "…"}]}],
//!   "fixed": [{"category": "ordering", "cause": "member-order", "path": "app.pyz/**", "note": "…"}]
//! }
//! ```

use std::io::{self, Write};

use serde::Serialize;

use super::baseline::KnownClass;
use super::check::{NewClass, Outcome};

/// The schema id of the check's JSON.
pub const SCHEMA: &str = "whydiff-check/1";

#[derive(Serialize)]
struct JsonOutcome<'a> {
    schema: &'static str,
    left: &'a str,
    right: &'a str,
    passed: bool,
    roots: usize,
    known: Vec<JsonClass<'a>>,
    new: &'a [NewClass],
    fixed: Vec<JsonClass<'a>>,
}

#[derive(Serialize)]
struct JsonClass<'a> {
    category: &'a str,
    cause: &'a str,
    path: Option<&'a str>,
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

fn class(class: &KnownClass, count: Option<usize>) -> JsonClass<'_> {
    JsonClass {
        category: &class.category,
        cause: &class.cause,
        path: class.path.as_ref().map(|g| g.as_str()),
        note: class.note.as_deref(),
        count,
    }
}

/// Writes `outcome` as pretty JSON, ending with a newline.
pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let document = JsonOutcome {
        schema: SCHEMA,
        left: &outcome.left,
        right: &outcome.right,
        passed: outcome.passed(),
        roots: outcome.roots,
        known: outcome
            .known
            .iter()
            .map(|k| class(&k.class, Some(k.count)))
            .collect(),
        new: &outcome.new,
        fixed: outcome.fixed.iter().map(|f| class(f, None)).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
