//! The comparison engine: walks two builds side by side through every nested format and records
//! every difference it sees, without judging any of them.
//!
//! Identical bytes are skipped before anything is parsed, and members whose encodings are equal
//! before they are decoded. Otherwise both sides are analyzed (the registry picks the format),
//! their fields compared by name, their members paired by name and compared in parallel (each
//! pair's data fetched or decoded within the run's budgets, and dropped once compared), and their
//! leaf content diffed as text or bytes. A member whose decoding hits a budget is compared by its
//! encoded bytes, with a note. A member whose data could not be read from the filesystem is never
//! equal to anything: it is an `unreadable` difference and a note, whatever the other side holds.
//! Output order never depends on scheduling: the caller sorts what comes back.

mod bytes_diff;
pub mod digests;
mod members;
mod text_diff;

pub use text_diff::word_changes;

use std::borrow::Cow;
// Fields are indexed by name per record: foldhash, seeded per process, instead of SipHash.
use foldhash::{HashMap, HashMapExt, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use bytes::Bytes;
use whydiff_analyzers::deferred;
use whydiff_analyzers::directory::FileRef;
use whydiff_analyzers::{
    Content, DecodeError, Derivation, Field, FieldKind, Input, Limits, Member, MemberData, Node,
    Quantity, Value,
};

use crate::difference::{Observed, ObservedKind, Scope};
use crate::exclude::Excludes;
use crate::input::{read_entry, Digest256, FileDigests};

/// The default of [`Settings::exclude`]: nothing is left out.
static NO_EXCLUDES: Excludes = Excludes::EMPTY;

/// How deep the engine descends into nested containers by default.
pub const DEFAULT_MAX_DEPTH: usize = 50;
/// The deepest `max_depth` the command line accepts: [`crate::thread_pool`] sizes its threads'
/// stacks for it.
pub const MAX_DEPTH_ALLOWED: usize = 1000;
/// The text of changed hunks one member's line diff may carry by default, in bytes.
pub const DEFAULT_MAX_DIFF_SIZE: u64 = 4 << 20;

/// Settings of one comparison.
#[derive(Clone)]
pub struct Settings<'a> {
    /// Bounds on what analyzers may materialize, with the run's one total decompression budget.
    pub limits: Limits,
    /// Containers nested deeper than this are compared as bytes.
    pub max_depth: usize,
    /// The bytes of hunk text (both sides) one member's line diff may carry; the hunks past it
    /// are listed without their text, as content, with a note.
    pub max_diff_size: u64,
    /// Called once per pair of members compared, for progress display.
    pub on_member: &'a (dyn Fn() + Sync),
    /// Where the SHA-256 of every input file the comparison reads is recorded, for the
    /// fingerprint of the builds (computed after, without reading those files again).
    pub file_digests: Option<&'a FileDigests>,
    /// Members left out of the comparison at every level (`--exclude`).
    pub exclude: &'a Excludes,
}

impl Default for Settings<'_> {
    fn default() -> Self {
        Settings {
            limits: Limits::default(),
            max_depth: DEFAULT_MAX_DEPTH,
            max_diff_size: DEFAULT_MAX_DIFF_SIZE,
            on_member: &|| {},
            file_digests: None,
            exclude: &NO_EXCLUDES,
        }
    }
}

/// A note an analyzer or the engine left about some path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// Where.
    pub path: Vec<String>,
    /// What.
    pub text: String,
}

