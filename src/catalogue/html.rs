//! The catalogue as one self-contained HTML page: the same summary table, sections and appendix
//! as the Markdown ([`super::markdown`]), with no script and nothing loaded from anywhere (its
//! Content-Security-Policy allows inline style only). Every value that comes from an input is
//! escaped by [`crate::html::escape`], in text and in attributes.

use std::fmt::Write;

use super::outline::{self, Section};
use super::{rb_types, Catalogue, Example};
use crate::html::{code, content_security_policy_meta, escape, STYLE};

/// The catalogue as an HTML document, ending with a newline. Same catalogue, same bytes.
pub fn render(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{}\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>",
        content_security_policy_meta(),
        title = outline::TITLE
    );
    let _ = writeln!(
        out,
        "<p>From {} build pairs ({} identical), by root cause.</p>",
        catalogue.reports, catalogue.identical
    );
    let sections = outline::sections(catalogue);
    if sections.is_empty() {
        out.push_str(
            "<p>No root cause was found: every pair was identical.</p>\n</body>\n</html>\n",
        );
        return out;
    }
    out.push_str(
        "<table>\n<thead><tr><th>category</th><th>cause</th><th>build pairs</th><th>places</th>\
         <th>formats</th><th>fix</th></tr></thead>\n<tbody>\n",
    );
    for section in &sections {
        let formats: Vec<String> = section.entry.formats.iter().map(|f| code(f)).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><a href=\"#{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&section.entry.category),
            anchor(section.id),
            code(section.id),
            section.entry.pairs,
            section.entry.places,
            formats.join(", "),
            escape(section.short_remedy())
        );
    }
    out.push_str("</tbody>\n</table>\n");
    for section in &sections {
        render_section(&mut out, section);
    }
    render_appendix(&mut out);
    out.push_str("</body>\n</html>\n");
    out
}

/// A fragment id for a cause: its id's letters, digits and dashes (any other character, which
/// only a hand-written catalogue could hold, as `_` and its code point).
fn anchor(id: &str) -> String {
    let mut out = String::from("cause-");
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}", u32::from(c));
        }
    }
    out
}

fn render_section(out: &mut String, section: &Section<'_>) {
    let entry = section.entry;
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{} <span class=\"category\">({})</span></h2>",
        anchor(section.id),
        code(section.id),
        escape(&entry.category)
    );
    if !section.summary().is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"summary\">{}</p>",
            escape(section.summary())
        );
    }
    if !section.explanation().is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(section.explanation()));
    }
    let _ = writeln!(
        out,
        "<p>Seen in {} build pairs: {} differences at {} places.</p>\n<p>{}</p>",
        entry.pairs,
        entry.differences,
        entry.places,
        outline::where_seen(entry, code)
    );
    if !entry.confirmed_by.is_empty() {
        let variations: Vec<String> = entry.confirmed_by.iter().map(|v| code(v)).collect();
        let _ = writeln!(
            out,
            "<p>Reproduced by varying: {} ({} of its differences).</p>",
            variations.join(", "),
            entry.confirmed
        );
    }
    if !entry.examples.is_empty() {
        out.push_str("<ul>\n");
        for example in &entry.examples {
            let _ = writeln!(out, "<li>{}</li>", example_item(example));
        }
        out.push_str("</ul>\n");
    }
    if !section.remedy().is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"fix\">Fix: {}</p>",
            escape(section.remedy())
        );
    }
    let types = section.issue_types();
    if !types.is_empty() {
        let links: Vec<String> = types.iter().map(|t| link(t)).collect();
        let _ = writeln!(
            out,
            "<p>reproducible-builds.org issue types: {}.</p>",
            links.join(", ")
        );
    }
    out.push_str("</section>\n");
}

fn render_appendix(out: &mut String) {
    let _ = writeln!(
        out,
        "<section id=\"rb-issue-types\">\n<h2>{}</h2>\n<p>{}</p>",
        outline::APPENDIX,
        escape(outline::APPENDIX_INTRO)
    );
    for entry in outline::appendix(link, code) {
        let _ = writeln!(out, "<h3>{}</h3>", entry.category);
        if !entry.recognized.is_empty() {
            let _ = writeln!(out, "<p>Recognized: {}.</p>", entry.recognized.join(", "));
        }
        if !entry.unrecognized.is_empty() {
            let _ = writeln!(
                out,
                "<p>Not recognized: {}.</p>",
                entry.unrecognized.join(", ")
            );
        }
    }
    out.push_str("</section>\n");
}

fn link(issue_type: &str) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        escape(&rb_types::url(issue_type)),
        escape(issue_type)
    )
}

fn example_item(example: &Example) -> String {
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
