//! Path globs of baseline classes: how a difference's path — a list of nesting-level segments
//! (`["app.pyz", "site-packages/pkg/core.py"]`) — is matched by a pattern such as
//! `app.pyz/site-packages/**`.
//!
//! The path is matched as its segments joined with `/`, spelled as the report spells them
//! (`app.pyz/site-packages/pkg/core.py`): a `/` inside a segment (a zip or tar member's own
//! directories) and the `/` between two nesting levels are alike, so one glob reaches into
//! archives the way a file manager would. The whole path must match, not a prefix of it.
//!
//! | pattern | matches |
//! |---|---|
//! | `*` | any run of characters without `/` (also none) |
//! | `?` | one character other than `/` |
//! | `**` | any run of characters, `/` included (also none) |
//! | `**/` | nothing, or any run ending with `/`: `a/**/b` matches `a/b` and `a/x/y/b` |
//! | `\c` | the character `c` itself (`\*`, `\?`, `\\`) |
//! | anything else | itself |
//!
//! Matching takes time proportional to the pattern's length times the path's, whatever the
//! pattern: no backtracking.

use std::fmt;

/// One element of a compiled glob.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// One exact character.
    Literal(char),
    /// `?`: one character other than `/`.
    AnyChar,
    /// `*`: any run without `/`.
    Star,
    /// `**`: any run.
    DoubleStar,
    /// `**/`: nothing, or any run ending with `/`.
    DirectoriesPrefix,
}

/// A compiled path glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathGlob {
    pattern: String,
    tokens: Vec<Token>,
}

/// Why a pattern is not a glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobError(String);

impl fmt::Display for GlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GlobError {}

impl PathGlob {
    /// Compiles `pattern`; an empty pattern, or one ending in a lone `\`, is refused.
    pub fn new(pattern: &str) -> Result<Self, GlobError> {
        if pattern.is_empty() {
            return Err(GlobError("an empty path glob matches nothing".into()));
        }
        let mut tokens = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            let token = match c {
                '\\' => match chars.next() {
                    Some(escaped) => Token::Literal(escaped),
                    None => {
                        return Err(GlobError(format!(
                            "path glob {pattern:?} ends with a lone \\ (write \\\\ for a backslash)"
                        )))
                    }
                },
                '?' => Token::AnyChar,
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                    // Further stars add nothing to `**`.
                    while chars.peek() == Some(&'*') {
                        chars.next();
                    }
                    if chars.peek() == Some(&'/') {
                        chars.next();
                        Token::DirectoriesPrefix
                    } else {
                        Token::DoubleStar
                    }
                }
                '*' => Token::Star,
                other => Token::Literal(other),
            };
            tokens.push(token);
        }
        Ok(PathGlob {
            pattern: pattern.to_owned(),
            tokens,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the path of `segments` (joined with `/`) matches the whole glob.
    pub fn matches_segments(&self, segments: &[String]) -> bool {
        self.matches(&joined(segments))
    }

    /// Whether `text` matches the whole glob.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        // reachable[i]: the tokens so far can consume exactly text[..i].
        let mut reachable = vec![false; text.len() + 1];
        reachable[0] = true;
        for token in &self.tokens {
            let mut next = vec![false; text.len() + 1];
            match token {
                Token::Literal(expected) => {
                    for i in 0..text.len() {
                        next[i + 1] = reachable[i] && text[i] == *expected;
                    }
                }
                Token::AnyChar => {
                    for i in 0..text.len() {
                        next[i + 1] = reachable[i] && text[i] != '/';
                    }
                }
                Token::Star => {
                    next[0] = reachable[0];
                    for i in 0..text.len() {
                        next[i + 1] = reachable[i + 1] || (next[i] && text[i] != '/');
                    }
                }
                Token::DoubleStar => {
                    next[0] = reachable[0];
                    for i in 0..text.len() {
                        next[i + 1] = reachable[i + 1] || next[i];
                    }
                }
                Token::DirectoriesPrefix => {
                    // Nothing, or any run whose last character is `/`.
                    let mut seen = false;
                    for i in 0..=text.len() {
                        if i > 0 && text[i - 1] == '/' && seen {
                            next[i] = true;
                        }
                        seen |= reachable[i];
                        next[i] |= reachable[i];
                    }
                }
            }
            reachable = next;
        }
        reachable[text.len()]
    }
}

/// A difference's path as globs see it: its segments joined with `/`.
pub fn joined(segments: &[String]) -> String {
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str) -> PathGlob {
        PathGlob::new(pattern).unwrap()
    }

    fn path(segments: &[&str]) -> Vec<String> {
        segments.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn segments_are_joined_with_slashes() {
        let member = path(&["app.pyz", "site-packages/pkg/core.py"]);
        assert!(glob("app.pyz/site-packages/pkg/core.py").matches_segments(&member));
        assert!(glob("app.pyz/**").matches_segments(&member));
        assert!(glob("*.pyz/**/core.py").matches_segments(&member));
        assert!(
            !glob("app.pyz").matches_segments(&member),
            "a prefix is not a match"
        );
        assert!(!glob("app.pyz/*").matches_segments(&member));
    }

    #[test]
    fn a_star_stays_within_a_segment() {
        assert!(glob("a/*.py").matches("a/x.py"));
        assert!(glob("a/*.py").matches("a/.py"));
        assert!(!glob("a/*.py").matches("a/b/x.py"));
        assert!(glob("a/?.py").matches("a/x.py"));
        assert!(!glob("a?b").matches("a/b"));
    }

    #[test]
    fn a_double_star_crosses_slashes() {
        assert!(glob("a/**").matches("a/b/c"));
        assert!(glob("a/**").matches("a/"));
        assert!(!glob("a/**").matches("a"));
        assert!(glob("**").matches(""));
        assert!(glob("**.pyc").matches("x/y/z.pyc"));
        assert!(glob("a/**/b").matches("a/b"));
        assert!(glob("a/**/b").matches("a/x/y/b"));
        assert!(!glob("a/**/b").matches("a/xb"));
        assert!(glob("**/METADATA").matches("METADATA"));
        assert!(glob("**/METADATA").matches("w.whl/x.dist-info/METADATA"));
        assert!(!glob("**/METADATA").matches("w.whl/x.dist-info/XMETADATA"));
    }

    #[test]
    fn a_backslash_escapes() {
        assert!(glob(r"a\*b").matches("a*b"));
        assert!(!glob(r"a\*b").matches("axb"));
        assert!(glob(r"x\\xff").matches(r"x\xff"));
        assert!(PathGlob::new(r"a\").is_err());
        assert!(PathGlob::new("").is_err());
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = "*a".repeat(200) + "b";
        let text = "a".repeat(5000);
        assert!(!glob(&pattern).matches(&text));
        assert!(glob(&"*".repeat(300)).matches(&"x".repeat(3000)));
    }
}
