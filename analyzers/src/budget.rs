//! Budgets on decompression: how large one decoded member may be, how many decoded bytes a whole
//! run may produce, and how far a member may expand past its encoded size.
//!
//! Every decoder reads through one function (`decode_capped`), which checks all three as the
//! bytes come out, so a header that lies about sizes cannot make anything allocate past a budget. A budget that is
//! hit is a [`DecodeError::Budget`] whose message names the budget and the flag that raises it;
//! the member is then compared by its encoded bytes, with a note.

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest decoded member, by default.
pub const DEFAULT_MAX_MEMBER_SIZE: u64 = 1 << 30;
/// The decoded bytes one run may produce in all, by default.
pub const DEFAULT_MAX_TOTAL_SIZE: u64 = 8 << 30;
/// How many times its encoded size a member may expand, by default.
pub const DEFAULT_MAX_RATIO: u64 = 100;
/// The most members one container lists, by default.
pub const DEFAULT_MAX_MEMBERS: usize = 1_000_000;
/// Decoded members up to this size are never refused for their ratio: small, highly redundant
/// files (a mebibyte of zeros) are common, and cost little.
pub const RATIO_GRACE: u64 = 64 << 20;

/// The decoded bytes left to a whole run, shared by every clone of the [`crate::Limits`] that
/// holds it (and so by every thread).
#[derive(Debug)]
pub struct TotalBudget {
    limit: u64,
    used: AtomicU64,
}

impl TotalBudget {
    /// A budget of `limit` decoded bytes.
    pub fn new(limit: u64) -> Self {
        TotalBudget {
            limit,
            used: AtomicU64::new(0),
        }
    }

    /// The budget's size.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The decoded bytes taken so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Takes `bytes` from the budget; `false`, taking nothing, when fewer are left.
    pub fn take(&self, bytes: u64) -> bool {
        self.used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(bytes).filter(|&total| total <= self.limit)
            })
            .is_ok()
    }
}

/// Why decoding stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A budget was hit; the message names it and the flag that raises it.
    Budget(String),
    /// The encoded bytes are not a valid stream, or do not match what the container says.
    Corrupt(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Budget(why) | DecodeError::Corrupt(why) => f.write_str(why),
        }
    }
}

impl DecodeError {
    /// The error an analyzer of `format` reports when a stream it decodes while analyzing fails.
    pub(crate) fn into_analyze_error(self, format: &'static str) -> crate::AnalyzeError {
        match self {
            DecodeError::Budget(why) => crate::AnalyzeError::TooLarge(why),
            DecodeError::Corrupt(why) => crate::AnalyzeError::malformed(format, why),
        }
    }
}

/// The message of the member size budget.
pub(crate) fn member_size_hit(what: &str, cap: u64) -> DecodeError {
    DecodeError::Budget(format!(
        "{what} decodes to more than {cap} bytes (the member size limit, --max-member-size)"
    ))
}

/// The message of the ratio budget.
pub(crate) fn ratio_hit(what: &str, ratio: u64, encoded_len: u64) -> DecodeError {
    DecodeError::Budget(format!(
        "{what} expands more than {ratio} times its {encoded_len} encoded bytes (the decompression \
         ratio limit, --max-ratio)"
    ))
}

/// The message of the total budget.
pub(crate) fn total_hit(what: &str, limit: u64) -> DecodeError {
    DecodeError::Budget(format!(
        "decoding {what} would pass the {limit} decoded bytes all members of this run may take \
         (the total decompression limit, --max-total-size)"
    ))
}

/// Reads `reader` to the end into memory, checking every budget of `limits` as bytes come out.
/// `encoded_len` is the size of what is being decoded (for the ratio); `hint` (a size the
/// container claims) only pre-sizes the buffer, and never beyond a small bound: a lying header
/// cannot make this allocate.
pub(crate) fn decode_capped(
    mut reader: impl Read,
    limits: &crate::Limits,
    encoded_len: u64,
    hint: u64,
    what: &str,
) -> Result<Vec<u8>, DecodeError> {
    const MAX_PREALLOCATION: u64 = 16 << 20;
    const CHUNK: usize = 256 << 10;
    let cap = limits.max_member_size;
    let ratio_cap = limits
        .max_ratio
        .saturating_mul(encoded_len.max(1))
        .max(RATIO_GRACE);
    // Never more than a chunk past the first budget the output can hit.
    let ceiling = cap.min(ratio_cap).saturating_add(CHUNK as u64);
    let mut out = Vec::with_capacity(hint.min(cap).min(MAX_PREALLOCATION) as usize);
    loop {
        let before = out.len();
        // Grow by half rather than doubling, up to the ceiling: the address space a decoder
        // reserves stays close to what the budgets let it fill.
        if out.spare_capacity_mut().len() < CHUNK {
            let room = usize::try_from(ceiling.saturating_sub(before as u64)).unwrap_or(usize::MAX);
            out.reserve_exact((before / 2).clamp(CHUNK, room.max(CHUNK)));
        }
        let read = (&mut reader)
            .take(CHUNK as u64)
            .read_to_end(&mut out)
            .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
        if read == 0 {
            // The room reserved ahead is a chunk at least: decoded members nested in one another
            // are all alive at once while the innermost is compared, and each keeping a chunk
            // of spare room made a deep nesting hold hundreds of megabytes it never used.
            out.shrink_to_fit();
            return Ok(out);
        }
        let len = out.len() as u64;
        if len > cap {
            return Err(member_size_hit(what, cap));
        }
        if len > ratio_cap {
            return Err(ratio_hit(what, limits.max_ratio, encoded_len));
        }
        if !limits.total.take(read as u64) {
            return Err(total_hit(what, limits.total.limit()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    #[test]
    fn stops_at_the_member_cap() {
        let data = [7u8; 100];
        let limits = |cap| Limits {
            max_member_size: cap,
            ..Limits::default()
        };
        assert_eq!(
            decode_capped(&data[..], &limits(100), 100, u64::MAX, "x")
                .unwrap()
                .len(),
            100
        );
        let err = decode_capped(&data[..], &limits(99), 100, 0, "x").unwrap_err();
        assert!(err.to_string().contains("more than 99 bytes"), "{err}");
        assert!(err.to_string().contains("--max-member-size"), "{err}");
    }

    #[test]
    fn stops_past_the_ratio_beyond_the_grace() {
        let data = vec![0u8; (RATIO_GRACE + 1) as usize];
        let limits = Limits {
            max_ratio: 1000,
            ..Limits::default()
        };
        // 64 MiB + 1 from 10 encoded bytes: past 1000 × 10 and past the grace.
        let err = decode_capped(&data[..], &limits, 10, 0, "x").unwrap_err();
        assert!(
            matches!(&err, DecodeError::Budget(m) if m.contains("--max-ratio")),
            "{err}"
        );
        // Within the grace, any ratio goes.
        assert!(decode_capped(&data[..1 << 20], &limits, 1, 0, "x").is_ok());
    }

    #[test]
    fn the_total_is_shared_by_every_clone() {
        let limits = Limits::with_total(150);
        let other = limits.clone();
        let data = [1u8; 100];
        assert!(decode_capped(&data[..], &limits, 100, 0, "a").is_ok());
        let err = decode_capped(&data[..], &other, 100, 0, "b").unwrap_err();
        assert!(err.to_string().contains("--max-total-size"), "{err}");
        assert_eq!(limits.total.used(), 100);
    }
}
