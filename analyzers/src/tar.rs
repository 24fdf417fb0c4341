//! tar archives (POSIX ustar and pax, GNU, Unix v7): every member's header record as typed fields,
//! in archive order, with its data as a zero-copy slice of the input.
//!
//! The `tar` crate walks the archive: it verifies each header checksum, folds GNU long names and
//! pax `path`/`linkpath`/`size` into the entry and checks GNU sparse maps. Everything else is read
//! here from the raw 512-byte header in the input, because the crate either hides it (GNU atime and
//! ctime, the header variant, the stored checksum, the name of a pax extended header) or rewrites
//! it (it patches pax `uid`/`gid` into its copy of the header).
//!
//! Where what builds leak ends up:
//! - times: `tar.mtime`, `tar.atime`, `tar.ctime`, `tar.pax-global.mtime`;
//! - owners: `tar.uid`, `tar.gid`, `tar.uname`, `tar.gname`;
//! - the umask: `tar.mode`;
//! - the build machine's file attributes: `tar.xattr.<name>`, from pax `SCHILY.xattr.*` and
//!   `LIBARCHIVE.xattr.*` records (an SELinux label, ACLs, `user.*`); a pax header that holds
//!   nothing else is their spelling (`tar.xattr.spelling`, its name), not a container variant;
//! - the machine's device numbers: `tar.devmajor`, `tar.devminor` on any member that is not a
//!   device and whose header holds non-zero ones (on a device node they say which device it is);
//! - readdir order: the member sequence;
//! - process ids and temporary directories in the names of pax headers, which are not members:
//!   `tar.pax-header.name`, `tar.pax-global-header.name`, and `GNUSparseFile.<pid>` in
//!   `tar.stored-path`;
//! - the writer and its options: `tar.format`, `tar.end-padding` (the record size).
//!
//! Member names, link targets and the names of pax headers are bytes, spelled losslessly by
//! [`crate::names::escape`]: two names that differ in any byte stay two members.
//!
//! Pax global records are reported once, as node fields; they are not copied into the members
//! they apply to. Sparse members (GNU type `S`, GNU pax sparse formats) keep their fields but their
//! data is unreadable: holes are not expanded. A corrupt or truncated archive keeps the members
//! read before the damage, with a note; only a first header that cannot be read is an error.

mod raw;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::{Cursor, Read};

use bytes::Bytes;

use crate::byte_reader::slice_at;
use crate::names::escape;
use crate::{
    AnalyzeError, Analyzer, Covers, Derivation, Detection, Field, FieldKind, Input, Limits, Member,
    MemberData, MemberOrder, Node, TimeRole, Timestamp, Value,
};
use raw::{HeaderFormat, BLOCK};

/// Reads tar archives.
pub struct TarAnalyzer;

impl Analyzer for TarAnalyzer {
    fn format(&self) -> &'static str {
        "tar"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        let data: &[u8] = input.data;
        if data.get(257..262) == Some(b"ustar".as_slice()) {
            return Detection::ByMagic;
        }
        if let Some(first) = block_at(data, 0) {
            if first[0] != 0 && raw::checksum_verifies(first) {
                return Detection::ByMagic;
            }
        }
        let name = input.name.as_bytes();
        let extension = name
            .len()
            .checked_sub(4)
            .and_then(|start| name.get(start..));
        if extension.is_some_and(|extension| extension.eq_ignore_ascii_case(b".tar")) {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError> {
        Reader::new(input.data, limits).run()
    }
}

/// Why reading stopped before the end-of-archive marker.
enum Stop {
    /// A header or extension could not be read: the reason, for a note or the error.
    Corrupt(String),
    /// The last member read runs past the end of the input.
    Truncated(String),
    /// [`Limits::max_members`] was reached.
    Limit,
}

/// What a member's type flag says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Regular,
    Hardlink,
    Symlink,
    Char,
    Block,
    Directory,
    Fifo,
    Contiguous,
    /// Anything else, including GNU sparse (`S`), volume labels (`V`) and dumpdirs (`D`).
    Other(u8),
}

