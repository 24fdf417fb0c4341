//! The classifier: turns observed differences into root causes and folds consequences under them.
//!
//! Classification is a pipeline. First, what the whole comparison teaches is learned once into a
//! [`Context`]: the values the user said differ, the build directories of each side, and a
//! [`profile`] of each build (its clock readings, directories, users, tool versions) from the
//! differences whose meaning is certain. Root rules ([`rules::ROOT_RULES`]) are tried in order on
//! every difference that is not a derived field. Changed text — a hunk, a free-text field, a
//! string in a binary — is explained token by token ([`tokens`]): only when every changed token is
//! explained is the difference claimed, split by cause when its tokens have several. A rule that
//! recognizes a cause by a value's shape claims it only with [`evidence`] that the build produced
//! the value; otherwise the difference stays `content`, with the cause as a hint. What nothing
//! explains is `content`.
//!
//! Consequences are linked once every root is final, whatever order the rules ran in: the files of
//! a bundled dependency in another version ([`rules::distributions`], which also makes it one
//! difference before classification), what a producer in another version writes by its own
//! policy ([`rules::producer`], [`rules::generated_files`]), digests of bundled files
//! ([`rules::shiv`]), checksums, sizes and offsets ([`rules::derived`]), RECORD rows
//! ([`rules::record_rows`]); last, every link is made to name
//! roots. Rules only claim what their evidence supports: when unsure, content.

mod cause;
pub mod evidence;
pub mod known;
pub mod profile;
pub mod rules;
pub mod sites;
pub mod tokens;

pub use cause::{Category, Cause};
pub use evidence::Generators;
pub use known::KnownValues;
pub use profile::Profiles;

use crate::engine::digests::ChangedDigests;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

use crate::difference::{Difference, Observed, ObservedKind};
use crate::timings::{timed, Phase};
use rules::build_path::PrefixPairs;
use whydiff_analyzers::FieldKind;

/// What a rule concluded about one difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The cause (which implies the category).
    pub cause: Cause,
    /// Why, in one sentence a reader can check.
    pub evidence: String,
    /// Whether the evidence shows the build produced the value, or only that it looks like one.
    pub support: Support,
    /// On a `content` verdict: the cause a rule recognized by shape alone.
    pub looks_like: Option<Cause>,
}

/// How far a verdict's evidence goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Something shows the build produced the value: a declared value, a witness of the same
    /// build, a label naming the producing step, a member the build generated.
    Proven,
    /// Only the value's shape: it looks like a time, a path, a random token. Such a difference
    /// stays `content`, with the cause as a hint ([`Difference::looks_like`]).
    Shape,
}

impl Verdict {
    /// A verdict for `cause` with `evidence` that shows the build produced the value.
    pub fn new(cause: Cause, evidence: impl Into<String>) -> Self {
        Verdict {
            cause,
            evidence: evidence.into(),
            support: Support::Proven,
            looks_like: None,
        }
    }

    /// A verdict that the value looks like `cause`, with nothing showing the build produced it.
    pub fn looks_like(cause: Cause, evidence: impl Into<String>) -> Self {
        Verdict {
            support: Support::Shape,
            ..Verdict::new(cause, evidence)
        }
    }

    /// Whether the evidence shows the build produced the value.
    pub fn is_proven(&self) -> bool {
        self.support == Support::Proven
    }
}

/// What the engine saw besides the differences themselves.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Digests, in the spellings manifests use, of every member whose data changed.
    pub changed_digests: ChangedDigests,
    /// The generators artifacts name in their own headers, by path.
    pub generators: Generators,
    /// The files installed distributions present in one build only list.
    pub listings: Vec<crate::engine::Listing>,
    /// Artifacts whose producer-independent summary is equal on both sides.
    pub stable_summaries: HashSet<Vec<String>>,
    /// The format of every container that differs, by path.
    pub containers: HashMap<Vec<String>, &'static str>,
    /// Detached signatures that differ, by path: the name of the member of the same container
    /// each signs.
    pub detached: HashMap<Vec<String>, String>,
}

/// What rules may consult besides the difference itself, learned once per comparison.
pub struct Context<'a> {
    /// All observed differences, sorted.
    pub all: &'a [Observed],
    /// Values the user or a build harness said differ on purpose (`--left-value KEY=VALUE`).
    pub known: &'a KnownValues,
    /// Directory prefixes that differ between the two builds, learned from path-shaped tokens.
    pub build_paths: PrefixPairs,
    /// Digests, in the spellings manifests use, of every member whose data changed.
    pub changed_digests: &'a ChangedDigests,
    /// The generators artifacts name in their own headers, by path.
    pub generators: &'a Generators,
    /// What each build is believed to be: clock readings, directories, users, tools.
    pub profiles: Profiles,
}

impl<'a> Context<'a> {
    /// Learns what the comparison as a whole teaches from `all` (sorted) and `known`.
    pub fn new(all: &'a [Observed], known: &'a KnownValues) -> Self {
        static NONE: std::sync::OnceLock<Facts> = std::sync::OnceLock::new();
        Context::with_facts(all, known, NONE.get_or_init(Facts::default))
    }

    /// Learns what the comparison teaches from `all` (sorted), `known` and what the engine saw.
    pub fn with_facts(all: &'a [Observed], known: &'a KnownValues, facts: &'a Facts) -> Self {
        let build_paths = rules::build_path::learn(all, known, &facts.generators);
        let profiles = Profiles::learn(all, known, &build_paths, &facts.generators);
        Context {
            all,
            known,
            build_paths,
            changed_digests: &facts.changed_digests,
            generators: &facts.generators,
            profiles,
        }
    }
}

