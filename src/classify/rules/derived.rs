//! Derived differences: checksums, sizes, offsets and encoded streams that differ because
//! something they are computed from differs.
//!
//! Each derived field says what it covers ([`Covers`]). A difference in it is `derived` when some
//! root difference lies in what it covers, and it names those roots; otherwise nothing explains it
//! and it stays `content` — except an encoded stream whose decoded data and settings are equal,
//! which is a root cause of its own: the same data compressed differently; and a raw spelling
//! whose values are equal, which means another tool or tool version wrote the same values.
//!
//! A digest of another member of the container (a jar manifest's `SHA-256-Digest` of a class,
//! a signature file's digest of the manifest: [`Covers::Member`], [`Covers::MemberPart`]) follows
//! from the differences in the member its key names, its record's fields (its time, its mode)
//! left out. Where whydiff computes the algorithm (MD5, SHA-1, SHA-256), each side's value of a
//! [`Covers::Member`] digest must also be a digest of data that changed in this comparison
//! ([`ChangedDigests`], as for RECORD rows): a value that is not stays content.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use whydiff_analyzers::{
    covered_member, sibling_of, spelled_field, Covers, Derivation, FieldKind, Quantity, Value,
};

use crate::classify::{Category, Cause, Verdict};
use crate::difference::{Difference, Observed, ObservedKind, Scope};
use crate::engine::digests::ChangedDigests;

use super::subtrees::Subtrees;

/// At most this many root ids are listed in one difference's `derived_from`.
pub const MAX_LINKS: usize = 32;

/// Classifies every derived field among `differences` (sorted by path, numbered in order, and
/// indexed by `subtrees`) by the roots it covers. `detached` names, for each detached signature
/// that differs (by path), the member of the same container it signs; `changed_digests` checks
/// the digests of other members.
pub fn link(
    differences: &mut [Difference],
    subtrees: &Subtrees,
    detached: &HashMap<Vec<String>, String>,
    changed_digests: &ChangedDigests,
) {
    // A derived field an earlier pass already linked (inside a dependency's own files) stays.
    let is_pending = |d: &Difference| derivation(d).is_some() && d.category != Category::Derived;
    let pending: Vec<usize> = differences
        .iter()
        .filter(|d| is_pending(d))
        .map(|d| d.id)
        .collect();
    let mut settled = vec![false; differences.len()];
    let mut gathered = Gathered::new(differences.len());
    // Then data and stream fields; then record checksums, which may cover a size
    // settled before; then offsets, which may follow from a stream found recompressed; then the
    // digests of detached content, which a signature over them covers; then signatures, which
    // may be roots of their own (another key); last, digests of a whole artifact, which cover
    // all of these. A covered difference that is itself derived contributes the roots it
    // follows from.
    // Every offset in a container follows from the same length changes: computed once each,
    // keyed by the container's run of differences and its depth (a container holding nothing
    // but one member that differs has that member's run).
    let mut shifts: HashMap<(Range<usize>, usize), Vec<usize>> = HashMap::new();
    // A field found to follow from nothing while some of what it covers was judged only in a
    // later stage (a member's CRC over a signature inside it that turns out a root of its own:
    // another key, a randomized scheme) is judged once more when every field is settled. Then
    // no field judged again counts as a root of another, so that two such fields never
    // explain each other.
    let mut again = vec![false; differences.len()];
    let mut retried = Vec::new();
    for round in [Round::First, Round::Again] {
        let ids = match round {
            Round::First => pending.clone(),
            Round::Again => std::mem::take(&mut retried),
        };
        for stage in [
            // Digests and copies of a sibling first: they follow from the sibling's roots
            // alone, and the spelling of the file that holds them spells them.
            Stage::Siblings,
            // Then spellings: a checksum of a file covers the values it spells.
            Stage::Spellings,
            Stage::Contents,
            Stage::Records,
            Stage::Positions,
            Stage::Detached,
            Stage::Signatures,
            Stage::Wholes,
        ] {
            if stage == Stage::Spellings {
                if round == Round::First {
                    // A checksum of a file covers the values it spells. Then digests of other
                    // members (a manifest's digest of a member, a signature file's of the
                    // manifest), which a spelling may spell and a checksum of the manifest
                    // covers, with the spellings of them.
                    settle_spellings(differences, subtrees, &mut settled, &mut gathered, true);
                    let members: Vec<usize> = pending
                        .iter()
                        .copied()
                        .filter(|&id| {
                            derivation(&differences[id])
                                .is_some_and(|(d, _)| Stage::of(d) == Stage::Members)
                        })
                        .collect();
                    link_members(
                        differences,
                        subtrees,
                        changed_digests,
                        &members,
                        &mut settled,
                        &mut gathered,
                    );
                    settle_spellings(differences, subtrees, &mut settled, &mut gathered, false);
                }
                continue;
            }
            let mut verdicts = Vec::new();
            for &id in &ids {
                let (derived, scope) =
                    derivation(&differences[id]).expect("pending differences are derived fields");
                let covered = derived.covers;
                if Stage::of(derived) != stage {
                    continue;
                }
                let is_settled = |d: &Difference| !is_pending(d) || settled[d.id];
                let signed = (covered == Covers::Detached)
                    .then(|| detached.get(&differences[id].observed.path))
                    .flatten();
                let (mut roots, incomplete) = if let Covers::Sibling { up } = covered {
                    (
                        sibling_roots(differences, id, up, &is_settled, &mut gathered),
                        false,
                    )
                } else if covered == Covers::Position {
                    let (run, depth) = container_of(subtrees, id, scope);
                    let roots = shifts
                        .entry((run.clone(), depth))
                        .or_insert_with(|| {
                            shifting_roots(&differences[run], depth, &is_settled, &mut gathered)
                        })
                        .clone();
                    (roots, false)
                } else {
                    let run = match covered {
                        Covers::Detached => signed_run(differences, id, signed),
                        _ => subtrees.own(id),
                    };
                    let subtree = &differences[run];
                    let field = &differences[id];
                    covering_roots(subtree, field, covered, scope, &is_settled, &mut gathered)
                };
                if round == Round::Again {
                    roots.retain(|&root| !again[root]);
                }
                let (mut verdict, roots) = match derived.quantity {
                    Quantity::References => {
                        let subtree = &differences[subtrees.own(id)];
                        references(subtree, &differences[id], derived, roots)
                    }
                    _ => (verdict(&differences[id], derived, &roots), roots),
                };
                if round == Round::First && roots.is_empty() && incomplete {
                    again[id] = true;
                    retried.push(id);
                }
                if let Some(name) = signed.filter(|_| !roots.is_empty()) {
                    verdict.evidence = format!("{} ({name})", verdict.evidence);
                }
                let roots = if verdict.cause.category() == Category::Derived {
                    listed(roots)
                } else {
                    Vec::new()
                };
                verdicts.push((id, verdict, roots));
            }
            for (id, verdict, roots) in verdicts {
                let difference = &mut differences[id];
                difference.category = verdict.cause.category();
                difference.cause = verdict.cause;
                difference.evidence = verdict.evidence;
                if difference.category == Category::Derived {
                    difference.derived_from = roots;
                }
                settled[id] = true;
            }
        }
    }
}

/// The two rounds of [`link`]: every derived field, then those judged without all they cover.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Round {
    First,
    Again,
}

/// The run of differences at and below the member `signed` of the container holding the
/// detached signature whose field is difference `id` (differences are sorted by path, so the
/// paths under one prefix are one run); empty when the signature names no member.
fn signed_run(differences: &[Difference], id: usize, signed: Option<&String>) -> Range<usize> {
    let Some(name) = signed else {
        return 0..0;
    };
    let path = &differences[id].observed.path;
    let mut target = path[..path.len().saturating_sub(1)].to_vec();
    target.push(name.clone());
    let start = differences.partition_point(|d| d.observed.path < target);
    let len = differences[start..].partition_point(|d| d.observed.path.starts_with(&target));
    start..start + len
}

/// Rounds of [`link_members`] at most: a digest of a digest of a member is two.
const MEMBER_ROUNDS: usize = 4;

