//! Prototypes of designs that would bring the report within 3x of the peers (issue 16), for
//! their instruction counts only: `report_cost 5|list10k proto_chain N`, `report_cost 2
//! proto_strings N`, `report_cost 2|strings1k|strings1m|3|map1k|map16 proto_sums N`, and the
//! lane-wise folds of [`prototype::lanes`] (`proto_lanes`, `proto_avx2`, `proto_avx2_blocks`,
//! `proto_avx2_raw`, `proto_check`).

use super::workloads::{Link, List};

pub mod chain_lanes;

/// Sums, least and greatest of a link's figures, in registers.
#[derive(Clone, Copy, Default)]
pub struct Extremes {
    pub count: usize,
    pub heap_bytes: usize,
    pub allocations: usize,
    pub min_heap: usize,
    pub max_heap: usize,
    pub max_indirection: usize,
}

/// A chain walked as a loop (what a visit protocol with a *tail link* would let the report
/// walk do: `Link`'s visit hands its `next` back instead of recursing), each link's figures
/// folded as a chain summary's are: heap bytes and allocations summed, least and greatest.
#[inline(never)]
pub fn chain(list: &List) -> Extremes {
    let mut fold = Extremes {
        min_heap: usize::MAX,
        ..Extremes::default()
    };
    let mut next: Option<&Link> = list.head.as_deref();
    let mut hop = 1;
    while let Some(link) = next {
        let heap = core::mem::size_of::<Link>();
        fold.count += 1;
        fold.heap_bytes += heap;
        fold.allocations += 1;
        fold.min_heap = fold.min_heap.min(heap);
        fold.max_heap = fold.max_heap.max(heap);
        fold.max_indirection = hop;
        hop += 1;
        next = link.next.as_deref();
    }
    fold
}

/// The elements of a `Vec<String>` folded in one loop over their (capacity, length) pairs,
/// as a summary of plain elements would be with a per-type "plain figures" hook.
#[inline(never)]
pub fn strings(strings: &[String]) -> Extremes {
    let mut fold = Extremes {
        min_heap: usize::MAX,
        ..Extremes::default()
    };
    let mut used = 0;
    let (mut min_used, mut max_used) = (usize::MAX, 0);
    for s in strings {
        let (cap, len) = (s.capacity(), s.len());
        fold.heap_bytes += cap;
        used += len;
        fold.allocations += usize::from(cap > 0);
        fold.min_heap = fold.min_heap.min(cap);
        fold.max_heap = fold.max_heap.max(cap);
        min_used = min_used.min(len);
        max_used = max_used.max(len);
    }
    fold.count = strings.len() + used + min_used + max_used;
    fold
}

/// Every figure a summary of strings sums (heap bytes, used bytes, allocations, empty
/// allocations and their bytes), and no minimum or maximum: what the report's fold would
/// cost if a summary kept count and totals only.
#[inline(never)]
pub fn string_sums(strings: &[String]) -> Extremes {
    let mut fold = Extremes::default();
    let (mut used, mut empty, mut empty_bytes) = (0, 0, 0);
    for s in strings {
        let (cap, len) = (s.capacity(), s.len());
        fold.heap_bytes += cap;
        used += len;
        fold.allocations += usize::from(cap > 0);
        // Rare: a buffer holding nothing (one predicted branch).
        if len == 0 {
            empty += usize::from(cap > 0);
            empty_bytes += cap;
        }
    }
    fold.count = strings.len() + used + empty + empty_bytes;
    fold
}

/// The same sums for the entries of workload 3 (a key's and a value's buffers each), read
/// by the map's iterator.
#[inline(never)]
pub fn entry_sums(map: &std::collections::HashMap<String, Vec<u32>>) -> Extremes {
    let (mut heap, mut used, mut allocations, mut empty) = (0, 0, 0, 0);
    for (k, v) in map {
        let (kc, kl) = (k.capacity(), k.len());
        let (vc, vl) = (v.capacity() * 4, v.len() * 4);
        heap += kc + vc;
        used += kl + vl;
        allocations += usize::from(kc > 0) + usize::from(vc > 0);
        // Rare: a buffer holding nothing (one predicted branch).
        if kl == 0 || vl == 0 {
            empty += usize::from(kc > 0 && kl == 0) + usize::from(vc > 0 && vl == 0);
        }
    }
    Extremes {
        count: map.len() + used + empty,
        heap_bytes: heap,
        allocations,
        ..Extremes::default()
    }
}

