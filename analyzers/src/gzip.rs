//! gzip (RFC 1952): the header fields builds leak (MTIME, FNAME, XFL, OS), then the decompressed
//! stream as one member, analyzed again.
//!
//! flate2 decodes the stream but hides XFL and the raw header layout, so the header is read here
//! byte by byte; flate2's `MultiGzDecoder` does the decompression.

use flate2::read::MultiGzDecoder;

use crate::compressed::{member_name, single_member_node, stream_digest_field};
use crate::read_capped::read_capped;
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
    if data.len() < 18 || data[..2] != MAGIC {
        return Err(bad("shorter than a gzip header and trailer"));
    }
    let flags = data[3];
    let mut pos = 10;
    let extra = if flags & FEXTRA != 0 {
        let len = u16::from_le_bytes([
            *data.get(pos).ok_or_else(|| bad("truncated FEXTRA"))?,
            *data.get(pos + 1).ok_or_else(|| bad("truncated FEXTRA"))?,
        ]) as usize;
        let field = data
            .get(pos + 2..pos + 2 + len)
            .ok_or_else(|| bad("FEXTRA runs past the end"))?;
        pos += 2 + len;
        Some(field.to_vec())
    } else {
        None
    };
    let mut zero_terminated =
        |present: bool, what: &str| -> Result<Option<Vec<u8>>, AnalyzeError> {
            if !present {
                return Ok(None);
            }
            let rest = data.get(pos..).unwrap_or_default();
            let end = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| bad(&format!("{what} is not terminated")))?;
            pos += end + 1;
            Ok(Some(rest[..end].to_vec()))
        };
    let file_name = zero_terminated(flags & FNAME != 0, "FNAME")?;
    let comment = zero_terminated(flags & FCOMMENT != 0, "FCOMMENT")?;
    if flags & FHCRC != 0 {
        pos += 2;
    }
    if pos > data.len() {
        return Err(bad("header runs past the end"));
    }
    Ok(Header {
        method: data[2],
        flags,
        mtime: u32::from_le_bytes([data[4], data[5], data[6], data[7]]),
        extra_flags: data[8],
        os: data[9],
        extra,
        file_name,
        comment,
        body_start: pos,
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
        let decoded = read_capped(
            MultiGzDecoder::new(data),
            limits.max_member_size,
            0,
            "gzip stream",
        )
        .map_err(|e| AnalyzeError::malformed("gzip", e.to_string()))?;
        let trailer = &data[data.len() - 8..];
        let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
        let isize = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);

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
            // A file name is bytes: spelled losslessly, like member names.
            let name = crate::names::escape(file_name);
            node.push_field(Field::new("gzip.fname", FieldKind::Text, name));
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
            &data[header.body_start..data.len() - 8],
        ));
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
