//! Instructions per report, against the peers' heap figures, for callgrind (issue 16).
//!
//! `report_cost WORKLOAD WHAT REPS` builds one workload (`1`..`7` as in `workloads/mod.rs`,
//! `list10k`: a 10,000-link `Box` list; the small values of `workloads/small.rs`: `small`, a
//! struct of two short `String`s, `scalars`, eight scalar fields, `empty`, an empty `Vec<u64>`,
//! `optbox`, `Some(Box<u64>)`, `map3`, a 3-entry `HashMap<String, u32>`, `strings10`, ten
//! `String`s; `list:N`, `cons:N`, `named:N`: chains of `N` links, see
//! `report_cost_chains/mod.rs`; `named_empty:N:K`, `named_hole:N:K`: `named:N` with an empty
//! `String` or an empty allocation at link 100 and every `K`th link after it (`K` 0: link 100
//! only); `tree:FANOUT:DEPTH`, a `Node` tree, `btree:N`, a
//! `BTreeMap<u64, String>`; `strings1k` and `strings1m`: workload 2 at 1,000 and 1,000,000
//! strings, `bytes100k`: 100,000 `Vec<u8>`, `map1k`: workload 3 at 1,000 entries, `map16`:
//! 100,000 entries of 0-16 numbers) and computes
//! WHAT (`report`, `heap_bytes`, `totals`, or a peer's name) REPS times in [`measured`], a
//! function that is
//! never inlined, so that
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured*' report_cost ...`
//! counts only those REPS computations: their instructions divided by REPS are the cost of one
//! (the same as the Ir at REPS minus the Ir at 0 repetitions, divided by REPS). The work runs on a
//! thread with a 1 GiB stack: some peers recurse once per link of a list.
use std::hint::black_box;

use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::MemSize;
use memlayout::LayoutReport;

#[path = "workloads/mod.rs"]
mod workloads;

#[path = "report_cost_chains/mod.rs"]
mod chains;

use workloads::{small, Peer};