/// Everything one walk found.
#[derive(Debug, Default)]
pub struct Findings {
    /// The differences, in no particular order.
    pub differences: Vec<Observed>,
    /// Notes about inputs that could not be read completely.
    pub notes: Vec<Note>,
    /// Digests (MD5, SHA-1, SHA-256; hex and base64) of every decoded member whose data
    /// changed, on both sides: a token equal to one of them is a checksum of a changed file, not
    /// randomness.
    pub changed_digests: Vec<String>,
    /// The files of input directories whose data changed, on both sides: hashed only if a rule
    /// asks about a digest-shaped token ([`digests::ChangedDigests`]).
    pub changed_files: Vec<FileRef>,
    /// Artifacts that differ and name, in their own header, the tool that generated them (on
    /// either side): by path, the left and right names.
    pub generators: Vec<(Vec<String>, [Option<String>; 2])>,
    /// Artifacts whose producer-independent summary (a pyc's literals and names) is equal on
    /// both sides, by path.
    pub stable_summaries: Vec<Vec<String>>,
    /// What the installed-files lists (a `*.dist-info/RECORD`) present in one build only name:
    /// the files an installed distribution owns, which the engine does not otherwise keep.
    pub listings: Vec<Listing>,
    /// The format both sides of a container that differs were read as, by path: what rules
    /// about one format's containers (a frozen application's archives) need to find them.
    pub containers: Vec<(Vec<String>, &'static str)>,
    /// The format every artifact compared as a node was read as (both sides alike), by path,
    /// for the artifacts where something differs: what names the format of a difference.
    pub formats: Vec<(Vec<String>, &'static str)>,
    /// Detached signatures that differ, by path: the member of the same container each signs,
    /// as both sides name it ([`whydiff_analyzers::Node::signs`]).
    pub detached: Vec<(Vec<String>, String)>,
}

/// The files one installed distribution's list names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Listing {
    /// The container the list is a member of.
    pub container: Vec<String>,
    /// The list's member name (`lib/six-1.16.0.dist-info/RECORD`).
    pub member: String,
    /// The files it names, relative to the directory its metadata directory is in.
    pub files: Vec<String>,
}

impl Findings {
    /// Whether nothing was found.
    fn is_empty(&self) -> bool {
        let Findings {
            differences,
            notes,
            changed_digests,
            changed_files,
            generators,
            stable_summaries,
            listings,
            containers,
            formats,
            detached,
        } = self;
        differences.is_empty()
            && notes.is_empty()
            && changed_digests.is_empty()
            && changed_files.is_empty()
            && generators.is_empty()
            && stable_summaries.is_empty()
            && listings.is_empty()
            && containers.is_empty()
            && formats.is_empty()
            && detached.is_empty()
    }

    fn extend(&mut self, other: Findings) {
        append(&mut self.differences, other.differences);
        self.notes.extend(other.notes);
        self.changed_digests.extend(other.changed_digests);
        self.changed_files.extend(other.changed_files);
        self.generators.extend(other.generators);
        self.listings.extend(other.listings);
        self.stable_summaries.extend(other.stable_summaries);
        self.containers.extend(other.containers);
        self.formats.extend(other.formats);
        self.detached.extend(other.detached);
    }

    fn note(&mut self, path: &[String], text: impl Into<String>) {
        self.notes.push(Note {
            path: path.to_vec(),
            text: text.into(),
        });
    }
}

/// Moves `from`'s items to the end of `into`, taking `from`'s buffer whole when `into` is empty:
/// findings pass up through every nesting level, and copying a container's tens of thousands of
/// differences into a fresh vector at each one would cost more than finding them.
fn append<T>(into: &mut Vec<T>, mut from: Vec<T>) {
    if into.is_empty() && from.capacity() >= into.capacity() {
        *into = from;
    } else {
        into.append(&mut from);
    }
}

/// Compares two artifacts' bytes found at `path`.
pub fn compare_bytes(
    path: &[String],
    left: &Bytes,
    right: &Bytes,
    depth: usize,
    settings: &Settings<'_>,
) -> Findings {
    if left == right {
        return Findings::default();
    }
    // Analyzers catch their own panics; this catches the engine's, so that one member that
    // crashes a comparison does not take the run with it.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        compare_unequal(path, left, right, depth, settings)
    }));
    outcome.unwrap_or_else(|_| {
        let mut findings = Findings::default();
        findings.note(
            path,
            "comparing this member crashed whydiff: compared as bytes",
        );
        let diffs = catch_unwind(AssertUnwindSafe(|| bytes_diff::diff(path, left, right)));
        findings.differences.extend(diffs.unwrap_or_default());
        if findings.differences.is_empty() {
            findings
                .differences
                .push(unexplained(path, left.len(), right.len(), "bytes"));
        }
        findings
    })
}

