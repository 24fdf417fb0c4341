//! The same date in two locales' words: `Tue Nov 14 10:13:20 PM UTC 2023` (en_US) against
//! `Di 14. Nov 22:13:20 UTC 2023` (de_DE), `14 November 2023` against `14 novembre 2023` — the
//! build's locale chose the language of month and weekday names, the order of the fields and the
//! clock (12 or 24 hours). A run is claimed as [`Cause::LocaleSetting`] when, on every pair of
//! lines of its difference that holds it, the lines differ only in their dates (runs of date
//! words, which may be in different numbers on the two sides: `Tue Nov 14` is `Di 14. Nov`), and
//! each changed date is, on both sides, a whole date in the names of [`names`] that denotes the
//! **same** day, time of day and zone, written differently. Two different dates are two clocks
//! or an edit, never a locale, whatever their languages.
//!
//! The evidence that the build wrote them: the builds declared two locales (`LANG`, `LC_ALL`,
//! `LC_TIME`…); or the names are in two languages that share none of them — a person editing a
//! date does not also translate it into the same instant — so that equality is its own witness.
//! A rendering changed within one language (`10:13:20 PM` → `22:13:20`), or in names several
//! languages share (`November` → `november`), is only shaped like a locale: it needs the
//! generated member or producing label around it ([`evidence::settle`]). Both builds declaring
//! the same locale is evidence against it.

pub mod names;

use names::{meanings, Languages, Named};

use super::timestamp_token::calendar::{civil_day, is_plausible_year, is_valid_date, weekday_of};
use super::timestamp_token::{without_common_frame, zone_word};
use crate::classify::evidence;
use crate::classify::known::cause_of_key;
use crate::classify::tokens::{text_sides, TokenChange, TokenRule};
use crate::classify::{Cause, Context, Verdict};
use crate::engine::word_changes;

/// Explains runs that are one date written in two locales.
pub struct LocaleDateRule;

impl TokenRule for LocaleDateRule {
    fn name(&self) -> &'static str {
        "locale-date"
    }

    fn explain(&self, change: TokenChange<'_>, context: &Context<'_>) -> Option<Verdict> {
        let (left, right) = whole_dates(change)?;
        let shared = left.languages.and(right.languages);
        let what = format!(
            "both sides are the same {} written in two locales' words: {} → {}",
            if left.time.is_some() {
                "instant"
            } else {
                "date"
            },
            left.written,
            right.written
        );
        let verdict = Verdict::new(Cause::LocaleSetting, what);
        let add = |why: String| Verdict {
            evidence: format!("{}; {why}", verdict.evidence),
            ..verdict.clone()
        };
        if evidence::declared_equal(context, Cause::LocaleSetting).is_some() {
            return Some(evidence::settle(verdict, change, context));
        }
        if let Some(pair) = context
            .known
            .pairs()
            .find(|pair| cause_of_key(pair.key) == Cause::LocaleSetting)
        {
            return Some(add(format!(
                "the builds declared {} {} and {}",
                pair.key, pair.left, pair.right
            )));
        }
        if shared.is_empty() {
            return Some(add(format!(
                "its names are {} on the left and {} on the right: a person editing a date does \
                 not also translate it into the same instant",
                left.languages.names().join(" or "),
                right.languages.names().join(" or ")
            )));
        }
        Some(evidence::settle(verdict, change, context))
    }
}

/// The two sides read as whole dates that say the same, wherever the run stands: on every pair
/// of lines of its difference whose word diff holds it, the dates of the two lines (which may
/// be written in different numbers of words: `Tue Nov 14` is `Di 14. Nov`) must say the same,
/// and the rest of the lines must be equal. A run that belongs to no single difference is read
/// alone. The dates of the first place are returned, with the languages of all.
fn whole_dates(change: TokenChange<'_>) -> Option<(LocalDate, LocalDate)> {
    let Some(source) = change.source else {
        return same_date(change.left, change.right);
    };
    let (left_text, right_text) = text_sides(source)?;
    let (left_lines, right_lines): (Vec<&str>, Vec<&str>) =
        (left_text.lines().collect(), right_text.lines().collect());
    if left_lines.len() != right_lines.len() || left_lines.len() > MAX_LINES {
        return None;
    }
    let run = (change.left.to_owned(), change.right.to_owned());
    let mut found: Option<(LocalDate, LocalDate)> = None;
    for (left, right) in left_lines.into_iter().zip(right_lines) {
        if left == right || !word_changes(left, right).contains(&run) {
            continue;
        }
        let (l, r) = dates_of_lines(left, right)?;
        match &mut found {
            // The languages of every place, for the evidence.
            Some((first_left, first_right)) => {
                first_left.languages = first_left.languages.or(l.languages);
                first_right.languages = first_right.languages.or(r.languages);
            }
            None => found = Some((l, r)),
        }
    }
    found
}

