//! Plain heap blocks (`Visitor::plain_heap`): the buffers of `String`, `CString`, `Vec`,
//! `VecDeque` and `BinaryHeap` of padding-free elements, which the report's folder adds up
//! without the tests a general block needs.
//!
//! Every figure is checked against something the fold did not compute: the counting
//! allocator's live bytes and allocations, each buffer's capacity and length read through its
//! own API, the totals-only walk (which takes the call's default, `Visitor::heap`), and the same
//! report under an allocator model (whose folder also counts each block at its node). Values
//! come in several build histories (empty, grown, shrunk, emptied with capacity kept, zero
//! capacity, zero-sized elements, a ring buffer that wrapped) and as trees, so their parts are
//! shown, summarised and past the node budget in turn.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/fastpath_checks.rs"]
mod fastpath_checks;

use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};
use std::ffi::CString;
use std::mem::size_of;

use fastpath_checks::check_summary;
use memlayout::allocator::Model;
use memlayout::report::FindingKind;
use memlayout::visit::Visitor;
use memlayout::{HeapBlock, Layout, LayoutReport, Report, ReportOptions, Totals, TypeLayout};

/// Every kind of plain block (and a padded vector, which is not one), and children of its kind.
#[derive(Layout)]
struct Bag {
    name: String,
    words: Vec<u64>,
    units: Vec<()>,
    padded: Vec<(u8, u32)>,
    ring: VecDeque<u16>,
    heap: BinaryHeap<u32>,
    c: CString,
    unit_box: Box<()>,
    text: Box<str>,
    bytes: Vec<u8>,
    kids: Vec<Bag>,
}

/// A bag built in history `h` (0..6), with `kids` children.
fn bag(h: usize, kids: Vec<Bag>) -> Bag {
    let mut name = String::new();
    let mut words = Vec::new();
    let mut ring = VecDeque::new();
    let mut bytes = Vec::new();
    match h % 6 {
        // Empty: nothing allocated.
        0 => {}
        // Grown one element at a time: spare capacity.
        1 => {
            for i in 0..(5 + h) {
                name.push('x');
                words.push(i as u64);
                ring.push_back(i as u16);
                bytes.push(i as u8);
            }
        }
        // Shrunk to fit.
        2 => {
            name = "abcdefghij".repeat(3);
            name.truncate(7);
            name.shrink_to_fit();
            words = (0..40).collect();
            words.truncate(3);
            words.shrink_to_fit();
            bytes = vec![1; 9];
        }
        // Emptied, capacity kept: empty allocations.
        3 => {
            name = String::with_capacity(12);
            words = Vec::with_capacity(4);
            bytes = vec![1, 2, 3];
            bytes.clear();
            ring = VecDeque::with_capacity(6);
        }
        // A ring buffer that wrapped: two halves.
        4 => {
            ring = VecDeque::with_capacity(8);
            for i in 0..8 {
                ring.push_back(i);
            }
            for _ in 0..5 {
                ring.pop_front();
            }
            for i in 0..4 {
                ring.push_back(i);
            }
            name.push_str("wrapped");
        }
        // After removals.
        _ => {
            words = (0..20).collect();
            words.retain(|w| w % 3 == 0);
            name = "removals".to_string();
            name.pop();
        }
    }
    Bag {
        name,
        words,
        units: vec![(); h * 3],
        padded: (0..h % 3).map(|i| (i as u8, i as u32)).collect(),
        ring,
        heap: (0..(h % 4) as u32).collect(),
        c: CString::new("c".repeat(h % 5)).unwrap(),
        unit_box: Box::new(()),
        text: "t".repeat(h % 4).into_boxed_str(),
        bytes,
        kids,
    }
}

/// A tree of bags: `fanout` children a level, `depth` levels below the root.
fn tree(fanout: usize, depth: usize, seed: usize) -> Bag {
    let kids = if depth == 0 {
        Vec::new()
    } else {
        (0..fanout)
            .map(|i| tree(fanout, depth - 1, seed * 7 + i + 1))
            .collect()
    };
    bag(seed, kids)
}

