//! The check's outcome for people: one line per class (known, NEW with examples, fixed), then
//! the verdict. Every value is passed through [`super::printable`]: no raw control character
//! reaches the terminal or the CI log.

use std::io::{self, Write};

use super::check::{Example, Outcome};
use super::glob::joined;
use super::printable;

/// The longest a left or right value is shown, in characters.
const VALUE_WIDTH: usize = 160;

/// Writes `outcome` as text.
pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "whydiff check: {} vs {}",
        printable(&outcome.left),
        printable(&outcome.right)
    )?;
    for known in &outcome.known {
        write!(
            out,
            "known: {} — {}",
            printable(&known.class.label()),
            differences(known.count)
        )?;
        if let Some(note) = &known.class.note {
            write!(out, " — note: {}", printable(note))?;
        }
        writeln!(out)?;
    }
    for new in &outcome.new {
        writeln!(
            out,
            "NEW: {} — {}, in no class of the baseline",
            printable(&new.label()),
            differences(new.count)
        )?;
        for example in &new.examples {
            write_example(example, out)?;
        }
        if new.count > new.examples.len() {
            writeln!(out, "  … and {} more", new.count - new.examples.len())?;
        }
    }
    for fixed in &outcome.fixed {
        writeln!(
            out,
            "fixed: {} — remove it from the baseline or run --update-baseline",
            printable(&fixed.label())
        )?;
    }
    if outcome.passed() {
        writeln!(
            out,
            "PASS: every root difference ({}) is in a known class",
            outcome.roots
        )
    } else {
        let labels: Vec<_> = outcome.new.iter().map(|n| printable(&n.label())).collect();
        let count: usize = outcome.new.iter().map(|n| n.count).sum();
        writeln!(
            out,
            "FAIL: {} new {} ({}) not in the baseline: {}",
            labels.len(),
            if labels.len() == 1 {
                "class"
            } else {
                "classes"
            },
            differences(count),
            labels.join(", ")
        )
    }
}

fn write_example(example: &Example, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "  {}", printable(&joined(&example.path)))?;
    if let Some(field) = &example.field {
        write!(out, " {}", printable(field))?;
    }
    if let Some(location) = &example.location {
        write!(out, " ({})", printable(location))?;
    }
    writeln!(out)?;
    if example.left.is_some() || example.right.is_some() {
        writeln!(
            out,
            "    {} → {}",
            shown(example.left.as_deref()),
            shown(example.right.as_deref())
        )?;
    }
    writeln!(out, "    evidence: {}", printable(&example.evidence))
}

/// A value for display: printable, cut at [`VALUE_WIDTH`] characters, `(absent)` when none.
fn shown(value: Option<&str>) -> String {
    let Some(value) = value else {
        return "(absent)".to_owned();
    };
    let text = printable(value);
    if text.chars().count() > VALUE_WIDTH {
        let cut: String = text.chars().take(VALUE_WIDTH).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn differences(count: usize) -> String {
    if count == 1 {
        "1 difference".to_owned()
    } else {
        format!("{count} differences")
    }
}
