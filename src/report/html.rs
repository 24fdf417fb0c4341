//! The HTML report: one self-contained page to explore a comparison — the verdict, the causes
//! with their fixes, every difference by cause or in a tree of artifacts and members, both values
//! side by side, consequences folded under their cause, filters, search and a permalink per
//! difference.
//!
//! The report is embedded once, as compact JSON (each repeated string stored once), with the
//! view model's grouping beside it; the page's script renders from it lazily (a cause's differences when it is opened,
//! a page at a time), so a comparison of 100,000 differences is a few tens of megabytes, not a
//! DOM of hundreds. Nothing from the artifacts is ever parsed as HTML: the JSON cannot close its
//! `<script>` element (every `<` is written `\u003c`), the script builds text nodes only, and a
//! Content-Security-Policy allows nothing but the page's own script and style, by hash.

use std::io::Write;

use serde::Serialize;

use std::collections::HashMap;

use super::view::{View, ViewOptions};
use super::{Report, Side};
use crate::difference::{Difference, ObservedKind};
use crate::html::{csp_hash, escape as html, STYLE};

/// The page's script: renders the embedded report.
const SCRIPT: &str = include_str!("html/report.js");

/// What the page's script draws from: the report, with every repeated string (path segments,
/// fields, causes, evidence) stored once in `strings` and each difference as an array of indexes
/// and values ([`Row`]); plus the view model's grouping by cause.
#[derive(Serialize)]
struct PageData<'a> {
    left: &'a Side,
    right: &'a Side,
    identical: bool,
    /// Differences per category, in contract order.
    summary: Vec<(&'static str, usize)>,
    strings: Vec<&'a str>,
    differences: Vec<Row<'a>>,
    notes: Vec<(Vec<&'a str>, &'a str)>,
    causes: Vec<CauseData<'a>>,
}

/// One difference: id, path (string indexes), field, category, cause, left, right, evidence,
/// derived_from, location, changed word runs (left, right), looks_like.
#[derive(Serialize)]
struct Row<'a>(
    usize,
    Vec<usize>,
    Option<usize>,
    usize,
    usize,
    Option<&'a str>,
    Option<&'a str>,
    usize,
    &'a [usize],
    Option<&'a str>,
    Vec<(&'a str, &'a str)>,
    Option<String>,
);

/// One cause's group: root difference ids, and the derived ids folded under it.
#[derive(Serialize)]
struct CauseData<'a> {
    cause: &'static str,
    category: &'static str,
    summary: &'static str,
    remedy: &'a str,
    roots: Vec<usize>,
    folded: Vec<usize>,
    /// What many of its differences share, said once (see [`super::view::Shared`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    shared: Vec<SharedData<'a>>,
}

/// A line said once for many differences: `build directory A → B, in 294 files (…)`.
#[derive(Serialize)]
struct SharedData<'a> {
    subject: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    left: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    right: Option<&'a str>,
    files: usize,
    places: &'a [String],
}

/// The shared lines of `group`.
fn shared_data<'a>(group: &'a super::view::CauseGroup) -> Vec<SharedData<'a>> {
    group
        .shown
        .iter()
        .filter_map(|run| match run {
            super::view::Run::Shared(shared) => Some(SharedData {
                subject: &shared.subject,
                left: shared.values.as_ref().map(|(l, _)| l.as_str()),
                right: shared.values.as_ref().map(|(_, r)| r.as_str()),
                files: shared.place_count,
                places: &shared.places,
            }),
            _ => None,
        })
        .collect()
}

/// Strings numbered in order of first use.
#[derive(Default)]
struct Interner<'a> {
    strings: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Interner<'a> {
    fn intern(&mut self, text: &'a str) -> usize {
        *self.index.entry(text).or_insert_with(|| {
            self.strings.push(text);
            self.strings.len() - 1
        })
    }
}

