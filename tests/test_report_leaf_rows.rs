//! The same rows for the same kind of value (issues 11.1 and 13): values that own no heap get
//! their rows too. At the root and on every shown node a struct shows its fields and an enum
//! its active variant and that variant's fields, with offsets, whatever they own; the root
//! carries the type's padding finding and the field order that removes it.
//!
//! Ground truth: `offset_of!` for struct fields; for enum variant fields (which `offset_of!`
//! does not reach on stable) the address of the field, taken by matching on the value here,
//! minus the address of the value; `size_of` for sizes; `crate::totals` for the figures.

use std::mem::{offset_of, size_of};

use memlayout::report::{FindingKind, NodeKind};
use memlayout::{Layout, LayoutReport, Report, ReportOptions};

#[derive(Layout, Clone, Copy)]
#[allow(dead_code)]
enum Shape {
    Circle { r: f32 },
    Rect { w: u16, h: u64 },
    Empty,
}

/// A heap-free struct whose `repr(C)` field order wastes bytes.
#[derive(Layout, Clone, Copy)]
#[repr(C)]
struct Wasteful {
    a: u8,
    b: u64,
    c: u8,
    d: u32,
    e: u8,
}

fn wasteful() -> Wasteful {
    Wasteful {
        a: 1,
        b: 2,
        c: 3,
        d: 4,
        e: 5,
    }
}

/// `Wasteful`'s fields by alignment: the size the suggested order gives, from the compiler.
#[repr(C)]
#[allow(dead_code)]
struct WastefulReordered {
    b: u64,
    d: u32,
    a: u8,
    c: u8,
    e: u8,
}

#[derive(Layout)]
#[allow(dead_code)]
enum Level {
    Low,
    High,
}

#[derive(Layout)]
#[repr(C, packed)]
struct Packed {
    tag: u8,
    len: u32,
    name: String,
    inner: Wasteful,
}

#[derive(Layout)]
struct Holder {
    shape: Shape,
    name: String,
    waste: Wasteful,
}

/// The root's children: (path, offset, inline bytes).
fn root_rows(report: &Report) -> Vec<(String, Option<usize>, usize)> {
    report
        .root()
        .children()
        .map(|c| (c.path(), c.offset(), c.inline_bytes()))
        .collect()
}

/// Expected rows: each struct field's path, `offset_of!` and size.
fn field_rows(fields: &[(&str, usize, usize)]) -> Vec<(String, Option<usize>, usize)> {
    fields
        .iter()
        .map(|&(path, offset, size)| (path.to_string(), Some(offset), size))
        .collect()
}

fn addr<T>(value: &T) -> usize {
    value as *const T as usize
}

/// The offset of each field of `shape`'s active variant, measured here by address.
fn variant_offsets(shape: &Shape) -> Vec<(&'static str, usize)> {
    let base = addr(shape);
    match shape {
        Shape::Circle { r } => vec![("r", addr(r) - base)],
        Shape::Rect { w, h } => vec![("w", addr(w) - base), ("h", addr(h) - base)],
        Shape::Empty => Vec::new(),
    }
}

