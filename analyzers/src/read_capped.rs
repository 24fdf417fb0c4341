//! Reading a decoder to its end without trusting the sizes an archive claims.

use std::io::Read;

use crate::AnalyzeError;

/// Reads `reader` to the end into memory, failing with [`AnalyzeError::TooLarge`] once more than
/// `cap` bytes come out. `hint` (a size the container claims) only pre-sizes the buffer, and never
/// beyond a small bound: a lying header cannot make this allocate.
pub(crate) fn read_capped(
    mut reader: impl Read,
    cap: u64,
    hint: u64,
    what: &str,
) -> Result<Vec<u8>, std::io::Error> {
    const MAX_PREALLOCATION: u64 = 16 << 20;
    let mut out = Vec::with_capacity(hint.min(cap).min(MAX_PREALLOCATION) as usize);
    let read = (&mut reader)
        .take(cap.saturating_add(1))
        .read_to_end(&mut out)?;
    if read as u64 > cap {
        return Err(std::io::Error::other(AnalyzeError::TooLarge(format!(
            "{what} decodes to more than {cap} bytes (the member size limit)"
        ))));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_cap() {
        let data = [7u8; 100];
        assert_eq!(
            read_capped(&data[..], 100, u64::MAX, "x").unwrap().len(),
            100
        );
        let err = read_capped(&data[..], 99, 0, "x").unwrap_err();
        assert!(err.to_string().contains("more than 99 bytes"));
    }
}