/// One classification rule for root differences.
pub trait Rule: Sync {
    /// A short name, for debugging and documentation.
    fn name(&self) -> &'static str;
    /// The verdict, when the rule's evidence holds for this difference.
    fn explain(&self, difference: &Observed, context: &Context<'_>) -> Option<Verdict>;
}

/// The classified differences of a comparison and what was learned of each build.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    /// Every difference, sorted and numbered.
    pub differences: Vec<Difference>,
    /// What each build is believed to be.
    pub profiles: Profiles,
}

/// Sorts, numbers and classifies every observed difference.
pub fn classify(mut observed: Vec<Observed>, known: &KnownValues, facts: &Facts) -> Classified {
    // A bundled dependency in another version is one difference its files follow from.
    let distributions = rules::distributions::synthesize(&observed);
    observed.extend(distributions);
    timed("classify: sort", || {
        observed.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()))
    });
    let context = timed("classify: learn", || {
        Context::with_facts(&observed, known, facts)
    });
    // Each root is explained on its own, in parallel; collected in order.
    let explained: Vec<Explained> = timed("classify: roots", || {
        observed
            .par_iter()
            .map(|difference| {
                if is_derived_field(difference) {
                    // Provisional: the derived pass decides once every root is known.
                    Explained::Whole(Verdict::new(Cause::ChangedField, ""))
                } else {
                    explain(difference, &context)
                }
            })
            .collect()
    });
    let _links = Phase::start("classify: numbering and links");
    let profiles = context.profiles;
    let mut differences = numbered(observed, explained);
    // Consequences, once every root is final: files of a dependency in another version, what a
    // producer in another version writes by its own policy, checksums, sizes and offsets, RECORD
    // rows of the files that changed; then every link is made to point at roots.
    rules::distributions::link(&mut differences, &facts.listings, &facts.containers);
    rules::producer::link(&mut differences, &facts.stable_summaries);
    rules::generated_files::link(&mut differences, &facts.generators);
    rules::frozen_runtime::link(&mut differences, &facts.containers);
    // Paths are final from here on: where each difference's subtree lies is found once.
    let subtrees = rules::subtrees::Subtrees::new(&differences);
    // Before the derived fields, which follow from these digests' roots in turn.
    rules::shiv::link(&mut differences, &subtrees);
    rules::derived::link(
        &mut differences,
        &subtrees,
        &facts.detached,
        &facts.changed_digests,
    );
    rules::record_rows::link(&mut differences, &subtrees, &facts.changed_digests);
    rules::derived::flatten(&mut differences);
    Classified {
        differences,
        profiles,
    }
}

/// The classified differences, numbered in order: each observed difference with its verdict, or
/// its parts with theirs.
fn numbered(observed: Vec<Observed>, explained: Vec<Explained>) -> Vec<Difference> {
    let mut differences = Vec::with_capacity(observed.len());
    // Nearly always every difference has one verdict, and its number is its place: made in
    // parallel, straight into place (the new vector's page faults are most of the time).
    if explained.iter().all(|e| matches!(e, Explained::Whole(_))) {
        observed
            .into_par_iter()
            .zip(explained)
            .enumerate()
            .map(|(id, (observed, explained))| match explained {
                Explained::Whole(verdict) => Difference::new(id, observed, verdict),
                Explained::Parts(_) => unreachable!("every verdict was found whole"),
            })
            .collect_into_vec(&mut differences);
        return differences;
    }
    for (observed, explained) in observed.into_iter().zip(explained) {
        match explained {
            Explained::Whole(verdict) => {
                differences.push(Difference::new(differences.len(), observed, verdict))
            }
            Explained::Parts(parts) => {
                for (part, verdict) in parts {
                    differences.push(Difference::new(differences.len(), part, verdict));
                }
            }
        }
    }
    differences
}

/// What [`explain`] found: one verdict on the whole difference (nearly always), or the parts it
/// was cut into, each with its own.
enum Explained {
    Whole(Verdict),
    Parts(Vec<(Observed, Verdict)>),
}

/// The verdict on one root difference, or several when its changed tokens have several causes.
/// A verdict resting on shape alone leaves the difference `content`, with its cause as a hint.
fn explain(difference: &Observed, context: &Context<'_>) -> Explained {
    let mut hint = None;
    for rule in rules::ROOT_RULES {
        match rule.explain(difference, context) {
            Some(verdict) if verdict.is_proven() => return Explained::Whole(verdict),
            Some(verdict) => {
                hint.get_or_insert(verdict);
            }
            None => {}
        }
    }
    match tokens::explain(difference, context) {
        tokens::Outcome::Claimed(parts) => return Explained::Parts(parts),
        tokens::Outcome::LooksLike(verdict) => {
            hint.get_or_insert(verdict);
        }
        tokens::Outcome::Unexplained => {}
    }
    let fallback = rules::content::fallback(difference);
    let verdict = match hint {
        Some(hint) => rules::content::looks_like(fallback, hint),
        None => fallback,
    };
    Explained::Whole(verdict)
}

fn is_derived_field(difference: &Observed) -> bool {
    matches!(
        difference.kind,
        ObservedKind::Field {
            kind: FieldKind::Derived(_),
            ..
        }
    )
}

#[cfg(test)]
mod tests;
