//! The `thin-vec` crate: `ThinVec<T>` is one pointer to a single allocation holding a header
//! (`len` and `cap`, two `usize`s) then `cap` elements, the header padded to the elements'
//! alignment. An empty `ThinVec` points at a shared static header and owns nothing; so does a
//! `ThinVec` of zero-sized elements (0.2.20 on).
//!
//! Not covered: the `gecko-ffi` feature (Firefox's `nsTArray` header of two `u32`s, and arrays
//! with a stack buffer), which no crate outside Firefox turns on.

use core::alloc::Layout as AllocLayout;
use core::mem::size_of;

use thin_vec::ThinVec;

use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Visitor};

/// The allocation of a `ThinVec<T>` of capacity `capacity` holding `len` elements.
fn allocation<T: Layout>(capacity: usize, len: usize) -> HeapBlock {
    let header = AllocLayout::new::<[usize; 2]>();
    let align = header.align().max(core::mem::align_of::<T>());
    let header_bytes = header.size().max(align);
    let bytes = header_bytes + capacity * size_of::<T>();
    // `shrink_to_fit` on an empty `ThinVec` returns to the shared header, freeing everything.
    let reclaimable = if len == 0 {
        bytes
    } else {
        (capacity - len) * size_of::<T>()
    };
    HeapBlock::exact(bytes, align, header_bytes + len * size_of::<T>())
        .with_padding(header_bytes - header.size() + len * T::LAYOUT.padding_bytes)
        .with_reclaimable(reclaimable)
}

impl<T: Layout> Layout for ThinVec<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<ThinVec<T>>("ThinVec<T>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        // `has_capacity` is false only for the shared empty header.
        if size_of::<T>() > 0 && self.has_capacity() {
            visitor.heap(allocation::<T>(self.capacity(), self.len()));
        }
        visitor.elements(self.as_slice());
    }
}
