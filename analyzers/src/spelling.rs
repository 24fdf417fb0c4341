//! How a text file is written, as a field's value: the text itself up to a size, a digest of it
//! beyond, so that a spelling field never holds more than [`MAX_VERBATIM`] bytes of the file
//! however long it is.

use sha2::{Digest, Sha256};

/// The text as written is kept verbatim up to this size, and as a digest beyond.
pub(crate) const MAX_VERBATIM: usize = 16 * 1024;

/// `text` verbatim when at most [`MAX_VERBATIM`] bytes long, else `sha256:<hex> (<n> <what>)`.
pub(crate) fn verbatim_or_digest(text: &str, what: &str) -> String {
    if text.len() <= MAX_VERBATIM {
        text.to_owned()
    } else {
        format!(
            "sha256:{:x} ({} {what})",
            Sha256::digest(text.as_bytes()),
            text.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_and_long_text_digested() {
        assert_eq!(verbatim_or_digest("a = 1\n", "bytes"), "a = 1\n");
        let long = "x".repeat(MAX_VERBATIM + 1);
        let spelled = verbatim_or_digest(&long, "bytes");
        assert!(spelled.starts_with("sha256:"), "{spelled}");
        assert!(spelled.ends_with(&format!("({} bytes)", MAX_VERBATIM + 1)));
        assert_ne!(
            spelled,
            verbatim_or_digest(&"y".repeat(MAX_VERBATIM + 1), "bytes")
        );
    }
}
