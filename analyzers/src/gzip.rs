//! gzip (RFC 1952): the header fields builds leak (MTIME, FNAME, XFL, OS), then the decompressed
//! stream as one member, analyzed again. FNAME is the name of the file gzip read, an input's
//! path (`SourcePath`); XFL and OS are the compressor's settings and system (`Encoding`).
//!
//! flate2 decodes the stream but hides XFL and the raw header layout, so the header is read here
//! byte by byte; flate2's `GzDecoder` decodes the members one after the other. Bytes after the
//! last member that do not start another (trailing garbage, which gzip itself ignores with a
//! warning) are a note and a field of their own, not a reason to give up on the members.

use std::io::Read;

use flate2::bufread::GzDecoder;

use crate::budget::decode_capped;
use crate::byte_reader::{slice_at, u32_le_at, ByteReader};
use crate::compressed::{member_name, single_member_node, stream_digest_field};
use crate::{
    AnalyzeError, Analyzer, Covers, Derivation, Detection, Field, FieldKind, Input, Limits, Node,
    TimeRole, Timestamp, Value,
};

/// Reads gzip files.
pub struct GzipAnalyzer;

const MAGIC: [u8; 2] = [0x1f, 0x8b];
const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;

/// Reads the concatenated members of a gzip file as one stream, stopping before bytes that do
/// not start another member.
struct Members<'a> {
    decoder: Option<GzDecoder<&'a [u8]>>,
    /// The input's length, and how much of it the members read so far span.
    len: usize,
    end: usize,
    members: usize,
    /// The bytes after the last member, when they do not start another.
    trailing: Option<&'a [u8]>,
}

impl<'a> Members<'a> {
    fn new(data: &'a [u8]) -> Self {
        Members {
            decoder: Some(GzDecoder::new(data)),
            len: data.len(),
            end: 0,
            members: 0,
            trailing: None,
        }
    }
}

impl Read for Members<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(decoder) = &mut self.decoder {
            let read = decoder.read(buf)?;
            if read > 0 || buf.is_empty() {
                return Ok(read);
            }
            // A member ended: what follows is another member, nothing, or garbage.
            let rest = self
                .decoder
                .take()
                .map(GzDecoder::into_inner)
                .unwrap_or_default();
            self.members = self.members.saturating_add(1);
            self.end = self.len.saturating_sub(rest.len());
            if rest.starts_with(&MAGIC) {
                self.decoder = Some(GzDecoder::new(rest));
            } else if !rest.is_empty() {
                self.trailing = Some(rest);
            }
        }
        Ok(0)
    }
}

/// The fixed and optional header fields of the first gzip member.
#[derive(Debug, PartialEq, Eq)]
struct Header {
    method: u8,
    flags: u8,
    mtime: u32,
    extra_flags: u8,
    os: u8,
    extra: Option<Vec<u8>>,
    file_name: Option<Vec<u8>>,
    comment: Option<Vec<u8>>,
    /// Offset of the compressed data.
    body_start: usize,
}

fn parse_header(data: &[u8]) -> Result<Header, AnalyzeError> {
    let bad = |reason: &str| AnalyzeError::malformed("gzip", reason);
    let too_short = || bad("shorter than a gzip header and trailer");
    if data.len() < 18 || !data.starts_with(&MAGIC) {
        return Err(too_short());
    }
    let mut reader = ByteReader::new(data);
    // RFC 1952 2.3: ID1 ID2 CM FLG, MTIME (4 bytes), XFL OS.
    let [_, _, method, flags, mtime @ .., extra_flags, os] =
        reader.array::<10>().ok_or_else(too_short)?;
    let extra = if flags & FEXTRA != 0 {
        let len = reader.u16_le().ok_or_else(|| bad("truncated FEXTRA"))?;
        let field = reader
            .take(usize::from(len))
            .ok_or_else(|| bad("FEXTRA runs past the end"))?;
        Some(field.to_vec())
    } else {
        None
    };
    let mut zero_terminated =
        |present: bool, what: &str| -> Result<Option<Vec<u8>>, AnalyzeError> {
            if !present {
                return Ok(None);
            }
            let value = reader
                .take_terminated(0)
                .ok_or_else(|| bad(&format!("{what} is not terminated")))?;
            Ok(Some(value.to_vec()))
        };
    let file_name = zero_terminated(flags & FNAME != 0, "FNAME")?;
    let comment = zero_terminated(flags & FCOMMENT != 0, "FCOMMENT")?;
    if flags & FHCRC != 0 {
        reader
            .skip(2)
            .ok_or_else(|| bad("header runs past the end"))?;
    }
    Ok(Header {
        method,
        flags,
        mtime: u32::from_le_bytes(mtime),
        extra_flags,
        os,
        extra,
        file_name,
        comment,
        body_start: reader.position(),
    })
}

