//! Shared by the `test_std_more*` files: the counting global allocator of
//! `tests/common/alloc.rs`, and checks of a std type's static layout against the compiler and
//! of its heap figures against the allocator.
#![allow(dead_code)]

#[path = "../common/alloc.rs"]
pub mod alloc;

use std::mem::{align_of, needs_drop, size_of};

use memlayout::{DropAction, DropOrderExt, Kind, Layout, Storage, Totals};

/// Checks a type's static layout against the compiler, and its storage class and `IS_LEAF`.
#[track_caller]
pub fn check_static<T: Layout>(storage: Storage, is_leaf: bool) {
    let layout = T::LAYOUT;
    let what = std::any::type_name::<T>();
    assert_eq!(
        (layout.size, layout.align, layout.is_sized),
        (size_of::<T>(), align_of::<T>(), true),
        "{what}: size, align"
    );
    assert_eq!(layout.needs_drop, needs_drop::<T>(), "{what}: needs_drop");
    assert_eq!(layout.storage, storage, "{what}: storage");
    assert_eq!(T::IS_LEAF, is_leaf, "{what}: IS_LEAF");
    assert_eq!((layout.type_name)(), what, "{what}: type name");
}

/// A std type with private fields: inline and a leaf exactly when it has no drop glue.
#[track_caller]
pub fn check_plain<T: Layout>() {
    let storage = if needs_drop::<T>() {
        Storage::Opaque
    } else {
        Storage::Inline
    };
    check_static::<T>(storage, !needs_drop::<T>());
}

/// Builds a value, then checks its totals against what the allocator handed out: equal when
/// `exact`, otherwise marked inexact with the truth inside `heap_bytes_low..=heap_bytes_high`.
#[track_caller]
pub fn against_allocator<T: Layout>(
    what: &str,
    exact: bool,
    build: impl FnOnce() -> T,
) -> (T, Totals) {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    let (low, high) = (totals.heap_bytes_low, totals.heap_bytes_high);
    assert_eq!(totals.is_exact, exact, "{what}: exactness ({totals:?})");
    if exact {
        assert_eq!(
            (totals.heap_bytes, totals.allocations, low, high),
            (usage.bytes, usage.allocations, usage.bytes, usage.bytes),
            "{what}: heap bytes, allocations, bounds"
        );
    } else {
        assert!(
            low <= usage.bytes && usage.bytes <= high,
            "{what}: {} outside {low}..={high}",
            usage.bytes
        );
    }
    (value, totals)
}

/// The frees `drop_order` predicts, in order, and the ones the allocator sees: they must agree.
#[track_caller]
pub fn frees_in_drop_order<T: Layout>(value: T) -> Vec<usize> {
    let predicted: Vec<usize> = value
        .drop_order()
        .steps()
        .filter_map(|step| match step.action() {
            DropAction::FreesHeap {
                bytes, is_exact, ..
            } => {
                assert!(is_exact, "{step}: not exact");
                Some(bytes)
            }
            DropAction::FreesShared { bytes } => Some(bytes),
            _ => None,
        })
        .collect();
    let freed = alloc::frees_during(move || drop(value));
    assert_eq!(
        predicted, freed,
        "predicted frees (left), the allocator's (right)"
    );
    freed
}

/// Checks a type's size, alignment, `needs_drop`, storage class, kind and `IS_LEAF`.
#[track_caller]
pub fn static_facts<T: Layout>(kind: Kind, storage: Storage, is_leaf: bool) {
    let l = T::LAYOUT;
    let what = std::any::type_name::<T>();
    assert_eq!(
        (l.size, l.align),
        (size_of::<T>(), align_of::<T>()),
        "{what}"
    );
    assert_eq!(l.needs_drop, needs_drop::<T>(), "{what}: needs_drop");
    assert_eq!(
        (l.kind, l.storage, T::IS_LEAF),
        (kind, storage, is_leaf),
        "{what}"
    );
}

/// Builds a value; returns it, its totals and the bytes the allocator handed out building it.
pub fn built<T: Layout>(build: impl FnOnce() -> T) -> (T, Totals, usize) {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    (value, totals, usage.bytes)
}

/// The allocator's figure lies inside the reported bounds, which are not claimed exact.
#[track_caller]
pub fn within_bounds(what: &str, totals: &Totals, truth: usize) {
    assert!(!totals.is_exact, "{what}: claimed exact");
    assert!(
        totals.heap_bytes_low <= truth && truth <= totals.heap_bytes_high,
        "{what}: {truth} outside {}..={}",
        totals.heap_bytes_low,
        totals.heap_bytes_high
    );
}
