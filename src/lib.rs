//! whydiff: explains why two builds of the same source are not byte-identical.
//!
//! The library is the whole tool but for argument parsing: [`compare`] opens two builds, the
//! [`engine`] walks both through every nested format and records each difference, the
//! [`classify`] pipeline gives each a root cause and folds consequences under it, and [`report`]
//! renders the result as text or JSON; [`gate`] holds a report against a baseline of known classes
//! of differences, for CI.

pub mod catalogue;
pub mod classify;
pub mod difference;
pub mod engine;
pub mod exclude;
pub mod gate;
pub mod html;
pub mod input;
pub mod report;
pub mod timings;
pub mod vary;

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;

use whydiff_analyzers::directory::DirectoryOptions;
use whydiff_analyzers::names::escape;
use whydiff_analyzers::TotalBudget;

use crate::classify::KnownValues;
use crate::engine::{Findings, Settings};
use crate::input::{Build, FileDigests, InputError};
use crate::report::{Report, Side};

/// Options of one comparison.
#[derive(Clone)]
pub struct Options<'a> {
    /// Engine settings: limits, depth, progress callback.
    pub settings: Settings<'a>,
    /// Compare file times and owners of the input directories' entries.
    pub dir_metadata: bool,
    /// Values declared as differing on purpose between the two builds.
    pub known: &'a KnownValues,
}

impl Default for Options<'_> {
    fn default() -> Self {
        static NONE: std::sync::OnceLock<KnownValues> = std::sync::OnceLock::new();
        Options {
            settings: Settings::default(),
            dir_metadata: false,
            known: NONE.get_or_init(KnownValues::default),
        }
    }
}

/// Why a comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// An input could not be opened.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Both inputs are standard input (`-`).
    #[error("standard input (-) can be only one of the two builds")]
    StdinTwice,
    /// One input is a file and the other a directory.
    #[error("cannot compare {left} (a {left_kind}) with {right} (a {right_kind})")]
    Mismatch {
        /// Left path.
        left: String,
        /// What the left is.
        left_kind: &'static str,
        /// Right path.
        right: String,
        /// What the right is.
        right_kind: &'static str,
    },
}

// The engine and the registry turn an analyzer's panic into a note with `catch_unwind`: a build
// that aborts on panic would lose that.
#[cfg(not(panic = "unwind"))]
compile_error!("whydiff needs panic = \"unwind\": analyzer panics are caught and become notes");

/// The stack of each worker thread: the engine recurses once per nesting level (several frames
/// each, larger in debug builds), so it grows with the depth allowed.
fn stack_size(max_depth: usize) -> usize {
    const BASE: usize = 16 << 20;
    const PER_LEVEL: usize = 256 << 10;
    BASE + max_depth.min(engine::MAX_DEPTH_ALLOWED) * PER_LEVEL
}

/// A thread pool for comparisons nested up to `max_depth` levels: `jobs` threads (one per core
/// by default), each with a stack deep enough for that nesting.
pub fn thread_pool(
    jobs: Option<usize>,
    max_depth: usize,
) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .stack_size(stack_size(max_depth))
        .build()
}

/// Compares the builds at `left` and `right` and explains every difference, within a total
/// decompression budget of its own (`options.settings.limits.total.limit()` bytes, shared by all
/// its threads). Called from outside
/// a rayon pool, it runs in one of [`thread_pool`]'s, whose stacks suit the nesting depth (the
/// global pool's do not).
pub fn compare(left: &Path, right: &Path, options: &Options<'_>) -> Result<Report, CompareError> {
    if rayon::current_thread_index().is_none() {
        if let Ok(pool) = thread_pool(None, options.settings.max_depth) {
            return pool.install(|| compare_in_pool(left, right, options));
        }
    }
    compare_in_pool(left, right, options)
}

