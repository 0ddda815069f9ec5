//! Reports of values built from std types (the std impls' figures, seen through the report):
//! maps with keys in paths, real `Rc`/`Arc` sharing and cycles, locks, estimates, borrows.

#[macro_use]
mod test_report_support;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet, LinkedList};
use std::mem::size_of;
use std::rc::{Rc, Weak};
use std::sync::{Arc, Mutex};

use memlayout::report::NodeKind;
use memlayout::{LayoutReport, ReportOptions};
use test_report_support::measure;

struct Student {
    name: String,
    scores: HashMap<String, Vec<u32>>,
}
layout_struct!(Student { name: String, scores: HashMap<String, Vec<u32>> });

#[test]
fn map_entries_are_found_by_key() {
    let (student, allocated) = measure(|| {
        let mut scores = HashMap::new();
        scores.insert("math".to_string(), vec![90, 85, 77]);
        scores.insert("art".to_string(), Vec::with_capacity(10));
        Student {
            name: "Ada".into(),
            scores,
        }
    });
    let report = student.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals(), memlayout::totals(&student));
    // The entry node is the `(K, V)` pair; its key and value are children, so the subtree holds
    // both.
    let math = report.find(r#".scores["math"]"#).unwrap();
    assert_eq!(math.own().heap_bytes, 0);
    assert_eq!(math.heap_bytes(), student.scores["math"].capacity() * 4 + 4);
    assert_eq!(math.indirection(), 1);
    let value = report.find(r#".scores["math"].value"#).unwrap();
    assert_eq!(
        value.own().heap_bytes,
        student.scores["math"].capacity() * 4
    );
    let key = report.find(r#".scores["math"].key"#).unwrap();
    assert_eq!(key.heap_bytes(), 4);
    let art = report.find(r#".scores["art"]"#).unwrap();
    assert_eq!(art.unused_capacity(), 40);
    assert_eq!(
        report
            .find(r#".scores["art"].value"#)
            .unwrap()
            .unused_capacity(),
        40
    );

    let set: HashSet<String> = ["x".repeat(3)].into_iter().collect();
    let report = set.layout_report();
    assert_eq!(report.find(r#"["xxx"]"#).unwrap().heap_bytes(), 3);
}

struct Doc {
    a: Rc<String>,
    b: Rc<String>,
    w: Weak<String>,
    shared: Arc<Vec<u64>>,
    again: Arc<Vec<u64>>,
}
layout_struct!(Doc { a: Rc<String>, b: Rc<String>, w: Weak<String>, shared: Arc<Vec<u64>>, again: Arc<Vec<u64>> });

#[test]
fn rc_and_arc_counted_once_with_their_headers() {
    let (doc, allocated) = measure(|| {
        let rc = Rc::new("shared text".to_string());
        let arc = Arc::new(vec![1u64; 8]);
        Doc {
            a: rc.clone(),
            w: Rc::downgrade(&rc),
            b: rc,
            again: arc.clone(),
            shared: arc,
        }
    });
    let report = doc.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals(), memlayout::totals(&doc));
    assert_eq!(report.totals().shared_allocations, 2);
    let a = report.find(".a").unwrap().shared().unwrap().clone();
    assert!(a.counted_here && !a.is_atomic);
    assert_eq!((a.strong, a.weak), (2, 1));
    assert_eq!(
        report.find(".b").unwrap().shared_with().unwrap().path(),
        ".a"
    );
    assert_eq!(
        report.find(".again").unwrap().shared_with().unwrap().path(),
        ".shared"
    );
    assert!(report.find(".shared").unwrap().shared().unwrap().is_atomic);
    assert_eq!(report.find(".shared.*").unwrap().heap_bytes(), 64);

    let fair = doc.layout_report_with(ReportOptions::default().fair_share(true));
    assert_eq!(fair.totals().heap_bytes, allocated);
}

struct Vertex {
    name: String,
    edges: RefCell<Vec<Rc<Vertex>>>,
}
layout_struct!(Vertex { name: String, edges: RefCell<Vec<Rc<Vertex>>> });

#[test]
fn rc_cycles_terminate() {
    let (root, allocated) = measure(|| {
        let a = Rc::new(Vertex {
            name: "a".into(),
            edges: RefCell::new(Vec::new()),
        });
        let b = Rc::new(Vertex {
            name: "b".into(),
            edges: RefCell::new(vec![a.clone()]),
        });
        a.edges.borrow_mut().push(b.clone());
        a.edges.borrow_mut().push(a.clone());
        a
    });
    let report = root.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals().shared_allocations, 2);
    let self_loop = report.find(".*.edges.borrow()[1]").unwrap();
    assert_eq!(self_loop.shared_with().unwrap().path(), "");
    root.edges.borrow_mut().clear();
}

#[test]
fn locked_mutex_and_borrowed_refcell_are_unreadable_not_deadlocks() {
    let value = (
        Mutex::new(vec![String::from("x")]),
        RefCell::new(String::from("y")),
    );
    let lock = value.0.lock().unwrap();
    let borrow = value.1.borrow_mut();
    let report = value.layout_report();
    assert_eq!(
        report.find(".0").unwrap().unreadable(),
        Some("Mutex is locked")
    );
    assert_eq!(
        report.find(".1").unwrap().unreadable(),
        Some("RefCell is mutably borrowed")
    );
    assert_eq!(report.totals().unreadable, 2);
    assert!(!report.totals().is_exact);
    assert_eq!(report.totals(), memlayout::totals(&value));
    drop((lock, borrow));
    let report = value.layout_report();
    assert!(report.totals().is_exact);
    assert_eq!(report.find(".0.lock()[0]").unwrap().heap_bytes(), 1);
    assert_eq!(report.find(".1.borrow()").unwrap().heap_bytes(), 1);
}

#[test]
fn btree_figures_are_marked_estimates_with_bounds() {
    let (map, allocated) = measure(|| (0..1000u64).map(|i| (i, i)).collect::<BTreeMap<u64, u64>>());
    let report = map.layout_report();
    let t = report.totals();
    assert!(!t.is_exact);
    assert!(
        t.heap_bytes_low <= allocated && allocated <= t.heap_bytes_high,
        "{t:?} vs {allocated}"
    );
    assert!(report.to_string().contains("estimate"));

    // Filled one by one, leaves are about half full; a B-tree has no `shrink_to_fit`.
    let mut map = BTreeMap::new();
    for i in (0..1000u64).rev() {
        map.insert(i, i);
    }
    let report = map.layout_report();
    let unused = report
        .findings()
        .iter()
        .find(|f| f.kind == memlayout::report::FindingKind::UnusedCapacity)
        .unwrap();
    assert!(
        !unused.message.contains("shrink_to_fit"),
        "{}",
        unused.message
    );
}

#[test]
fn linked_list_nodes_are_summarised() {
    let (list, allocated) = measure(|| {
        (0..20)
            .map(|i| "n".repeat(i))
            .collect::<LinkedList<String>>()
    });
    let report = list.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals(), memlayout::totals(&list));
    let summary = report.find("[8..20]").unwrap();
    assert_eq!(summary.summary().unwrap().count, 12);
    // Each element holds its list node's block and its string's buffer.
    let (three, four) = (report.find("[3]").unwrap(), report.find("[4]").unwrap());
    assert_eq!(three.allocations(), 2);
    assert_eq!(three.heap_bytes() - 3, four.heap_bytes() - 4);
}

#[test]
fn borrowed_references_are_shown_not_owned() {
    let elsewhere = vec![1u8; 100];
    let (value, allocated) = measure(|| (&elsewhere, String::from("mine")));
    let report = value.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    let target = report.find(".0.*").unwrap();
    assert_eq!(target.kind(), NodeKind::Borrowed);
    assert_eq!(target.inline_bytes(), size_of::<Vec<u8>>());
}

#[test]
fn resources_are_named() {
    let file = std::fs::File::open(std::env::current_exe().unwrap()).unwrap();
    let report = (file, 1u8).layout_report();
    assert_eq!(report.totals().resources, 1);
    let node = report.find(".0").unwrap();
    assert!(node.resource().is_some());
    assert!(report.to_string().contains("resource: "));
}

#[test]
fn reports_own_their_data() {
    fn send_sync_static<T: Send + Sync + 'static>(_: &T) {}
    let report = {
        let v = vec![String::from("gone")];
        v.layout_report()
    };
    send_sync_static(&report);
    assert_eq!(report.find("[0]").unwrap().heap_bytes(), 4);
}
