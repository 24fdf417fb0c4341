//! One member per code object, named by its qualified path, with the code object's fields.
//!
//! The module's code object is `<module>`; a code object found in the constants of another is
//! named after it: `<module>.func`, `<module>.Class.method`, and, inside a function (a code
//! object with CO_OPTIMIZED), `<module>.func.<locals>.inner`, as Python's `__qualname__` does.
//! Names are computed the same way for every release (3.11+'s `co_qualname` is a field of its
//! own), and a name that repeats (two lambdas) gets `#2`, `#3`… in order of appearance.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::bytecode::{self, OpcodeTable, Operands};
use super::code::Code;
use super::header::Release;
use super::marshal::{Graph, Id, Obj};
use super::render::{Renderer, FIELD_LIMIT, RENDER_DEPTH};
use crate::{Field, FieldKind, Member, MemberData, Ordered, Value, ORDER_SUFFIX};

/// CO_OPTIMIZED: set on functions, lambdas and comprehensions, never on module or class bodies.
const CO_OPTIMIZED: u32 = 0x1;
/// How many characters of a constant an instruction listing shows.
const OPERAND_LIMIT: usize = 80;

/// A code object and its member name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CodeObject {
    /// Its id in the graph (references resolved).
    pub id: Id,
    /// Its member name.
    pub name: String,
}

/// Every code object reachable from the root through constants, depth-first in stored order,
/// at most `limit` of them (the second value is true when some were left out).
pub(super) fn collect(graph: &Graph<'_>, limit: usize) -> (Vec<CodeObject>, bool) {
    let mut finder = Finder {
        graph,
        limit,
        found: Vec::new(),
        names: NameBook::default(),
        visited: HashSet::new(),
        left_out: false,
    };
    let root = graph.resolve(graph.root);
    if graph.code(root).is_some() {
        finder.add(root, "<module>".to_owned(), 0);
    }
    (finder.found, finder.left_out)
}

struct Finder<'a, 'g> {
    graph: &'a Graph<'g>,
    limit: usize,
    found: Vec<CodeObject>,
    names: NameBook,
    /// Code objects and containers already walked.
    visited: HashSet<Id>,
    left_out: bool,
}

impl Finder<'_, '_> {
    fn add(&mut self, id: Id, name: String, depth: usize) {
        if !self.visited.insert(id) {
            return;
        }
        if self.found.len() >= self.limit {
            self.left_out = true;
            return;
        }
        let name = self.names.unique(name);
        self.found.push(CodeObject {
            id,
            name: name.clone(),
        });
        let Some(code) = self.graph.code(id) else {
            return;
        };
        let prefix = if code.flags & CO_OPTIMIZED != 0 {
            format!("{name}.<locals>.")
        } else {
            format!("{name}.")
        };
        self.walk_constants(code.consts, &prefix, depth.saturating_add(1));
    }

    /// Looks for code objects in a constant and the containers it holds.
    fn walk_constants(&mut self, id: Id, prefix: &str, depth: usize) {
        if depth > RENDER_DEPTH {
            return;
        }
        let graph = self.graph;
        let id = graph.resolve(id);
        match graph.get(id) {
            Obj::Code(code) => {
                let name = graph.text(code.name).unwrap_or_else(|| "?".to_owned());
                self.add(id, format!("{prefix}{name}"), depth);
            }
            Obj::Tuple(items) | Obj::List(items) | Obj::Set(items) | Obj::FrozenSet(items)
                if self.visited.insert(id) =>
            {
                for &item in items {
                    self.walk_constants(item, prefix, depth.saturating_add(1));
                }
            }
            Obj::Dict(pairs) if self.visited.insert(id) => {
                for &(key, value) in pairs {
                    self.walk_constants(key, prefix, depth.saturating_add(1));
                    self.walk_constants(value, prefix, depth.saturating_add(1));
                }
            }
            _ => {}
        }
    }
}

/// The member names given so far.
#[derive(Default)]
struct NameBook {
    /// How many times each name was asked for.
    asked: HashMap<String, usize>,
    /// Every name given.
    given: HashSet<String>,
}

impl NameBook {
    /// `name`, or `name#2`, `name#3`… when it was given before.
    fn unique(&mut self, name: String) -> String {
        let mut count = self.asked.get(&name).copied().unwrap_or(0);
        loop {
            count = count.saturating_add(1);
            let candidate = if count == 1 {
                name.clone()
            } else {
                format!("{name}#{count}")
            };
            if self.given.insert(candidate.clone()) {
                self.asked.insert(name, count);
                return candidate;
            }
        }
    }
}

/// What building a member needs besides the code object.
pub(super) struct Context<'a, 'g> {
    pub graph: &'a Graph<'g>,
    pub release: &'static Release,
    /// The opcode table, when the release has one and the magic is its final one.
    pub opcodes: Option<&'static OpcodeTable>,
    /// The module's `co_filename`, which other code objects' usually repeat.
    pub module_filename: String,
}

