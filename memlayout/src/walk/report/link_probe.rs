//! A chain's plain links, walked without the folder: a link whose heap is blocks it owns
//! directly (its next link's `Box`, a `String`'s or a `Vec` of leaves' block, a `Box` of a
//! leaf) has nothing to descend into, so the blocks-only reading ([`Blocks`], its boxes taken
//! by [`LinkBoxes`]) reads its figures and its next link. Its `visit`, the `Option`'s and the
//! `Box`'s inline into the chain loop, and the figures stay in registers.
//!
//! Anything else in a link (a part to descend into, a shared allocation, a guard, a second
//! pointer to a link, a figure the walk keeps apart: an empty allocation, an estimate, an
//! unreadable part, a resource) makes the probe give up, having changed nothing: the link is
//! then walked through the [`Folder`](super::Folder) as every link was before, so the figures
//! are the same either way. The probe only reads what the folder would add for such a link:
//! [`Fig::add_block`](super::fold::Fig::add_block) per block at the link's depth, the next
//! link's contents one pointer down.
//!
//! Links whose figures vary (a `String` a link, of varied lengths) fold in a loop of their own,
//! [`fold_alike_links`]: each link's own blocks, read quickly (regular blocks only), into a
//! [`LeafFold`] in registers, as a collection's elements fold; the next links' boxes, alike
//! for links of one sized type, counted once at the end.

use super::blocks::{is_regular, Blocks, LinkBoxes};
use super::chain::{next_as, NextLink};
use super::fold::Fig;
use super::leaf_fold::LeafFold;
use crate::layout::{Layout, TypeLayout};
use crate::visit::HeapBlock;

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
    let mut probe = Blocks::<_, false>::new(hop, LinkBoxes::<false>::new(chain));
    contents.visit(&mut probe);
    *chain = probe.boxes.chain;
    (!probe.bails && !probe.fig.rare).then(|| ProbedLink {
        fig: probe.fig,
        size: core::mem::size_of_val(contents),
        padding: T::LAYOUT.padding_bytes,
        next: probe.boxes.next,
    })
}

/// Links read by [`fold_alike_links`]: those from the first on whose blocks are regular
/// ([`is_regular`]) and whose next link is a `T` in a box like the first one's, folded.
pub(super) struct AlikeLinks<'a, T: ?Sized> {
    /// The folded links' own blocks (their next boxes kept apart).
    pub(super) fold: LeafFold,
    /// The next box of each folded link.
    pub(super) next_box: HeapBlock,
    /// How many links were folded.
    pub(super) count: usize,
    /// The first link not folded (the last link of a chain never is: it has no next link), at
    /// its depth.
    pub(super) rest: (&'a T, usize),
}

/// How many links [`fold_alike_links`] reads before it tests their blocks' `used` at once (a
/// power of two: a chunk ends at a depth it divides).
pub(super) const CHUNK: usize = 256;

