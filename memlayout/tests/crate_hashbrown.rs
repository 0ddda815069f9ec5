#![cfg(feature = "hashbrown")]
//! `hashbrown`: the table's size comes from `allocation_size`, exact even with tombstones.

#[path = "crates_support/mod.rs"]
mod support;

use core::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashMap, HashSet, HashTable};
use memlayout::{totals, Layout, LayoutReport};
use support::{capacities, entries_hold, exact, frees_as_predicted, owning_entries, string};

#[test]
fn static_layout_is_the_compilers() {
    type M = HashMap<u32, String>;
    assert_eq!(
        (M::LAYOUT.size, M::LAYOUT.align),
        (size_of::<M>(), align_of::<M>())
    );
    type T = HashTable<u8>;
    assert_eq!(
        (T::LAYOUT.size, T::LAYOUT.align),
        (size_of::<T>(), align_of::<T>())
    );
}

#[test]
fn maps_match_the_allocator_however_built() {
    exact(HashMap::<u64, u64>::new);
    exact(|| HashMap::<u64, u64>::with_capacity(0));
    exact(|| HashMap::<u8, u8>::with_capacity(1));
    exact(|| HashMap::<u64, [u8; 3]>::with_capacity(100));
    for n in [1, 3, 4, 7, 8, 15, 29, 200, 3000] {
        exact(|| (0..n).map(|i| (i, i as u8)).collect::<HashMap<u32, u8>>());
    }
    exact(|| {
        (0..30)
            .map(|i| (string("k", i + 1), vec![0u16; i]))
            .collect::<HashMap<_, _>>()
    });
    // Removals leave tombstones that hide the table from `capacity()`, not from
    // `allocation_size`: still exact.
    for keep in [0, 1, 5, 50] {
        exact(|| {
            let mut m: HashMap<u64, u64> = (0..200).map(|i| (i, i)).collect();
            m.retain(|k, _| *k < keep);
            m
        });
    }
    exact(|| {
        let mut m: HashMap<u64, String> = (0..100).map(|i| (i, string("v", 3))).collect();
        m.retain(|k, _| k % 7 == 0);
        m.shrink_to_fit();
        m
    });
}

#[test]
fn sets_and_tables_match_the_allocator() {
    exact(HashSet::<u16>::new);
    exact(|| (0..77u16).collect::<HashSet<_>>());
    exact(|| (0..9).map(|i| string("s", i + 1)).collect::<HashSet<_>>());
    exact(|| {
        let mut s: HashSet<u32> = (0..500).collect();
        s.retain(|x| x % 50 == 0);
        s
    });
    let hasher = DefaultHashBuilder::default();
    exact(|| {
        let mut table = HashTable::new();
        for i in 0..40u64 {
            let rehash = |(k, _): &(u64, String)| hasher.hash_one(k);
            table.insert_unique(hasher.hash_one(i), (i, string("t", 2)), rehash);
        }
        table
    });
    exact(|| HashTable::<[u8; 5]>::with_capacity(13));
}

#[test]
fn reclaimable_is_what_shrink_to_fit_gives_back() {
    for keep in [0, 3, 10, 100] {
        let mut m: HashMap<u32, u32> = (0..1000).map(|i| (i, i)).collect();
        m.retain(|k, _| *k < keep);
        let reclaimable = totals(&m).reclaimable;
        let before = m.allocation_size();
        m.shrink_to_fit();
        assert_eq!(reclaimable, before - m.allocation_size(), "keeping {keep}");
    }
}

#[test]
fn drop_frees_the_entries_then_the_table() {
    let m: HashMap<u8, String> = (1..=4).map(|i| (i, string("d", 3 * i as usize))).collect();
    let mut expected: Vec<usize> = m.values().map(String::capacity).collect();
    expected.push(m.allocation_size());
    assert_eq!(frees_as_predicted(m), expected);
}

#[test]
fn the_report_names_string_keys() {
    let m: HashMap<String, i32> = (0..3).map(|i| (format!("key{i}"), i)).collect();
    assert!(m.layout_report().to_string().contains("key1"));
    assert_eq!(
        <HashMap<String, i32> as Layout>::LAYOUT.name,
        "hashbrown::HashMap<K, V, S>"
    );
}

#[test]
fn entries_are_pairs_with_their_key_and_value_below() {
    let m: HashMap<String, Vec<u8>> = owning_entries().collect();
    entries_hold(&m, m.iter().map(capacities));
}
