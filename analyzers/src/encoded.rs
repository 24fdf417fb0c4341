//! Members decoded on demand: a reference to a member's encoded bytes and how to decode them.
//!
//! A container analyzer (zip) lists its members as [`Encoded`] data instead of decoding them
//! all: the engine decodes a member only when the two sides' encoded bytes differ, and drops the
//! decoded bytes once the pair is compared. Entries that share their encoded bytes (overlapping
//! entries) share one `Encoded`, decoded at most once while any of its decoded bytes are alive.

use std::borrow::Cow;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, Weak};

use bytes::Bytes;

use crate::budget::DecodeError;
use crate::Limits;

/// Decodes encoded bytes within a run's [`Limits`]: the decoded bytes, or `None` when they are
/// the encoded bytes themselves (a stored entry, checked).
pub type DecodeFn = dyn Fn(&Bytes, &Limits) -> Result<Option<Vec<u8>>, DecodeError> + Send + Sync;

/// A member's data, still encoded in its container.
#[derive(Clone)]
pub struct Encoded(Arc<Inner<DecodeFn>>);

/// One allocation per member: its decoder is stored in place, after what it decodes (an archive
/// lists tens of thousands of entries, and most are never decoded).
struct Inner<F: ?Sized> {
    encoded: Bytes,
    /// The encoding, as the container names it (`8 (deflate)`).
    method: Cow<'static, str>,
    declared_size: u64,
    declared_check: u64,
    /// The decoded bytes while someone holds them, or why they cannot be had.
    cache: Mutex<Option<Result<Weak<Vec<u8>>, DecodeError>>>,
    decode: F,
}

/// Owner of decoded bytes that the cache can watch without keeping alive.
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Encoded {
    /// Data encoded as `encoded` by `method`, which the container says decodes to
    /// `declared_size` bytes with check value `declared_check` (a CRC-32), decoded by `decode`.
    pub fn new<F>(
        encoded: Bytes,
        method: impl Into<Cow<'static, str>>,
        declared_size: u64,
        declared_check: u64,
        decode: F,
    ) -> Self
    where
        F: Fn(&Bytes, &Limits) -> Result<Option<Vec<u8>>, DecodeError> + Send + Sync + 'static,
    {
        let inner: Arc<Inner<DecodeFn>> = Arc::new(Inner {
            encoded,
            method: method.into(),
            declared_size,
            declared_check,
            cache: Mutex::new(None),
            decode,
        });
        Encoded(inner)
    }

    /// The encoded bytes.
    pub fn encoded(&self) -> &Bytes {
        &self.0.encoded
    }

    /// The encoding, as the container names it.
    pub fn method(&self) -> &str {
        &self.0.method
    }

    /// The decoded size the container declares.
    pub fn declared_size(&self) -> u64 {
        self.0.declared_size
    }

    /// Whether `other` has the same encoded bytes, method, declared size and check value: then
    /// both decode to the same bytes (or fail alike), and neither needs decoding to know it.
    pub fn same_encoding(&self, other: &Encoded) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.method == other.0.method
                && self.0.declared_size == other.0.declared_size
                && self.0.declared_check == other.0.declared_check
                && self.0.encoded == other.0.encoded)
    }

    /// Whether `other` is this very reference (two entries of one container sharing their bytes).
    pub fn is_shared_with(&self, other: &Encoded) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// An identity of the shared reference, for grouping members that share it.
    pub fn identity(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<u8>() as usize
    }

    /// The decoded bytes. Decoding happens at most once while the bytes it returned are alive,
    /// draws from the budgets of `limits`, and never panics: a decoder that panics is an error.
    pub fn decode(&self, limits: &Limits) -> Result<Bytes, DecodeError> {
        let mut cache = match self.0.cache.lock() {
            Ok(cache) => cache,
            Err(poisoned) => poisoned.into_inner(),
        };
        match &*cache {
            Some(Ok(weak)) => {
                if let Some(bytes) = weak.upgrade() {
                    return Ok(Bytes::from_owner(Shared(bytes)));
                }
            }
            Some(Err(error)) => return Err(error.clone()),
            None => {}
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            (self.0.decode)(&self.0.encoded, limits)
        }))
        .unwrap_or_else(|_| {
            Err(DecodeError::Corrupt(format!(
                "the decoder of method {} crashed on this entry",
                self.0.method
            )))
        });
        match outcome {
            Ok(None) => Ok(self.0.encoded.clone()),
            Ok(Some(decoded)) => {
                let shared = Arc::new(decoded);
                *cache = Some(Ok(Arc::downgrade(&shared)));
                Ok(Bytes::from_owner(Shared(shared)))
            }
            Err(error) => {
                *cache = Some(Err(error.clone()));
                Err(error)
            }
        }
    }
}

impl fmt::Debug for Encoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encoded")
            .field("method", &self.0.method)
            .field("encoded_len", &self.0.encoded.len())
            .field("declared_size", &self.0.declared_size)
            .field("declared_check", &self.0.declared_check)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting(calls: &'static AtomicUsize) -> Encoded {
        Encoded::new(
            Bytes::from_static(b"abc"),
            "test",
            6,
            0,
            move |encoded: &Bytes, _: &Limits| {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok(Some(encoded.repeat(2)))
            },
        )
    }

    #[test]
    fn decodes_once_while_the_bytes_are_alive() {
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let encoded = counting(&CALLS);
        let limits = Limits::default();
        let first = encoded.decode(&limits).unwrap();
        let second = encoded.clone().decode(&limits).unwrap();
        assert_eq!(&first[..], b"abcabc");
        assert_eq!(first, second);
        assert_eq!(CALLS.load(Ordering::SeqCst), 1);
        drop((first, second));
        encoded.decode(&limits).unwrap();
        assert_eq!(
            CALLS.load(Ordering::SeqCst),
            2,
            "decoded again once dropped"
        );
    }

    #[test]
    fn a_panicking_decoder_is_an_error() {
        let encoded = Encoded::new(Bytes::new(), "boom", 0, 0, |_: &Bytes, _: &Limits| {
            panic!("decoder bug")
        });
        let error = encoded.decode(&Limits::default()).unwrap_err();
        assert!(error.to_string().contains("crashed"), "{error}");
    }

    #[test]
    fn same_encoding_compares_bytes_and_what_the_container_declares() {
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let (a, b) = (counting(&CALLS), counting(&CALLS));
        assert!(a.same_encoding(&b) && !a.is_shared_with(&b));
        let other_size = Encoded::new(
            Bytes::from_static(b"abc"),
            "test",
            7,
            0,
            |_: &Bytes, _: &Limits| Ok(None),
        );
        assert!(!a.same_encoding(&other_size));
    }
}
