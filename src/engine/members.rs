//! Pairing the members of two containers: by name (the k-th member of a repeated name with the
//! k-th), members on one side only — or moved, when a member on one side only has the same file
//! name and the same bytes as one on the other side only — and one ordering difference when the
//! shared members are stored in another sequence.
//!
//! Names are compared as the analyzers spell them, losslessly ([`whydiff_analyzers::names`]): two
//! names that differ in any byte never pair. A member the filesystem refused
//! ([`MemberData::Inaccessible`]) leaves a note; when it is a directory that could not be listed,
//! the members below it on the other side are not reported as added or removed (nothing is known
//! of what it holds): the unreadable directory is the difference, and a note counts them.

use std::collections::BTreeMap;

// Members are indexed by name per container, tens of thousands in a distribution: foldhash,
// seeded per process, hashes names several times faster than SipHash.
use foldhash::{HashMap, HashMapExt, HashSet};

use sha2::{Digest, Sha256};
use whydiff_analyzers::symbol_map::SymbolMap;
use whydiff_analyzers::{Limits, Member, MemberData, MemberOrder, Node};

use rayon::prelude::*;

use super::{compare_member_data, compare_member_fields_at, Findings, Listing, Settings};
use crate::difference::{Observed, ObservedKind, MAX_ORDER_ITEMS};

/// A member's identity in its container: its name and which occurrence of that name it is.
type Key<'a> = (&'a str, usize);

fn keyed(members: &[Member]) -> Vec<Key<'_>> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(members.len());
    members
        .iter()
        .map(|m| {
            let count = seen.entry(m.name.as_str()).or_insert(0);
            *count += 1;
            (m.name.as_str(), *count - 1)
        })
        .collect()
}

