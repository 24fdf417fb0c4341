//! What the catalogue's documents (Markdown and HTML) show, in the order they show it: the
//! causes most widespread first, and for each what the code knows of it (summary, explanation,
//! remedy, reproducible-builds.org issue types). Both renderers read this, so they cannot
//! disagree on order or content.

use super::{explain::explain, rb_types, Catalogue, CauseEntry, Sample};

/// How a document writes a value as code (escaped for its markup).
pub type Code = fn(&str) -> String;
use crate::classify::Cause;

/// One cause's section: its entry and what whydiff's code says of it (nothing, for a cause id
/// this version does not know, read from another version's catalogue).
pub struct Section<'a> {
    pub id: &'a str,
    pub entry: &'a CauseEntry,
    pub cause: Option<Cause>,
}

impl Section<'_> {
    /// The one-line summary.
    pub fn summary(&self) -> &'static str {
        self.cause.map_or("", Cause::summary)
    }

    /// What it is and why it happens.
    pub fn explanation(&self) -> &'static str {
        self.cause.map_or("", explain)
    }

    /// The remedy, in one paragraph (empty when there is none).
    pub fn remedy(&self) -> &'static str {
        self.cause.map_or("", Cause::remedy)
    }

    /// The remedy's first sentence, for the summary table.
    pub fn short_remedy(&self) -> &'static str {
        let remedy = self.remedy();
        remedy
            .find(". ")
            .and_then(|end| remedy.get(..=end))
            .unwrap_or(remedy)
    }

    /// The reproducible-builds.org issue types it catches.
    pub fn issue_types(&self) -> &'static [&'static str] {
        self.cause.map_or(&[], rb_types::issue_types)
    }
}

/// The sections, most widespread cause first; ties by category, then id, so the order is
/// always the same.
pub fn sections(catalogue: &Catalogue) -> Vec<Section<'_>> {
    let mut sections: Vec<Section<'_>> = catalogue
        .causes
        .iter()
        .map(|(id, entry)| Section {
            id,
            entry,
            cause: Cause::ALL.iter().copied().find(|c| c.id() == id),
        })
        .collect();
    sections.sort_by(|a, b| {
        b.entry
            .pairs
            .cmp(&a.entry.pairs)
            .then_with(|| a.entry.category.cmp(&b.entry.category))
            .then_with(|| a.id.cmp(b.id))
    });
    sections
}

/// An example's place: its path joined by ` › `, then its field.
pub fn place(path: &[String], field: Option<&str>) -> String {
    let joined = path.join(" › ");
    match field {
        Some(field) => format!("{joined} {field}"),
        None => joined,
    }
}

/// The title of both documents.
pub const TITLE: &str = "Ways these builds are not reproducible";
/// The title of the appendix.
pub const APPENDIX: &str = "reproducible-builds.org issue types";

/// What the appendix says it lists.
pub const APPENDIX_INTRO: &str = "The Debian reproducible-builds project's issue types that apply to the formats whydiff reads, by the category Debian files them under: those whydiff recognizes, with the cause that catches them, and those it reports only as content.";

/// Where a cause was seen, in one sentence: the formats of the artifacts, the artifacts, the
/// members and the kinds of fields, each value written by `code`.
pub fn where_seen(entry: &CauseEntry, code: Code) -> String {
    let sample = |what: &str, sample: &Sample| {
        let names: Vec<String> = sample.smallest.iter().map(|n| code(n)).collect();
        match sample.more {
            false => format!("{what} {}", names.join(", ")),
            true => format!("{what} {} and others", names.join(", ")),
        }
    };
    let mut parts = Vec::new();
    if !entry.formats.is_empty() {
        let formats: Vec<String> = entry.formats.iter().map(|f| code(f)).collect();
        parts.push(format!("in {}", formats.join(", ")));
    }
    for (what, names) in [
        ("artifacts", &entry.artifacts),
        ("members", &entry.members),
        ("fields", &entry.fields),
    ] {
        if !names.smallest.is_empty() {
            parts.push(sample(what, names));
        }
    }
    if entry.fields.smallest.is_empty() {
        parts.push("in content (no field)".to_owned());
    }
    format!("Where: {}.", parts.join("; "))
}

/// One category of the issue-type appendix, spelled by a renderer: the types whydiff recognizes
/// (`link (cause, …)`) and those it does not (`link`).
pub struct AppendixCategory {
    pub category: crate::classify::Category,
    pub recognized: Vec<String>,
    pub unrecognized: Vec<String>,
}

/// The appendix by category, with `link` spelling an issue type and `code` a cause id.
pub fn appendix(link: Code, code: Code) -> Vec<AppendixCategory> {
    rb_types::by_category()
        .into_iter()
        .map(|(category, recognized, unrecognized)| AppendixCategory {
            category,
            recognized: recognized
                .iter()
                .map(|(name, causes)| {
                    let causes: Vec<String> = causes.iter().map(|c| code(c.id())).collect();
                    format!("{} ({})", link(name), causes.join(", "))
                })
                .collect(),
            unrecognized: unrecognized.iter().map(|name| link(name)).collect(),
        })
        .collect()
}