/// Folds link `contents` (a `T` of `size` bytes at depth `hop`, of the chain whose links are
/// `chain`s) and the links after it while they are alike: regular blocks ([`is_regular`]:
/// exact, no padding, no empty allocation, one allocation a block) and a next link that is a
/// `T` in a box like the first link's (for links of one sized type, every box). Each link's
/// own blocks fold into a [`LeafFold`], in registers, as elements of a collection do; the
/// boxes, all alike and all allocating, are added once, when the fold finishes. Of the depths
/// only the first link's and the last one's are needed, each link being one pointer below the
/// one before it.
///
/// Links of one block at most (the first one's count) are read in chunks (ending at depths
/// that [`CHUNK`] divides) without the per-block test of `used` (the rest of [`is_regular`] is
/// known when the visit inlines), each into a fold of its own: after a chunk,
/// [`LeafFold::has_used_blocks`] says whether all its links had one regular block holding
/// used bytes, and if so it joins the fold. If not, and a link held no bytes
/// ([`LeafFold::may_have_counted_blocks`]), the chunk's links are read again for two counts
/// only, of the links that allocate and of those holding used bytes: if they are equal
/// ([`LeafFold::has_counted_blocks`]: links of no used bytes, an empty `String`, a `None`, held
/// no bytes either), the chunk joins the fold. A chunk that still fails (an empty allocation,
/// a `used` above the block's bytes, a link of two blocks) is read again one by one with the
/// test, up to the link that ends the fold (so it stops at the same link either way) or to the
/// chunk's edge, from where chunks go on unless a link of two blocks was met. So a chunk is
/// read three times at most.
#[inline(never)]
pub(super) fn fold_alike_links<'a, T: Layout + ?Sized + 'a>(
    contents: &'a T,
    hop: usize,
    chain: &mut &'static TypeLayout,
    size: usize,
) -> AlikeLinks<'a, T> {
    /// Reads link `contents` at depth `hop`: its own blocks, and its next link if that is a
    /// `T` and the link qualifies (all but the test of `used`: [`Blocks::misused`]).
    #[inline(always)]
    fn read<'a, T: Layout + ?Sized + 'a>(
        contents: &'a T,
        hop: usize,
        chain: &mut &'static TypeLayout,
        size: usize,
    ) -> (Blocks<LinkBoxes<'a, true>, true>, Option<(&'a T, usize)>) {
        let mut blocks = Blocks::new(hop, LinkBoxes::new(chain));
        contents.visit(&mut blocks);
        *chain = blocks.boxes.chain;
        let qualifies = !blocks.bails && core::mem::size_of_val(contents) == size;
        let next = next_as::<T>(blocks.boxes.next).ok().filter(|_| qualifies);
        (blocks, next)
    }
    /// Reads links from `at` on up to a chunk's edge ([`CHUNK`]) or the first link that is
    /// not alike but for its blocks' `used`, each link's own blocks into a fold
    /// ([`LeafFold::add_used_block`]); returns it, and where it stopped (and `true` if not at
    /// an edge). A function of its own, taking and returning values, so that the loop's
    /// figures stay in registers (the chain's link type, if at another address, is found
    /// again by the next chunk).
    #[inline(never)]
    fn read_chunk<'a, T: Layout + ?Sized + 'a>(
        mut at: (&'a T, usize),
        mut chain: &'static TypeLayout,
        size: usize,
        next_box: HeapBlock,
    ) -> (LeafFold, (&'a T, usize), bool) {
        let mut chunk = LeafFold::NEW;
        let last = loop {
            let (blocks, next) = read(at.0, at.1, &mut chain, size);
            let Some(next) = next.filter(|_| blocks.boxes.next_box == next_box) else {
                break true;
            };
            chunk.add_used_block(&blocks);
            at = next;
            if at.1 % CHUNK == 0 {
                break false;
            }
        };
        (chunk, at, last)
    }
    /// Of the `n` links from `at` on (a chunk [`read_chunk`] read), how many allocate, and how
    /// many hold used bytes. A function of its own, so that the chunks' loop keeps its
    /// registers.
    #[inline(never)]
    fn count_used<'a, T: Layout + ?Sized + 'a>(
        mut at: (&'a T, usize),
        n: usize,
        mut chain: &'static TypeLayout,
        size: usize,
    ) -> (usize, usize) {
        let (mut allocations, mut used_links) = (0, 0);
        for _ in 0..n {
            let (blocks, next) = read(at.0, at.1, &mut chain, size);
            allocations += blocks.fig.allocations;
            used_links += usize::from(blocks.fig.used > 0);
            match next {
                Some(next) => at = next,
                None => break,
            }
        }
        (allocations, used_links)
    }
    let mut fold = LeafFold::NEW;
    let mut link_type = *chain;
    let mut at = (contents, hop);
    // The first link apart: its next box is the one every link's must equal (for a sized
    // `T`, constants, so the comparisons fold away).
    let (first, next) = read(contents, hop, &mut link_type, size);
    let next_box = first.boxes.next_box;
    let alike =
        next.filter(|_| !first.misused && is_regular(&next_box) && next_box.allocations > 0);
    if let Some(next) = alike {
        fold.add(&first);
        at = next;
        // Links of one block each (for most types known from the first) are read in chunks.
        let mut chunks = first.blocks <= 1;
        loop {
            if chunks {
                let start = at;
                let (chunk, end, last) = read_chunk(at, link_type, size, next_box);
                at = end;
                let links = at.1 - start.1;
                let allocations = if chunk.has_used_blocks() {
                    Some(links)
                } else if !chunk.may_have_counted_blocks() {
                    None
                } else {
                    let (allocations, used_links) = count_used(start, links, link_type, size);
                    chunk
                        .has_counted_blocks(allocations, used_links)
                        .then_some(allocations)
                };
                if let Some(allocations) = allocations {
                    fold.merge_used_blocks(&chunk, allocations);
                    if last {
                        break;
                    }
                    continue;
                }
                at = start;
            }
            // One by one, with the test: to the chunk's edge, or to the end without chunks.
            let ended = loop {
                let (blocks, next) = read(at.0, at.1, &mut link_type, size);
                let regular = |_: &_| !blocks.misused && blocks.boxes.next_box == next_box;
                let Some(next) = next.filter(regular) else {
                    break true;
                };
                fold.add(&blocks);
                at = next;
                if chunks && at.1 % CHUNK == 0 {
                    break false;
                }
            };
            // A counted chunk fails on a link that ends the fold (read one by one up to it) or
            // on one of more blocks, which ends the chunks (they take one a link).
            chunks = !fold.has_many_blocks();
            if ended {
                break;
            }
        }
    }
    *chain = link_type;
    AlikeLinks {
        fold,
        next_box,
        count: at.1 - hop,
        rest: at,
    }
}
