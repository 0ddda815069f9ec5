//! A corpus of varied derived types, every static figure checked against the compiler.
//!
//! For each type (generic ones at several instantiations) the macros below compare the derived
//! `TypeLayout` with `size_of`, `align_of`, `needs_drop` and `offset_of!` for every field, and
//! recompute from those figures alone what the layout derives: memory order (sorted by offset),
//! the padding gaps between and after fields, and the total padding (own gaps plus the padding
//! inside each field). Nothing here is a hand-typed size, so the corpus also passes under
//! `RUSTFLAGS=-Zrandomize-layout`.
#![allow(dead_code, clippy::repr_packed_without_abi)]

use std::any::type_name;
use std::mem::{align_of, needs_drop, offset_of, size_of};

use memlayout::layout::Field;
use memlayout::{Kind, Layout, Storage, TypeLayout};

/// One field as the compiler sees it.
struct Expected {
    name: &'static str,
    offset: usize,
    size: usize,
    align: usize,
}

/// The whole type as the compiler sees it.
struct ExpectedType {
    name: &'static str,
    type_name: &'static str,
    kind: Kind,
    size: usize,
    align: usize,
    needs_drop: bool,
}

/// Padding inside a field's own bytes, as its layout reports it (an opaque field's is unknown:
/// 0). The field's type is itself in the corpus when it is derived, so this figure is checked
/// there.
fn inner_padding(field: &Field) -> usize {
    let layout = (field.layout)();
    if field.storage == Storage::Opaque && layout.name == "Opaque<T>" {
        0
    } else {
        layout.padding_bytes
    }
}

fn check_type(layout: &TypeLayout, expected: &ExpectedType) {
    let what = expected.type_name;
    assert_eq!(layout.name, expected.name, "{what}: name");
    assert_eq!(
        (layout.type_name)(),
        expected.type_name,
        "{what}: type_name"
    );
    assert_eq!(layout.kind, expected.kind, "{what}: kind");
    assert_eq!(layout.size, expected.size, "{what}: size");
    assert_eq!(layout.align, expected.align, "{what}: align");
    assert_eq!(layout.needs_drop, expected.needs_drop, "{what}: needs_drop");
    assert!(layout.is_sized, "{what}: is_sized");
}

/// Checks a struct's or union's fields, memory order and padding.
fn check_fields(layout: &TypeLayout, expected: &ExpectedType, fields: &[Expected]) {
    check_type(layout, expected);
    let what = expected.type_name;
    assert_eq!(layout.fields.len(), fields.len(), "{what}: field count");
    for (got, want) in layout.fields.iter().zip(fields) {
        assert_eq!(got.name, want.name, "{what}: field name");
        let field = want.name;
        assert_eq!(got.offset, want.offset, "{what}.{field}: offset");
        assert_eq!(got.size, want.size, "{what}.{field}: size");
        assert_eq!(got.align, want.align, "{what}.{field}: align");
        assert_eq!(
            (got.layout)().size,
            want.size,
            "{what}.{field}: layout size"
        );
        assert_eq!(
            (got.layout)().align,
            want.align,
            "{what}.{field}: layout align"
        );
    }
    assert!(layout.variants.is_empty(), "{what}: variants");

    // Memory order: a permutation of the fields, sorted by offset, ties in declaration order.
    let order: Vec<usize> = layout
        .memory_order
        .iter()
        .map(|&i| usize::from(i))
        .collect();
    let mut expected_order: Vec<usize> = (0..fields.len()).collect();
    expected_order.sort_by_key(|&i| fields[i].offset);
    assert_eq!(order, expected_order, "{what}: memory order");

    let inner: usize = layout.fields.iter().map(inner_padding).sum();
    if layout.kind == Kind::Union {
        assert!(
            fields.iter().all(|f| f.offset == 0),
            "{what}: union offsets"
        );
        let largest = fields.iter().map(|f| f.size).max().unwrap_or(0);
        assert_eq!(
            layout.padding_bytes,
            expected.size - largest,
            "{what}: union padding"
        );
        assert_eq!(layout.storage, Storage::Opaque, "{what}: union storage");
        return;
    }
    // Gaps between fields and after the last one, from the compiler's offsets and sizes.
    let mut end = 0;
    let mut gaps = 0;
    for &i in &expected_order {
        let f = &fields[i];
        if f.size == 0 {
            continue;
        }
        assert!(
            f.offset >= end,
            "{what}.{}: overlaps the previous field",
            f.name
        );
        gaps += f.offset - end;
        end = f.offset + f.size;
    }
    assert!(end <= expected.size, "{what}: fields end past the size");
    gaps += expected.size - end;
    assert_eq!(layout.padding_bytes, gaps + inner, "{what}: padding bytes");
    // Storage: inline exactly when every field is inline.
    let all_inline = layout.fields.iter().all(|f| f.storage == Storage::Inline);
    assert_eq!(
        layout.storage == Storage::Inline,
        all_inline,
        "{what}: storage"
    );
}

