#![cfg(feature = "slab")]
//! `slab::Slab`: a `Vec` of slots; exact once two occupied slots show the slot size.

#[path = "crates_support/mod.rs"]
mod support;

use memlayout::{totals, Layout};
use slab::Slab;
use support::{bounded, exact, frees_as_predicted, string};

#[test]
fn static_layout_is_the_compilers() {
    type S = Slab<String>;
    assert_eq!(
        (S::LAYOUT.size, S::LAYOUT.align),
        (size_of::<S>(), align_of::<S>())
    );
}

fn filled<T>(items: impl IntoIterator<Item = T>) -> Slab<T> {
    let mut slab = Slab::new();
    for item in items {
        slab.insert(item);
    }
    slab
}

#[test]
fn slabs_with_two_entries_are_exact() {
    exact(Slab::<u64>::new);
    exact(|| filled(0..2u8));
    exact(|| filled(0..1000u64));
    exact(|| filled((0..20).map(|i| string("s", i + 1))));
    // After removals: vacant slots keep their place; the two occupied slots may be far apart.
    exact(|| {
        let mut slab = filled(0..40u32);
        for key in (0..39).filter(|k| k % 3 != 0) {
            slab.remove(key);
        }
        slab.remove(0);
        slab
    });
    exact(|| {
        let mut slab = filled(0..100u16);
        slab.retain(|key, _| key == 7 || key == 93);
        slab.shrink_to_fit();
        slab
    });
}

#[test]
fn slabs_with_fewer_entries_are_bounded_and_estimated_right() {
    for build in [
        Box::new(|| Slab::<u64>::with_capacity(10)) as Box<dyn Fn() -> Slab<u64>>,
        Box::new(|| filled([7u64])),
        Box::new(|| {
            let mut slab = filled(0..9u64);
            slab.retain(|key, _| key == 4);
            slab
        }),
    ] {
        let (_, t, truth) = bounded(build);
        assert_eq!(t.heap_bytes, truth, "the best estimate is the truth");
    }
    let (_, t, truth) = bounded(|| filled([(1u8, 2u8)]));
    assert_eq!(t.heap_bytes, truth);
    let (slab, _, _) = bounded(|| filled([string("only", 9)]));
    assert_eq!(totals(&slab).allocations, 2);
}

#[test]
fn drop_frees_occupied_slots_in_order_then_the_vector() {
    let mut slab = filled((1..=5).map(|i| string("v", 3 * i)));
    slab.remove(1);
    let capacity = slab.capacity();
    let freed = frees_as_predicted(slab);
    assert_eq!(&freed[..4], [3, 9, 12, 15]);
    assert_eq!(freed.len(), 5);
    assert!(freed[4] >= capacity * size_of::<String>());
}

#[test]
fn reclaimable_is_what_shrink_to_fit_gives_back() {
    for keep in [&[][..], &[3, 40], &[0, 1, 2], &[5, 63]] {
        let mut slab = filled(0..64u64);
        slab.retain(|key, _| keep.contains(&key));
        support::reclaimable_is_given_back(slab, |s| s.shrink_to_fit());
    }
}
