//! The view model: what a reader sees of a report, computed once for every printer — the
//! verdict, one line per category, the root differences grouped by cause, repeated changes
//! folded into runs, the sample shown without `-v`, and the derived consequences folded under
//! the cause they follow from.
//!
//! *Say it once*: more than [`SAMPLE`] differences of one cause that share their evidence's
//! claim (`replacing the left build directory A by the right one B gives the right side
//! exactly`) are one [`Run::Shared`] line naming it once — `build directory A → B, in 294 files
//! (…)` — instead of a sample of lines that each repeat it.
//!
//! Printers (text today; Markdown and HTML share it) only lay this out; they never group, count
//! or pick what to show.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::Report;
use crate::classify::{Category, Cause};
use crate::difference::Difference;

/// Differences (or runs of one change) shown per cause without `-v`.
pub const SAMPLE: usize = 8;
/// Places named per category line; the rest are counted.
pub const PLACES: usize = 3;

/// What to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct ViewOptions {
    /// Every difference, one by one, instead of runs and a sample.
    pub verbose: bool,
}

/// A report as a reader sees it.
#[derive(Debug)]
pub struct View<'a> {
    /// The report shown.
    pub report: &'a Report,
    /// Root categories found, in contract order.
    pub roots: Vec<Category>,
    /// How many differences are derived.
    pub derived_count: usize,
    /// One line per category that occurs, in contract order.
    pub categories: Vec<CategoryLine<'a>>,
    /// The root differences by cause, in category then cause order.
    pub causes: Vec<CauseGroup<'a>>,
    /// Every derived difference, in report order.
    pub derived: Vec<&'a Difference>,
}

/// A category's line of the overview.
#[derive(Debug)]
pub struct CategoryLine<'a> {
    pub category: Category,
    /// How many differences it holds.
    pub count: usize,
    /// The first [`PLACES`] outermost places (top-level path segments) it occurs in, sorted.
    pub places: Vec<&'a str>,
    /// How many more places it occurs in.
    pub more_places: usize,
    /// Its first difference.
    pub example: &'a Difference,
}

/// The root differences of one cause.
#[derive(Debug)]
pub struct CauseGroup<'a> {
    pub cause: Cause,
    /// Every root difference of the cause, in report order.
    pub differences: Vec<&'a Difference>,
    /// The runs shown: one difference each, or one change repeated over many members.
    pub shown: Vec<Run<'a>>,
    /// How many differences the runs not shown hold (listed with `-v`).
    pub hidden: usize,
    /// The derived differences that follow from this cause's differences.
    pub folded: Vec<&'a Difference>,
    /// The folded differences by field (or member name for derived content), with counts.
    pub folded_labels: Vec<(&'a str, usize)>,
    /// The cause's fix as the declared values make it ([`remedy`]).
    pub remedy: Cow<'static, str>,
    /// The `whydiff vary` command line that would confirm the cause by experiment, when a
    /// variation reproduces it ([`experiment`]).
    pub experiment: Option<String>,
}

/// Differences told as one: a single difference, the same field change (same container,
/// field and values) over several members, or many differences of one cause sharing the claim
/// of their evidence.
#[derive(Debug)]
pub enum Run<'a> {
    One(&'a Difference),
    Repeated(Vec<&'a Difference>),
    Shared(Shared<'a>),
}

/// Differences of one cause whose evidence makes the same claim, said once.
#[derive(Debug)]
pub struct Shared<'a> {
    /// What the claim is about (`build directory`), or the whole claim when it names no pair of
    /// values.
    pub subject: String,
    /// The pair of values the claim names, left and right (`/tmp/a`, `/var/tmp/b`).
    pub values: Option<(String, String)>,
    /// The differences, in report order.
    pub differences: Vec<&'a Difference>,
    /// The first [`PLACES`] places (paths, without fields) they are in.
    pub places: Vec<String>,
    /// How many places in all.
    pub place_count: usize,
}

impl<'a> View<'a> {
    /// The view of `report`.
    pub fn new(report: &'a Report, options: ViewOptions) -> Self {
        let derived: Vec<&Difference> = report
            .differences
            .iter()
            .filter(|d| d.category == Category::Derived)
            .collect();
        View {
            report,
            roots: report.root_categories(),
            derived_count: derived.len(),
            categories: category_lines(report),
            causes: group_by_cause(report, options),
            derived,
        }
    }
}

fn category_lines(report: &Report) -> Vec<CategoryLine<'_>> {
    let mut lines = Vec::new();
    for (category, count) in report.summary() {
        let mut in_category = report.differences.iter().filter(|d| d.category == category);
        let Some(example) = in_category.next() else {
            continue;
        };
        let places: BTreeSet<&str> = std::iter::once(example)
            .chain(in_category)
            .map(top_place)
            .collect();
        lines.push(CategoryLine {
            category,
            count,
            more_places: places.len().saturating_sub(PLACES),
            places: places.into_iter().take(PLACES).collect(),
            example,
        });
    }
    lines
}

