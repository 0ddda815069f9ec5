//! `#[derive(Layout)]` on structs (named, tuple, unit, empty, raw identifiers, recursive, generic
//! over types, consts and lifetimes, with `Drop` impls, more fields than a tuple holds): each
//! figure is compared with the compiler's (`size_of`, `align_of`, `offset_of!`, `needs_drop`),
//! heap figures with the std values' own capacity, visit calls with a recording visitor.
#![allow(dead_code)]

#[path = "common/derive_checks.rs"]
mod derive_checks;

use std::mem::{align_of, offset_of, size_of};

use derive_checks::{calls, check_struct_like, is_leaf, Foreign};
use memlayout::layout::Repr;
use memlayout::{Kind, Layout, Storage};

// ---- structs ----

#[derive(Layout)]
struct Named {
    a: u8,
    b: u32,
    c: Vec<u16>,
    d: String,
}

#[test]
fn named_struct_matches_the_compiler() {
    let l = Named::LAYOUT;
    check_struct_like::<Named>(l);
    assert_eq!((l.name, l.kind), ("Named", Kind::Struct));
    assert!((l.type_name)().ends_with("Named"));
    let names: Vec<_> = l.fields.iter().map(|f| f.name).collect();
    assert_eq!(names, ["a", "b", "c", "d"]);
    let expected = [
        (
            offset_of!(Named, a),
            size_of::<u8>(),
            align_of::<u8>(),
            "u8",
        ),
        (
            offset_of!(Named, b),
            size_of::<u32>(),
            align_of::<u32>(),
            "u32",
        ),
        (
            offset_of!(Named, c),
            size_of::<Vec<u16>>(),
            align_of::<Vec<u16>>(),
            "Vec<u16>",
        ),
        (
            offset_of!(Named, d),
            size_of::<String>(),
            align_of::<String>(),
            "String",
        ),
    ];
    for (f, (offset, size, align, type_name)) in l.fields.iter().zip(expected) {
        assert_eq!(
            (f.offset, f.size, f.align, f.type_name),
            (offset, size, align, type_name)
        );
    }
    assert_eq!(l.fields[0].storage, Storage::Inline);
    assert_eq!(l.fields[2].storage, Storage::OwnsHeap);
    assert_eq!((l.fields[2].layout)().name, <Vec<u16>>::LAYOUT.name);
    assert_eq!(l.storage, Storage::OwnsHeap);
    assert_eq!(l.repr, Repr::RUST);
    assert!(!is_leaf::<Named>());
    assert!(l.variants.is_empty());
}

#[test]
fn named_struct_visits_fields_in_declaration_order_and_counts_heap() {
    let mut c = Vec::with_capacity(7);
    c.push(1u16);
    let value = Named {
        a: 1,
        b: 2,
        c,
        d: String::with_capacity(5),
    };
    assert_eq!(
        calls(&value),
        ["field 0 a", "field 1 b", "field 2 c", "field 3 d"]
    );
    let expected = value.c.capacity() * size_of::<u16>() + value.d.capacity();
    let totals = memlayout::totals(&value);
    assert_eq!(totals.heap_bytes, expected);
    assert_eq!(totals.allocations, 2);
    assert_eq!(totals.inline_bytes, size_of::<Named>());
    assert_eq!(totals.inline_padding, Named::LAYOUT.padding_bytes);
}

#[derive(Layout)]
struct Pair(u8, u64, Box<u32>);

#[test]
fn tuple_struct_fields_are_numbered() {
    let l = Pair::LAYOUT;
    check_struct_like::<Pair>(l);
    assert_eq!(l.kind, Kind::TupleStruct);
    let names: Vec<_> = l.fields.iter().map(|f| f.name).collect();
    assert_eq!(names, ["0", "1", "2"]);
    assert_eq!(l.fields[0].offset, offset_of!(Pair, 0));
    assert_eq!(l.fields[1].offset, offset_of!(Pair, 1));
    assert_eq!(l.fields[2].offset, offset_of!(Pair, 2));
    assert_eq!(l.fields[2].type_name, "Box<u32>");
    let value = Pair(1, 2, Box::new(3));
    assert_eq!(calls(&value), ["field 0 0", "field 1 1", "field 2 2"]);
    assert_eq!(memlayout::heap_bytes(&value), size_of::<u32>());
}

