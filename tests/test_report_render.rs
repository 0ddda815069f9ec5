//! The text, JSON and folded-stacks renderings of a report.

#[macro_use]
mod test_report_support;

use std::mem::size_of;

use memlayout::render::ReportTextOptions;
use memlayout::{LayoutReport, ReportOptions};

struct Account {
    id: u32,
    name: String,
    history: Vec<Vec<u64>>,
    tag: u8,
}
layout_struct!(Account { id: u32, name: String, history: Vec<Vec<u64>>, tag: u8 });

fn account() -> Account {
    let mut history = Vec::with_capacity(12);
    history.push(vec![1; 2000]);
    history.push(Vec::with_capacity(16));
    history.extend((0..9).map(|i| vec![i; i as usize]));
    Account {
        id: 1,
        name: "Ada Lovelace".into(),
        history,
        tag: 0,
    }
}

/// Cells of the tree rows, between the header and the findings.
fn tree_lines(text: &str) -> Vec<&str> {
    text.lines()
        .skip(1)
        .take_while(|l| !l.starts_with("findings"))
        .collect()
}

#[test]
fn text_columns_are_aligned_and_sizes_human() {
    let value = account();
    let report = value.layout_report();
    let text = report.to_string();
    let lines = tree_lines(&text);
    let header = lines[0];
    assert!(header.starts_with("path"));
    // Right-aligned size columns end at the same character position on every row.
    let inline_end = header.find("inline").unwrap() + "inline".len();
    for row in &lines[1..] {
        let cell: String = row.chars().take(inline_end).collect();
        assert!(cell.ends_with(" B"), "row {row:?} misaligned");
    }
    assert_eq!(lines.len(), 1 + report.len());
    assert!(text.contains("15.6 KiB"), "{text}"); // 2000 * 8 bytes
    assert!(text.contains("findings, largest first:"));
    assert!(text.contains("[8..11]"));
    // Every finding appears after the tree.
    for finding in report.findings() {
        assert!(text.contains(&finding.message), "{}", finding.message);
    }
}

#[test]
fn text_filters_by_depth_and_size() {
    let value = account();
    let report = value.layout_report();
    let text = report
        .display_with(ReportTextOptions::new().max_depth(1).findings(false))
        .to_string();
    assert!(text.contains(".history"));
    assert!(!text.contains("[0]"));
    assert!(text.contains("more"));
    let big = report
        .display_with(ReportTextOptions::new().min_bytes(1024))
        .to_string();
    let rows = tree_lines(&big);
    assert!(rows.iter().any(|r| r.trim_start().starts_with("[0]")));
    assert!(!rows.iter().any(|r| r.trim_start().starts_with("[1]")));
    assert!(!rows.iter().any(|r| r.trim_start().starts_with(".name")));
    // The default form shows every row and the findings, whichever way it is asked for.
    let full = report.display().to_string();
    assert_eq!(
        full,
        report
            .display_with(ReportTextOptions::default())
            .to_string()
    );
    assert_eq!(full, report.to_string());
    assert!(full.contains("[1]") && full.contains(".name"), "{full}");
    assert!(full.lines().count() > big.lines().count());
}

#[test]
fn json_carries_every_figure() {
    let value = account();
    let report = value.layout_report();
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["schema"], "memlayout.report/2");
    // The JSON keeps the root's full path, as it does the nodes'; the text the short name.
    assert_eq!(json["root_type"], std::any::type_name_of_val(&value));
    assert_eq!(report.root_full_type(), std::any::type_name_of_val(&value));
    assert_eq!(report.root_type(), "Account");
    assert!(report.to_string().starts_with("Account: "));
    assert_eq!(json["totals"]["heap_bytes"], report.totals().heap_bytes);
    assert_eq!(json["totals"]["is_exact"], true);
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), report.len());
    // A node's path is its parent's path plus its own segment (parents come first).
    let mut paths: Vec<String> = Vec::new();
    for (json, node) in nodes.iter().zip(report.nodes()) {
        let parent = json["parent"]
            .as_u64()
            .map_or(String::new(), |p| paths[p as usize].clone());
        paths.push(parent + json["segment"].as_str().unwrap());
        assert_eq!(paths[node.id()], node.path());
        assert!(json.get("path").is_none());
        assert_eq!(json["type_name"], node.full_type_name());
        assert_eq!(json["totals"]["heap_bytes"], node.heap_bytes());
        assert_eq!(json["own"]["unused_capacity"], node.own().unused_capacity);
        assert_eq!(
            json["parent"].as_u64().map(|p| p as usize),
            node.parent().map(|p| p.id())
        );
    }
    let summary = nodes.iter().find(|n| n["kind"] == "summary").unwrap();
    assert_eq!(summary["summary"]["count"], 3);
    assert_eq!(
        json["findings"].as_array().unwrap().len(),
        report.findings().len()
    );
    let first = serde_json::to_value(report.findings()[0].kind).unwrap();
    assert_eq!(json["findings"][0]["kind"], first);
    assert_eq!(json["findings"][0]["path"], report.findings()[0].path);
}

#[test]
fn folded_stacks_are_flamegraph_input() {
    let value = account();
    for options in [
        ReportOptions::default(),
        ReportOptions::default().max_nodes(5).max_children(1),
    ] {
        let report = value.layout_report_with(options);
        let folded = report.folded();
        assert!(folded.lines().count() <= report.len());
        let mut sum = 0;
        for line in folded.lines() {
            // ^[^ ].* \d+$
            assert!(!line.starts_with(' '), "{line:?}");
            let (stack, bytes) = line.rsplit_once(' ').unwrap();
            assert!(
                !stack.is_empty() && !bytes.is_empty() && bytes.bytes().all(|b| b.is_ascii_digit()),
                "{line:?}"
            );
            assert!(stack.starts_with("Account"), "{line:?}");
            sum += bytes.parse::<usize>().unwrap();
        }
        assert_eq!(
            sum,
            report.totals().inline_bytes + report.totals().heap_bytes
        );
    }
    let folded = value.layout_report().folded();
    // Elements are aggregated by field path: one `[*]` frame for all of `history`.
    let history: usize = value
        .history
        .iter()
        .map(|h| h.capacity() * size_of::<u64>())
        .sum();
    let line = format!("Account;.history;[*] {history}\n");
    assert!(folded.contains(&line), "{folded}");
    assert!(
        !folded.contains("[0]") && !folded.contains("[1]"),
        "{folded}"
    );
}
