//! memlayout built with neither `std` nor `alloc` (`cargo test -p memlayout
//! --no-default-features --test no_std_core`): the static layout and `assert_layout!` work in a
//! `#![no_std]` crate that does not link `std` by name, so the derive's expansion cannot lean on
//! `::std` or the std prelude. Every figure is checked against `size_of`, `align_of` and
//! `offset_of!`.
#![cfg(not(feature = "alloc"))]
#![no_std]

use core::cell::{Cell, RefCell};
use core::marker::PhantomData;
use core::mem::{align_of, offset_of, size_of};
use core::net::Ipv4Addr;
use core::num::NonZero;
use core::ptr::NonNull;
use core::time::Duration;

use memlayout::{Kind, Layout, TypeLayout};

#[derive(Layout)]
#[repr(C)]
struct Packet {
    tag: u8,
    len: u32,
    flags: u8,
}

/// One field of each core type memlayout implements `Layout` for, with no attributes.
#[derive(Layout)]
struct CoreTypes<'a, T> {
    number: NonZero<u32>,
    pair: (u8, u64),
    bytes: [u16; 3],
    maybe: Option<&'a T>,
    cell: Cell<u32>,
    ref_cell: RefCell<u16>,
    raw: NonNull<T>,
    addr: Ipv4Addr,
    timeout: Duration,
    marker: PhantomData<T>,
    text: &'a str,
}

#[derive(Layout)]
#[allow(dead_code)] // only its static layout is read
enum Shape {
    Dot,
    Circle(u32),
    Rect { w: u16, h: u64 },
}

#[derive(Layout)]
#[repr(C)]
union Word {
    int: u32,
    bytes: [u8; 4],
}

// Compile-time budgets, figures from `size_of`/`align_of`.
memlayout::assert_layout!(
    Packet,
    size = size_of::<Packet>(),
    align = align_of::<u32>()
);
memlayout::assert_layout!(Packet, max_padding = size_of::<Packet>() - 6);
memlayout::assert_layout!(Word, no_padding);
memlayout::assert_layout!(&u8, niche);
memlayout::assert_size!(Shape, size_of::<Shape>());

/// The sum of the fields' sizes, from `size_of` of each field's type.
fn field_sizes(layout: &TypeLayout) -> usize {
    layout.fields.iter().map(|f| (f.layout)().size).sum()
}

#[test]
fn derived_struct_layout_is_the_compilers() {
    let layout = Packet::LAYOUT;
    assert_eq!(layout.size, size_of::<Packet>());
    assert_eq!(layout.align, align_of::<Packet>());
    let offsets = [
        offset_of!(Packet, tag),
        offset_of!(Packet, len),
        offset_of!(Packet, flags),
    ];
    for (field, offset) in layout.fields.iter().zip(offsets) {
        assert_eq!(field.offset, offset, "{}", field.name);
    }
    let fields = size_of::<u8>() + size_of::<u32>() + size_of::<u8>();
    assert_eq!(layout.padding_bytes, size_of::<Packet>() - fields);
    let gaps: usize = layout.padding_gaps().map(|gap| gap.size).sum();
    assert_eq!(gaps, layout.padding_bytes);
}

#[test]
fn core_types_derive_without_attributes() {
    type Derived = CoreTypes<'static, u64>;
    let layout = Derived::LAYOUT;
    assert_eq!(layout.size, size_of::<Derived>());
    assert_eq!(layout.align, align_of::<Derived>());
    assert_eq!(layout.fields.len(), 11);
    let offsets = [
        ("number", offset_of!(Derived, number)),
        ("pair", offset_of!(Derived, pair)),
        ("bytes", offset_of!(Derived, bytes)),
        ("maybe", offset_of!(Derived, maybe)),
        ("cell", offset_of!(Derived, cell)),
        ("ref_cell", offset_of!(Derived, ref_cell)),
        ("raw", offset_of!(Derived, raw)),
        ("addr", offset_of!(Derived, addr)),
        ("timeout", offset_of!(Derived, timeout)),
        ("marker", offset_of!(Derived, marker)),
        ("text", offset_of!(Derived, text)),
    ];
    for (name, offset) in offsets {
        assert_eq!(layout.field(name).map(|f| f.offset), Some(offset), "{name}");
    }
    const { assert!(!Derived::IS_LEAF, "a reference field is walked") };
}

#[test]
fn generic_struct_gaps_follow_the_parameter() {
    /// Bytes between and after the fields of `CoreTypes<T>`: its size minus each field type's.
    fn gaps<T>() -> usize {
        let fields = size_of::<NonZero<u32>>()
            + size_of::<(u8, u64)>()
            + size_of::<[u16; 3]>()
            + size_of::<Option<&T>>()
            + size_of::<Cell<u32>>()
            + size_of::<RefCell<u16>>()
            + size_of::<NonNull<T>>()
            + size_of::<Ipv4Addr>()
            + size_of::<Duration>()
            + size_of::<PhantomData<T>>()
            + size_of::<&str>();
        size_of::<CoreTypes<T>>() - fields
    }
    fn check<T: Layout + 'static>() {
        let layout = CoreTypes::<T>::LAYOUT;
        assert_eq!(layout.size, size_of::<CoreTypes<T>>());
        assert_eq!(field_sizes(layout), layout.size - gaps::<T>());
        assert_eq!(layout.own_padding_bytes(), gaps::<T>());
    }
    check::<u8>();
    check::<[u64; 4]>();
    check::<()>();
}

#[test]
fn enums_and_unions_have_static_layout() {
    let shape = Shape::LAYOUT;
    assert_eq!(shape.kind, Kind::Enum);
    assert_eq!(shape.size, size_of::<Shape>());
    assert_eq!(shape.variants.len(), 3);
    assert_eq!(shape.variant("Rect").map(|v| v.fields.len()), Some(2));
    let word = Word::LAYOUT;
    assert_eq!(word.size, size_of::<Word>());
    assert_eq!(word.padding_bytes, size_of::<Word>() - size_of::<u32>());
}

#[test]
fn reading_layout_needs_no_allocator() {
    // Everything above is `'static` data: comparing two reads compares the same addresses.
    assert!(core::ptr::eq(Packet::LAYOUT, <Packet as Layout>::LAYOUT));
    assert_eq!(<(u8, u32)>::LAYOUT.size, size_of::<(u8, u32)>());
    assert_eq!(<[Packet; 3]>::LAYOUT.size, 3 * size_of::<Packet>());
}
