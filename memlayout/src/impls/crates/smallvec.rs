//! The `smallvec` crate: `SmallVec<A>` keeps up to `A::size()` items inline and moves them to a
//! heap buffer of `capacity()` items once it grows past that ("spilled"). `shrink_to_fit` on a
//! spilled vector short enough to fit inline moves it back, freeing the buffer.

use smallvec::{Array, SmallVec};

use crate::impls::collections::buffer;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

impl<A: Array> Layout for SmallVec<A>
where
    A::Item: Layout,
{
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<SmallVec<A>>("SmallVec<A>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<A::Item>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        if self.spilled() {
            let block = buffer::<A::Item>(self.capacity(), self.len());
            // `shrink_to_fit` moves a vector that fits inline back there, freeing the buffer.
            let moves_inline = self.len() <= self.inline_size();
            visitor.heap(if moves_inline {
                block.with_reclaimable(block.bytes)
            } else {
                block
            });
        }
        visitor.elements(self.as_slice());
    }
}
