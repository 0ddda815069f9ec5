//! `value.layout_report()`: figures against the allocator, paths, offsets, sharing, summaries,
//! findings and assertions.

#[macro_use]
mod test_report_support;

use std::cell::RefCell;
use std::mem::{offset_of, size_of};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use memlayout::layout::{Variant, VariantField};
use memlayout::report::{FindingKind, NodeKind};
use memlayout::{HeapBlock, Kind, Layout, LayoutReport, ReportOptions, TypeLayout, Visitor};
use test_report_support::handles::{rc_block, CellH, RcH, RefH, WeakH};
use test_report_support::measure;

struct Item {
    id: u32,
    name: String,
    tags: Vec<String>,
    flag: u8,
}
layout_struct!(Item { id: u32, name: String, tags: Vec<String>, flag: u8 });

// Boxing a String is what the double-indirection finding flags.
#[allow(clippy::box_collection)]
struct Order {
    items: Vec<Item>,
    note: Option<Box<String>>,
    code: u64,
}
layout_struct!(Order { items: Vec<Item>, note: Option<Box<String>>, code: u64 });

fn item(id: u32, tags: usize) -> Item {
    Item {
        id,
        name: format!("item-{id}"),
        tags: (0..tags).map(|t| "t".repeat(t + 1)).collect(),
        flag: 1,
    }
}

fn order(n: u32) -> Order {
    let mut items = Vec::with_capacity(n as usize + 3);
    items.extend((0..n).map(|i| item(i, i as usize % 4)));
    Order {
        items,
        note: Some(Box::new(String::with_capacity(40))),
        code: 7,
    }
}

#[test]
fn root_totals_equal_tally_and_allocator() {
    let (value, allocated) = measure(|| order(5));
    let report = value.layout_report();
    assert_eq!(report.totals(), memlayout::totals(&value));
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals().inline_bytes, size_of::<Order>());
    assert!(report.totals().is_exact);
    // Own figures partition the heap: each byte belongs to exactly one node.
    let own_sum: usize = report
        .nodes()
        .map(|n| n.own().heap_bytes + n.elided().map_or(0, |e| e.1.heap_bytes))
        .sum();
    assert_eq!(own_sum, allocated);
    let own_allocs: usize = report.nodes().map(|n| n.own().allocations).sum();
    assert_eq!(own_allocs, report.totals().allocations);
}

#[test]
fn heap_figures_after_growth_shrink_and_removal() {
    let (mut value, allocated) = measure(|| order(6));
    assert_eq!(value.layout_report().totals().heap_bytes, allocated);

    let before = test_report_support::live();
    value.items.remove(2);
    value.items[0].tags.push("grown".repeat(10));
    value.items.shrink_to_fit();
    let delta = test_report_support::live() - before;
    let report = value.layout_report();
    assert_eq!(
        report.totals().heap_bytes as isize,
        allocated as isize + delta
    );
    assert_eq!(report.find(".items").unwrap().own().unused_capacity, 0);

    value.note = None;
    value.items.clear();
    let report = value.layout_report();
    // Empty but still allocated: the buffer remains, every byte unused.
    let cap = value.items.capacity() * size_of::<Item>();
    assert_eq!(report.totals().heap_bytes, cap);
    assert_eq!(report.totals().unused_capacity, cap);
    assert_eq!(report.totals(), memlayout::totals(&value));
}

#[test]
fn nodes_have_paths_types_offsets_and_figures() {
    let value = order(3);
    let report = value.layout_report();
    let items = report.find(".items").unwrap();
    assert_eq!(items.offset(), Some(offset_of!(Order, items)));
    assert_eq!(items.full_type_name(), std::any::type_name::<Vec<Item>>());
    assert_eq!(items.type_name(), "Vec<Item>");
    assert_eq!(items.indirection(), 0);
    assert_eq!(
        items.own().heap_bytes,
        value.items.capacity() * size_of::<Item>()
    );
    assert_eq!(items.own().heap_used, value.items.len() * size_of::<Item>());
    assert_eq!(items.own().unused_capacity, 3 * size_of::<Item>());

    let name = report.find(".items[2].name").unwrap();
    assert_eq!(name.offset(), Some(offset_of!(Item, name)));
    assert_eq!(name.heap_bytes(), value.items[2].name.capacity());
    assert_eq!(name.indirection(), 1);
    assert_eq!(name.path(), ".items[2].name");
    assert_eq!(name.segment(), ".name");

    let tag = report.find(".items[2].tags[1]").unwrap();
    assert_eq!(tag.heap_bytes(), value.items[2].tags[1].capacity());
    assert_eq!(tag.indirection(), 2);

    let boxed = report.find(".note.Some.0").unwrap();
    assert_eq!(boxed.own().heap_bytes, size_of::<String>());
    let contents = report.find(".note.Some.0.*").unwrap();
    assert_eq!(contents.heap_bytes(), 40);
    assert_eq!(contents.indirection(), 1);
    assert_eq!(report.find(".note").unwrap().variant(), Some("Some"));

    // Every node can be found by its own path; children point back to their parent.
    for node in report.nodes() {
        assert_eq!(
            report.find(&node.path()).unwrap().id(),
            node.id(),
            "{}",
            node.path()
        );
        for child in node.children() {
            assert_eq!(child.parent().unwrap().id(), node.id());
        }
    }
    assert!(report.find(".items[9]").is_none());
    assert!(report.find(".nope").is_none());
}

