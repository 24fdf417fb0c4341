//! The optional header's CheckSum, recomputed (no crate computes it).
//!
//! The algorithm is the one `imagehlp!CheckSumMappedFile` uses: the one's-complement-style sum of
//! the image as little-endian 16-bit words, the CheckSum field itself read as zero, folded to 16
//! bits after every addition, plus the length of the file.

/// The PE checksum of `data`, whose CheckSum field is at `checksum_at`.
pub(super) fn compute(data: &[u8], checksum_at: usize) -> u32 {
    let skipped = checksum_at..checksum_at.saturating_add(4);
    let mut sum: u64 = 0;
    for (index, pair) in data.chunks(2).enumerate() {
        let at = index.saturating_mul(2);
        if skipped.contains(&at) {
            continue;
        }
        let word = match pair {
            [low, high] => u16::from_le_bytes([*low, *high]),
            [low] => u16::from(*low),
            _ => 0,
        };
        sum = sum.wrapping_add(u64::from(word));
        sum = (sum & 0xffff).wrapping_add(sum >> 16);
    }
    sum = (sum & 0xffff).wrapping_add(sum >> 16);
    // The length is added modulo 2^32, as the reference implementation does.
    (sum as u32).wrapping_add(data.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_itself_counts_as_zero() {
        let mut data = vec![1u8, 0, 2, 0, 0xff, 0xff, 0xff, 0xff, 3, 0];
        assert_eq!(compute(&data, 4), 1 + 2 + 3 + 10);
        data[4..8].copy_from_slice(&[0, 0, 0, 0]);
        assert_eq!(compute(&data, 4), 1 + 2 + 3 + 10);
    }

    #[test]
    fn carries_fold_back_into_sixteen_bits() {
        let data = [0xff, 0xff, 0x02, 0x00];
        // 0xffff + 2 = 0x10001 → 0x0001 + 1 = 2, plus the length 4.
        assert_eq!(compute(&data, 100), 6);
    }
}
