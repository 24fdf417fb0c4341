//! whydiff: explains why two builds of the same source are not byte-identical.
//!
//! The library is the whole tool but for argument parsing: [`compare`] opens two builds, the
//! [`engine`] walks both through every nested format and records each difference, the
//! [`classify`] pipeline gives each a root cause and folds consequences under it, and [`report`]
//! renders the result as text or JSON.

pub mod classify;
pub mod difference;
pub mod engine;
pub mod input;
pub mod report;

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use whydiff_analyzers::directory::DirectoryOptions;
use whydiff_analyzers::names::escape;

use crate::classify::KnownValues;
use crate::engine::{Findings, Settings};
use crate::input::{Build, InputError};
use crate::report::{Report, Side};

/// Options of one comparison.
#[derive(Clone, Copy)]
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

/// Compares the builds at `left` and `right` and explains every difference.
pub fn compare(left: &Path, right: &Path, options: &Options<'_>) -> Result<Report, CompareError> {
    let directory = DirectoryOptions {
        metadata: options.dir_metadata,
    };
    let (left_build, right_build) = rayon::join(
        || Build::open(left, directory),
        || Build::open(right, directory),
    );
    let (left_build, right_build) = (left_build?, right_build?);
    let (left_print, right_print) =
        rayon::join(|| left_build.fingerprint(), || right_build.fingerprint());
    let complete = left_print.complete && right_print.complete;
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
    // Files already hashed need not be read again to be found equal.
    let mut digests = left_print.files;
    digests.extend(right_print.files);
    let settings = Settings {
        known_digests: Some(&digests),
        ..options.settings
    };
    let findings = match (&left_build, &right_build) {
        (Build::File { data: a, .. }, Build::File { data: b, .. }) => {
            let name = file_name(left);
            engine::compare_bytes(&[name], a, b, 0, &settings)
        }
        // Equal manifests mean equal trees (types, modes, names, contents): nothing to walk,
        // unless times and owners, which the manifest leaves out, are to be compared too, or an
        // entry could not be read (its manifest line says so alike whatever it holds).
        (Build::Directory { .. }, Build::Directory { .. })
            if sides.0.sha256 == sides.1.sha256 && complete && !options.dir_metadata =>
        {
            Findings::default()
        }
        (Build::Directory { node: a, .. }, Build::Directory { node: b, .. }) => {
            engine::compare_nodes(&[], a, b, 0, &settings)
        }
        _ => {
            let kind = |b: &Build| {
                if matches!(b, Build::File { .. }) {
                    "file"
                } else {
                    "directory"
                }
            };
            return Err(CompareError::Mismatch {
                left: sides.0.path,
                left_kind: kind(&left_build),
                right: sides.1.path,
                right_kind: kind(&right_build),
            });
        }
    };
    Ok(build_report(sides, findings, options.known))
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
        generators,
        mut listings,
        stable_summaries,
    } = findings;
    listings.sort();
    notes.sort();
    notes.dedup();
    let facts = classify::Facts {
        changed_digests: changed_digests.into_iter().collect(),
        generators: generators.into_iter().collect(),
        listings,
        stable_summaries: stable_summaries.into_iter().collect(),
    };
    let classified = classify::classify(differences, known, &facts);
    Report::new(sides.0, sides.1, classified.differences, notes).with_profiles(classified.profiles)
}
