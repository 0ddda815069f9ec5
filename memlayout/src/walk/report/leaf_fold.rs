//! The summary fold for elements that own heap blocks and nothing else.
//!
//! The rule is the blocks-only reading's (`blocks.rs`), a box taken when it is one of a leaf
//! that counts nowhere else ([`ElementBoxes`]: `Box<str>`, `Box<[u8]>`, a list node of a
//! leaf): `String`, `Vec<u32>`, `VecDeque<f64>`, `Box<str>`, `CString`, a derived struct of
//! such fields qualify, each element's own visit deciding. All of such an element's blocks are
//! at its own depth, so its figures are a few sums ([`Blocks`]); inlined into the fold's loop,
//! what the type's visit makes constant (no padding, spare bytes reclaimable, one block) folds
//! away.
//!
//! The first element that reports anything else (a nested collection, a box of a part with
//! parts, a shared handle, an unreadable part) ends the fast loop: it and every
//! later element go through the [`Folder`](super::Folder) as before, so one visit of one element
//! is the most a collection that does not qualify pays. The sums, minima and maxima are those
//! the `Folder`'s [`PlainFold`] would keep; an element that is not plain (padding, spare bytes
//! not reclaimable, an empty allocation) goes to the `SummaryFold` as its `Folder` figures
//! would.
//!
//! Elements whose type promises one plain buffer ([`Layout::__ONE_BUFFER`]: `String`,
//! `CString`, `OsString`, `PathBuf`, `Vec`/`VecDeque`/`BinaryHeap` of padding-free leaves,
//! `Box<str>`, `Box<[T]>`) are not visited at all: the loop reads each one's `(bytes, used)`
//! ([`Layout::__buffer_figures`]) and folds the same figures, with one test an element
//! (`used == 0`) for the empty allocation that ends it (`Vec<String>`: 24 instructions an
//! element, 31 through a visit).
//!
//! Map entries of two such parts fold through [`LeafFold::add_entry`] (`entry_fold.rs`): taken
//! from the map's iterator a block at a time, then folded (a loop that took them one by one
//! from the iterator, measured, was no quicker than the `Folder`'s: the hash table's iterator,
//! eight extremes and three sums not fitting in registers).

use super::blocks::{is_regular_use, Blocks, ElementBoxes, NO_BLOCK};
use super::buffer_lanes;
use super::fold::{Plain, PlainFold};
use super::Walker;
use crate::layout::Layout;
use crate::visit::HeapBlock;

