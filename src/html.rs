//! What whydiff's HTML documents share: escaping of every value that comes from an artifact,
//! one stylesheet, inlined, and the Content-Security-Policy hashes that allow only their own
//! style (and the diff report's own script): the documents load nothing.

/// The stylesheet of whydiff's HTML documents (the diff report and the catalogue), inlined.
pub const STYLE: &str = include_str!("html.css");

/// The `<meta>` of a document without script: it forbids scripts, images, fonts and every other
/// load; only the document's own inline `<style>` (named by its hash) applies.
pub fn content_security_policy_meta() -> String {
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{}'; \
         base-uri 'none'; form-action 'none'\">",
        csp_hash(STYLE)
    )
}

/// `sha256-…` of `text`, as a Content-Security-Policy spells a hash source.
pub fn csp_hash(text: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `value` as HTML text or a quoted attribute value: `&`, `<`, `>`, `"` and `'` written as
/// character references, so that nothing in it opens a tag or closes an attribute.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `value` in a `<code>` element, escaped.
pub fn code(value: &str) -> String {
    format!("<code>{}</code>", escape(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_escaped_opens_a_tag_or_leaves_an_attribute() {
        let hostile = "\"><img src=x onerror=alert(1)> & '<script>";
        let escaped = escape(hostile);
        assert_eq!(
            escaped,
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;&lt;script&gt;"
        );
        assert!(!escaped.contains(['<', '>', '"', '\'']));
        assert_eq!(code("a<b"), "<code>a&lt;b</code>");
    }
}
