//! PEP 508 requirements (`Requires-Dist`) in one canonical spelling, so that the same requirement
//! written by two tools compares equal and two different requirements never do.
//!
//! Tools disagree on spelling only: `attrs (<24,>=19.1)` (old bdist_wheel), `attrs <24,>=19.1`
//! (wheel 0.43), `attrs<24,>=19.1` (setuptools 69); `extra == 'test'` or `extra == "test"`;
//! `Typing_Extensions` or `typing-extensions`. The canonical form is
//! `name[extra1,extra2]<2,>=1.0; python_version < "3.8"`: the name and extras normalized as PEP 503
//! and PEP 685 say (lower case, each run of `-`, `_`, `.` as one `-`), extras sorted, specifiers
//! without spaces and sorted, the marker with one space around each operator and double quotes.
//! Versions are kept as written (`1.0` and `1.0.0` stay different), and a requirement that does
//! not parse is not normalized at all.

/// Deepest nesting of parentheses read in a marker.
const MAX_MARKER_DEPTH: usize = 32;

/// The canonical spelling of one requirement, or `None` when it does not read as PEP 508.
pub fn normalize(requirement: &str) -> Option<String> {
    let mut cursor = Cursor::new(requirement);
    let name = canonical_name(cursor.identifier()?);
    let extras = cursor.extras()?;
    let mut text = name;
    if !extras.is_empty() {
        text.push('[');
        text.push_str(&extras.join(","));
        text.push(']');
    }
    cursor.skip_spaces();
    if cursor.eat('@') {
        cursor.skip_spaces();
        let url = cursor.take_while(|c| !c.is_whitespace());
        if url.is_empty() {
            return None;
        }
        text.push_str(" @ ");
        text.push_str(url);
        cursor.skip_spaces();
        if let Some(marker) = cursor.marker()? {
            text.push_str(" ; ");
            text.push_str(&marker);
        }
        return Some(text);
    }
    text.push_str(&cursor.specifiers()?.join(","));
    if let Some(marker) = cursor.marker()? {
        text.push_str("; ");
        text.push_str(&marker);
    }
    Some(text)
}

/// A project or extra name as PEP 503 compares it: lower case, each run of `-`, `_` and `.` one `-`.
pub fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_separator {
                out.push('-');
            }
            in_separator = true;
        } else {
            out.extend(c.to_lowercase());
            in_separator = false;
        }
    }
    out
}

/// Reads a requirement from left to right.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            rest: text.trim_start(),
        }
    }

    fn skip_spaces(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let end = self.rest.find(|c| !keep(c)).unwrap_or(self.rest.len());
        let (taken, rest) = self.rest.split_at(end);
        self.rest = rest;
        taken
    }

    /// A PEP 508 identifier: letters and digits, with `-`, `_`, `.` inside only.
    fn identifier(&mut self) -> Option<&'a str> {
        let name = self.take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        let ends_alphanumeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        (ends_alphanumeric(name.chars().next()) && ends_alphanumeric(name.chars().last()))
            .then_some(name)
    }

    /// `[a, b]` → the extras normalized, sorted and without repeats; none when there is no `[`.
    fn extras(&mut self) -> Option<Vec<String>> {
        self.skip_spaces();
        if !self.eat('[') {
            return Some(Vec::new());
        }
        let mut extras = Vec::new();
        loop {
            self.skip_spaces();
            if self.eat(']') && extras.is_empty() {
                return Some(extras);
            }
            extras.push(canonical_name(self.identifier()?));
            self.skip_spaces();
            if self.eat(']') {
                break;
            }
            if !self.eat(',') {
                return None;
            }
        }
        extras.sort_unstable();
        extras.dedup();
        Some(extras)
    }

    /// The version specifiers, bare or in parentheses, each without spaces, sorted.
    fn specifiers(&mut self) -> Option<Vec<String>> {
        self.skip_spaces();
        let list = if self.eat('(') {
            let inside = self.take_while(|c| c != ')');
            if !self.eat(')') {
                return None;
            }
            inside
        } else {
            self.take_while(|c| c != ';')
        };
        if list.trim().is_empty() {
            return Some(Vec::new());
        }
        let mut specifiers: Vec<String> = list.split(',').map(specifier).collect::<Option<_>>()?;
        specifiers.sort_unstable();
        specifiers.dedup();
        Some(specifiers)
    }

    /// `; marker` → the marker's canonical spelling; `Some(None)` at the end of the requirement.
    fn marker(&mut self) -> Option<Option<String>> {
        self.skip_spaces();
        if self.rest.is_empty() {
            return Some(None);
        }
        if !self.eat(';') {
            return None;
        }
        let tokens = tokenize(self.rest)?;
        let mut parser = MarkerParser {
            tokens: &tokens,
            at: 0,
        };
        let marker = parser.or_expression(0)?;
        (parser.at == tokens.len()).then_some(Some(marker))
    }
}

/// Comparison operators of version specifiers and markers, longest first.
const OPERATORS: &[&str] = &["===", "~=", "==", "!=", "<=", ">=", "<", ">"];

