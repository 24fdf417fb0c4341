//! Declared values: a run that becomes the other side once the left build's declared value is
//! replaced by the right build's (in the raw form, or with `/` as `_` or `\` as some tools mangle
//! paths) is explained by that value's cause. The user said it differs; the substitution proves
//! the run is that value and nothing else.
//!
//! The builds' profiles witness values the same way: the users and groups the archive entries of
//! each build record (`root` on the left, `builder` on the right, read from the same field) are
//! that build's user, so a run that becomes the other side once the left user, as a whole word,
//! is replaced by the right one is that user written into the output.

use crate::classify::known::cause_of_key;
use crate::classify::profile::Belief;
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Cause, Context, Verdict};

/// Explains runs that differ only by a declared value.
pub struct KnownValuesRule;

impl TokenRule for KnownValuesRule {
    fn name(&self) -> &'static str {
        "known-values"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        declared(change, context).or_else(|| recorded_user(change, context))
    }
}

/// The verdict when substituting a recorded user (the left build's, for the right build's,
/// read from the same kind of field) as a whole word turns the left run into the right one.
fn recorded_user(change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
    let profiles = &context.profiles;
    let pairs = profiles.left.users.iter().filter_map(|left: &Belief| {
        let right = profiles
            .right
            .users
            .iter()
            .find(|r| r.source == left.source && r.value != left.value)?;
        Some((left, right))
    });
    for (left, right) in pairs {
        if left.value.len() < 2 || right.value.len() < 2 {
            continue;
        }
        if replace_words(change.left, &left.value, &right.value).as_deref() == Some(change.right) {
            return Some(Verdict::new(
                Cause::UserName,
                format!(
                    "the left build's user {} ({}) becomes the right build's {}",
                    left.value, left.source, right.value
                ),
            ));
        }
    }
    None
}

/// `text` with every whole-word occurrence of `from` replaced by `to`, when there is one.
fn replace_words(text: &str, from: &str, to: &str) -> Option<String> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut replaced = false;
    while let Some(at) = rest.find(from) {
        let before_ok = !rest[..at].chars().next_back().is_some_and(is_word);
        let after = &rest[at + from.len()..];
        let after_ok = !after.chars().next().is_some_and(is_word);
        out.push_str(&rest[..at]);
        if before_ok && after_ok {
            out.push_str(to);
            replaced = true;
        } else {
            out.push_str(from);
        }
        rest = after;
    }
    out.push_str(rest);
    replaced.then_some(out)
}

/// The verdict when substituting a declared value turns the left run into the right one.
fn declared(change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
    context.known.pairs().find_map(|pair| {
        let spellings = [
            (pair.left.to_owned(), pair.right.to_owned()),
            (pair.left.replace('/', "_"), pair.right.replace('/', "_")),
            (pair.left.replace('/', "\\"), pair.right.replace('/', "\\")),
        ];
        spellings.iter().find_map(|(left, right)| {
            let substituted = change.left.contains(left.as_str())
                && change.left.replace(left.as_str(), right) == change.right;
            substituted.then(|| {
                Verdict::new(
                    cause_of_key(pair.key),
                    format!(
                        "the left build's declared {} ({left}) becomes the right build's \
                         ({right})",
                        pair.key
                    ),
                )
            })
        })
    })
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

    #[test]
    fn the_users_archive_entries_record_are_witnesses() {
        use crate::difference::{Observed, ObservedKind, Scope};
        use whydiff_analyzers::{FieldKind, Value};
        let owner = Observed {
            path: vec!["a.tar".into(), "x".into()],
            field: Some("tar.uname".into()),
            kind: ObservedKind::Field {
                kind: FieldKind::Owner,
                scope: Scope::Record,
                left: Some(Value::Str("root".into())),
                right: Some(Value::Str("builder".into())),
            },
            left: None,
            right: None,
            location: None,
            seq: 0,
        };
        let all = [owner];
        let known = KnownValues::default();
        let context = Context::new(&all, &known);
        let explain =
            |left, right| KnownValuesRule.explain(TokenChange::new(left, right), &context);
        assert_eq!(
            explain("packaged by root", "packaged by builder")
                .unwrap()
                .cause,
            Cause::UserName
        );
        assert!(explain("rooted", "buildered").is_none(), "whole words only");
        assert!(explain("alice", "bob").is_none(), "not the builds' users");
        assert!(
            explain("root 1", "builder 2").is_none(),
            "a change beside it"
        );
    }
}
