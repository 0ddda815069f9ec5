//! Helpers and types the `test_hunt_outputs*.rs` files share: odd map keys, checks of every
//! output format against ground truth (`size_of`, the allocator's count, the output parsed
//! back), and the values they are run on. Include it with
//! `#[path = "common/hunt_outputs.rs"] mod hunt;`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::mem::size_of;

use memlayout::{DropOrderExt, Layout, LayoutReport, ReportOptions};

/// Map keys that need escaping somewhere: quotes, backslashes, line breaks, tabs, control
/// characters, markup, the folded stacks' `;`, spaces, emoji, right-to-left text, a long key.
pub fn odd_keys() -> Vec<String> {
    vec![
        String::from("plain"),
        String::from("with \"quotes\""),
        String::from("back\\slash"),
        String::from("line\nbreak\r\n"),
        String::from("tab\there"),
        String::from("ctrl\u{1}\u{7f}\u{0}"),
        String::from("<script>alert('x')</script>"),
        String::from("a & b > c < d"),
        String::from("semi;colon;;"),
        String::from("  spaces  "),
        String::from("emoji 🦀👩‍👩‍👧"),
        String::from("rtl \u{202e}olleh \u{5e9}\u{5dc}\u{5d5}\u{5dd}"),
        String::from("]\"].x[\""),
        String::from(".field"),
        "k".repeat(10_000),
        String::new(),
    ]
}

/// The sum of a folded-stacks document's weights, each line checked to be `stack weight`.
pub fn folded_sum(folded: &str) -> usize {
    let mut sum = 0usize;
    for line in folded.lines() {
        let (stack, weight) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("no weight: {line:?}"));
        assert!(!stack.is_empty(), "{line:?}");
        sum += weight
            .parse::<usize>()
            .unwrap_or_else(|_| panic!("weight {weight:?} in {line:?}"));
    }
    sum
}

/// Every `<svg ...>...</svg>` in `html` parses as XML.
pub fn assert_svgs_parse(html: &str) {
    let mut rest = html;
    let mut count = 0;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("an unclosed <svg>") + start + 6;
        let svg = &rest[start..end];
        if let Err(e) = roxmltree::Document::parse(svg) {
            panic!(
                "SVG #{count} does not parse: {e}\n{}",
                &svg[..svg.len().min(2000)]
            );
        }
        count += 1;
        rest = &rest[end..];
    }
}

/// Every attribute value in `html` is closed by its own quote and holds no markup.
pub fn assert_attributes_escaped(html: &str) {
    for (i, piece) in html.split("=\"").enumerate().skip(1) {
        let value = &piece[..piece.find('"').expect("an unclosed attribute")];
        assert!(
            !value.contains('<') && !value.contains('>') || value.starts_with("http"),
            "attribute #{i} holds markup: {value:?}"
        );
    }
}

/// The text between the tags of `html`, with `&lt;` and friends decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Runs `f` on a thread with a 2 MiB stack, the default of a spawned thread.
pub fn on_spawned_thread(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("overflowed or panicked");
}