/// Compares the members of `left` and `right`, both found at `path`.
pub(super) fn compare(
    path: &[String],
    left: &Node,
    right: &Node,
    depth: usize,
    settings: &Settings<'_>,
) -> Findings {
    let mut findings = Findings::default();
    let left_keys = keyed(&left.members);
    let right_keys = keyed(&right.members);
    let right_index: HashMap<Key<'_>, usize> = right_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i))
        .collect();
    let left_index: HashMap<Key<'_>, usize> =
        left_keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();

    // `--exclude`: an excluded member is neither paired nor on one side only. Both members of a
    // key share its name, so they are excluded alike.
    let excluded = |member: &Member| settings.exclude.excludes(path, &member.name);
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    for (li, key) in left_keys.iter().enumerate() {
        if excluded(&left.members[li]) {
            continue;
        }
        match right_index.get(key) {
            Some(&ri) => pairs.push((li, ri)),
            None => removed.push(li),
        }
    }
    let mut added: Vec<usize> = (0..right_keys.len())
        .filter(|ri| !left_index.contains_key(&right_keys[*ri]))
        .collect();
    if !settings.exclude.is_empty() {
        let left_out = left.members.len() - pairs.len() - removed.len();
        let before = added.len();
        added.retain(|&ri| !excluded(&right.members[ri]));
        let left_out = left_out + before - added.len();
        if left_out > 0 {
            let members = if left_out == 1 { "member" } else { "members" };
            findings.note(path, format!("{left_out} {members} left out (--exclude)"));
        }
    }
    unknown_below(
        &mut findings,
        path,
        &left.members,
        &mut added,
        &right.members,
        "left",
    );
    unknown_below(
        &mut findings,
        path,
        &right.members,
        &mut removed,
        &left.members,
        "right",
    );
    let moves = moved(
        &left.members,
        &removed,
        &right.members,
        &added,
        &settings.limits,
    );
    for &li in &removed {
        if !moves.iter().any(|&(l, _)| l == li) {
            let member = &left.members[li];
            note_inaccessible(&mut findings, path, "left", member);
            let kind = ObservedKind::MemberRemoved;
            findings.differences.push(presence(path, member, kind));
            findings
                .listings
                .extend(listing(path, member, &settings.limits));
        }
    }
    for &ri in &added {
        if !moves.iter().any(|&(_, r)| r == ri) {
            let member = &right.members[ri];
            note_inaccessible(&mut findings, path, "right", member);
            let kind = ObservedKind::MemberAdded;
            findings.differences.push(presence(path, member, kind));
            findings
                .listings
                .extend(listing(path, member, &settings.limits));
        }
    }
    for &(li, ri) in &moves {
        let (l, r) = (&left.members[li], &right.members[ri]);
        let member_path = child_path(path, &r.name);
        findings.differences.push(Observed::content(
            member_path.clone(),
            ObservedKind::MemberMoved,
            Some(l.name.clone()),
            Some(r.name.clone()),
        ));
        let fields = compare_member_fields_at(member_path, l, r, false);
        findings.differences.extend(fields);
    }
    if left.order == MemberOrder::Significant && right.order == MemberOrder::Significant {
        if let Some(order) = order_difference(path, &left_keys, &right_keys, &pairs) {
            findings.differences.push(order);
        }
    }
    // Pairs whose two members share their encoded bytes with an earlier pair's (central
    // headers pointing at one local header, on both sides) are compared once, through the first.
    let mut first_of: HashMap<(usize, usize), usize> = HashMap::new();
    let shares: Vec<Option<usize>> = pairs
        .iter()
        .enumerate()
        .map(
            |(i, &(li, ri))| match (&left.members[li].data, &right.members[ri].data) {
                (MemberData::Encoded(a), MemberData::Encoded(b)) => {
                    let first = *first_of.entry((a.identity(), b.identity())).or_insert(i);
                    (first != i).then_some(first)
                }
                _ => None,
            },
        )
        .collect();
    // Per pair: its record's differences, and what its data's comparison found, boxed when
    // it found anything (most pairs of a rebuilt archive differ in a time field only).
    let mut parts: Vec<(Vec<Observed>, Option<Box<Findings>>)> = pairs
        .par_iter()
        .zip(&shares)
        .map(|(&(li, ri), shared)| {
            (settings.on_member)();
            let (l, r) = (&left.members[li], &right.members[ri]);
            let member_path = child_path(path, &l.name);
            // Equal encoded bytes (and what the container declares of them) are equal data, and
            // vouch for the records' fields computed from those bytes.
            let same_encoding = matches!(
                (&l.data, &r.data),
                (MemberData::Encoded(a), MemberData::Encoded(b)) if a.same_encoding(b)
            );
            let mut data = if shared.is_some() || same_encoding {
                Findings::default()
            } else {
                compare_member_data(&member_path, l, r, depth + 1, settings)
            };
            if let Some(symbols) = &l.symbols {
                name_ranges(&mut data.differences, &member_path, symbols);
            }
            // An entry that could not even be examined has no fields: its counterpart's are not
            // differences of their own.
            let record = if unexamined(l) || unexamined(r) {
                Vec::new()
            } else {
                compare_member_fields_at(member_path, l, r, same_encoding)
            };
            (record, (!data.is_empty()).then(|| Box::new(data)))
        })
        .collect();
    let data_differs: Vec<bool> = parts
        .iter()
        .map(|(_, data)| data.as_ref().is_some_and(|d| !d.differences.is_empty()))
        .collect();
    // One allocation for all of them: a directory of archives gathers tens of thousands.
    let count: usize = parts
        .iter()
        .map(|(record, data)| record.len() + data.as_ref().map_or(0, |d| d.differences.len()))
        .sum();
    findings
        .differences
        .reserve(count + shares.iter().flatten().count());
    // Gathered in name order: the differences come out nearly in the report's order, which the
    // classifier's stable sort then finds in runs instead of merging them (members of the same
    // name keep their order).
    let mut in_name_order: Vec<usize> = (0..pairs.len()).collect();
    in_name_order.sort_by(|&a, &b| {
        left.members[pairs[a].0]
            .name
            .cmp(&left.members[pairs[b].0].name)
    });
    for i in in_name_order {
        let (record, data) = std::mem::take(&mut parts[i]);
        findings.differences.extend(record);
        match shares[i] {
            Some(first) if data_differs[first] => {
                let (li, _) = pairs[i];
                let first_name = &left.members[pairs[first].0].name;
                let same = format!("the same encoded bytes as {first_name}, compared there");
                findings.differences.push(Observed::content(
                    child_path(path, &left.members[li].name),
                    ObservedKind::Unexplained,
                    Some(same.clone()),
                    Some(same),
                ));
            }
            Some(_) => {}
            None => {
                if let Some(data) = data {
                    findings.extend(*data);
                }
            }
        }
    }
    findings
}

