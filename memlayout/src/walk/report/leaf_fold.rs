//! The summary fold for elements that own heap blocks and nothing else.
//!
//! The rule: an element qualifies while its `visit` reports heap blocks only, directly
//! (`heap`, `measured`), through inline fields, or as a box of a leaf that counts nowhere else
//! (`Box<str>`, `Box<[u8]>`, a list node of a leaf), every block exact, and leaves otherwise
//! (elements, entries, packed fields or guards of leaves, borrows). `String`, `Vec<u32>`,
//! `VecDeque<f64>`, `Box<str>`, `CString`, a derived struct of such fields, a map entry whose
//! key and value are such: no list of types, each element's own visit decides. All of such an
//! element's blocks are at its own depth, so its figures are a few sums ([`Blocks`]), read by a
//! visitor that keeps nothing else; inlined into the fold's loop, what the type's visit makes
//! constant (no padding, spare bytes reclaimable, one block) folds away.
//!
//! The first element that reports anything else (a nested collection, a box of a part with
//! parts, a shared handle, an estimate, an unreadable part) ends the fast loop: it and every
//! later element go through the [`Folder`](super::Folder) as before, so one visit of one element
//! is the most a collection that does not qualify pays. The sums, minima and maxima are those
//! the `Folder`'s [`PlainFold`] would keep; an element that is not plain (padding, spare bytes
//! not reclaimable, an empty allocation) goes to the [`SummaryFold`] as its `Folder` figures
//! would.

use core::ops::Deref;

use super::fold::{Fig, Plain, PlainFold, Rare, SummaryFold};
use super::Walker;
use crate::layout::Layout;
use crate::visit::{BlockFromEntries, HeapBlock, Shared, Visitor};

/// One element's figures, when its visit reports heap blocks only (else `bails`).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Blocks {
    heap_bytes: usize,
    used: usize,
    /// Sum of each block's `bytes - used` (saturating).
    unused: usize,
    reclaimable: usize,
    padding: usize,
    allocations: usize,
    /// Blocks reported: with one at most, `allocations` is `heap_bytes > 0`.
    blocks: usize,
    empty_allocations: usize,
    empty_bytes: usize,
    /// Whether the visit reported something other than blocks: the figures are incomplete.
    pub(super) bails: bool,
}

impl Blocks {
    /// Visits the element, or a map entry's key or value, `value`.
    #[inline(always)]
    pub(super) fn visit<'a, T: Layout + ?Sized>(&mut self, value: &'a T) {
        if !T::IS_LEAF {
            value.visit(self);
        }
    }

    /// Whether the element is plain (see [`PlainFold::takes`]): no padding, its spare bytes
    /// reclaimable, no empty allocation (blocks are exact, or the visit bailed).
    #[inline(always)]
    fn is_plain(&self) -> bool {
        (self.padding | self.empty_allocations) == 0
            && self.reclaimable == self.unused
            && self.used.wrapping_add(self.unused) == self.heap_bytes
    }

    /// The element's figures as a [`Folder`](super::Folder) would add them up, its blocks at
    /// depth `hop`.
    fn fig(&self, hop: usize) -> (Fig, Rare) {
        let rare = Rare {
            empty_allocations: self.empty_allocations,
            empty_bytes: self.empty_bytes,
            ..Rare::default()
        };
        let fig = Fig {
            heap_bytes: self.heap_bytes,
            used: self.used,
            unused: self.unused,
            reclaimable: self.reclaimable,
            padding: self.padding,
            allocations: self.allocations,
            max_indirection: if self.allocations > 0 { hop + 1 } else { 0 },
            rare: self.empty_allocations > 0,
        };
        (fig, rare)
    }

    #[inline(always)]
    fn add(&mut self, block: &HeapBlock) {
        if !block.exactness.is_exact() {
            self.bails = true;
            return;
        }
        self.heap_bytes += block.bytes;
        self.used += block.used;
        self.unused += block.unused();
        self.reclaimable += block.reclaimable;
        self.padding += block.padding;
        self.allocations += block.allocations;
        self.blocks += 1;
        if block.allocations > 0 && block.used == 0 && block.bytes > 0 {
            self.empty_allocations += block.allocations;
            self.empty_bytes += block.bytes;
        }
    }
}

