//! Generic types holding trait objects of the user's own generic traits
//! (`Box<dyn Handler<T>>`, `&'a dyn Handler<T>`), which implement `Layout` only for the
//! arguments `dyn_layout!` was given. Before, such a type failed to derive at its definition
//! ("`dyn Handler<T>` does not implement `Layout`"): the impl now requires it of the holder
//! (`Box<dyn Handler<T>>: Layout`), so each instantiation with an impl derives. And a field whose
//! impl needs more than `T: Layout` (`Inner<I>` needing `I::Item: Layout`) derives with
//! `#[layout(bound = "...")]`. Ground truth: `offset_of!`, `size_of`, the counting allocator.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use std::borrow::Cow;
use std::mem::{offset_of, size_of, size_of_val};
use std::rc::Rc;

use memlayout::{Layout, LayoutReport};

trait Handler<T> {
    fn handle(&self, value: &T) -> usize;
}

memlayout::dyn_layout!(
    dyn Handler<u8>,
    dyn Handler<u8> + Send,
    dyn Handler<String>,
    dyn Handler<String> + Send,
);

#[derive(Layout)]
struct Dispatch<'a, T> {
    first: Box<dyn Handler<T>>,
    borrowed: &'a dyn Handler<T>,
    shared: Vec<Rc<dyn Handler<T>>>,
    optional: Option<Box<dyn Handler<T> + Send>>,
    value: T,
}

struct Length(Vec<u8>);

impl Handler<String> for Length {
    fn handle(&self, value: &String) -> usize {
        value.len() + self.0.len()
    }
}

impl Handler<u8> for Length {
    fn handle(&self, value: &u8) -> usize {
        usize::from(*value) + self.0.len()
    }
}

#[test]
fn generic_holders_of_trait_objects_derive_per_instantiation() {
    assert_offsets!(Dispatch<'static, String>; first, borrowed, shared, optional, value);
    assert_eq!(
        Dispatch::<'static, u8>::LAYOUT.size,
        size_of::<Dispatch<'static, u8>>()
    );
}

#[test]
fn their_boxes_are_counted_and_contents_unknown() {
    let borrowed = Length(vec![1; 4]);
    for n in [0usize, 1, 3] {
        let (d, usage) = alloc::measure(|| Dispatch {
            first: Box::new(Length(vec![0; n])) as Box<dyn Handler<String>>,
            borrowed: &borrowed,
            shared: (0..n)
                .map(|_| Rc::new(Length(Vec::new())) as Rc<dyn Handler<String>>)
                .collect(),
            optional: None,
            value: "x".repeat(n),
        });
        assert_eq!(d.first.handle(&d.value), 2 * n);
        assert_eq!(d.borrowed.handle(&d.value), n + 4);
        let totals = memlayout::totals(&d);
        assert!(!totals.is_exact && totals.heap_bytes_high == usize::MAX);
        // The boxes, the vector's buffer, each `Rc` block (two counts and the value), the string.
        let rc_block = 2 * size_of::<usize>() + size_of::<Length>();
        let known = size_of_val(&*d.first)
            + d.shared.capacity() * size_of::<Rc<dyn Handler<String>>>()
            + n * rc_block
            + d.value.capacity();
        assert_eq!(totals.heap_bytes_low, known, "{n}");
        // What the first box's contents own is the only heap not counted.
        assert_eq!(known + n, usage.bytes, "{n}");
        assert_eq!(d.layout_report().totals().heap_bytes_low, known);
    }
}

#[derive(Layout)]
struct Inner<I: Iterator> {
    peeked: Option<I::Item>,
    iter: I,
}

/// `Inner<I>`'s impl needs `I::Item: Layout`, which the derive cannot see from here.
#[derive(Layout)]
#[layout(bound = "I: memlayout::Layout, I::Item: memlayout::Layout")]
struct Outer<I: Iterator> {
    inner: Inner<I>,
}

#[test]
fn a_nested_projection_derives_with_a_stated_bound() {
    type O = Outer<std::vec::IntoIter<String>>;
    assert_eq!(O::LAYOUT.size, size_of::<O>());
    let (o, usage) = alloc::measure(|| Outer {
        inner: Inner {
            peeked: Some(String::from("abc")),
            iter: vec![String::from("de")].into_iter(),
        },
    });
    let totals = memlayout::totals(&o);
    assert_eq!(
        (totals.heap_bytes_low, totals.allocations),
        (usage.bytes, usage.allocations)
    );
}

/// `Cow<'a, B>` over a parameter: its impl asks `B::Owned: Layout`, which `B: Layout` does not
/// give. Before, it failed to derive ("`<B as ToOwned>::Owned` does not implement `Layout`").
#[derive(Layout)]
struct Message<'a, B: ToOwned + ?Sized> {
    body: Cow<'a, B>,
    id: u32,
}

#[test]
fn a_cow_over_a_parameter_derives() {
    assert_eq!(Message::<str>::LAYOUT.size, size_of::<Message<str>>());
    assert_eq!(
        Message::<[u8]>::LAYOUT.field("body").unwrap().offset,
        offset_of!(Message<[u8]>, body)
    );
    for n in [0usize, 5, 40] {
        let text = "y".repeat(n);
        let (owned, usage) = alloc::measure(|| Message::<str> {
            body: Cow::Owned("x".repeat(n)),
            id: 1,
        });
        let borrowed = Message::<[u8]> {
            body: Cow::Borrowed(text.as_bytes()),
            id: 2,
        };
        let totals = memlayout::totals(&owned);
        assert!(totals.is_exact);
        assert_eq!(
            (totals.heap_bytes, totals.allocations),
            (usage.bytes, usage.allocations)
        );
        assert_eq!(memlayout::heap_bytes(&borrowed), 0);
    }
}
