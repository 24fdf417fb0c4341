//! `user@host` strings: the build's user and host names written together, as a stamp records who
//! built where (`built by root@buildhost1`, `packager: root <root@buildhost1>`, a shell prompt in
//! a log). A run is claimed when every word that changed is, on both sides, a `user@host` pair
//! (in quotes or brackets too), or a bare user name that is the user of a pair in the same run
//! on that side — and nothing else changed.
//!
//! An e-mail address has the same shape, and a maintainer's address edited in a source file is a
//! genuine change. So the shape is never enough: each changed user and host must be one the
//! builds declared (`USER`, `HOSTNAME`) or recorded (the owners of archive entries, in the
//! profiles); or, when every host is a bare host name as `hostname` prints it (no dotted
//! domain, which an address has), the run must stand in a member the build generated or after
//! a label naming the producing step ([`evidence::settle`]). Otherwise the difference stays
//! `content`, with user-host as a hint.

use crate::classify::evidence;
use crate::classify::known::cause_of_key;
use crate::classify::profile::Belief;
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Cause, Context, Verdict};

/// Explains runs whose changed words are the builds' `user@host`.
pub struct UserAtHostRule;

impl TokenRule for UserAtHostRule {
    fn name(&self) -> &'static str {
        "user-at-host"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        let pairs = changed_pairs(change.left, change.right)?;
        let users_changed = pairs.iter().any(|(l, r)| l.user != r.user);
        let hosts_changed = pairs.iter().any(|(l, r)| l.host != r.host);
        let cause = if users_changed {
            Cause::UserName
        } else {
            Cause::HostName
        };
        let what = match (users_changed, hosts_changed) {
            (true, true) => "users and hosts",
            (true, false) => "users",
            _ => "hosts",
        };
        let verdict = Verdict::new(
            cause,
            format!(
                "both sides are user@host names of the builds' {what}: {} → {}",
                change.left, change.right
            ),
        );
        if let Some(witness) = witnessed(&pairs, context) {
            return Some(Verdict {
                evidence: format!("{}; {witness}", verdict.evidence),
                ..verdict
            });
        }
        let addresses = pairs
            .iter()
            .any(|(l, r)| l.host.contains('.') || r.host.contains('.'));
        if addresses {
            return Some(Verdict::looks_like(
                cause,
                format!(
                    "{}; but a host with a domain is an e-mail address as often, and neither \
                     build declared or recorded these users and hosts",
                    verdict.evidence
                ),
            ));
        }
        Some(evidence::settle(verdict, change, context))
    }
}

/// A `user@host` pair as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UserAtHost<'a> {
    user: &'a str,
    host: &'a str,
}

