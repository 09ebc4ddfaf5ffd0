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

/// The first index of `bytes` whose byte is in `lo..=hi` and accepted by
/// `wanted` and where `found` holds: a substring search that looks only
/// where its rarest bytes are (`found(i)` checks the rest of the needle
/// around byte `i`).
#[inline]
pub(crate) fn find_at(
    bytes: &[u8],
    lo: u8,
    hi: u8,
    wanted: impl Fn(u8) -> bool,
    found: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = bytes
        .get(from..)
        .and_then(|rest| find(rest, lo, hi, &wanted))
    {
        if found(from + at) {
            return Some(from + at);
        }
        from += at + 1;
    }
    None
}

/// Whether `bytes` holds `byte`: tested 64 bytes at a time with a fold the
/// compiler vectorises (a `memchr`-style word loop, or `find`, costs more
/// per byte when the byte is almost never there, as a NUL or in a chunk of
/// one long line a `\n`).
#[inline]
pub(crate) fn has_byte(bytes: &[u8], byte: u8) -> bool {
    bytes
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | (b == byte)))
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
    fn find_at_and_has_byte_match_the_library() {
        let text = "a <b> <!--more--> x@y www.z :// ü\0 end";
        let bytes = text.as_bytes();
        for start in 0..=bytes.len() {
            let part = &bytes[start..];
            let found = |i: usize| part[i..].starts_with(b"<!--more-->");
            assert_eq!(
                find_at(part, b'<', b'<', |_| true, found),
                part.windows(11).position(|w| w == b"<!--more-->"),
            );
            for byte in [0, b'@', b'z', b'q'] {
                assert_eq!(has_byte(part, byte), part.contains(&byte));
            }
        }
        let long = [b'a'; 200];
        for at in [0, 63, 64, 65, 199] {
            let mut bytes = long;
            bytes[at] = 0;
            assert!(has_byte(&bytes, 0), "{at}");
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
