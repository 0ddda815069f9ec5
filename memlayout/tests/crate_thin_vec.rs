#![cfg(feature = "thin-vec")]
//! `thin_vec::ThinVec`: header and elements in one allocation; the empty singleton owns nothing.

#[path = "crates_support/mod.rs"]
mod support;

use memlayout::{totals, Layout};
use support::{exact, frees_as_predicted, string};
use thin_vec::{thin_vec, ThinVec};

#[test]
fn static_layout_is_the_compilers() {
    type T = ThinVec<u64>;
    assert_eq!(
        (T::LAYOUT.size, T::LAYOUT.align),
        (size_of::<T>(), align_of::<T>())
    );
}

#[test]
fn header_and_elements_match_the_allocator() {
    let empty = exact(ThinVec::<u64>::new);
    assert_eq!(totals(&empty).allocations, 0);
    exact(|| ThinVec::<u64>::with_capacity(0));
    exact(|| thin_vec![1u8, 2, 3]);
    exact(|| ThinVec::<u16>::with_capacity(7));
    exact(|| (0..100u64).collect::<ThinVec<_>>());
    // Elements aligned above the header: the header is padded.
    #[repr(align(32))]
    #[derive(memlayout::Layout)]
    struct Wide(u8);
    exact(|| (0..3).map(Wide).collect::<ThinVec<_>>());
    // Shrunk, after removals, and emptied by shrinking.
    exact(|| {
        let mut v: ThinVec<u32> = (0..50).collect();
        v.truncate(5);
        v.shrink_to_fit();
        v.remove(1);
        v
    });
    exact(|| {
        let mut v: ThinVec<u32> = (0..5).collect();
        v.clear();
        v.shrink_to_fit();
        v
    });
    exact(|| (0..9).map(|_| ()).collect::<ThinVec<()>>());
    exact(|| {
        (0..6)
            .map(|i| string("t", i + 2))
            .collect::<ThinVec<String>>()
    });
}

#[test]
fn drop_frees_each_element_then_the_allocation() {
    let v: ThinVec<String> = (1..=3).map(|i| string("e", 5 * i)).collect();
    let freed = frees_as_predicted(v);
    assert_eq!(&freed[..3], [5, 10, 15]);
    assert_eq!(freed.len(), 4);
}

#[test]
fn reclaimable_is_what_shrink_to_fit_gives_back() {
    for (len, capacity) in [(0, 10), (3, 40), (30, 30)] {
        let mut v: ThinVec<u64> = ThinVec::with_capacity(capacity);
        v.extend(0..len);
        support::reclaimable_is_given_back(v, |v| v.shrink_to_fit());
    }
}
