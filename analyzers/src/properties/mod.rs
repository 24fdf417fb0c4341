//! Java `.properties` files (`java.util.Properties`): `pom.properties` as maven-archiver writes
//! it, `git.properties` from git-commit-id-plugin, any `*.properties`, read as keys and values
//! rather than as lines of text.
//!
//! The syntax is `Properties.load`'s (`syntax.rs`). Each property is a field
//! `properties.value.<key>` of the kind its key says (`kind_of`), a comment line that is a date
//! (`dates.rs`) before the first property is `properties.stored` — the time `Properties.store`
//! wrote there, the build's clock —, the other comments are `properties.comments`. The keys,
//! sorted, are `properties.keys` and the order they were stored in `properties.keys.order`:
//! `Properties.store` writes a hash table's order, so the same keys in another order differ only
//! in their order. How the file is written beyond these values (escapes, separators, line ends,
//! the order of lines) is `properties.spelling`, derived from the values.

mod dates;
mod syntax;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::pymeta::lists::SortedList;
use crate::{
    AnalyzeError, Analyzer, Captured, Derivation, Detection, Field, FieldKind, Input, Limits, Node,
    Ordered, TimeRole, ORDER_SUFFIX,
};

/// The format name.
const FORMAT: &str = "properties";

/// Reads `*.properties` files.
pub struct PropertiesAnalyzer;

impl Analyzer for PropertiesAnalyzer {
    fn format(&self) -> &'static str {
        FORMAT
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if input.has_extension(&[".properties"]) {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, _limits: &Limits) -> Result<Node, AnalyzeError> {
        if input.data.contains(&0) {
            return Err(AnalyzeError::malformed(FORMAT, "a NUL byte: not text"));
        }
        // `Properties.store` writes ISO 8859-1 (other characters as \uXXXX escapes) and
        // `PropertyResourceBundle` reads UTF-8: UTF-8 when it is valid, else ISO 8859-1, whose
        // every byte is a character.
        let text: std::borrow::Cow<'_, str> = match std::str::from_utf8(input.data) {
            Ok(text) => text.into(),
            Err(_) => input
                .data
                .iter()
                .map(|&b| char::from(b))
                .collect::<String>()
                .into(),
        };
        Ok(node_of(&syntax::parse(&text), &text))
    }
}

/// The keys git-commit-id-plugin writes (with its default prefix `git`) that describe the
/// checkout the build ran in — the commit, its author and committer, its time and message, the
/// branch, tags, the distance to the closest tag, the remote, local changes: the state of the
/// version control system, which differs between two builds of two checkouts and not between
/// two builds of one.
const GIT_VCS_STATE: &[&str] = &[
    "git.branch",
    "git.closest.tag.commit.count",
    "git.closest.tag.name",
    "git.commit.author.time",
    "git.commit.committer.time",
    "git.commit.id",
    "git.commit.id.abbrev",
    "git.commit.id.describe",
    "git.commit.id.describe-short",
    "git.commit.id.full",
    "git.commit.message.full",
    "git.commit.message.short",
    "git.commit.time",
    "git.commit.user.email",
    "git.commit.user.name",
    "git.dirty",
    "git.local.branch.ahead",
    "git.local.branch.behind",
    "git.remote.origin.url",
    "git.tag",
    "git.tags",
    "git.total.commit.count",
];

/// What a difference in the value of `key` means, given its value.
///
/// - git-commit-id-plugin's `git.build.time` is the build's clock (when it reads as a date);
///   `git.build.host` the build machine's name; `git.build.user.name` and `git.build.user.email`
///   the build user's git identity (`git config user.name`, of whoever ran the build).
/// - Its keys of the checkout ([`GIT_VCS_STATE`]) are VCS state. `git.commit.time` is among
///   them: it is the commit's time, not the build's, and it differs only when the checkout does.
/// - `git.build.version` is the project's own version, and anything else (`version` in
///   `pom.properties`) is what the project declares: a change there is a change of content.
fn kind_of(key: &str, value: &str) -> (FieldKind, Option<crate::Timestamp>) {
    match key {
        "git.build.time" => match dates::parse(value) {
            Some(time) => (FieldKind::Time(TimeRole::Recorded), Some(time)),
            None => (FieldKind::Text, None),
        },
        "git.build.host" => (FieldKind::Captured(Captured::HostName), None),
        "git.build.user.name" | "git.build.user.email" => {
            (FieldKind::Captured(Captured::UserName), None)
        }
        _ if GIT_VCS_STATE.contains(&key) => (FieldKind::Captured(Captured::VcsState), None),
        _ => (FieldKind::Text, None),
    }
}

/// The node of one parsed properties file.
fn node_of(parsed: &syntax::Properties, text: &str) -> Node {
    let mut node = Node::new(FORMAT);
    node.notes.extend(parsed.notes.iter().cloned());
    // `#Generated by …`, the comment a build step passes to Properties.store.
    node.generator = crate::text::generator_named_in_header(text);
    // `load` keeps the last value of a key stored twice.
    let mut last: HashMap<&str, &str> = HashMap::new();
    let mut keys: Vec<&str> = Vec::new();
    for property in &parsed.properties {
        if last.insert(&property.key, &property.value).is_some() {
            node.notes.push(format!(
                "key {:?} is stored more than once: its last value is read, as Properties.load does",
                property.key
            ));
        } else {
            keys.push(&property.key);
        }
    }
    let mut comments: Vec<&str> = Vec::new();
    let mut stored = None;
    for comment in &parsed.leading_comments {
        match dates::parse(comment) {
            Some(time) if stored.is_none() => stored = Some(time),
            _ => comments.push(comment),
        }
    }
    comments.extend(parsed.other_comments.iter().map(String::as_str));
    if let Some(time) = stored {
        node.push_field(Field::new(
            "properties.stored",
            FieldKind::Time(TimeRole::Recorded),
            time,
        ));
    }
    if !comments.is_empty() {
        node.push_field(Field::new(
            "properties.comments",
            FieldKind::Text,
            comments.join("\n"),
        ));
    }
    if !keys.is_empty() {
        let list = SortedList::of(keys.iter().map(|k| k.to_string()).collect());
        node.push_field(Field::new(
            "properties.keys",
            FieldKind::Text,
            list.canonical_text(),
        ));
        if keys.len() >= 2 {
            node.push_field(Field::new(
                format!("properties.keys{ORDER_SUFFIX}"),
                FieldKind::Order(Ordered::Values),
                list.order_text(),
            ));
        }
    }
    for key in &keys {
        let value = last.get(key).copied().unwrap_or("");
        let field = format!("properties.value.{key}");
        match kind_of(key, value) {
            (kind, Some(time)) => node.push_field(Field::new(field, kind, time)),
            (kind, None) => node.push_field(Field::new(field, kind, value)),
        }
    }
    node.push_field(Field::new(
        "properties.spelling",
        FieldKind::Derived(Derivation::spelling()),
        crate::spelling::verbatim_or_digest(text, "bytes"),
    ));
    node
}
