//! A block of map entries ([`entry_fold`](super::entry_fold)) folded four at a time, with
//! AVX2.
//!
//! Each entry's key and value are one buffer each: four entries' key bytes, key used, value
//! bytes and value used are one load apiece from the block's arrays. An entry's bytes, used
//! and unused are its parts' sums, its allocations `2` less one for each part of no bytes;
//! the block keeps three sums and the least and greatest of four figures, lane by lane, and a
//! mask of the parts that are allocations holding nothing (`used == 0 < bytes`): a block with
//! one is not folded here (the scalar loop reads that entry exactly).
//!
//! Every figure is below `i64::MAX`, so AVX2's signed 64-bit compare orders them as `usize`
//! does: a part's bytes are one allocation's (at most `isize::MAX`), and a whole entry's are
//! two allocations', both within the address space (at most 2^57 bytes on x86_64).
//!
//! Dispatch as in `buffer_lanes.rs`: compiled in when the target has AVX2, else chosen at run
//! time with `std`; everywhere else [`add_block`] folds nothing and the scalar loop runs.

use super::entry_fold::BLOCK;
use super::leaf_fold::LeafFold;

/// Whether [`add_block`] folds blocks here: the CPU has AVX2 (known at compile time, or
/// found at run time with `std`).
#[inline(always)]
pub(super) fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    return super::buffer_lanes::has_avx2();
    #[cfg(not(target_arch = "x86_64"))]
    return false;
}

/// Folds a whole block's entries from their figures (key bytes, key used, value bytes, value
/// used: see [`Gathered`](super::entry_fold::Gathered)) into `fold`, begun as
/// [`LeafFold::ENTRIES`], as [`LeafFold::add_entry`] would one by one; `false` (nothing folded)
/// where AVX2 is not available or an entry has an allocation holding nothing.
#[inline(always)]
pub(super) fn add_block(fold: &mut LeafFold, figures: &[[usize; BLOCK]; 4]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if super::buffer_lanes::has_avx2() {
        // SAFETY: the CPU has AVX2, just checked (at compile time or by std's detection).
        return unsafe { x86::add_block(fold, figures) };
    }
    let _ = (fold, figures);
    false
}

#[cfg(target_arch = "x86_64")]
// As in `buffer_lanes.rs`: the intrinsics need `unsafe` under the crate's MSRV (1.85), not
// from Rust 1.87 on in a function with the feature enabled.
#[allow(unused_unsafe)]
mod x86 {
    use super::BLOCK;
    use crate::walk::report::buffer_lanes::x86::{max, min};
    use crate::walk::report::leaf_fold::LeafFold;
    use core::arch::x86_64::{
        __m256i, _mm256_add_epi64, _mm256_andnot_si256, _mm256_cmpeq_epi64, _mm256_extract_epi64,
        _mm256_loadu_si256, _mm256_or_si256, _mm256_set1_epi64x, _mm256_setzero_si256,
        _mm256_sub_epi64, _mm256_testz_si256,
    };

    /// The four figures of `figure` from entry `i` on, one a lane.
    #[inline(always)]
    unsafe fn quad(figure: &[usize; BLOCK], i: usize) -> __m256i {
        let lanes = &figure[i..i + 4];
        // SAFETY: `lanes` is four `usize`s (32 bytes, in bounds: the slice above is checked),
        // read unaligned; AVX2 by the caller's contract.
        unsafe { _mm256_loadu_si256(lanes.as_ptr().cast::<__m256i>()) }
    }

    /// The four lanes of `v`.
    #[inline(always)]
    unsafe fn lanes(v: __m256i) -> [usize; 4] {
        // SAFETY: AVX2, by the caller's contract.
        unsafe {
            [
                _mm256_extract_epi64::<0>(v) as usize,
                _mm256_extract_epi64::<1>(v) as usize,
                _mm256_extract_epi64::<2>(v) as usize,
                _mm256_extract_epi64::<3>(v) as usize,
            ]
        }
    }