/// Lines of a difference examined, at most.
const MAX_LINES: usize = 200;

/// Two sides read as whole dates that say the same, written differently.
fn same_date(left: &str, right: &str) -> Option<(LocalDate, LocalDate)> {
    let (left, right) = without_common_frame(left, right);
    let (mut l, mut r) = (read(left)?, read(right)?);
    (l.written, r.written) = (left.to_owned(), right.to_owned());
    (l.says_the_same(&r) && left != right).then_some((l, r))
}

/// The dates of two lines that differ only in them: the lines' date spans, paired in order,
/// with every other word equal and every pair that differs saying the same date (the first such
/// pair is returned).
fn dates_of_lines(left: &str, right: &str) -> Option<(LocalDate, LocalDate)> {
    let (left_words, right_words): (Vec<&str>, Vec<&str>) = (
        left.split_whitespace().collect(),
        right.split_whitespace().collect(),
    );
    let (left_spans, right_spans) = (date_spans(&left_words), date_spans(&right_words));
    let outside = |words: &[&str], spans: &[std::ops::Range<usize>]| -> Vec<String> {
        let mut rest = Vec::new();
        let mut at = 0;
        for span in spans {
            rest.extend(words[at..span.start].iter().map(|w| w.to_string()));
            rest.push(String::new());
            at = span.end;
        }
        rest.extend(words[at..].iter().map(|w| w.to_string()));
        rest
    };
    if outside(&left_words, &left_spans) != outside(&right_words, &right_spans) {
        return None;
    }
    let mut found = None;
    for (l, r) in left_spans.iter().zip(&right_spans) {
        let (l, r) = (
            left_words[l.clone()].join(" "),
            right_words[r.clone()].join(" "),
        );
        if l == r {
            continue;
        }
        let dates = same_date(&l, &r)?;
        found.get_or_insert(dates);
    }
    found
}

/// The maximal runs of date words among `words`; a word that opens a quotation or bracket
/// starts a new run and one that closes it ends its run (`1 "14 November 2023"` holds the runs
/// `1` and the quoted date).
fn date_spans(words: &[&str]) -> Vec<std::ops::Range<usize>> {
    const OPENING: &[char] = &['"', '\'', '(', '[', '{', '<', '`'];
    const CLOSING: &[char] = &['"', '\'', ')', ']', '}', '>', '`'];
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for (index, word) in words.iter().enumerate() {
        if !is_date_word(word) {
            if let Some(start) = open.take() {
                spans.push(start..index);
            }
            continue;
        }
        if word.starts_with(OPENING) {
            if let Some(start) = open.take() {
                spans.push(start..index);
            }
        }
        let start = *open.get_or_insert(index);
        if word.ends_with(CLOSING) {
            spans.push(start..index + 1);
            open = None;
        }
    }
    if let Some(start) = open {
        spans.push(start..words.len());
    }
    spans
}

/// A date read from words in one of the table's languages.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LocalDate {
    /// Days since 1970-01-01.
    days: i64,
    /// Seconds since midnight, when a time of day is written.
    time: Option<u32>,
    /// The zone marker's offset (or its text, when the marker has no fixed offset).
    zone: Option<String>,
    /// The languages every name of the date is in (all of them when it has no names).
    languages: Languages,
    /// The date as written, once read in its line.
    written: String,
}

impl LocalDate {
    fn says_the_same(&self, other: &LocalDate) -> bool {
        (self.days, self.time, &self.zone) == (other.days, other.time, &other.zone)
    }
}

/// One word of a date.
#[derive(Debug, Clone, PartialEq)]
enum Word {
    Names(Vec<(Named, Languages)>),
    Day(u32),
    Year(i64),
    Time(u32),
    Meridiem(bool),
    Zone(String),
    /// A preposition or article some locales write between fields (`14 de noviembre`).
    Filler,
}

/// Words some locales write between a date's fields.
const FILLERS: &[&str] = &[
    "de", "del", "à", "a", "um", "om", "alle", "às", "at", "le", "el", "den", "der", "the", "of",
];