/// Settles the fields `ids` that cover another member of their container ([`Covers::Member`],
/// [`Covers::MemberPart`]) by the roots found in that member. A field is settled in the first
/// round in which nothing pending lies in the member it covers; past [`MEMBER_ROUNDS`], with
/// what is settled.
fn link_members(
    differences: &mut [Difference],
    subtrees: &Subtrees,
    changed_digests: &ChangedDigests,
    ids: &[usize],
    settled: &mut [bool],
    gathered: &mut Gathered,
) {
    let mut waiting: Vec<usize> = ids.to_vec();
    let is_pending_here = |d: &Difference, settled: &[bool]| {
        derivation(d).is_some_and(|(derived, _)| {
            matches!(Stage::of(derived), Stage::Members | Stage::Spellings)
        }) && !settled[d.id]
    };
    for round in 0..MEMBER_ROUNDS {
        if waiting.is_empty() {
            break;
        }
        let last = round + 1 == MEMBER_ROUNDS;
        let mut verdicts = Vec::new();
        let mut still = Vec::new();
        for &id in &waiting {
            let (derived, _) =
                derivation(&differences[id]).expect("pending differences are derived fields");
            let covered = covered_run(differences, subtrees, id);
            let is_settled = |d: &Difference| {
                derivation(d).is_none() || d.category == Category::Derived || settled[d.id]
            };
            if !last && covered.iter().any(|d| is_pending_here(d, settled)) {
                still.push(id);
                continue;
            }
            gathered.start();
            covered
                .iter()
                .filter(|d| is_settled(d))
                .for_each(|d| gathered.add_roots_of(d));
            let roots = gathered.sorted();
            let field = &differences[id];
            let verdict = match unchecked_digest(field, derived, changed_digests) {
                Some(refused) if !roots.is_empty() => refused,
                _ => verdict(field, derived, &roots),
            };
            verdicts.push((id, verdict, roots));
        }
        for (id, verdict, roots) in verdicts {
            let difference = &mut differences[id];
            difference.category = verdict.cause.category();
            difference.cause = verdict.cause;
            difference.evidence = verdict.evidence;
            if difference.category == Category::Derived {
                difference.derived_from = listed(roots);
            }
            settled[id] = true;
        }
        // The spellings of the digests settled now, for the digests of those members.
        settle_spellings(differences, subtrees, settled, gathered, true);
        waiting = still;
    }
}

/// The differences in the member that the field `id` covers: at the member of the field's
/// container named by the field's key, or inside it, but not the fields of the member's record
/// in the container (its time, its mode), which no digest of its bytes covers. Empty when the
/// field names no member.
fn covered_run<'d>(
    differences: &'d [Difference],
    subtrees: &Subtrees,
    id: usize,
) -> Vec<&'d Difference> {
    let field = &differences[id];
    let Some(name) = field.observed.field.as_deref().and_then(covered_member) else {
        return Vec::new();
    };
    let depth = subtrees.depth(id);
    // The member's segment: the field's artifact is a member of the container at depth - 1.
    let Some(segment) = depth.checked_sub(1) else {
        return Vec::new();
    };
    let container = &differences[subtrees.parent(id)];
    let start = container.partition_point(|d| member_at(d, segment) < Some(name));
    container[start..]
        .iter()
        .take_while(|d| member_at(d, segment) == Some(name))
        .filter(|d| !(d.observed.path.len() == depth && d.observed.is_record_field()))
        .collect()
}

/// The name of the member, at `segment` of its path, that `d` is at or inside.
fn member_at(d: &Difference, segment: usize) -> Option<&str> {
    d.observed.path.get(segment).map(String::as_str)
}

/// For a digest of a member's bytes ([`Covers::Member`]): a refusal when a side's value has the
/// shape of a digest whydiff computes (MD5, SHA-1, SHA-256 in hex or base64) and is not the
/// digest of any data that changed in this comparison — a digest that does not match its member
/// is no consequence of the member's change, and stays content. `None` when the values check
/// out or cannot be checked.
fn unchecked_digest(
    field: &Difference,
    derived: Derivation,
    changed_digests: &ChangedDigests,
) -> Option<Verdict> {
    if derived.covers != Covers::Member {
        return None;
    }
    let name = field.observed.field.as_deref().unwrap_or("");
    [&field.observed.left, &field.observed.right]
        .into_iter()
        .flatten()
        .find(|value| ChangedDigests::checkable(value) && !changed_digests.contains(value))
        .map(|value| {
            Verdict::new(
                Cause::ChangedField,
                format!(
                    "{name} {value} is not the digest of any data that changed: it does not \
                     follow from the member it names"
                ),
            )
        })
}

/// The roots a derived difference lists of all it follows from: the first [`MAX_LINKS`], in
/// no more memory than they take (a deep nesting holds thousands of verdicts at once).
fn listed(mut roots: Vec<usize>) -> Vec<usize> {
    roots.truncate(MAX_LINKS);
    roots.shrink_to_fit();
    roots
}

/// Root ids being gathered for one derived field, each kept once as it comes: the fields of a
/// nesting cover one another's roots many times over (every size below lists the same edits),
/// and sorting all those copies only to drop them cost more than the rest of linking. One is
/// made per comparison and reused for every field; marks are told apart by round.
struct Gathered {
    /// The round in which each id was last added.
    mark: Vec<u32>,
    /// The current round; ids marked with another are not in the set.
    round: u32,
    /// The ids added this round, each once, in the order they came.
    ids: Vec<usize>,
}

impl Gathered {
    /// An empty set for ids below `len`.
    fn new(len: usize) -> Self {
        Gathered {
            mark: vec![0; len],
            round: 0,
            ids: Vec::new(),
        }
    }

    /// Empties the set for the next field.
    fn start(&mut self) {
        self.ids.clear();
        self.round = self.round.checked_add(1).unwrap_or_else(|| {
            self.mark.fill(0);
            1
        });
    }

    /// Adds `id`, unless it is in already.
    fn add(&mut self, id: usize) {
        if self.mark[id] != self.round {
            self.mark[id] = self.round;
            self.ids.push(id);
        }
    }

    /// The roots `d` stands for: itself, or for a derived difference the roots it follows from.
    fn add_roots_of(&mut self, d: &Difference) {
        match d.category {
            Category::Derived => d.derived_from.iter().for_each(|&id| self.add(id)),
            _ => self.add(d.id),
        }
    }

    /// Whether nothing was added this round.
    fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids added this round, sorted.
    fn sorted(&self) -> Vec<usize> {
        let mut ids = self.ids.clone();
        ids.sort_unstable();
        ids
    }
}

/// The verdict on a references field (which objects a serializer flagged or shared, then those
/// values, one per line) and the roots it follows from. The artifact's producer in another
/// version explains it all, and so does a code object added or removed (it carries names and
/// constants no other difference shows). Otherwise each value whose sharing changed must be
/// explained by a difference of the same artifact that holds it on one side only (the value
/// itself changed: an edited constant, another build path); a value both builds hold alike
/// whose sharing changed is the writing process's state, a root of its own. So is a change of
/// the sharing's shape with no value changed at all. `subtree` is the run of differences at the
/// path of `field` and below.
fn references(
    subtree: &[Difference],
    field: &Difference,
    derived: Derivation,
    covering: Vec<usize>,
) -> (Verdict, Vec<usize>) {
    let (id, this) = (field.id, &field.observed);
    // Inside the subtree, a path as deep as the field's is the field's path.
    let at_path = |d: &Difference| d.observed.path.len() == this.path.len();
    let producer = subtree
        .iter()
        .find(|d| at_path(d) && d.cause == Cause::ToolVersion && d.id != id);
    if let Some(producer) = producer {
        let mut roots = covering;
        roots.push(producer.id);
        roots.sort_unstable();
        roots.dedup();
        return (verdict(field, derived, &roots), roots);
    }
    let values = |side: Option<&str>| -> BTreeSet<String> {
        side.unwrap_or("")
            .lines()
            .skip(1)
            .filter_map(|line| line.get(2..).map(str::to_owned))
            .filter(|value| value != "<code>")
            .collect()
    };
    let (left, right) = (values(this.left.as_deref()), values(this.right.as_deref()));
    let neighbours: Vec<&Difference> = subtree
        .iter()
        .filter(|d| d.id != id && !d.observed.is_derived_field())
        .collect();
    // A code object added or removed carries names and constants the others cannot show:
    // whatever sharing changed may come with it.
    let appeared: Vec<usize> = neighbours
        .iter()
        .filter(|d| {
            matches!(
                d.observed.kind,
                ObservedKind::MemberAdded | ObservedKind::MemberRemoved
            )
        })
        .map(|d| d.id)
        .collect();
    let mut roots = covering;
    if !appeared.is_empty() {
        roots.extend(appeared);
        roots.sort_unstable();
        roots.dedup();
        return (verdict(field, derived, &roots), roots);
    }
    for value in left.symmetric_difference(&right) {
        let holding: Vec<usize> = neighbours
            .iter()
            .filter(|d| {
                // A string's rendering is quoted; a field may hold it bare.
                let bare = value
                    .strip_prefix('\'')
                    .and_then(|v| v.strip_suffix('\''))
                    .unwrap_or(value);
                let holds =
                    |side: &Option<String>| side.as_deref().is_some_and(|t| t.contains(bare));
                holds(&d.observed.left) != holds(&d.observed.right)
            })
            .flat_map(|d| match d.category {
                Category::Derived => d.derived_from.clone(),
                _ => vec![d.id],
            })
            .collect();
        if holding.is_empty() {
            return (sharing_of_the_same_value(value), Vec::new());
        }
        roots.extend(holding);
    }
    roots.sort_unstable();
    roots.dedup();
    (verdict(field, derived, &roots), roots)
}

