#![cfg(feature = "indexmap")]
//! `indexmap`: a table of indices and a vector of entries; bounds, since only the smaller of
//! their two capacities is public, with an estimate that is exact for the usual histories.

#[path = "crates_support/mod.rs"]
mod support;

use indexmap::{IndexMap, IndexSet};
use memlayout::{totals, Layout};
use support::{bounded, capacities, entries_hold, frees_as_estimated, owning_entries, string};

#[test]
fn static_layout_is_the_compilers() {
    type M = IndexMap<u32, String>;
    assert_eq!(
        (M::LAYOUT.size, M::LAYOUT.align),
        (size_of::<M>(), align_of::<M>())
    );
}

/// Checks the truth is inside the bounds and, for histories the estimate models, equal to it.
/// A map of fewer than two entries shows no bucket stride, so its estimate takes the smallest
/// bucket a compiler can lay out, which `-Zrandomize-layout` may pad: bounds only, then.
#[track_caller]
fn estimated_right<K: Layout, V: Layout>(build: impl FnOnce() -> IndexMap<K, V>) -> IndexMap<K, V> {
    let (value, t, truth) = bounded(build);
    if value.len() >= 2 {
        assert_eq!(
            t.heap_bytes, truth,
            "estimate (left) against the allocator (right)"
        );
    }
    value
}

#[test]
fn maps_grown_built_with_capacity_or_shrunk_are_estimated_exactly() {
    estimated_right(IndexMap::<u64, u64>::new);
    for n in [1, 2, 3, 4, 7, 8, 15, 29, 200, 3000] {
        estimated_right(|| (0..n).map(|i| (i, i as u8)).collect::<IndexMap<u32, u8>>());
        estimated_right(|| {
            let mut m = IndexMap::new();
            for i in 0..n {
                m.insert(i as u16, [i as u8; 3]);
            }
            m
        });
    }
    for n in [2, 10, 100] {
        estimated_right(|| {
            let mut m = IndexMap::<u64, u32>::with_capacity(n);
            m.extend([(1, 1), (2, 2)]);
            m
        });
    }
    estimated_right(|| {
        (0..30)
            .map(|i| (string("k", i + 1), vec![0u16; i]))
            .collect::<IndexMap<_, _>>()
    });
    estimated_right(|| {
        let mut m: IndexMap<u64, String> = (0..100).map(|i| (i, string("v", 3))).collect();
        m.retain(|k, _| k % 7 == 0);
        m.shrink_to_fit();
        m
    });
    for set in [
        bounded(|| (0..77u16).collect::<IndexSet<_>>()),
        bounded(|| (0..9u16).map(|i| i * 1000).collect::<IndexSet<_>>()),
    ] {
        assert_eq!(
            set.1.heap_bytes, set.2,
            "estimate (left) against the allocator (right)"
        );
    }
}

#[test]
fn maps_after_removals_stay_within_bounds() {
    for keep in [0, 1, 5, 50, 150] {
        let (m, t, _) = bounded(|| {
            let mut m: IndexMap<u64, u64> = (0..200).map(|i| (i, i)).collect();
            m.retain(|k, _| *k < keep);
            m
        });
        assert_eq!(t.heap_bytes_high, usize::MAX);
        assert!(t.heap_bytes_low >= m.len() * 3 * size_of::<u64>());
        for removal in 0..10 {
            bounded(|| {
                let mut m: IndexMap<u32, u8> = (0..64).map(|i| (i, 0)).collect();
                for k in 0..removal {
                    m.swap_remove(&(k * 5));
                }
                m.pop();
                m
            });
        }
    }
    bounded(|| {
        let mut s: IndexSet<u32> = (0..500).collect();
        s.retain(|x| x % 50 == 0);
        s
    });
}

#[test]
fn drop_frees_the_indices_then_the_entries_then_their_vector() {
    let m: IndexMap<u8, String> = (1..=4).map(|i| (i, string("d", 3 * i as usize))).collect();
    let freed = frees_as_estimated(m);
    assert_eq!(freed.len(), 6);
    assert_eq!(&freed[1..5], [3, 6, 9, 12]);
    let s: IndexSet<String> = ["a", "b"].into_iter().map(|w| string(w, 5)).collect();
    assert_eq!(frees_as_estimated(s)[1..3], [5, 5]);
    assert!(totals(&IndexMap::<u8, u8>::new()).heap_bytes == 0);
}

#[test]
fn reclaimable_is_what_shrink_to_fit_gives_back() {
    for (len, capacity) in [(0, 10), (3, 40), (30, 30), (100, 1000)] {
        let mut m: IndexMap<u32, u64> = IndexMap::with_capacity(capacity);
        m.extend((0..len).map(|i| (i, 0)));
        support::reclaimable_is_given_back(m, |m| m.shrink_to_fit());
    }
}

#[test]
fn entries_are_pairs_with_their_key_and_value_below() {
    let m: IndexMap<String, Vec<u8>> = owning_entries().collect();
    entries_hold(&m, m.iter().map(capacities));
}
