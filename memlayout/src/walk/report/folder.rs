//! Folding parts that get no node: summarised elements and parts past the node budget.

use alloc::boxed::Box;
use core::mem::ManuallyDrop;
use core::ops::Deref;

use super::chain::NextLink;
use super::fold::Fig;
use super::fold_loops::is_set_item;
use super::{Ctx, NodeId, Sink, Walker, REPORT_STACK_BYTES};
use crate::layout::{Layout, TypeLayout};
use crate::visit::{BlockFromEntries, HeapBlock, Shared, Visitor};
use crate::walk::stack::within_budget_for;

/// Walks one summarised element (or a part past the node budget) without nodes or a scratch
/// slot: its figures add up in `fig` (and the walker's `rare`) and fold into the summary once
/// its walk is done. Only when part of it is deferred past
/// its stack budget does it take a scratch slot, which the deferred work completes.
///
/// It meets the element's parts in the order the [`Walker`] would, so every figure comes out as
/// from a walk with scratch slots; its stack check reads the stack pointer
/// ([`REPORT_STACK_BYTES`]), so no depth is kept as it goes down and back.
pub(super) struct Folder<'w, 'a> {
    pub(super) walker: &'w mut Walker<'a>,
    /// The part's figures but for the plain blocks' sums still in `plain_bytes` and
    /// `plain_used`: read them after [`Folder::settle`].
    pub(super) fig: Fig,
    /// The bytes and used bytes of the plain blocks holding `0 < used <= bytes` met since the
    /// figures were last settled: two sums a block, their spare bytes (unused and reclaimable)
    /// being the difference, added once, by [`Folder::settle`].
    plain_bytes: usize,
    plain_used: usize,
    /// A plain block holding `0 < used <= bytes` less deep than this only adds to the plain
    /// sums: under no model in a folder that `splits`, `fig.max_indirection` (or less), else
    /// 0 (one test a block for the depth, the model and the kind of folder).
    quiet_below: usize,
    /// Whether plain blocks add to the plain sums rather than the figures: all but a map's
    /// entry's folder, whose walk is inlined into the entries' loop and whose figures then
    /// stay in registers (there, two kinds of sums cost more than they save).
    pub(super) splits: bool,
    /// The walker's [`stack_mark_for`](crate::walk::stack::stack_mark_for) mark: past it,
    /// parts are deferred.
    stack_mark: usize,
    pub(super) hop: usize,
    /// Whether the value being visited has met its heap block, and, while a summarised
    /// element itself is visited, its collection.
    pub(super) here: Here,
    pub(super) summary: NodeId,
    pub(super) slot: Option<u32>,
    /// Whether the figures go to `summary`'s elided figures (node budget spent) rather than
    /// fold into it as a summarised element's: then each part counts as an elided part.
    elided: bool,
    /// Parts met, each as the walker would have counted it as elided (read only if `elided`:
    /// counted either way, which costs less than testing).
    parts: usize,
    /// For a chain summary's folder: the links' type (see `chain.rs`).
    pub(super) chain: Option<&'static TypeLayout>,
    /// Whether a chain's links are being walked in a loop, and the next one, once met.
    pub(super) looping: bool,
    pub(super) next_link: Option<NextLink<'a>>,
    /// Whether blocks count under the walk's allocator model at `summary` (a model was
    /// chosen).
    pub(super) reserves: bool,
}

impl<'w, 'a> Folder<'w, 'a> {
    pub(super) fn new(
        walker: &'w mut Walker<'a>,
        summary: NodeId,
        element_of: Option<NodeId>,
    ) -> Self {
        // Under an allocator model the folder counts every block at the node its figures go
        // to (the summary, or the node whose elided figures they are).
        let reserves = walker.reserving.is_some();
        Self::with_reserves(walker, summary, element_of, reserves)
    }

