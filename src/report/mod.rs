//! The report model, and its renderings: [`json`] for programs, [`text`] for people; [`document`]
//! reads a JSON report back.
//!
//! Renderers only read a [`Report`]; they never classify or compare.

pub mod document;
pub mod escape;
pub mod html;
pub mod json;
pub mod markdown;
pub mod text;
pub mod view;

use crate::classify::{Category, Profiles};
use crate::difference::Difference;
use crate::engine::Note;

/// The schema id of the JSON report.
pub const SCHEMA: &str = "whydiff-report/1";

/// One side of the comparison, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Side {
    /// The path as given on the command line.
    pub path: String,
    /// SHA-256 of the file, or of a directory's manifest.
    pub sha256: String,
}

/// The result of comparing two builds.
#[derive(Debug, Clone)]
pub struct Report {
    /// The left build.
    pub left: Side,
    /// The right build.
    pub right: Side,
    /// Every difference, sorted by path then field, numbered in that order.
    pub differences: Vec<Difference>,
    /// What could not be read completely, sorted.
    pub notes: Vec<Note>,
    /// What whydiff believes about each build, and why.
    pub profiles: Profiles,
}

impl Report {
    /// A report over classified, sorted differences.
    pub fn new(left: Side, right: Side, differences: Vec<Difference>, notes: Vec<Note>) -> Self {
        Report {
            left,
            right,
            differences,
            notes,
            profiles: Profiles::default(),
        }
    }

    /// The same report, with what was believed about each build.
    pub fn with_profiles(self, profiles: Profiles) -> Self {
        Report { profiles, ..self }
    }

    /// Whether no difference was found: the two builds are byte-identical, or differ only in
    /// members `--exclude` left out (see [`Report::bytes_differ`]).
    pub fn identical(&self) -> bool {
        self.differences.is_empty()
    }

    /// Whether the two builds' SHA-256 differ: with no difference found, they differ only in
    /// members `--exclude` left out.
    pub fn bytes_differ(&self) -> bool {
        self.left.sha256 != self.right.sha256
    }

    /// The number of differences per category, for every category that occurs, in contract order.
    pub fn summary(&self) -> Vec<(Category, usize)> {
        Category::ALL
            .into_iter()
            .map(|c| {
                (
                    c,
                    self.differences.iter().filter(|d| d.category == c).count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The root categories found (every category but `derived`), in contract order.
    pub fn root_categories(&self) -> Vec<Category> {
        self.summary()
            .into_iter()
            .map(|(c, _)| c)
            .filter(|c| *c != Category::Derived)
            .collect()
    }
}