/// Plain parts of [`Blocks`] folded: the sums and extremes a [`PlainFold`] keeps, in fewer
/// figures. The parts are a collection's elements, all at one depth, or a chain's links, each
/// one deeper than the one before it (see [`LeafFold::finish`]). A part's blocks are at its
/// depth, so its indirection is that depth plus one exactly when it allocates: the extremes
/// follow from those of `allocations`, and while every part has one block at most
/// (`allocations` is then `heap_bytes > 0`), so do those of `allocations` from `heap_bytes`'.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

    /// A fold of map entries ([`LeafFold::add_entry`]): parts of two blocks, whose
    /// allocations keep extremes of their own.
    pub(super) const ENTRIES: LeafFold = LeafFold {
        many_blocks: true,
        ..LeafFold::NEW
    };

    /// Folds in a map entry whose key and value are each one regular block
    /// ([`is_regular_use`]) of `(bytes, used)` figures `key` and `value`, as [`LeafFold::add`]
    /// folds a [`Blocks`] reading of the entry's two blocks, into a fold begun as
    /// [`LeafFold::ENTRIES`] (an entry allocates 0 to 2 times).
    #[inline(always)]
    pub(super) fn add_entry(&mut self, key: (usize, usize), value: (usize, usize)) {
        debug_assert!(self.many_blocks);
        debug_assert!(is_regular_use(key.0, key.1) && is_regular_use(value.0, value.1));
        // Each block is an allocation, within the address space: the sums do not overflow.
        self.add_figures(
            key.0 + value.0,
            key.1 + value.1,
            (key.0 - key.1) + (value.0 - value.1),
        );
        let allocations = usize::from(key.0 > 0) + usize::from(value.0 > 0);
        self.allocations += allocations;
        self.add_allocation_extremes(allocations);
    }

    /// Folds in entries folded elsewhere (four to a register, `entry_lanes.rs`), as
    /// [`LeafFold::add_entry`] would have one by one: the sums of their `[bytes, used,
    /// allocations]` and the least and greatest of their `[bytes, used, unused, allocations]`.
    #[inline(always)]
    pub(super) fn merge_entries(&mut self, sums: [usize; 3], min: [usize; 4], max: [usize; 4]) {
        debug_assert!(self.many_blocks);
        self.heap_bytes += sums[0];
        self.used += sums[1];
        self.allocations += sums[2];
        for i in 0..3 {
            self.min[i] = self.min[i].min(min[i]);
            self.max[i] = self.max[i].max(max[i]);
        }
        self.add_allocation_extremes(min[3]);
        self.add_allocation_extremes(max[3]);
    }

    /// Folds in plain elements of `items` from the first on; returns how many, the rest
    /// starting with one that is not plain or does not qualify. The fold is a local for the
    /// loop, with no call in it, in a function of its own, so it stays in registers.
    #[inline(never)]
    pub(super) fn add_plain_elements<T: Layout>(&mut self, items: &[T]) -> usize {
        if T::__ONE_BUFFER && !self.many_blocks {
            return match buffer_lanes::add_buffers(self, items) {
                Some(folded) => folded,
                None => self.add_buffers_scalar(items),
            };
        }
        let mut fold = *self;
        let mut folded = 0;
        while folded < items.len() {
            let mut blocks = Blocks::<ElementBoxes, true>::new(0, ElementBoxes);
            blocks.visit(&items[folded]);
            if !blocks.is_quick() {
                break;
            }
            fold.add(&blocks);
            folded += 1;
        }
        *self = fold;
        folded
    }

    /// [`LeafFold::add_plain_elements`] for elements of one block each, its figures read
    /// by [`Layout::__buffer_figures`] without a visit: the same elements, the same figures
    /// (as [`LeafFold::add`] folds a [`Blocks`] reading of one regular block, given that no
    /// part so far had more than one). It stops at the first element whose block is not
    /// regular: one whose `used` is out of range ([`is_regular_use`]; every other test of
    /// [`is_regular`](super::blocks::is_regular) holds for the block `__ONE_BUFFER` promises).
    /// As `used <= bytes` (the hook's promise), that is an allocation holding nothing
    /// (`used == 0 < bytes`): one test of `used` an element, whose rare branch tells an
    /// element of no bytes (regular, no allocation) from one that ends the loop. Every other
    /// element allocates, so `allocations` is the elements folded less those of no bytes.
    /// With AVX2, whole blocks of elements go through [`buffer_lanes`] first.
    #[inline(always)]
    pub(super) fn add_buffers_scalar<T: Layout>(&mut self, items: &[T]) -> usize {
        let mut fold = *self;
        let mut folded = 0;
        let mut no_bytes = 0;
        for item in items {
            let (bytes, used) = item.__buffer_figures();
            debug_assert!(used <= bytes, "__buffer_figures: used above bytes");
            if used == 0 {
                if bytes > 0 {
                    break;
                }
                no_bytes += 1;
            }
            debug_assert!(is_regular_use(bytes, used));
            fold.add_figures(bytes, used, bytes - used);
            folded += 1;
        }
        fold.allocations += folded - no_bytes;
        *self = fold;
        folded
    }

    /// Parts of one regular block each (holding used bytes, or no bytes), given as the sums
    /// of their `[bytes, used]` and the extremes of their `[bytes, used, unused]`
    /// (`(min, max)`), to be merged by [`LeafFold::merge_used_blocks`] (its `allocations`:
    /// the parts holding bytes).
    #[inline(always)]
    pub(super) fn of_buffers(
        [heap_bytes, used]: [usize; 2],
        (min, max): ([usize; 3], [usize; 3]),
    ) -> LeafFold {
        debug_assert!(min[1] > 0 || min[0] == 0);
        LeafFold {
            heap_bytes,
            used,
            min,
            max,
            ..LeafFold::NEW
        }
    }

    /// Folds in a regular part's figures (see [`Blocks`]).
    #[inline(always)]
    pub(super) fn add<B>(&mut self, b: &Blocks<B, true>) {
        self.add_sizes(b);
        self.allocations += b.fig.allocations;
        if b.blocks > 1 || self.many_blocks {
            self.track_allocations();
            self.add_allocation_extremes(b.fig.allocations);
        }
    }

    /// Folds in a part's figures but its `allocations`, for a fold that is only kept if
    /// [`LeafFold::has_used_blocks`] (each part then allocates once: see
    /// [`LeafFold::merge_used_blocks`]); a part of more than one block is only noted.
    #[inline(always)]
    pub(super) fn add_used_block<B>(&mut self, b: &Blocks<B, true>) {
        self.add_sizes(b);
        self.many_blocks |= b.blocks > 1;
    }

    /// The sums of `heap_bytes` and `used`, and their extremes and `unused`'s.
    #[inline(always)]
    fn add_sizes<B>(&mut self, b: &Blocks<B, true>) {
        self.add_figures(b.fig.heap_bytes, b.fig.used, b.fig.unused);
    }

    /// The sums of a part's `heap_bytes` and `used`, and the extremes of those and `unused`.
    #[inline(always)]
    fn add_figures(&mut self, heap_bytes: usize, used: usize, unused: usize) {
        self.heap_bytes += heap_bytes;
        self.used += used;
        let figures = [heap_bytes, used, unused];
        for ((min, max), figure) in self.min.iter_mut().zip(&mut self.max).zip(figures) {
            *min = (*min).min(figure);
            *max = (*max).max(figure);
        }
    }

    /// Whether every part folded (if any) had one block, holding used bytes, and the blocks
    /// were all regular ([`is_regular`](super::blocks::is_regular)), given that each block's
    /// shape was (a quick reading's `misused` not tested). It holds iff no part had more than
    /// one block, the least `used` is above 0 (so each part had one block holding used bytes), and
    /// `heap_bytes`, `used` and `unused` (wrapping) were never above `isize::MAX` (then
    /// `used <= bytes`: else `bytes - used` would wrap above it).
    #[inline(always)]
    pub(super) fn has_used_blocks(&self) -> bool {
        let limit = isize::MAX as usize;
        !self.many_blocks && self.min[1] > 0 && self.max.iter().all(|&max| max <= limit)
    }

    /// Whether a fold that is not [`LeafFold::has_used_blocks`] may still be
    /// [`LeafFold::has_counted_blocks`]: one block a part at most, a part holding no bytes (so
    /// one may hold no used bytes without an empty allocation), no figure above `isize::MAX`.
    #[inline(always)]
    pub(super) fn may_have_counted_blocks(&self) -> bool {
        let limit = isize::MAX as usize;
        !self.many_blocks && self.min[0] == 0 && self.max.iter().all(|&max| max <= limit)
    }

    /// Whether every part folded by [`LeafFold::add_used_block`] (if any) had one block at
    /// most and the blocks were all regular, given that each block's shape was and that the
    /// parts made `allocations` allocations, `used_parts` of them holding used bytes: as
    /// [`LeafFold::has_used_blocks`], but a part may hold no used bytes if it holds no bytes.
    /// It holds iff no part had more than one block, as many allocated (one allocation: a
    /// block of bytes) as held used bytes (a block holding used bytes has bytes: so no part
    /// had an empty allocation), and no figure was above `isize::MAX` (then `used <= bytes`).
    #[inline(always)]
    pub(super) fn has_counted_blocks(&self, allocations: usize, used_parts: usize) -> bool {
        let limit = isize::MAX as usize;
        !self.many_blocks && allocations == used_parts && self.max.iter().all(|&max| max <= limit)
    }

    /// Folds in `other`'s parts, of `allocations` allocations in all, each of one allocation
    /// at most (a fold that [`LeafFold::has_used_blocks`], of one allocation a part, or
    /// that [`LeafFold::has_counted_blocks`]), as are all of this fold's so far.
    #[inline(always)]
    pub(super) fn merge_used_blocks(&mut self, other: &LeafFold, allocations: usize) {
        debug_assert!(!self.many_blocks && !other.many_blocks);
        self.heap_bytes += other.heap_bytes;
        self.used += other.used;
        self.allocations += allocations;
        for i in 0..3 {
            self.min[i] = self.min[i].min(other.min[i]);
            self.max[i] = self.max[i].max(other.max[i]);
        }
    }

    /// Whether a part with more than one block was folded.
    #[inline(always)]
    pub(super) fn has_many_blocks(&self) -> bool {
        self.many_blocks
    }

    /// Keeps the extremes of `allocations` apart from now on (the elements before, one block
    /// each, have them from `heap_bytes`).
    #[inline(always)]
    fn track_allocations(&mut self) {
        if !self.many_blocks {
            self.many_blocks = true;
            (self.alloc_min, self.alloc_max) = self.allocation_extremes();
        }
    }

    /// Folds an element's `allocations` into their extremes (kept apart: see
    /// [`LeafFold::track_allocations`]).
    #[inline(always)]
    fn add_allocation_extremes(&mut self, allocations: usize) {
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

    /// Moves the folded parts' figures into `plain`, each of the `n` parts also owning block
    /// `each` (a chain link's next box, which the reading kept apart; a block of zero bytes
    /// adds nothing). A part's blocks are at its depth: the first part's is `first_hop`, the
    /// last part that allocates is at `last_hop` (elements of one collection: both the
    /// elements' depth; links of a chain, each one deeper than the one before it, that all
    /// allocate: the first link's and the last one's).
    pub(super) fn finish(
        &self,
        (n, each): (usize, &HeapBlock),
        (first_hop, last_hop): (usize, usize),
        plain: &mut PlainFold,
    ) {
        if self.min[0] > self.max[0] {
            return;
        }
        let (alloc_min, alloc_max) = self.allocation_extremes();
        let each_fig = [each.bytes, each.used, each.bytes - each.used];
        let extremes = |figures: [usize; 3], allocations: usize, hop: usize| {
            let allocations = allocations + each.allocations;
            Plain {
                heap_bytes: figures[0] + each_fig[0],
                used: figures[1] + each_fig[1],
                unused: figures[2] + each_fig[2],
                allocations,
                max_indirection: if allocations > 0 { hop + 1 } else { 0 },
            }
        };
        plain.merge(&PlainFold::of(
            (
                self.heap_bytes + n * each.bytes,
                self.used + n * each.used,
                self.allocations + n * each.allocations,
            ),
            extremes(self.min, alloc_min, first_hop),
            extremes(self.max, alloc_max, last_hop),
        ));
    }
}

