//! The one-buffer fold of [`LeafFold::add_buffers_scalar`] four elements at a time, with AVX2.
//!
//! A summary of `Vec<String>` (or of any element type with [`Layout::__ONE_BUFFER`]) keeps, per
//! element, two sums (bytes, used) and six extremes (least and greatest bytes, used, unused).
//! The scalar loop spends about 24 instructions an element on them, twelve of them compares
//! and conditional moves; here four elements' figures sit in the four 64-bit lanes of a
//! register, so a chunk of four is two additions, a subtraction and six compare-and-blend
//! pairs.
//!
//! Two facts make the lanes exact:
//! - every figure is at most `isize::MAX` (an allocation is never larger, and
//!   `used <= bytes`), so AVX2's signed 64-bit compare orders them as `usize` does;
//! - the scalar loop's only per-element test (an allocation holding nothing, `used == 0 <
//!   bytes`, ends the fold; an element of no bytes is regular but does not allocate) is needed
//!   only where some `used` is 0. Elements go in blocks of [`BLOCK`], each folded into figures
//!   of its own; a block whose least `used` is above 0 has neither kind of element (`used <=
//!   bytes`), so each of its elements allocates once and its figures are merged. A block with
//!   a `used` of 0 is folded again with two more figures in lanes (elements of no bytes, and
//!   the least `used` counting 1 for those), and so is every block after it: if no allocation
//!   holds nothing, its figures are merged, its elements of no bytes not counted as
//!   allocations; otherwise the scalar loop folds the block and stops where it must.
//!
//! Dispatch: compiled in when the target has AVX2; else, with `std`, chosen at run time when
//! the CPU has it (`is_x86_feature_detected!`, cached by std). Everywhere else the scalar loop
//! runs. Which path ran never shows in a figure: `tests/test_report_buffer_figures.rs` compares
//! both with the general fold and a counting allocator.

use super::leaf_fold::LeafFold;
use crate::layout::Layout;

/// Elements a block: the `used == 0` test is made once a block.
pub(super) const BLOCK: usize = 64;

/// Folds the whole blocks of `items` from the first, then the rest, as
/// [`LeafFold::add_buffers_scalar`] would; `None` (nothing folded) where AVX2 is not available.
#[inline(always)]
pub(super) fn add_buffers<T: Layout>(fold: &mut LeafFold, items: &[T]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if items.len() >= BLOCK && has_avx2() {
        // SAFETY: the CPU has AVX2, just checked (at compile time or by std's detection).
        return Some(unsafe { x86::add_buffers(fold, items) });
    }
    let _ = (fold, items);
    None
}

/// Whether this CPU has AVX2: known at compile time when the target has it, else asked of std.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) fn has_avx2() -> bool {
    #[cfg(target_feature = "avx2")]
    return true;
    #[cfg(all(not(target_feature = "avx2"), feature = "std"))]
    return std::is_x86_feature_detected!("avx2");
    #[cfg(all(not(target_feature = "avx2"), not(feature = "std")))]
    return false;
}

#[cfg(target_arch = "x86_64")]
// The intrinsics are safe to call in a function with `target_feature(enable = "avx2")` from
// Rust 1.87 on, and need `unsafe` under the crate's MSRV (1.85): the blocks are kept for the
// latter and allowed to be unused under the former.
#[allow(unused_unsafe)]
pub(super) mod x86 {
    use super::BLOCK;
    use crate::layout::Layout;
    use crate::walk::report::leaf_fold::LeafFold;
    use core::arch::x86_64::{
        __m256i, _mm256_add_epi64, _mm256_blendv_epi8, _mm256_cmpeq_epi64, _mm256_cmpgt_epi64,
        _mm256_extract_epi64, _mm256_movemask_epi8, _mm256_set1_epi64x, _mm256_set_epi64x,
        _mm256_setzero_si256, _mm256_sub_epi64,
    };

    /// A block's or several blocks' figures in lanes: the sums of `bytes` and `used`, the
    /// least and greatest `[bytes, used, unused]`, and, for a fold that tells elements of no
    /// bytes from allocations holding nothing (`TELL`), how many had no bytes and the least of
    /// `used`, counting 1 for an element of no bytes (so 0 only for an allocation holding
    /// nothing).
    #[derive(Clone, Copy)]
    struct Lanes {
        bytes: __m256i,
        used: __m256i,
        min: [__m256i; 3],
        max: [__m256i; 3],
        no_bytes: __m256i,
        least_use: __m256i,
    }

