//! Chains in reports (issue 16): a `Box` linked list, `Option<Box<T>>` nesting, an enum nested
//! through boxes and an `Rc` chain show their first `max_children` links; the rest is one chain
//! summary (`.*{8..N}`) whose count, totals, minima and maxima are checked against the counting
//! allocator, in every rendering and in diffs, on a bounded stack up to a million links.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/chain_summary.rs"]
mod chain_summary;

use std::rc::Rc;

use chain_summary::chain_summary;
use memlayout::report::{NodeKind, Report};
use memlayout::{Layout, LayoutReport, ReportOptions};

const SHOWN: usize = 8;

/// One link of a `Box` list, with a payload of its own on the heap.
#[derive(Layout)]
struct Link {
    name: String,
    next: Option<Box<Link>>,
}

impl Drop for Link {
    /// A loop: the default drop would recurse once per link.
    fn drop(&mut self) {
        let mut next = self.next.take();
        while let Some(mut link) = next {
            next = link.next.take();
        }
    }
}

/// A list of `links` links whose names have `name_len(i)` bytes, with the heap bytes of each
/// link's name and of its box as the counting allocator saw them, head first.
fn list(links: usize, name_len: impl Fn(usize) -> usize) -> (Option<Box<Link>>, Links) {
    let mut head = None;
    let (mut names, mut boxes) = (Vec::with_capacity(links), Vec::with_capacity(links));
    for i in (0..links).rev() {
        let (name, name_usage) = alloc::measure(|| "x".repeat(name_len(i)));
        let next = head.take();
        let (link, box_usage) = alloc::measure(|| Box::new(Link { name, next }));
        names.push(name_usage);
        boxes.push(box_usage);
        head = Some(link);
    }
    names.reverse();
    boxes.reverse();
    (head, Links { names, boxes })
}

/// What the allocator saw for each link of a chain.
struct Links {
    names: Vec<alloc::Usage>,
    boxes: Vec<alloc::Usage>,
}

impl Links {
    /// The heap bytes and allocations of folded link `i`: what its parts own, its name and the
    /// box of the next link (a link's `next` owns that box).
    fn folded(&self, i: usize) -> (usize, usize) {
        let next = self.boxes.get(i + 1);
        (
            self.names[i].bytes + next.map_or(0, |b| b.bytes),
            self.names[i].allocations + next.map_or(0, |b| b.allocations),
        )
    }

    fn total_bytes(&self) -> usize {
        self.names.iter().chain(&self.boxes).map(|u| u.bytes).sum()
    }
}

/// Checks a report of a chain against the allocator's figures: the first `shown` links shown,
/// the rest folded.
fn check_chain(report: &Report, links: &Links, shown: usize) {
    let len = links.names.len();
    assert_eq!(report.totals().heap_bytes, links.total_bytes());
    assert!(report.totals().is_exact);
    let Some(summary_node) = chain_summary(report) else {
        assert!(len <= shown, "{len} links, no summary");
        return;
    };
    let folded: Vec<(usize, usize)> = (shown..len).map(|i| links.folded(i)).collect();
    assert!(!folded.is_empty());
    let summary = summary_node.summary().unwrap();
    assert_eq!(summary_node.kind(), NodeKind::Summary);
    assert_eq!((summary.first_index, summary.count), (shown, folded.len()));
    let bytes = |f: &(usize, usize)| f.0;
    let allocations = |f: &(usize, usize)| f.1;
    assert_eq!(
        summary_node.heap_bytes(),
        folded.iter().map(bytes).sum::<usize>()
    );
    assert_eq!(
        summary_node.allocations(),
        folded.iter().map(allocations).sum::<usize>()
    );
    assert_eq!(
        summary.min.heap_bytes,
        folded.iter().map(bytes).min().unwrap()
    );
    assert_eq!(
        summary.max.heap_bytes,
        folded.iter().map(bytes).max().unwrap()
    );
    assert_eq!(
        summary.min.allocations,
        folded.iter().map(allocations).min().unwrap()
    );
    assert_eq!(
        summary.max.allocations,
        folded.iter().map(allocations).max().unwrap()
    );
    assert_eq!(summary.min.inline_bytes, core::mem::size_of::<Link>());
    assert_eq!(
        summary_node.inline_bytes(),
        folded.len() * core::mem::size_of::<Link>()
    );
    // The pointer to the first folded link keeps that link's box, as every shown box does.
    let holder = summary_node.parent().unwrap();
    assert_eq!(holder.own().heap_bytes, links.boxes[shown].bytes);
    // The shown links, then the summary: a bounded report whatever the length.
    assert!(report.nodes().len() < 8 * (shown + 2));
}

fn name_len(i: usize) -> usize {
    (i * 7) % 23
}

#[test]
fn chains_of_every_length_around_the_shown_limit() {
    for links in [0, 1, SHOWN - 1, SHOWN, SHOWN + 1, SHOWN + 2, 100] {
        let (head, links_seen) = list(links, name_len);
        let report = head.layout_report();
        check_chain(&report, &links_seen, SHOWN);
        assert_eq!(
            chain_summary(&report).is_some(),
            links > SHOWN,
            "{links} links"
        );
    }
}

