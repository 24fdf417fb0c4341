//! Placeholder until the rule lands: explains nothing.

use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Context, Verdict};

/// Placeholder.
pub struct TokenOrderRule;

impl TokenRule for TokenOrderRule {
    fn name(&self) -> &'static str {
        "token-order"
    }

    fn explain(&self, _change: TokenChange<'_>, _context: &Context<'_>) -> Option<Verdict> {
        None
    }
}
