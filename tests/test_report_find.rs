//! `Report::find`: every node of varied reports (structs, enums, summaries of elements and of
//! entries, map keys holding `.`, `[`, `]` and quotes, chains, sharing, guards, nested maps,
//! node-budget folding) is found by its path, and any path (every prefix of every node's path,
//! paths into summaries, paths that lead nowhere) finds what a plain depth-first scan of the
//! levels' children finds; a report of 20,000 elements finds each of them quickly.

#[path = "common/chain.rs"]
mod chain;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Mutex;

use memlayout::report::{Node, NodeKind, Report};
use memlayout::{Kind, Layout, LayoutReport, ReportOptions, TypeLayout};

/// A map key whose path segment is its text as it is (`[a].value[0]`), so that an entry's
/// segment can spell a path through another entry; keys sort by `rank` first.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RawKey {
    rank: u8,
    text: &'static str,
}

impl Layout for RawKey {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<RawKey>("RawKey", Kind::Struct);

    fn write_key(&self, out: &mut String) -> bool {
        out.push_str(self.text);
        true
    }
}

/// Entries whose keys spell paths through other entries: `[a].value[0]` after `[a]`,
/// `[b].value[0]` before `[b]`; then twenty more.
fn raw_keys() -> BTreeMap<RawKey, Vec<String>> {
    let entry = |rank, text, value: &str| (RawKey { rank, text }, vec![value.to_string()]);
    let mut map = BTreeMap::from([
        entry(0, "a", "first"),
        entry(1, "a].value[0", "second"),
        entry(2, "b].value[0", "third"),
        entry(3, "b", "fourth"),
    ]);
    map.extend((4..24).map(|rank| entry(rank, "c", "filler")));
    map
}

/// The paths of more than one node of [`raw_keys`]' report, sorted.
const RAW_KEYS_SHARED_PATHS: [&str; 6] = [
    "[a].value[0]",
    "[b].value[0]",
    "[c]",
    "[c].key",
    "[c].value",
    "[c].value[0]",
];

#[derive(Layout)]
enum Shape {
    Empty,
    Label(String),
    Pair { left: Vec<u16>, right: Box<str> },
}

#[derive(Layout)]
struct Item {
    id: u32,
    name: String,
    tags: Vec<String>,
    shape: Shape,
}

fn item(id: u32) -> Item {
    let shape = match id % 3 {
        0 => Shape::Empty,
        1 => Shape::Label(format!("label-{id}")),
        _ => Shape::Pair {
            left: vec![1; id as usize],
            right: "r".repeat(id as usize).into(),
        },
    };
    Item {
        id,
        name: format!("item-{id}"),
        tags: (0..id % 11).map(|t| "t".repeat(t as usize + 1)).collect(),
        shape,
    }
}

/// Keys that look like path syntax: dots, brackets, quotes, an empty key; each four times,
/// with `0` to `3` after it.
fn odd_keys() -> Vec<String> {
    let odd = [
        "a.b",
        "c[d",
        "e]f",
        "g\"]h",
        "[0]",
        ".key",
        "",
        "plain",
        "x.*",
        "[#1]",
        "z].value[0",
        "é.é",
    ];
    (0..4)
        .flat_map(|i| odd.iter().map(move |k| format!("{k}{i}")))
        .collect()
}

/// How many children a report shows besides the default (8): levels wider than
/// `Report::find` scans.
const WIDE: usize = 24;