impl<'a> Walker<'a> {
    /// Folds the elements of `items` from the first on while they own heap blocks only (see
    /// the module's rule) into the summary whose fold is `k`, at depth `hop`: plain ones in a
    /// tight loop, the others one by one as their `Folder` figures would be. Returns how many
    /// it folded: the rest are the `Folder`'s.
    pub(super) fn fold_block_elements<T: Layout>(
        &mut self,
        items: &'a [T],
        hop: usize,
        k: usize,
    ) -> usize {
        let mut leaves = LeafFold::NEW;
        let mut folded = 0;
        loop {
            folded += leaves.add_plain_elements(&items[folded..]);
            let Some(item) = items.get(folded) else {
                break;
            };
            if !self.fold_irregular(k, hop, |blocks| blocks.visit(item)) {
                break;
            }
            folded += 1;
        }
        leaves.finish((0, &NO_BLOCK), (hop, hop), &mut self.folds[k].plain);
        folded
    }

    /// Folds into fold `k` an element that the quick reading did not take (see
    /// [`Blocks`]), as `read` reads it exactly, its blocks at depth `hop`, as its `Folder`
    /// figures would be; `false` (nothing folded) when it does not qualify.
    #[cold]
    #[inline(never)]
    pub(super) fn fold_irregular(
        &mut self,
        k: usize,
        hop: usize,
        read: impl FnOnce(&mut Blocks<ElementBoxes, false>),
    ) -> bool {
        let mut blocks = Blocks::new(hop, ElementBoxes);
        read(&mut blocks);
        if blocks.bails {
            return false;
        }
        self.folds[k].add(&blocks.fig, &blocks.rare);
        true
    }
}
