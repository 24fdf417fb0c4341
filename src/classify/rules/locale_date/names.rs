//! Month and weekday names, full and abbreviated, in the languages whose locales builds run in
//! most (English, German, French, Spanish, Italian, Dutch, Portuguese), as the C library's
//! locales and common style guides write them. A word may name several things (`mar` is March
//! in Spanish and Tuesday in French): [`meanings`] lists each, with the languages it is in.

use std::collections::HashMap;

/// A set of languages of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Languages(u8);

impl Languages {
    /// Every language of the table: what a date written without names may be in.
    pub const ALL: Languages = Languages((1 << LANGUAGES.len()) - 1);

    /// The languages in both sets.
    pub fn and(self, other: Languages) -> Languages {
        Languages(self.0 & other.0)
    }

    /// The languages in either set.
    pub fn or(self, other: Languages) -> Languages {
        Languages(self.0 | other.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The languages' names, in table order.
    pub fn names(self) -> Vec<&'static str> {
        LANGUAGES
            .iter()
            .enumerate()
            .filter(|(index, _)| self.0 & (1 << index) != 0)
            .map(|(_, language)| language.name)
            .collect()
    }
}

/// What a name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A month, 1 (January) to 12.
    Month(u32),
    /// A weekday, 0 (Monday) to 6 (Sunday).
    Weekday(u32),
}