/// Named reports of every shape the paths have, each with the default options and with
/// [`WIDE`] children shown: nodes of a few children and of dozens, summaries among both.
fn reports() -> Vec<(String, Report)> {
    let mut out = Vec::new();
    let items: Vec<Item> = (0..50).map(item).collect();
    both(&mut out, "items", &items);
    both(&mut out, "strings", &vec![String::from("x"); 100]);
    let odd_hash: HashMap<String, Vec<u8>> = (odd_keys().into_iter().enumerate())
        .map(|(i, k)| (k, vec![1; i + 1]))
        .collect();
    both(&mut out, "odd hash keys", &odd_hash);
    let odd_btree: BTreeMap<String, Vec<String>> = (odd_keys().into_iter())
        .map(|k| (k.clone(), vec![format!("v{k}"); 3]))
        .collect();
    both(&mut out, "odd btree keys", &odd_btree);
    let set: BTreeSet<String> = odd_keys().into_iter().collect();
    both(&mut out, "set", &set);
    let no_key_form: BTreeMap<Vec<u8>, String> = (0..60u8)
        .map(|i| (vec![i; 2], "s".repeat(i as usize % 7)))
        .collect();
    both(&mut out, "no key form", &no_key_form);
    let tuple_keys: HashMap<(String, u8), String> = (0..30u8)
        .map(|i| ((format!("k.{i}"), i), format!("v[{i}]")))
        .collect();
    both(&mut out, "tuple keys", &tuple_keys);
    // Every fifth outer entry holds 30 inner ones, the others up to 2.
    let inner_len = |i: usize| if i % 5 == 4 { 30 } else { i % 3 };
    let nested: BTreeMap<String, BTreeMap<String, Vec<u8>>> = (0..30)
        .map(|i| {
            let inner = (0..inner_len(i)).map(|j| (format!("in.{j}"), vec![0; j + 1]));
            (format!("out[{i}]"), inner.collect())
        })
        .collect();
    both(&mut out, "nested maps", &nested);
    let vectors: Vec<Vec<String>> = (0..30)
        .map(|i| vec![String::from("s"); inner_len(i)])
        .collect();
    both(&mut out, "nested vectors", &vectors);
    both(&mut out, "box list", &chain::chain(30));
    both(&mut out, "short box list", &chain::chain(3));
    let shared = Rc::new(String::from("shared"));
    let shared_vec = Rc::new(vec![String::from("a"), String::from("b")]);
    let sharing = (
        vec![shared.clone(), shared.clone(), shared],
        vec![shared_vec.clone(), shared_vec],
    );
    both(&mut out, "sharing", &sharing);
    let guards = (
        RefCell::new(vec![String::from("in a cell")]),
        Mutex::new(vec![String::from("in a lock"); 30]),
    );
    both(&mut out, "guards", &guards);
    both(&mut out, "boxes", &Some(Box::new(Some(Box::new("twice")))));
    both(&mut out, "a leaf", &7u8);
    both(&mut out, "raw keys", &raw_keys());
    // Shown entries keyed `#9`, `#10`, `#25` and `#30` are at the paths of entries folded into
    // the summary of entries 8 on (24 on).
    let entry_like = ["#9", "#10", "#25", "#30", "#1].value", "#8..32]", "", "."]
        .into_iter()
        .chain(["q"; 6])
        .chain(["r"; 18]);
    let entry_like_keys: BTreeMap<RawKey, String> = (entry_like.enumerate())
        .map(|(rank, text)| {
            (
                RawKey {
                    rank: rank as u8,
                    text,
                },
                text.repeat(2),
            )
        })
        .collect();
    both(&mut out, "raw keys like entries", &entry_like_keys);
    let folded = ReportOptions::new().max_nodes(12);
    out.push(("node budget".into(), items.layout_report_with(folded)));
    let folded = ReportOptions::new().max_nodes(40).max_children(WIDE);
    out.push((
        "node budget on a map".into(),
        odd_btree.layout_report_with(folded),
    ));
    out
}

/// Adds `value`'s reports with the default options and with [`WIDE`] children shown.
fn both<T: Layout>(out: &mut Vec<(String, Report)>, name: &str, value: &T) {
    out.push((name.to_string(), value.layout_report()));
    let wide = ReportOptions::new().max_children(WIDE);
    out.push((format!("{name}, wide"), value.layout_report_with(wide)));
}

/// What `Report::find` finds, written as a scan: depth first over the children whose segment
/// starts the rest of the path and ends on a segment boundary (`.`, `[` or the end), in the
/// order the walk met them; the first node where the path ends, else the first summary met
/// (siblings last to first) whose folded elements hold the rest.
fn scan(report: &Report, path: &str) -> Option<usize> {
    let path = if path == "(root)" { "" } else { path };
    let mut stack = vec![(report.root(), 0)];
    let mut summary = None;
    while let Some((node, at)) = stack.pop() {
        let rest = &path[at..];
        if rest.is_empty() {
            return Some(node.id());
        }
        let children: Vec<Node<'_>> = node.children().collect();
        for child in children.into_iter().rev() {
            if summary.is_none() && summary_holds(child, rest) {
                summary = Some(child.id());
            }
            let segment = child.segment();
            if let Some(after) = rest.strip_prefix(segment.as_str()) {
                if after.is_empty() || after.starts_with(['.', '[']) {
                    stack.push((child, at + segment.len()));
                }
            }
        }
    }
    summary
}

