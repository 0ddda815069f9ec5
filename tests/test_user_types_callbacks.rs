//! Fields holding callbacks whose arguments borrow: `fn(&str) -> bool` is the higher-ranked
//! `for<'a> fn(&'a str) -> bool`, and `Box<dyn Fn(&str)>` a higher-ranked closure, for which no
//! impl of `Layout` can be written. The derive treats such a field as `#[layout(opaque)]`
//! without being told: a function pointer (no drop glue) keeps every figure exact, a boxed
//! closure makes the figures that include it lower bounds. Ground truth: `offset_of!`,
//! `size_of`, and the counting allocator.
#![allow(dead_code, clippy::type_complexity)] // the types are what users write

#[path = "common/alloc.rs"]
mod alloc;

use std::borrow::Cow;
use std::mem::{offset_of, size_of};

use memlayout::{Layout, LayoutReport, Storage};

#[derive(Layout)]
struct Router {
    name: String,
    matches: fn(&str) -> bool,
    on_bytes: Option<fn(&mut Vec<u8>, usize)>,
    explicit: for<'a> fn(&'a [u8]) -> &'a [u8],
    with_cow: fn(Cow<'_, str>) -> usize,
    table: [fn(&u32) -> u32; 2],
}

fn starts_with_slash(path: &str) -> bool {
    path.starts_with('/')
}
fn truncate(bytes: &mut Vec<u8>, len: usize) {
    bytes.truncate(len);
}
fn identity(bytes: &[u8]) -> &[u8] {
    bytes
}
fn cow_len(text: Cow<'_, str>) -> usize {
    text.len()
}
fn double(x: &u32) -> u32 {
    x * 2
}

#[test]
fn function_pointers_taking_references_derive_and_stay_exact() {
    let l = Router::LAYOUT;
    assert_eq!(l.size, size_of::<Router>());
    let expected = [
        ("name", offset_of!(Router, name), size_of::<String>()),
        (
            "matches",
            offset_of!(Router, matches),
            size_of::<fn(&str) -> bool>(),
        ),
        (
            "on_bytes",
            offset_of!(Router, on_bytes),
            size_of::<Option<fn(&mut Vec<u8>, usize)>>(),
        ),
        ("explicit", offset_of!(Router, explicit), size_of::<usize>()),
        ("with_cow", offset_of!(Router, with_cow), size_of::<usize>()),
        ("table", offset_of!(Router, table), 2 * size_of::<usize>()),
    ];
    let got: Vec<_> = l
        .fields
        .iter()
        .map(|f| (f.name, f.offset, f.size))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(l.field("matches").unwrap().storage, Storage::Opaque);
    assert_eq!(l.field("name").unwrap().storage, Storage::OwnsHeap);

    let (router, usage) = alloc::measure(|| Router {
        name: String::with_capacity(12),
        matches: starts_with_slash,
        on_bytes: Some(truncate),
        explicit: identity,
        with_cow: cow_len,
        table: [double, double],
    });
    assert!((router.matches)("/a") && (router.table[1])(&2) == 4);
    assert_eq!((router.explicit)(b"x"), b"x");
    assert_eq!((router.with_cow)(Cow::Borrowed("abc")), 3);
    let mut bytes = vec![1, 2, 3];
    (router.on_bytes.unwrap())(&mut bytes, 1);
    let totals = memlayout::totals(&router);
    // Function pointers own nothing: the figures stay exact.
    assert!(totals.is_exact);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    let report = router.layout_report();
    assert_eq!(report.totals().heap_bytes, usage.bytes);
    assert!(report.totals().is_exact);
}

#[derive(Layout)]
struct Handlers {
    label: String,
    on_line: Box<dyn Fn(&str) -> usize>,
    on_event: Option<Box<dyn FnMut(&mut Vec<String>) + Send>>,
    fallback: Box<dyn Fn(u32) -> u32>,
}

