//! What the user reads, on odd and large inputs: every output format (text, JSON, folded
//! stacks, HTML and its pictures, drop orders) checked against ground truth memlayout did not
//! compute (`size_of`, the counting allocator, serde_json and roxmltree parsing the output
//! back), for keys and names that need escaping and values at the edges of the options.
//! Exports of deep and wide values and report diffs: `test_hunt_outputs_scale.rs`; type
//! layouts' text, JSON, SVG, audit and snapshots: `test_hunt_outputs_types.rs`.

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
fn odd_map_keys_in_every_format() {
    let (map, usage) = alloc::measure(|| {
        odd_keys()
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, vec![i as u8; i + 1]))
            .collect::<HashMap<String, Vec<u8>>>()
    });
    let options = ReportOptions::new().max_children(usize::MAX);
    let report = map.layout_report_with(options);
    assert_eq!(report.totals().heap_bytes, usage.bytes);

    // JSON: parses back, and rebuilding each node's path from the parent ids and segments gives
    // `Node::path`, which `find` finds.
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), report.len());
    let mut paths: Vec<String> = Vec::new();
    for (node, j) in report.nodes().zip(nodes) {
        let parent = j["parent"]
            .as_u64()
            .map_or(String::new(), |p| paths[p as usize].clone());
        let path = parent + j["segment"].as_str().unwrap();
        assert_eq!(path, node.path());
        assert_eq!(
            report.find(&path).map(|n| n.id()),
            Some(node.id()),
            "{path:?}"
        );
        paths.push(path);
    }
    assert_eq!(
        json["totals"]["heap_bytes"].as_u64().unwrap() as usize,
        usage.bytes
    );
    for key in odd_keys() {
        let path = format!("[{key:?}]");
        let node = report.find(&path).unwrap_or_else(|| panic!("{path}"));
        assert_eq!(node.type_name(), "(String, Vec<u8>)");
    }

    // Folded stacks: one line a stack, weights add up to the value's bytes.
    let folded = report.folded();
    assert_eq!(
        folded_sum(&folded),
        size_of::<HashMap<String, Vec<u8>>>() + usage.bytes
    );
    let folded_all = memlayout::render::folded(&map);
    assert_eq!(
        folded_sum(&folded_all),
        size_of::<HashMap<String, Vec<u8>>>() + usage.bytes
    );

    // Text: one line a node plus the totals line and the header, whatever the keys hold.
    let text = report.display_with(memlayout::render::ReportTextOptions::new().findings(false));
    let text = text.to_string();
    assert_eq!(text.lines().count(), 2 + report.len(), "{text}");
    for line in text.lines() {
        assert!(
            line.chars().count() < 400,
            "a {}-char line",
            line.chars().count()
        );
    }

    // HTML: pictures parse as XML, attributes are escaped, and the keys read back as text.
    let html = report.to_html();
    assert_svgs_parse(&html);
    assert_attributes_escaped(&html);
    // The page's script, and the icicle chart's without the `flamegraph` feature.
    assert!(
        html.matches("<script>").count() <= 2,
        "only the page's own scripts"
    );
    let text = html_text(&html);
    for key in odd_keys() {
        assert!(text.contains(&format!("[{key:?}]")), "{key:?}");
    }

    // The drop order: its JSON's paths are the text's, its HTML well escaped.
    let order = map.drop_order();
    let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    assert_eq!(json["steps"].as_array().unwrap().len(), order.len());
    let html = order.to_html();
    assert_attributes_escaped(&html);
    assert_eq!(html.matches("<script>").count(), 1);
}

