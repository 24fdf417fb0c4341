//! CPython compiled modules (`.pyc`, `.pyo`) of CPython 2.7 and 3.6–3.14: the header fields a
//! build leaks, and every code object as a member whose fields a reader can compare.
//!
//! The header (`header.rs`) names the interpreter (its magic number, a `ToolVersion`), how the pyc
//! is invalidated (PEP 552 flags, an `Encoding`), the source mtime (a `Time`) and the source size
//! or hash (`Derived` from the source). The body is a marshal stream, read here (`marshal.rs`)
//! because no crate reads it safely: it becomes a graph of objects, each with its offset, type
//! code and FLAG_REF reference index. Each code object (`code.rs`) becomes one member named by its
//! qualified path (`members.rs`), its fields rendered as Python would print them (`render.rs`):
//! names, counts, flags, constants (sets in canonical order, their stored order in separate
//! `Order` fields), line and exception tables as digests, the bytecode as an instruction listing
//! (`bytecode.rs`). The module's `co_filename` is one node field (`pyc.filename`, `SourcePath`), so that
//! a build path repeated in every code object is one difference; a code object whose file name
//! differs from the module's has its own. Which objects marshal shared through references is one
//! derived field (`pyc.marshal-refs`, `sharing.rs`), independent of offsets and set order: it
//! follows from the code objects, and alone it is the compiling process's state. The literals
//! and names of the whole module are a producer-independent summary (`pyc.vocabulary`,
//! `vocabulary.rs`): equal while the magic differs, the rest follows from the interpreter.
//!
//! An unknown magic number, or a marshal stream that cannot be read, leaves the header fields, a
//! note saying why and where, and the body as bytes.

mod bytecode;
mod code;
mod fingerprint;
pub(crate) mod frozen;
mod header;
mod marshal;
mod members;
mod opcodes;
mod render;
mod sharing;
#[cfg(test)]
mod tests;
mod vocabulary;

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;

use crate::{
    AnalyzeError, Analyzer, Content, Covers, Deferred, DeferredSource, Derivation, Detection,
    Field, FieldKind, Input, Limits, Member, MemberData, MemberOrder, Node, TimeRole, Timestamp,
    Value,
};
use code::Layout;
use header::Header;
use marshal::{Dialect, Graph};
use render::Renderer;

/// Reads CPython `.pyc` and `.pyo` files.
pub struct PycAnalyzer;

/// Extensions of compiled Python modules.
const EXTENSIONS: &[&str] = &[".pyc", ".pyo"];

impl Analyzer for PycAnalyzer {
    fn format(&self) -> &'static str {
        "pyc"
    }

    fn detect(&self, input: Input<'_>) -> Detection {
        if header::has_known_magic(input.data) {
            return Detection::ByMagic;
        }
        if input.has_extension(EXTENSIONS) {
            Detection::ByName
        } else {
            Detection::No
        }
    }

    fn analyze(&self, input: Input<'_>, limits: &Limits) -> Result<Node, AnalyzeError> {
        let data: &[u8] = input.data;
        let header =
            header::parse(data).map_err(|reason| AnalyzeError::malformed("pyc", reason))?;
        let mut node = Node::new("pyc");
        node.order = MemberOrder::Irrelevant;
        push_header_fields(&header, &mut node);
        node.notes.extend(header.problems.iter().cloned());
        let body = input.data.slice(header.len..);
        let Some(release) = header.release else {
            node.notes.push(format!(
                "unknown pyc magic {}: body not decoded",
                header.magic
            ));
            node.content = Content::Bytes(body);
            return Ok(node);
        };
        let dialect = Dialect {
            python2: release.is_python2(),
            layout: Layout::of(release),
        };
        match marshal::read(data, header.len, dialect) {
            Ok(graph) => {
                let body = Body {
                    data: input.data.clone(),
                    header_len: header.len,
                    dialect,
                    release,
                    max_members: limits.max_members,
                };
                push_body(&graph, &body, &header, &mut node)
            }
            Err(error) => {
                node.notes.push(format!(
                    "marshal data unreadable at byte {}: {}; the body is compared as bytes",
                    error.offset, error.reason
                ));
                node.content = Content::Bytes(body);
            }
        }
        Ok(node)
    }
}

