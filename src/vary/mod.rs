//! `whydiff vary`: builds the user's source under controlled variations and proves, by further
//! builds, which variation causes which difference.
//!
//! Two control builds and one build with every variation come first; the differences between
//! the two controls are the build's own nondeterminism (intrinsic: `confirmed_by: []`), those
//! between a control and the varied build are attributed by [`attribute`] — one variation at a
//! time, then a bisection for a difference only a combination produces. Every comparison is an
//! ordinary [`crate::compare`] with the known values of the variations applied passed to the
//! classifier; the one verdict this module adds is the experiment's own (an intrinsic `content`
//! difference was made by the build: see [`corroborate_intrinsic`]). [`variations`] is the catalogue,
//! [`workspace`] the build directories, [`run`] one build, [`summary`] the final table.

pub mod attribute;
pub mod run;
pub mod summary;
pub mod variations;
pub mod workspace;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::classify::{Category, Cause, KnownValues};
use crate::gate::glob::PathGlob;
use crate::report::document::{DifferenceKey, NoteRecord, ReportDocument};
use crate::report::{json, Report};
use crate::Options;

use attribute::{Attribution, Observations, VariationSet, Verdict};
use run::{build_name, Builder};
use variations::{Machine, Variation};
use workspace::Workspace;

/// The least time between the starts of the two control builds when the clock is varied.
pub const CONTROL_GAP_SECONDS: u64 = 3;

/// What `whydiff vary` is asked to do.
pub struct VaryOptions<'a> {
    /// The build command and its arguments (run in the build directory, not through a shell).
    pub command: Vec<OsString>,
    /// The source tree to build.
    pub source: PathBuf,
    /// Which files are artifacts (empty: every file the build made or changed).
    pub artifacts: Vec<PathGlob>,
    /// The variations asked for.
    pub variations: BTreeSet<Variation>,
    /// Leave the scratch directory (build directories, artifacts, logs) in place.
    pub keep: bool,
    /// How many builds may run at once (1 by default); more than one only where each build can
    /// have a mount namespace of its own (see [`run::Builder::isolated`]).
    pub jobs: Option<usize>,
    /// Told when builds are planned, start and end (from the threads running builds).
    pub progress: &'a (dyn Fn(Progress<'_>) + Sync),
}

/// What a progress display is told.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// The number of builds planned so far.
    Planned(usize),
    /// A build starts (its name: `control`, `time`, `all-varied`…).
    Started(&'a str),
    /// A build ended.
    Finished,
}

/// Why `whydiff vary` could not reach a verdict.
#[derive(Debug, thiserror::Error)]
pub enum VaryError {
    /// No build command after `--`.
    #[error("no build command: give it after --, e.g. whydiff vary -- make")]
    NoCommand,
    /// The source is not a directory.
    #[error("the source {0} is not a directory")]
    Source(String),
    /// None of the variations asked for can be applied here.
    #[error("none of the variations asked for can be applied on this machine:\n{0}")]
    NothingToVary(String),
    /// The scratch directory could not be made or written.
    #[error("scratch directory: {0}")]
    Scratch(String),
    /// The build command could not be started.
    #[error("cannot run {program}: {error}")]
    Start {
        /// The program.
        program: String,
        /// Why.
        error: String,
    },
    /// A build failed.
    #[error("the {build} build failed ({status}); the end of its log ({log}):\n{tail}", log = log.display())]
    BuildFailed {
        /// Which build.
        build: String,
        /// Its exit status.
        status: String,
        /// Its log.
        log: PathBuf,
        /// The log's last lines.
        tail: String,
    },
    /// A build produced no artifact.
    #[error("the {build} build produced no artifact (check --artifacts)")]
    NoArtifacts {
        /// Which build.
        build: String,
    },
    /// Two builds could not be compared.
    #[error("comparing the builds: {0}")]
    Compare(String),
}

/// A root difference, as attribution matches it between reports: its stable key and category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootKey {
    /// Path, field and cause.
    pub key: DifferenceKey,
    /// Its category id.
    pub category: &'static str,
}

impl RootKey {
    /// Whether two reports' differences are the same one: the same key, or the same place (path
    /// and field) when the classifier, told other known values, named another cause.
    pub fn same(&self, other: &RootKey) -> bool {
        self.key.path == other.key.path && self.key.field == other.key.field
    }
}

