//! Reports under an allocator model (`ReportOptions::allocator`): the model adds reserved
//! figures and changes no other; under `Requested` they are the bytes the allocator was asked
//! for (counted by the counting global allocator); a summary's are its elements' (each measured
//! by `totals_with`, a separate walk); the JSON and the text carry them; the rounding finding is
//! said once; `reserved <= N` budgets pass and fail. (Each model's arithmetic is checked against
//! its real allocator, and report nodes against jemalloc's usable sizes, in `allocators/`.)

#[path = "common/alloc.rs"]
mod alloc;

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use memlayout::allocator::{AllocatorModel, Glibc, Jemalloc, Mimalloc, Model, Requested};
use memlayout::budget::{check_with, Figure};
use memlayout::report::FindingKind;
use memlayout::{Layout, LayoutReport, Report, ReportOptions};

const MODELS: [Model; 4] = [
    Model::Requested,
    Model::Glibc(Glibc::DEFAULT),
    Model::Jemalloc,
    Model::Mimalloc,
];

/// A tree with boxes, shared strings and a map: every kind of block.
#[derive(Layout)]
struct Tree {
    name: String,
    tags: Vec<String>,
    shared: Option<Rc<String>>,
    boxed: Option<Box<[u64; 3]>>,
    index: HashMap<u32, Vec<u8>>,
    children: Vec<Tree>,
}

fn tree(fanout: usize, depth: usize, at: &mut usize, common: &Rc<String>) -> Tree {
    *at += 1;
    let n = *at;
    Tree {
        name: format!("node {n}"),
        tags: (0..n % 4).map(|t| "t".repeat(t * 7 + 1)).collect(),
        shared: matches!(n % 3, 0).then(|| Rc::clone(common)),
        boxed: matches!(n % 2, 0).then(|| Box::new([n as u64; 3])),
        index: (0..n % 5).map(|k| (k as u32, vec![0; k * 5])).collect(),
        children: if depth == 0 {
            Vec::new()
        } else {
            (0..fanout)
                .map(|_| tree(fanout, depth - 1, at, common))
                .collect()
        },
    }
}

/// Strings of several shapes: empty, small, grown by pushing, shrunk, after removals.
fn strings() -> Vec<Vec<String>> {
    let mut grown = Vec::new();
    for i in 0..500 {
        grown.push(format!("entry number {i}"));
    }
    let mut shrunk: Vec<String> = (0..300).map(|i| "s".repeat(i % 50)).collect();
    shrunk.truncate(40);
    shrunk.shrink_to_fit();
    let mut removed: Vec<String> = (0..900).map(|i| "r".repeat(i % 40 + 1)).collect();
    removed.retain(|s| s.len() % 4 != 0);
    vec![
        Vec::new(),
        vec![String::new(), "a".into()],
        grown,
        shrunk,
        removed,
    ]
}

fn option_sets() -> [ReportOptions; 4] {
    [
        ReportOptions::new(),
        ReportOptions::new().max_children(2),
        ReportOptions::new().max_nodes(6),
        ReportOptions::new().max_children(1).fair_share(true),
    ]
}

/// The report under `model` has the same nodes, figures and findings (besides rounding) as
/// without one.
fn assert_same_figures(plain: &Report, modelled: &Report) {
    assert_eq!(plain.len(), modelled.len());
    for (a, b) in plain.nodes().zip(modelled.nodes()) {
        assert_eq!(a.path(), b.path());
        assert_eq!(a.totals(), b.totals(), "{}", a.path());
        assert_eq!(a.own(), b.own(), "{}", a.path());
        assert_eq!(a.elided(), b.elided(), "{}", a.path());
        assert_eq!(a.summary(), b.summary(), "{}", a.path());
        assert_eq!(a.shared(), b.shared(), "{}", a.path());
    }
    let findings = |r: &Report| -> Vec<_> {
        r.findings()
            .iter()
            .filter(|f| f.kind != FindingKind::AllocatorRounding)
            .cloned()
            .collect()
    };
    assert_eq!(findings(plain), findings(modelled));
}

