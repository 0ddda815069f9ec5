//! Exports of deep values grow with the number of nodes or steps, not with nodes times depth:
//! a deep `Option<Box<Node>>` chain's report JSON, folded stacks and drop-order JSON stay
//! under a fixed number of bytes per node (step) however long the chain.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/chain.rs"]
mod chain;

use std::mem::size_of;

use chain::{chain, Node};
use memlayout::{DropOrderExt, LayoutReport, ReportOptions};

/// Chain lengths tried: the bytes per node must not grow with them.
const LINKS: [usize; 3] = [500, 5_000, 20_000];

/// Runs `f` on a thread with the default 2 MiB stack of a spawned thread.
fn on_spawned_thread(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the export overflowed or panicked");
}

/// Asserts `bytes(links) / units(links)` stays under `limit` for every chain length.
fn assert_bounded(what: &str, limit: usize, export: impl Fn(&Option<Box<Node>>) -> (usize, usize)) {
    for links in LINKS {
        let head = chain(links);
        let (bytes, units) = export(&head);
        assert!(units >= links, "{what}: {units} units for {links} links");
        assert!(
            bytes <= limit * units,
            "{what}: {bytes} bytes for {units} units ({} per unit, limit {limit}) at {links} links",
            bytes / units
        );
    }
}

#[test]
fn report_json_grows_with_the_nodes() {
    on_spawned_thread(|| {
        // Every link shown: no node budget, no chain summary.
        let options = ReportOptions::default()
            .max_nodes(usize::MAX)
            .max_children(usize::MAX);
        assert_bounded("report JSON", 2_048, |head| {
            let report = head.layout_report_with(options);
            (report.to_json().len(), report.len())
        });
    });
}

#[test]
fn folded_stacks_grow_with_the_nodes_and_add_up() {
    on_spawned_thread(|| {
        // Every link shown: no node budget, no chain summary.
        let options = ReportOptions::default()
            .max_nodes(usize::MAX)
            .max_children(usize::MAX);
        for links in LINKS {
            let (head, allocated) = alloc::measure(|| chain(links));
            let report = head.layout_report_with(options);
            let folded = report.folded();
            assert!(
                folded.len() <= 2_048 * report.len(),
                "{links} links: {} bytes",
                folded.len()
            );
            let mut sum = 0;
            for line in folded.lines() {
                let (stack, bytes) = line.rsplit_once(' ').unwrap();
                // A flame graph's depth is bounded: head, `…`, tail.
                assert!(stack.split(';').count() <= 1 + 24 + 1 + 8, "{line}");
                sum += bytes.parse::<usize>().unwrap();
            }
            assert_eq!(sum, size_of::<Option<Box<Node>>>() + allocated.bytes);
        }
    });
}

#[test]
fn drop_order_json_grows_with_the_steps() {
    on_spawned_thread(|| {
        assert_bounded("drop-order JSON", 512, |head| {
            let order = head.drop_order();
            (order.to_json().len(), order.len())
        });
    });
}

#[test]
fn drop_order_json_paths_rebuild_every_steps_path() {
    let head = chain(40);
    let order = head.drop_order();
    let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    let mut paths: Vec<String> = Vec::new();
    for path in json["paths"].as_array().unwrap() {
        let parent = path["parent"]
            .as_u64()
            .map_or(String::new(), |p| paths[p as usize].clone());
        paths.push(parent + path["segment"].as_str().unwrap());
    }
    let steps = json["steps"].as_array().unwrap();
    assert_eq!(steps.len(), order.len());
    for (step, j) in order.steps().zip(steps) {
        assert_eq!(paths[j["path_id"].as_u64().unwrap() as usize], step.path());
    }
    // Every path written is used by a step or leads to one.
    assert!(paths.len() <= 3 * order.len() + 1, "{} paths", paths.len());
}
