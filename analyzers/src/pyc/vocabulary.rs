//! What a module says, independent of the interpreter that compiled it: the literal constants
//! and the identifiers of all its code objects, as one digest.
//!
//! Two interpreters compile the same source into other bytecode, line tables, stack sizes and
//! code-object layouts (3.12 inlines comprehensions, so their code objects vanish and their names
//! and constants move into the enclosing function; 3.13 strips docstring indentation). The set of
//! literals and names of the whole module does not move: `41` is a constant somewhere in both,
//! `answer` and `x` are names somewhere in both. When that set is equal while the magic number
//! differs, every other difference inside the pyc follows from the interpreter's version; when
//! a literal or a name appears on one side only, the program changed.
//!
//! Left out, because compilers add or drop them by themselves: `None`, `True`, `False`,
//! `Ellipsis`, code objects (compared through what they hold), names of comprehension code objects
//! and their hidden `.0` argument, dunder names (`__static_attributes__`, `__firstlineno__`,
//! `__classcell__`), the qualified names of the module's own functions and classes (3.10 and
//! older store them as string constants, 3.11+ in the code object), the line number a class
//! body stores as its `__firstlineno__` (3.13), and strings that are identifiers the module
//! uses as names anyway (keyword-argument and annotation names, `__slots__`, which each release
//! stores in other tuples). Multi-line strings are compared as `inspect.cleandoc` leaves them
//! (3.13 dedents docstrings), and printf-style formats by their literal pieces (3.11+ compiles
//! `"%s" % x` like an f-string).

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::marshal::{Graph, Id, Obj};
use super::members::CodeObject;

/// Nesting of constant tuples and sets walked, at most.
const MAX_DEPTH: usize = 16;
/// Items gathered at most; a module with more gets no summary (it is not needed to be right).
const MAX_ITEMS: usize = 200_000;

/// The digest of the module's literals and names, or `None` when it cannot be made whole.
pub(super) fn summarize(graph: &Graph<'_>, codes: &[CodeObject]) -> Option<String> {
    // Member names number repeats (`command#2`); qualified names do not.
    let qualnames: BTreeSet<String> = codes
        .iter()
        .filter_map(|object| object.name.strip_prefix("<module>."))
        .map(|name| {
            let parts: Vec<&str> = name
                .split('.')
                .map(|part| match part.rsplit_once('#') {
                    Some((base, n)) if n.chars().all(|c| c.is_ascii_digit()) => base,
                    _ => part,
                })
                .collect();
            format!("s:{}", parts.join("."))
        })
        .collect();
    let mut identifier_strings = BTreeSet::new();
    let mut words = BTreeSet::new();
    for object in codes {
        let code = graph.code(object.id)?;
        let stores_first_line = graph.items(graph.resolve(code.names)).is_some_and(|names| {
            names
                .iter()
                .any(|&n| graph.text(graph.resolve(n)).as_deref() == Some("__firstlineno__"))
        });
        let first_line = format!("i:{}", code.firstlineno);
        let mut names = vec![code.names, code.name];
        names.extend(
            [
                code.varnames,
                code.freevars,
                code.cellvars,
                code.localsplusnames,
            ]
            .into_iter()
            .flatten(),
        );
        for id in names {
            identifiers(graph, id, &mut words);
        }
        let mut constants = BTreeSet::new();
        literals(graph, code.consts, 0, &mut constants)?;
        let compiler_added =
            |word: &String| qualnames.contains(word) || (stores_first_line && *word == first_line);
        constants.retain(|word| !compiler_added(word));
        // A string that is an identifier (keyword-argument names, annotation keys, `__slots__`,
        // 3.13's `__static_attributes__`) goes where the release puts it: it counts only for
        // a name the module uses nowhere else.
        for word in constants {
            let identifier = word.strip_prefix("s:").is_some_and(|text| {
                !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_')
            });
            if identifier {
                identifier_strings.insert(word);
            } else {
                words.insert(word);
            }
        }
        if words.len() > MAX_ITEMS {
            return None;
        }
    }
    for word in identifier_strings {
        let used = word
            .strip_prefix("s:")
            .is_some_and(|name| words.contains(&format!("n:{name}")));
        if !used {
            words.insert(word);
        }
    }
    let mut hasher = Sha256::new();
    for word in &words {
        hasher.update(word.as_bytes());
        hasher.update([0]);
    }
    Some(format!(
        "{} literals and names, sha256:{:x}",
        words.len(),
        hasher.finalize()
    ))
}

