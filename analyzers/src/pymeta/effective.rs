//! What a distribution really requires: its `Requires-Dist` lines with references to its own
//! extras expanded, so that two tools that list the same requirements differently compare equal.
//!
//! A project may require its own extras (`attrs[tests]; extra == "cov"`: installing `attrs[cov]`
//! installs what `attrs[tests]` requires). Older backends write the reference; newer ones
//! (hatchling 1.2x) write the requirements it stands for, with the markers combined
//! (`hypothesis; extra == "cov"`, `cloudpickle; (platform_python_implementation == "CPython")
//! and extra == "cov"`). Both mean the same: each self-reference is replaced by the requirements
//! of the extras it names (recursively), their conditions joined with the reference's, and every
//! marker is compared as the set of its `and`-joined conditions plus its extra, so that the
//! parentheses a tool adds do not matter.
//!
//! A requirement whose marker does not split that way (an `or` at the top level, two `extra`
//! clauses) is kept whole and never expanded: it then compares as written, canonically.

use std::collections::BTreeSet;

use super::pep508::canonical_name;

/// How deep self-references are followed (`a[b]` → `a[c]` → …).
const MAX_DEPTH: usize = 16;
/// Expansion steps taken at most, whatever the references: a bound on crafted input (past it,
/// the references are kept as written).
const MAX_REQUIREMENTS: usize = 10_000;

/// One canonical requirement, split for expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Requirement {
    /// Name, extras and specifiers: `attrs[tests]>=23`.
    head: String,
    /// The name, PEP 503 normalized.
    name: String,
    /// The extras it asks for.
    extras: Vec<String>,
    /// Its conditions other than the extra, each canonical, sorted.
    conditions: BTreeSet<String>,
    /// The extra that selects it (`extra == "cov"`), if any.
    extra: Option<String>,
}

impl Requirement {
    fn render(&self) -> String {
        let mut parts: Vec<String> = self.conditions.iter().cloned().collect();
        if let Some(extra) = &self.extra {
            parts.push(format!("extra == \"{extra}\""));
        }
        if parts.is_empty() {
            self.head.clone()
        } else {
            format!("{}; {}", self.head, parts.join(" and "))
        }
    }
}

/// The effective requirements of the project `project` whose canonical requirements (as
/// `pep508::normalize` writes them) are `requirements`: sorted, without repeats.
pub fn effective(project: &str, requirements: &[String]) -> Vec<String> {
    let project = canonical_name(project);
    let parsed: Vec<Option<Requirement>> = requirements.iter().map(|r| split(r)).collect();
    let mut out = BTreeSet::new();
    let mut budget = MAX_REQUIREMENTS;
    for (text, requirement) in requirements.iter().zip(&parsed) {
        match requirement {
            Some(requirement) if requirement.name == project && !requirement.extras.is_empty() => {
                match expand(requirement, &parsed, &project, 0, &mut budget) {
                    Some(list) if !list.is_empty() => {
                        out.extend(list.iter().map(Requirement::render))
                    }
                    // Too deep, too much, or nothing found to stand for: kept as written.
                    _ => {
                        out.insert(text.clone());
                    }
                }
            }
            Some(requirement) => {
                out.insert(requirement.render());
            }
            None => {
                out.insert(text.clone());
            }
        }
    }
    out.into_iter().collect()
}

/// Replaces the self-reference `reference` by what its extras require, joined with its own
/// conditions and extra; `None` when the references run too deep or produce too much.
fn expand(
    reference: &Requirement,
    all: &[Option<Requirement>],
    project: &str,
    depth: usize,
    budget: &mut usize,
) -> Option<Vec<Requirement>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let selected = all.iter().flatten().filter(|r| {
        r.extra
            .as_ref()
            .is_some_and(|extra| reference.extras.contains(extra))
    });
    let mut found = Vec::new();
    for requirement in selected {
        let mut joined = requirement.clone();
        joined
            .conditions
            .extend(reference.conditions.iter().cloned());
        joined.extra = reference.extra.clone();
        *budget = budget.checked_sub(1)?;
        if joined.name == project && !joined.extras.is_empty() {
            found.extend(expand(
                &joined,
                all,
                project,
                depth.saturating_add(1),
                budget,
            )?);
        } else {
            found.push(joined);
        }
    }
    Some(found)
}

/// Splits a canonical requirement; `None` when its marker is not a conjunction with at most one
/// `extra` clause (or it is a URL requirement, which is kept as written).
fn split(canonical: &str) -> Option<Requirement> {
    if canonical.contains(" @ ") {
        return None;
    }
    let (head, marker) = match canonical.split_once("; ") {
        Some((head, marker)) => (head, Some(marker)),
        None => (canonical, None),
    };
    let name_end = head
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(head.len());
    let name = canonical_name(&head[..name_end]);
    let extras = match head[name_end..].strip_prefix('[') {
        Some(rest) => rest
            .split_once(']')?
            .0
            .split(',')
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    };
    let mut conditions = BTreeSet::new();
    let mut extra = None;
    if let Some(marker) = marker {
        for condition in conjuncts(marker, 0)? {
            match condition
                .strip_prefix("extra == \"")
                .and_then(|rest| rest.strip_suffix('"'))
            {
                Some(name) if extra.is_none() => extra = Some(name.to_owned()),
                Some(_) => return None,
                None if condition.contains("extra") => return None,
                None => {
                    conditions.insert(condition);
                }
            }
        }
    }
    Some(Requirement {
        head: head.to_owned(),
        name,
        extras,
        conditions,
        extra,
    })
}

