//! The `roaring` crate: `RoaringBitmap` and `RoaringTreemap`.
//!
//! A `RoaringBitmap` owns a `Vec` of containers (a private `Container { key: u16, store }`),
//! and each container owns its store: an array store, a `Vec<u16>` (one allocation of
//! `capacity * 2` bytes), or a bitmap store, a `Box<[u64; 1024]>` (8 KiB). `statistics()`
//! reports the array stores' capacities (as `capacity * 4` bytes) and the number of bitmap
//! stores, so the stores' bytes are exact. The containers' vector is not: its capacity is not
//! public, nor is a container's size. A container holds a `u16` and a store at least as large
//! as a `Vec<u16>`, so `len * round_up(2 + size_of Vec<u16>, align)` is a certain low bound;
//! nothing bounds the spare capacity from above (`usize::MAX`). The best estimate takes the
//! capacity a vector grown by pushes has (`len` rounded up to a power of two, at least 4).
//!
//! Not 0.11 on: its run stores (a `Vec` of runs whose capacity `statistics()` does not give)
//! make a container 40 bytes, not 32, on 64-bit targets.
//!
//! `RoaringBitmap` has no `shrink_to_fit`: nothing is reclaimable.
//!
//! A `RoaringTreemap` is a `BTreeMap<u32, RoaringBitmap>`: its nodes are estimated as std's
//! B-tree's are (see [`map`](crate::impls::map)), then each bitmap is walked.

use core::mem::{align_of, size_of};

use roaring::{RoaringBitmap, RoaringTreemap};

use crate::impls::map::btree_by_values;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{Exactness, HeapBlock, Visitor};

/// Bytes of one bitmap store's `Box<[u64; 1024]>`.
const BITMAP_STORE_BYTES: usize = 1024 * size_of::<u64>();

/// The smallest size a container can have: a `u16` key and a store no smaller than a `Vec<u16>`.
const fn smallest_container() -> usize {
    let align = align_of::<Vec<u16>>();
    (size_of::<u16>() + size_of::<Vec<u16>>()).div_ceil(align) * align
}

impl Layout for RoaringBitmap {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<RoaringBitmap>("RoaringBitmap", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<u32>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let stats = self.statistics();
        let containers = stats.n_containers as usize;
        let capacity = if containers == 0 {
            0
        } else {
            containers.next_power_of_two().max(4)
        };
        let container = smallest_container();
        visitor.heap(HeapBlock {
            exactness: Exactness::Estimate {
                low: containers * container,
                high: usize::MAX,
            },
            ..HeapBlock::exact(
                capacity * container,
                align_of::<Vec<u16>>(),
                containers * container,
            )
        });
        // `statistics` counts an array store's capacity as `capacity * size_of::<u32>()` bytes.
        let array_capacity = stats.n_bytes_array_containers as usize / size_of::<u32>();
        let array_bytes = array_capacity * size_of::<u16>();
        let array_values = stats.n_values_array_containers as usize * size_of::<u16>();
        let arrays = HeapBlock {
            allocations: stats.n_array_containers as usize,
            ..HeapBlock::exact(array_bytes, align_of::<u16>(), array_values).with_reclaimable(0)
        };
        visitor.heap(arrays);
        let bitmaps = stats.n_bitset_containers as usize;
        let bitmap_bytes = bitmaps * BITMAP_STORE_BYTES;
        visitor.heap(HeapBlock {
            allocations: bitmaps,
            ..HeapBlock::exact(bitmap_bytes, align_of::<u64>(), bitmap_bytes)
        });
        // A store's buffer hangs off its container, in the containers' buffer: two hops.
        if stats.n_array_containers + stats.n_bitset_containers > 0 {
            visitor.reaches(2);
        }
    }
}

impl Layout for RoaringTreemap {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<RoaringTreemap>("RoaringTreemap", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<(u32, RoaringBitmap)>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let len = self.bitmaps().count();
        let bitmaps = self.bitmaps().map(|(_, bitmap)| bitmap);
        visitor.heap(btree_by_values::<u32, RoaringBitmap>(len, bitmaps));
        let items = self.bitmaps().map(|(_, bitmap)| (bitmap, &()));
        visitor.entries(len, items);
        crate::impls::map::reach_btree_leaves(visitor, len, true);
    }
}
