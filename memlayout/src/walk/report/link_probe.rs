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

use super::blocks::{Blocks, LinkBoxes};
use super::chain::NextLink;
use super::fold::Fig;
use crate::layout::{Layout, TypeLayout};

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
    let mut probe = Blocks::<_, false>::new(hop, LinkBoxes::new(*chain));
    contents.visit(&mut probe);
    *chain = probe.boxes.chain;
    (!probe.bails && !probe.fig.rare).then(|| ProbedLink {
        fig: probe.fig,
        size: core::mem::size_of_val(contents),
        padding: T::LAYOUT.padding_bytes,
        next: probe.boxes.next,
    })
}
