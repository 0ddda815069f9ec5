//! Report nodes' reserved bytes under the `Jemalloc` model against jemalloc itself: each
//! node's figure equals the sum of `malloc_usable_size` over the allocations that node's part
//! of the value really holds (read from the live pointers), a summary's the sum over its folded
//! elements. (The root's figure against `stats.allocated` is in `whole_values_jemalloc.rs`.)

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use memlayout::allocator::Model;
use memlayout::{LayoutReport, Report, ReportOptions};
use memlayout_allocators::{map_of_vectors, short_strings};
use tikv_jemalloc_ctl::raw;
use tikv_jemallocator::Jemalloc as Real;

#[global_allocator]
static GLOBAL: Real = Real;

/// Serialises the tests: `stats.allocated` is process-wide.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs alone, with this thread's cache off: a freed block waiting in a thread cache still
/// counts as allocated, and would leave it when that thread exits, amid another measurement.
fn alone() -> MutexGuard<'static, ()> {
    let one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: `thread.tcache.enabled` takes a bool.
    unsafe { raw::write(b"thread.tcache.enabled\0", false) }.expect("tcache off");
    one
}

/// jemalloc's usable size of a buffer of `capacity` elements at `ptr` (0 for no allocation).
fn usable<T>(ptr: *const T, capacity: usize) -> usize {
    if capacity == 0 || size_of::<T>() == 0 {
        return 0;
    }
    // SAFETY: `ptr` is a live allocation made by jemalloc (the global allocator).
    unsafe { tikv_jemallocator::usable_size(ptr) }
}

fn string(s: &String) -> usize {
    usable(s.as_ptr(), s.capacity())
}

fn strings(v: &[String]) -> usize {
    v.iter().map(string).sum()
}

fn vec_of_strings(v: &Vec<String>) -> usize {
    usable(v.as_ptr(), v.capacity()) + strings(v)
}

fn options() -> ReportOptions {
    ReportOptions::new()
        .allocator(Model::Jemalloc)
        .max_children(4)
}

fn reserved_at(report: &Report, path: &str) -> usize {
    let node = report
        .find(path)
        .unwrap_or_else(|| panic!("no node {path}"));
    node.reserved().expect("a model was chosen").reserved_bytes
}

/// Every node's reserved bytes add up as heap bytes do: its own blocks' plus its children's,
/// never below its heap bytes.
fn assert_adds_up(report: &Report) {
    for node in report.nodes() {
        let reserved = node.reserved().unwrap();
        assert!(
            reserved.reserved_bytes >= node.heap_bytes(),
            "{}",
            node.path()
        );
        let children: usize = node
            .children()
            .map(|c| c.reserved().unwrap().reserved_bytes)
            .sum();
        assert!(reserved.reserved_bytes >= children, "{}", node.path());
        assert_eq!(reserved.header_bytes, 0, "jemalloc keeps no headers");
    }
}

/// Vectors of strings of several shapes: empty, small, grown by pushing, shrunk, after removals.
fn shapes() -> Vec<(&'static str, Vec<String>)> {
    let mut grown = Vec::new();
    for i in 0..300 {
        grown.push(format!("item {i}"));
    }
    let mut shrunk = short_strings(500);
    shrunk.truncate(37);
    shrunk.shrink_to_fit();
    let mut removed = short_strings(1000);
    removed.retain(|s| s.len() % 3 != 0);
    let mut with_spare = String::with_capacity(100);
    with_spare.push_str("spare");
    vec![
        ("empty", Vec::new()),
        ("small", vec!["ab".into(), String::new(), with_spare]),
        ("short strings", short_strings(5000)),
        ("grown", grown),
        ("shrunk", shrunk),
        ("after removals", removed),
    ]
}

