//! Reports of values whose types use `#[derive(Layout)]`: every supported container nested in
//! derived structs and enums, checked against the allocator, the compiler and live addresses.

#[macro_use]
mod test_report_support;
#[path = "common/variant_gap.rs"]
mod variant_gap;

use std::collections::{BTreeSet, BinaryHeap, HashMap, VecDeque};
use std::ffi::CString;
use std::mem::{offset_of, size_of};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use memlayout::report::FindingKind;
use memlayout::{Layout, LayoutReport, ReportOptions};
use test_report_support::measure;

#[derive(Layout)]
struct Catalog {
    title: String,
    entries: Vec<Entry>,
    by_name: HashMap<String, u32>,
    queue: VecDeque<Box<str>>,
    heap: BinaryHeap<u64>,
    slice: Box<[u16]>,
    path: PathBuf,
    c_name: CString,
    shared: Rc<String>,
    also_shared: Rc<String>,
    atomic: Arc<Vec<u8>>,
}

#[derive(Layout)]
enum Entry {
    Empty,
    Text(String),
    Tagged { tag: u8, words: Vec<String> },
}

fn catalog() -> Catalog {
    let shared = Rc::new("shared".to_string());
    let mut queue = VecDeque::with_capacity(5);
    queue.push_back("front".into());
    queue.push_front("back".into());
    Catalog {
        title: String::with_capacity(32),
        entries: vec![
            Entry::Empty,
            Entry::Text("hello".into()),
            Entry::Tagged {
                tag: 3,
                words: vec!["a".into(), "bc".into()],
            },
        ],
        by_name: [("x".to_string(), 1), ("yy".to_string(), 2)]
            .into_iter()
            .collect(),
        queue,
        heap: (0..10).collect(),
        slice: vec![1u16, 2, 3].into_boxed_slice(),
        path: PathBuf::from("/tmp/some/path"),
        c_name: CString::new("name").unwrap(),
        also_shared: shared.clone(),
        shared,
        atomic: Arc::new(vec![0; 9]),
    }
}

#[test]
fn derived_value_figures_equal_the_allocator() {
    let (value, allocated) = measure(catalog);
    let report = value.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals(), memlayout::totals(&value));
    assert!(report.totals().is_exact);
    assert_eq!(report.totals().inline_bytes, size_of::<Catalog>());

    for (path, offset) in [
        (".title", offset_of!(Catalog, title)),
        (".entries", offset_of!(Catalog, entries)),
        (".atomic", offset_of!(Catalog, atomic)),
    ] {
        assert_eq!(report.find(path).unwrap().offset(), Some(offset), "{path}");
    }
    assert_eq!(report.find(".title").unwrap().unused_capacity(), 32);
    assert_eq!(
        report
            .find(r#".by_name["yy"].value"#)
            .unwrap()
            .inline_bytes(),
        size_of::<u32>()
    );
    assert_eq!(report.find(".queue[0]").unwrap().heap_bytes(), 4);
    assert_eq!(
        report
            .find(".also_shared")
            .unwrap()
            .shared_with()
            .unwrap()
            .path(),
        ".shared"
    );

    // Enum variant fields: offsets measured from the live value.
    let Entry::Tagged { tag, words } = &value.entries[2] else {
        unreachable!()
    };
    let base = &value.entries[2] as *const Entry as usize;
    let tag_node = report.find(".entries[2].Tagged.tag").unwrap();
    assert_eq!(tag_node.offset(), Some(tag as *const u8 as usize - base));
    let words_node = report.find(".entries[2].Tagged.words").unwrap();
    assert_eq!(
        words_node.offset(),
        Some(words as *const Vec<String> as usize - base)
    );
    assert_eq!(words_node.heap_bytes(), 2 * size_of::<String>() + 1 + 2);
    assert_eq!(report.find(".entries[1].Text.0").unwrap().heap_bytes(), 5);
    assert_eq!(report.find(".entries[0]").unwrap().variant(), Some("Empty"));
}

#[derive(Layout)]
struct Node {
    value: u64,
    next: Option<Box<Node>>,
}

#[test]
fn derived_linked_list_paths() {
    let list = Node {
        value: 1,
        next: Some(Box::new(Node {
            value: 2,
            next: None,
        })),
    };
    let report = list.layout_report();
    let second = report.find(".next.Some.0.*").unwrap();
    assert_eq!(second.inline_bytes(), size_of::<Node>());
    assert_eq!(second.indirection(), 1);
    assert_eq!(
        report.find(".next.Some.0.*.value").unwrap().offset(),
        Some(offset_of!(Node, value))
    );
    assert_eq!(report.totals().heap_bytes, size_of::<Node>());
}

#[derive(Layout)]
#[allow(dead_code, clippy::large_enum_variant)]
enum Packet {
    Ack(u8),
    Payload([u8; 512]),
}

// Every field here is something a finding flags.
#[derive(Layout)]
#[allow(clippy::box_collection)]
struct Wasteful {
    flag: u8,
    count: u64,
    packets: Vec<Packet>,
    boxed: Box<Vec<u32>>,
    set: BTreeSet<u32>,
}

#[test]
fn findings_on_derived_types_follow_the_static_layout() {
    let value = Wasteful {
        flag: 1,
        count: 2,
        packets: vec![Packet::Ack(1), Packet::Ack(2)],
        boxed: Box::new(Vec::with_capacity(4)),
        set: BTreeSet::new(),
    };
    // Every finding, however small (the default leaves out waste under 64 bytes).
    let report = value.layout_report_with(ReportOptions::default().min_finding_bytes(0));
    let findings = report.findings();
    let variant = Packet::LAYOUT.variant("Payload").unwrap().payload_size
        - Packet::LAYOUT.variant("Ack").unwrap().payload_size;
    let large = findings
        .iter()
        .find(|f| f.kind == FindingKind::LargeEnumVariant)
        .unwrap();
    assert_eq!(large.path, ".packets");
    #[allow(dead_code)]
    enum PacketBoxed {
        Ack(u8),
        Payload(Box<[u8; 512]>),
    }
    let (before, after) = (size_of::<Packet>(), size_of::<PacketBoxed>());
    variant_gap::check_large_variant(large, 2, variant, before, after, align_of::<Packet>());
    let double = findings
        .iter()
        .find(|f| f.kind == FindingKind::DoubleIndirection)
        .unwrap();
    assert_eq!(
        (double.path.as_str(), double.bytes),
        (".boxed", size_of::<Vec<u32>>())
    );
    let empty = findings
        .iter()
        .find(|f| f.kind == FindingKind::EmptyAllocation)
        .unwrap();
    assert_eq!((empty.path.as_str(), empty.bytes), (".boxed.*", 16));
    // Inline padding is a finding only when some field order makes the type smaller.
    let inline = findings
        .iter()
        .find(|f| f.kind == FindingKind::InlinePadding);
    match Wasteful::LAYOUT.smallest_size() {
        Some(best) if best < size_of::<Wasteful>() => {
            assert_eq!(inline.unwrap().bytes, size_of::<Wasteful>() - best)
        }
        _ => assert!(inline.is_none(), "{inline:?}"),
    }
    assert!(findings.windows(2).all(|w| w[0].bytes >= w[1].bytes));
}
