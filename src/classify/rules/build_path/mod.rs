//! Build paths: the directory a build ran in, captured in what it produced.
//!
//! Compilers record the compilation directory (DWARF `DW_AT_comp_dir`, PDB paths, Mach-O `N_SO`),
//! Python records the source path of every module (`co_filename`), tools write `#line`
//! directives, command lines, tracebacks and include guards. Two builds in two directories then
//! differ wherever that path appears, verbatim or mangled.
//!
//! The work is split in two. [`learn`] reads the whole comparison once and gathers the pairs of
//! directory prefixes that differ ([`PrefixPairs`]), from paths that end alike and from declared
//! values. [`BuildPathRule`] then explains a changed run only when replacing, in the left run,
//! every occurrence of a learned left prefix (in one of its [`spelling`]s) by its right prefix
//! gives exactly the right run: the substitution, not the shape of the text, is the evidence.
//! Home directories on both sides are reported as `home-directory` (user-host), randomly named
//! temporary directories as `temp-dir`, anything else as `build-directory`. A temporary name as
//! mkdtemp or mktemp draws it needs no learned pair: it is one wherever it is written, relative
//! paths included (module `temp_names`).

mod learn;
mod rule;
mod shape;
pub mod spelling;
mod temp_names;

pub use rule::BuildPathRule;

use crate::classify::evidence::Generators;
use crate::classify::known::KnownValues;
use crate::classify::Cause;
use crate::difference::Observed;
use spelling::{spellings, Spelling};

/// A pair of directory prefixes, one per build, believed to name the same directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixPair {
    /// The left build's directory (`/tmp/build-a`).
    pub left: String,
    /// The right build's directory (`/var/tmp/other`).
    pub right: String,
    /// What the directory is: `BuildDirectory`, `TempDir` or `HomeDirectory`.
    pub cause: Cause,
    /// What shows the build wrote it: declared, or seen in a binary or a generated member.
    /// `None` when the pair was seen only in files a person may have written.
    pub witness: Option<String>,
    /// How the pair may be written, verbatim first.
    spellings: Vec<Spelling>,
}

impl PrefixPair {
    /// The pair (`left`, `right`) with the cause it stands for.
    pub fn new(left: String, right: String, cause: Cause) -> Self {
        let spellings = spellings(&left, &right);
        PrefixPair {
            left,
            right,
            cause,
            witness: None,
            spellings,
        }
    }

    /// The same pair, with what witnesses it.
    pub fn witnessed_by(self, witness: Option<String>) -> Self {
        PrefixPair { witness, ..self }
    }

    /// The ways the pair may be written in an artifact, verbatim first.
    pub fn spellings(&self) -> &[Spelling] {
        &self.spellings
    }
}

/// Pairs of directory prefixes (left, right) that differ between the two builds, most specific
/// (longest) first. Two pairs may share a left prefix: the rule verifies each by substitution.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefixPairs(Vec<PrefixPair>);

impl PrefixPairs {
    /// The pairs, longest first.
    pub fn pairs(&self) -> &[PrefixPair] {
        &self.0
    }
}

/// Learns the differing directory prefixes of a comparison from all its differences (sorted by
/// path and field) and from the declared `build_path`/`srcdir`/`HOME`/`TMPDIR` values.
pub fn learn(all: &[Observed], known: &KnownValues, generators: &Generators) -> PrefixPairs {
    learn::learn(all, known, generators)
}
