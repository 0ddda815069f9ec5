//! Honest unknowns: parts memlayout does not walk (`#[layout(opaque)]` fields, variants and
//! types, `Opaque<T>`, `MaybeUninit`, `UnsafeCell`, unions, opaque closures) make every figure
//! that includes them a bound when their type may own heap, and stay exact when it cannot.
//! Ground truth: the counting allocator (the truth must lie within the bounds), and
//! `needs_drop` for which types may own heap.

#[path = "common/alloc.rs"]
mod alloc;

use std::cell::UnsafeCell;
use std::mem::{size_of, ManuallyDrop, MaybeUninit};
use std::panic::AssertUnwindSafe;

use memlayout::budget::{check, Figure};
use memlayout::report::FindingKind;
use memlayout::{assert_budget, DropAction, DropOrderExt, Layout, LayoutReport, Opaque, Totals};

/// Asserts that `usage` (what building the value allocated) lies within `totals`' bounds, and
/// that the totals do not claim to be exact.
fn assert_bounded(totals: &Totals, usage: alloc::Usage, what: &str) {
    assert!(!totals.is_exact, "{what}: must not say exact");
    assert!(totals.unreadable > 0, "{what}: some part is not walked");
    assert_eq!(totals.heap_bytes_high, usize::MAX, "{what}: no upper bound");
    assert!(
        totals.heap_bytes_low <= usage.bytes,
        "{what}: low bound {} above the truth {}",
        totals.heap_bytes_low,
        usage.bytes
    );
}

/// Asserts that `totals` are exact and equal what building the value allocated.
fn assert_exact(totals: &Totals, usage: alloc::Usage, what: &str) {
    assert!(totals.is_exact, "{what}: should be exact");
    assert_eq!(totals.heap_bytes, usage.bytes, "{what}");
    assert_eq!(totals.heap_bytes_high, usage.bytes, "{what}");
}

/// `T::IS_LEAF` (a function, so asserting on it is not a constant assertion).
fn is_leaf<T: Layout>() -> bool {
    T::IS_LEAF
}

/// The texts the strings in these tests are built from: empty, short, long.
const TEXTS: [&str; 4] = ["", "hello", "a somewhat longer piece of text", "x"];

// ---- opaque fields ----