/// [`compare_bytes`] of two artifacts known to differ.
fn compare_unequal(
    path: &[String],
    left: &Bytes,
    right: &Bytes,
    depth: usize,
    settings: &Settings<'_>,
) -> Findings {
    let mut findings = Findings::default();
    let name = path.last().map(String::as_str).unwrap_or("");
    if depth > settings.max_depth {
        findings.note(
            path,
            format!(
                "nesting deeper than {} levels (the depth limit, --max-depth): compared as bytes",
                settings.max_depth
            ),
        );
        findings
            .differences
            .extend(bytes_diff::diff(path, left, right));
        return findings;
    }
    let (left_node, right_node) = rayon::join(
        || whydiff_analyzers::analyze(Input { name, data: left }, &settings.limits),
        || whydiff_analyzers::analyze(Input { name, data: right }, &settings.limits),
    );
    collect_notes(&mut findings, path, &left_node, &right_node);
    if left_node.generator.is_some() || right_node.generator.is_some() {
        findings.generators.push((
            path.to_vec(),
            [left_node.generator.clone(), right_node.generator.clone()],
        ));
    }
    if left_node.format != right_node.format {
        // Text on one side and binary on the other is one leaf whose bytes changed (say, an
        // invalid UTF-8 byte), not a change of format.
        if !(is_leaf(&left_node) && is_leaf(&right_node)) {
            findings.differences.push(Observed {
                field: Some("format".to_owned()),
                ..Observed::content(
                    path.to_vec(),
                    ObservedKind::FormatChanged,
                    Some(left_node.format.to_owned()),
                    Some(right_node.format.to_owned()),
                )
            });
        }
        findings
            .differences
            .extend(bytes_diff::diff(path, left, right));
        return findings;
    }
    findings.extend(compare_nodes(
        path,
        &left_node,
        &right_node,
        depth,
        settings,
    ));
    if findings.differences.is_empty() {
        findings
            .differences
            .push(unexplained(path, left.len(), right.len(), "bytes"));
    }
    findings
}

/// The difference that stands for two artifacts whose bytes differ when nothing more precise was
/// found: never equal, explained by nothing.
fn unexplained(path: &[String], left: usize, right: usize, unit: &str) -> Observed {
    Observed::content(
        path.to_vec(),
        ObservedKind::Unexplained,
        Some(format!("{left} {unit}")),
        Some(format!("{right} {unit}")),
    )
}

/// Whether a node is a plain leaf (text or bytes, no structure).
fn is_leaf(node: &Node) -> bool {
    node.members.is_empty() && node.fields.is_empty() && !matches!(node.content, Content::None)
}

fn collect_notes(findings: &mut Findings, path: &[String], left: &Node, right: &Node) {
    for (side, node) in [("left", left), ("right", right)] {
        for note in &node.notes {
            findings.note(path, format!("{side}: {note}"));
        }
    }
}