/// One language's names: each entry is the full name, then its abbreviations, `|`-separated.
struct Language {
    name: &'static str,
    months: [&'static str; 12],
    weekdays: [&'static str; 7],
}

#[rustfmt::skip]
const LANGUAGES: [Language; 7] = [
    Language {
        name: "English",
        months: [
            "january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun",
            "july|jul", "august|aug", "september|sep|sept", "october|oct", "november|nov",
            "december|dec",
        ],
        weekdays: [
            "monday|mon", "tuesday|tue|tues", "wednesday|wed", "thursday|thu|thur|thurs",
            "friday|fri", "saturday|sat", "sunday|sun",
        ],
    },
    Language {
        name: "German",
        months: [
            "januar|jan|jänner|jän", "februar|feb", "märz|mär|mrz", "april|apr", "mai",
            "juni|jun", "juli|jul", "august|aug", "september|sep|sept", "oktober|okt",
            "november|nov", "dezember|dez",
        ],
        weekdays: [
            "montag|mo", "dienstag|di", "mittwoch|mi", "donnerstag|do", "freitag|fr",
            "samstag|sa|sonnabend", "sonntag|so",
        ],
    },
    Language {
        name: "French",
        months: [
            "janvier|janv", "février|févr|fév", "mars", "avril|avr", "mai", "juin",
            "juillet|juil", "août", "septembre|sept", "octobre|oct", "novembre|nov",
            "décembre|déc",
        ],
        weekdays: [
            "lundi|lun", "mardi|mar", "mercredi|mer", "jeudi|jeu", "vendredi|ven", "samedi|sam",
            "dimanche|dim",
        ],
    },
    Language {
        name: "Spanish",
        months: [
            "enero|ene", "febrero|feb", "marzo|mar", "abril|abr", "mayo|may", "junio|jun",
            "julio|jul", "agosto|ago", "septiembre|setiembre|sep|sept", "octubre|oct",
            "noviembre|nov", "diciembre|dic",
        ],
        weekdays: [
            "lunes|lun", "martes|mar", "miércoles|mié|mie", "jueves|jue", "viernes|vie",
            "sábado|sáb|sab", "domingo|dom",
        ],
    },
    Language {
        name: "Italian",
        months: [
            "gennaio|gen", "febbraio|feb", "marzo|mar", "aprile|apr", "maggio|mag",
            "giugno|giu", "luglio|lug", "agosto|ago", "settembre|set", "ottobre|ott",
            "novembre|nov", "dicembre|dic",
        ],
        weekdays: [
            "lunedì|lun", "martedì|mar", "mercoledì|mer", "giovedì|gio", "venerdì|ven",
            "sabato|sab", "domenica|dom",
        ],
    },
    Language {
        name: "Dutch",
        months: [
            "januari|jan", "februari|feb", "maart|mrt|maa", "april|apr", "mei", "juni|jun",
            "juli|jul", "augustus|aug", "september|sep|sept", "oktober|okt", "november|nov",
            "december|dec",
        ],
        weekdays: [
            "maandag|ma", "dinsdag|di", "woensdag|wo", "donderdag|do", "vrijdag|vr",
            "zaterdag|za", "zondag|zo",
        ],
    },
    Language {
        name: "Portuguese",
        months: [
            "janeiro|jan", "fevereiro|fev", "março|mar", "abril|abr", "maio|mai", "junho|jun",
            "julho|jul", "agosto|ago", "setembro|set", "outubro|out", "novembro|nov",
            "dezembro|dez",
        ],
        weekdays: [
            "segunda-feira|segunda|seg", "terça-feira|terça|ter", "quarta-feira|quarta|qua",
            "quinta-feira|quinta|qui", "sexta-feira|sexta|sex", "sábado|sáb|sab",
            "domingo|dom",
        ],
    },
];

/// Every month or weekday `word` names (in any case, with or without an abbreviation's
/// period), each with the languages that name it so.
pub fn meanings(word: &str) -> Vec<(Named, Languages)> {
    let word = word.strip_suffix('.').unwrap_or(word);
    // Most words name nothing: a lookup in the table of every name, built once.
    static TABLE: std::sync::OnceLock<HashMap<String, Vec<(Named, Languages)>>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(table);
    if word.is_empty() || word.len() > 32 {
        return Vec::new();
    }
    table.get(&word.to_lowercase()).cloned().unwrap_or_default()
}

/// Every month and weekday name of every language, with what it names and in which languages,
/// in one pass over the languages (each process that classifies builds it once: a scan of every
/// language per name cost a quarter of a millisecond at each start).
fn table() -> HashMap<String, Vec<(Named, Languages)>> {
    let mut table: HashMap<String, Vec<(Named, Languages)>> = HashMap::new();
    for (index, language) in LANGUAGES.iter().enumerate() {
        let this = Languages(1 << index);
        let months = language
            .months
            .iter()
            .enumerate()
            .map(|(i, names)| (Named::Month(i as u32 + 1), names));
        let weekdays = language
            .weekdays
            .iter()
            .enumerate()
            .map(|(i, names)| (Named::Weekday(i as u32), names));
        for (named, names) in months.chain(weekdays) {
            for name in names.split('|') {
                let found = table.entry(name.to_owned()).or_default();
                match found.iter_mut().find(|(n, _)| *n == named) {
                    Some((_, languages)) => *languages = languages.or(this),
                    None => found.push((named, this)),
                }
            }
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages(word: &str, named: Named) -> Vec<&'static str> {
        meanings(word)
            .into_iter()
            .find(|(n, _)| *n == named)
            .map_or_else(Vec::new, |(_, l)| l.names())
    }

    #[test]
    fn names_in_every_language() {
        assert_eq!(languages("Tue", Named::Weekday(1)), ["English"]);
        assert_eq!(languages("Di", Named::Weekday(1)), ["German", "Dutch"]);
        assert_eq!(
            languages("mar.", Named::Weekday(1)),
            ["French", "Spanish", "Italian"]
        );
        assert_eq!(
            languages("Nov", Named::Month(11)),
            [
                "English",
                "German",
                "French",
                "Spanish",
                "Italian",
                "Dutch",
                "Portuguese"
            ]
        );
        assert_eq!(
            languages("novembre", Named::Month(11)),
            ["French", "Italian"]
        );
        assert_eq!(languages("März", Named::Month(3)), ["German"]);
        assert_eq!(languages("terça-feira", Named::Weekday(1)), ["Portuguese"]);
        assert_eq!(meanings("mar").len(), 2, "March and Tuesday");
    }

    #[test]
    fn other_words_name_nothing() {
        for word in ["built", "Novem", "", ".", "2023", "UTC", "nove"] {
            assert!(meanings(word).is_empty(), "{word}");
        }
    }
}
