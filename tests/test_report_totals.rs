//! `value.layout_report()`'s totals against the allocator and the totals walk: after growth,
//! shrinking and removal, and on random nested values under any node budget.

#[macro_use]
mod test_report_support;
#[path = "common/report_orders.rs"]
mod report_orders;

use std::mem::size_of;

use memlayout::{LayoutReport, ReportOptions};
use report_orders::{order, Item, Order};
use test_report_support::measure;

#[test]
fn root_totals_equal_tally_and_allocator() {
    let (value, allocated) = measure(|| order(5));
    let report = value.layout_report();
    assert_eq!(report.totals(), memlayout::totals(&value));
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals().inline_bytes, size_of::<Order>());
    assert!(report.totals().is_exact);
    // Own figures partition the heap: each byte belongs to exactly one node.
    let own_sum: usize = report
        .nodes()
        .map(|n| n.own().heap_bytes + n.elided().map_or(0, |e| e.1.heap_bytes))
        .sum();
    assert_eq!(own_sum, allocated);
    let own_allocs: usize = report.nodes().map(|n| n.own().allocations).sum();
    assert_eq!(own_allocs, report.totals().allocations);
}

#[test]
fn heap_figures_after_growth_shrink_and_removal() {
    let (mut value, allocated) = measure(|| order(6));
    assert_eq!(value.layout_report().totals().heap_bytes, allocated);

    let before = test_report_support::live();
    value.items.remove(2);
    value.items[0].tags.push("grown".repeat(10));
    value.items.shrink_to_fit();
    let delta = test_report_support::live() - before;
    let report = value.layout_report();
    assert_eq!(
        report.totals().heap_bytes as isize,
        allocated as isize + delta
    );
    assert_eq!(report.find(".items").unwrap().own().unused_capacity, 0);

    value.note = None;
    value.items.clear();
    let report = value.layout_report();
    // Empty but still allocated: the buffer remains, every byte unused.
    let cap = value.items.capacity() * size_of::<Item>();
    assert_eq!(report.totals().heap_bytes, cap);
    assert_eq!(report.totals().unused_capacity, cap);
    assert_eq!(report.totals(), memlayout::totals(&value));
}

mod property {
    use super::*;
    use proptest::prelude::*;

    type Nested = Vec<Option<Box<Vec<String>>>>;
    /// Per element: `None`, or spare capacity and (length, spare capacity) of each string.
    type NestedShape = Vec<Option<(usize, Vec<(usize, usize)>)>>;

    fn nested() -> impl Strategy<Value = NestedShape> {
        prop::collection::vec(
            prop::option::of((
                0usize..4,
                prop::collection::vec((0usize..20, 0usize..8), 0..12),
            )),
            0..30,
        )
    }

    fn build(shape: &NestedShape) -> Nested {
        shape
            .iter()
            .map(|entry| {
                entry.as_ref().map(|(spare, strings)| {
                    let mut v = Vec::with_capacity(strings.len() + spare);
                    for &(len, extra) in strings {
                        let mut s = String::with_capacity(len + extra);
                        s.extend(std::iter::repeat_n('z', len));
                        v.push(s);
                    }
                    Box::new(v)
                })
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn report_equals_allocator_on_random_nested_values(
            shape in nested(),
            max_children in 0usize..10,
            max_nodes in 1usize..60,
        ) {
            let (value, allocated) = measure(|| build(&shape));
            let options = ReportOptions::default().max_children(max_children).max_nodes(max_nodes);
            let report = value.layout_report_with(options);
            prop_assert_eq!(report.totals().heap_bytes, allocated);
            prop_assert_eq!(report.totals(), memlayout::totals(&value));
            prop_assert!(report.len() <= max_nodes.max(1));
            let folded_sum: usize = report.folded().lines()
                .map(|l| l.rsplit(' ').next().unwrap().parse::<usize>().unwrap()).sum();
            prop_assert_eq!(folded_sum, allocated + size_of::<Nested>());
        }
    }
}