/// Computes `what` of `value` `reps` times; returns a figure so nothing is optimised out.
#[inline(never)]
fn measured<T>(value: &T, what: &str, reps: usize) -> usize
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize + 'static,
{
    let mut sum = 0;
    let value: &dyn core::any::Any = value;
    for _ in 0..reps {
        if let Some(list) = value.downcast_ref::<workloads::List>() {
            if what == "proto_chain" {
                sum += prototype::chain(black_box(list)).heap_bytes;
                continue;
            }
        }
        if let Some(strings) = value.downcast_ref::<Vec<String>>() {
            if what == "proto_strings" {
                sum += prototype::strings(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_sums" {
                sum += prototype::string_sums(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_lanes" {
                sum += prototype::lanes::lanes(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_avx2" {
                sum += prototype::lanes::avx2(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_avx2_blocks" {
                sum += prototype::lanes::simd::blocks(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_avx2_raw" {
                sum += prototype::lanes::simd::raw(black_box(strings)).heap_bytes;
                continue;
            }
        }
        if let Some(map) = value.downcast_ref::<std::collections::HashMap<String, Vec<u32>>>() {
            if what == "proto_sums" {
                sum += prototype::entry_sums(black_box(map)).heap_bytes;
                continue;
            }
        }
        let value = value.downcast_ref::<T>().expect("the value");
        sum += match what {
            "report" => {
                black_box(black_box(value).layout_report())
                    .totals()
                    .heap_bytes
            }
            "report_jemalloc" | "report_glibc" => {
                let model = if what == "report_jemalloc" {
                    memlayout::allocator::Model::Jemalloc
                } else {
                    memlayout::allocator::Model::Glibc(memlayout::allocator::Glibc::DEFAULT)
                };
                let options = memlayout::ReportOptions::new().allocator(model);
                black_box(black_box(value).layout_report_with(options))
                    .totals()
                    .heap_bytes
            }
            "heap_bytes" => memlayout::heap_bytes(black_box(value)),
            "totals" => memlayout::totals(black_box(value)).heap_bytes,
            peer => Peer::from_name(peer)
                .unwrap_or_else(|| panic!("unknown WHAT {peer:?}"))
                .heap_bytes(black_box(value)),
        };
    }
    sum
}

fn run<T>(value: T, what: &str, reps: usize)
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize + 'static,
{
    if what == "proto_check" {
        let strings = (&value as &dyn core::any::Any).downcast_ref::<Vec<String>>();
        println!("proto_check: {} inputs agree", check::run(strings));
        return;
    }
    println!("{}", measured(&value, what, reps));
    // The lists drop in a loop; the rest are flat enough.
    drop(value);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, what, reps] = &args[..] else {
        panic!("usage: report_cost WORKLOAD WHAT REPS");
    };
    let reps: usize = reps.parse().expect("REPS");
    let (workload, what) = (workload.clone(), what.clone());
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || match workload.as_str() {
            "1" => run(workloads::vec_u64(1_000_000), &what, reps),
            "2" => run(workloads::vec_string(100_000), &what, reps),
            "3" => run(workloads::hash_map(100_000), &what, reps),
            "4" => run(workloads::tree(10, 5), &what, reps),
            "5" => run(workloads::list(100_000), &what, reps),
            "6" => run(workloads::rc_handles(100_000, 1_000), &what, reps),
            "7" => run(workloads::btree(100_000), &what, reps),
            "list10k" => run(workloads::list(10_000), &what, reps),
            // Other sizes and shapes of workloads 2 and 3 (issue 16's leaf fold).
            "strings1k" => run(workloads::vec_string(1_000), &what, reps),
            "strings1m" => run(workloads::vec_string(1_000_000), &what, reps),
            "bytes100k" => run(workloads::vec_bytes(100_000), &what, reps),
            "map1k" => run(workloads::hash_map(1_000), &what, reps),
            "map16" => run(workloads::hash_map_of(100_000, 16), &what, reps),
            "small" => run(small::pair(), &what, reps),
            "scalars" => run(small::scalars(), &what, reps),
            "empty" => run(Vec::<u64>::new(), &what, reps),
            "optbox" => run(small::option_box(), &what, reps),
            "map3" => run(small::map_of_three(), &what, reps),
            "strings10" => run(small::ten_strings(), &what, reps),
            other => match other.split(':').collect::<Vec<_>>()[..] {
                // Other shapes: chains of N links, `tree:FANOUT:DEPTH`, `btree:ENTRIES`.
                ["list", n] => run(workloads::list(n.parse().unwrap()), &what, reps),
                ["cons", n] => run(chains::cons(n.parse().unwrap()), &what, reps),
                ["named", n] => run(chains::named(n.parse().unwrap()), &what, reps),
                [odd @ ("named_empty" | "named_hole"), n, every] => {
                    let odd = match odd {
                        "named_empty" => chains::OddName::Empty,
                        _ => chains::OddName::Hole,
                    };
                    let list = chains::named_with(n.parse().unwrap(), odd, every.parse().unwrap());
                    run(list, &what, reps)
                }
                ["tree", fanout, depth] => run(
                    workloads::tree(fanout.parse().unwrap(), depth.parse().unwrap()),
                    &what,
                    reps,
                ),
                ["btree", n] => run(workloads::btree(n.parse().unwrap()), &what, reps),
                _ => panic!("unknown workload {other:?}"),
            },
        })
        .expect("spawn")
        .join()
        .expect("the measurement panicked");
}

/// Prototypes of designs that would bring the report within 3x of the peers (issue 16), for
/// their instruction counts only: `report_cost 5|list10k proto_chain N`, `report_cost 2
/// proto_strings N`, `report_cost 2|strings1k|strings1m|3|map1k|map16 proto_sums N`, and the
/// lane-wise folds of [`prototype::lanes`] (`proto_lanes`, `proto_avx2`, `proto_avx2_blocks`,
/// `proto_avx2_raw`, `proto_check`).
mod prototype {
    use super::workloads::{Link, List};

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
            let sum = |lanes: [i64; LANES]| {
                lanes
                    .iter()
                    .fold(0usize, |a, &b| a.wrapping_add(b as usize))
            };
            let whole = strings.len() - rest.len();
            fold.count = whole;
            fold.heap_bytes = sum(heap);
            fold.used = sum(used);
            // `usize::MAX` when there was no block: the lanes hold `i64::MAX` then.
            if whole > 0 {
                fold.min_heap = *min_heap.iter().min().unwrap() as usize;
                fold.min_used = *min_used.iter().min().unwrap() as usize;
            }
            fold.max_heap = *max_heap.iter().max().unwrap() as usize;
            fold.max_used = *max_used.iter().max().unwrap() as usize;
            for s in rest {
                fold.add(s.capacity(), s.len());
            }
            fold
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
                let caps = _mm256_blend_epi32::<0b0000_1100>(
                    _mm256_blend_epi32::<0b0011_0000>(y0, y1),
                    y2,
                );
                // [l2 c3 l0 l3], then [l2 l1 l0 l3].
                let lens = _mm256_blend_epi32::<0b0000_1100>(
                    _mm256_blend_epi32::<0b0011_0000>(y2, y0),
                    y1,
                );
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
                let (mut min_heap, mut max_heap, mut min_used, mut max_used) =
                    (top, zero, top, zero);
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
                let sum = |v: __m256i| {
                    lanes(v)
                        .iter()
                        .fold(0usize, |a, &b| a.wrapping_add(b as usize))
                };
                let whole = strings.len() - rest.len();
                fold.count = whole;
                fold.heap_bytes = sum(heap);
                fold.used = sum(used);
                if whole > 0 {
                    fold.min_heap = *lanes(min_heap).iter().min().unwrap() as usize;
                    fold.min_used = *lanes(min_used).iter().min().unwrap() as usize;
                }
                fold.max_heap = *lanes(max_heap).iter().max().unwrap() as usize;
                fold.max_used = *lanes(max_used).iter().max().unwrap() as usize;
                for s in rest {
                    fold.add(s.capacity(), s.len());
                }
                fold
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
}

/// `report_cost WORKLOAD proto_check 1`: the lane-wise folds' figures against the scalar
/// ones and the report's on edge-case inputs and on the workload (if it is a `Vec<String>`);
/// panics on the first difference.
mod check {
    use super::prototype;
    use super::prototype::lanes::StringFigures;
    use memlayout::LayoutReport;

    /// xorshift64, fixed seed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 as usize
        }
    }

    /// `n` strings of random capacity (0-300, now and then 4,000-70,000) and length up to
    /// it; about one in eight `String::new()`, one in sixteen an empty allocation.
    fn random(rng: &mut Rng, n: usize) -> Vec<String> {
        (0..n)
            .map(|_| {
                let kind = rng.next() % 16;
                let cap = match kind {
                    0 | 1 => 0,
                    3 => 4_000 + rng.next() % 66_000,
                    _ => rng.next() % 301,
                };
                let mut s = String::with_capacity(cap);
                let len = match kind {
                    2 => 0,
                    _ if cap == 0 => 0,
                    _ => rng.next() % (cap + 1),
                };
                s.extend(std::iter::repeat_n('a', len));
                assert_eq!((s.capacity(), s.len()), (cap.max(s.capacity()), len));
                s
            })
            .collect()
    }

    /// The report's figures for the elements of `strings`, where it has them: the shown
    /// elements' own and every summary's least and greatest, and the root's totals less the
    /// vector's own buffer.
    fn from_report(strings: &Vec<String>) -> StringFigures {
        let report = strings.layout_report();
        let root = report.root();
        let mut fig = StringFigures::NEW;
        let buffer = strings.capacity() * core::mem::size_of::<String>();
        let totals = root.totals();
        fig.heap_bytes = totals.heap_bytes - buffer;
        fig.used = totals.heap_used - strings.len() * core::mem::size_of::<String>();
        fig.allocations = totals.allocations - usize::from(buffer > 0);
        for child in root.children() {
            let (count, min, max) = match child.summary() {
                Some(summary) => (summary.count, summary.min, summary.max),
                None => (1, *child.totals(), *child.totals()),
            };
            fig.count += count;
            fig.min_heap = fig.min_heap.min(min.heap_bytes);
            fig.max_heap = fig.max_heap.max(max.heap_bytes);
            fig.min_used = fig.min_used.min(min.heap_used);
            fig.max_used = fig.max_used.max(max.heap_used);
        }
        fig
    }

    /// Checks one input; panics with `name` on a difference.
    fn one(name: &str, strings: &Vec<String>) {
        let want = prototype::lanes::scalar(strings);
        let got = prototype::lanes::lanes(strings);
        assert_eq!(got, want, "{name}: proto_lanes");
        let got = prototype::lanes::avx2(strings);
        assert_eq!(got, want, "{name}: proto_avx2");
        #[cfg(target_arch = "x86_64")]
        {
            let got = prototype::lanes::simd::blocks(strings);
            assert_eq!(got, want, "{name}: proto_avx2_blocks");
            let got = prototype::lanes::simd::raw(strings);
            assert_eq!(got, want, "{name}: proto_avx2_raw");
        }
        // `prototype::strings` and `string_sums` pack some figures into `count`.
        let old = prototype::strings(strings);
        assert_eq!(
            (
                old.heap_bytes,
                old.allocations,
                old.min_heap,
                old.max_heap,
                old.count
            ),
            (
                want.heap_bytes,
                want.allocations,
                want.min_heap,
                want.max_heap,
                (want.count + want.used)
                    .wrapping_add(want.min_used)
                    .wrapping_add(want.max_used)
            ),
            "{name}: proto_strings"
        );
        let sums = prototype::string_sums(strings);
        assert_eq!(
            (sums.heap_bytes, sums.allocations, sums.count),
            (
                want.heap_bytes,
                want.allocations,
                want.count + want.used + want.empty + want.empty_bytes
            ),
            "{name}: proto_sums"
        );
        let report = from_report(strings);
        let comparable = StringFigures {
            empty: report.empty,
            empty_bytes: report.empty_bytes,
            ..want
        };
        assert_eq!(report, comparable, "{name}: the report");
        assert_eq!(want.count, strings.len(), "{name}: count");
    }

    /// Every input; prints how many were checked.
    pub fn run(workload: Option<&Vec<String>>) -> usize {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut inputs: Vec<(String, Vec<String>)> = Vec::new();
        for n in [
            0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 67, 128, 1000, 100_000,
        ] {
            for round in 0..3 {
                inputs.push((format!("random {n} #{round}"), random(&mut rng, n)));
            }
        }
        for n in [1, 4, 9, 1000] {
            inputs.push((format!("{n} String::new()"), vec![String::new(); n]));
            let empty = (0..n).map(|i| String::with_capacity(1 + i % 50)).collect();
            inputs.push((format!("{n} empty allocations"), empty));
            let full = (0..n).map(|i| "x".repeat(1 + i % 50)).collect();
            inputs.push((format!("{n} full"), full));
        }
        // The extremes in the last element only, after a chunk, in the remainder.
        let mut last = vec!["abc".to_string(); 9];
        last[8] = String::new();
        inputs.push(("String::new() last".into(), last.clone()));
        last[8] = String::with_capacity(100_000);
        inputs.push(("large empty allocation last".into(), last));
        if let Some(workload) = workload {
            inputs.push(("the workload".into(), workload.clone()));
        }
        for (name, strings) in &inputs {
            one(name, strings);
        }
        inputs.len()
    }
}