/// A hand-written enum, as the derive will write it.
enum Shape {
    Empty,
    Label(String),
    Pair(u8, Vec<u16>),
}

impl Layout for Shape {
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        variants: &[
            Variant {
                name: "Empty",
                discriminant: None,
                discriminant_value: 0,
                is_uninhabited: false,
                fields: &[],
                payload_size: 0,
            },
            Variant {
                name: "Label",
                discriminant: None,
                discriminant_value: 1,
                is_uninhabited: false,
                fields: &[VariantField {
                    name: "0",
                    type_name: "String",
                    size: size_of::<String>(),
                    align: align_of::<String>(),
                    storage: memlayout::Storage::OwnsHeap,
                    layout: memlayout::layout::layout_of::<String>,
                    is_uninhabited: false,
                }],
                payload_size: size_of::<String>(),
            },
            Variant {
                name: "Pair",
                discriminant: None,
                discriminant_value: 2,
                is_uninhabited: false,
                fields: &[
                    VariantField {
                        name: "0",
                        type_name: "u8",
                        size: 1,
                        align: 1,
                        storage: memlayout::Storage::Inline,
                        layout: memlayout::layout::layout_of::<u8>,
                        is_uninhabited: false,
                    },
                    VariantField {
                        name: "1",
                        type_name: "Vec<u16>",
                        size: size_of::<Vec<u16>>(),
                        align: align_of::<Vec<u16>>(),
                        storage: memlayout::Storage::OwnsHeap,
                        layout: memlayout::layout::layout_of::<Vec<u16>>,
                        is_uninhabited: false,
                    },
                ],
                payload_size: 1 + size_of::<Vec<u16>>(),
            },
        ],
        ..TypeLayout::of::<Shape>("Shape", Kind::Enum).with_storage(memlayout::Storage::OwnsHeap)
    };

    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        match self {
            Shape::Empty => v.variant(0, "Empty"),
            Shape::Label(s) => {
                v.variant(1, "Label");
                v.field(0, "0", s);
            }
            Shape::Pair(a, b) => {
                v.variant(2, "Pair");
                v.field(0, "0", a);
                v.field(1, "1", b);
            }
        }
    }
}

#[test]
fn enum_variant_fields_have_measured_offsets() {
    let shapes = vec![
        Shape::Empty,
        Shape::Label("ab".into()),
        Shape::Pair(3, vec![1, 2, 3]),
    ];
    let report = shapes.layout_report();
    let Shape::Pair(a, b) = &shapes[2] else {
        unreachable!()
    };
    let base = &shapes[2] as *const Shape as usize;
    let offset_a = a as *const u8 as usize - base;
    let offset_b = b as *const Vec<u16> as usize - base;
    assert_eq!(report.find("[2].Pair.0").unwrap().offset(), Some(offset_a));
    assert_eq!(report.find("[2].Pair.1").unwrap().offset(), Some(offset_b));
    assert_eq!(
        report.find("[2].Pair.1").unwrap().heap_bytes(),
        b.capacity() * 2
    );
    assert_eq!(report.find("[0]").unwrap().variant(), Some("Empty"));
    assert_eq!(report.find("[1].Label.0").unwrap().heap_bytes(), 2);
    assert_eq!(report.totals(), memlayout::totals(&shapes));
}