fn os_name(os: u8) -> &'static str {
    match os {
        0 => "FAT",
        3 => "Unix",
        7 => "Macintosh",
        10 => "TOPS-20",
        11 => "NTFS",
        255 => "unknown",
        _ => "other",
    }
}

fn extra_flags_meaning(xfl: u8) -> &'static str {
    match xfl {
        0 => "default",
        2 => "maximum compression",
        4 => "fastest",
        _ => "nonstandard",
    }
}

impl Analyzer for GzipAnalyzer {
    fn format(&self) -> &'static str {
        "gzip"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.data.starts_with(&MAGIC) {
            Detection::ByMagic
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError> {
        let data: &[u8] = input.data;
        let header = parse_header(data)?;
        let mut members = Members::new(data);
        let decoded = decode_capped(&mut members, limits, data.len() as u64, 0, "gzip stream")
            .map_err(|e| e.into_analyze_error("gzip"))?;
        // The trailer of the last member (the whole stream's, for one member).
        let end = members.end.max(18).min(data.len());
        // `end` is at least 18, the shortest gzip file, so the trailer is always there.
        let trailer_start = end.saturating_sub(8);
        let (crc, isize) = slice_at(data, trailer_start, 8)
            .and_then(|trailer| Some((u32_le_at(trailer, 0)?, u32_le_at(trailer, 4)?)))
            .ok_or_else(|| {
                AnalyzeError::malformed("gzip", "shorter than a gzip header and trailer")
            })?;

        let name = member_name(
            input.name,
            &[(".tgz", ".tar"), (".taz", ".tar"), (".gz", "")],
        );
        let mut node = single_member_node("gzip", name, decoded);
        let time = Value::Time(Timestamp::unix(i64::from(header.mtime)));
        node.push_field(Field::new(
            "gzip.mtime",
            FieldKind::Time(TimeRole::Compressor),
            time,
        ));
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        if let Some(file_name) = &header.file_name {
            // A file name is bytes: spelled losslessly, like member names. It is the name of the
            // file gzip read (its last component), recorded by the tool that read it: an input's
            // path, which a pipe or `gzip -n` leaves out.
            let name = crate::names::escape(file_name);
            node.push_field(Field::new("gzip.fname", FieldKind::SourcePath, name));
        }
        if let Some(comment) = &header.comment {
            node.push_field(Field::new("gzip.comment", FieldKind::Text, lossy(comment)));
        }
        if let Some(extra) = header.extra {
            node.push_field(Field::new(
                "gzip.extra",
                FieldKind::Opaque,
                Value::Bytes(extra),
            ));
        }
        let encoding = [
            ("gzip.method", Value::Int(i64::from(header.method))),
            (
                "gzip.flags",
                Value::Hex(u64::from(header.flags & !(FNAME | FCOMMENT | FEXTRA))),
            ),
            (
                "gzip.xfl",
                Value::Str(format!(
                    "{} ({})",
                    header.extra_flags,
                    extra_flags_meaning(header.extra_flags)
                )),
            ),
            (
                "gzip.os",
                Value::Str(format!("{} ({})", header.os, os_name(header.os))),
            ),
        ];
        for (field, value) in encoding {
            node.push_field(Field::new(field, FieldKind::Encoding, value));
        }
        node.push_field(Field::new(
            "gzip.crc32",
            FieldKind::Derived(Derivation::checksum(Covers::Data).verified()),
            Value::Hex(u64::from(crc)),
        ));
        node.push_field(Field::new(
            "gzip.isize",
            FieldKind::Derived(Derivation::size(Covers::Data).verified()),
            Value::Int(i64::from(isize)),
        ));
        node.push_field(stream_digest_field(
            "gzip.deflate-stream",
            data.get(header.body_start..trailer_start)
                .unwrap_or_default(),
        ));
        if members.members > 1 {
            node.push_field(Field::new(
                "gzip.members",
                FieldKind::Encoding,
                Value::Int(i64::try_from(members.members).unwrap_or(i64::MAX)),
            ));
        }
        if let Some(trailing) = members.trailing {
            node.notes.push(format!(
                "{} bytes after the last of {} gzip members are not a gzip member (trailing \
                 garbage, which gzip ignores too); kept as gzip.trailing-garbage",
                trailing.len(),
                members.members
            ));
            node.push_field(Field::new(
                "gzip.trailing-garbage",
                FieldKind::Opaque,
                stream_digest_field("", trailing).value,
            ));
        }
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::io::Write;

    fn gzip(payload: &[u8], mtime: u32, name: Option<&str>, level: u32) -> Vec<u8> {
        let mut builder = flate2::GzBuilder::new().mtime(mtime);
        if let Some(name) = name {
            builder = builder.filename(name);
        }
        let mut encoder = builder.write(Vec::new(), flate2::Compression::new(level));
        encoder.write_all(payload).unwrap();
        encoder.finish().unwrap()
    }

    fn analyze(name: &str, data: Vec<u8>) -> Result<Node, AnalyzeError> {
        let data = Bytes::from(data);
        GzipAnalyzer.analyze(Input { name, data: &data }, &Limits::default())
    }

    fn field<'a>(node: &'a Node, name: &str) -> &'a Value {
        &node.fields.iter().find(|f| f.name == name).unwrap().value
    }

