//! Hash tables read their entries' span from the first and the last entry (issue 16): std's
//! table lists its buckets in index order, highest address first. These tests check that order
//! on real tables of every build history (grown by inserts, built with capacity, shrunk, after
//! removals, cleared and refilled) and hasher, and that the figures of maps whose entries own
//! heap memory still equal the counting allocator's.

#[path = "common/alloc.rs"]
mod alloc;

use std::collections::hash_map::{DefaultHasher, RandomState};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// A hasher that passes integers through: clustered keys fill neighbouring buckets.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Fixed = BuildHasherDefault<DefaultHasher>;
type Passthrough = BuildHasherDefault<Identity>;

/// The sizes every history is built at.
const SIZES: [usize; 6] = [1, 3, 7, 29, 1000, 10_000];

/// A map of `n` string keys to vectors of 0-16 numbers, built one of several ways.
fn build<S: BuildHasher + Default>(n: usize, history: &str) -> HashMap<String, Vec<u32>, S> {
    let entry = |i: usize| {
        (
            format!("key {i}"),
            (0..(i % 17) as u32).collect::<Vec<u32>>(),
        )
    };
    let mut map = match history {
        "with capacity" => HashMap::with_capacity_and_hasher(n, S::default()),
        _ => HashMap::with_hasher(S::default()),
    };
    match history {
        "grown by inserts" | "with capacity" => map.extend((0..n).map(entry)),
        "shrunk" => {
            map.extend((0..3 * n).map(entry));
            map.retain(|k, _| k.len() % 3 != 0 || k.ends_with('0'));
            map.shrink_to_fit();
        }
        "after removals" => {
            map.extend((0..2 * n).map(entry));
            for i in (0..2 * n).step_by(2) {
                map.remove(&format!("key {i}"));
            }
        }
        "cleared and refilled" => {
            map.extend((0..2 * n).map(entry));
            map.clear();
            map.extend((0..n).map(entry));
        }
        other => panic!("no history {other}"),
    }
    map
}

const HISTORIES: [&str; 5] = [
    "grown by inserts",
    "with capacity",
    "shrunk",
    "after removals",
    "cleared and refilled",
];

/// Whether `addresses` fall strictly, in steps of whole slots of `size` bytes.
fn strictly_falling(addresses: &[usize], size: usize) -> bool {
    addresses
        .windows(2)
        .all(|w| w[0] > w[1] && (w[0] - w[1]) % size == 0)
}

fn address<T>(value: &T) -> usize {
    value as *const T as usize
}

/// Runs `check` on every history at every size.
fn each_history(mut check: impl FnMut(&str, usize)) {
    for history in HISTORIES {
        for n in SIZES {
            check(history, n);
        }
    }
}

fn check_order<S: BuildHasher + Default>(hasher: &str) {
    each_history(|history, n| {
        let map = build::<S>(n, history);
        let keys: Vec<usize> = map.keys().map(address).collect();
        let slot = std::mem::size_of::<(String, Vec<u32>)>();
        assert!(
            strictly_falling(&keys, slot),
            "{hasher}, {history}, {n}: the map's entries do not come highest address first"
        );
        let set: HashSet<u64, S> = (0..n as u64).map(|i| i * 7).collect();
        let items: Vec<usize> = set.iter().map(address).collect();
        assert!(
            strictly_falling(&items, 8),
            "{hasher}, {history}, {n}: the set's items do not come highest address first"
        );
    });
}

#[test]
fn tables_list_their_entries_highest_address_first() {
    check_order::<RandomState>("RandomState");
    check_order::<Fixed>("DefaultHasher");
    check_order::<Passthrough>("pass-through");
}

/// Both walks give one figure, the allocator's when it is called exact; otherwise (after
/// removals, tombstones may hide the table size) the bounds hold the allocator's.
fn assert_matches<T: memlayout::Layout>(value: &T, truth: usize, what: &str) {
    let totals = memlayout::totals(value);
    assert_eq!(memlayout::heap_bytes(value), totals.heap_bytes, "{what}");
    if totals.is_exact {
        assert_eq!(totals.heap_bytes, truth, "{what}");
    } else {
        assert!(
            (totals.heap_bytes_low..=totals.heap_bytes_high).contains(&truth),
            "{what}: {truth} outside {totals:?}"
        );
    }
}

fn check_figures<S: BuildHasher + Default>(hasher: &str) {
    each_history(|history, n| {
        let (map, usage) = alloc::measure(|| build::<S>(n, history));
        assert_matches(&map, usage.bytes, &format!("{hasher}, {history}, {n}"));
    });
}

#[test]
fn maps_of_owning_entries_match_the_allocator() {
    check_figures::<RandomState>("RandomState");
    check_figures::<Fixed>("DefaultHasher");
    check_figures::<Passthrough>("pass-through");
}

/// Entries that own no heap memory: the table alone, from the first and last entry's span.
#[test]
fn sets_of_plain_items_match_the_allocator() {
    for n in SIZES {
        for removed in [0, n / 2, n] {
            let (set, usage) = alloc::measure(|| {
                let mut set: HashSet<u64, Passthrough> = (0..n as u64).collect();
                for i in 0..removed as u64 {
                    set.remove(&i);
                }
                set
            });
            assert_matches(&set, usage.bytes, &format!("{n} items, {removed} removed"));
        }
    }
}