/// Every node's reserved bytes are its own blocks' plus its children's: the root's equal
/// `totals_with`, no child holds more than its parent, and each holds at least its heap.
fn assert_adds_up<T: Layout + ?Sized>(value: &T, model: Model, r: &Report) {
    assert_eq!(r.reserved(), Some(memlayout::totals_with(value, &model)));
    for node in r.nodes() {
        let held = node.reserved().unwrap();
        assert_eq!(held.model, model.name());
        assert_eq!(&held.totals, node.totals());
        let children: usize = node
            .children()
            .map(|c| c.reserved().unwrap().reserved_bytes)
            .sum();
        assert!(held.reserved_bytes >= children, "{}", node.path());
        if !r.options().get_fair_share() {
            assert!(
                held.reserved_bytes >= held.totals.heap_bytes,
                "{}",
                node.path()
            );
        }
    }
}

fn check_value<T: Layout + ?Sized>(value: &T) {
    for options in option_sets() {
        let plain = value.layout_report_with(options);
        assert_eq!(plain.reserved(), None);
        assert!(plain.nodes().all(|n| n.reserved().is_none()));
        for model in MODELS {
            let modelled = value.layout_report_with(options.allocator(model));
            assert_same_figures(&plain, &modelled);
            if !options.get_fair_share() {
                assert_adds_up(value, model, &modelled);
            }
        }
    }
}

#[test]
fn a_model_adds_reserved_figures_and_changes_no_other() {
    for v in strings() {
        check_value(&v);
    }
    let common = Rc::new("shared by several nodes".to_string());
    for (fanout, depth) in [(0, 0), (2, 1), (3, 3)] {
        check_value(&tree(fanout, depth, &mut 0, &common));
    }
    let map: HashMap<String, Vec<u32>> = (0..200)
        .map(|i| (format!("k{i}"), vec![i; i as usize % 7]))
        .collect();
    check_value(&map);
    let btree: BTreeMap<u64, String> = (0..500).map(|i| (i * 7919 % 1000, i.to_string())).collect();
    check_value(&btree);
    // Deeper than the walk recurses (64 nested visits): parts past it are deferred.
    let mut list = Link(None, String::from("tail"));
    for i in 0..300 {
        list = Link(Some(Box::new(list)), "l".repeat(i % 30));
    }
    check_value(&list);
    // Dropped by a loop, not by recursion.
    let mut next = list.0.take();
    while let Some(mut link) = next {
        next = link.0.take();
    }
}

/// A `Box`-linked list node with a string.
#[derive(Layout)]
struct Link(Option<Box<Link>>, String);

#[test]
fn requested_reserved_bytes_are_what_the_allocator_was_asked_for() {
    let (common, made_before) = alloc::measure(|| Rc::new("common".to_string()));
    let cases: Vec<(Box<dyn Fn() -> Report>, usize)> = vec![
        {
            let (v, usage) = alloc::measure(|| strings().pop().unwrap());
            let bytes = usage.bytes;
            (
                Box::new(move || {
                    v.layout_report_with(ReportOptions::new().allocator(Model::Requested))
                }),
                bytes,
            )
        },
        {
            let (t, usage) = alloc::measure(|| tree(3, 3, &mut 0, &common));
            // The shared string was made before, and the tree holds it.
            let bytes = usage.bytes + made_before.bytes;
            (
                Box::new(move || {
                    t.layout_report_with(
                        ReportOptions::new()
                            .max_children(2)
                            .allocator(Model::Requested),
                    )
                }),
                bytes,
            )
        },
    ];
    for (report, bytes) in cases {
        let r = report();
        assert_eq!(r.reserved().unwrap().reserved_bytes, bytes);
        for node in r.nodes() {
            let held = node.reserved().unwrap();
            assert_eq!(held.reserved_bytes, node.heap_bytes(), "{}", node.path());
            assert_eq!(held.overhead_bytes(), 0);
        }
    }
}

#[test]
fn a_summary_holds_what_its_elements_hold() {
    for v in strings() {
        for model in MODELS {
            let options = ReportOptions::new().max_children(3).allocator(model);
            let r = v.layout_report_with(options);
            let Some(summary) = r.nodes().find(|n| n.summary().is_some()) else {
                assert!(v.len() <= 3);
                continue;
            };
            let first = summary.summary().unwrap().first_index;
            let each: usize = v[first..]
                .iter()
                .map(|s| memlayout::totals_with(s, &model).reserved_bytes)
                .sum();
            assert_eq!(summary.reserved().unwrap().reserved_bytes, each);
        }
    }
}

