//! Rust crates as `cargo package` writes them: a `.crate` is a gzip'd tar whose members are under
//! `<name>-<version>/`, holding the package's files, `Cargo.toml.orig` (the manifest as written),
//! `Cargo.toml` (the manifest cargo normalized from it) and `.cargo_vcs_info.json` (the commit
//! it was packaged from).
//!
//! - `.cargo_vcs_info.json` (`vcs_info.rs`): `vcs.git.sha1` and `vcs.git.dirty` are the
//!   checkout's state ([`Captured::VcsState`]); `vcs.path_in_vcs`, the package's directory
//!   relative to the repository's root, is free text: it is a fact of the repository's layout,
//!   the same wherever the checkout is, and changes only when the package moved within its
//!   repository — a change of the sources, so content.
//! - `Cargo.toml` and `Cargo.toml.orig` (`manifest.rs`): one field per key,
//!   `cargo.<table>.<key>`.
//! - The crate itself: cargo writes the normalized `Cargo.toml` from `Cargo.toml.orig`, so a key
//!   whose value is the same in both files (on that side) is a copy, and the crate reads it as
//!   `cargo.<key>@Cargo.toml.orig`, derived from that file ([`Covers::Sibling`]): an edit of
//!   the manifest is one root, in `Cargo.toml.orig`, and the normalized file follows. A key
//!   cargo adds by its own policy (`autobins = false`, a target's `path`) is presentation; a
//!   value cargo rewrote (a path dependency, a key inherited from the workspace) is free text,
//!   content when it changes: what it came from is not in the crate.

mod manifest;
#[cfg(test)]
mod tests;
mod vcs_info;

use std::sync::Arc;

use crate::gzip::GzipAnalyzer;
use crate::tar::TarAnalyzer;
use crate::{
    AnalyzeError, Analyzer, Covers, Derivation, Detection, FieldKind, Input, Limits, MemberData,
    Node, Quantity, SIBLING_SEPARATOR,
};
pub use manifest::CargoManifestAnalyzer;
pub use vcs_info::CargoVcsInfoAnalyzer;

/// The original manifest beside the normalized one.
const ORIGINAL: &str = "Cargo.toml.orig";

/// Reads `.crate` files.
pub struct CrateAnalyzer;

impl Analyzer for CrateAnalyzer {
    fn format(&self) -> &'static str {
        "crate"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.has_extension(&[".crate"]) && GzipAnalyzer.detect(input) == Detection::ByMagic {
            Detection::ByMagic
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError> {
        let mut node = GzipAnalyzer.analyze(input, limits)?;
        node.format = "crate";
        let Some(member) = node.members.first_mut() else {
            return Ok(node);
        };
        // The archive inside, named as `cargo package` names it before compressing.
        let base = input.name.rsplit('/').next().unwrap_or(input.name);
        if let Some(stem) = base.strip_suffix(".crate").filter(|s| !s.is_empty()) {
            member.name = format!("{stem}.tar");
        }
        let MemberData::Bytes(data) = &member.data else {
            return Ok(node);
        };
        let tar = TarAnalyzer.analyze(
            Input {
                name: &member.name,
                data,
            },
            limits,
        );
        match tar {
            Ok(mut tar) => {
                link_normalized_manifests(&mut tar);
                member.data = MemberData::Node(Arc::new(tar));
            }
            Err(error) => node.notes.push(format!(
                "the crate's archive could not be read as tar ({error}): compared as bytes"
            )),
        }
        Ok(node)
    }
}

/// Reads every normalized `Cargo.toml` of `tar` that has a `Cargo.toml.orig` beside it, each key
/// copied from the original as derived from it.
fn link_normalized_manifests(tar: &mut Node) {
    let originals: Vec<(String, Option<bytes::Bytes>)> = tar
        .members
        .iter()
        .filter(|m| file_name(&m.name) == ORIGINAL)
        .map(|m| {
            let data = match &m.data {
                MemberData::Bytes(data) => Some(data.clone()),
                _ => None,
            };
            (m.name.clone(), data)
        })
        .collect();
    for (original_name, original) in originals {
        let original = original
            .as_ref()
            .and_then(|data| std::str::from_utf8(data).ok())
            .and_then(|text| manifest::Manifest::parse(text).ok());
        let Some(directory) = original_name.strip_suffix(ORIGINAL) else {
            continue;
        };
        let normalized_name = format!("{directory}Cargo.toml");
        let Some(member) = tar.members.iter_mut().find(|m| m.name == normalized_name) else {
            continue;
        };
        let MemberData::Bytes(data) = &member.data else {
            continue;
        };
        let Some(text) = std::str::from_utf8(data).ok() else {
            continue;
        };
        let Ok(normalized) = manifest::Manifest::parse(text) else {
            continue;
        };
        let mut node = normalized.node();
        match &original {
            Some(original) => restate(&mut node, original),
            None => node.notes.push(format!(
                "{ORIGINAL} could not be read as TOML: no key of Cargo.toml is linked to it"
            )),
        }
        member.data = MemberData::Node(Arc::new(node));
    }
}

/// Renames and re-kinds the fields of the normalized manifest's `node` that copy `original`.
fn restate(node: &mut Node, original: &manifest::Manifest) {
    for field in &mut node.fields {
        let Some(key) = field.name.strip_prefix(manifest::PREFIX) else {
            continue;
        };
        if key == "spelling" || key.contains(SIBLING_SEPARATOR) {
            continue;
        }
        match original.value(key) {
            Some(value) if Some(value) == field_text(&field.value) => {
                field.name = format!("{}{SIBLING_SEPARATOR}{ORIGINAL}", field.name).into();
                field.kind = FieldKind::Derived(Derivation {
                    covers: Covers::Sibling { up: 1 },
                    quantity: Quantity::Spelling,
                    verified: true,
                });
            }
            Some(_) => {}
            // A key the original does not have: cargo wrote it by its own policy.
            None => field.kind = FieldKind::Presentation,
        }
    }
}

fn field_text(value: &crate::Value) -> Option<&str> {
    match value {
        crate::Value::Str(text) => Some(text),
        _ => None,
    }
}

/// The last component of a member name.
fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}
