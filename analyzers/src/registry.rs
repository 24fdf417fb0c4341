//! Picks the analyzer for an input, by content first and name second, and runs it safely.
//!
//! Every container analyzer is listed here, once. Detection prefers a signature in the bytes
//! ([`Detection::ByMagic`]) over a name hint; what no container claims is text when it decodes as
//! UTF-8 and binary otherwise. An analyzer that fails or panics on malformed input leaves a note
//! and the input is compared as bytes; a detector that panics is skipped, with a note.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::binary::BinaryAnalyzer;
use crate::text::TextAnalyzer;
use crate::{Analyzer, Detection, Input, Limits, Node};

/// The container and structured-format analyzers, in detection priority order.
static ANALYZERS: &[&dyn Analyzer] = &[
    // Before zip: an executable with an appended archive is an executable holding one.
    &crate::pe::PeAnalyzer,
    &crate::macho::MachoAnalyzer,
    &crate::elf::ElfAnalyzer,
    // A CArchive ends with its cookie and a PYZ starts with `PYZ\0`: neither is a zip, though a
    // CArchive may hold one.
    &crate::pyinstaller::CArchiveAnalyzer,
    &crate::pyinstaller::PyzAnalyzer,
    // A known magic number and `\r\n`, checked in four bytes, before zip's search of the last
    // 64 KiB for an end record (no zip starts with a pyc magic: a zipapp starts with `#!`).
    &crate::pyc::PycAnalyzer,
    &crate::zip::ZipAnalyzer,
    // A `.crate` is gzip: read before gzip, which it reads with.
    &crate::cargo::CrateAnalyzer,
    &crate::gzip::GzipAnalyzer,
    &crate::bzip2::Bzip2Analyzer,
    &crate::xz::XzAnalyzer,
    // A gem is a tar whose first member is a gem's: read before tar, which it reads with.
    &crate::gem::GemAnalyzer,
    // A DER ContentInfo holding a SignedData (a jar's META-INF/*.RSA), by its OID.
    &crate::pkcs7::Pkcs7Analyzer,
    &crate::tar::TarAnalyzer,
    &crate::pymeta::PymetaAnalyzer,
    &crate::gem::GemspecAnalyzer,
    &crate::cargo::CargoManifestAnalyzer,
    &crate::cargo::CargoVcsInfoAnalyzer,
    &crate::npm::PackageJsonAnalyzer,
    &crate::jar_manifest::JarManifestAnalyzer,
    &crate::properties::PropertiesAnalyzer,
];

/// The analyzer that will read `input`: the first whose signature matches, else the first whose
/// name hint matches, else text or binary.
pub fn detect(input: Input<'_>) -> &'static dyn Analyzer {
    detect_safely(input).0
}

/// [`detect`], with the formats whose detector panicked (skipped).
fn detect_safely(input: Input<'_>) -> (&'static dyn Analyzer, Vec<&'static str>) {
    let mut by_name = None;
    let mut crashed = Vec::new();
    for analyzer in ANALYZERS {
        let detection = catch_unwind(AssertUnwindSafe(|| analyzer.detect(input)));
        match detection {
            Ok(Detection::ByMagic) => return (*analyzer, crashed),
            Ok(Detection::ByName) if by_name.is_none() => by_name = Some(*analyzer),
            Ok(_) => {}
            Err(_) => crashed.push(analyzer.format()),
        }
    }
    (by_name.unwrap_or_else(|| leaf_analyzer(input)), crashed)
}

fn leaf_analyzer(input: Input<'_>) -> &'static dyn Analyzer {
    if catch_unwind(|| TextAnalyzer.detect(input)).ok() == Some(Detection::ByMagic) {
        &TextAnalyzer
    } else {
        &BinaryAnalyzer
    }
}

/// Analyzes `input` with the analyzer [`detect`] picks. Never fails: when the analyzer reports an
/// error or panics, the result is a text or binary leaf carrying a note that says why.
pub fn analyze(input: Input<'_>, limits: &Limits) -> Node {
    let (analyzer, crashed) = detect_safely(input);
    let outcome = catch_unwind(AssertUnwindSafe(|| analyzer.analyze(input, limits)));
    let crash_notes = crashed.iter().map(|format| {
        format!("the {format} detector crashed on this input; {format} was not tried")
    });
    let problem = match outcome {
        Ok(Ok(mut node)) => {
            node.notes.extend(crash_notes);
            return node;
        }
        Ok(Err(error)) => error.to_string(),
        Err(_) => format!("the {} reader crashed on this input", analyzer.format()),
    };
    let fallback = leaf_analyzer(input);
    let mut node = catch_unwind(AssertUnwindSafe(|| fallback.analyze(input, limits)))
        .ok()
        .and_then(Result::ok)
        .unwrap_or_else(|| {
            let mut node = Node::new("binary");
            node.content = crate::Content::Bytes(input.data.clone());
            node
        });
    node.notes.extend(crash_notes);
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
