//! Checks of the fast paths' figures, shared by the `test_fastpath_*` files: a B-tree's or
//! any value's figures against the counting allocator, a report's summary against each folded
//! element's own totals, and the inputs they share (a fixed hasher, seeded shuffles).
//!
//! Include it next to the allocator, which it reads as `crate::alloc`:
//! `#[path = "common/alloc.rs"] mod alloc;` and
//! `#[path = "common/fastpath_checks.rs"] mod fastpath_checks;`.
#![allow(dead_code)]

use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;

use memlayout::report::Summary;
use memlayout::{heap_bytes, totals, DropAction, DropOrder, Layout, LayoutReport, Report, Totals};
use proptest::prelude::*;

use crate::alloc;

/// A fixed hasher: a table's tombstones then depend on the test case alone, not on a random
/// seed, so a case that passes once passes every time.
pub type Fixed = BuildHasherDefault<DefaultHasher>;

/// A small xorshift generator for shuffles inside a case.
pub fn shuffled(n: usize, seed: u64) -> Vec<u32> {
    let mut keys: Vec<u32> = (0..n as u32).collect();
    let mut state = seed | 1;
    for i in (1..keys.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        keys.swap(i, (state % (i as u64 + 1)) as usize);
    }
    keys
}

macro_rules! each_figure {
    ($m:ident) => {
        $m!(
            inline_bytes,
            inline_padding,
            heap_bytes,
            heap_bytes_low,
            heap_bytes_high,
            heap_used,
            unused_capacity,
            reclaimable,
            heap_padding,
            allocations,
            max_indirection,
            shared_bytes,
            shared_allocations,
            unreadable,
            resources
        )
    };
}

/// The summary node whose parent is at `parent_path`, if the node budget let it be made.
pub fn summary_under(report: &Report, parent_path: &str) -> Option<Summary> {
    report
        .nodes()
        .filter(|n| n.parent().is_some_and(|p| p.path() == parent_path))
        .find_map(|n| n.summary().cloned())
}

/// `summary` against the figures `folded` elements add, each one hop into its collection's
/// heap block.
pub fn check_summary(summary: &Summary, folded: &[Totals]) -> Result<(), TestCaseError> {
    prop_assert_eq!(summary.count, folded.len());
    let folded: Vec<Totals> = folded
        .iter()
        .map(|t| Totals {
            // One hop further: in the collection's buffer.
            max_indirection: t.max_indirection + usize::from(t.max_indirection > 0),
            ..*t
        })
        .collect();
    macro_rules! check {
        ($($f:ident),*) => {$(
            let min = folded.iter().map(|t| t.$f).min().unwrap();
            let max = folded.iter().map(|t| t.$f).max().unwrap();
            prop_assert_eq!(
                (summary.min.$f, summary.max.$f),
                (min, max),
                "summary {} over {} folded elements",
                stringify!($f),
                folded.len()
            );
        )*};
    }
    each_figure!(check);
    let exact = folded.iter().all(|t| t.is_exact);
    prop_assert_eq!((summary.min.is_exact, summary.max.is_exact), (exact, exact));
    Ok(())
}

/// Heap bytes the steps of a drop order free.
pub fn freed_bytes(order: &DropOrder) -> usize {
    order
        .steps()
        .map(|s| match s.action() {
            DropAction::FreesHeap { bytes, .. } | DropAction::FreesShared { bytes } => bytes,
            _ => 0,
        })
        .sum()
}

/// Checks one B-tree figure: the bounds hold the truth; the node count of the totals walk (which
/// notes and visits the entries in one pass) is the allocator's; the report (which notes them
/// before visiting them) gives the same figure.
/// `emptied`: some map in `value` is empty, and may keep its root leaf with no entry left to
/// show it (module docs of `impls/map.rs`): only the bounds are known there.
pub fn check_btree<T: Layout>(what: &str, value: &T, truth: alloc::Usage, emptied: bool) {
    let t = totals(value);
    assert!(
        t.heap_bytes_low <= truth.bytes && truth.bytes <= t.heap_bytes_high,
        "{what}: bounds {}..={} miss {}",
        t.heap_bytes_low,
        t.heap_bytes_high,
        truth.bytes
    );
    if emptied {
        assert!(t.heap_bytes <= truth.bytes, "{what}: emptied map");
    } else {
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (truth.bytes, truth.allocations),
            "{what}: counted nodes"
        );
    }
    assert_eq!(heap_bytes(value), t.heap_bytes, "{what}: heap_bytes");
    let report = value.layout_report();
    assert_eq!(
        report.totals(),
        t,
        "{what}: report (in order) and tally (two-ended)"
    );
}

/// The tally, the report and the allocator on one value.
pub fn check_exact<T: Layout>(what: &str, value: &T, truth: alloc::Usage) {
    let t = totals(value);
    assert_eq!(heap_bytes(value), t.heap_bytes, "{what}");
    assert_eq!(value.layout_report().totals(), t, "{what}");
    assert!(
        t.heap_bytes_low <= truth.bytes && truth.bytes <= t.heap_bytes_high,
        "{what}: bounds {}..={} miss {}",
        t.heap_bytes_low,
        t.heap_bytes_high,
        truth.bytes
    );
    if t.is_exact {
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (truth.bytes, truth.allocations),
            "{what}"
        );
    }
}