/// Parentheses unwrapped at most (canonical markers nest no deeper than the PEP 508 reader reads).
const MAX_NESTING: usize = 32;

/// The `and`-joined conditions of a canonical marker, parentheses around a conjunction removed;
/// `None` when an `or` stands at the top level (the marker is then no conjunction) or the
/// parentheses nest too deep.
fn conjuncts(marker: &str, depth: usize) -> Option<Vec<String>> {
    if depth > MAX_NESTING {
        return None;
    }
    let mut out = Vec::new();
    for part in top_level(marker, " and ") {
        if top_level(part, " or ").nth(1).is_some() {
            return None;
        }
        match unwrap_parentheses(part) {
            Some(inner) if top_level(inner, " or ").nth(1).is_none() => {
                out.extend(conjuncts(inner, depth.saturating_add(1))?)
            }
            Some(_) => out.push(part.to_owned()),
            None => out.push(part.to_owned()),
        }
    }
    Some(out)
}

/// `text` split at `separator` where it stands outside parentheses and quotes.
fn top_level<'a>(text: &'a str, separator: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let c = char::from(byte);
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '(' => depth = depth.saturating_add(1),
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0
                    && bytes
                        .get(at..)
                        .is_some_and(|rest| rest.starts_with(separator.as_bytes())) =>
                {
                    pieces.push(text.get(piece_start..at).unwrap_or_default());
                    at = at.saturating_add(separator.len());
                    piece_start = at;
                    continue;
                }
                _ => {}
            },
        }
        at = at.saturating_add(1);
    }
    pieces.push(text.get(piece_start..).unwrap_or_default());
    pieces.into_iter()
}

/// The inside of `(…)` when the parentheses enclose the whole text.
fn unwrap_parentheses(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth = depth.saturating_add(1),
            ')' => {
                depth = depth.saturating_sub(1);
                if depth < 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    (depth == 0).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::super::pep508::normalize;
    use super::*;

    fn canonical(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| normalize(l).unwrap()).collect()
    }

    #[test]
    fn self_references_expand_to_what_they_stand_for() {
        // What hatchling 1.21 and 1.2x wrote for attrs 23.2.0 (abridged).
        let old = canonical(&[
            "attrs[tests]; extra == 'cov'",
            "coverage[toml]>=5.3; extra == 'cov'",
            "attrs[tests-no-zope]; extra == 'tests'",
            "zope-interface; extra == 'tests'",
            "cloudpickle; platform_python_implementation == 'CPython' and extra == 'tests-no-zope'",
            "hypothesis; extra == 'tests-no-zope'",
        ]);
        let new = canonical(&[
            "cloudpickle; (platform_python_implementation == 'CPython') and extra == 'cov'",
            "coverage[toml]>=5.3; extra == 'cov'",
            "hypothesis; extra == 'cov'",
            "zope-interface; extra == 'cov'",
            "cloudpickle; (platform_python_implementation == 'CPython') and extra == 'tests'",
            "hypothesis; extra == 'tests'",
            "zope-interface; extra == 'tests'",
            "cloudpickle; platform_python_implementation == 'CPython' and extra == 'tests-no-zope'",
            "hypothesis; extra == 'tests-no-zope'",
        ]);
        assert_eq!(effective("attrs", &old), effective("Attrs", &new));
    }

    #[test]
    fn a_real_change_stays_a_change() {
        let old = canonical(&[
            "attrs[tests]; extra == 'cov'",
            "hypothesis; extra == 'tests'",
        ]);
        let new = canonical(&[
            "hypothesis>=6; extra == 'cov'",
            "hypothesis; extra == 'tests'",
        ]);
        assert_ne!(effective("attrs", &old), effective("attrs", &new));
        let other = canonical(&[
            "other[tests]; extra == 'cov'",
            "hypothesis; extra == 'tests'",
        ]);
        assert_eq!(
            effective("attrs", &other),
            canonical(&[
                "hypothesis; extra == 'tests'",
                "other[tests]; extra == 'cov'"
            ]),
            "only the project's own extras are expanded"
        );
    }

    #[test]
    fn markers_that_are_no_conjunction_stay_whole() {
        let list = canonical(&["x; os_name == 'nt' or extra == 'a'", "p[a]; extra == 'b'"]);
        let expanded = effective("p", &list);
        assert!(
            expanded.contains(&"p[a]; extra == \"b\"".to_owned()),
            "{expanded:?}"
        );
    }

    #[test]
    fn markers_with_wide_characters_split_on_character_boundaries() {
        let parts: Vec<&str> = top_level("a == \"\u{4ea}\" and b == \"x\"", " and ").collect();
        assert_eq!(parts, ["a == \"\u{4ea}\"", "b == \"x\""]);
        let wide: Vec<&str> = top_level("x\u{4ea} \u{4ea}", " and ").collect();
        assert_eq!(wide, ["x\u{4ea} \u{4ea}"]);
    }

    #[test]
    fn cycles_and_depth_are_bounded() {
        let list = canonical(&["p[a]; extra == 'b'", "p[b]; extra == 'a'"]);
        let expanded = effective("p", &list);
        assert_eq!(expanded.len(), 2, "{expanded:?}");
    }
}
