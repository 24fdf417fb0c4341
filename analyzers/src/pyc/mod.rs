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

use crate::{
    AnalyzeError, Analyzer, Content, Covers, Derivation, Detection, Field, FieldKind, Input,
    Limits, MemberOrder, Node, TimeRole, Timestamp, Value,
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
            Ok(graph) => push_body(&graph, release, &header, limits, &mut node),
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

/// The decoded body: `pyc.filename`, one member per code object, `pyc.marshal-refs`.
fn push_body(
    graph: &Graph<'_>,
    release: &'static header::Release,
    header: &Header,
    limits: &Limits,
    node: &mut Node,
) {
    node.notes.extend(graph.notes.iter().cloned());
    let (codes, left_out) = members::collect(graph, limits.max_members);
    if left_out {
        node.notes.push(format!(
            "more than {} code objects: the rest are not compared",
            limits.max_members
        ));
    }
    let code_names: HashMap<_, _> = codes.iter().map(|c| (c.id, c.name.clone())).collect();
    let mut renderer = Renderer::new(graph, code_names, render::total_limit(graph.data.len()));
    match codes.first().and_then(|module| graph.code(module.id)) {
        Some(module) => {
            let module_filename = graph
                .text(module.filename)
                .unwrap_or_else(|| renderer.render(module.filename).text);
            node.push_field(Field::new(
                "pyc.filename",
                FieldKind::SourcePath,
                module_filename.clone(),
            ));
            let opcodes =
                bytecode::table_for(release).filter(|_| header.magic == release.final_magic);
            let context = members::Context {
                graph,
                release,
                opcodes,
                module_filename,
            };
            for object in &codes {
                node.members
                    .push(members::member(&context, &mut renderer, object));
            }
        }
        None => {
            node.notes
                .push("the marshal data is not a code object".to_owned());
            let body = renderer.render(graph.root);
            node.push_field(Field::new("pyc.body", FieldKind::Opaque, body.text));
        }
    }
    if let Some(summary) = vocabulary::summarize(graph, &codes) {
        node.push_field(Field::new(
            "pyc.vocabulary",
            FieldKind::Derived(Derivation::summary(Covers::Data)),
            summary,
        ));
    }
    if renderer.exhausted() {
        node.notes.push(format!(
            "more than {} bytes of rendered values: later values are cut short",
            render::total_limit(graph.data.len())
        ));
    }
    node.push_field(Field::new(
        "pyc.marshal-refs",
        FieldKind::Derived(Derivation::references(Covers::Data)),
        sharing::summarize(graph, &mut renderer),
    ));
}
