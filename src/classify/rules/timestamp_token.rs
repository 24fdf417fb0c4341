//! Placeholder until the rule lands: explains nothing.

use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Context, Verdict};

/// Placeholder.
pub struct TimestampTokenRule;

impl TokenRule for TimestampTokenRule {
    fn name(&self) -> &'static str {
        "timestamp-token"
    }

    fn explain(&self, _change: TokenChange<'_>, _context: &Context<'_>) -> Option<Verdict> {
        None
    }
}
