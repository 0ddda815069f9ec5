//! The blocks-only reading of a part: its figures when its `visit` reports heap blocks and
//! nothing else, read by a small visitor with no walker behind it, [`Blocks`].
//!
//! A part qualifies while its `visit` reports heap blocks only, directly (`heap`, `measured`),
//! through inline fields, or through boxes its [`BoxRule`] takes (a box of a leaf, and in a
//! chain's link the next link's box), and leaves otherwise (elements, entries, packed fields or
//! guards of leaves, borrows, variants). `String`, `Vec<u32>`, `VecDeque<f64>`, `Box<str>`,
//! `CString`, a derived struct of such fields: no list of types, each part's own visit decides.
//! All of such a part's blocks are at its own depth, so its figures are a few sums, and a
//! visit inlined into a caller's loop folds away what the type's visit makes constant (no
//! padding, spare bytes reclaimable, one block).
//!
//! Anything else (a part to descend into, a shared allocation, a guard, an unreadable part, a
//! resource) makes the reading *bail*: its figures are then incomplete, and the caller walks
//! the part through the [`Folder`](super::Folder), which would have added the same figures for
//! a part that qualifies ([`Fig::add_block`] per block at the part's depth).
//!
//! Two users: summarised elements of a collection (`leaf_fold.rs`, [`ElementBoxes`]) and the
//! links of a chain past the shown ones (`link_probe.rs`, [`LinkBoxes`]). They differ only in
//! how a box is taken.

use core::ops::Deref;

use super::chain::{is_link_layout, NextLink};
use super::fold::{Fig, Rare};
use crate::layout::{Layout, TypeLayout};
use crate::visit::{BlockFromEntries, HeapBlock, Shared, Visitor};

/// A block of nothing: no bytes, no allocation.
pub(super) const NO_BLOCK: HeapBlock = HeapBlock::exact(0, 1, 0);

/// What a [`BoxRule`] does with a box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Taken {
    /// Taken: its block counts as the part's, and its contents need no reading.
    Counted,
    /// Taken, its block kept apart by the rule (for the caller to count).
    KeptApart,
    /// Not taken: the reading bails.
    Refused,
}

/// How a [`Blocks`] reading takes a box met in the part it reads.
pub(super) trait BoxRule<'a> {
    /// What the reading does with the box of `contents` (`index` and `block` as
    /// [`Visitor::boxed`] has them), met at depth `hop`.
    fn take<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        hop: usize,
        block: &HeapBlock,
    ) -> Taken;
}

/// The box rule for a collection's elements: a box of a leaf, unless it is a sized `Box` (the
/// [`Folder`](super::Folder) counts a small boxed element for the collection's findings).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ElementBoxes;

impl<'a> BoxRule<'a> for ElementBoxes {
    #[inline(always)]
    fn take<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        _: &'a T,
        _: usize,
        _: &HeapBlock,
    ) -> Taken {
        if T::IS_LEAF && (index.is_some() || !T::LAYOUT.is_sized) {
            Taken::Counted
        } else {
            Taken::Refused
        }
    }
}

/// The box rule for a chain's links: a box of a leaf, and the first box of a link, which is
/// noted as the next link. A second box of a link (a tree's second branch) is not taken.
///
/// The next link's box is the current link's, as its pointer is: it counts as the link's
/// block, or, if `APART`, is only kept (`next_box`), for a caller that folds links whose
/// next boxes are all alike to count them at once.
#[derive(Clone, Copy)]
pub(super) struct LinkBoxes<'a, const APART: bool> {
    /// The chain's link type. A pointer to a link whose type's layout is this one at another
    /// address leaves that address here, so that the next link compares addresses only (a
    /// layout may be emitted more than once).
    pub(super) chain: &'static TypeLayout,
    /// The next link, if the link has one.
    pub(super) next: Option<NextLink<'a>>,
    /// The next link's box, if the link has one (only if `APART`).
    pub(super) next_box: HeapBlock,
}

impl<'a, const APART: bool> LinkBoxes<'a, APART> {
    #[inline(always)]
    pub(super) fn new(chain: &'static TypeLayout) -> Self {
        LinkBoxes {
            chain,
            next: None,
            next_box: NO_BLOCK,
        }
    }
}

