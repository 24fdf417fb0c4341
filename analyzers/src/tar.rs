//! Placeholder: the tar analyzer is being written.

use crate::{AnalyzeError, Analyzer, Detection, Input, Limits, Node};

/// Reads tar archives.
pub struct TarAnalyzer;

impl Analyzer for TarAnalyzer {
    fn format(&self) -> &'static str {
        "tar"
    }

    fn detect(&self, _input: Input<'_>) -> Detection {
        Detection::No
    }

    fn analyze(&self, _input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        Err(AnalyzeError::malformed("tar", "not implemented"))
    }
}