    /// [`Folder::new`] told whether a model was chosen (a constant in the summary loops, so
    /// the loop without one has no test per block).
    #[inline(always)]
    pub(super) fn with_reserves(
        walker: &'w mut Walker<'a>,
        summary: NodeId,
        element_of: Option<NodeId>,
        reserves: bool,
    ) -> Self {
        Folder {
            stack_mark: walker.stack_mark,
            walker,
            fig: Fig::default(),
            plain_bytes: 0,
            plain_used: 0,
            quiet_below: 0,
            splits: true,
            hop: 0,
            here: Here::of(element_of),
            summary,
            slot: None,
            elided: false,
            parts: 0,
            chain: None,
            looping: false,
            next_link: None,
            reserves,
        }
    }

    /// A folder for a part whose figures go to shown node `node`'s elided figures.
    pub(super) fn elided(walker: &'w mut Walker<'a>, node: NodeId) -> Self {
        let mut folder = Folder::new(walker, node, None);
        folder.elided = true;
        folder
    }

    /// Whether a nested visit may still recurse on the machine stack.
    #[inline(always)]
    pub(super) fn has_stack(&self) -> bool {
        within_budget_for(self.stack_mark, REPORT_STACK_BYTES)
    }

    /// Counts `block` at the summary under the walk's allocator model, if one was chosen.
    #[inline(always)]
    pub(super) fn reserve(&mut self, block: &HeapBlock) {
        if self.reserves {
            self.walker.reserve(self.summary, block);
        }
    }

    /// Adds the plain blocks' sums to `fig`, which then holds all the part's figures.
    #[inline(always)]
    pub(super) fn settle(&mut self) {
        let bytes = core::mem::take(&mut self.plain_bytes);
        let used = core::mem::take(&mut self.plain_used);
        let spare = bytes - used;
        let fig = &mut self.fig;
        fig.heap_bytes += bytes;
        fig.used += used;
        fig.unused += spare;
        fig.reclaimable += spare;
    }

    /// Readies an elements loop's folder for its next element at depth `hop`, of
    /// `collection`. The rest is as a new folder's: the figures and the slot are cleared
    /// where the last element left any, and the chain state (for chain summaries' folders)
    /// is restored by whatever changes it.
    #[inline(always)]
    pub(super) fn next_element(&mut self, hop: usize, collection: Option<NodeId>) {
        debug_assert!(self.chain.is_none() && !self.looping && self.next_link.is_none());
        debug_assert!(self.slot.is_none() && self.plain_bytes == 0);
        (self.hop, self.here) = (hop, Here::of(collection));
    }

    /// Clears the figures (all settled and read) for the next element.
    #[inline(always)]
    pub(super) fn clear_fig(&mut self) {
        (self.fig, self.quiet_below) = (Fig::default(), 0);
    }

    /// [`Folder::settle`], tested first: most elements that meet plain blocks meet them
    /// below a shared handle first walked (in the figures themselves) or not at all, and
    /// the figures then stay untouched.
    #[inline(always)]
    pub(super) fn settle_any(&mut self) {
        // `used <= bytes`: no bytes, no sums.
        if self.plain_bytes != 0 {
            self.settle();
        }
    }

    /// Takes the part's figures (all of them), leaving none.
    #[inline(always)]
    pub(super) fn take_fig(&mut self) -> Fig {
        self.settle();
        self.quiet_below = 0;
        core::mem::take(&mut self.fig)
    }

    /// Starts the figures afresh at `fig`, dropping any not read.
    #[inline(always)]
    pub(super) fn reset_fig(&mut self, fig: Fig) {
        (self.fig, self.plain_bytes, self.plain_used) = (fig, 0, 0);
        self.quiet_below = 0;
    }

    /// A part the walker would have counted as elided (see [`Walker::child`]).
    #[inline(always)]
    fn part(&mut self) {
        self.parts += 1;
    }

