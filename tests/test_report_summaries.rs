//! `value.layout_report()` on large collections: elements summarised with min and max, leaf
//! elements never visited, the node budget, one finding line per collection, shortened keys, and
//! folded elements found as their summary.

#[macro_use]
mod test_report_support;
#[path = "common/report_orders.rs"]
mod report_orders;

use std::mem::size_of;

use memlayout::report::{FindingKind, NodeKind};
use memlayout::{LayoutReport, ReportOptions};
use report_orders::order;
use test_report_support::measure;

#[test]
fn large_collections_are_summarised_with_min_and_max() {
    let (strings, allocated) = measure(|| {
        (0..100)
            .map(|i| "x".repeat(i % 37))
            .collect::<Vec<String>>()
    });
    let report = strings.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    let root = report.root();
    assert_eq!(root.children().len(), 9);
    let summary_node = report.find("[8..100]").unwrap();
    assert_eq!(summary_node.kind(), NodeKind::Summary);
    let summary = summary_node.summary().unwrap();
    assert_eq!((summary.first_index, summary.count), (8, 92));
    let rest = &strings[8..];
    assert_eq!(
        summary.min.heap_bytes,
        rest.iter().map(String::capacity).min().unwrap()
    );
    assert_eq!(
        summary.max.heap_bytes,
        rest.iter().map(String::capacity).max().unwrap()
    );
    assert_eq!(summary.min.allocations, 0);
    assert_eq!(summary.max.allocations, 1);
    assert_eq!(
        summary_node.heap_bytes(),
        rest.iter().map(String::capacity).sum::<usize>()
    );
    assert_eq!(summary_node.inline_bytes(), 92 * size_of::<String>());

    let report = strings.layout_report_with(ReportOptions::default().max_children(0));
    assert_eq!(report.len(), 2);
    assert_eq!(report.totals(), memlayout::totals(&strings));
}

#[test]
fn leaf_elements_are_never_visited() {
    let (big, allocated) = measure(|| vec![7u64; 10_000_000]);
    let report = big.layout_report();
    assert_eq!(report.len(), 1);
    assert_eq!(report.totals().heap_bytes, allocated);
}

#[test]
fn node_budget_bounds_the_report_and_keeps_totals() {
    let (value, allocated) = measure(|| order(300));
    let report =
        value.layout_report_with(ReportOptions::default().max_nodes(20).max_children(1000));
    assert!(report.len() <= 20, "{} nodes", report.len());
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals(), memlayout::totals(&value));
    let elided: usize = report
        .nodes()
        .filter_map(|n| n.elided())
        .map(|(parts, _)| parts)
        .sum();
    assert!(elided > 0);
}

struct Named {
    name: String,
}
layout_struct!(Named { name: String });

#[test]
fn findings_about_many_elements_are_one_line_per_collection() {
    // Every element's name has a few spare bytes: the shown elements give one finding, the
    // folded ones another, not one line per element.
    let items: Vec<Named> = (0..1000)
        .map(|i| {
            let mut name = String::with_capacity(8);
            name.push_str(&i.to_string());
            Named { name }
        })
        .collect();
    let all = ReportOptions::default().min_finding_bytes(0);
    let report = items.layout_report_with(all);
    let unused: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.kind == FindingKind::UnusedCapacity)
        .collect();
    assert_eq!(unused.len(), 2, "{unused:#?}");
    let shown = unused.iter().find(|f| f.path.is_empty()).unwrap();
    let expected: usize = items[..8]
        .iter()
        .map(|i| i.name.capacity() - i.name.len())
        .sum();
    assert_eq!(shown.bytes, expected);
    assert!(shown.message.contains("8 elements"), "{}", shown.message);
    assert!(shown.message.contains("[*].name"), "{}", shown.message);
    // The sum over both findings is every element's spare capacity.
    let total: usize = items.iter().map(|i| i.name.capacity() - i.name.len()).sum();
    assert_eq!(unused.iter().map(|f| f.bytes).sum::<usize>(), total);
    // The default threshold keeps the large one only when the small one is under it.
    let default = items.layout_report();
    for f in default.findings() {
        assert!(f.bytes >= 64, "{f:?}");
    }
}

#[test]
fn long_keys_are_shortened_in_the_table_only() {
    let key = "k".repeat(300);
    let map: std::collections::HashMap<String, u8> = [(key.clone(), 1)].into_iter().collect();
    let report = map.layout_report();
    let text = report.to_string();
    assert!(text.lines().all(|l| l.chars().count() < 160), "{text}");
    assert!(text.contains('…'), "{text}");
    let path = format!("[{key:?}]");
    assert!(report.find(&path).is_some());
    assert!(report.nodes().any(|n| n.path() == path));
}

#[test]
fn a_folded_element_is_found_as_its_summary() {
    let items: Vec<Named> = (0..1000)
        .map(|i| Named {
            name: i.to_string(),
        })
        .collect();
    let report = items.layout_report();
    let node = report.find("[500].name").unwrap();
    assert_eq!(node.kind(), NodeKind::Summary);
    let summary = node.summary().unwrap();
    assert!((summary.first_index..summary.first_index + summary.count).contains(&500));
    assert_eq!(report.find("[3].name").unwrap().kind(), NodeKind::Value);
    assert!(report.find("[1000]").is_none());
    assert_eq!(report.find("").unwrap().id(), 0);
    assert_eq!(report.find("(root)").unwrap().id(), 0);
}