/// One version specifier without spaces (`>= 1.0` → `>=1.0`), or `None` when it is not one.
fn specifier(item: &str) -> Option<String> {
    let item = item.trim();
    let operator = OPERATORS.iter().find(|op| item.starts_with(**op))?;
    let version = item[operator.len()..].trim();
    let valid = !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '*' | '+' | '!' | '-' | '_'));
    valid.then(|| format!("{operator}{version}"))
}

/// One token of a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    Open,
    Close,
    /// A quoted string, without its quotes.
    Quoted(&'a str),
    /// A comparison operator, or `in` / `not in`.
    Operator(&'static str),
    And,
    Or,
    /// An environment marker variable.
    Variable(&'a str),
}

fn tokenize(marker: &str) -> Option<Vec<Token<'_>>> {
    let mut tokens = Vec::new();
    let mut rest = marker.trim_start();
    while let Some(c) = rest.chars().next() {
        let (token, len) = match c {
            '(' => (Token::Open, 1),
            ')' => (Token::Close, 1),
            '\'' | '"' => {
                // The quote is one byte; the token is it, the text and the closing one.
                let quoted = rest.get(1..)?;
                let end = quoted.find(c)?;
                (Token::Quoted(quoted.get(..end)?), end.checked_add(2)?)
            }
            _ if c.is_ascii_alphabetic() || c == '_' => {
                let len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.')))
                    .unwrap_or(rest.len());
                let word = &rest[..len];
                let token = match word {
                    "and" => Token::And,
                    "or" => Token::Or,
                    "in" => Token::Operator("in"),
                    "not" => {
                        let after = rest[len..].trim_start();
                        let after_in = after.strip_prefix("in")?;
                        if after_in.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                            return None;
                        }
                        let consumed = rest.len().saturating_sub(after_in.len());
                        tokens.push(Token::Operator("not in"));
                        rest = rest[consumed..].trim_start();
                        continue;
                    }
                    _ => Token::Variable(word),
                };
                (token, len)
            }
            _ => {
                let operator = OPERATORS.iter().find(|op| rest.starts_with(**op))?;
                (Token::Operator(operator), operator.len())
            }
        };
        tokens.push(token);
        rest = rest[len..].trim_start();
    }
    Some(tokens)
}

/// Legacy (PEP 345 and setuptools) names of marker variables and the PEP 508 name they mean.
const VARIABLE_ALIASES: &[(&str, &str)] = &[
    ("os.name", "os_name"),
    ("sys.platform", "sys_platform"),
    ("platform.version", "platform_version"),
    ("platform.machine", "platform_machine"),
    (
        "platform.python_implementation",
        "platform_python_implementation",
    ),
    ("python_implementation", "platform_python_implementation"),
];

/// Renders a marker token by token in canonical spelling.
struct MarkerParser<'t, 'a> {
    tokens: &'t [Token<'a>],
    at: usize,
}

impl<'t, 'a> MarkerParser<'t, 'a> {
    fn next(&mut self) -> Option<&'t Token<'a>> {
        let token = self.tokens.get(self.at)?;
        self.at = self.at.saturating_add(1);
        Some(token)
    }

    fn peek_is(&self, token: &Token<'_>) -> bool {
        self.tokens.get(self.at) == Some(token)
    }

    fn or_expression(&mut self, depth: usize) -> Option<String> {
        let mut text = self.and_expression(depth)?;
        while self.peek_is(&Token::Or) {
            self.at = self.at.saturating_add(1);
            text.push_str(" or ");
            text.push_str(&self.and_expression(depth)?);
        }
        Some(text)
    }

    fn and_expression(&mut self, depth: usize) -> Option<String> {
        let mut text = self.atom(depth)?;
        while self.peek_is(&Token::And) {
            self.at = self.at.saturating_add(1);
            text.push_str(" and ");
            text.push_str(&self.atom(depth)?);
        }
        Some(text)
    }

    fn atom(&mut self, depth: usize) -> Option<String> {
        if self.peek_is(&Token::Open) {
            if depth >= MAX_MARKER_DEPTH {
                return None;
            }
            self.at = self.at.saturating_add(1);
            let inner = self.or_expression(depth.saturating_add(1))?;
            return (self.next()? == &Token::Close).then(|| format!("({inner})"));
        }
        let left = self.operand()?;
        let Token::Operator(operator) = *self.next()? else {
            return None;
        };
        let right = self.operand()?;
        let render = |side: &Operand<'_>, other: &Operand<'_>| match side {
            Operand::Variable(name) => name.to_string(),
            Operand::Quoted(text) if *other == Operand::Variable("extra") => {
                quote(&canonical_name(text))
            }
            Operand::Quoted(text) => quote(text),
        };
        Some(format!(
            "{} {operator} {}",
            render(&left, &right),
            render(&right, &left)
        ))
    }

    fn operand(&mut self) -> Option<Operand<'a>> {
        match *self.next()? {
            Token::Quoted(text) => Some(Operand::Quoted(text)),
            Token::Variable(name) => Some(Operand::Variable(
                VARIABLE_ALIASES
                    .iter()
                    .find(|(alias, _)| *alias == name)
                    .map_or(name, |(_, canonical)| canonical),
            )),
            _ => None,
        }
    }
}