/// Names the changed byte ranges of a member's data (`bytes 0x11a-0x11a`, on the left) by the
/// symbols its container places there (`… in main+0x1a`): what still differs in a binary's code
/// and data points to the functions and objects that changed.
fn name_ranges(differences: &mut [Observed], path: &[String], symbols: &SymbolMap) {
    for difference in differences.iter_mut().filter(|d| d.path == path) {
        let Some(location) = &difference.location else {
            continue;
        };
        let Some((start, end)) = byte_range(location) else {
            continue;
        };
        if let Some(names) = symbols.describe(start, end.saturating_add(1)) {
            difference.location = Some(format!("{location} in {names}"));
        }
    }
}

/// The first and last byte of a location `bytes 0xA-0xB` (optionally followed by more words).
fn byte_range(location: &str) -> Option<(u64, u64)> {
    let range = location.strip_prefix("bytes 0x")?;
    let range = range.split(' ').next()?;
    let (start, end) = range.split_once("-0x")?;
    Some((
        u64::from_str_radix(start, 16).ok()?,
        u64::from_str_radix(end, 16).ok()?,
    ))
}

/// Whether `member` is an entry the filesystem refused before anything of it was known.
fn unexamined(member: &Member) -> bool {
    matches!(member.data, MemberData::Inaccessible(_)) && member.fields.is_empty()
}

/// A note when a member on one side only is one the filesystem refused (a paired one gets its
/// note with its difference).
fn note_inaccessible(findings: &mut Findings, path: &[String], side: &str, member: &Member) {
    if let MemberData::Inaccessible(why) = &member.data {
        let text = format!("{side}: cannot be read: {why}");
        findings.note(&child_path(path, &member.name), text);
    }
}

/// Drops from `other_only` (indices into `other`, members on the other side only) those below a
/// directory of `members` that could not be listed, with one note per such directory counting
/// them: nothing is known of what that directory holds, so they are neither added nor removed.
fn unknown_below(
    findings: &mut Findings,
    path: &[String],
    members: &[Member],
    other_only: &mut Vec<usize>,
    other: &[Member],
    side: &str,
) {
    let unlisted: BTreeMap<&str, usize> = members
        .iter()
        .filter(|m| matches!(m.data, MemberData::Inaccessible(_)))
        .map(|m| (m.name.trim_end_matches('/'), 0))
        .collect();
    if unlisted.is_empty() {
        return;
    }
    let mut counts = unlisted;
    other_only.retain(|&i| {
        let name = other[i].name.as_str();
        // Every ancestor of `name`, nearest first.
        let mut ancestors = name
            .trim_end_matches('/')
            .rmatch_indices('/')
            .map(|(at, _)| &name[..at]);
        match ancestors.find(|a| counts.contains_key(a)) {
            Some(ancestor) => {
                *counts.get_mut(ancestor).expect("found above") += 1;
                false
            }
            None => true,
        }
    });
    for (name, count) in counts {
        if count > 0 {
            let other_side = if side == "left" { "right" } else { "left" };
            findings.note(
                &child_path(path, name),
                format!(
                    "{count} {} below it on the {other_side} side not compared: the {side} side could not be read",
                    if count == 1 { "entry" } else { "entries" }
                ),
            );
        }
    }
}

/// The largest installed-files list read.
const MAX_LISTING_SIZE: u64 = 8 << 20;

/// The files a member present on one side only lists, when it is an installed distribution's
/// list of files: its content is not compared, but it says which files the distribution owns.
fn listing(path: &[String], member: &Member, limits: &Limits) -> Option<Listing> {
    if !member.name.ends_with("/RECORD") && !member.name.ends_with("/installed-files.txt") {
        return None;
    }
    let data = match &member.data {
        MemberData::Bytes(bytes) => bytes.clone(),
        MemberData::File(file) => {
            if file.size() > MAX_LISTING_SIZE {
                return None;
            }
            crate::input::read_entry(file).ok()?
        }
        MemberData::Encoded(encoded) => {
            if encoded.declared_size() > MAX_LISTING_SIZE {
                return None;
            }
            encoded.decode(limits).ok()?
        }
        _ => return None,
    };
    // An analyzer entry point called on untrusted bytes: a panic there is no listing.
    let name = member.name.as_str();
    let files = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        whydiff_analyzers::pymeta::installed_files(name, &data)
    }))
    .ok()??;
    Some(Listing {
        container: path.to_vec(),
        member: member.name.clone(),
        files,
    })
}