#[test]
fn raw_identifiers_tuple_fields_and_generic_names() {
    let (value, usage) = alloc::measure(|| RawNames {
        r#type: String::from("abc"),
        r#match: vec![1, 2, 3, 4],
        r#fn: 0,
    });
    let report = value.layout_report();
    assert_eq!(report.totals().heap_bytes, usage.bytes);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let segments: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["segment"].as_str().unwrap())
        .collect();
    println!("{segments:?}");
    for node in report.nodes().skip(1) {
        assert_eq!(report.find(&node.path()).map(|n| n.id()), Some(node.id()));
    }
    println!("{report}");
    println!("{}", RawNames::LAYOUT);
    let svg = RawNames::LAYOUT.to_svg();
    roxmltree::Document::parse(&svg).unwrap();

    let pair = Pair(String::from("x"), Box::from([]));
    let report = pair.layout_report();
    assert_eq!(report.find(".0").unwrap().type_name(), "String");
    assert_eq!(report.find(".1").unwrap().heap_bytes(), 0);
    assert_eq!(report.totals().allocations, 1);
    println!("{report}");

    let generic = Generic {
        borrowed: "b",
        items: vec![Pair(String::new(), Box::from([1u8]))],
        object: Box::new(5u32),
    };
    let report = generic.layout_report();
    let html = report.to_html();
    assert_svgs_parse(&html);
    assert_attributes_escaped(&html);
    let folded = report.folded();
    println!("{folded}");
    assert_eq!(
        folded_sum(&folded),
        report.root().inline_bytes() + report.totals().heap_bytes
    );
    let svg = Generic::<Pair>::LAYOUT.to_svg();
    roxmltree::Document::parse(&svg).unwrap();
    println!("{report}");
}

#[test]
fn edge_values_in_every_format() {
    let option_sets = [
        ReportOptions::new(),
        ReportOptions::new().max_children(0),
        ReportOptions::new().max_nodes(1),
        ReportOptions::new().max_nodes(0),
        ReportOptions::new().max_children(0).max_nodes(1),
        ReportOptions::new()
            .max_children(usize::MAX)
            .max_nodes(usize::MAX),
    ];
    for options in option_sets {
        check_formats(&(), options, 0);
        check_formats(&Empty, options, 0);
        check_formats(
            &Zsts {
                a: (),
                b: [],
                c: Empty,
                d: Default::default(),
            },
            options,
            0,
        );
        let big = Box::new([7u8; 1 << 20]);
        check_formats(&big, options, 1 << 20);
        let units: Vec<()> = vec![(); 1_000_000_000];
        check_formats(&units, options, 0);
        let empty: Box<[u8]> = Box::from([]);
        check_formats(&empty, options, 0);
        let (strings, usage) = alloc::measure(|| {
            (0..1_000)
                .map(|i| "s".repeat(i % 50))
                .collect::<Vec<String>>()
        });
        check_formats(&strings, options, usage.bytes);
        let (map, usage) = alloc::measure(|| {
            odd_keys()
                .into_iter()
                .map(|k| (k, vec![1u8]))
                .collect::<HashMap<_, _>>()
        });
        check_formats(&map, options, usage.bytes);
        let (nested, usage) = alloc::measure(|| vec![vec![vec![String::from("x"); 3]; 3]; 3]);
        check_formats(&nested, options, usage.bytes);
    }
}

/// Human sizes never print 1024 of a unit: just under a unit rounds up into the next one.
#[test]
fn human_sizes_round_into_the_next_unit() {
    use memlayout::report::human_bytes;
    for (bytes, text) in [
        (1023, "1023 B"),
        (1024, "1.0 KiB"),
        ((1 << 20) - 1, "1.0 MiB"),
        ((1 << 20) - 51, "1.0 MiB"),
        ((1 << 20) - 52, "1023.9 KiB"),
        ((1 << 30) - 1, "1.0 GiB"),
        ((1 << 40) - 1, "1.0 TiB"),
        (1 << 50, "1024.0 TiB"),
    ] {
        assert_eq!(human_bytes(bytes), text, "{bytes}");
    }
    // And in a report: a buffer of 1 MiB less one byte.
    let report = vec![0u8; (1 << 20) - 1].layout_report();
    assert!(report.to_string().contains("heap 1.0 MiB"), "{report}");
    // A footprint's averages: 97 strings of 1024 bytes and 3 of 1023 average 1023.97 bytes.
    let strings: Vec<String> = (0..100)
        .map(|i| "s".repeat(if i < 3 { 1023 } else { 1024 }))
        .collect();
    let footprint = memlayout::footprint(&strings);
    let row = footprint.get("String").unwrap();
    assert_eq!(row.average_heap_bytes(), 1023.97);
    let text = footprint.to_string();
    let line = text.lines().find(|l| l.starts_with("String ")).unwrap();
    assert!(!line.contains("1024.0 B"), "{text}");
    assert!(line.contains("1.0 KiB"), "{text}");
}

