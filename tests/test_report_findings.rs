//! `value.layout_report()`'s findings (what to fix, largest first) and assertions (naming the
//! biggest contributors).

#[macro_use]
mod test_report_support;
#[path = "common/report_orders.rs"]
mod report_orders;
#[path = "common/variant_gap.rs"]
mod variant_gap;

use std::mem::size_of;
use std::panic::{catch_unwind, AssertUnwindSafe};

use memlayout::layout::{Variant, VariantField};
use memlayout::report::FindingKind;
use memlayout::{Kind, Layout, LayoutReport, ReportOptions, TypeLayout};
use report_orders::order;
use variant_gap::check_large_variant;

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
    // Boxed, `Data` holds a pointer; `Ping` holds nothing either way.
    #[allow(dead_code)]
    enum MsgBoxed {
        Ping,
        Data(Box<Blob>),
    }
    let sizes = (size_of::<Msg>(), size_of::<MsgBoxed>(), align_of::<Msg>());
    check_large_variant(large, 2, size_of::<Blob>(), sizes.0, sizes.1, sizes.2);
    let f = Msg::Ping.layout_report().findings().to_vec();
    assert_eq!(f[0].kind, FindingKind::LargeEnumVariant);
    check_large_variant(&f[0], 1, size_of::<Blob>(), sizes.0, sizes.1, sizes.2);

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

/// A collection inside a wrapper: its only field that is not inline holds the elements.
#[derive(Layout)]
struct Rows(Vec<Loose>);

/// Two collections: which one's elements hold the padding is not the type's to say.
#[derive(Layout)]
struct TwoRows {
    rows: Vec<Loose>,
    more: Vec<Loose>,
}

#[test]
fn heap_padding_names_the_elements_through_a_wrapper() {
    let all = ReportOptions::new().min_finding_bytes(0);
    let loose = |n: u8| {
        (0..n)
            .map(|i| Loose { a: i, b: 0, c: 0 })
            .collect::<Vec<_>>()
    };
    // Past the shown elements, each wrapper folds into a summary whose type is `Rows`.
    let rows: Vec<Rows> = (0..40).map(|_| Rows(loose(3))).collect();
    let f = rows.layout_report_with(all).findings().to_vec();
    let heap: Vec<_> = f
        .iter()
        .filter(|f| f.kind == FindingKind::HeapPadding)
        .collect();
    assert!(!heap.is_empty(), "{f:?}");
    let total: usize = heap.iter().map(|f| f.bytes).sum();
    assert_eq!(total, 40 * 3 * (size_of::<Loose>() - 10));
    assert!(
        heap.iter()
            .all(|f| f.message.contains("ordering Loose's fields")),
        "{heap:?}"
    );
    // Two holders: the padding is still a finding only where the collection is its own node.
    let two: Vec<TwoRows> = (0..40)
        .map(|_| TwoRows {
            rows: loose(3),
            more: loose(2),
        })
        .collect();
    let f = two.layout_report_with(all).findings().to_vec();
    assert!(f
        .iter()
        .filter(|f| f.kind == FindingKind::HeapPadding)
        .all(|f| f.message.contains("ordering Loose's fields")));
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
