//! What a producing tool writes by its own policy follows from the tool's version.
//!
//! A wheel rebuilt years later with today's backend differs from the published one in more than
//! the backend's name and version: the backend lays its metadata out anew (license files moved
//! to `.dist-info/licenses/`), writes the fields its metadata version has (`Dynamic`,
//! `License-File`), derives classifiers and URLs by its own policy, adds an empty entry-point
//! section. None of that is a change of the project, and none of it would differ had the same
//! backend version run: it follows from the producer's version.
//!
//! A producer root is a `toolchain-version` difference in a field of kind `ToolVersion` (the
//! WHEEL `Generator`, the METADATA `Metadata-Version`). What the producer writes is the artifact
//! holding that field, widened to the whole metadata directory when the artifact is one of its
//! files (a backend writes all of `*.dist-info`, `*.egg-info`). Within it, only differences that
//! leave what the project declares unchanged are claimed:
//! - fields of kind `Presentation`, and the stored orders of changed lists;
//! - members moved with their bytes unchanged;
//! - license and housekeeping files added or removed (a backend chooses which it ships);
//! - text hunks whose changed lines are only blank lines or section headers (an empty
//!   `[gui_scripts]` section declares nothing).
//!
//! A changed requirement, summary, tag, entry point or file of the package itself stays
//! `content`: the version of the tool is no reason for it.
//!
//! An artifact may also carry a summary of what it says that does not depend on its producer's
//! version (a pyc's literals and names). When that summary is equal on both sides while the
//! producer's version differs (another interpreter compiled the module), everything inside the
//! artifact — bytecode, line tables, code-object layout — follows from the producer.

use whydiff_analyzers::FieldKind;

use std::collections::HashSet;

use crate::classify::evidence::metadata_directory;
use crate::classify::{Category, Cause};
use crate::difference::{Difference, ObservedKind};

/// Where a producer root's output lies: the container its artifact is in, and the member-name
/// prefix of the output (the metadata directory with its `/`, or the artifact's own name).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Output {
    root: usize,
    container: Vec<String>,
    prefix: String,
    /// Whether the output is a whole directory (a prefix ending with `/`) rather than one
    /// artifact.
    directory: bool,
    /// Whether the artifact's producer-independent summary is equal on both sides: then all
    /// inside it follows from the producer.
    same_summary: bool,
}

impl Output {
    fn of(difference: &Difference, stable_summaries: &HashSet<Vec<String>>) -> Option<Output> {
        let is_producer = difference.cause == Cause::ToolVersion
            && matches!(
                difference.observed.kind,
                ObservedKind::Field {
                    kind: FieldKind::ToolVersion,
                    ..
                }
            );
        if !is_producer {
            return None;
        }
        let (artifact, container) = difference.observed.path.split_last()?;
        let (prefix, directory) = match metadata_directory(artifact) {
            Some(directory) => (format!("{directory}/"), true),
            None => (artifact.clone(), false),
        };
        Some(Output {
            root: difference.id,
            container: container.to_vec(),
            prefix,
            directory,
            same_summary: !directory && stable_summaries.contains(&difference.observed.path),
        })
    }

    /// The member name, relative to the output, of a difference inside it.
    fn member<'a>(&self, path: &'a [String]) -> Option<&'a str> {
        if path.len() <= self.container.len() || path[..self.container.len()] != self.container {
            return None;
        }
        let name = path[self.container.len()].as_str();
        let inside = if self.directory {
            name.starts_with(&self.prefix)
        } else {
            name == self.prefix
        };
        inside.then_some(name)
    }
}

/// Marks as derived from their producer's version the differences its output holds that leave
/// what the project declares unchanged. Runs after root classification, before derived fields.
pub fn link(differences: &mut [Difference], stable_summaries: &HashSet<Vec<String>>) {
    let outputs: Vec<Output> = differences
        .iter()
        .filter_map(|d| Output::of(d, stable_summaries))
        .collect();
    if outputs.is_empty() {
        return;
    }
    let mut verdicts = Vec::new();
    // Roots only, and never a producer root itself.
    let roots = differences
        .iter()
        .filter(|d| d.category != Category::Derived)
        .filter(|d| !outputs.iter().any(|o| o.root == d.id));
    for d in roots {
        let Some((output, member)) = outputs
            .iter()
            .find_map(|o| o.member(&d.observed.path).map(|m| (o, m)))
        else {
            continue;
        };
        if let Some(what) = policy(d, member, output) {
            verdicts.push((d.id, output.root, what));
        }
    }
    for (id, root, what) in verdicts {
        let d = &mut differences[id];
        d.category = Category::Derived;
        d.cause = Cause::ToolOutput;
        d.evidence = format!("{what}: the producing tool's version differs (#{root})");
        d.derived_from = vec![root];
        d.looks_like = None;
    }
}

/// What kind of the producer's own output `d` is, when it is one.
fn policy(d: &Difference, member: &str, output: &Output) -> Option<&'static str> {
    // Inside an artifact whose summary is equal, anything follows from its producer: the order
    // another interpreter stores a set in as much as its bytecode.
    let inside = d.observed.path.len() > output.container.len() + 1;
    if output.same_summary && inside {
        return Some("compiled by another version of the producer, saying the same");
    }
    if d.category != Category::Content {
        return None;
    }
    match &d.observed.kind {
        ObservedKind::Field {
            kind: FieldKind::Presentation,
            ..
        } => Some("metadata the tool derives by its own policy"),
        ObservedKind::Field {
            kind: FieldKind::Order(_),
            ..
        } => Some("the order the tool lists metadata values in"),
        ObservedKind::MemberMoved if output.directory => Some("a file the tool laid out elsewhere"),
        ObservedKind::MemberAdded | ObservedKind::MemberRemoved
            if output.directory && is_shipped_by_policy(member) =>
        {
            Some("a license or housekeeping file the tool chooses to ship")
        }
        ObservedKind::TextHunk { .. } if output.directory && declares_nothing(d) => {
            Some("blank lines or empty sections")
        }
        _ => None,
    }
}

