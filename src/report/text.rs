//! The human report: a verdict, one line per root category, then the differences grouped under
//! their cause with its remedy, consequences folded into a count (listed with `-v`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::Report;
use crate::classify::{Category, Cause};
use crate::difference::{Difference, ObservedKind};

/// What the text view shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Show every difference, derived ones and whole text hunks, instead of a sample.
    pub verbose: bool,
}

/// Differences listed per cause without `-v`.
const SAMPLE: usize = 8;
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
    verdict(&mut out, report);
    if report.identical() {
        return out;
    }
    overview(&mut out, report);
    let groups = group_by_cause(report);
    for (cause, members) in &groups {
        cause_section(&mut out, report, *cause, members, options);
    }
    if options.verbose {
        derived_section(&mut out, report);
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

fn verdict(out: &mut String, report: &Report) {
    let (l, r) = (&report.left, &report.right);
    if report.identical() {
        let _ = writeln!(
            out,
            "identical: {} and {} are byte-identical (sha256 {})",
            l.path, r.path, l.sha256
        );
        return;
    }
    let roots = report.root_categories();
    let total = report.differences.len();
    let derived = report
        .differences
        .iter()
        .filter(|d| d.category == Category::Derived)
        .count();
    let _ = writeln!(
        out,
        "NOT REPRODUCIBLE: {} and {} differ — {} root {} ({}), {total} {}, {derived} derived",
        l.path,
        r.path,
        roots.len(),
        if roots.len() == 1 {
            "category"
        } else {
            "categories"
        },
        roots.iter().map(|c| c.id()).collect::<Vec<_>>().join(", "),
        if total == 1 {
            "difference"
        } else {
            "differences"
        },
    );
    let _ = writeln!(out, "  left  sha256 {}", l.sha256);
    let _ = writeln!(out, "  right sha256 {}", r.sha256);
}

/// One line per root category: count, where, an example.
fn overview(out: &mut String, report: &Report) {
    let _ = writeln!(out);
    for (category, count) in report.summary() {
        let in_category: Vec<&Difference> = report
            .differences
            .iter()
            .filter(|d| d.category == category)
            .collect();
        if category == Category::Derived {
            let _ = writeln!(
                out,
                "  {:<18} {count:>5}  checksums, sizes and offsets that follow from the above",
                category.id()
            );
            continue;
        }
        let places: BTreeSet<&str> = in_category.iter().map(|d| top_place(d)).collect();
        let example = &in_category[0];
        let _ = writeln!(
            out,
            "  {:<18} {count:>5}  in {} — e.g. {}",
            category.id(),
            list_places(&places),
            one_line(example)
        );
    }
}

/// The outermost meaningful place of a difference: the first path segment.
fn top_place(d: &Difference) -> &str {
    d.observed.path.first().map(String::as_str).unwrap_or(".")
}

fn list_places(places: &BTreeSet<&str>) -> String {
    let shown: Vec<&str> = places.iter().take(3).copied().collect();
    let more = places.len().saturating_sub(3);
    let mut text = shown.join(", ");
    if more > 0 {
        let _ = write!(text, " and {more} more");
    }
    text
}

/// `path › field: left → right`, shortened to one line.
fn one_line(d: &Difference) -> String {
    let mut text = path_text(d);
    if let Some(field) = &d.observed.field {
        let _ = write!(text, " {field}");
    } else if let Some(location) = &d.observed.location {
        let _ = write!(text, " ({location})");
    }
    // A difference told without values on either side (hunks past the rendered diff budget)
    // has no "before → after" to show.
    if d.observed.left.is_some() || d.observed.right.is_some() {
        let _ = write!(
            text,
            ": {} → {}",
            short(d.observed.left.as_deref()),
            short(d.observed.right.as_deref())
        );
    }
    text
}

fn path_text(d: &Difference) -> String {
    if d.observed.path.is_empty() {
        ".".to_owned()
    } else {
        d.observed.path.join(" › ")
    }
}

fn short(value: Option<&str>) -> String {
    const MAX: usize = 60;
    match value {
        None => "(absent)".to_owned(),
        Some(v) => {
            let first = v.lines().next().unwrap_or("");
            let mut s: String = first.chars().take(MAX).collect();
            if first.chars().count() > MAX || v.lines().nth(1).is_some() {
                s.push('…');
            }
            s
        }
    }
}

/// Root differences grouped by cause, in category then cause order.
fn group_by_cause(report: &Report) -> BTreeMap<Cause, Vec<&Difference>> {
    let mut groups: BTreeMap<Cause, Vec<&Difference>> = BTreeMap::new();
    for d in report
        .differences
        .iter()
        .filter(|d| d.category != Category::Derived)
    {
        groups.entry(d.cause).or_default().push(d);
    }
    groups
}

fn cause_section(
    out: &mut String,
    report: &Report,
    cause: Cause,
    members: &[&Difference],
    options: TextOptions,
) {
    let _ = writeln!(
        out,
        "\n{} · {} ({})",
        cause.category().id(),
        cause.id(),
        members.len()
    );
    if !cause.remedy().is_empty() {
        for (i, line) in wrap(cause.remedy(), 94).iter().enumerate() {
            let _ = writeln!(out, "  {} {line}", if i == 0 { "fix:" } else { "    " });
        }
    }
    let runs = if options.verbose {
        members.iter().map(|d| vec![*d]).collect()
    } else {
        same_change_runs(members)
    };
    let shown = if options.verbose {
        runs.len()
    } else {
        SAMPLE.min(runs.len())
    };
    for run in &runs[..shown] {
        match run.as_slice() {
            [one] => difference_lines(out, one, options),
            many => {
                let _ = writeln!(out, "  {}", run_line(many));
            }
        }
    }
    if shown < runs.len() {
        let hidden: usize = runs[shown..].iter().map(Vec::len).sum();
        let _ = writeln!(out, "  … and {hidden} more (-v lists them)");
    }
    let ids: BTreeSet<usize> = members.iter().map(|d| d.id).collect();
    let folded: Vec<&Difference> = report
        .differences
        .iter()
        .filter(|d| {
            d.category == Category::Derived && d.derived_from.iter().any(|id| ids.contains(id))
        })
        .collect();
    if !folded.is_empty() {
        let mut fields: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &folded {
            // A derived field by its name; derived content (a RECORD hunk) by its member's name.
            let label = d
                .observed
                .field
                .as_deref()
                .or_else(|| d.observed.path.last().map(|m| member_basename(m)));
            *fields.entry(label.unwrap_or("content")).or_default() += 1;
        }
        let list: Vec<String> = fields.iter().map(|(f, n)| format!("{f} ×{n}")).collect();
        let _ = writeln!(out, "  + {} derived: {}", folded.len(), list.join(", "));
    }
}

/// The last component of a member name: `RECORD` for `pkg-1.0.dist-info/RECORD`.
fn member_basename(member: &str) -> &str {
    member
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(member)
}

/// Field differences with the same container, field and values, whatever the member: the same
/// change repeated over many members reads as one line. Other differences stay alone.
fn same_change_runs<'a>(members: &[&'a Difference]) -> Vec<Vec<&'a Difference>> {
    let mut runs: Vec<Vec<&'a Difference>> = Vec::new();
    let mut index: BTreeMap<RunKey<'a>, usize> = BTreeMap::new();
    for d in members {
        let Some(key) = run_key(d) else {
            runs.push(vec![*d]);
            continue;
        };
        match index.get(&key) {
            Some(&i) => runs[i].push(*d),
            None => {
                index.insert(key, runs.len());
                runs.push(vec![*d]);
            }
        }
    }
    runs
}