/// One variant as the compiler sees it: name, and each field's (name, size, align).
struct ExpectedVariant {
    name: &'static str,
    fields: Vec<(&'static str, usize, usize)>,
}

fn check_variants(layout: &TypeLayout, expected: &ExpectedType, variants: &[ExpectedVariant]) {
    check_type(layout, expected);
    let what = expected.type_name;
    assert!(
        layout.fields.is_empty() && layout.memory_order.is_empty(),
        "{what}: enum fields"
    );
    assert_eq!(layout.padding_bytes, 0, "{what}: enum padding");
    assert_eq!(
        layout.variants.len(),
        variants.len(),
        "{what}: variant count"
    );
    for (got, want) in layout.variants.iter().zip(variants) {
        assert_eq!(got.name, want.name, "{what}: variant name");
        let fields: Vec<_> = got
            .fields
            .iter()
            .map(|f| (f.name, f.size, f.align))
            .collect();
        assert_eq!(fields, want.fields, "{what}::{}: fields", want.name);
        let payload: usize = want.fields.iter().map(|f| f.1).sum();
        assert_eq!(got.payload_size, payload, "{what}::{}: payload", want.name);
        for f in got.fields {
            assert_eq!(
                (f.layout)().size,
                f.size,
                "{what}::{}.{}: layout size",
                want.name,
                f.name
            );
        }
    }
    // Every variant's payload fits in the enum.
    assert!(variants
        .iter()
        .all(|v| v.fields.iter().map(|f| f.1).sum::<usize>() <= expected.size));
}

fn expected_type<T>(name: &'static str, kind: Kind) -> ExpectedType {
    ExpectedType {
        name,
        type_name: type_name::<T>(),
        kind,
        size: size_of::<T>(),
        align: align_of::<T>(),
        needs_drop: needs_drop::<T>(),
    }
}

/// `check_struct!(Type as "Name", Kind { field: FieldType, ... })`, for structs and unions.
macro_rules! check_struct {
    ($t:ty as $name:literal, $kind:ident { $($f:tt : $ft:ty),* $(,)? }) => {{
        let fields = [$(Expected {
            name: stringify!($f),
            offset: offset_of!($t, $f),
            size: size_of::<$ft>(),
            align: align_of::<$ft>(),
        }),*];
        check_fields(<$t as Layout>::LAYOUT, &expected_type::<$t>($name, Kind::$kind), &fields);
    }};
}

/// `check_enum!(Type as "Name" { Variant { field: FieldType, ... }, ... })`.
macro_rules! check_enum {
    ($t:ty as $name:literal { $($v:ident { $($f:tt : $ft:ty),* $(,)? }),* $(,)? }) => {{
        let variants = [$(ExpectedVariant {
            name: stringify!($v),
            fields: vec![$((stringify!($f), size_of::<$ft>(), align_of::<$ft>())),*],
        }),*];
        check_variants(<$t as Layout>::LAYOUT, &expected_type::<$t>($name, Kind::Enum), &variants);
    }};
}

// ---- the corpus ----

#[derive(Layout)]
struct Empty {}

#[derive(Layout)]
struct Unit;

#[derive(Layout)]
struct ZeroSized {
    a: (),
    b: Unit,
    c: Empty,
}

#[derive(Layout)]
struct Classic {
    a: u8,
    b: u16,
    c: u8,
}

#[derive(Layout)]
#[repr(C)]
struct ClassicC {
    a: u8,
    b: u16,
    c: u8,
}

#[derive(Layout)]
#[repr(C)]
struct Wasteful {
    a: u8,
    b: u64,
    c: u8,
    d: u32,
    e: u16,
}

#[derive(Layout)]
struct Scalars {
    a: u8,
    b: i8,
    c: u16,
    d: i16,
    e: u32,
    f: i32,
    g: u64,
    h: i64,
    i: u128,
    j: i128,
    k: usize,
    l: isize,
    m: f32,
    n: f64,
    o: bool,
    p: char,
}

#[derive(Layout)]
#[repr(packed)]
struct Packed1 {
    a: u8,
    b: u64,
    c: u16,
}

#[derive(Layout)]
#[repr(packed(2))]
struct Packed2 {
    a: u8,
    b: u64,
    c: u32,
}

#[derive(Layout)]
#[repr(C, packed(4))]
struct PackedC4 {
    a: u8,
    b: u64,
    c: u16,
}

#[derive(Layout)]
#[repr(C, packed)]
struct PackedOwner {
    tag: u8,
    data: Vec<u64>,
    name: String,
}

#[derive(Layout)]
#[repr(align(32))]
struct Align32 {
    a: u8,
    b: u16,
}

#[derive(Layout)]
#[repr(C, align(16))]
struct CAlign16 {
    a: u32,
    b: u8,
}

#[derive(Layout)]
#[repr(align(8))]
struct AlignedTuple(u8, u16);

#[derive(Layout)]
#[repr(transparent)]
struct Transparent(u64);

#[derive(Layout)]
#[repr(transparent)]
struct TransparentZst {
    value: u32,
    marker: (),
}

#[derive(Layout)]
struct Tuple3(u8, u32, u16);

#[derive(Layout)]
struct ZstTuple((), Unit);

#[derive(Layout)]
struct Nested {
    inner: Classic,
    flag: bool,
    c: ClassicC,
}

#[derive(Layout)]
#[repr(C)]
struct NestedC {
    head: u8,
    body: Wasteful,
    tail: u8,
}

#[derive(Layout)]
struct Owner {
    bytes: Vec<u8>,
    name: String,
    boxed: Box<u64>,
    maybe: Option<Box<Classic>>,
    small: u8,
}

#[derive(Layout)]
struct Node {
    next: Option<Box<Node>>,
    children: Vec<Node>,
    value: u32,
}

#[derive(Layout)]
struct Wrapper<T> {
    tag: u8,
    value: T,
}

#[derive(Layout)]
#[repr(C)]
struct PairC<A, B> {
    a: A,
    b: B,
}

#[derive(Layout)]
struct Bounded<T: Clone>
where
    T: Default,
{
    items: Vec<T>,
    first: Option<T>,
}

#[derive(Layout)]
struct Lengths<const N: usize, T> {
    len: u8,
    value: T,
    #[layout(opaque)]
    buf: [u16; N],
}

#[derive(Layout)]
struct Borrowed<'a> {
    id: u32,
    #[layout(opaque)]
    text: &'a str,
}

