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
//!
//! After that first line come the values themselves: `= value` for each object written once and
//! referred to again, `F value` for each other flagged object (code objects by name), sorted.
//! A classifier can then tell a value whose sharing changed while it stayed the same on both
//! sides (the writing process's state) from one that changed with the code. The module's own
//! file name is listed by role, not by value: it is `pyc.filename`, compared there.
//!
//! The summary is rendered only when its digest (`fingerprint.rs`) differs between the sides.

use sha2::{Digest, Sha256};

use super::marshal::{Graph, Id, Obj};
use super::render::{Renderer, RENDER_DEPTH};

/// Shared or flagged values listed at most, and the longest value rendering listed; past
/// either, the summary is its first line alone.
const MAX_LISTED: usize = 4096;
const MAX_LISTED_CHARS: usize = 200;

/// How the module's own file name is listed: it is `pyc.filename`, compared there, so that two
/// build directories do not make the summaries differ too.
pub(super) const MODULE_FILENAME: &str = "<the module's co_filename>";

/// The summary text: `refs: N flagged, sha256:…` (`interned: N strings, sha256:…` for 2.7),
/// then the shared and flagged values, one per line, the module's file name as
/// [`MODULE_FILENAME`].
pub(super) fn summarize(
    graph: &Graph<'_>,
    renderer: &mut Renderer<'_>,
    module_filename: Option<&str>,
) -> String {
    let mut walk = Walk {
        graph,
        renderer,
        first_sight: vec![u32::MAX; graph.objects.len()],
        sightings: vec![0; graph.objects.len()],
        seen: 0,
        hasher: Sha256::new(),
    };
    walk.visit(graph.root, 0);
    let digest = walk.hasher.finalize();
    let mut text = if graph.python2 {
        format!("interned: {} strings, sha256:{digest:x}", graph.flagged)
    } else {
        format!("refs: {} flagged, sha256:{digest:x}", graph.flagged)
    };
    let mut listed = Vec::new();
    for (index, (&sightings, object)) in walk.sightings.iter().zip(&graph.objects).enumerate() {
        let flagged = object.ref_index.is_some();
        if sightings == 0 || !(flagged || sightings > 1) {
            continue;
        }
        let id = index as Id;
        let value = match graph.get(id) {
            Obj::Code(_) => "<code>".to_owned(),
            // Bytecode and line tables: compared as the code objects' own fields.
            Obj::Bytes(_) => continue,
            Obj::Str(..)
                if module_filename.is_some() && graph.text(id).as_deref() == module_filename =>
            {
                MODULE_FILENAME.to_owned()
            }
            _ => walk.renderer.render_within(id, MAX_LISTED_CHARS + 1).text,
        };
        if value.chars().count() > MAX_LISTED_CHARS || value.contains('\n') {
            continue;
        }
        listed.push(format!("{} {value}", if sightings > 1 { '=' } else { 'F' }));
        if listed.len() > MAX_LISTED {
            return text;
        }
    }
    listed.sort();
    for line in listed {
        text.push('\n');
        text.push_str(&line);
    }
    text
}

struct Walk<'a, 'g, 'r> {
    graph: &'a Graph<'g>,
    renderer: &'a mut Renderer<'r>,
    /// For each object, the order in which the walk first saw it (`u32::MAX`: not yet).
    first_sight: Vec<u32>,
    /// For each object, how many times the walk reached it.
    sightings: Vec<u32>,
    seen: u32,
    hasher: Sha256,
}

impl Walk<'_, '_, '_> {
    fn visit(&mut self, id: Id, depth: usize) {
        let target = self.graph.resolve(id);
        // Both vectors have one entry per object of the graph: `target` is always in them.
        if let Some(sightings) = self.sightings.get_mut(target as usize) {
            *sightings = sightings.saturating_add(1);
        }
        let Some(sight) = self.first_sight.get_mut(target as usize) else {
            return;
        };
        if *sight != u32::MAX {
            self.hasher.update([b'=']);
            self.hasher.update(sight.to_le_bytes());
            return;
        }
        *sight = self.seen;
        self.seen = self.seen.saturating_add(1);
        let flagged = self
            .graph
            .objects
            .get(target as usize)
            .is_some_and(|object| object.ref_index.is_some());
        self.hasher.update([if flagged { b'F' } else { b'.' }]);
        if depth >= RENDER_DEPTH {
            self.hasher.update([b'^']);
            return;
        }
        for child in self.children(target) {
            self.visit(child, depth.saturating_add(1));
        }
    }

    /// The objects nested in `id`, set items in canonical order.
    fn children(&mut self, id: Id) -> Vec<Id> {
        match self.graph.get(id) {
            Obj::Tuple(items) | Obj::List(items) => items.clone(),
            Obj::Set(items) | Obj::FrozenSet(items) => {
                let order = self.renderer.canonical_order(items);
                order
                    .into_iter()
                    .filter_map(|i| items.get(i).copied())
                    .collect()
            }
            Obj::Dict(pairs) => pairs.iter().flat_map(|&(k, v)| [k, v]).collect(),
            Obj::Code(code) => code.children(),
            Obj::Slice(parts) => parts.to_vec(),
            _ => Vec::new(),
        }
    }
}
