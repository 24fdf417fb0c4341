//! Parts of a node an analyzer computes only when the engine needs them.
//!
//! Some parts of a node cost far more to compute than to decide equal: a compiled module's code
//! objects rendered as instruction listings and constants take a hundred times longer than
//! reading the marshal data they come from, and in a rebuilt tree nearly every module is equal
//! but for its recorded paths and times. An analyzer may then leave such members and fields out
//! of its [`Node`] and attach a [`Deferred`]: a SHA-256 over its own canonical encoding of
//! *everything they are computed from*, and a [`DeferredSource`] that adds them on request.
//!
//! The contract, which each analyzer that defers must keep and test: equal digests on both sides
//! mean equal deferred members and fields. The engine relies on it to skip them when the digests
//! are equal, and completes both nodes ([`Node::complete`]) and compares them as usual whenever
//! the digests differ or only one side deferred. A digest that covers more than the deferred
//! parts need only costs time (they are then computed and found equal); one that covers less
//! would hide a difference, so when in doubt an analyzer computes everything eagerly instead.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::Node;

/// What computes a node's deferred parts.
pub trait DeferredSource: Send + Sync + fmt::Debug {
    /// Adds the deferred members, fields and notes to `node` (which holds the eager ones).
    fn complete(&self, node: &mut Node);
}

/// A node's deferred parts, known by their digest until computed.
#[derive(Debug, Clone)]
pub struct Deferred {
    /// SHA-256 of everything the deferred parts are computed from, by the analyzer's own
    /// encoding.
    pub digest: [u8; 32],
    /// What computes them.
    pub source: Arc<dyn DeferredSource>,
}

/// Whether the deferred parts of two nodes are known equal without computing them.
pub fn known_equal(left: Option<&Deferred>, right: Option<&Deferred>) -> bool {
    match (left, right) {
        (None, None) => true,
        (Some(left), Some(right)) => left.digest == right.digest,
        _ => false,
    }
}

impl Node {
    /// The node with its deferred parts computed (itself when it deferred nothing).
    pub fn complete(&self) -> Cow<'_, Node> {
        match &self.deferred {
            None => Cow::Borrowed(self),
            Some(deferred) => {
                let mut node = self.clone();
                node.deferred = None;
                deferred.source.complete(&mut node);
                Cow::Owned(node)
            }
        }
    }
}
