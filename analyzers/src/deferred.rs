//! Parts of a node an analyzer computes only when the engine needs them: a whole node's members
//! and fields ([`Deferred`]), or one member's fields ([`DeferredFields`]).
//!
//! Some parts of a node cost far more to compute than to decide equal: a compiled module's code
//! objects rendered as instruction listings and constants take a hundred times longer than
//! reading the marshal data they come from, and in a rebuilt tree nearly every module is equal
//! but for its recorded paths and times. An analyzer may then leave such members and fields out
//! of its [`Node`] and attach a [`Deferred`]: a [`Key`], its own canonical encoding of
//! *everything they are computed from* (mostly slices of the input, compared in place, never
//! copied or hashed), and a [`DeferredSource`] that adds them on request.
//!
//! The contract, which each analyzer that defers must keep and test: equal keys on both sides
//! mean equal deferred members and fields. The engine relies on it to skip them when the keys
//! are equal, and completes both nodes ([`Node::complete`]) and compares them as usual whenever
//! the keys differ or only one side deferred. A key that covers more than the deferred parts
//! need only costs time (they are then computed and found equal); one that covers less would
//! hide a difference, so when in doubt an analyzer computes everything eagerly instead.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use crate::{Field, Member, MemberData, Node};

/// What computes a node's deferred parts.
pub trait DeferredSource: Send + Sync + fmt::Debug {
    /// Adds the deferred members, fields and notes to `node` (which holds the eager ones).
    fn complete(&self, node: &mut Node);
}

/// A node's deferred parts, known by their key until computed.
#[derive(Debug, Clone)]
pub struct Deferred {
    /// Everything the deferred parts are computed from, by the analyzer's own encoding.
    pub key: Key,
    /// What computes them.
    pub source: Arc<dyn DeferredSource>,
}

/// A byte string made of pieces (slices of the input, and short markers of the analyzer's),
/// compared as the concatenation of its pieces, wherever they are cut. Short markers written
/// before any slice are kept inline ([`Key::push_copy`]): a key per archive entry costs no
/// allocation for them.
#[derive(Debug, Clone)]
pub struct Key {
    head: [u8; HEAD],
    head_len: u8,
    pieces: Vec<Bytes>,
}

/// How many bytes of markers a key keeps inline, before its pieces.
const HEAD: usize = 48;

impl Default for Key {
    fn default() -> Self {
        Key {
            head: [0; HEAD],
            head_len: 0,
            pieces: Vec::new(),
        }
    }
}

impl Key {
    /// An empty key with room for `pieces` pieces.
    pub fn with_capacity(pieces: usize) -> Key {
        Key {
            pieces: Vec::with_capacity(pieces),
            ..Key::default()
        }
    }

    /// Appends a piece.
    pub fn push(&mut self, piece: Bytes) {
        if !piece.is_empty() {
            self.pieces.push(piece);
        }
    }

    /// Appends a copy of `bytes`: inline while nothing but copies were appended and they fit.
    pub fn push_copy(&mut self, bytes: &[u8]) {
        let start = usize::from(self.head_len);
        let end = start.saturating_add(bytes.len());
        match self.head.get_mut(start..end) {
            Some(room) if self.pieces.is_empty() => {
                room.copy_from_slice(bytes);
                self.head_len = u8::try_from(end).unwrap_or(u8::MAX);
            }
            _ => self.push(Bytes::copy_from_slice(bytes)),
        }
    }

    /// The inline head, then the pieces.
    fn parts(&self) -> impl Iterator<Item = &[u8]> {
        let head = self
            .head
            .get(..usize::from(self.head_len))
            .unwrap_or_default();
        std::iter::once(head).chain(self.pieces.iter().map(|piece| &piece[..]))
    }

    /// The length of the whole string.
    pub fn len(&self) -> usize {
        self.parts().map(<[u8]>::len).sum()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.head_len == 0 && self.pieces.is_empty()
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        if self.len() != other.len() {
            return false;
        }
        let (mut left, mut right) = (self.parts(), other.parts());
        let (mut a, mut b): (&[u8], &[u8]) = (&[], &[]);
        loop {
            if a.is_empty() {
                match left.next() {
                    Some(piece) => a = piece,
                    None => return b.is_empty() && right.all(<[u8]>::is_empty),
                }
                continue;
            }
            if b.is_empty() {
                match right.next() {
                    Some(piece) => b = piece,
                    None => return false,
                }
                continue;
            }
            let n = a.len().min(b.len());
            let ((a_head, a_tail), (b_head, b_tail)) = (a.split_at(n), b.split_at(n));
            if a_head != b_head {
                return false;
            }
            (a, b) = (a_tail, b_tail);
        }
    }
}

impl Eq for Key {}

