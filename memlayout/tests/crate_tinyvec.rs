#![cfg(feature = "tinyvec")]
//! `tinyvec`: `ArrayVec<A>` is its whole array inline; `TinyVec<A>` is inline or a heap `Vec`.

#[path = "crates_support/mod.rs"]
mod support;

use memlayout::{DropOrderExt, Layout};
use support::{exact, frees_as_predicted, string};
use tinyvec::{ArrayVec, TinyVec};

#[test]
fn static_layout_is_the_compilers() {
    type A = ArrayVec<[u32; 5]>;
    assert_eq!(
        (A::LAYOUT.size, A::LAYOUT.align),
        (size_of::<A>(), align_of::<A>())
    );
    type T = TinyVec<[u8; 16]>;
    assert_eq!(
        (T::LAYOUT.size, T::LAYOUT.align),
        (size_of::<T>(), align_of::<T>())
    );
    assert_eq!(T::LAYOUT.variants.len(), 2);
}

#[test]
fn inline_and_heap_forms_match_the_allocator() {
    exact(ArrayVec::<[u64; 4]>::new);
    exact(|| (0..3u64).collect::<ArrayVec<[u64; 4]>>());
    exact(TinyVec::<[u8; 8]>::new);
    let inline = exact(|| (0..8u8).collect::<TinyVec<[u8; 8]>>());
    assert!(inline.is_inline());
    let heap = exact(|| (0..9u8).collect::<TinyVec<[u8; 8]>>());
    assert!(heap.is_heap());
    exact(|| TinyVec::<[u32; 2]>::with_capacity(50));
    exact(|| {
        let mut v: TinyVec<[String; 2]> = (0..10).map(|i| string("w", i + 1)).collect();
        v.truncate(3);
        v.shrink_to_fit();
        v.remove(0);
        v
    });
    // Elements moved out leave `Default` values behind in the array: still values, still walked.
    exact(|| {
        let mut v: ArrayVec<[Vec<u8>; 4]> = (1..=4).map(|i| vec![0u8; i]).collect();
        v.pop();
        v.remove(0);
        v
    });
}

#[test]
fn drop_frees_every_slot_of_the_array() {
    let mut v: ArrayVec<[String; 4]> = ArrayVec::new();
    v.push(string("a", 3));
    v.push(string("b", 7));
    assert_eq!(frees_as_predicted(v), [3, 7]);
    let heap: TinyVec<[String; 1]> = (1..=3).map(|i| string("c", 4 * i)).collect();
    let capacity = heap.capacity();
    assert_eq!(
        frees_as_predicted(heap),
        [4, 8, 12, capacity * size_of::<String>()]
    );
    let inline: TinyVec<[String; 3]> = (1..=2).map(|i| string("d", i)).collect();
    assert!(inline.drop_order().to_string().contains("Inline"));
    assert_eq!(frees_as_predicted(inline), [1, 2]);
}

#[test]
fn reclaimable_is_what_shrink_to_fit_gives_back() {
    // A heap vector short enough to fit inline moves back there (the whole buffer freed); a
    // longer one keeps `len` slots.
    for (len, capacity) in [(0, 40), (1, 40), (4, 40), (5, 40), (30, 30)] {
        let mut v: TinyVec<[u32; 4]> = TinyVec::Heap(Vec::with_capacity(capacity));
        v.extend(0..len);
        assert!(v.is_heap());
        support::reclaimable_is_given_back(v, |v| v.shrink_to_fit());
    }
    let mut strings: TinyVec<[String; 2]> = (0..10).map(|i| "s".repeat(i + 1)).collect();
    strings.truncate(2);
    support::reclaimable_is_given_back(strings, |v| v.shrink_to_fit());
}
