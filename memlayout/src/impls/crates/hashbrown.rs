//! The `hashbrown` crate: `HashMap`, `HashSet` and `HashTable` (default allocator, any hasher).
//!
//! std's hash map *is* hashbrown's table, so the allocation is the one described in
//! [`map`](crate::impls::map): slots, control bytes and one group's width, in one block. Unlike
//! std, hashbrown (0.15 on) reports that block's size itself (`allocation_size`), so the figure
//! is exact even after removals left tombstones: no estimate from `capacity()` is needed.

use core::hash::{BuildHasher, Hash};

use hashbrown::{HashMap, HashSet, HashTable};

use crate::impls::map::reported_table;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

/// The hasher `S` is part of the map's inline bytes and is not walked. (`allocation_size` asks
/// for the bounds a map needs to be used at all.)
impl<K: Layout + Eq + Hash, V: Layout, S: BuildHasher> Layout for HashMap<K, V, S> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<HashMap<K, V, S>>("hashbrown::HashMap<K, V, S>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<(K, V)>);

    fn visit<'a, V2: Visitor<'a>>(&'a self, visitor: &mut V2) {
        visitor.heap(reported_table::<(K, V)>(self.allocation_size(), self.len()));
        visitor.entries(self.len(), self.iter());
    }
}

impl<T: Layout + Eq + Hash, S: BuildHasher> Layout for HashSet<T, S> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<HashSet<T, S>>("hashbrown::HashSet<T, S>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.heap(reported_table::<T>(self.allocation_size(), self.len()));
        visitor.entries(self.len(), self.iter().map(|item| (item, &())));
    }
}

/// A `HashTable<T>` stores bare `T`s (the caller hashes them), reported like a set's items.
impl<T: Layout> Layout for HashTable<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<HashTable<T>>("hashbrown::HashTable<T>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.heap(reported_table::<T>(self.allocation_size(), self.len()));
        visitor.entries(self.len(), self.iter().map(|item| (item, &())));
    }
}
