//! The loops that fold a summary's elements and entries, each through a [`Folder`], and the
//! share of a shared block one handle adds.

use super::entry_fold::gathers;
use super::fold::PlainFold;
use super::folder::Folder;
use super::{entry_lanes, NodeId, Walker};
use crate::layout::Layout;
use crate::visit::{Exactness, HeapBlock};

impl<'a> Walker<'a> {
    /// Folds `items`, all summarised into summary node `m`, each through a [`Folder`]: no node
    /// and no scratch slot (unless part of one is deferred). The summary's figures are a local
    /// for the loop, written back once.
    pub(super) fn fold_elements<T: Layout>(
        &mut self,
        items: &'a [T],
        hop: usize,
        m: NodeId,
        collection: Option<NodeId>,
    ) {
        if self.reserving.is_some() {
            self.fold_elements_as::<true, T>(items, hop, m, collection);
        } else {
            self.fold_elements_as::<false, T>(items, hop, m, collection);
        }
    }

    /// [`Walker::fold_elements`], counting blocks under the walk's model if `RESERVES`.
    fn fold_elements_as<const RESERVES: bool, T: Layout>(
        &mut self,
        items: &'a [T],
        hop: usize,
        m: NodeId,
        collection: Option<NodeId>,
    ) {
        let size = core::mem::size_of::<T>();
        let padding = T::LAYOUT.padding_bytes;
        let k = self.nodes[m as usize].fold as usize;
        // Elements that own heap blocks only fold in a loop of their own (`leaf_fold.rs`);
        // under an allocator model every block also counts at the summary, here.
        let fast = if RESERVES {
            0
        } else {
            self.fold_block_elements(items, hop, k)
        };
        // The ordinary elements' figures are a local for the loop (in registers), written
        // back once: nothing else folds into summary `m` meanwhile (scratch slots fold once
        // their deferred work is done, after the synchronous walk).
        let mut plain = self.folds[k].plain;
        // Elements whose figures went to a scratch slot (they fold later, with it).
        let mut deferred = 0;
        // Each element is visited one level down, as `Folder::enter` would (the caller checked
        // the stack limit), with the collection as the element's owner.
        self.stack_depth += 1;
        // One folder for all, its state set afresh per element, its figures only when any
        // were added (most handles to a shared allocation add none).
        let mut folder = Folder::with_reserves(self, m, collection, RESERVES);
        for item in &items[fast..] {
            folder.next_element(hop, collection);
            item.visit(&mut folder);
            folder.settle_any();
            if folder.slot.is_some() {
                folder.end(size, padding);
                folder.slot = None;
                folder.clear_fig();
                deferred += 1;
                continue;
            }
            if PlainFold::takes(&folder.fig) {
                let nothing = PlainFold::is_nothing(&folder.fig);
                plain.add(&folder.fig);
                if nothing {
                    continue;
                }
            } else {
                let walker = &mut *folder.walker;
                walker.folds[k].add(&folder.fig, &walker.rare);
            }
            folder.clear_fig();
        }
        self.stack_depth -= 1;
        let fold = &mut self.folds[k];
        fold.plain = plain;
        fold.add_inline(items.len() - deferred, size, padding);
    }