impl<'a> Visitor<'a> for Blocks {
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
    fn elements<T: Layout>(&mut self, _items: &'a [T]) {
        self.bails |= !T::IS_LEAF;
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

    /// A box of a leaf adds its block, unless the box is sized (the `Folder` counts a small
    /// boxed element for the collection's findings) or a link of a chain.
    #[inline(always)]
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        _contents: &'a T,
        block: HeapBlock,
    ) {
        if T::IS_LEAF && (index.is_some() || !T::LAYOUT.is_sized) {
            self.add(&block);
        } else {
            self.bails = true;
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

/// Plain elements of [`Blocks`] folded at one depth: the sums and extremes a [`PlainFold`]
/// keeps, in fewer figures. Every block is at the elements' depth, so an element's indirection
/// is that depth plus one exactly when it allocates: its extremes follow from those of
/// `allocations`, and while every element has one block at most (`allocations` is then
/// `heap_bytes > 0`), so do those of `allocations` from `heap_bytes`'.
#[derive(Clone, Copy, Debug)]
pub(super) struct LeafFold {
    heap_bytes: usize,
    used: usize,
    allocations: usize,
    /// Least and greatest `heap_bytes`, `used`, `unused`.
    min: [usize; 3],
    max: [usize; 3],
    /// Whether an element with more than one block was folded: `allocations` has extremes of
    /// its own from then on (`alloc_min`, `alloc_max`, over every element).
    many_blocks: bool,
    alloc_min: usize,
    alloc_max: usize,
}

impl LeafFold {
    pub(super) const NEW: LeafFold = LeafFold {
        heap_bytes: 0,
        used: 0,
        allocations: 0,
        min: [usize::MAX; 3],
        max: [0; 3],
        many_blocks: false,
        alloc_min: usize::MAX,
        alloc_max: 0,
    };

    /// Folds in one element's figures, its blocks at depth `hop`: here if plain, else into
    /// `summary` as its `Folder` figures would be.
    #[inline(always)]
    pub(super) fn add(&mut self, b: &Blocks, hop: usize, summary: &mut SummaryFold) {
        if !b.is_plain() {
            let (fig, rare) = b.fig(hop);
            summary.add(&fig, &rare);
            return;
        }
        self.heap_bytes += b.heap_bytes;
        self.used += b.used;
        self.allocations += b.allocations;
        let figures = [b.heap_bytes, b.used, b.unused];
        for i in 0..3 {
            self.min[i] = self.min[i].min(figures[i]);
            self.max[i] = self.max[i].max(figures[i]);
        }
        if b.blocks > 1 || self.many_blocks {
            self.add_allocations(b.allocations);
        }
    }

    /// Keeps the extremes of `allocations` apart, from the first element with several blocks
    /// on (those before it, one block each, have them from `heap_bytes`).
    #[inline(always)]
    fn add_allocations(&mut self, allocations: usize) {
        if !self.many_blocks {
            self.many_blocks = true;
            (self.alloc_min, self.alloc_max) = self.allocation_extremes();
        }
        self.alloc_min = self.alloc_min.min(allocations);
        self.alloc_max = self.alloc_max.max(allocations);
    }

    /// The least and greatest `allocations` of the elements folded (`(usize::MAX, 0)` when none).
    fn allocation_extremes(&self) -> (usize, usize) {
        if self.many_blocks {
            (self.alloc_min, self.alloc_max)
        } else if self.min[0] > self.max[0] {
            (usize::MAX, 0)
        } else {
            (usize::from(self.min[0] > 0), usize::from(self.max[0] > 0))
        }
    }

    /// Moves the folded elements' figures, their blocks at depth `hop`, into `plain`.
    pub(super) fn finish(&self, hop: usize, plain: &mut PlainFold) {
        if self.min[0] > self.max[0] {
            return;
        }
        let (alloc_min, alloc_max) = self.allocation_extremes();
        let depth = |allocations: usize| if allocations > 0 { hop + 1 } else { 0 };
        let extremes = |figures: [usize; 3], allocations: usize| Plain {
            heap_bytes: figures[0],
            used: figures[1],
            unused: figures[2],
            allocations,
            max_indirection: depth(allocations),
        };
        plain.merge(&PlainFold::of(
            (self.heap_bytes, self.used, self.allocations),
            extremes(self.min, alloc_min),
            extremes(self.max, alloc_max),
        ));
    }
}

impl<'a> Walker<'a> {
    /// Folds the elements of `items` from the first on while they own heap blocks only (see
    /// the module's rule) into the summary whose fold is `k`, at depth `hop`. Returns how many
    /// it folded: the rest are the `Folder`'s.
    pub(super) fn fold_block_elements<T: Layout>(
        &mut self,
        items: &'a [T],
        hop: usize,
        k: usize,
    ) -> usize {
        let mut leaves = LeafFold::NEW;
        let mut folded = 0;
        let summary = &mut self.folds[k];
        for item in items {
            let mut blocks = Blocks::default();
            blocks.visit(item);
            if blocks.bails {
                break;
            }
            leaves.add(&blocks, hop, summary);
            folded += 1;
        }
        leaves.finish(hop, &mut summary.plain);
        folded
    }
}
