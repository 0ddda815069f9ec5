//! Sequences: `Vec`, `VecDeque` and `BinaryHeap` own one buffer of `capacity` elements;
//! `LinkedList` allocates one node per element. A `vec::IntoIter` keeps its vector's whole
//! buffer until it drops, but has no public capacity: its buffer is a bound.

use alloc::collections::{BinaryHeap, LinkedList, VecDeque};
use alloc::vec::Vec;

use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{Exactness, HeapBlock, Visitor};

/// The buffer of `capacity` elements of `T`, `len` of them live. Zero-sized elements and a
/// zero capacity allocate nothing.
pub(crate) fn buffer<T: Layout>(capacity: usize, len: usize) -> HeapBlock {
    let elem = core::mem::size_of::<T>();
    HeapBlock::exact(capacity * elem, core::mem::align_of::<T>(), len * elem)
        .with_padding(len * T::LAYOUT.padding_bytes)
}

/// `(bytes, used)` of the buffer of `capacity` elements of `T`, `len` of them live.
#[inline(always)]
fn buffer_figures<T>(capacity: usize, len: usize) -> (usize, usize) {
    let elem = core::mem::size_of::<T>();
    (capacity * elem, len * elem)
}

/// Reports the buffer of `capacity` elements of `T`, `len` of them live: a plain block (see
/// [`Visitor::plain_heap`]) unless `T` holds padding.
#[inline(always)]
pub(crate) fn visit_buffer<'a, T: Layout, V: Visitor<'a>>(
    visitor: &mut V,
    capacity: usize,
    len: usize,
) {
    if T::LAYOUT.padding_bytes == 0 {
        let (bytes, used) = buffer_figures::<T>(capacity, len);
        visitor.plain_heap(bytes, core::mem::align_of::<T>(), used);
    } else {
        visitor.heap(buffer::<T>(capacity, len));
    }
}

/// `Layout` for a std sequence with one heap buffer: its `LAYOUT`, and a `visit` reporting the
/// buffer, then the elements in the order the collection drops them.
macro_rules! buffered {
    ($($name:literal $t:ident: |$self:ident| $slices:expr;)*) => {$(
        impl<T: Layout> Layout for $t<T> {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t<T>>($name, Kind::Collection)
                .with_storage(Storage::OwnsHeap)
                .with_element(layout_of::<T>);

            #[inline(always)]
            fn visit<'a, V: Visitor<'a>>(&'a $self, visitor: &mut V) {
                visit_buffer::<T, V>(visitor, $self.capacity(), $self.len());
                // One slice for a `Vec`, two for a `VecDeque`: a loop the compiler unrolls.
                let slices: &[&'a [T]] = &$slices;
                for &slice in slices {
                    if !slice.is_empty() {
                        visitor.elements(slice);
                    }
                }
            }

            /// The buffer is the only block when the elements are leaves without padding
            /// (the elements then report nothing, and [`visit_buffer`] a plain block).
            const __ONE_BUFFER: bool = T::IS_LEAF && T::LAYOUT.padding_bytes == 0;

            /// The buffer's bytes and used bytes, as [`visit_buffer`] reports them.
            #[inline(always)]
            fn __buffer_figures(&$self) -> (usize, usize) {
                buffer_figures::<T>($self.capacity(), $self.len())
            }
        }
    )*};
}

buffered! {
    "Vec<T>" Vec: |self| [self.as_slice()];
    // Front half first: a `VecDeque` drops `as_slices().0`, then `.1`.
    "VecDeque<T>" VecDeque: |self| { let (front, back) = self.as_slices(); [front, back] };
    "BinaryHeap<T>" BinaryHeap: |self| [self.as_slice()];
}

/// `vec::IntoIter<T>`: the elements not yet yielded, in a buffer of at least their size (the
/// vector's capacity, which the iterator does not expose, may be any larger).
impl<T: Layout> Layout for alloc::vec::IntoIter<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<alloc::vec::IntoIter<T>>("vec::IntoIter<T>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let remaining = self.as_slice();
        let known = buffer::<T>(remaining.len(), remaining.len());
        visitor.heap(HeapBlock {
            exactness: Exactness::Estimate {
                low: known.bytes,
                high: usize::MAX,
            },
            reclaimable: 0,
            ..known
        });
        if !remaining.is_empty() {
            visitor.elements(remaining);
        }
    }
}

/// Size and alignment of a `LinkedList<T>` node: `{ next, prev: Option<NonNull<Node>>, element: T }`
/// under the default repr, which the compiler lays out without padding between fields
/// (largest alignment first), so only the tail is padded.
const fn list_node<T>() -> (usize, usize) {
    let pointer = core::mem::size_of::<*const ()>();
    let pointer_align = core::mem::align_of::<*const ()>();
    let align = if core::mem::align_of::<T>() > pointer_align {
        core::mem::align_of::<T>()
    } else {
        pointer_align
    };
    let unpadded = 2 * pointer + core::mem::size_of::<T>();
    (unpadded.div_ceil(align) * align, align)
}

/// Every element of a `LinkedList` sits in a node of its own, freed as the list drops it, front
/// to back. Elements that own nothing and have no drop glue are reported as one block standing
/// for all nodes, so a walk of a long list of plain values takes constant time (a leaf with its
/// own `Drop` impl is still listed node by node: its drop order shows each `Drop::drop`).
impl<T: Layout> Layout for LinkedList<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<LinkedList<T>>("LinkedList<T>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let (node, align) = list_node::<T>();
        let padding = node - 2 * core::mem::size_of::<*const ()>() - core::mem::size_of::<T>()
            + T::LAYOUT.padding_bytes;
        let block = HeapBlock::exact(node, align, node).with_padding(padding);
        if T::IS_LEAF && !T::LAYOUT.needs_drop {
            let len = self.len();
            // Node `k` is reached through the `k` before it: the last is `len` hops away.
            let nodes = HeapBlock {
                bytes: len * node,
                used: len * node,
                allocations: len,
                padding: len * padding,
                ..block
            };
            visitor.linked_heap(nodes, len);
            return;
        }
        for (index, element) in self.iter().enumerate() {
            visitor.boxed(Some(index), element, block);
        }
    }
}