#[test]
fn boxed_closures_taking_references_derive_as_lower_bounds() {
    let suffix = String::from("!!");
    let (handlers, usage) = alloc::measure(|| Handlers {
        label: "lines".into(),
        on_line: Box::new(move |line| line.len() + suffix.len()),
        on_event: None,
        fallback: Box::new(|x| x + 1),
    });
    assert_eq!((handlers.on_line)("abc"), 5);
    assert_eq!((handlers.fallback)(1), 2);
    let l = Handlers::LAYOUT;
    assert_eq!(l.size, size_of::<Handlers>());
    assert_eq!(
        l.field("on_line").unwrap().offset,
        offset_of!(Handlers, on_line)
    );
    assert_eq!(
        l.field("on_event").unwrap().offset,
        offset_of!(Handlers, on_event)
    );
    assert_eq!(l.field("on_line").unwrap().storage, Storage::Opaque);
    let totals = memlayout::totals(&handlers);
    // The closure's box and what it captured are not walked: a lower bound, no upper bound.
    assert!(!totals.is_exact);
    assert_eq!(totals.heap_bytes_high, usize::MAX);
    // Known: the label's buffer and the `fallback` box (a zero-sized closure: no allocation).
    assert_eq!(totals.heap_bytes_low, handlers.label.capacity());
    assert!(totals.heap_bytes_low < usage.bytes);
}

#[derive(Layout)]
enum Step {
    Map(fn(&str) -> String),
    Filter { keep: fn(&&str) -> bool, count: u32 },
    Done(String),
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}
fn non_empty(s: &&str) -> bool {
    !s.is_empty()
}

#[test]
fn enum_variants_holding_such_callbacks() {
    assert_eq!(Step::LAYOUT.size, size_of::<Step>());
    for step in [
        Step::Map(upper),
        Step::Filter {
            keep: non_empty,
            count: 3,
        },
        Step::Done("x".into()),
    ] {
        let heap = match &step {
            Step::Map(f) => f("a").len() - 1,
            Step::Filter { keep, .. } => usize::from(keep(&"")),
            Step::Done(s) => s.capacity(),
        };
        let totals = memlayout::totals(&step);
        assert_eq!((totals.heap_bytes, totals.is_exact), (heap, true));
        let active = memlayout::variant::of(&step).unwrap();
        if let Step::Filter { count, .. } = &step {
            let at = count as *const u32 as usize - &step as *const Step as usize;
            assert_eq!(active.field("count").unwrap().offset, Some(at));
        }
    }
}

#[derive(Layout)]
struct Filtered<T> {
    keep: fn(&T) -> bool,
    items: Vec<T>,
}

#[derive(Layout)]
#[repr(C, packed)]
struct PackedCallback {
    tag: u8,
    call: fn(&[u8]) -> u8,
    data: Vec<u8>,
}

fn first(bytes: &[u8]) -> u8 {
    bytes[0]
}

#[test]
fn generic_and_packed_types_with_such_callbacks() {
    let (filtered, usage) = alloc::measure(|| Filtered {
        keep: |x: &String| !x.is_empty(),
        items: vec![String::from("ab")],
    });
    assert!((filtered.keep)(&filtered.items[0]));
    let totals = memlayout::totals(&filtered);
    assert!(totals.is_exact);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    assert_eq!(
        <Filtered<String>>::LAYOUT.field("keep").unwrap().offset,
        offset_of!(Filtered<String>, keep)
    );

    let (packed, usage) = alloc::measure(|| PackedCallback {
        tag: 1,
        call: first,
        data: vec![9; 5],
    });
    let call = packed.call;
    assert_eq!(call(&[9]), 9);
    assert_eq!(
        PackedCallback::LAYOUT.field("call").unwrap().offset,
        offset_of!(PackedCallback, call)
    );
    let totals = memlayout::totals(&packed);
    assert!(totals.is_exact);
    assert_eq!(totals.heap_bytes, usage.bytes);
}

#[derive(Layout)]
struct Variance<T> {
    marker: std::marker::PhantomData<fn(&T) -> bool>,
    raw: *const dyn Fn(&str),
    value: u32,
}

#[test]
fn markers_and_raw_pointers_to_such_callbacks_stay_walked() {
    // `PhantomData<..>` and raw pointers implement `Layout` whatever they point to: the
    // fields keep their own storage class instead of becoming opaque.
    let l = <Variance<String>>::LAYOUT;
    assert_eq!(l.field("marker").unwrap().storage, Storage::Inline);
    assert_eq!(l.field("raw").unwrap().storage, Storage::RawPointer);
    assert_eq!(
        l.field("raw").unwrap().offset,
        offset_of!(Variance<String>, raw)
    );
}