fn shapes() -> [(Shape, &'static str); 4] {
    [
        (Shape::Rect { w: 3, h: 4 }, "Rect"),
        (Shape::Rect { w: u16::MAX, h: 0 }, "Rect"),
        (Shape::Circle { r: 1.5 }, "Circle"),
        (Shape::Empty, "Empty"),
    ]
}

#[test]
fn a_leaf_enum_at_the_root_shows_its_variant_and_its_fields_offsets() {
    for (shape, name) in shapes() {
        let report = shape.layout_report();
        let root = report.root();
        assert_eq!(root.variant(), Some(name));
        let expected = variant_offsets(&shape);
        let rows = root_rows(&report);
        assert_eq!(rows.len(), expected.len());
        for ((path, offset, _), (field, at)) in rows.iter().zip(&expected) {
            assert_eq!(path, &format!(".{name}.{field}"));
            assert_eq!(*offset, Some(*at), "{path}");
        }
        if let Shape::Rect { .. } = shape {
            assert_eq!(
                report.find(".Rect.h").unwrap().inline_bytes(),
                size_of::<u64>()
            );
            assert_eq!(
                report.find(".Rect.w").unwrap().inline_bytes(),
                size_of::<u16>()
            );
        }
        assert!(report.to_string().contains(&format!("Shape::{name}")));
        assert_eq!(report.totals(), memlayout::totals(&shape));
    }
}

#[test]
fn a_fieldless_enum_shows_its_active_variant() {
    for (value, name) in [(Level::Low, "Low"), (Level::High, "High")] {
        let report = value.layout_report();
        assert_eq!(report.root().variant(), Some(name));
        assert_eq!(report.len(), 1);
        assert!(report.to_string().contains(&format!("Level::{name}")));
    }
    // Nested in a std enum, at one level down.
    let report = Some(Level::High).layout_report();
    assert_eq!(report.root().variant(), Some("Some"));
    assert_eq!(report.find(".Some.0").unwrap().variant(), Some("High"));
}

#[test]
fn a_heap_free_struct_shows_every_field_with_its_offset() {
    let value = wasteful();
    let report = value.layout_report();
    let expected = [
        (".a", offset_of!(Wasteful, a), size_of::<u8>()),
        (".b", offset_of!(Wasteful, b), size_of::<u64>()),
        (".c", offset_of!(Wasteful, c), size_of::<u8>()),
        (".d", offset_of!(Wasteful, d), size_of::<u32>()),
        (".e", offset_of!(Wasteful, e), size_of::<u8>()),
    ];
    assert_eq!(root_rows(&report), field_rows(&expected));
    assert_eq!(report.totals(), memlayout::totals(&value));
}

#[test]
fn the_root_carries_its_padding_finding_and_the_order_that_removes_it() {
    let report = wasteful().layout_report();
    let saved = size_of::<Wasteful>() - size_of::<WastefulReordered>();
    assert!(saved > 0);
    // Below the default `min_finding_bytes` (64), yet reported: it is the type's own.
    assert!(saved < ReportOptions::default().get_min_finding_bytes());
    let finding = report
        .findings()
        .iter()
        .find(|f| f.kind == FindingKind::InlinePadding)
        .expect("the root's padding finding");
    assert_eq!(finding.bytes, saved);
    assert!(
        finding.message.contains("(b, d, a, c, e)"),
        "{}",
        finding.message
    );
    assert!(report.to_string().contains("inline padding"));
    // A type with nothing to reorder has no such finding.
    let report = (1u64, 2u64).layout_report();
    assert!(report
        .findings()
        .iter()
        .all(|f| f.kind != FindingKind::InlinePadding));
}

#[test]
fn a_packed_struct_shows_its_leaf_fields_as_any_struct_does() {
    let value = Packed {
        tag: 1,
        len: 2,
        name: String::from("packed"),
        inner: wasteful(),
    };
    let report = value.layout_report();
    let expected = [
        (".tag", offset_of!(Packed, tag), size_of::<u8>()),
        (".len", offset_of!(Packed, len), size_of::<u32>()),
        (".name", offset_of!(Packed, name), size_of::<String>()),
        (".inner", offset_of!(Packed, inner), size_of::<Wasteful>()),
    ];
    assert_eq!(root_rows(&report), field_rows(&expected));
    // A leaf struct inside a packed one shows its own fields too.
    let b = report.find(".inner.b").unwrap();
    assert_eq!(b.offset(), Some(offset_of!(Wasteful, b)));
    assert_eq!(report.totals(), memlayout::totals(&value));
}

#[test]
fn nested_leaf_values_show_their_rows_on_shown_nodes() {
    for (shape, name) in shapes() {
        let holder = Holder {
            shape,
            name: String::from("n"),
            waste: wasteful(),
        };
        let report = holder.layout_report();
        assert_eq!(report.find(".shape").unwrap().variant(), Some(name));
        for (field, at) in variant_offsets(&holder.shape) {
            let node = report.find(&format!(".shape.{name}.{field}")).unwrap();
            assert_eq!(node.offset(), Some(at));
        }
        let d = report.find(".waste.d").unwrap();
        assert_eq!(d.offset(), Some(offset_of!(Wasteful, d)));
        assert_eq!(report.totals(), memlayout::totals(&holder));

        // Behind a box, the contents' node shows them the same way.
        let boxed = Box::new(shape);
        let report = boxed.layout_report();
        assert_eq!(report.find(".*").unwrap().variant(), Some(name));
        for (field, at) in variant_offsets(&boxed) {
            let node = report.find(&format!(".*.{name}.{field}")).unwrap();
            assert_eq!(node.offset(), Some(at));
        }
    }
}

#[test]
fn leaf_rows_respect_the_node_budget_and_change_no_figure() {
    let holders: Vec<Holder> = (0..20)
        .map(|i| Holder {
            shape: shapes()[i % 4].0,
            name: "x".repeat(i),
            waste: wasteful(),
        })
        .collect();
    for max_nodes in [1, 2, 5, 17, 1000] {
        for max_children in [0, 1, 3, 8] {
            let options = ReportOptions::default()
                .max_nodes(max_nodes)
                .max_children(max_children);
            let report = holders.layout_report_with(options);
            assert!(report.len() <= max_nodes.max(1));
            assert_eq!(report.totals(), memlayout::totals(&holders));
        }
    }
    // Shown elements show their leaf fields; summarised ones are not visited (no rows).
    let report = holders.layout_report_with(ReportOptions::default().max_children(2));
    assert_eq!(report.find("[1].waste.e").unwrap().kind(), NodeKind::Value);
    assert_eq!(
        report.find("[2].waste.e").unwrap().kind(),
        NodeKind::Summary
    );
    assert_eq!(report.len(), 1 + 2 * 11 + 1);
}

#[test]
fn large_collections_of_leaves_stay_constant_time() {
    // Elements that own nothing get no rows and no visit: a Vec of leaf enums is one row.
    let shapes = vec![Shape::Rect { w: 1, h: 2 }; 100_000];
    let report = shapes.layout_report();
    assert_eq!(report.len(), 1);
    assert_eq!(report.totals(), memlayout::totals(&shapes));
}
