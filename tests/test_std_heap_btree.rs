//! Heap figures of std's B-trees against a counting allocator: the reported bounds hold the
//! allocator's figure across sizes and insertion orders, and a figure marked exact (where the
//! invariants leave one shape, as for up to ten entries) is the allocator's.

#[path = "common/align32.rs"]
mod align32;
#[path = "common/alloc.rs"]
mod alloc;

use std::collections::{BTreeMap, BTreeSet};

use align32::Align32;
use memlayout::Layout;

/// Figures of one B-tree against the allocator: the bounds must hold the truth.
#[derive(Default)]
struct BTreeStats {
    cases: usize,
    best_exact: usize,
    /// Largest `high / truth` and `truth / low` seen over maps of 10 nodes or more.
    worst_high: f64,
    worst_low: f64,
}

impl BTreeStats {
    #[track_caller]
    fn check<T: Layout>(&mut self, what: &str, build: impl FnOnce() -> T) {
        let (value, usage) = alloc::measure(build);
        let totals = memlayout::totals(&value);
        let (low, high) = (totals.heap_bytes_low, totals.heap_bytes_high);
        // Exact only where the invariants leave one shape, and then the allocator's figure. A
        // pinned tree of height 1 whose entries own heap is not exact all the same: which of
        // them sit in its leaves, a hop deeper, is not known (`tests/test_indirection_hops.rs`).
        let pinned = low == high && usage.bytes > 0;
        assert!(!totals.is_exact || pinned, "{what}: exact only if pinned");
        if pinned {
            let figures = (totals.heap_bytes, totals.allocations);
            assert_eq!(figures, (usage.bytes, usage.allocations), "{what}: exact");
        }
        assert!(
            low <= usage.bytes && usage.bytes <= high,
            "{what}: {} not in {low}..={high}",
            usage.bytes
        );
        assert!(
            low <= totals.heap_bytes && totals.heap_bytes <= high,
            "{what}: estimate in bounds"
        );
        self.cases += 1;
        if totals.heap_bytes == usage.bytes && totals.allocations == usage.allocations {
            self.best_exact += 1;
        }
        // Bound tightness, over maps large enough for the fill pattern to matter.
        if totals.allocations >= 10 {
            self.worst_high = self.worst_high.max(high as f64 / usage.bytes as f64);
            self.worst_low = self.worst_low.max(usage.bytes as f64 / low.max(1) as f64);
        }
    }
}

/// A small deterministic generator (xorshift) for insertion orders.
fn shuffled(len: u64, seed: u64) -> Vec<u64> {
    let mut state = seed | 1;
    let mut keys: Vec<u64> = (0..len).collect();
    for i in (1..keys.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        keys.swap(i, (state % (i as u64 + 1)) as usize);
    }
    keys
}

#[test]
fn btree_bounds_hold_the_allocator_figure() {
    let mut stats = BTreeStats::default();
    for len in (0..300u64).chain([500, 1000, 3000, 10_000]) {
        stats.check("sorted collect", || {
            (0..len).map(|i| (i, i as u8)).collect::<BTreeMap<_, _>>()
        });
        stats.check("sequential inserts", || {
            let mut m = BTreeMap::new();
            for i in 0..len {
                m.insert(i, [i as u32; 3]);
            }
            m
        });
        stats.check("random inserts", || {
            let mut m = BTreeMap::new();
            for k in shuffled(len, len + 7) {
                m.insert(k, ());
            }
            m
        });
        stats.check("random inserts, half removed", || {
            let mut m = BTreeMap::new();
            for k in shuffled(len * 2, len + 11) {
                m.insert(k as u16, k as u128);
            }
            for k in shuffled(len * 2, len + 13).into_iter().take(len as usize) {
                m.remove(&(k as u16));
            }
            m
        });
        stats.check("reverse inserts, set", || {
            (0..len).rev().map(|i| i as u32).collect::<BTreeSet<_>>()
        });
        stats.check("set built by inserts", || {
            let mut s = BTreeSet::new();
            for k in shuffled(len, 3) {
                s.insert(Align32(k as u8));
                s.insert(Align32((k >> 8) as u8));
            }
            s
        });
        stats.check("split off", || {
            let mut m: BTreeMap<u64, u64> =
                shuffled(len * 3, 5).into_iter().map(|k| (k, k)).collect();
            m.split_off(&(len / 2))
        });
        stats.check("left of a split", || {
            let mut m: BTreeMap<u64, u64> = (0..len * 3).map(|k| (k, k)).collect();
            let _right = m.split_off(&(len * 2 + 1));
            m
        });
        stats.check("appended", || {
            let mut a: BTreeMap<u32, u8> = (0..len as u32).step_by(2).map(|k| (k, 0)).collect();
            let mut b: BTreeMap<u32, u8> =
                (0..len as u32).skip(1).step_by(2).map(|k| (k, 1)).collect();
            a.append(&mut b);
            a
        });
        stats.check("retain and pop", || {
            let mut s: BTreeSet<u64> = shuffled(len * 2, 9).into_iter().collect();
            s.retain(|k| k % 3 != 0);
            for _ in 0..len / 4 {
                s.pop_first();
                s.pop_last();
            }
            s
        });
        stats.check("nested strings", || {
            (0..len.min(50))
                .map(|i| (i.to_string(), vec![i; i as usize % 4]))
                .collect::<BTreeMap<_, _>>()
        });
    }
    stats.check("emptied by removals", || {
        let mut m = BTreeMap::from([(1u8, 1u8)]);
        m.remove(&1);
        m
    });
    eprintln!(
        "btree: {} cases, best estimate exact in {}, high <= {:.2} x truth, truth <= {:.2} x low",
        stats.cases, stats.best_exact, stats.worst_high, stats.worst_low
    );
    assert!(
        stats.best_exact * 10 >= stats.cases * 9,
        "the best estimate is usually exact"
    );
}