/// The paths the outputs print lead back to their nodes: every finding's path (the text and
/// the page print it) is a node's, a node's path finds it, and a path printed in a note
/// ("counted at ...") finds its node too.
#[test]
fn printed_paths_find_their_nodes() {
    let keys = odd_keys();
    let (value, usage) = alloc::measure(|| catalog(&keys, 3));
    for options in [
        ReportOptions::new(),
        ReportOptions::new().max_children(2),
        ReportOptions::new().max_nodes(30),
        ReportOptions::new()
            .max_children(usize::MAX)
            .max_nodes(usize::MAX),
    ] {
        let report = value.layout_report_with(options);
        assert!(!report.findings().is_empty());
        for finding in report.findings() {
            let node = report
                .find(&finding.path)
                .unwrap_or_else(|| panic!("finding at {:?} has no node", finding.path));
            assert_eq!(node.path(), finding.path);
        }
        for node in report.nodes() {
            let found = report.find(&node.path()).map(|n| n.id());
            assert_eq!(found, Some(node.id()), "{:?}", node.path());
        }
        let text = report.to_string();
        assert!(text.lines().count() >= report.len());
        check_formats(&value, options, usage.bytes);
    }
}

/// The drop order of a map with odd keys: its JSON's path table rebuilds every step's path,
/// and the text and page show one line a step.
#[test]
fn drop_order_paths_of_odd_keys() {
    let map: HashMap<String, Vec<String>> = odd_keys()
        .into_iter()
        .map(|k| (k, vec![String::from("v")]))
        .collect();
    let order = map.drop_order();
    let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    let mut paths: Vec<String> = Vec::new();
    for path in json["paths"].as_array().unwrap() {
        let parent = path["parent"]
            .as_u64()
            .map_or(String::new(), |p| paths[p as usize].clone());
        paths.push(parent + path["segment"].as_str().unwrap());
    }
    for (step, j) in order.steps().zip(json["steps"].as_array().unwrap()) {
        assert_eq!(paths[j["path_id"].as_u64().unwrap() as usize], step.path());
    }
    let text = format!("{order:#}");
    assert_eq!(
        text.lines()
            .filter(|l| l.trim_start().starts_with(char::is_numeric))
            .count(),
        order.len(),
        "{text}"
    );
    let html = order.to_html();
    assert_eq!(html.matches("<li ").count(), order.len());
    assert_attributes_escaped(&html);
}

/// Every node budget from 0 to past the nodes a value has, and every `max_children` from 0 to
/// past its widest collection: the exports keep adding up to the allocator's count.
#[test]
fn every_node_budget_adds_up() {
    let keys: Vec<String> = odd_keys().into_iter().take(6).collect();
    let (value, usage) = alloc::measure(|| catalog(&keys, 1));
    let all = value
        .layout_report_with(
            ReportOptions::new()
                .max_nodes(usize::MAX)
                .max_children(usize::MAX),
        )
        .len();
    for max_nodes in (0..=all + 1).step_by(3).chain([all - 1, all, all + 1]) {
        for max_children in [0, 1, 2, 7, 8, 20, 21, usize::MAX] {
            let options = ReportOptions::new()
                .max_nodes(max_nodes)
                .max_children(max_children);
            check_report_formats(&value, options, usage.bytes);
            let report = value.layout_report_with(options);
            assert!(
                report.len() <= max_nodes.max(1),
                "{} > {max_nodes}",
                report.len()
            );
        }
    }
}

