//! `value.layout_report()`'s nodes: paths, types, offsets and figures, measured offsets of enum
//! variant fields, and measured and packed fields.

#[macro_use]
mod test_report_support;
#[path = "common/report_orders.rs"]
mod report_orders;

use std::mem::{offset_of, size_of};

use memlayout::layout::{Variant, VariantField};
use memlayout::report::NodeKind;
use memlayout::{HeapBlock, Kind, Layout, LayoutReport, TypeLayout, Visitor};
use report_orders::{order, Item, Order};
use test_report_support::measure;

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
