#![cfg(all(feature = "smallvec", feature = "thin-vec", feature = "tinyvec"))]
//! Small-vector types through unusual histories (grown then cleared, spilled then moved back
//! inline, zero-sized and over-aligned elements, built from a buffer), checked against the
//! counting allocator: heap bytes and allocations, the frees the drop order predicts, and what
//! `shrink_to_fit` gives back.

#[path = "crates_support/mod.rs"]
mod support;

use smallvec::SmallVec;
use support::{exact, frees_as_predicted, reclaimable_is_given_back, string};
use thin_vec::ThinVec;
use tinyvec::TinyVec;

#[repr(align(64))]
#[derive(Clone, Copy, Default, memlayout::Layout)]
struct Line {
    byte: u8,
}

#[test]
fn smallvecs_in_every_history() {
    exact(|| {
        let mut v: SmallVec<[u8; 4]> = (0..40).collect();
        v.clear();
        v
    });
    exact(|| {
        let mut v: SmallVec<[String; 2]> = (0..5).map(|i| string("s", i)).collect();
        v.truncate(1);
        v.shrink_to_fit();
        assert!(!v.spilled());
        v
    });
    exact(|| SmallVec::<[(); 4]>::from_elem((), 100));
    exact(SmallVec::<[u64; 0]>::new);
    exact(|| SmallVec::<[u64; 0]>::from_elem(7, 3));
    exact(|| SmallVec::<[Line; 1]>::from_elem(Line::default(), 3));
    exact(|| SmallVec::<[u16; 2]>::from_vec(Vec::with_capacity(9)));
    exact(|| SmallVec::<[u16; 2]>::from_vec(vec![1, 2]));
    exact(|| {
        let mut v: SmallVec<[u32; 4]> = SmallVec::new();
        v.reserve_exact(100);
        v.insert_many(0, [1, 2, 3]);
        v
    });
    for n in [0, 1, 2, 3, 9] {
        let v: SmallVec<[String; 2]> = (0..n).map(|i| string("x", i + 2)).collect();
        reclaimable_is_given_back(v.clone(), |v| v.shrink_to_fit());
        if n > 0 {
            frees_as_predicted(v);
        }
    }
}

#[test]
fn thin_vecs_in_every_history() {
    exact(ThinVec::<u8>::new);
    exact(|| ThinVec::<u8>::with_capacity(0));
    exact(|| ThinVec::<u8>::with_capacity(5));
    exact(|| {
        let mut v: ThinVec<Line> = ThinVec::new();
        v.push(Line::default());
        v.push(Line::default());
        v.pop();
        v
    });
    exact(|| {
        let mut v: ThinVec<()> = ThinVec::new();
        v.push(());
        v
    });
    exact(|| {
        let mut v: ThinVec<String> = (0..9).map(|i| string("t", i)).collect();
        v.retain(|s| s.capacity() % 2 == 0);
        v
    });
    exact(|| {
        let mut v: ThinVec<u64> = (0..9).collect();
        v.clear();
        v
    });
    for n in [0, 1, 5] {
        let mut v: ThinVec<u64> = ThinVec::with_capacity(20);
        v.extend(0..n);
        reclaimable_is_given_back(v, |v| v.shrink_to_fit());
    }
    let v: ThinVec<String> = (1..4).map(|i| string("f", i)).collect();
    frees_as_predicted(v);
}

#[test]
fn tiny_vecs_in_every_history() {
    exact(|| {
        let mut v: TinyVec<[u8; 4]> = (0..40).collect();
        v.clear();
        v.shrink_to_fit();
        v
    });
    exact(|| {
        let mut v: TinyVec<[Line; 1]> = TinyVec::new();
        v.push(Line::default());
        v.push(Line::default());
        v
    });
    exact(|| TinyVec::<[u8; 0]>::with_capacity(0));
    exact(|| {
        let mut v: TinyVec<[u8; 2]> = TinyVec::new();
        v.reserve(10);
        v
    });
    exact(|| {
        let mut v: TinyVec<[u8; 4]> = TinyVec::new();
        v.move_to_the_heap();
        v
    });
}