impl EntryKind {
    /// The kind of a header with type flag `flag` naming `path`. A pre-POSIX regular type (NUL) on
    /// a path ending in `/` is a directory, as every tar reads it.
    fn of(flag: u8, path: &str) -> EntryKind {
        match flag {
            0 if path.ends_with('/') => EntryKind::Directory,
            0 | b'0' => EntryKind::Regular,
            b'1' => EntryKind::Hardlink,
            b'2' => EntryKind::Symlink,
            b'3' => EntryKind::Char,
            b'4' => EntryKind::Block,
            b'5' => EntryKind::Directory,
            b'6' => EntryKind::Fifo,
            b'7' => EntryKind::Contiguous,
            other => EntryKind::Other(other),
        }
    }

    fn render(self) -> String {
        match self {
            EntryKind::Regular => "regular".into(),
            EntryKind::Hardlink => "hardlink".into(),
            EntryKind::Symlink => "symlink".into(),
            EntryKind::Char => "char".into(),
            EntryKind::Block => "block".into(),
            EntryKind::Directory => "directory".into(),
            EntryKind::Fifo => "fifo".into(),
            EntryKind::Contiguous => "contiguous".into(),
            EntryKind::Other(flag) => format!("other ({})", std::ascii::escape_default(flag)),
        }
    }

    /// Whether a member of this kind whose header declares `stored` bytes has data to compare:
    /// regular files always, unknown types when they store bytes, links, directories and devices
    /// never.
    fn has_data(self, stored: u64) -> bool {
        match self {
            EntryKind::Regular | EntryKind::Contiguous => true,
            EntryKind::Other(_) => stored > 0,
            _ => false,
        }
    }

    fn is_device(self) -> bool {
        matches!(self, EntryKind::Char | EntryKind::Block)
    }
}

/// The records of one pax extended header, in order, the last of duplicate keys winning.
#[derive(Default)]
struct PaxRecords {
    /// Whether an extended header was there at all (possibly empty).
    present: bool,
    records: Vec<(String, String)>,
    /// Where each key is in `records`.
    index: HashMap<String, usize>,
    /// Records that did not parse (`<length> <key>=<value>\n`).
    malformed: usize,
    /// Records beyond [`MAX_LISTED_PAX_RECORDS`], counted only.
    unlisted: usize,
    /// Whether a `GNU.sparse.*` record was seen, listed or not.
    sparse: bool,
}

/// How many distinct pax keywords one header may list; the folded keywords and the sparse ones
/// the reader uses are always kept. Bounds the fields made from a header of many tiny records.
const MAX_LISTED_PAX_RECORDS: usize = 1000;

/// The `GNU.sparse.*` keywords of GNU tar's sparse formats 0.0 to 1.0, always kept (repeated
/// ones, like `GNU.sparse.offset`, keep their last value). Any other `GNU.sparse.` keyword
/// counts against [`MAX_LISTED_PAX_RECORDS`] like every keyword.
const SPARSE_PAX_KEYS: &[&str] = &[
    "GNU.sparse.major",
    "GNU.sparse.minor",
    "GNU.sparse.name",
    "GNU.sparse.realsize",
    "GNU.sparse.size",
    "GNU.sparse.numblocks",
    "GNU.sparse.offset",
    "GNU.sparse.numbytes",
    "GNU.sparse.map",
];

impl PaxRecords {
    /// The records of the pax header that applies to `entry` (its own, for a global header).
    fn of<R: Read>(entry: &mut ::tar::Entry<'_, R>) -> Result<PaxRecords, Stop> {
        let mut pax = PaxRecords::default();
        let extensions = entry
            .pax_extensions()
            .map_err(|e| Stop::Corrupt(format!("unreadable pax extended header: {e}")))?;
        let Some(extensions) = extensions else {
            return Ok(pax);
        };
        pax.present = true;
        for record in extensions {
            match record {
                Ok(record) => pax.insert(record.key_bytes(), record.value_bytes()),
                Err(_) => pax.malformed = pax.malformed.saturating_add(1),
            }
        }
        Ok(pax)
    }

