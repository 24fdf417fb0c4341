//! What each reader's fuzz target does: analyze the bytes through the registry, as the engine
//! calls it, under a name that selects the reader, with limits that keep one case small. Any
//! bytes must give a node or a note, never a panic, a hang or an unbounded allocation.

use whydiff_analyzers::{Input, Limits, Node};

/// The limits every target runs under: the defaults, with members capped at 16 MiB.
pub fn limits() -> Limits {
    Limits {
        max_member_size: 16 << 20,
        ..Default::default()
    }
}

/// Analyzes `data` found under `name`, as the engine would, and returns the node with the limits
/// it was read under (to decode its members with).
pub fn analyze_as(name: &str, data: &[u8]) -> (Node, Limits) {
    let data = bytes::Bytes::copy_from_slice(data);
    let limits = limits();
    let node = whydiff_analyzers::analyze(Input { name, data: &data }, &limits);
    (node, limits)
}
