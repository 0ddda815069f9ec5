//! `#[derive(Layout)]` under every repr (`C`, `transparent`, `align`, `packed`): the repr is
//! recorded and the layout measured by the compiler; packed fields are copied, never borrowed
//! (run under Miri: no unaligned reference may be created).
#![allow(dead_code)]

#[path = "common/derive_checks.rs"]
mod derive_checks;

use std::mem::{offset_of, size_of};

use derive_checks::{calls, check_struct_like, foreign_heap, Foreign};
use memlayout::layout::Repr;
use memlayout::Layout;

// ---- reprs ----

#[derive(Layout)]
#[repr(C)]
struct CLayout {
    a: u8,
    b: u32,
    c: u8,
}

#[derive(Layout)]
#[repr(transparent)]
struct Meters(f64);

#[derive(Layout)]
#[repr(align(16))]
struct Aligned {
    a: u8,
}

#[derive(Layout)]
#[repr(C, align(8))]
struct CAligned {
    a: u8,
    b: u16,
}

#[derive(Layout)]
#[repr(C, packed(2))]
struct CPacked2 {
    a: u8,
    b: u64,
}

#[test]
fn every_repr_is_recorded_and_measured() {
    check_struct_like::<CLayout>(CLayout::LAYOUT);
    assert_eq!(
        CLayout::LAYOUT.repr,
        Repr {
            c: true,
            ..Repr::RUST
        }
    );
    let order: Vec<_> = CLayout::LAYOUT
        .fields_in_memory_order()
        .map(|f| f.name)
        .collect();
    assert_eq!(order, ["a", "b", "c"]);
    check_struct_like::<Meters>(Meters::LAYOUT);
    assert_eq!(
        Meters::LAYOUT.repr,
        Repr {
            transparent: true,
            ..Repr::RUST
        }
    );
    check_struct_like::<Aligned>(Aligned::LAYOUT);
    assert_eq!(
        Aligned::LAYOUT.repr,
        Repr {
            align: Some(16),
            ..Repr::RUST
        }
    );
    assert_eq!(Aligned::LAYOUT.align, 16);
    check_struct_like::<CAligned>(CAligned::LAYOUT);
    assert_eq!(
        CAligned::LAYOUT.repr,
        Repr {
            c: true,
            align: Some(8),
            ..Repr::RUST
        }
    );
    check_struct_like::<CPacked2>(CPacked2::LAYOUT);
    assert_eq!(
        CPacked2::LAYOUT.repr,
        Repr {
            c: true,
            packed: Some(2),
            ..Repr::RUST
        }
    );
    assert_eq!(CPacked2::LAYOUT.fields[1].offset, offset_of!(CPacked2, b));
}

// ---- packed (run under Miri: no unaligned reference may be created) ----

#[derive(Layout)]
#[repr(packed)]
#[allow(clippy::repr_packed_without_abi)]
struct Packed {
    tag: u8,
    data: Vec<u32>,
    count: u64,
    name: String,
}

#[derive(Layout)]
#[repr(C, packed)]
struct PackedGeneric<T> {
    tag: u8,
    value: T,
    #[layout(with = foreign_heap)]
    foreign: Foreign,
    #[layout(opaque)]
    raw: Foreign,
}

#[test]
fn packed_fields_are_copied_never_borrowed() {
    let l = Packed::LAYOUT;
    check_struct_like::<Packed>(l);
    assert_eq!(l.repr.packed, Some(1));
    assert_eq!(l.align, 1);
    assert_eq!(l.fields[1].offset, offset_of!(Packed, data));
    let (data, name) = (Vec::<u32>::with_capacity(5), String::from("abc"));
    let (data_capacity, name_capacity) = (data.capacity(), name.capacity());
    let value = Packed {
        tag: 1,
        data,
        count: 9,
        name,
    };
    // Every field is handed over as a copy, leaves (`tag`, `count`) included: a report shows
    // their rows as for any struct.
    assert_eq!(
        calls(&value),
        [
            "packed_field 0 tag",
            "packed_field 1 data",
            "packed_field 2 count",
            "packed_field 3 name"
        ]
    );
    assert_eq!(
        memlayout::heap_bytes(&value),
        data_capacity * size_of::<u32>() + name_capacity
    );
}

#[test]
fn packed_generic_struct_with_attributed_fields() {
    let value = PackedGeneric {
        tag: 1,
        value: Box::new(7u16),
        foreign: Foreign {
            fd: 1,
            buffer: Vec::with_capacity(4),
        },
        raw: Foreign {
            fd: 2,
            buffer: Vec::new(),
        },
    };
    assert_eq!(
        calls(&value),
        [
            "packed_field 0 tag",
            "packed_field 1 value",
            "measured 2 foreign 4",
            "packed_field 3 raw"
        ]
    );
    assert_eq!(memlayout::heap_bytes(&value), size_of::<u16>() + 4);
    let leaf = PackedGeneric {
        tag: 1,
        value: 2u64,
        foreign: Foreign {
            fd: 1,
            buffer: Vec::new(),
        },
        raw: Foreign {
            fd: 2,
            buffer: Vec::new(),
        },
    };
    assert_eq!(
        calls(&leaf),
        [
            "packed_field 0 tag",
            "packed_field 1 value",
            "measured 2 foreign 0",
            "packed_field 3 raw"
        ]
    );
    check_struct_like::<PackedGeneric<u64>>(<PackedGeneric<u64>>::LAYOUT);
}