/// Whether `word` can be part of a date in one of the languages.
fn is_date_word(word: &str) -> bool {
    let word = word
        .trim_matches(|c: char| matches!(c, '"' | '\'' | '(' | ')' | '[' | ']' | '<' | '>' | '`'));
    read_word(word).is_some()
}

fn read_word(word: &str) -> Option<Word> {
    let word = word.strip_suffix(',').unwrap_or(word);
    if word.is_empty() {
        return None;
    }
    if FILLERS.contains(&word.to_lowercase().as_str()) {
        return Some(Word::Filler);
    }
    if let Some(zone) =
        zone_word(word).or_else(|| (word == "Z").then(|| zone_word("UTC")).flatten())
    {
        let key = zone
            .offset
            .map_or(zone.text, |offset| format!("{offset:+}"));
        return Some(Word::Zone(key));
    }
    match word.to_ascii_lowercase().as_str() {
        "am" | "a.m." => return Some(Word::Meridiem(false)),
        "pm" | "p.m." => return Some(Word::Meridiem(true)),
        _ => {}
    }
    if let Some(time) = time_of_day(word) {
        return Some(Word::Time(time));
    }
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let (number, suffix) = word.split_at(digits);
        let value: i64 = number.parse().ok()?;
        return match (digits, suffix) {
            (4, "") => Some(Word::Year(value)),
            (1 | 2, "" | "." | "er" | "st" | "nd" | "rd" | "th" | "º")
                if (1..=31).contains(&value) =>
            {
                Some(Word::Day(value as u32))
            }
            _ => None,
        };
    }
    let named = meanings(word);
    (!named.is_empty()).then_some(Word::Names(named))
}

/// `HH:MM` or `H:MM:SS` as seconds since midnight (hours up to 23).
fn time_of_day(word: &str) -> Option<u32> {
    let parts: Vec<&str> = word.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let number = |text: &str, max: u32, widths: &[usize]| -> Option<u32> {
        let ok = widths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| text.parse().ok())
            .flatten()
            .filter(|&n| n <= max)
    };
    let hour = number(parts[0], 23, &[1, 2])?;
    let minute = number(parts[1], 59, &[2])?;
    let second = parts.get(2).map_or(Some(0), |s| number(s, 60, &[2]))?;
    Some(hour * 3600 + minute * 60 + second)
}

/// At most this many readings of a text's ambiguous names are tried.
const MAX_READINGS: usize = 256;

/// `text` read as a whole date (year, month and day at least) in the table's languages, when
/// every word is part of it and every way of reading its names that makes a consistent date
/// says the same.
fn read(text: &str) -> Option<LocalDate> {
    let words: Vec<Word> = text
        .split_whitespace()
        .map(read_word)
        .collect::<Option<_>>()?;
    let choices: Vec<&[(Named, Languages)]> = words
        .iter()
        .filter_map(|w| match w {
            Word::Names(named) => Some(named.as_slice()),
            _ => None,
        })
        .collect();
    let readings: usize = choices.iter().map(|c| c.len()).product();
    if choices.is_empty() || readings > MAX_READINGS {
        return None;
    }
    let mut found: Option<LocalDate> = None;
    for index in 0..readings {
        let mut rest = index;
        let picked: Vec<(Named, Languages)> = choices
            .iter()
            .map(|options| {
                let pick = options[rest % options.len()];
                rest /= options.len();
                pick
            })
            .collect();
        let Some(date) = assemble(&words, &picked) else {
            continue;
        };
        match &mut found {
            Some(first) if !first.says_the_same(&date) => return None,
            Some(first) => first.languages = first.languages.or(date.languages),
            None => found = Some(date),
        }
    }
    found
}

