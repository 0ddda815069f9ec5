//! Map entries as `(K, V)` nodes: in the report, its paths, its folded stacks, the folded walk,
//! the drop order, the footprint by type and diffs, each map entry is one node of type `(K, V)`
//! named by its key, with `.key` and `.value` children carrying their own figures.
//!
//! Every key and value is built on its own under the counting allocator (`common/alloc.rs`),
//! then moved into its map (a move allocates nothing), so the bytes each one owns are the
//! allocator's figure, not ours; drop orders are checked against drop-logging keys and values.

#[path = "common/alloc.rs"]
mod alloc;

use std::any::type_name;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Debug;
use std::hash::Hash;
use std::mem::size_of;

use memlayout::report::NodeKind;
use memlayout::{
    DropAction, DropOrderExt, Kind, Layout, LayoutReport, Report, ReportOptions, TypeLayout,
    Visitor,
};

/// The heap bytes a key owns and the heap bytes its value owns.
type EntryHeap = (usize, usize);

/// Builds `n` entries with `key(i)` and `value(i)`, measuring each key and value as it is made:
/// the entries and, in the same order, the heap bytes each key and each value owns.
fn measured_entries<K, V>(
    n: usize,
    key: impl Fn(usize) -> K,
    value: impl Fn(usize) -> V,
) -> (Vec<(K, V)>, Vec<EntryHeap>) {
    (0..n)
        .map(|i| {
            let (k, key_usage) = alloc::measure(|| key(i));
            let (v, value_usage) = alloc::measure(|| value(i));
            ((k, v), (key_usage.bytes, value_usage.bytes))
        })
        .unzip()
}

/// The path segment of the entry with key `key`, as `Debug` writes the key.
fn segment(key: &impl Debug) -> String {
    format!("[{key:?}]")
}

/// Checks every shown entry of map `report` (at `at`, a path): a `(K, V)` node of the key's and
/// value's inline sizes with `.key` and `.value` children holding exactly the heap bytes the
/// allocator counted for that key and that value. Returns how many entries were shown.
#[track_caller]
fn check_shown_entries<K: Debug + Eq + Hash, V>(
    report: &Report,
    at: &str,
    heap: &HashMap<K, EntryHeap>,
) -> usize {
    let mut shown = 0;
    for (key, &(key_heap, value_heap)) in heap {
        let path = format!("{at}{}", segment(key));
        let Some(entry) = report.find(&path).filter(|n| n.kind() == NodeKind::Value) else {
            continue;
        };
        shown += 1;
        assert_eq!(entry.path(), path);
        assert_eq!(entry.full_type_name(), type_name::<(K, V)>());
        assert_eq!(entry.layout().kind, Kind::Tuple);
        assert_eq!(entry.inline_bytes(), size_of::<K>() + size_of::<V>());
        let parts: Vec<String> = entry.children().map(|c| c.segment()).collect();
        assert_eq!(parts, [".key", ".value"], "{path}");
        let key_node = report.find(&format!("{path}.key")).unwrap();
        let value_node = report.find(&format!("{path}.value")).unwrap();
        assert_eq!(key_node.full_type_name(), type_name::<K>());
        assert_eq!(value_node.full_type_name(), type_name::<V>());
        assert_eq!(key_node.inline_bytes(), size_of::<K>());
        assert_eq!(value_node.inline_bytes(), size_of::<V>());
        assert_eq!(key_node.heap_bytes(), key_heap, "{path}.key");
        assert_eq!(value_node.heap_bytes(), value_heap, "{path}.value");
        assert_eq!(entry.heap_bytes(), key_heap + value_heap, "{path}");
        assert_eq!(entry.own().heap_bytes, 0, "the entry's heap is its parts'");
    }
    shown
}

