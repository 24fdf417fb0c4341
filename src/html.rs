//! What whydiff's HTML documents share: escaping of every value that comes from an artifact,
//! and one stylesheet, inlined (the documents load nothing: their Content-Security-Policy
//! forbids every source but inline style).

/// The `<meta>` that forbids scripts, images, fonts and every other load: only the document's
/// inline `<style>` applies.
pub const CONTENT_SECURITY_POLICY: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";

/// The stylesheet of whydiff's HTML documents.
pub const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1b1b1b}\
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f3f3f3}td.n{text-align:right}code{font-family:ui-monospace,monospace;background:#f5f5f5;padding:0 .2rem;overflow-wrap:anywhere}\
.summary{font-weight:600}.fix{border-left:3px solid #2a7;padding-left:.7rem}.category{color:#555}\
section{border-top:1px solid #ddd;margin-top:1.5rem}";

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
