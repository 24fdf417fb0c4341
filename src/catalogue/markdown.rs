//! The catalogue as Markdown: a summary table (category, cause, how many build pairs and places
//! show it, the fix) and a section per cause with what it means, its examples and its remedy.
//! Every value that comes from an artifact (paths, names, values) is escaped so that it cannot
//! break a table, a code span or the page.

use std::fmt::Write;

use super::{Catalogue, CauseEntry, Example};
use crate::classify::Cause;

/// The catalogue as a Markdown document, ending with a newline. Same catalogue, same bytes.
pub fn render(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    out.push_str("# Ways these builds are not reproducible\n\n");
    let _ = writeln!(
        out,
        "From {} build pairs ({} identical), by root cause.\n",
        catalogue.reports, catalogue.identical
    );
    if catalogue.causes.is_empty() {
        out.push_str("No root cause was found: every pair was identical.\n");
        return out;
    }
    let mut causes: Vec<(&String, &CauseEntry)> = catalogue.causes.iter().collect();
    // Most widespread first; ties by category and cause id, so the order is always the same.
    causes.sort_by(|a, b| {
        b.1.pairs
            .cmp(&a.1.pairs)
            .then_with(|| a.1.category.cmp(&b.1.category))
            .then_with(|| a.0.cmp(b.0))
    });
    out.push_str("| category | cause | build pairs | places | fix |\n|---|---|---|---|---|\n");
    for (id, entry) in &causes {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            cell(&entry.category),
            cell(id),
            entry.pairs,
            entry.places,
            cell(first_sentence(remedy(id)))
        );
    }
    for (id, entry) in &causes {
        let _ = write!(out, "\n## `{}` ({})\n\n", cell(id), cell(&entry.category));
        if let Some(summary) = cause(id).map(Cause::summary) {
            let _ = writeln!(out, "{}\n", text(summary));
        }
        let _ = writeln!(
            out,
            "Seen in {} build pairs: {} differences at {} places.\n",
            entry.pairs, entry.differences, entry.places
        );
        for example in &entry.examples {
            let _ = writeln!(out, "- {}", example_line(example));
        }
        let fix = remedy(id);
        if !fix.is_empty() {
            let _ = writeln!(out, "\nFix: {}", text(fix));
        }
    }
    out
}

fn cause(id: &str) -> Option<Cause> {
    Cause::ALL.iter().copied().find(|c| c.id() == id)
}

fn remedy(id: &str) -> &'static str {
    cause(id).map_or("", Cause::remedy)
}

fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |end| &text[..=end])
}

fn example_line(example: &Example) -> String {
    let place = match &example.field {
        Some(field) => format!("{} {}", example.path.join(" › "), field),
        None => example.path.join(" › "),
    };
    let value = |v: &Option<String>| v.as_deref().map_or("(absent)".to_owned(), code);
    format!(
        "{}: {} → {} (in {} vs {})",
        code(&place),
        value(&example.left),
        value(&example.right),
        code(&example.pair[0]),
        code(&example.pair[1])
    )
}

/// Text for a paragraph: HTML's special characters escaped, lines joined.
fn text(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

/// Text for a table cell: as [`text`], with `|` escaped.
fn cell(value: &str) -> String {
    text(value).replace('|', "\\|")
}

/// A code span holding `value` as it is (for list items, not tables): fenced by more backticks
/// than any run inside, on one line, at most 200 characters (an ellipsis marks a cut).
fn code(value: &str) -> String {
    const MAX: usize = 200;
    let mut shown: String = value
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .take(MAX)
        .collect();
    if value.chars().count() > MAX {
        shown.push('…');
    }
    let longest = shown.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {shown} {fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_stay_inside_their_span_and_cell() {
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("x|y\nz"), "` x|y z `");
        assert_eq!(cell("<script>|"), "&lt;script&gt;\\|");
        assert!(code(&"a".repeat(300)).ends_with("… `"));
    }
}
