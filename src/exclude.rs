//! `--exclude GLOB`: members left out of a comparison, at every level of nesting, as diffoscope's
//! `--exclude` leaves them out.
//!
//! A member is excluded when a glob (the syntax of [`crate::gate::glob`]: `*`, `?`, `**`) matches,
//! for the member itself or any directory above it inside its container:
//!
//! - its file name (`*.pyc`, `__pycache__`, `RECORD`),
//! - its name in its container (`pkg/__pycache__/*.pyc` in a wheel, `docs/**` in a directory),
//! - or its whole path from the build's root, the nesting levels joined with `/`
//!   (`app.whl/pkg/_version.py`).
//!
//! So `--exclude __pycache__` leaves out each `__pycache__` directory and everything in it. An
//! excluded member is neither compared nor reported as added or removed; the inputs themselves
//! are never excluded.

use crate::gate::glob::{GlobError, PathGlob};

/// The globs of `--exclude`.
#[derive(Debug, Clone, Default)]
pub struct Excludes {
    globs: Vec<PathGlob>,
}

impl Excludes {
    /// No glob: nothing is excluded.
    pub const EMPTY: Excludes = Excludes { globs: Vec::new() };

    /// Compiles `patterns`; the first that is not a glob is the error.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, GlobError> {
        let globs = patterns
            .iter()
            .map(|p| PathGlob::new(p.as_ref()))
            .collect::<Result<_, _>>()?;
        Ok(Excludes { globs })
    }

    /// Whether no glob was given.
    pub fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    /// Whether the member `name` of the container at `container` (the path of nesting levels
    /// above it) is excluded.
    pub fn excludes(&self, container: &[String], name: &str) -> bool {
        if self.globs.is_empty() {
            return false;
        }
        let prefix: String = container.iter().map(|s| format!("{s}/")).collect();
        let name = name.trim_end_matches('/');
        // The member and each directory above it in its container: `a/b/c`, `a/b`, `a`.
        let mut ends: Vec<usize> = name.match_indices('/').map(|(at, _)| at).collect();
        ends.push(name.len());
        ends.iter().any(|&end| {
            let within = &name[..end];
            let base = within.rsplit('/').next().unwrap_or(within);
            let whole = format!("{prefix}{within}");
            self.globs
                .iter()
                .any(|g| g.matches(base) || g.matches(within) || g.matches(&whole))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excludes(patterns: &[&str]) -> Excludes {
        Excludes::new(patterns).unwrap()
    }

    #[test]
    fn a_file_name_glob_matches_at_every_level() {
        let e = excludes(&["*.pyc"]);
        assert!(e.excludes(&[], "x.pyc"));
        assert!(e.excludes(&[], "pkg/__pycache__/x.cpython-311.pyc"));
        assert!(e.excludes(&["app.whl".into()], "pkg/x.pyc"));
        assert!(!e.excludes(&[], "x.py"));
        assert!(!e.excludes(&[], "x.pyc.txt"));
    }

    #[test]
    fn a_directory_name_excludes_what_is_below_it() {
        let e = excludes(&["__pycache__"]);
        assert!(e.excludes(&[], "pkg/__pycache__/"));
        assert!(e.excludes(&[], "pkg/__pycache__/a.pyc"));
        assert!(!e.excludes(&[], "pkg/cache/a.pyc"));
    }

    #[test]
    fn paths_match_within_a_container_or_from_the_root() {
        let e = excludes(&["docs/**", "app.whl/pkg/_version.py"]);
        assert!(e.excludes(&[], "docs/index.html"));
        assert!(e.excludes(&["t.tar".into()], "docs/a/b"));
        assert!(e.excludes(&["app.whl".into()], "pkg/_version.py"));
        assert!(!e.excludes(&["other.whl".into()], "pkg/_version.py"));
        assert!(!e.excludes(&[], "src/docs"));
    }

    #[test]
    fn no_glob_excludes_nothing_and_bad_globs_are_refused() {
        assert!(!Excludes::default().excludes(&[], "anything"));
        assert!(Excludes::new(&[""]).is_err());
        assert!(Excludes::new(&["a\\"]).is_err());
    }
}