/// The header's fields: magic, PEP 552 flags, source mtime, size and hash.
fn push_header_fields(header: &Header, node: &mut Node) {
    node.push_field(Field::new(
        "pyc.magic",
        FieldKind::ToolVersion,
        header.magic_text(),
    ));
    if let Some(flags) = header.flags_text() {
        node.push_field(Field::new("pyc.flags", FieldKind::Encoding, flags));
    }
    if let Some(mtime) = header.source_mtime {
        node.push_field(Field::new(
            "pyc.source-mtime",
            FieldKind::Time(TimeRole::Input),
            Timestamp::unix(i64::from(mtime)),
        ));
    }
    if let Some(size) = header.source_size {
        node.push_field(Field::new(
            "pyc.source-size",
            FieldKind::Derived(Derivation::size(Covers::Data)),
            Value::Int(i64::from(size)),
        ));
    }
    if let Some(hash) = header.source_hash {
        node.push_field(Field::new(
            "pyc.source-hash",
            FieldKind::Derived(Derivation::checksum(Covers::Data)),
            Value::Bytes(hash.to_vec()),
        ));
    }
}

/// The decoded body: `pyc.filename`, then one member per code object, `pyc.vocabulary` and
/// `pyc.marshal-refs`, deferred behind the module's key (`fingerprint.rs`): rendered only if the
/// engine finds the keys of the two sides differ.
fn push_body(graph: &Graph<'_>, body: &Body, header: &Header, node: &mut Node) {
    node.notes.extend(graph.notes.iter().cloned());
    let Some(module) = graph.code(graph.root) else {
        let mut renderer =
            Renderer::new(graph, HashMap::new(), render::total_limit(graph.data.len()));
        node.notes
            .push("the marshal data is not a code object".to_owned());
        let text = renderer.render(graph.root).text;
        node.push_field(Field::new("pyc.body", FieldKind::Opaque, text));
        node.fields.push(sharing_field(graph, &mut renderer, None));
        return;
    };
    let filename_text = graph.text(module.filename);
    let opcodes = body.opcodes(header);
    let context = format!("{} {}", header.magic, opcodes.is_some());
    let key = filename_text.as_deref().and_then(|filename| {
        fingerprint::module_key(graph, &body.data, body.header_len, filename, &context)
    });
    match key {
        Some(key) => {
            node.push_field(Field::new(
                "pyc.filename",
                FieldKind::SourcePath,
                filename_text.unwrap_or_default(),
            ));
            node.deferred = Some(Deferred {
                key,
                source: Arc::new(body.clone()),
            });
        }
        None => body.fill(graph, opcodes, node),
    }
}

/// `pyc.marshal-refs`: which objects marshal shared.
fn sharing_field(
    graph: &Graph<'_>,
    renderer: &mut Renderer<'_>,
    module_filename: Option<&str>,
) -> Field {
    Field::new(
        "pyc.marshal-refs",
        FieldKind::Derived(Derivation::references(Covers::Data)),
        sharing::summarize(graph, renderer, module_filename),
    )
}

/// The rendered fields of a module's code objects and of the module itself.
#[derive(Debug, Default)]
struct Rendered {
    /// Each code object's fields, in the order of `codes`.
    members: Vec<Vec<Field>>,
    /// The module's own rendered fields (`pyc.vocabulary`, `pyc.marshal-refs`).
    node: Vec<Field>,
    /// What rendering cut short.
    notes: Vec<String>,
}

