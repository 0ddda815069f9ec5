#![cfg(all(
    feature = "hashbrown",
    feature = "indexmap",
    feature = "smallvec",
    feature = "arrayvec",
    feature = "tinyvec",
    feature = "thin-vec",
    feature = "slab",
    feature = "dashmap",
    feature = "roaring",
    feature = "either",
    feature = "once_cell",
    feature = "half",
    feature = "ordered-float"
))]
//! A struct holding one of each supported crates.io type derives `Layout` with no attributes;
//! its figure is exact where every part is, and otherwise bounds the allocator's count.

#[path = "crates_support/mod.rs"]
mod support;

use memlayout::Layout;
use support::{bounded, exact, string};

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
}

/// The types whose figures are bounds: indexmap's and roaring's private capacities.
#[derive(Layout)]
struct Bounded {
    exact: Exact,
    index: indexmap::IndexMap<String, u32>,
    index_set: indexmap::IndexSet<u8>,
    bitmap: roaring::RoaringBitmap,
    treemap: roaring::RoaringTreemap,
}

fn exact_parts() -> Exact {
    let mut slab = slab::Slab::new();
    for i in 0..5 {
        slab.insert(i);
    }
    let lazy = once_cell::unsync::Lazy::<Vec<u8>>::new(|| vec![7u8; 12]);
    once_cell::unsync::Lazy::force(&lazy);
    Exact {
        map: (0..10).map(|i| (i, string("v", 4))).collect(),
        set: (0..20).collect(),
        small: (0..9).collect(),
        array: (1..=2).map(|i| string("a", i)).collect(),
        text: arrayvec::ArrayString::from("text").unwrap(),
        tiny: (0..6).collect(),
        tiny_array: (0..2).collect(),
        thin: (0..3).map(|i| string("t", i + 1)).collect(),
        slab,
        shards: (0..9).map(|i| (i, vec![0; usize::from(i)])).collect(),
        shard_set: (0..40).collect(),
        either: either::Either::Left(string("left", 16)),
        cell: once_cell::sync::OnceCell::with_value(Box::new(1)),
        lazy,
        half: half::f16::from_f32(1.0),
        brain: half::bf16::from_f32(2.0),
        ordered: ordered_float::OrderedFloat(0.5),
        not_nan: ordered_float::NotNan::new(1.5).unwrap(),
    }
}

#[test]
fn one_of_each_exact_type_matches_the_allocator() {
    // dashmap caches its default shard count on first use: not part of the value.
    drop(dashmap::DashMap::<u8, u8>::new());
    exact(exact_parts);
}

#[test]
fn one_of_each_type_is_bounded_around_the_allocator() {
    drop(dashmap::DashMap::<u8, u8>::new());
    bounded(|| Bounded {
        exact: exact_parts(),
        index: (0..7).map(|i| (string("k", 3), i)).collect(),
        index_set: (0..30).collect(),
        bitmap: (0..10_000).step_by(7).collect(),
        treemap: (0..100u64).map(|i| i << 32).collect(),
    });
}
