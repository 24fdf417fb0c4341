//! `.cargo_vcs_info.json`, which `cargo package` writes into a crate packaged from a git
//! checkout: `{"git": {"sha1": "…", "dirty": true}, "path_in_vcs": "crates/x"}`.
//!
//! `vcs.git.sha1` (the commit) and `vcs.git.dirty` (local changes, with `--allow-dirty`) are the
//! checkout's state: another commit of the same files, or the same commit with edits, which the
//! files themselves show. `vcs.path_in_vcs` is where the package is in its repository, relative
//! to the repository's root: not where the checkout was (a build directory leaves it unchanged),
//! but the repository's layout, a fact of the sources — content when it changes. Other keys are
//! free text; the text as written is `vcs.spelling`.

use crate::json;
use crate::{AnalyzeError, Analyzer, Derivation, Detection, Field, FieldKind, Input, Limits, Node};

/// Values longer than this (rendered) are refused: the file holds a few short strings.
const MAX_VALUE: usize = 64 * 1024;

/// Reads `.cargo_vcs_info.json`.
pub struct CargoVcsInfoAnalyzer;

impl Analyzer for CargoVcsInfoAnalyzer {
    fn format(&self) -> &'static str {
        "cargo-vcs-info"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.name.rsplit('/').next() == Some(".cargo_vcs_info.json") {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let malformed = |e: String| AnalyzeError::malformed("cargo-vcs-info", e);
        let text =
            std::str::from_utf8(input.data).map_err(|e| malformed(format!("not UTF-8: {e}")))?;
        let mut node = Node::new("cargo-vcs-info");
        for (key, value) in json::object(text).map_err(malformed)? {
            match (key.as_str(), json::entries(value)) {
                ("git", Some(git)) => {
                    for (key, value) in git {
                        let kind = match key.as_str() {
                            "sha1" | "dirty" => FieldKind::Captured(crate::Captured::VcsState),
                            _ => FieldKind::Text,
                        };
                        node.push_field(Field::new(
                            format!("vcs.git.{key}"),
                            kind,
                            render(value).map_err(malformed)?,
                        ));
                    }
                }
                _ => node.push_field(Field::new(
                    format!("vcs.{key}"),
                    FieldKind::Text,
                    render(value).map_err(malformed)?,
                )),
            }
        }
        node.push_field(Field::new(
            "vcs.spelling",
            FieldKind::Derived(Derivation::spelling()),
            text.to_owned(),
        ));
        Ok(node)
    }
}

/// A value as text: a string unescaped, anything else as compact JSON.
fn render(value: &serde_json::value::RawValue) -> Result<String, String> {
    match json::string(value) {
        Some(text) => Ok(text),
        None => json::compact(value, MAX_VALUE),
    }
}