/// Renders every code object's fields, the module's vocabulary and its sharing summary.
fn render_body(
    graph: &Graph<'_>,
    release: &'static header::Release,
    opcodes: Option<&'static bytecode::OpcodeTable>,
    codes: &[members::CodeObject],
    module_filename: &str,
    renderer: &mut Renderer<'_>,
) -> Rendered {
    let context = members::Context {
        graph,
        release,
        opcodes,
        module_filename: module_filename.to_owned(),
    };
    let mut rendered = Rendered {
        members: codes
            .iter()
            .map(|object| members::member(&context, renderer, object).fields)
            .collect(),
        ..Rendered::default()
    };
    if let Some(summary) = vocabulary::summarize(graph, codes) {
        rendered.node.push(Field::new(
            "pyc.vocabulary",
            FieldKind::Derived(Derivation::summary(Covers::Data)),
            summary,
        ));
    }
    rendered
        .node
        .push(sharing_field(graph, renderer, Some(module_filename)));
    if renderer.exhausted() {
        rendered.notes.push(format!(
            "more than {} bytes of rendered values: later values are cut short",
            render::total_limit(graph.data.len())
        ));
    }
    rendered
}

/// A module's marshal data and what reading it needs: renders the code objects eagerly
/// ([`Body::fill`]) or when the engine completes the node ([`DeferredSource`]), reading the
/// data again.
#[derive(Clone)]
struct Body {
    data: Bytes,
    header_len: usize,
    dialect: Dialect,
    release: &'static header::Release,
    max_members: usize,
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body")
            .field("bytes", &self.data.len())
            .field("release", self.release)
            .finish_non_exhaustive()
    }
}

impl Body {
    /// The opcode table, when the release has one and the magic is its final one.
    fn opcodes(&self, header: &Header) -> Option<&'static bytecode::OpcodeTable> {
        bytecode::table_for(self.release).filter(|_| header.magic == self.release.final_magic)
    }

    /// Adds `pyc.filename` (when absent), one member per code object, `pyc.vocabulary`,
    /// `pyc.marshal-refs` and what rendering them cut short.
    fn fill(
        &self,
        graph: &Graph<'_>,
        opcodes: Option<&'static bytecode::OpcodeTable>,
        node: &mut Node,
    ) {
        let (codes, left_out) = members::collect(graph, self.max_members);
        if left_out {
            node.notes.push(format!(
                "more than {} code objects: the rest are not compared",
                self.max_members
            ));
        }
        let Some(module) = codes.first().and_then(|module| graph.code(module.id)) else {
            return;
        };
        let code_names: HashMap<_, _> = codes.iter().map(|c| (c.id, c.name.clone())).collect();
        let mut renderer = Renderer::new(graph, code_names, render::total_limit(graph.data.len()));
        let module_filename = graph
            .text(module.filename)
            .unwrap_or_else(|| renderer.render(module.filename).text);
        if !node.fields.iter().any(|f| f.name == "pyc.filename") {
            node.push_field(Field::new(
                "pyc.filename",
                FieldKind::SourcePath,
                module_filename.clone(),
            ));
        }
        let rendered = render_body(
            graph,
            self.release,
            opcodes,
            &codes,
            &module_filename,
            &mut renderer,
        );
        for (object, fields) in codes.iter().zip(rendered.members) {
            let mut member = Member::new(&object.name, MemberData::None);
            member.fields = fields;
            node.members.push(member);
        }
        node.fields.extend(rendered.node);
        node.notes.extend(rendered.notes);
    }
}

impl DeferredSource for Body {
    fn complete(&self, node: &mut Node) {
        let data: &[u8] = &self.data;
        let (Ok(header), Ok(graph)) = (
            header::parse(data),
            marshal::read(data, self.header_len, self.dialect),
        ) else {
            node.notes
                .push("the marshal data could not be read again".to_owned());
            return;
        };
        self.fill(&graph, self.opcodes(&header), node);
    }
}
