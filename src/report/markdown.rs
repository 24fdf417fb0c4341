//! The Markdown report: a summary to paste into an issue or a pull-request comment — the
//! verdict, a table of causes with their fixes, then one folded `<details>` block per cause with
//! its first examples and the consequences folded under it.
//!
//! GitHub refuses comments past 65,536 characters: the document stays under [`MAX_CHARS`],
//! dropping examples first, then whole causes, and says what it cut. Every value from the
//! artifacts is escaped ([`super::escape`]) so that no member name breaks the table or the page.

use std::fmt::Write;

use super::escape::{markdown_code, markdown_fence, markdown_literal, markdown_prose};
use super::view::{self, CauseGroup, Run, View, ViewOptions};
use super::Report;
use crate::difference::{Difference, ObservedKind};
use crate::html::escape as html;

/// The longest document written, in characters: under GitHub's 65,536-character comment limit
/// with room for a line the user adds.
pub const MAX_CHARS: usize = 60_000;
/// Lines of a text hunk shown per side.
const HUNK_LINES: usize = 6;

/// Writes the Markdown report of `report` to `out`.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(report).as_bytes())
}

/// The Markdown report of `report`, at most [`MAX_CHARS`] characters.
pub fn render(report: &Report) -> String {
    let view = View::new(report, ViewOptions::default());
    let mut out = String::new();
    verdict(&mut out, &view);
    if report.identical() {
        return out;
    }
    cause_table(&mut out, &view);
    // Each cause's block in full if it fits; otherwise its heading alone; past the limit, nothing.
    let closing_reserve = 400;
    let mut cut_examples = 0usize;
    let mut cut_causes = 0usize;
    for group in &view.causes {
        let full = cause_details(group, true);
        let budget = MAX_CHARS.saturating_sub(closing_reserve);
        if chars(&out) + chars(&full) <= budget {
            out.push_str(&full);
            continue;
        }
        let brief = cause_details(group, false);
        if chars(&out) + chars(&brief) <= budget {
            out.push_str(&brief);
            cut_examples += group.differences.len();
        } else {
            cut_causes += 1;
        }
    }
    notes(&mut out, report, MAX_CHARS.saturating_sub(closing_reserve));
    if cut_examples > 0 || cut_causes > 0 {
        let _ = writeln!(
            out,
            "\n_Cut to fit a comment: the examples of {cut_examples} differences and {cut_causes} \
             causes are not shown here; `whydiff diff --format html` or `--format json` has all._"
        );
    }
    out
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn verdict(out: &mut String, view: &View) {
    let report = view.report;
    let (l, r) = (&report.left, &report.right);
    if report.identical() && report.bytes_differ() {
        let _ = writeln!(
            out,
            "### ✅ No differences\n\n{} and {} differ only in members `--exclude` left out \
             (sha256 `{}` and `{}`).",
            markdown_code(&l.path),
            markdown_code(&r.path),
            l.sha256,
            r.sha256
        );
        return;
    }
    if report.identical() {
        let _ = writeln!(
            out,
            "### ✅ Reproducible\n\n{} and {} are byte-identical (sha256 `{}`).",
            markdown_code(&l.path),
            markdown_code(&r.path),
            l.sha256
        );
        return;
    }
    let roots: Vec<&str> = view.roots.iter().map(|c| c.id()).collect();
    let total = report.differences.len();
    let _ = writeln!(
        out,
        "### ❌ Not reproducible\n\n{} and {} differ: {} root {} ({}), {total} {}, {} derived.\n",
        markdown_code(&l.path),
        markdown_code(&r.path),
        roots.len(),
        if roots.len() == 1 {
            "category"
        } else {
            "categories"
        },
        roots.join(", "),
        if total == 1 {
            "difference"
        } else {
            "differences"
        },
        view.derived_count
    );
    let _ = writeln!(out, "| side | path | sha256 |\n|---|---|---|");
    for (side, s) in [("left", l), ("right", r)] {
        let _ = writeln!(
            out,
            "| {side} | {} | `{}` |",
            markdown_literal(&s.path),
            s.sha256
        );
    }
}

fn cause_table(out: &mut String, view: &View) {
    let _ = writeln!(
        out,
        "\n| category | cause | differences | derived | fix |\n|---|---|--:|--:|---|"
    );
    for group in &view.causes {
        let cause = group.cause;
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            cause.category().id(),
            cause.id(),
            group.differences.len(),
            group.folded.len(),
            markdown_prose(first_sentence(&group.remedy)).replace('|', "\\|")
        );
    }
}

/// The remedy's first sentence, for a table cell.
fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |end| &text[..=end])
}

