//! Placeholder until the rule lands: explains nothing.

use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Context, Verdict};

/// Placeholder.
pub struct RandomTokenRule;

impl TokenRule for RandomTokenRule {
    fn name(&self) -> &'static str {
        "randomness"
    }

    fn explain(&self, _change: TokenChange<'_>, _context: &Context<'_>) -> Option<Verdict> {
        None
    }
}