/// One side of a marker comparison.
#[derive(Debug, PartialEq, Eq)]
enum Operand<'a> {
    Variable(&'a str),
    Quoted(&'a str),
}

/// A marker string in double quotes, or in single quotes when it holds a double quote.
fn quote(text: &str) -> String {
    if text.contains('"') {
        format!("'{text}'")
    } else {
        format!("\"{text}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(requirement: &str) -> String {
        normalize(requirement).unwrap_or_else(|| panic!("{requirement:?} does not parse"))
    }

    #[test]
    fn the_spellings_of_real_tools_agree() {
        // What setuptools 69, wheel 0.43 and wheel 0.33 wrote for the same setup.cfg line.
        let spellings = [
            "attrs<24,>=19.1",
            "attrs <24,>=19.1",
            "attrs (<24,>=19.1)",
            "attrs >=19.1, <24",
        ];
        for spelling in spellings {
            assert_eq!(canonical(spelling), "attrs<24,>=19.1", "{spelling}");
        }
        let markers = [
            "Typing_Extensions>=4.0; python_version < \"3.10\"",
            "Typing-Extensions >=4.0 ; python_version < \"3.10\"",
            "typing.extensions (>=4.0) ; python_version<'3.10'",
            "TYPING__EXTENSIONS>=4.0;python_version   <   '3.10'",
        ];
        for spelling in markers {
            assert_eq!(
                canonical(spelling),
                "typing-extensions>=4.0; python_version < \"3.10\"",
                "{spelling}"
            );
        }
        assert_eq!(
            canonical("pytest-cov ; extra == 'test'"),
            "pytest-cov; extra == \"test\""
        );
    }

    #[test]
    fn extras_are_normalized_and_sorted() {
        assert_eq!(
            canonical("Sphinx[testing, Docs_Extra] (!=5.0.0,>=4) ; extra == 'Docs'"),
            "sphinx[docs-extra,testing]!=5.0.0,>=4; extra == \"docs\""
        );
        assert_eq!(canonical("pkg[b,a,b]"), "pkg[a,b]");
        assert_eq!(canonical("pkg[]"), "pkg");
    }

    #[test]
    fn markers_keep_their_structure_with_canonical_spacing() {
        assert_eq!(
            canonical("x; (os_name=='nt' or sys_platform == \"win32\")and python_version>='3'"),
            "x; (os_name == \"nt\" or sys_platform == \"win32\") and python_version >= \"3\""
        );
        assert_eq!(
            canonical("x; 'linux' not   in sys_platform"),
            "x; \"linux\" not in sys_platform"
        );
        assert_eq!(
            canonical("x; python_implementation == 'CPython'"),
            "x; platform_python_implementation == \"CPython\""
        );
        assert_eq!(
            canonical("x; platform_version == 'say \"hi\"'"),
            "x; platform_version == 'say \"hi\"'"
        );
    }

    #[test]
    fn urls_stay_as_written() {
        assert_eq!(
            canonical("Pip @ https://example.org/pip.whl ; python_version>'3'"),
            "pip @ https://example.org/pip.whl ; python_version > \"3\""
        );
    }

    #[test]
    fn different_requirements_stay_different() {
        let pairs = [
            ("attrs>=23", "attrs>=24"),
            ("attrs>=23", "attrs>23"),
            ("attrs==1.0", "attrs==1.0.0"),
            ("attrs", "attrs[tests]"),
            (
                "attrs; python_version < '3.8'",
                "attrs; python_version <= '3.8'",
            ),
            ("attrs; python_version < '3.8'", "attrs"),
            ("attrs; extra == 'a'", "attrs; extra == 'b'"),
            (
                "x; a == '1' and b == '2' or c == '3'",
                "x; a == '1' and (b == '2' or c == '3')",
            ),
            ("attrs-x", "attrs"),
            ("six", "sixx"),
        ];
        for (left, right) in pairs {
            assert_ne!(canonical(left), canonical(right), "{left} vs {right}");
        }
    }

    #[test]
    fn what_does_not_parse_is_not_normalized() {
        for bad in [
            "",
            "-attrs",
            "attrs-",
            "attrs (1.0)",
            "attrs >=",
            "attrs >=1.0 garbage",
            "attrs[",
            "attrs[a b]",
            "attrs (>=1",
            "attrs ; python_version <",
            "attrs ; python_version < '3.8",
            "attrs ; python_version < '3' and",
            "attrs ; (python_version < '3'",
            "attrs ; python_version < '3')",
            "attrs ; not_in 'x'",
            "attrs ; python_version ! '3'",
            "pkg @ ",
            "attrs >= 1.0 ; \u{0}",
        ] {
            assert_eq!(normalize(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn deep_parentheses_end_without_a_crash() {
        let deep = format!(
            "x; {}os_name == 'nt'{}",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        assert_eq!(normalize(&deep), None);
        let shallow = format!("x; {}os_name == 'nt'{}", "(".repeat(3), ")".repeat(3));
        assert_eq!(canonical(&shallow), "x; (((os_name == \"nt\")))");
    }
}