/// The figures of a bag's own blocks (its children's aside), from each buffer's capacity and
/// length: (heap bytes, used, allocations, empty allocations).
fn own_blocks(b: &Bag) -> (usize, usize, usize, usize) {
    let blocks = [
        (b.name.capacity(), b.name.len()),
        (b.words.capacity() * 8, b.words.len() * 8),
        (
            b.padded.capacity() * size_of::<(u8, u32)>(),
            b.padded.len() * size_of::<(u8, u32)>(),
        ),
        (b.ring.capacity() * 2, b.ring.len() * 2),
        (b.heap.capacity() * 4, b.heap.len() * 4),
        (b.c.as_bytes_with_nul().len(), b.c.as_bytes_with_nul().len()),
        (b.text.len(), b.text.len()),
        (b.bytes.capacity(), b.bytes.len()),
        (
            b.kids.capacity() * size_of::<Bag>(),
            b.kids.len() * size_of::<Bag>(),
        ),
    ];
    blocks
        .iter()
        .fold((0, 0, 0, 0), |(h, u, a, e), &(bytes, used)| {
            (
                h + bytes,
                u + used,
                a + usize::from(bytes > 0),
                e + usize::from(bytes > 0 && used == 0),
            )
        })
}

/// [`own_blocks`] over the whole tree.
fn tree_blocks(b: &Bag) -> (usize, usize, usize, usize) {
    b.kids.iter().map(tree_blocks).fold(own_blocks(b), |x, y| {
        (x.0 + y.0, x.1 + y.1, x.2 + y.2, x.3 + y.3)
    })
}

/// Findings but those about allocator rounding (which only a model adds).
fn findings(report: &Report) -> String {
    let kept = report.findings().iter();
    let kept = kept.filter(|f| f.kind != FindingKind::AllocatorRounding);
    format!("{:?}", kept.collect::<Vec<_>>())
}

/// Checks the reports of `value` (which the allocator says owns `truth`) under several node
/// budgets and summary sizes, with and without an allocator model.
fn check_reports(value: &Bag, truth: alloc::Usage) {
    let (heap_bytes, used, allocations, empty) = tree_blocks(value);
    assert_eq!((heap_bytes, allocations), (truth.bytes, truth.allocations));
    let totals = memlayout::totals(value);
    assert_eq!(
        (totals.heap_bytes, totals.heap_used, totals.allocations),
        (heap_bytes, used, allocations)
    );
    // Every spare byte of these buffers is reclaimable.
    assert_eq!(totals.unused_capacity, heap_bytes - used);
    assert_eq!(totals.reclaimable, heap_bytes - used);
    check_folds(value, totals, empty > 0);
}