/// A shared value's "counted at PATH" note names a node `find` finds, for odd keys too.
#[test]
fn shared_notes_name_findable_paths() {
    use std::rc::Rc;
    let shared = Rc::new(String::from("shared"));
    let map: HashMap<String, Rc<String>> = odd_keys()
        .into_iter()
        .map(|k| (k, Rc::clone(&shared)))
        .collect();
    let report = map.layout_report_with(ReportOptions::new().max_children(usize::MAX));
    let text = report.to_string();
    let mut notes = 0;
    for line in text.lines() {
        if let Some((_, rest)) = line.split_once("counted at ") {
            let path = rest.split(';').next().unwrap();
            assert!(report.find(path).is_some(), "{path:?} in {line:?}");
            notes += 1;
        }
    }
    assert_eq!(notes, odd_keys().len() - 1, "{text}");
}

/// Under each allocator model, at the node budgets' edges: the exports stay well-formed and
/// add up, and the page's reserved figures are the report's.
#[test]
fn allocator_models_at_the_edges() {
    use memlayout::allocator::Model;
    let keys: Vec<String> = odd_keys();
    let (value, usage) = alloc::measure(|| catalog(&keys, 2));
    let (head, chain_usage) = alloc::measure(|| chain::chain(500));
    for model in [Model::Requested, Model::Jemalloc, Model::Mimalloc] {
        for options in [
            ReportOptions::new(),
            ReportOptions::new().max_nodes(1),
            ReportOptions::new().max_children(0),
            ReportOptions::new()
                .max_nodes(usize::MAX)
                .max_children(usize::MAX),
        ] {
            let options = options.allocator(model);
            check_report_formats(&value, options, usage.bytes);
            check_report_formats(&head, options, chain_usage.bytes);
            let report = value.layout_report_with(options);
            let reserved = report.reserved().unwrap();
            assert!(reserved.reserved_bytes >= usage.bytes);
            let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
            assert_eq!(
                json["reserved"]["reserved_bytes"].as_u64().unwrap() as usize,
                reserved.reserved_bytes
            );
            let html = report.to_html();
            assert!(html.contains(&format!("data-bytes=\"{}\"", reserved.reserved_bytes)));
        }
    }
}

/// Drop orders at their options' edges: no elision, runs elided to nothing, one line, no-op
/// steps included; the text never claims more or fewer steps than the order has, the JSON
/// has every step and the page one item a step.
#[test]
fn drop_options_at_the_edges() {
    use memlayout::DropOptions;
    let keys = odd_keys();
    let map: HashMap<String, Vec<String>> = keys
        .iter()
        .map(|k| (k.clone(), vec![k.clone(); 3]))
        .collect();
    let strings: Vec<String> = (0..5_000).map(|i| i.to_string()).collect();
    let head = chain::chain(300);
    for options in [
        DropOptions::new(),
        DropOptions::new().no_elision(),
        DropOptions::new().elide_runs(0, 0),
        DropOptions::new().elide_runs(1, 0),
        DropOptions::new().max_lines(0),
        DropOptions::new().max_lines(1),
        DropOptions::new().include_no_ops(true),
        DropOptions::new().recursion_warning_at(0),
    ] {
        for order in [
            map.drop_order_with(options),
            strings.drop_order_with(options),
            head.drop_order_with(options),
            ().drop_order_with(options),
        ] {
            let text = order.to_string();
            let first = text.lines().next().unwrap();
            assert!(
                first.contains(&format!(" {} step", grouped(order.len()))),
                "{first}"
            );
            let all = format!("{order:#}");
            let numbered = all
                .lines()
                .filter(|l| {
                    l.trim_start()
                        .split('.')
                        .next()
                        .is_some_and(|n| n.parse::<usize>().is_ok())
                })
                .count();
            assert_eq!(numbered, order.len(), "{all}");
            let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
            assert_eq!(json["steps"].as_array().unwrap().len(), order.len());
            let html = order.to_html();
            assert_eq!(html.matches("<li ").count(), order.len());
        }
    }
}

