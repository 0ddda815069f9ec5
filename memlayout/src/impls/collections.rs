//! `Vec<T>` and `String`: a (pointer, capacity, length) triple owning one heap buffer.

use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Visitor};

impl<T: Layout> Layout for Vec<T> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Vec<T>>("Vec<T>", Kind::Collection)
        .with_storage(Storage::OwnsHeap)
        .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let elem = core::mem::size_of::<T>();
        visitor.heap(
            HeapBlock::exact(
                self.capacity() * elem,
                core::mem::align_of::<T>(),
                self.len() * elem,
            )
            .with_padding(self.len() * T::LAYOUT.padding_bytes),
        );
        visitor.elements(self.as_slice());
    }
}

impl Layout for String {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<String>("String", Kind::Collection)
        .with_storage(Storage::OwnsHeap)
        .with_element(layout_of::<u8>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.heap(HeapBlock::exact(self.capacity(), 1, self.len()));
    }

    fn write_key(&self, out: &mut String) -> bool {
        use core::fmt::Write;
        write!(out, "{:?}", self).is_ok()
    }
}
