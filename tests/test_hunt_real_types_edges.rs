//! Hunt 11f, continued: the corners of real crates' type definitions the derive has to read:
//! syn's `Token![::]` (a macro call in a field's type), raw identifiers (`r#type`,
//! cargo_metadata), smallvec's union, `#[non_exhaustive]` variants,
//! `cfg`'d variants, negative discriminants under `repr(i8)`, `Cow`-like enums with
//! `<T as ToOwned>::Owned` payloads, higher-ranked callbacks, concrete projections
//! (`<Vec<u8> as IntoIterator>::IntoIter`) and array lengths from associated constants.
// The types are copied as their crates write them, boxed callbacks and all.
#![allow(dead_code, clippy::type_complexity)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use std::mem::MaybeUninit;
use std::ptr::NonNull;

use hunt::*;

#[derive(Layout, Clone, Copy)]
pub struct PathSep {
    pub spans: [u32; 2],
}

#[derive(Layout, Clone, Copy)]
pub struct Lt {
    pub span: u32,
}

/// syn's `Token!` macro, reduced to the two tokens used here.
macro_rules! Token {
    [::] => { PathSep };
    [<] => { Lt };
}

/// syn's `ExprPath`-like fields written with `Token![..]`, as syn writes them.
#[derive(Layout)]
pub struct Turbofish {
    pub leading_colon: Option<Token![::]>,
    pub lt_token: Token![<],
    pub args: Vec<Token![::]>,
}

/// cargo_metadata's `Target`-like raw identifiers.
#[derive(Layout)]
pub struct Dependency {
    pub name: String,
    pub r#type: Option<String>,
    pub r#async: bool,
    pub r#ref: u8,
}

#[derive(Layout)]
pub enum Kind {
    r#Dev(u8),
    r#Build { r#type: u16 },
}

/// smallvec's `SmallVecData` (src/lib.rs, the `union` feature).
#[derive(Layout)]
union SmallVecData<A: Copy> {
    inline: core::mem::ManuallyDrop<MaybeUninit<A>>,
    heap: (NonNull<u8>, usize),
}

/// `std::cmp::Ordering`'s shape: negative discriminants.
#[derive(Layout, Clone, Copy, PartialEq, Eq, Debug)]
#[repr(i8)]
pub enum Ordering {
    Less = -1,
    Equal = 0,
    Greater = 1,
}

