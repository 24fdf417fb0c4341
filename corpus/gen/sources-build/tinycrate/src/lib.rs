//! A tiny library.

/// The answer.
pub fn answer() -> u32 {
    42
}
