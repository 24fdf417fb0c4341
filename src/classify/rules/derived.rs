//! Derived differences: checksums, sizes, offsets and encoded streams that differ because
//! something they are computed from differs.
//!
//! Each derived field says what it covers ([`Covers`]). A difference in it is `derived` when some
//! root difference lies in what it covers, and it names those roots; otherwise nothing explains it
//! and it stays `content` — except an encoded stream whose decoded data and settings are equal,
//! which is a root cause of its own: the same data compressed differently.

use whydiff_analyzers::{Covers, FieldKind};

use crate::classify::{Category, Cause, Verdict};
use crate::difference::{Difference, ObservedKind, Scope};

/// At most this many root ids are listed in one difference's `derived_from`.
pub const MAX_LINKS: usize = 32;

/// Classifies every derived field among `differences` (sorted by path) by the roots it covers.
pub fn link(differences: &mut [Difference]) {
    let pending: Vec<usize> = differences
        .iter()
        .filter(|d| covers(d).is_some())
        .map(|d| d.id)
        .collect();
    let is_pending = |d: &Difference| covers(d).is_some();
    // Data and stream fields are settled first; then record checksums, which may cover a size
    // settled before; then offsets, which may follow from a stream found recompressed. A covered
    // difference that is itself derived contributes the roots it follows from.
    let mut settled = vec![false; differences.len()];
    for stage in [Stage::Contents, Stage::Records, Stage::Positions] {
        let mut verdicts = Vec::new();
        for &id in &pending {
            let (covered, scope) =
                covers(&differences[id]).expect("pending differences are derived fields");
            if Stage::of(covered) != stage {
                continue;
            }
            let is_settled = |d: &Difference| !is_pending(d) || settled[d.id];
            let roots = covering_roots(differences, id, covered, scope, &is_settled);
            verdicts.push((id, verdict(&differences[id], covered, &roots), roots));
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Contents,
    Records,
    Positions,
}

impl Stage {
    fn of(covered: Covers) -> Stage {
        match covered {
            Covers::Data | Covers::EncodedData => Stage::Contents,
            Covers::Record => Stage::Records,
            Covers::Position => Stage::Positions,
        }
    }
}

fn covers(difference: &Difference) -> Option<(Covers, Scope)> {
    match difference.observed.kind {
        ObservedKind::Field {
            kind: FieldKind::Derived(covers),
            scope,
            ..
        } => Some((covers, scope)),
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
        // An artifact's checksum covers its members.
        Scope::Artifact => d.observed.path.len() > path.len(),
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
    let container: &[String] = match (covered, scope) {
        (Covers::Position, Scope::Record) => &path[..path.len().saturating_sub(1)],
        _ => path,
    };
    let in_container = |d: &Difference| {
        !(d.observed.path.len() == container.len() && d.observed.is_record_field())
    };
    let start = differences.partition_point(|d| d.observed.path.as_slice() < container);
    let mut roots: Vec<usize> = differences[start..]
        .iter()
        .take_while(|d| d.observed.path.starts_with(container))
        .filter(|d| d.id != id && is_settled(d))
        .filter(|d| match covered {
            Covers::Data => in_data(d),
            Covers::EncodedData => in_data(d) || (same_record(d) && is_encoding(d)),
            Covers::Record => same_record(d),
            Covers::Position => in_container(d),
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

fn verdict(difference: &Difference, covered: Covers, roots: &[usize]) -> Verdict {
    let field = difference.observed.field.as_deref().unwrap_or("");
    if roots.is_empty() {
        return match covered {
            Covers::EncodedData => Verdict::new(
                Cause::RecompressedStream,
                "the decoded data and the encoding settings are identical, yet the encoded bytes differ",
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
        Covers::Data if field.contains("size") => (Cause::DataSize, "in the data it measures"),
        Covers::Data => (Cause::DataChecksum, "in the data it covers"),
        Covers::EncodedData if field.contains("size") => {
            (Cause::DataSize, "in the data or encoding it measures")
        }
        Covers::EncodedData => (Cause::EncodedStream, "in the data or encoding settings"),
        Covers::Record => (Cause::RecordChecksum, "in the header it covers"),
        Covers::Position => (Cause::ShiftedOffset, "stored in the same container"),
    };
    Verdict::new(cause, format!("follows from {count} {what}"))
}

#[cfg(test)]
mod tests {
    use crate::classify::{classify, Category, Cause};
    use crate::difference::{Observed, ObservedKind, Scope};
    use whydiff_analyzers::{Covers, FieldKind, Value};

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
                FieldKind::Derived(Covers::Data),
                Scope::Record,
            ),
            field(&["a.zip", "m"], "zip.mtime", FieldKind::Time, Scope::Record),
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
                FieldKind::Derived(Covers::Data),
                Scope::Record,
            ),
            field(&["a.zip", "m"], "zip.mtime", FieldKind::Time, Scope::Record),
        ]);
        assert_eq!(by_field(&all, "zip.crc32").category, Category::Content);
    }

    #[test]
    fn a_stream_with_equal_data_and_settings_is_recompressed() {
        let all = classify(vec![field(
            &["a.gz"],
            "gzip.deflate-stream",
            FieldKind::Derived(Covers::EncodedData),
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
                FieldKind::Derived(Covers::EncodedData),
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
                FieldKind::Derived(Covers::EncodedData),
                Scope::Record,
            ),
            field(
                &["a.zip", "n"],
                "zip.local-header-offset",
                FieldKind::Derived(Covers::Position),
                Scope::Record,
            ),
            field(
                &["b.zip", "n"],
                "zip.local-header-offset",
                FieldKind::Derived(Covers::Position),
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
    fn a_tar_header_checksum_follows_from_its_record() {
        let all = classify(vec![
            field(
                &["a.tar", "m"],
                "tar.checksum",
                FieldKind::Derived(Covers::Record),
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
    fn a_header_checksum_follows_from_a_size_through_the_size_s_roots() {
        let all = classify(vec![
            field(
                &["o.tar", "m.zip"],
                "tar.checksum",
                FieldKind::Derived(Covers::Record),
                Scope::Record,
            ),
            field(
                &["o.tar", "m.zip"],
                "tar.size",
                FieldKind::Derived(Covers::Data),
                Scope::Record,
            ),
            field(
                &["o.tar", "m.zip", "x"],
                "zip.mtime",
                FieldKind::Time,
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

    #[test]
    fn an_artifact_checksum_covers_its_members() {
        let all = classify(vec![
            field(
                &["a.gz"],
                "gzip.crc32",
                FieldKind::Derived(Covers::Data),
                Scope::Artifact,
            ),
            field(&["a.gz"], "gzip.mtime", FieldKind::Time, Scope::Artifact),
            field(
                &["a.gz", "a", "m"],
                "tar.mtime",
                FieldKind::Time,
                Scope::Record,
            ),
        ]);
        let crc = by_field(&all, "gzip.crc32");
        assert_eq!(crc.derived_from, [by_field(&all, "tar.mtime").id]);
    }
}
