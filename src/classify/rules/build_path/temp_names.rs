//! Temporary names in paths, recognized by how the tools that make them draw them:
//! `tempfile.mkdtemp()`/`mkstemp()` name a directory or file `tmp` and eight characters of
//! `[a-z0-9_]` (`/tmp/tmpi_1nxxr1/fast.o`, or `tmpi_1nxxr1/fast.o` relative to `/tmp`), and
//! mktemp(1) names one `tmp.` and ten letters or digits. Such a name is a temporary directory
//! wherever it is written, absolute or relative, so no learned prefix pair is needed.
//!
//! A run is claimed when, once its temporary names are set aside, both sides are the same text,
//! every name stands as a path component (next to a `/` or `\`), each left name always becomes
//! the same right name, and at least one pair looks drawn at random (a digit or `_` among the
//! drawn characters: `tmpfilename` is a word). The shape says only that the run is a temporary
//! name: a learned temporary-directory pair ending in the same names, witnessed elsewhere, or
//! the generated member or producing label around the run ([`evidence::settle`]) must show that
//! the build wrote it.

use super::shape::is_name_char;
use crate::classify::evidence;
use crate::classify::tokens::TokenChange;
use crate::classify::{Cause, Context, Verdict};

/// The verdict on a run whose only differences are temporary names in paths.
pub(super) fn explain(change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
    let (left, right) = (pieces(change.left), pieces(change.right));
    if left.len() != right.len() {
        return None;
    }
    let mut names: Vec<(&str, &str)> = Vec::new();
    for (l, r) in left.iter().zip(&right) {
        match (l, r) {
            (Piece::Text(l), Piece::Text(r)) if l == r => {}
            (Piece::Name(l), Piece::Name(r)) => {
                let known = names.iter().find(|(left, right)| left == l || right == r);
                match known {
                    Some(pair) if *pair != (*l, *r) => return None,
                    Some(_) => {}
                    None => names.push((l, r)),
                }
            }
            _ => return None,
        }
    }
    let drawn = |name: &str| drawn_part(name).contains(|c: char| c.is_ascii_digit() || c == '_');
    if !names.iter().any(|(l, r)| l != r && (drawn(l) || drawn(r))) {
        return None;
    }
    let changed: Vec<&(&str, &str)> = names.iter().filter(|(l, r)| l != r).collect();
    let list = |right: bool| {
        let side: Vec<&str> = changed
            .iter()
            .map(|(l, r)| if right { *r } else { *l })
            .collect();
        side.join(", ")
    };
    let verdict = Verdict::new(
        Cause::TempDir,
        format!(
            "the paths differ only in temporary names as mkdtemp/mkstemp or mktemp draw them: \
             {} → {}",
            list(false),
            list(true)
        ),
    );
    match witnessed(&names, context) {
        Some(witness) => Some(Verdict {
            evidence: format!(
                "{}; the temporary directory was {witness}",
                verdict.evidence
            ),
            ..verdict
        }),
        None => Some(evidence::settle(verdict, change, context)),
    }
}

/// The witness of a learned temporary-directory pair that ends in one of the names.
fn witnessed(names: &[(&str, &str)], context: &Context<'_>) -> Option<String> {
    let last = |path: &str| path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned();
    context.build_paths.pairs().iter().find_map(|pair| {
        let ends_in_a_name = names
            .iter()
            .any(|(l, r)| l != r && last(&pair.left) == *l && last(&pair.right) == *r);
        (pair.cause == Cause::TempDir && ends_in_a_name)
            .then(|| pair.witness.clone())
            .flatten()
    })
}

/// A run cut into temporary names that stand as path components and the text between them.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

fn pieces(run: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while at < run.len() {
        let word_len = run[at..]
            .find(|c: char| !is_name_char(c))
            .unwrap_or(run.len() - at);
        if word_len == 0 {
            at += run[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let word = &run[at..at + word_len];
        let in_path =
            run[..at].ends_with(['/', '\\']) || run[at + word_len..].starts_with(['/', '\\']);
        if let Some(len) = temp_name_len(word).filter(|_| in_path) {
            if text_start < at {
                pieces.push(Piece::Text(&run[text_start..at]));
            }
            pieces.push(Piece::Name(&run[at..at + len]));
            text_start = at + len;
        }
        at += word_len;
    }
    if text_start < run.len() {
        pieces.push(Piece::Text(&run[text_start..]));
    }
    pieces
}

/// Python's `tempfile` draws eight characters of this alphabet after its `tmp` prefix.
const PYTHON_DRAWN: usize = 8;
/// mktemp(1)'s default template, `tmp.XXXXXXXXXX`.
const MKTEMP_DRAWN: usize = 10;

/// The length of the temporary name `word` starts with, when the rest of the word is nothing
/// or a file's extension (`tmpab12cd_3.o`, as mkstemp with a suffix names files).
fn temp_name_len(word: &str) -> Option<usize> {
    let (prefix, drawn, alphabet): (&str, usize, fn(char) -> bool) = if word.starts_with("tmp.") {
        ("tmp.", MKTEMP_DRAWN, |c| c.is_ascii_alphanumeric())
    } else if word.starts_with("tmp") {
        ("tmp", PYTHON_DRAWN, |c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
        })
    } else {
        return None;
    };
    let len = prefix.len() + drawn;
    let name = word.get(..len)?;
    if !name[prefix.len()..].chars().all(alphabet) {
        return None;
    }
    let rest = &word[len..];
    let extension = rest
        .strip_prefix('.')
        .is_some_and(|ext| !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric()));
    (rest.is_empty() || extension).then_some(len)
}