    fn insert(&mut self, key: &[u8], value: &[u8]) {
        let key = lossy(key);
        // Names are bytes: spelled losslessly, like the names of the headers.
        let value = if matches!(key.as_str(), "path" | "linkpath" | "GNU.sparse.name")
            || xattr_name(&key).is_some()
        {
            // Attribute values are bytes too: an SELinux label ends in a NUL, an ACL is binary.
            escape(value)
        } else {
            lossy(value)
        };
        if let Some(record) = self
            .index
            .get(&key)
            .and_then(|&at| self.records.get_mut(at))
        {
            record.1 = value;
            return;
        }
        self.sparse |= key.starts_with("GNU.sparse.");
        let always =
            FOLDED_PAX_KEYS.contains(&key.as_str()) || SPARSE_PAX_KEYS.contains(&key.as_str());
        if !always && self.records.len() >= MAX_LISTED_PAX_RECORDS {
            self.unlisted = self.unlisted.saturating_add(1);
            return;
        }
        self.index.insert(key.clone(), self.records.len());
        self.records.push((key, value));
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.index
            .get(key)
            .and_then(|&at| self.records.get(at))
            .map(|(_, value)| value.as_str())
    }

    /// Notes about the records that are not fields.
    fn report(&self, sink: &mut FieldSink) {
        if self.malformed > 0 {
            sink.notes.push(format!(
                "{}: {} malformed pax records were ignored",
                sink.label, self.malformed
            ));
        }
        if self.unlisted > 0 {
            sink.notes.push(format!(
                "{}: {} more pax records are not listed",
                sink.label, self.unlisted
            ));
        }
    }

    fn is_sparse(&self) -> bool {
        self.sparse
    }

    /// Whether the header holds nothing but extended attributes: it was written only because the
    /// member has some, so its presence and name follow from them.
    fn only_xattrs(&self) -> bool {
        !self.records.is_empty()
            && self.malformed == 0
            && self.unlisted == 0
            && self
                .records
                .iter()
                .all(|(key, _)| xattr_name(key).is_some())
    }
}

/// The pax keyword prefixes of extended attributes: GNU tar and star write `SCHILY.xattr.<name>`
/// with the raw value; libarchive writes `LIBARCHIVE.xattr.<name>` with the name URL-encoded and
/// the value in base64 (besides the SCHILY record, when the value is text).
const SCHILY_XATTR: &str = "SCHILY.xattr.";
const LIBARCHIVE_XATTR: &str = "LIBARCHIVE.xattr.";

/// Which attribute a pax keyword records, and whether it is libarchive's spelling.
fn xattr_name(key: &str) -> Option<(&str, bool)> {
    if let Some(name) = key.strip_prefix(SCHILY_XATTR) {
        Some((name, false))
    } else {
        key.strip_prefix(LIBARCHIVE_XATTR).map(|name| (name, true))
    }
}

/// A URL-encoded attribute name (`%XX` escapes) as bytes; an escape that does not decode is kept.
fn percent_decoded(name: &str) -> Vec<u8> {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some((&first, tail)) = rest.split_first() {
        let decoded = (first == b'%')
            .then(|| tail.get(..2))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (decoded, tail.get(2..)) {
            (Some(byte), Some(after)) => {
                out.push(byte);
                rest = after;
            }
            _ => {
                out.push(first);
                rest = tail;
            }
        }
    }
    out
}

/// Pax keywords whose values are folded into the typed member fields instead of `tar.pax.*`.
const FOLDED_PAX_KEYS: &[&str] = &[
    "path", "linkpath", "size", "uid", "gid", "uname", "gname", "mtime", "atime", "ctime",
];

/// The fields of one record and the notes about them.
struct FieldSink {
    fields: Vec<Field>,
    notes: Vec<String>,
    /// "member N (`name`)", to say which record a note is about.
    label: String,
}

impl FieldSink {
    fn push(
        &mut self,
        name: impl Into<std::borrow::Cow<'static, str>>,
        kind: FieldKind,
        value: Value,
    ) {
        self.fields.push(Field::new(name, kind, value));
    }

