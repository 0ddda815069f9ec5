//! Hunt 11f, continued: language shapes real crates lean on, in their crates' own types:
//! serde's private `Content<'de>` (22 variants of mixed payloads, borrowed and boxed), toml's
//! `Value` (fields behind type aliases), crossbeam's `CachePadded` (`repr(align)` under
//! `cfg_attr`), hashbrown's `RawTable` (raw pointers, a default allocator parameter), bytes'
//! `Bytes` (an `AtomicPtr`, a `&'static` vtable of `unsafe fn`s taking references), itertools'
//! `PutBack` and std's `Peekable` (fields of `I::Item` / `<I as Iterator>::Item`), arrayvec's
//! `ArrayString` (const generics), typed ids (`PhantomData<fn() -> T>`), `where Self: Sized`,
//! shared state (`Arc<Mutex<..>>`), `Cow<'static, str>` and boxed callbacks. Checked against
//! `size_of` / `align_of` / `offset_of!`, live bindings, the counting allocator and droppers.
// The types are copied as their crates write them, boxed callbacks and all.
#![allow(dead_code, clippy::type_complexity)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use std::collections::BTreeMap;
use std::mem::MaybeUninit;
use std::ptr::NonNull;
use std::sync::atomic::AtomicPtr;
use std::sync::Mutex;

use hunt::*;

/// A value whose heap is partly private (a trait object's contents, `vec::IntoIter`'s
/// capacity): the allocator's figure lies inside memlayout's bounds, which say they are bounds.
#[track_caller]
fn check_bounded<T: Layout>(build: impl FnOnce() -> T) -> T {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    assert!(!totals.is_exact, "{totals:?}");
    assert!(
        totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
        "{} outside {totals:?}",
        usage.bytes
    );
    value
}

// ---- serde (src/private/de.rs) ----

#[derive(Layout, Debug, Clone)]
pub enum Content<'de> {
    Bool(bool),

    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),

    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),

    F32(f32),
    F64(f64),

    Char(char),
    String(String),
    Str(&'de str),
    ByteBuf(Vec<u8>),
    Bytes(&'de [u8]),

    None,
    Some(Box<Content<'de>>),

    Unit,
    Newtype(Box<Content<'de>>),
    Seq(Vec<Content<'de>>),
    Map(Vec<(Content<'de>, Content<'de>)>),
}

#[test]
fn serde_content() {
    check_size::<Content>();
    let text = String::from("borrowed");
    let bytes = [1u8, 2, 3];
    let c = Content::Str(&text);
    if let Content::Str(x) = &c {
        check_variant(&c, "Str", vec![at("0", &c, x)]);
    }
    let c = Content::Bytes(&bytes);
    if let Content::Bytes(x) = &c {
        check_variant(&c, "Bytes", vec![at("0", &c, x)]);
    }
    let c = Content::I16(-7);
    if let Content::I16(x) = &c {
        check_variant(&c, "I16", vec![at("0", &c, x)]);
    }
    let c = Content::Char('é');
    if let Content::Char(x) = &c {
        check_variant(&c, "Char", vec![at("0", &c, x)]);
    }
    let c = Content::F32(1.5);
    if let Content::F32(x) = &c {
        check_variant(&c, "F32", vec![at("0", &c, x)]);
    }
    check_variant(&Content::Unit, "Unit", vec![]);
    let map = check_heap(|| {
        Content::Map(vec![
            (
                Content::String("k".repeat(30)),
                Content::Some(Box::new(Content::Seq(vec![
                    Content::U64(1),
                    Content::ByteBuf(vec![0; 100]),
                    Content::Newtype(Box::new(Content::Str(&text))),
                ]))),
            ),
            (Content::Bytes(&bytes), Content::None),
        ])
    });
    if let Content::Map(x) = &map {
        check_variant(&map, "Map", vec![at("0", &map, x)]);
    }
    check_leaked(map);
}

// ---- toml (src/value.rs, src/map.rs) and toml_datetime (src/datetime.rs) ----

pub type Array = Vec<TomlValue>;
pub type Table = BTreeMap<String, TomlValue>;

#[derive(Layout, PartialEq, Clone, Debug)]
pub enum TomlValue {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    Datetime(Datetime),
    Array(Array),
    Table(Table),
}

#[derive(Layout, PartialEq, Eq, Clone, Copy, Debug)]
pub struct Datetime {
    pub date: Option<Date>,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
}

#[derive(Layout, PartialEq, Eq, PartialOrd, Ord, Copy, Clone, Debug)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

#[derive(Layout, PartialEq, Eq, PartialOrd, Ord, Copy, Clone, Debug)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    pub second: Option<u8>,
    pub nanosecond: Option<u32>,
}

#[derive(Layout, PartialEq, Eq, PartialOrd, Ord, Copy, Clone, Debug)]
pub enum Offset {
    Z,
    Custom {
        /// Offset from UTC +/- minutes
        minutes: i16,
    },
}

#[test]
fn toml_value() {
    assert_offsets!(Datetime; date, time, offset);
    assert_offsets!(Date; year, month, day);
    assert_offsets!(Time; hour, minute, second, nanosecond);
    check_size::<TomlValue>();
    check_size::<Offset>();
    let o = Offset::Custom { minutes: -90 };
    if let Offset::Custom { minutes } = &o {
        check_variant(&o, "Custom", vec![at("minutes", &o, minutes)]);
    }
    let dt = TomlValue::Datetime(Datetime {
        date: Some(Date {
            year: 1979,
            month: 5,
            day: 27,
        }),
        time: None,
        offset: Some(Offset::Z),
    });
    if let TomlValue::Datetime(x) = &dt {
        check_variant(&dt, "Datetime", vec![at("0", &dt, x)]);
    }
    let doc = check_heap(|| {
        let mut table = Table::new();
        table.insert("title".into(), TomlValue::String("TOML".into()));
        table.insert(
            "ports".into(),
            TomlValue::Array(vec![TomlValue::Integer(8000), dt.clone()]),
        );
        TomlValue::Table(table)
    });
    if let TomlValue::Table(x) = &doc {
        check_variant(&doc, "Table", vec![at("0", &doc, x)]);
    }
    check_leaked(doc);
}

// ---- crossbeam-utils (src/cache_padded.rs) ----

#[derive(Layout, Clone, Copy, Default, Hash, PartialEq, Eq)]
#[cfg_attr(
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64"
    ),
    repr(align(128))
)]
#[cfg_attr(
    not(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64"
    )),
    repr(align(64))
)]
pub struct CachePadded<T> {
    value: T,
}

