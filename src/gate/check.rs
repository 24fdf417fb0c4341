//! The gate itself: a report's root differences held against a baseline ([`check`]), the
//! baseline a report implies ([`baseline_from`]), and the baseline after a check
//! ([`update`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::baseline::{category_rank, class_order, Baseline, KnownClass};
use crate::report::document::{DifferenceRecord, ReportDocument};

/// How many differences of a new class the outcome shows as examples.
pub const EXAMPLES_PER_CLASS: usize = 3;

/// A known class and how many root differences of the report it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownOccurrence {
    /// The class, with its note.
    pub class: KnownClass,
    /// The root differences it covers (at least one).
    pub count: usize,
}

/// Root differences in no known class, of one category and cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewClass {
    /// Category id.
    pub category: String,
    /// Cause id.
    pub cause: String,
    /// How many root differences it holds.
    pub count: usize,
    /// The first of them, in report order (at most [`EXAMPLES_PER_CLASS`]).
    pub examples: Vec<Example>,
}

impl NewClass {
    /// `category/cause`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.category, self.cause)
    }
}

/// One difference shown as an example of a new class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    /// Its path, one segment per nesting level.
    pub path: Vec<String>,
    /// The field, when it is one.
    pub field: Option<String>,
    /// Where in the member (`lines 3 → 3`), when the report says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The left value.
    pub left: Option<String>,
    /// The right value.
    pub right: Option<String>,
    /// Why it was classified so.
    pub evidence: String,
}

impl Example {
    fn of(difference: &DifferenceRecord) -> Self {
        Example {
            path: difference.path.clone(),
            field: difference.field.clone(),
            location: difference.location.clone(),
            left: difference.left.clone(),
            right: difference.right.clone(),
            evidence: difference.evidence.clone(),
        }
    }
}

/// The result of holding a report against a baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The left build, as the report names it.
    pub left: String,
    /// The right build, as the report names it.
    pub right: String,
    /// The root differences of the report.
    pub roots: usize,
    /// Known classes that occur, in baseline order (sorted by [`class_order`]).
    pub known: Vec<KnownOccurrence>,
    /// Classes of root differences no known class covers, by category (report order) and cause.
    pub new: Vec<NewClass>,
    /// Known classes that no longer occur, sorted.
    pub fixed: Vec<KnownClass>,
}

impl Outcome {
    /// Whether the gate passes: every root difference is in a known class.
    pub fn passed(&self) -> bool {
        self.new.is_empty()
    }
}

/// Holds the root differences of `report` against `baseline`. A difference belongs to every
/// known class that covers it (a class with a glob and one without may both count it); one no
/// class covers is new.
pub fn check(baseline: &Baseline, report: &ReportDocument) -> Outcome {
    let mut counts = vec![0usize; baseline.classes.len()];
    let mut new: BTreeMap<(usize, String, String), NewClass> = BTreeMap::new();
    let mut roots = 0;
    for difference in report.roots() {
        roots += 1;
        let mut covered = false;
        for (class, count) in baseline.classes.iter().zip(counts.iter_mut()) {
            if class.covers(difference) {
                *count += 1;
                covered = true;
            }
        }
        if !covered {
            let key = (
                category_rank(&difference.category),
                difference.category.clone(),
                difference.cause.clone(),
            );
            let class = new.entry(key).or_insert_with(|| NewClass {
                category: difference.category.clone(),
                cause: difference.cause.clone(),
                count: 0,
                examples: Vec::new(),
            });
            class.count += 1;
            if class.examples.len() < EXAMPLES_PER_CLASS {
                class.examples.push(Example::of(difference));
            }
        }
    }
    let mut known = Vec::new();
    let mut fixed = Vec::new();
    for (class, count) in baseline.classes.iter().zip(counts) {
        if count > 0 {
            known.push(KnownOccurrence {
                class: class.clone(),
                count,
            });
        } else {
            fixed.push(class.clone());
        }
    }
    known.sort_by(|a, b| class_order(&a.class, &b.class));
    fixed.sort_by(class_order);
    Outcome {
        left: report.left.path.clone(),
        right: report.right.path.clone(),
        roots,
        known,
        new: new.into_values().collect(),
        fixed,
    }
}

/// The baseline that accepts every root difference of `report`: one class per category and
/// cause, without a glob or a note, sorted.
pub fn baseline_from(report: &ReportDocument) -> Baseline {
    update(&Baseline::default(), &check(&Baseline::default(), report))
}