/// The drawn characters of a temporary name.
fn drawn_part(name: &str) -> &str {
    name.strip_prefix("tmp.")
        .or_else(|| name.strip_prefix("tmp"))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::tokens::testing::hunk;
    use crate::classify::KnownValues;
    use crate::difference::Observed;

    /// The verdicts on the runs of `left` → `right` in the member `path`, alone in a comparison.
    fn judge(path: &str, left: &str, right: &str) -> Vec<Option<Verdict>> {
        let all: [Observed; 1] = [hunk(path, left, right)];
        let known = KnownValues::default();
        let context = Context::new(&all, &known);
        let crate::difference::ObservedKind::TextHunk { changes } = &all[0].kind else {
            unreachable!()
        };
        changes
            .iter()
            .map(|(l, r)| {
                let change = TokenChange {
                    left: l,
                    right: r,
                    source: Some(&all[0]),
                };
                explain(change, &context)
            })
            .collect()
    }

    fn proven_causes(path: &str, left: &str, right: &str) -> Vec<Option<Cause>> {
        judge(path, left, right)
            .into_iter()
            .map(|v| v.filter(Verdict::is_proven).map(|v| v.cause))
            .collect()
    }

    const TEMP: Option<Cause> = Some(Cause::TempDir);

    #[test]
    fn mkdtemp_names_absolute_and_relative() {
        // corpus/shape-tempfile-names: a build log with its work directory both ways.
        assert_eq!(
            proven_causes(
                "build.log",
                "cc -c x.c -o /tmp/tmpi_1nxxr1/fast.o\ncd /tmp && ar rcs libfast.a tmpi_1nxxr1/fast.o\n",
                "cc -c x.c -o /tmp/tmpv5n3x183/fast.o\ncd /tmp && ar rcs libfast.a tmpv5n3x183/fast.o\n",
            ),
            [TEMP, TEMP]
        );
        assert_eq!(
            proven_causes(
                "build.log",
                "wrote tmpab12cd_3.o/\n",
                "wrote tmpzz98yy7q.o/\n"
            ),
            [TEMP]
        );
        assert_eq!(
            proven_causes(
                "build.log",
                "work: /tmp/tmp.AbCdEf1234/out\n",
                "work: /tmp/tmp.XyZw987654/out\n"
            ),
            [TEMP]
        );
    }

    #[test]
    fn in_a_file_a_person_may_write_it_only_looks_temporary() {
        let verdicts = judge(
            "settings.py",
            "CACHE = \"tmpi_1nxxr1/cache\"\n",
            "CACHE = \"tmpv5n3x183/cache\"\n",
        );
        let verdict = verdicts[0].as_ref().unwrap();
        assert_eq!(verdict.cause, Cause::TempDir);
        assert!(!verdict.is_proven(), "{verdict:?}");
    }

    #[test]
    fn a_temporary_directory_witnessed_elsewhere_confirms_its_name_anywhere() {
        // The build's own binary recorded the absolute directory.
        let binary = Observed {
            location: Some("strings".into()),
            ..Observed::content(
                vec!["lib.so".into()],
                crate::difference::ObservedKind::Bytes,
                Some("/tmp/tmpi_1nxxr1/src/x.c\n".into()),
                Some("/tmp/tmpv5n3x183/src/x.c\n".into()),
            )
        };
        let notes = hunk(
            "notes.txt",
            "see tmpi_1nxxr1/src\n",
            "see tmpv5n3x183/src\n",
        );
        let all = [binary, notes];
        let known = KnownValues::default();
        let context = Context::new(&all, &known);
        let change = TokenChange {
            left: "tmpi_1nxxr1/src",
            right: "tmpv5n3x183/src",
            source: Some(&all[1]),
        };
        let verdict = explain(change, &context).unwrap();
        assert!(verdict.is_proven(), "{verdict:?}");
        assert!(verdict.evidence.contains("lib.so"), "{}", verdict.evidence);
    }

    #[test]
    fn words_and_genuine_changes_are_not_temporary_names() {
        for (left, right) in [
            ("out: tmpfilename/x\n", "out: tmpdatafile/x\n"),
            ("out: tmpi_1nxxr1/x.o\n", "out: tmpv5n3x183/y.o\n"),
            ("out: tmpi_1nxxr1/x.o 41\n", "out: tmpv5n3x183/x.o 42\n"),
            ("out: tmpi_1nxxr1\n", "out: tmpv5n3x183\n"),
            (
                "a tmpi_1nxxr1/x tmpi_1nxxr1/y\n",
                "a tmpv5n3x183/x tmpq0000000/y\n",
            ),
            ("out: tmpi_1nxxr12/x\n", "out: tmpv5n3x1834/x\n"),
            ("out: tmpI_1NXXR1/x\n", "out: tmpV5N3X183/x\n"),
        ] {
            let verdicts = judge("build.log", left, right);
            assert!(
                verdicts.iter().any(Option::is_none),
                "{left} → {right}: {verdicts:?}"
            );
        }
    }

    #[test]
    fn pieces_set_names_apart() {
        assert_eq!(
            pieces("/tmp/tmpi_1nxxr1/fast.o"),
            [
                Piece::Text("/tmp/"),
                Piece::Name("tmpi_1nxxr1"),
                Piece::Text("/fast.o")
            ]
        );
        assert_eq!(pieces("tmpi_1nxxr1 x"), [Piece::Text("tmpi_1nxxr1 x")]);
    }
}
