//! JAR manifests (`META-INF/MANIFEST.MF`) and signature files (`META-INF/*.SF`), read as the
//! attributes a Java packaging engineer compares rather than as lines of text.
//!
//! Both are written in the manifest grammar of the JAR File Specification (`grammar.rs`): a main
//! section, then one section per member, each introduced by `Name:`, lines wrapped at 72 bytes.
//! Each attribute becomes a field, `manifest.<Attribute>` in the main section and
//! `manifest.entry[<Name>].<Attribute>` in a member's section, of the kind its name says
//! (`kinds.rs`): who built the jar (`Built-By`), with which tools (`Created-By`, `Build-Jdk-Spec`,
//! `Tool`…), when (`Bnd-LastModified`), from which checkout (`SCM-Revision`); lists
//! (`Export-Package`, `Import-Package`, `Class-Path`…) as their items sorted plus their stored
//! order (`.order`), so that the same items in another order differ only in their order; the
//! digests jarsigner writes as consequences of the member or manifest part they hash. A member's
//! section is named by the member's name in the container (the section's `Name:`, after the
//! jar's top directory when the jar is unpacked in a directory); the names, sorted, are
//! `manifest.entries` (and their stored order `manifest.entries.order`).
//!
//! How the file is written beyond these values — the wrapping of long lines, the order of the
//! attributes, line ends, the case of names — is `manifest.spelling`, derived from the values: the
//! same attribute wrapped differently is not a difference of its own.

mod grammar;
mod kinds;
#[cfg(test)]
mod tests;

use crate::pymeta::lists::SortedList;
use crate::{AnalyzeError, Analyzer, Derivation, Detection, Field, FieldKind, Input, Limits, Node};
use grammar::{Manifest, Section};
use kinds::{AttributeKind, Role};

/// The format name of both manifests and signature files.
const FORMAT: &str = "jar-manifest";

/// Reads JAR manifests and signature files.
pub struct JarManifestAnalyzer;

impl Analyzer for JarManifestAnalyzer {
    fn format(&self) -> &'static str {
        FORMAT
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if role_of(input.name).is_some() {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        let role = role_of(input.name)
            .ok_or_else(|| AnalyzeError::malformed(FORMAT, "not a manifest's name"))?;
        let text = std::str::from_utf8(input.data)
            .map_err(|e| AnalyzeError::malformed(FORMAT, format!("not UTF-8: {e}")))?;
        if text.contains('\0') {
            return Err(AnalyzeError::malformed(FORMAT, "a NUL byte: not text"));
        }
        let manifest = grammar::parse(text).map_err(|e| AnalyzeError::malformed(FORMAT, e.0))?;
        Ok(node_of(&manifest, text, &Place::of(input.name, role)))
    }
}

/// Which of the two files a name is, if either: `MANIFEST.MF` anywhere (compared case-insensitively,
/// as the JAR specification names `META-INF` entries), a `*.SF` directly in `META-INF/`.
fn role_of(name: &str) -> Option<Role> {
    let upper = name.to_ascii_uppercase();
    let (dir, file) = match upper.rsplit_once('/') {
        Some((dir, file)) => (dir, file),
        None => ("", upper.as_str()),
    };
    let in_meta_inf = dir == "META-INF" || dir.ends_with("/META-INF");
    if file == "MANIFEST.MF" {
        Some(Role::Manifest)
    } else if in_meta_inf && file.len() > 3 && file.ends_with(".SF") {
        Some(Role::SignatureFile)
    } else {
        None
    }
}

/// Where the file stands in its container: which file it is, the prefix of the jar's root in
/// member names (empty when `META-INF` is at the top), and the manifest's member name.
pub(crate) struct Place {
    role: Role,
    root: String,
    manifest: String,
}

impl Place {
    fn of(name: &str, role: Role) -> Place {
        let upper = name.to_ascii_uppercase();
        // The root is what precedes the last `META-INF/`: the jar's top directory.
        let root_len = upper.rfind("META-INF/").unwrap_or(0);
        let root = name.get(..root_len).unwrap_or("").to_owned();
        let manifest = match role {
            Role::Manifest => name.to_owned(),
            Role::SignatureFile => match name.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/MANIFEST.MF"),
                None => "MANIFEST.MF".to_owned(),
            },
        };
        Place {
            role,
            root,
            manifest,
        }
    }

    /// The member name, in the container, of the member a section `Name:` names: the jar's
    /// root followed by the name.
    fn member(&self, name: &str) -> String {
        format!("{}{name}", self.root)
    }
}

/// The node of one parsed manifest or signature file.
fn node_of(manifest: &Manifest<'_>, text: &str, place: &Place) -> Node {
    let mut node = Node::new(FORMAT);
    node.notes.extend(manifest.notes.iter().cloned());
    push_section(&mut node, &manifest.main, "manifest.", place);
    let names: Vec<String> = manifest
        .entries
        .iter()
        .filter_map(|section| section.name.as_deref())
        .map(|name| place.member(name))
        .collect();
    if !names.is_empty() {
        SortedList::push_fields(&mut node, "manifest.entries", FieldKind::Text, names);
    }
    for section in &manifest.entries {
        let name = section.name.as_deref().unwrap_or("");
        let member = place.member(name);
        push_section(
            &mut node,
            section,
            &format!("manifest.entry[{member}]."),
            place,
        );
    }
    node.push_field(Field::new(
        "manifest.spelling",
        FieldKind::Derived(Derivation::spelling()),
        crate::spelling::verbatim_or_digest(text, "bytes"),
    ));
    node
}

/// The fields of one section's attributes, each named `prefix` + its name.
fn push_section(node: &mut Node, section: &Section<'_>, prefix: &str, place: &Place) {
    let in_entry = section.name.as_deref();
    for attribute in &section.attributes {
        let kind = kinds::kind_of(attribute.name, in_entry, place);
        let field = format!("{prefix}{}", attribute.name);
        match kind {
            AttributeKind::Field(kind) => {
                node.push_field(Field::new(field, kind, attribute.value.as_str()))
            }
            AttributeKind::Millis => match kinds::millis(&attribute.value) {
                Some(time) => node.push_field(Field::new(
                    field,
                    FieldKind::Time(crate::TimeRole::Recorded),
                    time,
                )),
                None => {
                    node.notes.push(format!(
                        "{field} {:?} is not a time in milliseconds: compared as text",
                        attribute.value
                    ));
                    node.push_field(Field::new(field, FieldKind::Text, attribute.value.as_str()));
                }
            },
            AttributeKind::List(separator) => {
                let items = separator.split(&attribute.value);
                SortedList::push_fields(node, &field, FieldKind::Text, items);
            }
            AttributeKind::Digest { covers, member } => {
                // A member's section names its member already (`manifest.entry[a/B.class].`);
                // a main-section digest names what it covers after the attribute.
                let field = match in_entry {
                    Some(_) => field,
                    None => format!("{field}[{member}]"),
                };
                node.push_field(Field::new(
                    field,
                    FieldKind::Derived(Derivation::checksum(covers)),
                    attribute.value.as_str(),
                ))
            }
        }
    }
}
