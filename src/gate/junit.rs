//! The check's outcome as JUnit XML, as Jenkins' junit plugin and GitLab's
//! `artifacts:reports:junit` read it (validated against `tests/schemas/jenkins-junit.xsd`).
//!
//! One `<testsuite name="whydiff check">`, with the two builds as properties, and one
//! `<testcase>` per class, `classname` its category and `name` its label:
//!
//! - a known class that occurs passes, its count and note in `<system-out>`;
//! - a new class fails: one `<failure>` whose text lists its examples with their evidence;
//! - a fixed class (in the baseline, no longer occurring) passes too, with a `<system-out>`
//!   saying to remove it: it is not a failure, and `<skipped>` would count it as a test not run.
//!
//! Text is escaped for XML 1.0: `&`, `<`, `>`, `"` and `'` as entities (so `]]>` cannot appear),
//! tab, newline and carriage return in attributes as character references, and the characters
//! XML 1.0 forbids (other control characters, U+FFFE, U+FFFF) spelled out as `\u{…}`.

use std::io::{self, Write};

use super::check::{Example, Outcome};
use super::glob::joined;

/// Writes `outcome` as a JUnit XML document.
pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let tests = outcome.known.len() + outcome.new.len() + outcome.fixed.len();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuite name="whydiff check" tests="{tests}" failures="{}" errors="0" skipped="0">"#,
        outcome.new.len()
    )?;
    writeln!(out, "  <properties>")?;
    writeln!(
        out,
        r#"    <property name="left" value="{}"/>"#,
        escape(&outcome.left)
    )?;
    writeln!(
        out,
        r#"    <property name="right" value="{}"/>"#,
        escape(&outcome.right)
    )?;
    writeln!(out, "  </properties>")?;
    for known in &outcome.known {
        open_case(&known.class.category, &known.class.label(), out)?;
        let mut message = format!("known class: {}", counted(known.count));
        if let Some(note) = &known.class.note {
            message.push_str(&format!("\nnote: {note}"));
        }
        writeln!(out, "    <system-out>{}</system-out>", escape(&message))?;
        writeln!(out, "  </testcase>")?;
    }
    for new in &outcome.new {
        open_case(&new.category, &new.label(), out)?;
        let message = format!(
            "new class {}: {}, in no class of the baseline",
            new.label(),
            counted(new.count)
        );
        let mut body = String::new();
        for example in &new.examples {
            body.push_str(&example_text(example));
        }
        if new.count > new.examples.len() {
            body.push_str(&format!("… and {} more\n", new.count - new.examples.len()));
        }
        writeln!(
            out,
            r#"    <failure type="{}" message="{}">{}</failure>"#,
            escape(&new.cause),
            escape(&message),
            escape(&body)
        )?;
        writeln!(out, "  </testcase>")?;
    }
    for fixed in &outcome.fixed {
        open_case(&fixed.category, &fixed.label(), out)?;
        let message = format!(
            "fixed: {} no longer occurs — remove it from the baseline or run --update-baseline",
            fixed.label()
        );
        writeln!(out, "    <system-out>{}</system-out>", escape(&message))?;
        writeln!(out, "  </testcase>")?;
    }
    writeln!(out, "</testsuite>")
}

fn open_case(category: &str, label: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        r#"  <testcase classname="whydiff.{}" name="{}">"#,
        escape(category),
        escape(label)
    )
}

fn example_text(example: &Example) -> String {
    let mut text = joined(&example.path);
    if let Some(field) = &example.field {
        text.push_str(&format!(" {field}"));
    }
    if let Some(location) = &example.location {
        text.push_str(&format!(" ({location})"));
    }
    text.push('\n');
    if example.left.is_some() || example.right.is_some() {
        text.push_str(&format!(
            "  {} → {}\n",
            example.left.as_deref().unwrap_or("(absent)"),
            example.right.as_deref().unwrap_or("(absent)")
        ));
    }
    text.push_str(&format!("  evidence: {}\n", example.evidence));
    text
}

fn counted(count: usize) -> String {
    if count == 1 {
        "1 difference".to_owned()
    } else {
        format!("{count} differences")
    }
}

/// `text` escaped for an XML 1.0 attribute value or element content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !allowed_in_xml(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows the character in a document (its `Char` production).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_forbidden_character() {
        let hostile = "a<b>&\"c\"]]>\u{1}\u{fffe}\r\n'";
        let escaped = escape(hostile);
        assert_eq!(
            escaped,
            "a&lt;b&gt;&amp;&quot;c&quot;]]&gt;\\u{1}\\u{fffe}&#13;&#10;&apos;"
        );
        assert!(escaped.chars().all(allowed_in_xml));
    }
}
