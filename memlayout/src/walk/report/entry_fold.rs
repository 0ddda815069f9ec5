//! The summary fold for map entries whose key and value are each one plain buffer
//! ([`Layout::__ONE_BUFFER`]) or a leaf that owns nothing ([`Layout::IS_LEAF`]): a
//! `HashMap<String, Vec<u32>>`'s, a `BTreeMap<u64, String>`'s, a `HashMap<String, u32>`'s.
//!
//! An entry's figures are its two blocks': bytes, used and unused added up, allocations 0 to
//! 2, read by [`Layout::__buffer_figures`] without a visit (a leaf's are `(0, 0)`: no block). Taken one by one from the map's
//! iterator and folded at once, the iterator's state, three sums and eight extremes do not fit
//! in registers (measured: no quicker than the `Folder`'s 84 instructions an entry). So the
//! entries are taken a block of [`BLOCK`] at a time into [`Gathered`] (the references, and
//! each figure in an array of its own), and a whole block folds four entries to a register
//! (`entry_lanes.rs`). This runs only where the CPU has AVX2, and for whole blocks: a scalar
//! loop over the arrays ([`LeafFold::add_entry`]) measured 100 instructions an entry, taking
//! and folding, against the `Folder`'s 84; the lanes take 46 (`benches/report_cost.rs`,
//! `map1k`). The entries after the last whole block go to the `Folder`.
//!
//! A block with an allocation holding nothing (`used == 0 < bytes`, a cleared `String`) in
//! any entry goes to the scalar loop, which reads that entry exactly, out of line, as its
//! `Folder` figures would be ([`Walker::fold_irregular`]), and the others as before. Which
//! path ran never shows in a figure: `tests/test_report_buffer_entries.rs` compares the
//! reports with the general fold's, each entry's own totals and a counting allocator.

use core::mem::MaybeUninit;

use super::blocks::{is_regular_use, NO_BLOCK};
use super::entry_lanes;
use super::leaf_fold::LeafFold;
use super::{NodeId, Walker};
use crate::layout::Layout;

/// Whether map entries of `T` keys (or values) can be taken into [`Gathered`]: `T` is one
/// plain buffer, or a leaf.
pub(super) const fn gathers<T: Layout + ?Sized>() -> bool {
    T::__ONE_BUFFER || T::IS_LEAF
}

/// A part's `(bytes, used)`: its buffer's, or none for a leaf (see [`gathers`]).
#[inline(always)]
fn figures_of<T: Layout + ?Sized>(part: &T) -> (usize, usize) {
    if T::__ONE_BUFFER {
        part.__buffer_figures()
    } else {
        debug_assert!(T::IS_LEAF);
        (0, 0)
    }
}

/// Entries a block.
pub(super) const BLOCK: usize = 64;

/// Up to [`BLOCK`] entries taken from a map's iterator: the references, and their parts'
/// figures, one array a figure (key bytes, key used, value bytes, value used), so that four
/// entries' figure is one load. Left uninitialised past `len` (a block's arrays are 3 KiB,
/// zeroed for every map they would cost more than a hundred entries' folding).
pub(super) struct Gathered<'a, K: ?Sized, W: ?Sized> {
    /// Written below `len`.
    entries: [MaybeUninit<(&'a K, &'a W)>; BLOCK],
    /// Written below `len`.
    figures: [[MaybeUninit<usize>; BLOCK]; 4],
    len: usize,
}

impl<'a, K, W> Gathered<'a, K, W>
where
    K: Layout + ?Sized + 'a,
    W: Layout + ?Sized + 'a,
{
    /// No entries yet.
    fn new() -> Self {
        Gathered {
            entries: [const { MaybeUninit::uninit() }; BLOCK],
            figures: [[const { MaybeUninit::uninit() }; BLOCK]; 4],
            len: 0,
        }
    }

    /// Entry `i` (below `len`).
    #[inline(always)]
    fn entry(&self, i: usize) -> (&'a K, &'a W) {
        assert!(i < self.len);
        // SAFETY: `fill` wrote every entry below `len`.
        unsafe { self.entries[i].assume_init() }
    }

    /// Entry `i`'s figures (below `len`): key bytes, key used, value bytes, value used.
    #[inline(always)]
    fn figures_at(&self, i: usize) -> [usize; 4] {
        assert!(i < self.len);
        // SAFETY: `fill` wrote every figure below `len`.
        self.figures
            .each_ref()
            .map(|figure| unsafe { figure[i].assume_init() })
    }

    /// The figures of a full block (`len == BLOCK`), else `None`.
    #[inline(always)]
    fn full(&self) -> Option<&[[usize; BLOCK]; 4]> {
        if self.len < BLOCK {
            return None;
        }
        let figures: *const [[MaybeUninit<usize>; BLOCK]; 4] = &self.figures;
        // SAFETY: `fill` wrote every figure below `len`, here all of them; `MaybeUninit<usize>`
        // has `usize`'s size and alignment, so the arrays are laid out as `usize` arrays.
        Some(unsafe { &*figures.cast::<[[usize; BLOCK]; 4]>() })
    }

    /// Folds entries from `from` on into `fold` while they are regular (no allocation
    /// holding nothing); returns how many. The fold is a local for the loop, in a function of
    /// its own, so that it stays in registers.
    #[inline(never)]
    fn fold_regular(&self, fold: &mut LeafFold, from: usize) -> usize {
        let mut local = *fold;
        let mut i = from;
        while i < self.len {
            let [key_bytes, key_used, value_bytes, value_used] = self.figures_at(i);
            if !(is_regular_use(key_bytes, key_used) && is_regular_use(value_bytes, value_used)) {
                break;
            }
            local.add_entry((key_bytes, key_used), (value_bytes, value_used));
            i += 1;
        }
        *fold = local;
        i - from
    }

    /// Takes `first` and the entries after it from `rest`, up to a block's worth; returns the
    /// entry after them, if any.
    #[inline(always)]
    fn fill<I>(&mut self, first: (&'a K, &'a W), rest: &mut I) -> Option<(&'a K, &'a W)>
    where
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        self.len = 0;
        let mut entry = first;
        // `i` below `BLOCK`: no bounds checks.
        for i in 0..BLOCK {
            let (key, value) = entry;
            let ((key_bytes, key_used), (value_bytes, value_used)) =
                (figures_of(key), figures_of(value));
            self.entries[i].write(entry);
            self.figures[0][i].write(key_bytes);
            self.figures[1][i].write(key_used);
            self.figures[2][i].write(value_bytes);
            self.figures[3][i].write(value_used);
            match rest.next() {
                Some(after) => entry = after,
                None => {
                    self.len = i + 1;
                    return None;
                }
            }
        }
        self.len = BLOCK;
        Some(entry)
    }
}

