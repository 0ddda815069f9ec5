//! Chains: a `Box` linked list, `Option<Box<T>>` nesting, a chain of `Rc`s. A part reached
//! through a pointer below [`ReportOptions::max_children`] shown ancestors of its own type is a
//! link past the first few: it and every later link fold into one summary node
//! ([`Segment::Chain`]), as a collection's elements past the first few do.
//!
//! Each folded link is one element of the summary: its figures are its own allocation's (the
//! `Box`'s block, or the `Rc`'s when its handle counts it) and its parts', less the later links'.
//! A [`Folder`] adds them up: meeting the next link's pointer, it sets the current link's figures
//! aside, walks the next link, folds it into the summary and takes the current one up again, so
//! the summary's `min` and `max` are per link. The recursion is checked against the stack budget
//! like any folded part: past it, the next link is left to the work list whole.
//!
//! [`ReportOptions::max_children`]: crate::ReportOptions::max_children

use alloc::boxed::Box;

use super::fold::{Fig, Rare};
use super::{Folder, NodeId, Walker};
use crate::layout::{Layout, TypeLayout};
use crate::report::{NodeKind, Segment, Summary, NO_PARENT};
use crate::walk::report::fold::SummaryFold;

/// Whether two static layouts describe the same type (the same `&'static` may be emitted more
/// than once, so names are compared when the addresses differ).
fn same_type(a: &TypeLayout, b: &TypeLayout) -> bool {
    core::ptr::eq(a, b) || (a.size == b.size && (a.type_name)() == (b.type_name)())
}

impl<'a> Walker<'a> {
    /// For contents of type `layout` met through a pointer in shown node `parent`: `Some(n)`
    /// when `n` = [`ReportOptions::max_children`](crate::ReportOptions::max_children) shown
    /// ancestors have that type, so the contents are link `n` (0-based) of a chain and fold into
    /// a chain summary from here on (if the node budget allows one more node).
    pub(super) fn chain_link_index(&self, parent: NodeId, layout: &TypeLayout) -> Option<usize> {
        let shown = self.options.max_children;
        if !self.has_budget() {
            return None;
        }
        let mut links = 0;
        let mut at = parent;
        while links < shown && at != NO_PARENT {
            let node = &self.nodes[at as usize];
            links += usize::from(same_type(node.layout, layout));
            at = node.parent;
        }
        (links == shown).then_some(shown)
    }

    /// Folds a chain from link `first_index` on (`contents`, behind a pointer of node `parent`
    /// at depth `hop`) into a new chain summary under `parent`; `own` adds the pointer's own
    /// figures (its allocation) to the first folded link's. Returns the summary node.
    pub(super) fn fold_chain<T: Layout + ?Sized>(
        &mut self,
        parent: NodeId,
        first_index: usize,
        contents: &'a T,
        hop: usize,
        own: impl FnOnce(&mut Fig, &mut Rare),
    ) -> NodeId {
        let m = self.push_node(
            parent,
            Segment::Chain,
            T::LAYOUT,
            0,
            None,
            hop + 1,
            NodeKind::Summary,
        );
        let node = &mut self.nodes[m as usize];
        node.summary = Some(Box::new(Summary::chain(first_index)));
        node.fold = self.folds.len() as u32;
        self.folds.push(SummaryFold::new(m));
        let mut folder = Folder::new(self, m, None);
        folder.chain = Some(T::LAYOUT);
        folder.link(contents, hop + 1, own);
        m
    }
}

impl<'a> Folder<'_, 'a> {
    /// Whether a pointer to a `T` leads to the next link of the chain this folder folds.
    #[inline(always)]
    pub(super) fn is_link<T: Layout + ?Sized>(&self) -> bool {
        self.chain.is_some_and(|chain| same_type(chain, T::LAYOUT))
    }

    /// Folds one more link, `contents` at depth `hop`, into the chain summary; `own` adds the
    /// figures of the pointer that holds it. The current link's figures are set aside meanwhile.
    pub(super) fn link<T: Layout + ?Sized>(
        &mut self,
        contents: &'a T,
        hop: usize,
        own: impl FnOnce(&mut Fig, &mut Rare),
    ) {
        if let Some(s) = self.walker.nodes[self.summary as usize].summary.as_deref_mut() {
            s.count += 1;
        }
        let outer = (core::mem::take(&mut self.fig), self.slot.take());
        let outer_rare = outer.0.rare.then_some(self.walker.rare);
        own(&mut self.fig, &mut self.walker.rare);
        if self.has_stack() {
            let saved = (self.hop, self.in_heap, self.element_of);
            self.walk_link(contents, hop);
            (self.hop, self.in_heap, self.element_of) = saved;
        } else {
            let (fig, rare) = (self.fig, self.walker.rare);
            defer_link(self.walker, (self.summary, self.chain), contents, hop, fig, rare);
        }
        (self.fig, self.slot) = outer;
        if let Some(rare) = outer_rare {
            self.walker.rare = rare;
        }
    }

    /// Walks link `contents` at depth `hop` (its own figures already in `self.fig`) and folds
    /// it into the summary, or into its scratch slot if part of it was deferred.
    fn walk_link<T: Layout + ?Sized>(&mut self, contents: &'a T, hop: usize) {
        (self.hop, self.in_heap, self.element_of) = (hop, false, None);
        contents.visit(self);
        let (size, padding) = (core::mem::size_of_val(contents), T::LAYOUT.padding_bytes);
        if let Some(fig) = self.end(size, padding) {
            self.walker.fold_fig(self.summary, &fig, size, padding);
        }
    }
}

/// Leaves link `contents` (at depth `hop`, its own figures `fig` and `rare` so far) of the chain
/// `chain` folding into summary node `summary` to the work list, whole.
#[cold]
#[inline(never)]
fn defer_link<'a, T: Layout + ?Sized>(
    walker: &mut Walker<'a>,
    (summary, chain): (NodeId, Option<&'static TypeLayout>),
    contents: &'a T,
    hop: usize,
    fig: Fig,
    rare: Rare,
) {
    walker
        .deferred
        .push(Box::new(move |walker: &mut Walker<'a>| {
            let mut folder = Folder::new(walker, summary, None);
            folder.chain = chain;
            folder.fig = fig;
            folder.walker.rare = rare;
            folder.walk_link(contents, hop);
        }));
}