impl<'a, const APART: bool> BoxRule<'a> for LinkBoxes<'a, APART> {
    #[inline(always)]
    fn take<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        hop: usize,
        block: &HeapBlock,
    ) -> Taken {
        let is_link = index.is_none() && is_link_layout(&mut self.chain, T::LAYOUT);
        if is_link && self.next.is_none() {
            self.next = Some(NextLink::new(contents, hop + 1));
            if !APART {
                return Taken::Counted;
            }
            self.next_box = *block;
            return Taken::KeptApart;
        }
        if !is_link && T::IS_LEAF {
            Taken::Counted
        } else {
            Taken::Refused
        }
    }
}

/// Whether `block` is *regular*: exact, no padding, its spare bytes reclaimable, one
/// allocation if it has bytes and none if not ([`has_regular_shape`]), and either empty or
/// holding at least one used byte and no more than its bytes ([`has_regular_use`]). A part
/// whose blocks are all regular is plain
/// ([`PlainFold::takes`](super::fold::PlainFold::takes)), its `unused` is `bytes - used` with
/// no saturation, and with one block its `allocations` is `bytes > 0` (what
/// [`LeafFold`](super::leaf_fold::LeafFold) derives them from). For std's blocks
/// ([`HeapBlock::exact`]) every test but the last is known when the visit inlines.
#[inline(always)]
pub(super) fn is_regular(block: &HeapBlock) -> bool {
    has_regular_shape(block) && has_regular_use(block)
}

/// The tests of [`is_regular`] but its `used` one: exact, no padding, spare bytes
/// reclaimable, one allocation iff it has bytes.
#[inline(always)]
fn has_regular_shape(block: &HeapBlock) -> bool {
    block.exactness.is_exact()
        && block.padding == 0
        && block.reclaimable == block.unused()
        && block.allocations == usize::from(block.bytes > 0)
}

/// The `used` test of [`is_regular`]: `0 < used <= bytes`, or both 0.
#[inline(always)]
fn has_regular_use(block: &HeapBlock) -> bool {
    is_regular_use(block.bytes, block.used)
}

/// [`has_regular_use`] of a block of `bytes` bytes, `used` of them used: `0 < used <= bytes`,
/// or both 0.
#[inline(always)]
pub(super) fn is_regular_use(bytes: usize, used: usize) -> bool {
    // `bytes - used` (wrapping) is below `bytes` in the first case, 0 in the second (and
    // every other case misses both).
    bytes.wrapping_sub(used) < bytes.max(1)
}

/// One part's figures, when its visit reports heap blocks only (else `bails`), its boxes taken
/// by the rule `B`.
///
/// `QUICK` reads them for a caller's tight loop: a block that is not regular ([`is_regular`])
/// also `bails`, or, if only its `used` is out of the regular range, sets `misused`
/// instead (a caller may test that for many parts at once, see
/// [`fold_alike_links`](super::link_probe::fold_alike_links)); so a part that neither
/// bails nor is misused has an `unused` that needs no saturation and is plain without
/// further tests; the caller hands any other part to the exact reading.
#[derive(Clone, Copy, Debug)]
pub(super) struct Blocks<B, const QUICK: bool> {
    /// The part's figures as a [`Folder`](super::Folder) adds them up (`QUICK`: the sums
    /// only, `unused` wrapping, which is exact for regular blocks).
    pub(super) fig: Fig,
    /// The rare figures (only if `fig.rare`; never `QUICK`).
    pub(super) rare: Rare,
    /// The part's depth (`QUICK`: only where the rule reads it).
    hop: usize,
    /// Blocks reported: with one at most, `allocations` is `heap_bytes > 0`.
    pub(super) blocks: usize,
    /// Whether the visit reported something other than blocks: the figures are incomplete.
    pub(super) bails: bool,
    /// `QUICK`: whether a block's `used` is out of the regular range ([`has_regular_use`]).
    pub(super) misused: bool,
    /// How boxes are taken, and what the rule noted.
    pub(super) boxes: B,
}