/// Members on one side only examined for moves, at most, per container and side.
const MAX_MOVE_CANDIDATES: usize = 4096;
/// The largest member hashed to find a move.
const MAX_MOVED_SIZE: usize = 16 << 20;

/// Pairs of a removed member (index on the left) and an added one (on the right) with the same
/// file name and the same bytes, each member in at most one pair, in left order. Empty members,
/// members without data and large ones are never paired: their identity says too little or
/// costs too much.
fn moved(
    left: &[Member],
    removed: &[usize],
    right: &[Member],
    added: &[usize],
    limits: &Limits,
) -> Vec<(usize, usize)> {
    if removed.is_empty()
        || added.is_empty()
        || removed.len() > MAX_MOVE_CANDIDATES
        || added.len() > MAX_MOVE_CANDIDATES
    {
        return Vec::new();
    }
    let file_name = |member: &Member| -> String {
        let file = member.name.trim_end_matches('/');
        file.rsplit('/').next().unwrap_or(file).to_owned()
    };
    // Only members whose file name stands on both sides are worth reading (encoded ones are
    // decoded for it).
    let names = |members: &[Member], indices: &[usize]| -> HashSet<String> {
        indices.iter().map(|&i| file_name(&members[i])).collect()
    };
    let (left_names, right_names) = (names(left, removed), names(right, added));
    let identity = |member: &Member, others: &HashSet<String>| -> Option<(String, [u8; 32])> {
        let file = file_name(member);
        if !others.contains(&file) {
            return None;
        }
        let bytes = match &member.data {
            MemberData::Bytes(bytes) => bytes.clone(),
            MemberData::Encoded(encoded) => {
                if encoded.declared_size() == 0 || encoded.declared_size() > MAX_MOVED_SIZE as u64 {
                    return None;
                }
                encoded.decode(limits).ok()?
            }
            _ => return None,
        };
        if bytes.is_empty() || bytes.len() > MAX_MOVED_SIZE {
            return None;
        }
        Some((file, Sha256::digest(&bytes).into()))
    };
    let mut arrivals: HashMap<(String, [u8; 32]), Vec<usize>> = HashMap::new();
    for &ri in added.iter().rev() {
        if let Some(id) = identity(&right[ri], &left_names) {
            arrivals.entry(id).or_default().push(ri);
        }
    }
    removed
        .iter()
        .filter_map(|&li| {
            let ri = arrivals
                .get_mut(&identity(&left[li], &right_names)?)?
                .pop()?;
            Some((li, ri))
        })
        .collect()
}

fn child_path(path: &[String], name: &str) -> Vec<String> {
    let mut child = Vec::with_capacity(path.len() + 1);
    child.extend_from_slice(path);
    child.push(name.to_owned());
    child
}

/// What a member is, in a few words: its size, its entry type, or why it could not be read.
pub(super) fn describe(member: &Member) -> String {
    match &member.data {
        MemberData::Bytes(bytes) => format!("{} bytes", bytes.len()),
        MemberData::File(file) => format!("{} bytes", file.size()),
        MemberData::None => member
            .all_fields()
            .iter()
            .find(|f| f.kind == whydiff_analyzers::FieldKind::EntryType)
            .map(|f| f.value.to_string())
            .unwrap_or_else(|| "entry".to_owned()),
        MemberData::Encoded(encoded) => format!("{} bytes", encoded.declared_size()),
        MemberData::Node(node) => format!("{} read by the container", node.format),
        MemberData::Unreadable(why) | MemberData::Inaccessible(why) => {
            format!("unreadable: {why}")
        }
    }
}

fn presence(path: &[String], member: &Member, kind: ObservedKind) -> Observed {
    let description = Some(describe(member));
    let (left, right) = match kind {
        ObservedKind::MemberAdded => (None, description),
        _ => (description, None),
    };
    Observed::content(child_path(path, &member.name), kind, left, right)
}