/// `12,345`: the drop order's grouping of counts.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The report of a value holding shared, locked, estimated and opaque parts: every export
/// gives the report's own figures (the folded stacks add up to its inline plus heap bytes,
/// the JSON to its totals), and the exact parts match the allocator.
#[test]
fn shared_locked_and_estimated_parts_in_every_format() {
    use std::collections::{BTreeMap, BTreeSet, HashSet, LinkedList, VecDeque};
    use std::rc::Rc;
    use std::sync::{Arc, Mutex};

    #[derive(Layout)]
    struct Mixed {
        shared: Vec<Rc<String>>,
        arcs: Vec<Arc<Vec<u8>>>,
        locked: Mutex<Vec<String>>,
        tree: BTreeMap<String, Vec<u8>>,
        set: BTreeSet<u64>,
        deque: VecDeque<String>,
        list: LinkedList<Box<str>>,
        hashed: HashSet<String>,
        object: Box<dyn std::any::Any>,
    }
    let (value, usage) = alloc::measure(|| {
        let one = Rc::new(String::from("shared<&>"));
        let arc = Arc::new(vec![1u8; 100]);
        Mixed {
            shared: (0..20).map(|_| Rc::clone(&one)).collect(),
            arcs: (0..5).map(|_| Arc::clone(&arc)).collect(),
            locked: Mutex::new(vec![String::from("x"); 4]),
            tree: odd_keys().into_iter().map(|k| (k, vec![0u8; 3])).collect(),
            set: (0..500).collect(),
            deque: (0..30).map(|i| i.to_string()).collect(),
            list: (0..12).map(|i| i.to_string().into_boxed_str()).collect(),
            hashed: odd_keys().into_iter().collect(),
            object: Box::new(7u64),
        }
    });
    let guard = value.locked.lock().unwrap();
    for options in [
        ReportOptions::new(),
        ReportOptions::new().max_children(0),
        ReportOptions::new().max_nodes(3),
        ReportOptions::new()
            .max_children(usize::MAX)
            .max_nodes(usize::MAX),
        ReportOptions::new().fair_share(true),
        ReportOptions::new().fair_share(true).max_children(1),
    ] {
        let report = value.layout_report_with(options);
        let totals = report.totals();
        assert!(!totals.is_exact);
        assert!(totals.heap_bytes_low <= usage.bytes, "{report}");
        let whole = size_of::<Mixed>() + totals.heap_bytes;
        assert_eq!(folded_sum(&report.folded()), whole, "{}", report.folded());
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(
            json["totals"]["heap_bytes"].as_u64().unwrap() as usize,
            totals.heap_bytes
        );
        for node in report.nodes().skip(1) {
            assert_eq!(report.find(&node.path()).map(|n| n.id()), Some(node.id()));
        }
        let html = report.to_html();
        assert_svgs_parse(&html);
        assert_attributes_escaped(&html);
        let text = report.to_string();
        assert!(text.contains("unreadable"), "{text}");
        assert!(report.diff(&report).changes().is_empty());
    }
    drop(guard);
    let report = value.layout_report();
    // Unlocked, the mutex's contents are under `.locked.lock()`: every path finds its node.
    assert!(report.find(".locked.lock()").is_some(), "{report}");
    for node in report.nodes().skip(1) {
        assert_eq!(
            report.find(&node.path()).map(|n| n.id()),
            Some(node.id()),
            "{}",
            node.path()
        );
    }
    assert_svgs_parse(&report.to_html());
    let folded = memlayout::render::folded(&value);
    assert_eq!(
        folded_sum(&folded),
        size_of::<Mixed>() + report.totals().heap_bytes,
        "{folded}"
    );
    let order = value.drop_order();
    let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    assert_eq!(json["steps"].as_array().unwrap().len(), order.len());
}

