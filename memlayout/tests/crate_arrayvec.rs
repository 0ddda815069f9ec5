#![cfg(feature = "arrayvec")]
//! `arrayvec`: everything inline; only the live elements are values.

#[path = "crates_support/mod.rs"]
mod support;

use arrayvec::{ArrayString, ArrayVec};
use memlayout::{heap_bytes, totals, Layout};
use support::{exact, frees_as_predicted, string};

#[test]
fn static_layout_is_the_compilers() {
    type A = ArrayVec<u16, 7>;
    assert_eq!(
        (A::LAYOUT.size, A::LAYOUT.align),
        (size_of::<A>(), align_of::<A>())
    );
    type S = ArrayString<13>;
    assert_eq!(
        (S::LAYOUT.size, S::LAYOUT.align),
        (size_of::<S>(), align_of::<S>())
    );
    const { assert!(S::IS_LEAF && A::IS_LEAF) };
}

#[test]
fn arrays_own_no_heap_but_their_elements_may() {
    exact(ArrayVec::<u64, 16>::new);
    let s = exact(|| ArrayString::<16>::from("hello").unwrap());
    assert_eq!(totals(&s).inline_bytes, size_of::<ArrayString<16>>());
    let mut key = String::new();
    assert!(s.write_key(&mut key));
    assert_eq!(key, "\"hello\"");
    exact(|| {
        (0..5)
            .map(|i| string("x", i + 1))
            .collect::<ArrayVec<String, 8>>()
    });
    // After removals the removed elements are gone, and their heap with them.
    let v = exact(|| {
        let mut v: ArrayVec<String, 8> = (0..8).map(|i| string("y", 4 * i + 1)).collect();
        v.remove(2);
        v.pop();
        v.truncate(4);
        v
    });
    assert_eq!(
        heap_bytes(&v),
        v.iter().map(String::capacity).sum::<usize>()
    );
    exact(|| {
        (0..3)
            .map(|i| vec![0u8; i])
            .collect::<ArrayVec<Vec<u8>, 3>>()
    });
}

#[test]
fn drop_frees_the_live_elements_in_order() {
    let v: ArrayVec<String, 6> = [5, 9, 2].into_iter().map(|c| string("z", c)).collect();
    assert_eq!(frees_as_predicted(v), [5, 9, 2]);
}