/// License files (`LICENSE*`, `COPYING*`, `NOTICE*`, `AUTHORS*`, anything under `licenses/`)
/// and the housekeeping files setuptools writes (`zip-safe`, `dependency_links.txt`…).
fn is_shipped_by_policy(member: &str) -> bool {
    let path = member.trim_end_matches('/');
    let file = path.rsplit('/').next().unwrap_or(path).to_ascii_uppercase();
    let license = ["LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS"]
        .iter()
        .any(|stem| file.starts_with(stem));
    let housekeeping = matches!(
        file.as_str(),
        "ZIP-SAFE" | "NOT-ZIP-SAFE" | "DEPENDENCY_LINKS.TXT" | "NAMESPACE_PACKAGES.TXT"
    );
    license || housekeeping || path.split('/').any(|c| c == "licenses") || member.ends_with('/')
}

/// Whether every changed line of a hunk, on both sides, is blank or a `[section]` header.
fn declares_nothing(d: &Difference) -> bool {
    let empty = |side: &Option<String>| {
        side.as_deref().unwrap_or("").lines().all(|line| {
            let line = line.trim();
            line.is_empty() || (line.starts_with('[') && line.ends_with(']'))
        })
    };
    empty(&d.observed.left) && empty(&d.observed.right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{classify, Facts, KnownValues};
    use crate::difference::{Observed, Scope};
    use whydiff_analyzers::Value;

    fn field(member: &str, name: &str, kind: FieldKind, left: &str, right: &str) -> Observed {
        Observed {
            path: vec!["p.whl".into(), member.into()],
            field: Some(name.into()),
            kind: ObservedKind::Field {
                kind,
                scope: Scope::Artifact,
                left: Some(Value::Str(left.into())),
                right: Some(Value::Str(right.into())),
            },
            left: Some(left.into()),
            right: Some(right.into()),
            location: None,
            seq: 0,
        }
    }

    fn member(kind: ObservedKind, name: &str, left: Option<&str>, right: Option<&str>) -> Observed {
        Observed::content(
            vec!["p.whl".into(), name.into()],
            kind,
            left.map(Into::into),
            right.map(Into::into),
        )
    }

    fn run(observed: Vec<Observed>) -> Vec<Difference> {
        classify(observed, &KnownValues::default(), &Facts::default()).differences
    }

    fn generator() -> Observed {
        field(
            "p-1.0.dist-info/WHEEL",
            "meta.Generator",
            FieldKind::ToolVersion,
            "hatchling 1.21.0",
            "hatchling 1.33.0",
        )
    }

    #[test]
    fn a_newer_backend_s_layout_and_presentation_follow_from_its_version() {
        let all = run(vec![
            generator(),
            field(
                "p-1.0.dist-info/METADATA",
                "meta.License-File",
                FieldKind::Presentation,
                "",
                "LICENSE",
            ),
            member(
                ObservedKind::MemberMoved,
                "p-1.0.dist-info/licenses/LICENSE",
                Some("p-1.0.dist-info/LICENSE"),
                Some("p-1.0.dist-info/licenses/LICENSE"),
            ),
            member(
                ObservedKind::MemberAdded,
                "p-1.0.dist-info/licenses/NOTICE",
                None,
                Some("10 bytes"),
            ),
            member(
                ObservedKind::TextHunk { changes: vec![] },
                "p-1.0.dist-info/entry_points.txt",
                Some(""),
                Some("[gui_scripts]\n\n"),
            ),
        ]);
        let roots: Vec<Category> = all
            .iter()
            .filter(|d| d.category != Category::Derived)
            .map(|d| d.category)
            .collect();
        assert_eq!(roots, [Category::DependencyVersion], "{all:#?}");
    }

    #[test]
    fn what_the_project_declares_stays_content() {
        let all = run(vec![
            generator(),
            field(
                "p-1.0.dist-info/METADATA",
                "meta.Requires-Dist",
                FieldKind::Text,
                "six",
                "six\nattrs",
            ),
            member(
                ObservedKind::TextHunk { changes: vec![] },
                "p-1.0.dist-info/entry_points.txt",
                Some(""),
                Some("[console_scripts]\np = p:main\n"),
            ),
            member(
                ObservedKind::MemberAdded,
                "p/extra.py",
                None,
                Some("3 bytes"),
            ),
            member(
                ObservedKind::MemberMoved,
                "p/sub/core.py",
                Some("p/core.py"),
                Some("p/sub/core.py"),
            ),
        ]);
        let content = all
            .iter()
            .filter(|d| d.category == Category::Content)
            .count();
        assert_eq!(content, 4, "{all:#?}");
    }

    #[test]
    fn without_a_producer_change_presentation_is_content() {
        let all = run(vec![field(
            "p-1.0.dist-info/METADATA",
            "meta.License-File",
            FieldKind::Presentation,
            "",
            "LICENSE",
        )]);
        assert_eq!(all[0].category, Category::Content);
    }
}