fn compare_in_pool(
    left: &Path,
    right: &Path,
    options: &Options<'_>,
) -> Result<Report, CompareError> {
    let directory = DirectoryOptions {
        metadata: options.dir_metadata,
    };
    if left.as_os_str() == input::STDIN && right.as_os_str() == input::STDIN {
        return Err(CompareError::StdinTwice);
    }
    let max_stream = options.settings.limits.max_member_size;
    let (left_build, right_build) = rayon::join(
        || Build::open_bounded(left, directory, max_stream),
        || Build::open_bounded(right, directory, max_stream),
    );
    let (left_build, right_build) = (left_build?, right_build?);
    // The comparison hashes the files it reads; the fingerprints, computed after it, read only
    // the others.
    let digests = FileDigests::default();
    // Each comparison has a total decompression budget of its own, of the size the options give.
    let mut limits = options.settings.limits.clone();
    limits.total = Arc::new(TotalBudget::new(limits.total.limit()));
    let settings = Settings {
        file_digests: Some(&digests),
        limits,
        ..options.settings.clone()
    };
    let findings = timings::timed("compare", || match (&left_build, &right_build) {
        (Build::File { data: a, .. }, Build::File { data: b, .. }) => {
            let name = file_name(left);
            Ok(engine::compare_bytes(&[name], a, b, 0, &settings))
        }
        (Build::Directory { node: a, .. }, Build::Directory { node: b, .. }) => {
            Ok(engine::compare_nodes(&[], a, b, 0, &settings))
        }
        _ => {
            let kind = |b: &Build| {
                if matches!(b, Build::File { .. }) {
                    "file"
                } else {
                    "directory"
                }
            };
            Err(CompareError::Mismatch {
                left: spelled(left),
                left_kind: kind(&left_build),
                right: spelled(right),
                right_kind: kind(&right_build),
            })
        }
    })?;
    let (left_print, right_print) = timings::timed("fingerprints", || {
        rayon::join(
            || left_build.fingerprint(&digests),
            || right_build.fingerprint(&digests),
        )
    });
    let sides = (
        Side {
            path: spelled(left),
            sha256: left_print.sha256,
        },
        Side {
            path: spelled(right),
            sha256: right_print.sha256,
        },
    );
    Ok(timings::timed("classify", || {
        build_report(sides, findings, options.known)
    }))
}

/// An input file's name, spelled losslessly (see [`whydiff_analyzers::names`]).
fn file_name(path: &Path) -> String {
    match path.file_name() {
        Some(name) => escape(name.as_bytes()),
        None => spelled(path),
    }
}

/// A path as given, spelled losslessly.
fn spelled(path: &Path) -> String {
    escape(path.as_os_str().as_bytes())
}

fn build_report(sides: (Side, Side), findings: Findings, known: &KnownValues) -> Report {
    let Findings {
        differences,
        mut notes,
        changed_digests,
        changed_files,
        generators,
        mut listings,
        stable_summaries,
        containers,
        formats,
        detached,
    } = findings;
    listings.sort();
    notes.sort();
    notes.dedup();
    let facts = classify::Facts {
        changed_digests: engine::digests::ChangedDigests::new(changed_digests, changed_files),
        generators: generators.into_iter().collect(),
        listings,
        stable_summaries: stable_summaries.into_iter().collect(),
        containers: containers.into_iter().collect(),
        detached: detached.into_iter().collect(),
    };
    let mut classified = classify::classify(differences, known, &facts);
    name_formats(&mut classified.differences, formats);
    Report::new(sides.0, sides.1, classified.differences, notes).with_profiles(classified.profiles)
}

/// Gives each difference the format of the artifact it is in (see
/// [`difference::Observed::format_path`]), from what the engine read each path as. A change of
/// format has none; a difference the classifier made up for a path no analyzer read (an
/// installed distribution) takes the format of the nearest artifact around it.
fn name_formats(
    differences: &mut [difference::Difference],
    formats: Vec<(Vec<String>, &'static str)>,
) {
    use rayon::prelude::*;
    let formats: std::collections::HashMap<Vec<String>, &'static str> =
        formats.into_iter().collect();
    let format_of = |observed: &difference::Observed| match observed.kind {
        difference::ObservedKind::FormatChanged => None,
        difference::ObservedKind::Distribution { .. } => {
            let path = observed.format_path();
            (0..=path.len())
                .rev()
                .find_map(|end| path.get(..end).and_then(|p| formats.get(p)).copied())
        }
        _ => formats.get(observed.format_path()).copied(),
    };
    // Whether the format is the one recorded for the difference's format path.
    let plain = |observed: &difference::Observed| {
        !matches!(
            observed.kind,
            difference::ObservedKind::FormatChanged | difference::ObservedKind::Distribution { .. }
        )
    };
    // Neighbours mostly share their artifact (the entries of one archive): each run of
    // differences looks its path up once.
    let named: Vec<Option<&'static str>> = differences
        .par_iter()
        .map_init(
            || None,
            |last: &mut Option<(&difference::Observed, Option<&'static str>)>, difference| {
                let observed = &difference.observed;
                if let Some((previous, format)) = *last {
                    if plain(previous)
                        && plain(observed)
                        && previous.format_path() == observed.format_path()
                    {
                        return format;
                    }
                }
                let format = format_of(observed);
                *last = Some((observed, format));
                format
            },
        )
        .collect();
    differences
        .par_iter_mut()
        .zip(named)
        .for_each(|(difference, format)| difference.format = format);
}
