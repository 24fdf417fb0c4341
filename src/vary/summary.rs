//! The summary `whydiff vary` prints after the comparison report: a table of each variation →
//! the causes it produced → where, the intrinsic differences, the variations skipped, the remedy
//! per cause, and the variations under which the build is already reproducible.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::attribute::Verdict;
use super::{remedies, RootKey, VaryOutcome};

/// How many places are named per row before "and N more".
const PLACES: usize = 3;

/// One row of the table: who produced it, what, where.
struct Row {
    variation: String,
    cause: String,
    places: Vec<String>,
}

/// The summary as text, ending with the verdict line.
pub fn render(outcome: &VaryOutcome) -> String {
    let mut out = String::new();
    let attributing = outcome.builds.saturating_sub(3);
    let _ = writeln!(
        out,
        "whydiff vary: {} builds (2 controls, 1 with {} variation{} applied, {} to attribute)",
        outcome.builds,
        outcome.applied.len(),
        if outcome.applied.len() == 1 { "" } else { "s" },
        attributing
    );
    let rows = rows(outcome);
    let producing: Vec<&str> = rows.iter().map(|r| r.variation.as_str()).collect();
    if !rows.is_empty() {
        let width_v = rows
            .iter()
            .map(|r| r.variation.len())
            .chain([9])
            .max()
            .unwrap_or(9);
        let width_c = rows
            .iter()
            .map(|r| r.cause.len())
            .chain([6])
            .max()
            .unwrap_or(6);
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:width_v$}  {:width_c$}  where",
            "variation", "causes"
        );
        for row in &rows {
            let shown: Vec<&str> = row.places.iter().take(PLACES).map(String::as_str).collect();
            let mut places = shown.join("; ");
            if row.places.len() > PLACES {
                let _ = write!(places, "; and {} more", row.places.len() - PLACES);
            }
            let _ = writeln!(
                out,
                "{:width_v$}  {:width_c$}  {places}",
                row.variation, row.cause
            );
        }
    }
    let intrinsic = outcome
        .verdicts
        .iter()
        .any(|(_, v)| matches!(v, Verdict::Intrinsic));
    let clock = outcome
        .verdicts
        .iter()
        .any(|(_, v)| matches!(v, Verdict::ClockBetweenControls));
    if intrinsic {
        let _ = writeln!(
            out,
            "(intrinsic): differs between two control builds, nothing varied: the build's own randomness, hash order or races; no variation is blamed"
        );
    }
    if clock {
        let _ = writeln!(
            out,
            "* also differs between two control builds: the clock moved on between them, and the time variation alone produces it"
        );
    }
    if !outcome.skipped.is_empty() {
        let _ = writeln!(out);
        for (variation, why) in &outcome.skipped {
            let _ = writeln!(out, "skipped: {variation}: {why}");
        }
    }
    let remedies = remedies(&[&outcome.report, &outcome.controls]);
    let found: Vec<&str> = outcome
        .verdicts
        .iter()
        .map(|(k, _)| k.key.cause.as_str())
        .collect();
    let remedies: Vec<_> = remedies
        .into_iter()
        .filter(|(cause, _)| found.contains(cause))
        .collect();
    if !remedies.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "remedies:");
        for (cause, remedy) in remedies {
            let _ = writeln!(out, "  {cause}: {remedy}");
        }
    }
    let clean: Vec<&str> = outcome
        .applied
        .iter()
        .map(|v| v.name())
        .filter(|name| {
            !producing
                .iter()
                .any(|p| p.split('+').any(|part| part == *name))
        })
        .collect();
    let _ = writeln!(out);
    if outcome.reproducible() {
        let _ = writeln!(
            out,
            "reproducible under all variations applied ({})",
            clean.join(", ")
        );
    } else {
        if !clean.is_empty() {
            let _ = writeln!(out, "reproducible under: {}", clean.join(", "));
        }
        let _ = writeln!(out, "not reproducible: see the causes above");
    }
    if let Some(kept) = &outcome.kept {
        let _ = writeln!(
            out,
            "build directories, artifacts and logs kept in {}",
            kept.display()
        );
    }
    out
}

/// The table's rows: per variation (in the catalogue's order), per cause, the places; then the
/// intrinsic differences.
fn rows(outcome: &VaryOutcome) -> Vec<Row> {
    let mut grouped: BTreeMap<(usize, String, String), Vec<String>> = BTreeMap::new();
    for (key, verdict) in &outcome.verdicts {
        let cause = cause_label(key);
        let place = place(key);
        let producers: Vec<(usize, String)> = match verdict {
            Verdict::Intrinsic => vec![(usize::MAX, "(intrinsic)".to_owned())],

            Verdict::Alone(list) => list
                .iter()
                .map(|v| (rank(*v), v.name().to_owned()))
                .collect(),
            Verdict::ClockBetweenControls => {
                vec![(rank(super::Variation::Time), "time".to_owned())]
            }
            Verdict::Together(list) => {
                let names: Vec<&str> = list.iter().map(|v| v.name()).collect();
                let first = list.first().map_or(usize::MAX - 1, |v| rank(*v));
                vec![(first, names.join("+"))]
            }
        };
        for producer in producers {
            let note = if matches!(verdict, Verdict::ClockBetweenControls) {
                format!("{place} *")
            } else {
                place.clone()
            };
            grouped
                .entry((producer.0, producer.1, cause.clone()))
                .or_default()
                .push(note);
        }
    }
    grouped
        .into_iter()
        .map(|((_, variation, cause), places)| Row {
            cause: format!("{cause} ×{}", places.len()),
            variation,
            places,
        })
        .collect()
}

fn rank(variation: super::Variation) -> usize {
    super::Variation::ALL
        .iter()
        .position(|v| *v == variation)
        .unwrap_or(usize::MAX - 1)
}

/// `category/cause`.
fn cause_label(key: &RootKey) -> String {
    format!("{}/{}", key.category, key.key.cause)
}

/// Where a difference is: its path, then its field.
fn place(key: &RootKey) -> String {
    let mut place = key.key.path.join(" › ");
    if let Some(field) = &key.key.field {
        let _ = write!(place, " [{field}]");
    }
    place
}
