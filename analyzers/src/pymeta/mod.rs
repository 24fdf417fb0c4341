//! Python distribution metadata: a wheel's `*.dist-info/METADATA` and `WHEEL`, an egg's
//! `EGG-INFO/PKG-INFO` or `*.egg-info/PKG-INFO`, an sdist's `PKG-INFO`, read as the fields a
//! packaging engineer compares rather than as lines of text.
//!
//! Files are recognized by their name only (text has no signature). The RFC 822 style headers
//! (`rfc822.rs`) become one field each, `meta.<Header-Name>`, in the header's canonical spelling:
//! the producer fields (`Metadata-Version`, `Wheel-Version`, `Generator`) are tool versions, the
//! distribution's own `Name` and `Version` opaque, what it declares (requirements, extras, tags)
//! free text, and what the build backend derives by its own policy (classifiers, URLs, license
//! metadata, `Dynamic`) presentation. A multiple-use header (`Classifier`, `Requires-Dist`, `Tag`…) is one field holding
//! its values sorted, one per line, plus `meta.<Header>.order`, the stored order as positions in the
//! sorted list (`lists.rs`), so that a reordering alone is an ordering difference. `Requires-Dist`
//! values are compared in their canonical PEP 508 spelling (`pep508.rs`): `meta.Requires-Dist`
//! holds what they effectively require, the project's references to its own extras expanded
//! (`effective.rs`), `meta.Requires-Dist.listed` the list as the tool wrote it (and its `.order`),
//! and the lines as written are kept in `meta.Requires-Dist.spelling`; the whole header block as written is kept in
//! `meta.spelling`. Both are derived from the values they spell: alone, they mean another tool or
//! tool version wrote the same metadata. The long description (the body after the blank line, or
//! the `Description` header of older files) is the node's text content, line-diffed.

mod effective;
pub(crate) mod lists;
mod pep508;
mod rfc822;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::{
    AnalyzeError, Analyzer, Content, Derivation, Detection, Field, FieldKind, Input, Limits, Node,
    Ordered, ORDER_SUFFIX, SPELLING_SUFFIX,
};
use lists::SortedList;
use rfc822::{Document, Header};

/// Reads Python core metadata files (METADATA, PKG-INFO) and wheel metadata (WHEEL).
pub struct PymetaAnalyzer;

impl Analyzer for PymetaAnalyzer {
    fn format(&self) -> &'static str {
        "pymeta"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if is_metadata_name(input.name) {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let text = std::str::from_utf8(input.data)
            .map_err(|e| AnalyzeError::malformed("pymeta", format!("not UTF-8: {e}")))?;
        if text.contains('\0') {
            return Err(AnalyzeError::malformed("pymeta", "a NUL byte: not text"));
        }
        Ok(node_of(&rfc822::parse(text)))
    }
}

/// Whether a member path names a metadata file this analyzer reads: `*.dist-info/METADATA`,
/// `*.dist-info/WHEEL`, `EGG-INFO/PKG-INFO`, `*.egg-info/PKG-INFO`, a top-level `PKG-INFO` or an
/// sdist's `<name>-<version>/PKG-INFO`.
pub fn is_metadata_name(name: &str) -> bool {
    let name = name.strip_prefix("./").unwrap_or(name);
    let parts: Vec<&str> = name.rsplitn(3, '/').collect();
    let is_egg_info = |dir: &str| dir == "EGG-INFO" || has_suffix(dir, ".egg-info");
    match parts.as_slice() {
        ["METADATA" | "WHEEL", dir, ..] => has_suffix(dir, ".dist-info"),
        ["PKG-INFO"] => true,
        ["PKG-INFO", dir] => is_egg_info(dir) || is_sdist_root(dir),
        ["PKG-INFO", dir, _] => is_egg_info(dir),
        _ => false,
    }
}

/// `dir` ends with `suffix` after a non-empty stem.
fn has_suffix(dir: &str, suffix: &str) -> bool {
    dir.len() > suffix.len() && dir.ends_with(suffix)
}