/// The baseline after `outcome`: the known classes still occurring (with their notes), plus one
/// class per new category and cause; the fixed classes dropped. Sorted.
pub fn update(baseline: &Baseline, outcome: &Outcome) -> Baseline {
    let mut classes: Vec<KnownClass> = baseline
        .classes
        .iter()
        .filter(|class| !outcome.fixed.iter().any(|f| f.same_class(class)))
        .cloned()
        .collect();
    classes.extend(
        outcome
            .new
            .iter()
            .map(|new| KnownClass::new(&new.category, &new.cause)),
    );
    let mut updated = Baseline { classes };
    updated.sort();
    updated.classes.dedup_by(|a, b| a.same_class(b));
    updated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::glob::PathGlob;

    /// A report holding one root difference per (path, category, cause).
    fn report(roots: &[(&str, &str, &str)]) -> ReportDocument {
        let differences: Vec<String> = roots
            .iter()
            .enumerate()
            .map(|(id, (path, category, cause))| {
                serde_json::json!({
                    "id": id, "path": path.split('|').collect::<Vec<_>>(), "field": "f",
                    "category": category, "cause": cause, "left": "1", "right": "2",
                    "evidence": "e", "derived_from": []
                })
                .to_string()
            })
            .collect();
        let text = format!(
            r#"{{"schema": "whydiff-report/1", "tool": {{"name": "whydiff", "version": "0"}},
            "left": {{"path": "a", "sha256": "1"}}, "right": {{"path": "b", "sha256": "2"}},
            "identical": false, "summary": {{}}, "differences": [{}], "remedies": {{}},
            "notes": [], "profiles": {{"left": {{}}, "right": {{}}}}}}"#,
            differences.join(",")
        );
        ReportDocument::from_json(&text).unwrap()
    }

    #[test]
    fn the_baseline_of_a_report_passes_it() {
        let report = report(&[
            ("x.zip|b", "timestamp", "entry-mtime"),
            ("x.zip|a", "timestamp", "entry-mtime"),
            ("x.zip|c", "build-path", "build-directory"),
            ("x.zip|d", "content", "changed-field"),
        ]);
        let baseline = baseline_from(&report);
        let labels: Vec<_> = baseline.classes.iter().map(KnownClass::label).collect();
        assert_eq!(
            labels,
            [
                "timestamp/entry-mtime",
                "build-path/build-directory",
                "content/changed-field"
            ]
        );
        let outcome = check(&baseline, &report);
        assert!(outcome.passed());
        assert_eq!(outcome.known[0].count, 2);
        assert!(outcome.fixed.is_empty());
    }

    #[test]
    fn new_and_fixed_classes_are_told() {
        let mut baseline = baseline_from(&report(&[("p", "timestamp", "entry-mtime")]));
        baseline.classes.push(KnownClass {
            note: Some("ticket 7".into()),
            ..KnownClass::new("ordering", "member-order")
        });
        let later = report(&[
            ("p", "timestamp", "entry-mtime"),
            ("q", "build-path", "build-directory"),
            ("r", "build-path", "build-directory"),
        ]);
        let outcome = check(&baseline, &later);
        assert!(!outcome.passed());
        assert_eq!(outcome.new.len(), 1);
        assert_eq!(outcome.new[0].label(), "build-path/build-directory");
        assert_eq!(outcome.new[0].count, 2);
        assert_eq!(outcome.new[0].examples[0].path, ["q"]);
        assert_eq!(outcome.fixed.len(), 1);
        assert_eq!(outcome.fixed[0].label(), "ordering/member-order");

        let updated = update(&baseline, &outcome);
        let labels: Vec<_> = updated.classes.iter().map(KnownClass::label).collect();
        assert_eq!(
            labels,
            ["timestamp/entry-mtime", "build-path/build-directory"]
        );
        assert!(check(&updated, &later).passed());
    }

    #[test]
    fn a_glob_class_covers_only_its_paths() {
        let baseline = Baseline {
            classes: vec![KnownClass {
                path: Some(PathGlob::new("app.pyz/docs/**").unwrap()),
                note: Some("generated docs".into()),
                ..KnownClass::new("timestamp", "build-time")
            }],
        };
        let report = report(&[
            ("app.pyz|docs/index.html", "timestamp", "build-time"),
            ("app.pyz|version.py", "timestamp", "build-time"),
        ]);
        let outcome = check(&baseline, &report);
        assert_eq!(outcome.known[0].count, 1);
        assert_eq!(outcome.new.len(), 1);
        assert_eq!(outcome.new[0].examples[0].path, ["app.pyz", "version.py"]);
        // Updating keeps the glob class and its note, and adds the cause without a glob.
        let updated = update(&baseline, &outcome);
        assert_eq!(updated.classes.len(), 2);
        assert_eq!(updated.classes[1].note.as_deref(), Some("generated docs"));
    }

    #[test]
    fn examples_are_bounded() {
        let many: Vec<(String, &str, &str)> = (0..10)
            .map(|i| (format!("m{i}"), "timestamp", "entry-mtime"))
            .collect();
        let borrowed: Vec<(&str, &str, &str)> =
            many.iter().map(|(p, c, k)| (p.as_str(), *c, *k)).collect();
        let outcome = check(&Baseline::default(), &report(&borrowed));
        assert_eq!(outcome.new[0].count, 10);
        assert_eq!(outcome.new[0].examples.len(), EXAMPLES_PER_CLASS);
    }
}
