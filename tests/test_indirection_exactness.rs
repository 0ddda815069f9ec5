//! Whether the depth (`Totals::max_indirection`) is exact, apart from whether the heap bytes
//! are (`Totals::indirection_is_exact` against `Totals::is_exact`), and the `indirection`
//! budget verified exactly when the depth is.
//!
//! Ground truth for a B-tree's height: the node sizes its drop frees (counting allocator). A
//! leaf and an internal node differ in size; a tree of height 0 has no internal node, of
//! height 1 one, of height 2 from 3 to 13 (a root over 2 to 12), of height 3 at least 15.

use std::collections::{BTreeMap, BTreeSet, HashMap, LinkedList};

use memlayout::budget::{check, Figure};
use memlayout::{Layout, LayoutReport, ReportOptions, Totals};

#[path = "common/alloc.rs"]
mod alloc;

/// The depth and its exactness from every walk that gives them (the totals, a report, a
/// summarising report, the report's JSON): they must agree.
fn depth<T: Layout>(value: &T) -> (usize, bool) {
    let t = memlayout::totals(value);
    let reports = [
        value.layout_report(),
        value.layout_report_with(ReportOptions::new().max_children(2)),
    ];
    for report in &reports {
        let r = report.totals();
        assert_eq!(
            (r.max_indirection, r.indirection_is_exact),
            (t.max_indirection, t.indirection_is_exact),
            "report"
        );
    }
    let json = reports[0].to_json();
    let key = format!(r#""indirection_is_exact":{}"#, t.indirection_is_exact);
    assert!(json.contains(&key), "{json}");
    (t.max_indirection, t.indirection_is_exact)
}

/// Whether an `indirection <= budget` holds for `value`, and whether a failure is unverified;
/// `Report::assert_indirection_at_most` must agree.
fn budget<T: Layout>(value: &T, budget: usize) -> Result<(), bool> {
    let checked = match check("value", value, &[(Figure::Indirection, budget)]) {
        Ok(_) => Ok(()),
        Err(e) => Err(e.overruns[0].unverified.is_some()),
    };
    let report = value.layout_report();
    let asserted = std::panic::catch_unwind(|| report.assert_indirection_at_most(budget));
    assert_eq!(asserted.is_ok(), checked.is_ok(), "{budget}");
    checked
}

/// Checks a value whose true depth is `truth`: an exact depth is the truth and its budgets
/// hold exactly from it; a bound is at most the truth and no budget passes on it.
fn check_depth<T: Layout>(value: &T, truth: usize, what: &str) {
    let (reported, exact) = depth(value);
    if exact {
        assert_eq!(reported, truth, "{what}");
        assert_eq!(budget(value, truth), Ok(()), "{what}");
        if truth > 0 {
            assert_eq!(budget(value, truth - 1), Err(false), "{what}");
        }
    } else {
        assert!(reported <= truth, "{what}: {reported} > {truth}");
        assert_eq!(budget(value, reported), Err(true), "{what}");
        assert_eq!(budget(value, 1_000), Err(true), "{what}");
        let error = check("v", value, &[(Figure::Indirection, 1_000)]).unwrap_err();
        let why = error.overruns[0].unverified.clone().unwrap_or_default();
        assert!(why.contains(&format!("at least {reported} ")), "{why}");
    }
}

/// The height of a B-tree from the sizes its drop frees: `internal` is an internal node's
/// size. `None` past height 2 (3 and 4 overlap in node counts from 87 internal nodes on).
fn dropped_height<T>(tree: T, internal: usize) -> Option<usize> {
    let frees = alloc::frees_during(move || drop(tree));
    let internals = frees.iter().filter(|&&size| size == internal).count();
    match internals {
        0 => Some(0),
        1 => Some(1),
        3..=13 => Some(2),
        _ => {
            assert!(internals >= 15, "{internals} internal nodes");
            None
        }
    }
}

/// An internal node's size: the size of a leaf (parent pointer, two `u16`s, 11 keys and 11
/// values) plus 12 child pointers, rounded to the alignment. The tests below read it back
/// from the frees of a tree known to have one internal node and two leaves (12 entries).
fn internal_size<K: Ord + Clone, V: Clone>(make: impl Fn(u32) -> (K, V)) -> usize {
    let tree: BTreeMap<K, V> = (0..12).map(&make).collect();
    let mut sizes = alloc::frees_during(move || drop(tree));
    sizes.sort_unstable();
    sizes.dedup();
    // The keys' and values' own buffers are smaller than a node of 11 of them.
    *sizes.last().expect("a tree of 12 entries allocates")
}

/// Maps of `len` entries by several histories: a sorted collect (leaves packed full), inserts
/// in a scattered order, removals from a larger map, `split_off`, `append`, removals one by one
/// from the front.
fn histories<V: Clone>(
    len: u32,
    value: impl Fn(u32) -> V,
) -> Vec<(&'static str, BTreeMap<u32, V>)> {
    let sorted: BTreeMap<u32, V> = (0..len).map(|i| (i, value(i))).collect();
    let mut scattered = BTreeMap::new();
    for i in 0..len {
        scattered.insert(i.wrapping_mul(2_654_435_761) % 1_000_003, value(i));
    }
    let mut retained: BTreeMap<u32, V> = (0..4 * len).map(|i| (i, value(i))).collect();
    retained.retain(|k, _| *k % 4 == 0);
    let mut split: BTreeMap<u32, V> = (0..2 * len).map(|i| (i, value(i))).collect();
    let split = split.split_off(&len);
    let mut appended: BTreeMap<u32, V> = (0..len / 2).map(|i| (i, value(i))).collect();
    let mut other: BTreeMap<u32, V> = (len / 2..len).map(|i| (i, value(i))).collect();
    appended.append(&mut other);
    let mut popped: BTreeMap<u32, V> = (0..len + len / 2).map(|i| (i, value(i))).collect();
    for _ in 0..len / 2 {
        popped.pop_first();
    }
    vec![
        ("sorted", sorted),
        ("scattered", scattered),
        ("retained", retained),
        ("split_off", split),
        ("append", appended),
        ("pop_first", popped),
    ]
}

/// Whether the B-tree invariants fix the height of a tree of `len` entries: the least height
/// (a tree of height `h` holds at most `12^(h + 1) - 1` entries) is the greatest (every node
/// but the root holds at least 5 keys: the smallest tree of height `h` holds `2 * 6^h - 1`).
/// One root leaf up to 10; height 1 from 12 to 70; 2 from 144 to 430; 3 from 1,728 to 2,590.
fn height_is_fixed(len: usize) -> bool {
    let (mut least, mut greatest) = (0, 0);
    while 12usize.pow(least + 1) - 1 < len {
        least += 1;
    }
    while 2 * 6usize.pow(greatest + 1) - 1 <= len {
        greatest += 1;
    }
    least == greatest
}

const LENGTHS: [u32; 18] = [
    0, 1, 10, 11, 12, 16, 17, 40, 70, 71, 100, 143, 144, 300, 430, 431, 2_000, 2_600,
];

#[test]
fn a_btree_of_numbers_has_an_exact_depth_where_its_length_fixes_its_height() {
    let internal = internal_size(|i| (i, i));
    for len in LENGTHS {
        for (how, map) in histories(len, |i| i) {
            let what = format!("{how} {len}");
            let (reported, exact) = depth(&map);
            assert_eq!(exact, height_is_fixed(len as usize), "{what}");
            let set: BTreeSet<u32> = map.keys().copied().collect();
            assert_eq!(depth(&set).1, exact, "{what} (set)");
            let probe = map.clone();
            let truth = match dropped_height(probe, internal) {
                Some(height) if len > 0 => height + 1,
                Some(_) => 0,
                None => {
                    // Height 3 or more by the frees: an exact depth is at least 4.
                    assert!(!exact || reported >= 4, "{what}");
                    continue;
                }
            };
            // `clone` copies the tree node for node (std's `clone_subtree`): same height.
            check_depth(&map, truth, &what);
        }
    }
}

#[test]
fn a_btree_whose_entries_own_heap_has_an_exact_depth_only_in_one_leaf() {
    let internal = internal_size(|i| (i, i.to_string()));
    for len in [1, 10, 11, 12, 16, 40, 100] {
        for (how, map) in histories(len, |i| format!("v{i}")) {
            let what = format!("{how} {len}");
            let (_, exact) = depth(&map);
            // Under a root, an entry's string is one or two hops below the map: not known
            // which.
            assert_eq!(exact, len <= 10, "{what}");
            let t = memlayout::totals(&map);
            // The bytes are known where the node count is (one shape), whatever the depth.
            assert_eq!(t.is_exact, len <= 10 || (12..=16).contains(&len), "{what}");
            let height = dropped_height(map.clone(), internal).expect("height at most 2");
            check_depth(&map, height + 2, &what);
        }
    }
}

/// A hash table shrunk by removals: its bytes may be an estimate (tombstones hide its size),
/// its depth is not.
#[test]
fn a_hash_map_after_removals_keeps_an_exact_depth() {
    let mut estimates = 0;
    for (len, keep) in [(100u64, 3), (1_000, 7), (57, 2), (20, 20), (5_000, 1_000)] {
        let mut map: HashMap<u64, Vec<u8>> = (0..len).map(|k| (k, vec![1; 3])).collect();
        map.retain(|k, _| k % keep == 0);
        let mut one_by_one: HashMap<u64, Box<u32>> = HashMap::new();
        for k in 0..len {
            one_by_one.insert(k, Box::new(k as u32));
            if k % 3 != 0 {
                one_by_one.remove(&(k / 2));
            }
        }
        for t in [memlayout::totals(&map), memlayout::totals(&one_by_one)] {
            estimates += usize::from(!t.is_exact);
            assert!(t.indirection_is_exact, "{len}/{keep}: {t:?}");
        }
        // The table, then each value's buffer or box.
        check_depth(&map, if map.is_empty() { 0 } else { 2 }, "retain");
        check_depth(&one_by_one, 2, "remove");
    }
    // The point of the test: some of these tables are estimates.
    assert!(estimates > 0);
}

#[test]
fn a_linked_list_has_an_exact_depth() {
    for len in [0, 1, 2, 50] {
        let list: LinkedList<u32> = (0..len).collect();
        check_depth(&list, len as usize, "list");
        let strings: LinkedList<String> = (0..len).map(|i| i.to_string()).collect();
        check_depth(
            &strings,
            if len == 0 { 0 } else { len as usize + 1 },
            "strings",
        );
    }
}

/// Mixes: the depth is exact only if every part's is, whether the parts are shown, summarised
/// or behind a box.
#[test]
fn nested_values_are_exact_only_if_every_part_is() {
    let small: BTreeMap<u32, u32> = (0..5).map(|i| (i, i)).collect();
    let open: BTreeMap<u32, u32> = (0..100).map(|i| (i, i)).collect();
    // Many small maps (a summary past two children) and one open one among them.
    let mut maps = vec![small.clone(); 30];
    check_depth(&maps, 2, "Vec of one-leaf maps");
    maps[17] = open.clone();
    let (reported, exact) = depth(&maps);
    assert!(!exact && reported == 3, "{reported}");
    // A hash map of lists after removals, in a box.
    let mut lists: HashMap<u32, LinkedList<u32>> =
        (0..40).map(|k| (k, (0..k % 5).collect())).collect();
    lists.retain(|k, _| k % 4 == 1);
    let lists = Box::new(lists);
    // Box, table, then up to 4 list nodes (keys 1, 5, ... hold k % 5 = 1 node; 21 holds 1 ...).
    let longest = lists.values().map(LinkedList::len).max().unwrap_or(0);
    check_depth(&lists, 2 + longest, "Box<HashMap<u32, LinkedList>>");
    // An exact-depth map of maps, and one whose inner maps own heap under a root.
    let nested: BTreeMap<u32, BTreeMap<u32, u32>> = (0..3).map(|i| (i, small.clone())).collect();
    check_depth(&nested, 2, "one-leaf map of one-leaf maps");
    let deep: BTreeMap<u32, BTreeMap<u32, u32>> = (0..20).map(|i| (i, small.clone())).collect();
    assert!(!depth(&deep).1);
    let boxed: Option<Box<BTreeMap<u32, u32>>> = Some(Box::new(open));
    assert!(!depth(&boxed).1);
}

/// An unreadable part leaves no depth known, whatever the rest.
#[test]
fn an_unreadable_part_leaves_the_depth_open() {
    let locked = std::sync::Mutex::new(vec![1u8; 8]);
    let _guard = locked.lock().unwrap();
    let t: Totals = memlayout::totals(&locked);
    assert!(!t.indirection_is_exact && !t.is_exact);
    assert_eq!(budget(&locked, 1_000), Err(true));
}
