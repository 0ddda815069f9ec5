//! Parts past the node budget: a lean walk that adds their figures into a shown node's elided
//! figures.
//!
//! Once the node budget is spent, every further part of the value folds into its nearest shown
//! ancestor (see [`Sink::Elided`](super::Sink)): a large tree's report walks most of its nodes
//! this way. An [`Elider`] walks such a part with the least state a tree of plain parts needs:
//! the sums of its plain heap blocks (exact, no padding, their spare bytes all reclaimable: a
//! `Vec`'s, a `String`'s, a `Box`'s), the parts met, the depth and whether the value reported a
//! block. A plain block adds five sums (the spare bytes, unused and reclaimable alike, are one),
//! and two more when it is an empty allocation. It needs no [`Rare`] of its own, no scratch
//! slot and no chain state, so the frames of its recursion stay small and, for a [`Folder`]'s
//! eight-word figures, about 10% fewer instructions go to a large tree's report.
//!
//! Anything else a part meets (another block, entries, a shared allocation not met before, a
//! guard, a packed copy, a measured field, an unreadable part, a resource, a box held by an
//! element itself, parts past the stack budget) goes to a [`Folder`] made for that call alone,
//! whose figures go to the same elided figures when the call returns. The figures and part
//! counts are the same as from one [`Folder`] over the whole part (the walker's way before):
//! they are sums, maxima and counts, met in the same order. Under an allocator model the walker
//! uses a [`Folder`] throughout, which counts each block at the node.

use core::mem::ManuallyDrop;
use core::ops::Deref;

use super::fold::{Fig, Rare};
use super::{Folder, NodeId, Walker, REPORT_STACK_BYTES};
use crate::layout::Layout;
use crate::visit::{BlockFromEntries, Exactness, HeapBlock, Shared, Visitor};
use crate::walk::stack::within_budget_for;

/// Walks a part past the node budget into node `node`'s elided figures (see the module docs).
pub(super) struct Elider<'w, 'a> {
    walker: &'w mut Walker<'a>,
    /// The shown node whose elided figures these are.
    node: NodeId,
    /// The walker's stack mark: past it, parts are deferred (by a [`Folder`]).
    stack_mark: usize,
    /// Sums over the plain blocks met.
    heap_bytes: usize,
    used: usize,
    /// `bytes - used` summed: the plain blocks' unused bytes, all of them reclaimable.
    spare: usize,
    allocations: usize,
    max_indirection: usize,
    /// Allocations holding no live element, and their bytes.
    empty_allocations: usize,
    empty_bytes: usize,
    /// The parts met, as the walker would count them.
    parts: usize,
    /// Indirection depth of the value being visited.
    hop: usize,
    /// Whether the value being visited has reported a heap block (its elements live there).
    in_heap: bool,
    /// The collection the part is an element of, while the element's own parts are visited
    /// (its boxes count towards the collection's findings); `None` below.
    element_of: Option<NodeId>,
}

impl<'w, 'a> Elider<'w, 'a> {
    /// Walks `value` (at depth `hop`, an element of `element_of` if any) into node `node`'s
    /// elided figures.
    pub(super) fn walk<T: Layout + ?Sized>(
        walker: &'w mut Walker<'a>,
        node: NodeId,
        value: &'a T,
        hop: usize,
        element_of: Option<NodeId>,
    ) {
        if T::IS_LEAF {
            return;
        }
        let mut elider = Elider {
            stack_mark: walker.stack_mark,
            walker,
            node,
            heap_bytes: 0,
            used: 0,
            spare: 0,
            allocations: 0,
            max_indirection: 0,
            empty_allocations: 0,
            empty_bytes: 0,
            parts: 0,
            hop,
            in_heap: false,
            element_of,
        };
        if !elider.has_stack() {
            // Deferred by a folder, as the walker's own elided parts are.
            elider.with_folder(|folder| folder.visit_part(value, hop, element_of));
            return;
        }
        value.visit(&mut elider);
        elider.finish();
    }

    /// Whether a nested visit may still recurse on the machine stack.
    #[inline(always)]
    fn has_stack(&self) -> bool {
        within_budget_for(self.stack_mark, REPORT_STACK_BYTES)
    }

    /// Adds the sums into the node's elided figures.
    fn finish(self) {
        let fig = Fig {
            heap_bytes: self.heap_bytes,
            used: self.used,
            unused: self.spare,
            reclaimable: self.spare,
            padding: 0,
            allocations: self.allocations,
            max_indirection: self.max_indirection,
            rare: self.empty_allocations > 0,
        };
        // The only rare figures: every other went to a folder.
        let rare = Rare {
            empty_allocations: self.empty_allocations,
            empty_bytes: self.empty_bytes,
            ..Rare::default()
        };
        let node = &mut self.walker.nodes[self.node as usize];
        node.elided_mut().merge_fig(&fig, &rare);
        node.elided_parts += self.parts;
    }

    /// Runs `call` on a [`Folder`] in this walk's state, for the same elided figures; the
    /// folder's figures go there when it returns.
    #[inline(always)]
    fn with_folder(&mut self, call: impl FnOnce(&mut Folder<'_, 'a>)) {
        let mut folder = Folder::elided(self.walker, self.node);
        (folder.hop, folder.in_heap, folder.element_of) = (self.hop, self.in_heap, self.element_of);
        call(&mut folder);
        self.in_heap = folder.in_heap;
        folder.finish(0, 0);
    }