/// inferno's flame graph (feature `flamegraph`) of values whose type names and paths need
/// escaping parses as XML, and the page embeds it.
#[cfg(feature = "flamegraph")]
#[test]
fn flame_graphs_of_odd_names_parse() {
    let generic = Generic {
        borrowed: "b",
        items: vec![Pair(String::from("x"), Box::from([1u8]))],
        object: Box::new(5u32),
    };
    let map: HashMap<String, Vec<u8>> = odd_keys().into_iter().map(|k| (k, vec![1])).collect();
    for svg in [
        generic.layout_report().to_flamegraph_svg(),
        map.layout_report().to_flamegraph_svg(),
        chain::chain(1_000).layout_report().to_flamegraph_svg(),
    ] {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        if let Err(e) = roxmltree::Document::parse_with_options(&svg, options) {
            panic!("{e}\n{}", &svg[..svg.len().min(3000)]);
        }
    }
}

/// One value's numbers agree across formats: each node's inline and heap bytes and
/// allocations on its HTML tree row and in its icicle frame are the JSON's.
#[test]
fn html_rows_show_the_json_figures() {
    use memlayout::report::human_bytes;
    let keys = odd_keys();
    let value = catalog(&keys, 2);
    for options in [ReportOptions::new(), ReportOptions::new().max_nodes(40)] {
        let report = value.layout_report_with(options);
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        let html = report.to_html();
        for j in json["nodes"].as_array().unwrap() {
            let id = j["id"].as_u64().unwrap();
            let at = html
                .find(&format!("id=\"node-{id}\""))
                .unwrap_or_else(|| panic!("node {id}"));
            let row = &html[at..at + html[at..].find("</span>").unwrap()];
            let inline = j["inline_bytes"].as_u64().unwrap() as usize;
            let heap = j["totals"]["heap_bytes"].as_u64().unwrap() as usize;
            let allocations = j["totals"]["allocations"].as_u64().unwrap();
            let figures = format!(
                "inline {}, heap {}, {allocations} allocations",
                human_bytes(inline),
                human_bytes(heap)
            );
            assert!(row.contains(&figures), "{figures} not in {row}");
            // (With the `flamegraph` feature the page has inferno's graph, not the icicle.)
            if heap > 0 && !cfg!(feature = "flamegraph") {
                let frame = format!("data-node=\"{id}\" ");
                let at = html.find(&frame).unwrap_or_else(|| panic!("frame {id}"));
                let tag = &html[at..at + html[at..].find('>').unwrap()];
                assert!(tag.contains(&format!("data-bytes=\"{heap}\"")), "{tag}");
                assert!(tag.contains(&format!("data-inline=\"{inline}\"")), "{tag}");
            }
        }
    }
}

/// The text's display filters at their edges, on a deep tree and a wide map: a depth of 0
/// shows the root and one "more" row, `min_bytes(usize::MAX)` the root alone, and every
/// hidden row says how many nodes it stands for, adding up to the nodes left out.
#[test]
fn text_filters_at_the_edges() {
    use memlayout::render::ReportTextOptions;
    on_spawned_thread(|| {
        let tree = deep_tree(300, 4);
        let map = catalog(&odd_keys(), 0);
        for report in [
            tree.layout_report_with(ReportOptions::new().max_nodes(usize::MAX)),
            map.layout_report_with(ReportOptions::new().max_children(usize::MAX)),
        ] {
            for options in [
                ReportTextOptions::new().max_depth(0),
                ReportTextOptions::new().max_depth(1),
                ReportTextOptions::new().max_depth(usize::MAX),
                ReportTextOptions::new().min_bytes(usize::MAX),
                ReportTextOptions::new().min_bytes(1).max_depth(5),
            ] {
                let text = report.display_with(options.findings(false)).to_string();
                let rows: Vec<&str> = text.lines().skip(2).collect();
                let hidden: usize = rows
                    .iter()
                    .filter_map(|r| r.split("… ").nth(1))
                    .filter_map(|r| r.split(" more").next())
                    .map(|n| n.trim().parse::<usize>().unwrap())
                    .sum();
                let shown = rows
                    .iter()
                    .filter(|r| !r.contains("(hidden by the display filters)"))
                    .count();
                // Each hidden row stands for the hidden children of one node (their subtrees
                // not counted): the shown rows and hidden children are at most all nodes.
                assert!(
                    shown + hidden <= report.len(),
                    "{shown} + {hidden} > {}\n{text}",
                    report.len()
                );
                assert!(text.len() <= 2_048 * report.len());
                if options.get_max_depth() == Some(usize::MAX) && options.get_min_bytes() == 0 {
                    assert_eq!(shown, report.len());
                }
            }
        }
    });
}

