//! Heap bounds past what a walk cannot read, budgets on such figures, and references at the
//! root. Ground truth: the counting allocator.

#[path = "common/alloc.rs"]
mod alloc;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

use memlayout::budget::{check, Figure};
use memlayout::{assert_budget, LayoutReport};

fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn a_locked_mutex_has_no_known_upper_bound() {
    let (mutex, usage) = alloc::measure(|| Mutex::new(vec![7u8; 64]));
    let readable = memlayout::totals(&mutex);
    assert!(readable.is_exact);
    assert_eq!(readable.heap_bytes_high, usage.bytes);
    let guard = mutex.lock().unwrap();
    let totals = memlayout::totals(&mutex);
    assert_eq!(
        (totals.is_exact, totals.unreadable, totals.heap_bytes_high),
        (false, 1, usize::MAX)
    );
    let report = mutex.layout_report();
    assert_eq!(report.totals().heap_bytes_high, usize::MAX);
    assert!(report.to_string().contains("unknown"), "{report}");
    drop(guard);
}

#[test]
fn io_error_custom_box_is_sized_right_and_its_payload_is_unbounded() {
    // An empty `String` payload owns no heap: the custom box and the boxed error are all of it,
    // so the low bound must be the allocator's figure exactly.
    let (empty, usage) = alloc::measure(|| std::io::Error::other(String::new()));
    let totals = memlayout::totals(&empty);
    assert_eq!(totals.heap_bytes_low, usage.bytes);
    assert_eq!(totals.heap_bytes, usage.bytes);
    // "boom" lives in the `String` inside the opaque error: below the low bound's reach.
    let (boom, usage) = alloc::measure(|| std::io::Error::other("boom"));
    let totals = memlayout::totals(&boom);
    assert!(totals.heap_bytes_low < usage.bytes);
    assert_eq!(totals.heap_bytes_high, usize::MAX);
}

#[test]
fn budgets_fail_when_unreadable_parts_may_break_them() {
    let mutex = Mutex::new(vec![7u8; 4096]);
    assert!(check("mutex", &mutex, &[(Figure::Heap, 16)]).is_err());
    let guard = mutex.lock().unwrap();
    let error = check(
        "mutex",
        &mutex,
        &[(Figure::Heap, 16), (Figure::Inline, 4096)],
    )
    .expect_err("4 KiB behind a lock cannot be shown to fit in 16 bytes");
    assert_eq!(error.overruns.len(), 1);
    let overrun = &error.overruns[0];
    assert_eq!((overrun.figure, overrun.actual), (Figure::Heap, 0));
    assert_eq!(
        overrun.unverified.as_deref(),
        Some("cannot verify: 1 part unreadable")
    );
    assert!(error.to_string().contains("cannot verify"), "{error}");
    // Inline bytes are known however locked the contents are.
    assert!(check("mutex", &mutex, &[(Figure::Inline, 4096)]).is_ok());
    let message = panic_message(|| assert_budget!(mutex, heap <= 16));
    assert!(message.contains("cannot verify"), "{message}");
    drop(guard);
}

#[test]
fn report_assertions_fail_when_the_figure_cannot_be_verified() {
    let mutex = Mutex::new(vec![7u8; 4096]);
    let guard = mutex.lock().unwrap();
    let report = mutex.layout_report();
    let heap = panic_message(|| report.assert_heap_at_most(16));
    assert!(heap.contains("cannot verify: 1 part unreadable"), "{heap}");
    let allocations = panic_message(|| report.assert_allocations_at_most(0));
    assert!(allocations.contains("cannot verify"), "{allocations}");
    drop(guard);
    mutex.layout_report().assert_heap_at_most(4096);
}

