//! bzip2: the block size (the `-1`…`-9` level) and the decompressed stream as one member.

use crate::budget::decode_capped;
use crate::compressed::{member_name, single_member_node, stream_digest_field};
use crate::{AnalyzeError, Analyzer, Detection, Field, FieldKind, Input, Limits, Node, Value};

/// Reads bzip2 files.
pub struct Bzip2Analyzer;

impl Analyzer for Bzip2Analyzer {
    fn format(&self) -> &'static str {
        "bzip2"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        match input.data.get(..4) {
            Some([b'B', b'Z', b'h', b'1'..=b'9']) => Detection::ByMagic,
            _ => Detection::No,
        }
    }

    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError> {
        let data: &[u8] = input.data;
        let decoded = decode_capped(
            bzip2::read::MultiBzDecoder::new(data),
            limits,
            data.len() as u64,
            0,
            "bzip2 stream",
        )
        .map_err(|e| e.into_analyze_error("bzip2"))?;
        let name = member_name(
            input.name,
            &[(".tbz2", ".tar"), (".tbz", ".tar"), (".bz2", "")],
        );
        let mut node = single_member_node("bzip2", name, decoded);
        // `BZh` and the level digit: the decoder has checked it is there.
        if let Some(level) = data
            .get(3)
            .and_then(|&digit| char::from(digit).to_digit(10))
        {
            node.push_field(Field::new(
                "bzip2.block-size",
                FieldKind::Encoding,
                Value::Int(i64::from(level)),
            ));
        }
        node.push_field(stream_digest_field("bzip2.stream", data));
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::io::Write;

    #[test]
    fn reads_level_and_member() {
        let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::new(3));
        encoder.write_all(b"some text\n").unwrap();
        let data = Bytes::from(encoder.finish().unwrap());
        let node = Bzip2Analyzer
            .analyze(
                Input {
                    name: "a.txt.bz2",
                    data: &data,
                },
                &Limits::default(),
            )
            .unwrap();
        assert_eq!(node.fields[0].value, Value::Int(3));
        assert_eq!(node.members[0].name, "a.txt");
        let cut = data.slice(..data.len() - 5);
        assert!(Bzip2Analyzer
            .analyze(
                Input {
                    name: "a.bz2",
                    data: &cut
                },
                &Limits::default()
            )
            .is_err());
    }
}