#[derive(Layout)]
struct Cyclic {
    name: String,
    next: std::cell::RefCell<Option<std::rc::Rc<Cyclic>>>,
}

/// A ring of `Rc`s (a leak by design) in every format: each walk ends, the shared blocks count
/// once, and the drop order says what leaks.
#[test]
fn rc_cycles_in_every_format() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let (ring, usage) = alloc::measure(|| {
        let first = Rc::new(Cyclic {
            name: String::from("first<&>"),
            next: RefCell::new(None),
        });
        let mut last = Rc::clone(&first);
        for i in 0..200 {
            let node = Rc::new(Cyclic {
                name: format!("node {i}"),
                next: RefCell::new(Some(last)),
            });
            last = node;
        }
        *first.next.borrow_mut() = Some(Rc::clone(&last));
        last
    });
    for options in [
        ReportOptions::new(),
        ReportOptions::new()
            .max_nodes(usize::MAX)
            .max_children(usize::MAX),
    ] {
        check_report_formats(&ring, options, usage.bytes);
    }
    let order = ring.drop_order();
    let (leaked_bytes, leaked_blocks) = order.leaked();
    assert!(leaked_blocks > 0 && leaked_bytes > 0);
    assert!(order.to_html().contains("leaked"));
    let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    assert_eq!(json["steps"].as_array().unwrap().len(), order.len());
    // Break the ring so the test does not leak.
    ring.next.borrow_mut().take();
    let mut at = ring.next.borrow_mut().take();
    while let Some(node) = at {
        at = node.next.borrow_mut().take();
    }
}

/// A value without hash tables of its own renders the same twice in every format: the
/// library's own maps (each with its own random hasher) do not leak their order.
#[test]
fn outputs_are_deterministic() {
    use std::collections::BTreeMap;
    #[derive(Layout)]
    struct Doc {
        sections: BTreeMap<String, Vec<String>>,
        shared: Vec<std::rc::Rc<String>>,
        big: Vec<Vec<u8>>,
        tree: Tree,
    }
    let one = std::rc::Rc::new(String::from("shared"));
    let doc = Doc {
        sections: odd_keys()
            .into_iter()
            .map(|k| (k.clone(), vec![k; 2]))
            .collect(),
        shared: (0..50).map(|_| std::rc::Rc::clone(&one)).collect(),
        big: (0..300).map(|i| Vec::with_capacity(i * 7)).collect(),
        tree: deep_tree(50, 3),
    };
    let render = || {
        let report = doc.layout_report();
        let model = doc.layout_report_with(
            ReportOptions::new().allocator(memlayout::allocator::Model::Jemalloc),
        );
        let order = doc.drop_order();
        [
            report.to_string(),
            report.to_json(),
            report.folded(),
            report.to_html(),
            model.to_json(),
            memlayout::render::folded(&doc),
            memlayout::footprint(&doc).to_string(),
            memlayout::footprint(&doc).to_json(),
            order.to_json(),
            order.to_string(),
            report.diff(&model).to_string(),
        ]
    };
    let (first, second) = (render(), render());
    for (i, (a, b)) in first.iter().zip(&second).enumerate() {
        assert!(a == b, "output {i} differs between two runs");
    }
}