#[derive(Layout)]
#[repr(C, packed)]
struct PackedGeneric<T> {
    a: u8,
    b: T,
}

/// A foreign type: no `Layout`.
struct Foreign {
    a: u64,
    b: u8,
}

#[derive(Layout)]
struct WithForeign {
    id: u16,
    #[layout(opaque)]
    foreign: Foreign,
}

#[derive(Layout)]
struct HoldsEnum {
    shape: Shape,
    id: u8,
    tagged: Option<Tagged>,
}

#[derive(Layout)]
struct HoldsUnion {
    flag: u8,
    bits: Bits,
}

#[derive(Layout)]
enum UnitOnly {
    A,
    B,
    C,
}

#[derive(Layout)]
#[repr(u8)]
enum ReprU8 {
    A = 1,
    B = 200,
}

#[derive(Layout)]
#[repr(i32)]
enum ReprI32 {
    Neg = -5,
    Pos = 5,
}

#[derive(Layout)]
#[repr(u64)]
enum ReprU64Payload {
    A(u8),
    B { x: u16 },
}

#[derive(Layout)]
#[repr(C)]
enum ReprC {
    A(u8),
    B(u32, u8),
}

#[derive(Layout)]
#[repr(C, u8)]
enum ReprCU8 {
    A { a: u8, b: u64 },
    B,
}

