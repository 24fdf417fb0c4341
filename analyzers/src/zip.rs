//! Placeholder: the zip analyzer is being written.

use crate::{AnalyzeError, Analyzer, Detection, Input, Limits, Node};

/// Reads zip archives.
pub struct ZipAnalyzer;

impl Analyzer for ZipAnalyzer {
    fn format(&self) -> &'static str {
        "zip"
    }

    fn detect(&self, _input: Input<'_>) -> Detection {
        Detection::No
    }

    fn analyze(&self, _input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        Err(AnalyzeError::malformed("zip", "not implemented"))
    }
}
