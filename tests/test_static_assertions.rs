//! `memlayout::assert_layout!` against `static_assertions`, the crate many projects already use
//! for compile-time size checks: on the same types and the same budgets, both must agree.
//!
//! Passing verdicts are checked here, at compile time: `both!` hands one budget to both crates,
//! so this file builds only if each accepts what the other accepts. Failing verdicts are pinned
//! in `tests/ui/static-assertions-*.rs`: the same types and budgets as `tests/ui/budget-*.rs`,
//! where `assert_layout!` fails, make `static_assertions` fail too.
//!
//! The two differ on padding, which rustc does not report and `static_assertions` cannot see:
//! its usual idiom, "the fields' sizes add up to the struct's", misses padding inside a field.
//! The tests below measure that with `offset_of!`. Budgets on default-repr types are bounds that
//! hold whatever order the compiler picks (the suite also runs with `-Zrandomize-layout`).

use std::mem::{align_of, offset_of, size_of};
use std::num::NonZeroU32;

use memlayout::Layout;
use static_assertions::{assert_eq_size, const_assert, const_assert_eq};

/// One budget, checked by both crates.
///
/// `static_assertions` has no budget keys; each key maps to its idiom: an exact size to
/// `assert_eq_size!` against a byte array, bounds and alignments to `const_assert!`, a niche to
/// `assert_eq_size!(T, Option<T>)`.
macro_rules! both {
    ($ty:ty, size = $n:expr) => {
        memlayout::assert_layout!($ty, size = $n);
        assert_eq_size!($ty, [u8; $n]);
    };
    ($ty:ty, max_size = $n:expr) => {
        memlayout::assert_layout!($ty, max_size = $n);
        const_assert!(size_of::<$ty>() <= $n);
    };
    ($ty:ty, align = $n:expr) => {
        memlayout::assert_layout!($ty, align = $n);
        const_assert_eq!(align_of::<$ty>(), $n);
    };
    ($ty:ty, max_align = $n:expr) => {
        memlayout::assert_layout!($ty, max_align = $n);
        const_assert!(align_of::<$ty>() <= $n);
    };
    ($ty:ty, niche) => {
        memlayout::assert_layout!($ty, niche);
        assert_eq_size!($ty, Option<$ty>);
    };
}

/// `repr(C)`: fields in declaration order, each at the next multiple of its alignment.
#[derive(Layout)]
#[repr(C)]
struct Header {
    magic: u32,
    len: u16,
}

#[derive(Layout)]
#[repr(C)]
struct Packet {
    id: u64,
    payload: [u8; 32],
}

#[derive(Layout)]
#[repr(C, align(16))]
struct Line([u8; 16]);

#[derive(Layout)]
#[repr(C, align(64))]
struct CacheLine([u8; 64]);

/// `NonZeroU32` leaves 0 free for `None`.
#[derive(Layout)]
#[repr(transparent)]
struct Handle(NonZeroU32);

#[derive(Layout)]
#[repr(C)]
struct Wrapper<T>(T, u8);

/// Default repr: the compiler may order the fields as it likes.
#[derive(Layout)]
struct Student {
    name: String,
    age: u8,
}

#[derive(Layout)]
#[repr(C)]
struct Pair {
    tag: u32,
    len: u32,
}

/// One padding byte between `tag` and `value`.
#[derive(Layout)]
#[repr(C)]
struct Inner {
    tag: u8,
    value: u16,
}

/// No gap between its own fields, but `inner` carries one.
#[derive(Layout)]
#[repr(C)]
struct Outer {
    inner: Inner,
    flags: [u8; 2],
}

// The types of the failing cases in tests/ui/budget-*.rs, at their real figures.
both!(Header, size = 8);
both!(Header, align = 4);
both!(Packet, size = 40);
both!(Packet, max_size = 40);
both!(Packet, max_size = 64);
both!(Line, align = 16);
both!(Line, size = 16);
both!(CacheLine, max_align = 64);
both!(CacheLine, size = 64);

// Niches the standard library documents: `Option` of these is no bigger.
both!(Handle, niche);
both!(Handle, size = 4);
both!(Box<u8>, niche);
both!(&u8, niche);
both!(fn(), niche);
both!(Option<Box<Packet>>, size = size_of::<usize>());

// Generic types, at an instantiation.
both!(Wrapper<u64>, size = 16);
both!(Wrapper<u64>, align = 8);
both!(Wrapper<u8>, size = 2);
both!(Wrapper<u8>, max_align = 1);

// Zero-sized types.
both!((), size = 0);
both!((), align = 1);
both!([u64; 0], size = 0);
both!([u64; 0], align = 8);

// A default-repr type: a bound that holds in any field order (`age` fits in the padding the
// `String`'s alignment leaves, wherever it goes).
both!(
    Student,
    max_size = size_of::<String>() + align_of::<String>()
);
both!(Student, max_align = align_of::<String>());
both!(std::collections::HashMap<u32, String>, max_size = 48);

// No padding: memlayout's `no_padding` and the idiom agree on a flat struct.
memlayout::assert_layout!(Pair, no_padding);
const_assert_eq!(size_of::<Pair>(), size_of::<u32>() + size_of::<u32>());

// The idiom holds for `Outer`: its own fields leave no gap ...
const_assert_eq!(
    size_of::<Outer>(),
    size_of::<Inner>() + size_of::<[u8; 2]>()
);
// ... while memlayout counts the byte inside `inner` (`assert_layout!(Outer, no_padding)` fails).
memlayout::assert_layout!(Outer, max_padding = 1);

/// The padding `static_assertions` cannot see, measured with `offset_of!`: the gap inside
/// `Inner` is in `Outer` too, and memlayout's padding figures (which `no_padding` and
/// `max_padding` check) count it in both.
#[test]
fn padding_inside_a_field_counts_for_memlayout_not_for_the_sum_of_field_sizes() {
    let inner_gap = offset_of!(Inner, value) - (offset_of!(Inner, tag) + size_of::<u8>());
    assert_eq!(inner_gap, 1, "repr(C) puts the u16 at the next even offset");
    assert_eq!(Inner::LAYOUT.padding_bytes, inner_gap);

    let outer_own_gaps = size_of::<Outer>() - (size_of::<Inner>() + size_of::<[u8; 2]>());
    assert_eq!(outer_own_gaps, 0, "the idiom's verdict: no padding");
    assert_eq!(Outer::LAYOUT.padding_bytes, outer_own_gaps + inner_gap);
}

/// The figures `both!` budgets are the figures memlayout reports at run time, from `T::LAYOUT`.
#[test]
fn budgets_checked_at_compile_time_match_the_static_layout() {
    assert_eq!(Header::LAYOUT.size, size_of::<Header>());
    assert_eq!(Header::LAYOUT.align, align_of::<Header>());
    assert_eq!(Packet::LAYOUT.size, size_of::<Packet>());
    assert_eq!(Line::LAYOUT.align, align_of::<Line>());
    assert_eq!(CacheLine::LAYOUT.align, align_of::<CacheLine>());
    assert_eq!(<Wrapper<u64>>::LAYOUT.size, size_of::<Wrapper<u64>>());
    assert_eq!(<Wrapper<u8>>::LAYOUT.align, align_of::<Wrapper<u8>>());
    assert_eq!(Student::LAYOUT.size, size_of::<Student>());
    assert_eq!(Handle::LAYOUT.size, size_of::<Option<Handle>>());
    assert_eq!(Pair::LAYOUT.padding_bytes, 0);
    assert_eq!(
        Student::LAYOUT.padding_bytes,
        size_of::<Student>() - size_of::<String>() - size_of::<u8>()
    );
}
