//! Reports of huge and deeply nested values: bounded size, bounded stack (a 2 MiB thread).

#[macro_use]
mod test_report_support;

use std::mem::size_of;

use memlayout::render::ReportTextOptions;
use memlayout::{LayoutReport, ReportOptions};
use test_report_support::measure;

const MILLION: usize = 1_000_000;
const SMALL_STACK: usize = 2 << 20;

/// A singly linked list of boxes, dropped iteratively (the default drop would recurse a million
/// levels deep).
struct List {
    value: u64,
    next: Option<Box<List>>,
}
layout_struct!(List { value: u64, next: Option<Box<List>> });

impl Drop for List {
    fn drop(&mut self) {
        let mut next = self.next.take();
        while let Some(mut node) = next {
            next = node.next.take();
        }
    }
}

/// A tree nested through `Vec`s, dropped iteratively.
struct Tree {
    children: Vec<Tree>,
}
layout_struct!(Tree { children: Vec<Tree> });

impl Drop for Tree {
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.children);
        while let Some(mut tree) = pending.pop() {
            pending.append(&mut tree.children);
        }
    }
}

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the walk overflowed or panicked");
}

#[test]
fn million_node_box_list_on_a_2_mib_thread() {
    on_small_stack(|| {
        let (list, allocated) = measure(|| {
            let mut head = List {
                value: 0,
                next: None,
            };
            for value in 1..MILLION as u64 {
                head = List {
                    value,
                    next: Some(Box::new(head)),
                };
            }
            head
        });
        assert_eq!(allocated, (MILLION - 1) * size_of::<List>());
        // By default the links past the first 8 (the root is one) are one chain summary.
        let chained = list.layout_report();
        assert_eq!(chained.totals(), memlayout::totals(&list));
        let chain = chained
            .nodes()
            .find_map(|n| n.summary().filter(|s| s.is_chain))
            .unwrap();
        assert_eq!((chain.first_index, chain.count), (8, MILLION - 8));
        assert!(chained.len() < 100);
        drop(chained);
        // Every link shown while the node budget lasts, the rest folded into the last one.
        let all_links = ReportOptions::default().max_children(usize::MAX);
        let report = list.layout_report_with(all_links);
        assert_eq!(report.totals(), memlayout::totals(&list));
        assert_eq!(report.totals().heap_bytes, allocated);
        assert_eq!(report.totals().allocations, MILLION - 1);
        assert_eq!(report.totals().max_indirection, MILLION - 1);
        assert!(report.len() <= ReportOptions::default().get_max_nodes());
        let folded: usize = report
            .nodes()
            .filter_map(|n| n.elided())
            .map(|(parts, _)| parts)
            .sum();
        assert!(folded > 0);
        // The first nodes are shown in full.
        let second = report.find(".next.Some.0.*").unwrap();
        assert_eq!(second.indirection(), 1);
        assert_eq!(second.heap_bytes(), allocated - size_of::<List>());
        // Rendering is iterative too.
        assert!(report.to_string().lines().count() > 1000);
        drop(report);

        let small = list.layout_report_with(all_links.max_nodes(200));
        assert!(small.len() <= 200);
        let sum: usize = small
            .folded()
            .lines()
            .map(|l| l.rsplit(' ').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(sum, size_of::<List>() + allocated);
        let json: serde_json::Value = serde_json::from_str(&small.to_json()).unwrap();
        assert_eq!(json["totals"]["heap_bytes"], allocated);
    });
}

#[test]
fn value_nested_a_million_levels_deep_on_a_2_mib_thread() {
    on_small_stack(|| {
        let (tree, allocated) = measure(|| {
            let mut tree = Tree {
                children: Vec::new(),
            };
            for _ in 0..MILLION {
                tree = Tree {
                    children: vec![tree],
                };
            }
            tree
        });
        let report = tree.layout_report();
        assert_eq!(report.totals(), memlayout::totals(&tree));
        assert_eq!(report.totals().heap_bytes, allocated);
        assert_eq!(report.totals().max_indirection, MILLION);
        assert!(report.len() <= ReportOptions::default().get_max_nodes());
        assert!(report.find(".children[0].children[0].children").is_some());
        assert!(!report
            .display_with(ReportTextOptions::new().max_depth(50))
            .to_string()
            .is_empty());
    });
}

#[test]
fn a_million_strings_make_a_small_report() {
    let (strings, allocated) =
        measure(|| (0..MILLION).map(|i| i.to_string()).collect::<Vec<String>>());
    let report = strings.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.len(), 1 + 8 + 1);
    let summary = report.find("[8..1000000]").unwrap().summary().unwrap();
    assert_eq!(summary.count, MILLION - 8);
    assert_eq!(summary.max.heap_bytes, (MILLION - 1).to_string().len());
}
