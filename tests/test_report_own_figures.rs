//! Each node's own figures ([`Node::own`]) and elided figures against what the standard library
//! says it holds (capacities, counts), on nodes past the first 16, summaries, elided parts,
//! estimates, unreadable parts and shared handles: a report keeps a node's own figures apart
//! from its subtree's only where they are not sums, and gives the rest back by subtraction.

use std::collections::BTreeMap;
use std::mem::size_of;
use std::rc::Rc;
use std::sync::Mutex;

use memlayout::report::Node;
use memlayout::{Layout, LayoutReport, Report, ReportOptions, Totals};

/// Vectors of varied build histories: empty, exact, with spare capacity, grown, shrunk, cleared.
fn vectors(n: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(n + 3);
    for i in 0..n {
        let mut v: Vec<u8> = Vec::with_capacity(i % 7 * 5);
        v.extend((0..i % 11).map(|b| b as u8));
        match i % 4 {
            0 => v.shrink_to_fit(),
            1 => v.clear(),
            2 => v.reserve(9),
            _ => {}
        }
        out.push(v);
    }
    if n > 0 {
        out.remove(n / 2);
    }
    out
}

/// The summed figures of `t`, in a fixed order.
fn sums(t: &Totals) -> [usize; 11] {
    [
        t.heap_bytes,
        t.heap_bytes_low,
        t.heap_used,
        t.unused_capacity,
        t.reclaimable,
        t.heap_padding,
        t.allocations,
        t.shared_bytes,
        t.shared_allocations,
        t.unreadable,
        t.resources,
    ]
}

/// Own and elided figures partition the value's: they add up to the totals walk's (an
/// independent walk), figure by figure.
fn check_partition<T: Layout>(name: &str, value: &T, report: &Report) {
    let mut added = [0; 11];
    for node in report.nodes() {
        let elided = node.elided().map(|(_, t)| t).unwrap_or_default();
        for (sum, (own, elided)) in added
            .iter_mut()
            .zip(sums(&node.own()).into_iter().zip(sums(&elided)))
        {
            *sum += own + elided;
        }
    }
    assert_eq!(added, sums(&memlayout::totals(value)), "{name}");
}

/// A `Vec<u8>` node's own figures, from the vector itself; its buffer is `hops` pointer hops
/// from the root.
fn check_vec_node(node: Node<'_>, v: &Vec<u8>, hops: usize) {
    let own = node.own();
    let (cap, len) = (v.capacity(), v.len());
    assert_eq!(own.heap_bytes, cap, "{}", node.path());
    assert_eq!(own.heap_bytes_high, cap);
    assert_eq!(own.heap_used, len);
    assert_eq!(own.unused_capacity, cap - len);
    assert_eq!(own.allocations, usize::from(cap > 0));
    assert_eq!(own.max_indirection, if cap > 0 { hops } else { 0 });
    assert!(own.is_exact);
    assert_eq!(own.inline_bytes, size_of::<Vec<u8>>());
    assert_eq!(node.totals().heap_bytes, cap);
}

#[test]
fn every_shown_element_past_the_first_sixteen_keeps_its_own_figures() {
    for n in [0, 1, 15, 16, 17, 40, 90] {
        let v = vectors(n);
        let report = v.layout_report_with(ReportOptions::new().max_children(200));
        assert_eq!(report.len(), v.len() + 1);
        for (i, item) in v.iter().enumerate() {
            // Elements of a vector live one hop away; their own buffers two.
            check_vec_node(report.find(&format!("[{i}]")).unwrap(), item, 2);
        }
        let root = report.root().own();
        assert_eq!(root.heap_bytes, v.capacity() * size_of::<Vec<u8>>());
        assert_eq!(root.allocations, usize::from(v.capacity() > 0));
        assert_eq!(root.max_indirection, usize::from(v.capacity() > 0));
        check_partition(&format!("{n} vectors"), &v, &report);
    }
}

