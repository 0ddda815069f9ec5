//! `#[derive(Layout)]` on the types users write (generics with bounds and where-clauses, const
//! generics with `N = 0`, lifetimes, raw identifiers, fields named like the derive's internals,
//! ZSTs, every repr, macro- and function-local types, associated-type projections): every
//! field's offset, size and alignment, the type's size, alignment and padding, compared with
//! `offset_of!`, `size_of`, `align_of` and the gaps the offsets leave.
#![allow(dead_code, non_snake_case)]

use std::fmt::Debug;
use std::marker::PhantomData;
use std::mem::{align_of, offset_of, size_of};

use memlayout::{Layout, TypeLayout};

/// Each named field's offset, size and alignment against the compiler's, then the type's size,
/// alignment and padding: the bytes no field covers, counted from the compiler's offsets, plus
/// the padding inside the fields (checked on its own where it is not zero).
macro_rules! check_fields {
    ($t:ty { $($field:tt : $ft:ty),* $(,)? }) => {{
        let layout: &TypeLayout = <$t as Layout>::LAYOUT;
        assert_eq!((layout.size, layout.align), (size_of::<$t>(), align_of::<$t>()), "{}", stringify!($t));
        let expected: Vec<(usize, usize, usize)> =
            vec![$((offset_of!($t, $field), size_of::<$ft>(), align_of::<$ft>())),*];
        let got: Vec<(usize, usize, usize)> =
            layout.fields.iter().map(|f| (f.offset, f.size, f.align)).collect();
        assert_eq!(got, expected, "{}", stringify!($t));
        let inside = 0 $(+ <$ft as Layout>::LAYOUT.padding_bytes)*;
        assert_eq!(layout.padding_bytes, uncovered(size_of::<$t>(), &expected) + inside, "{}", stringify!($t));
    }};
}

/// Bytes of `size` that no `(offset, size, _)` range covers.
fn uncovered(size: usize, fields: &[(usize, usize, usize)]) -> usize {
    (0..size)
        .filter(|&byte| {
            !fields
                .iter()
                .any(|&(at, len, _)| (at..at + len).contains(&byte))
        })
        .count()
}

#[derive(Layout)]
struct Bounded<'a, T: Clone + Debug, const N: usize>
where
    T: Default,
{
    items: [T; N],
    name: &'a str,
    marker: PhantomData<fn() -> T>,
}

#[derive(Layout)]
struct Defaults<T = u8, const N: usize = 4>([T; N], u16);

#[derive(Layout)]
struct ZeroArray<T>([T; 0], u8);

#[derive(Layout)]
struct Raw {
    r#type: u32,
    r#match: String,
    r#fn: u8,
}

/// Field names the expansion could collide with.
#[derive(Layout)]
struct Internals {
    visitor: u8,
    value: String,
    __memlayout: u16,
    __v: u8,
    __b: u32,
    __f: u16,
    LAYOUT: u64,
    IS_LEAF: bool,
    T: u8,
    layout: u16,
}

/// Generic parameter names the expansion could collide with (its `visit` declared `'__a` and
/// `__V`: "lifetime name `'__a` shadows", "the name `__V` is already used").
#[derive(Layout)]
struct InternalParameters<'__a, __V, __B> {
    borrowed: &'__a str,
    visitor: __V,
    values: Vec<__B>,
}

#[derive(Layout)]
struct Tuple(u8, u64, (u16, u8), (), (u8,));

#[derive(Layout)]
#[repr(C, packed(2))]
struct Packed2 {
    a: u8,
    b: u64,
    c: String,
}

#[derive(Layout)]
#[repr(C, align(64))]
struct Aligned64 {
    a: u8,
    b: u16,
}

#[derive(Layout)]
#[repr(transparent)]
struct Transparent<T>(PhantomData<T>, T, ());

#[derive(Layout)]
#[cfg_attr(all(), repr(C))]
struct ReprFromCfgAttr {
    a: u8,
    b: u32,
    #[cfg(any())]
    removed: String,
}

#[derive(Layout)]
#[repr(align(8), C)]
struct AlignThenC(u8, u16);

#[derive(Layout)]
struct Nested2D {
    grid: [[u16; 3]; 5],
    tuple: (u8, (u16, (u32, u64))),
    unit: (),
}

trait Assoc {
    type Item;
}
impl Assoc for u8 {
    type Item = String;
}

#[derive(Layout)]
struct Projection<T: Assoc> {
    a: T::Item,
    b: <T as Assoc>::Item,
    t: T,
}

#[derive(Layout)]
struct SelfBound<I>
where
    Self: Sized,
    I: Iterator<Item = u8>,
{
    iter: I,
    last: Option<I::Item>,
}

#[derive(Layout)]
struct PhantomUnsized<T: ?Sized> {
    marker: PhantomData<T>,
    n: u8,
}

macro_rules! record {
    ($name:ident { $($field:ident : $t:ty),* }) => {
        #[derive(Layout)]
        struct $name { $($field: $t),* }
    };
}
record!(FromMacro {
    id: u32,
    label: String,
    flag: bool
});

mod outer {
    pub mod inner {
        #[derive(memlayout::Layout)]
        pub(crate) struct Visibility {
            pub(super) a: u8,
            pub(in crate::outer) b: u16,
            pub(crate) c: u64,
        }
    }
}

