//! What a report costs in memory while it is made (issue 16), measured with the counting
//! allocator: how often a small report calls the allocator, and the transient memory of large
//! ones (the most bytes live during the walk, less what the finished report keeps).

#[path = "../tests/common/alloc.rs"]
mod alloc;

#[path = "workloads/mod.rs"]
mod workloads;

use memlayout::{Layout, LayoutReport};

#[derive(Layout)]
struct Pair {
    first: String,
    second: String,
}

/// Transient bytes of `value`'s default report (the peak live bytes during the walk less what
/// the report keeps; also counting each reallocation as a move), and what the report keeps.
fn transient<T: Layout>(value: &T) -> (usize, usize, usize) {
    let before = alloc::live().0;
    let (report, peak) = alloc::peak_during(|| value.layout_report());
    let kept = usize::try_from(alloc::live().0 - before).unwrap();
    drop(report);
    (peak.bytes - kept, peak.bytes_if_moved - kept, kept)
}

/// The most transient memory a default report may take, whatever the value's size (issue 16).
const TRANSIENT_LIMIT: usize = 1 << 20;

#[test]
fn a_small_report_allocates_once() {
    let pair = Pair {
        first: String::from("alpha"),
        second: String::from("beta"),
    };
    let (report, calls) = alloc::allocation_calls(|| pair.layout_report());
    assert_eq!(report.nodes().len(), 3);
    assert_eq!(calls, 1);
    // Reading it back (findings included) is where a small report's other costs are.
    assert!(report.findings().is_empty());
}

/// Checks the default report of `value` stays within [`TRANSIENT_LIMIT`] beyond what it keeps,
/// and prints the figures (`--nocapture`). Were each reallocation of the growing node arena to
/// move it, the old arena would be live beside the new one: that figure is printed, not held to
/// the limit (the arena grows by doubling; see the issue 16 notes).
fn check_transient<T: Layout>(name: &str, value: &T) {
    let (transient, if_moved, kept) = transient(value);
    println!(
        "{name}: transient {transient} B ({if_moved} B if reallocations move), report {kept} B"
    );
    assert!(
        transient <= TRANSIENT_LIMIT,
        "{name}: {transient} B transient"
    );
}

#[test]
fn transient_memory_stays_under_a_mebibyte() {
    let nodes = workloads::tree_nodes(10, 5);
    let tree = workloads::tree(10, 5);
    assert!(nodes > 100_000);
    check_transient("tree", &tree);
    drop(tree);
    let list = workloads::list(100_000);
    check_transient("Box list, 100,000", &list);
    drop(list);
    let strings = workloads::vec_string(1_000_000);
    check_transient("Vec<String>, 1,000,000", &strings);
    drop(strings);
    let map = workloads::hash_map(100_000);
    check_transient("HashMap, 100,000", &map);
}