/// Compares two analyzed nodes found at `path`: their own fields, their members, their content.
pub fn compare_nodes(
    path: &[String],
    left: &Node,
    right: &Node,
    depth: usize,
    settings: &Settings<'_>,
) -> Findings {
    let mut findings = Findings::default();
    let (left, right) = if deferred::known_equal(left.deferred.as_ref(), right.deferred.as_ref()) {
        (Cow::Borrowed(left), Cow::Borrowed(right))
    } else {
        let completed = (left.complete(), right.complete());
        // Notes the deferred parts brought (the node's own were collected with it).
        for (side, node, before) in [("left", &completed.0, left), ("right", &completed.1, right)] {
            for note in node.notes.iter().skip(before.notes.len()) {
                findings.note(path, format!("{side}: {note}"));
            }
        }
        completed
    };
    let (left, right) = (&*left, &*right);
    if let (Some(signs), true) = (&left.signs, left.signs == right.signs) {
        findings.detached.push((path.to_vec(), signs.clone()));
    }
    findings.differences.extend(compare_fields(
        path,
        &left.fields,
        &right.fields,
        Scope::Artifact,
    ));
    if has_equal_summary(&left.fields, &right.fields) {
        findings.stable_summaries.push(path.to_vec());
    }
    findings.extend(members::compare(path, left, right, depth, settings));
    match (&left.content, &right.content) {
        (Content::None, Content::None) => {}
        (Content::Text(a), Content::Text(b)) => {
            let diff = text_diff::diff(path, a, b, settings.max_diff_size);
            findings.differences.extend(diff.differences);
            if let Some(note) = diff.note {
                findings.note(path, note);
            }
        }
        (Content::Bytes(a), Content::Bytes(b)) => {
            findings.differences.extend(bytes_diff::diff(path, a, b))
        }
        (a, b) => {
            let (a, b) = (content_bytes(a), content_bytes(b));
            findings.differences.extend(bytes_diff::diff(path, &a, &b));
        }
    }
    let is_container = !left.members.is_empty() || !right.members.is_empty();
    if left.format == right.format && !findings.differences.is_empty() {
        if is_container {
            findings.containers.push((path.to_vec(), left.format));
        }
        findings.formats.push((path.to_vec(), left.format));
    }
    findings
}

/// Whether both sides hold a producer-independent summary field, equal.
fn has_equal_summary(left: &[Field], right: &[Field]) -> bool {
    let is_summary = |f: &&Field| {
        matches!(
            f.kind,
            FieldKind::Derived(Derivation {
                quantity: Quantity::Summary,
                ..
            })
        )
    };
    let right: Vec<&Field> = right.iter().filter(is_summary).collect();
    left.iter()
        .filter(is_summary)
        .any(|l| right.iter().any(|r| r.name == l.name && r.value == l.value))
}

fn content_bytes(content: &Content) -> Bytes {
    match content {
        Content::None => Bytes::new(),
        Content::Text(text) => Bytes::copy_from_slice(text.as_bytes()),
        Content::Bytes(bytes) => bytes.clone(),
    }
}

/// Compares the fields of two members' records at `path`, computing deferred fields only when
/// their keys (and encoded bytes, `encoded_known_equal` when the caller found them equal) do not
/// already say they are equal. The path becomes the last difference's (most records differ in
/// one field), the others get copies.
pub fn compare_member_fields_at(
    path: Vec<String>,
    left: &Member,
    right: &Member,
    encoded_known_equal: bool,
) -> Vec<Observed> {
    at_path(
        compare_record_fields(left, right, encoded_known_equal),
        path,
    )
}

/// The differences between two members' record fields, their paths left empty.
fn compare_record_fields(
    left: &Member,
    right: &Member,
    encoded_known_equal: bool,
) -> Vec<Observed> {
    if deferred::fields_known_equal(left, right, encoded_known_equal) {
        unplaced_field_differences(&left.fields, &right.fields, Scope::Record)
    } else {
        let (left, right) = (left.all_fields(), right.all_fields());
        unplaced_field_differences(&left, &right, Scope::Record)
    }
}

/// A field's value as shown: a string as it is, other values written into a string sized for
/// most of them (a time, a number), not grown piece by piece.
fn rendered(value: &Value) -> String {
    match value {
        Value::Str(text) => text.clone(),
        other => {
            use std::fmt::Write;
            let mut text = String::with_capacity(32);
            let _ = write!(text, "{other}");
            text
        }
    }
}