#[test]
fn generic_structs_match_the_compiler_at_several_instantiations() {
    check_fields!(Bounded<'static, u8, 0> { items: [u8; 0], name: &str, marker: PhantomData<fn() -> u8> });
    check_fields!(Bounded<'static, u64, 3> { items: [u64; 3], name: &str, marker: PhantomData<fn() -> u64> });
    check_fields!(Bounded<'static, String, 1> { items: [String; 1], name: &str, marker: PhantomData<fn() -> String> });
    check_fields!(Defaults { 0: [u8; 4], 1: u16 });
    check_fields!(Defaults<u64, 0> { 0: [u64; 0], 1: u16 });
    check_fields!(ZeroArray<String> { 0: [String; 0], 1: u8 });
    check_fields!(ZeroArray<u128> { 0: [u128; 0], 1: u8 });
    check_fields!(Projection<u8> { a: String, b: String, t: u8 });
    check_fields!(SelfBound<std::vec::IntoIter<u8>> { iter: std::vec::IntoIter<u8>, last: Option<u8> });
    check_fields!(PhantomUnsized<str> { marker: PhantomData<str>, n: u8 });
    check_fields!(PhantomUnsized<dyn Debug> { marker: PhantomData<dyn Debug>, n: u8 });
    // A zero-length array of an 8-aligned type still aligns the struct.
    assert_eq!(<ZeroArray<u64>>::LAYOUT.align, 8);
    assert_eq!(<ZeroArray<u64>>::LAYOUT.padding_bytes, 7);
}

#[test]
fn raw_identifiers_and_internal_names_are_plain_fields() {
    check_fields!(Raw {
        r#type: u32,
        r#match: String,
        r#fn: u8
    });
    let names: Vec<_> = Raw::LAYOUT.fields.iter().map(|f| f.name).collect();
    assert_eq!(names, ["type", "match", "fn"]);
    assert_eq!(
        Raw::LAYOUT.field("type").unwrap().offset,
        offset_of!(Raw, r#type)
    );
    check_fields!(Internals {
        visitor: u8,
        value: String,
        __memlayout: u16,
        __v: u8,
        __b: u32,
        __f: u16,
        LAYOUT: u64,
        IS_LEAF: bool,
        T: u8,
        layout: u16,
    });
    check_fields!(InternalParameters<'static, u8, String> {
        borrowed: &'static str,
        visitor: u8,
        values: Vec<String>,
    });
}

#[test]
fn tuple_unit_and_nested_aggregates() {
    check_fields!(Tuple {
        0: u8,
        1: u64,
        2: (u16, u8),
        3: (),
        4: (u8,)
    });
    let spelled: Vec<_> = Tuple::LAYOUT.fields.iter().map(|f| f.type_name).collect();
    assert_eq!(spelled, ["u8", "u64", "(u16, u8)", "()", "(u8,)"]);
    // `(u16, u8)` holds a padding byte of its own, which is not the struct's.
    assert_eq!(Tuple::LAYOUT.field("2").unwrap().size, 4);
    let pair = <(u16, u8)>::LAYOUT;
    assert_eq!(pair.padding_bytes, size_of::<(u16, u8)>() - 3);
    // `[[u16; 3]; 5]` and the nested tuple: the tuple's own gaps, measured.
    type Inner = (u8, (u16, (u32, u64)));
    let innermost = size_of::<(u32, u64)>() - 12;
    let middle = size_of::<(u16, (u32, u64))>() - 2 - size_of::<(u32, u64)>();
    let outer = size_of::<Inner>() - 1 - size_of::<(u16, (u32, u64))>();
    assert_eq!(<Inner>::LAYOUT.padding_bytes, innermost + middle + outer);
    check_fields!(Nested2D {
        grid: [[u16; 3]; 5],
        tuple: (u8, (u16, (u32, u64))),
        unit: ()
    });
    check_fields!(FromMacro {
        id: u32,
        label: String,
        flag: bool
    });
    let visibility = outer::inner::Visibility::LAYOUT;
    let sizes: Vec<_> = visibility.fields.iter().map(|f| (f.name, f.size)).collect();
    assert_eq!(sizes, [("a", 1), ("b", 2), ("c", 8)]);
    assert_eq!(
        visibility.field("c").unwrap().offset,
        offset_of!(outer::inner::Visibility, c)
    );
}

#[test]
fn every_repr_matches_the_compiler() {
    check_fields!(Packed2 {
        a: u8,
        b: u64,
        c: String
    });
    assert_eq!(Packed2::LAYOUT.repr.packed, Some(2));
    check_fields!(Aligned64 { a: u8, b: u16 });
    assert_eq!(Aligned64::LAYOUT.align, 64);
    check_fields!(Transparent<u32> { 0: PhantomData<u32>, 1: u32, 2: () });
    check_fields!(Transparent<String> { 0: PhantomData<String>, 1: String, 2: () });
    assert!(<Transparent<u32>>::LAYOUT.repr.transparent);
    check_fields!(ReprFromCfgAttr { a: u8, b: u32 });
    assert!(ReprFromCfgAttr::LAYOUT.repr.c);
    assert_eq!(ReprFromCfgAttr::LAYOUT.fields.len(), 2);
    check_fields!(AlignThenC { 0: u8, 1: u16 });
    assert_eq!(
        (AlignThenC::LAYOUT.repr.c, AlignThenC::LAYOUT.repr.align),
        (true, Some(8))
    );
}

#[test]
fn types_derived_inside_functions() {
    #[derive(Layout)]
    struct Local<T>(T, u8);
    check_fields!(Local<u32> { 0: u32, 1: u8 });
    check_fields!(Local<()> { 0: (), 1: u8 });
}