#[test]
fn summaries_and_elided_parts_keep_their_own_figures() {
    let v = vectors(30);
    let report = v.layout_report_with(ReportOptions::new().max_children(5));
    let summary = report.nodes().find(|n| n.summary().is_some()).unwrap();
    let folded = &v[5..];
    let own = summary.own();
    assert_eq!(
        own.heap_bytes,
        folded.iter().map(Vec::capacity).sum::<usize>()
    );
    assert_eq!(own.heap_used, folded.iter().map(Vec::len).sum::<usize>());
    let allocated = folded.iter().filter(|x| x.capacity() > 0).count();
    assert_eq!(own.allocations, allocated);
    assert_eq!(own.max_indirection, 2);
    check_partition("summarised", &v, &report);

    // Past a budget of 4 nodes, the root keeps its own buffer and the rest is elided into it.
    let report = v.layout_report_with(ReportOptions::new().max_nodes(4).max_children(200));
    let root = report.root();
    assert_eq!(root.own().heap_bytes, v.capacity() * size_of::<Vec<u8>>());
    let (parts, elided) = root.elided().unwrap();
    assert_eq!(parts, v.len() - 3);
    let elided_bytes: usize = v[3..].iter().map(Vec::capacity).sum();
    assert_eq!(elided.heap_bytes, elided_bytes);
    assert_eq!(root.totals().heap_bytes, memlayout::heap_bytes(&v));
    for (i, item) in v[..3].iter().enumerate() {
        check_vec_node(report.find(&format!("[{i}]")).unwrap(), item, 2);
    }
    check_partition("elided", &v, &report);
}

#[test]
fn estimates_stay_on_the_node_that_reported_them() {
    let strings: Vec<String> = (0..20).map(|i| "x".repeat(i)).collect();
    let mut iter = strings.clone().into_iter();
    iter.next();
    let report = iter.layout_report_with(ReportOptions::new().max_children(30));
    let root = report.root();
    let own = root.own();
    assert!(!own.is_exact);
    assert_eq!(own.heap_bytes_high, usize::MAX);
    assert_eq!(own.heap_bytes_low, 19 * size_of::<String>());
    assert!(!root.totals().is_exact);
    for (i, s) in strings[1..].iter().enumerate() {
        let node = report.find(&format!("[{i}]")).unwrap().own();
        assert!(node.is_exact);
        assert_eq!(
            (node.heap_bytes, node.heap_bytes_high),
            (s.capacity(), s.capacity())
        );
    }
    check_partition("IntoIter<String>", &iter, &report);
}

#[derive(Layout)]
struct Guarded {
    busy: Mutex<Vec<u8>>,
    free: Vec<u8>,
    shared: (Rc<String>, Rc<String>),
    ordered: BTreeMap<u32, String>,
}

#[test]
fn unreadable_and_shared_parts_keep_their_own_figures() {
    let text = Rc::new(String::from("shared text"));
    let value = Guarded {
        busy: Mutex::new(vec![1; 40]),
        free: vec![2; 12],
        shared: (text.clone(), text),
        ordered: (0..30).map(|i| (i, format!("entry {i}"))).collect(),
    };
    let _lock = value.busy.lock().unwrap();
    let report = value.layout_report_with(ReportOptions::new().max_children(40));
    let busy = report.find(".busy").unwrap();
    assert_eq!(busy.own().unreadable, 1);
    assert_eq!(busy.totals().heap_bytes_high, usize::MAX);
    check_vec_node(report.find(".free").unwrap(), &value.free, 1);
    let free = report.find(".free").unwrap();
    assert_eq!(free.totals().heap_bytes_high, value.free.capacity());
    let first = report.find(".shared.0").unwrap().own();
    let second = report.find(".shared.1").unwrap().own();
    assert_eq!(
        (first.shared_allocations, second.shared_allocations),
        (1, 0)
    );
    assert_eq!(
        first.shared_bytes,
        report
            .find(".shared.0")
            .unwrap()
            .shared()
            .unwrap()
            .block_bytes
    );
    assert_eq!(second.heap_bytes, 0);
    for i in 0..30u32 {
        let entry = report
            .find(&format!("[{i}]").replace('[', ".ordered["))
            .unwrap();
        let value_node = report.find(&format!("{}.value", entry.path())).unwrap();
        assert_eq!(value_node.own().heap_bytes, value.ordered[&i].capacity());
    }
    assert!(!report.totals().is_exact);
    check_partition("guarded", &value, &report);
}