/// The outermost meaningful place of a difference: the first path segment.
fn top_place(d: &Difference) -> &str {
    d.observed.path.first().map(String::as_str).unwrap_or(".")
}

fn group_by_cause(report: &Report, options: ViewOptions) -> Vec<CauseGroup<'_>> {
    let mut groups: BTreeMap<Cause, Vec<&Difference>> = BTreeMap::new();
    for d in report
        .differences
        .iter()
        .filter(|d| d.category != Category::Derived)
    {
        groups.entry(d.cause).or_default().push(d);
    }
    // Which cause each root difference belongs to, to fold the derived ones under it.
    let cause_of: BTreeMap<usize, Cause> = groups
        .iter()
        .flat_map(|(cause, ds)| ds.iter().map(move |d| (d.id, *cause)))
        .collect();
    let mut folded: BTreeMap<Cause, Vec<&Difference>> = BTreeMap::new();
    for d in report
        .differences
        .iter()
        .filter(|d| d.category == Category::Derived)
    {
        let causes: BTreeSet<Cause> = d
            .derived_from
            .iter()
            .filter_map(|id| cause_of.get(id).copied())
            .collect();
        for cause in causes {
            folded.entry(cause).or_default().push(d);
        }
    }
    groups
        .into_iter()
        .map(|(cause, differences)| {
            let mut runs: Vec<Run> = if options.verbose {
                differences.iter().map(|d| Run::One(d)).collect()
            } else {
                let (mut shared, rest) = shared_claims(&differences);
                shared.extend(same_change_runs(&rest));
                shared
            };
            let keep = if options.verbose {
                runs.len()
            } else {
                SAMPLE.min(runs.len())
            };
            let hidden = runs.drain(keep..).map(|run| run.len()).sum();
            let folded = folded.remove(&cause).unwrap_or_default();
            CauseGroup {
                remedy: remedy(cause, report),
                experiment: experiment(cause),
                cause,
                folded_labels: folded_labels(&folded),
                differences,
                shown: runs,
                hidden,
                folded,
            }
        })
        .collect()
}

impl Run<'_> {
    /// How many differences the run tells.
    pub fn len(&self) -> usize {
        match self {
            Run::One(_) => 1,
            Run::Repeated(ds) => ds.len(),
            Run::Shared(shared) => shared.differences.len(),
        }
    }

    /// Whether it tells none (never, for runs of a view).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The claim of a difference's evidence: what it says before the first `; ` (after which it
/// names where it saw a witness, which differs from file to file).
fn claim(d: &Difference) -> &str {
    d.evidence
        .split_once("; ")
        .map_or(d.evidence.as_str(), |(claim, _)| claim)
}

/// Splits off the groups of more than [`SAMPLE`] differences sharing one claim that names a pair
/// of values (a substitution: a build directory, a declared value), as [`Run::Shared`] in order
/// of their first difference; the rest are returned in order. Other shared claims (`both sides
/// decode as DOS date-times…`) say less than the runs of one change they are already told in.
fn shared_claims<'a>(differences: &[&'a Difference]) -> (Vec<Run<'a>>, Vec<&'a Difference>) {
    let mut by_claim: BTreeMap<&str, Vec<&'a Difference>> = BTreeMap::new();
    for d in differences {
        by_claim.entry(claim(d)).or_default().push(*d);
    }
    let shared_claims: BTreeSet<&str> = by_claim
        .iter()
        .filter(|(claim, ds)| ds.len() > SAMPLE && replacement(claim).is_some())
        .map(|(claim, _)| *claim)
        .collect();
    let mut shared = Vec::new();
    let mut rest = Vec::new();
    for d in differences {
        let claim = claim(d);
        if !shared_claims.contains(claim) {
            rest.push(*d);
        } else if let Some(group) = by_claim.remove(claim) {
            shared.push(Run::Shared(shared_run(claim, group)));
        }
    }
    (shared, rest)
}

