//! The digest that decides whether two modules' code objects, vocabulary and sharing summary
//! are equal without rendering them.
//!
//! Rendering a module (instruction listings, constants and names as Python writes them) costs a
//! hundred times more than reading it, and in two builds of one tree nearly every module is equal
//! but for the build directory in `co_filename` and the header's times. Everything the deferred
//! parts show is a function of the marshal graph, which is a function of the marshal bytes and
//! the dialect; of the interpreter release and opcode table (the magic number); and of the
//! module's own file name, which they compare by role (`code.filename` appears only where it is
//! not the module's; the sharing summary lists it by role). The digest is SHA-256 over the magic
//! context and the marshal bytes, so equal digests mean equal graphs, with one exception:
//!
//! A string object that holds the module's `co_filename` text *and* is reached only through code
//! objects' `co_filename` slots (every reference to it is one) is written as a marker and its
//! type code byte instead of its bytes. Nothing deferred shows such an object's text, so two
//! build directories leave the digests equal; the same text reached any other way (a constant)
//! keeps its bytes in the digest, because a constant shows it.

use sha2::{Digest, Sha256};

use super::marshal::{Graph, Id, Obj};

/// Bumped whenever the encoding changes (digests are never stored, but stay honest).
const ENCODING: &[u8] = b"whydiff pyc module 1\0";

/// The digest of `graph`'s deferred parts, rendered in `context` (the magic number and whether
/// an opcode table applies, as text), with `module_filename` the root code object's file name;
/// `start` is where the marshal data begins in the graph's data.
pub(super) fn module_digest(
    graph: &Graph<'_>,
    start: usize,
    module_filename: &str,
    context: &str,
) -> Option<[u8; 32]> {
    let mut hasher = Sha256::new();
    hasher.update(ENCODING);
    hasher.update((context.len() as u64).to_le_bytes());
    hasher.update(context.as_bytes());
    let mut position = start;
    for id in masked(graph, module_filename) {
        let object = graph.objects.get(id as usize)?;
        let end = match &object.obj {
            Obj::Str(range, _) | Obj::Bytes(range) => range.end,
            _ => return None,
        };
        hasher.update(graph.data.get(position..object.offset)?);
        hasher.update([b'M', object.code]);
        position = end;
    }
    hasher.update(graph.data.get(position..graph.end)?);
    Some(hasher.finalize().into())
}

/// The string objects written as the module's file name marker, in stream order.
fn masked(graph: &Graph<'_>, module_filename: &str) -> Vec<Id> {
    let objects = graph.objects.len();
    // Every object is reached once from the slot that holds it in the stream (the root from
    // none), and once more from each reference object that names it.
    let mut reached = vec![1u32; objects];
    if let Some(root) = reached.get_mut(graph.root as usize) {
        *root = 0;
    }
    let mut through_filename = vec![0u32; objects];
    for object in &graph.objects {
        match &object.obj {
            Obj::Ref(target) => {
                if let Some(count) = reached.get_mut(*target as usize) {
                    *count = count.saturating_add(1);
                }
            }
            Obj::Code(code) => {
                if let Some(count) = through_filename.get_mut(graph.resolve(code.filename) as usize)
                {
                    *count = count.saturating_add(1);
                }
            }
            _ => {}
        }
    }
    let mut masked = Vec::new();
    for (index, (object, (&reached, &through))) in graph
        .objects
        .iter()
        .zip(reached.iter().zip(&through_filename))
        .enumerate()
    {
        let is_text = match object.obj {
            Obj::Str(..) => true,
            Obj::Bytes(_) => graph.python2,
            _ => false,
        };
        if through > 0
            && through == reached
            && is_text
            && graph.text(index as Id).as_deref() == Some(module_filename)
        {
            masked.push(index as Id);
        }
    }
    masked
}
