//! Build paths: placeholder until the rule lands (learns nothing, explains nothing).

use crate::classify::known::KnownValues;
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Context, Verdict};
use crate::difference::Observed;

/// Pairs of directory prefixes (left, right) that differ between the two builds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefixPairs(pub Vec<(String, String)>);

/// Learns the differing directory prefixes of a comparison.
pub fn learn(_all: &[Observed], _known: &KnownValues) -> PrefixPairs {
    PrefixPairs::default()
}

/// Explains runs that differ only by a learned build-path prefix.
pub struct BuildPathRule;

impl TokenRule for BuildPathRule {
    fn name(&self) -> &'static str {
        "build-path"
    }

    fn explain(&self, _change: TokenChange<'_>, _context: &Context<'_>) -> Option<Verdict> {
        None
    }
}
