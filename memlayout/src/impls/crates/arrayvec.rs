//! The `arrayvec` crate: `ArrayVec<T, CAP>` and `ArrayString<CAP>` hold everything inline, in
//! an array of `CAP` slots of which the first `len()` are live.

use arrayvec::{ArrayString, ArrayVec};

use crate::layout::{layout_of, Kind, Layout, TypeLayout};
use crate::visit::Visitor;

/// Only the live elements are values (and dropped); the spare slots are uninitialised.
impl<T: Layout, const CAP: usize> Layout for ArrayVec<T, CAP> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<ArrayVec<T, CAP>>("ArrayVec<T, CAP>", Kind::Collection)
            .with_storage(T::LAYOUT.storage)
            .with_element(layout_of::<T>);
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.elements(self.as_slice());
    }
}

impl<const CAP: usize> Layout for ArrayString<CAP> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<ArrayString<CAP>>("ArrayString<CAP>", Kind::Collection)
            .with_element(layout_of::<u8>);
    const IS_LEAF: bool = true;

    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        crate::impls::keys::str_key_to(self.as_str(), out)
    }
}