/// Everything `whydiff vary` found.
pub struct VaryOutcome {
    /// A control build against the build with every variation applied, sides named `control`
    /// and `all-varied`.
    pub report: Report,
    /// The two control builds compared.
    pub controls: Report,
    /// Each root difference and how it came about.
    pub verdicts: Vec<(RootKey, Verdict)>,
    /// The variations applied.
    pub applied: Vec<Variation>,
    /// The variations asked for that this machine cannot apply, and why.
    pub skipped: Vec<(Variation, String)>,
    /// How many builds ran.
    pub builds: usize,
    /// The scratch directory, when kept.
    pub kept: Option<PathBuf>,
}

impl VaryOutcome {
    /// Reproducible under every variation applied: no difference between the controls nor
    /// between a control and the varied build.
    pub fn reproducible(&self) -> bool {
        self.report.identical() && self.controls.identical()
    }

    /// The verdict of a difference of [`VaryOutcome::report`].
    pub fn verdict(&self, key: &RootKey) -> Option<&Verdict> {
        self.verdicts
            .iter()
            .find(|(k, _)| k.key == key.key)
            .or_else(|| self.verdicts.iter().find(|(k, _)| k.same(key)))
            .map(|(_, v)| v)
    }

    /// The JSON report (`whydiff-report/1`): the comparison of a control with the varied build,
    /// every root difference with its `confirmed_by`, and a note per variation skipped.
    pub fn document(&self) -> Result<ReportDocument, VaryError> {
        let mut document = ReportDocument::from_json(&json::render(&self.report))
            .map_err(|e| VaryError::Compare(e.to_string()))?;
        for difference in &mut document.differences {
            if !difference.is_root() {
                continue;
            }
            let key = RootKey {
                key: difference.key(),
                category: "",
            };
            let confirmed = self
                .verdict(&key)
                .map(Verdict::confirmed_by)
                .unwrap_or_default();
            difference.confirmed_by = Some(confirmed.iter().map(|v| v.name().to_owned()).collect());
        }
        for (variation, why) in &self.skipped {
            document.notes.push(NoteRecord {
                path: Vec::new(),
                path_hex: None,
                note: format!("whydiff vary: variation {variation} skipped: {why}"),
            });
        }
        Ok(document)
    }
}

