//! What the `crate_*.rs` tests share: the counting allocator, and checks of a value's figures
//! against it (heap bytes and allocations, bounds, the frees a drop order predicts).
#![allow(dead_code)]

#[path = "../../../tests/common/alloc.rs"]
pub mod alloc;

use memlayout::{totals, DropAction, DropOrderExt, Layout, LayoutReport, Totals};

/// Builds a value and checks that memlayout's figures for it are exact and equal to what the
/// allocator handed out while building it (live bytes and allocations). Every walk agrees: the
/// totals, the report's totals and the drop order's frees.
#[track_caller]
pub fn exact<T: Layout>(build: impl FnOnce() -> T) -> T {
    let (value, usage) = alloc::measure(build);
    let t = totals(&value);
    assert!(
        t.is_exact,
        "{}: reported inexact: {t:?}",
        core::any::type_name::<T>()
    );
    assert_eq!(
        (t.heap_bytes, t.allocations),
        (usage.bytes, usage.allocations),
        "{}: memlayout (left) against the allocator (right)",
        core::any::type_name::<T>()
    );
    assert_eq!(value.layout_report().totals().heap_bytes, t.heap_bytes);
    value
}

/// Builds a value whose figure is a bound and checks the truth lies inside it; returns the
/// value, the totals and the truth in bytes.
#[track_caller]
pub fn bounded<T: Layout>(build: impl FnOnce() -> T) -> (T, Totals, usize) {
    let (value, usage) = alloc::measure(build);
    let t = totals(&value);
    assert!(
        !t.is_exact,
        "{}: a bound reported exact",
        core::any::type_name::<T>()
    );
    assert!(
        t.heap_bytes_low <= usage.bytes && usage.bytes <= t.heap_bytes_high,
        "{}: truth {} outside {}..={}",
        core::any::type_name::<T>(),
        usage.bytes,
        t.heap_bytes_low,
        t.heap_bytes_high
    );
    assert_eq!(value.layout_report().totals().heap_bytes, t.heap_bytes);
    (value, t, usage.bytes)
}

/// The frees `drop_order` predicts, in order: single blocks (exact ones only unless
/// `estimates` is set) and shared blocks.
pub fn predicted_frees<T: Layout + ?Sized>(value: &T, estimates: bool) -> Vec<usize> {
    value
        .drop_order()
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::FreesHeap {
                bytes,
                allocations: 1,
                is_exact,
            } if is_exact || estimates => Some(bytes),
            DropAction::FreesShared { bytes } => Some(bytes),
            DropAction::FreesHeap { allocations: 0, .. } => None,
            DropAction::FreesHeap { .. } => panic!("not a single exact block: {s}"),
            _ => None,
        })
        .collect()
}

/// Drops `value` and checks the allocator was given back the blocks the drop order predicts,
/// in order, byte for byte; returns the sizes freed.
#[track_caller]
pub fn frees_as_predicted<T: Layout>(value: T) -> Vec<usize> {
    frees_checked(value, false)
}

/// [`frees_as_predicted`] for a value whose blocks are estimates (which must be right).
#[track_caller]
pub fn frees_as_estimated<T: Layout>(value: T) -> Vec<usize> {
    frees_checked(value, true)
}

#[track_caller]
fn frees_checked<T: Layout>(value: T, estimates: bool) -> Vec<usize> {
    let predicted = predicted_frees(&value, estimates);
    let freed = alloc::frees_during(|| drop(value));
    assert_eq!(
        predicted, freed,
        "predicted frees (left) against the allocator's (right)"
    );
    assert!(!freed.is_empty(), "the test value should free something");
    freed
}

/// A string of `capacity` bytes holding `text`: elements that own heap of a size of their own.
pub fn string(text: &str, capacity: usize) -> String {
    let mut s = String::with_capacity(capacity.max(text.len()));
    s.push_str(text);
    s
}

/// Checks that the reclaimable figure is what `shrink` (the type's `shrink_to_fit`) gives back
/// to the allocator.
#[track_caller]
pub fn reclaimable_is_given_back<T: Layout>(mut value: T, shrink: impl FnOnce(&mut T)) {
    let reclaimable = totals(&value).reclaimable;
    let before = alloc::live().0;
    shrink(&mut value);
    let after = alloc::live().0;
    assert_eq!(
        reclaimable as isize,
        before - after,
        "reclaimable (left) against the frees (right)"
    );
}

/// Five entries whose keys and values own buffers of different sizes.
pub fn owning_entries() -> impl Iterator<Item = (String, Vec<u8>)> {
    (0..5).map(|i| (string(&format!("key{i}"), 8 + i), vec![0u8; i]))
}

/// An entry of [`owning_entries`] as [`entries_hold`] names it: its key, and the bytes the
/// key's and the value's buffers hold.
pub fn capacities((key, value): (&String, &Vec<u8>)) -> (String, usize, usize) {
    (key.clone(), key.capacity(), value.capacity())
}

/// Checks that each entry of `map` named in `entries` (see [`capacities`]) is shown in its
/// report as a `(String, Vec<u8>)` node whose `.key` and `.value`, each found again by its
/// path, hold those bytes.
#[track_caller]
pub fn entries_hold<M: Layout>(map: &M, entries: impl Iterator<Item = (String, usize, usize)>) {
    let report = &map.layout_report();
    for (key, key_heap, value_heap) in entries {
        let segment = format!("[{key:?}]");
        let entry = report
            .nodes()
            .find(|n| n.segment() == segment)
            .unwrap_or_else(|| panic!("no entry {segment}"));
        let pair = core::any::type_name::<(String, Vec<u8>)>();
        assert_eq!(entry.full_type_name(), pair);
        let path = entry.path();
        let key_node = report.find(&format!("{path}.key")).expect("the key");
        let value_node = report.find(&format!("{path}.value")).expect("the value");
        assert_eq!(key_node.heap_bytes(), key_heap, "{path}.key");
        assert_eq!(value_node.heap_bytes(), value_heap, "{path}.value");
        assert_eq!(entry.heap_bytes(), key_heap + value_heap, "{path}");
    }
}
