//! The baseline: the classes of differences a project knows its two builds have, as a TOML file
//! people edit by hand and [`Baseline::to_toml`] writes.
//!
//! ```toml
//! [[class]]
//! category = "timestamp"
//! cause = "entry-mtime"
//! path = "app.pyz/**"        # optional: a glob (see [`super::glob`])
//! note = "ticket #12"        # optional: free text
//! ```
//!
//! A class is its category, its cause and its glob (or none); a root difference belongs to it
//! when category and cause are equal and the glob, if any, matches the difference's path.

use std::cmp::Ordering;
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use super::glob::{joined, PathGlob};
use crate::classify::{Category, Cause};
use crate::report::document::DifferenceRecord;

/// One known class of differences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownClass {
    /// Category id (`timestamp`, `build-path`…).
    pub category: String,
    /// Cause id of that category (`entry-mtime`…).
    pub cause: String,
    /// The paths the class covers; every path when `None`.
    pub path: Option<PathGlob>,
    /// Why the class is accepted: free text or a ticket link, kept across updates.
    pub note: Option<String>,
}

impl KnownClass {
    /// A class of every difference of `category` and `cause`, without a note.
    pub fn new(category: &str, cause: &str) -> Self {
        KnownClass {
            category: category.to_owned(),
            cause: cause.to_owned(),
            path: None,
            note: None,
        }
    }

    /// Whether the difference belongs to the class.
    pub fn covers(&self, difference: &DifferenceRecord) -> bool {
        difference.category == self.category
            && difference.cause == self.cause
            && self
                .path
                .as_ref()
                .is_none_or(|glob| glob.matches_segments(&difference.path))
    }

    /// The class in one token: `category/cause`, and ` path GLOB` when it has one.
    pub fn label(&self) -> String {
        match &self.path {
            Some(glob) => format!("{}/{} path {}", self.category, self.cause, glob.as_str()),
            None => format!("{}/{}", self.category, self.cause),
        }
    }

    /// Whether the class is the same as another (notes aside).
    pub fn same_class(&self, other: &KnownClass) -> bool {
        self.category == other.category
            && self.cause == other.cause
            && self.path.as_ref().map(PathGlob::as_str) == other.path.as_ref().map(PathGlob::as_str)
    }
}

/// The order classes are listed in: by category in report order, then cause, then glob (none
/// first).
pub fn class_order(a: &KnownClass, b: &KnownClass) -> Ordering {
    category_rank(&a.category)
        .cmp(&category_rank(&b.category))
        .then_with(|| a.category.cmp(&b.category))
        .then_with(|| a.cause.cmp(&b.cause))
        .then_with(|| {
            a.path
                .as_ref()
                .map(PathGlob::as_str)
                .cmp(&b.path.as_ref().map(PathGlob::as_str))
        })
}

/// A category's position in report order (unknown ids last).
pub fn category_rank(id: &str) -> usize {
    Category::ALL
        .iter()
        .position(|c| c.id() == id)
        .unwrap_or(Category::ALL.len())
}

/// The known classes, as read from or written to a baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The classes, in file order as read; sorted when made or updated.
    pub classes: Vec<KnownClass>,
}

/// Why a baseline file cannot be read: the file, the line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError {
    /// The file as named to the reader.
    pub file: String,
    /// The 1-based line of the trouble, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for BaselineError {}

/// The file's shape, with positions kept to name the line of a wrong value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    #[serde(default)]
    class: Vec<ClassEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassEntry {
    category: Spanned<String>,
    cause: Spanned<String>,
    #[serde(default)]
    path: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
}

/// What a baseline file begins with: how to edit it.
pub const HEADER: &str = "\
# whydiff baseline: the classes of differences known between two builds of this project.
# `whydiff check LEFT RIGHT --baseline THIS-FILE` passes while every root difference belongs to a
# class below, and fails naming each new one (docs/check.md).
#
# Edit by hand. Each [[class]] has:
#   category = \"timestamp\"   a category id (docs/report.md)
#   cause = \"entry-mtime\"    a cause id of that category
#   path = \"app.pyz/**\"      optional: only differences whose path matches this glob (the
#                            path's levels joined with \"/\"; * and ? stay within a \"/\", ** crosses
#                            them, \\ escapes)
#   note = \"why, or a ticket link\"   optional, kept when the file is updated
# Delete a class to fail on it again. `whydiff check ... --update-baseline` rewrites this file:
# it keeps the notes of the classes still occurring, adds the new ones and drops the fixed ones
# (other comments are not kept).
";