/// What computes members' deferred fields.
pub trait FieldSource: Send + Sync + fmt::Debug {
    /// The deferred fields of the member at `index` among the members of the node it made.
    fn fields(&self, index: usize) -> Vec<Field>;
}

/// One member's deferred fields, known by their key until computed: the analyzer lists the fields
/// that usually differ (an archive entry's time) and defers the others.
#[derive(Debug, Clone)]
pub struct DeferredFields {
    /// Everything the deferred fields are computed from, by the analyzer's own encoding.
    pub key: Key,
    /// The member's index for the source.
    pub index: usize,
    /// What computes them.
    pub source: Arc<dyn FieldSource>,
    /// Whether they are also computed from the member's encoded bytes (its data is
    /// [`MemberData::Encoded`]), which the key then leaves out: the engine compares those bytes
    /// for the data anyway, and an archive entry's stream is most of what its records cover.
    pub with_encoded_data: bool,
}

impl Member {
    /// Every field of the member, deferred ones computed.
    pub fn all_fields(&self) -> Cow<'_, [Field]> {
        match &self.deferred {
            None => Cow::Borrowed(&self.fields),
            Some(deferred) => {
                let mut fields = self.fields.clone();
                fields.extend(deferred.source.fields(deferred.index));
                Cow::Owned(fields)
            }
        }
    }
}

/// Whether the deferred fields of two members are known equal without computing them:
/// `encoded_known_equal` when the caller has already found their encoded bytes equal (they are
/// compared here otherwise, when the keys leave them out).
pub fn fields_known_equal(left: &Member, right: &Member, encoded_known_equal: bool) -> bool {
    match (&left.deferred, &right.deferred) {
        (None, None) => true,
        (Some(l), Some(r)) => {
            l.key == r.key
                && l.with_encoded_data == r.with_encoded_data
                && (!l.with_encoded_data
                    || encoded_known_equal
                    || match (&left.data, &right.data) {
                        (MemberData::Encoded(a), MemberData::Encoded(b)) => {
                            a.encoded() == b.encoded()
                        }
                        _ => false,
                    })
        }
        _ => false,
    }
}

/// Whether the deferred parts of two nodes are known equal without computing them.
pub fn known_equal(left: Option<&Deferred>, right: Option<&Deferred>) -> bool {
    match (left, right) {
        (None, None) => true,
        (Some(left), Some(right)) => left.key == right.key,
        _ => false,
    }
}

impl Node {
    /// The node with its deferred parts and its members' deferred fields computed (itself when
    /// it deferred nothing).
    pub fn complete(&self) -> Cow<'_, Node> {
        if self.deferred.is_none() && self.members.iter().all(|m| m.deferred.is_none()) {
            return Cow::Borrowed(self);
        }
        let mut node = self.clone();
        if let Some(deferred) = node.deferred.take() {
            deferred.source.complete(&mut node);
        }
        for member in &mut node.members {
            if let Some(deferred) = member.deferred.take() {
                member.fields.extend(deferred.source.fields(deferred.index));
            }
        }
        Cow::Owned(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(pieces: &[&str]) -> Key {
        let mut key = Key::default();
        for piece in pieces {
            key.push(Bytes::copy_from_slice(piece.as_bytes()));
        }
        key
    }

    #[test]
    fn keys_compare_as_the_concatenation_of_their_pieces() {
        assert_eq!(key(&["abc", "def"]), key(&["a", "bcd", "", "ef"]));
        assert_eq!(key(&[]), key(&["", ""]));
        assert_ne!(key(&["abc", "def"]), key(&["abc", "deg"]));
        assert_ne!(key(&["abc"]), key(&["abc", "d"]));
        assert_ne!(key(&["abcd"]), key(&["abc"]));
    }

    #[test]
    fn inline_copies_compare_like_pieces() {
        let mut inline = Key::default();
        inline.push_copy(b"ab");
        inline.push_copy(b"c");
        inline.push(Bytes::from_static(b"def"));
        // Once a piece is in, copies become pieces: the order holds.
        inline.push_copy(b"g");
        assert_eq!(inline, key(&["abcd", "efg"]));
        assert_eq!(inline.len(), 7);
        assert_ne!(inline, key(&["abcdefh"]));
        assert_ne!(inline, key(&["abc", "defg", "h"]));
        // Longer than the inline head: a piece of its own, the same string.
        let long = [b'x'; HEAD + 1];
        let mut spilled = Key::default();
        spilled.push_copy(b"y");
        spilled.push_copy(&long);
        let mut expected = vec![b'y'];
        expected.extend_from_slice(&long);
        assert_eq!(spilled, key(&[std::str::from_utf8(&expected).unwrap()]));
        let mut empty = Key::default();
        empty.push_copy(b"");
        assert!(empty.is_empty());
        assert_eq!(empty, key(&[]));
    }
}