fn shared_run<'a>(claim: &str, differences: Vec<&'a Difference>) -> Shared<'a> {
    let (subject, values) = match replacement(claim) {
        Some((subject, left, right)) => (
            subject.to_owned(),
            Some((left.to_owned(), right.to_owned())),
        ),
        None => (claim.to_owned(), None),
    };
    let mut seen = BTreeSet::new();
    let places: Vec<String> = differences
        .iter()
        .map(|d| path_text(d))
        .filter(|p| seen.insert(p.clone()))
        .collect();
    Shared {
        subject,
        values,
        place_count: places.len(),
        places: places.into_iter().take(PLACES).collect(),
        differences,
    }
}

/// `replacing the left SUBJECT LEFT by the right one RIGHT gives …` → `(SUBJECT, LEFT, RIGHT)`:
/// the pair of values a substitution claim names (values without spaces).
fn replacement(claim: &str) -> Option<(&str, &str, &str)> {
    let rest = claim.strip_prefix("replacing the left ")?;
    let (left_part, right_part) = rest.split_once(" by the right one ")?;
    let (subject, left) = left_part.rsplit_once(' ')?;
    let right = right_part.split(' ').next()?;
    (!subject.is_empty() && !left.is_empty() && !right.is_empty()).then_some((subject, left, right))
}

/// Where a shared run is: `in 294 files (a, b, c, …)`.
pub fn shared_places(shared: &Shared) -> String {
    let mut listed = shared.places.join(", ");
    if shared.place_count > shared.places.len() {
        listed.push_str(", …");
    }
    let files = if shared.place_count == 1 {
        "file"
    } else {
        "files"
    };
    format!("in {} {files} ({listed})", shared.place_count)
}

/// Field differences with the same container, field and values, whatever the member: the same
/// change repeated over many members reads as one run. Other differences stay alone.
fn same_change_runs<'a>(differences: &[&'a Difference]) -> Vec<Run<'a>> {
    let mut runs: Vec<Vec<&'a Difference>> = Vec::new();
    let mut index: BTreeMap<RunKey<'a>, usize> = BTreeMap::new();
    for d in differences {
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
    runs.into_iter()
        .map(|run| match <[_; 1]>::try_from(run) {
            Ok([one]) => Run::One(one),
            Err(many) => Run::Repeated(many),
        })
        .collect()
}

/// Container path, field and both values.
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

/// Derived differences counted by label: a derived field by its name, derived content (a RECORD
/// hunk) by its member's name.
fn folded_labels<'a>(folded: &[&'a Difference]) -> Vec<(&'a str, usize)> {
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    for d in folded {
        let label = d
            .observed
            .field
            .as_deref()
            .or_else(|| d.observed.path.last().map(|m| member_basename(m)));
        *labels.entry(label.unwrap_or("content")).or_default() += 1;
    }
    labels.into_iter().collect()
}

/// The last component of a member name: `RECORD` for `pkg-1.0.dist-info/RECORD`.
fn member_basename(member: &str) -> &str {
    member
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(member)
}

/// A difference's path, segments joined with ` › ` (`.` for the top).
pub fn path_text(d: &Difference) -> String {
    if d.observed.path.is_empty() {
        ".".to_owned()
    } else {
        d.observed.path.join(" › ")
    }
}

/// Where a difference is: its path, then its field or, for content, its location in parentheses.
pub fn place(d: &Difference) -> String {
    let mut text = path_text(d);
    if let Some(field) = &d.observed.field {
        text.push(' ');
        text.push_str(field);
    } else if let Some(location) = &d.observed.location {
        text.push_str(" (");
        text.push_str(location);
        text.push(')');
    }
    text
}

/// Where a run is: `container › 9 members (a, b, c, …) field`.
pub fn run_place(run: &[&Difference]) -> String {
    let Some(first) = run.first().map(|d| &d.observed) else {
        return String::new();
    };
    let parent = first.path.split_last().map_or(&[][..], |(_, p)| p);
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
        text.push_str(segment);
        text.push_str(" › ");
    }
    text.push_str(&format!(
        "{} members ({listed}) {}",
        names.len(),
        first.field.as_deref().unwrap_or("")
    ));
    text
}

/// Both values shortened to one line each, or `None` for a difference told without values on
/// either side (hunks past the rendered diff budget have no "before → after" to show).
pub fn values(d: &Difference) -> Option<(String, String)> {
    let (left, right) = (d.observed.left.as_deref(), d.observed.right.as_deref());
    (left.is_some() || right.is_some()).then(|| (short(left), short(right)))
}

