//! A chain's plain links, walked without the folder: a link whose heap is blocks it owns
//! directly (its next link's `Box`, a `String`'s or a `Vec` of leaves' block, a `Box` of a
//! leaf) has nothing to descend into, so a small visitor with no walker behind it, [`LinkProbe`],
//! reads its figures and its next link. Its `visit`, the `Option`'s and the `Box`'s inline into
//! the chain loop, and the figures stay in registers.
//!
//! Anything else in a link (a part to descend into, a shared allocation, a guard, a second
//! pointer to a link, a figure the walk keeps apart: an empty allocation, an estimate, an
//! unreadable part, a resource) makes the probe give up, having changed nothing: the link is
//! then walked through the [`Folder`](super::Folder) as every link was before, so the figures
//! are the same either way. The probe only reads what the folder would add for such a link:
//! [`Fig::add_block`] per block at the link's depth, the next link's contents one pointer down.

use core::ops::Deref;

use super::chain::{is_link_layout, NextLink};
use super::fold::{Fig, Rare};
use crate::layout::{Layout, TypeLayout};
use crate::visit::{BlockFromEntries, HeapBlock, Shared, Visitor};

/// A plain link's figures, read by [`probe_link`].
#[derive(Clone, Copy)]
pub(super) struct ProbedLink<'a> {
    /// What the link's parts own (its next link's block included), as the folder adds it up.
    pub(super) fig: Fig,
    /// The link's inline size and padding.
    pub(super) size: usize,
    pub(super) padding: usize,
    /// The next link, if the link has one.
    pub(super) next: Option<NextLink<'a>>,
}

impl ProbedLink<'_> {
    /// Whether `other`'s figures are this link's but for the depth (`max_indirection`), which
    /// goes one deeper with every link.
    #[inline(always)]
    pub(super) fn has_figures_of(&self, other: &ProbedLink<'_>) -> bool {
        let (a, b) = (&self.fig, &other.fig);
        (
            a.heap_bytes,
            a.used,
            a.unused,
            a.reclaimable,
            a.padding,
            a.allocations,
        ) == (
            b.heap_bytes,
            b.used,
            b.unused,
            b.reclaimable,
            b.padding,
            b.allocations,
        ) && (self.size, self.padding) == (other.size, other.padding)
    }
}

/// Reads link `contents` of the chain whose links are `chain`s, at depth `hop`: its figures
/// and next link, or `None` when it is not a plain link (see the module's docs). A pointer to
/// a link whose type's layout is `chain`'s at another address leaves that address in `chain`,
/// so that the next link compares addresses only (a layout may be emitted more than once).
#[inline(always)]
pub(super) fn probe_link<'a, T: Layout + ?Sized>(
    contents: &'a T,
    hop: usize,
    chain: &mut &'static TypeLayout,
) -> Option<ProbedLink<'a>> {
    let mut probe = LinkProbe {
        chain,
        hop,
        fig: Fig::default(),
        rare: Rare::default(),
        next: None,
        is_plain: true,
    };
    contents.visit(&mut probe);
    *chain = probe.chain;
    (probe.is_plain && !probe.fig.rare).then(|| ProbedLink {
        fig: probe.fig,
        size: core::mem::size_of_val(contents),
        padding: T::LAYOUT.padding_bytes,
        next: probe.next,
    })
}

/// The visitor [`probe_link`] walks a link with.
struct LinkProbe<'a> {
    chain: &'static TypeLayout,
    hop: usize,
    fig: Fig,
    /// Where [`Fig::add_block`] puts rare figures: any makes the link not plain.
    rare: Rare,
    next: Option<NextLink<'a>>,
    /// Cleared by the first part the folder would have to walk.
    is_plain: bool,
}

impl LinkProbe<'_> {
    #[inline(always)]
    fn add(&mut self, block: &HeapBlock) {
        self.fig.add_block(block, self.hop, &mut self.rare);
    }
}

impl<'a> Visitor<'a> for LinkProbe<'a> {
    #[inline(always)]
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        if !T::IS_LEAF {
            value.visit(self);
        }
    }

    #[inline(always)]
    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        _name: &'static str,
        _copy: core::mem::ManuallyDrop<T>,
    ) {
        self.is_plain &= T::IS_LEAF;
    }

    #[inline(always)]
    fn measured(&mut self, _index: usize, _name: &'static str, heap: HeapBlock) {
        self.add(&heap);
    }

    #[inline(always)]
    fn heap(&mut self, block: HeapBlock) {
        self.add(&block);
    }

    #[inline(always)]
    fn elements<T: Layout>(&mut self, _items: &'a [T]) {
        self.is_plain &= T::IS_LEAF;
    }

    #[inline(always)]
    fn entries<K, W, I>(&mut self, _len: usize, _entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        self.is_plain &= K::IS_LEAF && W::IS_LEAF;
    }

    #[inline(always)]
    fn heap_with_entries<K, W, I, B>(&mut self, _len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            self.add(&crate::visit::block_of(block, entries));
        } else {
            self.is_plain = false;
        }
    }

    #[inline(always)]
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        self.add(&block);
        let is_link = index.is_none() && is_link_layout(&mut self.chain, T::LAYOUT);
        if is_link && self.next.is_none() {
            self.next = Some(NextLink::new(contents, self.hop + 1));
        } else {
            // A second link (a tree's second branch), or contents to descend into.
            self.is_plain &= !is_link && T::IS_LEAF;
        }
    }

    fn shared<T: Layout + ?Sized>(&mut self, _shared: Shared<'a, T>) {
        self.is_plain = false;
    }

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        drop(guard);
        self.is_plain &= T::IS_LEAF;
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.is_plain = false;
    }

    fn resource(&mut self, _release: &'static str) {
        self.is_plain = false;
    }
}
