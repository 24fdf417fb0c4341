//! A gem's specification (`metadata` inside `metadata.gz`): the YAML RubyGems writes from a
//! `Gem::Specification`, read as one field per attribute.
//!
//! Each attribute is `gemspec.<name>`, its value rendered in one flow-style line (`yaml.rs`;
//! versions and requirements as RubyGems prints them, `>= 0`). What a difference in it means:
//! - `rubygems_version` is the version of RubyGems that built the gem, `specification_version`
//!   the format RubyGems wrote: tool versions;
//! - `name`, `version`: the gem's identity, content;
//! - `date`: free text, *not* a time field. RubyGems writes the day of the build (of
//!   `SOURCE_DATE_EPOCH` when set) unless the gemspec sets `date` itself, and then it is the
//!   author's value: the text rules call it the build's time only with a witness of the build's
//!   clock (the gem's own archive times), and an edited date stays content;
//! - the file lists RubyGems takes from the filesystem or `git ls-files` (`files`, `test_files`,
//!   `executables`, `extensions`, `extra_rdoc_files`): the files, sorted, and
//!   `gemspec.<name>.order`, their stored order, so that the same files listed in another order
//!   are an ordering;
//! - `metadata`: one field per key, `gemspec.metadata[<key>]`; `gemspec.metadata`, the keys
//!   sorted, and `gemspec.metadata.order`, their stored order;
//! - `dependencies`: one line per dependency (`rake (development) >= 13.0`), in stored order;
//! - `cert_chain`: the signer's certificates;
//! - everything else (`required_rubygems_version`, `required_ruby_version`, `authors`,
//!   `licenses`, `summary`…): what the project declares, free text.
//!
//! The text as written is kept in `gemspec.spelling`, derived from the values it spells: alone, it
//! means another RubyGems or Psych wrote the same specification.

use super::yaml::{NodeId, Yaml};
use crate::pymeta::lists::SortedList;
use crate::{AnalyzeError, Analyzer, Derivation, Detection, Field, FieldKind, Input, Limits, Node};

/// The tag of the document RubyGems writes.
pub(crate) const SPEC_TAG: &str = "!ruby/object:Gem::Specification";

/// How the document starts (Psych writes the tag on the document's first line).
const SIGNATURE: &[u8] = b"--- !ruby/object:Gem::Specification";

/// One attribute's rendering may take this many bytes (aliases expanded), the whole document
/// four times its size and 64 KiB.
const MIN_RENDER_BUDGET: usize = 64 * 1024;

/// The attributes whose lists RubyGems takes from the filesystem: their order is the order
/// the build found the files in.
const FILE_LISTS: &[&str] = &[
    "files",
    "test_files",
    "executables",
    "extensions",
    "extra_rdoc_files",
];

/// Reads a gem's specification (`metadata`, the YAML inside a gem's `metadata.gz`).
pub struct GemspecAnalyzer;

impl Analyzer for GemspecAnalyzer {
    fn format(&self) -> &'static str {
        "gemspec"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.data.starts_with(SIGNATURE) {
            Detection::ByMagic
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let text = std::str::from_utf8(input.data)
            .map_err(|e| AnalyzeError::malformed("gemspec", format!("not UTF-8: {e}")))?;
        let yaml = Yaml::parse(text).map_err(|e| AnalyzeError::malformed("gemspec", e))?;
        let root = match yaml.documents.as_slice() {
            [root] => *root,
            other => {
                return Err(AnalyzeError::malformed(
                    "gemspec",
                    format!("{} YAML documents, not one", other.len()),
                ))
            }
        };
        if yaml.tag(root) != Some(SPEC_TAG) {
            return Err(AnalyzeError::malformed(
                "gemspec",
                format!("the document is not a {SPEC_TAG}"),
            ));
        }
        let pairs = yaml.mapping(root).ok_or_else(|| {
            AnalyzeError::malformed("gemspec", "the specification is not a mapping")
        })?;
        let budget = text.len().saturating_mul(4).max(MIN_RENDER_BUDGET);
        let mut node = Node::new("gemspec");
        for &(key, value) in pairs {
            let name = yaml.scalar(key).ok_or_else(|| {
                AnalyzeError::malformed("gemspec", "an attribute name is not text")
            })?;
            push_attribute(&mut node, &yaml, name, value, budget)
                .map_err(|e| AnalyzeError::malformed("gemspec", format!("{name}: {e}")))?;
        }
        node.push_field(Field::new(
            "gemspec.spelling",
            FieldKind::Derived(Derivation::spelling()),
            crate::spelling::verbatim_or_digest(text, "bytes"),
        ));
        Ok(node)
    }
}

/// The fields of one attribute.
fn push_attribute(
    node: &mut Node,
    yaml: &Yaml,
    name: &str,
    value: NodeId,
    budget: usize,
) -> Result<(), String> {
    let field = format!("gemspec.{name}");
    if FILE_LISTS.contains(&name) {
        if let Some(items) = yaml.sequence(value) {
            let rendered = items
                .iter()
                .map(|&item| yaml.render(item, budget))
                .collect::<Result<Vec<_>, _>>()?;
            SortedList::push_fields(node, &field, FieldKind::Text, rendered);
            return Ok(());
        }
    }
    if name == "metadata" {
        if let Some(pairs) = yaml.mapping(value) {
            let mut keys = Vec::new();
            for &(key, entry) in pairs {
                let key = yaml.render(key, budget)?;
                node.push_field(Field::new(
                    format!("{field}[{key}]"),
                    FieldKind::Text,
                    yaml.render(entry, budget)?,
                ));
                keys.push(key);
            }
            // The keys, and the order they are stored in.
            SortedList::push_fields(node, &field, FieldKind::Text, keys);
            return Ok(());
        }
    }
    if name == "dependencies" {
        if let Some(items) = yaml.sequence(value) {
            let lines = items
                .iter()
                .map(|&item| dependency(yaml, item, budget))
                .collect::<Result<Vec<_>, _>>()?;
            node.push_field(Field::new(field, FieldKind::Text, lines.join("\n")));
            return Ok(());
        }
    }
    node.push_field(Field::new(
        field,
        kind_of(name),
        yaml.render(value, budget)?,
    ));
    Ok(())
}

/// What a difference in a plain attribute means.
fn kind_of(name: &str) -> FieldKind {
    match name {
        "rubygems_version" | "specification_version" => FieldKind::ToolVersion,
        "name" | "version" => FieldKind::Opaque,
        "cert_chain" => FieldKind::Signer,
        _ => FieldKind::Text,
    }
}

/// A dependency as one line: `rake (development) >= 13.0`.
fn dependency(yaml: &Yaml, id: NodeId, budget: usize) -> Result<String, String> {
    use super::yaml::field;
    let part = |key: &str| -> Result<Option<String>, String> {
        field(yaml, id, key)
            .map(|value| yaml.render(value, budget))
            .transpose()
    };
    match (part("name")?, part("type")?, part("requirement")?) {
        (Some(name), Some(kind), Some(requirement)) => Ok(format!(
            "{name} ({}) {requirement}",
            kind.trim_start_matches(':')
        )),
        _ => yaml.render(id, budget),
    }
}