struct Pair {
    a: RcH<Vec<u8>>,
    b: RcH<Vec<u8>>,
    w: WeakH<Vec<u8>>,
}
layout_struct!(Pair { a: RcH<Vec<u8>>, b: RcH<Vec<u8>>, w: WeakH<Vec<u8>> });

#[test]
fn shared_allocation_counted_once_at_first_path() {
    let (pair, allocated) = measure(|| {
        let rc = Rc::new(vec![0u8; 100]);
        Pair {
            a: RcH(rc.clone()),
            w: WeakH(Rc::downgrade(&rc)),
            b: RcH(rc),
        }
    });
    let report = pair.layout_report();
    assert_eq!(report.totals(), memlayout::totals(&pair));
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals().shared_allocations, 1);
    assert_eq!(report.totals().shared_bytes, rc_block::<Vec<u8>>().bytes);

    let a = report.find(".a").unwrap();
    let shared = a.shared().unwrap();
    assert!(shared.counted_here);
    assert_eq!((shared.strong, shared.weak), (2, 1));
    assert_eq!(a.heap_bytes(), allocated);
    assert_eq!(report.find(".a.*").unwrap().heap_bytes(), 100);

    let b = report.find(".b").unwrap();
    assert!(!b.shared().unwrap().counted_here);
    assert_eq!(b.shared_with().unwrap().path(), ".a");
    assert_eq!(b.heap_bytes(), 0);
    assert!(report.find(".b.*").is_none());
    let w = report.find(".w").unwrap();
    assert!(w.shared().unwrap().is_weak);
    assert_eq!(w.shared_with().unwrap().path(), ".a");
    assert!(report.to_string().contains("counted at .a"));
}

#[test]
fn fair_share_splits_a_shared_block_among_strong_handles() {
    let pair = {
        let rc = Rc::new(vec![0u8; 10]);
        Pair {
            a: RcH(rc.clone()),
            w: WeakH(Rc::downgrade(&rc)),
            b: RcH(rc),
        }
    };
    let block = rc_block::<Vec<u8>>().bytes;
    let report = pair.layout_report_with(ReportOptions::default().fair_share(true));
    let a = report.find(".a").unwrap().own().heap_bytes;
    let b = report.find(".b").unwrap().own().heap_bytes;
    let w = report.find(".w").unwrap().own().heap_bytes;
    assert_eq!(b, block / 2);
    assert_eq!(a, block / 2 + block % 2);
    assert_eq!(w, 0);
    // Both strong handles are inside the value: the shares add up to the whole block.
    assert_eq!(
        report.totals().heap_bytes,
        memlayout::totals(&pair).heap_bytes
    );
    assert_eq!(
        report.totals().allocations,
        memlayout::totals(&pair).allocations
    );

    // With one of two strong handles outside the value, the value owns half.
    let outside = pair.a.0.clone();
    let report = pair.layout_report_with(ReportOptions::default().fair_share(true));
    let shares: usize = [".a", ".b"]
        .iter()
        .map(|p| report.find(p).unwrap().own().heap_bytes)
        .sum();
    assert_eq!(shares, 2 * (block / 3) + block % 3);
    drop(outside);
}

/// A node of a possibly cyclic `Rc` graph.
struct GraphNode {
    name: String,
    next: CellH<Option<RcH<GraphNode>>>,
}
layout_struct!(GraphNode { name: String, next: CellH<Option<RcH<GraphNode>>> });

#[test]
fn cyclic_rc_graph_terminates_and_counts_each_node_once() {
    let (a, allocated) = measure(|| {
        let a = Rc::new(GraphNode {
            name: "a".repeat(10),
            next: CellH(RefCell::new(None)),
        });
        let b = Rc::new(GraphNode {
            name: "b".repeat(20),
            next: CellH(RefCell::new(Some(RcH(a.clone())))),
        });
        *a.next.0.borrow_mut() = Some(RcH(b));
        RcH(a)
    });
    let report = a.layout_report();
    assert_eq!(report.totals(), memlayout::totals(&a));
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals().shared_allocations, 2);
    let back = report
        .find(".*.next.borrow().Some.0.*.next.borrow().Some.0")
        .unwrap();
    assert_eq!(back.shared_with().unwrap().path(), "");
    // Break the cycle so the test does not leak.
    a.0.next.0.borrow_mut().take();
}