#[test]
fn budgets_between_an_estimates_bounds_fail() {
    let map: BTreeMap<u64, u64> = (0..200).map(|i| (i, i)).collect();
    let t = memlayout::totals(&map);
    assert!(!t.is_exact && t.heap_bytes_low < t.heap_bytes_high);
    // Within the estimate, below the high bound: not verified.
    let error = check("map", &map, &[(Figure::Heap, t.heap_bytes)]).unwrap_err();
    let why = error.overruns[0].unverified.clone().unwrap_or_default();
    assert!(why.starts_with("estimate between"), "{why}");
    let message = panic_message(|| map.layout_report().assert_heap_at_most(t.heap_bytes));
    assert!(message.contains("estimate between"), "{message}");
    assert!(check("map", &map, &[(Figure::Heap, t.heap_bytes_high)]).is_ok());
}

/// An estimate's unverified budget on another figure than heap bytes gives that figure's bounds
/// (what was counted, and the most the heap's upper bound allows), not the heap's.
#[test]
fn unverified_unused_and_allocation_budgets_give_their_own_bounds() {
    let map: BTreeMap<u64, u64> = (0..200).map(|i| (i, i)).collect();
    let t = memlayout::totals(&map);
    let high = Figure::Unused.high(&t);
    assert!(t.unused_capacity < high && high != usize::MAX);
    assert_eq!(high, t.heap_bytes_high - t.heap_used);
    let error = check("map", &map, &[(Figure::Unused, t.unused_capacity)]).unwrap_err();
    let why = error.overruns[0].unverified.clone().unwrap_or_default();
    let expected = format!(
        "estimate between {} bytes and {high} bytes",
        t.unused_capacity
    );
    assert_eq!(why, expected);
    assert!(check("map", &map, &[(Figure::Unused, high)]).is_ok());
}

/// The reviewer's shape: a function handed a reference.
fn figures_of(v: &Vec<String>) -> (usize, memlayout::Totals, usize) {
    (
        memlayout::heap_bytes(&v),
        memlayout::totals(&v),
        (&v).layout_report().totals().heap_bytes,
    )
}

#[test]
fn references_at_the_root_are_looked_through() {
    let (v, usage) = alloc::measure(|| vec![String::from("abc"), String::with_capacity(40)]);
    let (heap, totals, reported) = figures_of(&v);
    assert_eq!(
        (heap, totals.heap_bytes, reported),
        (usage.bytes, usage.bytes, usage.bytes)
    );
    assert_eq!(totals, memlayout::totals(&v));
    assert_eq!(totals.inline_bytes, core::mem::size_of::<Vec<String>>());
    let through_many = &&&v;
    assert_eq!(memlayout::heap_bytes(&through_many), usage.bytes);
    let (mut owned, owned_usage) = alloc::measure(|| v.clone());
    let mutable = &mut owned;
    assert_eq!(memlayout::heap_bytes(&mutable), owned_usage.bytes);
    assert_eq!(
        (&through_many).layout_report().totals(),
        v.layout_report().totals()
    );
    // A reference inside a value is still borrowed, not counted.
    let holder = (7u8, &v);
    assert_eq!(memlayout::heap_bytes(&holder), 0);
    // Budgets agree with the walks.
    assert!(check("v", &&v, &[(Figure::Heap, usage.bytes - 1)]).is_err());
}

/// An exact block met after an unbounded estimate keeps the high bound unbounded (it once
/// overflowed in debug builds).
#[test]
fn exact_blocks_after_an_unbounded_estimate_keep_it_unbounded() {
    use memlayout::visit::Exactness;
    use memlayout::{HeapBlock, Layout, TypeLayout, Visitor};
    struct Unbounded;
    impl Layout for Unbounded {
        const LAYOUT: &'static TypeLayout = <Vec<u8> as Layout>::LAYOUT;
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            v.heap(HeapBlock {
                exactness: Exactness::Estimate {
                    low: 8,
                    high: usize::MAX,
                },
                ..HeapBlock::exact(8, 1, 8)
            });
            v.heap(HeapBlock::exact(16, 1, 16));
        }
    }
    let t = memlayout::totals(&Unbounded);
    assert_eq!((t.heap_bytes_low, t.heap_bytes_high), (24, usize::MAX));
    let r = Unbounded.layout_report().totals();
    assert_eq!((r.heap_bytes_low, r.heap_bytes_high), (24, usize::MAX));
}
