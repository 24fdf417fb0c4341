//! The `pyc.marshal-refs` summary: which objects marshal stored once and referred to, described
//! so that it changes only when that sharing does.
//!
//! CPython 3 marks an object with FLAG_REF when its reference count is above one at the moment
//! it is written, then writes later occurrences as `r` references; the count depends on the
//! interpreter's state (which strings another module interned, what the compiler still holds),
//! so two builds of one source can set other flags and write an object twice instead of once.
//! Python 2.7 does the same with interned strings (`t`) and string references (`R`). The
//! summary walks the graph with references resolved, set items in canonical order, and records
//! for every visit whether it is the first sight of an object (and whether that object carries
//! the flag) or another sight of an object already seen (and which one, by order of first
//! sight). Byte offsets, reference index numbers and the stored order of set items do not enter
//! it, so a pyc whose only difference is another hash order of its sets has the same summary.

use sha2::{Digest, Sha256};

use super::marshal::{Graph, Id, Obj};
use super::render::{Renderer, RENDER_DEPTH};

/// The summary text: `refs: N flagged, sha256:…` (`interned: N strings, sha256:…` for 2.7).
pub(super) fn summarize(graph: &Graph<'_>, renderer: &mut Renderer<'_>) -> String {
    let mut walk = Walk {
        graph,
        renderer,
        first_sight: vec![u32::MAX; graph.objects.len()],
        seen: 0,
        hasher: Sha256::new(),
    };
    walk.visit(graph.root, 0);
    let digest = walk.hasher.finalize();
    if graph.python2 {
        format!("interned: {} strings, sha256:{digest:x}", graph.flagged)
    } else {
        format!("refs: {} flagged, sha256:{digest:x}", graph.flagged)
    }
}

struct Walk<'a, 'g, 'r> {
    graph: &'a Graph<'g>,
    renderer: &'a mut Renderer<'r>,
    /// For each object, the order in which the walk first saw it (`u32::MAX`: not yet).
    first_sight: Vec<u32>,
    seen: u32,
    hasher: Sha256,
}

impl Walk<'_, '_, '_> {
    fn visit(&mut self, id: Id, depth: usize) {
        let target = self.graph.resolve(id);
        let sight = &mut self.first_sight[target as usize];
        if *sight != u32::MAX {
            self.hasher.update([b'=']);
            self.hasher.update(sight.to_le_bytes());
            return;
        }
        *sight = self.seen;
        self.seen += 1;
        let flagged = self.graph.objects[target as usize].ref_index.is_some();
        self.hasher.update([if flagged { b'F' } else { b'.' }]);
        if depth >= RENDER_DEPTH {
            self.hasher.update([b'^']);
            return;
        }
        for child in self.children(target) {
            self.visit(child, depth + 1);
        }
    }

    /// The objects nested in `id`, set items in canonical order.
    fn children(&mut self, id: Id) -> Vec<Id> {
        match self.graph.get(id) {
            Obj::Tuple(items) | Obj::List(items) => items.clone(),
            Obj::Set(items) | Obj::FrozenSet(items) => {
                let order = self.renderer.canonical_order(items);
                order.into_iter().map(|i| items[i]).collect()
            }
            Obj::Dict(pairs) => pairs.iter().flat_map(|&(k, v)| [k, v]).collect(),
            Obj::Code(code) => code.children(),
            Obj::Slice(parts) => parts.to_vec(),
            _ => Vec::new(),
        }
    }
}
