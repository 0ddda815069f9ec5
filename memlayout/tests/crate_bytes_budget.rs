#![cfg(feature = "bytes")]
//! Budgets on `Bytes`/`BytesMut`, whose figures are bounds with no upper end: the allocation
//! count is not known either (a `Bytes` made from a `Vec` with spare capacity, a `BytesMut`
//! after a split, hold a shared header besides the buffer), so an `allocations` budget on them
//! fails as unverified instead of passing on a count the allocator contradicts.

#[path = "crates_support/mod.rs"]
mod support;

use bytes::{BufMut, Bytes, BytesMut};
use memlayout::budget::{check, Figure};
use memlayout::Layout;
use support::alloc;

/// Builds a value; checks that the allocator's count exceeds memlayout's (the case where a
/// passing budget would be wrong) and that an allocations budget at memlayout's count fails as
/// unverified.
#[track_caller]
fn allocations_budget_is_unverified<T: Layout>(build: impl FnOnce() -> T) {
    let (value, usage) = alloc::measure(build);
    let t = memlayout::totals(&value);
    assert_eq!(t.heap_bytes_high, usize::MAX);
    assert!(usage.allocations > t.allocations, "{usage:?} {t:?}");
    let error = check("value", &value, &[(Figure::Allocations, t.allocations)]).unwrap_err();
    let overrun = &error.overruns[0];
    assert_eq!(overrun.figure, Figure::Allocations);
    let why = overrun.unverified.as_deref().expect("unverified");
    assert!(why.contains("no upper bound known"), "{why}");
    assert!(
        why.contains(&format!("at least {} allocation", t.allocations)),
        "{why}"
    );
}

#[test]
fn allocation_budgets_on_bytes_are_unverified() {
    allocations_budget_is_unverified(|| {
        let mut v = Vec::with_capacity(100);
        v.extend_from_slice(&[1u8; 10]);
        Bytes::from(v)
    });
    allocations_budget_is_unverified(|| {
        let mut m = BytesMut::with_capacity(64);
        m.put_slice(b"hello");
        drop(m.split_to(2));
        m
    });
}

#[test]
fn a_budget_of_at_least_the_truth_still_fails_unverified() {
    let b = BytesMut::with_capacity(64);
    let error = check("b", &b, &[(Figure::Allocations, 1_000)]).unwrap_err();
    assert!(error.overruns[0].unverified.is_some());
}
