//! What the user reads, on odd and large inputs: every output format (text, JSON, folded
//! stacks, HTML and its pictures, drop orders, diffs) checked against ground truth memlayout did
//! not compute (`size_of`, the counting allocator, serde_json and roxmltree parsing the output
//! back), for keys and names that need escaping, values at the edges of the options, and deep
//! or wide values whose exports must stay proportional to their nodes or steps.

#[path = "common/alloc.rs"]
mod alloc;

use std::collections::HashMap;
use std::mem::size_of;

use memlayout::{DropOrderExt, Layout, LayoutReport, ReportOptions};

/// Map keys that need escaping somewhere: quotes, backslashes, line breaks, tabs, control
/// characters, markup, the folded stacks' `;`, spaces, emoji, right-to-left text, a long key.
fn odd_keys() -> Vec<String> {
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
fn folded_sum(folded: &str) -> usize {
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
fn assert_svgs_parse(html: &str) {
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
fn assert_attributes_escaped(html: &str) {
    for (i, piece) in html.split("=\"").enumerate().skip(1) {
        let value = &piece[..piece.find('"').expect("an unclosed attribute")];
        assert!(
            !value.contains('<') && !value.contains('>') || value.starts_with("http"),
            "attribute #{i} holds markup: {value:?}"
        );
    }
}

/// The text between the tags of `html`, with `&lt;` and friends decoded.
fn html_text(html: &str) -> String {
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

#[derive(Layout)]
#[allow(dead_code)]
struct RawNames {
    r#type: String,
    r#match: Vec<u8>,
    r#fn: u8,
}

#[derive(Layout)]
struct Pair(String, Box<[u8]>);

#[derive(Layout)]
#[allow(dead_code)]
struct Generic<'a, T: Layout> {
    borrowed: &'a str,
    items: Vec<T>,
    object: Box<dyn std::any::Any + Send>,
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

#[path = "common/chain.rs"]
mod chain;

/// A tree one child wide and `depth` levels deep: not a chain of boxes, so every level is a
/// shown node.
#[derive(Layout)]
struct Tree {
    label: String,
    children: Vec<Tree>,
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
fn deep_tree(depth: usize, capacity: usize) -> Tree {
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

/// Runs `f` on a thread with a 2 MiB stack, the default of a spawned thread.
fn on_spawned_thread(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("overflowed or panicked");
}

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

/// Every figure of a report's JSON against the report's accessors, the root's against
/// `size_of` and the allocator's count, and the folded stacks' weights against the totals.
fn check_report_formats<T: Layout>(value: &T, options: ReportOptions, heap: usize) {
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
fn check_formats<T: Layout>(value: &T, options: ReportOptions, heap: usize) {
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
struct Empty;

#[derive(Layout)]
#[allow(dead_code)]
struct Zsts {
    a: (),
    b: [u64; 0],
    c: Empty,
    d: std::marker::PhantomData<String>,
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

#[derive(Layout)]
#[allow(dead_code)]
struct Huge {
    tag: u8,
    bytes: [u8; 1 << 20],
    r#type: u32,
}

#[derive(Layout, Debug)]
#[allow(dead_code)]
enum Odd {
    r#Type(u8),
    r#Match { r#in: u64 },
    Empty,
}

#[derive(Layout)]
#[allow(dead_code)]
struct Wrapped<'a, T: Layout + ?Sized>(&'a T, u8);

/// A type's text, JSON and SVG for odd names and sizes: the JSON's figures against the
/// compiler's, the SVG well-formed, the text one line per field plus its frame.
fn check_type(layout: &'static memlayout::TypeLayout, size: usize, align: usize) {
    let json: serde_json::Value = serde_json::from_str(&layout.to_json()).unwrap();
    assert_eq!(
        json["size"].as_u64().unwrap() as usize,
        size,
        "{}",
        layout.name
    );
    assert_eq!(json["align"].as_u64().unwrap() as usize, align);
    for (field, j) in layout.fields.iter().zip(json["fields"].as_array().unwrap()) {
        assert_eq!(j["offset"].as_u64().unwrap() as usize, field.offset);
        assert_eq!(j["name"].as_str().unwrap(), field.name);
    }
    for options in [
        memlayout::render::SvgOptions::new(),
        memlayout::render::SvgOptions::new().compare_orders(true),
    ] {
        let svg = layout.to_svg_with(options);
        if let Err(e) = roxmltree::Document::parse(&svg) {
            panic!("{}: {e}\n{svg}", layout.name);
        }
        assert!(
            svg.len() < 256 * 1024,
            "{}: {} bytes of SVG",
            layout.name,
            svg.len()
        );
    }
    let text = layout.to_string();
    assert!(text.len() < 16 * 1024, "{text}");
    println!("{text}");
    let snapshot = memlayout::snapshot::to_json([layout]);
    let diff = memlayout::snapshot::diff(&snapshot, &snapshot).unwrap();
    assert!(diff.is_empty(), "{diff}");
}

#[test]
fn odd_types_in_type_outputs() {
    use std::mem::{align_of, offset_of};
    check_type(Huge::LAYOUT, size_of::<Huge>(), align_of::<Huge>());
    assert_eq!(Huge::LAYOUT.fields[1].offset, offset_of!(Huge, bytes));
    assert_eq!(Huge::LAYOUT.fields[2].offset, offset_of!(Huge, r#type));
    check_type(Odd::LAYOUT, size_of::<Odd>(), align_of::<Odd>());
    check_type(Empty::LAYOUT, 0, 1);
    check_type(Zsts::LAYOUT, size_of::<Zsts>(), align_of::<Zsts>());
    check_type(
        RawNames::LAYOUT,
        size_of::<RawNames>(),
        align_of::<RawNames>(),
    );
    type W = Wrapped<'static, dyn std::fmt::Debug + Send + Sync>;
    check_type(W::LAYOUT, size_of::<W>(), align_of::<W>());
    type G = Generic<'static, Wrapped<'static, str>>;
    check_type(G::LAYOUT, size_of::<G>(), align_of::<G>());
    check_type(<[u8; 1 << 20]>::LAYOUT, 1 << 20, 1);
    check_type(
        <(u8, [u64; 4096], u16)>::LAYOUT,
        size_of::<(u8, [u64; 4096], u16)>(),
        8,
    );
    let value = Odd::r#Match { r#in: 3 };
    let report = value.layout_report();
    println!("{report}");
    // Raw identifiers are written without `r#` everywhere, as `#[derive(Debug)]` writes them:
    // variants as fields and type names are.
    assert!(format!("{value:?}").starts_with("Match {"));
    assert_eq!(memlayout::variant::of(&value).unwrap().name, "Match");
    assert_eq!(report.find(".Match.in").map(|n| n.offset()), Some(Some(8)));
    assert_eq!(report.root().variant(), Some("Match"));
    let names: Vec<&str> = Odd::LAYOUT.variants.iter().map(|v| v.name).collect();
    assert_eq!(names, ["Type", "Match", "Empty"]);
    let json: serde_json::Value = serde_json::from_str(&Odd::LAYOUT.to_json()).unwrap();
    assert_eq!(json["enum"]["variants"][0]["name"], "Type");
    assert!(!Odd::LAYOUT.to_string().contains("r#"), "{}", Odd::LAYOUT);
    assert!(!report.to_string().contains("r#"), "{report}");
    assert!(!value.drop_order().to_string().contains("r#"));
    let html = report.to_html();
    assert_svgs_parse(&html);
}

#[derive(Layout)]
#[repr(C, align(65536))]
#[allow(dead_code)]
struct Aligned {
    tag: u8,
}

#[derive(Layout)]
#[allow(dead_code, non_snake_case)]
struct Wide {
    größe: u8,
    ünïcödé_námé: [u16; 40_000],
    aligned: Aligned,
}

/// Every row of a type's field table has its columns under the header's: the `type` column
/// starts at the header's `type`, whatever the sizes, alignments and names.
#[test]
fn type_table_columns_stay_under_their_headings() {
    for layout in [
        Huge::LAYOUT,
        Wide::LAYOUT,
        <(u8, [u64; 4096], u16)>::LAYOUT,
        RawNames::LAYOUT,
    ] {
        let text = layout.to_string();
        let mut lines = text.lines().skip(1);
        let header = lines.next().unwrap();
        let column = header.chars().count() - "type".len();
        let rows = lines.take_while(|line| !line.starts_with("  size "));
        for line in rows.filter(|line| !line.ends_with("padding)")) {
            let chars: Vec<char> = line.chars().collect();
            // The header is ASCII: its byte offsets are character counts.
            let name_column = header.find("field").unwrap();
            let name: String = chars[name_column..column].iter().collect();
            let field = layout
                .fields
                .iter()
                .find(|f| f.name == name.trim_end())
                .unwrap_or_else(|| panic!("no field {name:?} in {line:?}\n{text}"));
            let short: String = chars[column..].iter().collect();
            let type_name = ((field.layout)().type_name)();
            assert!(
                type_name.ends_with(short.split("  [").next().unwrap()),
                "{line:?}: the type column is not under `type`\n{text}"
            );
        }
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

#[derive(Layout)]
struct Catalog {
    by_name: HashMap<String, Vec<String>>,
    list: Vec<Vec<u8>>,
    boxed: Option<Box<Catalog>>,
}

fn catalog(keys: &[String], depth: usize) -> Catalog {
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
    let layouts = [Catalog::LAYOUT, Odd::LAYOUT, Huge::LAYOUT, Wide::LAYOUT];
    let first = memlayout::snapshot::to_json(layouts);
    let second = memlayout::snapshot::to_json(layouts.into_iter().rev());
    assert_eq!(first, second);
    assert!(memlayout::snapshot::diff(&first, &second)
        .unwrap()
        .is_empty());
}

/// The audit of the hunt's odd types (1 MiB fields, 64 KiB alignment, non-ASCII and raw
/// names): its JSON parses back with the text's figures.
#[test]
fn audit_of_odd_types() {
    let layouts = [
        Huge::LAYOUT,
        Wide::LAYOUT,
        Aligned::LAYOUT,
        RawNames::LAYOUT,
        Odd::LAYOUT,
    ];
    let audit = memlayout::registry::Audit::of(layouts);
    let json: serde_json::Value = serde_json::from_str(&audit.to_json()).unwrap();
    let text = audit.to_string();
    for entry in audit.entries() {
        let name = (entry.layout.type_name)();
        let row = json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["type_name"] == name)
            .unwrap_or_else(|| panic!("{name} in {json}"));
        assert_eq!(
            row["wasted_bytes"].as_u64().unwrap() as usize,
            entry.wasted_bytes
        );
        assert_eq!(row["size"].as_u64().unwrap() as usize, entry.layout.size);
        assert!(text.contains(&entry.wasted_bytes.to_string()), "{text}");
    }
    assert_eq!(
        audit.entry::<Aligned>().unwrap().layout.size,
        size_of::<Aligned>()
    );
}

/// A field larger than a cache line that starts on one touches no more lines than it must:
/// the type's text, its JSON and the audit do not call it a straddler (nor tell to move it);
/// one that starts mid-line does straddle.
#[test]
fn big_fields_on_a_line_do_not_straddle() {
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct Lines {
        first: [u8; 128],
        second: [u8; 64],
        odd: u32,
        after: [u8; 100],
    }
    let layout = Lines::LAYOUT;
    let names: Vec<&str> = layout.cache_line_straddlers().map(|f| f.name).collect();
    // `first` and `second` start on lines and take the lines they need; `after` (100 bytes
    // at 196) crosses a boundary but needs two lines whatever its place.
    let after = std::mem::offset_of!(Lines, after);
    let touched = (after + 99) / 64 - after / 64 + 1;
    let expected: Vec<&str> = if touched > 2 { vec!["after"] } else { vec![] };
    assert_eq!(names, expected);
    let text = Huge::LAYOUT.to_string();
    assert!(!text.contains("straddles"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&Huge::LAYOUT.to_json()).unwrap();
    assert_eq!(
        json["cache_line"]["straddling"].as_array().unwrap().len(),
        0
    );
    let audit = memlayout::registry::Audit::of([Huge::LAYOUT, Wide::LAYOUT]);
    assert!(!audit.to_string().contains("straddle"), "{audit}");
    // A line-sized field half a line in does straddle.
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct Shifted {
        head: [u8; 32],
        line: [u8; 64],
    }
    let names: Vec<&str> = Shifted::LAYOUT
        .cache_line_straddlers()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["line"]);
    let audit = memlayout::registry::Audit::of([Shifted::LAYOUT, Lines::LAYOUT]);
    assert!(
        audit.to_string().contains("reading it touches two lines"),
        "{audit}"
    );
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct ShiftedBig {
        head: [u8; 32],
        lines: [u8; 128],
    }
    let audit = memlayout::registry::Audit::of([ShiftedBig::LAYOUT]);
    let text = audit.to_string();
    assert!(
        text.contains("reading it touches 3 lines where 2 would hold it"),
        "{text}"
    );
}

/// A snapshot of the hunt's odd types, written then checked: it matches itself (no drift
/// through the file's JSON for 1 MiB fields, 64 KiB alignment, non-ASCII, raw and generic
/// names); a diff against a changed set names the change.
#[test]
fn snapshot_of_odd_types_round_trips() {
    type W = Wrapped<'static, dyn std::fmt::Debug + Send + Sync>;
    type G = Generic<'static, Wrapped<'static, str>>;
    let layouts = [
        Huge::LAYOUT,
        Wide::LAYOUT,
        Aligned::LAYOUT,
        Odd::LAYOUT,
        RawNames::LAYOUT,
        W::LAYOUT,
        G::LAYOUT,
        Zsts::LAYOUT,
        Empty::LAYOUT,
        Pair::LAYOUT,
    ];
    let path = std::env::temp_dir().join(format!("memlayout-hunt11b-{}.json", std::process::id()));
    std::fs::write(&path, memlayout::snapshot::to_json(layouts)).unwrap();
    let outcome = memlayout::snapshot::check_types(&path, layouts);
    assert_eq!(outcome, memlayout::snapshot::CheckOutcome::Matched);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let fewer = memlayout::snapshot::to_json(layouts[..9].iter().copied());
    let diff = memlayout::snapshot::diff(&text, &fewer).unwrap();
    assert!(diff.to_string().contains("`Pair` removed"), "{diff}");
    let json: serde_json::Value = serde_json::from_str(&diff.to_json()).unwrap();
    let _ = json;
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

/// A user key type writing its text as it is, control characters included.
#[derive(Clone, PartialEq, Eq, Hash)]
struct RawTextKey(&'static str);

impl Layout for RawTextKey {
    const LAYOUT: &'static memlayout::TypeLayout =
        &memlayout::TypeLayout::of::<RawTextKey>("RawTextKey", memlayout::Kind::Struct);

    fn write_key(&self, out: &mut String) -> bool {
        out.push_str(self.0);
        true
    }
}

/// Characters XML 1.0 does not allow even as references (C0 controls but tab, line feed and
/// carriage return; U+FFFE, U+FFFF) that a key writes as they are still leave the report
/// page's pictures well-formed XML.
#[test]
fn raw_control_characters_keep_pages_well_formed() {
    let map: HashMap<RawTextKey, Vec<u8>> = [
        "nul\u{0}",
        "bell\u{7}",
        "esc\u{1b}[31m",
        "vt\u{b}ff\u{c}",
        "nonchar\u{fffe}\u{ffff}",
        "tab\tok",
    ]
    .into_iter()
    .map(|k| (RawTextKey(k), vec![1u8; 10]))
    .collect();
    let report = map.layout_report();
    let html = report.to_html();
    assert_svgs_parse(&html);
    assert_attributes_escaped(&html);
    let order = map.drop_order();
    let _ = order.to_html();
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

mod v1 {
    pub mod net {
        #[derive(memlayout::Layout)]
        #[allow(dead_code)]
        pub struct Packet {
            pub len: u32,
        }
    }
    pub mod disk {
        #[derive(memlayout::Layout)]
        #[allow(dead_code)]
        pub struct Packet {
            pub len: u32,
        }
    }
}

mod v2 {
    pub mod net {
        #[derive(memlayout::Layout)]
        #[allow(dead_code)]
        pub struct Packet {
            pub len: u64,
        }
    }
}

/// Two types of one short name in a snapshot diff: the diff names the one that changed by a
/// name that tells them apart, in its text and JSON.
#[test]
fn snapshot_diff_tells_same_short_names_apart() {
    let old = memlayout::snapshot::to_json([v1::net::Packet::LAYOUT, v1::disk::Packet::LAYOUT]);
    // The new file: `net::Packet` widened, `disk::Packet` as it was (spelled with v1's path,
    // so rename the module in the text the way a real branch would have it).
    let new = memlayout::snapshot::to_json([v2::net::Packet::LAYOUT, v1::disk::Packet::LAYOUT])
        .replace(
            "test_hunt_outputs::v2::net::Packet",
            "test_hunt_outputs::v1::net::Packet",
        );
    let diff = memlayout::snapshot::diff(&old, &new).unwrap();
    let text = diff.to_string();
    println!("{text}");
    assert!(text.contains("net::Packet"), "{text}");
    assert!(!text.contains("disk"), "{text}");
}

#[derive(Layout)]
#[allow(dead_code)]
struct Tera {
    tag: u8,
    bytes: [u8; 1 << 40],
    tail: u16,
}

/// A type of a terabyte (never built: its layout alone) draws and prints in bounded size, and
/// its figures are the compiler's.
#[test]
fn a_terabyte_type_prints_small() {
    use std::mem::{align_of, offset_of};
    check_type(Tera::LAYOUT, size_of::<Tera>(), align_of::<Tera>());
    assert_eq!(Tera::LAYOUT.fields[1].offset, offset_of!(Tera, bytes));
    let text = Tera::LAYOUT.to_string();
    assert!(text.contains("1099511627776"), "{text}");
    check_type(
        <[Tera; 3]>::LAYOUT,
        3 * size_of::<Tera>(),
        align_of::<Tera>(),
    );
    check_type(Wide::LAYOUT, size_of::<Wide>(), align_of::<Wide>());
    check_type(Aligned::LAYOUT, size_of::<Aligned>(), align_of::<Aligned>());
    check_type(Größen::LAYOUT, size_of::<Größen>(), align_of::<Größen>());
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
union Overlay {
    r#type: u32,
    bytes: [u8; 100_000],
    pair: (u8, u64),
}

#[derive(Layout)]
#[repr(u8)]
#[allow(dead_code, clippy::large_enum_variant)]
enum Tagged<'a> {
    r#Ref(&'a str) = 3,
    Big([u64; 20_000]),
    r#Unit = 200,
}

/// A union and a tagged enum with raw, generic and huge parts: text, JSON and SVG.
#[test]
fn unions_and_tagged_enums_in_type_outputs() {
    use std::mem::align_of;
    check_type(Overlay::LAYOUT, size_of::<Overlay>(), align_of::<Overlay>());
    check_type(Tagged::LAYOUT, size_of::<Tagged>(), align_of::<Tagged>());
    let text = Tagged::LAYOUT.to_string();
    assert!(text.contains("Ref") && !text.contains("r#"), "{text}");
    let value = Tagged::r#Ref("x");
    let report = value.layout_report();
    assert_eq!(report.root().variant(), Some("Ref"));
    assert!(report.find(".Ref.0").is_some(), "{report}");
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

#[derive(Layout)]
#[allow(dead_code, clippy::large_enum_variant)]
enum Größen {
    Klein(u8),
    Übergroß([u8; 20_000_000]),
    Ähnlich { ä: u16 },
}

/// An enum's variant table keeps its columns under their headings for non-ASCII variant
/// names and payloads of more than seven digits: every row's fields start under `fields`.
#[test]
fn variant_table_columns_stay_under_their_headings() {
    for layout in [Größen::LAYOUT, Tagged::LAYOUT, Odd::LAYOUT] {
        let text = layout.to_string();
        let header = text
            .lines()
            .find(|l| l.trim_start().starts_with("variant"))
            .unwrap();
        let column = header.find("fields").unwrap(); // ASCII header
        let rows = text.lines().skip_while(|l| *l != header).skip(1);
        for (line, variant) in rows.zip(layout.variants) {
            let chars: Vec<char> = line.chars().collect();
            let fields: String = chars[column..].iter().collect();
            let first = variant.fields.first().map_or("-", |f| f.name);
            assert!(
                fields.starts_with(first),
                "{line:?}: not under `fields`\n{text}"
            );
            let payload: String = chars[..column].iter().collect();
            let payload = payload.split_whitespace().last().unwrap();
            assert_eq!(payload, variant.payload_size.to_string(), "{text}");
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
