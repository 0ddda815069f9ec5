//! Arrays `[T; N]` hold their elements inline; the unsized slice `[T]` is what a `Box<[T]>` or
//! `&[T]` points to.

use super::unsized_of;
use crate::layout::{layout_of, Kind, Layout, TypeLayout};
use crate::visit::Visitor;

impl<T: Layout, const N: usize> Layout for [T; N] {
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        len: Some(N),
        padding_bytes: N * T::LAYOUT.padding_bytes,
        is_uninhabited: N > 0 && T::LAYOUT.is_uninhabited,
        ..TypeLayout::of::<[T; N]>("[T; N]", Kind::Array)
            .with_storage(T::LAYOUT.storage)
            .with_element(layout_of::<T>)
    };
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.elements(self.as_slice());
    }
}

/// A slice's static layout has no size (it is unsized); its alignment is the element's.
impl<T: Layout> Layout for [T] {
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        element: Some(layout_of::<T>),
        needs_drop: core::mem::needs_drop::<T>(),
        ..unsized_of::<[T]>(
            "[T]",
            Kind::Slice,
            core::mem::align_of::<T>(),
            T::LAYOUT.storage,
        )
    };
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.elements(self);
    }
}
