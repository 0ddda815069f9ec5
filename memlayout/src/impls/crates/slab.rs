//! The `slab` crate: `Slab<T>` is a `Vec` of `capacity()` slots, each slab's private
//! `enum Entry<T> { Vacant(usize), Occupied(T) }`.
//!
//! The slot's size is not public. With two occupied slots it is measured: their values lie one
//! slot per key apart, so the figure is exact. With fewer it is an estimate between certain
//! bounds: a slot holds a `T` or a `usize` (at least the larger of the two, rounded to the
//! alignment) and at most that plus one alignment unit for the tag. The best estimate is the
//! size of the same enum declared here, which the compiler lays out as slab's (under
//! `-Zrandomize-layout` it may not; the bounds still hold).

use core::mem::{align_of, size_of};

use slab::Slab;

use crate::impls::map::address;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{Exactness, HeapBlock, Visitor};

/// slab's slot, declared as slab declares it, for its size.
#[allow(dead_code)]
enum Entry<T> {
    Vacant(usize),
    Occupied(T),
}

/// Bytes per slot: measured from two occupied slots, or the estimate and its bounds.
fn slot<T>(slab: &Slab<T>) -> Result<usize, (usize, usize, usize)> {
    let mut occupied = slab.iter();
    if size_of::<T>() > 0 {
        if let (Some((k1, v1)), Some((k2, v2))) = (occupied.next(), occupied.next()) {
            return Ok((address(v2) - address(v1)) / (k2 - k1));
        }
    }
    let align = align_of::<T>().max(align_of::<usize>());
    let low = size_of::<T>().max(size_of::<usize>()).div_ceil(align) * align;
    Err((size_of::<Entry<T>>(), low, low + align))
}

impl<T: Layout> Layout for Slab<T> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Slab<T>>("Slab<T>", Kind::Collection)
        .with_storage(Storage::OwnsHeap)
        .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let (capacity, len) = (self.capacity(), self.len());
        let align = align_of::<Entry<T>>();
        // `shrink_to_fit` drops the vacant slots after the last occupied one, no others.
        let kept = self.iter().next_back().map_or(0, |(key, _)| key + 1);
        let block = match slot(self) {
            Ok(slot) => HeapBlock::exact(capacity * slot, align, len * slot)
                .with_reclaimable((capacity - kept) * slot),
            Err((estimate, low, high)) if capacity > 0 => HeapBlock {
                exactness: Exactness::Estimate {
                    low: capacity * low,
                    high: capacity * high,
                },
                ..HeapBlock::exact(capacity * estimate, align, len * estimate)
                    .with_reclaimable((capacity - kept) * estimate)
            },
            Err(_) => HeapBlock::exact(0, align, 0),
        };
        visitor.heap(block);
        visitor.entries(len, self.iter().map(|(_, value)| (value, &())));
    }
}