#[derive(Layout)]
struct Ignored(#[layout(opaque)] String, String);

#[test]
fn an_opaque_field_that_may_own_heap_makes_the_figures_lower_bounds() {
    for hidden in TEXTS {
        for shown in TEXTS {
            let (value, usage) =
                alloc::measure(|| Ignored(String::from(hidden), String::from(shown)));
            let t = memlayout::totals(&value);
            assert_bounded(&t, usage, &format!("Ignored({hidden:?}, {shown:?})"));
            // What was walked is counted exactly: the second string.
            assert_eq!(t.heap_bytes_low, value.1.capacity());
            assert_eq!(t.unreadable, 1);
            assert_eq!(usage.bytes, value.0.capacity() + value.1.capacity());
        }
    }
}

#[test]
fn the_report_marks_the_opaque_field_and_a_finding_lists_it() {
    let value = Ignored(String::from("hello"), String::from("world!"));
    let report = value.layout_report();
    let node = report.find(".0").expect("the opaque field has a node");
    let reason = node.unreadable().expect("the opaque field is marked");
    assert!(reason.starts_with("not walked (opaque)"), "{reason}");
    assert!(report.find(".1").is_some_and(|n| n.unreadable().is_none()));
    let not_walked: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.kind == FindingKind::NotWalked)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(not_walked, [".0"]);
    let text = report.to_string();
    assert!(text.contains("not walked (opaque)"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["findings"][0]["kind"], "not_walked");
    assert_eq!(json["findings"][0]["path"], ".0");
    assert!(!report.totals().is_exact);
}

#[test]
fn heap_budgets_on_an_opaque_field_fail_as_unverified() {
    let value = Ignored(String::new(), String::from("ab"));
    // The walked figure (2 bytes) is within the budget, but the opaque string may hold more.
    let error = check("value", &value, &[(Figure::Heap, 1000)]).unwrap_err();
    let overrun = &error.overruns[0];
    assert_eq!(overrun.actual, value.1.capacity());
    assert!(overrun.unverified.is_some());
    let panicked =
        std::panic::catch_unwind(AssertUnwindSafe(|| assert_budget!(value, heap <= 1000)));
    assert!(panicked.is_err());
    // Budgets on figures the opaque part cannot change still hold.
    assert!(check("value", &value, &[(Figure::Inline, size_of::<Ignored>())]).is_ok());
}

/// A foreign type without drop glue: it cannot own heap.
#[derive(Clone, Copy)]
struct Handle {
    _id: u64,
    _flags: u16,
}

/// A foreign type that owns heap, without a `Layout` impl.
struct Foreign {
    name: String,
    items: Vec<u32>,
}

impl Foreign {
    fn new(name: &str, items: usize) -> Foreign {
        Foreign {
            name: name.to_string(),
            items: (0..items as u32).collect(),
        }
    }

    fn heap(&self) -> usize {
        self.name.capacity() + self.items.capacity() * size_of::<u32>()
    }
}

#[derive(Layout)]
struct PlainOpaque {
    #[layout(opaque)]
    handle: Handle,
    #[layout(opaque)]
    bytes: [u8; 24],
    name: String,
}

#[test]
fn an_opaque_field_without_drop_glue_stays_exact() {
    for text in TEXTS {
        let (value, usage) = alloc::measure(|| PlainOpaque {
            handle: Handle { _id: 1, _flags: 2 },
            bytes: [7; 24],
            name: String::from(text),
        });
        let t = memlayout::totals(&value);
        assert_exact(&t, usage, text);
        assert!(check("value", &value, &[(Figure::Heap, usage.bytes)]).is_ok());
        assert!(value
            .layout_report()
            .findings()
            .iter()
            .all(|f| f.kind != FindingKind::NotWalked));
    }
}

// ---- opaque on a whole type and on a variant ----

/// Opaque as a whole: no field needs `Layout`.
#[derive(Layout)]
#[layout(opaque)]
struct Session {
    user: Foreign,
    id: u64,
}

/// Opaque as a whole, and nothing in it can own heap.
#[derive(Layout)]
#[layout(opaque)]
struct Pair {
    a: Handle,
    b: u32,
}

/// A buffer from another crate that frees its memory in its own `Drop`: no field has drop glue.
#[derive(Layout)]
#[layout(opaque)]
struct RawBuffer {
    ptr: *mut u8,
    len: usize,
}

impl RawBuffer {
    fn new(len: usize) -> RawBuffer {
        let ptr = Box::into_raw(vec![0u8; len].into_boxed_slice()).cast::<u8>();
        RawBuffer { ptr, len }
    }
}

impl Drop for RawBuffer {
    fn drop(&mut self) {
        let slice = std::ptr::slice_from_raw_parts_mut(self.ptr, self.len);
        // SAFETY: `ptr` and `len` came from a `Box<[u8]>` in `new`, freed once, here.
        drop(unsafe { Box::from_raw(slice) });
    }
}

#[test]
fn an_opaque_type_with_its_own_drop_is_a_bound() {
    for len in [1, 16, 4096] {
        let (buffer, usage) = alloc::measure(|| RawBuffer::new(len));
        assert_eq!(usage.bytes, len);
        assert_bounded(&memlayout::totals(&buffer), usage, &format!("{len}"));
        let report = buffer.layout_report();
        assert!(report.find("").and_then(|root| root.unreadable()).is_some());
    }
    assert!(!is_leaf::<RawBuffer>());
}

#[test]
fn opaque_on_a_whole_type() {
    for (name, items) in [("", 0), ("ada", 3), ("grace hopper", 100)] {
        let (value, usage) = alloc::measure(|| Session {
            user: Foreign::new(name, items),
            id: 9,
        });
        assert_eq!(usage.bytes, value.user.heap());
        let t = memlayout::totals(&value);
        assert_bounded(&t, usage, name);
        assert_eq!(t.heap_bytes_low, 0);
        assert!(check("session", &value, &[(Figure::Heap, usize::MAX - 1)]).is_err());
    }
    // The static layout still lists the fields, each opaque.
    let layout = Session::LAYOUT;
    assert_eq!(layout.size, size_of::<Session>());
    assert_eq!(
        layout.field("user").unwrap().offset,
        std::mem::offset_of!(Session, user)
    );
    assert!(layout
        .fields
        .iter()
        .all(|f| f.storage == memlayout::Storage::Opaque));

    let (pair, usage) = alloc::measure(|| Pair {
        a: Handle { _id: 0, _flags: 0 },
        b: 1,
    });
    assert_exact(&memlayout::totals(&pair), usage, "Pair");
    assert!(is_leaf::<Pair>());
    assert!(!is_leaf::<Session>());
}

#[derive(Layout)]
enum Event {
    #[layout(opaque)]
    Custom(Foreign, u8),
    Text(String),
    #[layout(opaque)]
    Raw {
        handle: Handle,
    },
}

#[test]
fn opaque_on_a_variant() {
    let (custom, usage) = alloc::measure(|| Event::Custom(Foreign::new("x", 5), 1));
    let t = memlayout::totals(&custom);
    assert_bounded(&t, usage, "Custom");
    assert_eq!(t.heap_bytes_low, 0);
    for text in TEXTS {
        let (event, usage) = alloc::measure(|| Event::Text(String::from(text)));
        assert_exact(&memlayout::totals(&event), usage, text);
    }
    let (raw, usage) = alloc::measure(|| Event::Raw {
        handle: Handle { _id: 3, _flags: 4 },
    });
    assert_exact(&memlayout::totals(&raw), usage, "Raw");
    let report = custom.layout_report();
    assert!(report
        .find(".Custom.0")
        .and_then(|n| n.unreadable())
        .is_some());
    // The variant's other opaque field, a `u8`, owns nothing: measured, with its real size.
    let flag = report.find(".Custom.1").expect("the u8 has a node");
    assert_eq!(flag.kind(), memlayout::report::NodeKind::Measured);
    assert_eq!(flag.inline_bytes(), size_of::<u8>());
    assert!(flag.unreadable().is_none());
    let not_walked = report
        .findings()
        .iter()
        .filter(|f| f.kind == FindingKind::NotWalked);
    assert_eq!(
        not_walked.map(|f| f.path.as_str()).collect::<Vec<_>>(),
        [".Custom.0"]
    );
}

// ---- with on a whole type ----

fn pool_heap(pool: &Pool) -> usize {
    pool.items.capacity() * size_of::<Foreign>()
        + pool.items.iter().map(Foreign::heap).sum::<usize>()
}

/// Measured as a whole by a function the user wrote: the figure is the user's claim.
#[derive(Layout)]
#[layout(with = pool_heap)]
struct Pool {
    items: Vec<Foreign>,
    limit: usize,
}

#[test]
fn with_on_a_whole_type_reports_the_functions_figure_as_exact() {
    let shapes: [&[usize]; 4] = [&[], &[0], &[3, 10], &[1, 2, 3, 4, 5]];
    for sizes in shapes {
        let (mut pool, usage) = alloc::measure(|| Pool {
            items: sizes.iter().map(|&n| Foreign::new("item", n)).collect(),
            limit: 8,
        });
        let t = memlayout::totals(&pool);
        assert_exact(&t, usage, &format!("{sizes:?}"));
        assert!(check("pool", &pool, &[(Figure::Heap, usage.bytes)]).is_ok());
        // Grown, then shrunk: the function follows.
        let before = alloc::live().0;
        pool.items.push(Foreign::new("more", 7));
        pool.items.truncate(1);
        pool.items.shrink_to_fit();
        let grown = (alloc::live().0 - before) + usage.bytes as isize;
        assert_eq!(memlayout::heap_bytes(&pool) as isize, grown);
        assert!(pool.limit == 8);
    }
    assert!(!is_leaf::<Pool>());
}

// ---- the element-level way out ----

#[derive(Layout)]
struct Lexed {
    tokens: Vec<Opaque<Foreign>>,
    handles: Vec<Opaque<Handle>>,
}

#[test]
fn opaque_elements_keep_the_collections_buffer_exact() {
    for count in [0, 1, 5, 40] {
        let (mut value, usage) = alloc::measure(|| Lexed {
            tokens: (0..count).map(|i| Opaque(Foreign::new("t", i))).collect(),
            handles: (0..count as u64)
                .map(|i| Opaque(Handle { _id: i, _flags: 0 }))
                .collect(),
        });
        let t = memlayout::totals(&value);
        let buffers = value.tokens.capacity() * size_of::<Foreign>()
            + value.handles.capacity() * size_of::<Handle>();
        if count == 0 {
            assert_exact(&t, usage, "empty");
        } else {
            assert_bounded(&t, usage, &format!("{count} tokens"));
            assert_eq!(t.unreadable, count);
        }
        // The buffers are counted exactly; only the tokens' own heap is unknown.
        assert_eq!(t.heap_bytes_low, buffers);
        // Only handles: exact, since a `Handle` cannot own heap.
        value.tokens = Vec::new();
        let handles = memlayout::totals(&value.handles);
        assert!(handles.is_exact);
        assert_eq!(
            handles.heap_bytes,
            value.handles.capacity() * size_of::<Handle>()
        );
    }
    assert_eq!(<Opaque<Foreign>>::LAYOUT.size, size_of::<Foreign>());
    assert!(is_leaf::<Opaque<Handle>>());
}

// ---- MaybeUninit, UnsafeCell ----

#[derive(Layout)]
struct Slots {
    text: MaybeUninit<String>,
    raw: MaybeUninit<[u8; 16]>,
    cell: UnsafeCell<Vec<u8>>,
    counter: UnsafeCell<u64>,
}

#[test]
fn maybe_uninit_and_unsafe_cell_are_never_read() {
    for (text, len) in [("", 0), ("hello", 3), ("longer text here", 100)] {
        let (mut value, usage) = alloc::measure(|| Slots {
            text: MaybeUninit::new(String::from(text)),
            raw: MaybeUninit::uninit(),
            cell: UnsafeCell::new(vec![1; len]),
            counter: UnsafeCell::new(0),
        });
        let t = memlayout::totals(&value);
        assert_bounded(&t, usage, text);
        assert_eq!(t.unreadable, 2);
        assert_eq!(t.heap_bytes_low, 0);
        // SAFETY: `text` was initialised above and is dropped once, here.
        unsafe { value.text.assume_init_drop() };
    }
    // Contents without drop glue own nothing: exact, and leaves.
    let (plain, usage) =
        alloc::measure(|| (MaybeUninit::<[u8; 16]>::uninit(), UnsafeCell::new(5u64)));
    assert_exact(&memlayout::totals(&plain), usage, "plain");
    assert!(is_leaf::<MaybeUninit<u64>>() && is_leaf::<UnsafeCell<u64>>());
    assert!(!is_leaf::<MaybeUninit<String>>() && !is_leaf::<UnsafeCell<String>>());
    assert_eq!(
        <UnsafeCell<String>>::LAYOUT.size,
        size_of::<UnsafeCell<String>>()
    );
}

// ---- unions ----

#[derive(Layout)]
union Word {
    number: u32,
    text: ManuallyDrop<String>,
}

#[derive(Layout)]
union Bits {
    int: u64,
    float: f64,
    bytes: [u8; 8],
}

/// Opaque as a whole: no field needs `Layout`, and a union never has drop glue of its own.
#[derive(Layout)]
#[layout(opaque)]
union OpaqueWord {
    number: u32,
    text: ManuallyDrop<String>,
}

#[test]
fn a_union_whose_field_may_own_heap_gives_a_bound() {
    let (mut opaque, usage) = alloc::measure(|| OpaqueWord {
        text: ManuallyDrop::new(String::from("hello")),
    });
    assert_bounded(&memlayout::totals(&opaque), usage, "opaque union");
    // SAFETY: `text` is the live field; it is dropped once, here.
    unsafe { ManuallyDrop::drop(&mut opaque.text) };

    for text in TEXTS {
        let (mut word, usage) = alloc::measure(|| Word {
            text: ManuallyDrop::new(String::from(text)),
        });
        assert_bounded(&memlayout::totals(&word), usage, text);
        assert!(check("word", &word, &[(Figure::Heap, 1 << 20)]).is_err());
        // SAFETY: `text` is the live field; it is dropped once, here.
        unsafe { ManuallyDrop::drop(&mut word.text) };
    }
    let (number, usage) = alloc::measure(|| Word { number: 5 });
    // Which field is live is unknown: even holding a number, the union is a bound.
    assert_bounded(&memlayout::totals(&number), usage, "number");
    // SAFETY: `number` is the live field.
    assert_eq!(unsafe { number.number }, 5);

    let (bits, usage) = alloc::measure(|| Bits { int: 1 });
    assert_exact(&memlayout::totals(&bits), usage, "Bits");
    // SAFETY: every bit pattern is a valid `f64`.
    assert!(unsafe { bits.float } > 0.0);
    assert!(is_leaf::<Bits>() && !is_leaf::<Word>());
}

// ---- closures: opaque, or walked as trait objects ----

#[derive(Layout)]
struct Callback {
    #[layout(opaque)]
    on_event: Box<dyn Fn() -> usize>,
}

#[test]
fn an_opaque_closure_capturing_a_large_vec_fails_a_heap_budget() {
    let (value, usage) = alloc::measure(|| {
        let data = vec![7u8; 1 << 20];
        Callback {
            on_event: Box::new(move || data.len()),
        }
    });
    assert_eq!((value.on_event)(), 1 << 20);
    assert!(usage.bytes > 1 << 20);
    let t = memlayout::totals(&value);
    assert_bounded(&t, usage, "closure");
    let panicked =
        std::panic::catch_unwind(AssertUnwindSafe(|| assert_budget!(value, heap <= 100)));
    assert!(panicked.is_err(), "the budget must fail");
    let error = check("value", &value, &[(Figure::Heap, 100)]).unwrap_err();
    assert!(error.overruns[0].unverified.is_some());
}

/// No attribute: `dyn Fn() -> usize` is a trait object memlayout implements `Layout` for.
#[derive(Layout)]
struct Walked {
    on_event: Box<dyn Fn() -> usize>,
}

#[test]
fn a_trait_object_counts_its_box_exactly_and_its_contents_as_unknown() {
    for len in [0usize, 10, 1 << 16] {
        let (value, usage) = alloc::measure(|| {
            let data = vec![1u8; len];
            let extra = len as u64;
            Walked {
                on_event: Box::new(move || data.len() + extra as usize),
            }
        });
        assert_eq!((value.on_event)(), 2 * len);
        let t = memlayout::totals(&value);
        assert_bounded(&t, usage, &format!("{len}"));
        // The box holds the captured `Vec` and `u64`: exactly `size_of_val` bytes.
        assert_eq!(t.heap_bytes_low, size_of::<(Vec<u8>, u64)>());
        assert_eq!(t.heap_bytes_low, std::mem::size_of_val(&*value.on_event));
    }
}

// ---- drop order ----

#[test]
fn the_drop_order_says_what_an_opaque_field_frees_is_unknown() {
    let value = Ignored(String::from("hidden"), String::from("shown"));
    let order = value.drop_order();
    let unreadable: Vec<_> = order
        .steps()
        .filter(|s| matches!(s.action(), DropAction::Unreadable { .. }))
        .map(|s| s.path())
        .collect();
    assert_eq!(unreadable, [".0"]);
}