    /// A numeric header field converted by `value`; a field that is not a number is kept as its
    /// text, with a note.
    fn number(
        &mut self,
        name: &'static str,
        kind: FieldKind,
        field: &[u8],
        value: fn(i64) -> Value,
    ) {
        match raw::number(field) {
            Ok(n) => self.push(name, kind, value(n)),
            Err(reason) => self.unparsed(name, kind, lossy(raw::text(field)), &reason),
        }
    }

    /// A pax record parsed by `parse`; a record that does not parse is kept as its text.
    fn pax<T>(
        &mut self,
        name: impl Into<std::borrow::Cow<'static, str>>,
        kind: FieldKind,
        text: &str,
        parse: fn(&str) -> Option<T>,
        value: fn(T) -> Value,
    ) {
        match parse(text) {
            Some(parsed) => self.push(name, kind, value(parsed)),
            None => self.unparsed(name, kind, text.to_owned(), "not a valid pax value"),
        }
    }

    fn unparsed(
        &mut self,
        name: impl Into<std::borrow::Cow<'static, str>>,
        kind: FieldKind,
        text: String,
        reason: &str,
    ) {
        let name = name.into();
        self.notes
            .push(format!("{}: {name} is unreadable: {reason}", self.label));
        self.push(name, kind, Value::Str(text));
    }
}