impl<'a> Walker<'a> {
    /// Folds map entries from `first` on (`rest`: the entries after it), key and value each
    /// one plain buffer or a leaf ([`gathers`]), summarised into summary node `m` whose fold is `k`, their blocks at
    /// depth `hop`, a whole block at a time while `left` (the entries left, `first`
    /// included, as the map tells) holds one (see the module). Returns how many entries it
    /// folded, how many of them went to a scratch slot (their inline figures counted there),
    /// and the entry after them, for the `Folder` (`None`: there is none).
    pub(super) fn fold_buffer_entries<K, W, I>(
        &mut self,
        first: (&'a K, &'a W),
        rest: &mut I,
        left: usize,
        (hop, m, k): (usize, NodeId, usize),
    ) -> (usize, usize, Option<(&'a K, &'a W)>)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        let mut leaves = LeafFold::ENTRIES;
        let mut gathered = Gathered::new();
        let (mut folded, mut deferred) = (0, 0);
        let mut next = Some(first);
        let mut left = left;
        while left >= BLOCK {
            let Some(entry) = next else {
                break;
            };
            next = gathered.fill(entry, rest);
            left -= BLOCK;
            folded += gathered.len;
            if let Some(figures) = gathered.full() {
                if entry_lanes::add_block(&mut leaves, figures) {
                    continue;
                }
            }
            // An allocation holding nothing (or fewer entries than the map told).
            let mut i = 0;
            while i < gathered.len {
                i += gathered.fold_regular(&mut leaves, i);
                if i < gathered.len {
                    let slot = self.fold_irregular_entry(gathered.entry(i), hop, m, k);
                    deferred += usize::from(slot);
                    i += 1;
                }
            }
        }
        leaves.finish((0, &NO_BLOCK), (hop, hop), &mut self.folds[k].plain);
        (folded, deferred, next)
    }

    /// Folds into fold `k` of summary node `m` an entry that [`Walker::fold_buffer_entries`]
    /// did not take (an allocation holding nothing), exactly: its blocks read as
    /// [`Walker::fold_irregular`] reads an element's, or, should that not take it, through a
    /// `Folder` as [`Walker::fold_entries`] folds any entry ([`Walker::fold_entry`]). Returns
    /// whether the entry went to a scratch slot.
    #[cold]
    #[inline(never)]
    fn fold_irregular_entry<K, W>(
        &mut self,
        (key, value): (&'a K, &'a W),
        hop: usize,
        m: NodeId,
        k: usize,
    ) -> bool
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
    {
        if self.fold_irregular(k, hop, |blocks| {
            blocks.visit(key);
            blocks.visit(value);
        }) {
            return false;
        }
        let mut plain = self.folds[k].plain;
        let slot = self.fold_entry::<false, K, W>((key, value), (hop, m, k), &mut plain);
        self.folds[k].plain = plain;
        slot
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use crate::allocator::Model;
    use crate::report::Summary;
    use crate::{LayoutReport, Report, ReportOptions};
    use std::collections::HashMap;
    use std::string::{String, ToString};
    use std::vec::Vec;

    fn summary(report: &Report) -> Option<Summary> {
        report.nodes().find_map(|node| node.summary().cloned())
    }

    /// Whole blocks of entries (taken four at a time where the CPU has AVX2: under Miri, with
    /// `-Ctarget-feature=+avx2`), with an allocation holding nothing in none, the first or a
    /// later block, or after them, fold as the `Folder` folds them under an allocator model.
    #[test]
    fn blocks_fold_as_the_general_fold() {
        let n = 2 * super::BLOCK + 20;
        for hole in [None, Some(3), Some(80), Some(n - 1)] {
            let map: HashMap<String, Vec<u32>> = (0..n)
                .map(|i| {
                    let mut v = Vec::from_iter(0..(i % 5) as u32);
                    if Some(i) == hole {
                        v.reserve(4);
                        v.clear();
                    }
                    (i.to_string(), v)
                })
                .collect();
            let fast = map.layout_report();
            let general = map.layout_report_with(ReportOptions::new().allocator(Model::Jemalloc));
            assert_eq!(fast.totals(), general.totals(), "hole at {hole:?}");
            assert_eq!(summary(&fast), summary(&general), "hole at {hole:?}");
            assert_eq!(summary(&fast).map(|s| s.count), Some(n - 8));
        }
    }
}
