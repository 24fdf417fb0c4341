//! Declared values: a run that becomes the other side once the left build's declared value is
//! replaced by the right build's (in the raw form, or with `/` as `_` or `\` as some tools mangle
//! paths) is explained by that value's cause. The user said it differs; the substitution proves
//! the run is that value and nothing else.

use crate::classify::known::cause_of_key;
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Context, Verdict};

/// Explains runs that differ only by a declared value.
pub struct KnownValuesRule;

impl TokenRule for KnownValuesRule {
    fn name(&self) -> &'static str {
        "known-values"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        context.known.pairs().find_map(|pair| {
            let spellings = [
                (pair.left.to_owned(), pair.right.to_owned()),
                (pair.left.replace('/', "_"), pair.right.replace('/', "_")),
                (pair.left.replace('/', "\\"), pair.right.replace('/', "\\")),
            ];
            spellings.iter().find_map(|(left, right)| {
                let substituted = change.left.contains(left.as_str()) && change.left.replace(left.as_str(), right) == change.right;
                substituted.then(|| {
                    Verdict::new(
                        cause_of_key(pair.key),
                        format!("the left build's declared {} ({left}) becomes the right build's ({right})", pair.key),
                    )
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Cause, KnownValues};

    fn context_with(key: &str, left: &str, right: &str) -> KnownValues {
        let mut known = KnownValues::default();
        known.left.insert(key.into(), left.into());
        known.right.insert(key.into(), right.into());
        known
    }

    #[test]
    fn substitution_must_give_the_other_side() {
        let known = context_with("build_path", "/tmp/a", "/tmp/b");
        let context = Context::new(&[], &known);
        let explain =
            |left, right| KnownValuesRule.explain(TokenChange::new(left, right), &context);
        assert_eq!(
            explain("/tmp/a/src/x.c", "/tmp/b/src/x.c").unwrap().cause,
            Cause::BuildDirectory
        );
        assert_eq!(
            explain("_tmp_a_src", "_tmp_b_src").unwrap().cause,
            Cause::BuildDirectory
        );
        assert!(
            explain("/tmp/a/src/x.c", "/tmp/b/src/y.c").is_none(),
            "a real change beside the path"
        );
        assert!(explain("/opt/x", "/opt/y").is_none());
    }
}