/// The field of one extended attribute record: `tar.xattr.<name>`. An attribute is the build
/// machine's, not the project's: an SELinux label is its policy's, an ACL or a `user.*` attribute
/// what its users and tools set on the input file ([`FieldKind::FileAttribute`]). libarchive's
/// base64 spelling of an attribute GNU tar's record also holds is the spelling of that field.
fn xattr_field(sink: &mut FieldSink, pax: &PaxRecords, name: &str, libarchive: bool, value: &str) {
    let name = if libarchive {
        escape(&percent_decoded(name))
    } else {
        name.to_owned()
    };
    let field = format!("tar.xattr.{name}");
    let also_schily = libarchive && pax.get(&format!("{SCHILY_XATTR}{name}")).is_some();
    if also_schily {
        let spelling = format!("{field}{}", crate::SPELLING_SUFFIX);
        let kind = FieldKind::Derived(Derivation::spelling());
        sink.push(spelling, kind, Value::Str(value.to_owned()));
    } else {
        sink.push(
            field,
            FieldKind::FileAttribute,
            Value::Str(value.to_owned()),
        );
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn time_value(seconds: i64) -> Value {
    Value::Time(Timestamp::unix(seconds))
}

fn int_value(n: i64) -> Value {
    Value::Int(n)
}

/// The 512-byte block at `pos` in `data`, if the input holds all of it. As an array, its fields are
/// read at constant offsets the compiler checks.
fn block_at(data: &[u8], pos: u64) -> Option<&[u8; BLOCK]> {
    slice_at(data, usize::try_from(pos).ok()?, BLOCK)?
        .try_into()
        .ok()
}

/// The path stored in a header's own name fields (ustar prefix included), ignoring extensions.
fn header_path(block: &[u8; BLOCK]) -> String {
    let name = raw::text(&block[raw::NAME]);
    let prefix = raw::text(&block[345..500]);
    if HeaderFormat::of(block) == HeaderFormat::Ustar && !prefix.is_empty() {
        format!("{}/{}", escape(prefix), escape(name))
    } else {
        escape(name)
    }
}

/// One pass over an archive.
struct Reader<'a> {
    input: &'a Bytes,
    limits: &'a Limits,
    node: Node,
    /// The end of the last record read (header, sparse extension blocks and padded data): where
    /// the pseudo headers of the next record start.
    end: u64,
    /// Pax global headers read so far.
    globals: usize,
}

impl<'a> Reader<'a> {
    fn new(input: &'a Bytes, limits: &'a Limits) -> Self {
        let mut node = Node::new("tar");
        node.order = MemberOrder::Significant;
        Reader {
            input,
            limits,
            node,
            end: 0,
            globals: 0,
        }
    }

    fn run(mut self) -> Result<Node, AnalyzeError> {
        let data: &[u8] = self.input;
        if data.len() < BLOCK {
            return Err(AnalyzeError::malformed(
                "tar",
                format!("{} bytes is shorter than one 512-byte header", data.len()),
            ));
        }
        // Seeking skips member data without copying it. A seek past the end succeeds and the next
        // header read then finds nothing: `record` checks every member against the input length.
        let mut archive = ::tar::Archive::new(Cursor::new(data));
        let entries = archive
            .entries_with_seek()
            .map_err(|e| AnalyzeError::malformed("tar", e.to_string()))?;
        let mut stop = None;
        for entry in entries {
            let outcome = match entry {
                Ok(entry) => self.record(entry),
                Err(error) => Err(Stop::Corrupt(error.to_string())),
            };
            if let Err(reason) = outcome {
                stop = Some(reason);
                break;
            }
        }
        let read = self.node.members.len();
        if matches!(stop, Some(Stop::Corrupt(_))) && self.only_zeros_after_end() {
            // A short last record of zeros: the end-of-archive marker, cut.
            stop = None;
        }
        match stop {
            None => self.end_of_archive(),
            Some(Stop::Corrupt(reason)) if read == 0 => {
                return Err(AnalyzeError::malformed("tar", reason));
            }
            Some(Stop::Corrupt(reason) | Stop::Truncated(reason)) => self
                .node
                .notes
                .push(format!("truncated after member {read}: {reason}")),
            Some(Stop::Limit) => self.node.notes.push(format!(
                "stopped after {read} members (the member limit, --max-members); the rest of the archive is not listed"
            )),
        }
        Ok(self.node)
    }

    /// Whether everything after the last record read is zeros.
    fn only_zeros_after_end(&self) -> bool {
        usize::try_from(self.end)
            .ok()
            .and_then(|end| self.input.get(end..))
            .is_some_and(|tail| tail.iter().all(|&b| b == 0))
    }

    /// The padding after the last record, and what it holds if it is not all zeros.
    fn end_of_archive(&mut self) {
        let data: &[u8] = self.input;
        // `record` stops the walk before `end` can pass the input's length.
        let end = usize::try_from(self.end)
            .unwrap_or(data.len())
            .min(data.len());
        let tail = data.get(end..).unwrap_or_default();
        self.node.push_field(Field::new(
            "tar.end-padding",
            FieldKind::Derived(Derivation::offset()),
            Value::Int(i64::try_from(tail.len()).unwrap_or(i64::MAX)),
        ));
        if let Some(offset) = tail.iter().position(|&b| b != 0) {
            self.node.notes.push(format!(
                "the archive goes on after its end-of-archive marker: non-zero bytes from offset {} \
                 (an appended archive or garbage) are only counted in tar.end-padding",
                end.saturating_add(offset)
            ));
        }
    }

    /// Reads one entry the crate returned: a member or a pax global header.
    fn record<R: Read>(&mut self, mut entry: ::tar::Entry<'_, R>) -> Result<(), Stop> {
        let data: &[u8] = self.input;
        let header_pos = entry.raw_header_position();
        let header = block_at(data, header_pos)
            .ok_or_else(|| Stop::Corrupt(format!("no header at offset {header_pos}")))?;
        let flag = header[raw::TYPEFLAG];
        let pax = PaxRecords::of(&mut entry)?;
        if flag == b'g' {
            return self.global_header(&entry, header, &pax);
        }
        if self.node.members.len() >= self.limits.max_members {
            return Err(Stop::Limit);
        }

        let index = self.node.members.len().saturating_add(1);
        let stored_path = escape(&entry.path_bytes());
        let sparse_name = pax.get("GNU.sparse.name").filter(|n| !n.is_empty());
        let name = sparse_name.map_or_else(|| stored_path.clone(), str::to_owned);
        let kind = EntryKind::of(flag, &stored_path);
        let format = HeaderFormat::of(header);
        let mut sink = FieldSink {
            fields: Vec::new(),
            notes: Vec::new(),
            label: format!("member {index} ({name})"),
        };

        sink.push("tar.type", FieldKind::EntryType, Value::Str(kind.render()));
        if matches!(kind, EntryKind::Hardlink | EntryKind::Symlink) {
            let target = entry
                .link_name_bytes()
                .map(|t| escape(&t))
                .unwrap_or_default();
            sink.push("tar.link-target", FieldKind::EntryType, Value::Str(target));
        }
        let mode = raw::number(&header[raw::MODE])
            .and_then(|mode| u32::try_from(mode).map_err(|_| format!("{mode} is not a file mode")));
        match mode {
            Ok(bits) => {
                sink.push("tar.mode", FieldKind::Mode, Value::Octal(bits & 0o7777));
                if bits & !0o7777 != 0 {
                    // Some writers store the file type bits (S_IFREG…) too.
                    let high = Value::Octal(bits & !0o7777);
                    sink.push("tar.mode-high-bits", FieldKind::Opaque, high);
                }
            }
            Err(reason) => {
                let text = lossy(raw::text(&header[raw::MODE]));
                sink.unparsed("tar.mode", FieldKind::Mode, text, &reason);
            }
        }
        for (field, key, stored) in [
            ("tar.uid", "uid", &header[raw::UID]),
            ("tar.gid", "gid", &header[raw::GID]),
        ] {
            match pax.get(key) {
                Some(text) => sink.pax(field, FieldKind::Owner, text, raw::pax_integer, int_value),
                None => sink.number(field, FieldKind::Owner, stored, int_value),
            }
        }
        for (field, key, stored) in [
            ("tar.uname", "uname", &header[raw::UNAME]),
            ("tar.gname", "gname", &header[raw::GNAME]),
        ] {
            let value = match pax.get(key) {
                Some(text) => Some(text.to_owned()),
                None => format.has_names().then(|| lossy(raw::text(stored))),
            };
            if let Some(value) = value {
                sink.push(field, FieldKind::Owner, Value::Str(value));
            }
        }
        match pax.get("mtime") {
            Some(text) => sink.pax(
                "tar.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                text,
                raw::pax_time,
                Value::Time,
            ),
            None => sink.number(
                "tar.mtime",
                FieldKind::Time(TimeRole::EntryModified),
                &header[raw::MTIME],
                time_value,
            ),
        }
        for (field, key, stored) in [
            ("tar.atime", "atime", &header[raw::GNU_ATIME]),
            ("tar.ctime", "ctime", &header[raw::GNU_CTIME]),
        ] {
            if let Some(text) = pax.get(key) {
                let kind = FieldKind::Time(TimeRole::EntryAccessed);
                sink.pax(field, kind, text, raw::pax_time, Value::Time);
            } else if format == HeaderFormat::Gnu && raw::number(stored) != Ok(0) {
                let kind = FieldKind::Time(TimeRole::EntryAccessed);
                sink.number(field, kind, stored, time_value);
            }
        }
        if format.has_names() {
            // A device node's numbers say which device it is (content, like its type); on any
            // other member, non-zero numbers are whatever `st_dev`/`st_rdev` the writer copied:
            // the build machine's disk, never the file's.
            let device_kind = if kind.is_device() {
                FieldKind::EntryType
            } else {
                FieldKind::HostDevice
            };
            for (field, stored) in [
                ("tar.devmajor", &header[raw::DEVMAJOR]),
                ("tar.devminor", &header[raw::DEVMINOR]),
            ] {
                if kind.is_device() || raw::number(stored) != Ok(0) {
                    sink.number(field, device_kind, stored, int_value);
                }
            }
        }
        let variant = match format {
            HeaderFormat::Ustar => "ustar".to_owned(),
            HeaderFormat::Gnu => "gnu".to_owned(),
            HeaderFormat::V7 => "v7".to_owned(),
            HeaderFormat::Other => format!("other (magic {:?})", lossy(&header[257..265])),
        };
        // A pax header holding nothing but extended attributes is how they are spelled, not a
        // choice of container variant: without attributes the writer leaves it out.
        let xattrs_only = pax.only_xattrs();
        let variant = if pax.present && !xattrs_only {
            format!("{variant}+pax")
        } else {
            variant
        };
        sink.push(
            "tar.format",
            FieldKind::ContainerVariant,
            Value::Str(variant),
        );
        if pax.present {
            if let Some(header_name) = self.extended_header_name(header_pos) {
                if xattrs_only {
                    // Its name (and its being there at all) follows from the attributes it holds.
                    sink.push(
                        "tar.xattr.spelling",
                        FieldKind::Derived(Derivation::spelling()),
                        Value::Str(header_name),
                    );
                } else {
                    sink.push(
                        "tar.pax-header.name",
                        FieldKind::Opaque,
                        Value::Str(header_name),
                    );
                }
            }
        }
        if sparse_name.is_some() {
            sink.push(
                "tar.stored-path",
                FieldKind::Opaque,
                Value::Str(stored_path),
            );
        }
        for (key, value) in &pax.records {
            if let Some((name, libarchive)) = xattr_name(key) {
                xattr_field(&mut sink, &pax, name, libarchive, value);
            } else if !FOLDED_PAX_KEYS.contains(&key.as_str()) {
                let field = format!("tar.pax.{key}");
                sink.push(field, FieldKind::Opaque, Value::Str(value.clone()));
            }
        }
        if let Some(size) = pax.get("size").filter(|v| raw::pax_integer(v).is_none()) {
            sink.notes.push(format!(
                "{}: the pax size record {size:?} is not a size; the header's size is used",
                sink.label
            ));
        }
        pax.report(&mut sink);

        // Where the data is. A GNU sparse header may be followed by extension blocks of its map;
        // its size field counts the stored bytes, while the crate's size is the expanded one.
        let gnu_sparse = flag == b'S';
        let sparse = gnu_sparse || pax.is_sparse();
        let (stored, extension_blocks) = if gnu_sparse {
            let stored = entry.header().entry_size().unwrap_or(u64::MAX);
            (
                stored,
                self.sparse_extension_blocks(header, entry.raw_file_position()),
            )
        } else {
            (entry.size(), 0)
        };
        let data_start = entry
            .raw_file_position()
            .checked_add(extension_blocks.saturating_mul(BLOCK as u64));
        let data_end = data_start.and_then(|start| start.checked_add(stored));
        let record_end = data_start.and_then(|start| start.checked_add(raw::padded(stored)?));

        let size = if gnu_sparse {
            Value::Int(i64::try_from(entry.size()).unwrap_or(i64::MAX))
        } else if let Some(real) = pax
            .get("GNU.sparse.realsize")
            .or_else(|| pax.get("GNU.sparse.size"))
            .and_then(raw::pax_integer)
        {
            Value::Int(real)
        } else {
            Value::Int(i64::try_from(stored).unwrap_or(i64::MAX))
        };
        sink.push(
            "tar.size",
            FieldKind::Derived(Derivation::size(Covers::Data)),
            size,
        );
        sink.number(
            "tar.checksum",
            FieldKind::Derived(Derivation::checksum(Covers::Record)),
            &header[raw::CHECKSUM],
            |n| Value::Octal(u32::try_from(n).unwrap_or(u32::MAX)),
        );

        let in_bounds = |end: Option<u64>| end.is_some_and(|end| end <= data.len() as u64);
        let member_data = if sparse {
            let how = if gnu_sparse {
                "GNU sparse entry (type S)".to_owned()
            } else {
                let version = |key| pax.get(key).unwrap_or("0");
                format!(
                    "GNU pax sparse format {}.{}",
                    version("GNU.sparse.major"),
                    version("GNU.sparse.minor")
                )
            };
            sink.notes.push(format!(
                "{} is a sparse file ({how}): its data is not compared",
                sink.label
            ));
            MemberData::Unreadable(format!("sparse file: {how}; holes are not expanded"))
        } else if !kind.has_data(stored) {
            MemberData::None
        } else if let (Some(start), Some(end), true) = (data_start, data_end, in_bounds(data_end)) {
            // In bounds: both fit in usize because they are at most the input length.
            MemberData::Bytes(self.input.slice(start as usize..end as usize))
        } else {
            MemberData::Unreadable(format!(
                "the data ({stored} bytes) runs past the end of the archive"
            ))
        };
        self.node.notes.append(&mut sink.notes);
        self.node.members.push(Member {
            fields: sink.fields,
            ..Member::new(name.clone(), member_data)
        });

        if !in_bounds(record_end) {
            return Err(Stop::Truncated(format!(
                "{name} declares {stored} bytes of data at offset {}, past the end of the {}-byte \
                 archive",
                entry.raw_file_position(),
                data.len()
            )));
        }
        self.end = record_end.unwrap_or(u64::MAX);
        Ok(())
    }

    /// Records a pax global header's records as node fields.
    fn global_header<R: Read>(
        &mut self,
        entry: &::tar::Entry<'_, R>,
        header: &[u8; BLOCK],
        pax: &PaxRecords,
    ) -> Result<(), Stop> {
        let record_end = entry
            .raw_file_position()
            .checked_add(raw::padded(entry.size()).unwrap_or(u64::MAX))
            .filter(|&end| end <= self.input.len() as u64)
            .ok_or_else(|| {
                Stop::Corrupt("a pax global header runs past the end of the archive".into())
            })?;
        self.globals = self.globals.saturating_add(1);
        let prefix = match self.globals {
            1 => "tar.pax-global".to_owned(),
            n => format!("tar.pax-global-{n}"),
        };
        let mut sink = FieldSink {
            fields: Vec::new(),
            notes: Vec::new(),
            label: format!("pax global header {}", self.globals),
        };
        sink.push(
            format!("{prefix}-header.name"),
            FieldKind::Opaque,
            Value::Str(header_path(header)),
        );
        for (key, value) in &pax.records {
            let field = format!("{prefix}.{key}");
            match key.as_str() {
                "mtime" | "atime" | "ctime" => {
                    let role = if key == "mtime" {
                        TimeRole::EntryModified
                    } else {
                        TimeRole::EntryAccessed
                    };
                    sink.pax(
                        field,
                        FieldKind::Time(role),
                        value,
                        raw::pax_time,
                        Value::Time,
                    );
                }
                "uid" | "gid" => {
                    sink.pax(field, FieldKind::Owner, value, raw::pax_integer, int_value);
                }
                "uname" | "gname" => sink.push(field, FieldKind::Owner, Value::Str(value.clone())),
                _ => sink.push(field, FieldKind::Opaque, Value::Str(value.clone())),
            }
        }
        pax.report(&mut sink);
        self.node.fields.append(&mut sink.fields);
        self.node.notes.append(&mut sink.notes);
        self.end = record_end;
        Ok(())
    }

    /// The name of the pax extended header (type `x`) among the pseudo headers between the last
    /// record and the member header at `header_pos`. GNU tar's default puts its process id there.
    fn extended_header_name(&self, header_pos: u64) -> Option<String> {
        let mut pos = self.end;
        let mut name = None;
        // Each step moves at least one block forward.
        while pos < header_pos {
            let block = block_at(self.input, pos)?;
            let size = u64::try_from(raw::number(&block[raw::SIZE]).ok()?).ok()?;
            if block[raw::TYPEFLAG] == b'x' {
                name = Some(header_path(block));
            }
            pos = pos
                .checked_add(BLOCK as u64)?
                .checked_add(raw::padded(size)?)?;
        }
        name
    }

    /// How many sparse map extension blocks follow a GNU sparse header whose data would otherwise
    /// start at `file_pos`. The crate has read them already, so they are in the input.
    fn sparse_extension_blocks(&self, header: &[u8; BLOCK], file_pos: u64) -> u64 {
        if header[raw::GNU_IS_EXTENDED] != 1 {
            return 0;
        }
        let mut count: u64 = 0;
        let mut pos = Some(file_pos);
        while let Some(block) = pos.and_then(|pos| block_at(self.input, pos)) {
            count = count.saturating_add(1);
            if block[raw::EXT_IS_EXTENDED] != 1 {
                break;
            }
            pos = pos.and_then(|pos| pos.checked_add(BLOCK as u64));
        }
        count
    }
}
