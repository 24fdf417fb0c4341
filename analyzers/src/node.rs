//! The tree an analyzer produces: typed fields, ordered members and leaf content.
//!
//! A [`Node`] is what one artifact *is* once its format is understood: the fields of its own header
//! (a gzip MTIME, a zip archive comment), its members (zip entries, tar members, directory files),
//! each with the fields of its record in the container and the bytes to analyze again, and, for a
//! leaf, its content as text or bytes. The engine compares two nodes without knowing the format;
//! the [`FieldKind`] of each field is all the classifier needs to know what a difference means.

use std::fmt;
use std::path::PathBuf;

use bytes::Bytes;

/// One artifact once analyzed.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Stable short name of the format, e.g. `"zip"`, `"tar"`, `"gzip"`, `"text"`.
    pub format: &'static str,
    /// Fields of the artifact itself (its headers), in a stable order.
    pub fields: Vec<Field>,
    /// Members in the order the container stores them.
    pub members: Vec<Member>,
    /// Whether the stored order of members is part of the artifact (archives) or not (directories).
    pub order: MemberOrder,
    /// Leaf content, for formats that are not containers.
    pub content: Content,
    /// Things the analyzer wants the reader to know (truncation, unsupported features, limits hit).
    pub notes: Vec<String>,
}

impl Node {
    /// A node of `format` with no fields, members or content yet.
    pub fn new(format: &'static str) -> Self {
        Node {
            format,
            ..Node::default()
        }
    }

    /// Appends a field, builder style.
    pub fn push_field(&mut self, field: Field) {
        self.fields.push(field);
    }
}

/// Whether members' order is significant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MemberOrder {
    /// The container stores members in a sequence that is part of its bytes (zip, tar).
    #[default]
    Significant,
    /// The order is not part of the artifact (a directory listing): members are compared by name only.
    Irrelevant,
}

/// Leaf content of a node.
#[derive(Debug, Clone, Default)]
pub enum Content {
    /// No content of its own (a container).
    #[default]
    None,
    /// UTF-8 text, compared by lines.
    Text(String),
    /// Opaque bytes, compared by ranges.
    Bytes(Bytes),
}

/// One member of a container: its record in the container and the data to analyze again.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member's name inside the container (a relative path for directories and archives).
    pub name: String,
    /// Fields of the member's record in the container (mode, mtime, CRC…).
    pub fields: Vec<Field>,
    /// The member's data.
    pub data: MemberData,
}

impl Member {
    /// A member with no fields yet.
    pub fn new(name: impl Into<String>, data: MemberData) -> Self {
        Member {
            name: name.into(),
            fields: Vec::new(),
            data,
        }
    }
}

/// Where a member's bytes are.
#[derive(Debug, Clone)]
pub enum MemberData {
    /// No data: a directory entry, a symbolic link, a device.
    None,
    /// The bytes, already in memory (shared with the parent where possible).
    Bytes(Bytes),
    /// A regular file on disk, read only if the engine needs it (directory members).
    File(PathBuf),
    /// The data could not be read or decoded; the message says why.
    Unreadable(String),
}

/// A named, typed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The analyzer's name for the field, namespaced by format: `zip.mtime`, `tar.uname`.
    pub name: String,
    /// What the field means, which is what a difference in it means.
    pub kind: FieldKind,
    /// The value.
    pub value: Value,
}

impl Field {
    /// A field named `name` of `kind` holding `value`.
    pub fn new(name: impl Into<String>, kind: FieldKind, value: impl Into<Value>) -> Self {
        Field {
            name: name.into(),
            kind,
            value: value.into(),
        }
    }
}

/// The semantic kind of a field: the only thing the classifier knows about a format's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A captured time (mtime, build date).
    Time,
    /// File mode or permission bits.
    Mode,
    /// A user or group: uid, gid, user or group name.
    Owner,
    /// The member's type (file, directory, link…) or the link target: changes are content.
    EntryType,
    /// How data is encoded: compression method, level, flags, container format variant.
    Encoding,
    /// The version of the tool that produced the artifact ("version made by", generator strings).
    ToolVersion,
    /// A checksum, size or offset that follows from other bytes; `Covers` says which.
    Derived(Covers),
    /// A sequence whose difference means the same items in another order (zip local header order).
    Order,
    /// Free text such as a comment.
    Text,
    /// Anything else.
    Opaque,
}

