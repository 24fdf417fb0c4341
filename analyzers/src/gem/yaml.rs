//! YAML documents read into a bounded tree, tags kept, aliases not expanded.
//!
//! RubyGems writes a gem's specification and checksums with Psych, as YAML 1.1 with Ruby tags
//! (`!ruby/object:Gem::Specification`, `!ruby/object:Gem::Version`) and anchors shared between
//! a dependency's `requirement` and `version_requirements` (`&1` … `*1`). `saphyr-parser` (the
//! maintained successor of yaml-rust2's parser) turns the text into events and keeps every tag;
//! this module builds them into an arena of nodes without recursion and without copying what an
//! alias refers to: an alias is a reference to its anchor's node. Rendering a node as text
//! expands aliases within a byte budget, so a "billion laughs" document (each anchor aliased ten
//! times by the next) is refused once its rendering would pass the budget, never built.
//!
//! Bounds: nesting deeper than [`MAX_DEPTH`] collections, more than [`MAX_NODES`] nodes, or a
//! rendering longer than the budget is an error, which the analyzers turn into a note and a
//! text comparison.

use saphyr_parser::{Event, Parser, ScalarStyle};

/// The deepest nesting of collections read (a gemspec nests four levels).
pub(crate) const MAX_DEPTH: usize = 64;
/// The most nodes (scalars, collections, aliases) one text may hold.
pub(crate) const MAX_NODES: usize = 200_000;

/// An index into [`Yaml::nodes`].
pub(crate) type NodeId = usize;

/// One node of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlNode {
    /// Its tag as written, handle and suffix joined (`!ruby/object:Gem::Version`).
    pub(crate) tag: Option<String>,
    pub(crate) body: Body,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    /// A scalar's value; `plain` when written without quotes (so `~` and an empty plain
    /// scalar are null).
    Scalar { value: String, plain: bool },
    /// A sequence's items.
    Sequence(Vec<NodeId>),
    /// A mapping's keys and values, in the order written.
    Mapping(Vec<(NodeId, NodeId)>),
    /// A reference to an anchored node.
    Alias(NodeId),
}

/// The documents of one YAML text: an arena of nodes and each document's root.
#[derive(Debug, Default)]
pub(crate) struct Yaml {
    pub(crate) nodes: Vec<YamlNode>,
    pub(crate) documents: Vec<NodeId>,
}

/// A collection being read.
struct Open {
    id: NodeId,
    /// A mapping's key waiting for its value.
    key: Option<NodeId>,
}

