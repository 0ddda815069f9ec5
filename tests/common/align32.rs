//! A test type aligned beyond a hash table's group width, shared by the `test_std_heap_*` files.
//!
//! Include it with `#[path = "common/align32.rs"] mod align32;`.
#![allow(dead_code)]

use memlayout::{Kind, Layout, TypeLayout};

/// A test type aligned beyond a hash table's group width.
#[repr(align(32))]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Align32(pub u8);

impl Layout for Align32 {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Align32>("Align32", Kind::Struct)
        .with_padding(core::mem::size_of::<Align32>() - 1);
    const IS_LEAF: bool = true;
}
