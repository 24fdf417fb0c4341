//! The build-path token rule: a changed run is the build directory, and nothing else, when
//! substituting learned prefix pairs turns the left run into the right run exactly — or when it
//! differs only in temporary names as mkdtemp or mktemp draw them ([`super::temp_names`]).

use super::shape::{is_build_location, looks_temporary};
use super::spelling::{substitute, Encoding, Replaced, Spelling};
use super::{temp_names, PrefixPair};
use crate::classify::evidence;
use crate::classify::tokens::{TokenChange, TokenRule};
use crate::classify::{Cause, Context, Verdict};

/// Explains runs that differ only by a learned build, temporary or home directory.
pub struct BuildPathRule;

impl TokenRule for BuildPathRule {
    fn name(&self) -> &'static str {
        "build-path"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        if change.left.is_empty() || change.right.is_empty() {
            // An inserted or removed word is not a directory that moved.
            return None;
        }
        // A substitution that does not show the build's directory may still be a temporary
        // name the build wrote.
        let substituted = by_substitution(change, context);
        if substituted.as_ref().is_some_and(Verdict::is_proven) {
            return substituted;
        }
        match temp_names::explain(change, context) {
            Some(named) if named.is_proven() || substituted.is_none() => Some(named),
            _ => substituted,
        }
    }
}

/// The verdict when learned prefix pairs turn the left run into the right one, with what
/// supports the pairs.
fn by_substitution(change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
    let pairs = context.build_paths.pairs();
    let each_alone = pairs.iter().enumerate().find_map(|(index, pair)| {
        let candidates: Vec<(usize, &Spelling)> =
            pair.spellings().iter().map(|s| (index, s)).collect();
        explained_by(change, &candidates, pairs)
    });
    let (verdict, support) = match each_alone {
        Some(found) => found,
        None if pairs.len() < 2 => return None,
        None => {
            // A run may hold two directories (a home and a build directory): all pairs at
            // once, the longest left spelling winning wherever several match.
            let candidates: Vec<(usize, &Spelling)> = pairs
                .iter()
                .enumerate()
                .flat_map(|(index, pair)| pair.spellings().iter().map(move |s| (index, s)))
                .collect();
            explained_by(change, &candidates, pairs)?
        }
    };
    // The substitution shows the run is the directory; that the directory is the build's
    // needs a witness: the pair declared or recorded as an input's path. Without one, a
    // directory where builds run may still be claimed in a member the build generated; any
    // other directory (`/srv/app` → `/opt/app`) is a path someone edited until shown not.
    Some(match support {
        Support::Witness(witness) => Verdict {
            evidence: format!("{}; the directory was {witness}", verdict.evidence),
            ..verdict
        },
        Support::WhereBuildsRun => evidence::settle(verdict, change, context),
        Support::Neither => Verdict::looks_like(
            verdict.cause,
            format!(
                "{}; but nothing shows a build ran there (not declared, not recorded as an \
                 input's path, not where builds run)",
                verdict.evidence
            ),
        ),
    })
}

/// What supports the directories a substitution used, beyond the substitution itself.
enum Support {
    /// Every pair used is witnessed: the first witness.
    Witness(String),
    /// Every pair used lies where builds run, or looks temporary.
    WhereBuildsRun,
    /// Some pair is neither.
    Neither,
}

/// The verdict when substituting `candidates` in the left run gives the right run exactly, with
/// what supports the pairs it used.
fn explained_by(
    change: TokenChange<'_>,
    candidates: &[(usize, &Spelling)],
    pairs: &[PrefixPair],
) -> Option<(Verdict, Support)> {
    let (substituted, replaced) = substitute(change.left, candidates)?;
    (substituted == change.right).then(|| verdict(&replaced, pairs))
}

