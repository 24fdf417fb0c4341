//! Picks the analyzer for an input, by content first and name second, and runs it safely.
//!
//! Every container analyzer is listed here, once. Detection prefers a signature in the bytes
//! ([`Detection::ByMagic`]) over a name hint; what no container claims is text when it decodes as
//! UTF-8 and binary otherwise. An analyzer that fails or panics on malformed input leaves a note
//! and the input is compared as bytes.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::binary::BinaryAnalyzer;
use crate::text::TextAnalyzer;
use crate::{Analyzer, Detection, Input, Limits, Node};

/// The container and structured-format analyzers, in detection priority order.
static ANALYZERS: &[&dyn Analyzer] = &[
    &crate::zip::ZipAnalyzer,
    &crate::gzip::GzipAnalyzer,
    &crate::bzip2::Bzip2Analyzer,
    &crate::xz::XzAnalyzer,
    &crate::tar::TarAnalyzer,
    &crate::pyc::PycAnalyzer,
    &crate::pymeta::PymetaAnalyzer,
];

/// The analyzer that will read `input`: the first whose signature matches, else the first whose
/// name hint matches, else text or binary.
pub fn detect(input: Input<'_>) -> &'static dyn Analyzer {
    let mut by_name = None;
    for analyzer in ANALYZERS {
        match analyzer.detect(input) {
            Detection::ByMagic => return *analyzer,
            Detection::ByName if by_name.is_none() => by_name = Some(*analyzer),
            _ => {}
        }
    }
    by_name.unwrap_or_else(|| leaf_analyzer(input))
}

fn leaf_analyzer(input: Input<'_>) -> &'static dyn Analyzer {
    if TextAnalyzer.detect(input) == Detection::ByMagic {
        &TextAnalyzer
    } else {
        &BinaryAnalyzer
    }
}

/// Analyzes `input` with the analyzer [`detect`] picks. Never fails: when the analyzer reports an
/// error or panics, the result is a text or binary leaf carrying a note that says why.
pub fn analyze(input: Input<'_>, limits: &Limits) -> Node {
    let analyzer = detect(input);
    let outcome = catch_unwind(AssertUnwindSafe(|| analyzer.analyze(input, limits)));
    let problem = match outcome {
        Ok(Ok(node)) => return node,
        Ok(Err(error)) => error.to_string(),
        Err(_) => format!("the {} reader crashed on this input", analyzer.format()),
    };
    let fallback = leaf_analyzer(input);
    let mut node = fallback
        .analyze(input, limits)
        .unwrap_or_else(|_| Node::new("binary"));
    node.notes.push(format!(
        "could not read as {}: {problem}; compared as {}",
        analyzer.format(),
        node.format
    ));
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn format_of(name: &str, data: &[u8]) -> &'static str {
        let data = Bytes::copy_from_slice(data);
        detect(Input { name, data: &data }).format()
    }

    #[test]
    fn falls_back_to_text_then_binary() {
        assert_eq!(format_of("a.txt", b"hello\n"), "text");
        assert_eq!(format_of("a.bin", b"\x00\x01\x02"), "binary");
        assert_eq!(format_of("a.bin", b"\xff\xfe"), "binary");
    }

    #[test]
    fn a_corrupt_archive_becomes_a_leaf_with_a_note() {
        let data = Bytes::from_static(b"\x1f\x8b\x08\x00garbage that is not a gzip stream");
        let node = analyze(
            Input {
                name: "x.gz",
                data: &data,
            },
            &Limits::default(),
        );
        assert!(
            node.notes
                .iter()
                .any(|n| n.contains("could not read as gzip")),
            "{:?}",
            node.notes
        );
    }
}