/// Every figure of a report's JSON against the report's accessors, the root's against
/// `size_of` and the allocator's count, and the folded stacks' weights against the totals.
pub fn check_report_formats<T: Layout>(value: &T, options: ReportOptions, heap: usize) {
    let report = value.layout_report_with(options);
    let totals = report.totals();
    assert_eq!(totals.heap_bytes, heap, "{}", report.root_type());
    assert_eq!(report.root().inline_bytes(), size_of::<T>());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(
        json["totals"]["heap_bytes"].as_u64().unwrap() as usize,
        heap
    );
    assert_eq!(
        json["totals"]["inline_bytes"].as_u64().unwrap() as usize,
        size_of::<T>()
    );
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), report.len());
    for (node, j) in report.nodes().zip(nodes) {
        assert_eq!(
            j["inline_bytes"].as_u64().unwrap() as usize,
            node.inline_bytes()
        );
        assert_eq!(
            j["totals"]["heap_bytes"].as_u64().unwrap() as usize,
            node.heap_bytes()
        );
        assert_eq!(
            j["totals"]["allocations"].as_u64().unwrap() as usize,
            node.allocations()
        );
    }
    assert_eq!(
        folded_sum(&report.folded()),
        size_of::<T>() + heap,
        "{}",
        report.folded()
    );
    assert_eq!(
        folded_sum(&memlayout::render::folded(value)),
        size_of::<T>() + heap
    );
    let html = report.to_html();
    assert_svgs_parse(&html);
    assert_attributes_escaped(&html);
    let text = report.to_string();
    assert!(
        text.starts_with(&format!("{}: inline ", report.root_type())),
        "{text}"
    );
    for node in report.nodes().skip(1) {
        assert_eq!(
            report.find(&node.path()).map(|n| n.id()),
            Some(node.id()),
            "{}",
            node.path()
        );
    }
    // Against itself, a report has no change.
    let diff = report.diff(&report);
    assert!(diff.changes().is_empty(), "{diff}");
    assert_eq!(diff.growth(), 0);
    let footprint = memlayout::footprint(value);
    assert_eq!(footprint.heap_bytes(), heap);
    let _ = footprint.to_string();
}

/// [`check_report_formats`], and the drop order's text, JSON and page.
pub fn check_formats<T: Layout>(value: &T, options: ReportOptions, heap: usize) {
    check_report_formats(value, options, heap);
    let order = value.drop_order();
    let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    assert_eq!(json["steps"].as_array().unwrap().len(), order.len());
    let html = order.to_html();
    assert_attributes_escaped(&html);
    assert!(
        html.len() <= 4_096 + 1_024 * order.len(),
        "{} bytes",
        html.len()
    );
    assert!(order.to_string().len() <= 4_096 + 1_024 * order.len());
}

#[derive(Layout)]
#[allow(dead_code)]
pub struct RawNames {
    pub r#type: String,
    pub r#match: Vec<u8>,
    pub r#fn: u8,
}

#[derive(Layout)]
pub struct Pair(pub String, pub Box<[u8]>);

#[derive(Layout)]
#[allow(dead_code)]
pub struct Generic<'a, T: Layout> {
    pub borrowed: &'a str,
    pub items: Vec<T>,
    pub object: Box<dyn std::any::Any + Send>,
}

#[derive(Layout)]
pub struct Empty;

#[derive(Layout)]
#[allow(dead_code)]
pub struct Zsts {
    pub a: (),
    pub b: [u64; 0],
    pub c: Empty,
    pub d: std::marker::PhantomData<String>,
}

/// A tree one child wide and `depth` levels deep: not a chain of boxes, so every level is a
/// shown node.
#[derive(Layout)]
pub struct Tree {
    pub label: String,
    pub children: Vec<Tree>,
}

impl Drop for Tree {
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.children);
        while let Some(mut tree) = stack.pop() {
            stack.append(&mut tree.children);
        }
    }
}

/// `depth` levels; each level's vector has room for `capacity` children (one used), so each
/// level past the first may have a finding of its own.
pub fn deep_tree(depth: usize, capacity: usize) -> Tree {
    let mut tree = Tree {
        label: String::from("leaf"),
        children: Vec::new(),
    };
    for i in 0..depth {
        let mut children = Vec::with_capacity(capacity);
        children.push(tree);
        tree = Tree {
            label: format!("level {i}"),
            children,
        };
    }
    tree
}

#[derive(Layout)]
pub struct Catalog {
    pub by_name: HashMap<String, Vec<String>>,
    pub list: Vec<Vec<u8>>,
    pub boxed: Option<Box<Catalog>>,
}

pub fn catalog(keys: &[String], depth: usize) -> Catalog {
    let mut by_name = HashMap::with_capacity(64);
    for (i, key) in keys.iter().enumerate() {
        let mut v = Vec::with_capacity(40);
        v.push("x".repeat(i));
        by_name.insert(key.clone(), v);
    }
    let list = (0..20).map(|i| Vec::with_capacity(100 * (i % 3))).collect();
    let boxed = (depth > 0).then(|| Box::new(catalog(keys, depth - 1)));
    Catalog {
        by_name,
        list,
        boxed,
    }
}
