//! Fields whose kind alone says what a difference means: times (by what they are the time of),
//! modes, owners, encodings, container variants, producer versions, stored orders, entry types.
//! Only kinds are read, never field names: a new analyzer is classified by the kinds it gives.

use whydiff_analyzers::{ordered_field, Captured, FieldKind, Ordered, TimeRole, Value};

use super::timestamp_token::{DeclaredEpochs, Moment, NormalizedPair};
use crate::classify::{Cause, Context, Rule, Verdict};
use crate::difference::{Observed, ObservedKind, Scope};

/// Classifies a field difference by the field's kind.
pub struct FieldKindRule;

impl Rule for FieldKindRule {
    fn name(&self) -> &'static str {
        "field-kind"
    }

    fn explain(&self, difference: &Observed, context: &Context<'_>) -> Option<Verdict> {
        let ObservedKind::Field {
            kind,
            scope,
            left,
            right,
        } = &difference.kind
        else {
            return None;
        };
        let name = difference.field.as_deref().unwrap_or("");
        if let Some(verdict) = recorded_on_one_side(*kind, *scope, left.is_some(), right.is_some())
        {
            return Some(verdict);
        }
        let verdict = match kind {
            FieldKind::Time(role) => {
                let normalized = normalized_pair(left.as_ref(), right.as_ref(), context);
                Verdict::new(
                    time_cause(*role, normalized.as_ref()),
                    time_evidence(left.as_ref(), right.as_ref(), normalized.as_ref()),
                )
            }
            FieldKind::Mode => mode_verdict(left.as_ref(), right.as_ref()),
            FieldKind::Owner => Verdict::new(Cause::EntryOwner, "the recorded owner differs"),
            FieldKind::FileAttribute => Verdict::new(
                Cause::EntryXattr,
                "an extended attribute the build machine's file system kept differs",
            ),
            FieldKind::HostDevice => Verdict::new(
                Cause::EntryDevice,
                "the device numbers recorded for a member that is not a device differ",
            ),
            FieldKind::ContainerVariant => {
                Verdict::new(Cause::ContainerFormat, "another container variant")
            }
            FieldKind::Encoding => {
                Verdict::new(Cause::CompressionSettings, "another encoding setting")
            }
            FieldKind::ToolVersion => Verdict::new(
                Cause::ToolVersion,
                "the producing tool's version field differs",
            ),
            FieldKind::Order(ordered) => {
                // An order of values holds the stored order of another field's values: when that
                // field itself changed (a value added or edited), the order moved with it and is
                // no ordering.
                if ordered_field(name)
                    .is_some_and(|base| differs_at(context, &difference.path, base))
                {
                    return None;
                }
                let cause = match ordered {
                    Ordered::Values => Cause::ListOrder,
                    Ordered::Members => Cause::MemberOrder,
                };
                Verdict::new(cause, "the same items stored in another order")
            }
            FieldKind::Signer => Verdict::new(
                Cause::Signature,
                "another signer: the key, certificate or signing algorithm differs",
            ),
            FieldKind::EntryType => {
                Verdict::new(Cause::EntryType, "the entry's type or link target changed")
            }
            FieldKind::Captured(captured) => captured_verdict(*captured),
            FieldKind::Text
            | FieldKind::Presentation
            | FieldKind::SourcePath
            | FieldKind::Program
            | FieldKind::Opaque
            | FieldKind::Derived(_) => return None,
        };
        Some(verdict)
    }
}

/// A member's time, owner or mode that its container records on one side only, or an input's
/// path that the tool recorded on one side only, is another variant of the container, not
/// another value.
///
/// Whether an archive records a member's extended times, its owner or its Unix mode, and whether
/// a compressor records the name of the file it read, is decided by the writer — its options
/// (Info-ZIP's `-X` drops the extended-timestamp and uid/gid extra fields, `gzip -n` and
/// compressing a pipe leave the name out), its version, the system it ran on — never by the
/// inputs: a build cannot change a value that one side does not hold. So the difference is the
/// container's, whatever the one recorded value is; a time or owner that both sides record and
/// that differs is still the time's or the owner's. A program's own values (`Program`), free text
/// and content are never taken for a variant: an added constant or comment is a change. Nor are
/// an extended attribute the file had on one machine only (`FileAttribute`: the same writer
/// copies what the file system holds) or device numbers present on one side only
/// (`HostDevice`: an analyzer leaves zero numbers out, so absent is a recorded zero).
fn recorded_on_one_side(kind: FieldKind, scope: Scope, left: bool, right: bool) -> Option<Verdict> {
    if left == right {
        return None;
    }
    let recorded_metadata = match kind {
        FieldKind::Time(TimeRole::EntryModified | TimeRole::EntryAccessed)
        | FieldKind::Owner
        | FieldKind::Mode => scope == Scope::Record,
        FieldKind::SourcePath => true,
        _ => false,
    };
    let side = if left { "left" } else { "right" };
    recorded_metadata.then(|| {
        Verdict::new(
            Cause::ContainerFormat,
            format!(
                "recorded on the {side} side only: whether it is recorded is the writer's \
                 choice (its options, version or system), not the build's; no value differs"
            ),
        )
    })
}

