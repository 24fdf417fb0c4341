//! One observed difference between two builds, before and after classification.
//!
//! The engine produces [`Observed`] differences: where (path, field), what (left, right) and which
//! kind of thing differs. The classifier turns each into a [`Difference`] with a category, a cause,
//! evidence and, for consequences, the ids of the differences it follows from.

use whydiff_analyzers::{FieldKind, Value};

use crate::classify::{Category, Cause};

/// Whether a field belongs to a member's record in its container or to the member's own content.
///
/// A zip entry's CRC (record) and the gzip header inside that entry (content) share a path; a
/// checksum of the entry's data covers the second and not the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A field of the member's record in its container (zip central header, tar header, dir entry).
    Record,
    /// A field of the artifact found at this path (its own header).
    Artifact,
}

/// The most names or lines an order difference carries for the rules to judge.
pub const MAX_ORDER_ITEMS: usize = 10_000;

/// What differs.
#[derive(Debug, Clone, PartialEq)]
pub enum ObservedKind {
    /// A field's value differs, or the field exists on one side only.
    Field {
        /// The field's semantic kind.
        kind: FieldKind,
        /// Whose field it is.
        scope: Scope,
        /// Typed values, for rules that decode them.
        left: Option<Value>,
        /// Typed value on the right.
        right: Option<Value>,
    },
    /// A member exists on the right only.
    MemberAdded,
    /// A member exists on the left only.
    MemberRemoved,
    /// A member present on the left under one name and on the right under another, in the same
    /// container, with the same file name and the same bytes (`left`/`right` show the two
    /// names; the path is the right one): moved, not removed and added.
    MemberMoved,
    /// The same members, in another order.
    MemberOrder {
        /// The left side's shared member names from the first divergence (at most
        /// [`MAX_ORDER_ITEMS`]): the sequence rules judge the order by.
        left_names: Vec<String>,
        /// The right side's shared member names over the same span.
        right_names: Vec<String>,
    },
    /// The same lines of text, in another order (`left`/`right` show each side from the first
    /// divergence).
    LineOrder {
        /// The left side's lines from the first divergence to the last, without line ends (at most
        /// a bounded number of them): the sequence rules judge the order by.
        left_lines: Vec<String>,
        /// The right side's lines over the same span.
        right_lines: Vec<String>,
    },
    /// The two sides were read as different formats.
    FormatChanged,
    /// A changed run of lines in text.
    TextHunk {
        /// Changed word runs inside the hunk (left run, right run), when the hunk is small.
        changes: Vec<(String, String)>,
    },
    /// A changed range of bytes, or differing sizes, in opaque data.
    Bytes,
    /// Data that could not be read on one or both sides differs.
    Unreadable,
    /// The bytes differ but the analyzer exposed no differing field or content.
    Unexplained,
    /// An installed distribution (a dependency in a bundle) in another version on each side, or
    /// on one side only: synthesized by the classifier from the metadata directories the engine
    /// saw added and removed (`left`/`right` read `six 1.16.0`, `None` when not installed).
    Distribution {
        /// The distribution's name, PEP 503 normalized (`six`, `python-dateutil`).
        name: String,
        /// The prefix of member names in the container it is installed under (`lib/`, or empty).
        prefix: String,
        /// Its metadata entries on either side, relative to that prefix (`six-1.16.0.dist-info`).
        metadata: Vec<String>,
        /// Whether it installs its files beside its metadata (wheels, setuptools) rather than
        /// inside it (eggs).
        owns_siblings: bool,
    },
}

/// A difference as the engine observed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// One segment per nesting level, outermost first.
    pub path: Vec<String>,
    /// The analyzer's field name, `None` for content.
    pub field: Option<String>,
    /// What differs.
    pub kind: ObservedKind,
    /// The left side, rendered; `None` when absent.
    pub left: Option<String>,
    /// The right side, rendered; `None` when absent.
    pub right: Option<String>,
    /// Where inside the content (line or byte range), for content differences.
    pub location: Option<String>,
    /// Position among differences with the same path and field (hunk order).
    pub seq: u32,
}

impl Observed {
    /// A content difference at `path`.
    pub fn content(
        path: Vec<String>,
        kind: ObservedKind,
        left: Option<String>,
        right: Option<String>,
    ) -> Self {
        Observed {
            path,
            field: None,
            kind,
            left,
            right,
            location: None,
            seq: 0,
        }
    }

    /// The key differences are sorted by: path, then field, then position.
    pub fn sort_key(&self) -> (&[String], Option<&str>, u32) {
        (&self.path, self.field.as_deref(), self.seq)
    }

    /// Whether this is a derived field (a checksum, size or offset).
    pub fn is_derived_field(&self) -> bool {
        matches!(
            self.kind,
            ObservedKind::Field {
                kind: whydiff_analyzers::FieldKind::Derived(_),
                ..
            }
        )
    }

    /// Whether this is a field of the member record at its path (not of the artifact's content).
    pub fn is_record_field(&self) -> bool {
        matches!(
            self.kind,
            ObservedKind::Field {
                scope: Scope::Record,
                ..
            }
        )
    }
}

/// A classified difference, as reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Position in the sorted report.
    pub id: usize,
    /// What was observed.
    pub observed: Observed,
    /// The root cause category.
    pub category: Category,
    /// The finer cause.
    pub cause: Cause,
    /// Why the classifier believes it, in one sentence.
    pub evidence: String,
    /// For derived differences: the ids of the root differences this one follows from.
    pub derived_from: Vec<usize>,
    /// For content differences: the cause a rule recognized by the value's shape alone, with
    /// nothing showing the build produced it (a date in a source file may be a release date).
    pub looks_like: Option<Cause>,
    /// The format (analyzer name) of the artifact whose field or content differs — the
    /// container's for a member's record, presence or order —, when known.
    pub format: Option<&'static str>,
}

impl Difference {
    /// The difference numbered `id`, with `verdict`'s category, cause and evidence.
    pub fn new(id: usize, observed: Observed, verdict: crate::classify::Verdict) -> Self {
        Difference {
            id,
            observed,
            category: verdict.cause.category(),
            cause: verdict.cause,
            evidence: verdict.evidence,
            derived_from: Vec::new(),
            looks_like: verdict.looks_like,
            format: None,
        }
    }
}

impl Observed {
    /// The path of the artifact whose format a difference is in: the container's for a member's
    /// record field, presence or move; the artifact's own otherwise.
    pub fn format_path(&self) -> &[String] {
        let of_container = self.is_record_field()
            || matches!(
                self.kind,
                ObservedKind::MemberAdded | ObservedKind::MemberRemoved | ObservedKind::MemberMoved
            );
        match (of_container, self.path.split_last()) {
            (true, Some((_, container))) => container,
            _ => &self.path,
        }
    }
}