impl Yaml {
    /// Reads every document of `text`, or says why it could not.
    pub(crate) fn parse(text: &str) -> Result<Yaml, String> {
        let mut yaml = Yaml::default();
        // Anchor ids, as the parser numbers them, to the nodes they name.
        let mut anchors: std::collections::HashMap<usize, NodeId> = Default::default();
        let mut stack: Vec<Open> = Vec::new();
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|e| format!("not YAML: {e}"))?;
            let (tag, anchor, body, opens) = match event {
                Event::Scalar(value, style, anchor, tag) => (
                    tag,
                    anchor,
                    Body::Scalar {
                        value: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                    false,
                ),
                Event::SequenceStart(anchor, tag) => {
                    (tag, anchor, Body::Sequence(Vec::new()), true)
                }
                Event::MappingStart(anchor, tag) => (tag, anchor, Body::Mapping(Vec::new()), true),
                Event::Alias(anchor) => {
                    let target = anchors.get(&anchor).copied().ok_or_else(|| {
                        format!(
                            "an alias to an unknown anchor at line {}",
                            span.start.line()
                        )
                    })?;
                    (None, 0, Body::Alias(target), false)
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let closed = stack.pop().ok_or("a collection closed twice")?;
                    if closed.key.is_some() {
                        return Err("a mapping key without a value".into());
                    }
                    yaml.attach(&mut stack, closed.id)?;
                    continue;
                }
                Event::StreamStart
                | Event::StreamEnd
                | Event::DocumentStart(_)
                | Event::DocumentEnd
                | Event::Nothing => continue,
            };
            if yaml.nodes.len() >= MAX_NODES {
                return Err(format!("more than {MAX_NODES} YAML nodes"));
            }
            let id = yaml.nodes.len();
            yaml.nodes.push(YamlNode {
                tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                body,
            });
            if anchor != 0 {
                anchors.insert(anchor, id);
            }
            if opens {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("YAML nested deeper than {MAX_DEPTH} levels"));
                }
                stack.push(Open { id, key: None });
            } else {
                yaml.attach(&mut stack, id)?;
            }
        }
        if !stack.is_empty() {
            return Err("the YAML text ends inside a collection".into());
        }
        Ok(yaml)
    }

    /// Adds the finished node `id` to the collection being read, or makes it a document's root.
    fn attach(&mut self, stack: &mut [Open], id: NodeId) -> Result<(), String> {
        let Some(open) = stack.last_mut() else {
            self.documents.push(id);
            return Ok(());
        };
        let parent = self.nodes.get_mut(open.id).ok_or("a lost collection")?;
        match &mut parent.body {
            Body::Sequence(items) => items.push(id),
            Body::Mapping(pairs) => match open.key.take() {
                Some(key) => pairs.push((key, id)),
                None => open.key = Some(id),
            },
            _ => return Err("a scalar holding a node".into()),
        }
        Ok(())
    }

    /// The node `id`, aliases followed (at most [`MAX_DEPTH`] hops).
    pub(crate) fn resolve(&self, mut id: NodeId) -> Option<&YamlNode> {
        for _ in 0..MAX_DEPTH {
            let node = self.nodes.get(id)?;
            match node.body {
                Body::Alias(target) => id = target,
                _ => return Some(node),
            }
        }
        None
    }

    /// The value of a scalar node (aliases followed), or `None`.
    pub(crate) fn scalar(&self, id: NodeId) -> Option<&str> {
        match &self.resolve(id)?.body {
            Body::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The key/value pairs of a mapping node (aliases followed), or `None`.
    pub(crate) fn mapping(&self, id: NodeId) -> Option<&[(NodeId, NodeId)]> {
        match &self.resolve(id)?.body {
            Body::Mapping(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// The items of a sequence node (aliases followed), or `None`.
    pub(crate) fn sequence(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.resolve(id)?.body {
            Body::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The tag of node `id` (aliases followed).
    pub(crate) fn tag(&self, id: NodeId) -> Option<&str> {
        self.resolve(id)?.tag.as_deref()
    }

    /// Node `id` as one line of text, in a flow style (`!tag {key: value, list: [a, b]}`),
    /// aliases expanded; `Err` once more than `budget` bytes would be written or the nesting,
    /// aliases included, passes [`MAX_DEPTH`]. Ruby's `Gem::Version` and `Gem::Requirement`
    /// objects render as RubyGems shows them (`1.0.0`, `>= 0`).
    pub(crate) fn render(&self, id: NodeId, budget: usize) -> Result<String, String> {
        let mut out = String::new();
        let mut renderer = Renderer {
            yaml: self,
            budget,
            out: &mut out,
        };
        renderer.node(id, 0)?;
        Ok(out)
    }
}

struct Renderer<'a> {
    yaml: &'a Yaml,
    budget: usize,
    out: &'a mut String,
}

impl Renderer<'_> {
    fn push(&mut self, text: &str) -> Result<(), String> {
        self.budget = self
            .budget
            .checked_sub(text.len())
            .ok_or("the YAML renders longer than its budget (aliases expanded)")?;
        self.out.push_str(text);
        Ok(())
    }

    fn node(&mut self, id: NodeId, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "YAML nested deeper than {MAX_DEPTH} levels (aliases expanded)"
            ));
        }
        let yaml = self.yaml;
        let node = yaml.nodes.get(id).ok_or("a lost node")?;
        if let Body::Alias(target) = node.body {
            return self.node(target, depth.saturating_add(1));
        }
        match node.tag.as_deref() {
            Some("!ruby/object:Gem::Version") => {
                if let Some(version) = field(yaml, id, "version") {
                    return self.node(version, depth.saturating_add(1));
                }
            }
            Some("!ruby/object:Gem::Requirement") => {
                if let Some(requirements) = field(yaml, id, "requirements") {
                    return self.requirements(requirements, depth.saturating_add(1));
                }
            }
            Some(tag) => {
                self.push(tag)?;
                self.push(" ")?;
            }
            None => {}
        }
        match &node.body {
            Body::Scalar { value, plain } => {
                if !plain && needs_quotes(value) {
                    self.push(&format!("{value:?}"))
                } else {
                    self.push(value)
                }
            }
            Body::Sequence(items) => {
                self.push("[")?;
                for (index, &item) in items.iter().enumerate() {
                    if index > 0 {
                        self.push(", ")?;
                    }
                    self.node(item, depth.saturating_add(1))?;
                }
                self.push("]")
            }
            Body::Mapping(pairs) => {
                self.push("{")?;
                for (index, &(key, value)) in pairs.iter().enumerate() {
                    if index > 0 {
                        self.push(", ")?;
                    }
                    self.node(key, depth.saturating_add(1))?;
                    self.push(": ")?;
                    self.node(value, depth.saturating_add(1))?;
                }
                self.push("}")
            }
            Body::Alias(_) => Ok(()),
        }
    }

    /// A requirement list (`[[">=", !ruby/object:Gem::Version {version: "0"}]]`) as RubyGems
    /// prints it: `>= 0`, pairs joined by `, `.
    fn requirements(&mut self, id: NodeId, depth: usize) -> Result<(), String> {
        let yaml = self.yaml;
        let Some(items) = yaml.sequence(id) else {
            return self.node(id, depth);
        };
        for (index, &item) in items.iter().enumerate() {
            if index > 0 {
                self.push(", ")?;
            }
            match yaml.sequence(item) {
                Some(&[op, version]) if yaml.scalar(op).is_some() => {
                    self.node(op, depth.saturating_add(1))?;
                    self.push(" ")?;
                    self.node(version, depth.saturating_add(1))?;
                }
                _ => self.node(item, depth.saturating_add(1))?,
            }
        }
        Ok(())
    }
}

/// The value of key `name` in the mapping `id`, if it is one and has that key.
pub(crate) fn field(yaml: &Yaml, id: NodeId, name: &str) -> Option<NodeId> {
    yaml.mapping(id)?
        .iter()
        .find(|(key, _)| yaml.scalar(*key) == Some(name))
        .map(|&(_, value)| value)
}

/// Whether a quoted scalar would read as something else without its quotes (empty, spaced, or
/// holding the flow rendering's punctuation).
fn needs_quotes(value: &str) -> bool {
    value.is_empty()
        || value != value.trim()
        || value
            .chars()
            .any(|c| matches!(c, ',' | '[' | ']' | '{' | '}' | ':' | '"' | '\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_anchors_and_aliases_are_kept() {
        let text = "--- !ruby/object:Gem::Specification\nname: x\ndependencies:\n- !ruby/object:Gem::Dependency\n  name: rake\n  requirement: &1 !ruby/object:Gem::Requirement\n    requirements:\n    - - \">=\"\n      - !ruby/object:Gem::Version\n        version: '13.0'\n  version_requirements: *1\n";
        let yaml = Yaml::parse(text).unwrap();
        assert_eq!(yaml.documents.len(), 1);
        let root = yaml.documents[0];
        assert_eq!(yaml.tag(root), Some("!ruby/object:Gem::Specification"));
        let deps = field(&yaml, root, "dependencies").unwrap();
        let dep = yaml.sequence(deps).unwrap()[0];
        let requirement = field(&yaml, dep, "requirement").unwrap();
        let alias = field(&yaml, dep, "version_requirements").unwrap();
        assert!(matches!(yaml.nodes[alias].body, Body::Alias(_)));
        assert_eq!(yaml.render(requirement, 1000).unwrap(), ">= 13.0");
        assert_eq!(yaml.render(alias, 1000).unwrap(), ">= 13.0");
        assert_eq!(
            yaml.render(dep, 1000).unwrap(),
            "!ruby/object:Gem::Dependency {name: rake, requirement: >= 13.0, \
             version_requirements: >= 13.0}"
        );
    }

    #[test]
    fn a_billion_laughs_is_refused_by_the_render_budget_not_built() {
        let mut text = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut previous = 'a';
        for name in 'b'..='j' {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{previous}"); 10].join(",")
            ));
            previous = name;
        }
        let yaml = Yaml::parse(&text).unwrap();
        // 10 levels of 10 aliases: a few hundred nodes read, not 10^10.
        assert!(yaml.nodes.len() < 300, "{}", yaml.nodes.len());
        let root = yaml.documents[0];
        let error = yaml.render(root, 1 << 20).unwrap_err();
        assert!(error.contains("budget"), "{error}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for text in [
            "[".repeat(100_000),
            "- ".repeat(100_000) + "x",
            (0..10_000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>(),
        ] {
            let error = Yaml::parse(&text).unwrap_err();
            assert!(
                error.contains("deeper") || error.contains("not YAML"),
                "{error}"
            );
        }
    }

    #[test]
    fn an_alias_cycle_renders_within_its_depth() {
        let yaml = Yaml::parse("&a [*a]").unwrap();
        assert!(yaml.render(yaml.documents[0], 1 << 20).is_err());
    }

    #[test]
    fn malformed_text_is_an_error() {
        for text in ["a: [1, 2", "key: \"unterminated", "*nowhere", "a: b: c"] {
            assert!(Yaml::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn huge_numbers_stay_text() {
        let big = "9".repeat(10_000);
        let yaml = Yaml::parse(&format!("n: {big}\n")).unwrap();
        let n = field(&yaml, yaml.documents[0], "n").unwrap();
        assert_eq!(yaml.scalar(n), Some(big.as_str()));
    }
}
