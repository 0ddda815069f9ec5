//! Heap figures of std's hash maps and sets against a counting allocator: the table formula
//! across capacities, slot sizes and alignments, hashers, nesting, removals and tombstones.

#[path = "common/align32.rs"]
mod align32;
#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/checks.rs"]
mod checks;

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use align32::Align32;
use checks::exact;
use memlayout::{Layout, Totals};

/// Like [`exact`] for hash tables after removals: exact, or (when removals left tombstones
/// that hide the table size, more likely with narrower control groups as under Miri) an estimate
/// whose bounds hold the allocator's figure.
#[track_caller]
fn exact_or_bounded<T: Layout>(what: &str, build: impl FnOnce() -> T) -> (T, Totals) {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    assert_eq!(totals.allocations, usage.allocations, "{what}: allocations");
    let (low, high) = (totals.heap_bytes_low, totals.heap_bytes_high);
    assert!(
        low <= usage.bytes && usage.bytes <= high,
        "{what}: {} in {low}..={high}",
        usage.bytes
    );
    if totals.is_exact {
        assert_eq!(totals.heap_bytes, usage.bytes, "{what}: heap bytes");
    }
    (value, totals)
}

/// Every capacity `with_capacity` can ask for up to 600, and tables grown by inserting, for
/// slot types of several sizes and alignments.
fn hash_tables_of<K, V>(key: impl Fn(usize) -> K, value: impl Fn(usize) -> V) -> usize
where
    K: Layout + Eq + std::hash::Hash,
    V: Layout,
{
    let mut checked = 0;
    for capacity in 0..600 {
        exact("HashMap::with_capacity", || {
            HashMap::<K, V>::with_capacity(capacity)
        });
        exact("HashMap filled to capacity", || {
            let mut m = HashMap::<K, V>::with_capacity(capacity);
            for i in 0..capacity {
                m.insert(key(i), value(i));
            }
            m
        });
        checked += 2;
    }
    exact("HashMap grown by inserts", || {
        let mut m = HashMap::<K, V>::new();
        for i in 0..1000 {
            m.insert(key(i), value(i));
        }
        m
    });
    exact("HashMap shrunk", || {
        let mut m = HashMap::<K, V>::with_capacity(500);
        for i in 0..40 {
            m.insert(key(i), value(i));
        }
        m.shrink_to_fit();
        m
    });
    exact("HashMap cleared", || {
        let mut m = HashMap::<K, V>::new();
        for i in 0..100 {
            m.insert(key(i), value(i));
        }
        m.clear();
        m
    });
    checked + 3
}

#[test]
fn hash_table_formula_across_sizes_and_alignments() {
    let mut checked = 0;
    checked += hash_tables_of(|i| i as u8, |_| ());
    checked += hash_tables_of(|i| i as u16, |i| i as u8);
    checked += hash_tables_of(|i| i as u32, |i| i as u64);
    checked += hash_tables_of(|i| i as u64, |i| [i as u8; 3]);
    checked += hash_tables_of(|i| i as u128, |i| i as u8);
    checked += hash_tables_of(|i| (i as u64, i as u64), |i| [i as u64; 3]);
    checked += hash_tables_of(|i| i as u16, |i| Align32(i as u8));
    for capacity in [1000, 1792, 1793, 5000, 100_000, 1 << 20] {
        exact("large u8 table", || HashSet::<u8>::with_capacity(capacity));
        exact("large (u64, [u64; 3]) table", || {
            HashMap::<u64, [u64; 3]>::with_capacity(capacity)
        });
        checked += 2;
    }
    assert!(checked > 4000);
}

#[test]
fn hash_sets_and_hashers() {
    for capacity in [0, 1, 3, 4, 7, 8, 14, 15, 28, 29, 100, 1000] {
        exact("HashSet<u8>", || HashSet::<u8>::with_capacity(capacity));
        exact("HashSet<()>: control bytes only", || {
            let mut s = HashSet::<()>::with_capacity(capacity);
            s.insert(());
            s
        });
        exact("HashSet<String>", || {
            let mut s = HashSet::with_capacity(capacity);
            for i in 0..capacity.min(200) {
                s.insert(format!("key{i}"));
            }
            s
        });
    }
    type Fixed = BuildHasherDefault<std::collections::hash_map::DefaultHasher>;
    exact("HashMap with another hasher", || {
        let mut m: HashMap<u32, String, Fixed> = HashMap::default();
        m.extend((0..50).map(|i| (i, i.to_string())));
        m
    });
}

#[test]
fn hash_maps_nested_and_after_removals() {
    exact("HashMap<String, Vec<u32>>", || {
        let mut m: HashMap<String, Vec<u32>> = HashMap::new();
        for i in 0..30u32 {
            m.insert(format!("k{i}"), (0..i).collect());
        }
        m.get_mut("k3").unwrap().reserve(100);
        m
    });
    exact_or_bounded("removals from a lightly loaded table", || {
        let mut m: HashMap<u32, String> = HashMap::with_capacity(200);
        for i in 0..100u32 {
            m.insert(i, format!("{i}"));
        }
        for i in (0..100u32).step_by(3) {
            m.remove(&i);
        }
        m
    });
    exact_or_bounded("removals from a small full table", || {
        let mut m: HashMap<u16, u16> = HashMap::new();
        for i in 0..14 {
            m.insert(i, i);
        }
        for i in 0..10 {
            m.remove(&i);
        }
        m
    });
    exact("Box<HashMap>", || {
        Box::new(HashMap::<u8, u8>::from([(1, 2), (3, 4)]))
    });
}

/// A nearly full large table loses entries: some removals leave tombstones, which lower
/// `capacity()` below any table size. The figure is then an estimate whose bounds must hold the
/// truth (and is exact again when no tombstone was left).
#[test]
fn hash_map_tombstones_are_bounded() {
    let mut estimates = 0;
    for (buckets_log, removed) in [(6, 10), (8, 50), (10, 300), (12, 3000), (14, 14000)] {
        let capacity = (1usize << buckets_log) / 8 * 7;
        let (m, usage) = alloc::measure(|| {
            let mut m: HashMap<u64, u64> = HashMap::with_capacity(capacity);
            for i in 0..capacity as u64 {
                m.insert(i.wrapping_mul(0x9E37_79B9_7F4A_7C15), i);
            }
            for i in 0..removed as u64 {
                m.remove(&i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
            m
        });
        let totals = memlayout::totals(&m);
        eprintln!(
            "tombstones: {} buckets, {removed} removed: capacity() {}, truth {}, reported {} in {}..={}",
            1usize << buckets_log,
            m.capacity(),
            usage.bytes,
            totals.heap_bytes,
            totals.heap_bytes_low,
            totals.heap_bytes_high
        );
        assert_eq!(totals.allocations, usage.allocations);
        assert!(
            totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
            "{} in {}..={}",
            usage.bytes,
            totals.heap_bytes_low,
            totals.heap_bytes_high
        );
        if totals.is_exact {
            assert_eq!(totals.heap_bytes, usage.bytes);
        } else {
            estimates += 1;
            assert_eq!(
                totals.heap_bytes, usage.bytes,
                "best estimate from the entries' span"
            );
        }
    }
    assert!(estimates > 0, "the scenario leaves tombstones");
}