#[derive(Layout)]
enum Shape {
    Empty,
    Circle(u32),
    Rect { w: u16, h: u64 },
}

#[derive(Layout)]
enum Tagged {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

#[derive(Layout)]
enum NicheBox {
    Nothing,
    Boxed(Box<u32>),
}

#[derive(Layout)]
enum NicheBool {
    A(bool),
    B,
}

#[derive(Layout)]
enum NoNiche {
    A(u32),
    B(u32),
}

#[derive(Layout)]
enum Either<L, R> {
    Left(L),
    Right(R),
}

#[derive(Layout)]
enum Never {}

#[derive(Layout)]
enum Zsts {
    A(()),
    B(Unit),
}

#[derive(Layout)]
enum Large {
    Small(u8),
    Big { a: u128, b: u128, c: u64 },
}

#[derive(Layout)]
#[repr(C)]
union Bits {
    int: u32,
    float: f32,
    byte: u8,
}

#[derive(Layout)]
union RustUnion {
    a: u64,
    b: u16,
}

#[derive(Layout)]
union GenericUnion<T: Copy> {
    value: T,
    raw: u8,
}

#[derive(Layout)]
#[repr(C, align(16))]
union AlignedUnion {
    a: u32,
    b: u8,
}

#[derive(Layout)]
struct StdMix<'a> {
    bytes: [u8; 3],
    pair: (u8, u64),
    triple: (u16, (), char),
    text: &'a str,
    slice: &'a [u32],
    shared: std::rc::Rc<String>,
    atomic: std::sync::Arc<u64>,
    cell: std::cell::Cell<u32>,
    map: std::collections::HashMap<String, u32>,
    marker: std::marker::PhantomData<&'a ()>,
}

#[derive(Layout)]
struct Arrays {
    small: [u8; 5],
    wide: [u64; 2],
    nested: [Classic; 3],
    empty: [u32; 0],
}

#[derive(Layout)]
#[repr(C)]
struct Matrix<T, const N: usize> {
    rows: [[T; N]; N],
    tag: u8,
}

#[derive(Layout)]
enum Refs<'a> {
    None,
    Borrowed(&'a str),
    Owned(String),
}