#[test]
fn mutably_borrowed_cell_is_reported_unreadable() {
    let cell = CellH(RefCell::new(vec![String::from("x")]));
    let guard = cell.0.borrow_mut();
    let report = cell.layout_report();
    assert_eq!(report.root().unreadable(), Some("mutably borrowed"));
    assert_eq!(report.totals().unreadable, 1);
    assert!(!report.totals().is_exact);
    assert_eq!(report.totals(), memlayout::totals(&cell));
    assert!(report.to_string().contains("unreadable: mutably borrowed"));
    drop(guard);
    let report = cell.layout_report();
    assert!(report.totals().is_exact);
    assert_eq!(report.find(".borrow()[0]").unwrap().heap_bytes(), 1);
}

struct View<'b> {
    owned: Vec<u8>,
    seen: RefH<'b, String>,
}

impl<'b> Layout for View<'b> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<View<'b>>("View", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "owned", &self.owned);
        v.field(1, "seen", &self.seen);
    }
}

#[test]
fn borrowed_targets_are_shown_not_counted() {
    let elsewhere = String::from("not mine");
    let (view, allocated) = measure(|| View {
        owned: vec![1, 2, 3],
        seen: RefH(&elsewhere),
    });
    let report = view.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    let target = report.find(".seen.*").unwrap();
    assert_eq!(target.kind(), NodeKind::Borrowed);
    assert_eq!(target.inline_bytes(), size_of::<String>());
    assert_eq!(target.heap_bytes(), 0);
    assert_eq!(target.children().len(), 0);
}

#[test]
fn large_collections_are_summarised_with_min_and_max() {
    let (strings, allocated) = measure(|| {
        (0..100)
            .map(|i| "x".repeat(i % 37))
            .collect::<Vec<String>>()
    });
    let report = strings.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    let root = report.root();
    assert_eq!(root.children().len(), 9);
    let summary_node = report.find("[8..100]").unwrap();
    assert_eq!(summary_node.kind(), NodeKind::Summary);
    let summary = summary_node.summary().unwrap();
    assert_eq!((summary.first_index, summary.count), (8, 92));
    let rest = &strings[8..];
    assert_eq!(
        summary.min.heap_bytes,
        rest.iter().map(String::capacity).min().unwrap()
    );
    assert_eq!(
        summary.max.heap_bytes,
        rest.iter().map(String::capacity).max().unwrap()
    );
    assert_eq!(summary.min.allocations, 0);
    assert_eq!(summary.max.allocations, 1);
    assert_eq!(
        summary_node.heap_bytes(),
        rest.iter().map(String::capacity).sum::<usize>()
    );
    assert_eq!(summary_node.inline_bytes(), 92 * size_of::<String>());

    let report = strings.layout_report_with(ReportOptions::default().max_children(0));
    assert_eq!(report.len(), 2);
    assert_eq!(report.totals(), memlayout::totals(&strings));
}

#[test]
fn leaf_elements_are_never_visited() {
    let (big, allocated) = measure(|| vec![7u64; 10_000_000]);
    let report = big.layout_report();
    assert_eq!(report.len(), 1);
    assert_eq!(report.totals().heap_bytes, allocated);
}

#[test]
fn node_budget_bounds_the_report_and_keeps_totals() {
    let (value, allocated) = measure(|| order(300));
    let report =
        value.layout_report_with(ReportOptions::default().max_nodes(20).max_children(1000));
    assert!(report.len() <= 20, "{} nodes", report.len());
    assert_eq!(report.totals().heap_bytes, allocated);
    assert_eq!(report.totals(), memlayout::totals(&value));
    let elided: usize = report
        .nodes()
        .filter_map(|n| n.elided())
        .map(|(parts, _)| parts)
        .sum();
    assert!(elided > 0);
}

struct Padded {
    a: u8,
    b: u64,
}
layout_struct!(Padded { a: u8, b: u64 });

/// Declaration order keeps the two bytes apart: ordered by alignment it would be smaller.
#[repr(C)]
struct Loose {
    a: u8,
    b: u64,
    c: u8,
}
layout_struct!(Loose {
    a: u8,
    b: u64,
    c: u8
});

#[allow(dead_code)]
struct Blob([u8; 300]);
impl Layout for Blob {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Blob>("Blob", Kind::TupleStruct);
    const IS_LEAF: bool = true;
}

