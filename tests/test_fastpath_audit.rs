//! Audit of the fast paths: the tally's stack-pointer budget, the one-pass (and two-ended)
//! walk of hash tables and B-trees, and the report's lean fold of summarised elements.
//!
//! Every figure is compared with something these paths did not compute: the counting
//! allocator's live-bytes delta, `size_of`, and `memlayout::totals` of each element on its own
//! (a different walk from the report's summary fold).

#[path = "common/alloc.rs"]
mod alloc;

use std::cell::RefCell;

use memlayout::{totals, LayoutReport, ReportOptions};

/// An element that could not be read may own any amount of heap: its summary's greatest
/// `heap_bytes_high` is unknown and the summary not exact, as the element's own totals say.
#[test]
fn summary_of_an_unreadable_element_has_no_upper_bound() {
    let cells = vec![RefCell::new(vec![1u8]), RefCell::new(vec![2u8])];
    let _guard = cells[1].borrow_mut();
    let report = cells.layout_report_with(&ReportOptions::default().max_children(1));
    let summary = report.find("[1..2]").unwrap().summary().unwrap().clone();
    let element = totals(&cells[1]);
    assert_eq!(
        (element.heap_bytes_high, element.is_exact),
        (usize::MAX, false)
    );
    assert_eq!(
        (summary.max.heap_bytes_high, summary.max.is_exact),
        (element.heap_bytes_high, element.is_exact)
    );
}
