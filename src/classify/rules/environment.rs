//! Placeholder until the rule lands: explains nothing.

use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Context, Verdict};

/// Placeholder.
pub struct EnvironmentTokenRule;

impl TokenRule for EnvironmentTokenRule {
    fn name(&self) -> &'static str {
        "environment"
    }

    fn explain(&self, _change: TokenChange<'_>, _context: &Context<'_>) -> Option<Verdict> {
        None
    }
}