#[test]
fn corpus_std_fields() {
    check_struct!(StdMix<'static> as "StdMix<'a>", Struct {
        bytes: [u8; 3], pair: (u8, u64), triple: (u16, (), char), text: &'static str,
        slice: &'static [u32], shared: std::rc::Rc<String>, atomic: std::sync::Arc<u64>,
        cell: std::cell::Cell<u32>, map: std::collections::HashMap<String, u32>,
        marker: std::marker::PhantomData<&'static ()>,
    });
    check_struct!(Arrays as "Arrays", Struct { small: [u8; 5], wide: [u64; 2], nested: [Classic; 3], empty: [u32; 0] });
    check_struct!(Matrix<u8, 3> as "Matrix<T, N>", Struct { rows: [[u8; 3]; 3], tag: u8 });
    check_struct!(Matrix<u32, 2> as "Matrix<T, N>", Struct { rows: [[u32; 2]; 2], tag: u8 });
    check_struct!(Matrix<Classic, 1> as "Matrix<T, N>", Struct { rows: [[Classic; 1]; 1], tag: u8 });
    check_enum!(Refs<'static> as "Refs<'a>" { None {}, Borrowed { 0: &'static str }, Owned { 0: String } });
    check_struct!(Wrapper<(u8, u32)> as "Wrapper<T>", Struct { tag: u8, value: (u8, u32) });
    check_struct!(Wrapper<[Wasteful; 2]> as "Wrapper<T>", Struct { tag: u8, value: [Wasteful; 2] });
    check_struct!(Wrapper<Option<&'static u8>> as "Wrapper<T>", Struct { tag: u8, value: Option<&'static u8> });
}