// The large variant is what the finding flags.
#[allow(dead_code, clippy::large_enum_variant)]
enum Msg {
    Ping,
    Data(Blob),
}
impl Layout for Msg {
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        variants: &[
            Variant {
                name: "Ping",
                discriminant: None,
                discriminant_value: 0,
                is_uninhabited: false,
                fields: &[],
                payload_size: 0,
            },
            Variant {
                name: "Data",
                discriminant: None,
                discriminant_value: 1,
                is_uninhabited: false,
                fields: &[VariantField {
                    name: "0",
                    type_name: "Blob",
                    size: size_of::<Blob>(),
                    align: 1,
                    storage: memlayout::Storage::Inline,
                    layout: memlayout::layout::layout_of::<Blob>,
                    is_uninhabited: false,
                }],
                payload_size: size_of::<Blob>(),
            },
        ],
        ..TypeLayout::of::<Msg>("Msg", Kind::Enum)
    };
    const IS_LEAF: bool = true;
}

#[test]
fn findings_name_what_to_fix_largest_first() {
    let all = ReportOptions::default().min_finding_bytes(0);
    let mut spare: Vec<u32> = Vec::with_capacity(10);
    spare.extend([1, 2, 3]);
    let findings = spare.layout_report_with(all).findings().to_vec();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].kind, FindingKind::UnusedCapacity);
    assert_eq!(findings[0].bytes, (spare.capacity() - 3) * 4);
    assert!(findings[0].message.contains("shrink_to_fit"));
    // Under the default threshold (64 bytes) a few spare bytes are not worth a line.
    assert!(spare.layout_report().findings().is_empty());
    spare.shrink_to_fit();
    assert!(spare.layout_report_with(all).findings().is_empty());

    // Padding no field order removes is not a finding; padding a better order removes is.
    let padded = Padded { a: 1, b: 2 };
    assert!(padded.layout_report_with(all).findings().is_empty());
    let loose = Loose { a: 1, b: 2, c: 3 };
    let f = loose.layout_report_with(all).findings().to_vec();
    assert_eq!(f[0].kind, FindingKind::InlinePadding);
    assert_eq!(f[0].bytes, size_of::<Loose>() - 16);

    let few: Vec<Padded> = (0..10).map(|i| Padded { a: i, b: 0 }).collect();
    assert!(few.layout_report_with(all).findings().is_empty());
    let many: Vec<Loose> = (0..10).map(|i| Loose { a: i, b: 0, c: 0 }).collect();
    let f = many.layout_report_with(all).findings().to_vec();
    let heap = f
        .iter()
        .find(|f| f.kind == FindingKind::HeapPadding)
        .unwrap();
    assert_eq!(heap.bytes, 10 * (size_of::<Loose>() - 10));
    assert!(heap.message.contains("ordering Loose's fields"), "{heap:?}");
    // Padding of an already smallest element is reported once it is large: split the fields.
    let lots: Vec<Padded> = (0..1024).map(|i| Padded { a: 0, b: i }).collect();
    let f = lots.layout_report().findings().to_vec();
    let heap = f
        .iter()
        .find(|f| f.kind == FindingKind::HeapPadding)
        .unwrap();
    assert_eq!(heap.bytes, 1024 * (size_of::<Padded>() - 9));
    assert!(heap.message.contains("struct of arrays"), "{heap:?}");

    let msgs = vec![Msg::Ping, Msg::Ping];
    let f = msgs.layout_report().findings().to_vec();
    let large = f
        .iter()
        .find(|f| f.kind == FindingKind::LargeEnumVariant)
        .unwrap();
    assert_eq!(large.bytes, 2 * size_of::<Blob>());
    let f = Msg::Ping.layout_report().findings().to_vec();
    assert_eq!(f[0].kind, FindingKind::LargeEnumVariant);
    assert_eq!(f[0].bytes, size_of::<Blob>());

    let boxed_vec = Box::new(vec![1u8, 2, 3]);
    let f = boxed_vec.layout_report().findings().to_vec();
    let double = f
        .iter()
        .find(|f| f.kind == FindingKind::DoubleIndirection)
        .unwrap();
    assert_eq!(
        (double.path.as_str(), double.bytes),
        ("", size_of::<Vec<u8>>())
    );

    let boxes: Vec<Box<u32>> = (0..5).map(Box::new).collect();
    let f = boxes.layout_report().findings().to_vec();
    let double = f
        .iter()
        .find(|f| f.kind == FindingKind::DoubleIndirection)
        .unwrap();
    assert_eq!(double.bytes, 5 * size_of::<usize>());
    assert!(double.message.contains("5 small boxed elements"));

    let empty: Vec<String> = vec![String::with_capacity(64), String::from("x")];
    let f = empty.layout_report().findings().to_vec();
    assert_eq!(f[0].kind, FindingKind::EmptyAllocation);
    assert_eq!((f[0].path.as_str(), f[0].bytes), ("[0]", 64));

    // Largest first.
    let value = order(10);
    let f = value.layout_report().findings().to_vec();
    assert!(f.windows(2).all(|w| w[0].bytes >= w[1].bytes));
}

fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("the assertion should fail");
    err.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[test]
fn assertions_name_the_biggest_contributors() {
    let value = order(4);
    let report = value.layout_report();
    let heap = report.totals().heap_bytes;
    report.assert_heap_at_most(heap);
    let message = panic_message(|| report.assert_heap_at_most(heap - 1));
    assert!(message.contains(".items"), "{message}");
    assert!(message.contains(&heap.to_string()), "{message}");

    let unused = report.totals().unused_capacity;
    report.assert_unused_at_most(unused);
    let message = panic_message(|| report.assert_unused_at_most(0));
    assert!(message.contains(".note.Some.0.*"), "{message}");

    let allocations = report.totals().allocations;
    report.assert_allocations_at_most(allocations);
    let message = panic_message(|| report.assert_allocations_at_most(1));
    assert!(
        message.contains(&format!("allocations = {allocations} allocations")),
        "{message}"
    );

    // Root -> items buffer -> tags buffer -> a tag's bytes: 3 hops.
    report.assert_indirection_at_most(3);
    let message = panic_message(|| report.assert_indirection_at_most(2));
    assert!(message.contains(".items[1].tags[0]"), "{message}");

    vec![1u64, 2].layout_report().assert_no_padding();
    let message = panic_message(|| report.assert_no_padding());
    assert!(
        message.contains("Order (itself)") || message.contains("Order.items"),
        "{message}"
    );
}

#[test]
fn measured_and_packed_fields() {
    #[repr(C, packed)]
    struct Packed {
        tag: u8,
        name: String,
        size: usize,
    }
    impl Layout for Packed {
        const LAYOUT: &'static TypeLayout = &TypeLayout {
            fields: &[
                memlayout::layout::Field {
                    name: "tag",
                    type_name: "u8",
                    offset: offset_of!(Packed, tag),
                    size: 1,
                    align: 1,
                    storage: memlayout::Storage::Inline,
                    layout: memlayout::layout::layout_of::<u8>,
                },
                memlayout::layout::Field {
                    name: "name",
                    type_name: "String",
                    offset: offset_of!(Packed, name),
                    size: size_of::<String>(),
                    align: align_of::<String>(),
                    storage: memlayout::Storage::OwnsHeap,
                    layout: memlayout::layout::layout_of::<String>,
                },
                memlayout::layout::Field {
                    name: "size",
                    type_name: "usize",
                    offset: offset_of!(Packed, size),
                    size: size_of::<usize>(),
                    align: align_of::<usize>(),
                    storage: memlayout::Storage::Opaque,
                    layout: memlayout::layout::layout_of::<usize>,
                },
            ],
            ..TypeLayout::of::<Packed>("Packed", Kind::Struct)
        };
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            // SAFETY: a bitwise copy the visitor never drops.
            let name = unsafe { std::ptr::read_unaligned(std::ptr::addr_of!(self.name)) };
            v.packed_field(1, "name", std::mem::ManuallyDrop::new(name));
            v.measured(2, "size", HeapBlock::exact(self.size, 1, self.size));
        }
    }
    let (packed, allocated) = measure(|| Packed {
        tag: 1,
        name: "hello".into(),
        size: 0,
    });
    let report = packed.layout_report();
    assert_eq!(report.totals().heap_bytes, allocated);
    let name = report.find(".name").unwrap();
    assert_eq!(name.offset(), Some(offset_of!(Packed, name)));
    assert_eq!(name.heap_bytes(), 5);
    let size = report.find(".size").unwrap();
    assert_eq!(size.kind(), NodeKind::Measured);
    assert_eq!(size.offset(), Some(offset_of!(Packed, size)));
    assert_eq!(report.totals(), memlayout::totals(&packed));
}

struct Named {
    name: String,
}
layout_struct!(Named { name: String });