type RunKey<'a> = (&'a [String], &'a str, Option<&'a str>, Option<&'a str>);

fn run_key(d: &Difference) -> Option<RunKey<'_>> {
    let field = d.observed.field.as_deref()?;
    let (_, parent) = d.observed.path.split_last()?;
    Some((
        parent,
        field,
        d.observed.left.as_deref(),
        d.observed.right.as_deref(),
    ))
}

/// `container › 9 members (a, b, c, …) field: left → right`.
fn run_line(run: &[&Difference]) -> String {
    let first = &run[0].observed;
    let parent = &first.path[..first.path.len() - 1];
    let names: Vec<&str> = run
        .iter()
        .filter_map(|d| d.observed.path.last())
        .map(String::as_str)
        .collect();
    let mut listed = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 3 {
        listed.push_str(", …");
    }
    let mut text = String::new();
    for segment in parent {
        let _ = write!(text, "{segment} › ");
    }
    let _ = write!(
        text,
        "{} members ({listed}) {}: {} → {}",
        names.len(),
        first.field.as_deref().unwrap_or(""),
        short(first.left.as_deref()),
        short(first.right.as_deref())
    );
    text
}

fn difference_lines(out: &mut String, d: &Difference, options: TextOptions) {
    let is_text = matches!(d.observed.kind, ObservedKind::TextHunk { .. });
    if is_text || (d.observed.field.is_none() && multi_line(d)) {
        let location = d.observed.location.as_deref().unwrap_or("");
        if options.verbose {
            // Unified-diff style, without context lines: the hunk header names the member.
            let _ = writeln!(out, "  @@ {} ({location}) @@", path_text(d));
        } else {
            let _ = writeln!(out, "  {} ({location})", path_text(d));
        }
        let (limit, indent) = if options.verbose {
            (usize::MAX, "  ")
        } else {
            (HUNK_LINES, "    ")
        };
        for (sign, side) in [('-', &d.observed.left), ('+', &d.observed.right)] {
            let Some(text) = side else { continue };
            let lines: Vec<&str> = text.lines().collect();
            for line in lines.iter().take(limit) {
                let _ = writeln!(out, "{indent}{sign}{line}");
            }
            if lines.len() > limit {
                let _ = writeln!(out, "{indent}{sign}… {} more lines", lines.len() - limit);
            }
        }
        if options.verbose {
            let _ = writeln!(out, "      because {}", d.evidence);
        }
    } else {
        let _ = writeln!(out, "  {}", one_line(d));
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
            how_to_confirm(hint)
        );
    }
}

