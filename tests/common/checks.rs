//! Checks of memlayout's figures against the counting allocator, shared by test files.
//!
//! Include it next to the allocator, which it reads as `crate::alloc`:
//! `#[path = "common/alloc.rs"] mod alloc;` and `#[path = "common/checks.rs"] mod checks;`.
#![allow(dead_code)]

use memlayout::{DropAction, DropOrderExt, Layout, LayoutReport, Totals};

use crate::alloc;

/// Builds a value, then checks that its reported heap bytes and allocations equal the
/// allocator's figures and are marked exact. Returns the value and its totals.
#[track_caller]
pub fn exact<T: Layout>(what: &str, build: impl FnOnce() -> T) -> (T, Totals) {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    assert_eq!(totals.heap_bytes, usage.bytes, "{what}: heap bytes");
    assert_eq!(totals.allocations, usage.allocations, "{what}: allocations");
    assert_eq!(totals.heap_bytes_low, usage.bytes, "{what}: low bound");
    assert_eq!(totals.heap_bytes_high, usage.bytes, "{what}: high bound");
    assert!(totals.is_exact, "{what}: marked exact");
    (value, totals)
}

/// The frees `drop_order` predicts, in order: the sizes of the single exact blocks and shared
/// allocations it frees (panics on a block that is not one exact allocation).
pub fn predicted_frees<T: Layout + ?Sized>(value: &T) -> Vec<usize> {
    value
        .drop_order()
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::FreesHeap {
                bytes,
                allocations: 1,
                is_exact: true,
            } => Some(bytes),
            DropAction::FreesShared { bytes } => Some(bytes),
            DropAction::FreesHeap { .. } => panic!("not a single exact block: {s}"),
            _ => None,
        })
        .collect()
}

/// Builds a value and checks memlayout's figures against the allocator's whatever their
/// exactness: the truth within the heap bounds, equal to the figures (allocations too) where
/// marked exact; `heap_bytes` and the report's totals equal the totals. Returns the value, its
/// totals and the allocator's figures.
#[track_caller]
pub fn within_bounds<T: Layout>(
    what: &str,
    build: impl FnOnce() -> T,
) -> (T, Totals, alloc::Usage) {
    let (value, usage) = alloc::measure(build);
    let t = memlayout::totals(&value);
    assert_eq!(memlayout::heap_bytes(&value), t.heap_bytes, "{what}");
    assert_eq!(value.layout_report().totals(), t, "{what}: report");
    assert!(
        (t.heap_bytes_low..=t.heap_bytes_high).contains(&usage.bytes),
        "{what}: truth {} outside {t:?}",
        usage.bytes
    );
    if t.is_exact {
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (usage.bytes, usage.allocations),
            "{what}"
        );
    }
    (value, t, usage)
}