/// The `user@host` pairs that differ between the runs, left then right, when every changed word
/// is one (or the bare user of one in the same run) and the runs are otherwise the same.
fn changed_pairs<'a>(
    left: &'a str,
    right: &'a str,
) -> Option<Vec<(UserAtHost<'a>, UserAtHost<'a>)>> {
    let (left_words, right_words): (Vec<&str>, Vec<&str>) = (
        left.split_whitespace().collect(),
        right.split_whitespace().collect(),
    );
    if left_words.len() != right_words.len() {
        return None;
    }
    let all_pairs = |words: &[&'a str]| -> Vec<UserAtHost<'a>> {
        words
            .iter()
            .filter_map(|word| user_at_host(unframed(word).1))
            .collect()
    };
    let (left_all, right_all) = (all_pairs(&left_words), all_pairs(&right_words));
    let mut pairs = Vec::new();
    let mut bare_users = false;
    for (l, r) in left_words.iter().zip(&right_words) {
        if l == r {
            continue;
        }
        let ((l_frame, l_inner), (r_frame, r_inner)) = (unframed(l), unframed(r));
        if l_frame != r_frame {
            return None;
        }
        match (user_at_host(l_inner), user_at_host(r_inner)) {
            (Some(l), Some(r)) => pairs.push((l, r)),
            (None, None) => {
                let is_user =
                    |name: &str, all: &[UserAtHost<'_>]| all.iter().any(|p| p.user == name);
                if !(is_user(l_inner, &left_all) && is_user(r_inner, &right_all)) {
                    return None;
                }
                bare_users = true;
            }
            _ => return None,
        }
    }
    // A bare user name counts only beside a pair that changed its user too.
    if bare_users && !pairs.iter().any(|(l, r)| l.user != r.user) {
        return None;
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// A word without the quotes, brackets and punctuation around it: (the frame, the inner word).
fn unframed(word: &str) -> ((&str, &str), &str) {
    let inner = word.trim_start_matches(['"', '\'', '<', '(', '[', '{', '`']);
    let start = word.len() - inner.len();
    let inner = inner.trim_end_matches(['"', '\'', '>', ')', ']', '}', '`', ',', ';', ':', '.']);
    let end = start + inner.len();
    ((&word[..start], &word[end..]), inner)
}

/// `word` read as `user@host`: a user name as systems allow it, and a host name (dotted or not).
fn user_at_host(word: &str) -> Option<UserAtHost<'_>> {
    let (user, host) = word.split_once('@')?;
    let user_ok = (1..=32).contains(&user.len())
        && user.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let host_ok = host.len() <= 253
        && host.split('.').all(label_ok)
        && host.starts_with(|c: char| c.is_ascii_alphabetic());
    (user_ok && host_ok).then_some(UserAtHost { user, host })
}

/// Where the builds' own records name every changed user and host: a declared value, or the
/// owners their archives recorded.
fn witnessed(pairs: &[(UserAtHost<'_>, UserAtHost<'_>)], context: &Context<'_>) -> Option<String> {
    let mut sources = Vec::new();
    for (l, r) in pairs {
        for (changed, left, right, cause) in [
            (l.user != r.user, l.user, r.user, Cause::UserName),
            (l.host != r.host, l.host, r.host, Cause::HostName),
        ] {
            if !changed {
                continue;
            }
            let source = declared(context, cause, left, right)
                .or_else(|| recorded(context, cause, left, right))?;
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
    }
    Some(format!(
        "the builds' own records name them: {}",
        sources.join("; ")
    ))
}

/// The declared key whose left and right values are `left` and `right`, for `cause`.
fn declared(context: &Context<'_>, cause: Cause, left: &str, right: &str) -> Option<String> {
    context
        .known
        .pairs()
        .find(|pair| cause_of_key(pair.key) == cause && pair.left == left && pair.right == right)
        .map(|pair| format!("declared {}", pair.key))
}

/// Where each build's profile holds its side's value, for `cause`.
fn recorded(context: &Context<'_>, cause: Cause, left: &str, right: &str) -> Option<String> {
    let beliefs = |profile: &'_ crate::classify::profile::Profile| -> Vec<Belief> {
        match cause {
            Cause::UserName => profile.users.clone(),
            _ => profile.hosts.clone(),
        }
    };
    let find = |beliefs: Vec<Belief>, value: &str| beliefs.into_iter().find(|b| b.value == value);
    let l = find(beliefs(&context.profiles.left), left)?;
    let r = find(beliefs(&context.profiles.right), right)?;
    Some(format!("{left} ({}) and {right} ({})", l.source, r.source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::tokens::testing::{hunk, proven, verdicts_in};
    use crate::classify::KnownValues;
    use crate::difference::{Observed, ObservedKind};

    /// The verdicts on the runs of `left` → `right` in `path`, beside `others`, with `known`.
    fn judge_with(
        path: &str,
        left: &str,
        right: &str,
        others: Vec<Observed>,
        known: &KnownValues,
    ) -> Vec<Option<Verdict>> {
        let mut all = others;
        all.push(hunk(path, left, right));
        verdicts_in(&UserAtHostRule, &all, all.len() - 1, known)
    }

    fn judge(path: &str, left: &str, right: &str) -> Vec<Option<Verdict>> {
        judge_with(path, left, right, Vec::new(), &KnownValues::default())
    }

    const USER: Option<Cause> = Some(Cause::UserName);
    const HOST: Option<Cause> = Some(Cause::HostName);

    #[test]
    fn a_build_stamp_names_who_built_where() {
        // corpus/shape-user-at-host: BUILD-STAMP, written by make_stamp.sh.
        let verdicts = judge(
            "BUILD-STAMP",
            "built by root@buildhost1\npackager: root <root@buildhost1>\n",
            "built by whydiff-builder@ci-runner-07\npackager: whydiff-builder <whydiff-builder@ci-runner-07>\n",
        );
        assert_eq!(proven(&verdicts), [USER, USER]);
        // Only the host changed, after a producing label, in a file of any name.
        let verdicts = judge(
            "notes.txt",
            "built by root@buildhost1\n",
            "built by root@buildhost2\n",
        );
        assert_eq!(proven(&verdicts), [HOST]);
    }

    #[test]
    fn recorded_or_declared_users_and_hosts_witness_an_address_anywhere() {
        let owner = Observed {
            field: Some("tar.uname".into()),
            ..Observed::content(
                vec!["a.tar".into(), "x".into()],
                ObservedKind::Field {
                    kind: whydiff_analyzers::FieldKind::Owner,
                    scope: crate::difference::Scope::Record,
                    left: Some(whydiff_analyzers::Value::Str("alice".into())),
                    right: Some(whydiff_analyzers::Value::Str("bob".into())),
                },
                Some("alice".into()),
                Some("bob".into()),
            )
        };
        let mut known = KnownValues::default();
        known
            .left
            .insert("HOSTNAME".into(), "ws1.example.com".into());
        known
            .right
            .insert("HOSTNAME".into(), "ws2.example.com".into());
        let verdicts = judge_with(
            "settings.cfg",
            "owner = alice@ws1.example.com\n",
            "owner = bob@ws2.example.com\n",
            vec![owner],
            &known,
        );
        assert_eq!(proven(&verdicts), [USER]);
        let evidence = &verdicts[0].as_ref().unwrap().evidence;
        assert!(evidence.contains("declared HOSTNAME"), "{evidence}");
        assert!(evidence.contains("tar.uname"), "{evidence}");
    }

    #[test]
    fn an_email_address_edited_in_a_source_file_stays_content() {
        // corpus/edit-* style: setup.cfg's maintainer edited by hand.
        let verdicts = judge(
            "setup.cfg",
            "maintainer_email = alice@example.com\n",
            "maintainer_email = bob@example.com\n",
        );
        let verdict = verdicts[0].as_ref().unwrap();
        assert!(!verdict.is_proven(), "{verdict:?}");
        // Even in a member the build generated: an address at a domain needs a record.
        let verdicts = judge(
            "pkg-1.0.dist-info/METADATA",
            "Author-email: alice@example.com\n",
            "Author-email: bob@example.com\n",
        );
        assert!(!verdicts[0].as_ref().unwrap().is_proven());
        // A bare host in a file a person may write, with no label: only its shape.
        let verdicts = judge("hosts.txt", "admin@alpha\n", "admin@beta\n");
        assert!(!verdicts[0].as_ref().unwrap().is_proven());
    }

    #[test]
    fn other_changes_beside_a_user_at_host_are_not_claimed() {
        for (left, right) in [
            ("built by root@host1 at 41\n", "built by bob@host2 at 42\n"),
            ("built by root@host1 v1\n", "built by root@host1 v2\n"),
            ("built by alice root@host1\n", "built by bob root@host1\n"),
            ("built by root@host1\n", "built by root@@host1\n"),
            ("built by root@1.2.3.4\n", "built by root@1.2.3.5\n"),
            ("built by x@host\n", "built by y@\n"),
            ("built by alice\n", "built by bob\n"),
        ] {
            let verdicts = judge("BUILD-STAMP", left, right);
            assert!(
                verdicts.iter().any(Option::is_none),
                "{left} → {right}: {verdicts:?}"
            );
        }
    }
}