/// regex-automata's error kinds: `#[non_exhaustive]` on the enum and on a variant, and a
/// `cfg`'d variant.
#[derive(Layout, Debug)]
#[non_exhaustive]
pub enum BuildErrorKind {
    Syntax {
        pid: u32,
        err: String,
    },
    #[non_exhaustive]
    TooManyStates {
        given: usize,
        limit: u64,
    },
    #[cfg(not(test))] // a variant behind a feature that is off
    Unicode(Box<str>),
    Unsupported(&'static str),
}

/// beef's / std's `Cow`, on any `ToOwned`.
#[derive(Layout)]
pub enum MaybeOwned<'a, T: ?Sized + ToOwned + 'a>
where
    T::Owned: Layout,
{
    Borrowed(&'a T),
    Owned(<T as ToOwned>::Owned),
}

/// A field whose type is a projection of concrete types, and arrays sized by constants.
pub trait Limits {
    const MAX: usize;
}

pub struct Small;

impl Limits for Small {
    const MAX: usize = 5;
}

#[derive(Layout)]
pub struct Projections {
    pub rest: <Vec<u8> as IntoIterator>::IntoIter,
    pub buf: [u8; <Small as Limits>::MAX],
    pub words: [usize; 2 * core::mem::size_of::<u64>()],
}

/// A higher-ranked callback, as tower and hyper store them.
#[derive(Layout)]
pub struct Hooks {
    pub on_line: Box<dyn for<'a> Fn(&'a str) -> &'a str + Send>,
    pub raw: *mut dyn Error,
    pub next: Option<Box<Self>>,
}

#[test]
fn token_macros_and_raw_identifiers() {
    assert_offsets!(Turbofish; leading_colon, lt_token, args);
    let got: Vec<&str> = Dependency::LAYOUT.fields.iter().map(|f| f.name).collect();
    assert_eq!(got, ["name", "type", "async", "ref"]);
    assert_eq!(
        Dependency::LAYOUT
            .fields
            .iter()
            .map(|f| f.offset)
            .collect::<Vec<_>>(),
        [
            std::mem::offset_of!(Dependency, name),
            std::mem::offset_of!(Dependency, r#type),
            std::mem::offset_of!(Dependency, r#async),
            std::mem::offset_of!(Dependency, r#ref),
        ]
    );
    check_size::<Kind>();
    let k = Kind::Build { r#type: 9 };
    if let Kind::Build { r#type } = &k {
        check_variant(&k, "Build", vec![at("type", &k, r#type)]);
    }
    let t = check_heap(|| Turbofish {
        leading_colon: None,
        lt_token: Lt { span: 0 },
        args: vec![PathSep { spans: [1, 2] }; 3],
    });
    check_leaked(t);
    let d = check_heap(|| Dependency {
        name: "serde".into(),
        r#type: Some("normal".into()),
        r#async: true,
        r#ref: 0,
    });
    let report = d.layout_report();
    assert!(report.find(".type").is_some(), "{report}");
}

#[test]
fn unsized_unions_and_discriminants() {
    assert_offsets!(SmallVecData<[u64; 4]>; inline, heap);
    check_size::<Ordering>();
    let o = Ordering::Less;
    assert_eq!(memlayout::variant::of(&o).unwrap().name, "Less");
    check_size::<BuildErrorKind>();
    assert_eq!(BuildErrorKind::LAYOUT.variants.len(), 3);
    let e = check_heap(|| BuildErrorKind::Syntax {
        pid: 3,
        err: "unclosed group".into(),
    });
    if let BuildErrorKind::Syntax { pid, err } = &e {
        check_variant(&e, "Syntax", vec![at("pid", &e, pid), at("err", &e, err)]);
    }
    let e = BuildErrorKind::TooManyStates { given: 1, limit: 2 };
    if let BuildErrorKind::TooManyStates { given, limit } = &e {
        check_variant(
            &e,
            "TooManyStates",
            vec![at("given", &e, given), at("limit", &e, limit)],
        );
    }
}

#[test]
fn projections_and_callbacks() {
    check_size::<MaybeOwned<str>>();
    check_size::<MaybeOwned<[u32]>>();
    let owned: MaybeOwned<str> = check_heap(|| MaybeOwned::Owned("owned".repeat(4)));
    if let MaybeOwned::Owned(x) = &owned {
        check_variant(&owned, "Owned", vec![at("0", &owned, x)]);
    }
    let text = String::from("x");
    let borrowed: MaybeOwned<str> = MaybeOwned::Borrowed(&text);
    if let MaybeOwned::Borrowed(x) = &borrowed {
        check_variant(&borrowed, "Borrowed", vec![at("0", &borrowed, x)]);
    }
    assert_offsets!(Projections; rest, buf, words);
    assert_offsets!(Hooks; on_line, raw, next);
    let p = Projections {
        rest: Vec::new().into_iter(),
        buf: [0; 5],
        words: [0; 16],
    };
    assert_eq!(memlayout::heap_bytes(&p), 0);
}

/// indexmap's `map` module has `mod core;` (src/map/core.rs), serde_json's crate root a
/// one-parameter `Result<T>` alias; crates shadow `std`, `alloc`, `Box`, `Vec` and `String`
/// too. Derives inside such a module must name nothing through those names.
mod shadowing {
    #![allow(non_camel_case_types, unused)]
    use ::memlayout::Layout;

    mod core {}
    mod std {}
    mod alloc {}

    pub type Result<T> = ::core::result::Result<T, Error>;
    pub type Option = u8;
    pub struct Some;
    pub struct None;
    pub struct Ok;
    pub struct Err;
    pub type Box = u16;
    pub type Vec = u32;
    pub struct String;
    pub fn size_of() {}
    pub fn align_of() {}
    macro_rules! offset_of {
        () => {};
    }
    pub trait Sized {}
    pub trait Copy {}
    pub trait Clone {}
    pub trait Drop {}
    pub trait Fn {}
    pub trait Iterator {}
    pub trait Default {}
    pub struct PhantomData;
    pub struct usize;

    #[derive(Layout)]
    pub struct Error {
        pub line: u32,
        pub msg: ::std::string::String,
    }

    #[derive(Layout)]
    pub struct Bucket<K, V> {
        pub hash: ::core::primitive::usize,
        pub key: K,
        pub value: V,
    }

    #[derive(Layout)]
    pub enum Entry<K, V> {
        Occupied(Bucket<K, V>),
        Vacant {
            key: K,
            at: ::core::primitive::usize,
        },
        Gone,
    }

    #[derive(Layout)]
    pub struct Holder<'a, T: ?::core::marker::Sized> {
        pub parsed: ::core::result::Result<u8, Error>,
        pub target: &'a T,
        pub marker: ::core::marker::PhantomData<fn() -> T>,
    }
}

#[test]
fn derives_inside_a_module_shadowing_core_std_and_the_prelude() {
    use shadowing::{Bucket, Entry, Error, Holder};
    assert_offsets!(Bucket<String, u8>; hash, key, value);
    check_size::<Entry<String, u8>>();
    let e: Entry<String, u8> = check_heap(|| Entry::Vacant {
        key: "k".repeat(9),
        at: 3,
    });
    if let Entry::Vacant { key, at: a } = &e {
        check_variant(&e, "Vacant", vec![at("key", &e, key), at("at", &e, a)]);
    }
    let text = String::from("t");
    let h = check_heap(|| Holder::<str> {
        parsed: Err(Error {
            line: 1,
            msg: "bad".into(),
        }),
        target: &text,
        marker: PhantomData,
    });
    assert_offsets!(Holder<str>; parsed, target, marker);
    let _ = h;
}

/// env_logger's `Builder` format callback and tracing-style shared subscribers: closures whose
/// arguments borrow, a trait object behind `Arc`, a pinned boxed future.
pub trait Subscriber {
    fn enabled(&self, target: &str) -> bool;
}

pub struct Filter(pub Vec<String>);

impl Subscriber for Filter {
    fn enabled(&self, target: &str) -> bool {
        self.0.iter().any(|t| t == target)
    }
}

memlayout::dyn_layout!(dyn Subscriber + Send + Sync);

type FormatFn = Box<dyn Fn(&mut String, &str) -> std::fmt::Result + Send + Sync>;

#[derive(Layout)]
pub struct LoggerBuilder {
    pub filters: Vec<(Option<String>, u8)>,
    #[layout(opaque)]
    pub format: Option<FormatFn>,
    pub write_style: u8,
    pub is_test: bool,
    pub built: bool,
}

#[derive(Layout)]
pub struct Dispatch {
    pub subscriber: Arc<dyn Subscriber + Send + Sync>,
}

#[derive(Layout)]
pub struct Task {
    pub name: Cow<'static, str>,
    pub fut: std::pin::Pin<Box<dyn std::future::Future<Output = Result<u32, String>> + Send>>,
}

/// A registry's nested state: a hash map whose values hold vectors of tuples of `Cow`s and
/// shared, locked B-trees of boxed slices.
type Registry = HashMap<
    String,
    Vec<(
        Cow<'static, str>,
        Option<Arc<std::sync::Mutex<std::collections::BTreeMap<u32, Box<[u8]>>>>>,
    )>,
>;

#[derive(Layout)]
pub struct Service {
    pub registry: Registry,
    pub dispatch: Dispatch,
}

#[test]
fn callbacks_subscribers_and_nested_state() {
    assert_offsets!(LoggerBuilder; filters, format, write_style, is_test, built);
    assert_offsets!(Dispatch; subscriber);
    assert_offsets!(Task; name, fut);
    assert_offsets!(Service; registry, dispatch);
    let builder = check_heap(|| LoggerBuilder {
        filters: vec![(Some("app::db".into()), 3), (None, 1)],
        format: None,
        write_style: 0,
        is_test: false,
        built: false,
    });
    check_leaked(builder);
    let service = check_heap(|| {
        let mut registry = Registry::new();
        let mut tree = std::collections::BTreeMap::new();
        tree.insert(1, vec![0u8; 33].into_boxed_slice());
        tree.insert(2, vec![0u8; 7].into_boxed_slice());
        let shared = Arc::new(std::sync::Mutex::new(tree));
        registry.insert(
            "svc".to_string(),
            vec![
                (Cow::Borrowed("a"), Some(Arc::clone(&shared))),
                (Cow::Owned("b".repeat(20)), Some(shared)),
                (Cow::Borrowed("c"), None),
            ],
        );
        Service {
            registry,
            dispatch: Dispatch {
                subscriber: Arc::new(Filter(Vec::new())),
            },
        }
    });
    let report = service.layout_report();
    assert!(report.find(".dispatch.subscriber").is_some(), "{report}");
}

/// Trait objects' contents are opaque: a subscriber holding strings behind `Arc<dyn ..>` and an
/// async block's state behind `Pin<Box<dyn Future>>` give bounds that hold the allocator's
/// figure and say they are bounds.
#[test]
fn trait_object_contents_are_honest_bounds() {
    let (dispatch, usage) = alloc::measure(|| Dispatch {
        subscriber: Arc::new(Filter(vec!["app".repeat(30), "db".into()])),
    });
    let totals = memlayout::totals(&dispatch);
    assert!(!totals.is_exact, "{totals:?}");
    assert!(
        totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
        "{} outside {totals:?}",
        usage.bytes
    );
    let captured = "captured".repeat(5);
    let (task, usage) = alloc::measure(move || Task {
        name: Cow::Borrowed("job"),
        fut: Box::pin(async move { Ok::<u32, String>(captured.len() as u32) }),
    });
    let totals = memlayout::totals(&task);
    assert!(
        totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
        "{} outside {totals:?}",
        usage.bytes
    );
}

/// Defaults on const parameters, bounded lifetimes, and a trait object living for `'a`.
#[derive(Layout)]
pub struct Window<'a, 'b: 'a, T: 'a + ?Sized, const N: usize = 4, U = u8>
where
    T: AsRef<str>,
    U: Copy + 'static,
{
    pub head: &'a T,
    pub tail: &'b str,
    pub ring: [U; N],
    pub on_close: Option<Box<dyn FnMut() + 'a>>,
}

#[test]
fn const_defaults_and_bounded_lifetimes() {
    assert_offsets!(Window<'static, 'static, String>; head, tail, ring, on_close);
    assert_offsets!(Window<'static, 'static, str, 9, u64>; head, tail, ring, on_close);
    let text = String::from("head");
    let w: Window<'_, '_, String> = check_heap(|| Window {
        head: &text,
        tail: "tail",
        ring: [0; 4],
        on_close: None,
    });
    check_leaked(w);
}