#[test]
fn findings_about_many_elements_are_one_line_per_collection() {
    // Every element's name has a few spare bytes: the shown elements give one finding, the
    // folded ones another, not one line per element.
    let items: Vec<Named> = (0..1000)
        .map(|i| {
            let mut name = String::with_capacity(8);
            name.push_str(&i.to_string());
            Named { name }
        })
        .collect();
    let all = ReportOptions::default().min_finding_bytes(0);
    let report = items.layout_report_with(all);
    let unused: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.kind == FindingKind::UnusedCapacity)
        .collect();
    assert_eq!(unused.len(), 2, "{unused:#?}");
    let shown = unused.iter().find(|f| f.path.is_empty()).unwrap();
    let expected: usize = items[..8]
        .iter()
        .map(|i| i.name.capacity() - i.name.len())
        .sum();
    assert_eq!(shown.bytes, expected);
    assert!(shown.message.contains("8 elements"), "{}", shown.message);
    assert!(shown.message.contains("[*].name"), "{}", shown.message);
    // The sum over both findings is every element's spare capacity.
    let total: usize = items.iter().map(|i| i.name.capacity() - i.name.len()).sum();
    assert_eq!(unused.iter().map(|f| f.bytes).sum::<usize>(), total);
    // The default threshold keeps the large one only when the small one is under it.
    let default = items.layout_report();
    for f in default.findings() {
        assert!(f.bytes >= 64, "{f:?}");
    }
}

#[test]
fn long_keys_are_shortened_in_the_table_only() {
    let key = "k".repeat(300);
    let map: std::collections::HashMap<String, u8> = [(key.clone(), 1)].into_iter().collect();
    let report = map.layout_report();
    let text = report.to_string();
    assert!(text.lines().all(|l| l.chars().count() < 160), "{text}");
    assert!(text.contains('…'), "{text}");
    let path = format!("[{key:?}]");
    assert!(report.find(&path).is_some());
    assert!(report.nodes().any(|n| n.path() == path));
}

#[test]
fn a_folded_element_is_found_as_its_summary() {
    let items: Vec<Named> = (0..1000)
        .map(|i| Named {
            name: i.to_string(),
        })
        .collect();
    let report = items.layout_report();
    let node = report.find("[500].name").unwrap();
    assert_eq!(node.kind(), NodeKind::Summary);
    let summary = node.summary().unwrap();
    assert!((summary.first_index..summary.first_index + summary.count).contains(&500));
    assert_eq!(report.find("[3].name").unwrap().kind(), NodeKind::Value);
    assert!(report.find("[1000]").is_none());
    assert_eq!(report.find("").unwrap().id(), 0);
    assert_eq!(report.find("(root)").unwrap().id(), 0);
}

mod property {
    use super::*;
    use proptest::prelude::*;

    type Nested = Vec<Option<Box<Vec<String>>>>;
    /// Per element: `None`, or spare capacity and (length, spare capacity) of each string.
    type NestedShape = Vec<Option<(usize, Vec<(usize, usize)>)>>;

    fn nested() -> impl Strategy<Value = NestedShape> {
        prop::collection::vec(
            prop::option::of((
                0usize..4,
                prop::collection::vec((0usize..20, 0usize..8), 0..12),
            )),
            0..30,
        )
    }

    fn build(shape: &NestedShape) -> Nested {
        shape
            .iter()
            .map(|entry| {
                entry.as_ref().map(|(spare, strings)| {
                    let mut v = Vec::with_capacity(strings.len() + spare);
                    for &(len, extra) in strings {
                        let mut s = String::with_capacity(len + extra);
                        s.extend(std::iter::repeat_n('z', len));
                        v.push(s);
                    }
                    Box::new(v)
                })
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn report_equals_allocator_on_random_nested_values(
            shape in nested(),
            max_children in 0usize..10,
            max_nodes in 1usize..60,
        ) {
            let (value, allocated) = measure(|| build(&shape));
            let options = ReportOptions::default().max_children(max_children).max_nodes(max_nodes);
            let report = value.layout_report_with(options);
            prop_assert_eq!(report.totals().heap_bytes, allocated);
            prop_assert_eq!(report.totals(), memlayout::totals(&value));
            prop_assert!(report.len() <= max_nodes.max(1));
            let folded_sum: usize = report.folded().lines()
                .map(|l| l.rsplit(' ').next().unwrap().parse::<usize>().unwrap()).sum();
            prop_assert_eq!(folded_sum, allocated + size_of::<Nested>());
        }
    }
}
