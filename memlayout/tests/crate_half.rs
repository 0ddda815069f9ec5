#![cfg(feature = "half")]
//! `half`: two-byte floats, inline leaves.

#[path = "crates_support/mod.rs"]
mod support;

use half::{bf16, f16};
use memlayout::{Layout, LayoutReport};
use support::exact;

#[test]
fn static_layout_is_the_compilers() {
    assert_eq!(
        (f16::LAYOUT.size, f16::LAYOUT.align),
        (size_of::<f16>(), align_of::<f16>())
    );
    assert_eq!(
        (bf16::LAYOUT.size, bf16::LAYOUT.align),
        (size_of::<bf16>(), align_of::<bf16>())
    );
    const { assert!(f16::IS_LEAF && bf16::IS_LEAF) };
}

#[test]
fn floats_in_collections_are_counted_by_the_collection() {
    exact(|| vec![f16::from_f32(1.5); 7]);
    let m = exact(|| vec![(String::from("pi"), bf16::from_f32(3.25)); 3]);
    let mut key = String::new();
    assert!(f16::from_f32(0.5).write_key(&mut key));
    assert_eq!(key, format!("{:?}", f16::from_f32(0.5)));
    drop(m.layout_report());
}
