//! Checks shared by the `crate_*` tests: a value's figures against the counting allocator
//! (`crate::alloc`, included by each test file), its frees against its drop order, and its
//! static layout against the compiler.
#![allow(dead_code)]

use memlayout::{DropAction, DropOrderExt, Layout, LayoutReport, Totals};

use crate::alloc;
pub use checks::predicted_frees;

#[path = "../../../tests/common/checks.rs"]
mod checks;

/// Builds a value and checks that its reported heap bytes and allocations equal what the
/// allocator handed out while it was built, marked exact, in every walk.
#[track_caller]
pub fn exact<T: Layout>(what: &str, build: impl FnOnce() -> T) -> (T, Totals) {
    let (value, totals) = checks::exact(what, build);
    report_agrees(what, &value, totals);
    (value, totals)
}

/// Checks that the report walk finds the same totals as the totals walk.
#[track_caller]
fn report_agrees<T: Layout>(what: &str, value: &T, totals: Totals) {
    assert_eq!(
        value.layout_report().totals(),
        totals,
        "{what}: report totals"
    );
}

/// Builds a value and checks that its figure is bounds (not exact) holding what the allocator
/// handed out while it was built, in every walk.
#[track_caller]
pub fn bounded<T: Layout>(what: &str, build: impl FnOnce() -> T) -> (T, Totals) {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    let (low, high) = (totals.heap_bytes_low, totals.heap_bytes_high);
    assert!(!totals.is_exact, "{what}: bounds are not exact");
    assert!(
        low <= usage.bytes && usage.bytes <= high,
        "{what}: {} outside {low}..={high}",
        usage.bytes
    );
    report_agrees(what, &value, totals);
    (value, totals)
}

/// Drops `value` and checks that the allocator got back the sizes its drop order predicted, in
/// that order. Returns them.
#[track_caller]
pub fn frees_as_predicted<T: Layout>(value: T) -> Vec<usize> {
    let predicted = predicted_frees(&value);
    let freed = alloc::frees_during(|| drop(value));
    assert_eq!(
        predicted, freed,
        "predicted frees (left), the allocator's (right)"
    );
    freed
}

/// Checks `T`'s static layout against the compiler's size and alignment.
#[track_caller]
pub fn static_layout_matches<T: Layout>() {
    let layout = T::LAYOUT;
    let name = layout.name;
    assert_eq!(layout.size, core::mem::size_of::<T>(), "{name}: size");
    assert_eq!(layout.align, core::mem::align_of::<T>(), "{name}: align");
    assert_eq!(
        layout.needs_drop,
        core::mem::needs_drop::<T>(),
        "{name}: needs_drop"
    );
}

/// A named way to build a value.
pub type Build<T> = (&'static str, fn() -> T);

/// Checks a plain-data type of another crate: its static layout, no heap for a value built
/// several ways, exact figures for a `Vec` of them, and the `Vec`'s frees.
#[track_caller]
pub fn plain_data<T: Layout + Clone + core::fmt::Debug>(builds: &[Build<T>]) {
    static_layout_matches::<T>();
    assert!(T::IS_LEAF, "{}: a leaf", T::LAYOUT.name);
    for (what, build) in builds {
        let (value, totals) = exact(what, build);
        assert_eq!(totals.heap_bytes, 0, "{what}: no heap");
        let mut key = String::new();
        assert!(value.write_key(&mut key), "{what}: has a key");
        assert_eq!(key, format!("{value:?}"), "{what}: key");
        let (values, _) = exact(what, || vec![value.clone(); 3]);
        // The Vec's buffer, unless the type is zero-sized (`chrono::Utc`).
        let buffers = usize::from(core::mem::size_of::<T>() > 0);
        assert_eq!(
            frees_as_predicted(values).len(),
            buffers,
            "{what}: the Vec's buffer"
        );
    }
}

/// Checks a handle to a shared block (`build` makes a fresh one): exact alone and in a `Vec` of
/// clones (the block counted once), freed by its last handle in the value, not while a handle
/// lives outside. Returns the block's size.
#[track_caller]
pub fn shared_once<T: Layout + Clone>(what: &str, build: impl Fn() -> T) -> usize {
    let (one, alone) = exact(what, &build);
    assert_eq!(
        alone.shared_allocations, alone.allocations,
        "{what}: shared"
    );
    let (handles, all) = exact(what, || {
        let one = build();
        vec![one.clone(), one.clone(), one]
    });
    assert_eq!(
        all.shared_allocations, alone.shared_allocations,
        "{what}: once"
    );
    let freed = frees_as_predicted(handles);
    assert_eq!(
        freed.len(),
        alone.allocations + 1,
        "{what}: the block, then the Vec's buffer"
    );
    let outside = one.clone();
    assert!(
        frees_as_predicted(one).is_empty(),
        "{what}: a handle outside keeps it"
    );
    assert_eq!(
        frees_as_predicted(outside).len(),
        alone.allocations,
        "{what}: the last handle"
    );
    alone.heap_bytes
}

/// How many allocations `value`'s drop order says it frees, exact or not.
pub fn predicted_free_count<T: Layout + ?Sized>(value: &T) -> usize {
    value
        .drop_order()
        .steps()
        .map(|step| match step.action() {
            DropAction::FreesHeap { allocations, .. } => allocations,
            DropAction::FreesShared { .. } => 1,
            _ => 0,
        })
        .sum()
}
