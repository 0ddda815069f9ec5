//! The stack budget of the walks: deep values (a million mixed links, a 100,000-level tree) on
//! small threads and from deep in the caller's own recursion, against the counting allocator;
//! summarised elements deep enough that part of their walk is deferred.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/fastpath_checks.rs"]
mod fastpath_checks;
#[path = "common/mixed_chain.rs"]
mod mixed_chain;

use fastpath_checks::{check_summary, freed_bytes, summary_under};
use memlayout::{heap_bytes, totals, DropOrderExt, Layout, LayoutReport, ReportOptions, Totals};
use mixed_chain::{cells, chain_with, drop_chain, Link};

fn chain(links: usize) -> Link {
    chain_with(links, 997)
}

/// A tree: a spine of nodes, each with a leaf beside the next node.
#[derive(Layout)]
struct Tree {
    label: String,
    children: Vec<Tree>,
}

fn spine(levels: usize) -> Tree {
    let mut tree = Tree {
        label: String::new(),
        children: Vec::new(),
    };
    for i in 0..levels {
        let leaf = Tree {
            label: "x".repeat(i % 3),
            children: Vec::new(),
        };
        tree = Tree {
            label: String::new(),
            children: vec![leaf, tree],
        };
    }
    tree
}

fn drop_spine(mut tree: Tree) {
    while let Some(next) = tree.children.pop() {
        tree = next;
    }
}

/// Runs `f` on a thread with `stack` bytes of stack.
fn on_thread(stack: usize, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the walk fits in the thread's stack");
}

/// Recurses `depth` frames, each with about 1 KiB of locals, then runs `f`.
#[inline(never)]
fn deep_call<R>(depth: usize, f: &mut dyn FnMut() -> R) -> R {
    let mut frame = [0u8; 1024];
    frame[depth % 1024] = depth as u8;
    std::hint::black_box(&mut frame);
    let r = if depth == 0 {
        f()
    } else {
        deep_call(depth - 1, f)
    };
    std::hint::black_box(&frame);
    r
}

const CHAIN: usize = 1_000_000;
const SPINE: usize = 100_000;

#[test]
fn a_million_mixed_links_on_a_2_mib_thread() {
    on_thread(2 << 20, || {
        let (link, truth) = alloc::measure(|| chain(CHAIN));
        let t = totals(&link);
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (truth.bytes, truth.allocations)
        );
        assert_eq!(heap_bytes(&link), truth.bytes);
        let report = link.layout_report();
        assert_eq!(report.totals(), t);
        let order = link.drop_order();
        assert_eq!(order.leaked(), (0, 0));
        let freed: usize = freed_bytes(&order);
        assert_eq!(freed, truth.bytes);
        drop((report, order));
        drop_chain(link);
    });
}

#[test]
fn a_100_000_level_tree_on_a_2_mib_thread() {
    on_thread(2 << 20, || {
        let (tree, truth) = alloc::measure(|| spine(SPINE));
        let t = totals(&tree);
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (truth.bytes, truth.allocations)
        );
        assert_eq!(t.max_indirection, SPINE);
        assert_eq!(heap_bytes(&tree), truth.bytes);
        assert_eq!(tree.layout_report().totals(), t);
        let order = tree.drop_order();
        let freed: usize = freed_bytes(&order);
        assert_eq!(freed, truth.bytes);
        drop(order);
        drop_spine(tree);
    });
}

#[test]
fn tally_of_deep_values_on_a_256_kib_thread() {
    on_thread(256 << 10, || {
        let (tree, truth) = alloc::measure(|| spine(SPINE));
        assert_eq!(heap_bytes(&tree), truth.bytes);
        assert_eq!(totals(&tree).allocations, truth.allocations);
        drop_spine(tree);
        let (link, truth) = alloc::measure(|| chain(CHAIN));
        assert_eq!(heap_bytes(&link), truth.bytes);
        assert_eq!(totals(&link).heap_bytes, truth.bytes);
        drop_chain(link);
    });
}

/// The walks start from deep in the caller's own recursion (1,000 frames of about 1 KiB): the
/// stack budget is measured from where the walk starts.
#[test]
fn walks_called_from_deep_recursion_on_a_2_mib_thread() {
    on_thread(2 << 20, || {
        let (link, truth) = alloc::measure(|| chain(CHAIN / 10));
        let (tree, tree_truth) = alloc::measure(|| spine(SPINE / 10));
        let figures = deep_call(1000, &mut || {
            (
                heap_bytes(&link),
                totals(&tree).heap_bytes,
                link.layout_report().totals().heap_bytes,
                freed_bytes(&tree.drop_order()),
            )
        });
        assert_eq!(
            figures,
            (truth.bytes, tree_truth.bytes, truth.bytes, tree_truth.bytes)
        );
        drop_chain(link);
        drop_spine(tree);
    });
}

/// Summarised elements deep enough that part of their walk is deferred (the report walk's
/// scratch slots), holding every kind of part, some unreadable: the summary's extremes are
/// still those of each element's own totals.
#[test]
fn deep_summarised_elements_fold_like_their_own_totals() {
    let depths = [
        0usize, 1, 5, 40, 63, 64, 65, 66, 100, 129, 200, 300, 301, 450,
    ];
    let (chains, truth) = alloc::measure(|| {
        depths
            .iter()
            .enumerate()
            .map(|(i, &d)| chain_with(d, 7 + i % 5))
            .collect::<Vec<Link>>()
    });
    // Every third chain's cells are borrowed for the walks.
    let held: Vec<_> = chains
        .iter()
        .step_by(3)
        .flat_map(cells)
        .map(|cell| cell.borrow_mut())
        .collect();
    let t = totals(&chains);
    assert_eq!(t.unreadable, held.len());
    assert!(t.heap_bytes_low <= truth.bytes && truth.bytes <= t.heap_bytes_high);
    assert_eq!(heap_bytes(&chains), t.heap_bytes);
    for (shown, nodes) in [(0, 10_000), (1, 10_000), (2, 10_000), (8, 10_000), (3, 200)] {
        let options = ReportOptions::default()
            .max_children(shown)
            .max_nodes(nodes);
        let report = chains.layout_report_with(options);
        assert_eq!(report.totals(), t, "{shown} shown, {nodes} nodes");
        let summary = summary_under(&report, "").expect("a summary");
        assert_eq!(summary.first_index, shown);
        let folded: Vec<Totals> = chains[shown..].iter().map(totals).collect();
        if let Err(e) = check_summary(&summary, &folded) {
            panic!("{shown} shown, {nodes} nodes: {e}");
        }
    }
    drop(held);
    for link in chains {
        drop_chain(link);
    }
}

/// The tally from 120 frames of about 1 KiB deep on a 256 KiB thread: its 64 KiB budget is
/// counted from where it starts, and what it defers runs from there too.
#[test]
fn tally_from_deep_recursion_on_a_256_kib_thread() {
    on_thread(256 << 10, || {
        let (tree, truth) = alloc::measure(|| spine(SPINE / 10));
        let (link, link_truth) = alloc::measure(|| chain_with(CHAIN / 100, 13));
        let figures = deep_call(120, &mut || (heap_bytes(&tree), totals(&link).heap_bytes));
        assert_eq!(figures, (truth.bytes, link_truth.bytes));
        drop_spine(tree);
        drop_chain(link);
    });
}
