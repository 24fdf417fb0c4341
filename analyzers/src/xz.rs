//! xz: the stream's integrity check type and the decompressed stream as one member.
//!
//! Decoding uses `lzma-rust2` with a dictionary memory limit, so that a header claiming a huge
//! dictionary is refused before anything is allocated.

use crate::budget::decode_capped;
use crate::compressed::{member_name, single_member_node, stream_digest_field};
use crate::{AnalyzeError, Analyzer, Detection, Field, FieldKind, Input, Limits, Node, Value};

/// Reads xz files.
pub struct XzAnalyzer;

const MAGIC: [u8; 6] = [0xfd, b'7', b'z', b'X', b'Z', 0];
/// The largest LZMA2 dictionary accepted, in KiB (xz -9 uses 64 MiB).
const DICTIONARY_LIMIT_KIB: u32 = 256 * 1024;

fn check_name(check: u8) -> &'static str {
    match check {
        0 => "none",
        1 => "CRC32",
        4 => "CRC64",
        10 => "SHA-256",
        _ => "reserved",
    }
}

impl Analyzer for XzAnalyzer {
    fn format(&self) -> &'static str {
        "xz"
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
        let check = *data
            .get(7)
            .ok_or_else(|| AnalyzeError::malformed("xz", "truncated stream header"))?
            & 0x0f;
        let reader = lzma_rust2::XzReader::new_mem_limit(data, true, DICTIONARY_LIMIT_KIB);
        let decoded = decode_capped(reader, limits, data.len() as u64, 0, "xz stream")
            .map_err(|e| e.into_analyze_error("xz"))?;
        let name = member_name(input.name, &[(".txz", ".tar"), (".xz", "")]);
        let mut node = single_member_node("xz", name, decoded);
        let check = Value::Str(format!("{check} ({})", check_name(check)));
        node.push_field(Field::new("xz.check", FieldKind::Encoding, check));
        node.push_field(stream_digest_field("xz.stream", data));
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    /// `printf 'hello\n' | xz -9 --check=crc64`
    const HELLO_XZ: &[u8] = &[
        0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46, 0x02, 0x00, 0x21,
        0x01, 0x1c, 0x00, 0x00, 0x00, 0x10, 0xcf, 0x58, 0xcc, 0x01, 0x00, 0x05, 0x68, 0x65, 0x6c,
        0x6c, 0x6f, 0x0a, 0x00, 0x00, 0x00, 0xa5, 0x60, 0x97, 0xf1, 0x94, 0xf6, 0xfd, 0xe0, 0x00,
        0x01, 0x1e, 0x06, 0xc1, 0x2f, 0xa4, 0x1d, 0x1f, 0xb6, 0xf3, 0x7d, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x04, 0x59, 0x5a,
    ];

    #[test]
    fn reads_check_and_member() {
        let data = Bytes::from_static(HELLO_XZ);
        let node = XzAnalyzer
            .analyze(
                Input {
                    name: "a.txt.xz",
                    data: &data,
                },
                &Limits::default(),
            )
            .unwrap();
        assert_eq!(node.fields[0].value.to_string(), "4 (CRC64)");
        match &node.members[0].data {
            crate::MemberData::Bytes(b) => assert_eq!(&b[..], b"hello\n"),
            other => panic!("{other:?}"),
        }
        let cut = data.slice(..30);
        assert!(XzAnalyzer
            .analyze(
                Input {
                    name: "a.xz",
                    data: &cut
                },
                &Limits::default()
            )
            .is_err());
    }
}