/// The cause shared by every replaced pair (a build directory when they differ), with the
/// substitution as evidence; and what supports the pairs used.
fn verdict(replaced: &Replaced<'_>, pairs: &[PrefixPair]) -> (Verdict, Support) {
    let mut used: Vec<&PrefixPair> = Vec::new();
    for &(index, _) in replaced {
        if !used.iter().any(|p| std::ptr::eq(*p, &pairs[index])) {
            used.push(&pairs[index]);
        }
    }
    let cause = match used.as_slice() {
        [first, rest @ ..] if rest.iter().all(|p| p.cause == first.cause) => first.cause,
        _ => Cause::BuildDirectory,
    };
    let noun = match cause {
        Cause::HomeDirectory => "home directory",
        Cause::TempDir => "temporary directory",
        _ => "build directory",
    };
    let list =
        |pick: fn(&PrefixPair) -> &str| used.iter().map(|p| pick(p)).collect::<Vec<_>>().join(", ");
    let mut evidence = if used.len() == 1 {
        format!(
            "replacing the left {noun} {} by the right one {} gives the right side exactly",
            used[0].left, used[0].right
        )
    } else {
        format!(
            "replacing the left directories {} by the right ones {} gives the right side exactly",
            list(|p| &p.left),
            list(|p| &p.right)
        )
    };
    let written: Vec<String> = replaced
        .iter()
        .filter(|(_, spelling)| spelling.encoding != Encoding::Raw)
        .map(|(_, spelling)| spelling.describe())
        .collect();
    if !written.is_empty() {
        evidence.push_str(&format!(" (written {})", written.join(", ")));
    }
    let witness = used
        .iter()
        .map(|pair| pair.witness.clone())
        .collect::<Option<Vec<String>>>()
        .and_then(|witnesses| witnesses.into_iter().next());
    let where_builds_run = used.iter().all(|pair| {
        is_build_location(&pair.left) && is_build_location(&pair.right)
            || looks_temporary(&pair.left, &pair.right)
    });
    let support = match witness {
        Some(witness) => Support::Witness(witness),
        None if where_builds_run => Support::WhereBuildsRun,
        None => Support::Neither,
    };
    (Verdict::new(cause, evidence), support)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{tokens, KnownValues};
    use crate::difference::{Observed, ObservedKind};

    /// A text hunk of `member` whose changed runs are `changes`.
    fn hunk(member: &str, changes: &[(&str, &str)]) -> Observed {
        Observed::content(
            vec![member.into()],
            ObservedKind::TextHunk {
                changes: changes
                    .iter()
                    .map(|(l, r)| (l.to_string(), r.to_string()))
                    .collect(),
            },
            Some("left\n".into()),
            Some("right\n".into()),
        )
    }

    /// The rule's verdict on (`left`, `right`) after learning from `all`.
    fn explain(all: &[Observed], left: &str, right: &str) -> Option<Verdict> {
        let known = KnownValues::default();
        let context = Context::new(all, &known);
        BuildPathRule.explain(TokenChange::new(left, right), &context)
    }

    fn cause(all: &[Observed], left: &str, right: &str) -> Option<Cause> {
        explain(all, left, right).map(|v| v.cause)
    }

    /// A comparison in which /tmp/build-a became /var/tmp/other (one C file's path in a log).
    fn moved_build() -> Vec<Observed> {
        vec![hunk(
            "build.log",
            &[("/tmp/build-a/src/foo.c", "/var/tmp/other/src/foo.c")],
        )]
    }

    #[test]
    fn dwarf_compilation_directories() {
        let all = [
            Observed {
                location: Some("strings".into()),
                seq: 1,
                ..Observed::content(
                    vec!["libhello.so".into()],
                    ObservedKind::Bytes,
                    None,
                    Some("/var/tmp/whydiff-elf-build-b\n".into()),
                )
            },
            Observed {
                location: Some("strings".into()),
                seq: 2,
                ..Observed::content(
                    vec!["libhello.so".into()],
                    ObservedKind::Bytes,
                    Some("/tmp/whydiff-elf-a\n".into()),
                    None,
                )
            },
        ];
        let verdict = explain(&all, "/tmp/whydiff-elf-a", "/var/tmp/whydiff-elf-build-b").unwrap();
        assert_eq!(verdict.cause, Cause::BuildDirectory);
        assert_eq!(
            verdict.evidence,
            "replacing the left build directory /tmp/whydiff-elf-a by the right one \
             /var/tmp/whydiff-elf-build-b gives the right side exactly; the directory was seen \
             in libhello.so (a binary)"
        );
        assert_eq!(
            cause(
                &all,
                "/tmp/whydiff-elf-a/hello.c",
                "/var/tmp/whydiff-elf-build-b/hello.c"
            ),
            Some(Cause::BuildDirectory)
        );
    }

    #[test]
    fn pyc_source_paths() {
        let all = [hunk(
            "pkg/__pycache__/core.cpython-311.pyc",
            &[(
                "/tmp/whydiff-pyc-a/pkg/core.py",
                "/var/tmp/whydiff-pyc-build-b/pkg/core.py",
            )],
        )];
        assert_eq!(
            cause(
                &all,
                "/tmp/whydiff-pyc-a/pkg/util/strings.py",
                "/var/tmp/whydiff-pyc-build-b/pkg/util/strings.py"
            ),
            Some(Cause::BuildDirectory)
        );
        // Seen as a binary string, co_filename carries marshal's length byte ('"' is 34, ','
        // is 44): the length is not the path text, so the run is not claimed here.
        assert_eq!(
            cause(
                &all,
                "\"/tmp/whydiff-pyc-a/pkg/__init__.py",
                ",/var/tmp/whydiff-pyc-build-b/pkg/__init__.py"
            ),
            None
        );
    }

    #[test]
    fn line_directives_flags_records_and_tracebacks() {
        let all = moved_build();
        for (left, right) in [
            (
                "#line 12 \"/tmp/build-a/src/foo.c\"",
                "#line 12 \"/var/tmp/other/src/foo.c\"",
            ),
            (
                "-fdebug-prefix-map=/tmp/build-a=.",
                "-fdebug-prefix-map=/var/tmp/other=.",
            ),
            (
                "-I/tmp/build-a/include -I/tmp/build-a/src",
                "-I/var/tmp/other/include -I/var/tmp/other/src",
            ),
            (
                "../../../../tmp/build-a/share/x.dat,sha256=AAAA,10",
                "../../../../var/tmp/other/share/x.dat,sha256=AAAA,10",
            ),
            (
                "File \"/tmp/build-a/pkg/mod.py\", line 3",
                "File \"/var/tmp/other/pkg/mod.py\", line 3",
            ),
            (
                "{\"url\": \"file:///tmp/build-a\"}",
                "{\"url\": \"file:///var/tmp/other\"}",
            ),
        ] {
            assert_eq!(
                cause(&all, left, right),
                Some(Cause::BuildDirectory),
                "{left}"
            );
        }
    }

    #[test]
    fn mangled_upper_cased_and_hex_spellings() {
        let all = moved_build();
        let verdict = explain(&all, "_tmp_build_a_src_foo_o", "_var_tmp_other_src_foo_o").unwrap();
        assert_eq!(verdict.cause, Cause::BuildDirectory);
        assert!(
            verdict.evidence.ends_with(
                "(written mangled into an identifier (_tmp_build_a → _var_tmp_other)); the \
                 directory was seen in build.log (build.log is named for the build it records)"
            ),
            "{}",
            verdict.evidence
        );
        for (left, right) in [
            ("_tmp_build-a_src", "_var_tmp_other_src"),
            ("-tmp-build-a-src", "-var-tmp-other-src"),
            ("_TMP_BUILD_A_SRC_FOO_H", "_VAR_TMP_OTHER_SRC_FOO_H"),
            ("/TMP/BUILD-A/SRC", "/VAR/TMP/OTHER/SRC"),
            (
                "2f746d702f6275696c642d612f",
                "2f7661722f746d702f6f746865722f",
            ),
            (
                "/tmp/build-a/x.c _tmp_build_a_x_o",
                "/var/tmp/other/x.c _var_tmp_other_x_o",
            ),
        ] {
            assert_eq!(
                cause(&all, left, right),
                Some(Cause::BuildDirectory),
                "{left}"
            );
        }
    }

    #[test]
    fn temporary_and_home_directories() {
        let pip = [hunk(
            "RECORD",
            &[(
                "/tmp/pip-req-build-x2k4ab/setup.py",
                "/tmp/pip-req-build-q9z1cd/setup.py",
            )],
        )];
        assert_eq!(
            cause(
                &pip,
                "/tmp/pip-req-build-x2k4ab/src",
                "/tmp/pip-req-build-q9z1cd/src"
            ),
            Some(Cause::TempDir)
        );
        let home = [hunk(
            "log",
            &[("/home/alice/proj/pkg/mod.py", "/home/bob/proj/pkg/mod.py")],
        )];
        let verdict = explain(
            &home,
            "File \"/home/alice/proj/x.py\"",
            "File \"/home/bob/proj/x.py\"",
        )
        .unwrap();
        assert_eq!(verdict.cause, Cause::HomeDirectory);
        assert!(verdict.evidence.contains("home directory /home/alice"));
        let windows = [hunk(
            "log",
            &[(r"C:\Users\a\build\x.c", r"C:\Users\b\build\x.c")],
        )];
        assert_eq!(
            cause(
                &windows,
                r#""C:\\Users\\a\\build\\y.obj""#,
                r#""C:\\Users\\b\\build\\y.obj""#
            ),
            Some(Cause::HomeDirectory)
        );
    }

    #[test]
    fn two_directories_in_one_run() {
        let all = [
            hunk(
                "a",
                &[("/tmp/build-a/src/foo.c", "/var/tmp/other/src/foo.c")],
            ),
            hunk("b", &[("/home/alice/.cache/x", "/home/bob/.cache/x")]),
        ];
        let verdict = explain(
            &all,
            "-I/home/alice/.local/include -I/tmp/build-a/src",
            "-I/home/bob/.local/include -I/var/tmp/other/src",
        )
        .unwrap();
        assert_eq!(verdict.cause, Cause::BuildDirectory);
        assert!(
            verdict.evidence.contains("/home/alice, /tmp/build-a"),
            "{}",
            verdict.evidence
        );
    }

    #[test]
    fn versions_and_other_files_are_not_build_paths() {
        let version = [hunk(
            "f",
            &[("/usr/lib/libfoo.so.1", "/usr/lib/libfoo.so.2")],
        )];
        assert_eq!(
            cause(&version, "/usr/lib/libfoo.so.1", "/usr/lib/libfoo.so.2"),
            None
        );
        let other_file = [hunk("f", &[("src/foo.c", "src/bar.c")])];
        assert_eq!(cause(&other_file, "src/foo.c", "src/bar.c"), None);
        let renamed = [hunk("f", &[("/tmp/a/src/foo.c", "/tmp/b/src/bar.c")])];
        assert_eq!(
            cause(&renamed, "/tmp/a/src/foo.c", "/tmp/b/src/bar.c"),
            None
        );
    }

    #[test]
    fn a_path_and_a_code_change_in_one_run_are_not_explained() {
        let all = moved_build();
        for (left, right) in [
            ("/tmp/build-a/src/foo.c:41", "/var/tmp/other/src/foo.c:42"),
            ("-O2 -I/tmp/build-a", "-O3 -I/var/tmp/other"),
            (
                "../../../../tmp/build-a/share/x.dat,sha256=AAAA,10",
                "../../../../var/tmp/other/share/x.dat,sha256=BBBB,10",
            ),
        ] {
            assert_eq!(cause(&all, left, right), None, "{left}");
        }
    }

    #[test]
    fn a_substitution_must_cover_the_whole_run() {
        let all = [
            hunk("a", &[("/tmp/a/x.c", "/tmp/b/x.c")]),
            hunk("b", &[("/tmp/a/y.c", "/tmp/c/y.c")]),
        ];
        assert_eq!(
            cause(&all, "/tmp/a/x.c", "/tmp/b/x.c"),
            Some(Cause::BuildDirectory)
        );
        assert_eq!(
            cause(&all, "/tmp/a/y.c", "/tmp/c/y.c"),
            Some(Cause::BuildDirectory)
        );
        assert_eq!(
            cause(&all, "/tmp/a/x /tmp/a/y", "/tmp/b/x /tmp/c/y"),
            None,
            "each pair explains only part of the run"
        );
        assert_eq!(cause(&all, "/tmp/a/x /tmp/a/y", "/tmp/b/x /tmp/a/y"), None);
    }

    #[test]
    fn one_learned_pair_does_not_explain_unrelated_runs() {
        let all = moved_build();
        for (left, right) in [
            ("return 41", "return 42"),
            ("x = 1700000000", "x = 1700000001"),
            ("version 1.2", "version 1.3"),
            ("/tmp/build-a/src/foo.c", "/tmp/elsewhere/src/foo.c"),
            ("/tmp/build-ab/src", "/var/tmp/otherb/src"),
            ("/tmp/build-a", ""),
            ("", "/var/tmp/other"),
            ("x_tmp_build_a", "x_var_tmp_other"),
        ] {
            assert_eq!(cause(&all, left, right), None, "{left} → {right}");
        }
    }

    #[test]
    fn a_hunk_with_a_path_and_a_code_change_stays_content() {
        let all = moved_build();
        let known = KnownValues::default();
        let context = Context::new(&all, &known);
        let mixed = hunk(
            "core.py",
            &[
                ("/tmp/build-a/src/foo.c", "/var/tmp/other/src/foo.c"),
                ("41", "42"),
            ],
        );
        assert!(tokens::explain(&mixed, &context).claimed().is_none());
        let paths_only = hunk(
            "core.py",
            &[("/tmp/build-a/src/foo.c", "/var/tmp/other/src/foo.c")],
        );
        let parts = tokens::explain(&paths_only, &context).claimed().unwrap();
        assert_eq!(parts[0].1.cause, Cause::BuildDirectory);
    }
}