/// The verdict on sharing that changed for a value both builds hold alike.
fn sharing_of_the_same_value(value: &str) -> Verdict {
    Verdict::new(
        Cause::MarshalRefFlags,
        format!(
            "{value} is the same in both builds, but flagged or written by reference in one \
             only: which objects the writer flags is the compiling process's state"
        ),
    )
}

/// Makes every `derived_from` name roots: a link to a difference that later passes found to be
/// derived itself (a RECORD hunk settled after the checksum that covers it) is replaced by what
/// that difference follows from.
pub fn flatten(differences: &mut [Difference]) {
    const MAX_HOPS: usize = 8;
    for id in 0..differences.len() {
        if differences[id].category != Category::Derived {
            continue;
        }
        let mut links = differences[id].derived_from.clone();
        for _ in 0..MAX_HOPS {
            if !links
                .iter()
                .any(|&l| differences[l].category == Category::Derived && l != id)
            {
                break;
            }
            links = links
                .iter()
                .flat_map(|&l| match differences[l].category {
                    Category::Derived if l != id => differences[l].derived_from.clone(),
                    _ => vec![l],
                })
                .collect();
            links.sort_unstable();
            links.dedup();
        }
        links.retain(|&l| l != id);
        links.truncate(MAX_LINKS);
        differences[id].derived_from = links;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Spellings,
    /// Digests and copies of a sibling member, before the checksums of the data holding them
    /// (a gem's checksums.yaml, inside the gzip stream whose CRC covers it).
    Siblings,
    Contents,
    Records,
    Positions,
    /// Digests of a detached signature's content (another member), before the signatures over
    /// them.
    Detached,
    /// Signatures, before the other digests of the whole artifact: a signature with nothing
    /// to follow from is a root (another key), which a checksum of the image then covers.
    Signatures,
    Wholes,
    /// Digests of other members of the container, linked last ([`link_members`]).
    Members,
}

impl Stage {
    fn of(derived: Derivation) -> Stage {
        if derived.quantity == Quantity::Signature {
            return Stage::Signatures;
        }
        match derived.covers {
            Covers::Data | Covers::EncodedData => Stage::Contents,
            Covers::Record => Stage::Records,
            Covers::Position => Stage::Positions,
            Covers::Whole => Stage::Wholes,
            Covers::Spelling => Stage::Spellings,
            Covers::Sibling { .. } => Stage::Siblings,
            Covers::Detached => Stage::Detached,
            Covers::Member | Covers::MemberPart => Stage::Members,
        }
    }
}

fn derivation(difference: &Difference) -> Option<(Derivation, Scope)> {
    match difference.observed.kind {
        ObservedKind::Field {
            kind: FieldKind::Derived(derivation),
            scope,
            ..
        } => Some((derivation, scope)),
        _ => None,
    }
}

/// Ids of the root differences that the derived field `field` is computed from: settled
/// differences in what it covers, or, for those that are derived themselves, the roots they
/// follow from. `subtree` is the run of differences at the field's path and below: inside it, a
/// path as deep as the field's is the field's path, so no path is compared. Also says whether
/// some of what it covers was not settled yet (and so left out).
fn covering_roots(
    subtree: &[Difference],
    field: &Difference,
    covered: Covers,
    scope: Scope,
    is_settled: &dyn Fn(&Difference) -> bool,
    gathered: &mut Gathered,
) -> (Vec<usize>, bool) {
    let (id, this) = (field.id, &field.observed);
    let depth = this.path.len();
    let at_path = |d: &Difference| d.observed.path.len() == depth;
    let in_data = |d: &Difference| match scope {
        // A record's checksum covers the member's data: everything found inside the member,
        // including the member's own headers, but not the other fields of its record.
        Scope::Record => !(at_path(d) && d.observed.is_record_field()),
        // An artifact's checksum or size covers its members and its own content (a leaf's
        // changed text or bytes), not its other header fields.
        Scope::Artifact => !at_path(d) || d.observed.field.is_none(),
    };
    let same_record =
        |d: &Difference| at_path(d) && d.observed.is_record_field() == (scope == Scope::Record);
    let is_encoding = |d: &Difference| {
        matches!(
            d.observed.kind,
            ObservedKind::Field {
                kind: FieldKind::Encoding,
                ..
            }
        )
    };
    let covering = subtree
        .iter()
        .filter(|d| d.id != id)
        .filter(|d| match covered {
            Covers::Data => in_data(d),
            Covers::EncodedData => in_data(d) || (same_record(d) && is_encoding(d)),
            Covers::Record => same_record(d),
            Covers::Position => unreachable!("offsets are linked by shifting_roots"),
            Covers::Sibling { .. } => unreachable!("siblings are linked by sibling_roots"),
            Covers::Member | Covers::MemberPart => unreachable!("linked by link_members"),
            Covers::Spelling => at_path(d) && spells(this, &d.observed),
            // Every other difference inside the artifact; not the fields of the record its
            // container keeps of it (a zip entry's time, CRC), which no byte of it holds.
            Covers::Whole => {
                !(at_path(d) && d.observed.is_record_field()) || scope == Scope::Record
            }
            // `subtree` is the signed member's run: what is inside it, not its record.
            Covers::Detached => !(at_path(d) && d.observed.is_record_field()),
        });
    gathered.start();
    let mut incomplete = false;
    for d in covering {
        if is_settled(d) {
            gathered.add_roots_of(d);
        } else {
            incomplete = true;
        }
    }
    (gathered.sorted(), incomplete)
}

/// Ids of the root differences in the sibling member the field `id` is computed from
/// ([`Covers::Sibling`]): the member named after the field name's separator, in the directory
/// of the member `up` levels above the field's artifact, and everything found inside it.
/// `differences` are sorted by path, so they form one run.
fn sibling_roots(
    differences: &[Difference],
    id: usize,
    up: u8,
    is_settled: &dyn Fn(&Difference) -> bool,
    gathered: &mut Gathered,
) -> Vec<usize> {
    gathered.start();
    let this = &differences[id].observed;
    let Some(name) = this.field.as_deref().and_then(sibling_of) else {
        return Vec::new();
    };
    let Some(at) = this.path.len().checked_sub(usize::from(up.max(1))) else {
        return Vec::new();
    };
    let member = &this.path[at];
    let directory = member.rfind('/').map_or("", |slash| &member[..=slash]);
    let mut sibling = this.path[..at].to_vec();
    sibling.push(format!("{directory}{name}"));
    if sibling == this.path[..=at] {
        // A field never covers the member it is in.
        return Vec::new();
    }
    let start = differences.partition_point(|d| d.observed.path.as_slice() < sibling.as_slice());
    differences[start..]
        .iter()
        .take_while(|d| d.observed.path.starts_with(&sibling))
        // The fields of the sibling's record in its container (its mtime, mode) are not its data.
        .filter(|d| !(d.observed.path.len() == sibling.len() && d.observed.is_record_field()))
        .filter(|d| is_settled(d))
        .for_each(|d| gathered.add_roots_of(d));
    gathered.sorted()
}

/// Settles every raw spelling, the most specific first (`meta.Requires-Dist.spelling` before
/// `meta.spelling`, which spells it), each before the next is judged.
///
/// With `defer_members`, a spelling that spells a digest of another member not linked yet
/// ([`link_members`]) is left for a later call.
fn settle_spellings(
    differences: &mut [Difference],
    subtrees: &Subtrees,
    settled: &mut [bool],
    gathered: &mut Gathered,
    defer_members: bool,
) {
    let is_spelling = |d: &Difference| {
        derivation(d).is_some_and(|(derived, _)| derived.covers == Covers::Spelling)
    };
    let mut ids: Vec<usize> = differences
        .iter()
        .filter(|d| is_spelling(d))
        .map(|d| d.id)
        .collect();
    let name_len = |d: &Difference| d.observed.field.as_deref().map_or(0, str::len);
    ids.sort_by_key(|&id| std::cmp::Reverse(name_len(&differences[id])));
    for id in ids {
        if settled[id] {
            continue;
        }
        let (derived, scope) = derivation(&differences[id]).expect("a spelling is derived");
        let is_settled = |d: &Difference| derivation(d).is_none() || settled[d.id];
        let (subtree, field) = (&differences[subtrees.own(id)], &differences[id]);
        let spells_member_digest = |d: &Difference| {
            d.observed.path.len() == field.observed.path.len()
                && derivation(d).is_some_and(|(derived, _)| Stage::of(derived) == Stage::Members)
                && spells(&field.observed, &d.observed)
        };
        if defer_members
            && subtree
                .iter()
                .any(|d| !is_settled(d) && spells_member_digest(d))
        {
            continue;
        }
        let spelled = Covers::Spelling;
        let (roots, _) = covering_roots(subtree, field, spelled, scope, &is_settled, gathered);
        let verdict = verdict(field, derived, &roots);
        let difference = &mut differences[id];
        difference.category = verdict.cause.category();
        difference.cause = verdict.cause;
        difference.evidence = verdict.evidence;
        if difference.category == Category::Derived {
            difference.derived_from = listed(roots);
        }
        settled[id] = true;
    }
}

/// Whether the spelling field `spelling` (`X.spelling`) spells `other`, a difference at the same
/// path: a field of the same artifact or record named `X` or `X.…`; for a bare namespace
/// (`meta.spelling`), also the artifact's content.
fn spells(spelling: &Observed, other: &Observed) -> bool {
    let Some(base) = spelling.field.as_deref().and_then(spelled_field) else {
        return false;
    };
    if other.is_record_field() != spelling.is_record_field() {
        return false;
    }
    match other.field.as_deref() {
        Some(name) => {
            name == base
                || name
                    .strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with('.'))
        }
        None => !base.contains('.') && !spelling.is_record_field(),
    }
}