// ---- hashbrown (src/raw/mod.rs), with a local stand-in for the unstable `Allocator` ----

pub trait Allocator {}

#[derive(Layout, Copy, Clone, Default)]
pub struct Global;

impl Allocator for Global {}

#[derive(Layout)]
struct RawTableInner {
    // Mask to get an index from a hash value. The value is one less than the
    // number of buckets in the table.
    bucket_mask: usize,
    // [Padding], T_n, ..., T1, T0, C0, C1, ...
    //                              ^ points here
    ctrl: NonNull<u8>,
    // Number of elements that can be inserted before we need to grow the table
    growth_left: usize,
    // Number of elements in the table, only really used by len()
    items: usize,
}

#[derive(Layout)]
pub struct RawTable<T, A: Allocator = Global> {
    table: RawTableInner,
    alloc: A,
    // Tell dropck that we own instances of T.
    marker: PhantomData<T>,
}

// ---- bytes (src/bytes.rs) ----

#[derive(Layout)]
pub struct Bytes {
    ptr: *const u8,
    len: usize,
    // inlined "trait object"
    data: AtomicPtr<()>,
    vtable: &'static Vtable,
}

#[derive(Layout)]
pub(crate) struct Vtable {
    /// fn(data, ptr, len)
    pub clone: unsafe fn(&AtomicPtr<()>, *const u8, usize) -> Bytes,
    /// fn(data, ptr, len)
    pub to_vec: unsafe fn(&AtomicPtr<()>, *const u8, usize) -> Vec<u8>,
    /// fn(data)
    pub is_unique: unsafe fn(&AtomicPtr<()>) -> bool,
    /// fn(data, ptr, len)
    pub drop: unsafe fn(&mut AtomicPtr<()>, *const u8, usize),
}

unsafe fn static_clone(_: &AtomicPtr<()>, ptr: *const u8, len: usize) -> Bytes {
    Bytes {
        ptr,
        len,
        data: AtomicPtr::new(std::ptr::null_mut()),
        vtable: &STATIC_VTABLE,
    }
}

unsafe fn static_to_vec(_: &AtomicPtr<()>, ptr: *const u8, len: usize) -> Vec<u8> {
    // SAFETY: `ptr` and `len` come from a `&'static [u8]` (see `Bytes::from_static`).
    unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec()
}

unsafe fn static_is_unique(_: &AtomicPtr<()>) -> bool {
    false
}

unsafe fn static_drop(_: &mut AtomicPtr<()>, _: *const u8, _: usize) {}

static STATIC_VTABLE: Vtable = Vtable {
    clone: static_clone,
    to_vec: static_to_vec,
    is_unique: static_is_unique,
    drop: static_drop,
};

#[test]
fn raw_pointers_and_vtables() {
    assert_offsets!(CachePadded<u8>; value);
    assert_offsets!(CachePadded<Vec<u8>>; value);
    assert_offsets!(RawTableInner; bucket_mask, ctrl, growth_left, items);
    assert_offsets!(RawTable<String>; table, alloc, marker);
    assert_offsets!(Bytes; ptr, len, data, vtable);
    assert_offsets!(Vtable; clone, to_vec, is_unique, drop);
    let padded = check_heap(|| CachePadded {
        value: vec![1u64; 9],
    });
    check_leaked(padded);
    let b = check_heap(|| {
        let s: &'static [u8] = b"static bytes";
        Bytes {
            ptr: s.as_ptr(),
            len: s.len(),
            data: AtomicPtr::new(std::ptr::null_mut()),
            vtable: &STATIC_VTABLE,
        }
    });
    assert_eq!(memlayout::heap_bytes(&b), 0);
}