/// Whether `node` is a summary whose folded elements (links) hold the part `rest` leads to.
fn summary_holds(node: Node<'_>, rest: &str) -> bool {
    let Some(summary) = node.summary() else {
        return false;
    };
    let on_boundary = |after: &str| after.is_empty() || after.starts_with(['.', '[']);
    if summary.is_chain {
        return rest.strip_prefix(".*").is_some_and(on_boundary);
    }
    let hash = if summary.is_entries { "[#" } else { "[" };
    let Some((digits, after)) = rest.strip_prefix(hash).and_then(|r| r.split_once(']')) else {
        return false;
    };
    let folded = summary.first_index..summary.first_index + summary.count;
    on_boundary(after) && digits.parse::<usize>().is_ok_and(|i| folded.contains(&i))
}

/// Paths to look up in `report`: every node's path, its every prefix, the path followed by
/// segments that may or may not exist, paths into each summary, and malformed paths.
fn probes(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = [
        "", "(root)", "(root).x", "x", ".", "[", "]", "[]", "[#]", ".*",
    ]
    .map(String::from)
    .to_vec();
    let suffixes = [
        "",
        "x",
        ".",
        "[",
        ".x",
        "[0]",
        "[#0]",
        "[7]",
        "[8]",
        "[99999]",
        "[#99999]",
        ".*",
        ".key",
        ".value",
        ".*.next.Some.0.*",
        "]",
    ];
    for node in report.nodes() {
        let path = node.path();
        out.extend(path.char_indices().map(|(i, _)| path[..i].to_string()));
        out.extend(suffixes.iter().map(|s| format!("{path}{s}")));
        let (Some(summary), Some(parent)) = (node.summary(), node.parent()) else {
            continue;
        };
        let parent = parent.path();
        if summary.is_chain {
            for rest in [".*", ".*.value", ".*.next.Some.0.*.value", ".*x", ".*{"] {
                out.push(format!("{parent}{rest}"));
            }
            continue;
        }
        let hash = if summary.is_entries { "#" } else { "" };
        let (first, end) = (summary.first_index, summary.first_index + summary.count);
        for i in [first.wrapping_sub(1), first, end - 1, end] {
            for rest in ["", ".name", ".key", "[0]", "x", "]"] {
                out.push(format!("{parent}[{hash}{i}]{rest}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_path_finds_what_a_scan_finds() {
    for (name, report) in reports() {
        for path in probes(&report) {
            assert_eq!(
                report.find(&path).map(|n| n.id()),
                scan(&report, &path),
                "{name}: {path:?}"
            );
        }
    }
}

/// Every node is found by its path, unless another node has the same path (two entries whose
/// keys write the same text, an entry whose key spells a path through another): then one of
/// them is, the one `every_path_finds_what_a_scan_finds` pins.
#[test]
fn every_node_is_found_by_its_path() {
    let mut shared_paths = Vec::new();
    for (name, report) in reports() {
        let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
        for node in report.nodes() {
            by_path.entry(node.path()).or_default().push(node.id());
        }
        for (path, ids) in &by_path {
            let found = report
                .find(path)
                .unwrap_or_else(|| panic!("{name}: {path:?}"));
            assert!(ids.contains(&found.id()), "{name}: {path:?}");
            if ids.len() > 1 {
                shared_paths.push(path.clone());
            }
        }
        assert_eq!(report.find("(root)").unwrap().id(), 0, "{name}");
        assert_eq!(report.find("").unwrap().id(), 0, "{name}");
    }
    shared_paths.sort();
    shared_paths.dedup();
    // `raw_keys`' and the entries keyed `q` and `r`.
    let mut expected = RAW_KEYS_SHARED_PATHS.to_vec();
    expected.extend(["[q]", "[q].key", "[q].value", "[r]", "[r].key", "[r].value"]);
    assert_eq!(shared_paths, expected);
}

#[test]
fn paths_into_summaries_find_the_summary() {
    for (name, report) in reports() {
        for node in report.nodes().filter(|n| n.kind() == NodeKind::Summary) {
            let summary = node.summary().unwrap();
            let parent = node.parent().unwrap().path();
            let hash = if summary.is_entries { "#" } else { "" };
            let last = summary.first_index + summary.count - 1;
            let inside = if summary.is_chain {
                vec![
                    format!("{parent}.*"),
                    format!("{parent}.*.next.Some.0.*.value"),
                ]
            } else {
                vec![
                    format!("{parent}[{hash}{}]", summary.first_index),
                    format!("{parent}[{hash}{last}].name"),
                ]
            };
            for path in inside {
                let found = report.find(&path).map(|n| n.id());
                assert_eq!(found, Some(node.id()), "{name}: {path:?}");
            }
            if !summary.is_chain {
                let past = format!("{parent}[{hash}{}]", last + 1);
                assert!(report.find(&past).is_none(), "{name}: {past:?}");
            }
        }
    }
}

#[test]
fn paths_that_lead_nowhere_find_nothing() {
    let items: Vec<Item> = (0..3).map(item).collect();
    let report = items.layout_report();
    for path in [
        "[3]",
        "[0].nope",
        "[0]name",
        "[0].na",
        "[0].name.x",
        "[#0]",
        ".*",
        "x",
        "[",
    ] {
        assert!(report.find(path).is_none(), "{path:?}");
    }
    // Parts folded away by the node budget have no node, and no summary stands for them.
    let folded = items.layout_report_with(ReportOptions::new().max_nodes(2));
    assert!(folded.find("[0]").is_some());
    assert!(folded.find("[2].name").is_none());
}

/// Where an entry's key spells a path through another entry, the path finds the first node
/// the depth-first search reaches in the walk's order: `[a].value[0]` is `[a]`'s value's first
/// element (the entry keyed `a].value[0]` comes later), `[b].value[0]` the entry keyed
/// `b].value[0]` (it comes before `[b]`). A path that leads on goes through whichever reaches
/// its end.
#[test]
fn entry_keys_spelling_paths_resolve_depth_first() {
    let report = raw_keys().layout_report_with(ReportOptions::new().max_children(WIDE));
    let found = |path: &str| report.find(path).unwrap();
    let element = found("[a].value[0]");
    assert_eq!(element.type_name(), "String");
    assert_eq!(element.parent().unwrap().path(), "[a].value");
    let entry = found("[b].value[0]");
    assert_eq!(entry.type_name(), "(RawKey, Vec<String>)");
    assert_eq!(entry.parent().unwrap().id(), 0);
    // `[a].value[0]`'s element has no key: the entry keyed `a].value[0]` has.
    let key = found("[a].value[0].key");
    assert_eq!(key.parent().unwrap().type_name(), "(RawKey, Vec<String>)");
    assert_eq!(found("[a].value[0].value[0]").type_name(), "String");
    assert!(report.find("[a].value[0].value[1]").is_none());
    // Of the twenty entries keyed `c`, the first is found.
    let first_c = report.nodes().find(|n| n.path() == "[c]").unwrap();
    assert_eq!(found("[c]").id(), first_c.id());
    // Every other node is found by its path.
    let mut hidden: Vec<String> = report
        .nodes()
        .filter(|n| found(&n.path()).id() != n.id())
        .map(|n| n.path())
        .collect();
    hidden.sort();
    hidden.dedup();
    assert_eq!(hidden, RAW_KEYS_SHARED_PATHS);
}

/// Every part shown, however many.
fn every_part() -> ReportOptions {
    ReportOptions::new()
        .max_children(usize::MAX)
        .max_nodes(usize::MAX)
}

/// 20,000 elements under one node, each found by its path, in well under a second in a debug
/// build (lookups that wrote every child's segment took 169 s, 33 s in a release build).
#[test]
fn a_wide_vec_finds_every_element() {
    let wide = vec![String::from("x"); 20_000];
    let report = wide.layout_report_with(every_part());
    assert_eq!(report.len(), 20_001);
    for node in report.nodes() {
        assert_eq!(report.find(&node.path()).unwrap().id(), node.id());
    }
    assert!(report.find("[20000]").is_none());
}

/// 20,000 entries keyed by strings holding dots, each found by its path with its key and value
/// (lookups that wrote every child's segment took 233 s in a release build).
#[test]
fn a_wide_map_finds_every_entry() {
    let keys: BTreeMap<String, Vec<u8>> =
        (0..20_000).map(|i| (format!("k.{i}"), vec![1])).collect();
    let report = keys.layout_report_with(every_part());
    assert_eq!(report.len(), 1 + 3 * 20_000);
    for node in report.nodes() {
        assert_eq!(report.find(&node.path()).unwrap().id(), node.id());
    }
    assert!(report.find(r#"["k.20000"]"#).is_none());
}
