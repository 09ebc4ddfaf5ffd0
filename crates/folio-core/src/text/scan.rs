//! Finding the first byte of a small ASCII set, eight bytes at a time.
//!
//! The writers (Markdown text, HTML escaping) spend most of their time
//! looking for the few bytes they must treat specially among runs they copy
//! whole. This reads the text a `u64` at a time and flags the bytes in a
//! range holding the whole set (a classic SWAR test, exact per byte), so
//! only words with a candidate are looked at byte by byte. Plain integer
//! arithmetic: the same code runs natively and in wasm.

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
const LOW7: u64 = u64::from_le_bytes([0x7f; 8]);

/// The high bit of each byte of `word` with `lo <= byte <= hi` (ASCII only:
/// bytes of 0x80 and above are never flagged); `1 <= lo <= hi <= 127`.
/// Exact: no carry or borrow crosses a byte, as every lane stays in 0..=255.
#[inline(always)]
fn in_range(word: u64, lo: u8, hi: u8) -> u64 {
    let low = word & LOW7;
    let below_hi = ONES * (128 + u64::from(hi)) - low;
    let above_lo = low + ONES * (128 - u64::from(lo));
    below_hi & above_lo & !word & HIGH
}

/// The index of the first byte of `bytes` in `lo..=hi` that `wanted`
/// accepts (`1 <= lo <= hi <= 127`; `wanted` is asked only about bytes in
/// the range).
#[inline(always)]
pub(crate) fn find(bytes: &[u8], lo: u8, hi: u8, wanted: impl Fn(u8) -> bool) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let mut flagged = in_range(u64::from_le_bytes(word), lo, hi);
        while flagged != 0 {
            let k = (flagged.trailing_zeros() / 8) as usize;
            if wanted(chunk[k]) {
                return Some(at + k);
            }
            flagged &= flagged - 1;
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| (lo..=hi).contains(&b) && wanted(b))
        .map(|k| at + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_range_flags_exactly_the_bytes_in_range() {
        for lo in 1..=127u8 {
            for hi in [lo, lo.saturating_add(1).min(127), 127] {
                for b in 0..=255u8 {
                    let word = u64::from_le_bytes([b'a', b, 0xff, 0, b, 0x80, 0x7f, 1]);
                    let flagged = in_range(word, lo, hi);
                    for (k, &byte) in word.to_le_bytes().iter().enumerate() {
                        let expected = (lo..=hi).contains(&byte);
                        assert_eq!(
                            flagged >> (8 * k + 7) & 1 == 1,
                            expected,
                            "{lo} {hi} {byte}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn find_matches_a_plain_search() {
        let wanted = |b: u8| matches!(b, b'-' | b'.' | b'<' | b'>' | b'\'' | b'"' | b'&');
        let text = "Grüße, \"quoted\" -- x... <b> & the end; ünïcödé text without any of them";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let bytes = &text.as_bytes()[start..end];
                assert_eq!(
                    find(bytes, b'"', b'>', wanted),
                    bytes.iter().position(|&b| wanted(b)),
                );
                assert_eq!(
                    find(bytes, b'<', b'<', |_| true),
                    bytes.iter().position(|&b| b == b'<'),
                );
            }
        }
    }
}
