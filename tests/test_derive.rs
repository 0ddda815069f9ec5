//! Behaviour of `#[derive(Layout)]` on every shape of type: each figure is compared with the
//! compiler's (`size_of`, `align_of`, `offset_of!`, `needs_drop`), heap figures with values
//! computed from the std values' own capacity, visit calls with a recording visitor.
#![allow(dead_code)]

use std::mem::{align_of, needs_drop, offset_of, size_of, ManuallyDrop};
use std::ops::Deref;

use memlayout::layout::{IntRepr, Repr};
use memlayout::visit::Shared;
use memlayout::{HeapBlock, Kind, Layout, Storage, TypeLayout, Visitor};

/// Records the calls a `visit` makes, one line each.
#[derive(Default)]
struct Recorder {
    calls: Vec<String>,
}

impl<'a> Visitor<'a> for Recorder {
    fn field<T: Layout + ?Sized>(&mut self, index: usize, name: &'static str, _value: &'a T) {
        self.calls.push(format!("field {index} {name}"));
    }
    fn packed_field<T: Layout + 'a>(
        &mut self,
        index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        // The copy is not ours to drop: `ManuallyDrop` going out of scope drops nothing.
        let _ = copy;
        self.calls.push(format!("packed_field {index} {name}"));
    }
    fn measured(&mut self, index: usize, name: &'static str, heap: HeapBlock) {
        self.calls
            .push(format!("measured {index} {name} {}", heap.bytes));
    }
    fn variant(&mut self, index: usize, name: &'static str) {
        self.calls.push(format!("variant {index} {name}"));
    }
    fn heap(&mut self, block: HeapBlock) {
        self.calls.push(format!("heap {}", block.bytes));
    }
    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        self.calls.push(format!("elements {}", items.len()));
    }
    fn entries<K, W, I>(&mut self, len: usize, _entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        self.calls.push(format!("entries {len}"));
    }
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        _index: Option<usize>,
        _contents: &'a T,
        block: HeapBlock,
    ) {
        self.calls.push(format!("boxed {}", block.bytes));
    }
    fn shared<T: Layout + ?Sized>(&mut self, _shared: Shared<'a, T>) {
        self.calls.push("shared".into());
    }
    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {
        self.calls.push("borrowed".into());
    }
    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, _guard: G) {
        self.calls.push("guarded".into());
    }
    fn unreadable(&mut self, reason: &'static str) {
        self.calls.push(format!("unreadable {reason}"));
    }
    fn resource(&mut self, release: &'static str) {
        self.calls.push(format!("resource {release}"));
    }
}

/// `T::IS_LEAF`, read at run time (an assertion on a constant would be a lint).
fn is_leaf<T: Layout>() -> bool {
    T::IS_LEAF
}

/// The calls `value.visit` makes.
fn calls<T: Layout>(value: &T) -> Vec<String> {
    let mut recorder = Recorder::default();
    value.visit(&mut recorder);
    recorder.calls
}

/// Checks a struct-like layout against the compiler: own size/align/needs_drop, memory order
/// sorted by offset, padding = own gaps + the fields' padding.
fn check_struct_like<T>(layout: &TypeLayout) {
    assert_eq!(layout.size, size_of::<T>(), "{}", layout.name);
    assert_eq!(layout.align, align_of::<T>(), "{}", layout.name);
    assert_eq!(layout.needs_drop, needs_drop::<T>(), "{}", layout.name);
    assert!(layout.is_sized);
    assert_eq!(layout.memory_order.len(), layout.fields.len());
    let offsets: Vec<usize> = layout.fields_in_memory_order().map(|f| f.offset).collect();
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{offsets:?}");
    for f in layout.fields {
        assert!(
            f.offset + f.size <= layout.size,
            "{} ends past the struct",
            f.name
        );
        assert_eq!((f.layout)().size, f.size, "{}", f.name);
    }
    if layout.kind != Kind::Union {
        let own = layout.size - layout.fields.iter().map(|f| f.size).sum::<usize>();
        let inner: usize = layout
            .fields
            .iter()
            .map(|f| {
                if f.storage == Storage::Opaque {
                    0
                } else {
                    (f.layout)().padding_bytes
                }
            })
            .sum();
        assert_eq!(layout.padding_bytes, own + inner, "{}", layout.name);
    }
}

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

// ---- field attributes ----

/// A type from "another crate": no `Layout` impl.
struct Foreign {
    fd: i32,
    buffer: Vec<u8>,
}

fn foreign_heap(f: &Foreign) -> usize {
    f.buffer.capacity()
}

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

// ---- budget keys ----

/// A stand-in for a crate that re-exports memlayout with its own `assert_layout!`: the derive
/// calls `<crate path>::assert_layout!(Type, key = value);` once per budget key. This one records
/// each call as an associated constant, so the test can see which calls were made.
mod budget_facade {
    pub(crate) use ::memlayout::__private;

    macro_rules! assert_layout {
        ($t:ty, max_size = $n:literal) => {
            impl $t {
                const CHECKED_MAX_SIZE: usize = $n;
            }
            const _: () = assert!(::std::mem::size_of::<$t>() <= $n);
        };
        ($t:ty, align = $n:literal) => {
            impl $t {
                const CHECKED_ALIGN: usize = $n;
            }
        };
        ($t:ty, no_padding) => {
            impl $t {
                const CHECKED_NO_PADDING: &'static str = "no_padding";
            }
        };
        ($t:ty, niche) => {
            impl $t {
                const CHECKED_NICHE: &'static str = "niche";
            }
        };
    }
    pub(crate) use assert_layout;
}

#[derive(Layout)]
#[layout(crate = crate::budget_facade, max_size = 64, no_padding)]
#[layout(align = 4)]
#[repr(C)]
struct Budgeted {
    a: u32,
    b: u32,
}

#[derive(Layout)]
#[layout(crate = crate::budget_facade, niche)]
enum BudgetedEnum<'a> {
    A(#[layout(opaque)] &'a u8),
    B,
}

#[test]
fn budget_keys_expand_to_one_assert_layout_call_each() {
    assert_eq!(Budgeted::CHECKED_MAX_SIZE, 64);
    assert_eq!(Budgeted::CHECKED_ALIGN, 4);
    assert_eq!(Budgeted::CHECKED_NO_PADDING, "no_padding");
    assert_eq!(<BudgetedEnum<'static>>::CHECKED_NICHE, "niche");
}

/// The budget keys through memlayout's own `assert_layout!`: these compile only if each budget
/// holds (an over-budget type fails the build, pinned by the budget UI tests).
#[derive(Layout)]
#[layout(no_padding, max_align = 8)]
#[repr(C)]
struct WithinBudget {
    a: u32,
    b: u32,
}

#[derive(Layout)]
#[layout(niche, max_size = 1)]
#[repr(u8)]
enum SmallTag {
    A,
    B,
    C,
}

#[test]
fn budget_keys_through_the_real_macro() {
    assert_eq!(WithinBudget::LAYOUT.padding_bytes, 0);
    assert_eq!(size_of::<Option<SmallTag>>(), size_of::<SmallTag>());
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
