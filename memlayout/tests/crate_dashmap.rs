#![cfg(feature = "dashmap")]
//! `dashmap`: the slice of shards, then each shard's table (read with `try_read`).

#[path = "crates_support/mod.rs"]
mod support;

use dashmap::{DashMap, DashSet};
use memlayout::{totals, DropAction, DropOrderExt, Layout, LayoutReport};
use support::{capacities, entries_hold, exact, frees_as_predicted, owning_entries, string};

#[test]
fn static_layout_is_the_compilers() {
    type M = DashMap<u32, String>;
    assert_eq!(
        (M::LAYOUT.size, M::LAYOUT.align),
        (size_of::<M>(), align_of::<M>())
    );
}

/// dashmap caches its default shard count in a static on first use: allocate that first, so
/// measuring a map counts the map only.
fn warm_up() {
    drop(DashMap::<u8, u8>::new());
}

#[test]
fn maps_and_sets_match_the_allocator() {
    warm_up();
    exact(DashMap::<u64, u64>::new);
    exact(|| DashMap::<u64, u64>::with_shard_amount(2));
    exact(|| DashMap::<u64, [u8; 3]>::with_capacity(100));
    for n in [1, 7, 50, 2000] {
        exact(|| (0..n).map(|i| (i, i as u8)).collect::<DashMap<u32, u8>>());
    }
    exact(|| {
        (0..30)
            .map(|i| (string("k", i + 1), vec![0u16; i]))
            .collect::<DashMap<_, _>>()
    });
    // Removals and shrinking: each table reports its own allocation, so still exact.
    exact(|| {
        let m: DashMap<u64, String> = (0..300).map(|i| (i, string("v", 3))).collect();
        m.retain(|k, _| k % 11 == 0);
        m
    });
    exact(|| {
        let m: DashMap<u64, u64> = (0..300).map(|i| (i, i)).collect();
        m.retain(|k, _| *k < 5);
        m.shrink_to_fit();
        m
    });
    exact(DashSet::<u16>::new);
    exact(|| (0..77u16).collect::<DashSet<_>>());
    exact(|| (0..9).map(|i| string("s", i + 1)).collect::<DashSet<_>>());
}

#[test]
fn a_write_locked_shard_is_unreadable_not_waited_for() {
    warm_up();
    let m: DashMap<u32, Vec<u8>> = (0..64).map(|i| (i, vec![0; 10])).collect();
    let readable = totals(&m);
    assert!(readable.is_exact);
    let guard = m.get_mut(&3).unwrap();
    let locked = totals(&m);
    assert!(!locked.is_exact);
    assert_eq!((locked.unreadable, locked.heap_bytes_high), (1, usize::MAX));
    assert!(locked.heap_bytes_low < readable.heap_bytes);
    assert!(m.layout_report().to_string().contains("write-locked"));
    let order = m.drop_order();
    assert!(order
        .steps()
        .any(|s| matches!(s.action(), DropAction::Unreadable { .. })));
    drop(guard);
    assert_eq!(totals(&m), readable);
}

#[test]
fn drop_frees_each_shard_then_the_shards() {
    warm_up();
    let m: DashMap<u8, String> = DashMap::with_shard_amount(4);
    for i in 1..=6u8 {
        m.insert(i, string("d", 2 * i as usize));
    }
    let tables = m
        .shards()
        .iter()
        .filter(|s| s.read().capacity() > 0)
        .count();
    let shards = size_of_val(m.shards());
    let freed = frees_as_predicted(m);
    assert_eq!(
        freed.len(),
        6 + tables + 1,
        "six strings, the tables in use, the shards"
    );
    assert_eq!(*freed.last().unwrap(), shards);
}

/// The `unsafe` shard reads, through all three walks while another handle's guard is held,
/// then the map is changed and dropped: run it under Miri
/// (`cargo +nightly miri test -p memlayout --features dashmap --test crate_dashmap`) to see
/// any aliasing or use-after-free the walks would cause.
#[test]
fn shard_reads_leave_the_map_usable() {
    let m: DashMap<u8, String> = DashMap::with_shard_amount(2);
    for i in 0..5u8 {
        m.insert(i, string("x", usize::from(i) + 1));
    }
    let reader = m.get(&1).unwrap();
    let heap = totals(&m).heap_bytes;
    assert_eq!(m.layout_report().totals().heap_bytes, heap);
    assert!(!m.drop_order().to_string().is_empty());
    assert_eq!(reader.as_str(), "x");
    drop(reader);
    m.insert(9, string("after", 5));
    m.remove(&0);
    assert_eq!(m.len(), 5);
    drop(m);
}

#[test]
fn entries_are_pairs_with_their_key_and_value_below() {
    let m: DashMap<String, Vec<u8>> = owning_entries().collect();
    entries_hold(&m, m.iter().map(|e| capacities((e.key(), e.value()))));
}