    /// Visits the element itself (whose boxes count towards its collection's findings).
    pub(super) fn enter<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        self.visit_part(value, hop, self.here.element_of());
    }

    /// Visits a part below the element at depth `hop`.
    pub(super) fn descend<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        self.visit_part(value, hop, None);
    }

    /// Visits `value` at depth `hop` right away, for a folder made for this part only: no stack
    /// check (the caller's frame is checked) and no state to restore.
    #[inline(always)]
    pub(super) fn visit_here<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        if T::IS_LEAF {
            return;
        }
        (self.hop, self.here) = (hop, Here::of(None));
        value.visit(self);
    }

    /// Visits `value`, on the stack or deferred, as [`Walker::descend`] does.
    #[inline(always)]
    pub(super) fn visit_part<T: Layout + ?Sized>(
        &mut self,
        value: &'a T,
        hop: usize,
        element_of: Option<NodeId>,
    ) {
        if T::IS_LEAF {
            return;
        }
        if !self.has_stack() {
            // Out of line, and not given the folder (whose fields then stay in registers).
            self.slot = defer_part(
                self.walker,
                (self.elided, self.summary, self.slot),
                value,
                hop,
                element_of,
            );
            return;
        }
        let saved = (self.hop, self.here);
        (self.hop, self.here) = (hop, Here::of(element_of));
        value.visit(self);
        (self.hop, self.here) = saved;
    }

    /// The part's walk is done: its figures fold into the summary, or into its scratch slot
    /// when deferred work is still to add to them, or into the elided figures.
    pub(super) fn finish(mut self, inline_bytes: usize, inline_padding: usize) {
        if let Some(fig) = self.end(inline_bytes, inline_padding) {
            self.walker
                .fold_fig(self.summary, &fig, inline_bytes, inline_padding);
        }
    }

    /// Ends the part's walk: its figures, when they are to be folded into the summary now
    /// (`None` when they went to a scratch slot or to elided figures).
    #[inline(always)]
    pub(super) fn end(&mut self, inline_bytes: usize, inline_padding: usize) -> Option<Fig> {
        self.settle();
        if self.elided {
            let rare = self.walker.rare;
            let node = &mut self.walker.nodes[self.summary as usize];
            node.elided_mut().merge_fig(&self.fig, &rare);
            node.elided_parts += self.parts;
            return None;
        }
        let Some(slot) = self.slot else {
            return Some(self.fig);
        };
        let rare = self.walker.rare;
        let into = &mut self.walker.scratch[slot as usize].acc;
        into.merge_fig(&self.fig, &rare);
        into.totals.inline_bytes = inline_bytes;
        into.totals.inline_padding = inline_padding;
        self.walker.release(Sink::Scratch(slot));
        None
    }
}

impl<'a> Folder<'_, 'a> {
    /// A shared allocation not met before, or whose contents are still to walk, or whose share
    /// is divided: out of line, the figures it adds and the contents it walks.
    #[inline(never)]
    fn shared_slow<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let hop = self.hop;
        let met = self.walker.meet_shared(&shared, self.summary);
        if let Some(block) = met.block {
            self.fig
                .add_shared(&block, hop, met.first, &mut self.walker.rare);
        }
        if let (true, Some(contents)) = (met.walk_now && self.is_link::<T>(), shared.contents) {
            self.link(contents, hop + 1);
            return;
        }
        if let (true, Some(contents)) = (met.walk_now, shared.contents) {
            self.part();
            self.descend(contents, hop + 1);
        }
    }
}

/// Where a [`Folder`]'s walk is in the value it visits: whether the value met its heap block
/// (its elements and entries are then one pointer deeper) and, while a summarised element
/// itself is visited, its collection. One word, saved and restored around each part in one
/// move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Here(u64);

impl Here {
    /// The bit set once the value met its heap block.
    const IN_HEAP: u64 = 1 << 32;
    /// The bit set while an element is visited, its collection in the low 32 bits.
    const ELEMENT: u64 = 1 << 33;

    /// A value not in its heap block yet, an element of `collection` if any.
    #[inline(always)]
    pub(super) fn of(collection: Option<NodeId>) -> Here {
        match collection {
            Some(node) => Here(Self::ELEMENT | u64::from(node)),
            None => Here(0),
        }
    }

    /// The value met its heap block.
    #[inline(always)]
    fn enter_heap(&mut self) {
        self.0 |= Self::IN_HEAP;
    }

    /// How many pointers below the value its elements are: 1 once it met its heap block.
    #[inline(always)]
    fn heap_hops(self) -> usize {
        ((self.0 & Self::IN_HEAP) >> 32) as usize
    }

