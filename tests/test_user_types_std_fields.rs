//! A user struct holding a field of nearly every std type a struct commonly holds (cells, pins,
//! pointers, atomics, wrappers, shared slices, boxed errors, closures, tuples of twelve), and
//! one of borrowed and pointer types with lifetimes: every field's offset against `offset_of!`,
//! and a value's heap against the counting allocator.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;

use std::cell::{Cell, OnceCell};
use std::cmp::{Ordering, Reverse};
use std::fmt::Debug;
use std::mem::{offset_of, size_of, ManuallyDrop, MaybeUninit};
use std::num::Wrapping;
use std::pin::Pin;
use std::ptr::NonNull;
use std::rc::Rc;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

use memlayout::{Layout, LayoutReport};

type Twelve = (u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u16);

#[derive(Layout)]
struct WithStd {
    cell: Cell<u32>,
    once: OnceCell<String>,
    pinned: Pin<Box<u64>>,
    non_null: NonNull<u8>,
    manual: ManuallyDrop<u64>,
    uninit: MaybeUninit<u64>,
    wrapping: Wrapping<u8>,
    reverse: Reverse<String>,
    duration: Duration,
    ordering: Ordering,
    ch: char,
    result: Result<(), Box<dyn std::error::Error + Send + Sync>>,
    nested_option: Option<Option<bool>>,
    twelve: Twelve,
    atomic: AtomicUsize,
    rc_str: Rc<str>,
    arc_slice: Arc<[String]>,
    boxed_slice: Box<[Box<str>]>,
    closure: Box<dyn Fn(u32) -> u32 + Send>,
}

macro_rules! offsets {
    ($t:ty, $layout:expr, [$($field:ident),*]) => {{
        let got: Vec<(&str, usize)> = $layout.fields.iter().map(|f| (f.name, f.offset)).collect();
        assert_eq!(got, [$((stringify!($field), offset_of!($t, $field))),*]);
    }};
}

#[test]
fn std_fields_sit_where_the_compiler_put_them() {
    assert_eq!(WithStd::LAYOUT.size, size_of::<WithStd>());
    offsets!(
        WithStd,
        WithStd::LAYOUT,
        [
            cell,
            once,
            pinned,
            non_null,
            manual,
            uninit,
            wrapping,
            reverse,
            duration,
            ordering,
            ch,
            result,
            nested_option,
            twelve,
            atomic,
            rc_str,
            arc_slice,
            boxed_slice,
            closure
        ]
    );
}

#[test]
fn std_fields_heap_is_the_allocators() {
    let mut byte = 7u8;
    let (value, usage) = alloc::measure(|| {
        let once = OnceCell::new();
        once.set("set once".to_string()).unwrap();
        WithStd {
            cell: Cell::new(1),
            once,
            pinned: Box::pin(3),
            non_null: NonNull::from(&mut byte),
            manual: ManuallyDrop::new(5),
            uninit: MaybeUninit::uninit(),
            wrapping: Wrapping(1),
            reverse: Reverse("rev".into()),
            duration: Duration::from_secs(1),
            ordering: Ordering::Less,
            ch: 'x',
            result: Ok(()),
            nested_option: Some(None),
            twelve: Default::default(),
            atomic: AtomicUsize::new(0),
            rc_str: Rc::from("shared"),
            arc_slice: Arc::from(vec!["a".to_string(), String::with_capacity(4)]),
            boxed_slice: vec!["xy".into(), "".into()].into_boxed_slice(),
            // Captures nothing: zero-sized, no allocation, and nothing unknown inside.
            closure: Box::new(|x| x + 1),
        }
    });
    assert_eq!((value.closure)(1), 2);
    let totals = memlayout::totals(&value);
    // The closure's contents are not inspected: a lower bound that here is the whole figure.
    assert!(!totals.is_exact);
    assert_eq!(totals.heap_bytes_low, usage.bytes);
    assert_eq!(totals.allocations, usage.allocations);
    assert_eq!(value.layout_report().totals().heap_bytes_low, usage.bytes);
}

#[derive(Layout)]
struct Borrowing<'a, 'b: 'a, T: 'b> {
    slice: &'a [T],
    text: &'b str,
    mutable: &'a mut Vec<u8>,
    any: &'a dyn std::any::Any,
    raw: *const dyn Debug,
    function: fn(&'a u8) -> &'a u8,
    closure: Box<dyn Fn(&'a str) -> String + Send + Sync + 'a>,
}

#[test]
fn borrowed_and_pointer_fields_own_nothing_they_point_to() {
    let owned = [1u32, 2, 3];
    let mut buffer = Vec::with_capacity(64);
    buffer.push(1u8);
    let number = 5u8;
    fn same(x: &u8) -> &u8 {
        x
    }
    let value = Borrowing {
        slice: &owned[..],
        text: "borrowed",
        mutable: &mut buffer,
        any: &number,
        raw: &number as &dyn Debug as *const dyn Debug,
        function: same,
        closure: Box::new(|s: &str| s.to_uppercase()),
    };
    assert_eq!((value.function)(&number), &5);
    assert_eq!((value.closure)("a"), "A");
    assert_eq!(
        <Borrowing<'static, 'static, u32>>::LAYOUT.size,
        size_of::<Borrowing<'static, 'static, u32>>()
    );
    type B = Borrowing<'static, 'static, u32>;
    offsets!(
        B,
        B::LAYOUT,
        [slice, text, mutable, any, raw, function, closure]
    );
    // Nothing borrowed is counted; the zero-sized closure's box allocated nothing.
    let totals = memlayout::totals(&value);
    assert_eq!(totals.heap_bytes_low, 0);
}