#[test]
fn string_vectors_nodes_hold_their_usable_sizes() {
    let _one = alone();
    for (shape, v) in shapes() {
        let r = v.layout_report_with(options());
        assert_eq!(reserved_at(&r, ""), vec_of_strings(&v), "{shape}");
        for (i, s) in v.iter().enumerate().take(4) {
            assert_eq!(
                reserved_at(&r, &format!("[{i}]")),
                string(s),
                "{shape} [{i}]"
            );
        }
        if v.len() > 4 {
            let summary = format!("[4..{}]", v.len());
            assert_eq!(reserved_at(&r, &summary), strings(&v[4..]), "{shape}");
        }
        assert_adds_up(&r);
    }
}

#[test]
fn map_entries_hold_their_keys_and_values_usable_sizes() {
    let _one = alone();
    for n in [0, 3, 50, 2000] {
        let map: HashMap<String, Vec<u32>> = map_of_vectors(n);
        let r = map.layout_report_with(options());
        let entry = |k: &String, v: &Vec<u32>| string(k) + usable(v.as_ptr(), v.capacity());
        let mut shown = 0;
        for node in r.root().children() {
            let reserved = node.reserved().unwrap().reserved_bytes;
            if let Some(summary) = node.summary() {
                // The folded entries are those in iteration order from `first_index` on.
                let folded: usize = map
                    .iter()
                    .skip(summary.first_index)
                    .map(|(k, v)| entry(k, v))
                    .sum();
                assert_eq!(reserved, folded, "{n} entries, {}", node.path());
            } else {
                let key = node.path();
                let key = key.trim_start_matches("[\"").trim_end_matches("\"]");
                let (k, v) = map.get_key_value(key).expect("a shown key");
                assert_eq!(reserved, entry(k, v), "{n} entries, {key}");
                shown += 1;
            }
        }
        assert_eq!(shown, n.min(4));
        let entries: usize = map.iter().map(|(k, v)| entry(k, v)).sum();
        let root = r.reserved().unwrap();
        // The table's own block is the rest: jemalloc's usable size of it is not reachable
        // from the map, so it is checked through `stats.allocated` below.
        assert!(root.reserved_bytes >= entries + root.totals.heap_bytes - r.totals().heap_bytes);
        assert_adds_up(&r);
    }
}

/// A tree: each node a name, 0-3 tags and its children.
#[derive(memlayout::Layout)]
struct Tree {
    name: String,
    tags: Vec<String>,
    children: Vec<Tree>,
}

fn tree(fanout: usize, depth: usize, at: &mut usize) -> Tree {
    *at += 1;
    Tree {
        name: format!("node {at} of the tree"),
        tags: (0..*at % 4).map(|t| "t".repeat(t * 9 + 1)).collect(),
        children: if depth == 0 {
            Vec::new()
        } else {
            (0..fanout).map(|_| tree(fanout, depth - 1, at)).collect()
        },
    }
}

/// jemalloc's usable sizes over every allocation of a tree.
fn real_tree(t: &Tree) -> usize {
    string(&t.name)
        + vec_of_strings(&t.tags)
        + usable(t.children.as_ptr(), t.children.capacity())
        + t.children.iter().map(real_tree).sum::<usize>()
}

#[test]
fn tree_nodes_hold_their_usable_sizes() {
    let _one = alone();
    for (fanout, depth) in [(1, 0), (3, 2), (7, 3)] {
        let t = tree(fanout, depth, &mut 0);
        let r = t.layout_report_with(options());
        assert_eq!(reserved_at(&r, ""), real_tree(&t));
        assert_eq!(reserved_at(&r, ".name"), string(&t.name));
        assert_eq!(reserved_at(&r, ".tags"), vec_of_strings(&t.tags));
        for (i, child) in t.children.iter().enumerate().take(4) {
            assert_eq!(
                reserved_at(&r, &format!(".children[{i}]")),
                real_tree(child)
            );
        }
        if t.children.len() > 4 {
            let summary = format!(".children[4..{}]", t.children.len());
            let folded: usize = t.children[4..].iter().map(real_tree).sum();
            assert_eq!(reserved_at(&r, &summary), folded);
        }
        assert_adds_up(&r);
    }
}