#[derive(Layout)]
struct Marker;

#[derive(Layout)]
struct Braced {}

#[test]
fn unit_and_empty_structs_are_leaves_of_size_zero() {
    check_struct_like::<Marker>(Marker::LAYOUT);
    check_struct_like::<Braced>(Braced::LAYOUT);
    assert_eq!(Marker::LAYOUT.kind, Kind::UnitStruct);
    assert_eq!(Braced::LAYOUT.kind, Kind::Struct);
    assert_eq!(Marker::LAYOUT.size, size_of::<Marker>());
    assert!(Marker::LAYOUT.fields.is_empty() && Braced::LAYOUT.fields.is_empty());
    assert!(is_leaf::<Marker>() && is_leaf::<Braced>());
    assert!(calls(&Marker).is_empty());
}

#[derive(Layout)]
struct Raw {
    r#type: u8,
    r#match: u16,
}

#[test]
fn raw_identifiers_are_reported_without_prefix() {
    let names: Vec<_> = Raw::LAYOUT.fields.iter().map(|f| f.name).collect();
    assert_eq!(names, ["type", "match"]);
    assert_eq!(Raw::LAYOUT.fields[1].offset, offset_of!(Raw, r#match));
}

// ---- recursive types ----

#[derive(Layout)]
struct Node {
    next: Option<Box<Node>>,
    children: Vec<Node>,
}

#[derive(Layout)]
struct Tree<T> {
    value: T,
    kids: Vec<Tree<T>>,
}

#[test]
fn recursive_types_derive_and_walk() {
    let l = Node::LAYOUT;
    check_struct_like::<Node>(l);
    assert_eq!(l.fields[0].type_name, "Option<Box<Node>>");
    assert_eq!(l.fields[1].type_name, "Vec<Node>");
    assert_eq!(l.storage, Storage::OwnsHeap);

    let mut children = Vec::with_capacity(3);
    children.push(Node {
        next: None,
        children: Vec::new(),
    });
    let node = Node {
        next: Some(Box::new(Node {
            next: None,
            children: Vec::with_capacity(2),
        })),
        children,
    };
    // The box holds one Node; the outer Vec has capacity 3; the boxed node's Vec capacity 2.
    let expected = size_of::<Node>()
        + node.children.capacity() * size_of::<Node>()
        + node.next.as_ref().unwrap().children.capacity() * size_of::<Node>();
    assert_eq!(memlayout::heap_bytes(&node), expected);

    let tree = Tree {
        value: 1u32,
        kids: vec![Tree {
            value: 2,
            kids: Vec::new(),
        }],
    };
    assert_eq!(
        memlayout::heap_bytes(&tree),
        tree.kids.capacity() * size_of::<Tree<u32>>()
    );
    assert_eq!(<Tree<u32>>::LAYOUT.name, "Tree<T>");
}

// ---- generics ----

#[derive(Layout)]
struct Wrapper<T> {
    tag: u8,
    value: T,
}

fn check_wrapper<T: Layout>() {
    let l = <Wrapper<T>>::LAYOUT;
    check_struct_like::<Wrapper<T>>(l);
    assert_eq!(l.name, "Wrapper<T>");
    assert!((l.type_name)().contains(std::any::type_name::<T>()));
    assert_eq!(l.fields[1].offset, offset_of!(Wrapper<T>, value));
    assert_eq!(
        (l.fields[1].size, l.fields[1].align),
        (size_of::<T>(), align_of::<T>())
    );
    assert_eq!(l.fields[1].storage, T::LAYOUT.storage);
    assert_eq!(is_leaf::<Wrapper<T>>(), T::IS_LEAF);
}

#[test]
fn generic_struct_at_several_instantiations() {
    check_wrapper::<u8>();
    check_wrapper::<u64>();
    check_wrapper::<u128>();
    check_wrapper::<String>();
    check_wrapper::<Vec<u32>>();
    check_wrapper::<Option<Box<u16>>>();
    check_wrapper::<Wrapper<u32>>();
    let w = Wrapper {
        tag: 0,
        value: String::with_capacity(9),
    };
    assert_eq!(memlayout::heap_bytes(&w), w.value.capacity());
}

#[derive(Layout)]
struct Ring<const N: usize> {
    head: u16,
    #[layout(opaque)]
    slots: [u32; N],
}

#[test]
fn const_generics() {
    fn check<const N: usize>() {
        let l = <Ring<N>>::LAYOUT;
        check_struct_like::<Ring<N>>(l);
        assert_eq!(l.name, "Ring<N>");
        assert_eq!(l.fields[1].offset, offset_of!(Ring<N>, slots));
        assert_eq!(l.fields[1].size, size_of::<[u32; N]>());
        assert_eq!(l.fields[1].type_name, "[u32; N]");
    }
    check::<0>();
    check::<1>();
    check::<7>();
}

#[derive(Layout)]
struct Constrained<A, B>
where
    A: Clone,
    B: Default,
{
    a: A,
    b: Option<B>,
}

#[derive(Layout)]
struct Items<I: Iterator> {
    first: Option<I::Item>,
    count: usize,
}

#[derive(Layout)]
#[layout(bound = "T: Layout + Clone")]
struct Cloned<T> {
    items: Vec<T>,
}

#[test]
fn where_clauses_projections_and_explicit_bounds() {
    check_struct_like::<Constrained<u8, String>>(<Constrained<u8, String>>::LAYOUT);
    assert_eq!(<Constrained<u8, String>>::LAYOUT.name, "Constrained<A, B>");
    assert_eq!(
        <Constrained<u8, String>>::LAYOUT.fields[1].type_name,
        "Option<B>"
    );
    let l = <Items<std::vec::IntoIter<u32>>>::LAYOUT;
    check_struct_like::<Items<std::vec::IntoIter<u32>>>(l);
    assert_eq!(l.fields[0].type_name, "Option<I::Item>");
    assert_eq!(l.fields[0].size, size_of::<Option<u32>>());
    let c = Cloned {
        items: vec![1u8, 2, 3],
    };
    assert_eq!(memlayout::heap_bytes(&c), c.items.capacity());
}

#[derive(Layout)]
struct Borrowing<'a, 'b: 'a, T> {
    #[layout(opaque)]
    text: &'a str,
    #[layout(with = slice_bytes)]
    items: &'b [T],
    len: usize,
}

/// A `with` function: the bytes a borrowed slice spans (not owned, but a figure to report).
fn slice_bytes<T>(items: &&[T]) -> usize {
    std::mem::size_of_val(*items)
}

#[test]
fn lifetimes() {
    let l = <Borrowing<'static, 'static, u16>>::LAYOUT;
    check_struct_like::<Borrowing<u16>>(l);
    assert_eq!(l.name, "Borrowing<'a, 'b, T>");
    assert_eq!(l.fields[0].type_name, "&'a str");
    assert_eq!(l.fields[1].type_name, "&'b [T]");
    assert_eq!(l.fields[0].storage, Storage::Opaque);
    assert!(
        !is_leaf::<Borrowing<u16>>(),
        "a `with` field must be visited"
    );
    let items = [1u16, 2, 3];
    let text = String::from("hi");
    let b = Borrowing {
        text: &text,
        items: &items,
        len: 3,
    };
    assert_eq!(
        calls(&b),
        ["measured 0 text 0", "measured 1 items 6", "field 2 len"]
    );
    assert_eq!(memlayout::heap_bytes(&b), size_of::<[u16; 3]>());
}

#[derive(Layout)]
struct Views<'a, T> {
    text: &'a str,
    items: &'a [T],
    pair: (u8, &'a T),
}

#[test]
fn borrowed_fields_are_shown_not_owned() {
    let l = <Views<'static, u64>>::LAYOUT;
    check_struct_like::<Views<u64>>(l);
    assert_eq!(l.name, "Views<'a, T>");
    let types: Vec<_> = l.fields.iter().map(|f| f.type_name).collect();
    assert_eq!(types, ["&'a str", "&'a [T]", "(u8, &'a T)"]);
    assert_eq!(l.fields[0].storage, Storage::Borrows);
    assert_eq!(l.storage, Storage::Borrows);
    let owner = vec![1u64, 2];
    let v = Views {
        text: "hello",
        items: &owner,
        pair: (1, &owner[0]),
    };
    assert_eq!(calls(&v), ["field 0 text", "field 1 items", "field 2 pair"]);
    assert_eq!(memlayout::heap_bytes(&v), 0, "borrowed memory is not owned");
}

/// `T` occurs only in `PhantomData<T>`: no `T: Layout` bound, so a type without `Layout` works.
#[derive(Layout)]
struct Typed<T> {
    id: u32,
    marker: std::marker::PhantomData<T>,
}

#[test]
fn parameters_only_in_phantom_data_need_no_bound() {
    let l = <Typed<Foreign>>::LAYOUT;
    check_struct_like::<Typed<Foreign>>(l);
    assert_eq!(l.fields[1].type_name, "std::marker::PhantomData<T>");
    assert_eq!(l.fields[1].size, 0);
    assert!(is_leaf::<Typed<Foreign>>());
}

#[derive(Layout)]
struct Grid<T, const W: usize, const H: usize> {
    cells: [[T; W]; H],
    origin: (i32, i32),
}

#[test]
fn const_generic_arrays_of_a_type_parameter() {
    fn check<T: Layout, const W: usize, const H: usize>() {
        let l = <Grid<T, W, H>>::LAYOUT;
        check_struct_like::<Grid<T, W, H>>(l);
        assert_eq!(l.fields[0].size, size_of::<[[T; W]; H]>());
        assert_eq!(l.fields[0].type_name, "[[T; W]; H]");
        assert_eq!(l.fields[1].offset, offset_of!(Grid<T, W, H>, origin));
    }
    check::<u8, 3, 2>();
    check::<u64, 1, 5>();
    check::<String, 2, 2>();
    let g = Grid {
        cells: [
            [String::with_capacity(3), String::new()],
            [String::new(), String::with_capacity(5)],
        ],
        origin: (0, 0),
    };
    let expected: usize = g.cells.iter().flatten().map(String::capacity).sum();
    assert_eq!(memlayout::heap_bytes(&g), expected);
}

// ---- drop ----

#[derive(Layout)]
struct WithDrop {
    a: u8,
}
impl Drop for WithDrop {
    fn drop(&mut self) {}
}

#[derive(Layout)]
struct BorrowDrop<'a> {
    #[layout(opaque)]
    a: &'a u8,
}
impl Drop for BorrowDrop<'_> {
    fn drop(&mut self) {}
}