/// A map with `n` entries, checked through its report: shown entries one by one, summarised
/// ones through their summary, the whole against the allocator.
#[track_caller]
fn check_map<K, V, M>(n: usize, key: impl Fn(usize) -> K, value: impl Fn(usize) -> V)
where
    K: Debug + Eq + Hash + Clone,
    M: FromIterator<(K, V)> + Layout,
{
    let (entries, heap) = measured_entries(n, key, value);
    let by_key: HashMap<K, EntryHeap> = entries.iter().map(|(k, _)| k.clone()).zip(heap).collect();
    let entries_heap: usize = by_key.values().map(|&(k, v)| k + v).sum();
    // The entries' vector is freed as the map is made: its buffer is not the map's.
    let buffer = entries.capacity() * size_of::<(K, V)>();
    let (map, made) = alloc::measure(|| entries.into_iter().collect::<M>());
    let table = made.bytes + buffer;
    let report = map.layout_report_with(ReportOptions::new().max_children(4));
    let shown = check_shown_entries::<K, V>(&report, "", &by_key);
    assert_eq!(shown, n.min(4));
    assert_eq!(report.totals().heap_bytes, table + entries_heap);
    let root = report.root();
    let table_heap = root.own().heap_bytes;
    assert_eq!(table_heap, table, "the map's own block is its table");
    let summary = root.children().find(|c| c.kind() == NodeKind::Summary);
    match summary {
        None => assert_eq!(shown, n),
        Some(summary) => {
            let folded = summary.summary().unwrap();
            assert!(folded.is_entries);
            assert_eq!(folded.count, n - shown);
            assert_eq!(summary.full_type_name(), type_name::<(K, V)>());
            // The summarised entries hold what the shown ones do not.
            let shown_heap: usize = root
                .children()
                .filter(|c| c.kind() == NodeKind::Value)
                .map(|c| c.heap_bytes())
                .sum();
            assert_eq!(summary.heap_bytes(), entries_heap - shown_heap);
            // Each summarised entry's inline bytes are its key's and value's.
            assert_eq!(folded.min.inline_bytes, size_of::<K>() + size_of::<V>());
            assert_eq!(folded.max.inline_bytes, size_of::<K>() + size_of::<V>());
            let path = format!("[#{}]", folded.first_index);
            assert_eq!(report.find(&path).map(|n| n.id()), Some(summary.id()));
        }
    }
}

fn name(i: usize) -> String {
    format!("key-{i}-{}", "x".repeat(i % 7))
}

fn numbers(i: usize) -> Vec<u32> {
    (0..i as u32 % 5).collect()
}

#[test]
fn hash_map_entries_of_every_size_hold_their_keys_and_values_heap() {
    for n in [0, 1, 3, 4, 5, 40] {
        check_map::<String, Vec<u32>, HashMap<_, _>>(n, name, numbers);
    }
}

#[test]
fn btree_map_entries_of_every_size_hold_their_keys_and_values_heap() {
    for n in [0, 1, 4, 5, 200] {
        check_map::<u64, String, BTreeMap<_, _>>(n, |i| i as u64 * 7, name);
    }
}

#[test]
fn heap_under_the_key_only_or_the_value_only() {
    // Keys own heap, values do not; then the other way round.
    check_map::<String, u64, HashMap<_, _>>(12, name, |i| i as u64);
    check_map::<u32, Vec<u32>, BTreeMap<_, _>>(12, |i| i as u32, numbers);
}

#[test]
fn entries_after_removals_growth_and_shrinking() {
    let (entries, heap) = measured_entries(40, name, numbers);
    let mut by_key: HashMap<String, EntryHeap> =
        entries.iter().map(|(k, _)| k.clone()).zip(heap).collect();
    let (mut map, _) = alloc::measure(|| entries.into_iter().collect::<HashMap<_, _>>());
    for i in (0..40).step_by(3) {
        map.remove(&name(i));
        by_key.remove(&name(i));
    }
    let all = ReportOptions::new().max_children(100);
    let shown = check_shown_entries::<String, Vec<u32>>(&map.layout_report_with(all), "", &by_key);
    assert_eq!(shown, map.len());
    map.shrink_to_fit();
    let shown = check_shown_entries::<String, Vec<u32>>(&map.layout_report_with(all), "", &by_key);
    assert_eq!(shown, map.len());
    // Past the node budget, entries and their parts fold into the nearest shown node, and the
    // figures still add up.
    for max_nodes in [1, 2, 3, 4, 7] {
        let report = map.layout_report_with(all.max_nodes(max_nodes));
        assert_eq!(
            report.totals(),
            memlayout::totals(&map),
            "{max_nodes} nodes"
        );
    }
}

