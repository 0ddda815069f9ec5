#![cfg(feature = "either")]
//! `either::Either`: the active side's figures.

#[path = "crates_support/mod.rs"]
mod support;

use either::Either;
use memlayout::{Layout, LayoutReport};
use support::{exact, frees_as_predicted, string};

#[test]
fn static_layout_is_the_compilers() {
    type E = Either<u8, String>;
    assert_eq!(
        (E::LAYOUT.size, E::LAYOUT.align),
        (size_of::<E>(), align_of::<E>())
    );
    assert_eq!(E::LAYOUT.variants.len(), 2);
    const { assert!(<Either<u8, u64>>::IS_LEAF && !E::IS_LEAF) };
}

#[test]
fn the_active_side_is_walked() {
    exact(|| Either::<u8, String>::Left(3));
    exact(|| Either::<u8, String>::Right(string("right", 40)));
    exact(|| Either::<Vec<u32>, String>::Left(vec![1; 9]));
    let nested = exact(|| vec![Either::Left(string("a", 3)), Either::Right(Box::new(7u64))]);
    assert!(nested.layout_report().to_string().contains("Left"));
}

#[test]
fn drop_frees_the_active_side() {
    let value: Vec<Either<String, Vec<u8>>> =
        vec![Either::Left(string("l", 6)), Either::Right(vec![0; 9])];
    assert_eq!(frees_as_predicted(value)[..2], [6, 9]);
}