    impl Lanes {
        /// Nothing folded: sums 0, least `i64::MAX`, greatest 0.
        #[inline(always)]
        unsafe fn new() -> Lanes {
            // SAFETY: AVX2, by the caller's contract.
            unsafe {
                let zero = _mm256_setzero_si256();
                let top = _mm256_set1_epi64x(i64::MAX);
                Lanes {
                    bytes: zero,
                    used: zero,
                    min: [top; 3],
                    max: [zero; 3],
                    no_bytes: zero,
                    least_use: top,
                }
            }
        }

        /// Folds in four elements' `bytes` and `used`, lane by lane.
        #[inline(always)]
        unsafe fn add<const TELL: bool>(&mut self, bytes: __m256i, used: __m256i) {
            // SAFETY: AVX2, by the caller's contract.
            unsafe {
                let unused = _mm256_sub_epi64(bytes, used);
                self.bytes = _mm256_add_epi64(self.bytes, bytes);
                self.used = _mm256_add_epi64(self.used, used);
                for (k, figure) in [bytes, used, unused].into_iter().enumerate() {
                    self.min[k] = min(self.min[k], figure);
                    self.max[k] = max(self.max[k], figure);
                }
                if TELL {
                    // -1 in the lanes of no bytes.
                    let none = _mm256_cmpeq_epi64(bytes, _mm256_setzero_si256());
                    self.no_bytes = _mm256_sub_epi64(self.no_bytes, none);
                    self.least_use = min(self.least_use, _mm256_sub_epi64(used, none));
                }
            }
        }

        /// A block's figures (`TELL`: see [`Lanes`]).
        #[inline(always)]
        unsafe fn of_block<T: Layout, const TELL: bool>(block: &[T]) -> Lanes {
            // SAFETY: AVX2, by the caller's contract.
            unsafe {
                let mut lanes = Lanes::new();
                for quad in block.chunks_exact(4) {
                    let (bytes, used) = figures_of(quad);
                    lanes.add::<TELL>(bytes, used);
                }
                lanes
            }
        }

        /// Folds in another fold's lanes.
        #[inline(always)]
        unsafe fn merge(&mut self, other: &Lanes) {
            // SAFETY: AVX2, by the caller's contract.
            unsafe {
                self.bytes = _mm256_add_epi64(self.bytes, other.bytes);
                self.used = _mm256_add_epi64(self.used, other.used);
                for k in 0..3 {
                    self.min[k] = min(self.min[k], other.min[k]);
                    self.max[k] = max(self.max[k], other.max[k]);
                }
                self.no_bytes = _mm256_add_epi64(self.no_bytes, other.no_bytes);
            }
        }

        /// Whether a lane of `v` is 0.
        #[inline(always)]
        unsafe fn any_zero(v: __m256i) -> bool {
            // SAFETY: AVX2, by the caller's contract.
            unsafe { _mm256_movemask_epi8(_mm256_cmpeq_epi64(v, _mm256_setzero_si256())) != 0 }
        }

        /// The lanes' figures as the scalar fold keeps them: sums `[bytes, used]`, least and
        /// greatest `[bytes, used, unused]`, and the elements of no bytes.
        #[inline(always)]
        unsafe fn figures(&self) -> ([usize; 2], ([usize; 3], [usize; 3]), usize) {
            // SAFETY: AVX2, by the caller's contract.
            let lanes = |v: __m256i| unsafe {
                [
                    _mm256_extract_epi64::<0>(v) as usize,
                    _mm256_extract_epi64::<1>(v) as usize,
                    _mm256_extract_epi64::<2>(v) as usize,
                    _mm256_extract_epi64::<3>(v) as usize,
                ]
            };
            let sum = |v| lanes(v).into_iter().fold(0usize, usize::wrapping_add);
            let least = |v| lanes(v).into_iter().min().unwrap_or(usize::MAX);
            let greatest = |v| lanes(v).into_iter().max().unwrap_or(0);
            (
                [sum(self.bytes), sum(self.used)],
                (self.min.map(least), self.max.map(greatest)),
                sum(self.no_bytes),
            )
        }
    }