// ---- iterator adaptors: fields of an associated type ----

/// itertools' `PutBack` (src/adaptors/mod.rs).
#[derive(Layout)]
pub struct PutBack<I>
where
    I: Iterator,
{
    top: Option<I::Item>,
    iter: I,
}

/// std's `Peekable`, with the qualified spelling of the item type.
#[derive(Layout)]
pub struct Peekable<I: Iterator> {
    iter: I,
    /// Remember a peeked value, even if it was None.
    peeked: Option<Option<<I as Iterator>::Item>>,
}

#[test]
fn associated_type_fields() {
    type It = std::vec::IntoIter<String>;
    assert_offsets!(PutBack<It>; top, iter);
    assert_offsets!(Peekable<It>; iter, peeked);
    // `vec::IntoIter`'s buffer is a lower bound (its capacity is private).
    let put_back = check_bounded(|| {
        let mut iter = vec!["a".to_string(), "bb".repeat(20)].into_iter();
        let top = iter.next();
        PutBack { top, iter }
    });
    let _ = put_back;
    let exact = check_heap(|| PutBack {
        top: Some("top".to_string()),
        iter: Vec::<String>::new().into_iter(),
    });
    check_leaked(exact);
    let peek = Peekable {
        iter: vec![String::from("x")].into_iter(),
        peeked: Some(Some("peeked".to_string())),
    };
    let report = peek.layout_report();
    assert!(report.find(".peeked").is_some(), "{report}");
}

// ---- const generics, markers, `where Self: Sized` ----

/// arrayvec's `ArrayString` (src/array_string.rs).
#[derive(Layout, Copy)]
#[repr(C)]
pub struct ArrayString<const CAP: usize> {
    // the `len` first elements of the array are initialized
    len: u32,
    xs: [MaybeUninit<u8>; CAP],
}

impl<const CAP: usize> Clone for ArrayString<CAP> {
    fn clone(&self) -> Self {
        *self
    }
}

/// A typed id, as id-arena, slotmap and salsa write them: invariant-free, `Send` whatever `T` is.
#[derive(Layout)]
pub struct Id<T> {
    idx: u32,
    arena_id: u32,
    _ty: PhantomData<fn() -> T>,
}

/// A type with no `Layout` impl, only ever named by ids.
pub struct Opaque;

/// A builder whose methods need `Self: Sized` everywhere, written on the type.
#[derive(Layout)]
pub struct Builder<const N: usize, T: Default = u8>
where
    Self: Sized,
    T: Clone,
{
    pub(crate) name: Cow<'static, str>,
    pub(crate) slots: [T; N],
    pub shared: Arc<Mutex<Vec<String>>>,
    #[layout(opaque)]
    pub on_event: Vec<Box<dyn Fn(&str) -> bool + Send + Sync>>,
    pub map: Box<dyn FnMut(u32) -> u32>,
    pub err: Option<Box<dyn Error + Send + Sync>>,
}

#[test]
fn const_generics_markers_and_callbacks() {
    assert_offsets!(ArrayString<5>; len, xs);
    assert_offsets!(ArrayString<0>; len, xs);
    assert_offsets!(Id<Opaque>; idx, arena_id, _ty);
    assert_offsets!(Builder<3>; name, slots, shared, on_event, map, err);
    assert_offsets!(Builder<2, String>; name, slots, shared, on_event, map, err);
    let id: Id<Opaque> = Id {
        idx: 1,
        arena_id: 2,
        _ty: PhantomData,
    };
    assert_eq!(memlayout::heap_bytes(&id), 0);
    let s = ArrayString::<7> {
        len: 0,
        xs: [MaybeUninit::uninit(); 7],
    };
    assert_eq!(memlayout::heap_bytes(&s), 0);
    // The boxed error's `String` is inside a trait object: opaque, so the figures are bounds.
    let builder = check_bounded(|| Builder::<2, String> {
        name: Cow::Owned("owned".repeat(3)),
        slots: ["a".repeat(17), String::new()],
        shared: Arc::new(Mutex::new(vec!["x".to_string()])),
        on_event: Vec::new(),
        map: Box::new(|x| x + 1),
        err: Some("boom".into()),
    });
    let borrowed = check_heap(|| Builder::<1> {
        name: Cow::Borrowed("static"),
        slots: [0],
        shared: Arc::new(Mutex::new(Vec::new())),
        on_event: Vec::new(),
        map: Box::new(|x| x),
        err: None,
    });
    check_leaked(borrowed);
    let report = builder.layout_report();
    assert!(report.find(".shared").is_some(), "{report}");
}