    #[test]
    fn reads_header_fields_and_the_member() {
        let node = analyze("a.tar.gz", gzip(b"hello", 1_420_452_000, Some("a.tar"), 9)).unwrap();
        assert_eq!(
            field(&node, "gzip.mtime").to_string(),
            "2015-01-05T10:00:00Z"
        );
        assert_eq!(field(&node, "gzip.fname").to_string(), "a.tar");
        assert_eq!(
            field(&node, "gzip.xfl").to_string(),
            "2 (maximum compression)"
        );
        assert_eq!(field(&node, "gzip.isize").to_string(), "5");
        assert_eq!(node.members.len(), 1);
        assert_eq!(node.members[0].name, "a.tar");
        match &node.members[0].data {
            crate::MemberData::Bytes(b) => assert_eq!(&b[..], b"hello"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn truncated_streams_are_errors() {
        let mut data = gzip(&[42u8; 10_000], 0, None, 6);
        data.truncate(data.len() / 2);
        assert!(analyze("x.gz", data).is_err());
        assert!(analyze("x.gz", vec![0x1f, 0x8b, 8]).is_err());
    }

    #[test]
    fn unterminated_name_is_an_error_not_a_panic() {
        let mut data = vec![0x1f, 0x8b, 8, FNAME, 0, 0, 0, 0, 0, 3];
        data.extend_from_slice(&[b'a'; 20]);
        assert!(analyze("x.gz", data).is_err());
    }

    #[test]
    fn members_are_concatenated_and_trailing_garbage_is_kept_aside() {
        let mut data = gzip(b"one\n", 7, None, 6);
        data.extend_from_slice(&gzip(b"two\n", 7, None, 6));
        let clean = analyze("x.gz", data.clone()).unwrap();
        assert!(clean.notes.is_empty(), "{:?}", clean.notes);
        assert_eq!(field(&clean, "gzip.members").to_string(), "2");
        data.extend_from_slice(b"garbage");
        let node = analyze("x.gz", data).unwrap();
        match &node.members[0].data {
            crate::MemberData::Bytes(b) => assert_eq!(&b[..], b"one\ntwo\n"),
            other => panic!("{other:?}"),
        }
        assert_eq!(field(&node, "gzip.isize").to_string(), "4");
        assert!(
            field(&node, "gzip.trailing-garbage")
                .to_string()
                .ends_with("(7 bytes)"),
            "{:?}",
            node.fields
        );
        assert!(node.notes[0].starts_with("7 bytes after the last of 2 gzip members"));
    }

    #[test]
    fn decompression_is_capped() {
        let data = Bytes::from(gzip(&vec![0u8; 1 << 20], 0, None, 9));
        let limits = Limits {
            max_member_size: 1000,
            ..Limits::default()
        };
        let err = GzipAnalyzer
            .analyze(
                Input {
                    name: "bomb.gz",
                    data: &data,
                },
                &limits,
            )
            .unwrap_err();
        assert!(err.to_string().contains("more than 1000 bytes"), "{err}");
    }
}