#[test]
fn corpus_structs() {
    check_struct!(Empty as "Empty", Struct {});
    check_struct!(Unit as "Unit", UnitStruct {});
    check_struct!(ZeroSized as "ZeroSized", Struct { a: (), b: Unit, c: Empty });
    check_struct!(Classic as "Classic", Struct { a: u8, b: u16, c: u8 });
    check_struct!(ClassicC as "ClassicC", Struct { a: u8, b: u16, c: u8 });
    check_struct!(Wasteful as "Wasteful", Struct { a: u8, b: u64, c: u8, d: u32, e: u16 });
    check_struct!(Scalars as "Scalars", Struct {
        a: u8, b: i8, c: u16, d: i16, e: u32, f: i32, g: u64, h: i64,
        i: u128, j: i128, k: usize, l: isize, m: f32, n: f64, o: bool, p: char,
    });
    check_struct!(Tuple3 as "Tuple3", TupleStruct { 0: u8, 1: u32, 2: u16 });
    check_struct!(ZstTuple as "ZstTuple", TupleStruct { 0: (), 1: Unit });
    check_struct!(Nested as "Nested", Struct { inner: Classic, flag: bool, c: ClassicC });
    check_struct!(NestedC as "NestedC", Struct { head: u8, body: Wasteful, tail: u8 });
    check_struct!(Owner as "Owner", Struct {
        bytes: Vec<u8>, name: String, boxed: Box<u64>, maybe: Option<Box<Classic>>, small: u8,
    });
    check_struct!(Node as "Node", Struct { next: Option<Box<Node>>, children: Vec<Node>, value: u32 });
    check_struct!(WithForeign as "WithForeign", Struct { id: u16, foreign: Foreign });
    check_struct!(Borrowed<'static> as "Borrowed<'a>", Struct { id: u32, text: &'static str });
    check_struct!(HoldsEnum as "HoldsEnum", Struct { shape: Shape, id: u8, tagged: Option<Tagged> });
    check_struct!(HoldsUnion as "HoldsUnion", Struct { flag: u8, bits: Bits });
}

#[test]
fn corpus_reprs() {
    check_struct!(Packed1 as "Packed1", Struct { a: u8, b: u64, c: u16 });
    check_struct!(Packed2 as "Packed2", Struct { a: u8, b: u64, c: u32 });
    check_struct!(PackedC4 as "PackedC4", Struct { a: u8, b: u64, c: u16 });
    check_struct!(PackedOwner as "PackedOwner", Struct { tag: u8, data: Vec<u64>, name: String });
    check_struct!(Align32 as "Align32", Struct { a: u8, b: u16 });
    check_struct!(CAlign16 as "CAlign16", Struct { a: u32, b: u8 });
    check_struct!(AlignedTuple as "AlignedTuple", TupleStruct { 0: u8, 1: u16 });
    check_struct!(Transparent as "Transparent", TupleStruct { 0: u64 });
    check_struct!(TransparentZst as "TransparentZst", Struct { value: u32, marker: () });
    assert_eq!(Packed2::LAYOUT.repr.packed, Some(2));
    assert_eq!(PackedC4::LAYOUT.repr.packed, Some(4));
    assert!(PackedC4::LAYOUT.repr.c);
    assert_eq!(Align32::LAYOUT.repr.align, Some(32));
    assert!(Transparent::LAYOUT.repr.transparent);
    assert!(Classic::LAYOUT.repr.is_default());
}

#[test]
fn corpus_generics_at_several_instantiations() {
    check_struct!(Wrapper<u8> as "Wrapper<T>", Struct { tag: u8, value: u8 });
    check_struct!(Wrapper<u64> as "Wrapper<T>", Struct { tag: u8, value: u64 });
    check_struct!(Wrapper<u128> as "Wrapper<T>", Struct { tag: u8, value: u128 });
    check_struct!(Wrapper<String> as "Wrapper<T>", Struct { tag: u8, value: String });
    check_struct!(Wrapper<Classic> as "Wrapper<T>", Struct { tag: u8, value: Classic });
    check_struct!(Wrapper<Wrapper<u32>> as "Wrapper<T>", Struct { tag: u8, value: Wrapper<u32> });
    check_struct!(Wrapper<()> as "Wrapper<T>", Struct { tag: u8, value: () });
    check_struct!(PairC<u8, u64> as "PairC<A, B>", Struct { a: u8, b: u64 });
    check_struct!(PairC<u64, u8> as "PairC<A, B>", Struct { a: u64, b: u8 });
    check_struct!(PairC<String, Option<Box<u8>>> as "PairC<A, B>", Struct { a: String, b: Option<Box<u8>> });
    check_struct!(Bounded<u16> as "Bounded<T>", Struct { items: Vec<u16>, first: Option<u16> });
    check_struct!(Bounded<String> as "Bounded<T>", Struct { items: Vec<String>, first: Option<String> });
    check_struct!(Lengths<0, u8> as "Lengths<N, T>", Struct { len: u8, value: u8, buf: [u16; 0] });
    check_struct!(Lengths<3, u64> as "Lengths<N, T>", Struct { len: u8, value: u64, buf: [u16; 3] });
    check_struct!(Lengths<9, Classic> as "Lengths<N, T>", Struct { len: u8, value: Classic, buf: [u16; 9] });
    check_struct!(PackedGeneric<u32> as "PackedGeneric<T>", Struct { a: u8, b: u32 });
    check_struct!(PackedGeneric<Vec<u8>> as "PackedGeneric<T>", Struct { a: u8, b: Vec<u8> });
    check_enum!(Either<u8, u64> as "Either<L, R>" { Left { 0: u8 }, Right { 0: u64 } });
    check_enum!(Either<String, Box<u8>> as "Either<L, R>" { Left { 0: String }, Right { 0: Box<u8> } });
    check_enum!(Either<(), Classic> as "Either<L, R>" { Left { 0: () }, Right { 0: Classic } });
    check_struct!(GenericUnion<u64> as "GenericUnion<T>", Union { value: u64, raw: u8 });
    check_struct!(GenericUnion<u8> as "GenericUnion<T>", Union { value: u8, raw: u8 });
}

#[test]
fn corpus_enums() {
    check_enum!(UnitOnly as "UnitOnly" { A {}, B {}, C {} });
    check_enum!(ReprU8 as "ReprU8" { A {}, B {} });
    check_enum!(ReprI32 as "ReprI32" { Neg {}, Pos {} });
    check_enum!(ReprU64Payload as "ReprU64Payload" { A { 0: u8 }, B { x: u16 } });
    check_enum!(ReprC as "ReprC" { A { 0: u8 }, B { 0: u32, 1: u8 } });
    check_enum!(ReprCU8 as "ReprCU8" { A { a: u8, b: u64 }, B {} });
    check_enum!(Shape as "Shape" { Empty {}, Circle { 0: u32 }, Rect { w: u16, h: u64 } });
    check_enum!(Tagged as "Tagged" { Int { 0: i64 }, Text { 0: String }, Bytes { 0: Vec<u8> } });
    check_enum!(NicheBox as "NicheBox" { Nothing {}, Boxed { 0: Box<u32> } });
    check_enum!(NicheBool as "NicheBool" { A { 0: bool }, B {} });
    check_enum!(NoNiche as "NoNiche" { A { 0: u32 }, B { 0: u32 } });
    check_enum!(Never as "Never" {});
    check_enum!(Zsts as "Zsts" { A { 0: () }, B { 0: Unit } });
    check_enum!(Large as "Large" { Small { 0: u8 }, Big { a: u128, b: u128, c: u64 } });
    assert_eq!(
        ReprU8::LAYOUT.repr.int,
        Some(memlayout::layout::IntRepr::U8)
    );
    assert_eq!(
        ReprCU8::LAYOUT.repr.int,
        Some(memlayout::layout::IntRepr::U8)
    );
    assert!(ReprCU8::LAYOUT.repr.c);
    assert_eq!(Tagged::LAYOUT.storage, Storage::OwnsHeap);
    assert_eq!(Shape::LAYOUT.storage, Storage::Inline);
}

#[test]
fn corpus_unions() {
    check_struct!(Bits as "Bits", Union { int: u32, float: f32, byte: u8 });
    check_struct!(RustUnion as "RustUnion", Union { a: u64, b: u16 });
    check_struct!(AlignedUnion as "AlignedUnion", Union { a: u32, b: u8 });
}

/// Enough types: the issue asks for at least 40.
#[test]
fn corpus_is_large_enough() {
    let derived: &[&TypeLayout] = &[
        Empty::LAYOUT,
        Unit::LAYOUT,
        ZeroSized::LAYOUT,
        Classic::LAYOUT,
        ClassicC::LAYOUT,
        Wasteful::LAYOUT,
        Scalars::LAYOUT,
        Packed1::LAYOUT,
        Packed2::LAYOUT,
        PackedC4::LAYOUT,
        PackedOwner::LAYOUT,
        Align32::LAYOUT,
        CAlign16::LAYOUT,
        AlignedTuple::LAYOUT,
        Transparent::LAYOUT,
        TransparentZst::LAYOUT,
        Tuple3::LAYOUT,
        ZstTuple::LAYOUT,
        Nested::LAYOUT,
        NestedC::LAYOUT,
        Owner::LAYOUT,
        Node::LAYOUT,
        <Wrapper<u8>>::LAYOUT,
        <PairC<u8, u64>>::LAYOUT,
        <Bounded<u16>>::LAYOUT,
        <Lengths<3, u64>>::LAYOUT,
        Borrowed::LAYOUT,
        <PackedGeneric<u32>>::LAYOUT,
        WithForeign::LAYOUT,
        HoldsEnum::LAYOUT,
        HoldsUnion::LAYOUT,
        UnitOnly::LAYOUT,
        ReprU8::LAYOUT,
        ReprI32::LAYOUT,
        ReprU64Payload::LAYOUT,
        ReprC::LAYOUT,
        ReprCU8::LAYOUT,
        Shape::LAYOUT,
        Tagged::LAYOUT,
        NicheBox::LAYOUT,
        NicheBool::LAYOUT,
        NoNiche::LAYOUT,
        <Either<u8, u64>>::LAYOUT,
        Never::LAYOUT,
        Zsts::LAYOUT,
        Large::LAYOUT,
        Bits::LAYOUT,
        RustUnion::LAYOUT,
        <GenericUnion<u64>>::LAYOUT,
        AlignedUnion::LAYOUT,
    ];
    assert!(derived.len() >= 40, "{}", derived.len());
    let mut names: Vec<_> = derived.iter().map(|l| l.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), derived.len(), "each type once");
}