impl<B, const QUICK: bool> Blocks<B, QUICK> {
    /// A reading of a part at depth `hop`, its boxes taken by `boxes`.
    #[inline(always)]
    pub(super) fn new(hop: usize, boxes: B) -> Self {
        Blocks {
            fig: Fig::default(),
            rare: Rare::default(),
            hop,
            blocks: 0,
            bails: false,
            misused: false,
            boxes,
        }
    }

    /// `QUICK`: whether the part is read, all its blocks regular ([`is_regular`]).
    #[inline(always)]
    pub(super) fn is_quick(&self) -> bool {
        !self.bails && !self.misused
    }

    /// Reads `value` (a leaf reports nothing).
    #[inline(always)]
    pub(super) fn visit<'a, T: Layout + ?Sized>(&mut self, value: &'a T)
    where
        B: BoxRule<'a>,
    {
        if !T::IS_LEAF {
            value.visit(self);
        }
    }

    #[inline(always)]
    fn add(&mut self, block: &HeapBlock) {
        self.add_below(block, 0);
    }

    /// Adds `block`, met `below` hops below the part (a linked node's): `QUICK` reads every
    /// block at the part's depth, so it bails on a deeper one.
    #[inline(always)]
    fn add_below(&mut self, block: &HeapBlock, below: usize) {
        self.blocks += 1;
        if !QUICK {
            self.fig.add_block(block, self.hop + below, &mut self.rare);
            return;
        }
        self.bails |= below > 0;
        self.bails |= !has_regular_shape(block);
        self.misused |= !has_regular_use(block);
        let fig = &mut self.fig;
        fig.heap_bytes += block.bytes;
        fig.used += block.used;
        fig.unused += block.bytes.wrapping_sub(block.used);
        fig.allocations += block.allocations;
    }
}

impl<'a, B: BoxRule<'a>, const QUICK: bool> Visitor<'a> for Blocks<B, QUICK> {
    #[inline(always)]
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        self.visit(value);
    }

    #[inline(always)]
    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        _name: &'static str,
        _copy: core::mem::ManuallyDrop<T>,
    ) {
        self.bails |= !T::IS_LEAF;
    }

    #[inline(always)]
    fn measured(&mut self, _index: usize, _name: &'static str, heap: HeapBlock) {
        self.add(&heap);
    }

    #[inline(always)]
    fn variant(&mut self, _index: usize, _name: &'static str) {}

    #[inline(always)]
    fn heap(&mut self, block: HeapBlock) {
        self.add(&block);
    }

    #[inline(always)]
    fn linked_heap(&mut self, block: HeapBlock, links: usize) {
        self.add_below(&block, links.saturating_sub(1));
    }

    /// `QUICK` reads a part's depth from its blocks: it bails on one reaching deeper.
    #[inline(always)]
    fn reaches(&mut self, hops: usize) {
        self.bails |= QUICK && hops > 1;
        self.fig.max_indirection = self.fig.max_indirection.max(self.hop + hops);
    }

    /// A depth that is a lower bound is a rare figure: the reading bails.
    fn reaches_at_least(&mut self, _hops: usize) {
        self.bails = true;
    }

    #[inline(always)]
    fn elements<T: Layout>(&mut self, _items: &'a [T]) {
        self.bails |= !T::IS_LEAF;
    }

    #[inline(always)]
    fn heap_with_entries<K, W, I, E>(&mut self, _len: usize, entries: I, block: E)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        E: BlockFromEntries<K, W>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            self.add(&crate::visit::block_of(block, entries));
        } else {
            self.bails = true;
        }
    }

    #[inline(always)]
    fn entries<K, W, I>(&mut self, _len: usize, _entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        self.bails |= !(K::IS_LEAF && W::IS_LEAF);
    }

    #[inline(always)]
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        match self.boxes.take(index, contents, self.hop, &block) {
            Taken::Counted => self.add_below(&block, index.unwrap_or(0)),
            Taken::KeptApart => {}
            Taken::Refused => self.bails = true,
        }
    }

    fn shared<T: Layout + ?Sized>(&mut self, _shared: Shared<'a, T>) {
        self.bails = true;
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        drop(guard);
        self.bails |= !T::IS_LEAF;
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.bails = true;
    }

    fn resource(&mut self, _release: &'static str) {
        self.bails = true;
    }
}