/// Gives each of `differences` the path `path`: copies, and `path` itself to the last one.
fn at_path(mut differences: Vec<Observed>, path: Vec<String>) -> Vec<Observed> {
    if let Some((last, others)) = differences.split_last_mut() {
        for difference in others {
            difference.path.clone_from(&path);
        }
        last.path = path;
    }
    differences
}

/// Compares two lists of fields by name: a field on one side only is a difference too.
pub fn compare_fields(
    path: &[String],
    left: &[Field],
    right: &[Field],
    scope: Scope,
) -> Vec<Observed> {
    let differences = unplaced_field_differences(left, right, scope);
    if differences.is_empty() {
        return differences;
    }
    at_path(differences, path.to_vec())
}

/// [`compare_fields`] without the paths: each difference's is left empty, for the caller to set.
fn unplaced_field_differences(left: &[Field], right: &[Field], scope: Scope) -> Vec<Observed> {
    let mut out = Vec::new();
    let mut observe = |field: &Field, l: Option<&Field>, r: Option<&Field>| {
        // Most records differ in one field (a rebuilt archive's entry times): room for one
        // first, not the four a first push makes.
        if out.capacity() == 0 {
            out.reserve_exact(1);
        }
        out.push(Observed {
            path: Vec::new(),
            field: Some(field.name.to_string()),
            kind: ObservedKind::Field {
                kind: field.kind,
                scope,
                left: l.map(|f| f.value.clone()),
                right: r.map(|f| f.value.clone()),
            },
            left: l.map(|f| rendered(&f.value)),
            right: r.map(|f| rendered(&f.value)),
            location: None,
            seq: 0,
        });
    };
    // Most records list the same fields in the same order on both sides: pair them in place.
    if left.len() == right.len() && left.iter().zip(right).all(|(l, r)| l.name == r.name) {
        for (l, r) in left.iter().zip(right) {
            if r.value != l.value || r.kind != l.kind {
                observe(l, Some(l), Some(r));
            }
        }
        return out;
    }
    // A name may repeat (several extra fields of one id), so the k-th occurrence pairs with the
    // k-th. Indexed by (name, occurrence): a record of thousands of fields stays linear.
    let left_keys = occurrences(left);
    let right_keys = occurrences(right);
    let right_index: HashMap<(&str, usize), &Field> =
        right_keys.iter().copied().zip(right).collect();
    let left_index: HashSet<(&str, usize)> = left_keys.iter().copied().collect();
    for (key, l) in left_keys.iter().zip(left) {
        match right_index.get(key).copied() {
            Some(r) if r.value == l.value && r.kind == l.kind => {}
            r => observe(l, Some(l), r),
        }
    }
    for (key, r) in right_keys.iter().zip(right) {
        if !left_index.contains(key) {
            observe(r, None, Some(r));
        }
    }
    out
}

/// Each field's name and which occurrence of that name it is.
fn occurrences(fields: &[Field]) -> Vec<(&str, usize)> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(fields.len());
    fields
        .iter()
        .map(|f| {
            let count = seen.entry(f.name.as_ref()).or_insert(0);
            *count += 1;
            (f.name.as_ref(), *count - 1)
        })
        .collect()
}

/// A member's data once fetched: read from disk for directory members, decoded for encoded ones.
enum Data {
    /// No data (a directory, a link, a device).
    None,
    /// The bytes.
    Bytes(Bytes),
    /// The analyzer could not decode the data: what its container records of the encoded bytes is
    /// compared as fields.
    Undecoded(String),
    /// The filesystem refused the entry or a read of it, or the file changed while it was read:
    /// nothing is known of its content.
    Unreadable(String),
    /// Decoding hit a budget (the message names it): the encoded bytes stand for the data.
    OverBudget { why: String, encoded: Bytes },
    /// A node the container's analyzer read already.
    Node(std::sync::Arc<Node>),
}

