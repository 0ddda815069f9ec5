//! The report walker's side of the visit protocol.

use alloc::boxed::Box;
use core::mem::ManuallyDrop;
use core::ops::Deref;

use super::{add_shared, entry_inline, is_set_item, skips_leaf, Ctx, Folder, Place, Sink, Walker};
use crate::layout::entry::MapEntry;
use crate::layout::{Kind, Layout, Storage};
use crate::report::{KeyText, NodeKind, Segment, SharedInfo};
use crate::visit::{BlockFromEntries, HeapBlock, Shared, Visitor};
use crate::walk::guard::guard_segment;

impl<'a> Visitor<'a> for Walker<'a> {
    fn field<T: Layout + ?Sized>(&mut self, index: usize, name: &'static str, value: &'a T) {
        if skips_leaf::<T>(self.ctx.sink) {
            return;
        }
        let addr = value as *const T as *const u8 as usize;
        let size = core::mem::size_of_val(value);
        let sink = self.field_child(index, name, T::LAYOUT, size, Some(addr), NodeKind::Value);
        self.descend(value, Ctx::new(sink, self.ctx.hop, value));
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        if skips_leaf::<T>(self.ctx.sink) {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let copy: &'a T = unsafe { self.held.copy(copy) };
        let size = core::mem::size_of::<T>();
        let sink = self.field_child(index, name, T::LAYOUT, size, None, NodeKind::Value);
        self.descend(copy, Ctx::new(sink, self.ctx.hop, copy));
    }

    fn measured(&mut self, index: usize, name: &'static str, heap: HeapBlock) {
        let (layout, size) = match self.static_field(index, name) {
            Some(field) => ((field.layout)(), field.size),
            None => self
                .variant_field(index, name)
                .map_or((<() as Layout>::LAYOUT, 0), |f| ((f.layout)(), f.size)),
        };
        let sink = self.field_child(index, name, layout, size, None, NodeKind::Measured);
        let hop = self.ctx.hop;
        self.acc(sink).add_block(&heap, hop);
        self.reserve_at(sink, &heap);
    }

    fn variant(&mut self, _index: usize, name: &'static str) {
        self.ctx.variant = Some(name);
        if let Some(node) = self.own_node() {
            node.variant = Some(name);
        }
    }

    fn heap(&mut self, block: HeapBlock) {
        self.add_block(&block, self.ctx.hop);
        self.ctx.in_heap = true;
    }

    fn linked_heap(&mut self, block: HeapBlock, links: usize) {
        self.add_block(&block, self.ctx.hop + links.saturating_sub(1));
        self.ctx.in_heap = true;
    }

    fn reaches(&mut self, hops: usize) {
        let depth = self.ctx.hop + hops;
        let totals = &mut self.acc(self.ctx.sink).totals;
        totals.max_indirection = totals.max_indirection.max(depth);
    }

    fn reaches_at_least(&mut self, hops: usize) {
        self.reaches(hops);
        self.acc(self.ctx.sink).totals.indirection_is_exact = false;
    }

    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            return;
        }
        let hop = self.ctx.hop + usize::from(self.ctx.in_heap);
        let collection = match self.ctx.sink {
            Sink::Own(n) => Some(n),
            _ => None,
        };
        for (i, item) in items.iter().enumerate() {
            let index = self.ctx.next_index;
            self.ctx.next_index += 1;
            let size = core::mem::size_of::<T>();
            let place = self.place(index, || Segment::Index(index), T::LAYOUT, size, hop, false);
            if let Some(m) = self.folds_from_here(&place) {
                // This element and every later one fold into summary `m`.
                self.count_folded(m, items.len() - i - 1);
                self.fold_elements(&items[i..], hop, m, collection);
                return;
            }
            let padding = T::LAYOUT.padding_bytes;
            let Some((sink, fresh)) =
                self.element_sink(place, size, padding, collection, |f| f.enter(item, hop))
            else {
                continue;
            };
            let mut ctx = Ctx::new(sink, hop, item);
            ctx.element_of = collection;
            self.descend(item, ctx);
            if fresh {
                self.release(sink);
            }
        }
    }

    fn heap_with_entries<K, W, I, B>(&mut self, len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        let mut block = block;
        if K::IS_LEAF && W::IS_LEAF {
            // No entry is walked: only the block.
            self.heap(crate::visit::block_of(block, entries));
            return;
        }
        // One pass: each entry is noted as it is walked. The block's figures, added once the
        // entries are done, add up as they would before them; the entries live in it.
        self.ctx.in_heap = true;
        self.entries(
            len,
            entries.inspect(|&(key, value)| block.entry(key, value)),
        );
        let hop = self.ctx.hop;
        self.add_block(&block.block(), hop);
    }

    fn entries<K, W, I>(&mut self, len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            return;
        }
        let hop = self.ctx.hop + usize::from(self.ctx.in_heap);
        let mut entries = entries;
        // Entries taken so far, this one included.
        let mut taken = 0;
        while let Some((key, value)) = entries.next() {
            taken += 1;
            let index = self.ctx.next_index;
            self.ctx.next_index += 1;
            // Kept in the segment, written there or through the walk's one buffer for keys.
            let mut text = core::mem::take(&mut self.key_text);
            let key_segment = || match KeyText::of(key, &mut text) {
                Some(key) => Segment::Key(key),
                None => Segment::Entry(index),
            };
            // A map's entry is a `(K, V)` node with its key and value as children; a set stores
            // keys only (its values are `()`): its entry is the key.
            let is_set = is_set_item(value);
            let (size, padding) = entry_inline(key, value);
            let layout = if is_set {
                K::LAYOUT
            } else {
                MapEntry::<K, W>::LAYOUT
            };
            let place = self.place(index, key_segment, layout, size, hop, true);
            self.key_text = text;
            if let Some(m) = self.folds_from_here(&place) {
                // This entry and every later one fold into summary `m`.
                // `len` is the map's: the entries left, this one included, as far as it tells.
                let left = len.saturating_sub(taken - 1);
                let n = self.fold_entries((key, value), (entries, left), hop, m);
                self.count_folded(m, n - 1);
                return;
            }
            let Some((sink, fresh)) = self.element_sink(place, size, padding, None, |f| {
                f.descend(key, hop);
                f.descend(value, hop);
            }) else {
                continue;
            };
            if is_set {
                self.descend(key, Ctx::new(sink, hop, key));
            } else {
                self.entry_part(sink, Segment::EntryKey, key, hop);
                self.entry_part(sink, Segment::EntryValue, value, hop);
            }
            if fresh {
                self.release(sink);
            }
        }
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        let hop = self.ctx.hop;
        let size = core::mem::size_of_val(contents);
        match index {
            None => {
                let chain = match self.ctx.sink {
                    Sink::Own(p) => self.chain_link_index(p, T::LAYOUT).map(|i| (p, i)),
                    _ => None,
                };
                self.add_block(&block, hop);
                let layout = T::LAYOUT;
                // A box of a zero-sized value allocates nothing: unboxing it saves no allocation.
                let is_small = layout.is_sized && size > 0 && size <= self.options.small_box_bytes;
                let small_element_of = self.ctx.element_of.filter(|_| is_small);
                // A small boxed element is its collection's finding (`Vec<Box<Vec<u8>>>`): said
                // there once, not again at each element.
                let boxes_collection = layout.kind == Kind::Collection
                    && layout.storage == Storage::OwnsHeap
                    && small_element_of.is_none();
                if let Some(node) = self.own_node() {
                    node.is_box = true;
                    node.boxes_collection = boxes_collection;
                }
                if let Some(collection) = small_element_of {
                    self.nodes[collection as usize].small_boxed_elements += 1;
                }
                if let Some((p, first)) = chain {
                    self.fold_chain(p, first, contents, hop);
                    return;
                }
                let sink = self.child(
                    self.ctx.sink,
                    || Segment::Deref,
                    layout,
                    size,
                    None,
                    hop + 1,
                    NodeKind::Value,
                );
                self.descend(contents, Ctx::new(sink, hop + 1, contents));
            }
            Some(i) => {
                // A linked node: numbered like an element, summarised past the first few, its
                // block reached through the `i` nodes before it.
                let hop = hop + i;
                let place = self.place(i, || Segment::Index(i), T::LAYOUT, size, hop + 1, false);
                let padding = T::LAYOUT.padding_bytes;
                let (sink, fresh) = match place {
                    Place::Folded(m) if self.may_fold() => {
                        let mut folder = Folder::new(self, m, None);
                        // The node's own block belongs to the element it holds.
                        folder.fig.add_block(&block, hop, &mut folder.walker.rare);
                        folder.reserve(&block);
                        folder.descend(contents, hop + 1);
                        folder.finish(size, padding);
                        return;
                    }
                    Place::Folded(m) => (Sink::Scratch(self.alloc_scratch(m, size, padding)), true),
                    Place::Sink(sink) => (sink, false),
                };
                // The node's own block belongs to the element it holds.
                self.acc(sink).add_block(&block, hop);
                self.reserve_at(sink, &block);
                self.descend(contents, Ctx::new(sink, hop + 1, contents));
                if fresh {
                    self.release(sink);
                }
            }
        }
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let hop = self.ctx.hop;
        let here = self.shown(self.ctx.sink);
        let met = self.meet_shared(&shared, here);
        let chain = match (met.walk_now, shared.contents, self.ctx.sink) {
            (true, Some(contents), Sink::Own(p)) => self
                .chain_link_index(p, T::LAYOUT)
                .map(|first| (p, first, contents)),
            _ => None,
        };
        if let Some(block) = met.block {
            add_shared(self.acc(self.ctx.sink), &block, hop, met.first);
        }
        let (first, walk_now, first_node) = (met.first, met.walk_now, met.first_node);
        if let Some(node) = self.own_node() {
            node.shared = Some(Box::new(SharedInfo {
                address: shared.address,
                block_bytes: shared.block.bytes,
                strong: shared.strong,
                weak: shared.weak,
                is_weak: shared.is_weak,
                is_atomic: shared.is_atomic,
                counted_here: first,
                first_seen: first_node as usize,
            }));
        }
        if let Some((p, first_index, contents)) = chain {
            self.fold_chain(p, first_index, contents, hop);
        } else if let (true, Some(contents)) = (walk_now, shared.contents) {
            let size = core::mem::size_of_val(contents);
            let sink = self.child(
                self.ctx.sink,
                || Segment::Deref,
                T::LAYOUT,
                size,
                None,
                hop + 1,
                NodeKind::Value,
            );
            self.descend(contents, Ctx::new(sink, hop + 1, contents));
        }
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, target: &'a T) {
        // Shown, not counted, not walked: its owner reports it.
        if let Sink::Own(_) = self.ctx.sink {
            let size = core::mem::size_of_val(target);
            let hop = self.ctx.hop + 1;
            self.child(
                self.ctx.sink,
                || Segment::Deref,
                T::LAYOUT,
                size,
                None,
                hop,
                NodeKind::Borrowed,
            );
        }
    }

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if skips_leaf::<T>(self.ctx.sink) {
            return;
        }
        let label = guard_segment(core::any::type_name::<G>());
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let contents: &'a T = unsafe { self.held.guard(guard) };
        let hop = self.ctx.hop;
        let size = core::mem::size_of_val(contents);
        let sink = self.child(
            self.ctx.sink,
            || Segment::Guard(label),
            T::LAYOUT,
            size,
            None,
            hop,
            NodeKind::Value,
        );
        self.descend(contents, Ctx::new(sink, hop, contents));
    }

    fn unreadable(&mut self, reason: &'static str) {
        self.acc(self.ctx.sink).totals.unreadable += 1;
        if let Some(node) = self.own_node() {
            node.unreadable = Some(reason);
        }
    }

    fn resource(&mut self, release: &'static str) {
        self.acc(self.ctx.sink).totals.resources += 1;
        if let Some(node) = self.own_node() {
            node.resource = Some(release);
        }
    }
}

impl<'a> Walker<'a> {
    /// The key or the value (`segment`) of a map entry going to `entry`: a child node of the
    /// entry's, as a field is one of its struct's.
    fn entry_part<T: Layout + ?Sized>(
        &mut self,
        entry: Sink,
        segment: Segment,
        part: &'a T,
        hop: usize,
    ) {
        if skips_leaf::<T>(entry) {
            return;
        }
        let size = core::mem::size_of_val(part);
        let sink = self.child(
            entry,
            || segment,
            T::LAYOUT,
            size,
            None,
            hop,
            NodeKind::Value,
        );
        self.descend(part, Ctx::new(sink, hop, part));
    }
}