/// `<name>-<version>`: the top directory of an sdist.
fn is_sdist_root(dir: &str) -> bool {
    dir.rsplit_once('-').is_some_and(|(name, version)| {
        !name.is_empty() && version.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Header names in their canonical spelling (core metadata 1.0–2.4 and WHEEL): a header written in
/// another case is the same header.
const KNOWN_HEADERS: &[&str] = &[
    "Metadata-Version",
    "Name",
    "Version",
    "Dynamic",
    "Platform",
    "Supported-Platform",
    "Summary",
    "Description",
    "Description-Content-Type",
    "Keywords",
    "Home-page",
    "Download-URL",
    "Author",
    "Author-email",
    "Maintainer",
    "Maintainer-email",
    "License",
    "License-Expression",
    "License-File",
    "Classifier",
    "Requires-Dist",
    "Requires-Python",
    "Requires-External",
    "Project-URL",
    "Provides-Extra",
    "Provides-Dist",
    "Obsoletes-Dist",
    "Requires",
    "Provides",
    "Obsoletes",
    "Import-Name",
    "Import-Namespace",
    "Wheel-Version",
    "Generator",
    "Root-Is-Purelib",
    "Tag",
    "Build",
];

/// Headers that may appear several times, each time with one value of a list.
const MULTIPLE_USE: &[&str] = &[
    "Dynamic",
    "Platform",
    "Supported-Platform",
    "Classifier",
    "Requires-Dist",
    "Requires-External",
    "Project-URL",
    "Provides-Extra",
    "Provides-Dist",
    "Obsoletes-Dist",
    "License-File",
    "Requires",
    "Provides",
    "Obsoletes",
    "Import-Name",
    "Import-Namespace",
    "Tag",
];

/// The node of one parsed metadata file.
fn node_of(document: &Document<'_>) -> Node {
    let mut node = Node::new("pymeta");
    node.notes.extend(document.notes.iter().cloned());
    let (groups, description_in_header) = grouped(document);
    let project = groups
        .iter()
        .find(|(name, _)| *name == "Name")
        .and_then(|(_, values)| values.first().copied())
        .unwrap_or("");
    for (name, values) in &groups {
        if *name == "Description" && description_in_header {
            continue;
        }
        push_header_fields(&mut node, name, values.clone(), project);
    }
    node.push_field(Field::new(
        "meta.spelling",
        FieldKind::Derived(Derivation::spelling()),
        spelling_of(document),
    ));
    node.content = Content::Text(description(document, description_in_header));
    node
}

/// The headers grouped by name (the canonical spelling for a known header, else the first one
/// written), in the order each name first appears; and whether the long description is the
/// `Description` header (no body holds it).
fn grouped<'a>(document: &'a Document<'a>) -> (Vec<(&'a str, Vec<&'a str>)>, bool) {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for Header { name, value } in &document.headers {
        let name = KNOWN_HEADERS
            .iter()
            .find(|known| known.eq_ignore_ascii_case(name))
            .copied()
            .unwrap_or(name);
        let index = *index_of
            .entry(name.to_ascii_lowercase())
            .or_insert_with(|| {
                let index = groups.len();
                groups.push((name, Vec::new()));
                index
            });
        if let Some((_, values)) = groups.get_mut(index) {
            values.push(value);
        }
    }
    let body_is_blank = document.body.is_none_or(|body| body.trim().is_empty());
    let has_header = groups.iter().any(|(name, _)| *name == "Description");
    (groups, body_is_blank && has_header)
}

/// The fields of one header: its value or sorted values, their stored order, and for
/// requirements what they effectively require, how they were listed, and their spelling.
fn push_header_fields(node: &mut Node, name: &str, values: Vec<&str>, project: &str) {
    let field = format!("meta.{name}");
    if !MULTIPLE_USE.contains(&name) {
        if values.len() > 1 {
            node.notes.push(format!(
                "header {name} appears {} times: compared as one value per line",
                values.len()
            ));
        }
        node.push_field(Field::new(field, kind_of(name), values.join("\n")));
        return;
    }
    let canonical: Vec<String> = match name {
        "Requires-Dist" => values
            .iter()
            .map(|value| requirement(value, &mut node.notes))
            .collect(),
        // PEP 685: extras compare normalized (`use_chardet_on_py3` is `use-chardet-on-py3`).
        "Provides-Extra" => values.iter().map(|v| pep508::canonical_name(v)).collect(),
        _ => values.iter().map(|value| value.to_string()).collect(),
    };
    // What the requirements effectively are is the distribution's; how a tool listed them
    // (its own extras referenced or written out) is the tool's presentation.
    let listed = if name == "Requires-Dist" {
        let effective = effective::effective(project, &canonical);
        node.push_field(Field::new(
            field.clone(),
            kind_of(name),
            effective.join("\n"),
        ));
        format!("{field}.listed")
    } else {
        field.clone()
    };
    let list = SortedList::of(canonical);
    let listed_kind = if name == "Requires-Dist" {
        FieldKind::Presentation
    } else {
        kind_of(name)
    };
    node.push_field(Field::new(
        listed.clone(),
        listed_kind,
        list.canonical_text(),
    ));
    if values.len() >= 2 {
        node.push_field(Field::new(
            format!("{listed}{ORDER_SUFFIX}"),
            FieldKind::Order(Ordered::Values),
            list.order_text(),
        ));
    }
    if name == "Requires-Dist" {
        node.push_field(Field::new(
            format!("{field}{SPELLING_SUFFIX}"),
            FieldKind::Derived(Derivation::spelling()),
            values.join("\n"),
        ));
    }
}

/// What a difference in a header means: the producer's version; the distribution's identity;
/// what the distribution declares (its requirements, extras, tags: a change is the project's);
/// or how the build backend presents the project's configuration (classifiers, URLs, license
/// metadata, the fields its metadata version has), which another backend version may write
/// differently from the same sources.
fn kind_of(name: &str) -> FieldKind {
    match name {
        "Metadata-Version" | "Wheel-Version" | "Generator" => FieldKind::ToolVersion,
        "Name" | "Version" => FieldKind::Opaque,
        "Summary" | "Requires-Dist" | "Requires-Python" | "Requires-External"
        | "Provides-Extra" | "Provides-Dist" | "Obsoletes-Dist" | "Requires" | "Provides"
        | "Obsoletes" | "Root-Is-Purelib" | "Tag" | "Build" | "Import-Name"
        | "Import-Namespace" => FieldKind::Text,
        name if KNOWN_HEADERS.contains(&name) => FieldKind::Presentation,
        _ => FieldKind::Text,
    }
}

/// A requirement in canonical PEP 508 spelling, or as written (with a note) when it does not parse.
fn requirement(value: &str, notes: &mut Vec<String>) -> String {
    pep508::normalize(value).unwrap_or_else(|| {
        notes.push(format!(
            "Requires-Dist {value:?} does not read as PEP 508: compared as written"
        ));
        value.to_owned()
    })
}

/// How the file is written, beyond the values it holds: the header lines verbatim (their order,
/// spacing, folding and case; a digest when longer than [`crate::spelling::MAX_VERBATIM`]) and the
/// whitespace that ends the description.
fn spelling_of(document: &Document<'_>) -> String {
    let block = document.header_block;
    let mut text = crate::spelling::verbatim_or_digest(block, "bytes of headers");
    if let Some(body) = document.body {
        let tail = &body[body.trim_end().len()..];
        text.push_str(&format!("(then the description, ending with {tail:?})"));
    }
    text
}

/// The long description: the body, or the `Description` header when no body holds it, without
/// trailing blank lines (they are part of the spelling).
fn description(document: &Document<'_>, in_header: bool) -> String {
    let text = if in_header {
        document
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case("Description"))
            .map(|h| h.value.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        document.body.unwrap_or("").to_owned()
    };
    let trimmed = text.trim_end();
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

/// Rows read from an installed-files list, at most.
const MAX_INSTALLED_FILES: usize = 100_000;

/// The files an installed distribution's list names, relative to the directory its metadata
/// directory is in: the paths of a `*.dist-info/RECORD` (`six.py,sha256=…,123`, quoted when
/// they hold a comma) or of a `*.egg-info/installed-files.txt` (`../six.py`, relative to the
/// egg-info directory). `None` for any other member, or text that is not UTF-8.
pub fn installed_files(member: &str, data: &[u8]) -> Option<Vec<String>> {
    let (directory, file) = member.rsplit_once('/')?;
    let metadata_dir = directory.rsplit('/').next().unwrap_or(directory);
    let text = std::str::from_utf8(data).ok()?;
    let lines = text.lines().take(MAX_INSTALLED_FILES);
    if file == "RECORD" && has_suffix(metadata_dir, ".dist-info") {
        Some(lines.filter_map(record_path).map(str::to_owned).collect())
    } else if file == "installed-files.txt" && has_suffix(metadata_dir, ".egg-info") {
        Some(
            lines
                .filter_map(|line| {
                    let line = line.trim();
                    match line.strip_prefix("../") {
                        Some(beside) => Some(beside.to_owned()),
                        None if !line.is_empty() => Some(format!("{metadata_dir}/{line}")),
                        None => None,
                    }
                })
                .collect(),
        )
    } else {
        None
    }
}

/// The path of a RECORD row: its first CSV field.
fn record_path(line: &str) -> Option<&str> {
    let line = line.trim_end_matches('\r');
    let path = match line.strip_prefix('"') {
        Some(quoted) => quoted.split_once('"')?.0,
        None => line.split(',').next()?,
    };
    (!path.is_empty()).then_some(path)
}