/// What a reader can do to turn a hint into a verdict: declare the value the build varied.
fn how_to_confirm(hint: Cause) -> &'static str {
    match hint.category() {
        Category::Timestamp => {
            "declare the build times to confirm (--left-value SOURCE_DATE_EPOCH=… --right-value …)"
        }
        Category::BuildPath => {
            "declare the build directories to confirm (--left-value build_path=… --right-value …)"
        }
        Category::UserHost => {
            "declare the users and hosts to confirm (--left-value USER=… / HOSTNAME=…)"
        }
        Category::Locale => "declare the locales to confirm (--left-value LANG=… --right-value …)",
        Category::Environment => {
            "declare the varied values to confirm (--left-value KEY=… --right-value …)"
        }
        _ => "nothing shows the build produced it: if it did, rebuild the same source twice to see",
    }
}

fn multi_line(d: &Difference) -> bool {
    [&d.observed.left, &d.observed.right]
        .iter()
        .any(|s| s.as_deref().is_some_and(|s| s.contains('\n')))
}

fn derived_section(out: &mut String, report: &Report) {
    let derived: Vec<&Difference> = report
        .differences
        .iter()
        .filter(|d| d.category == Category::Derived)
        .collect();
    if derived.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nderived ({})", derived.len());
    for d in derived {
        let ids: Vec<String> = d.derived_from.iter().map(|id| format!("#{id}")).collect();
        let _ = writeln!(
            out,
            "  {} — {} (from {})",
            one_line(d),
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

/// Splits `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
    }

    #[test]
    fn short_values_take_the_first_line() {
        assert_eq!(short(Some("one\ntwo")), "one…");
        assert_eq!(short(None), "(absent)");
    }
}