impl Baseline {
    /// Reads a baseline from its TOML `text`; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, BaselineError> {
        let error = |span: Option<std::ops::Range<usize>>, message: String| BaselineError {
            file: file.to_owned(),
            line: span.map(|s| line_of(text, s.start)),
            message,
        };
        let parsed: BaselineFile =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().trim().to_owned()))?;
        let mut classes = Vec::with_capacity(parsed.class.len());
        for entry in parsed.class {
            let category = entry.category.get_ref();
            if Category::from_id(category).is_none() {
                let known: Vec<_> = Category::ALL.iter().map(|c| c.id()).collect();
                return Err(error(
                    Some(entry.category.span()),
                    format!(
                        "unknown category {category:?} (one of {})",
                        known.join(", ")
                    ),
                ));
            }
            let cause = entry.cause.get_ref();
            match Cause::ALL.iter().find(|c| c.id() == cause) {
                None => {
                    return Err(error(
                        Some(entry.cause.span()),
                        format!(
                            "unknown cause {cause:?} (the causes are listed in docs/report.md)"
                        ),
                    ))
                }
                Some(known) if known.category().id() != category => {
                    return Err(error(
                        Some(entry.cause.span()),
                        format!(
                            "cause {cause:?} is of category {:?}, not {category:?}",
                            known.category().id()
                        ),
                    ))
                }
                Some(_) => {}
            }
            let path = match &entry.path {
                Some(pattern) => Some(
                    PathGlob::new(pattern.get_ref())
                        .map_err(|e| error(Some(pattern.span()), e.to_string()))?,
                ),
                None => None,
            };
            classes.push(KnownClass {
                category: category.clone(),
                cause: cause.clone(),
                path,
                note: entry.note,
            });
        }
        Ok(Baseline { classes })
    }

    /// The baseline as TOML: [`HEADER`], then each class, in order.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(HEADER);
        for class in &self.classes {
            out.push_str("\n[[class]]\n");
            out.push_str(&format!("category = {}\n", toml_string(&class.category)));
            out.push_str(&format!("cause = {}\n", toml_string(&class.cause)));
            if let Some(glob) = &class.path {
                out.push_str(&format!("path = {}\n", toml_string(glob.as_str())));
            }
            if let Some(note) = &class.note {
                out.push_str(&format!("note = {}\n", toml_string(note)));
            }
        }
        out
    }

    /// Sorts the classes (see [`class_order`]).
    pub fn sort(&mut self) {
        self.classes.sort_by(class_order);
    }
}

/// A TOML string literal holding `text`.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A difference's path as classes' globs match it (for messages).
pub fn glob_path(difference: &DifferenceRecord) -> String {
    joined(&difference.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_baseline_reads_back_the_same() {
        let mut baseline = Baseline {
            classes: vec![
                KnownClass::new("timestamp", "entry-mtime"),
                KnownClass {
                    path: Some(PathGlob::new("app.pyz/**/\"x\"\\\\").unwrap()),
                    note: Some("see \"ticket\" #12\nsecond line".into()),
                    ..KnownClass::new("build-path", "build-directory")
                },
            ],
        };
        baseline.sort();
        let text = baseline.to_toml();
        assert!(text.starts_with("# whydiff baseline"));
        assert_eq!(Baseline::parse(&text, "b.toml").unwrap(), baseline);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let text = "[[class]]\ncategory = \"timestamp\"\ncause = \"entry-mtime\"\n\n[[class]]\ncategory = \"timestamp\"\ncause = \"no-such-cause\"\n";
        let error = Baseline::parse(text, "ci/baseline.toml").unwrap_err();
        assert_eq!(error.line, Some(7), "{error}");
        assert!(error
            .to_string()
            .starts_with("ci/baseline.toml:7: unknown cause"));

        let error = Baseline::parse("[[class]\n", "b.toml").unwrap_err();
        assert_eq!(error.line, Some(1), "{error}");

        let wrong_category = "[[class]]\ncategory = \"build-path\"\ncause = \"entry-mtime\"\n";
        let error = Baseline::parse(wrong_category, "b.toml").unwrap_err();
        assert!(
            error.message.contains("of category \"timestamp\""),
            "{error}"
        );

        let unknown_key =
            "[[class]]\ncategory = \"timestamp\"\ncause = \"entry-mtime\"\npaht = \"x\"\n";
        let error = Baseline::parse(unknown_key, "b.toml").unwrap_err();
        assert_eq!(error.line, Some(4), "{error}");

        let bad_glob =
            "[[class]]\ncategory = \"timestamp\"\ncause = \"entry-mtime\"\npath = 'a\\'\n";
        let error = Baseline::parse(bad_glob, "b.toml").unwrap_err();
        assert_eq!(error.line, Some(4), "{error}");
    }

    #[test]
    fn an_empty_file_is_an_empty_baseline() {
        assert_eq!(Baseline::parse("", "b.toml").unwrap(), Baseline::default());
        assert_eq!(
            Baseline::parse(HEADER, "b.toml").unwrap(),
            Baseline::default()
        );
    }
}