/// Builds under the variations asked for and attributes every difference (see the module's
/// documentation).
pub fn vary(options: &VaryOptions<'_>) -> Result<VaryOutcome, VaryError> {
    if options.command.is_empty() {
        return Err(VaryError::NoCommand);
    }
    if !options.source.is_dir() {
        return Err(VaryError::Source(options.source.display().to_string()));
    }
    let source = std::fs::canonicalize(&options.source)
        .map_err(|e| VaryError::Source(format!("{}: {e}", options.source.display())))?;
    let machine = Machine::probe(&options.variations);
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for v in &options.variations {
        match machine.unavailable(*v) {
            Some(why) => skipped.push((*v, why)),
            None => applied.push(*v),
        }
    }
    if applied.is_empty() {
        let lines: Vec<String> = skipped
            .iter()
            .map(|(v, why)| format!("  {v}: {why}"))
            .collect();
        return Err(VaryError::NothingToVary(lines.join("\n")));
    }
    let workspace = Workspace::create(options.keep)
        .map_err(|e| VaryError::Scratch(format!("{}: {e}", std::env::temp_dir().display())))?;
    let build_jobs = options.jobs.unwrap_or(1).max(1);
    let isolated = build_jobs > 1 && machine.mount_namespaces;
    let builder = Builder {
        command: &options.command,
        source: &source,
        artifacts: &options.artifacts,
        applied: &applied,
        machine: &machine,
        workspace: &workspace,
        isolated,
    };
    let pool = crate::thread_pool(None, crate::engine::Settings::default().max_depth)
        .map_err(|e| VaryError::Compare(e.to_string()))?;
    let progress = options.progress;
    let planned = AtomicUsize::new(3);
    progress(Progress::Planned(3));
    let builds = AtomicUsize::new(0);
    let run_build = |job: &Job| -> Result<(PathBuf, i64), VaryError> {
        if let Some(rest) = job.not_before.checked_duration_since(Instant::now()) {
            std::thread::sleep(rest);
        }
        progress(Progress::Started(&job.name));
        let out = builder.build(&job.name, &job.set);
        builds.fetch_add(1, Ordering::Relaxed);
        progress(Progress::Finished);
        out
    };
    let jobs = if isolated { build_jobs } else { 1 };
    let now = Instant::now();
    let all: VariationSet = applied.iter().copied().collect();
    // The second control starts at least 3 s after the first when the clock is varied, so that
    // a file time taken from the real clock (to zip's 2-second resolution) differs between the
    // two controls too, and is credited to the clock rather than to a later build's variation.
    let gap = if applied.contains(&Variation::Time) {
        Duration::from_secs(CONTROL_GAP_SECONDS)
    } else {
        Duration::ZERO
    };
    let first = [
        Job::new("control".to_owned(), VariationSet::new(), now),
        Job::new("control-2".to_owned(), VariationSet::new(), now + gap),
        Job::new(build_name(&all, &applied), all.clone(), now),
    ];
    let mut first = run_all(&first, jobs, &run_build).into_iter();
    let (Some(control), Some(control_2), Some(varied)) = (first.next(), first.next(), first.next())
    else {
        return Err(VaryError::Scratch("a build went missing".to_owned()));
    };
    let (control, control_2, varied) = (control?, control_2?, varied?);

    let compare =
        |(other, start): &(PathBuf, i64), set: &VariationSet| -> Result<Report, VaryError> {
            let (left, right) = builder.declared(set, (control.1, *start));
            let known = KnownValues { left, right };
            let options = Options {
                known: &known,
                ..Options::default()
            };
            let mut report = pool
                .install(|| crate::compare(&control.0, other, &options))
                .map_err(|e| VaryError::Compare(e.to_string()))?;
            report.left.path = "control".to_owned();
            report.right.path = build_name(set, &applied).replace("control", "control-2");
            Ok(report)
        };
    let controls = compare(&control_2, &VariationSet::new())?;
    let report = compare(&varied, &all)?;

    let mut verdicts = Vec::new();
    if !report.identical() || !controls.identical() {
        planned.fetch_add(applied.len(), Ordering::Relaxed);
        progress(Progress::Planned(planned.load(Ordering::Relaxed)));
        // One build per variation: known in advance, so built at once when builds may run in
        // parallel; the bisection's builds, each chosen from the last, one at a time.
        let mut prebuilt: BTreeMap<VariationSet, Vec<RootKey>> = BTreeMap::new();
        if jobs > 1 && applied.len() > 1 {
            let singles: Vec<Job> = applied
                .iter()
                .map(|v| {
                    let set = VariationSet::from([*v]);
                    Job::new(build_name(&set, &applied), set, Instant::now())
                })
                .collect();
            for (job, out) in singles.iter().zip(run_all(&singles, jobs, &run_build)) {
                prebuilt.insert(job.set.clone(), roots(&compare(&out?, &job.set)?));
            }
        }
        let observed = Observations {
            applied: applied.clone(),
            controls: roots(&controls),
            varied: roots(&report),
        };
        let Attribution {
            verdicts: found, ..
        } = attribute::attribute(
            observed,
            RootKey::same,
            |k| k.category == Category::Timestamp.id(),
            |set| {
                if let Some(found) = prebuilt.remove(set) {
                    return Ok(found);
                }
                let done = builds.load(Ordering::Relaxed);
                if done >= planned.load(Ordering::Relaxed) {
                    planned.store(done + 1, Ordering::Relaxed);
                    progress(Progress::Planned(done + 1));
                }
                let job = Job::new(build_name(set, &applied), set.clone(), Instant::now());
                let out = run_build(&job)?;
                Ok(roots(&compare(&out, set)?))
            },
        )?;
        verdicts = found;
    }
    let kept = options.keep.then(|| workspace.root().to_path_buf());
    let mut report = report;
    corroborate_intrinsic(&mut report, &mut verdicts);
    Ok(VaryOutcome {
        report,
        controls,
        verdicts,
        applied,
        skipped,
        builds: builds.load(Ordering::Relaxed),
        kept,
    })
}