/// What a derived field (checksum, size, offset) is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Covers {
    /// The decoded data of this member (on a member field) or of this node's members (on a node
    /// field): zip CRC-32 and uncompressed size, gzip CRC32/ISIZE, tar size.
    Data,
    /// The encoded (compressed) data: follows from the data and from the encoding fields.
    EncodedData,
    /// The other fields of the same record: a tar header checksum.
    Record,
    /// Position in the container: follows from anything stored before it (sizes, order).
    Position,
    /// The raw spelling of the sibling field named without the `.spelling` suffix (and of the
    /// fields under that name, such as its `.order`): a difference here follows from that field's
    /// difference; alone, it means another tool or tool version wrote the same values. A spelling
    /// named by a bare namespace (`meta.spelling`) spells every field of that namespace and the
    /// artifact's content.
    Spelling,
}

/// A field value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer, shown in decimal.
    Int(i64),
    /// An integer best shown in octal (modes).
    Octal(u32),
    /// An integer best shown in hexadecimal (CRCs, flags).
    Hex(u64),
    /// A point in time.
    Time(Timestamp),
    /// Raw bytes, shown as hex.
    Bytes(Vec<u8>),
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_owned())
    }
}
impl From<Timestamp> for Value {
    fn from(t: Timestamp) -> Self {
        Value::Time(t)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            Value::Int(i) => write!(f, "{i}"),
            Value::Octal(o) => write!(f, "0o{o:04o}"),
            Value::Hex(h) => write!(f, "0x{h:08x}"),
            Value::Time(t) => t.fmt(f),
            Value::Bytes(b) => {
                for byte in b {
                    write!(f, "{byte:02x}")?;
                }
                Ok(())
            }
        }
    }
}

/// A captured time, with the encoding it was stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Seconds since the Unix epoch. For encodings without a zone (DOS), the local wall clock read
    /// as if it were UTC.
    pub unix_seconds: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
    /// How it was stored.
    pub encoding: TimeEncoding,
}

/// How a time was encoded in the artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeEncoding {
    /// Seconds since the epoch, UTC.
    Unix,
    /// MS-DOS date and time: local wall clock, two-second resolution, no zone.
    Dos,
}

impl Timestamp {
    /// A UTC Unix time.
    pub fn unix(seconds: i64) -> Self {
        Timestamp {
            unix_seconds: seconds,
            nanos: 0,
            encoding: TimeEncoding::Unix,
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let rendered = time::OffsetDateTime::from_unix_timestamp(self.unix_seconds)
            .ok()
            .and_then(|t| t.format(&format).ok());
        match rendered {
            Some(text) => {
                f.write_str(&text)?;
                if self.nanos != 0 {
                    write!(f, ".{:09}", self.nanos)?;
                }
                match self.encoding {
                    TimeEncoding::Unix => f.write_str("Z"),
                    TimeEncoding::Dos => Ok(()),
                }
            }
            None => write!(f, "@{}", self.unix_seconds),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_render_as_iso_8601() {
        assert_eq!(Timestamp::unix(0).to_string(), "1970-01-01T00:00:00Z");
        let dos = Timestamp {
            unix_seconds: 1_420_452_000,
            nanos: 0,
            encoding: TimeEncoding::Dos,
        };
        assert_eq!(dos.to_string(), "2015-01-05T10:00:00");
        assert_eq!(
            Timestamp::unix(i64::MAX).to_string(),
            format!("@{}", i64::MAX)
        );
    }

    #[test]
    fn values_render_in_their_base() {
        assert_eq!(Value::Octal(0o644).to_string(), "0o0644");
        assert_eq!(Value::Hex(0xdead).to_string(), "0x0000dead");
        assert_eq!(Value::Bytes(vec![1, 0xab]).to_string(), "01ab");
    }
}