    /// [`super::add_block`] with AVX2.
    ///
    /// # Safety
    ///
    /// The CPU has AVX2.
    #[target_feature(enable = "avx2")]
    #[inline(never)]
    pub(super) unsafe fn add_block(fold: &mut LeafFold, figures: &[[usize; BLOCK]; 4]) -> bool {
        // SAFETY (every block below): AVX2, by this function's contract.
        unsafe {
            let zero = _mm256_setzero_si256();
            let two = _mm256_set1_epi64x(2);
            let top = _mm256_set1_epi64x(i64::MAX);
            // Sums of bytes, used, allocations; extremes of bytes, used, unused, allocations.
            let mut sums = [zero; 3];
            let mut least = [top; 4];
            let mut greatest = [zero; 4];
            // Lanes with a part that is an allocation holding nothing.
            let mut empty = zero;
            for i in (0..BLOCK).step_by(4) {
                let [key_bytes, key_used, value_bytes, value_used] =
                    [0, 1, 2, 3].map(|f| quad(&figures[f], i));
                // -1 in the lanes of a part of no bytes.
                let key_none = _mm256_cmpeq_epi64(key_bytes, zero);
                let value_none = _mm256_cmpeq_epi64(value_bytes, zero);
                // A part holding nothing in bytes it has: used 0, bytes not 0.
                let key_empty = _mm256_andnot_si256(key_none, _mm256_cmpeq_epi64(key_used, zero));
                let value_empty =
                    _mm256_andnot_si256(value_none, _mm256_cmpeq_epi64(value_used, zero));
                empty = _mm256_or_si256(empty, _mm256_or_si256(key_empty, value_empty));
                let bytes = _mm256_add_epi64(key_bytes, value_bytes);
                let used = _mm256_add_epi64(key_used, value_used);
                let unused = _mm256_sub_epi64(bytes, used);
                let allocations = _mm256_add_epi64(_mm256_add_epi64(two, key_none), value_none);
                sums[0] = _mm256_add_epi64(sums[0], bytes);
                sums[1] = _mm256_add_epi64(sums[1], used);
                sums[2] = _mm256_add_epi64(sums[2], allocations);
                for (f, figure) in [bytes, used, unused, allocations].into_iter().enumerate() {
                    least[f] = min(least[f], figure);
                    greatest[f] = max(greatest[f], figure);
                }
            }
            if _mm256_testz_si256(empty, empty) == 0 {
                return false;
            }
            let sum = |v| lanes(v).into_iter().fold(0usize, usize::wrapping_add);
            let least_of = |v| lanes(v).into_iter().min().unwrap_or(usize::MAX);
            let greatest_of = |v| lanes(v).into_iter().max().unwrap_or(0);
            fold.merge_entries(
                sums.map(sum),
                least.map(least_of),
                greatest.map(greatest_of),
            );
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::add_block;
    use crate::walk::report::entry_fold::BLOCK;
    use crate::walk::report::leaf_fold::LeafFold;
    use crate::walk::report::tests::Rng;

    /// A part's `(bytes, used)`: no bytes one time in `none`, else an allocation holding
    /// something.
    fn part(rng: &mut Rng, none: usize) -> (usize, usize) {
        if rng.below(none) == 0 {
            return (0, 0);
        }
        let bytes = 1 + rng.below(1 << 20);
        (bytes, 1 + rng.below(bytes))
    }

    /// A block of figures, and the scalar fold of the same entries from a fold that has some
    /// figures already.
    fn block(rng: &mut Rng, none: usize) -> ([[usize; BLOCK]; 4], LeafFold) {
        let mut figures = [[0; BLOCK]; 4];
        let mut scalar = start();
        for i in 0..BLOCK {
            let (key, value) = (part(rng, none), part(rng, none));
            for (figure, x) in figures.iter_mut().zip([key.0, key.1, value.0, value.1]) {
                figure[i] = x;
            }
            scalar.add_entry(key, value);
        }
        (figures, scalar)
    }

    fn start() -> LeafFold {
        let mut fold = LeafFold::ENTRIES;
        fold.add_entry((24, 3), (0, 0));
        fold
    }

    #[test]
    fn the_lanes_fold_what_the_scalar_loop_folds() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for none in [1, 2, 5, 1000] {
            let (figures, scalar) = block(&mut rng, none);
            let mut lanes = start();
            if !add_block(&mut lanes, &figures) {
                std::println!(
                    "skipped: AVX2 not available (a CPU without it, or no std to detect it)"
                );
                return;
            }
            assert_eq!(lanes, scalar, "parts of no bytes one in {none}");
        }
    }

    #[test]
    fn a_block_with_an_allocation_holding_nothing_is_not_folded() {
        let mut rng = Rng(7);
        for at in [0, 1, BLOCK / 2, BLOCK - 1] {
            for figure in [1, 3] {
                let (mut figures, _) = block(&mut rng, 3);
                // The part at `at` keeps its bytes (at least 1) and holds nothing.
                figures[figure - 1][at] = figures[figure - 1][at].max(1);
                figures[figure][at] = 0;
                let mut fold = start();
                assert!(!add_block(&mut fold, &figures), "at {at}");
                assert_eq!(fold, start(), "nothing folded");
            }
        }
    }
}