/// Fetches a member's data: reads a directory member's file, decodes an encoded one within the
/// run's budgets.
fn member_data(data: &MemberData, limits: &Limits) -> Data {
    match data {
        MemberData::None => Data::None,
        MemberData::Bytes(bytes) => Data::Bytes(bytes.clone()),
        MemberData::File(file) => read_file(file, None).0,
        MemberData::Encoded(encoded) => match encoded.decode(limits) {
            Ok(bytes) => Data::Bytes(bytes),
            Err(DecodeError::Budget(why)) => Data::OverBudget {
                why,
                encoded: encoded.encoded().clone(),
            },
            Err(DecodeError::Corrupt(why)) => Data::Undecoded(why),
        },
        MemberData::Unreadable(why) => Data::Undecoded(why.clone()),
        MemberData::Inaccessible(why) => Data::Unreadable(why.clone()),
        MemberData::Node(node) => Data::Node(node.clone()),
    }
}

/// Reads an input file of a directory build, recording its SHA-256 for the fingerprint while
/// its bytes are at hand: the digest, when recorded.
fn read_file(file: &FileRef, digests: Option<&FileDigests>) -> (Data, Option<Digest256>) {
    match read_entry(file) {
        Ok(bytes) => {
            let digest = digests.map(|digests| digests.record(file, &bytes));
            (Data::Bytes(bytes), digest)
        }
        Err(error) => (Data::Unreadable(error.to_string()), None),
    }
}

/// Compares the data of two paired members.
///
/// Encoded members whose encoded bytes, method, size and checksum are equal are equal without
/// being decoded: the caller ([`members::compare`]) skips them, as that equality vouches for
/// their records' fields too. The others are decoded (both sides at once) and dropped once
/// compared. An entry
/// that could not be read on either side is a difference, even when both sides failed alike, and a
/// note for each side that failed: what could not be read is never equal to anything. Data an
/// analyzer could not decode alike on both sides is only a note: the fields describing its encoded
/// bytes (sizes, checksums, a stream digest) were compared already.
fn compare_member_data(
    path: &[String],
    left: &Member,
    right: &Member,
    depth: usize,
    settings: &Settings<'_>,
) -> Findings {
    let (a, b) = match (&left.data, &right.data) {
        // Two input files are read (and hashed, for the fingerprint) once: equal digests are
        // equal files.
        (MemberData::File(a), MemberData::File(b)) => {
            let ((a, a_digest), (b, b_digest)) = rayon::join(
                || read_file(a, settings.file_digests),
                || read_file(b, settings.file_digests),
            );
            if a_digest.is_some() && a_digest == b_digest {
                return Findings::default();
            }
            (a, b)
        }
        _ => rayon::join(
            || member_data(&left.data, &settings.limits),
            || member_data(&right.data, &settings.limits),
        ),
    };
    let mut findings = Findings::default();
    match (a, b) {
        (Data::Bytes(a), Data::Bytes(b)) => {
            if a != b {
                // A list elsewhere may name a member that changed by its digest: a file of an
                // input directory is hashed if a rule asks; decoded data now, while it is here.
                match (&left.data, &right.data) {
                    (MemberData::File(l), MemberData::File(r)) => {
                        findings.changed_files.extend([l.clone(), r.clone()])
                    }
                    _ => {
                        for data in [&a, &b] {
                            if data.len() <= digests::MAX_HASHED {
                                findings.changed_digests.extend(digests::spellings(data));
                            }
                        }
                    }
                }
            }
            findings.extend(compare_bytes(path, &a, &b, depth, settings))
        }
        (Data::Node(a), Data::Node(b)) => {
            findings.extend(compare_nodes(path, &a, &b, depth, settings))
        }
        (a @ Data::OverBudget { .. }, b) | (a, b @ Data::OverBudget { .. }) => {
            findings.extend(compare_over_budget(path, &left.data, &right.data, a, b))
        }
        // Entries without data on both sides (directories, links): their fields say it all. A
        // file on one side and none on the other shows in the entry type.
        (Data::None | Data::Bytes(_), Data::None | Data::Bytes(_)) => {}
        (Data::Undecoded(a), Data::Undecoded(b)) if a == b => {
            findings.note(path, format!("unreadable on both sides: {a}"))
        }
        (a, b) => {
            for (side, data) in [("left", &a), ("right", &b)] {
                if let Data::Unreadable(why) = data {
                    findings.note(path, format!("{side}: cannot be read: {why}"));
                }
            }
            let render = |data: Data, member: &Member| match data {
                Data::Bytes(bytes) => format!("{} bytes", bytes.len()),
                Data::Node(node) => format!("{} read by the container", node.format),
                Data::None => members::describe(member),
                Data::Undecoded(why) | Data::Unreadable(why) | Data::OverBudget { why, .. } => {
                    format!("unreadable: {why}")
                }
            };
            findings.differences.push(Observed::content(
                path.to_vec(),
                ObservedKind::Unreadable,
                Some(render(a, left)),
                Some(render(b, right)),
            ));
        }
    }
    findings
}

