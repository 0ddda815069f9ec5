#![cfg(all(
    feature = "arcstr",
    feature = "arrayvec",
    feature = "bytes",
    feature = "chrono",
    feature = "compact_str",
    feature = "dashmap",
    feature = "either",
    feature = "half",
    feature = "hashbrown",
    feature = "indexmap",
    feature = "once_cell",
    feature = "ordered-float",
    feature = "parking_lot",
    feature = "roaring",
    feature = "serde_json",
    feature = "slab",
    feature = "smallvec",
    feature = "smol_str",
    feature = "thin-vec",
    feature = "time",
    feature = "tinyvec",
    feature = "url",
    feature = "uuid"
))]
//! A struct holding one of each supported crates.io type derives `Layout` with no attributes;
//! its figures hold what the counting allocator handed out: exact where every part is (and its
//! frees are the ones its drop order predicts), otherwise bounds holding the truth.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use memlayout::Layout;

/// The types whose figures are exact.
#[derive(Layout)]
struct Exact {
    map: hashbrown::HashMap<u32, String>,
    set: hashbrown::HashSet<u64>,
    small: smallvec::SmallVec<[u16; 4]>,
    array: arrayvec::ArrayVec<String, 3>,
    text: arrayvec::ArrayString<8>,
    tiny: tinyvec::TinyVec<[u8; 4]>,
    tiny_array: tinyvec::ArrayVec<[u32; 2]>,
    thin: thin_vec::ThinVec<String>,
    slab: slab::Slab<u64>,
    shards: dashmap::DashMap<u8, Vec<u8>>,
    shard_set: dashmap::DashSet<u16>,
    either: either::Either<String, u8>,
    cell: once_cell::sync::OnceCell<Box<u64>>,
    lazy: once_cell::unsync::Lazy<Vec<u8>>,
    half: half::f16,
    brain: half::bf16,
    ordered: ordered_float::OrderedFloat<f64>,
    not_nan: ordered_float::NotNan<f32>,
    id: uuid::Uuid,
    born: chrono::NaiveDate,
    seen: chrono::DateTime<chrono::Utc>,
    took: chrono::TimeDelta,
    at: time::OffsetDateTime,
    name: compact_str::CompactString,
    tag: smol_str::SmolStr,
    shared: arcstr::ArcStr,
    part: arcstr::Substr,
    scores: parking_lot::Mutex<Vec<u32>>,
    notes: parking_lot::RwLock<Vec<String>>,
    flags: serde_json::Value,
}

/// The types whose figures are bounds: capacities their crates keep private (indexmap, roaring,
/// url's serialization, bytes' buffers) and serde_json's map (B-tree nodes, an estimate).
#[derive(Layout)]
struct Bounded {
    exact: Exact,
    index: indexmap::IndexMap<String, u32>,
    index_set: indexmap::IndexSet<u8>,
    bitmap: roaring::RoaringBitmap,
    treemap: roaring::RoaringTreemap,
    home: url::Url,
    body: bytes::Bytes,
    buffer: bytes::BytesMut,
    extra: serde_json::Map<String, serde_json::Value>,
}

/// One of each exact type; strings are `text` in a buffer of a chosen capacity, elements owning
/// heap of a size of their own.
fn exact_parts() -> Exact {
    let mut slab = slab::Slab::new();
    for i in 0..5 {
        slab.insert(i);
    }
    let lazy = once_cell::unsync::Lazy::<Vec<u8>>::new(|| vec![7u8; 12]);
    once_cell::unsync::Lazy::force(&lazy);
    let shared = arcstr::ArcStr::from("a string shared by a field and a substring of it");
    Exact {
        map: (0..10)
            .map(|i| (i, String::with_capacity(4) + "v"))
            .collect(),
        set: (0..20).collect(),
        small: (0..9).collect(),
        array: (1..=2).map(|i| String::with_capacity(i) + "a").collect(),
        text: arrayvec::ArrayString::from("text").unwrap(),
        tiny: (0..6).collect(),
        tiny_array: (0..2).collect(),
        thin: (0..3).map(|i| String::with_capacity(i + 1) + "t").collect(),
        slab,
        shards: (0..9).map(|i| (i, vec![0; usize::from(i)])).collect(),
        shard_set: (0..40).collect(),
        either: either::Either::Left(String::with_capacity(16) + "left"),
        cell: once_cell::sync::OnceCell::with_value(Box::new(1)),
        lazy,
        half: half::f16::from_f32(1.0),
        brain: half::bf16::from_f32(2.0),
        ordered: ordered_float::OrderedFloat(0.5),
        not_nan: ordered_float::NotNan::new(1.5).unwrap(),
        id: uuid::Uuid::from_bytes([1; 16]),
        born: chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("valid"),
        seen: chrono::DateTime::<chrono::Utc>::default(),
        took: chrono::TimeDelta::seconds(90),
        at: time::OffsetDateTime::UNIX_EPOCH,
        name: compact_str::CompactString::new("a name longer than twenty-four bytes"),
        tag: smol_str::SmolStr::new("a tag longer than twenty-three bytes"),
        part: shared.substr(2..8),
        shared,
        scores: parking_lot::Mutex::new(vec![1, 2, 3]),
        notes: parking_lot::RwLock::new(vec!["note".repeat(5)]),
        flags: serde_json::json!(["a", "b", [1, 2]]),
    }
}

#[test]
fn one_of_each_exact_type_matches_the_allocator() {
    // dashmap caches its default shard count on first use: not part of the value.
    drop(dashmap::DashMap::<u8, u8>::new());
    let (value, totals) = support::exact("one of each exact type", exact_parts);
    // Every allocation freed once, the shared one by its last handle.
    assert_eq!(support::frees_as_predicted(value).len(), totals.allocations);
}

#[test]
fn one_of_each_type_is_bounded_around_the_allocator() {
    drop(dashmap::DashMap::<u8, u8>::new());
    support::bounded("one of each type", || Bounded {
        exact: exact_parts(),
        index: (0..7)
            .map(|i| (String::with_capacity(3) + "k", i))
            .collect(),
        index_set: (0..30).collect(),
        bitmap: (0..10_000).step_by(7).collect(),
        treemap: (0..100u64).map(|i| i << 32).collect(),
        home: url::Url::parse("https://example.com/a/b").expect("valid"),
        body: bytes::Bytes::from(vec![7u8; 64]),
        buffer: bytes::BytesMut::with_capacity(128),
        extra: (0..20)
            .map(|i| (i.to_string(), serde_json::Value::from(i)))
            .collect(),
    });
}
