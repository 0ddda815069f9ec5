//! `value.layout_report()` on shared and borrowed values: a shared allocation counted once at
//! its first path, fair shares among strong handles, cyclic `Rc` graphs, mutably borrowed cells
//! and borrowed targets.

#[macro_use]
mod test_report_support;
#[path = "common/report_orders.rs"]
mod report_orders;

use std::cell::RefCell;
use std::mem::size_of;
use std::rc::Rc;

use memlayout::report::NodeKind;
use memlayout::{Kind, Layout, LayoutReport, ReportOptions, TypeLayout, Visitor};
use test_report_support::handles::{rc_block, CellH, RcH, RefH, WeakH};
use test_report_support::measure;

struct Pair {
    a: RcH<Vec<u8>>,
    b: RcH<Vec<u8>>,
    w: WeakH<Vec<u8>>,
}
layout_struct!(Pair { a: RcH<Vec<u8>>, b: RcH<Vec<u8>>, w: WeakH<Vec<u8>> });

#[test]
fn shared_allocation_counted_once_at_first_path() {
    let (pair, allocated) = measure(|| {
        let rc = Rc::new(vec![0u8; 100]);
        Pair {
            a: RcH(rc.clone()),
            w: WeakH(Rc::downgrade(&rc)),
            b: RcH(rc),
        }
    });
    let report = pair.layout_report();
    assert_eq!(report.totals(), memlayout::totals(&pair));
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals().shared_allocations, 1);
    assert_eq!(report.totals().shared_bytes, rc_block::<Vec<u8>>().bytes);

    let a = report.find(".a").unwrap();
    let shared = a.shared().unwrap();
    assert!(shared.counted_here);
    assert_eq!((shared.strong, shared.weak), (2, 1));
    assert_eq!(a.heap_bytes(), allocated);
    assert_eq!(report.find(".a.*").unwrap().heap_bytes(), 100);

    let b = report.find(".b").unwrap();
    assert!(!b.shared().unwrap().counted_here);
    assert_eq!(b.shared_with().unwrap().path(), ".a");
    assert_eq!(b.heap_bytes(), 0);
    assert!(report.find(".b.*").is_none());
    let w = report.find(".w").unwrap();
    assert!(w.shared().unwrap().is_weak);
    assert_eq!(w.shared_with().unwrap().path(), ".a");
    assert!(report.to_string().contains("counted at .a"));
}

#[test]
fn fair_share_splits_a_shared_block_among_strong_handles() {
    let pair = {
        let rc = Rc::new(vec![0u8; 10]);
        Pair {
            a: RcH(rc.clone()),
            w: WeakH(Rc::downgrade(&rc)),
            b: RcH(rc),
        }
    };
    let block = rc_block::<Vec<u8>>().bytes;
    let report = pair.layout_report_with(ReportOptions::default().fair_share(true));
    let a = report.find(".a").unwrap().own().heap_bytes;
    let b = report.find(".b").unwrap().own().heap_bytes;
    let w = report.find(".w").unwrap().own().heap_bytes;
    assert_eq!(b, block / 2);
    assert_eq!(a, block / 2 + block % 2);
    assert_eq!(w, 0);
    // Both strong handles are inside the value: the shares add up to the whole block.
    assert_eq!(
        report.totals().heap_bytes,
        memlayout::totals(&pair).heap_bytes
    );
    assert_eq!(
        report.totals().allocations,
        memlayout::totals(&pair).allocations
    );

    // With one of two strong handles outside the value, the value owns half.
    let outside = pair.a.0.clone();
    let report = pair.layout_report_with(ReportOptions::default().fair_share(true));
    let shares: usize = [".a", ".b"]
        .iter()
        .map(|p| report.find(p).unwrap().own().heap_bytes)
        .sum();
    assert_eq!(shares, 2 * (block / 3) + block % 3);
    drop(outside);
}

/// A node of a possibly cyclic `Rc` graph.
struct GraphNode {
    name: String,
    next: CellH<Option<RcH<GraphNode>>>,
}
layout_struct!(GraphNode { name: String, next: CellH<Option<RcH<GraphNode>>> });

#[test]
fn cyclic_rc_graph_terminates_and_counts_each_node_once() {
    let (a, allocated) = measure(|| {
        let a = Rc::new(GraphNode {
            name: "a".repeat(10),
            next: CellH(RefCell::new(None)),
        });
        let b = Rc::new(GraphNode {
            name: "b".repeat(20),
            next: CellH(RefCell::new(Some(RcH(a.clone())))),
        });
        *a.next.0.borrow_mut() = Some(RcH(b));
        RcH(a)
    });
    let report = a.layout_report();
    assert_eq!(report.totals(), memlayout::totals(&a));
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals().shared_allocations, 2);
    let back = report
        .find(".*.next.borrow().Some.0.*.next.borrow().Some.0")
        .unwrap();
    assert_eq!(back.shared_with().unwrap().path(), "");
    // Break the cycle so the test does not leak.
    a.0.next.0.borrow_mut().take();
}

#[test]
fn mutably_borrowed_cell_is_reported_unreadable() {
    let cell = CellH(RefCell::new(vec![String::from("x")]));
    let guard = cell.0.borrow_mut();
    let report = cell.layout_report();
    assert_eq!(report.root().unreadable(), Some("mutably borrowed"));
    assert_eq!(report.totals().unreadable, 1);
    assert!(!report.totals().is_exact);
    assert_eq!(report.totals(), memlayout::totals(&cell));
    assert!(report.to_string().contains("unreadable: mutably borrowed"));
    drop(guard);
    let report = cell.layout_report();
    assert!(report.totals().is_exact);
    assert_eq!(report.find(".borrow()[0]").unwrap().heap_bytes(), 1);
}

struct View<'b> {
    owned: Vec<u8>,
    seen: RefH<'b, String>,
}

impl<'b> Layout for View<'b> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<View<'b>>("View", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "owned", &self.owned);
        v.field(1, "seen", &self.seen);
    }
}

#[test]
fn borrowed_targets_are_shown_not_counted() {
    let elsewhere = String::from("not mine");
    let (view, allocated) = measure(|| View {
        owned: vec![1, 2, 3],
        seen: RefH(&elsewhere),
    });
    let report = view.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    let target = report.find(".seen.*").unwrap();
    assert_eq!(target.kind(), NodeKind::Borrowed);
    assert_eq!(target.inline_bytes(), size_of::<String>());
    assert_eq!(target.heap_bytes(), 0);
    assert_eq!(target.children().len(), 0);
}
