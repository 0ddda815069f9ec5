//! Exports of deep and wide values grow with their nodes or steps, not with nodes times depth
//! (sizes and bytes asked of the allocator, never timings), and report diffs are exact: their
//! changes add up to the growth whatever the options and table orders.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/chain.rs"]
mod chain;
#[path = "common/hunt_outputs.rs"]
mod hunt;

use std::collections::HashMap;
use std::mem::size_of;

use hunt::*;
use memlayout::{DropOrderExt, Layout, LayoutReport, ReportOptions};

#[test]
fn deep_report_exports_grow_with_the_nodes() {
    on_spawned_thread(|| {
        // Vectors without spare capacity: no findings (a finding's path is whole, see the
        // README's Limits).
        for (depth, capacity) in [(200, 1), (2_000, 1)] {
            let (tree, usage) = alloc::measure(|| deep_tree(depth, capacity));
            let report = tree.layout_report_with(ReportOptions::new().max_nodes(usize::MAX));
            let whole = size_of::<Tree>() + usage.bytes;
            assert_eq!(folded_sum(&report.folded()), whole);
            assert_eq!(folded_sum(&memlayout::render::folded(&tree)), whole);
            let diff = report.diff(&report);
            assert!(diff.changes().is_empty(), "{diff}");
            let nodes = report.len();
            assert!(nodes > 2 * depth, "{nodes} nodes");
            let sizes = [
                ("text", report.to_string().len()),
                ("json", report.to_json().len()),
                ("folded", report.folded().len()),
                ("html", report.to_html().len()),
                ("footprint", memlayout::footprint(&tree).to_string().len()),
                ("diff", report.diff(&report).to_string().len()),
            ];
            for (what, bytes) in sizes {
                println!(
                    "{depth}x{capacity}: {what} {bytes} bytes, {} a node",
                    bytes / nodes
                );
                assert!(
                    bytes <= 2_048 * nodes,
                    "{what}: {bytes} bytes for {nodes} nodes"
                );
            }
        }
    });
}

#[test]
fn deep_drop_order_exports_grow_with_the_steps() {
    on_spawned_thread(|| {
        for links in [500, 5_000] {
            let head = chain::chain(links);
            let order = head.drop_order();
            let steps = order.len();
            let sizes = [
                ("text", order.to_string().len()),
                ("json", order.to_json().len()),
                ("html", order.to_html().len()),
            ];
            for (what, bytes) in sizes {
                println!("{links}: {what} {bytes} bytes, {} a step", bytes / steps);
                assert!(
                    bytes <= 2_048 * steps,
                    "{what}: {bytes} bytes for {steps} steps"
                );
            }
        }
    });
}

#[test]
fn long_chain_and_wide_vector_in_every_format() {
    on_spawned_thread(|| {
        let (head, usage) = alloc::measure(|| chain::chain(100_000));
        for options in [
            ReportOptions::new(),
            ReportOptions::new().max_children(0),
            ReportOptions::new().max_nodes(1),
        ] {
            check_report_formats(&head, options, usage.bytes);
        }
        check_formats(&head, ReportOptions::new(), usage.bytes);
        drop(head);
        let (wide, usage) = alloc::measure(|| vec![String::from("x"); 20_000]);
        check_formats(&wide, ReportOptions::new(), usage.bytes);
        drop(wide);

        let (wide, usage) = alloc::measure(|| {
            (0..1_000_000)
                .map(|i| String::from(["a", "bb", ""][i % 3]))
                .collect::<Vec<_>>()
        });
        for options in [ReportOptions::new(), ReportOptions::new().max_children(0)] {
            check_report_formats(&wide, options, usage.bytes);
        }
        let report = wide.layout_report_with(
            ReportOptions::new()
                .max_children(usize::MAX)
                .max_nodes(20_000),
        );
        let nodes = report.len();
        for (what, bytes) in [
            ("text", report.to_string().len()),
            ("json", report.to_json().len()),
            ("folded", report.folded().len()),
            ("html", report.to_html().len()),
        ] {
            println!("wide: {what} {bytes} bytes, {} a node", bytes / nodes);
            assert!(
                bytes <= 2_048 * nodes,
                "{what}: {bytes} bytes for {nodes} nodes"
            );
        }
        assert_eq!(
            folded_sum(&report.folded()),
            size_of::<Vec<String>>() + usage.bytes
        );
    });
}

