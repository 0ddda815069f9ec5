//! The node count of B-trees from their entries' addresses: maps and sets built in several ways
//! (bulk, random, descending, after removals, `retain`, `append`, `pop_first`, `split_off`), of
//! many sizes (up to five levels high) and key and value widths, placed by their keys' or (when
//! only the values are visited) their values' addresses, against the counting allocator; the
//! report, which notes the entries before visiting them, gives the same figures.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/fastpath_checks.rs"]
mod fastpath_checks;

use std::collections::{BTreeMap, BTreeSet};

use fastpath_checks::{check_btree, shuffled};
use memlayout::heap_bytes;

/// Builds a B-tree map of `len` keys in one of several ways.
fn btree_map(way: usize, len: usize) -> BTreeMap<u32, u64> {
    let keys = shuffled(len, len as u64 * 31 + way as u64);
    match way {
        // Bulk-built from sorted input: leaves packed full.
        0 => (0..len as u32).map(|k| (k, k.into())).collect(),
        // Inserted in random order.
        1 => keys
            .iter()
            .map(|&k| (k, k.into()))
            .fold(BTreeMap::new(), |mut m, (k, v)| {
                m.insert(k, v);
                m
            }),
        // Inserted in descending order.
        2 => {
            let mut m = BTreeMap::new();
            for k in (0..len as u32).rev() {
                m.insert(k, k.into());
            }
            m
        }
        // Random inserts, then a third removed.
        3 => {
            let mut m: BTreeMap<u32, u64> = BTreeMap::new();
            for &k in &keys {
                m.insert(k, k.into());
            }
            for &k in keys.iter().step_by(3) {
                m.remove(&k);
            }
            m
        }
        // `retain` of the even keys from a bulk-built map.
        4 => {
            let mut m: BTreeMap<u32, u64> = (0..len as u32).map(|k| (k, k.into())).collect();
            m.retain(|k, _| k % 2 == 0);
            m
        }
        // `append` of two randomly filled maps with interleaved keys.
        5 => {
            let mut a = BTreeMap::new();
            let mut b = BTreeMap::new();
            for &k in &keys {
                if k % 3 == 0 {
                    a.insert(k, u64::from(k));
                } else {
                    b.insert(k, u64::from(k));
                }
            }
            a.append(&mut b);
            a
        }
        // Removals from the front, down to `len` keys (`pop_first`).
        _ => {
            let mut m: BTreeMap<u32, u64> = BTreeMap::new();
            for k in 0..2 * len as u32 {
                m.insert(k.wrapping_mul(7919) % (4 * len as u32 + 1), k.into());
            }
            while m.len() > len {
                m.pop_first();
            }
            m
        }
    }
}

const WAYS: usize = 7;

fn btree_sizes() -> Vec<usize> {
    let mut sizes: Vec<usize> = (0..40).collect();
    sizes.extend([
        66, 67, 71, 72, 77, 78, 143, 144, 145, 300, 863, 864, 865, 1000, 1727, 1728, 1999,
    ]);
    sizes
}

#[test]
fn btree_node_counts_are_the_allocators() {
    for len in btree_sizes() {
        for way in 0..WAYS {
            let (map, truth) = alloc::measure(|| btree_map(way, len));
            let emptied = map.is_empty();
            check_btree(&format!("map way {way}, {len}"), &map, truth, emptied);
            // The same keys as a set, and with one-byte values (another stride and node size).
            let (set, truth) = alloc::measure(|| map.keys().copied().collect::<BTreeSet<u32>>());
            check_btree(&format!("set way {way}, {len}"), &set, truth, false);
            let (small, truth) = alloc::measure(|| {
                map.iter()
                    .map(|(&k, _)| (k as u128, k as u8))
                    .collect::<BTreeMap<u128, u8>>()
            });
            check_btree(&format!("u128 map way {way}, {len}"), &small, truth, false);
            // One-byte keys (neighbours one byte apart) and large ones.
            let (bytes, truth) = alloc::measure(|| {
                map.keys()
                    .filter_map(|&k| u8::try_from(k).ok())
                    .collect::<BTreeSet<u8>>()
            });
            check_btree(&format!("u8 set way {way}, {len}"), &bytes, truth, false);
            if len <= 300 {
                let (large, truth) = alloc::measure(|| {
                    map.keys()
                        .map(|&k| ([u64::from(k); 8], ()))
                        .collect::<BTreeMap<[u64; 8], ()>>()
                });
                check_btree(
                    &format!("large keys way {way}, {len}"),
                    &large,
                    truth,
                    false,
                );
            }
        }
        // `split_off` in the middle and near each end: both halves at once.
        for at in [0, len / 3, len / 2, len.saturating_sub(1)] {
            let (pair, truth) = alloc::measure(|| {
                let mut a = btree_map(1, len);
                let b = a.split_off(&(at as u32));
                (a, b)
            });
            let emptied = pair.0.is_empty() || pair.1.is_empty();
            check_btree(&format!("split_off {at} of {len}"), &pair, truth, emptied);
            assert_eq!(heap_bytes(&pair), heap_bytes(&pair.0) + heap_bytes(&pair.1));
        }
    }
}

/// B-trees of nested values: the walk that notes the entries also visits each entry's parts.
/// A map of strings is placed by its values' addresses (24 bytes apart), a set of pairs by its
/// keys'; 30,000 random inserts make a tree five levels high.
#[test]
fn btree_entries_with_parts_are_walked_once() {
    for len in [0, 1, 2, 11, 12, 13, 100, 1000, 30_000] {
        let (map, truth) = alloc::measure(|| {
            let mut m: BTreeMap<u32, String> = BTreeMap::new();
            for k in shuffled(len, 99) {
                m.insert(k, "v".repeat(k as usize % 9));
            }
            m
        });
        check_btree(&format!("map of strings, {len}"), &map, truth, false);
        let (set, truth) = alloc::measure(|| {
            map.values()
                .enumerate()
                .map(|(i, s)| (s.clone(), Box::new(i)))
                .collect::<BTreeSet<(String, Box<usize>)>>()
        });
        check_btree(&format!("set of pairs, {len}"), &set, truth, false);
    }
}
