//! `heap_bytes` and the peers' heap figures on B-trees and hash maps of several sizes and build
//! histories, for callgrind (issue 16): the shapes `scripts/bench_instructions.py`'s workloads
//! do not cover.
//!
//! `totals_callgrind SHAPE LEN WHAT REPS` builds one value and computes WHAT (`heap_bytes`, a
//! peer's name, or `proto_iteration`: see [`prototype`]) REPS times in [`measured`], never inlined, so that
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured*'
//! totals_callgrind ...` counts only those computations (Ir / REPS: one's cost). Shapes:
//! - `btree` (`BTreeMap<u64, String>`, random inserts: leaves about two-thirds full),
//!   `btree_sorted` (collected from sorted keys: full leaves), `btree_removed` (random inserts,
//!   then a third removed), `btree_u64` (`BTreeMap<u64, u64>`), `btree_set` (`BTreeSet<String>`);
//! - `hash` (`HashMap<String, Vec<u32>>`, 0-1000 numbers each, grown by inserts),
//!   `hash_capacity` (built with capacity for twice the entries), `hash_removed` (grown, then a
//!   third removed), `hash_shrunk` (that, then `shrink_to_fit`), `hash_small` (0-16 numbers).
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hint::black_box;

use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::MemSize;

#[path = "workloads/mod.rs"]
mod workloads;

use workloads::{Peer, Rng};

/// Computes `what` of `value` `reps` times; returns a figure so nothing is optimised out.
#[inline(never)]
fn measured<T>(value: &T, what: &str, reps: usize) -> usize
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize + 'static,
{
    let tree = (value as &dyn core::any::Any).downcast_ref::<BTreeMap<u64, String>>();
    match (what, tree) {
        ("proto_iteration", Some(tree)) => (0..reps)
            .map(|_| prototype::iteration(black_box(tree)))
            .sum(),
        ("heap_bytes", _) => (0..reps)
            .map(|_| memlayout::heap_bytes(black_box(value)))
            .sum(),
        (peer, _) => {
            let peer = Peer::from_name(peer).unwrap_or_else(|| panic!("unknown WHAT {peer:?}"));
            (0..reps).map(|_| peer.heap_bytes(black_box(value))).sum()
        }
    }
}

/// The floor of any walk of a `BTreeMap<u64, String>` through std's public API, for its count
/// only (`totals_callgrind btree N proto_iteration REPS`): every entry taken in order, each
/// value's capacity added, the tree's nodes not counted (issue 16's B-tree target).
mod prototype {
    use std::collections::BTreeMap;

    #[inline(never)]
    pub fn iteration(map: &BTreeMap<u64, String>) -> usize {
        map.iter().fold(0, |sum, (_, value)| sum + value.capacity())
    }
}

fn run<T>(value: T, what: &str, reps: usize)
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize + 'static,
{
    println!("{}", measured(&value, what, reps));
}

/// A map of `len` entries with keys `0..len`, in an order fixed by `rng`.
fn shuffled(len: usize, rng: &mut Rng) -> Vec<u64> {
    let mut keys: Vec<u64> = (0..len as u64).collect();
    for i in (1..keys.len()).rev() {
        keys.swap(i, rng.range(0, i));
    }
    keys
}

fn hash_of(len: usize, most: usize, capacity: usize) -> HashMap<String, Vec<u32>> {
    let mut rng = Rng::new();
    let mut map = HashMap::with_capacity(capacity);
    for i in 0..len {
        let mut key = rng.text(4, 16);
        key.push_str(&i.to_string());
        let values: Vec<u32> = (0..rng.range(0, most)).map(|_| rng.next() as u32).collect();
        map.insert(key, values);
    }
    map
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [shape, len, what, reps] = &args[..] else {
        panic!("usage: totals_callgrind SHAPE LEN WHAT REPS");
    };
    let len: usize = len.parse().expect("LEN");
    let reps: usize = reps.parse().expect("REPS");
    let mut rng = Rng::new();
    match shape.as_str() {
        "btree" => run(workloads::btree(len), what, reps),
        "btree_sorted" => run(
            (0..len as u64)
                .map(|k| (k, rng.text(10, 40)))
                .collect::<BTreeMap<_, _>>(),
            what,
            reps,
        ),
        "btree_removed" => {
            let keys = shuffled(len * 3 / 2, &mut rng);
            let mut map = BTreeMap::new();
            for &key in &keys {
                map.insert(key, rng.text(10, 40));
            }
            for key in keys.iter().step_by(3) {
                map.remove(key);
            }
            run(map, what, reps)
        }
        "btree_u64" => {
            let keys = shuffled(len, &mut rng);
            let mut map = BTreeMap::new();
            for k in keys {
                map.insert(k, k);
            }
            run(map, what, reps)
        }
        "btree_set" => {
            let mut set = BTreeSet::new();
            while set.len() < len {
                set.insert(rng.text(10, 40));
            }
            run(set, what, reps)
        }
        "hash" => run(hash_of(len, 1000, 0), what, reps),
        "hash_small" => run(hash_of(len, 16, 0), what, reps),
        "hash_capacity" => run(hash_of(len, 1000, 2 * len), what, reps),
        "hash_removed" | "hash_shrunk" => {
            let mut map = hash_of(len * 3 / 2, 1000, 0);
            let keys: Vec<String> = map.keys().step_by(3).cloned().collect();
            for key in keys {
                map.remove(&key);
            }
            if shape == "hash_shrunk" {
                map.shrink_to_fit();
            }
            run(map, what, reps)
        }
        other => panic!("unknown shape {other:?}"),
    }
}