    /// Adds a plain block (see [`is_plain`]).
    #[inline(always)]
    fn add_plain(&mut self, block: &HeapBlock) {
        self.heap_bytes += block.bytes;
        self.used += block.used;
        self.spare += block.bytes - block.used;
        self.allocations += block.allocations;
        if block.allocations > 0 {
            self.max_indirection = self.max_indirection.max(self.hop + 1);
            if block.used == 0 && block.bytes > 0 {
                self.empty_allocations += block.allocations;
                self.empty_bytes += block.bytes;
            }
        }
    }

    /// Visits `value` past the stack budget: deferred, by a folder. Out of line and cold.
    #[cold]
    #[inline(never)]
    fn defer<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        self.with_folder(|folder| folder.descend(value, hop));
    }

    /// A shared allocation not met before, or whose contents are still to walk: a folder's.
    #[inline(never)]
    fn first_shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        self.with_folder(|folder| folder.shared(shared));
    }

    /// A box whose block is not plain, or held by an element itself (its box counts towards
    /// the collection's findings): a folder's, out of line.
    #[inline(never)]
    fn other_box<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        self.with_folder(|folder| folder.boxed(index, contents, block));
    }

    /// A block that is not plain: added by a folder, out of line.
    #[cold]
    #[inline(never)]
    fn other_block(&mut self, block: HeapBlock) {
        self.with_folder(|folder| folder.heap(block));
    }

    /// Elements past the stack budget: each deferred, by a folder. Out of line and cold.
    #[cold]
    #[inline(never)]
    fn defer_elements<T: Layout>(&mut self, items: &'a [T]) {
        self.with_folder(|folder| folder.elements(items));
    }

    /// The elements of an element itself (a collection of collections): as
    /// [`Visitor::elements`], with the outer collection set aside meanwhile. Out of line.
    #[inline(never)]
    fn element_elements<T: Layout>(&mut self, items: &'a [T]) {
        let element_of = self.element_of.take();
        self.elements(items);
        self.element_of = element_of;
    }

    /// A field of an element itself: as [`Visitor::field`], with the element's collection
    /// set aside while the field is visited. Out of line: only an element's own fields come
    /// here.
    #[inline(never)]
    fn element_field<T: Layout + ?Sized>(&mut self, value: &'a T) {
        let saved = (self.in_heap, self.element_of.take());
        self.in_heap = false;
        value.visit(self);
        (self.in_heap, self.element_of) = saved;
    }
}

/// Whether `block` is plain: exact, no padding, its spare bytes all reclaimable (a `Vec`'s, a
/// `String`'s, a `Box`'s).
#[inline(always)]
fn is_plain(block: &HeapBlock) -> bool {
    block.used <= block.bytes
        && block.padding == 0
        && block.reclaimable == block.bytes - block.used
        && matches!(block.exactness, Exactness::Exact)
}

impl<'a> Visitor<'a> for Elider<'_, 'a> {
    /// An inline field: no stack check (see [`Folder`]'s), no state but `in_heap` to restore.
    #[inline(always)]
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        if T::IS_LEAF {
            return;
        }
        self.parts += 1;
        if self.element_of.is_some() {
            self.element_field(value);
            return;
        }
        let saved = self.in_heap;
        self.in_heap = false;
        value.visit(self);
        self.in_heap = saved;
    }

    #[inline(always)]
    fn variant(&mut self, _index: usize, _name: &'static str) {}

    #[inline(always)]
    fn heap(&mut self, block: HeapBlock) {
        self.in_heap = true;
        if !is_plain(&block) {
            self.other_block(block);
            return;
        }
        self.add_plain(&block);
    }

    #[inline(always)]
    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            return;
        }
        if self.element_of.is_some() {
            self.element_elements(items);
            return;
        }
        if !self.has_stack() {
            self.defer_elements(items);
            return;
        }
        self.parts += items.len();
        let saved = (self.hop, self.in_heap);
        self.hop += usize::from(self.in_heap);
        for item in items {
            self.in_heap = false;
            item.visit(self);
        }
        (self.hop, self.in_heap) = saved;
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    // The rest, each out of line, goes to a folder.

    #[inline(never)]
    fn packed_field<T: Layout + 'a>(
        &mut self,
        index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        self.with_folder(|folder| folder.packed_field(index, name, copy));
    }

    #[inline(never)]
    fn measured(&mut self, index: usize, name: &'static str, heap: HeapBlock) {
        self.with_folder(|folder| folder.measured(index, name, heap));
    }

    #[inline(always)]
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        if !is_plain(&block) || self.element_of.is_some() {
            self.other_box(index, contents, block);
            return;
        }
        self.add_plain(&block);
        self.parts += 1;
        if T::IS_LEAF {
            return;
        }
        if !self.has_stack() {
            self.defer(contents, self.hop + 1);
            return;
        }
        let saved = (self.hop, self.in_heap);
        (self.hop, self.in_heap) = (self.hop + 1, false);
        contents.visit(self);
        (self.hop, self.in_heap) = saved;
    }

    #[inline(always)]
    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        if self.walker.adds_something(&shared) {
            self.first_shared(shared);
        }
    }

    #[inline(never)]
    fn unreadable(&mut self, reason: &'static str) {
        self.with_folder(|folder| folder.unreadable(reason));
    }

    #[inline(never)]
    fn resource(&mut self, release: &'static str) {
        self.with_folder(|folder| folder.resource(release));
    }

    #[inline(never)]
    fn heap_with_entries<K, W, I, B>(&mut self, len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        self.with_folder(|folder| folder.heap_with_entries(len, entries, block));
    }

    #[inline(never)]
    fn entries<K, W, I>(&mut self, len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        self.with_folder(|folder| folder.entries(len, entries));
    }

    #[inline(never)]
    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        self.with_folder(|folder| folder.guarded(guard));
    }
}
