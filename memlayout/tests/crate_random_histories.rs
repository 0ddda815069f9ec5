#![cfg(all(
    feature = "indexmap",
    feature = "hashbrown",
    feature = "slab",
    feature = "bytes",
    feature = "compact_str",
    feature = "thin-vec"
))]
//! Crates' collections through random build histories (a seeded generator picks inserts,
//! removals of several kinds, `reserve`, `shrink_to_fit`, `truncate`, `retain`, `drain`,
//! `split_off`, `clear`), each checked against the counting allocator: the truth within the
//! bounds (equal where exact, allocations too), the report's totals equal the API's, and heap
//! and allocations budgets at the truth passing exactly when provable.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
#[path = "../../tests/common/checks.rs"]
mod checks;

use bytes::{Bytes, BytesMut};
use compact_str::CompactString;
use indexmap::{IndexMap, IndexSet};
use memlayout::budget::{check, Figure};
use memlayout::Layout;
use slab::Slab;
use thin_vec::ThinVec;

/// A small xorshift generator: the same histories on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The histories each type goes through.
const HISTORIES: u64 = 150;

/// Checks the value `build` makes against the allocator (see [`checks::within_bounds`]), and
/// heap and allocations budgets at the truth: passing exactly when their bounds are within it.
#[track_caller]
fn check_value<T: Layout>(what: &str, build: impl FnOnce() -> T) {
    let (value, t, usage) = checks::within_bounds(what, build);
    for (figure, truth) in [
        (Figure::Heap, usage.bytes),
        (Figure::Allocations, usage.allocations),
    ] {
        let high = figure.high(&t);
        assert!(high >= truth, "{what}: {figure} bound {high} < {truth}");
        let checked = check("v", &value, &[(figure, truth)]);
        assert_eq!(checked.is_ok(), high <= truth, "{what}: {figure}");
    }
}

#[test]
fn index_maps_and_sets() {
    for seed in 1..=HISTORIES {
        let mut rng = Rng(seed * 0x9E37_79B9);
        let steps: Vec<(usize, usize)> = (0..8).map(|_| (rng.below(10), rng.below(60))).collect();
        let build = || {
            let mut m: IndexMap<u32, String> = match steps[0].0 % 3 {
                0 => IndexMap::new(),
                1 => IndexMap::with_capacity(steps[0].1),
                _ => (0..steps[0].1 as u32).map(|k| (k, k.to_string())).collect(),
            };
            let mut next = 1_000;
            for &(op, n) in &steps[1..] {
                match op {
                    0 | 1 => {
                        m.extend((next..next + n as u32).map(|k| (k, "v".repeat(k as usize % 5))));
                        next += n as u32;
                    }
                    2 => {
                        let key = m.keys().nth(n).copied();
                        key.map(|k| m.swap_remove(&k));
                    }
                    3 => {
                        let key = m.keys().nth(n).copied();
                        key.map(|k| m.shift_remove(&k));
                    }
                    4 => m.retain(|k, _| k % 3 != 0),
                    5 => m.shrink_to_fit(),
                    6 => m.truncate(n),
                    7 => drop(m.drain(..n.min(m.len()))),
                    8 => drop(m.split_off(n.min(m.len()))),
                    _ => m.reserve(n),
                }
            }
            m
        };
        check_value(&format!("IndexMap {steps:?}"), build);
        check_value(&format!("IndexSet {steps:?}"), || {
            build().into_keys().collect::<IndexSet<u32>>()
        });
    }
}

#[test]
fn hashbrown_maps() {
    for seed in 1..=HISTORIES {
        let mut rng = Rng(seed * 0x2545_F491);
        let steps: Vec<(usize, usize)> = (0..8).map(|_| (rng.below(7), rng.below(80))).collect();
        check_value(&format!("hashbrown {steps:?}"), || {
            let mut m: hashbrown::HashMap<u64, Vec<u8>> = hashbrown::HashMap::new();
            let mut next = 0;
            for &(op, n) in &steps {
                match op {
                    0..=2 => {
                        m.extend((next..next + n as u64).map(|k| (k, vec![1; k as usize % 4])));
                        next += n as u64;
                    }
                    3 => m.retain(|k, _| k % (n as u64 + 2) != 0),
                    4 => m.shrink_to_fit(),
                    5 => m.reserve(n),
                    _ => m.drain().take(n).for_each(drop),
                }
            }
            m
        });
    }
}

#[test]
fn slabs() {
    for seed in 1..=HISTORIES {
        let mut rng = Rng(seed * 0x1234_5677);
        let steps: Vec<(usize, usize)> = (0..10).map(|_| (rng.below(6), rng.below(40))).collect();
        check_value(&format!("Slab {steps:?}"), || {
            let mut s: Slab<String> = Slab::with_capacity(steps[0].1);
            for &(op, n) in &steps[1..] {
                match op {
                    0 | 1 => (0..n).for_each(|i| {
                        s.insert(i.to_string());
                    }),
                    2 => {
                        let keys: Vec<usize> = s.iter().map(|(k, _)| k).step_by(2).collect();
                        keys.into_iter().take(n).for_each(|k| drop(s.remove(k)));
                    }
                    3 => s.shrink_to_fit(),
                    4 => s.reserve(n),
                    _ => s.retain(|k, _| k % 3 != 0),
                }
            }
            s
        });
    }
}

#[test]
fn byte_buffers() {
    for seed in 1..=HISTORIES {
        let mut rng = Rng(seed * 0x7F4A_7C15);
        let steps: Vec<(usize, usize)> = (0..8).map(|_| (rng.below(7), rng.below(300))).collect();
        let build = || {
            let mut b = BytesMut::with_capacity(steps[0].1);
            for &(op, n) in &steps[1..] {
                match op {
                    0 | 1 => b.extend(std::iter::repeat_n(7u8, n)),
                    2 => drop(b.split_to(n.min(b.len()))),
                    3 => drop(b.split_off(n.min(b.len()))),
                    4 => b.reserve(n),
                    5 => b.truncate(n),
                    _ => b.clear(),
                }
            }
            b
        };
        check_value(&format!("BytesMut {steps:?}"), build);
        check_value(&format!("Bytes frozen {steps:?}"), || build().freeze());
        check_value(&format!("Bytes from a Vec {steps:?}"), || {
            Bytes::from(vec![1u8; steps[1].1])
        });
    }
}

#[test]
fn small_strings_and_thin_vectors() {
    for seed in 1..=HISTORIES {
        let mut rng = Rng(seed * 0x0BAD_5EED);
        let steps: Vec<(usize, usize)> = (0..8).map(|_| (rng.below(5), rng.below(70))).collect();
        check_value(&format!("CompactString {steps:?}"), || {
            let mut s = CompactString::with_capacity(steps[0].1);
            for &(op, n) in &steps[1..] {
                match op {
                    0 | 1 => s.push_str(&"z".repeat(n)),
                    2 => s.truncate(n.min(s.len())),
                    3 => s.shrink_to_fit(),
                    _ => s.reserve(n),
                }
            }
            s
        });
        check_value(&format!("ThinVec {steps:?}"), || {
            let mut v: ThinVec<String> = ThinVec::with_capacity(steps[0].1);
            for &(op, n) in &steps[1..] {
                match op {
                    0 | 1 => (0..n).for_each(|i| v.push(i.to_string())),
                    2 => v.truncate(n),
                    3 => v.shrink_to_fit(),
                    _ => v.reserve(n),
                }
            }
            v
        });
    }
}
