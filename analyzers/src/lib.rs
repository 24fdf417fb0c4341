//! Format analyzers for whydiff.
//!
//! Each module turns the bytes of one format into a [`Node`]: typed fields, ordered members and
//! leaf content. Analyzers never compare two builds and never classify a difference: that is the
//! engine's job. Adding a format means adding one module that implements [`Analyzer`] and one line
//! in [`registry`].
//!
//! Analyzers work on untrusted input: they never panic on malformed bytes, never allocate more than
//! the input and [`Limits`] allow, and report what they could not read as a note on the node or an
//! [`AnalyzeError`], so that the engine can fall back to comparing bytes. A container whose members
//! are compressed one by one (zip) lists them as [`Encoded`] data, decoded only if the engine needs
//! them; every decoder draws from the [`budget`]s of the run's [`Limits`].
//!
//! Outside tests, indexing, slicing and unchecked arithmetic are denied: every read of untrusted
//! bytes goes through the bounds-checked `byte_reader`, `.get()`, `checked_*`/`saturating_*`
//! arithmetic or an iterator, so that a hostile offset is a truncation note, never a panic.
//! Tests may index freely.

#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::arithmetic_side_effects)
)]

pub mod binary;
pub mod budget;
pub mod bzip2;
pub mod cargo;
pub mod cms;
pub mod coverage;
pub mod deferred;
pub mod directory;
pub mod dwarf;
pub mod elf;
pub mod gem;
pub mod gzip;
pub mod jar_manifest;
pub mod macho;
pub mod names;
pub mod node;
pub mod npm;
pub mod pe;
pub mod pkcs7;
pub mod properties;
pub mod pyc;
pub mod pyinstaller;
pub mod pymeta;
pub mod registry;
pub(crate) mod spelling;
pub mod symbol_map;
pub mod tar;
pub mod text;
pub mod xz;
pub mod zip;

mod byte_reader;
mod compressed;
mod eh_frame;
mod encoded;
mod json;
#[cfg(test)]
mod test_support;

use std::sync::Arc;

use bytes::Bytes;

pub use budget::{DecodeError, TotalBudget};
pub use deferred::{Deferred, DeferredFields, DeferredSource, FieldSource, Key};
pub use encoded::Encoded;
pub use node::{
    covered_member, ordered_field, sibling_of, spelled_field, Captured, Content, Covers,
    Derivation, Field, FieldKind, Member, MemberData, MemberOrder, Node, Ordered, Quantity,
    TimeEncoding, TimeRole, Timestamp, Value, ORDER_SUFFIX, SIBLING_SEPARATOR, SPELLING_SUFFIX,
};
pub use registry::{analyze, detect};

/// Bounds on the work and memory one analysis may use. Clones share one [`TotalBudget`]: make one
/// `Limits` per run.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The largest decompressed member an analyzer will materialize, in bytes.
    pub max_member_size: u64,
    /// The most members one container may list before the rest is summarized in a note.
    pub max_members: usize,
    /// How many times its encoded size a member may expand once decoded (past
    /// [`budget::RATIO_GRACE`] bytes, which any member may take).
    pub max_ratio: u64,
    /// The decoded bytes every member of the run may take in all.
    pub total: Arc<TotalBudget>,
}

impl Limits {
    /// The default limits with a total budget of `total` decoded bytes.
    pub fn with_total(total: u64) -> Self {
        Limits {
            total: Arc::new(TotalBudget::new(total)),
            ..Limits::default()
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_member_size: budget::DEFAULT_MAX_MEMBER_SIZE,
            max_members: budget::DEFAULT_MAX_MEMBERS,
            max_ratio: budget::DEFAULT_MAX_RATIO,
            total: Arc::new(TotalBudget::new(budget::DEFAULT_MAX_TOTAL_SIZE)),
        }
    }
}

/// The bytes of one artifact and the name it was found under.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file or member name (its last path segment is a hint for detection).
    pub name: &'a str,
    /// The whole artifact.
    pub data: &'a Bytes,
}

impl Input<'_> {
    /// Whether the last component of the name ends with one of `extensions` (each with its dot,
    /// compared case-insensitively) and has something before it: `pkg.WHL` has `.whl`, `.whl`
    /// alone has none.
    pub fn has_extension(&self, extensions: &[&str]) -> bool {
        let base = self
            .name
            .rsplit('/')
            .next()
            .unwrap_or(self.name)
            .to_ascii_lowercase();
        extensions
            .iter()
            .any(|ext| base.ends_with(ext) && base.len() > ext.len())
    }
}

/// How sure an analyzer is that an input is in its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detection {
    /// Not this format.
    No,
    /// The name suggests it (extension) but the bytes do not prove it.
    ByName,
    /// The bytes carry this format's signature.
    ByMagic,
}

/// Why an analyzer could not read an input.
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    /// The bytes are not a valid instance of the format.
    #[error("malformed {format}: {reason}")]
    Malformed {
        /// The format expected.
        format: &'static str,
        /// What was wrong, for the reader.
        reason: String,
    },
    /// The input exceeds a [`Limits`] bound.
    #[error("{0}")]
    TooLarge(String),
}

impl AnalyzeError {
    /// A [`AnalyzeError::Malformed`] for `format`.
    pub fn malformed(format: &'static str, reason: impl Into<String>) -> Self {
        AnalyzeError::Malformed {
            format,
            reason: reason.into(),
        }
    }
}

/// One format's reader.
pub trait Analyzer: Sync {
    /// The stable short name of the format (`"zip"`, `"tar"`…), used as [`Node::format`].
    fn format(&self) -> &'static str;
    /// Whether the input looks like this format. Cheap: looks at magic bytes and the name only.
    fn detect(&self, input: Input<'_>) -> Detection;
    /// Reads the input into a node. Malformed input is an error, never a panic.
    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError>;
}
