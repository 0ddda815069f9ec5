//! `#[derive(Layout)]`'s field attributes: `opaque` and `with` fields, and opaque fields of types
//! without drop glue as leaves.
#![allow(dead_code)]

#[path = "common/derive_checks.rs"]
mod derive_checks;

use std::mem::{align_of, offset_of, size_of};

use derive_checks::{calls, check_struct_like, foreign_heap, is_leaf, Foreign};
use memlayout::{Layout, Storage};

// ---- field attributes ----

#[derive(Layout)]
struct Attributed {
    id: u32,
    #[layout(opaque)]
    raw: Foreign,
    #[layout(with = foreign_heap)]
    measured: Foreign,
}

#[test]
fn opaque_and_with_fields() {
    let l = Attributed::LAYOUT;
    check_struct_like::<Attributed>(l);
    for f in &l.fields[1..] {
        assert_eq!(f.storage, Storage::Opaque);
        assert_eq!(
            (f.size, f.align),
            (size_of::<Foreign>(), align_of::<Foreign>())
        );
        assert_eq!((f.layout)().storage, Storage::Opaque);
        assert_eq!(f.type_name, "Foreign");
    }
    assert_eq!(l.fields[1].offset, offset_of!(Attributed, raw));
    let value = Attributed {
        id: 1,
        raw: Foreign {
            fd: 3,
            buffer: Vec::with_capacity(100),
        },
        measured: Foreign {
            fd: 4,
            buffer: Vec::with_capacity(11),
        },
    };
    assert_eq!(
        calls(&value),
        ["field 0 id", "field 1 raw", "measured 2 measured 11"]
    );
    assert_eq!(
        memlayout::heap_bytes(&value),
        value.measured.buffer.capacity()
    );
}

#[derive(Layout)]
struct OnlyOpaque {
    #[layout(opaque)]
    a: Foreign,
    b: u64,
}

/// A foreign type without drop glue: it owns no heap.
#[derive(Clone, Copy)]
struct ForeignPlain {
    _fd: i32,
}

#[derive(Layout)]
struct OnlyPlainOpaque {
    #[layout(opaque)]
    a: ForeignPlain,
    b: u64,
}

#[test]
fn opaque_fields_are_leaves_when_their_type_has_no_drop_glue() {
    assert!(is_leaf::<OnlyPlainOpaque>());
    // `Foreign` holds a `Vec`: what it owns must be reported unknown, so it is visited.
    assert!(!is_leaf::<OnlyOpaque>());
}
