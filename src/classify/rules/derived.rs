//! Derived differences: checksums, sizes, offsets and encoded streams that differ because
//! something they are computed from differs.
//!
//! Each derived field says what it covers ([`Covers`]). A difference in it is `derived` when some
//! root difference lies in what it covers, and it names those roots; otherwise nothing explains it
//! and it stays `content` — except an encoded stream whose decoded data and settings are equal,
//! which is a root cause of its own: the same data compressed differently; and a raw spelling
//! whose values are equal, which means another tool or tool version wrote the same values.

use std::collections::{BTreeSet, HashMap};

use whydiff_analyzers::{spelled_field, Covers, Derivation, FieldKind, Quantity, Value};

use crate::classify::{Category, Cause, Verdict};
use crate::difference::{Difference, Observed, ObservedKind, Scope};

/// At most this many root ids are listed in one difference's `derived_from`.
pub const MAX_LINKS: usize = 32;

/// Classifies every derived field among `differences` (sorted by path) by the roots it covers.
pub fn link(differences: &mut [Difference]) {
    // A derived field an earlier pass already linked (inside a dependency's own files) stays.
    let is_pending = |d: &Difference| derivation(d).is_some() && d.category != Category::Derived;
    let pending: Vec<usize> = differences
        .iter()
        .filter(|d| is_pending(d))
        .map(|d| d.id)
        .collect();
    let mut settled = vec![false; differences.len()];
    // Spellings first: a checksum of a file covers the values it spells.
    settle_spellings(differences, &mut settled);
    // Then data and stream fields; then record checksums, which may cover a size
    // settled before; then offsets, which may follow from a stream found recompressed; last,
    // digests of a whole artifact, which cover all of these. A covered difference that is itself
    // derived contributes the roots it follows from.
    // Every offset in a container follows from the same length changes: computed once each.
    let mut shifts: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for stage in [
        Stage::Contents,
        Stage::Records,
        Stage::Positions,
        Stage::Wholes,
    ] {
        let mut verdicts = Vec::new();
        for &id in &pending {
            let (derived, scope) =
                derivation(&differences[id]).expect("pending differences are derived fields");
            let covered = derived.covers;
            if Stage::of(covered) != stage {
                continue;
            }
            let is_settled = |d: &Difference| !is_pending(d) || settled[d.id];
            let roots = if covered == Covers::Position {
                let container = container_of(&differences[id].observed.path, scope);
                shifts
                    .entry(container.to_vec())
                    .or_insert_with(|| shifting_roots(differences, container, &is_settled))
                    .clone()
            } else {
                covering_roots(differences, id, covered, scope, &is_settled)
            };
            let (verdict, roots) = match derived.quantity {
                Quantity::References => references(differences, id, derived, roots),
                _ => (verdict(&differences[id], derived, &roots), roots),
            };
            let roots = if verdict.cause.category() == Category::Derived {
                roots
            } else {
                Vec::new()
            };
            verdicts.push((id, verdict, roots));
        }
        for (id, verdict, mut roots) in verdicts {
            let difference = &mut differences[id];
            difference.category = verdict.cause.category();
            difference.cause = verdict.cause;
            difference.evidence = verdict.evidence;
            if difference.category == Category::Derived {
                roots.truncate(MAX_LINKS);
                difference.derived_from = roots;
            }
            settled[id] = true;
        }
    }
}

