//! Pointer hops (`Totals::max_indirection`, a node's `indirection()`, the `indirection` budget)
//! through linked structures, against ground truth we do not compute from the walk:
//! - a `LinkedList` holds a pointer to node 0 and node `k` one to node `k + 1`, so its last node
//!   is `len` pointer reads away; the counting allocator confirms one allocation per node;
//! - a `BTreeMap`'s height follows from its length and std's node capacity (11 keys, 12
//!   children) only as a bound: a tree of height `h` holds at most `12^(h + 1) - 1` entries.
//!   Up to ten entries it is one root leaf (height 0); 12 to 70 have height 1, 144 to 430
//!   height 2 (see `test_indirection_exactness.rs`). Elsewhere the figure must be a bound
//!   (`Totals::indirection_is_exact` false), and budgets on it fail as unverified.

use std::collections::{BTreeMap, BTreeSet, LinkedList};

use memlayout::budget::{check, Figure};
use memlayout::{Kind, Layout, LayoutReport, ReportOptions, TypeLayout};

#[path = "common/alloc.rs"]
mod alloc;

const LENGTHS: [usize; 6] = [0, 1, 2, 3, 100, 10_000];

/// The walk's figure from every walk that gives one: the totals, the report with default
/// options, and a report summarising past two children. They must agree.
fn hops<T: Layout>(value: &T) -> usize {
    let totals = memlayout::totals(value).max_indirection;
    let report = value.layout_report();
    assert_eq!(report.totals().max_indirection, totals, "report");
    assert_eq!(
        report.root().totals().max_indirection,
        totals,
        "report's root"
    );
    let summarised = value.layout_report_with(ReportOptions::new().max_children(2));
    assert_eq!(
        summarised.totals().max_indirection,
        totals,
        "summarised report"
    );
    totals
}

/// A list of `len` values made by `make`, and the allocations building it took (the values'
/// own included).
fn make_list<T>(len: usize, make: impl Fn(usize) -> T) -> (LinkedList<T>, usize) {
    let (list, usage) = alloc::measure(|| (0..len).map(&make).collect::<LinkedList<T>>());
    (list, usage.allocations)
}

#[test]
fn a_list_of_plain_values_is_as_deep_as_it_is_long() {
    for len in LENGTHS {
        let (list, allocations) = make_list(len, |i| i as u32);
        // One node per element: the last one is `len` hops from the list.
        assert_eq!(allocations, len);
        assert_eq!(memlayout::totals(&list).allocations, len);
        assert_eq!(hops(&list), len, "LinkedList<u32> of {len}");
    }
}

#[test]
fn each_shown_node_of_a_list_is_one_hop_past_the_one_before() {
    for len in [1, 2, 5, 100] {
        let (list, _) = make_list(len, |i| i.to_string());
        let report = list.layout_report();
        let nodes: Vec<_> = report.root().children().collect();
        assert!(!nodes.is_empty(), "{len}");
        for node in nodes.iter().filter(|n| n.summary().is_none()) {
            let k: usize = node
                .segment()
                .trim_matches(['[', ']'])
                .parse()
                .expect("[k]");
            assert_eq!(node.indirection(), k + 1, "{len}: node {k}");
            // Its string's buffer, one hop further.
            assert_eq!(node.totals().max_indirection, k + 2, "{len}: node {k}");
        }
    }
}

#[test]
fn a_list_of_strings_adds_the_hop_to_each_string() {
    for len in LENGTHS {
        // Non-empty strings: each node owns one more allocation, a hop below it.
        let (list, allocations) = make_list(len, |i| format!("s{i}"));
        assert_eq!(allocations, 2 * len);
        assert_eq!(hops(&list), if len == 0 { 0 } else { len + 1 });
        // Empty strings own nothing: the nodes are the deepest heap.
        let (empty, allocations) = make_list(len, |_| String::new());
        assert_eq!(allocations, len);
        assert_eq!(hops(&empty), len);
        // Only the first string allocates: the deepest heap is the last node.
        let (first, _) = make_list(len, |i| if i == 0 { "x".repeat(3) } else { String::new() });
        assert_eq!(hops(&first), len.max(2 * usize::from(len > 0)));
    }
}

