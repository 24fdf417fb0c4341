//! Whether a bare number stands where a time is written: `BUILD_TIME = 1700000000`,
//! `"created_at": 1700000000`, `mtime 1700000000` — and not `TIMEOUT = 1700000000`. A number in
//! the window of plausible Unix times is a time only when its line says so: a ten-digit constant
//! changed in source code is a genuine change.

use crate::classify::tokens::{self, TokenChange};

/// Words that name a time when they are a whole word of the line before the number.
const TIME_WORDS: &[&str] = &[
    "time",
    "times",
    "timestamp",
    "date",
    "datetime",
    "epoch",
    "stamp",
    "built",
    "mtime",
    "ctime",
    "atime",
    "created",
    "modified",
    "generated",
    "updated",
    "ts",
    "when",
    "at",
    "since",
    "until",
    "expires",
    "clock",
    "utc",
];
/// Endings of a word that name a time in camel or run-together case (`buildTime`, `sourcedate`).
const TIME_ENDINGS: &[&str] = &["time", "date", "stamp", "epoch"];

/// Whether the run's left side stands on a line of its difference after a word naming a time.
/// A run that belongs to no single difference has no line to read and is not labelled.
pub fn labelled_as_time(change: TokenChange<'_>) -> bool {
    let Some((text, _)) = change.source.and_then(tokens::text_sides) else {
        return false;
    };
    text.lines()
        .filter_map(|line| line.find(change.left).map(|at| &line[..at]))
        .any(names_a_time)
}

fn names_a_time(before: &str) -> bool {
    let lower = before.to_ascii_lowercase();
    let last_words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    last_words.iter().rev().take(3).any(|word| {
        TIME_WORDS.contains(word)
            || TIME_ENDINGS
                .iter()
                .any(|ending| word.len() > ending.len() && word.ends_with(ending))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_words_label_a_number() {
        for before in [
            "BUILD_TIME = ",
            "\"created_at\": ",
            "mtime ",
            "buildTime=",
            "SOURCE_DATE_EPOCH=",
            "Last-Modified: at ",
        ] {
            assert!(names_a_time(before), "{before}");
        }
    }

    #[test]
    fn other_words_do_not() {
        for before in [
            "TIMEOUT = ",
            "x = ",
            "retries: ",
            "runtimeout=",
            "",
            "count ",
        ] {
            assert!(!names_a_time(before), "{before}");
        }
    }
}