/// A value's first line, at most 60 characters (an ellipsis marks a cut); `(absent)` for none.
pub fn short(value: Option<&str>) -> String {
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

/// The source of a clock reading taken from a declared SOURCE_DATE_EPOCH.
const DECLARED_EPOCH: &str = "declared SOURCE_DATE_EPOCH";

/// The fix of `cause` in this report: its remedy, unless both builds declared the same
/// SOURCE_DATE_EPOCH and the cause is a time — then setting SOURCE_DATE_EPOCH is not the fix: the
/// step that wrote the time ignored it.
pub fn remedy(cause: Cause, report: &Report) -> Cow<'static, str> {
    let declared = |clock: &[crate::classify::profile::ClockReading]| {
        clock
            .iter()
            .find(|reading| reading.source == DECLARED_EPOCH)
            .map(|reading| (reading.seconds, reading.time()))
    };
    let (left, right) = (
        declared(&report.profiles.left.clock),
        declared(&report.profiles.right.clock),
    );
    match (left, right) {
        (Some((seconds, time)), Some((other, _)))
            if seconds == other
                && cause.category() == Category::Timestamp
                && !cause.remedy().is_empty() =>
        {
            Cow::Owned(format!(
                "Both builds declared SOURCE_DATE_EPOCH={seconds} ({time}), so setting it is not \
                 the fix: the step that wrote this time ignored it. Make that tool honour \
                 SOURCE_DATE_EPOCH (a newer version, or its own option for a fixed time), or clamp \
                 the times after it (strip-nondeterminism)."
            ))
        }
        _ => Cow::Borrowed(cause.remedy()),
    }
}

/// The `whydiff vary` line that rebuilds under the variation reproducing `cause` alone, for the
/// reader to fill in the build command.
pub fn experiment(cause: Cause) -> Option<String> {
    cause
        .variation()
        .map(|variation| format!("whydiff vary --vary {variation} -- <build command>"))
}