/// A fact of the build session recorded under a name that says what it is: the user who ran
/// the build, its machine, or the checkout it ran in.
fn captured_verdict(captured: Captured) -> Verdict {
    match captured {
        Captured::UserName => Verdict::new(
            Cause::UserName,
            "a field that records the user who ran the build differs",
        ),
        Captured::HostName => Verdict::new(
            Cause::HostName,
            "a field that records the build machine's name differs",
        ),
        Captured::VcsState => Verdict::new(
            Cause::VcsState,
            "a field that records the state of the checkout (commit, branch, tag, local changes) \
             differs",
        ),
    }
}

/// Permission bits differ: the umask. The same permission bits written with the file-type bits
/// by one archiver and without them by another (zip's `0o644` against `0o100644`) say nothing of
/// the build's permissions: another tool wrote the field.
fn mode_verdict(left: Option<&Value>, right: Option<&Value>) -> Verdict {
    const PERMISSIONS: u32 = 0o7777;
    if let (Some(Value::Octal(l)), Some(Value::Octal(r))) = (left, right) {
        let type_bits = |mode: u32| mode & !PERMISSIONS;
        if l & PERMISSIONS == r & PERMISSIONS && (type_bits(*l) == 0 || type_bits(*r) == 0) {
            return Verdict::new(
                Cause::ToolVersion,
                "the same permission bits, written with the file type by one archiver and \
                 without it by the other: another tool or tool version wrote the mode",
            );
        }
    }
    Verdict::new(Cause::EntryMode, "mode bits differ")
}

/// Whether `field` differs at `path` in this comparison.
fn differs_at(context: &Context<'_>, path: &[String], field: &str) -> bool {
    let start = context.all.partition_point(|d| d.path.as_slice() < path);
    context.all[start..]
        .iter()
        .take_while(|d| d.path == path)
        .any(|d| d.field.as_deref() == Some(field))
}

/// What normalization says about two time values, when both sides are times.
fn normalized_pair(
    left: Option<&Value>,
    right: Option<&Value>,
    context: &Context<'_>,
) -> Option<NormalizedPair> {
    match (left, right) {
        (Some(Value::Time(a)), Some(Value::Time(b))) => Some(NormalizedPair::of(
            Moment::of(a),
            Moment::of(b),
            DeclaredEpochs::of(context.known),
        )),
        _ => None,
    }
}

/// The cause of a changed time field: a time an archive, compressor or compiler recorded,
/// normalized on one side only (0, the DOS epoch, the declared SOURCE_DATE_EPOCH), is a
/// normalized time; otherwise what the time is of says.
fn time_cause(role: TimeRole, normalized: Option<&NormalizedPair>) -> Cause {
    let normalizable = !matches!(role, TimeRole::File | TimeRole::Recorded);
    if normalizable && normalized.is_some_and(NormalizedPair::is_normalized_time) {
        return Cause::NormalizedTime;
    }
    match role {
        TimeRole::EntryModified => Cause::EntryMtime,
        TimeRole::EntryAccessed => Cause::EntryAtime,
        TimeRole::Compressor => Cause::CompressorMtime,
        TimeRole::File => Cause::FileMtime,
        TimeRole::Input => Cause::InputMtime,
        TimeRole::Recorded => Cause::RecordedTime,
    }
}

fn time_evidence(
    left: Option<&Value>,
    right: Option<&Value>,
    normalized: Option<&NormalizedPair>,
) -> String {
    match (left, right) {
        (Some(Value::Time(a)), Some(Value::Time(b))) => {
            let encoding = match a.encoding {
                whydiff_analyzers::TimeEncoding::Dos => "DOS date-times",
                whydiff_analyzers::TimeEncoding::Unix => "Unix times",
            };
            let distance = format!(
                "both sides decode as {encoding} {} apart",
                human_duration(a.unix_seconds.abs_diff(b.unix_seconds))
            );
            match normalized.and_then(NormalizedPair::note) {
                Some(note) => format!("{distance}; {note}"),
                None => distance,
            }
        }
        (Some(_), None) | (None, Some(_)) => "a time recorded on one side only".to_owned(),
        _ => "a time field differs".to_owned(),
    }
}