#[test]
fn an_entry_is_named_as_rust_writes_the_pair() {
    let map = BTreeMap::from([(String::from("alice"), vec![1u32, 2])]);
    let report = map.layout_report();
    let entry = report.find(r#"["alice"]"#).unwrap();
    assert_eq!(entry.type_name(), "(String, Vec<u32>)");
    assert_eq!(
        report.find(r#"["alice"].key"#).unwrap().type_name(),
        "String"
    );
    assert_eq!(
        report.find(r#"["alice"].value"#).unwrap().type_name(),
        "Vec<u32>"
    );
    // The text, JSON and HTML renderers show the same nodes.
    let text = report.to_string();
    let row = |segment: &str, type_name: &str| {
        text.lines()
            .any(|l| l.trim_start().starts_with(segment) && l.contains(type_name))
    };
    assert!(row(r#"["alice"]"#, "(String, Vec<u32>)"), "{text}");
    assert!(row(".key", "String") && row(".value", "Vec<u32>"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let segments: Vec<&str> = nodes
        .iter()
        .map(|n| n["segment"].as_str().unwrap())
        .collect();
    assert_eq!(segments, ["", r#"["alice"]"#, ".key", ".value"]);
    assert_eq!(nodes[1]["type_name"], type_name::<(String, Vec<u32>)>());
    let html = report.to_html();
    assert!(html.contains(".key") && html.contains(".value"), "{html}");
}

#[test]
fn entries_whose_keys_cannot_be_written_are_numbered() {
    #[derive(Layout, PartialEq, Eq, Hash, Clone, Debug)]
    struct Id {
        name: String,
    }
    let map: HashMap<Id, String> = (0..3)
        .map(|i| (Id { name: name(i) }, name(i + 10)))
        .collect();
    let report = map.layout_report();
    for (i, (key, value)) in map.iter().enumerate() {
        let entry = report.find(&format!("[#{i}]")).unwrap();
        assert_eq!(entry.full_type_name(), type_name::<(Id, String)>());
        let key_node = report.find(&format!("[#{i}].key.name")).unwrap();
        assert_eq!(key_node.heap_bytes(), key.name.capacity());
        let value_node = report.find(&format!("[#{i}].value")).unwrap();
        assert_eq!(value_node.heap_bytes(), value.capacity());
    }
}

#[test]
fn nested_maps_have_entries_within_entries() {
    type Inner = BTreeMap<u32, Vec<u8>>;
    let build_inner = |i: usize| -> Inner {
        (0..i as u32)
            .map(|j| (j, vec![0u8; j as usize + 1]))
            .collect()
    };
    let (entries, heap) = measured_entries(6, name, build_inner);
    let by_key: HashMap<String, EntryHeap> =
        entries.iter().map(|(k, _)| k.clone()).zip(heap).collect();
    let map: HashMap<String, Inner> = entries.into_iter().collect();
    let report = map.layout_report();
    assert_eq!(
        check_shown_entries::<String, Inner>(&report, "", &by_key),
        6
    );
    for (key, inner) in &map {
        let at = format!("{}.value", segment(key));
        for (j, bytes) in inner {
            let path = format!("{at}[{j}]");
            let entry = report.find(&path).unwrap();
            assert_eq!(entry.full_type_name(), type_name::<(u32, Vec<u8>)>());
            assert_eq!(report.find(&format!("{path}.key")).unwrap().heap_bytes(), 0);
            let value = report.find(&format!("{path}.value")).unwrap();
            assert_eq!(value.heap_bytes(), bytes.capacity());
        }
    }
    // Folded stacks: the report's and the folded walk's agree on the entries' frames.
    let stacks = report.folded();
    assert!(stacks.contains("[*];.value;[*];.value "), "{stacks}");
    let walked = memlayout::render::folded(&map);
    let values: usize = map
        .values()
        .flat_map(|m| m.values())
        .map(Vec::capacity)
        .sum();
    let line = walked
        .lines()
        .find(|l| l.contains("[*];.value;[*];.value "))
        .unwrap();
    assert_eq!(
        line.rsplit(' ').next().unwrap().parse::<usize>().unwrap(),
        values
    );
}

#[test]
fn folded_stacks_put_keys_and_values_under_their_own_frames() {
    let (entries, heap) = measured_entries(30, name, numbers);
    let keys: usize = heap.iter().map(|&(k, _)| k).sum();
    let values: usize = heap.iter().map(|&(_, v)| v).sum();
    let map: HashMap<String, Vec<u32>> = entries.into_iter().collect();
    let own = |stacks: &str, stack: &str| -> usize {
        stacks
            .lines()
            .filter_map(|l| l.rsplit_once(' '))
            .filter(|(s, _)| s.ends_with(stack))
            .map(|(_, b)| b.parse::<usize>().unwrap())
            .sum()
    };
    let walked = memlayout::render::folded(&map);
    assert_eq!(own(&walked, ";[*];.key"), keys, "{walked}");
    assert_eq!(own(&walked, ";[*];.value"), values, "{walked}");
    // The report shows every entry when asked to: its stacks add up the same.
    let report = map.layout_report_with(ReportOptions::new().max_children(100));
    let stacks = report.folded();
    assert_eq!(own(&stacks, ";[*];.key"), keys, "{stacks}");
    assert_eq!(own(&stacks, ";[*];.value"), values, "{stacks}");
}

#[test]
fn a_set_item_is_its_key() {
    let set: HashSet<String> = (0..3).map(name).collect();
    let report = set.layout_report();
    for item in &set {
        let node = report.find(&segment(item)).unwrap();
        assert_eq!(node.full_type_name(), type_name::<String>());
        assert_eq!(node.heap_bytes(), item.capacity());
        assert_eq!(node.children().count(), 0);
    }
    assert!(memlayout::render::folded(&set)
        .lines()
        .all(|l| !l.contains(".key")));
}

#[test]
fn entries_that_own_nothing_get_no_nodes() {
    // The fast path: a map of numbers is its table alone.
    let (map, table) = alloc::measure(|| {
        (0..50)
            .map(|i| (i, u64::from(i)))
            .collect::<HashMap<u32, u64>>()
    });
    let report = map.layout_report();
    assert_eq!(report.len(), 1);
    assert_eq!(report.totals().heap_bytes, table.bytes);
}

#[test]
fn the_footprint_counts_entries_as_pairs() {
    let map: BTreeMap<u64, String> = (0..25).map(|i| (i, name(i as usize))).collect();
    let footprint = memlayout::footprint(&map);
    let pairs = footprint.get("(u64, String)").unwrap();
    assert_eq!(pairs.instances, map.len());
    assert_eq!(
        pairs.inline_bytes,
        map.len() * (size_of::<u64>() + size_of::<String>())
    );
    assert_eq!(
        pairs.heap_bytes, 0,
        "a pair's heap is its key's and value's"
    );
    let strings = footprint.get("String").unwrap();
    assert_eq!(
        strings.heap_bytes,
        map.values().map(String::capacity).sum::<usize>()
    );
    let set: HashSet<String> = (0..5).map(name).collect();
    assert!(memlayout::footprint(&set).get("(String, ())").is_none());
}

#[test]
fn diffs_and_budgets_name_the_key_or_the_value() {
    let mut map: BTreeMap<u32, String> = (0..3).map(|i| (i, String::from("ab"))).collect();
    let earlier = map.layout_report();
    map.get_mut(&1).unwrap().reserve(1000);
    let later = map.layout_report();
    let diff = later.diff(&earlier);
    let change = &diff.changes()[0];
    assert_eq!(change.path, "[1].value");
    assert_eq!(change.heap_delta(), map[&1].capacity() as isize - 2);
    let budget = [(memlayout::budget::Figure::Heap, 10)];
    let error = memlayout::budget::check("map", &map, &budget).unwrap_err();
    let largest = &error.overruns[0].contributors[0];
    assert_eq!(
        (largest.path.as_str(), largest.amount),
        ("map[1].value", map[&1].capacity())
    );
}

// ---- drop order ------------------------------------------------------------------------------

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn log(label: String) {
    LOG.with(|log| log.borrow_mut().push(label));
}

/// A key or a value that logs `[id].key` or `[id].value` (its `part`) when dropped, owning a
/// buffer (or none, when `data` is empty).
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Logged {
    id: u32,
    part: &'static str,
    data: Vec<u8>,
}

impl Drop for Logged {
    fn drop(&mut self) {
        log(format!("[{}].{}", self.id, self.part));
    }
}

impl Layout for Logged {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Logged>("Logged", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(2, "data", &self.data);
    }
    fn has_drop_impl() -> bool {
        true
    }
    fn write_key(&self, out: &mut String) -> bool {
        out.push_str(&self.id.to_string());
        true
    }
}

fn logged(i: u32) -> (Logged, Logged) {
    let part = |part, len| Logged {
        id: i,
        part,
        data: vec![0u8; len],
    };
    (
        part("key", 1 + i as usize % 2),
        part("value", i as usize % 3),
    )
}

/// Predicts `map`'s drop order, drops it, and checks the `Drop::drop` calls happen at the
/// predicted paths in the predicted order, and each buffer is freed where predicted.
#[track_caller]
fn check_drop<M: Layout>(map: M) -> Vec<String> {
    let order = map.drop_order();
    let predicted: Vec<String> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect();
    let frees: Vec<(String, usize)> = order
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::FreesHeap { bytes, .. } => Some((s.path(), bytes)),
            _ => None,
        })
        .collect();
    // Room for every label beforehand: the log's own growth frees nothing meanwhile.
    // The JSON's path tree has the entry, then `.key` or `.value` below it, as a report does.
    let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    let paths = json["paths"].as_array().unwrap();
    let segment = |id: &serde_json::Value| paths[id.as_u64().unwrap() as usize]["segment"].clone();
    let parent = |id: &serde_json::Value| paths[id.as_u64().unwrap() as usize]["parent"].clone();
    for step in json["steps"].as_array().unwrap() {
        if step["action"]["kind"] == "runs_drop_impl" {
            let at = &step["path_id"];
            assert!(segment(at) == ".key" || segment(at) == ".value", "{step}");
            assert!(
                segment(&parent(at)).as_str().unwrap().starts_with('['),
                "{step}"
            );
        }
    }
    LOG.with(|log| log.borrow_mut().reserve(64));
    let freed = alloc::frees_during(move || drop(map));
    let observed = LOG.with(|log| log.take());
    assert_eq!(
        predicted, observed,
        "predicted drop order (left) differs from the real one"
    );
    let predicted_frees: Vec<usize> = frees.iter().map(|&(_, b)| b).collect();
    assert_eq!(predicted_frees, freed);
    // Each buffer is freed under its key or value; the table, last, is the map's own.
    for (path, _) in &frees {
        let part = path.ends_with(".key.data") || path.ends_with(".value.data");
        assert!(part || path.is_empty(), "{path}");
    }
    observed
}

#[test]
fn a_hash_map_drops_each_entry_key_then_value() {
    for n in [0, 1, 9] {
        let map: HashMap<Logged, Logged> = (0..n).map(logged).collect();
        let order: Vec<u32> = map.keys().map(|k| k.id).collect();
        let expected: Vec<String> = order
            .iter()
            .flat_map(|i| [format!("[{i}].key"), format!("[{i}].value")])
            .collect();
        assert_eq!(check_drop(map), expected);
    }
}

#[test]
fn a_btree_map_drops_each_entry_key_then_value_in_key_order() {
    let map: BTreeMap<Logged, Logged> = [4, 1, 3].into_iter().map(logged).collect();
    assert_eq!(
        check_drop(map),
        [
            "[1].key",
            "[1].value",
            "[3].key",
            "[3].value",
            "[4].key",
            "[4].value"
        ]
    );
}