/// The date `words` say with their names read as `picked`, if they make one.
fn assemble(words: &[Word], picked: &[(Named, Languages)]) -> Option<LocalDate> {
    fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
        slot.is_none().then_some(())?;
        *slot = Some(value);
        Some(())
    }
    let (mut year, mut month, mut day, mut weekday) = (None, None, None, None);
    let (mut time, mut pm, mut zone) = (None, None, None);
    let mut languages = Languages::ALL;
    let mut names = picked.iter();
    for word in words {
        match word {
            Word::Names(_) => {
                let (named, in_languages) = names.next()?;
                languages = languages.and(*in_languages);
                match named {
                    Named::Month(m) => set(&mut month, *m)?,
                    Named::Weekday(w) => set(&mut weekday, *w)?,
                }
            }
            Word::Day(d) => set(&mut day, *d)?,
            Word::Year(y) => set(&mut year, *y)?,
            Word::Time(t) => set(&mut time, *t)?,
            Word::Meridiem(p) => set(&mut pm, *p)?,
            Word::Zone(z) => set(&mut zone, z.clone())?,
            Word::Filler => {}
        }
    }
    let (year, month, day) = (year?, month?, day?);
    if languages.is_empty() || !is_plausible_year(year) || !is_valid_date(year, month, day) {
        return None;
    }
    let days = civil_day(year, month, day)?;
    if weekday.is_some_and(|w| w != weekday_of(days)) {
        return None;
    }
    let time = match (time, pm) {
        (Some(t), Some(pm)) => {
            let hour = t / 3600;
            if !(1..=12).contains(&hour) {
                return None;
            }
            let hour = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            Some(hour * 3600 + t % 3600)
        }
        (None, Some(_)) => return None,
        (t, None) => t,
    };
    Some(LocalDate {
        days,
        time,
        zone,
        languages,
        written: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::tokens::testing::{hunk, proven, verdicts_in};
    use crate::classify::KnownValues;

    /// The verdicts on the runs of `left` → `right` in the member `path`, with `known`.
    fn judge_with(
        path: &str,
        left: &str,
        right: &str,
        known: &KnownValues,
    ) -> Vec<Option<Verdict>> {
        verdicts_in(&LocaleDateRule, &[hunk(path, left, right)], 0, known)
    }

    fn judge(path: &str, left: &str, right: &str) -> Vec<Option<Verdict>> {
        judge_with(path, left, right, &KnownValues::default())
    }

    const LOCALE: Option<Cause> = Some(Cause::LocaleSetting);

    #[test]
    fn one_instant_in_two_languages() {
        // corpus/shape-locale-date: `date` under en_US and de_DE, one faked clock.
        let verdicts = judge(
            "notes.txt",
            "when: Tue Nov 14 10:13:20 PM UTC 2023\n",
            "when: Di 14. Nov 22:13:20 UTC 2023\n",
        );
        assert_eq!(proven(&verdicts), [LOCALE, LOCALE], "{verdicts:?}");
        let evidence = &verdicts[0].as_ref().unwrap().evidence;
        assert!(
            evidence.starts_with(
                "both sides are the same instant written in two locales' words: Tue Nov 14 \
                 10:13:20 PM UTC 2023 → Di 14. Nov 22:13:20 UTC 2023; its names are English on \
                 the left and German or Dutch on the right"
            ),
            "{evidence}"
        );
        // corpus/shape-locale-manpage: a man page's .TH date under en_US and fr_FR.
        let verdicts = judge(
            "tinyapp.1",
            ".TH TINYAPP 1 \"14 November 2023\" \"tinyapp 1.0.0\"\n",
            ".TH TINYAPP 1 \"14 novembre 2023\" \"tinyapp 1.0.0\"\n",
        );
        assert_eq!(proven(&verdicts), [LOCALE]);
        for (left, right) in [
            (
                "Tue Nov 14 22:13:20 UTC 2023",
                "mar. 14 nov. 2023 22:13:20 UTC",
            ),
            (
                "Tuesday, November 14, 2023",
                "martes, 14 de noviembre de 2023",
            ),
            ("14 November 2023", "14 novembre 2023"),
            ("14 November 2023", "14 noviembre 2023"),
            ("14 March 2023", "14 März 2023"),
            (
                "terça-feira, 14 de novembro de 2023",
                "Tuesday, 14 November 2023",
            ),
            ("di 14 nov 2023 22:13:20", "ter 14 nov 2023 22:13:20"),
        ] {
            let line = |date: &str| format!("date: {date}\n");
            let verdicts = judge("notes.txt", &line(left), &line(right));
            assert!(
                verdicts
                    .iter()
                    .all(|v| v.as_ref().is_some_and(Verdict::is_proven)),
                "{left} → {right}: {verdicts:?}"
            );
        }
    }

    #[test]
    fn declared_locales_prove_a_rendering_in_one_language() {
        let mut known = KnownValues::default();
        known.left.insert("LANG".into(), "C.UTF-8".into());
        known.right.insert("LANG".into(), "en_US.UTF-8".into());
        let left = "when: Tue Nov 14 22:13:20 UTC 2023\n";
        let right = "when: Tue Nov 14 10:13:20 PM UTC 2023\n";
        let verdicts = judge_with("notes.txt", left, right, &known);
        assert_eq!(proven(&verdicts), [LOCALE]);
        assert!(verdicts[0]
            .as_ref()
            .unwrap()
            .evidence
            .contains("declared LANG C.UTF-8 and en_US.UTF-8"));
        // Undeclared, in one language: only shaped like a locale in a file a person may write.
        let verdicts = judge("notes.txt", left, right);
        assert!(!verdicts[0].as_ref().unwrap().is_proven());
        // In a file named for the build, settled by it.
        assert_eq!(proven(&judge("buildinfo.txt", left, right)), [LOCALE]);
        // Names every language of the pair may write: as undecided as one language.
        for (left, right) in [
            ("14 November 2023", "14 november 2023"),
            ("Nov 14, 2023", "14 nov 2023"),
        ] {
            let line = |date: &str| format!("date: {date}\n");
            let verdicts = judge("notes.txt", &line(left), &line(right));
            assert!(
                verdicts
                    .iter()
                    .all(|v| v.as_ref().is_some_and(|v| !v.is_proven())),
                "{left} → {right}: {verdicts:?}"
            );
            let verdicts = judge_with("notes.txt", &line(left), &line(right), &known);
            assert!(
                verdicts
                    .iter()
                    .all(|v| v.as_ref().is_some_and(Verdict::is_proven)),
                "{left} → {right}: {verdicts:?}"
            );
        }
        // Both builds declared the same locale: evidence against it.
        let mut same = KnownValues::default();
        same.left.insert("LANG".into(), "de_DE.UTF-8".into());
        same.right.insert("LANG".into(), "de_DE.UTF-8".into());
        let verdicts = judge_with(
            "notes.txt",
            "when: Tue Nov 14 22:13:20 UTC 2023\n",
            "when: Di 14. Nov 22:13:20 UTC 2023\n",
            &same,
        );
        assert!(verdicts.iter().all(|v| !v.as_ref().unwrap().is_proven()));
    }

    #[test]
    fn two_dates_are_no_locale_whatever_their_languages() {
        for (left, right) in [
            ("14 November 2023", "15 novembre 2023"),
            ("14 November 2023", "14 novembre 2024"),
            (
                "Tue Nov 14 10:13:20 PM UTC 2023",
                "Di 14. Nov 22:14:20 UTC 2023",
            ),
            (
                "Tue Nov 14 22:13:20 UTC 2023",
                "Di 14. Nov 22:13:20 CET 2023",
            ),
            ("14 November 2023", "14 December 2023"),
            ("14 November 2023", "14 novembre 2023 22:13"),
            ("Wed Nov 14 2023", "mar. 14 nov. 2023"),
            ("14 November 2023 by alice", "14 novembre 2023 by bob"),
            ("November", "novembre"),
            ("release November", "release novembre"),
            ("4 mai", "4 May"),
        ] {
            let line = |date: &str| format!("date: {date}\n");
            let verdicts = judge("notes.txt", &line(left), &line(right));
            assert!(verdicts.contains(&None), "{left} → {right}: {verdicts:?}");
        }
    }

    #[test]
    fn reading_dates_in_words() {
        let date = |text: &str| read(text).map(|d| (d.days, d.time));
        let day = civil_day(2023, 11, 14).expect("a date");
        assert_eq!(
            date("Tue Nov 14 10:13:20 PM UTC 2023"),
            Some((day, Some(80_000)))
        );
        assert_eq!(
            date("Di 14. Nov 22:13:20 UTC 2023"),
            Some((day, Some(80_000)))
        );
        assert_eq!(
            date("mar. 14 nov. 2023 22:13:20 UTC"),
            Some((day, Some(80_000)))
        );
        assert_eq!(date("14 de noviembre de 2023"), Some((day, None)));
        assert_eq!(date("Mon Nov 14 2023"), None, "the wrong weekday");
        assert_eq!(
            date("mar 14 mar 2023").map(|d| d.0),
            civil_day(2023, 3, 14),
            "Tuesday, March 14"
        );
        assert_eq!(
            date("mar 15 mar 2023"),
            None,
            "two months or a wrong weekday"
        );
        assert_eq!(date("14 2023"), None, "no month");
        assert_eq!(date("Nov 14 13:00 PM 2023"), None);
        assert_eq!(date("built 14 Nov 2023"), None);
    }
}