/// One difference when the members both sides share are stored in another relative order, showing
/// each side's sequence from the first position where they diverge.
fn order_difference(
    path: &[String],
    left: &[Key<'_>],
    right: &[Key<'_>],
    pairs: &[(usize, usize)],
) -> Option<Observed> {
    let left_sequence: Vec<usize> = pairs.iter().map(|&(_, ri)| ri).collect();
    let mut right_sequence = left_sequence.clone();
    right_sequence.sort_unstable();
    let first = left_sequence
        .iter()
        .zip(&right_sequence)
        .position(|(a, b)| a != b)?;
    let excerpt = |keys: Vec<Key<'_>>| {
        const SHOWN: usize = 4;
        let mut text: Vec<String> = keys
            .iter()
            .take(SHOWN)
            .map(|(name, _)| (*name).to_owned())
            .collect();
        if keys.len() > SHOWN {
            text.push("…".to_owned());
        }
        text.join(", ")
    };
    // The left sequence of shared members, and the right one, both from the first divergence.
    let left_names: Vec<Key<'_>> = pairs[first..].iter().map(|&(li, _)| left[li]).collect();
    let right_names: Vec<Key<'_>> = right_sequence[first..]
        .iter()
        .map(|&ri| right[ri])
        .collect();
    let names = |keys: &[Key<'_>]| -> Vec<String> {
        keys.iter()
            .take(MAX_ORDER_ITEMS)
            .map(|(name, _)| (*name).to_owned())
            .collect()
    };
    let kind = ObservedKind::MemberOrder {
        left_names: names(&left_names),
        right_names: names(&right_names),
    };
    Some(Observed {
        field: Some("member-order".to_owned()),
        location: Some(format!("position {} of {}", first + 1, pairs.len())),
        ..Observed::content(
            path.to_vec(),
            kind,
            Some(excerpt(left_names)),
            Some(excerpt(right_names)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use whydiff_analyzers::MemberData;

    fn node(names: &[&str]) -> Node {
        let mut node = Node::new("test");
        node.members = names
            .iter()
            .map(|n| Member::new(*n, MemberData::None))
            .collect();
        node
    }

    fn run(left: &[&str], right: &[&str]) -> Vec<Observed> {
        let mut found = compare(
            &["x".to_owned()],
            &node(left),
            &node(right),
            0,
            &Settings::default(),
        )
        .differences;
        found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        found
    }

    #[test]
    fn same_names_in_another_order_is_one_ordering_difference() {
        let found = run(&["a", "b", "c", "d"], &["a", "c", "b", "d"]);
        assert_eq!(found.len(), 1);
        assert!(
            matches!(&found[0].kind, ObservedKind::MemberOrder { left_names, .. } if left_names == &["b", "c", "d"])
        );
        assert_eq!(found[0].left.as_deref(), Some("b, c, d"));
        assert_eq!(found[0].right.as_deref(), Some("c, b, d"));
        assert_eq!(found[0].location.as_deref(), Some("position 2 of 4"));
    }

    #[test]
    fn added_and_removed_members_do_not_count_as_reordering() {
        let found = run(&["a", "gone", "b"], &["a", "b", "new"]);
        let kinds: Vec<_> = found
            .iter()
            .map(|d| (&d.kind, d.path[1].as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (&ObservedKind::MemberRemoved, "gone"),
                (&ObservedKind::MemberAdded, "new")
            ]
        );
    }

    fn with_data(members: &[(&str, &str)]) -> Node {
        let mut node = Node::new("test");
        node.members = members
            .iter()
            .map(|(name, data)| {
                let bytes = bytes::Bytes::copy_from_slice(data.as_bytes());
                Member::new(*name, MemberData::Bytes(bytes))
            })
            .collect();
        node
    }

    #[test]
    fn a_member_moved_with_its_bytes_is_one_difference() {
        let left = with_data(&[("d/LICENSE", "MIT"), ("d/x", "1"), ("gone", "g")]);
        let right = with_data(&[("d/licenses/LICENSE", "MIT"), ("d/x", "1"), ("new", "n")]);
        let mut found =
            compare(&["w".to_owned()], &left, &right, 0, &Settings::default()).differences;
        found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let seen: Vec<(&ObservedKind, &str)> = found
            .iter()
            .map(|d| (&d.kind, d.path[1].as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (&ObservedKind::MemberMoved, "d/licenses/LICENSE"),
                (&ObservedKind::MemberRemoved, "gone"),
                (&ObservedKind::MemberAdded, "new"),
            ]
        );
        assert_eq!(found[0].left.as_deref(), Some("d/LICENSE"));
        // Other bytes, or another file name: no move.
        let edited = with_data(&[("d/licenses/LICENSE", "BSD"), ("d/x", "1")]);
        let renamed = with_data(&[("d/COPYING", "MIT"), ("d/x", "1")]);
        for right in [edited, renamed] {
            let found = compare(&[], &left, &right, 0, &Settings::default()).differences;
            assert!(found.iter().all(|d| d.kind != ObservedKind::MemberMoved));
        }
    }

    #[test]
    fn repeated_names_pair_by_occurrence() {
        assert!(run(&["a", "a", "b"], &["a", "a", "b"]).is_empty());
        let found = run(&["a", "a"], &["a"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, ObservedKind::MemberRemoved);
    }

    #[test]
    fn unordered_containers_ignore_order() {
        let (mut left, mut right) = (node(&["a", "b"]), node(&["b", "a"]));
        left.order = MemberOrder::Irrelevant;
        right.order = MemberOrder::Irrelevant;
        assert!(compare(&[], &left, &right, 0, &Settings::default())
            .differences
            .is_empty());
    }

    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use whydiff_analyzers::{DecodeError, Encoded};

    /// Data encoded as `text`, decoding to it (or failing with `fails`), counting decodes.
    fn encoded(text: &str, calls: &Arc<AtomicUsize>, fails: Option<&str>) -> Encoded {
        let calls = Arc::clone(calls);
        let fails = fails.map(str::to_owned);
        Encoded::new(
            bytes::Bytes::copy_from_slice(text.as_bytes()),
            "8 (deflate)",
            text.len() as u64,
            0,
            move |encoded: &bytes::Bytes, _: &whydiff_analyzers::Limits| {
                calls.fetch_add(1, Ordering::SeqCst);
                match &fails {
                    Some(why) => Err(DecodeError::Budget(why.clone())),
                    None => Ok(Some(encoded.to_vec())),
                }
            },
        )
    }

    fn encoded_node(members: &[(&str, &Encoded)]) -> Node {
        let mut node = Node::new("test");
        node.members = members
            .iter()
            .map(|(name, data)| Member::new(*name, MemberData::Encoded((*data).clone())))
            .collect();
        node
    }

    #[test]
    fn equal_encodings_are_never_decoded() {
        let calls = Arc::new(AtomicUsize::new(0));
        let (a, b) = (
            encoded("same\n", &calls, None),
            encoded("same\n", &calls, None),
        );
        let found = compare(
            &[],
            &encoded_node(&[("x", &a)]),
            &encoded_node(&[("x", &b)]),
            0,
            &Settings::default(),
        );
        assert!(found.differences.is_empty());
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn entries_sharing_their_bytes_on_both_sides_are_compared_once() {
        let calls = Arc::new(AtomicUsize::new(0));
        let (a, b) = (
            encoded("one\n", &calls, None),
            encoded("two\n", &calls, None),
        );
        let names = ["e0", "e1", "e2"];
        let left: Vec<(&str, &Encoded)> = names.iter().map(|n| (*n, &a)).collect();
        let right: Vec<(&str, &Encoded)> = names.iter().map(|n| (*n, &b)).collect();
        let mut found = compare(
            &[],
            &encoded_node(&left),
            &encoded_node(&right),
            0,
            &Settings::default(),
        )
        .differences;
        found.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
        assert_eq!(calls.load(Ordering::SeqCst), 2, "one decode per side");
        let seen: Vec<(&str, &ObservedKind)> = found
            .iter()
            .map(|d| (d.path[0].as_str(), &d.kind))
            .collect();
        assert_eq!(
            seen[1..],
            [
                ("e1", &ObservedKind::Unexplained),
                ("e2", &ObservedKind::Unexplained)
            ]
        );
        assert_eq!(
            found[1].left.as_deref(),
            Some("the same encoded bytes as e0, compared there")
        );
    }

    #[test]
    fn a_member_over_budget_is_compared_by_its_encoded_bytes_with_a_note() {
        let calls = Arc::new(AtomicUsize::new(0));
        let a = encoded(
            "abc",
            &calls,
            Some("x expands too far (the decompression ratio limit, --max-ratio)"),
        );
        let b = encoded("abd", &calls, None);
        let found = compare(
            &[],
            &encoded_node(&[("x", &a)]),
            &encoded_node(&[("x", &b)]),
            0,
            &Settings::default(),
        );
        assert_eq!(
            found.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
            ["left: x expands too far (the decompression ratio limit, --max-ratio); compared as encoded bytes"]
        );
        assert!(!found.differences.is_empty());
        assert!(found.differences.iter().all(|d| d.path == ["x"]));
    }
}