/// What a reader can do to turn a hint into a verdict: declare the value the build varied.
pub fn how_to_confirm(hint: Cause) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::difference::{Observed, ObservedKind, Scope};
    use crate::report::Side;
    use whydiff_analyzers::FieldKind;

    fn field(
        id: usize,
        path: &[&str],
        name: &str,
        values: (&str, &str),
        cause: Cause,
    ) -> Difference {
        Difference {
            id,
            observed: Observed {
                path: path.iter().map(|s| s.to_string()).collect(),
                field: Some(name.to_owned()),
                kind: ObservedKind::Field {
                    kind: FieldKind::Mode,
                    scope: Scope::Record,
                    left: None,
                    right: None,
                },
                left: Some(values.0.to_owned()),
                right: Some(values.1.to_owned()),
                location: None,
                seq: 0,
            },
            category: cause.category(),
            cause,
            evidence: String::new(),
            derived_from: Vec::new(),
            looks_like: None,
            format: None,
        }
    }

    fn report(differences: Vec<Difference>) -> Report {
        let side = |p: &str| Side {
            path: p.to_owned(),
            sha256: p.to_owned(),
        };
        Report::new(side("a"), side("b"), differences, Vec::new())
    }

    #[test]
    fn one_change_over_many_members_is_one_run_and_the_sample_counts_the_rest() {
        let mut differences = Vec::new();
        // Ten members of one zip with the same mtime change: one run.
        for i in 0..10 {
            let name = format!("m{i:02}");
            differences.push(field(
                i,
                &["x.zip", &name],
                "mtime",
                ("1", "2"),
                Cause::EntryMtime,
            ));
        }
        // Twelve members with each its own mode change: twelve runs, eight shown.
        for i in 0..12 {
            let (name, left) = (format!("n{i:02}"), format!("{i}"));
            differences.push(field(
                10 + i,
                &["x.zip", &name],
                "mode",
                (&left, "7"),
                Cause::EntryMode,
            ));
        }
        let report = report(differences);
        let view = View::new(&report, ViewOptions::default());
        assert_eq!(view.roots, [Category::Timestamp, Category::Permissions]);
        let [times, modes] = view.causes.as_slice() else {
            panic!("two causes");
        };
        assert!(matches!(times.shown.as_slice(), [Run::Repeated(run)] if run.len() == 10));
        assert_eq!((times.hidden, times.differences.len()), (0, 10));
        assert_eq!((modes.shown.len(), modes.hidden), (SAMPLE, 12 - SAMPLE));
        assert_eq!(view.categories[0].places, ["x.zip"]);
        // Verbose shows everything, one by one.
        let verbose = View::new(&report, ViewOptions { verbose: true });
        assert_eq!(
            (verbose.causes[0].shown.len(), verbose.causes[0].hidden),
            (10, 0)
        );
    }

    #[test]
    fn many_differences_sharing_a_claim_are_said_once() {
        let claim = "replacing the left build directory /tmp/a by the right one /var/b gives the \
                     right side exactly";
        let differences: Vec<Difference> = (0..20)
            .map(|i| {
                let name = format!("m{i:02}.pyc");
                let mut d = field(
                    i,
                    &[&name],
                    "pyc.filename",
                    (&format!("/tmp/a/m{i}.py"), &format!("/var/b/m{i}.py")),
                    Cause::BuildDirectory,
                );
                d.evidence = format!("{claim}; the directory was recorded in m{i}.pyc");
                d
            })
            .collect();
        let report = report(differences);
        let view = View::new(&report, ViewOptions::default());
        let [group] = view.causes.as_slice() else {
            panic!("one cause");
        };
        let [Run::Shared(shared)] = group.shown.as_slice() else {
            panic!("one shared run: {:?}", group.shown);
        };
        assert_eq!(shared.subject, "build directory");
        assert_eq!(
            shared.values,
            Some(("/tmp/a".to_owned(), "/var/b".to_owned()))
        );
        assert_eq!((shared.differences.len(), shared.place_count), (20, 20));
        assert_eq!(
            shared_places(shared),
            "in 20 files (m00.pyc, m01.pyc, m02.pyc, …)"
        );
        assert_eq!(group.hidden, 0);
        // A few are still listed one by one, and -v lists every one.
        let few = crate::report::Report::new(
            report.left.clone(),
            report.right.clone(),
            report.differences[..SAMPLE].to_vec(),
            Vec::new(),
        );
        let view = View::new(&few, ViewOptions::default());
        assert!(view.causes[0]
            .shown
            .iter()
            .all(|run| matches!(run, Run::One(_))));
        let verbose = View::new(&report, ViewOptions { verbose: true });
        assert_eq!(verbose.causes[0].shown.len(), 20);
    }

    #[test]
    fn a_claim_without_a_pair_of_values_is_named_whole() {
        assert_eq!(
            replacement("replacing the left user alice by the right one bob gives it"),
            Some(("user", "alice", "bob"))
        );
        assert_eq!(replacement("both sides decode as times"), None);
        assert_eq!(replacement("replacing the left x by the right one "), None);
    }

    #[test]
    fn short_values_take_the_first_line() {
        assert_eq!(short(Some("one\ntwo")), "one…");
        assert_eq!(short(None), "(absent)");
    }

    #[test]
    fn a_consequence_of_two_causes_is_folded_under_both() {
        let mut crc = field(2, &["x.zip", "m"], "crc32", ("a", "b"), Cause::DataChecksum);
        crc.derived_from = vec![0, 1];
        let mut size = field(3, &["x.zip", "n"], "size", ("1", "2"), Cause::DataSize);
        size.derived_from = vec![1];
        let report = report(vec![
            field(0, &["x.zip", "m"], "mtime", ("1", "2"), Cause::EntryMtime),
            field(1, &["x.zip", "m"], "mode", ("1", "2"), Cause::EntryMode),
            crc,
            size,
        ]);
        let view = View::new(&report, ViewOptions::default());
        assert_eq!(view.derived_count, 2);
        let labels: Vec<_> = view
            .causes
            .iter()
            .map(|g| g.folded_labels.clone())
            .collect();
        assert_eq!(
            labels,
            [vec![("crc32", 1)], vec![("crc32", 1), ("size", 1)]]
        );
    }

    #[test]
    fn each_cause_a_variation_reproduces_suggests_that_experiment() {
        // The contract's variation names, and nothing else.
        const VARIATIONS: [&str; 11] = [
            "time",
            "build-path",
            "umask",
            "locale",
            "timezone",
            "user",
            "hostname",
            "hash-seed",
            "environment",
            "jobs",
            "file-order",
        ];
        for &cause in Cause::ALL {
            if let Some(variation) = cause.variation() {
                assert!(VARIATIONS.contains(&variation), "{cause}: {variation}");
                assert!(
                    !matches!(cause.category(), Category::Content | Category::Derived),
                    "{cause}"
                );
            }
        }
        assert_eq!(
            experiment(Cause::EntryMtime).as_deref(),
            Some("whydiff vary --vary time -- <build command>")
        );
        assert_eq!(
            experiment(Cause::BuildDirectory).as_deref(),
            Some("whydiff vary --vary build-path -- <build command>")
        );
        // Between two unvaried builds already, or made by no variation: nothing to suggest.
        for cause in [
            Cause::RandomToken,
            Cause::ToolVersion,
            Cause::ChangedContent,
        ] {
            assert_eq!(experiment(cause), None, "{cause}");
        }
    }
}