    /// Lane-wise least of figures at most `i64::MAX` (`entry_lanes.rs` uses it too).
    #[inline(always)]
    pub(in crate::walk::report) unsafe fn min(a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2, by the caller's contract.
        unsafe { _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(a, b)) }
    }

    /// Lane-wise greatest of figures at most `i64::MAX`.
    #[inline(always)]
    pub(in crate::walk::report) unsafe fn max(a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2, by the caller's contract.
        unsafe { _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(b, a)) }
    }

    /// Four elements' `bytes` and `used`, each in its lane.
    #[inline(always)]
    unsafe fn figures_of<T: Layout>(quad: &[T]) -> (__m256i, __m256i) {
        let f = |i: usize| {
            let (bytes, used) = quad[i].__buffer_figures();
            debug_assert!(used <= bytes && bytes <= isize::MAX as usize);
            (bytes as i64, used as i64)
        };
        let [(b0, u0), (b1, u1), (b2, u2), (b3, u3)] = [f(0), f(1), f(2), f(3)];
        // SAFETY: AVX2, by the caller's contract.
        unsafe {
            (
                _mm256_set_epi64x(b3, b2, b1, b0),
                _mm256_set_epi64x(u3, u2, u1, u0),
            )
        }
    }

    /// [`super::add_buffers`] with AVX2. A block is first folded without telling its zeros
    /// apart; one with a `used` of 0 is folded again telling elements of no bytes (regular)
    /// from allocations holding nothing, and from then on every block is folded that way
    /// (`String::new()` among the elements is then no reason for the scalar loop); a block
    /// with an allocation holding nothing goes to the scalar loop, which stops at it.
    ///
    /// # Safety
    ///
    /// The CPU has AVX2.
    #[target_feature(enable = "avx2")]
    #[inline(never)]
    pub(super) unsafe fn add_buffers<T: Layout>(fold: &mut LeafFold, items: &[T]) -> usize {
        // SAFETY (every block below): AVX2, by this function's contract.
        let mut total = unsafe { Lanes::new() };
        let mut in_lanes = 0;
        let mut tell = false;
        let blocks = items.chunks_exact(BLOCK);
        let rest = blocks.remainder();
        for block in blocks {
            if !tell {
                let lanes = unsafe { Lanes::of_block::<T, false>(block) };
                if !unsafe { Lanes::any_zero(lanes.min[1]) } {
                    unsafe { total.merge(&lanes) };
                    in_lanes += BLOCK;
                    continue;
                }
                tell = true;
            }
            let lanes = unsafe { Lanes::of_block::<T, true>(block) };
            if !unsafe { Lanes::any_zero(lanes.least_use) } {
                unsafe { total.merge(&lanes) };
                in_lanes += BLOCK;
                continue;
            }
            // An allocation holding nothing: the scalar loop stops at it.
            unsafe { merge(fold, &total, in_lanes) };
            return in_lanes + fold.add_buffers_scalar(block);
        }
        unsafe { merge(fold, &total, in_lanes) };
        in_lanes + fold.add_buffers_scalar(rest)
    }

    /// Folds `count` elements' lanes into `fold`.
    #[inline(always)]
    unsafe fn merge(fold: &mut LeafFold, lanes: &Lanes, count: usize) {
        if count > 0 {
            // SAFETY: AVX2, by the caller's contract.
            let (sums, extremes, no_bytes) = unsafe { lanes.figures() };
            let folded = LeafFold::of_buffers(sums, extremes);
            fold.merge_used_blocks(&folded, count - no_bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{add_buffers, BLOCK};
    use crate::layout::Layout;
    use crate::walk::report::leaf_fold::LeafFold;
    use crate::walk::report::tests::Rng;
    use alloc::{boxed::Box, string::String, vec::Vec};

    /// What goes where in a test slice: plain elements, with `String::new()` (no bytes) or an
    /// allocation holding nothing (which ends the fold) at chosen places.
    #[derive(Clone, Copy)]
    enum Odd {
        None,
        NoBytes(usize),
        Empty(usize),
        Both(usize, usize),
        /// No bytes every so many elements, and maybe an allocation holding nothing.
        Every(usize, Option<usize>),
    }

    fn strings(rng: &mut Rng, n: usize, odd: Odd) -> Vec<String> {
        (0..n)
            .map(|i| {
                let empty = matches!(odd, Odd::Empty(k) | Odd::Both(_, k) if k == i);
                let empty = empty || matches!(odd, Odd::Every(_, Some(k)) if k == i);
                let none = matches!(odd, Odd::NoBytes(k) | Odd::Both(k, _) if k == i)
                    || matches!(odd, Odd::Every(every, _) if i % every == every - 1);
                if none {
                    String::new()
                } else if empty {
                    String::with_capacity(1 + rng.below(40))
                } else {
                    let mut s = String::with_capacity(1 + rng.below(300));
                    let len = 1 + rng.below(s.capacity());
                    s.extend(core::iter::repeat_n('x', len));
                    s
                }
            })
            .collect()
    }

    /// The fold's figures and count, through the lanes (when the CPU has AVX2) and the
    /// scalar loop, from a fold that has some figures already.
    fn both<T: Layout>(items: &[T]) -> Option<((LeafFold, usize), (LeafFold, usize))> {
        let mut start = LeafFold::NEW;
        let first = ["ab"; 1].map(String::from);
        start.add_buffers_scalar(&first);
        let mut lanes = start;
        let folded = add_buffers(&mut lanes, items)?;
        let mut scalar = start;
        let scalar_folded = scalar.add_buffers_scalar(items);
        Some(((lanes, folded), (scalar, scalar_folded)))
    }

    #[test]
    fn the_lanes_fold_what_the_scalar_loop_folds() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut compared = 0;
        // Miri reads every element slowly: two sizes there (a block and a remainder, two blocks
        // and one more), every size natively.
        let sizes: &[usize] = if cfg!(miri) {
            &[BLOCK + 1, 2 * BLOCK + 1]
        } else {
            &[
                BLOCK,
                BLOCK + 1,
                2 * BLOCK - 1,
                2 * BLOCK,
                3 * BLOCK + 7,
                1000,
            ]
        };
        for &n in sizes {
            let odds = [
                Odd::None,
                Odd::NoBytes(0),
                Odd::NoBytes(n - 1),
                Odd::NoBytes(rng.below(n)),
                Odd::Empty(0),
                Odd::Empty(BLOCK - 1),
                Odd::Empty(BLOCK),
                Odd::Empty(n - 1),
                Odd::Empty(rng.below(n)),
                Odd::Both(rng.below(n), rng.below(n)),
                Odd::Every(7, None),
                Odd::Every(100, None),
                Odd::Every(3, Some(n - 1)),
                Odd::Every(50, Some(rng.below(n))),
            ];
            for odd in odds {
                let items = strings(&mut rng, n, odd);
                let Some((lanes, scalar)) = both(&items) else {
                    std::println!(
                        "skipped: AVX2 not available (a CPU without it, or no std to detect it)"
                    );
                    return;
                };
                assert_eq!(lanes, scalar, "{n} strings");
                compared += 1;
            }
            let vectors: Vec<Vec<u32>> = (0..n)
                .map(|_| {
                    let mut v: Vec<u32> = Vec::with_capacity(1 + rng.below(50));
                    v.extend(0..1 + rng.below(v.capacity()) as u32);
                    v
                })
                .collect();
            let (lanes, scalar) = both(&vectors).expect("AVX2, as above");
            assert_eq!(lanes, scalar, "{n} vectors");
            let boxes: Vec<Box<[u16]>> = (0..n).map(|i| vec![7; i % 5].into()).collect();
            let (lanes, scalar) = both(&boxes).expect("AVX2, as above");
            assert_eq!(lanes, scalar, "{n} boxed slices");
            compared += 2;
        }
        assert_eq!(compared, 16 * sizes.len());
    }

    #[test]
    fn short_slices_stay_scalar() {
        let items = strings(&mut Rng(1), BLOCK - 1, Odd::None);
        let mut fold = LeafFold::NEW;
        assert!(add_buffers(&mut fold, &items).is_none());
    }
}