    /// The collection of the element being visited, if it is one.
    #[inline(always)]
    fn element_of(self) -> Option<NodeId> {
        (self.0 & Self::ELEMENT != 0).then_some(self.0 as NodeId)
    }
}

/// Counts a plain block at node `summary` under the walk's allocator model, out of line.
#[cold]
#[inline(never)]
fn reserve_plain(
    walker: &mut Walker<'_>,
    summary: NodeId,
    bytes: usize,
    align: usize,
    used: usize,
) {
    walker.reserve(summary, &HeapBlock::exact(bytes, align, used));
}

/// Leaves part `value` of a [`Folder`]'s walk to the work list: its figures go to the elided
/// figures of node `summary` when `elided`, else to the element's scratch slot (made now if
/// `slot` is `None`). Returns the slot.
#[cold]
#[inline(never)]
fn defer_part<'a, T: Layout + ?Sized>(
    walker: &mut Walker<'a>,
    (elided, summary, slot): (bool, NodeId, Option<u32>),
    value: &'a T,
    hop: usize,
    element_of: Option<NodeId>,
) -> Option<u32> {
    let (sink, slot) = if elided {
        (Sink::Elided(summary), slot)
    } else {
        let slot = match slot {
            Some(slot) => slot,
            None => walker.alloc_scratch(summary, 0, 0),
        };
        (Sink::Scratch(slot), Some(slot))
    };
    let mut ctx = Ctx::new(sink, hop, value);
    ctx.element_of = element_of;
    walker.retain(sink);
    walker
        .deferred
        .push(Box::new(move |walker: &mut Walker<'a>| {
            walker.run(value, ctx);
            walker.release(sink);
        }));
    slot
}

impl<'a> Visitor<'a> for Folder<'_, 'a> {
    /// An inline field is visited without a stack check, as the tally does: a value nests
    /// inline only as deep as its type is declared, and every part behind a pointer or in a
    /// heap block is checked. Its hop is the value's, which every visit leaves as it found it,
    /// so only the rest of the state is saved.
    #[inline(always)]
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        if T::IS_LEAF {
            return;
        }
        self.part();
        let saved = self.here;
        self.here = Here::of(None);
        value.visit(self);
        self.here = saved;
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        _name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        if T::IS_LEAF {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before the walker's
        // `held` drops.
        let copy: &'a T = unsafe { self.walker.held.copy(copy) };
        self.part();
        self.descend(copy, self.hop);
    }

    #[inline(always)]
    fn measured(&mut self, _index: usize, _name: &'static str, heap: HeapBlock) {
        self.part();
        self.fig.add_block(&heap, self.hop, &mut self.walker.rare);
        self.reserve(&heap);
    }

