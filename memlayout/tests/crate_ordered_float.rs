#![cfg(feature = "ordered-float")]
//! `ordered-float`: wrappers walked as their contents.

#[path = "crates_support/mod.rs"]
mod support;

use memlayout::Layout;
use ordered_float::{NotNan, OrderedFloat};
use support::exact;

#[test]
fn static_layout_is_the_compilers() {
    type O = OrderedFloat<f64>;
    assert_eq!(
        (O::LAYOUT.size, O::LAYOUT.align),
        (size_of::<O>(), align_of::<O>())
    );
    type N = NotNan<f32>;
    assert_eq!(
        (N::LAYOUT.size, N::LAYOUT.align),
        (size_of::<N>(), align_of::<N>())
    );
    const { assert!(O::IS_LEAF && N::IS_LEAF) };
}

#[test]
fn keys_and_collections() {
    let set = exact(|| {
        (0..50)
            .map(|i| OrderedFloat(f64::from(i) / 3.0))
            .collect::<std::collections::HashSet<_>>()
    });
    assert_eq!(set.len(), 50);
    exact(|| vec![NotNan::new(2.5f64).unwrap(); 4]);
    let mut key = String::new();
    assert!(NotNan::new(1.25f32).unwrap().write_key(&mut key));
    assert_eq!(key, "1.25");
    key.clear();
    assert!(OrderedFloat(0.5f64).write_key(&mut key));
    assert_eq!(key, "0.5");
}