/// Checks the reports of `value`, whose totals-only walk gives `totals`, under several node
/// budgets and summary sizes, with and without an allocator model: the same totals, own and
/// elided figures that partition them, the same nodes under a model. `has_empty`: whether it
/// holds an empty allocation.
fn check_folds<T: Layout>(value: &T, totals: Totals, has_empty: bool) {
    let (heap_bytes, used, allocations) = (totals.heap_bytes, totals.heap_used, totals.allocations);
    // Every finding, however small.
    let all = ReportOptions::new().min_finding_bytes(0);
    let full = value.layout_report_with(all.max_nodes(usize::MAX).max_children(usize::MAX));
    let full_modelled = value.layout_report_with(
        ReportOptions::new()
            .max_nodes(usize::MAX)
            .max_children(usize::MAX)
            .allocator(Model::Jemalloc),
    );
    let empties = |r: &Report| {
        let found = r.findings().iter();
        found
            .filter(|f| f.kind == FindingKind::EmptyAllocation)
            .count()
    };
    assert_eq!(empties(&full) > 0, has_empty);
    for max_children in [0, 1, 3, ReportOptions::new().get_max_children()] {
        for max_nodes in [1, 2, 5, 13, 40, 200, ReportOptions::new().get_max_nodes()] {
            let options = all.max_nodes(max_nodes).max_children(max_children);
            let what = format!("max_nodes {max_nodes}, max_children {max_children}");
            let report = value.layout_report_with(options);
            assert_eq!(report.totals(), totals, "{what}");
            // Own and elided figures partition the heap.
            let sum = |f: fn(&Totals) -> usize| -> usize {
                let elided = report
                    .nodes()
                    .filter_map(|n| n.elided())
                    .map(|(_, t)| f(&t));
                report.nodes().map(|n| f(&n.own())).sum::<usize>() + elided.sum::<usize>()
            };
            assert_eq!(sum(|t| t.heap_bytes), heap_bytes, "{what}");
            assert_eq!(sum(|t| t.heap_used), used, "{what}");
            assert_eq!(sum(|t| t.allocations), allocations, "{what}");
            assert_eq!(sum(|t| t.reclaimable), totals.reclaimable, "{what}");
            // Empty allocations are found wherever their figures went.
            assert_eq!(empties(&report) > 0, has_empty, "{what}");
            // Under a model every folded block is also counted at its node: the same figures.
            let modelled = value.layout_report_with(options.allocator(Model::Jemalloc));
            assert_eq!(report.len(), modelled.len(), "{what}");
            for (a, b) in report.nodes().zip(modelled.nodes()) {
                let at = a.path();
                assert_eq!(at, b.path(), "{what}");
                assert_eq!(a.totals(), b.totals(), "{what}: {at}");
                assert_eq!(a.own(), b.own(), "{what}: {at}");
                assert_eq!(a.elided(), b.elided(), "{what}: {at}");
                assert_eq!(a.summary(), b.summary(), "{what}: {at}");
            }
            assert_eq!(findings(&report), findings(&modelled), "{what}");
            // Reserved bytes do not depend on where a block's figures went: those of the
            // full report, every block met by the walker (through `heap`).
            let reserved = |r: &Report| r.root().reserved().expect("a model was chosen");
            assert_eq!(reserved(&modelled), reserved(&full_modelled), "{what}");
        }
    }
}

#[test]
fn plain_blocks_in_every_history_alone() {
    for h in 0..6 {
        let (value, truth) = alloc::measure(|| bag(h, Vec::new()));
        check_reports(&value, truth);
    }
}

#[test]
fn plain_blocks_in_trees_shown_summarised_and_elided() {
    for (fanout, depth, seed) in [(3, 3, 1), (1, 8, 2), (12, 1, 3), (2, 4, 4), (0, 0, 5)] {
        let (value, truth) = alloc::measure(|| tree(fanout, depth, seed));
        check_reports(&value, truth);
    }
}

#[test]
fn plain_blocks_in_maps_of_trees() {
    // A map's entries fold in a loop of their own (their folder keeps the plain blocks' figures
    // apart from nothing); a value's subtree below them through the recursive visit.
    for (entries, fanout, depth) in [(1, 2, 2), (5, 3, 1), (40, 1, 3), (3, 0, 0)] {
        let build = |i: usize| (i as u32, tree(fanout, depth, i + 1));
        let (btree, truth) = alloc::measure(|| (0..entries).map(build).collect::<BTreeMap<_, _>>());
        let (hash, hash_truth) =
            alloc::measure(|| (0..entries).map(build).collect::<HashMap<_, _>>());
        let has_empty = btree.values().any(|b| tree_blocks(b).3 > 0);
        let totals = memlayout::totals(&btree);
        assert_eq!(
            (totals.heap_bytes, totals.allocations),
            (truth.bytes, truth.allocations)
        );
        check_folds(&btree, totals, has_empty);
        let totals = memlayout::totals(&hash);
        let truth = hash_truth;
        assert_eq!(
            (totals.heap_bytes, totals.allocations),
            (truth.bytes, truth.allocations)
        );
        check_folds(&hash, totals, has_empty);
    }
}