/// A plain value with its own `Drop`: listed node by node, not as one block.
struct Noisy(#[allow(dead_code)] u64);

impl Drop for Noisy {
    fn drop(&mut self) {}
}

impl Layout for Noisy {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Noisy>("Noisy", Kind::Struct);
    const IS_LEAF: bool = true;
}

#[test]
fn a_list_of_values_with_drop_glue_counts_each_node() {
    for len in LENGTHS {
        let (list, allocations) = make_list(len, |i| Noisy(i as u64));
        assert_eq!(allocations, len);
        assert_eq!(hops(&list), len, "LinkedList<Noisy> of {len}");
    }
}

/// A list inside a struct behind a `Box`: its hops add to the box's.
struct Holder {
    list: LinkedList<u32>,
    names: LinkedList<String>,
}

impl Layout for Holder {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Holder>("Holder", Kind::Struct);
    fn visit<'a, V: memlayout::Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "list", &self.list);
        v.field(1, "names", &self.names);
    }
}

#[test]
fn hops_add_through_a_box() {
    for (len, names) in [(0, 0), (5, 0), (5, 3), (3, 5), (100, 2)] {
        let holder = Box::new(Holder {
            list: (0..len as u32).collect(),
            names: (0..names).map(|i| format!("n{i}")).collect(),
        });
        // The box is one hop; behind it, the deeper of the list's last node and the last
        // name's string (one past its node).
        let inner = len.max(if names == 0 { 0 } else { names + 1 });
        assert_eq!(hops(&holder), 1 + inner, "({len}, {names})");
    }
}

#[test]
fn lists_as_elements_are_as_deep_as_the_longest() {
    // Many elements, so the report folds them past its node budget.
    let shapes: [Vec<u32>; 3] = [vec![0, 1, 5, 3], vec![2; 40], (0..60).collect()];
    for lengths in shapes {
        let lists: Vec<LinkedList<u32>> = lengths.iter().map(|&n| (0..n).collect()).collect();
        let longest = lengths.iter().copied().max().unwrap_or(0) as usize;
        // The vector's buffer is one hop; each list's nodes start one below it.
        assert_eq!(hops(&lists), 1 + longest, "{lengths:?}");
        let strings: Vec<LinkedList<String>> = lengths
            .iter()
            .map(|&n| (0..n).map(|i| i.to_string()).collect())
            .collect();
        let deepest = if longest == 0 { 1 } else { longest + 2 };
        assert_eq!(hops(&strings), deepest, "{lengths:?}");
    }
}

/// Whether `budget` on `figure` holds for `value`, and whether a failure is unverified.
fn budget<T: Layout>(value: &T, figure: Figure, budget: usize) -> Result<(), bool> {
    match check("value", value, &[(figure, budget)]) {
        Ok(_) => Ok(()),
        Err(e) => Err(e.overruns[0].unverified.is_some()),
    }
}

#[test]
fn an_indirection_budget_on_a_list_holds_exactly_at_its_length() {
    for len in [1, 2, 100, 10_000] {
        let (list, _) = make_list(len, |i| i as u32);
        assert_eq!(budget(&list, Figure::Indirection, len), Ok(()));
        assert_eq!(budget(&list, Figure::Indirection, len - 1), Err(false));
        let report = list.layout_report();
        report.assert_indirection_at_most(len);
        let over = std::panic::catch_unwind(|| report.assert_indirection_at_most(len - 1));
        assert!(over.is_err(), "{len}");
    }
    // The tester's case: 100 nodes within 2 hops.
    let (list, _) = make_list(100, |i| i as u32);
    assert_eq!(budget(&list, Figure::Indirection, 2), Err(false));
}

/// The least height of a B-tree of `len` entries: a tree of height `h` holds at most
/// `12^(h + 1) - 1` (11 keys a node, 12 children).
fn least_height(len: usize) -> usize {
    let mut height = 0;
    while 12usize.pow(height as u32 + 1) - 1 < len {
        height += 1;
    }
    height
}

/// The greatest height of a B-tree of `len` entries: every node but the root holds at least 5
/// keys, so the smallest tree of height `h` is a root of one key over two subtrees of
/// `6^h - 1` entries, `2 * 6^h - 1` in all.
fn greatest_height(len: usize) -> usize {
    let mut height = 0;
    while 2 * 6usize.pow(height as u32 + 1) - 1 <= len {
        height += 1;
    }
    height
}