/// Lane-wise folds of a `Vec<String>`'s elements (issue 16, "performance round 3"): every
/// figure [`super::strings`] and [`super::string_sums`] keep (sums of capacities and lengths,
/// allocations, empty allocations and their bytes, least and greatest capacity and length),
/// computed with accumulators in lanes so that the loop carries no single dependency chain and
/// can be vectorised: `report_cost 2|strings1k|strings1m
/// proto_lanes|proto_avx2|proto_avx2_blocks|proto_avx2_raw N`, and `report_cost WORKLOAD
/// proto_check 1`, which panics unless every prototype's figures equal [`scalar`]'s, and those
/// [`super::strings`], [`super::string_sums`] and the report (`layout_report()`: root totals,
/// the shown elements' figures and the summaries' least and greatest) give, on 63 inputs (0 to
/// 100,000 random strings with `String::new()` and empty allocations mixed in, all
/// `String::new()`, all empty allocations, the extremes in the remainder, the workload).
///
/// Measured (callgrind, `--toggle-collect='*measured*'`, instructions of REPS folds / REPS
/// / elements; rustc 1.95, AMD EPYC with AVX2, no AVX-512; 2026-12-05), with the ratio to
/// get-size2's heap figure (which reads the capacities only):
///
/// | WHAT | `strings1k` | workload `2` (100k) | `strings1m` | ratio (100k, 1m) |
/// |---|---:|---:|---:|---:|
/// | `get-size2` | 2.05 | 2.00 | 2.00 | 1x |
/// | `report` | 36.39 | 31.05 | 31.01 | 15.5x |
/// | `proto_strings` | 17.06 | 17.00 | 17.00 | 8.5x |
/// | `proto_sums` | 14.57 | 14.50 | 14.50 | 7.25x |
/// | `proto_lanes` (portable, SSE2) | 17.22 | 16.52 | 16.52 | 8.26x |
/// | `proto_avx2` (the same, AVX2, autovectorised) | 13.54 | 13.38 | 13.38 | 6.69x |
/// | `proto_avx2_blocks` (intrinsics, safe reads) | 7.57 | 6.56 | 6.55 | 3.28x |
/// | `proto_avx2_raw` (intrinsics, `String`'s words) | 5.89 | 4.81 | 4.80 | 2.40x |
///
/// (`strings1k`: 15 blocks and a scalar remainder of 40, 2.87x for `proto_avx2_raw`.)
/// Wall time, `strings1k` 200,000 times (cache-resident, a shared 2-core machine, noisy):
/// get-size2 0.55 ns an element, `proto_strings` 2.8, `proto_sums` 2.3, `proto_lanes` 3.7,
/// `proto_avx2` 4.1, `proto_avx2_blocks` and `proto_avx2_raw` 2.0 (3.6x); at a million
/// strings all are within noise of each other (memory-bound).
///
/// Findings:
/// - Lanes alone do not do it. Compiled for baseline x86-64 (SSE2, no 64-bit compare)
///   `proto_lanes` is no cheaper than the scalar fold; with AVX2, LLVM vectorises the
///   chunk loop again across four chunks, 36 accumulators in 16 registers, spilling
///   (`proto_avx2`, 6.7x).
///   A first version that counted the zeros in every chunk (a compare and a subtraction
///   each, the empty allocations' bytes selected) was 29.3 an element with SSE2 and 12.0
///   with AVX2.
/// - What brings it down is doing less per element: the zero counts (allocations, empty
///   allocations, their bytes) are taken only for a block of 64 whose least length is 0
///   (capacity 0 implies length 0), and signed compares suffice (capacities are at most
///   `isize::MAX`). Written with intrinsics, a chunk of four is then 2 adds and 4
///   compare-and-blend pairs for the extremes, plus reading: through `capacity()` and
///   `len()` (8 loads and inserts a chunk, 3.28x) or as three 32-byte loads and four
///   blends (2.40x). The inner loop of `proto_avx2_raw` is 37 instructions for two
///   chunks, 8 strings: per chunk 3 loads, 4 blends, 2 adds and 8 compares and blends,
///   and the loop's 3; a block adds about a dozen (its least length merged and tested).
/// - So a report of `Vec<String>` within 3x of get-size2's instructions is reachable, but
///   only (a) on x86-64 with AVX2 at run time (an SSE2 or non-x86 build stays at the
///   scalar 8.5x plus the report's own cost), (b) reading `String`'s words in memory,
///   which no API guarantees (a run-time layout check falls back to safe reads, 3.3x),
///   and (c) with the report's per-element overhead gone: `report` is 31 an element
///   today against the scalar prototype's 17, the rest being `leaf_fold`'s generic
///   `Blocks` visit per element.
///
/// A production version would need: a per-type "plain figures" hook in `leaf_fold` (a
/// `Layout` method or specialisation-by-`TypeId` that hands a whole `&[String]`, `&[Vec<T>]`
/// or `&[Box<str>]` slice to a kernel like [`simd`]'s, returning the summary's sums and
/// extremes, the unused bytes' extremes too, which `LeafFold` keeps: two more
/// compare-and-blend pairs a chunk on `cap - len`); `is_x86_feature_detected!` (or
/// `multiversion`) dispatch cached once, with the scalar fold as the fallback for other
/// targets; `unsafe` kernels under `core::arch` (the crate has little `unsafe` today) and
/// tests run on machines with and without AVX2; and for the raw reads, a layout probe
/// per `Vec`-like type, re-checked on every rustc (`String`'s field order is not stable).
pub mod lanes {
    /// Every per-element figure a summary of strings keeps, as plain numbers.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct StringFigures {
        /// Elements folded.
        pub count: usize,
        /// Sum of capacities.
        pub heap_bytes: usize,
        /// Sum of lengths.
        pub used: usize,
        /// Elements with a buffer (capacity above 0).
        pub allocations: usize,
        /// Elements with a buffer that holds nothing (capacity above 0, length 0), and the
        /// sum of their capacities.
        pub empty: usize,
        pub empty_bytes: usize,
        /// Least and greatest capacity and length (`usize::MAX` and 0 when there are none).
        pub min_heap: usize,
        pub max_heap: usize,
        pub min_used: usize,
        pub max_used: usize,
    }

    impl StringFigures {
        pub const NEW: StringFigures = StringFigures {
            count: 0,
            heap_bytes: 0,
            used: 0,
            allocations: 0,
            empty: 0,
            empty_bytes: 0,
            min_heap: usize::MAX,
            max_heap: 0,
            min_used: usize::MAX,
            max_used: 0,
        };

        /// One element folded in, in the obvious way (the reference the lanes are checked
        /// against, and the remainder after the last whole chunk).
        #[inline(always)]
        fn add(&mut self, cap: usize, len: usize) {
            self.count += 1;
            self.heap_bytes += cap;
            self.used += len;
            self.allocations += usize::from(cap > 0);
            if len == 0 && cap > 0 {
                self.empty += 1;
                self.empty_bytes += cap;
            }
            self.min_heap = self.min_heap.min(cap);
            self.max_heap = self.max_heap.max(cap);
            self.min_used = self.min_used.min(len);
            self.max_used = self.max_used.max(len);
        }
    }

    impl StringFigures {
        /// How each lane-wise fold ends: its lanes (`[heap, used, min_heap, min_used,
        /// max_heap, max_used]`, over the `whole` elements of its blocks) folded into one,
        /// then the elements past the last block, `rest`, added one by one.
        fn end_lanes(mut self, whole: usize, lanes: [[i64; LANES]; 6], rest: &[String]) -> Self {
            let [heap, used, min_heap, min_used, max_heap, max_used] = lanes;
            let sum = |lanes: [i64; LANES]| {
                lanes
                    .iter()
                    .fold(0usize, |a, &b| a.wrapping_add(b as usize))
            };
            self.count = whole;
            self.heap_bytes = sum(heap);
            self.used = sum(used);
            // `usize::MAX` when there was no block: the lanes hold `i64::MAX` then.
            if whole > 0 {
                self.min_heap = *min_heap.iter().min().unwrap() as usize;
                self.min_used = *min_used.iter().min().unwrap() as usize;
            }
            self.max_heap = *max_heap.iter().max().unwrap() as usize;
            self.max_used = *max_used.iter().max().unwrap() as usize;
            for s in rest {
                self.add(s.capacity(), s.len());
            }
            self
        }
    }

    /// The reference: one element at a time, every figure.
    #[inline(never)]
    pub fn scalar(strings: &[String]) -> StringFigures {
        let mut fold = StringFigures::NEW;
        for s in strings {
            fold.add(s.capacity(), s.len());
        }
        fold
    }

    /// Elements per chunk: four `i64` lanes are one AVX2 register.
    const LANES: usize = 4;

    /// Elements per block: the zero counts are taken once a block, and only for a block with
    /// a string of length 0 in it (see [`lanes_body`]).
    const BLOCK: usize = 64;

    /// The figures the fast loop leaves out (allocations, empty allocations and their bytes)
    /// of a block with a string of length 0 in it, one element at a time.
    #[cold]
    #[inline(never)]
    fn zeros(block: &[String], fold: &mut StringFigures) {
        for s in block {
            let (cap, len) = (s.capacity(), s.len());
            fold.allocations -= usize::from(cap == 0);
            if len == 0 && cap > 0 {
                fold.empty += 1;
                fold.empty_bytes += cap;
            }
        }
    }

    /// The fold, block by block and chunk by chunk within a block, with an array of `LANES`
    /// accumulators per figure and no branch in a block.
    ///
    /// Two facts of `String` let a chunk do less than [`StringFigures::add`] does, four
    /// times over:
    /// - a length is at most the capacity, so capacity 0 means length 0: a block whose least
    ///   length is above 0 has no empty allocation and every element allocates. The loop keeps
    ///   a least length per block (merged into the total's at the block's end) and counts
    ///   nothing else; a block whose least length is 0 is read again by [`zeros`], cold.
    /// - a capacity of bytes is at most `isize::MAX` (no allocation is larger), so capacities
    ///   and lengths compare the same as `i64`: AVX2's signed `vpcmpgtq` does the minimum and
    ///   maximum with no sign bias (an unsigned `u64` compare needs an `xor` of each operand
    ///   first, AVX2 having no unsigned 64-bit compare).
    ///
    /// Capacity and length are read through `String::capacity` and `String::len`, safe and
    /// independent of `String`'s field order.
    #[inline(always)]
    fn lanes_body(strings: &[String]) -> StringFigures {
        let mut heap = [0i64; LANES];
        let mut used = [0i64; LANES];
        let mut min_heap = [i64::MAX; LANES];
        let mut max_heap = [0i64; LANES];
        let mut min_used = [i64::MAX; LANES];
        let mut max_used = [0i64; LANES];
        let blocks = strings.chunks_exact(BLOCK);
        let rest = blocks.remainder();
        let mut fold = StringFigures::NEW;
        fold.allocations = strings.len() - rest.len();
        for block in blocks {
            let mut block_min_used = [i64::MAX; LANES];
            for chunk in block.chunks_exact(LANES) {
                let cap: [i64; LANES] = core::array::from_fn(|i| chunk[i].capacity() as i64);
                let len: [i64; LANES] = core::array::from_fn(|i| chunk[i].len() as i64);
                for i in 0..LANES {
                    heap[i] = heap[i].wrapping_add(cap[i]);
                    used[i] = used[i].wrapping_add(len[i]);
                    min_heap[i] = min_heap[i].min(cap[i]);
                    max_heap[i] = max_heap[i].max(cap[i]);
                    block_min_used[i] = block_min_used[i].min(len[i]);
                    max_used[i] = max_used[i].max(len[i]);
                }
            }
            if block_min_used.contains(&0) {
                zeros(block, &mut fold);
            }
            for i in 0..LANES {
                min_used[i] = min_used[i].min(block_min_used[i]);
            }
        }
        fold.end_lanes(
            strings.len() - rest.len(),
            [heap, used, min_heap, min_used, max_heap, max_used],
            rest,
        )
    }

    /// [`lanes_body`] compiled for the baseline target (x86-64: SSE2, which has no 64-bit
    /// compare but `pcmpeqd`; LLVM vectorises what it can).
    #[inline(never)]
    pub fn lanes(strings: &[String]) -> StringFigures {
        lanes_body(strings)
    }

    /// [`lanes_body`] compiled with AVX2 enabled.
    ///
    /// # Safety
    ///
    /// The CPU must support AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[inline(never)]
    unsafe fn lanes_avx2(strings: &[String]) -> StringFigures {
        lanes_body(strings)
    }

    /// [`lanes_body`] with AVX2 when the CPU has it (detected at run time, the answer cached
    /// by `std`), [`lanes`] otherwise.
    #[inline(never)]
    pub fn avx2(strings: &[String]) -> StringFigures {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, just detected.
            return unsafe { lanes_avx2(strings) };
        }
        lanes(strings)
    }
    /// The block fold of [`lanes_body`] written with AVX2 intrinsics, the chunk's capacities
    /// and lengths read either through `String::capacity` and `String::len`
    /// (`proto_avx2_blocks`) or as three 32-byte loads of four `String`s' words, shuffled
    /// into a register of capacities and one of lengths (`proto_avx2_raw`), which depends on
    /// `String`'s field order (checked at run time by [`raw_layout_is`]).
    #[cfg(target_arch = "x86_64")]
    pub mod simd {
        use super::{zeros, StringFigures, BLOCK, LANES};
        use core::arch::x86_64::*;

        /// The words of a `String` as they lie in memory.
        fn words(s: &String) -> [usize; 3] {
            // SAFETY: a `String` is three words (asserted at compile time below); reading its
            // bytes as integers reads its pointer's address, which is allowed.
            unsafe { core::mem::transmute_copy::<String, [usize; 3]>(s) }
        }

        const _: () = assert!(core::mem::size_of::<String>() == 24);

        /// Whether `String` lies in memory as (capacity, pointer, length), the order
        /// [`caps_lens_raw`] shuffles for (rustc 1.95's).
        pub fn raw_layout_is() -> bool {
            let mut s = String::with_capacity(5);
            s.push_str("abc");
            let w = words(&s);
            w[0] == s.capacity() && w[2] == s.len() && w[1] == s.as_ptr() as usize
        }

        /// Lane-wise minimum of non-negative `i64`s.
        #[inline(always)]
        unsafe fn min(a: __m256i, b: __m256i) -> __m256i {
            _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(a, b))
        }

        /// Lane-wise maximum of non-negative `i64`s.
        #[inline(always)]
        unsafe fn max(a: __m256i, b: __m256i) -> __m256i {
            _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(b, a))
        }

        /// The capacities and the lengths of `chunk`'s four strings, through their methods.
        #[inline(always)]
        unsafe fn caps_lens_safe(chunk: &[String]) -> (__m256i, __m256i) {
            let cap = |i: usize| chunk[i].capacity() as i64;
            let len = |i: usize| chunk[i].len() as i64;
            (
                _mm256_set_epi64x(cap(3), cap(2), cap(1), cap(0)),
                _mm256_set_epi64x(len(3), len(2), len(1), len(0)),
            )
        }

        /// The capacities and the lengths of `chunk`'s four strings, from three loads:
        /// words `[c0 p0 l0 c1] [p1 l1 c2 p2] [l2 c3 p3 l3]`, blended into
        /// `[c0 c3 c2 c1]` and `[l2 l1 l0 l3]`. The lanes of a capacity and its length
        /// differ: the sums and extremes do not care, and the only figure that pairs them
        /// (bytes of empty allocations) is taken by [`zeros`].
        ///
        /// # Safety
        ///
        /// AVX2, `chunk` at least four strings, each (capacity, pointer, length) in memory.
        #[inline(always)]
        unsafe fn caps_lens_raw(chunk: &[String]) -> (__m256i, __m256i) {
            assert!(chunk.len() >= LANES);
            let p = chunk.as_ptr().cast::<__m256i>();
            // SAFETY: the 96 bytes of four `String`s (just asserted); unaligned loads.
            let (y0, y1, y2) = unsafe {
                (
                    _mm256_loadu_si256(p),
                    _mm256_loadu_si256(p.add(1)),
                    _mm256_loadu_si256(p.add(2)),
                )
            };
            // [c0 p0 c2 c1], then [c0 c3 c2 c1].
            let caps =
                _mm256_blend_epi32::<0b0000_1100>(_mm256_blend_epi32::<0b0011_0000>(y0, y1), y2);
            // [l2 c3 l0 l3], then [l2 l1 l0 l3].
            let lens =
                _mm256_blend_epi32::<0b0000_1100>(_mm256_blend_epi32::<0b0011_0000>(y2, y0), y1);
            (caps, lens)
        }

        fn lanes(v: __m256i) -> [i64; LANES] {
            // SAFETY: 32 bytes as four `i64`s, any bits valid.
            unsafe { core::mem::transmute::<__m256i, [i64; LANES]>(v) }
        }

        /// The block fold; `RAW` picks [`caps_lens_raw`] over [`caps_lens_safe`].
        ///
        /// # Safety
        ///
        /// AVX2; with `RAW`, [`raw_layout_is`].
        #[target_feature(enable = "avx2")]
        #[inline(never)]
        unsafe fn fold<const RAW: bool>(strings: &[String]) -> StringFigures {
            let zero = _mm256_setzero_si256();
            let top = _mm256_set1_epi64x(i64::MAX);
            let (mut heap, mut used) = (zero, zero);
            let (mut min_heap, mut max_heap, mut min_used, mut max_used) = (top, zero, top, zero);
            let blocks = strings.chunks_exact(BLOCK);
            let rest = blocks.remainder();
            let mut fold = StringFigures::NEW;
            fold.allocations = strings.len() - rest.len();
            for block in blocks {
                let mut block_min_used = top;
                // Two chunks a turn: half the loop's counting and branching.
                for pair in block.chunks_exact(2 * LANES) {
                    for chunk in [&pair[..LANES], &pair[LANES..]] {
                        // SAFETY: AVX2 and, with `RAW`, the layout, by this function's
                        // contract.
                        let (cap, len) = unsafe {
                            if RAW {
                                caps_lens_raw(chunk)
                            } else {
                                caps_lens_safe(chunk)
                            }
                        };
                        heap = _mm256_add_epi64(heap, cap);
                        used = _mm256_add_epi64(used, len);
                        // SAFETY: AVX2.
                        unsafe {
                            min_heap = min(min_heap, cap);
                            max_heap = max(max_heap, cap);
                            block_min_used = min(block_min_used, len);
                            max_used = max(max_used, len);
                        }
                    }
                }
                if _mm256_movemask_epi8(_mm256_cmpeq_epi64(block_min_used, zero)) != 0 {
                    zeros(block, &mut fold);
                }
                // SAFETY: AVX2.
                min_used = unsafe { min(min_used, block_min_used) };
            }
            fold.end_lanes(
                strings.len() - rest.len(),
                [heap, used, min_heap, min_used, max_heap, max_used].map(lanes),
                rest,
            )
        }

        /// `proto_avx2_blocks`: the intrinsics, safe reads; [`super::lanes`] without AVX2.
        #[inline(never)]
        pub fn blocks(strings: &[String]) -> StringFigures {
            if std::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2, just detected.
                return unsafe { fold::<false>(strings) };
            }
            super::lanes(strings)
        }

        /// `proto_avx2_raw`: the intrinsics, three loads for four strings, when the CPU has
        /// AVX2 and `String` the layout [`caps_lens_raw`] expects (both found once, on the
        /// first call); [`blocks`] otherwise.
        #[inline(never)]
        pub fn raw(strings: &[String]) -> StringFigures {
            static RAW: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
            if *RAW.get_or_init(|| std::is_x86_feature_detected!("avx2") && raw_layout_is()) {
                // SAFETY: AVX2 and the layout, just checked.
                return unsafe { fold::<true>(strings) };
            }
            blocks(strings)
        }
    }
}