/// Findings under an allocator model, of a chain shown link by link: the rounding finding
/// groups allocations by their holder without writing every node's whole path, so the bytes
/// it asks the allocator for grow with the nodes, not with nodes times depth (it wrote each
/// node's path pattern: 11 s for 8,000 links in a debug build).
#[test]
fn findings_under_a_model_grow_with_the_nodes() {
    use memlayout::allocator::Model;
    on_spawned_thread(|| {
        for links in [500, 4_000] {
            let head = chain::chain(links);
            let options = ReportOptions::new()
                .max_nodes(usize::MAX)
                .max_children(usize::MAX)
                .allocator(Model::Jemalloc);
            let report = head.layout_report_with(options);
            let requested = alloc::requested_by(|| {
                let _ = report.findings().len();
            });
            let nodes = report.len();
            assert!(
                requested <= 256 * nodes,
                "{links} links: findings asked for {requested} bytes for {nodes} nodes"
            );
        }
    });
}

#[test]
fn diffs_of_a_grown_value_are_exact() {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let mut vec: Vec<String> = Vec::new();
    let before = (map.layout_report(), vec.layout_report());
    let ((), usage) = alloc::measure(|| {
        for i in 0..300 {
            map.insert(format!("key {i};<&>\n"), vec!["v".repeat(i)]);
            vec.push("x".repeat(i));
        }
    });
    let grown = usage.bytes as isize;
    let after = (map.layout_report(), vec.layout_report());
    let (map_diff, vec_diff) = (after.0.diff(&before.0), after.1.diff(&before.1));
    assert_eq!(map_diff.growth() + vec_diff.growth(), grown);
    for diff in [&map_diff, &vec_diff] {
        let sum: isize = diff.changes().iter().map(|c| c.heap_delta()).sum();
        assert_eq!(sum, diff.growth(), "{diff}");
        // Two rows: the collection's own buffer, and its elements (shown and summarised, each
        // counted once, whatever elements of their own they hold).
        assert_eq!(diff.changes().len(), 2, "{diff}");
        let elements = diff
            .changes()
            .iter()
            .find(|c| c.path.ends_with("..]"))
            .unwrap();
        assert_eq!(elements.after.unwrap().elements, 300, "{diff}");
        assert_eq!(elements.before, None, "{diff}");
        let json: serde_json::Value = serde_json::from_str(&diff.to_json()).unwrap();
        assert_eq!(json["changes"].as_array().unwrap().len(), 2);
    }
    // Against itself after the growth: no change.
    let again = map.layout_report().diff(&after.0);
    assert!(again.changes().is_empty(), "{again}");
}

/// A diff of a chain shown link by link: rows are matched by their parents and segments, and
/// a path is written only for a change kept, so the bytes a diff asks for grow with the nodes
/// (it wrote every node's whole path: 31 s for a 4,000-link chain against itself in a debug
/// build). A grown chain's diff is still exact: its changes add up to the growth.
#[test]
fn diffs_of_deep_reports_grow_with_the_nodes() {
    on_spawned_thread(|| {
        let options = ReportOptions::new()
            .max_nodes(usize::MAX)
            .max_children(usize::MAX);
        for links in [500, 4_000] {
            let head = chain::chain(links);
            let report = head.layout_report_with(options);
            let nodes = report.len();
            let requested = alloc::requested_by(|| {
                let diff = report.diff(&report);
                assert!(diff.changes().is_empty());
            });
            assert!(
                requested <= 1_024 * nodes,
                "{links} links: the diff asked for {requested} bytes for {nodes} nodes"
            );
        }
        // One more link at the head, and a longer string at the tail.
        let mut head = chain::chain(300);
        let earlier = head.layout_report_with(options);
        let ((), usage) = alloc::measure(|| {
            head = Some(Box::new(chain::Node {
                value: 0,
                next: head.take(),
            }));
        });
        let later = head.layout_report_with(options);
        let diff = later.diff(&earlier);
        assert_eq!(diff.growth(), usage.bytes as isize);
        let sum: isize = diff.changes().iter().map(|c| c.heap_delta()).sum();
        assert_eq!(sum, diff.growth(), "{diff}");
        for change in diff.changes() {
            let report = if change.after.is_some() {
                &later
            } else {
                &earlier
            };
            assert!(report.find(&change.path).is_some(), "{:?}", change.path);
        }
    });
}