/// Compares two members at least one of which hit a budget while decoding: as their encoded
/// bytes (the data, for a side with nothing encoded), with a note naming the budget. They still
/// count as differing: their encoded bytes are not the same encoding, or they would not have been
/// decoded.
fn compare_over_budget(
    path: &[String],
    left: &MemberData,
    right: &MemberData,
    a: Data,
    b: Data,
) -> Findings {
    let mut findings = Findings::default();
    let mut stand_in = |side: &str, member: &MemberData, data: Data| -> Option<Bytes> {
        match (data, member) {
            (Data::OverBudget { why, encoded }, _) => {
                findings.note(path, format!("{side}: {why}; compared as encoded bytes"));
                Some(encoded)
            }
            (Data::Unreadable(why), _) => {
                findings.note(path, format!("{side}: cannot be read: {why}"));
                None
            }
            (_, MemberData::Encoded(encoded)) => Some(encoded.encoded().clone()),
            (Data::Bytes(bytes), _) => Some(bytes),
            (Data::None | Data::Undecoded(_) | Data::Node(_), _) => None,
        }
    };
    let a = stand_in("left", left, a);
    let b = stand_in("right", right, b);
    let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
    findings.differences.extend(bytes_diff::diff(path, &a, &b));
    if findings.differences.is_empty() {
        findings
            .differences
            .push(unexplained(path, a.len(), b.len(), "encoded bytes"));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use whydiff_analyzers::Value;

    fn field(name: &'static str, value: i64) -> Field {
        Field::new(name, FieldKind::Opaque, Value::Int(value))
    }

    #[test]
    fn append_takes_the_buffer_of_what_it_appends_to_nothing() {
        let from = vec![1, 2, 3];
        let buffer = from.as_ptr();
        let mut into = Vec::new();
        append(&mut into, from);
        assert_eq!((into.as_ptr(), &into[..]), (buffer, &[1, 2, 3][..]));
        append(&mut into, vec![4]);
        let mut reserved = Vec::with_capacity(10);
        append(&mut reserved, vec![5, 6]);
        append(&mut into, reserved);
        assert_eq!(into, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn repeated_field_names_pair_by_occurrence_in_linear_time() {
        let count = 50_000;
        let left: Vec<Field> = (0..count).map(|i| field("zip.extra.0xcafe", i)).collect();
        let mut right = left.clone();
        right[count as usize - 1] = field("zip.extra.0xcafe", -1);
        right.push(field("zip.extra.0xcafe", 7));
        let started = std::time::Instant::now();
        let found = compare_fields(&[], &left, &right, Scope::Record);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let seen: Vec<(Option<&str>, Option<&str>)> = found
            .iter()
            .map(|d| (d.left.as_deref(), d.right.as_deref()))
            .collect();
        assert_eq!(seen, [(Some("49999"), Some("-1")), (None, Some("7"))]);
    }
}