    /// Folds the entries `first` and `rest`, all summarised into summary node `m`, as
    /// [`Walker::fold_elements`] does elements; `left` says how many there are, as far as the
    /// map tells (a hint: only how they fold depends on it). Returns how many there were.
    pub(super) fn fold_entries<K, W, I>(
        &mut self,
        first: (&'a K, &'a W),
        (rest, left): (I, usize),
        hop: usize,
        m: NodeId,
    ) -> usize
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if self.reserving.is_some() {
            self.fold_entries_as::<true, K, W, I>(first, (rest, left), hop, m)
        } else {
            self.fold_entries_as::<false, K, W, I>(first, (rest, left), hop, m)
        }
    }

    /// [`Walker::fold_entries`], counting blocks under the walk's model if `RESERVES`.
    fn fold_entries_as<const RESERVES: bool, K, W, I>(
        &mut self,
        first: (&'a K, &'a W),
        (rest, left): (I, usize),
        hop: usize,
        m: NodeId,
    ) -> usize
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        let k = self.nodes[m as usize].fold as usize;
        // Inline figures go in by runs of equal sizes: for sized keys and values one run, of
        // the first entry's figures, counted as the entries fold.
        let sized = K::LAYOUT.is_sized && W::LAYOUT.is_sized;
        let mut run = if sized {
            let (key, value) = first;
            let (size, padding) = entry_inline(key, value);
            (0, size, padding)
        } else {
            (0, 0, 0)
        };
        let mut rest = rest;
        let mut n = 0;
        let mut next = Some(first);
        // Whole blocks of entries of plain buffers and leaves fold from their figures, without
        // a visit, where the CPU has AVX2 (`entry_fold.rs`); the rest, and every entry under an
        // allocator model (which counts every block at the summary), through the `Folder`.
        if !RESERVES && sized && gathers::<K>() && gathers::<W>() && entry_lanes::available() {
            let (folded, deferred, after) =
                self.fold_buffer_entries(first, &mut rest, left, (hop, m, k));
            (n, run.0, next) = (folded, folded - deferred, after);
        }
        let mut plain = self.folds[k].plain;
        while let Some((key, value)) = next {
            n += 1;
            if self.fold_entry::<RESERVES, K, W>((key, value), (hop, m, k), &mut plain) {
                next = rest.next();
                continue;
            }
            let (size, padding) = entry_inline(key, value);
            if !sized && (size, padding) != (run.1, run.2) {
                self.folds[k].add_inline(run.0, run.1, run.2);
                run = (0, size, padding);
            }
            run.0 += 1;
            next = rest.next();
        }
        let fold = &mut self.folds[k];
        fold.add_inline(run.0, run.1, run.2);
        fold.plain = plain;
        n
    }

    /// Folds the entry `(key, value)` of summary node `m` (fold `k`) through a [`Folder`]: its
    /// figures into `plain` when plain, else into the summary's fold. Returns whether it went
    /// to a scratch slot instead (its inline figures counted there, its figures later). The
    /// body of [`Walker::fold_entries`]' loop, and of `entry_fold.rs`' exact reading.
    #[inline(always)]
    pub(super) fn fold_entry<const RESERVES: bool, K, W>(
        &mut self,
        (key, value): (&'a K, &'a W),
        (hop, m, k): (usize, NodeId, usize),
        plain: &mut PlainFold,
    ) -> bool
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
    {
        // Each entry's parts are visited one level down, as `Folder::descend` would, without
        // its stack check: like `fold_elements`' items, each starts from this frame (the
        // caller checked the stack), and whatever lies behind a pointer is checked.
        let mut folder = Folder::with_reserves(self, m, None, RESERVES);
        folder.splits = false;
        folder.visit_here(key, hop);
        folder.visit_here(value, hop);
        folder.settle();
        if folder.slot.is_some() {
            let (size, padding) = entry_inline(key, value);
            folder.end(size, padding);
            return true;
        }
        if PlainFold::takes(&folder.fig) {
            plain.add(&folder.fig);
        } else {
            let fig = folder.fig;
            self.folds[k].add(&fig, &self.rare);
        }
        false
    }

    /// One handle's share of a shared block (`fair_share`): `1 / parts` of every figure when the
    /// handle `holds` the allocation, plus the division's remainder and the allocation count
    /// when it is the `first` handle met.
    pub(super) fn share(block: &HeapBlock, parts: usize, holds: bool, first: bool) -> HeapBlock {
        let split = |x: usize| share_of(x, parts, holds, first);
        HeapBlock {
            bytes: split(block.bytes),
            align: block.align,
            used: split(block.used),
            allocations: if first { block.allocations } else { 0 },
            padding: split(block.padding),
            reclaimable: split(block.reclaimable),
            exactness: match block.exactness {
                Exactness::Exact => Exactness::Exact,
                Exactness::Estimate { low, high } => Exactness::Estimate {
                    low: split(low),
                    // No known bound (`usize::MAX`) stays unknown.
                    high: if high == usize::MAX {
                        high
                    } else {
                        split(high)
                    },
                },
            },
        }
    }
}

/// One handle's share of `x` (see [`Walker::share`]).
pub(super) fn share_of(x: usize, parts: usize, holds: bool, first: bool) -> usize {
    (if holds { x / parts } else { 0 }) + if first { x % parts } else { 0 }
}

/// The inline bytes and padding of the entry `(key, value)`: a map's entry holds its key and
/// its value (see [`MapEntry`](crate::layout::entry::MapEntry)), a set's is its key alone.
#[inline(always)]
pub(super) fn entry_inline<K: Layout + ?Sized, W: Layout + ?Sized>(
    key: &K,
    value: &W,
) -> (usize, usize) {
    let key_inline = (core::mem::size_of_val(key), K::LAYOUT.padding_bytes);
    if is_set_item(value) {
        key_inline
    } else {
        let value_size = core::mem::size_of_val(value);
        (
            key_inline.0 + value_size,
            key_inline.1 + W::LAYOUT.padding_bytes,
        )
    }
}

/// A set stores keys only (`entries` pairs them with `()`): such an entry is its key alone.
pub(super) fn is_set_item<W: Layout + ?Sized>(value: &W) -> bool {
    W::IS_LEAF && core::mem::size_of_val(value) == 0
}
