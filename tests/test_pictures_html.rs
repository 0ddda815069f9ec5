//! `Report::to_html` and `DropOrder::to_html`: every shown node and step is on the page, the
//! findings link to their nodes, each distinct type has a byte map, the icicle chart's frames
//! are as wide as their heap bytes (the root's checked against the counting allocator), and the
//! markup's key elements are balanced. Under an allocator model every row, frame and the totals
//! show the reserved bytes; without one, none do.

#[path = "common/alloc.rs"]
mod alloc;

use memlayout::{DropOrderExt, Layout, LayoutReport, Report, ReportOptions};
use std::collections::{HashMap, HashSet};
use std::time::Instant;

#[derive(Layout)]
struct Account {
    name: String,
    tags: Vec<String>,
    scores: HashMap<String, u32>,
    flag: bool,
}

fn account(tags: usize) -> Account {
    let mut tags: Vec<String> = (0..tags).map(|i| format!("tag number {i}")).collect();
    tags.truncate(tags.len() / 2 + tags.len() % 2);
    let scores = [("<b>&\"math\"</b>".to_string(), 3), ("art".to_string(), 4)]
        .into_iter()
        .collect();
    Account {
        name: "Ada".into(),
        tags,
        scores,
        flag: true,
    }
}

/// `<open` and `</close>` of each key element occur equally often.
fn assert_balanced(html: &str) {
    for element in [
        "html", "body", "details", "summary", "svg", "g", "a", "ul", "ol", "li", "table", "tr",
        "div", "script", "style",
    ] {
        let opening = html.matches(&format!("<{element} ")).count()
            + html.matches(&format!("<{element}>")).count();
        let closing = html.matches(&format!("</{element}>")).count();
        assert_eq!(
            opening, closing,
            "<{element}> opened {opening} times, closed {closing}"
        );
    }
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The icicle chart's frames: `(data-path, width in pixels)`, parsed as XML.
fn icicle_frames(html: &str) -> Vec<(String, f64)> {
    let Some(start) = html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"icicle\"")
    else {
        if cfg!(feature = "flamegraph") {
            return Vec::new();
        }
        panic!("no icicle chart");
    };
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    let doc = roxmltree::Document::parse(&html[start..end]).expect("the icicle parses as XML");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("frame"))
        .map(|n| {
            let rect = n.children().find(|c| c.has_tag_name("rect")).unwrap();
            (
                n.attribute("data-path").unwrap().to_string(),
                rect.attribute("width").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

/// Every value of `name="..."` in the page, as written (escaped).
fn attribute_values(html: &str, name: &str) -> HashSet<String> {
    let marker = format!(" {name}=\"");
    html.split(&marker)
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

fn assert_page_shows(report: &Report, html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "nothing is fetched"
    );
    assert!(
        !html.contains("<link") && !html.contains(" src="),
        "nothing is fetched"
    );
    assert_balanced(html);
    let ids = attribute_values(html, "id");
    let paths = attribute_values(html, "data-path");
    for node in report.nodes() {
        assert!(
            ids.contains(&format!("node-{}", node.id())),
            "node {} anchored",
            node.id()
        );
        if node.id() > 0 {
            assert!(paths.contains(&escaped(&node.path())), "{}", node.path());
        }
    }
    for finding in report.findings() {
        let node = report
            .find(&finding.path)
            .expect("a finding's path is a node");
        assert!(
            html.contains(&format!("href=\"#node-{}\"", node.id())),
            "finding at {} linked",
            finding.path
        );
    }
    let mut types: Vec<&str> = report.nodes().map(|n| n.full_type_name()).collect();
    types.sort();
    types.dedup();
    for name in types.iter().take(64) {
        assert!(
            html.contains(&format!("data-type=\"{}\"", escaped(name))),
            "byte map of {name}"
        );
    }
    let total = report.root().heap_bytes();
    if total > 0 {
        for (path, width) in icicle_frames(html) {
            let node = report
                .find(&path)
                .unwrap_or_else(|| panic!("no node at frame {path}"));
            let expected = node.heap_bytes() as f64 * 1100.0 / total as f64;
            assert!(
                (width - expected).abs() < 0.01,
                "{path}: {width} px for {} of {total} bytes",
                node.heap_bytes()
            );
        }
    }
}

#[test]
fn accounts_of_several_shapes() {
    for tags in [0, 1, 5, 40] {
        let (value, usage) = alloc::measure(|| account(tags));
        let report = value.layout_report();
        assert_eq!(
            report.root().heap_bytes(),
            usage.bytes,
            "the report's heap is the allocator's"
        );
        let html = report.to_html();
        assert_page_shows(&report, &html);
        if !cfg!(feature = "flamegraph") {
            let frames = icicle_frames(&html);
            assert_eq!(frames[0], ("(root)".to_string(), 1100.0));
        }
        assert!(!html.contains("<b>&\"math\"</b>"), "map keys are escaped");
    }
}

#[test]
fn a_value_without_heap_has_no_chart() {
    let report = (1u8, 2u64).layout_report();
    let html = report.to_html();
    assert_page_shows(&report, &html);
    assert!(html.contains("No heap bytes."));
}

#[test]
fn ten_thousand_nodes() {
    let value: Vec<Vec<u8>> = (0..20_000).map(|i| vec![0; i % 7]).collect();
    let report = value.layout_report_with(ReportOptions::default().max_children(usize::MAX));
    assert!(report.len() >= 9_000, "{} nodes", report.len());
    let started = Instant::now();
    let html = report.to_html();
    let elapsed = started.elapsed();
    assert_page_shows(&report, &html);
    println!(
        "{} nodes: {} bytes of HTML in {elapsed:?}",
        report.len(),
        html.len()
    );
    assert!(html.len() < 20 * 1024 * 1024);
    let model = memlayout::allocator::Model::Jemalloc;
    let under_model = value
        .layout_report_with(
            ReportOptions::new()
                .max_children(usize::MAX)
                .allocator(model),
        )
        .to_html();
    println!("under jemalloc: {} bytes of HTML", under_model.len());
    assert!(under_model.len() < 20 * 1024 * 1024);
}

#[test]
fn drop_order_steps_are_numbered() {
    let value = account(6);
    let order = value.drop_order();
    let html = order.to_html();
    assert_balanced(&html);
    assert_eq!(html.matches("<li ").count(), order.len());
    for step in order.steps() {
        assert!(html.contains(&format!(
            "id=\"step-{}\" data-path=\"{}\"",
            step.index(),
            escaped(&step.path())
        )));
    }
}

/// inferno's flame graph (feature `flamegraph`): the SVG parses as XML, the root frame holds the
/// root's inline bytes plus every heap byte the counting allocator saw, every frame's bytes are
/// the sum of its folded stacks', and the report page embeds the graph in a `srcdoc` frame.
#[cfg(feature = "flamegraph")]
#[test]
fn flame_graph_frames_hold_the_folded_bytes() {
    for tags in [0, 3, 40] {
        let (value, usage) = alloc::measure(|| account(tags));
        let report = value.layout_report();
        let svg = report.to_flamegraph_svg();
        let doc = roxmltree::Document::parse_with_options(
            &svg,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .expect("the flame graph parses as XML");
        // "name (1,234 bytes, 5.6%)" per frame.
        let frames: Vec<(String, usize)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| {
                let text = n.text()?;
                let (name, rest) = text.rsplit_once(" (")?;
                let bytes = rest.split(' ').next()?.replace(',', "").parse().ok()?;
                Some((name.to_string(), bytes))
            })
            .collect();
        let root = size_of::<Account>() + usage.bytes;
        let folded = report.folded();
        let stack_bytes = |frame: &str| -> usize {
            folded
                .lines()
                .filter(|l| l.split(' ').next().unwrap().split(';').any(|f| f == frame))
                .map(|l| l.rsplit(' ').next().unwrap().parse::<usize>().unwrap())
                .sum()
        };
        assert!(
            frames.contains(&("Account".to_string(), root)),
            "{frames:?}"
        );
        for frame in [".name", ".tags", ".scores"] {
            let drawn = frames.iter().find(|f| f.0 == frame).map_or(0, |f| f.1);
            assert_eq!(drawn, stack_bytes(frame), "{frame}");
        }
        let html = report.to_html();
        assert!(html.contains("<iframe class=\"flamegraph\""));
        assert!(html.contains("srcdoc=\"&lt;!DOCTYPE html&gt;"));
        assert!(!html.contains("class=\"icicle\""));
    }
}

/// The exact byte count in the first `attribute="N"` of `html`.
fn count_in(html: &str, attribute: &str) -> Option<usize> {
    let marker = format!("{attribute}=\"");
    let rest = &html[html.find(&marker)? + marker.len()..];
    Some(rest[..rest.find('"').unwrap()].parse().unwrap())
}

/// The markup of node `id`'s row: from its anchor to the end of its figures.
fn row(html: &str, id: usize) -> &str {
    let start = html
        .find(&format!("id=\"node-{id}\""))
        .expect("the node is anchored");
    let end = start + html[start..].find("</span>").unwrap();
    &html[start..end]
}

/// A totals row's exact bytes: the `data-bytes` of the row named `name`.
fn total_row(html: &str, name: &str) -> usize {
    let start = html
        .find(&format!("<td>{name}</td>"))
        .unwrap_or_else(|| panic!("a totals row {name}"));
    count_in(&html[start..start + 200], "data-bytes").unwrap()
}

/// Under an allocator model every tree row shows its node's reserved bytes (read back from
/// the page: the exact count and the printed figure), every icicle frame carries them for its
/// hover line, the totals are `totals_with`'s, and the rounding finding links to its node.
/// `Node::reserved` is itself checked against the real allocators in `allocators/`.
#[test]
fn reserved_bytes_under_a_model_on_every_row() {
    use memlayout::allocator::{Glibc, Jemalloc, Model};
    use memlayout::report::{human_bytes, FindingKind};

    let words = |n: usize| -> Vec<String> { (0..n).map(|i| format!("word {i}")).collect() };
    let values: Vec<(Account, Vec<String>)> = [0, 1, 5, 40, 300]
        .into_iter()
        .map(|n| (account(n), words(n)))
        .collect();
    let (mut rounding_findings, mut summaries) = (0, 0);
    for (account, words) in &values {
        for model in [Model::Jemalloc, Model::Glibc(Glibc::DEFAULT)] {
            let options = || ReportOptions::new().allocator(model);
            let pages = [
                (
                    account.layout_report_with(options()),
                    match model {
                        Model::Jemalloc => memlayout::totals_with(account, &Jemalloc),
                        _ => memlayout::totals_with(account, &Glibc::DEFAULT),
                    },
                ),
                (
                    words.layout_report_with(options()),
                    match model {
                        Model::Jemalloc => memlayout::totals_with(words, &Jemalloc),
                        _ => memlayout::totals_with(words, &Glibc::DEFAULT),
                    },
                ),
            ];
            for (report, expected) in pages {
                let html = report.to_html();
                assert_page_shows(&report, &html);
                assert_eq!(report.reserved(), Some(expected));
                let name = format!("reserved under {}", expected.model);
                assert_eq!(total_row(&html, &name), expected.reserved_bytes);
                assert_eq!(
                    total_row(&html, "allocator overhead"),
                    expected.reserved_bytes - expected.totals.heap_bytes
                );
                assert_eq!(total_row(&html, "of which headers"), expected.header_bytes);
                for node in report.nodes() {
                    summaries += usize::from(node.summary().is_some());
                    let reserved = node.reserved().unwrap();
                    let row = row(&html, node.id());
                    assert_eq!(
                        count_in(row, "data-reserved"),
                        Some(reserved.reserved_bytes),
                        "{row}"
                    );
                    assert!(
                        row.contains(&format!(
                            "reserved {}",
                            human_bytes(reserved.reserved_bytes)
                        )),
                        "{row}"
                    );
                    assert_eq!(reserved.is_exact, !row.contains("(an estimate)"), "{row}");
                }
                for frame in html.split("<g class=\"frame\" ").skip(1) {
                    let id = count_in(frame, "data-node").unwrap();
                    let node = report.nodes().nth(id).unwrap();
                    assert_eq!(node.id(), id);
                    assert_eq!(
                        count_in(frame, "data-reserved"),
                        Some(node.reserved().unwrap().reserved_bytes)
                    );
                }
                rounding_findings += report
                    .findings()
                    .iter()
                    .filter(|f| f.kind == FindingKind::AllocatorRounding)
                    .count();
            }
        }
    }
    // assert_page_shows checked each finding links to its node: rounding ones were among them.
    assert!(rounding_findings > 0, "no rounding finding was drawn");
    assert!(summaries > 0, "no summary row was drawn");
}

/// Without a model the page has no reserved figure anywhere.
#[test]
fn no_reserved_bytes_without_a_model() {
    for tags in [0, 5, 40] {
        let report = account(tags).layout_report();
        assert_eq!(report.reserved(), None);
        let html = report.to_html();
        assert!(!html.contains("data-reserved"));
        assert!(!html.contains("<td>reserved under"));
        for node in report.nodes() {
            assert!(!row(&html, node.id()).contains("reserved"));
        }
        assert!(!html.contains(" data-model="));
        assert!(!html.contains("class=\"reserved\""));
    }
}