/// The verdict on a raw spelling whose values are the same on both sides.
fn respelled(field: &str) -> Verdict {
    let base = spelled_field(field).unwrap_or(field);
    Verdict::new(
        Cause::ToolVersion,
        format!(
            "the same values of {base} written differently (spelling, order, spacing or folding \
             of lines): another tool or tool version wrote them"
        ),
    )
}

/// The container whose layout the offset field `id` depends on, as its run of differences and
/// its depth: the parent for a member's record, the artifact itself for its own fields.
fn container_of(subtrees: &Subtrees, id: usize, scope: Scope) -> (Range<usize>, usize) {
    let depth = subtrees.depth(id);
    match scope {
        Scope::Record => (subtrees.parent(id), depth.saturating_sub(1)),
        Scope::Artifact => (subtrees.own(id), depth),
    }
}

/// Root differences that change the length of what a container stores, so that offsets after
/// them move: the roots of every changed size, members added, removed or reordered, and record
/// fields that appear on one side only or change length. Timestamps and modes of fixed width
/// move nothing. When none is found, every root in the container (or that a change there was
/// folded under) is named, since something there moved the offset. `in_container` is the run of differences at the container's path
/// (`depth` segments) and below.
fn shifting_roots(
    in_container: &[Difference],
    depth: usize,
    is_settled: &dyn Fn(&Difference) -> bool,
    gathered: &mut Gathered,
) -> Vec<usize> {
    let is_size = |d: &Difference| {
        derivation(d).is_some_and(|(derived, _)| derived.quantity == Quantity::Size)
    };
    gathered.start();
    for d in in_container.iter().filter(|d| is_settled(d)) {
        match d.category {
            Category::Derived if is_size(d) => gathered.add_roots_of(d),
            Category::Derived => {}
            _ if is_size(d) || changes_layout(d, depth) => gathered.add(d.id),
            _ => {}
        }
    }
    if gathered.is_empty() {
        // A change a link pass folded under a root elsewhere (a file of a dependency, a part of
        // a freezer's runtime) still moved what follows it: its roots are named.
        for d in in_container
            .iter()
            .filter(|d| is_settled(d))
            .filter(|d| !(d.observed.path.len() == depth && d.observed.is_record_field()))
        {
            match d.category {
                Category::Derived if !d.observed.is_derived_field() => gathered.add_roots_of(d),
                Category::Derived => {}
                _ => gathered.add(d.id),
            }
        }
    }
    gathered.sorted()
}

/// Whether a root difference changes how many bytes its container stores.
fn changes_layout(d: &Difference, container_depth: usize) -> bool {
    match &d.observed.kind {
        ObservedKind::MemberAdded
        | ObservedKind::MemberRemoved
        | ObservedKind::MemberMoved
        | ObservedKind::MemberOrder { .. } => true,
        ObservedKind::Field {
            scope: Scope::Record,
            kind,
            left,
            right,
        } if d.observed.path.len() == container_depth + 1 => match (left, right) {
            (Some(l), Some(r)) => {
                let variable = kind.is_textual() || *kind == FieldKind::EntryType;
                variable && encoded_len(l) != encoded_len(r)
            }
            _ => true,
        },
        _ => false,
    }
}

fn encoded_len(value: &Value) -> usize {
    match value {
        Value::Str(s) => s.len(),
        Value::Bytes(b) => b.len(),
        other => other.to_string().len(),
    }
}

fn verdict(difference: &Difference, derived: Derivation, roots: &[usize]) -> Verdict {
    let field = difference.observed.field.as_deref().unwrap_or("");
    let covered = derived.covers;
    let size = derived.quantity == Quantity::Size;
    if roots.is_empty() {
        return match covered {
            Covers::EncodedData => Verdict::new(
                Cause::RecompressedStream,
                "the decoded data and the encoding settings are identical, yet the encoded bytes differ",
            ),
            Covers::Spelling => respelled(field),
            _ if derived.quantity == Quantity::Signature => Verdict::new(
                Cause::Signature,
                "nothing the signature covers differs: another key, or a signature scheme with \
                 randomness, signed the same",
            ),
            Covers::Detached => Verdict::new(
                Cause::ChangedField,
                format!(
                    "{field} differs although nothing in the detached content it digests (the \
                     member the signature names) does"
                ),
            ),
            _ if derived.quantity == Quantity::References => Verdict::new(
                Cause::MarshalRefFlags,
                "nothing the references point into differs; only which objects the writer \
                 flagged for reference (FLAG_REF) does: the state of the compiling process",
            ),
            _ => Verdict::new(Cause::ChangedField, format!("{field} differs although nothing it is computed from does")),
        };
    }
    let count = match roots.len() {
        1 => "1 difference".to_owned(),
        n if n > MAX_LINKS => format!("{n} differences (the first {MAX_LINKS} listed)"),
        n => format!("{n} differences"),
    };
    let (cause, what) = match covered {
        Covers::Data if size => (Cause::DataSize, "in the data it measures"),
        Covers::Data if derived.quantity == Quantity::References => {
            (Cause::EncodedStream, "in the objects it refers to")
        }
        Covers::Data if derived.quantity == Quantity::Summary => {
            (Cause::DataChecksum, "in what it summarizes")
        }
        Covers::Data => (Cause::DataChecksum, "in the data it covers"),
        Covers::EncodedData if size => (Cause::DataSize, "in the data or encoding it measures"),
        Covers::EncodedData => (Cause::EncodedStream, "in the data or encoding settings"),
        Covers::Record if size => (Cause::DataSize, "in the header it measures"),
        Covers::Record => (Cause::RecordChecksum, "in the header it covers"),
        Covers::Position => (
            Cause::ShiftedOffset,
            "that change the length of what the container stores",
        ),
        Covers::Spelling => (Cause::EncodedStream, "in the values it spells"),
        Covers::Whole => (Cause::DataChecksum, "in the artifact it covers"),
        Covers::Sibling { .. } if derived.quantity == Quantity::Spelling => (
            Cause::EncodedStream,
            "in the file beside it that it restates",
        ),
        Covers::Sibling { .. } => (Cause::DataChecksum, "in the file beside it that it covers"),
        Covers::Detached => (Cause::DataChecksum, "in the detached content it signs"),
        Covers::Member => (Cause::DataChecksum, "in the member it is a digest of"),
        Covers::MemberPart => (
            Cause::DataChecksum,
            "in the member whose part (or description) it is a digest of",
        ),
    };
    let checked = if matches!(
        covered,
        Covers::Data | Covers::Whole | Covers::Sibling { .. }
    ) && derived.verified
    {
        "; each side's value matches its own data, checked while reading"
    } else if covered == Covers::Member {
        "; each side's value is a digest of data that changed, where whydiff computes its algorithm"
    } else {
        ""
    };
    Verdict::new(cause, format!("follows from {count} {what}{checked}"))
}

#[cfg(test)]
mod tests {
    use super::MAX_LINKS;
    use crate::classify::{Category, Cause, KnownValues};

    fn classify(observed: Vec<Observed>) -> Vec<crate::difference::Difference> {
        crate::classify::classify(observed, &KnownValues::default(), &Default::default())
            .differences
    }
    use crate::difference::{Observed, ObservedKind, Scope};
    use whydiff_analyzers::{Covers, Derivation, FieldKind, Ordered, Quantity, TimeRole, Value};

    fn field(path: &[&str], name: &str, kind: FieldKind, scope: Scope) -> Observed {
        Observed {
            path: path.iter().map(|s| s.to_string()).collect(),
            field: Some(name.into()),
            kind: ObservedKind::Field {
                kind,
                scope,
                left: Some(Value::Int(1)),
                right: Some(Value::Int(2)),
            },
            left: Some("1".into()),
            right: Some("2".into()),
            location: None,
            seq: 0,
        }
    }

    fn text(path: &[&str]) -> Observed {
        Observed::content(
            path.iter().map(|s| s.to_string()).collect(),
            ObservedKind::TextHunk { changes: vec![] },
            Some("a".into()),
            Some("b".into()),
        )
    }

