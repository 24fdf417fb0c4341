//! The fallback for bytes no other analyzer reads: an opaque leaf compared by byte ranges.

use crate::{AnalyzeError, Analyzer, Content, Detection, Input, Limits, Node};

/// Accepts anything, as opaque bytes.
pub struct BinaryAnalyzer;

impl Analyzer for BinaryAnalyzer {
    fn format(&self) -> &'static str {
        "binary"
    }

    fn detect(&self, _input: Input<'_>) -> Detection {
        Detection::ByName
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let mut node = Node::new("binary");
        node.content = Content::Bytes(input.data.clone());
        Ok(node)
    }
}
