//! The `dashmap` crate: `DashMap` and `DashSet` (any hasher), read through `raw-api`'s
//! `shards()`.
//!
//! A `DashMap` owns one boxed slice of shards (each a cache-line-padded `RwLock` over a
//! hashbrown 0.14 `RawTable<(K, SharedValue<V>)>`), and each shard's table owns one block laid
//! out as in [`map`](crate::impls::map), whose size the table reports
//! (`RawTable::allocation_info`), so every figure is exact. Each shard is read with `try_read`:
//! a write-locked shard (a live `RefMut` or `Entry` on this or another thread) is reported
//! unreadable, as a locked std `Mutex` is, and the totals become a bound. A `DashSet` is a
//! `DashMap<K, ()>`.
//!
//! Drop order: each shard in turn drops its entries and frees its table, then the slice of
//! shards is freed.

use core::hash::{BuildHasher, Hash};

use dashmap::{DashMap, DashSet, RwLock, SharedValue};
use hashbrown_0_14::raw::RawTable;

use crate::impls::map::reported_table;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Visitor};

/// One shard's table, reached through its read guard.
impl<K: Layout, V: Layout> Layout for RawTable<(K, SharedValue<V>)> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<RawTable<(K, SharedValue<V>)>>(
        "RawTable<(K, SharedValue<V>)>",
        Kind::Collection,
    )
    .with_storage(Storage::OwnsHeap)
    .with_element(layout_of::<(K, V)>);

    fn visit<'a, W: Visitor<'a>>(&'a self, visitor: &mut W) {
        let (_, allocation) = self.allocation_info();
        visitor.heap(reported_table::<(K, V)>(allocation.size(), self.len()));
        // SAFETY: `RawTable::iter` asks that the table outlive the iterator and its buckets:
        // it is borrowed for `'a`, which every reference made here lives within. A shared
        // borrow of the table means no bucket is inserted or removed meanwhile, and a value is
        // changed in place only under the shard's write lock, which the walk's read guard
        // excludes. Each bucket is full (the iterator yields only those), so `as_ref` reads a
        // live element.
        let entries = unsafe { self.iter() }.map(|bucket| {
            // SAFETY: as above.
            let (key, value): &'a (K, SharedValue<V>) = unsafe { bucket.as_ref() };
            (key, value.get())
        });
        visitor.entries(self.len(), entries);
    }
}

/// Visits a slice of shards: the slice's own block, then each shard's table through a read
/// guard, or unreadable when write-locked.
fn visit_shards<'a, T, P, V>(shards: &'a [P], visitor: &mut V)
where
    T: Layout + 'a,
    P: core::ops::Deref<Target = RwLock<T>>,
    V: Visitor<'a>,
{
    let bytes = core::mem::size_of_val(shards);
    visitor.heap(HeapBlock::exact(bytes, core::mem::align_of::<P>(), bytes));
    for shard in shards {
        match shard.try_read() {
            Some(guard) => visitor.guarded(guard),
            None => visitor.unreadable("DashMap shard is write-locked"),
        }
    }
}

/// The hasher `S` is part of the map's inline bytes and is not walked.
impl<K: Layout + Eq + Hash, V: Layout, S: BuildHasher + Clone> Layout for DashMap<K, V, S> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<DashMap<K, V, S>>("DashMap<K, V, S>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<(K, V)>);

    fn visit<'a, W: Visitor<'a>>(&'a self, visitor: &mut W) {
        visit_shards(self.shards(), visitor);
    }
}

impl<K: Layout + Eq + Hash, S: BuildHasher + Clone> Layout for DashSet<K, S> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<DashSet<K, S>>("DashSet<K, S>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<K>);

    fn visit<'a, W: Visitor<'a>>(&'a self, visitor: &mut W) {
        visit_shards(self.shards(), visitor);
    }
}