/// Two maps of the same entries in different table orders (each `HashMap` has its own random
/// hasher): their reports show different entries but compare as equal (the parts of an entry
/// shown in one report only fold with it), and so do their folded stacks once sorted; a
/// snapshot of the same types is written the same twice.
#[test]
fn table_order_does_not_leak_into_diffs() {
    for round in 0..20 {
        let keys: Vec<String> = (0..50).map(|i| format!("key {i}")).collect();
        let (a, b) = (catalog(&keys, 1), catalog(&keys, 1));
        for options in [ReportOptions::new(), ReportOptions::new().max_children(3)] {
            let (ra, rb) = (a.layout_report_with(options), b.layout_report_with(options));
            let diff = ra.diff(&rb);
            assert!(diff.changes().is_empty(), "round {round}: {diff}");
            let sorted = |text: String| {
                let mut lines: Vec<String> = text.lines().map(String::from).collect();
                lines.sort();
                lines
            };
            let (fa, fb) = (memlayout::render::folded(&a), memlayout::render::folded(&b));
            assert_eq!(sorted(fa), sorted(fb));
            // (A report's own folded stacks break down the entries it shows, which differ.)
            assert_eq!(folded_sum(&ra.folded()), folded_sum(&rb.folded()));
            let (pa, pb) = (memlayout::footprint(&a), memlayout::footprint(&b));
            assert_eq!(pa.to_string(), pb.to_string());
        }
    }
    let layouts = [
        Catalog::LAYOUT,
        Tree::LAYOUT,
        RawNames::LAYOUT,
        Zsts::LAYOUT,
    ];
    let first = memlayout::snapshot::to_json(layouts);
    let second = memlayout::snapshot::to_json(layouts.into_iter().rev());
    assert_eq!(first, second);
    assert!(memlayout::snapshot::diff(&first, &second)
        .unwrap()
        .is_empty());
}

/// Diffs between reports made with different options, of values that grew, shrank and were
/// reshuffled: the changes always add up to the growth, and no path is listed twice.
#[test]
fn diff_changes_add_up_across_options() {
    let keys = odd_keys();
    let small = catalog(&keys[..3], 1);
    let large = catalog(&keys, 2);
    let options = [
        ReportOptions::new(),
        ReportOptions::new().max_children(3),
        ReportOptions::new().max_children(0),
        ReportOptions::new().max_nodes(25),
        ReportOptions::new()
            .max_children(usize::MAX)
            .max_nodes(usize::MAX),
    ];
    for a in options {
        for b in options {
            for (x, y) in [(&small, &large), (&large, &small), (&large, &large)] {
                let (earlier, later) = (x.layout_report_with(a), y.layout_report_with(b));
                let diff = later.diff(&earlier);
                let sum: isize = diff.changes().iter().map(|c| c.heap_delta()).sum();
                assert_eq!(sum, diff.growth(), "{diff}");
                let mut paths: Vec<&str> = diff.changes().iter().map(|c| c.path.as_str()).collect();
                paths.sort_unstable();
                let listed = paths.len();
                paths.dedup();
                assert_eq!(paths.len(), listed, "{diff}");
            }
        }
    }
}