/// The identifiers held by `id` (a name, or a tuple of names).
fn identifiers(graph: &Graph<'_>, id: Id, into: &mut BTreeSet<String>) {
    let id = graph.resolve(id);
    let items: Vec<Id> = match graph.items(id) {
        Some(items) => items.to_vec(),
        None => vec![id],
    };
    for item in items {
        if let Some(name) = graph.text(graph.resolve(item)) {
            let hidden = name.starts_with('.')
                || (name.starts_with("__") && name.ends_with("__") && name.len() > 4)
                || matches!(
                    name.as_str(),
                    "<listcomp>" | "<dictcomp>" | "<setcomp>" | "<genexpr>"
                );
            if !hidden {
                into.insert(format!("n:{name}"));
            }
        }
    }
}

/// The literal constants held by `id`, recursively through tuples and sets.
fn literals(graph: &Graph<'_>, id: Id, depth: usize, into: &mut BTreeSet<String>) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    let id = graph.resolve(id);
    match graph.get(id) {
        Obj::Tuple(items) | Obj::List(items) | Obj::Set(items) | Obj::FrozenSet(items) => {
            for &item in items {
                literals(graph, item, depth.saturating_add(1), into)?;
            }
        }
        Obj::Int(value) => {
            into.insert(format!("i:{value}"));
        }
        Obj::Float(value) => {
            into.insert(format!("f:{value:?}"));
        }
        Obj::Complex(re, im) => {
            into.insert(format!("c:{re:?},{im:?}"));
        }
        Obj::Bytes(range) => {
            into.insert(format!("b:{:?}", graph.bytes(range)));
        }
        Obj::Str(..) => {
            let text = graph.text(id)?;
            // 3.11+ compiles `"x %r" % (v,)` like an f-string: the literal pieces remain.
            for piece in percent_pieces(&text) {
                let piece = cleandoc(piece);
                if !piece.is_empty() {
                    into.insert(format!("s:{piece}"));
                }
            }
        }
        // Constants this reader does not compare by value: no summary rather than a wrong one.
        Obj::FloatText(_) | Obj::ComplexText(..) | Obj::Slice(_) | Obj::Dict(_) => return None,
        _ => {}
    }
    Some(())
}

/// The literal pieces of a printf-style format string around its `%s`, `%r` and `%a`
/// conversions (the ones CPython 3.11+ compiles into f-strings); the string itself when it has
/// none, or when it holds another `%` conversion that stays a format string.
fn percent_pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('%') {
        // `at` is a byte of `text`, so the next offset never overflows.
        match bytes.get(at.saturating_add(1)) {
            Some(b's' | b'r' | b'a') => {
                pieces.push(text.get(start..at).unwrap_or_default());
                start = at.saturating_add(2);
            }
            _ => return vec![text],
        }
    }
    if start == 0 {
        return vec![text];
    }
    pieces.push(text.get(start..).unwrap_or_default());
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

/// A string as `inspect.cleandoc` leaves it: leading blank lines and the common indentation of
/// the lines after the first removed, trailing whitespace of the whole trimmed. One-line
/// strings are kept as they are.
fn cleandoc(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_owned();
    }
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim_start().to_owned();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len().saturating_sub(line.trim_start().len()))
        .min()
        .unwrap_or(0);
    let mut out = vec![first];
    out.extend(
        rest.iter()
            .map(|line| line.get(indent..).unwrap_or("").trim_end().to_owned()),
    );
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n").trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::cleandoc;

    #[test]
    fn percent_formats_compare_by_their_pieces() {
        use super::percent_pieces;
        assert_eq!(percent_pieces("no such move, %r"), ["no such move, "]);
        assert_eq!(percent_pieces("%s: %s!"), [": ", "!"]);
        assert_eq!(percent_pieces("100%"), ["100%"]);
        assert_eq!(percent_pieces("%d items"), ["%d items"]);
        assert_eq!(percent_pieces("plain"), ["plain"]);
    }

    #[test]
    fn docstrings_compare_dedented() {
        assert_eq!(
            cleandoc("Summary.\n\n    Details here.\n      More.\n    "),
            "Summary.\n\nDetails here.\n  More."
        );
        assert_eq!(
            cleandoc("Summary.\n\nDetails here.\n  More."),
            "Summary.\n\nDetails here.\n  More."
        );
        assert_eq!(cleandoc("  one line  "), "  one line  ");
    }
}
