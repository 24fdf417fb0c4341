//! The key that decides whether two modules' code objects, vocabulary and sharing summary are
//! equal without rendering them.
//!
//! Rendering a module (instruction listings, constants and names as Python writes them) costs a
//! hundred times more than reading it, and in two builds of one tree nearly every module is equal
//! but for the build directory in `co_filename` and the header's times. Everything the deferred
//! parts show is a function of the marshal graph, which is a function of the marshal bytes and
//! the dialect; of the interpreter release and opcode table (the magic number); and of the
//! module's own file name, which they compare by role (`code.filename` appears only where it is
//! not the module's; the sharing summary lists it by role). The key is the magic context and the
//! marshal bytes (slices of the input, compared in place), so equal keys mean equal graphs, with
//! one exception:
//!
//! A string object that holds the module's `co_filename` text *and* is reached only through code
//! objects' `co_filename` slots (every reference to it is one) is written as a marker and its
//! type code byte instead of its bytes (`M` is no marshal type code, and the bytes before it are
//! equal on both sides, so both sides parse alike up to it). Nothing deferred shows such an
//! object's text, so two build directories leave the keys equal; the same text reached any
//! other way (a constant) keeps its bytes in the key, because a constant shows it.

use bytes::Bytes;

use super::marshal::{Graph, Id, Obj};
use crate::Key;

/// The key of `graph`'s deferred parts, rendered in `context` (the magic number and whether an
/// opcode table applies, as text), with `module_filename` the root code object's file name;
/// `data` is the graph's data and `start` where the marshal data begins in it.
pub(super) fn module_key(
    graph: &Graph<'_>,
    data: &Bytes,
    start: usize,
    module_filename: &str,
    context: &str,
) -> Option<Key> {
    let mut key = Key::default();
    let mut header = (context.len() as u64).to_le_bytes().to_vec();
    header.extend_from_slice(context.as_bytes());
    key.push(Bytes::from(header));
    let piece = |range: std::ops::Range<usize>| -> Option<Bytes> {
        data.get(range.clone())?;
        Some(data.slice(range))
    };
    let mut position = start;
    for id in masked(graph, module_filename) {
        let object = graph.objects.get(id as usize)?;
        let end = match &object.obj {
            Obj::Str(range, _) | Obj::Bytes(range) => range.end,
            _ => return None,
        };
        key.push(piece(position..object.offset)?);
        key.push(Bytes::copy_from_slice(&[b'M', object.code]));
        position = end;
    }
    key.push(piece(position..graph.end)?);
    Some(key)
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