/// The member of one code object.
pub(super) fn member(
    context: &Context<'_, '_>,
    renderer: &mut Renderer<'_>,
    object: &CodeObject,
) -> Member {
    let mut member = Member::new(&object.name, MemberData::None);
    if let Some(code) = context.graph.code(object.id) {
        let fields = &mut member.fields;
        push_identity(context, renderer, code, fields);
        push_signature(context, code, fields);
        push_names(context.graph, renderer, code, fields);
        fields.push(rendered("code.consts", code.consts, renderer));
        order_fields(
            context.graph,
            renderer,
            code.consts,
            "code.consts",
            0,
            fields,
        );
        push_tables(context, renderer, code, fields);
    }
    member
}

/// A value of the compiled program (a constant, a name, the code).
fn opaque(name: &'static str, value: Value) -> Field {
    Field::new(name, FieldKind::Program, value)
}

fn rendered(name: &'static str, id: Id, renderer: &mut Renderer<'_>) -> Field {
    opaque(name, Value::Str(renderer.render(id).text))
}

/// Name, qualified name, file name (when not the module's) and first line.
fn push_identity(
    context: &Context<'_, '_>,
    renderer: &mut Renderer<'_>,
    code: &Code,
    fields: &mut Vec<Field>,
) {
    let graph = context.graph;
    fields.push(opaque("code.name", text_value(graph, code.name, renderer)));
    if let Some(qualname) = code.qualname {
        let value = text_value(graph, qualname, renderer);
        fields.push(opaque("code.qualname", value));
    }
    if let Value::Str(filename) = text_value(graph, code.filename, renderer) {
        if filename != context.module_filename {
            fields.push(Field::new("code.filename", FieldKind::SourcePath, filename));
        }
    }
    fields.push(opaque("code.firstlineno", int(code.firstlineno)));
}

/// Argument counts, local count, stack size and flags.
fn push_signature(context: &Context<'_, '_>, code: &Code, fields: &mut Vec<Field>) {
    fields.push(opaque("code.argcount", int(code.argcount)));
    let counts = [
        ("code.posonlyargcount", code.posonlyargcount),
        ("code.kwonlyargcount", code.kwonlyargcount),
        ("code.nlocals", code.nlocals),
    ];
    for (name, count) in counts {
        if let Some(count) = count {
            fields.push(opaque(name, int(count)));
        }
    }
    fields.push(opaque("code.stacksize", int(code.stacksize)));
    let flags = bytecode::flags_text(code.flags, context.release);
    fields.push(opaque("code.flags", Value::Str(flags)));
}

/// Global, local, cell and free variable names.
fn push_names(
    graph: &Graph<'_>,
    renderer: &mut Renderer<'_>,
    code: &Code,
    fields: &mut Vec<Field>,
) {
    fields.push(rendered("code.names", code.names, renderer));
    let name_lists = [
        ("code.varnames", code.varnames),
        ("code.localsplusnames", code.localsplusnames),
        ("code.freevars", code.freevars),
        ("code.cellvars", code.cellvars),
    ];
    for (name, id) in name_lists {
        if let Some(id) = id {
            fields.push(rendered(name, id, renderer));
        }
    }
    if let Some(kinds) = code.localspluskinds {
        let value = kinds_value(graph, kinds, renderer);
        fields.push(opaque("code.localspluskinds", value));
    }
}

/// Line table and exception table digests, and the bytecode listing.
fn push_tables(
    context: &Context<'_, '_>,
    renderer: &mut Renderer<'_>,
    code: &Code,
    fields: &mut Vec<Field>,
) {
    let graph = context.graph;
    let linetable = digest_value(graph, code.linetable, renderer);
    fields.push(opaque("code.linetable", linetable));
    if let Some(table) = code.exceptiontable {
        let value = digest_value(graph, table, renderer);
        fields.push(opaque("code.exceptiontable", value));
    }
    let listing = bytecode_value(context, renderer, code);
    fields.push(opaque("code.bytecode", listing));
}

fn int(value: i32) -> Value {
    Value::Int(i64::from(value))
}

/// A name or file name as plain text; anything else rendered.
fn text_value(graph: &Graph<'_>, id: Id, renderer: &mut Renderer<'_>) -> Value {
    Value::Str(
        graph
            .text(id)
            .unwrap_or_else(|| renderer.render_within(id, OPERAND_LIMIT).text),
    )
}

/// `sha256:… (N bytes)` of a bytes object (line tables are not readable as they are).
fn digest_value(graph: &Graph<'_>, id: Id, renderer: &mut Renderer<'_>) -> Value {
    match graph.raw_bytes(id) {
        Some(bytes) => Value::Str(digest_text(bytes)),
        None => Value::Str(renderer.render(id).text),
    }
}

fn digest_text(bytes: &[u8]) -> String {
    format!("sha256:{:x} ({} bytes)", Sha256::digest(bytes), bytes.len())
}