    fn by_field<'a>(
        all: &'a [crate::difference::Difference],
        name: &str,
    ) -> &'a crate::difference::Difference {
        all.iter()
            .find(|d| d.observed.field.as_deref() == Some(name))
            .unwrap()
    }

    #[test]
    fn a_crc_follows_from_its_members_content_not_from_its_record() {
        let all = classify(vec![
            field(
                &["a.zip", "m"],
                "zip.crc32",
                FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
                Scope::Record,
            ),
            field(
                &["a.zip", "m"],
                "zip.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
            text(&["a.zip", "m"]),
        ]);
        let crc = by_field(&all, "zip.crc32");
        assert_eq!(crc.category, Category::Derived);
        let text_id = all.iter().find(|d| d.observed.field.is_none()).unwrap().id;
        assert_eq!(crc.derived_from, [text_id]);
    }

    #[test]
    fn a_crc_with_nothing_to_follow_from_is_content() {
        let all = classify(vec![
            field(
                &["a.zip", "m"],
                "zip.crc32",
                FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
                Scope::Record,
            ),
            field(
                &["a.zip", "m"],
                "zip.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
        ]);
        assert_eq!(by_field(&all, "zip.crc32").category, Category::Content);
    }

    #[test]
    fn a_whole_image_checksum_follows_from_any_difference_inside_it_header_fields_included() {
        let checksum = || {
            field(
                &["hello.exe"],
                "pe.checksum",
                FieldKind::Derived(Derivation::checksum(Covers::Whole).verified()),
                Scope::Artifact,
            )
        };
        let stamp = field(
            &["hello.exe"],
            "pe.time-date-stamp",
            FieldKind::Time(TimeRole::Recorded),
            Scope::Artifact,
        );
        let all = classify(vec![checksum(), stamp]);
        let sum = by_field(&all, "pe.checksum");
        assert_eq!(sum.category, Category::Derived);
        assert_eq!(sum.derived_from, [by_field(&all, "pe.time-date-stamp").id]);
        assert!(
            sum.evidence.contains("checked while reading"),
            "{}",
            sum.evidence
        );
        // A changed section is covered too; a difference in another file is not.
        let all = classify(vec![checksum(), text(&["hello.exe", ".text"])]);
        assert_eq!(by_field(&all, "pe.checksum").category, Category::Derived);
        let all = classify(vec![checksum(), text(&["other.exe", ".text"])]);
        assert_eq!(by_field(&all, "pe.checksum").category, Category::Content);
    }

    #[test]
    fn a_stream_with_equal_data_and_settings_is_recompressed() {
        let all = classify(vec![field(
            &["a.gz"],
            "gzip.deflate-stream",
            FieldKind::Derived(Derivation::stream()),
            Scope::Artifact,
        )]);
        assert_eq!(all[0].cause, Cause::RecompressedStream);
        assert_eq!(all[0].category, Category::Compression);
    }

    #[test]
    fn a_signature_over_an_equal_image_is_the_signature_s_own_cause() {
        let signature = || {
            field(
                &["hello.exe"],
                "pe.certificate[0].signer[0].signature",
                FieldKind::Derived(Derivation::signature()),
                Scope::Artifact,
            )
        };
        // Nothing it signs differs: another key, or a randomized scheme.
        let all = classify(vec![signature()]);
        assert_eq!(all[0].cause, Cause::Signature);
        assert_eq!(all[0].category, Category::Environment);
        // The signing time differs: the signature follows from it.
        let time = field(
            &["hello.exe"],
            "pe.certificate[0].signer[0].signed.signing-time",
            FieldKind::Time(TimeRole::Recorded),
            Scope::Artifact,
        );
        let all = classify(vec![signature(), time]);
        let sig = by_field(&all, "pe.certificate[0].signer[0].signature");
        assert_eq!(sig.category, Category::Derived);
        let time = by_field(&all, "pe.certificate[0].signer[0].signed.signing-time");
        assert_eq!(sig.derived_from, [time.id]);
        // The code changed and the image was signed again: the code stays content, the
        // signature follows from it.
        let all = classify(vec![signature(), text(&["hello.exe", ".text"])]);
        let code = all.iter().find(|d| d.observed.field.is_none()).unwrap();
        assert_eq!(code.category, Category::Content);
        let sig = by_field(&all, "pe.certificate[0].signer[0].signature");
        assert_eq!(sig.category, Category::Derived);
        assert_eq!(sig.derived_from, [code.id]);
        // A signature that is a root of its own is what the image's checksum follows from.
        let checksum = field(
            &["hello.exe"],
            "pe.checksum",
            FieldKind::Derived(Derivation::checksum(Covers::Whole).verified()),
            Scope::Artifact,
        );
        let all = classify(vec![signature(), checksum]);
        let sig = by_field(&all, "pe.certificate[0].signer[0].signature");
        assert_eq!(sig.cause, Cause::Signature);
        let sum = by_field(&all, "pe.checksum");
        assert_eq!(sum.category, Category::Derived);
        assert_eq!(sum.derived_from, [sig.id]);
    }

    #[test]
    fn a_stream_follows_from_its_encoding_settings() {
        let all = classify(vec![
            field(
                &["a.zip", "m"],
                "zip.compressed-size",
                FieldKind::Derived(Derivation::size(Covers::EncodedData)),
                Scope::Record,
            ),
            field(
                &["a.zip", "m"],
                "zip.method",
                FieldKind::Encoding,
                Scope::Record,
            ),
        ]);
        let size = by_field(&all, "zip.compressed-size");
        assert_eq!(
            (size.category, size.cause),
            (Category::Derived, Cause::DataSize)
        );
        assert_eq!(size.derived_from, [by_field(&all, "zip.method").id]);
    }

    #[test]
    fn offsets_follow_from_anything_in_their_container_including_recompression() {
        let all = classify(vec![
            field(
                &["a.zip", "m"],
                "zip.compressed-stream",
                FieldKind::Derived(Derivation::stream()),
                Scope::Record,
            ),
            field(
                &["a.zip", "n"],
                "zip.local-header-offset",
                FieldKind::Derived(Derivation::offset()),
                Scope::Record,
            ),
            field(
                &["b.zip", "n"],
                "zip.local-header-offset",
                FieldKind::Derived(Derivation::offset()),
                Scope::Record,
            ),
        ]);
        let stream = by_field(&all, "zip.compressed-stream");
        assert_eq!(stream.category, Category::Compression);
        let offset = &all[1];
        assert_eq!(offset.category, Category::Derived);
        assert_eq!(offset.derived_from, [stream.id]);
        assert_eq!(
            all[2].category,
            Category::Content,
            "nothing changed in b.zip"
        );
    }

    #[test]
    fn offsets_follow_from_length_changes_not_from_fixed_width_times() {
        let all = classify(vec![
            field(
                &["a.zip", "m"],
                "zip.compressed-size",
                FieldKind::Derived(Derivation::size(Covers::EncodedData)),
                Scope::Record,
            ),
            field(
                &["a.zip", "m"],
                "zip.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
            text(&["a.zip", "m"]),
            field(
                &["a.zip", "n"],
                "zip.local-header-offset",
                FieldKind::Derived(Derivation::offset()),
                Scope::Record,
            ),
            field(
                &["a.zip", "n"],
                "zip.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
        ]);
        let offset = by_field_at(&all, "n", "zip.local-header-offset");
        let edit = all.iter().find(|d| d.observed.field.is_none()).unwrap().id;
        assert_eq!(offset.derived_from, [edit]);
    }

    fn by_field_at<'a>(
        all: &'a [crate::difference::Difference],
        member: &str,
        name: &str,
    ) -> &'a crate::difference::Difference {
        all.iter()
            .find(|d| {
                d.observed.path.last().map(String::as_str) == Some(member)
                    && d.observed.field.as_deref() == Some(name)
            })
            .unwrap()
    }

    #[test]
    fn a_tar_header_checksum_follows_from_its_record() {
        let all = classify(vec![
            field(
                &["a.tar", "m"],
                "tar.checksum",
                FieldKind::Derived(Derivation::checksum(Covers::Record)),
                Scope::Record,
            ),
            field(
                &["a.tar", "m"],
                "tar.uname",
                FieldKind::Owner,
                Scope::Record,
            ),
            text(&["a.tar", "m"]),
        ]);
        let checksum = by_field(&all, "tar.checksum");
        assert_eq!(checksum.derived_from, [by_field(&all, "tar.uname").id]);
    }

    #[test]
    fn a_header_size_follows_from_its_record_and_is_a_size() {
        // A load-command size of a Mach-O, measuring the header whose path string changed.
        let all = classify(vec![
            field(
                &["hello"],
                "macho.LC_RPATH.cmdsize",
                FieldKind::Derived(Derivation::size(Covers::Record)),
                Scope::Artifact,
            ),
            field(
                &["hello"],
                "macho.LC_RPATH.name",
                FieldKind::Opaque,
                Scope::Artifact,
            ),
        ]);
        let size = by_field(&all, "macho.LC_RPATH.cmdsize");
        assert_eq!(
            (size.cause, &size.derived_from),
            (
                Cause::DataSize,
                &vec![by_field(&all, "macho.LC_RPATH.name").id]
            )
        );
    }

    #[test]
    fn a_header_checksum_follows_from_a_size_through_the_size_s_roots() {
        let all = classify(vec![
            field(
                &["o.tar", "m.zip"],
                "tar.checksum",
                FieldKind::Derived(Derivation::checksum(Covers::Record)),
                Scope::Record,
            ),
            field(
                &["o.tar", "m.zip"],
                "tar.size",
                FieldKind::Derived(Derivation::size(Covers::Data)),
                Scope::Record,
            ),
            field(
                &["o.tar", "m.zip", "x"],
                "zip.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
        ]);
        let mtime = by_field(&all, "zip.mtime").id;
        assert_eq!(by_field(&all, "tar.size").derived_from, [mtime]);
        let checksum = by_field(&all, "tar.checksum");
        assert_eq!(
            (checksum.category, &checksum.derived_from),
            (Category::Derived, &vec![mtime])
        );
    }

    const METADATA: &[&str] = &["w.whl", "x-1.0.dist-info/METADATA"];

    fn spelling(path: &[&str], name: &str) -> Observed {
        field(
            path,
            name,
            FieldKind::Derived(Derivation::spelling()),
            Scope::Artifact,
        )
    }

    #[test]
    fn a_spelling_alone_means_another_tool_wrote_the_same_values() {
        let all = classify(vec![
            spelling(METADATA, "meta.Requires-Dist.spelling"),
            spelling(METADATA, "meta.spelling"),
            field(
                METADATA,
                "zip.crc32",
                FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
                Scope::Record,
            ),
            field(
                METADATA,
                "zip.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
        ]);
        let requirements = by_field(&all, "meta.Requires-Dist.spelling");
        assert_eq!(
            (requirements.category, requirements.cause),
            (Category::DependencyVersion, Cause::ToolVersion)
        );
        assert!(requirements
            .evidence
            .starts_with("the same values of meta.Requires-Dist written differently"));
        let layout = by_field(&all, "meta.spelling");
        assert_eq!(layout.category, Category::Derived);
        assert_eq!(layout.derived_from, [requirements.id]);
        let crc = by_field(&all, "zip.crc32");
        assert_eq!(crc.category, Category::Derived);
        assert_eq!(crc.derived_from, [requirements.id]);

        let alone = classify(vec![spelling(METADATA, "meta.spelling")]);
        assert_eq!(alone[0].cause, Cause::ToolVersion);
        assert!(alone[0]
            .evidence
            .contains("values of meta written differently"));
    }

    #[test]
    fn a_spelling_follows_from_the_values_it_spells() {
        let all = classify(vec![
            field(
                METADATA,
                "meta.Requires-Dist",
                FieldKind::Text,
                Scope::Artifact,
            ),
            field(
                METADATA,
                "meta.Requires-Dist.order",
                FieldKind::Order(Ordered::Values),
                Scope::Artifact,
            ),
            field(
                METADATA,
                "meta.Requires-Dist-Extra",
                FieldKind::Text,
                Scope::Artifact,
            ),
            spelling(METADATA, "meta.Requires-Dist.spelling"),
            spelling(METADATA, "meta.spelling"),
            text(METADATA),
            field(
                METADATA,
                "zip.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
            spelling(
                &["w.whl", "y-1.0.dist-info/METADATA"],
                "meta.Requires-Dist.spelling",
            ),
        ]);
        let id = |name: &str| by_field(&all, name).id;
        let requirements = by_field(&all, "meta.Requires-Dist.spelling");
        assert_eq!(requirements.category, Category::Derived);
        assert_eq!(
            requirements.derived_from,
            [id("meta.Requires-Dist"), id("meta.Requires-Dist.order")]
        );
        let content = all.iter().find(|d| d.observed.field.is_none()).unwrap().id;
        let mut expected = vec![
            id("meta.Requires-Dist"),
            id("meta.Requires-Dist.order"),
            id("meta.Requires-Dist-Extra"),
            content,
        ];
        expected.sort_unstable();
        assert_eq!(by_field(&all, "meta.spelling").derived_from, expected);
        let elsewhere = all
            .iter()
            .find(|d| d.observed.path[1].starts_with("y-1.0"))
            .unwrap();
        assert_eq!(
            elsewhere.cause,
            Cause::ToolVersion,
            "another file's values do not explain it"
        );
    }

    /// Differences of two archives nested `levels` deep whose members' times all differ and
    /// whose innermost member's text differs: per level the archive's directory offset and its
    /// member's size, stream, checksum and time.
    fn deep_chain(levels: usize) -> Vec<Observed> {
        let mut observed = Vec::new();
        let mut path = vec!["deep.zip"];
        for _ in 0..levels {
            let offset = FieldKind::Derived(Derivation::offset());
            observed.push(field(
                &path,
                "zip.central-directory-offset",
                offset,
                Scope::Artifact,
            ));
            path.push("inner.zip");
            let record = [
                ("zip.compressed-size", Derivation::size(Covers::EncodedData)),
                ("zip.compressed-stream", Derivation::stream()),
                ("zip.crc32", Derivation::checksum(Covers::Data).verified()),
            ];
            for (name, derivation) in record {
                observed.push(field(
                    &path,
                    name,
                    FieldKind::Derived(derivation),
                    Scope::Record,
                ));
            }
            let mtime = FieldKind::Time(TimeRole::EntryModified);
            observed.push(field(&path, "zip.mtime", mtime, Scope::Record));
        }
        observed.push(text(&path));
        observed
    }

    #[test]
    fn every_level_of_a_deep_nesting_follows_from_all_that_changed_below_it() {
        let levels = 300;
        let all = classify(deep_chain(levels));
        let at_depth = |depth: usize, name: &str| {
            all.iter()
                .find(|d| {
                    d.observed.path.len() == depth && d.observed.field.as_deref() == Some(name)
                })
                .unwrap()
        };
        // The outermost member's checksum covers every time below its own record, and the leaf.
        let crc = at_depth(2, "zip.crc32");
        assert_eq!(crc.category, Category::Derived);
        assert!(
            crc.evidence.starts_with(&format!(
                "follows from {levels} differences (the first {MAX_LINKS} listed) in the data"
            )),
            "{}",
            crc.evidence
        );
        assert_eq!(crc.derived_from.len(), MAX_LINKS);
        let roots: Vec<usize> = all
            .iter()
            .filter(|d| d.category != Category::Derived && d.observed.path.len() > 2)
            .map(|d| d.id)
            .take(MAX_LINKS)
            .collect();
        assert_eq!(crc.derived_from, roots);
        // The outermost directory offset moves with every change of length inside.
        let offset = at_depth(1, "zip.central-directory-offset");
        assert_eq!(offset.cause, Cause::ShiftedOffset);
        // The innermost checksum covers the leaf's text only.
        let innermost = at_depth(levels + 1, "zip.crc32");
        let leaf = all.iter().find(|d| d.observed.field.is_none()).unwrap();
        assert_eq!(innermost.derived_from, [leaf.id]);
    }

    #[test]
    fn offsets_of_a_container_and_of_its_only_member_are_linked_each_in_its_own() {
        // a.zip differs only in m, so both containers hold the same differences; m's comment
        // grows, which moves what a.zip stores after m's record, not what m stores.
        let mut comment = field(
            &["a.zip", "m"],
            "zip.comment",
            FieldKind::Text,
            Scope::Record,
        );
        if let ObservedKind::Field { left, right, .. } = &mut comment.kind {
            (*left, *right) = (Some(Value::Str("a".into())), Some(Value::Str("bb".into())));
        }
        let offset = FieldKind::Derived(Derivation::offset());
        let all = classify(vec![
            field(
                &["a.zip", "m"],
                "zip.central-directory-offset",
                offset,
                Scope::Artifact,
            ),
            comment,
            field(
                &["a.zip", "m"],
                "zip.local-header-offset",
                offset,
                Scope::Record,
            ),
        ]);
        let in_a = by_field(&all, "zip.local-header-offset");
        assert_eq!(in_a.derived_from, [by_field(&all, "zip.comment").id]);
        let in_m = by_field(&all, "zip.central-directory-offset");
        assert_eq!(in_m.category, Category::Content, "nothing inside m changed");
    }

    #[test]
    fn an_artifact_checksum_covers_its_members() {
        let all = classify(vec![
            field(
                &["a.gz"],
                "gzip.crc32",
                FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
                Scope::Artifact,
            ),
            field(
                &["a.gz"],
                "gzip.mtime",
                FieldKind::Time(TimeRole::Compressor),
                Scope::Artifact,
            ),
            field(
                &["a.gz", "a", "m"],
                "tar.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
        ]);
        let crc = by_field(&all, "gzip.crc32");
        assert_eq!(crc.derived_from, [by_field(&all, "tar.mtime").id]);
    }

    /// A gem's checksums: `checksums.yaml` inside `checksums.yaml.gz`, its digest of
    /// `data.tar.gz` two levels up.
    const DIGEST: &str = "checksums.SHA256@data.tar.gz";
    const CHECKSUMS: [&str; 3] = ["x.gem", "checksums.yaml.gz", "checksums.yaml"];

    fn digest() -> Observed {
        let kind = FieldKind::Derived(Derivation {
            covers: Covers::Sibling { up: 2 },
            quantity: Quantity::Checksum,
            verified: true,
        });
        field(&CHECKSUMS, DIGEST, kind, Scope::Artifact)
    }

    #[test]
    fn a_digest_follows_from_the_sibling_it_names_and_only_from_it() {
        let all = classify(vec![
            digest(),
            text(&["x.gem", "data.tar.gz", "data.tar", "lib/x.rb"]),
            text(&["x.gem", "metadata.gz", "metadata"]),
            // The sibling's own record in the gem is not what its digest covers.
            field(
                &["x.gem", "data.tar.gz"],
                "tar.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
            // The crc of the gzip stream holding the digest follows from it.
            field(
                &["x.gem", "checksums.yaml.gz"],
                "gzip.crc32",
                FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
                Scope::Artifact,
            ),
        ]);
        let digest = by_field(&all, DIGEST);
        assert_eq!(digest.category, Category::Derived, "{}", digest.evidence);
        let edit = all
            .iter()
            .find(|d| d.observed.path.last().map(String::as_str) == Some("lib/x.rb"))
            .unwrap();
        assert_eq!(digest.derived_from, [edit.id]);
        assert!(digest.evidence.contains("beside it"), "{}", digest.evidence);
        let crc = by_field(&all, "gzip.crc32");
        assert_eq!(crc.category, Category::Derived);
        assert_eq!(crc.derived_from, [edit.id]);
    }

    #[test]
    fn a_digest_whose_sibling_did_not_change_is_content() {
        // Only the sibling's record (its tar mtime) and another member changed: the digest has
        // nothing to follow from.
        let all = classify(vec![
            digest(),
            text(&["x.gem", "metadata.gz", "metadata"]),
            field(
                &["x.gem", "data.tar.gz"],
                "tar.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            ),
        ]);
        let digest = by_field(&all, DIGEST);
        assert_eq!(digest.category, Category::Content, "{}", digest.evidence);
        // A sibling named like the member that holds the field is not a sibling.
        let own = field(
            &["x.gem", "data.tar.gz"],
            "checksums.SHA256@data.tar.gz",
            FieldKind::Derived(Derivation {
                covers: Covers::Sibling { up: 1 },
                quantity: Quantity::Checksum,
                verified: true,
            }),
            Scope::Artifact,
        );
        let all = classify(vec![own, text(&["x.gem", "data.tar.gz", "data.tar", "a"])]);
        assert_eq!(by_field(&all, DIGEST).category, Category::Content);
    }

    #[test]
    fn a_restated_value_follows_from_the_file_beside_it_in_its_directory() {
        let restated = field(
            &["x.crate", "x.tar", "x-0.1.0/Cargo.toml"],
            "cargo.package.description@Cargo.toml.orig",
            FieldKind::Derived(Derivation {
                covers: Covers::Sibling { up: 1 },
                quantity: Quantity::Spelling,
                verified: true,
            }),
            Scope::Artifact,
        );
        // The normalized file's own spelling spells the restated value: it follows too.
        let spelling = field(
            &["x.crate", "x.tar", "x-0.1.0/Cargo.toml"],
            "cargo.spelling",
            FieldKind::Derived(Derivation::spelling()),
            Scope::Artifact,
        );
        let original = field(
            &["x.crate", "x.tar", "x-0.1.0/Cargo.toml.orig"],
            "cargo.package.description",
            FieldKind::Text,
            Scope::Artifact,
        );
        let all = classify(vec![restated, spelling, original]);
        let edit = by_field(&all, "cargo.package.description");
        let restated = by_field(&all, "cargo.package.description@Cargo.toml.orig");
        assert_eq!(
            restated.category,
            Category::Derived,
            "{}",
            restated.evidence
        );
        assert_eq!(restated.cause, Cause::EncodedStream);
        assert_eq!(restated.derived_from, [edit.id]);
        let spelling = by_field(&all, "cargo.spelling");
        assert_eq!(
            spelling.category,
            Category::Derived,
            "{}",
            spelling.evidence
        );
        assert_eq!(spelling.derived_from, [edit.id]);
    }

    /// Classifies `observed` knowing that the detached signature at each path of `detached`
    /// signs the named member of its container.
    fn classify_detached(
        observed: Vec<Observed>,
        detached: &[(&[&str], &str)],
    ) -> Vec<crate::difference::Difference> {
        let facts = crate::classify::Facts {
            detached: detached
                .iter()
                .map(|(path, name)| {
                    let path = path.iter().map(|s| s.to_string()).collect();
                    (path, name.to_string())
                })
                .collect(),
            ..Default::default()
        };
        crate::classify::classify(observed, &KnownValues::default(), &facts).differences
    }

    /// A string field `name` at `path` going from `left` to `right`.
    fn string_field(
        path: &[&str],
        name: &str,
        kind: FieldKind,
        left: &str,
        right: &str,
    ) -> Observed {
        Observed {
            path: path.iter().map(|s| s.to_string()).collect(),
            field: Some(name.into()),
            kind: ObservedKind::Field {
                kind,
                scope: Scope::Artifact,
                left: Some(Value::Str(left.into())),
                right: Some(Value::Str(right.into())),
            },
            left: Some(left.into()),
            right: Some(right.into()),
            location: None,
            seq: 0,
        }
    }

    const MF: [&str; 2] = ["a.jar", "META-INF/MANIFEST.MF"];
    const SF: [&str; 2] = ["a.jar", "META-INF/A.SF"];
    const ENTRY_DIGEST: &str = "manifest.entry[p/X.class].SHA-256-Digest";
    /// base64 SHA-256-shaped digests (44 characters).
    const OLD: &str = "L2aE3kBfA6eKf1QuoRbADxCkvaU6s8jregEV9tZ7gno=";
    const NEW: &str = "r1gwHxO7JwdQmtJMg+OiGZu6KdnpeR5ZThGkV/mfCRw=";

    fn member_digest(covers: Covers, path: [&str; 2], name: &str) -> Observed {
        string_field(
            &path,
            name,
            FieldKind::Derived(Derivation::checksum(covers)),
            OLD,
            NEW,
        )
    }

    /// Classifies with `digests` as the digests of data that changed.
    fn classify_with(
        observed: Vec<Observed>,
        digests: &[&str],
    ) -> Vec<crate::difference::Difference> {
        let facts = crate::classify::Facts {
            changed_digests: digests.iter().map(|d| d.to_string()).collect(),
            ..Default::default()
        };
        crate::classify::classify(observed, &KnownValues::default(), &facts).differences
    }

    const BLOCK: &[&str] = &["app.jar", "META-INF/S.RSA"];
    const SIGNS: &[(&[&str], &str)] = &[(BLOCK, "META-INF/S.SF")];

    fn message_digest() -> Observed {
        field(
            BLOCK,
            "pkcs7.signer[0].signed.message-digest",
            FieldKind::Derived(Derivation::checksum(Covers::Detached)),
            Scope::Artifact,
        )
    }

    #[test]
    fn a_detached_digest_follows_from_the_member_it_signs_and_from_nothing_else() {
        // The .SF changed: the block's messageDigest follows from it.
        let sf = text(&["app.jar", "META-INF/S.SF"]);
        let all = classify_detached(vec![message_digest(), sf.clone()], SIGNS);
        let digest = by_field(&all, "pkcs7.signer[0].signed.message-digest");
        let changed = all.iter().find(|d| d.observed.field.is_none()).unwrap();
        assert_eq!(digest.category, Category::Derived);
        assert_eq!(digest.derived_from, [changed.id]);
        assert!(
            digest.evidence.contains("(META-INF/S.SF)"),
            "{}",
            digest.evidence
        );
        // A genuine edit elsewhere in the jar, the .SF equal: a messageDigest that changed
        // anyway follows from nothing the evidence shows, and stays content.
        let class = text(&["app.jar", "Hello.class"]);
        let all = classify_detached(vec![message_digest(), class], SIGNS);
        let digest = by_field(&all, "pkcs7.signer[0].signed.message-digest");
        assert_eq!(digest.category, Category::Content);
        assert_eq!(digest.cause, Cause::ChangedField);
        // Only the .SF's zip record changed (its time): not what the digest covers.
        let sf_time = field(
            &["app.jar", "META-INF/S.SF"],
            "zip.mtime",
            FieldKind::Time(TimeRole::EntryModified),
            Scope::Record,
        );
        let all = classify_detached(vec![message_digest(), sf_time], SIGNS);
        let digest = by_field(&all, "pkcs7.signer[0].signed.message-digest");
        assert_eq!(digest.category, Category::Content);
        // A block that names no member (found under another name), or the .SF of another jar.
        let all = classify_detached(vec![message_digest(), sf.clone()], &[]);
        let digest = by_field(&all, "pkcs7.signer[0].signed.message-digest");
        assert_eq!(digest.category, Category::Content);
        let other = text(&["other.jar", "META-INF/S.SF"]);
        let all = classify_detached(vec![message_digest(), other], SIGNS);
        let digest = by_field(&all, "pkcs7.signer[0].signed.message-digest");
        assert_eq!(digest.category, Category::Content);
        // A member whose name only starts like the signed one's is not it.
        let longer = text(&["app.jar", "META-INF/S.SF.bak"]);
        let all = classify_detached(vec![message_digest(), longer], SIGNS);
        let digest = by_field(&all, "pkcs7.signer[0].signed.message-digest");
        assert_eq!(digest.category, Category::Content);
        // What lies inside the signed member (a field its analyzer read) counts.
        let sf_field = field(
            &["app.jar", "META-INF/S.SF"],
            "jar.SHA-256-Digest-Manifest",
            FieldKind::Opaque,
            Scope::Artifact,
        );
        let all = classify_detached(vec![message_digest(), sf_field], SIGNS);
        let digest = by_field(&all, "pkcs7.signer[0].signed.message-digest");
        assert_eq!(digest.category, Category::Derived);
    }

    #[test]
    fn a_signature_follows_from_its_detached_content_through_the_digest_or_directly() {
        let sf = || text(&["app.jar", "META-INF/S.SF"]);
        // With signed attributes the signature signs them (the artifact): the messageDigest in
        // them follows from the .SF, and so does the signature, not a cause of its own.
        let signature = || {
            field(
                BLOCK,
                "pkcs7.signer[0].signature",
                FieldKind::Derived(Derivation::signature()),
                Scope::Artifact,
            )
        };
        let all = classify_detached(vec![signature(), message_digest(), sf()], SIGNS);
        let sig = by_field(&all, "pkcs7.signer[0].signature");
        let changed = all.iter().find(|d| d.observed.field.is_none()).unwrap();
        assert_eq!(sig.category, Category::Derived);
        assert_eq!(sig.derived_from, [changed.id]);
        // Without signed attributes it signs the content itself.
        let bare = || {
            field(
                BLOCK,
                "pkcs7.signer[0].signature",
                FieldKind::Derived(Derivation {
                    covers: Covers::Detached,
                    ..Derivation::signature()
                }),
                Scope::Artifact,
            )
        };
        let all = classify_detached(vec![bare(), sf()], SIGNS);
        assert_eq!(
            by_field(&all, "pkcs7.signer[0].signature").category,
            Category::Derived
        );
        // Nothing it signs differs: the signature's own cause (another key, ECDSA).
        let all = classify_detached(vec![bare(), text(&["app.jar", "Hello.class"])], SIGNS);
        assert_eq!(
            by_field(&all, "pkcs7.signer[0].signature").cause,
            Cause::Signature
        );
    }

    #[test]
    fn a_member_s_checksums_follow_from_a_signature_inside_it_that_is_a_root() {
        let path = &["app.jar", "META-INF/S.EC"];
        let all = classify(vec![
            field(
                path,
                "pkcs7.signer[0].signature",
                FieldKind::Derived(Derivation::signature()),
                Scope::Artifact,
            ),
            field(
                path,
                "zip.crc32",
                FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
                Scope::Record,
            ),
            field(
                path,
                "zip.compressed-stream",
                FieldKind::Derived(Derivation::stream()),
                Scope::Record,
            ),
        ]);
        let sig = by_field(&all, "pkcs7.signer[0].signature");
        assert_eq!(sig.cause, Cause::Signature);
        for name in ["zip.crc32", "zip.compressed-stream"] {
            let d = by_field(&all, name);
            assert_eq!(d.category, Category::Derived, "{name}");
            assert_eq!(d.derived_from, [sig.id], "{name}");
        }
    }

    #[test]
    fn fields_judged_again_never_explain_each_other() {
        // Two digests of one image, nothing else differing: each saw the other unjudged; judged
        // again, neither is what the other follows from.
        let whole = FieldKind::Derived(Derivation::checksum(Covers::Whole));
        let all = classify(vec![
            field(&["hello.exe"], "pe.checksum", whole, Scope::Artifact),
            field(
                &["hello.exe"],
                "pe.certificate[0].der",
                whole,
                Scope::Artifact,
            ),
        ]);
        for d in &all {
            assert_eq!(d.category, Category::Content, "{:?}", d.observed.field);
        }
    }

    #[test]
    fn a_digest_of_a_whole_artifact_does_not_cover_its_container_s_record_of_it() {
        let path = &["w.whl", "x.so"];
        let build_id = || {
            field(
                path,
                "elf.build-id",
                FieldKind::Derived(Derivation::checksum(Covers::Whole)),
                Scope::Artifact,
            )
        };
        let mtime = || {
            field(
                path,
                "zip.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Scope::Record,
            )
        };
        let all = classify(vec![build_id(), mtime()]);
        assert_eq!(by_field(&all, "elf.build-id").category, Category::Content);
        let all = classify(vec![build_id(), mtime(), text(&["w.whl", "x.so", ".text"])]);
        let id = by_field(&all, "elf.build-id");
        let code = all.iter().find(|d| d.observed.field.is_none()).unwrap();
        assert_eq!(id.category, Category::Derived);
        assert_eq!(id.derived_from, [code.id]);
    }
    #[test]
    fn a_manifest_digest_follows_from_the_member_it_hashes() {
        let all = classify_with(
            vec![
                member_digest(Covers::Member, MF, ENTRY_DIGEST),
                text(&["a.jar", "p/X.class"]),
            ],
            &[OLD, NEW],
        );
        let digest = by_field(&all, ENTRY_DIGEST);
        assert_eq!(digest.category, Category::Derived, "{}", digest.evidence);
        let edit = all.iter().find(|d| d.observed.field.is_none()).unwrap();
        assert_eq!(digest.derived_from, [edit.id]);
        assert_eq!(edit.category, Category::Content);
    }

    #[test]
    fn a_digest_that_is_not_its_member_s_stays_content() {
        // The member changed, but the right value is no digest of any changed data.
        let all = classify_with(
            vec![
                member_digest(Covers::Member, MF, ENTRY_DIGEST),
                text(&["a.jar", "p/X.class"]),
            ],
            &[OLD],
        );
        let digest = by_field(&all, ENTRY_DIGEST);
        assert_eq!(digest.category, Category::Content);
        assert!(digest.evidence.contains(NEW), "{}", digest.evidence);
        // The member did not change at all.
        let all = classify_with(
            vec![member_digest(Covers::Member, MF, ENTRY_DIGEST)],
            &[OLD, NEW],
        );
        assert_eq!(by_field(&all, ENTRY_DIGEST).category, Category::Content);
        // Only the member's record (its time) changed: no digest of its bytes follows.
        let all = classify_with(
            vec![
                member_digest(Covers::Member, MF, ENTRY_DIGEST),
                field(
                    &["a.jar", "p/X.class"],
                    "zip.mtime",
                    FieldKind::Time(TimeRole::EntryModified),
                    Scope::Record,
                ),
            ],
            &[OLD, NEW],
        );
        assert_eq!(by_field(&all, ENTRY_DIGEST).category, Category::Content);
        // A member of another name, or in another container, is not it.
        let all = classify_with(
            vec![
                member_digest(Covers::Member, MF, ENTRY_DIGEST),
                text(&["a.jar", "p/X.class.bak"]),
                text(&["b.jar", "p/X.class"]),
            ],
            &[OLD, NEW],
        );
        assert_eq!(by_field(&all, ENTRY_DIGEST).category, Category::Content);
    }

    #[test]
    fn a_signature_file_follows_through_the_manifest() {
        let whole = "manifest.SHA-256-Digest-Manifest[META-INF/MANIFEST.MF]";
        let section = "manifest.entry[p/X.class].SHA-256-Digest";
        let spelling = |path: [&str; 2]| {
            string_field(
                &path,
                "manifest.spelling",
                FieldKind::Derived(Derivation::spelling()),
                "a",
                "b",
            )
        };
        let all = classify_with(
            vec![
                member_digest(Covers::Member, MF, ENTRY_DIGEST),
                spelling(MF),
                member_digest(Covers::Member, SF, whole),
                // Not checked against member digests: it hashes a manifest section.
                string_field(
                    &SF,
                    section,
                    FieldKind::Derived(Derivation::checksum(Covers::MemberPart)),
                    "sectionA=",
                    "sectionB=",
                ),
                spelling(SF),
                text(&["a.jar", "p/X.class"]),
            ],
            &[OLD, NEW],
        );
        let edit = all.iter().find(|d| d.observed.field.is_none()).unwrap();
        for d in &all {
            assert_eq!(
                d.category,
                if d.id == edit.id {
                    Category::Content
                } else {
                    Category::Derived
                },
                "{:?}: {}",
                d.observed.field,
                d.evidence
            );
            if d.id != edit.id {
                assert_eq!(d.derived_from, [edit.id], "{:?}", d.observed.field);
            }
        }
    }
}
