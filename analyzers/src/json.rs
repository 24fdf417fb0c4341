//! JSON objects read in the order their keys are written, each value kept as the text it was
//! written in (`serde_json`'s `RawValue`), so that a number is never rounded through a float
//! (`12345678901234567890123` and `…124` stay two values) and the order of keys, which is part
//! of the bytes, is known. Used by the manifests that are JSON (`package.json`,
//! `.cargo_vcs_info.json`).
//!
//! Bounds: an object of more than [`MAX_ENTRIES`] keys, nesting deeper than serde_json's own
//! limit (128) or than [`MAX_DEPTH`] when rendered, and a rendering past its budget are errors.

use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;

/// The most keys one object may hold.
pub(crate) const MAX_ENTRIES: usize = 100_000;
/// The deepest nesting [`compact`] renders.
pub(crate) const MAX_DEPTH: usize = 64;

/// An object's entries in the order written, duplicates kept.
pub(crate) type Entries<'a> = Vec<(String, &'a RawValue)>;

struct Ordered<'a>(Entries<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for Ordered<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for EntriesVisitor<'a> {
            type Value = Ordered<'a>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<'a>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'a RawValue>()? {
                    if entries.len() >= MAX_ENTRIES {
                        return Err(A::Error::custom(format!(
                            "more than {MAX_ENTRIES} keys in one object"
                        )));
                    }
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// The entries of the JSON object `text` is, in order.
pub(crate) fn object(text: &str) -> Result<Entries<'_>, String> {
    serde_json::from_str::<Ordered<'_>>(text)
        .map(|o| o.0)
        .map_err(|e| format!("not a JSON object: {e}"))
}

/// The entries of `raw` when it is an object.
pub(crate) fn entries(raw: &RawValue) -> Option<Entries<'_>> {
    raw.get()
        .trim_start()
        .starts_with('{')
        .then(|| object(raw.get()).ok())
        .flatten()
}

/// The string `raw` is, unescaped, when it is one.
pub(crate) fn string(raw: &RawValue) -> Option<String> {
    serde_json::from_str::<String>(raw.get()).ok()
}

/// `raw` as one line of canonical JSON: no whitespace between tokens, keys in the order written,
/// numbers and strings exactly as written (a string shown unescaped when it is the whole value is
/// [`string`]'s job). `Err` past `budget` bytes or [`MAX_DEPTH`] levels.
pub(crate) fn compact(raw: &RawValue, budget: usize) -> Result<String, String> {
    let mut out = String::new();
    write_compact(raw, 0, budget, &mut out)?;
    Ok(out)
}

fn write_compact(
    raw: &RawValue,
    depth: usize,
    budget: usize,
    out: &mut String,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("JSON nested deeper than {MAX_DEPTH} levels"));
    }
    let text = raw.get().trim();
    let push = |out: &mut String, s: &str| -> Result<(), String> {
        if out.len().saturating_add(s.len()) > budget {
            return Err("the JSON value renders longer than its budget".into());
        }
        out.push_str(s);
        Ok(())
    };
    if text.starts_with('{') {
        let entries = object(text)?;
        push(out, "{")?;
        for (index, (key, value)) in entries.iter().enumerate() {
            if index > 0 {
                push(out, ",")?;
            }
            let key = serde_json::to_string(key).map_err(|e| e.to_string())?;
            push(out, &key)?;
            push(out, ":")?;
            write_compact(value, depth.saturating_add(1), budget, out)?;
        }
        push(out, "}")
    } else if text.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        push(out, "[")?;
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                push(out, ",")?;
            }
            write_compact(item, depth.saturating_add(1), budget, out)?;
        }
        push(out, "]")
    } else {
        push(out, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_and_numbers_their_digits() {
        let entries =
            object(r#"{"b": 1, "a": 12345678901234567890123, "b": [1, {"z": 2.50}]}"#).unwrap();
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(entries[1].1.get(), "12345678901234567890123");
        assert_eq!(compact(entries[2].1, 100).unwrap(), r#"[1,{"z":2.50}]"#);
    }

    #[test]
    fn hostile_json_is_an_error() {
        let deep = "[".repeat(100_000);
        assert!(object(&format!("{{\"a\": {deep}}}")).is_err());
        assert!(object("[1, 2]").is_err());
        assert!(object("{\"a\": ").is_err());
        let wide = format!("{{\"a\": [{}0]}}", "0,".repeat(10_000));
        let entries = object(&wide).unwrap();
        assert!(compact(entries[0].1, 1000).is_err());
    }
}