/// Gives an intrinsic `content` root difference a cause. Two control builds are the same source
/// built in the same environment: whatever differs between them is the build's own
/// nondeterminism, never a change of the project. That is the evidence the classifier lacked when
/// it left a random-looking token or a reordered list `content` with a hint (`looks_like`): the
/// experiment shows the build produced it, and the hint becomes its cause. Without a hint,
/// nothing says what the value is, only that the build made it differently each time: random or
/// state-dependent (`randomness/random-token`), with evidence saying so.
fn corroborate_intrinsic(report: &mut Report, verdicts: &mut [(RootKey, Verdict)]) {
    for difference in &mut report.differences {
        if difference.category != Category::Content {
            continue;
        }
        let key = RootKey {
            key: DifferenceKey {
                path: difference.observed.path.clone(),
                field: difference.observed.field.clone(),
                cause: difference.cause.id().to_owned(),
            },
            category: difference.category.id(),
        };
        let index = verdicts
            .iter()
            .position(|(k, _)| k.key == key.key)
            .or_else(|| verdicts.iter().position(|(k, _)| k.same(&key)));
        let Some((root, verdict)) = index.and_then(|i| verdicts.get_mut(i)) else {
            continue;
        };
        if *verdict != Verdict::Intrinsic {
            continue;
        }
        const CONTROLS: &str = "it differs between two builds of the same source in the same \
                                environment (the controls of whydiff vary), so the build made it";
        let reordered = is_reordering(
            difference.observed.left.as_deref(),
            difference.observed.right.as_deref(),
        );
        let hint = difference.looks_like;
        difference.evidence = match (hint, reordered) {
            (Some(hint), _) => {
                format!("{CONTROLS}; it looks like {hint}: {}", difference.evidence)
            }
            (None, true) => format!(
                "{CONTROLS}: the same items in another order each time (hash or directory order)"
            ),
            (None, false) => format!(
                "{CONTROLS}, differently each time: random or state-dependent ({})",
                difference.evidence
            ),
        };
        let hint = hint.unwrap_or(if reordered {
            Cause::ListOrder
        } else {
            Cause::RandomToken
        });
        difference.category = hint.category();
        difference.cause = hint;
        difference.looks_like = None;
        root.key.cause = hint.id().to_owned();
        root.category = hint.category().id();
    }
}

/// Whether two values hold the same items (words, or comma-separated items) in another order.
fn is_reordering(left: Option<&str>, right: Option<&str>) -> bool {
    let items = |text: &str| -> Vec<String> {
        let mut items: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect();
        items.sort_unstable();
        items
    };
    match (left, right) {
        (Some(left), Some(right)) if left != right => {
            let (l, r) = (items(left), items(right));
            l.len() > 1 && l == r
        }
        _ => false,
    }
}

/// The root differences of a report, keyed.
fn roots(report: &Report) -> Vec<RootKey> {
    report
        .differences
        .iter()
        .filter(|d| d.category != Category::Derived)
        .map(|d| RootKey {
            key: DifferenceKey {
                path: d.observed.path.clone(),
                field: d.observed.field.clone(),
                cause: d.cause.id().to_owned(),
            },
            category: d.category.id(),
        })
        .collect()
}

/// The remedy of each cause found, by cause id.
pub fn remedies(reports: &[&Report]) -> BTreeMap<&'static str, &'static str> {
    reports
        .iter()
        .flat_map(|r| r.differences.iter())
        .filter(|d| !d.cause.remedy().is_empty())
        .map(|d| (d.cause.id(), d.cause.remedy()))
        .collect()
}

/// One build to run: its name, its variations, and when it may start at the earliest.
struct Job {
    name: String,
    set: VariationSet,
    not_before: Instant,
}

impl Job {
    fn new(name: String, set: VariationSet, not_before: Instant) -> Job {
        Job {
            name,
            set,
            not_before,
        }
    }
}

/// Runs `jobs` with up to `parallel` at once (in order, one at a time, when `parallel` is 1);
/// the results in the order of `jobs`.
fn run_all<T: Send>(
    jobs: &[Job],
    parallel: usize,
    run: &(dyn Fn(&Job) -> Result<T, VaryError> + Sync),
) -> Vec<Result<T, VaryError>> {
    if parallel <= 1 || jobs.len() <= 1 {
        return jobs.iter().map(run).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<T, VaryError>>>> =
        Mutex::new(jobs.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..parallel.min(jobs.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(index) else { break };
                let result = run(job);
                if let Ok(mut results) = results.lock() {
                    if let Some(slot) = results.get_mut(index) {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(VaryError::Scratch("a build did not run".to_owned()))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::is_reordering;

    #[test]
    fn the_same_items_in_another_order_are_a_reordering() {
        assert!(is_reordering(Some("b a c\n"), Some("a c b\n")));
        assert!(is_reordering(Some("x,y,z"), Some("z,x,y")));
        // Other items, one item, or nothing changed: not a reordering.
        assert!(!is_reordering(Some("02 c0 58"), Some("d9 0b 0a")));
        assert!(!is_reordering(Some("a b"), Some("a b c")));
        assert!(!is_reordering(Some("alone"), Some("alone ")));
        assert!(!is_reordering(Some("same"), Some("same")));
        assert!(!is_reordering(None, Some("a b")));
    }
}