#[derive(Layout)]
#[layout(drop_impl)]
struct GenericDrop<T> {
    items: Vec<T>,
}
impl<T> Drop for GenericDrop<T> {
    fn drop(&mut self) {}
}

#[derive(Layout)]
struct GuessedDrop<T: Copy> {
    value: T,
}
impl<T: Copy> Drop for GuessedDrop<T> {
    fn drop(&mut self) {}
}

#[test]
fn drop_impls_are_detected_or_declared() {
    assert!(WithDrop::has_drop_impl());
    assert!(BorrowDrop::has_drop_impl());
    assert!(
        !Named::has_drop_impl(),
        "drop glue from fields is not an impl Drop"
    );
    assert!(!Pair::has_drop_impl());
    assert!(<GenericDrop<u8>>::has_drop_impl());
    assert!(<GuessedDrop<u32>>::has_drop_impl());
    assert!(!<Wrapper<String>>::has_drop_impl());
    assert!(!<Wrapper<u8>>::has_drop_impl());
    assert!(WithDrop::LAYOUT.needs_drop);
}

/// More fields than the largest tuple with a `Layout` impl: `IS_LEAF` nests the field types.
#[derive(Layout)]
#[allow(dead_code)]
struct ThirteenLeaves(
    u8,
    u16,
    u32,
    u64,
    i8,
    i16,
    i32,
    i64,
    bool,
    char,
    f32,
    f64,
    [u8; 3],
);

#[derive(Layout)]
#[allow(dead_code)]
struct ThirteenWithHeap(
    u8,
    u16,
    u32,
    u64,
    i8,
    i16,
    i32,
    i64,
    bool,
    char,
    f32,
    f64,
    String,
);

#[test]
fn is_leaf_over_more_fields_than_a_tuple_holds() {
    assert!(is_leaf::<ThirteenLeaves>());
    assert!(!is_leaf::<ThirteenWithHeap>());
    let layout = ThirteenWithHeap::LAYOUT;
    assert_eq!(layout.fields.len(), 13);
    assert_eq!(layout.fields[12].offset, offset_of!(ThirteenWithHeap, 12));
    assert_eq!(layout.size, size_of::<ThirteenWithHeap>());
}