/// The verdict on a references field (which objects a serializer flagged or shared, then those
/// values, one per line) and the roots it follows from. The artifact's producer in another
/// version explains it all, and so does a code object added or removed (it carries names and
/// constants no other difference shows). Otherwise each value whose sharing changed must be
/// explained by a difference of the same artifact that holds it on one side only (the value
/// itself changed: an edited constant, another build path); a value both builds hold alike
/// whose sharing changed is the writing process's state, a root of its own. So is a change of
/// the sharing's shape with no value changed at all.
fn references(
    differences: &[Difference],
    id: usize,
    derived: Derivation,
    covering: Vec<usize>,
) -> (Verdict, Vec<usize>) {
    let this = &differences[id].observed;
    let producer = subtree(differences, &this.path)
        .iter()
        .find(|d| d.observed.path == this.path && d.cause == Cause::ToolVersion && d.id != id);
    if let Some(producer) = producer {
        let mut roots = covering;
        roots.push(producer.id);
        roots.sort_unstable();
        roots.dedup();
        return (verdict(&differences[id], derived, &roots), roots);
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
    let neighbours: Vec<&Difference> = subtree(differences, &this.path)
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
        return (verdict(&differences[id], derived, &roots), roots);
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
    (verdict(&differences[id], derived, &roots), roots)
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
    Contents,
    Records,
    Positions,
    Wholes,
}

impl Stage {
    fn of(covered: Covers) -> Stage {
        match covered {
            Covers::Data | Covers::EncodedData => Stage::Contents,
            Covers::Record => Stage::Records,
            Covers::Position => Stage::Positions,
            Covers::Whole => Stage::Wholes,
            Covers::Spelling => Stage::Spellings,
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

/// Ids of the root differences that the derived field `id` is computed from: settled differences
/// in what it covers, or, for those that are derived themselves, the roots they follow from.
fn covering_roots(
    differences: &[Difference],
    id: usize,
    covered: Covers,
    scope: Scope,
    is_settled: &dyn Fn(&Difference) -> bool,
) -> Vec<usize> {
    let this = &differences[id].observed;
    let path = this.path.as_slice();
    let in_data = |d: &Difference| match scope {
        // A record's checksum covers the member's data: everything found inside the member,
        // including the member's own headers, but not the other fields of its record.
        Scope::Record => !(d.observed.path.len() == path.len() && d.observed.is_record_field()),
        // An artifact's checksum or size covers its members and its own content (a leaf's
        // changed text or bytes), not its other header fields.
        Scope::Artifact => {
            d.observed.path.len() > path.len()
                || (d.observed.path == path && d.observed.field.is_none())
        }
    };
    let same_record = |d: &Difference| {
        d.observed.path == path && d.observed.is_record_field() == (scope == Scope::Record)
    };
    let is_encoding = |d: &Difference| {
        matches!(
            d.observed.kind,
            ObservedKind::Field {
                kind: FieldKind::Encoding,
                ..
            }
        )
    };
    let mut roots: Vec<usize> = subtree(differences, path)
        .iter()
        .filter(|d| d.id != id && is_settled(d))
        .filter(|d| match covered {
            Covers::Data => in_data(d),
            Covers::EncodedData => in_data(d) || (same_record(d) && is_encoding(d)),
            Covers::Record => same_record(d),
            Covers::Position => unreachable!("offsets are linked by shifting_roots"),
            Covers::Spelling => spells(this, &d.observed),
            // Every other difference inside the artifact, its record's fields included.
            Covers::Whole => true,
        })
        .flat_map(|d| match d.category {
            Category::Derived => d.derived_from.clone(),
            _ => vec![d.id],
        })
        .collect();
    roots.sort_unstable();
    roots.dedup();
    roots
}

/// The differences at `path` and below: a contiguous run, since differences are sorted by path.
fn subtree<'a>(differences: &'a [Difference], path: &[String]) -> &'a [Difference] {
    let start = differences.partition_point(|d| d.observed.path.as_slice() < path);
    let len = differences[start..]
        .iter()
        .take_while(|d| d.observed.path.starts_with(path))
        .count();
    &differences[start..start + len]
}

/// Settles every raw spelling, the most specific first (`meta.Requires-Dist.spelling` before
/// `meta.spelling`, which spells it), each before the next is judged.
fn settle_spellings(differences: &mut [Difference], settled: &mut [bool]) {
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
        let (derived, scope) = derivation(&differences[id]).expect("a spelling is derived");
        let is_settled = |d: &Difference| derivation(d).is_none() || settled[d.id];
        let mut roots = covering_roots(differences, id, Covers::Spelling, scope, &is_settled);
        let verdict = verdict(&differences[id], derived, &roots);
        let difference = &mut differences[id];
        difference.category = verdict.cause.category();
        difference.cause = verdict.cause;
        difference.evidence = verdict.evidence;
        if difference.category == Category::Derived {
            roots.truncate(MAX_LINKS);
            difference.derived_from = roots;
        }
        settled[id] = true;
    }
}

/// Whether the spelling field `spelling` (`X.spelling`) spells `other`: a field of the same
/// artifact or record named `X` or `X.…`; for a bare namespace (`meta.spelling`), also the
/// artifact's content.
fn spells(spelling: &Observed, other: &Observed) -> bool {
    let Some(base) = spelling.field.as_deref().and_then(spelled_field) else {
        return false;
    };
    if other.path != spelling.path || other.is_record_field() != spelling.is_record_field() {
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

/// The container whose layout an offset field at `path` depends on: the parent for a member's
/// record, the artifact itself for its own fields.
fn container_of(path: &[String], scope: Scope) -> &[String] {
    match scope {
        Scope::Record => &path[..path.len().saturating_sub(1)],
        Scope::Artifact => path,
    }
}

/// Root differences that change the length of what a container stores, so that offsets after
/// them move: the roots of every changed size, members added, removed or reordered, and record
/// fields that appear on one side only or change length. Timestamps and modes of fixed width
/// move nothing. When none is found, every root in the container is named, since something
/// there moved the offset.
fn shifting_roots(
    differences: &[Difference],
    container: &[String],
    is_settled: &dyn Fn(&Difference) -> bool,
) -> Vec<usize> {
    let in_container = subtree(differences, container);
    let is_size = |d: &Difference| {
        derivation(d).is_some_and(|(derived, _)| derived.quantity == Quantity::Size)
    };
    let mut roots = Vec::new();
    for d in in_container.iter().filter(|d| is_settled(d)) {
        match d.category {
            Category::Derived if is_size(d) => roots.extend_from_slice(&d.derived_from),
            Category::Derived => {}
            _ if is_size(d) || changes_layout(d, container.len()) => roots.push(d.id),
            _ => {}
        }
    }
    if roots.is_empty() {
        roots = in_container
            .iter()
            .filter(|d| is_settled(d) && d.category != Category::Derived)
            .filter(|d| !(d.observed.path.len() == container.len() && d.observed.is_record_field()))
            .map(|d| d.id)
            .collect();
    }
    roots.sort_unstable();
    roots.dedup();
    roots
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
    };
    let checked = if matches!(covered, Covers::Data | Covers::Whole) && derived.verified {
        "; each side's value matches its own data, checked while reading"
    } else {
        ""
    };
    Verdict::new(cause, format!("follows from {count} {what}{checked}"))
}

#[cfg(test)]
mod tests {
    use crate::classify::{Category, Cause, KnownValues};

    fn classify(observed: Vec<Observed>) -> Vec<crate::difference::Difference> {
        crate::classify::classify(observed, &KnownValues::default(), &Default::default())
            .differences
    }
    use crate::difference::{Observed, ObservedKind, Scope};
    use whydiff_analyzers::{Covers, Derivation, FieldKind, Ordered, TimeRole, Value};

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
}
