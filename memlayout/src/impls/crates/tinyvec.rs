//! The `tinyvec` crate: `ArrayVec<A>` holds all of its array `A` inline (the slots past
//! `len()` hold `Default` values, which are real values and dropped with it); `TinyVec<A>` is
//! an enum of an inline `ArrayVec<A>` or a `Vec<A::Item>` on the heap.

use alloc::vec::Vec;
use tinyvec::{Array, ArrayVec, TinyVec};

use crate::__private::{enum_layout, variant, variant_field};
use crate::impls::collections::buffer;
use crate::layout::{layout_of, Kind, Layout, Repr, TypeLayout};
use crate::visit::Visitor;

/// The live elements, then the spare slots' default values: the array drops them all, in
/// this order.
impl<A: Array> Layout for ArrayVec<A>
where
    A::Item: Layout,
{
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<ArrayVec<A>>("ArrayVec<A>", Kind::Collection)
            .with_storage(<A::Item as Layout>::LAYOUT.storage)
            .with_element(layout_of::<A::Item>);
    const IS_LEAF: bool = <A::Item as Layout>::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.elements(self.as_slice());
        let spare = self.grab_spare_slice();
        if !spare.is_empty() {
            visitor.elements(spare);
        }
    }
}

impl<A: Array> Layout for TinyVec<A>
where
    A::Item: Layout,
{
    const LAYOUT: &'static TypeLayout = &enum_layout::<TinyVec<A>>(
        "TinyVec<A>",
        Repr::RUST,
        &[
            variant(
                "Inline",
                None,
                0,
                &[variant_field::<ArrayVec<A>>("0", "ArrayVec<A>")],
            ),
            variant(
                "Heap",
                None,
                1,
                &[variant_field::<Vec<A::Item>>("0", "Vec<A::Item>")],
            ),
        ],
    )
    .with_element(layout_of::<A::Item>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        match self {
            TinyVec::Inline(inline) => {
                visitor.variant(0, "Inline");
                visitor.field(0, "0", inline);
            }
            TinyVec::Heap(heap) => {
                visitor.variant(1, "Heap");
                if heap.len() <= A::CAPACITY {
                    // SAFETY: `MovesInline` is a `repr(transparent)` wrapper of the `Vec`.
                    let heap =
                        unsafe { &*(heap as *const Vec<A::Item> as *const MovesInline<A::Item>) };
                    visitor.field(0, "0", heap);
                } else {
                    visitor.field(0, "0", heap);
                }
            }
        }
    }
}

/// A `TinyVec`'s heap `Vec` short enough to fit inline: `shrink_to_fit` moves it back there,
/// freeing the whole buffer, so all of it is reclaimable. Otherwise the `Vec` it wraps, as which
/// it is reported.
#[repr(transparent)]
struct MovesInline<T>(Vec<T>);

impl<T: Layout> Layout for MovesInline<T> {
    const LAYOUT: &'static TypeLayout = <Vec<T> as Layout>::LAYOUT;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let block = buffer::<T>(self.0.capacity(), self.0.len());
        visitor.heap(block.with_reclaimable(block.bytes));
        if !self.0.is_empty() {
            visitor.elements(self.0.as_slice());
        }
    }
}
