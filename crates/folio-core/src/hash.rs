//! The one stable content hash: a post block's key (`render`) and a file's
//! version tag (`edit::etag`) are this hash of their bytes.
//!
//! Stable means the same bytes hash the same in every run, build and target
//! (the editor's wasm and `folio serve` agree on an ETag; a block keeps its
//! key between renders), which rules out std's randomly seeded hasher.
//!
//! Why hand-written: it reads eight bytes a step in four independent lanes,
//! where the FNV-1a it replaced read one byte a step (hashing every block's
//! HTML was still a tenth of a render with four blocks hashed side by
//! side); a hash crate (`ahash`, `rustc-hash`, `wyhash`) either is not
//! stable across targets and versions by contract or adds wasm for these
//! few lines. Each step is a bijection of the state (xor of the word,
//! multiplication by an odd constant, xor-shift), so inputs of one length
//! that differ in one word never collide; murmur3's finaliser spreads the
//! last word over all 64 bits (the keys show them as hex).

/// The stable 64-bit hash of `bytes`.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    // The length first: "a" and "a\0" pad to the same last word.
    let mut state = step(0x243f_6a88_85a3_08d3, bytes.len() as u64);
    // Four lanes over 32-byte stripes: one lane is a chain of
    // multiplications (each waits for the last); four independent chains
    // run at the multiplier's throughput, not its latency.
    let mut stripes = bytes.chunks_exact(32);
    if bytes.len() >= 32 {
        let mut lanes = [state, !state, state.rotate_left(21), state.rotate_left(42)];
        for stripe in &mut stripes {
            for (lane, word) in lanes.iter_mut().zip(stripe.chunks_exact(8)) {
                *lane = step(*lane, word_at(word));
            }
        }
        for lane in lanes {
            state = step(state, lane);
        }
    }
    let mut words = stripes.remainder().chunks_exact(8);
    for word in &mut words {
        state = step(state, word_at(word));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        state = step(state, word_at(rest));
    }
    // murmur3's fmix64.
    state ^= state >> 33;
    state = state.wrapping_mul(0xff51_afd7_ed55_8ccd);
    state ^= state >> 33;
    state = state.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    state ^ (state >> 33)
}

/// One step: a bijection of the state for a given word, and of the word
/// for a given state.
fn step(state: u64, word: u64) -> u64 {
    let mixed = (state ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    mixed ^ (mixed >> 29)
}

/// Up to eight bytes as a little-endian word, zero-padded.
fn word_at(bytes: &[u8]) -> u64 {
    let mut buffer = [0u8; 8];
    let n = bytes.len().min(8);
    buffer[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(buffer)
}

#[cfg(test)]
mod tests {
    use super::stable_hash;
    use std::collections::HashSet;

    #[test]
    fn values_are_fixed() {
        // Fixed forever: block keys and ETags are these values in hex, and
        // both sides of a save (wasm, native) must agree.
        let long = b"<p>The quick brown fox jumps over the lazy dog.</p>\n";
        let pinned = [
            stable_hash(b""),
            stable_hash(b"a"),
            stable_hash(b"<p>Hello</p>\n"),
            stable_hash(long),
        ];
        assert_eq!(
            pinned,
            [
                0x3bfd_ce42_149f_9aef,
                0xfadb_0ddd_d7d0_ed38,
                0xc997_3175_063a_7df3,
                0xd09c_844f_faa5_4a74
            ],
            "{pinned:#x?}"
        );
    }

    #[test]
    fn lengths_and_single_changes_never_collide() {
        let mut seen = HashSet::new();
        // Every length 0..64 of zeros (padding must not collide) and every
        // one-byte change of a 40-byte text.
        for n in 0..100 {
            assert!(seen.insert(stable_hash(&vec![0u8; n])), "zeros, length {n}");
        }
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        assert!(seen.insert(stable_hash(&base)));
        for at in 0..base.len() {
            for byte in [0u8, b' ', b'z', 0xff] {
                let mut changed = base.clone();
                if changed[at] == byte {
                    continue;
                }
                changed[at] = byte;
                assert!(seen.insert(stable_hash(&changed)), "byte {at} = {byte}");
            }
        }
    }

    #[test]
    fn every_output_bit_moves() {
        // Each input bit flips each output bit about half the time.
        let base = *b"the quick brown fox jumps over the lazy dog";
        let h = stable_hash(&base);
        let mut flips = [0u32; 64];
        let mut trials = 0;
        for byte in 0..base.len() {
            for bit in 0..8 {
                let mut changed = base;
                changed[byte] ^= 1 << bit;
                let diff = h ^ stable_hash(&changed);
                for (i, count) in flips.iter_mut().enumerate() {
                    *count += ((diff >> i) & 1) as u32;
                }
                trials += 1;
            }
        }
        for (i, &count) in flips.iter().enumerate() {
            let share = f64::from(count) / f64::from(trials);
            assert!((0.35..0.65).contains(&share), "bit {i}: {share}");
        }
    }
}