#[test]
fn the_shown_limit_is_max_children() {
    for shown in [0, 1, 3] {
        for links in [shown, shown + 1, 50] {
            let (head, seen) = list(links, name_len);
            let report = head.layout_report_with(ReportOptions::new().max_children(shown));
            check_chain(&report, &seen, shown);
        }
    }
}

#[test]
fn ten_thousand_links() {
    let (head, seen) = list(10_000, name_len);
    check_chain(&head.layout_report(), &seen, SHOWN);
}

#[test]
fn a_million_links_on_a_2_mib_stack() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let (head, seen) = list(1_000_000, |i| i % 3);
            check_chain(&head.layout_report(), &seen, SHOWN);
        })
        .unwrap()
        .join()
        .expect("the walk overflowed or panicked");
}

#[test]
fn paths_into_folded_links_find_the_summary() {
    let (head, _) = list(20, name_len);
    let report = head.layout_report();
    let summary = chain_summary(&report).unwrap();
    let link = ".Some.0.*.next";
    let shown_path: String = link.repeat(SHOWN) + ".Some.0.*";
    assert_eq!(summary.path(), format!("{shown_path}{{8..20}}"));
    assert_eq!(summary.segment(), ".*{8..20}");
    assert_eq!(report.find(&summary.path()).unwrap().id(), summary.id());
    // The name of link 12, folded: its path ends in the summary.
    let deep = link.repeat(12) + ".Some.0.*.name";
    assert_eq!(report.find(&deep).unwrap().id(), summary.id());
    // Link 7 is shown.
    let shown = link.repeat(7) + ".Some.0.*.name";
    assert_eq!(report.find(&shown).unwrap().kind(), NodeKind::Value);
}

