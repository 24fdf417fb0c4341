//! Text leaves: UTF-8 content without NUL bytes, compared line by line by the engine.

use crate::{AnalyzeError, Analyzer, Content, Detection, Input, Limits, Node};

/// Recognizes UTF-8 text (no NUL byte, no invalid sequence).
pub struct TextAnalyzer;

/// Whether `data` reads as text: valid UTF-8 with no NUL byte.
pub fn is_text(data: &[u8]) -> bool {
    !data.contains(&0) && std::str::from_utf8(data).is_ok()
}

impl Analyzer for TextAnalyzer {
    fn format(&self) -> &'static str {
        "text"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if is_text(input.data) {
            Detection::ByMagic
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let text = std::str::from_utf8(input.data)
            .map_err(|e| AnalyzeError::malformed("text", e.to_string()))?;
        let mut node = Node::new("text");
        node.content = Content::Text(text.to_owned());
        Ok(node)
    }
}
