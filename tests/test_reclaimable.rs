//! `reclaimable` (what `shrink_to_fit` gives back) against the allocator: for every collection
//! with a `shrink_to_fit`, the figure reported before shrinking equals the live bytes the shrink
//! actually released.

#[path = "common/alloc.rs"]
mod alloc;

use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::ffi::OsString;
use std::path::PathBuf;

use memlayout::Layout;

/// Checks that `value`'s reported reclaimable bytes are what `shrink` frees.
#[track_caller]
fn check<T: Layout>(what: &str, mut value: T, shrink: impl FnOnce(&mut T)) {
    let reported = memlayout::totals(&value).reclaimable;
    let (before, _) = alloc::live();
    shrink(&mut value);
    let (after, _) = alloc::live();
    let freed = usize::try_from(before - after).expect("shrink_to_fit grew the heap");
    assert_eq!(
        reported, freed,
        "{what}: reclaimable vs bytes freed by shrink_to_fit"
    );
    assert_eq!(
        memlayout::totals(&value).reclaimable,
        0,
        "{what}: nothing left after"
    );
}

#[test]
fn hash_tables_at_many_sizes() {
    for capacity in [0usize, 1, 3, 4, 7, 8, 13, 14, 28, 100, 1000] {
        for len in [0usize, 1, 2, 3, 4, 7, 8, 9, 29, 100] {
            if len > capacity.max(1) * 2 {
                continue;
            }
            let mut map: HashMap<u64, String> = HashMap::with_capacity(capacity);
            for i in 0..len as u64 {
                map.insert(i, i.to_string());
            }
            check(
                &format!("HashMap cap {capacity} len {len}"),
                map,
                HashMap::shrink_to_fit,
            );
            let mut set: HashSet<u8> = HashSet::with_capacity(capacity);
            for i in 0..len.min(256) {
                set.insert(i as u8);
            }
            check(
                &format!("HashSet cap {capacity} len {len}"),
                set,
                HashSet::shrink_to_fit,
            );
        }
    }
}

#[test]
fn hash_table_after_removals() {
    let mut map: HashMap<String, u32> = (0..200).map(|i| (i.to_string(), i)).collect();
    map.retain(|_, v| *v % 7 == 0);
    check("HashMap after retain", map, HashMap::shrink_to_fit);
}

#[test]
fn buffers() {
    let mut v: Vec<(u8, u32)> = Vec::with_capacity(50);
    v.extend((0..20).map(|i| (i as u8, i)));
    check("Vec", v, Vec::shrink_to_fit);
    let mut s = String::with_capacity(64);
    s.push_str("hello");
    check("String", s, String::shrink_to_fit);
    let mut d: VecDeque<u16> = VecDeque::with_capacity(40);
    d.extend(0..9);
    d.pop_front();
    check("VecDeque", d, VecDeque::shrink_to_fit);
    let mut h: BinaryHeap<u64> = BinaryHeap::with_capacity(33);
    h.extend(0..5);
    check("BinaryHeap", h, BinaryHeap::shrink_to_fit);
    let mut o = OsString::with_capacity(30);
    o.push("abc");
    check("OsString", o, OsString::shrink_to_fit);
    let mut p = PathBuf::with_capacity(30);
    p.push("abc");
    check("PathBuf", p, PathBuf::shrink_to_fit);
}
