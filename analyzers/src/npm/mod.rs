//! npm's `package.json`, as a package holds it (`package/package.json` in what `npm pack`
//! writes, or a dependency's in `node_modules/`), read as one field per key: `npm.<key>`, and for
//! an object of names (`dependencies`, `scripts`, `bin`…) one field per entry,
//! `npm.<key>[<name>]`, with `npm.<key>` the names sorted and `npm.<key>.order` their stored
//! order.
//!
//! What a difference means:
//! - `name`, `version`, `_id`: the package's identity, content — a version bump is an edit;
//! - `gitHead`, the commit npm recorded the package was made from: the checkout's state;
//! - `_npmVersion`, `_nodeVersion`: the versions of the tools that wrote the file;
//! - `_where`, the directory npm 5–6 installed into: a path the build read from;
//! - everything else, the fields a person writes and those npm adds when it installs (`_from`,
//!   `_resolved`, `_integrity`, `_requested`…): free text, which the text rules read (a path, a
//!   version) and which stays content when no rule explains it.
//!
//! The layout (keys, their order, spacing) is `npm.layout`: the text with every value read as a
//! field replaced by `…`. A person writes `package.json`, so a change of layout is an edit,
//! free text too.
//!
//! The tarball's own convention — every member dated 1985-10-26T08:15:00Z — is the tar
//! analyzer's to name.

#[cfg(test)]
mod tests;

use serde_json::value::RawValue;

use crate::json;
use crate::pymeta::lists::SortedList;
use crate::{
    AnalyzeError, Analyzer, Detection, Field, FieldKind, Input, Limits, Node, Ordered, ORDER_SUFFIX,
};

/// A value's rendering may take this many bytes.
const MAX_VALUE: usize = 1 << 20;

/// Reads `package.json`.
pub struct PackageJsonAnalyzer;

impl Analyzer for PackageJsonAnalyzer {
    fn format(&self) -> &'static str {
        "npm"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.name.rsplit('/').next() == Some("package.json") {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let malformed = |e: String| AnalyzeError::malformed("npm", e);
        let text =
            std::str::from_utf8(input.data).map_err(|e| malformed(format!("not UTF-8: {e}")))?;
        let mut node = Node::new("npm");
        let mut masked = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (key, value) in json::object(text).map_err(malformed)? {
            if !seen.insert(key.clone()) {
                node.notes.push(format!(
                    "package.json names {key:?} twice: both values are compared, in order"
                ));
            }
            let field = format!("npm.{key}");
            match json::entries(value) {
                Some(entries) if is_object_of_names(&key) => {
                    let mut names = Vec::new();
                    for (name, entry) in entries {
                        node.push_field(Field::new(
                            format!("{field}[{name}]"),
                            FieldKind::Text,
                            render(entry).map_err(malformed)?,
                        ));
                        masked.extend(span(text, entry));
                        names.push(name);
                    }
                    let count = names.len();
                    let list = SortedList::of(names);
                    node.push_field(Field::new(
                        field.clone(),
                        FieldKind::Text,
                        list.canonical_text(),
                    ));
                    if count >= 2 {
                        node.push_field(Field::new(
                            format!("{field}{ORDER_SUFFIX}"),
                            FieldKind::Order(Ordered::Values),
                            list.order_text(),
                        ));
                    }
                }
                _ => {
                    node.push_field(Field::new(
                        field,
                        kind_of(&key),
                        render(value).map_err(malformed)?,
                    ));
                    masked.extend(span(text, value));
                }
            }
        }
        node.push_field(Field::new(
            "npm.layout",
            FieldKind::Text,
            layout(text, masked),
        ));
        Ok(node)
    }
}

/// The keys whose values map names (of packages, scripts, commands, files) to values.
fn is_object_of_names(key: &str) -> bool {
    matches!(
        key,
        "dependencies"
            | "devDependencies"
            | "peerDependencies"
            | "optionalDependencies"
            | "peerDependenciesMeta"
            | "scripts"
            | "bin"
            | "engines"
            | "directories"
            | "publishConfig"
            | "overrides"
            | "exports"
    )
}

/// What a difference in a top-level key means.
fn kind_of(key: &str) -> FieldKind {
    match key {
        "name" | "version" | "_id" => FieldKind::Opaque,
        "gitHead" => FieldKind::Captured(crate::Captured::VcsState),
        "_npmVersion" | "_nodeVersion" => FieldKind::ToolVersion,
        "_where" => FieldKind::SourcePath,
        _ => FieldKind::Text,
    }
}

/// A value as text: a string unescaped, anything else as compact JSON.
fn render(value: &RawValue) -> Result<String, String> {
    match json::string(value) {
        Some(text) => Ok(text),
        None => json::compact(value, MAX_VALUE),
    }
}

/// Where `value` (borrowed from `text`) is in `text`.
fn span(text: &str, value: &RawValue) -> Option<std::ops::Range<usize>> {
    let start = (value.get().as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start.checked_add(value.get().len())?;
    (end <= text.len()).then_some(start..end)
}

/// `text` with each of the `masked` ranges (values read as fields) replaced by `…`.
fn layout(text: &str, mut masked: Vec<std::ops::Range<usize>>) -> String {
    masked.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in masked {
        if range.start < at {
            continue;
        }
        out.push_str(text.get(at..range.start).unwrap_or_default());
        out.push('…');
        at = range.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}
