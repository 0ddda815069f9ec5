//! `#[derive(Layout)]` on enums (variants, payloads, the active variant, discriminants, integer
//! reprs, empty and generic enums) and unions, each figure compared with the compiler's.
#![allow(dead_code)]

#[path = "common/derive_checks.rs"]
mod derive_checks;

use std::mem::{align_of, needs_drop, offset_of, size_of};

use derive_checks::{calls, check_struct_like, is_leaf, Foreign};
use memlayout::layout::{IntRepr, Repr};
use memlayout::{Kind, Layout, Storage};

// ---- enums ----

#[derive(Layout)]
enum Shape {
    Empty,
    Circle(u32),
    Rect { w: u16, h: u64 },
    Label(String, #[layout(opaque)] Foreign),
}

#[test]
fn enum_variants_fields_and_payloads() {
    let l = Shape::LAYOUT;
    assert_eq!((l.name, l.kind), ("Shape", Kind::Enum));
    assert_eq!((l.size, l.align), (size_of::<Shape>(), align_of::<Shape>()));
    assert_eq!(l.needs_drop, needs_drop::<Shape>());
    assert!(l.fields.is_empty());
    assert_eq!(l.padding_bytes, 0);
    assert_eq!(l.storage, Storage::OwnsHeap);
    let names: Vec<_> = l.variants.iter().map(|v| v.name).collect();
    assert_eq!(names, ["Empty", "Circle", "Rect", "Label"]);
    assert!(l.variants.iter().all(|v| v.discriminant.is_none()));
    let rect = l.variant("Rect").unwrap();
    let fields: Vec<_> = rect
        .fields
        .iter()
        .map(|f| (f.name, f.type_name, f.size, f.align))
        .collect();
    assert_eq!(
        fields,
        [
            ("w", "u16", 2, align_of::<u16>()),
            ("h", "u64", 8, align_of::<u64>())
        ]
    );
    assert_eq!(rect.payload_size, size_of::<u16>() + size_of::<u64>());
    let label = l.variant("Label").unwrap();
    assert_eq!(
        label.payload_size,
        size_of::<String>() + size_of::<Foreign>()
    );
    assert_eq!(label.fields[1].storage, Storage::Opaque);
    assert_eq!(label.fields[0].storage, Storage::OwnsHeap);
    assert_eq!(l.variant("Empty").unwrap().payload_size, 0);
    assert!(!is_leaf::<Shape>());
}

#[test]
fn enum_visit_reports_the_active_variant() {
    assert_eq!(calls(&Shape::Empty), ["variant 0 Empty"]);
    assert_eq!(calls(&Shape::Circle(1)), ["variant 1 Circle", "field 0 0"]);
    assert_eq!(
        calls(&Shape::Rect { w: 1, h: 2 }),
        ["variant 2 Rect", "field 0 w", "field 1 h"]
    );
    let label = Shape::Label(
        String::with_capacity(12),
        Foreign {
            fd: 0,
            buffer: Vec::new(),
        },
    );
    assert_eq!(calls(&label), ["variant 3 Label", "field 0 0", "field 1 1"]);
    // The opaque `Foreign` owns a `Vec`: it is visited as an `Opaque`, not walked, so 12 is a
    // lower bound.
    let totals = memlayout::totals(&label);
    assert_eq!((totals.heap_bytes_low, totals.unreadable), (12, 1));
    assert!(!totals.is_exact);
}

#[derive(Layout)]
#[repr(u8)]
enum Opcode {
    Nop = 0,
    Load = 1 << 3,
    Store = 0x10 | 1,
    Halt,
}

#[derive(Layout)]
#[repr(i16)]
enum Signed {
    Minus = -1,
    Zero = 0,
    Plus = 1,
}

#[derive(Layout)]
#[repr(C, u32)]
enum Tagged {
    Int(i32),
    Pair { a: u8, b: u16 },
}

#[test]
fn enum_discriminants_and_int_reprs() {
    let l = Opcode::LAYOUT;
    assert_eq!(
        l.repr,
        Repr {
            int: Some(IntRepr::U8),
            ..Repr::RUST
        }
    );
    assert_eq!(l.size, size_of::<Opcode>());
    let d: Vec<_> = l.variants.iter().map(|v| v.discriminant).collect();
    assert_eq!(d, [Some("0"), Some("1 << 3"), Some("0x10 | 1"), None]);
    assert!(is_leaf::<Opcode>());
    let s: Vec<_> = Signed::LAYOUT
        .variants
        .iter()
        .map(|v| v.discriminant.unwrap())
        .collect();
    assert_eq!(s, ["-1", "0", "1"]);
    assert_eq!(Signed::LAYOUT.repr.int, Some(IntRepr::I16));
    assert_eq!(Signed::LAYOUT.size, size_of::<Signed>());
    let t = Tagged::LAYOUT;
    assert_eq!(
        t.repr,
        Repr {
            c: true,
            int: Some(IntRepr::U32),
            ..Repr::RUST
        }
    );
    assert_eq!(
        (t.size, t.align),
        (size_of::<Tagged>(), align_of::<Tagged>())
    );
    assert_eq!(t.variant("Pair").unwrap().payload_size, 3);
}

#[derive(Layout)]
enum Never {}

#[derive(Layout)]
enum MaybeBox<T> {
    Nothing,
    Boxed(Box<T>),
}

#[test]
fn empty_and_generic_enums() {
    assert_eq!(Never::LAYOUT.size, size_of::<Never>());
    assert!(Never::LAYOUT.variants.is_empty());
    assert!(is_leaf::<Never>());
    let l = <MaybeBox<u64>>::LAYOUT;
    assert_eq!(l.name, "MaybeBox<T>");
    assert_eq!(l.size, size_of::<MaybeBox<u64>>());
    assert_eq!(l.variant("Boxed").unwrap().fields[0].type_name, "Box<T>");
    assert_eq!(
        l.variant("Boxed").unwrap().payload_size,
        size_of::<Box<u64>>()
    );
    assert_eq!(
        memlayout::heap_bytes(&MaybeBox::Boxed(Box::new(5u64))),
        size_of::<u64>()
    );
    assert_eq!(memlayout::heap_bytes(&MaybeBox::<u64>::Nothing), 0);
}

// ---- unions ----

#[derive(Layout)]
#[repr(C)]
union Bits {
    int: u32,
    float: f32,
    bytes: [u8; 6],
}

#[derive(Layout)]
union Slot<T: Copy> {
    value: T,
    empty: (),
}

#[test]
fn unions_list_fields_statically_and_walk_nothing() {
    let l = Bits::LAYOUT;
    check_struct_like::<Bits>(l);
    assert_eq!(l.kind, Kind::Union);
    assert_eq!(l.storage, Storage::Opaque);
    assert_eq!(l.fields[2].offset, offset_of!(Bits, bytes));
    assert_eq!(l.fields[2].size, 6);
    assert_eq!(l.padding_bytes, size_of::<Bits>() - 6);
    assert!(is_leaf::<Bits>());
    assert!(calls(&Bits { int: 7 }).is_empty());
    let s = <Slot<u64>>::LAYOUT;
    check_struct_like::<Slot<u64>>(s);
    assert_eq!(s.name, "Slot<T>");
    assert_eq!(s.fields[0].offset, offset_of!(Slot<u64>, value));
}