#[test]
fn renderings_show_the_summary() {
    let (head, seen) = list(30, name_len);
    let report = head.layout_report();
    let folded_bytes: usize = (SHOWN..30).map(|i| seen.folded(i).0).sum();
    let text = report.to_string();
    assert!(text.contains(".*{8..30}"), "{text}");
    assert!(text.contains("22 links folded"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let chain = nodes
        .iter()
        .find(|n| n["summary"]["is_chain"] == true)
        .expect("a chain summary in the JSON");
    assert_eq!(chain["summary"]["count"], 22);
    assert_eq!(chain["segment"], ".*{8..30}");
    let html = report.to_html();
    assert!(html.contains(".*{8..30}"));
    // Folded stacks add up to the totals, the summary's frame holding the folded links.
    let folded = report.folded();
    let heap_in_stacks: usize = folded
        .lines()
        .filter(|l| l.contains("{8..30}"))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert!(heap_in_stacks >= folded_bytes, "{folded}");
}

#[test]
fn diffs_match_chain_summaries_of_different_lengths() {
    let (short, short_links) = list(20, name_len);
    let (long, long_links) = list(50, name_len);
    let (earlier, later) = (short.layout_report(), long.layout_report());
    let diff = later.diff(&earlier);
    let growth = long_links.total_bytes() - short_links.total_bytes();
    assert_eq!(diff.growth(), growth as isize);
    let change = &diff.changes()[0];
    assert!(change.path.ends_with(".*{8..}"), "{}", change.path);
    assert_eq!(change.before.unwrap().elements, 12);
    assert_eq!(change.after.unwrap().elements, 42);
    // Every change of the later links is in that one row.
    let shown_changes = diff.changes().len();
    assert!(shown_changes <= 2, "{diff}");
}

/// Nesting through `Option<Box<T>>` with no list type around it, and a payload that varies.
#[derive(Layout)]
struct Nest {
    values: Vec<u32>,
    inner: Option<Box<Nest>>,
}

impl Drop for Nest {
    fn drop(&mut self) {
        let mut next = self.inner.take();
        while let Some(mut n) = next {
            next = n.inner.take();
        }
    }
}

#[test]
fn option_box_nesting() {
    for depth in [SHOWN, SHOWN + 1, 5_000] {
        // Made before measuring: their own growth is not the value's.
        let (mut values, mut boxes) = (Vec::with_capacity(depth), Vec::with_capacity(depth));
        let (value, total) = alloc::measure(|| {
            let mut inner = None;
            for i in (0..depth).rev() {
                let (v, usage) = alloc::measure(|| (0..(i % 5) as u32).collect::<Vec<u32>>());
                values.push(usage.bytes);
                let next = inner.take();
                let (nest, usage) = alloc::measure(|| {
                    Box::new(Nest {
                        values: v,
                        inner: next,
                    })
                });
                boxes.push(usage.bytes);
                inner = Some(nest);
            }
            Nest {
                values: Vec::with_capacity(3),
                inner,
            }
        });
        values.reverse();
        boxes.reverse();
        let report = value.layout_report();
        assert_eq!(report.totals().heap_bytes, total.bytes);
        assert_eq!(report.totals().allocations, total.allocations);
        // The root is a `Nest` too: it is the first of the shown ones, so level `SHOWN - 1`
        // (0-based, below the root) is the first folded one.
        let summary = chain_summary(&report);
        assert_eq!(summary.is_some(), depth > SHOWN - 1);
        if let Some(node) = summary {
            // A level owns its values and the next level's box.
            let folded: Vec<usize> = (SHOWN - 1..depth)
                .map(|i| values[i] + boxes.get(i + 1).copied().unwrap_or(0))
                .collect();
            let s = node.summary().unwrap();
            assert_eq!(s.count, folded.len(), "{depth} levels");
            assert_eq!(
                node.heap_bytes(),
                folded.iter().sum::<usize>(),
                "{depth} levels"
            );
            assert_eq!(s.min.heap_bytes, *folded.iter().min().unwrap());
            assert_eq!(s.max.heap_bytes, *folded.iter().max().unwrap());
        }
    }
}

/// An expression nested through boxes in an enum's variants.
#[derive(Layout)]
enum Expr {
    Number(u64),
    Negate(Box<Expr>),
    Named(String, Box<Expr>),
}

#[test]
fn enum_nesting() {
    let (expr, usage) = alloc::measure(|| {
        let mut e = Expr::Number(1);
        for i in 0..200 {
            e = if i % 2 == 0 {
                Expr::Negate(Box::new(e))
            } else {
                Expr::Named(format!("n{i}"), Box::new(e))
            };
        }
        e
    });
    let report = expr.layout_report();
    assert_eq!(report.totals().heap_bytes, usage.bytes);
    assert_eq!(report.totals().allocations, usage.allocations);
    let node = chain_summary(&report).expect("a chain summary");
    assert_eq!(node.summary().unwrap().count, 200 - (SHOWN - 1));
    // The innermost `Number` owns nothing; a `Named` owns its name and the next box.
    let expr_box = core::mem::size_of::<Expr>();
    assert_eq!(node.summary().unwrap().min.heap_bytes, 0);
    assert!(node.summary().unwrap().max.heap_bytes > expr_box);
    // 200 nested boxes would drop recursively: 200 frames are fine.
    drop(expr);
}

/// A chain of `Rc`s, some links shared by a second handle.
#[derive(Layout)]
struct RcLink {
    label: String,
    next: Option<Rc<RcLink>>,
}

#[test]
fn rc_chains_count_each_allocation_once() {
    let (value, usage) = alloc::measure(|| {
        let mut extra = Vec::new();
        let mut head: Option<Rc<RcLink>> = None;
        for i in 0..100 {
            head = Some(Rc::new(RcLink {
                label: format!("link {i}"),
                next: head.take(),
            }));
            if i % 10 == 0 {
                extra.push(head.clone());
            }
        }
        (head, extra)
    });
    let report = value.layout_report();
    assert_eq!(report.totals().heap_bytes, usage.bytes);
    assert_eq!(report.totals().allocations, usage.allocations);
    // Each link is walked once: shown, or folded into a chain summary. Usually one summary
    // holds all but the first links; a part of the chain deferred past the stack budget may be
    // met first through a later handle in `extra`, which then shows or folds it.
    let shown = report
        .nodes()
        .filter(|n| n.kind() == NodeKind::Value && n.type_name() == "RcLink")
        .count();
    let chains: Vec<_> = report
        .nodes()
        .filter_map(|n| n.summary().filter(|s| s.is_chain).map(|s| (n, s)))
        .collect();
    assert!(!chains.is_empty());
    let folded: usize = chains.iter().map(|(_, s)| s.count).sum();
    assert_eq!(shown + folded, 100);
    // Each link's allocation is counted once, in whichever part met it first.
    assert_eq!(report.totals().shared_allocations, 100);
    for (_, summary) in &chains {
        assert!(summary.max.shared_allocations <= 1);
    }
    // Unlink in a loop.
    let (head, extra) = value;
    drop(extra);
    let mut next = head;
    while let Some(link) = next {
        next = Rc::try_unwrap(link).ok().and_then(|mut l| l.next.take());
    }
}

#[test]
fn under_an_allocator_model_the_summary_holds_the_links_reservations() {
    use memlayout::allocator::{Jemalloc, Model};
    let (head, seen) = list(50, name_len);
    let plain = head.layout_report();
    let report = head.layout_report_with(ReportOptions::new().allocator(Model::Jemalloc));
    assert_eq!(report.totals(), plain.totals());
    assert_eq!(report.totals().heap_bytes, seen.total_bytes());
    assert_eq!(
        report.reserved(),
        Some(memlayout::totals_with(&head, &Jemalloc))
    );
    let summary = chain_summary(&report).expect("a chain summary");
    let reserved = summary.reserved().unwrap();
    assert!(reserved.reserved_bytes >= summary.heap_bytes());
}