/// Writes the HTML report of `report` to `out`.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let view = View::new(report, ViewOptions { verbose: true });
    // The page lists every difference, and says once what many of them share, as the text does.
    let brief = View::new(report, ViewOptions::default());
    let mut strings = Interner::default();
    let differences = report
        .differences
        .iter()
        .map(|d| row(d, &mut strings))
        .collect();
    let data = PageData {
        left: &report.left,
        right: &report.right,
        identical: report.identical(),
        summary: report
            .summary()
            .into_iter()
            .map(|(c, n)| (c.id(), n))
            .collect(),
        strings: strings.strings,
        differences,
        notes: report
            .notes
            .iter()
            .map(|n| (n.path.iter().map(String::as_str).collect(), n.text.as_str()))
            .collect(),
        causes: view
            .causes
            .iter()
            .map(|group| CauseData {
                cause: group.cause.id(),
                category: group.cause.category().id(),
                summary: group.cause.summary(),
                remedy: &group.remedy,
                roots: group.differences.iter().map(|d| d.id).collect(),
                folded: group.folded.iter().map(|d| d.id).collect(),
                shared: brief
                    .causes
                    .iter()
                    .find(|b| b.cause == group.cause)
                    .map(shared_data)
                    .unwrap_or_default(),
            })
            .collect(),
    };
    let title = if report.identical() {
        format!(
            "whydiff: {} and {} are identical",
            report.left.path, report.right.path
        )
    } else {
        format!(
            "whydiff: why {} and {} differ",
            report.left.path, report.right.path
        )
    };
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <noscript>This report is drawn by its script; its data is in the <code>data</code> \
         element as JSON (whydiff diff --format json writes the full report).</noscript>\n\
         <main id=\"app\"></main>\n<script type=\"application/json\" id=\"data\">",
        content_security_policy(),
        html(&title)
    )?;
    serde_json::to_writer(ScriptSafe(&mut *out), &data)?;
    write!(
        out,
        "</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
}

fn row<'a>(d: &'a Difference, strings: &mut Interner<'a>) -> Row<'a> {
    let changes = match &d.observed.kind {
        ObservedKind::TextHunk { changes } => changes
            .iter()
            .map(|(l, r)| (l.as_str(), r.as_str()))
            .collect(),
        _ => Vec::new(),
    };
    Row(
        d.id,
        d.observed.path.iter().map(|s| strings.intern(s)).collect(),
        d.observed.field.as_deref().map(|f| strings.intern(f)),
        strings.intern(d.category.id()),
        strings.intern(d.cause.id()),
        d.observed.left.as_deref(),
        d.observed.right.as_deref(),
        strings.intern(&d.evidence),
        &d.derived_from,
        d.observed.location.as_deref(),
        changes,
        d.looks_like
            .map(|cause| format!("{}/{}", cause.category(), cause)),
    )
}

/// The page's policy: nothing from anywhere, except its own script and style (by hash) and
/// images drawn from `data:` (none today).
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; base-uri 'none'; \
         form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    )
}

/// Writes JSON with every `<` as `\u003c`, so that no string in it can end the `<script>`
/// element that holds it or open a comment (outside strings, JSON has no `<`).
struct ScriptSafe<W>(W);

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = rest.iter().position(|&b| b == b'<') {
            let (before, after) = rest.split_at(at);
            self.0.write_all(before)?;
            self.0.write_all(b"\\u003c")?;
            rest = after.get(1..).unwrap_or_default();
        }
        self.0.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_script() {
        let mut out = Vec::new();
        serde_json::to_writer(ScriptSafe(&mut out), &["</script><!--", "a<b"]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('<'), "{text}");
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, ["</script><!--", "a<b"]);
    }

    #[test]
    fn the_policy_names_the_script_and_style_by_hash() {
        let policy = content_security_policy();
        assert!(policy.starts_with("default-src 'none'; script-src 'sha256-"));
        assert!(!policy.contains("unsafe"));
    }
}