/// Maps of `len` entries, built in order (leaves packed full) and one by one in a scattered
/// order (leaves about half full, taller), and one grown then shrunk by removals.
fn maps(len: usize) -> Vec<BTreeMap<u32, u32>> {
    let sorted: BTreeMap<u32, u32> = (0..len as u32).map(|i| (i, i)).collect();
    let mut scattered = BTreeMap::new();
    for i in 0..len as u32 {
        scattered.insert(i.wrapping_mul(2_654_435_761) % 1_000_003, i);
    }
    let mut shrunk: BTreeMap<u32, u32> = (0..(4 * len) as u32).map(|i| (i, i)).collect();
    shrunk.retain(|k, _| (*k as usize) < len);
    vec![sorted, scattered, shrunk]
}

#[test]
fn a_btree_is_exact_where_its_height_is_known_and_a_bound_elsewhere() {
    for len in [0, 1, 10, 11, 12, 13, 16, 17, 100, 143, 144, 2_000, 30_000] {
        for map in maps(len) {
            let t = memlayout::totals(&map);
            let reported = hops(&map);
            let least = least_height(len);
            if len == 0 {
                continue;
            }
            // The map's pointer to its root, then one hop a level.
            assert!(
                reported > least,
                "{len}: {reported} hops, least height {least}"
            );
            // The heap bytes are known where the invariants leave one shape.
            assert_eq!(t.is_exact, len <= 10 || (12..=16).contains(&len), "{len}");
            if t.indirection_is_exact {
                // Only where the length fixes the height: one root leaf up to 10 entries,
                // height 1 from 12 to 70, 2 from 144 to 430, 3 from 1,728 to 2,590.
                assert_eq!(least_height(len), greatest_height(len), "{len}");
                let height = least_height(len);
                assert_eq!(reported, height + 1, "{len}");
                assert_eq!(budget(&map, Figure::Indirection, height + 1), Ok(()));
                assert_eq!(budget(&map, Figure::Indirection, height), Err(false));
            } else {
                // A bound: no budget passes unverified, however loose.
                assert_eq!(
                    budget(&map, Figure::Indirection, reported),
                    Err(true),
                    "{len}"
                );
                assert_eq!(budget(&map, Figure::Indirection, 1_000), Err(true), "{len}");
                let error = check("map", &map, &[(Figure::Indirection, 1_000)]).unwrap_err();
                let why = error.overruns[0].unverified.clone().unwrap_or_default();
                assert!(why.contains(&format!("at least {reported} ")), "{why}");
                assert!(why.contains("lower bound"), "{why}");
            }
        }
    }
}

#[test]
fn a_btree_of_strings_is_exact_only_in_one_leaf() {
    for len in [1, 10, 12, 16, 100] {
        let map: BTreeMap<u32, String> = (0..len as u32).map(|i| (i, i.to_string())).collect();
        let set: BTreeSet<String> = (0..len).map(|i| i.to_string()).collect();
        for t in [memlayout::totals(&map), memlayout::totals(&set)] {
            // The strings in the leaves are `height + 2` hops away, in the nodes above fewer:
            // which entry sits in which node is not known, so only a single root leaf places
            // them exactly. Elsewhere the figure is a bound, never below the leaves' depth.
            assert_eq!(t.indirection_is_exact, len <= 10, "{len}: {t:?}");
            // The bytes are known where the node count is, whatever the depth.
            assert_eq!(
                t.is_exact,
                len <= 10 || (12..=16).contains(&len),
                "{len}: {t:?}"
            );
            assert!(t.max_indirection > least_height(len), "{len}");
            if len <= 10 {
                assert_eq!(t.max_indirection, 2);
            }
        }
        if len > 10 {
            assert_eq!(budget(&map, Figure::Indirection, 1_000), Err(true), "{len}");
        }
        // Where the depth is unknown, the report says so, and "heap exact" where only the
        // depth is unknown (not "between x and x").
        let text = map.layout_report().to_string();
        assert_eq!(
            text.contains("indirection a lower bound"),
            len > 10,
            "{text}"
        );
        assert_eq!(
            text.contains("heap exact; indirection a lower bound"),
            (12..=16).contains(&len),
            "{text}"
        );
        assert_eq!(text.contains("heap between"), len > 16, "{text}");
    }
}
