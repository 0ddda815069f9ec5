#![cfg(feature = "indexmap")]
//! Budgets on an `IndexMap`, whose heap is a bound with an estimate (only the smaller of its
//! two capacities is public): a budget at the estimate must fail as unverified, never pass; a
//! budget at the upper bound holds, and the allocator's truth is within it.

#[path = "crates_support/mod.rs"]
mod support;

use indexmap::IndexMap;
use memlayout::budget::{check, Figure};
use memlayout::Layout;
use support::bounded;

#[track_caller]
fn budgets_hold_only_when_proven<T: Layout>(build: impl FnOnce() -> T) {
    let (value, t, truth) = bounded(build);
    assert!(truth <= t.heap_bytes_high);
    assert!(check("map", &value, &[(Figure::Heap, t.heap_bytes_high)]).is_ok());
    if t.heap_bytes < t.heap_bytes_high {
        let error = check("map", &value, &[(Figure::Heap, t.heap_bytes)]).unwrap_err();
        let overrun = &error.overruns[0];
        let why = overrun
            .unverified
            .as_deref()
            .expect("an estimate passed as proven");
        let bound = if t.heap_bytes_high == usize::MAX {
            format!(
                "estimate of at least {} bytes, no upper bound known",
                t.heap_bytes_low
            )
        } else {
            format!(
                "estimate between {} bytes and {} bytes",
                t.heap_bytes_low, t.heap_bytes_high
            )
        };
        assert_eq!(why, bound, "{error}");
        let text = error.to_string();
        assert!(text.starts_with("`map` is over budget:"), "{text}");
        assert!(text.contains("largest contributors: map"), "{text}");
    }
    // The allocations of an estimate have no proven bound.
    let error = check("map", &value, &[(Figure::Allocations, t.allocations)]).unwrap_err();
    assert!(error.overruns[0].unverified.is_some(), "{error}");
}

#[test]
fn indexmap_budgets_at_the_estimate_are_unverified() {
    budgets_hold_only_when_proven(|| {
        (0..100u32)
            .map(|i| (i, i as u64))
            .collect::<IndexMap<_, _>>()
    });
    budgets_hold_only_when_proven(|| {
        let mut map: IndexMap<u32, String> = (0..300).map(|i| (i, i.to_string())).collect();
        for i in (0..300).step_by(3) {
            map.swap_remove(&i);
        }
        map
    });
    budgets_hold_only_when_proven(|| IndexMap::<u64, u8>::with_capacity(1000));
}
