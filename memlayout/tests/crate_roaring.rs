#![cfg(feature = "roaring")]
//! `roaring`: stores exact from `statistics()`, the containers' vector bounded.

#[path = "crates_support/mod.rs"]
mod support;

use memlayout::{totals, Layout};
use roaring::{RoaringBitmap, RoaringTreemap};
use support::{alloc, bounded};

#[test]
fn static_layout_is_the_compilers() {
    type B = RoaringBitmap;
    assert_eq!(
        (B::LAYOUT.size, B::LAYOUT.align),
        (size_of::<B>(), align_of::<B>())
    );
    type T = RoaringTreemap;
    assert_eq!(
        (T::LAYOUT.size, T::LAYOUT.align),
        (size_of::<T>(), align_of::<T>())
    );
}

/// Bitmaps of array stores, bitmap stores and both, built by inserts, from ranges and after
/// removals: the truth within the bounds, and the estimate right for those grown by inserts.
#[test]
fn bitmaps_are_bounded_and_estimated() {
    let (empty, t, _) = bounded(RoaringBitmap::new);
    assert_eq!((t.heap_bytes, t.heap_bytes_low), (0, 0));
    drop(empty);
    let sparse: Vec<u32> = (0..40).map(|i| i * 70_001).collect();
    let dense: Vec<u32> = (0..10_000).collect();
    let mixed: Vec<u32> = (0..6_000).chain((0..9).map(|i| 1 << (i + 20))).collect();
    for values in [&[5][..], &sparse, &dense, &mixed] {
        let (b, t, truth) = bounded(|| inserted(values));
        assert_eq!(t.heap_bytes, truth, "{} values", b.len());
    }
    bounded(|| (0..200_000u32).step_by(3).collect::<RoaringBitmap>());
    bounded(|| {
        let mut b: RoaringBitmap = (0..50_000u32).collect();
        b.remove_range(100..49_000);
        b
    });
    bounded(|| {
        let mut b: RoaringBitmap = sparse.iter().copied().collect();
        for v in sparse.iter().step_by(2) {
            b.remove(*v);
        }
        b
    });
}

fn inserted(values: &[u32]) -> RoaringBitmap {
    let mut b = RoaringBitmap::new();
    for &v in values {
        b.insert(v);
    }
    b
}

#[test]
fn treemaps_are_bounded() {
    bounded(RoaringTreemap::new);
    bounded(|| (0..20u64).map(|i| i << 33).collect::<RoaringTreemap>());
    bounded(|| {
        (0..5_000u64)
            .map(|i| (i % 40) << 32 | i)
            .collect::<RoaringTreemap>()
    });
}

#[test]
fn dropping_frees_what_the_figure_says() {
    let b: RoaringBitmap = (0..6_000).chain((0..9).map(|i| 1 << (i + 20))).collect();
    let t = totals(&b);
    let freed: usize = alloc::frees_during(|| drop(b)).into_iter().sum();
    assert!(t.heap_bytes_low <= freed && freed <= t.heap_bytes_high);
    assert_eq!(t.allocations, 1 + 9 + 1);
}

/// A bitmap read from the portable format with one run container (key 0, the 1000 values
/// `0..1000` as one run), which roaring 0.10 converts to an array store.
#[test]
fn deserialized_run_containers_are_bounded() {
    let bytes = [
        0x3B, 0x30, 0x00, 0x00, // cookie with runs, one container
        0x01, // container 0 is a run container
        0x00, 0x00, 0xE7, 0x03, // key 0, cardinality 1000
        0x01, 0x00, 0x00, 0x00, 0xE7, 0x03, // one run: start 0, length 999 + 1
    ];
    let (b, t, _) = bounded(|| RoaringBitmap::deserialize_from(&bytes[..]).unwrap());
    assert_eq!(b.len(), 1000);
    assert!(t.allocations >= 2);
}

/// A store's buffer hangs off its container, which sits in the containers' vector: two hops
/// from the bitmap (one more under a treemap's B-tree), whichever kind the store is.
#[test]
fn stores_are_two_hops_from_the_bitmap() {
    let sparse: RoaringBitmap = (0..40).map(|i| i * 70_001).collect();
    let dense: RoaringBitmap = (0..10_000).collect();
    for (bitmap, depth) in [(RoaringBitmap::new(), 0), (sparse, 2), (dense, 2)] {
        let t = totals(&bitmap);
        assert_eq!((t.max_indirection, t.indirection_is_exact), (depth, true));
        let within = memlayout::budget::check(
            "b",
            &bitmap,
            &[(memlayout::budget::Figure::Indirection, depth)],
        );
        assert!(within.is_ok(), "{within:?}");
    }
    // Three bitmaps in one root leaf of the treemap's B-tree: one hop more.
    let treemap: RoaringTreemap = [1u64, 1 << 33, 1 << 40].into_iter().collect();
    let t = totals(&treemap);
    assert_eq!((t.max_indirection, t.indirection_is_exact), (3, true));
}
