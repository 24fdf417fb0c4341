//! The check's outcome as SARIF 2.1.0 (validated against the OASIS schema in
//! `tests/schemas/`), for code-scanning services (GitHub's `upload-sarif`).
//!
//! - One rule per cause that occurs (sorted by id): `shortDescription` its summary, `help` its
//!   remedy (when it has one), its category in `properties`.
//! - One result per new class, `level: error`, its message naming the class, its count and its
//!   first example, one logical location per example; one result per known class that occurs,
//!   `level: note`, so that the accepted classes stay visible without failing anything. Fixed
//!   classes are not results (nothing occurs); the text, JSON and JUnit outputs list them.
//! - Every result's physical location is the right build as given on the command line (as a
//!   percent-encoded URI reference); where in it is the logical location: the difference's path,
//!   its levels joined with `/` (`fullyQualifiedName`, kind `member`).
//! - `partialFingerprints.whydiffClass/v1` is the class's label, stable from run to run.

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::check::{Example, Outcome};
use super::glob::joined;
use crate::classify::Cause;

/// The schema `$schema` names.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes `outcome` as a SARIF 2.1.0 log with one run.
pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let causes: BTreeSet<(&str, &str)> = outcome
        .new
        .iter()
        .map(|n| (n.cause.as_str(), n.category.as_str()))
        .chain(
            outcome
                .known
                .iter()
                .map(|k| (k.class.cause.as_str(), k.class.category.as_str())),
        )
        .collect();
    let causes: Vec<(&str, &str)> = causes.into_iter().collect();
    let rule_index = |cause: &str| causes.iter().position(|(c, _)| *c == cause);
    let rules: Vec<Value> = causes
        .iter()
        .map(|(cause, category)| rule(cause, category))
        .collect();
    let artifact = json!({ "uri": uri_reference(&outcome.right) });
    let mut results = Vec::new();
    for new in &outcome.new {
        let mut text = format!(
            "New class of differences {}: {} in no class of the baseline, between {} and {}.",
            new.label(),
            counted(new.count),
            outcome.left,
            outcome.right
        );
        if let Some(example) = new.examples.first() {
            text.push_str(&format!(" For example: {}", example_text(example)));
        }
        let logical: Vec<Value> = new.examples.iter().map(logical_location).collect();
        results.push(json!({
            "ruleId": new.cause,
            "ruleIndex": rule_index(&new.cause),
            "level": "error",
            "message": { "text": text },
            "locations": [{
                "physicalLocation": { "artifactLocation": artifact },
                "logicalLocations": logical,
            }],
            "partialFingerprints": { "whydiffClass/v1": new.label() },
            "properties": { "category": new.category, "count": new.count, "known": false },
        }));
    }
    for known in &outcome.known {
        let class = &known.class;
        let mut text = format!(
            "Known class of differences {}: {} between {} and {}.",
            class.label(),
            counted(known.count),
            outcome.left,
            outcome.right
        );
        if let Some(note) = &class.note {
            text.push_str(&format!(" Note: {note}"));
        }
        results.push(json!({
            "ruleId": class.cause,
            "ruleIndex": rule_index(&class.cause),
            "level": "note",
            "message": { "text": text },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact } }],
            "partialFingerprints": { "whydiffClass/v1": class.label() },
            "properties": { "category": class.category, "count": known.count, "known": true },
        }));
    }
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "whydiff",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// The rule of a cause: its summary and remedy when whydiff knows the id.
fn rule(cause: &str, category: &str) -> Value {
    let known = Cause::ALL.iter().find(|c| c.id() == cause);
    let summary = known.map_or(cause, |c| c.summary());
    let mut rule = json!({
        "id": cause,
        "shortDescription": { "text": summary },
        "properties": { "category": category },
    });
    if let Some(remedy) = known.map(|c| c.remedy()).filter(|r| !r.is_empty()) {
        rule["help"] = json!({ "text": remedy });
    }
    rule
}

fn logical_location(example: &Example) -> Value {
    let mut location = json!({
        "fullyQualifiedName": joined(&example.path),
        "kind": "member",
    });
    if let Some(name) = example.path.last() {
        location["name"] = json!(name);
    }
    location
}

fn example_text(example: &Example) -> String {
    let mut text = joined(&example.path);
    if let Some(field) = &example.field {
        text.push_str(&format!(" {field}"));
    }
    text.push_str(&format!(
        ": {} → {} ({})",
        example.left.as_deref().unwrap_or("(absent)"),
        example.right.as_deref().unwrap_or("(absent)"),
        example.evidence
    ));
    text
}

fn counted(count: usize) -> String {
    if count == 1 {
        "1 difference".to_owned()
    } else {
        format!("{count} differences")
    }
}

/// A path as a URI reference: every byte but unreserved characters and `/` percent-encoded.
fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_reference("dist/a b.whl"), "dist/a%20b.whl");
        assert_eq!(uri_reference("x%y:z\\é"), "x%25y%3Az%5C%C3%A9");
    }
}
