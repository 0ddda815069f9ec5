//! Parts past the node budget: the figures folded into shown nodes add up to the allocator's and
//! the totals walk's under every node budget, and each node's elided parts and figures are the
//! same whether the walk folds them with or without an allocator model (through its general
//! folder, or its lean walk of parts past the budget), for trees whose nodes own every kind of
//! part (strings, empty and spare capacity, boxes, shared handles met once and again, a guarded
//! vector, a B-tree's entries).

#[macro_use]
mod test_report_support;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use memlayout::allocator::Model;
use memlayout::report::FindingKind;
use memlayout::{LayoutReport, ReportOptions};
use test_report_support::measure;

struct Branch {
    name: String,
    tags: Vec<String>,
    boxed: Option<Box<Branch>>,
    shared: Rc<String>,
    cell: RefCell<Vec<u32>>,
    map: BTreeMap<u16, String>,
    children: Vec<Branch>,
}

layout_struct!(Branch {
    name: String,
    tags: Vec<String>,
    boxed: Option<Box<Branch>>,
    shared: Rc<String>,
    cell: RefCell<Vec<u32>>,
    map: BTreeMap<u16, String>,
    children: Vec<Branch>,
});

/// A tree `fanout` wide and `depth` deep; `seed` varies each node's parts: short and long
/// strings, tag vectors empty, allocated but empty, or with spare room, a boxed branch now and
/// then, handles to a small pool of shared strings, and a few map entries.
fn tree(fanout: usize, depth: usize, seed: usize, pool: &[Rc<String>]) -> Branch {
    let n = seed.wrapping_mul(2_654_435_761) >> 7;
    let tags = match n % 4 {
        0 => Vec::new(),
        1 => Vec::with_capacity(3),
        _ => {
            let mut tags = Vec::with_capacity(n % 5 + 1);
            tags.extend((0..n % 3 + 1).map(|i| "tag".repeat(i + 1)));
            tags
        }
    };
    let boxed =
        (depth > 0 && matches!(n % 5, 0)).then(|| Box::new(tree(1, depth - 1, seed + 17, pool)));
    let map = (0..n % 3).map(|i| (i as u16, "v".repeat(n % 7))).collect();
    let children = if depth == 0 {
        Vec::new()
    } else {
        (0..fanout)
            .map(|i| tree(fanout, depth - 1, seed * 31 + i + 1, pool))
            .collect()
    };
    Branch {
        name: "n".repeat(n % 25),
        tags,
        boxed,
        shared: Rc::clone(&pool[n % pool.len()]),
        cell: RefCell::new(vec![7; n % 4]),
        map,
        children,
    }
}

/// Checks `value`, which owns `allocated` heap bytes, under every node budget up to its full
/// report's size (stepping through the larger ones).
fn check_every_budget<T: memlayout::Layout>(value: &T, allocated: usize) {
    let all = ReportOptions::default().max_children(usize::MAX);
    let full = value.layout_report_with(all.max_nodes(usize::MAX));
    assert_eq!(full.totals().heap_bytes, allocated);
    let step = (full.len() / 60).max(1);
    for max_nodes in (1..=full.len() + 1).step_by(step) {
        let report = value.layout_report_with(all.max_nodes(max_nodes));
        assert!(report.len() <= max_nodes);
        assert_eq!(report.totals(), full.totals(), "max_nodes {max_nodes}");
        assert_eq!(report.totals(), memlayout::totals(value));
        // Under an allocator model the walker folds the parts past the budget through its
        // general folder (which counts each block at the node): the same nodes, elided parts
        // and figures.
        let model = Model::Jemalloc;
        let modelled = value.layout_report_with(all.max_nodes(max_nodes).allocator(model));
        assert_eq!(report.len(), modelled.len());
        for (node, same) in report.nodes().zip(modelled.nodes()) {
            assert_eq!(node.path(), same.path());
            assert_eq!(
                node.elided(),
                same.elided(),
                "max_nodes {max_nodes}: {}",
                node.path()
            );
            assert_eq!(node.totals(), same.totals());
            assert_eq!(node.own(), same.own());
        }
        // Findings read the elided figures' empty allocations too (the model adds its own
        // about allocator rounding).
        let findings = |r: &memlayout::Report| {
            let findings = r.findings().iter();
            let kept = findings.filter(|f| f.kind != FindingKind::AllocatorRounding);
            format!("{:?}", kept.collect::<Vec<_>>())
        };
        assert_eq!(findings(&report), findings(&modelled));
        let elided: Vec<_> = report.nodes().filter_map(|n| n.elided()).collect();
        let elided_parts: usize = elided.iter().map(|(parts, _)| parts).sum();
        assert_eq!(elided_parts > 0, report.len() < full.len());
        // Own and elided figures partition the heap and its allocations.
        let own = |f: fn(&memlayout::Totals) -> usize| -> usize {
            report.nodes().map(|n| f(&n.own())).sum::<usize>()
                + elided.iter().map(|(_, t)| f(t)).sum::<usize>()
        };
        assert_eq!(own(|t| t.heap_bytes), allocated);
        assert_eq!(own(|t| t.allocations), full.totals().allocations);
        assert_eq!(own(|t| t.unused_capacity), full.totals().unused_capacity);
        assert_eq!(own(|t| t.reclaimable), full.totals().reclaimable);
        assert_eq!(own(|t| t.shared_bytes), full.totals().shared_bytes);
    }
}

#[test]
fn elided_figures_match_under_every_budget_and_shape() {
    for (fanout, depth, seed) in [(3, 3, 1), (1, 12, 2), (8, 2, 3), (2, 5, 4), (0, 0, 5)] {
        let (value, allocated) = measure(|| {
            let pool: Vec<Rc<String>> = (0..3).map(|i| Rc::new("shared".repeat(i + 1))).collect();
            tree(fanout, depth, seed, &pool)
        });
        check_every_budget(&value, allocated);
    }
}

#[test]
fn elided_figures_after_growth_and_removals() {
    let build = || {
        let pool = vec![Rc::new(String::from("pooled"))];
        tree(4, 3, 9, &pool)
    };
    let (mut value, built) = measure(build);
    let before = test_report_support::live();
    value.children.truncate(2);
    value.children[0].tags.clear();
    value.children[1].tags.shrink_to_fit();
    value.children[1].name.push_str(&"grown".repeat(30));
    value.children.shrink_to_fit();
    let change = test_report_support::live() - before;
    assert!(change < 0);
    check_every_budget(&value, (built as isize + change) as usize);
}