#[test]
fn json_carries_reserved_figures_only_under_a_model() {
    let v: Vec<String> = (0..20).map(|i| "j".repeat(i)).collect();
    let plain: serde_json::Value = serde_json::from_str(&v.layout_report().to_json()).unwrap();
    assert!(plain.get("reserved").is_none());
    assert!(plain["options"].get("allocator").is_none());
    assert!(plain["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n.get("reserved").is_none()));
    for model in MODELS {
        let r = v.layout_report_with(ReportOptions::new().max_children(4).allocator(model));
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        let nodes = json["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), r.len());
        for (node, json) in r.nodes().zip(nodes) {
            let held = node.reserved().unwrap();
            let reserved = &json["reserved"];
            assert_eq!(reserved["model"], model.name());
            assert_eq!(reserved["reserved_bytes"], held.reserved_bytes);
            assert_eq!(reserved["overhead_bytes"], held.overhead_bytes());
            assert_eq!(reserved["header_bytes"], held.header_bytes);
            assert_eq!(reserved["is_exact"], held.is_exact);
        }
        let root = r.reserved().unwrap();
        assert_eq!(json["reserved"]["reserved_bytes"], root.reserved_bytes);
        assert!(!json["options"]["allocator"].is_null());
    }
}

#[test]
fn text_has_a_reserved_column_only_under_a_model() {
    let v: Vec<String> = (0..10).map(|i| "t".repeat(i + 1)).collect();
    let plain = v.layout_report().to_string();
    assert!(!plain.contains("reserved"));
    let r = v.layout_report_with(ReportOptions::new().allocator(Model::Glibc(Glibc::DEFAULT)));
    let text = r.to_string();
    let root = r.reserved().unwrap();
    let summary = format!(
        "reserved under glibc: {} (allocator overhead {}, of which headers {})",
        memlayout::report::human_bytes(root.reserved_bytes),
        memlayout::report::human_bytes(root.overhead_bytes()),
        memlayout::report::human_bytes(root.header_bytes),
    );
    assert!(text.contains(&summary), "{text}");
    let header = text.lines().find(|l| l.starts_with("path")).unwrap();
    assert!(header.contains("heap  reserved  unused"), "{header}");
    // The row of `[3]`: its 4-byte string takes a 32-byte chunk.
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("[3]"))
        .unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        &cells[cells.len() - 5..],
        ["4", "B", "32", "B", "1"].as_slice(),
        "{row}"
    );
}

/// The rounding finding's facts from the value and the model: each string's request is its
/// capacity.
#[test]
fn rounding_is_said_once_with_its_requests_and_classes() {
    let v: Vec<String> = (0..2000).map(|i| "x".repeat(10 + i % 31)).collect();
    for model in [
        Model::Glibc(Glibc::DEFAULT),
        Model::Jemalloc,
        Model::Mimalloc,
    ] {
        let r = v.layout_report_with(ReportOptions::new().allocator(model));
        let found: Vec<_> = r
            .findings()
            .iter()
            .filter(|f| f.kind == FindingKind::AllocatorRounding)
            .collect();
        assert_eq!(found.len(), 1, "{}: {found:?}", model.name());
        let finding = found[0];
        let reserved: usize = v.iter().map(|s| model.reserved(s.capacity(), 1)).sum();
        let requested: usize = v.iter().map(String::capacity).sum();
        assert_eq!(finding.bytes, reserved - requested);
        assert_eq!(finding.path, "");
        let mut classes: Vec<usize> = v
            .iter()
            .map(|s| model.usable_size(s.capacity(), 1))
            .collect();
        classes.sort_unstable();
        classes.dedup();
        let classes: Vec<String> = classes.iter().map(usize::to_string).collect();
        let (min, max) = (
            v.iter().map(String::capacity).min().unwrap(),
            v.iter().map(String::capacity).max().unwrap(),
        );
        let percent = (reserved - requested) * 100 / reserved;
        let expected = format!(
            "{percent}% of what {} holds for the String allocations of this Vec<String>",
            model.name()
        );
        assert!(
            finding.message.starts_with(&expected),
            "{}",
            finding.message
        );
        let tail = format!(
            ": 2,000 requests of {min}-{max} bytes land in {}-byte classes",
            classes.join("/")
        );
        assert!(finding.message.ends_with(&tail), "{}", finding.message);
    }
    // No model, no finding; nor where rounding is a small share.
    assert!(v
        .layout_report()
        .findings()
        .iter()
        .all(|f| f.kind != FindingKind::AllocatorRounding));
    let big: Vec<Vec<u64>> = (0..50).map(|i| vec![1; 1000 + i]).collect();
    let r = big.layout_report_with(ReportOptions::new().allocator(Model::Jemalloc));
    assert!(r
        .findings()
        .iter()
        .all(|f| f.kind != FindingKind::AllocatorRounding));
}

/// An over-aligned element.
#[derive(Layout, Clone, Copy)]
#[repr(align(64))]
struct Aligned(u8);

#[test]
fn reserved_budgets_pass_and_fail() {
    let names: Vec<String> = (0..50).map(|i| "n".repeat(i % 20 + 1)).collect();
    let jemalloc = memlayout::totals_with(&names, &Jemalloc).reserved_bytes;
    memlayout::assert_budget!(names, allocator = Jemalloc, reserved <= jemalloc);
    memlayout::assert_budget!(
        names,
        allocator = Glibc::DEFAULT,
        reserved <= 4096,
        heap <= 4096
    );
    memlayout::assert_budget!(
        &names,
        allocator = Model::Requested,
        reserved <= memlayout::heap_bytes(&names)
    );

    let over = check_with(
        "names",
        &names,
        Some(Model::Jemalloc),
        &[(Figure::Reserved, jemalloc - 1)],
    )
    .unwrap_err();
    let overrun = &over.overruns[0];
    assert_eq!(
        (overrun.actual, overrun.unverified.as_deref()),
        (jemalloc, None)
    );
    // The largest contributor is the vector's own buffer; shares add up to the figure.
    assert_eq!(overrun.contributors[0].path, "names (itself)");
    assert_eq!(
        overrun.contributors[0].amount,
        Jemalloc.usable_size(names.capacity() * size_of::<String>(), 8)
    );
    let message = over.to_string();
    assert!(
        message.contains(&format!("reserved = {jemalloc} bytes")),
        "{message}"
    );

    // No model: unverified, whatever the budget.
    let error =
        check_with("names", &names, None, &[(Figure::Reserved, usize::MAX - 1)]).unwrap_err();
    let why = error.overruns[0].unverified.as_deref().unwrap();
    assert!(why.contains("no allocator model chosen"), "{why}");
    // An estimate under the model (over-aligned requests, whose glibc chunks depend on
    // addresses), though the heap figure is exact: unverified.
    let aligned = vec![Aligned(1); 3];
    assert!(memlayout::totals(&aligned).is_exact);
    let glibc = Some(Model::Glibc(Glibc::DEFAULT));
    let error = check_with(
        "aligned",
        &aligned,
        glibc,
        &[(Figure::Reserved, usize::MAX - 1)],
    )
    .unwrap_err();
    let why = error.overruns[0].unverified.as_deref().unwrap();
    assert!(why.contains("an estimate under the glibc model"), "{why}");
    // A heap figure that is an estimate (a B-tree's nodes): unverified too.
    let btree: BTreeMap<u32, u32> = (0..1000).map(|i| (i, i)).collect();
    let error = check_with(
        "btree",
        &btree,
        Some(Model::Jemalloc),
        &[(Figure::Reserved, usize::MAX - 1)],
    )
    .unwrap_err();
    let why = error.overruns[0].unverified.as_deref().unwrap();
    assert!(why.starts_with("estimate between"), "{why}");
    // The other figures are checked as before alongside.
    assert!(check_with("names", &names, Some(Model::Mimalloc), &[(Figure::Heap, 1)]).is_err());
    let _ = (Requested, Mimalloc);
}

#[test]
#[should_panic(expected = "reserved = 0 bytes (cannot verify: no allocator model chosen")]
fn a_reserved_budget_without_a_model_panics() {
    let names = vec![String::from("x")];
    memlayout::assert_budget!(names, reserved <= 4096);
}