#[test]
fn summarised_bags_fold_their_plain_blocks() {
    let (value, truth) = alloc::measure(|| tree(20, 1, 9));
    check_reports(&value, truth);
    let shown = 4;
    let report = value.layout_report_with(ReportOptions::new().max_children(shown));
    let summary = report
        .nodes()
        .find_map(|n| n.summary().cloned())
        .expect("the children are summarised");
    let folded: Vec<Totals> = value.kids[shown..].iter().map(memlayout::totals).collect();
    // Count, least and greatest of every figure, each bag one hop into its parent's buffer.
    check_summary(&summary, &folded).unwrap();
}

/// Records the blocks a value reports through [`Visitor::heap`] (`plain_heap`'s default).
#[derive(Default)]
struct Blocks(Vec<HeapBlock>);

impl<'a> Visitor<'a> for Blocks {
    fn heap(&mut self, block: HeapBlock) {
        self.0.push(block);
    }
}

fn blocks<T: Layout>(value: &T) -> Vec<HeapBlock> {
    let mut visitor = Blocks::default();
    visitor.value(value);
    visitor.0
}

#[test]
fn default_plain_heap_passes_the_exact_block_to_heap() {
    let mut s = String::with_capacity(10);
    s.push_str("abc");
    assert_eq!(blocks(&s), [HeapBlock::exact(10, 1, 3)]);
    assert_eq!(blocks(&String::new()), [HeapBlock::exact(0, 1, 0)]);
    let mut v: Vec<u64> = (0..5).collect();
    v.reserve_exact(3);
    let cap = v.capacity();
    assert_eq!(blocks(&v), [HeapBlock::exact(cap * 8, 8, 40)]);
    // Zero-sized elements allocate nothing, however many.
    assert_eq!(blocks(&vec![(); 7]), [HeapBlock::exact(0, 1, 0)]);
    // A padded element type is not plain: its padding comes with the block.
    let p: Vec<(u8, u32)> = vec![(1, 2); 2];
    let (size, pad) = (size_of::<(u8, u32)>(), size_of::<(u8, u32)>() - 5);
    let padded = HeapBlock::exact(p.capacity() * size, 4, 2 * size).with_padding(2 * pad);
    assert_eq!(blocks(&p), [padded]);
    let c = CString::new("hi").unwrap();
    assert_eq!(blocks(&c), [HeapBlock::exact(3, 1, 3)]);
    let d: VecDeque<u16> = VecDeque::with_capacity(6);
    assert_eq!(blocks(&d), [HeapBlock::exact(d.capacity() * 2, 2, 0)]);
}

/// A hand-written impl that claims more bytes in use than it allocated: not a plain block,
/// which the folder must not take for one.
struct Overused;

impl Layout for Overused {
    const LAYOUT: &'static TypeLayout = <Vec<u8> as Layout>::LAYOUT;
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.plain_heap(4, 1, 10);
        v.plain_heap(0, 1, 3);
    }
}

#[test]
fn a_block_claiming_more_use_than_bytes_counts_as_heap_would() {
    let values: Vec<Overused> = (0..30).map(|_| Overused).collect();
    let totals = memlayout::totals(&values);
    // Past the node budget, and summarised under a model (the folder's ways; the summary
    // loop without a model hands such elements to `leaf_fold.rs`, not tested here: it
    // overflows on them in debug builds, as it does on the same blocks given to `heap`).
    for max_nodes in [1, 3, 12, ReportOptions::new().get_max_nodes()] {
        let options = ReportOptions::new().max_nodes(max_nodes);
        let report = values.layout_report_with(options.max_children(usize::MAX));
        assert_eq!(report.totals(), totals, "max_nodes {max_nodes}");
        for max_children in [0, 2] {
            let options = options
                .max_children(max_children)
                .allocator(Model::Jemalloc);
            let report = values.layout_report_with(options);
            let what = format!("max_nodes {max_nodes}, max_children {max_children}");
            assert_eq!(report.totals(), totals, "{what}");
        }
    }
    // The totals walk saturates each block's spare bytes, as for `heap`.
    let buffer = values.capacity() * size_of::<Overused>();
    assert_eq!(totals.heap_bytes, buffer + 30 * 4);
    assert_eq!(totals.heap_used, 30 * 13);
    assert_eq!(totals.unused_capacity, buffer);
}
