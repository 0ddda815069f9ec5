//! The `indexmap` crate: `IndexMap` and `IndexSet` (any hasher).
//!
//! An index map holds two allocations, dropped in this order: a hash table of `usize` indices
//! (hashbrown's, laid out as in [`map`](crate::impls::map)), then a `Vec` of entries, each a
//! private `Bucket { hash: usize, key: K, value: V }`. The only capacity indexmap shows is
//! `capacity() = min(indices' capacity, entries' capacity)`, so neither block can be read exactly:
//!
//! - the entries' vector holds at least `capacity()` buckets, and the indices' table is at least
//!   the smallest table hashbrown makes to hold `capacity()` items. With a bucket at least
//!   `round_up(size_of usize + size_of K + size_of V, align)` bytes, that is the low bound;
//! - nothing public bounds either from above (`with_capacity(1000)` followed by `swap_remove`s
//!   that leave tombstones lowers the indices' capacity, and so `capacity()`, while the entries
//!   keep theirs), so the high bound is unknown (`usize::MAX`);
//! - the best estimate is both blocks at `capacity()`, with the bucket's size measured between
//!   two entries' keys when there are two: exact for maps grown by inserts (indexmap grows its
//!   entries to the table's capacity), built `with_capacity`, or shrunk with `shrink_to_fit`
//!   (checked against a counting allocator in `tests/crate_indexmap.rs`).

use core::mem::{align_of, size_of, ManuallyDrop};

use indexmap::{IndexMap, IndexSet};

use crate::impls::map::{address, buckets_to_hold, reclaimable, table_bytes};
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{Exactness, HeapBlock, Visitor};

/// The figures one `capacity()` allows: the best estimate and the certain low bound.
fn estimate(best: usize, low: usize, align: usize, used: usize) -> HeapBlock {
    HeapBlock {
        exactness: Exactness::Estimate {
            low,
            high: usize::MAX,
        },
        allocations: usize::from(best > 0),
        ..HeapBlock::exact(best, align, used)
    }
}

/// The table of `usize` indices, handed to the walk as a field of its own so that it is freed
/// before the entries drop, as indexmap's own field order does. (Its inline size in a report
/// is this view's, two words; indexmap's table header is private.)
#[derive(Clone, Copy)]
struct IndexTable {
    capacity: usize,
    len: usize,
}

impl IndexTable {
    fn block(self) -> HeapBlock {
        let (size, align) = (size_of::<usize>(), align_of::<usize>());
        let buckets = buckets_to_hold(self.capacity, size);
        let (bytes, ctrl_align) = table_bytes(buckets, size, align);
        estimate(bytes, bytes, ctrl_align, self.len * size)
            .with_reclaimable(reclaimable(buckets, self.len, size, align))
    }
}

/// It stands for indexmap's table, which frees its block on drop: `needs_drop` says so, so
/// that the drop order shows the free.
impl Layout for IndexTable {
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        needs_drop: true,
        ..TypeLayout::of::<IndexTable>("indices", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<usize>)
    };

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.heap(self.block());
    }
}

/// Visits an index map's two blocks and its entries, from its `capacity()`, its length and the
/// addresses of its first two keys.
fn visit_core<'a, K, W, I, V>(capacity: usize, first_two: [Option<&'a K>; 2], entries: I, v: &mut V)
where
    K: Layout + 'a,
    W: Layout + 'a,
    I: ExactSizeIterator<Item = (&'a K, &'a W)>,
    V: Visitor<'a>,
{
    let len = entries.len();
    let align = align_of::<usize>()
        .max(align_of::<K>())
        .max(align_of::<W>());
    let smallest = (size_of::<usize>() + size_of::<K>() + size_of::<W>()).div_ceil(align) * align;
    let bucket = match first_two {
        [Some(first), Some(second)] => address(second) - address(first),
        _ => smallest,
    };
    v.packed_field(
        0,
        "indices",
        ManuallyDrop::new(IndexTable { capacity, len }),
    );
    let entries_block = estimate(capacity * bucket, capacity * smallest, align, len * bucket)
        .with_padding(len * (bucket - size_of::<usize>() - size_of::<K>() - size_of::<W>()));
    v.heap(entries_block);
    v.entries(len, entries);
}

/// The hasher `S` is part of the map's inline bytes and is not walked.
impl<K: Layout, V: Layout, S> Layout for IndexMap<K, V, S> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<IndexMap<K, V, S>>("IndexMap<K, V, S>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<(K, V)>);

    fn visit<'a, V2: Visitor<'a>>(&'a self, visitor: &mut V2) {
        let key = |i| self.get_index(i).map(|(key, _)| key);
        visit_core(self.capacity(), [key(0), key(1)], self.iter(), visitor);
    }
}

impl<T: Layout, S> Layout for IndexSet<T, S> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<IndexSet<T, S>>("IndexSet<T, S>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let items = self.iter().map(|item| (item, &()));
        let first_two = [self.get_index(0), self.get_index(1)];
        visit_core(self.capacity(), first_two, items, visitor);
    }
}