/// 3.11+ local kinds, one hexadecimal byte per name.
fn kinds_value(graph: &Graph<'_>, id: Id, renderer: &mut Renderer<'_>) -> Value {
    match graph.raw_bytes(id) {
        Some(bytes) => {
            let kinds: Vec<String> = bytes.iter().map(|b| format!("0x{b:02x}")).collect();
            Value::Str(format!("({})", kinds.join(", ")))
        }
        None => Value::Str(renderer.render(id).text),
    }
}

/// One `FieldKind::Order` field per set or frozenset among the constants (nested in tuples or
/// frozensets too): the stored order of its items as positions in the canonical order (`sorted
/// positions 3, 1, 2`: the first item stored is the third in sorted order…), so that
/// the same items stored in another order differ here and nowhere else, and a set whose items
/// changed but kept their relative order does not look reordered.
fn order_fields(
    graph: &Graph<'_>,
    renderer: &mut Renderer<'_>,
    id: Id,
    path: &str,
    depth: usize,
    fields: &mut Vec<Field>,
) {
    if depth > RENDER_DEPTH {
        return;
    }
    match graph.get(id) {
        Obj::Tuple(items) | Obj::List(items) => {
            for (i, &item) in items.iter().enumerate() {
                order_fields(
                    graph,
                    renderer,
                    item,
                    &format!("{path}[{i}]"),
                    depth.saturating_add(1),
                    fields,
                );
            }
        }
        Obj::Set(items) | Obj::FrozenSet(items) => {
            let order = renderer.canonical_order(items);
            let mut positions = vec![0; items.len()];
            for (sorted_position, &stored) in (1..).zip(&order) {
                if let Some(position) = positions.get_mut(stored) {
                    *position = sorted_position;
                }
            }
            let text: Vec<String> = positions.iter().map(usize::to_string).collect();
            fields.push(Field::new(
                format!("{path}{ORDER_SUFFIX}"),
                FieldKind::Order(Ordered::Values),
                format!("sorted positions {}", text.join(", ")),
            ));
            let sorted_items = order.iter().filter_map(|&stored| items.get(stored));
            for (sorted, &item) in sorted_items.enumerate() {
                let item_path = format!("{path}{{{sorted}}}");
                order_fields(
                    graph,
                    renderer,
                    item,
                    &item_path,
                    depth.saturating_add(1),
                    fields,
                );
            }
        }
        _ => {}
    }
}

/// The instruction listing, or a digest when the release has no opcode table; cut listings end
/// with the digest of the whole bytecode so that no difference goes unseen.
fn bytecode_value(context: &Context<'_, '_>, renderer: &mut Renderer<'_>, code: &Code) -> Value {
    let graph = context.graph;
    let Some(bytes) = graph.raw_bytes(code.code) else {
        return Value::Str(renderer.render(code.code).text);
    };
    let Some(table) = context.opcodes else {
        return Value::Str(format!(
            "{} (no opcode table for this magic number)",
            digest_text(bytes)
        ));
    };
    let operands = operands(graph, renderer, code, context.release);
    let (mut text, cut) = bytecode::listing(bytes, table, context.release, &operands, FIELD_LIMIT);
    if cut {
        text.push_str(&format!("; … {}", digest_text(bytes)));
    }
    Value::Str(text)
}

/// What instruction arguments resolve to in this code object.
fn operands(
    graph: &Graph<'_>,
    renderer: &mut Renderer<'_>,
    code: &Code,
    release: &Release,
) -> Operands {
    let mut names_of = |id: Option<Id>| -> Vec<String> {
        let Some(items) = id.and_then(|id| graph.items(id)) else {
            return Vec::new();
        };
        items
            .iter()
            .map(|&item| {
                graph
                    .text(item)
                    .unwrap_or_else(|| renderer.render_within(item, OPERAND_LIMIT).text)
            })
            .collect()
    };
    let names = names_of(Some(code.names));
    let (locals, free) = if release.at_least(3, 11) {
        let all = names_of(code.localsplusnames);
        (all.clone(), all)
    } else {
        let mut free = names_of(code.cellvars);
        free.extend(names_of(code.freevars));
        (names_of(code.varnames), free)
    };
    let consts = graph
        .items(code.consts)
        .unwrap_or_default()
        .iter()
        .map(|&item| renderer.render_within(item, OPERAND_LIMIT).text)
        .collect();
    Operands {
        consts,
        names,
        locals,
        free,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_are_numbered_in_order_of_appearance() {
        let mut book = NameBook::default();
        let names: Vec<String> = [
            "<module>.<lambda>",
            "<module>.f",
            "<module>.<lambda>",
            "<module>.<lambda>",
        ]
        .iter()
        .map(|n| book.unique((*n).to_owned()))
        .collect();
        assert_eq!(
            names,
            [
                "<module>.<lambda>",
                "<module>.f",
                "<module>.<lambda>#2",
                "<module>.<lambda>#3"
            ]
        );
        // A name that looks like a numbered one is numbered past it.
        assert_eq!(
            book.unique("<module>.<lambda>#2".to_owned()),
            "<module>.<lambda>#2#2"
        );
    }
}
