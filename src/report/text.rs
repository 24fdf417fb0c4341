//! The human report: a verdict, one line per root category, then the differences grouped under
//! their cause with its remedy, consequences folded into a count (listed with `-v`).
//!
//! With [`TextOptions::colour`], colour marks only what carries meaning: the verdict, category
//! names (a genuine `content` change apart from the explained variations, `derived` dimmed), and
//! each difference's two sides (left red, right green, as in a diff). Without it the text is
//! plain, byte for byte the same as it always was.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::view::{self, CauseGroup, Run, View, ViewOptions};
use super::Report;
use crate::classify::Category;
use crate::difference::{Difference, ObservedKind};

/// What the text view shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Show every difference, derived ones and whole text hunks, instead of a sample.
    pub verbose: bool,
    /// Mark meaning with ANSI colours (for a terminal).
    pub colour: bool,
    /// Suggest, per cause, the `whydiff vary` line that would confirm it (not in the report of
    /// `vary` itself, which has run the experiment).
    pub experiments: bool,
}

/// The left side of a difference: removed.
const LEFT: Style = AnsiColor::Red.on_default();
/// The right side of a difference: added.
const RIGHT: Style = AnsiColor::Green.on_default();

/// `text` in `style` when `on`, as it is otherwise.
fn paint(text: &str, style: Style, on: bool) -> String {
    if on {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

/// How a category's name is marked: a genuine change stands out from the explained variations,
/// and what follows from them is dimmed.
fn category_style(category: Category) -> Style {
    match category {
        Category::Content => AnsiColor::Red.on_default().bold(),
        Category::Derived => Style::new().dimmed(),
        _ => AnsiColor::Yellow.on_default().bold(),
    }
}

/// Lines of a text hunk shown per side without `-v`.
const HUNK_LINES: usize = 6;

/// Writes `report` for a terminal or a log to `out`.
pub fn write(
    report: &Report,
    options: TextOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(render(report, options).as_bytes())
}

/// Renders `report` for a terminal or a log.
pub fn render(report: &Report, options: TextOptions) -> String {
    let mut out = String::new();
    let view = View::new(
        report,
        ViewOptions {
            verbose: options.verbose,
        },
    );
    verdict(&mut out, &view, options.colour);
    if report.identical() {
        if report.bytes_differ() {
            // What --exclude left out, and where.
            notes(&mut out, report);
        }
        return out;
    }
    overview(&mut out, &view, options.colour);
    for group in &view.causes {
        cause_section(&mut out, group, options);
    }
    if options.verbose {
        derived_section(&mut out, &view, options.colour);
        profiles_section(&mut out, report);
    }
    notes(&mut out, report);
    out
}

/// Clock readings listed per build with `-v`; the rest are counted.
const CLOCK_LINES: usize = 6;

/// What whydiff believes about each build, and where it learned it.
fn profiles_section(out: &mut String, report: &Report) {
    let profiles = &report.profiles;
    if profiles.left.is_empty() && profiles.right.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nwhat whydiff believes about each build");
    for (side, profile) in [("left", &profiles.left), ("right", &profiles.right)] {
        if profile.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {side}");
        for reading in profile.clock.iter().take(CLOCK_LINES) {
            let times = if reading.count == 1 {
                String::new()
            } else {
                format!(" ×{}", reading.count)
            };
            let _ = writeln!(
                out,
                "    clock      {} — {}{times}",
                reading.time(),
                reading.source
            );
        }
        if profile.clock.len() > CLOCK_LINES {
            let more = profile.clock.len() - CLOCK_LINES;
            let _ = writeln!(out, "    clock      … {more} more readings");
        }
        for (what, beliefs) in [
            ("directory", &profile.directories),
            ("user", &profile.users),
            ("host", &profile.hosts),
            ("locale", &profile.locales),
            ("tool", &profile.tools),
        ] {
            for belief in beliefs {
                let _ = writeln!(out, "    {what:<10} {} — {}", belief.value, belief.source);
            }
        }
    }
}

/// The first line, alone with `--brief`: whether the builds differ, and in how many ways.
pub fn verdict_line(report: &Report, colour: bool) -> String {
    let mut out = String::new();
    verdict(
        &mut out,
        &View::new(report, ViewOptions { verbose: false }),
        colour,
    );
    out.lines()
        .next()
        .map(|l| format!("{l}\n"))
        .unwrap_or_default()
}

fn verdict(out: &mut String, view: &View, colour: bool) {
    let report = view.report;
    let (l, r) = (&report.left, &report.right);
    if report.identical() && report.bytes_differ() {
        let _ = writeln!(
            out,
            "{}: {} and {} differ only in members --exclude left out (sha256 {} and {})",
            paint("identical", AnsiColor::Green.on_default().bold(), colour),
            l.path,
            r.path,
            l.sha256,
            r.sha256
        );
        return;
    }
    if report.identical() {
        let _ = writeln!(
            out,
            "{}: {} and {} are byte-identical (sha256 {})",
            paint("identical", AnsiColor::Green.on_default().bold(), colour),
            l.path,
            r.path,
            l.sha256
        );
        return;
    }
    let roots = &view.roots;
    let total = report.differences.len();
    let derived = view.derived_count;
    let _ = writeln!(
        out,
        "{}: {} and {} differ — {} root {} ({}), {total} {}, {derived} derived",
        paint(
            "NOT REPRODUCIBLE",
            AnsiColor::Red.on_default().bold(),
            colour
        ),
        l.path,
        r.path,
        roots.len(),
        if roots.len() == 1 {
            "category"
        } else {
            "categories"
        },
        roots
            .iter()
            .map(|c| paint(c.id(), category_style(*c), colour))
            .collect::<Vec<_>>()
            .join(", "),
        if total == 1 {
            "difference"
        } else {
            "differences"
        },
    );
    let _ = writeln!(out, "  left  sha256 {}", l.sha256);
    let _ = writeln!(out, "  right sha256 {}", r.sha256);
}

/// One line per category: count, where, an example.
fn overview(out: &mut String, view: &View, colour: bool) {
    let _ = writeln!(out);
    for line in &view.categories {
        let (category, count) = (line.category, line.count);
        let id = category.id();
        let pad = " ".repeat(18usize.saturating_sub(id.chars().count()));
        let name = format!("{}{pad}", paint(id, category_style(category), colour));
        if category == Category::Derived {
            let _ = writeln!(
                out,
                "  {name} {count:>5}  checksums, sizes and offsets that follow from the above",
            );
            continue;
        }
        let mut places = line.places.join(", ");
        if line.more_places > 0 {
            let _ = write!(places, " and {} more", line.more_places);
        }
        let _ = writeln!(
            out,
            "  {name} {count:>5}  in {places} — e.g. {}",
            one_line(line.example, colour)
        );
    }
}

/// `path › field: left → right`, shortened to one line.
fn one_line(d: &Difference, colour: bool) -> String {
    let mut text = view::place(d);
    if let Some((left, right)) = view::values(d) {
        let _ = write!(text, ": {}", sides(&left, &right, colour));
    }
    text
}

/// `left → right`, each side marked.
fn sides(left: &str, right: &str, colour: bool) -> String {
    format!(
        "{} → {}",
        paint(left, LEFT, colour),
        paint(right, RIGHT, colour)
    )
}

fn cause_section(out: &mut String, group: &CauseGroup, options: TextOptions) {
    let cause = group.cause;
    let _ = writeln!(
        out,
        "\n{} · {} ({})",
        paint(
            cause.category().id(),
            category_style(cause.category()),
            options.colour
        ),
        cause.id(),
        group.differences.len()
    );
    if !group.remedy.is_empty() {
        for (i, line) in wrap(&group.remedy, 94).iter().enumerate() {
            let _ = writeln!(out, "  {} {line}", if i == 0 { "fix:" } else { "    " });
        }
    }
    if let Some(experiment) = group.experiment.as_ref().filter(|_| options.experiments) {
        let _ = writeln!(out, "  confirm: {experiment}");
    }
    for run in &group.shown {
        match run {
            Run::One(one) => difference_lines(out, one, options),
            Run::Repeated(many) => {
                let _ = writeln!(out, "  {}", run_line(many, options.colour));
            }
            Run::Shared(shared) => {
                let _ = writeln!(out, "  {}", shared_line(shared, options.colour));
            }
        }
    }
    if group.hidden > 0 {
        let _ = writeln!(out, "  … and {} more (-v lists them)", group.hidden);
    }
    if !group.folded.is_empty() {
        let list: Vec<String> = group
            .folded_labels
            .iter()
            .map(|(f, n)| format!("{f} ×{n}"))
            .collect();
        let _ = writeln!(
            out,
            "  + {} derived: {}",
            group.folded.len(),
            list.join(", ")
        );
    }
}

/// `build directory /tmp/a → /var/b, in 294 files (a, b, c, …)`: what many differences share,
/// said once.
fn shared_line(shared: &view::Shared, colour: bool) -> String {
    let subject = match &shared.values {
        Some((left, right)) => format!("{} {}", shared.subject, sides(left, right, colour)),
        None => shared.subject.clone(),
    };
    format!("{subject}, {}", view::shared_places(shared))
}

/// `container › 9 members (a, b, c, …) field: left → right`.
fn run_line(run: &[&Difference], colour: bool) -> String {
    let mut text = view::run_place(run);
    if let Some((left, right)) = run.first().and_then(|d| view::values(d)) {
        let _ = write!(text, ": {}", sides(&left, &right, colour));
    }
    text
}

fn difference_lines(out: &mut String, d: &Difference, options: TextOptions) {
    let is_text = matches!(d.observed.kind, ObservedKind::TextHunk { .. });
    if is_text || (d.observed.field.is_none() && multi_line(d)) {
        let location = d.observed.location.as_deref().unwrap_or("");
        if options.verbose {
            // Unified-diff style, without context lines: the hunk header names the member.
            let _ = writeln!(out, "  @@ {} ({location}) @@", view::path_text(d));
        } else {
            let _ = writeln!(out, "  {} ({location})", view::path_text(d));
        }
        let (limit, indent) = if options.verbose {
            (usize::MAX, "  ")
        } else {
            (HUNK_LINES, "    ")
        };
        for (sign, side, style) in [
            ('-', &d.observed.left, LEFT),
            ('+', &d.observed.right, RIGHT),
        ] {
            let Some(text) = side else { continue };
            let lines: Vec<&str> = text.lines().collect();
            for line in lines.iter().take(limit) {
                let line = paint(&format!("{sign}{line}"), style, options.colour);
                let _ = writeln!(out, "{indent}{line}");
            }
            if lines.len() > limit {
                let _ = writeln!(out, "{indent}{sign}… {} more lines", lines.len() - limit);
            }
        }
        if options.verbose {
            let _ = writeln!(out, "      because {}", d.evidence);
        }
    } else {
        let _ = writeln!(out, "  {}", one_line(d, options.colour));
        if options.verbose {
            let _ = writeln!(out, "      because {}", d.evidence);
        }
    }
    if let Some(hint) = d.looks_like {
        let _ = writeln!(
            out,
            "      looks like {}/{}; {}",
            hint.category(),
            hint,
            view::how_to_confirm(hint)
        );
    }
}

fn multi_line(d: &Difference) -> bool {
    [&d.observed.left, &d.observed.right]
        .iter()
        .any(|s| s.as_deref().is_some_and(|s| s.contains('\n')))
}

fn derived_section(out: &mut String, view: &View, colour: bool) {
    if view.derived.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nderived ({})", view.derived.len());
    for d in &view.derived {
        let ids: Vec<String> = d.derived_from.iter().map(|id| format!("#{id}")).collect();
        let _ = writeln!(
            out,
            "  {} — {} (from {})",
            one_line(d, colour),
            d.evidence,
            ids.join(" ")
        );
    }
}

fn notes(out: &mut String, report: &Report) {
    if report.notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nnotes");
    for note in &report.notes {
        let path = if note.path.is_empty() {
            ".".to_owned()
        } else {
            note.path.join(" › ")
        };
        let _ = writeln!(out, "  {path}: {}", note.text);
    }
}

/// Splits `text` into lines of at most `width` columns at spaces (a longer word stands alone on
/// its line), first fit, as `textwrap` does it.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    textwrap::wrap(text.trim(), options)
        .into_iter()
        .filter(|line| !line.is_empty())
        .map(|line| line.into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
        assert_eq!(wrap("a verylongword b", 5), ["a", "verylongword", "b"]);
    }
}