    #[inline(always)]
    fn variant(&mut self, _index: usize, _name: &'static str) {}

    #[inline(always)]
    fn heap(&mut self, block: HeapBlock) {
        self.fig.add_block(&block, self.hop, &mut self.walker.rare);
        self.reserve(&block);
        self.here.enter_heap();
    }

    fn linked_heap(&mut self, block: HeapBlock, links: usize) {
        let hop = self.hop + links.saturating_sub(1);
        self.fig.add_block(&block, hop, &mut self.walker.rare);
        self.reserve(&block);
        self.here.enter_heap();
    }

    fn reaches(&mut self, hops: usize) {
        self.fig.max_indirection = self.fig.max_indirection.max(self.hop + hops);
    }

    fn reaches_at_least(&mut self, hops: usize) {
        self.reaches(hops);
        self.walker.rare.open(self.fig.rare).shallow = true;
        self.fig.rare = true;
    }

    /// A plain block: nothing at all when empty, the sums alone when it holds `0 < used <=
    /// bytes` (no estimate, padding or kept spare bytes to test for), else (an empty
    /// allocation, or `used > bytes` from a hand-written impl) the tests of [`Folder::heap`].
    #[inline(always)]
    fn plain_heap(&mut self, bytes: usize, align: usize, used: usize) {
        self.here.enter_heap();
        if (bytes | used) == 0 {
            return;
        }
        let spare = bytes.wrapping_sub(used);
        if spare < bytes {
            // `0 < used <= bytes`: an allocation, not empty, its spare bytes `bytes - used`.
            // Mostly a block no deeper than one met before, under no model: one test, and
            // two sums (the spare bytes added up when settled).
            if self.hop < self.quiet_below {
                self.plain_bytes += bytes;
                self.plain_used += used;
                self.fig.allocations += 1;
                return;
            }
            // Else (or in a folder that does not split) the figures themselves.
            let fig = &mut self.fig;
            fig.heap_bytes += bytes;
            fig.used += used;
            fig.unused += spare;
            fig.reclaimable += spare;
            fig.allocations += 1;
            if self.hop >= fig.max_indirection {
                fig.max_indirection = self.hop + 1;
            }
        } else {
            self.fig
                .add_plain_block(bytes, align, used, self.hop, &mut self.walker.rare);
        }
        // No call is handed the folder: a loop that visits in place (a map's entries) keeps
        // its figures in registers.
        if self.reserves {
            reserve_plain(self.walker, self.summary, bytes, align, used);
        } else if self.splits {
            self.quiet_below = self.fig.max_indirection;
        }
    }

    #[inline(always)]
    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            return;
        }
        let hop = self.hop + self.here.heap_hops();
        if !self.has_stack() {
            // Each item deferred on its own, as the walker does.
            for item in items {
                self.part();
                self.descend(item, hop);
            }
            return;
        }
        // What `descend` does per item, with the stack check and the state saved once for all.
        self.parts += items.len();
        let saved = (self.hop, self.here);
        self.hop = hop;
        for item in items {
            self.here = Here::of(None);
            item.visit(self);
        }
        (self.hop, self.here) = saved;
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
            self.heap(crate::visit::block_of(block, entries));
            return;
        }
        // One pass, as the walker does.
        self.here.enter_heap();
        self.entries(
            len,
            entries.inspect(|&(key, value)| block.entry(key, value)),
        );
        let block = block.block();
        self.fig.add_block(&block, self.hop, &mut self.walker.rare);
        self.reserve(&block);
    }

    fn entries<K, W, I>(&mut self, _len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            return;
        }
        let hop = self.hop + self.here.heap_hops();
        for (key, value) in entries {
            // The entry, and its key and value as parts of their own (as the walker's
            // `entry_part`) unless it is a set's item.
            self.part();
            if !is_set_item(value) {
                self.parts += usize::from(!K::IS_LEAF) + usize::from(!W::IS_LEAF);
            }
            self.descend(key, hop);
            self.descend(value, hop);
        }
    }

    #[inline(always)]
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        // Linked node `index` sits `index` hops below the value (a `Box`, `None`, at none).
        let hop = self.hop + index.unwrap_or(0);
        self.fig.add_block(&block, hop, &mut self.walker.rare);
        self.reserve(&block);
        if index.is_none() && self.is_link::<T>() {
            self.link(contents, hop + 1);
            return;
        }
        if let (None, Some(collection)) = (index, self.here.element_of()) {
            let layout = T::LAYOUT;
            let size = core::mem::size_of_val(contents);
            // A box of a zero-sized value allocates nothing: unboxing it saves no allocation.
            if layout.is_sized && size > 0 && size <= self.walker.options.small_box_bytes {
                self.walker.nodes[collection as usize].small_boxed_elements += 1;
            }
        }
        self.part();
        self.descend(contents, hop + 1);
    }

    #[inline(always)]
    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        // Most handles are to an allocation met before, whose contents were walked: they add
        // nothing (unless shares are divided), and one look-up tells.
        if !self.walker.options.fair_share {
            if let Some(seen) = self.walker.shared_seen.get(&shared.address) {
                if seen.walked || shared.contents.is_none() {
                    return;
                }
            }
        }
        self.shared_slow(shared);
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if T::IS_LEAF {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before the walker's
        // `held` drops.
        let contents: &'a T = unsafe { self.walker.held.guard(guard) };
        self.part();
        self.descend(contents, self.hop);
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.walker.rare.open(self.fig.rare).unreadable += 1;
        self.fig.rare = true;
    }

    fn resource(&mut self, _release: &'static str) {
        self.walker.rare.open(self.fig.rare).resources += 1;
        self.fig.rare = true;
    }
}
