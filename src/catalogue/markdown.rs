//! The catalogue as Markdown: a summary table (category, cause, how many build pairs and places
//! show it, in which formats, the fix), a section per cause — what it means and why it happens,
//! where it was seen, the variations that reproduced it, its examples, its remedy and the
//! reproducible-builds.org issue types it catches — and an appendix of those issue types by
//! category, recognized or not.
//!
//! Every value that comes from an artifact or an input (paths, names, values, fields, formats,
//! even cause ids and categories, which a hand-written catalogue could hold) is escaped so that
//! it cannot break a table, a code span, a link or the page.

use std::fmt::Write;

use super::outline::{self, Section};
use super::{rb_types, Catalogue, Example};
use crate::report::escape::{
    markdown_code as code, markdown_code_cell as code_cell, markdown_literal as literal,
    markdown_prose as prose,
};

/// The catalogue as a Markdown document, ending with a newline. Same catalogue, same bytes.
pub fn render(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", outline::TITLE);
    let _ = writeln!(
        out,
        "From {} build pairs ({} identical), by root cause.\n",
        catalogue.reports, catalogue.identical
    );
    let sections = outline::sections(catalogue);
    if sections.is_empty() {
        out.push_str("No root cause was found: every pair was identical.\n");
        return out;
    }
    out.push_str(
        "| category | cause | build pairs | places | formats | fix |\n\
         |---|---|---|---|---|---|\n",
    );
    for section in &sections {
        let formats: Vec<String> = section.entry.formats.iter().map(|f| code_cell(f)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            literal(&section.entry.category),
            code_cell(section.id),
            section.entry.pairs,
            section.entry.places,
            formats.join(", "),
            prose(section.short_remedy()).replace('|', "\\|")
        );
    }
    for section in &sections {
        render_section(&mut out, section);
    }
    render_appendix(&mut out);
    out
}

fn render_section(out: &mut String, section: &Section<'_>) {
    let entry = section.entry;
    let _ = write!(
        out,
        "\n## {} ({})\n\n",
        code(section.id),
        literal(&entry.category)
    );
    if !section.summary().is_empty() {
        let _ = writeln!(out, "{}\n", prose(section.summary()));
    }
    if !section.explanation().is_empty() {
        let _ = writeln!(out, "{}\n", prose(section.explanation()));
    }
    let _ = writeln!(
        out,
        "Seen in {} build pairs: {} differences at {} places.\n",
        entry.pairs, entry.differences, entry.places
    );
    let _ = writeln!(out, "{}\n", outline::where_seen(entry, code));
    if !entry.confirmed_by.is_empty() {
        let variations: Vec<String> = entry.confirmed_by.iter().map(|v| code(v)).collect();
        let _ = writeln!(
            out,
            "Reproduced by varying: {} ({} of its differences).\n",
            variations.join(", "),
            entry.confirmed
        );
    }
    for example in &entry.examples {
        let _ = writeln!(out, "- {}", example_line(example));
    }
    if !section.remedy().is_empty() {
        let _ = writeln!(out, "\nFix: {}", prose(section.remedy()));
    }
    let types = section.issue_types();
    if !types.is_empty() {
        let links: Vec<String> = types.iter().map(|t| link(t)).collect();
        let _ = writeln!(
            out,
            "\nreproducible-builds.org issue types: {}.",
            links.join(", ")
        );
    }
}

fn render_appendix(out: &mut String) {
    let _ = write!(out, "\n## {}\n\n", outline::APPENDIX);
    let _ = writeln!(out, "{}", outline::APPENDIX_INTRO);
    for entry in outline::appendix(link, code) {
        let _ = write!(out, "\n### {}\n\n", entry.category);
        if !entry.recognized.is_empty() {
            let _ = writeln!(out, "Recognized: {}.", entry.recognized.join(", "));
        }
        if !entry.unrecognized.is_empty() {
            if !entry.recognized.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "Not recognized: {}.", entry.unrecognized.join(", "));
        }
    }
}

/// A link to an issue type's page. Names come from whydiff's own table and are letters, digits,
/// `_` and `-` (tested), which mean nothing in link text (`_` inside a word is no emphasis).
fn link(issue_type: &str) -> String {
    format!("[{issue_type}]({})", rb_types::url(issue_type))
}

fn example_line(example: &Example) -> String {
    let value = |v: &Option<String>| v.as_deref().map_or("(absent)".to_owned(), code);
    format!(
        "{}: {} → {} (in {} vs {})",
        code(&outline::place(&example.path, example.field.as_deref())),
        value(&example.left),
        value(&example.right),
        code(&example.pair[0]),
        code(&example.pair[1])
    )
}