/// One cause's folded block: heading, fix, and (when `examples`) the sampled differences.
fn cause_details(group: &CauseGroup, examples: bool) -> String {
    let cause = group.cause;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n<details><summary><b>{} · {}</b> ({})</summary>\n",
        html(cause.category().id()),
        html(cause.id()),
        group.differences.len()
    );
    if !group.remedy.is_empty() {
        let _ = writeln!(out, "**Fix:** {}\n", markdown_prose(&group.remedy));
    }
    if let Some(experiment) = &group.experiment {
        let _ = writeln!(out, "**Confirm:** {}\n", markdown_code(experiment));
    }
    if examples {
        for run in &group.shown {
            match run {
                Run::One(d) => difference(&mut out, d),
                Run::Repeated(many) => {
                    let place = view::run_place(many);
                    let line = match many.first().and_then(|d| view::values(d)) {
                        Some((l, r)) => format!(
                            "{}: {} → {}",
                            markdown_code(&place),
                            markdown_code(&l),
                            markdown_code(&r)
                        ),
                        None => markdown_code(&place),
                    };
                    let _ = writeln!(out, "- {line}");
                }
                Run::Shared(shared) => {
                    let subject = match &shared.values {
                        Some((l, r)) => format!(
                            "{} {} → {}",
                            markdown_literal(&shared.subject),
                            markdown_code(l),
                            markdown_code(r)
                        ),
                        None => markdown_literal(&shared.subject),
                    };
                    let places: Vec<String> =
                        shared.places.iter().map(|p| markdown_code(p)).collect();
                    let more = if shared.place_count > places.len() {
                        ", …"
                    } else {
                        ""
                    };
                    let files = if shared.place_count == 1 {
                        "file"
                    } else {
                        "files"
                    };
                    let _ = writeln!(
                        out,
                        "- {subject}, in {} {files} ({}{more})",
                        shared.place_count,
                        places.join(", ")
                    );
                }
            }
        }
        if group.hidden > 0 {
            let _ = writeln!(
                out,
                "- … and {} more (`whydiff diff -v` lists them)",
                group.hidden
            );
        }
    } else {
        let _ = writeln!(out, "_Examples cut to fit a comment._");
    }
    if !group.folded.is_empty() {
        let list: Vec<String> = group
            .folded_labels
            .iter()
            .map(|(label, n)| format!("{} ×{n}", markdown_code(label)))
            .collect();
        let _ = writeln!(out, "\n{} derived: {}", group.folded.len(), list.join(", "));
    }
    let _ = writeln!(out, "\n</details>");
    out
}

/// One difference: a list item with its place and values, and a bounded hunk for text.
fn difference(out: &mut String, d: &Difference) {
    let place = markdown_code(&view::place(d));
    if matches!(d.observed.kind, ObservedKind::TextHunk { .. }) {
        let _ = writeln!(out, "- {place}");
        let mut body = String::new();
        for (sign, side) in [('-', &d.observed.left), ('+', &d.observed.right)] {
            let Some(text) = side else { continue };
            let lines: Vec<&str> = text.lines().collect();
            for line in lines.iter().take(HUNK_LINES) {
                let _ = writeln!(body, "{sign}{}", line.chars().take(200).collect::<String>());
            }
            if lines.len() > HUNK_LINES {
                let _ = writeln!(body, "{sign}… {} more lines", lines.len() - HUNK_LINES);
            }
        }
        let fence = markdown_fence(&body);
        let _ = writeln!(out, "\n  {fence}diff");
        for line in body.lines() {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "  {fence}\n");
    } else {
        match view::values(d) {
            Some((l, r)) => {
                let _ = writeln!(
                    out,
                    "- {place}: {} → {}",
                    markdown_code(&l),
                    markdown_code(&r)
                );
            }
            None => {
                let _ = writeln!(out, "- {place}");
            }
        }
    }
    if let Some(hint) = d.looks_like {
        let _ = writeln!(
            out,
            "  - looks like `{}/{}`; {}",
            hint.category(),
            hint,
            markdown_prose(view::how_to_confirm(hint))
        );
    }
}

/// What could not be read completely, folded, as long as it fits.
fn notes(out: &mut String, report: &Report, budget: usize) {
    if report.notes.is_empty() {
        return;
    }
    let mut block = format!(
        "\n<details><summary>notes ({})</summary>\n\n",
        report.notes.len()
    );
    let mut length = chars(out) + chars(&block);
    let mut shown = 0;
    for note in &report.notes {
        let path = if note.path.is_empty() {
            ".".to_owned()
        } else {
            note.path.join(" › ")
        };
        let line = format!(
            "- {}: {}\n",
            markdown_code(&path),
            markdown_literal(&note.text)
        );
        length += chars(&line);
        if length + 40 > budget {
            break;
        }
        block.push_str(&line);
        shown += 1;
    }
    if shown < report.notes.len() {
        let _ = writeln!(block, "- … and {} more notes", report.notes.len() - shown);
    }
    block.push_str("\n</details>\n");
    out.push_str(&block);
}
