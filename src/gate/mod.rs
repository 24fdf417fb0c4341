//! The CI gate: a [`Baseline`] of the classes of differences a project knows its builds have,
//! and [`check`], which holds a report against it — passing while every root difference is in a
//! known class, failing on a new class, telling the classes that no longer occur (fixed).
//!
//! A class is a category, a cause and optionally a path glob ([`glob`]); `content` is a class
//! like any other. The outcome is printed as text ([`text`]), JSON `whydiff-check/1`
//! ([`json`]), JUnit XML ([`junit`]), SARIF 2.1.0 ([`sarif`]) and GitHub Actions workflow
//! commands ([`github`]); every printer is a pure function writing to a stream, and sorts what
//! it prints.

pub mod baseline;
pub mod check;
pub mod github;
pub mod glob;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

pub use baseline::{Baseline, BaselineError, KnownClass};
pub use check::{baseline_from, check, update, Outcome};

use crate::report::document::{ReadError, ReportDocument};
use crate::report::{json as report_json, Report};

/// The report as the gate reads it: the in-memory report as its JSON would be read back, so
/// that a comparison and a saved report (`--report`) are checked alike.
pub fn document_of(report: &Report) -> Result<ReportDocument, ReadError> {
    ReportDocument::from_json(&report_json::render(report))
}

/// `text` with every control character spelled out (`\n`, `\r`, `\t`, `\u{1b}`…), for output
/// read on a terminal or in a log, where a raw one could forge or hide lines.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_spells_out_every_control_character() {
        assert_eq!(
            printable("a\nb\rc\td\u{1b}[31m\u{0}\u{85}\u{2028}é|`<&\"%::"),
            "a\\nb\\rc\\td\\u{1b}[31m\\u{0}\\u{85}\\u{2028}é|`<&\"%::"
        );
    }
}
