//! What a report costs in memory while it is made (issue 16), measured with the counting
//! allocator: how often a small report calls the allocator, and the transient memory of large
//! ones (the most bytes live during the walk, less what the finished report keeps).

#[path = "../tests/common/alloc.rs"]
mod alloc;

#[path = "workloads/mod.rs"]
#[allow(dead_code)]
mod workloads;

use memlayout::{Layout, LayoutReport};

#[derive(Layout)]
struct Pair {
    first: String,
    second: String,
}

/// Transient bytes of `value`'s default report: the peak live bytes during the walk less what
/// the report keeps.
fn transient<T: Layout>(value: &T) -> (usize, usize) {
    let before = alloc::live().0;
    let (report, peak) = alloc::peak_during(|| value.layout_report());
    let kept = usize::try_from(alloc::live().0 - before).unwrap();
    drop(report);
    (peak - kept, kept)
}

#[test]
fn small_report_allocation_calls() {
    let pair = Pair {
        first: String::from("alpha"),
        second: String::from("beta"),
    };
    let (report, calls) = alloc::allocation_calls(|| pair.layout_report());
    println!("small report: {calls} allocation calls, {} nodes", report.nodes().len());
}

#[test]
fn transient_memory_of_large_reports() {
    let tree = workloads::tree(10, 5);
    println!("tree {:?}", transient(&tree));
    drop(tree);
    let list = workloads::list(100_000);
    println!("list {:?}", transient(&list));
    drop(list);
    let strings = workloads::vec_string(1_000_000);
    println!("strings {:?}", transient(&strings));
    drop(strings);
    let map = workloads::hash_map(100_000);
    println!("map {:?}", transient(&map));
}
