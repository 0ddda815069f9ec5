//! The report walk's reserved figures under an allocator model: kept apart from the node
//! figures, by node, and only when a model was chosen (the walk without one pays a test per
//! heap block).

use alloc::vec::Vec;

use super::{NodeId, Walker};
use crate::allocator::Model;
use crate::report::{Held, NodeData, ReservedFigures};
use crate::visit::HeapBlock;
use crate::walk::reserved::BlockReserve;

/// What each shown node's blocks hold under the model (a summary's: its folded elements'; a
/// node's elided parts' count as its own).
pub(super) struct Reserving {
    model: Model,
    own: Vec<Held>,
}

impl Reserving {
    pub(super) fn new(model: Model) -> Reserving {
        Reserving {
            model,
            own: Vec::new(),
        }
    }

    fn held(&mut self, node: NodeId) -> &mut Held {
        let node = node as usize;
        if node >= self.own.len() {
            self.own.resize(node + 1, Held::NONE);
        }
        &mut self.own[node]
    }

    /// A block counted at `node`, whole, or the share `split` gives of its reservation (a
    /// shared allocation's handle under `fair_share`; its requests count at the `first` handle).
    #[inline(never)]
    fn add(
        &mut self,
        node: NodeId,
        block: &HeapBlock,
        split: Option<(&dyn Fn(usize) -> usize, bool)>,
    ) {
        let Some(b) = BlockReserve::of(&self.model, block) else {
            return;
        };
        let (reserved, headers, first) = match split {
            None => (b.reserved, b.headers, true),
            Some((split, first)) => (split(b.reserved), split(b.headers), first),
        };
        let held = self.held(node);
        held.reserved = held.reserved.saturating_add(reserved);
        held.headers = held.headers.saturating_add(headers);
        held.is_inexact |= !b.is_exact;
        if first {
            held.add_requests(b.count, b.each, b.usable);
        }
    }

    /// [`Reserving::add`] of a whole block, out of the walk's hot loops: a report without a
    /// model pays only the test for it.
    #[cold]
    #[inline(never)]
    fn add_whole(&mut self, node: NodeId, block: HeapBlock) {
        self.add(node, &block, None);
    }

    pub(super) fn finish(self, nodes: &[NodeData]) -> ReservedFigures {
        ReservedFigures::new(self.model, self.own, nodes)
    }
}

impl Walker<'_> {
    /// Counts `block` at shown node `node` under the model, if one was chosen.
    #[inline(always)]
    pub(super) fn reserve(&mut self, node: NodeId, block: &HeapBlock) {
        if let Some(reserving) = self.reserving.as_deref_mut() {
            reserving.add_whole(node, *block);
        }
    }

    /// Counts `block` at the shown node `sink`'s figures end up in, if a model was chosen.
    #[inline(always)]
    pub(super) fn reserve_at(&mut self, sink: super::Sink, block: &HeapBlock) {
        if self.reserving.is_some() {
            let node = self.shown(sink);
            self.reserve(node, block);
        }
    }

    /// Counts a handle's share of a shared allocation's `block` at shown node `node` (see
    /// [`Walker::share`]), if a model was chosen.
    pub(super) fn reserve_share(
        &mut self,
        node: NodeId,
        block: &HeapBlock,
        (parts, holds, first): (usize, bool, bool),
    ) {
        if let Some(reserving) = self.reserving.as_deref_mut() {
            let split = |x: usize| super::fold_loops::share_of(x, parts, holds, first);
            reserving.add(node, block, Some((&split, first)));
        }
    }
}