/// `3 seconds`, `2 minutes`, `5 hours`, `12 days`, `3 years`: the largest unit that fits.
pub fn human_duration(seconds: u64) -> HumanDuration {
    HumanDuration(seconds)
}

/// A number of seconds in the largest unit that fits (see [`human_duration`]), written where it
/// is formatted: evidence sentences embed it without a string of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanDuration(u64);

impl std::fmt::Display for HumanDuration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const UNITS: [(u64, &str, &str); 5] = [
            (365 * 86_400, "year", "years"),
            (86_400, "day", "days"),
            (3_600, "hour", "hours"),
            (60, "minute", "minutes"),
            (1, "second", "seconds"),
        ];
        for (size, one, many) in UNITS {
            if self.0 >= size {
                let count = self.0 / size;
                return write!(f, "{count} {}", if count == 1 { one } else { many });
            }
        }
        f.write_str("0 seconds")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whydiff_analyzers::Timestamp;

    fn field(name: &str, kind: FieldKind, left: Value, right: Value) -> Observed {
        Observed {
            path: vec!["a.zip".into(), "m".into()],
            field: Some(name.into()),
            left: Some(left.to_string()),
            right: Some(right.to_string()),
            kind: ObservedKind::Field {
                kind,
                scope: Scope::Record,
                left: Some(left),
                right: Some(right),
            },
            location: None,
            seq: 0,
        }
    }

    fn explain(d: &Observed) -> Option<Verdict> {
        FieldKindRule.explain(
            d,
            &Context::new(&[], &crate::classify::KnownValues::default()),
        )
    }

    fn explain_with_epochs(d: &Observed, left: &str, right: &str) -> Option<Verdict> {
        let mut known = crate::classify::KnownValues::default();
        known.left.insert("SOURCE_DATE_EPOCH".into(), left.into());
        known.right.insert("source_date_epoch".into(), right.into());
        FieldKindRule.explain(d, &Context::new(&[], &known))
    }

    fn dos(unix_seconds: i64) -> Value {
        Timestamp {
            unix_seconds,
            nanos: 0,
            encoding: whydiff_analyzers::TimeEncoding::Dos,
        }
        .into()
    }

    #[test]
    fn a_time_normalized_on_one_side_only() {
        let d = field(
            "gzip.mtime",
            FieldKind::Time(TimeRole::Compressor),
            Timestamp::unix(0).into(),
            Timestamp::unix(1_686_832_496).into(),
        );
        let verdict = explain(&d).unwrap();
        assert_eq!(verdict.cause, Cause::NormalizedTime);
        assert_eq!(
            verdict.evidence,
            "both sides decode as Unix times 53 years apart; the left side is the Unix epoch 0 \
             and the right is not"
        );
        let d = field(
            "zip.mtime",
            FieldKind::Time(TimeRole::EntryModified),
            dos(1_686_832_496),
            dos(315_532_800),
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::NormalizedTime);
        let d = field(
            "tar.mtime",
            FieldKind::Time(TimeRole::EntryModified),
            Timestamp::unix(1_609_459_200).into(),
            Timestamp::unix(1_686_832_496).into(),
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::EntryMtime);
        let verdict = explain_with_epochs(&d, "1609459200", "").unwrap();
        assert_eq!(verdict.cause, Cause::NormalizedTime);
        assert!(verdict.evidence.ends_with(
            "the left side is its build's declared SOURCE_DATE_EPOCH (1609459200, \
             2021-01-01T00:00:00Z) and the right is not"
        ));
        let verdict = explain_with_epochs(&d, "1609459200", "1686832496").unwrap();
        assert_eq!(
            verdict.cause,
            Cause::EntryMtime,
            "both builds honoured their epochs"
        );
        assert!(verdict
            .evidence
            .ends_with("each side is its build's declared SOURCE_DATE_EPOCH"));
        // Not an archive's time: the field's own cause.
        let d = field(
            "dir.mtime",
            FieldKind::Time(TimeRole::File),
            Timestamp::unix(0).into(),
            Timestamp::unix(1_686_832_496).into(),
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::FileMtime);
    }

    #[test]
    fn times_are_timestamps_with_their_distance() {
        let d = field(
            "zip.mtime",
            FieldKind::Time(TimeRole::EntryModified),
            Timestamp::unix(0).into(),
            Timestamp::unix(2 * 86_400 + 5).into(),
        );
        let verdict = explain(&d).unwrap();
        assert_eq!(verdict.cause, Cause::EntryMtime);
        assert_eq!(
            verdict.evidence,
            "both sides decode as Unix times 2 days apart"
        );
        let d = field(
            "zip.local.ut-atime",
            FieldKind::Time(TimeRole::EntryAccessed),
            Timestamp::unix(0).into(),
            Timestamp::unix(1).into(),
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::EntryAtime);
        let d = field(
            "gzip.mtime",
            FieldKind::Time(TimeRole::Compressor),
            Timestamp::unix(0).into(),
            Timestamp::unix(1).into(),
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::CompressorMtime);
    }

    #[test]
    fn kinds_map_to_their_categories() {
        let cases = [
            (FieldKind::Mode, Cause::EntryMode),
            (FieldKind::Owner, Cause::EntryOwner),
            (FieldKind::FileAttribute, Cause::EntryXattr),
            (FieldKind::HostDevice, Cause::EntryDevice),
            (FieldKind::Encoding, Cause::CompressionSettings),
            (FieldKind::ToolVersion, Cause::ToolVersion),
            (FieldKind::EntryType, Cause::EntryType),
            (FieldKind::Signer, Cause::Signature),
            (FieldKind::Captured(Captured::UserName), Cause::UserName),
            (FieldKind::Captured(Captured::HostName), Cause::HostName),
            (FieldKind::Captured(Captured::VcsState), Cause::VcsState),
        ];
        for (kind, cause) in cases {
            let d = field("x.f", kind, Value::Int(1), Value::Int(2));
            assert_eq!(explain(&d).unwrap().cause, cause, "{kind:?}");
        }
        assert_eq!(
            explain(&field(
                "tar.format",
                FieldKind::ContainerVariant,
                "gnu".into(),
                "ustar".into()
            ))
            .unwrap()
            .cause,
            Cause::ContainerFormat
        );
    }

    #[test]
    fn free_text_and_opaque_fields_are_left_to_content() {
        assert!(explain(&field(
            "zip.comment",
            FieldKind::Text,
            "a".into(),
            "b".into()
        ))
        .is_none());
        assert!(explain(&field(
            "zip.extra.0x1234",
            FieldKind::Opaque,
            Value::Int(1),
            Value::Int(2)
        ))
        .is_none());
        let text = Observed::content(
            vec![],
            ObservedKind::TextHunk { changes: vec![] },
            None,
            None,
        );
        assert!(explain(&text).is_none());
    }

    #[test]
    fn file_type_bits_alone_are_another_writer() {
        let modes = |l: u32, r: u32| {
            explain(&field(
                "zip.unix-mode",
                FieldKind::Mode,
                Value::Octal(l),
                Value::Octal(r),
            ))
            .unwrap()
            .cause
        };
        assert_eq!(modes(0o644, 0o100644), Cause::ToolVersion);
        assert_eq!(modes(0o644, 0o100664), Cause::EntryMode, "g+w differs too");
        assert_eq!(
            modes(0o100644, 0o40644),
            Cause::EntryMode,
            "a file against a directory"
        );
        assert_eq!(modes(0o100644, 0o100664), Cause::EntryMode);
    }

    #[test]
    fn durations_use_the_largest_unit() {
        assert_eq!(human_duration(0).to_string(), "0 seconds");
        assert_eq!(human_duration(1).to_string(), "1 second");
        assert_eq!(human_duration(3 * 3600 + 5).to_string(), "3 hours");
        assert_eq!(
            human_duration(11 * 365 * 86_400 + 9).to_string(),
            "11 years"
        );
    }

    #[test]
    fn an_order_moves_with_its_values_only_when_they_changed() {
        let order = field(
            "meta.Classifier.order",
            FieldKind::Order(Ordered::Values),
            "sorted positions 2, 1".into(),
            "sorted positions 1, 2".into(),
        );
        let known = crate::classify::KnownValues::default();
        let alone = [order.clone()];
        let verdict = FieldKindRule
            .explain(&order, &Context::new(&alone, &known))
            .unwrap();
        assert_eq!(verdict.cause, Cause::ListOrder);
        let values = field(
            "meta.Classifier",
            FieldKind::Text,
            "a\nb".into(),
            "a\nc".into(),
        );
        let with_values = [values, order.clone()];
        assert!(FieldKindRule
            .explain(&order, &Context::new(&with_values, &known))
            .is_none());
        assert_eq!(ordered_field("code.consts[3].order"), Some("code.consts"));
        assert_eq!(ordered_field("zip.local-order"), None);
    }
    /// `field`, with the value on one side only (`on_left`), in `scope`.
    fn one_sided(
        name: &str,
        kind: FieldKind,
        scope: Scope,
        value: Value,
        on_left: bool,
    ) -> Observed {
        let (left, right) = if on_left {
            (Some(value), None)
        } else {
            (None, Some(value))
        };
        Observed {
            path: vec!["a.zip".into(), "m".into()],
            field: Some(name.into()),
            left: left.as_ref().map(Value::to_string),
            right: right.as_ref().map(Value::to_string),
            kind: ObservedKind::Field {
                kind,
                scope,
                left,
                right,
            },
            location: None,
            seq: 0,
        }
    }

    #[test]
    fn metadata_recorded_on_one_side_only_is_a_container_variant() {
        // Info-ZIP without -X against zip -X: the extended timestamp and the uid/gid field;
        // gzip reading a file against a pipe (or -n): the input's name.
        let record = [
            (
                "zip.ut-mtime",
                FieldKind::Time(TimeRole::EntryModified),
                Timestamp::unix(1_700_000_000).into(),
            ),
            (
                "zip.local.ut-atime",
                FieldKind::Time(TimeRole::EntryAccessed),
                Timestamp::unix(4_102_444_800).into(),
            ),
            ("zip.uid", FieldKind::Owner, Value::Int(0)),
            ("zip.unix-mode", FieldKind::Mode, Value::Octal(0o100644)),
        ];
        for (name, kind, value) in record {
            for on_left in [true, false] {
                let d = one_sided(name, kind, Scope::Record, value.clone(), on_left);
                let verdict = explain(&d).unwrap();
                assert_eq!(verdict.cause, Cause::ContainerFormat, "{name}");
                assert!(verdict.evidence.contains("no value differs"), "{name}");
            }
        }
        let d = one_sided(
            "gzip.fname",
            FieldKind::SourcePath,
            Scope::Artifact,
            "pkg.tar".into(),
            true,
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::ContainerFormat);
        // Recorded on both sides and different: the value's own cause (a renamed input is left
        // to the path rules, and stays content without them).
        let d = field("zip.uid", FieldKind::Owner, Value::Int(0), Value::Int(4321));
        assert_eq!(explain(&d).unwrap().cause, Cause::EntryOwner);
        let d = field(
            "gzip.fname",
            FieldKind::SourcePath,
            "pkg.tar".into(),
            "build-x1y2.tar".into(),
        );
        assert!(explain(&d).is_none());
    }

    #[test]
    fn a_value_added_on_one_side_is_not_a_variant() {
        // A constant, a comment or an opaque field that appears is an edit, whoever wrote it;
        // a compiler's record of its input's mtime, and a time the artifact itself carries, keep
        // their time causes.
        for kind in [
            FieldKind::Program,
            FieldKind::Text,
            FieldKind::Opaque,
            FieldKind::Presentation,
        ] {
            for scope in [Scope::Record, Scope::Artifact] {
                let d = one_sided("x.f", kind, scope, "42".into(), false);
                assert!(explain(&d).is_none(), "{kind:?}");
            }
        }
        // An attribute one machine's file had, and a device number next to a recorded zero,
        // keep their own causes.
        let d = one_sided(
            "tar.xattr.security.selinux",
            FieldKind::FileAttribute,
            Scope::Record,
            "system_u:object_r:usr_t:s0".into(),
            false,
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::EntryXattr);
        let d = one_sided(
            "tar.devmajor",
            FieldKind::HostDevice,
            Scope::Record,
            Value::Int(8),
            false,
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::EntryDevice);
        let d = one_sided(
            "pyc.source-mtime",
            FieldKind::Time(TimeRole::Input),
            Scope::Artifact,
            Timestamp::unix(1_700_000_000).into(),
            true,
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::InputMtime);
        // A member's owner in the artifact's own header (not its record in a container) is
        // not the container's choice.
        let d = one_sided(
            "x.owner",
            FieldKind::Owner,
            Scope::Artifact,
            Value::Int(0),
            true,
        );
        assert_eq!(explain(&d).unwrap().cause, Cause::EntryOwner);
    }
}
