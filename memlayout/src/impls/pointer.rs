//! `Box<T>` owns its contents' allocation.

use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Visitor};

impl<T: Layout + ?Sized> Layout for Box<T> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Box<T>>("Box<T>", Kind::Pointer)
        .with_storage(Storage::OwnsHeap)
        .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let contents: &T = self;
        let bytes = core::mem::size_of_val(contents);
        // Box<ZST> does not allocate.
        let block = HeapBlock::exact(bytes, core::mem::align_of_val(contents), bytes).with_padding(
            if T::LAYOUT.is_sized {
                T::LAYOUT.padding_bytes
            } else {
                0
            },
        );
        visitor.boxed(None, contents, block);
    }
}
