//! The report walk: a [`Visitor`] that builds a [`Report`]'s node arena.
//!
//! Like the totals-only tally it recurses through monomorphised `visit` calls and defers the rest
//! of a part to an explicit work list once deep enough (shown parts past [`STACK_LIMIT`] nested
//! visits, parts that only add up past [`REPORT_STACK_BYTES`] of stack), so a million-node
//! `Box` chain needs no more machine stack than a short one.
//!
//! Nodes live in a flat arena (`Vec<NodeData>` with parent indices); children ranges are built
//! once the walk ends. Every figure the walk meets goes to a *sink*:
//! - `Own(n)`: a materialised node `n` (a shown part of the value);
//! - `Elided(n)`: the node budget is spent, so the part folds into its nearest shown ancestor `n`;
//! - `Scratch(s)`: an element of a large collection past the first few whose walk was deferred
//!   in part: its figures collect in a scratch slot that, once the element's walk is complete,
//!   folds into the collection's summary node (count, totals, min and max of each figure).
//!
//! Parts that get no node (summarised elements, parts past the node budget) are walked by a
//! [`Folder`], a second visitor that only adds figures up, into an eight-word [`Fig`] (the rarely
//! set figures go to one [`Rare`] beside the walk): no context saved per part, no scratch slot
//! unless part of the element is deferred. It meets parts in the walker's order, so every figure
//! is the same as from the walker; it checks the stack pointer rather than counting visits, so
//! it defers less often (which handle of an allocation shared across a part deferred this way
//! is met first may then differ, never a total).
//!
//! Once an element of a collection is summarised, so is every later one: the walker folds the
//! rest of the collection in one loop ([`Walker::fold_elements`], [`Walker::fold_entries`]) that
//! keeps the summary's running sums, minima and maxima in a local ([`SummaryFold`]'s
//! `PlainFold`), written back once. The summary's `min` and `max` are written when the walk
//! ends.
//!
//! Memory is proportional to the shown nodes plus the walk's pending work, never to the number of
//! elements.
//!
//! [`Visitor`]: crate::Visitor

mod blocks;
mod buffer_lanes;
mod chain;
mod entry_fold;
mod entry_lanes;
mod fields;
mod fold;
pub(crate) use fold::SummaryFold;
mod fold_loops;
mod folder;
mod leaf_fold;
mod link_probe;
mod reserving;
#[cfg(test)]
mod tests;
mod visitor;

use alloc::{boxed::Box, string::String, vec::Vec};

use crate::collections::{AddressMap, Entry};
use crate::layout::{Kind, Layout, TypeLayout};
use crate::report::{
    Acc, NodeData, NodeKind, OwnBounds, Report, ReportOptions, Segment, Summary, NO_OFFSET,
    NO_PARENT,
};
use crate::visit::{HeapBlock, Shared};
use crate::walk::hold::KeepAlive;
use crate::walk::stack::{stack_mark_for, STACK_LIMIT};
use crate::walk::target::{through_references, AtRoot};
use fold::{Fig, Rare};
use fold_loops::{entry_inline, is_set_item};
use folder::Folder;
use reserving::Reserving;

/// Index of a node in the arena.
type NodeId = u32;

/// Where the figures of the part being visited go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sink {
    /// A shown node.
    Own(NodeId),
    /// Folded into a shown ancestor's elided figures (node budget spent).
    Elided(NodeId),
    /// A summarised element's scratch slot.
    Scratch(u32),
}

/// Where an element goes (see [`Walker::place`]).
enum Place {
    /// A shown node, or folded into a shown ancestor's elided figures.
    Sink(Sink),
    /// Summarised: counted in summary node `m`, its figures still to fold into it.
    Folded(NodeId),
}

/// A shared allocation just met (see [`Walker::meet_shared`]).
struct Met {
    /// The figures the handle adds, if any.
    block: Option<HeapBlock>,
    /// Whether it is the first handle met.
    first: bool,
    /// Whether its contents are to be walked here.
    walk_now: bool,
    /// The shown node that met it first.
    first_node: NodeId,
}

/// Whether a part of type `T` going to `sink` is skipped: a leaf (it owns nothing, so adds no
/// figure) without a node of its own to show its fields or variant in.
fn skips_leaf<T: Layout + ?Sized>(sink: Sink) -> bool {
    T::IS_LEAF && !matches!(sink, Sink::Own(_))
}

/// Whether a field's name in the static layout is `name`: the derive writes both from the same
/// literal, usually one string in the binary, so the addresses are compared before the bytes.
#[inline(always)]
fn same_name(static_name: &str, name: &str) -> bool {
    core::ptr::eq(static_name, name) || static_name == name
}

/// Adds a shared block's figures to `acc`, and the allocation once, for the `first` handle.
fn add_shared(acc: &mut Acc, block: &HeapBlock, hop: usize, first: bool) {
    acc.add_block(block, hop);
    acc.totals.shared_bytes += block.bytes;
    acc.totals.shared_allocations += usize::from(first);
}

/// The state of the value being visited: saved and restored around each nested visit.
#[derive(Clone, Copy)]
struct Ctx {
    sink: Sink,
    /// Pointer hops from the root to this value.
    hop: usize,
    layout: &'static TypeLayout,
    /// Address and size of the value, to measure enum variant field offsets.
    addr: usize,
    size: usize,
    /// The active variant, once `variant` was called.
    variant: Option<&'static str>,
    /// Whether the value has reported a heap block (its elements live there, one hop further).
    in_heap: bool,
    /// Numbering of elements and entries across several calls.
    next_index: usize,
    /// Where elements past `max_children` go, once created.
    summary: Option<Sink>,
    /// The collection node this value is an element of (double-indirection finding).
    element_of: Option<NodeId>,
}

impl Ctx {
    fn new<T: Layout + ?Sized>(sink: Sink, hop: usize, value: &T) -> Ctx {
        Ctx {
            sink,
            hop,
            layout: T::LAYOUT,
            addr: value as *const T as *const u8 as usize,
            size: core::mem::size_of_val(value),
            variant: None,
            in_heap: false,
            next_index: 0,
            summary: None,
            element_of: None,
        }
    }
}

/// A summarised element's figures while its walk is under way.
struct Scratch {
    acc: Acc,
    /// The element's synchronous walk plus its deferred pieces still to run.
    pending: usize,
    /// The summary node it folds into.
    summary: NodeId,
}

/// A shared allocation met before.
struct SeenShared {
    /// Whether its contents were walked.
    walked: bool,
    /// The shown node that counted it (or the nearest shown ancestor of the part that did).
    first: NodeId,
}

type Deferred<'a> = Box<dyn FnOnce(&mut Walker<'a>) + 'a>;

/// Machine stack a report walk may use below the frame it starts in (or a deferred piece of it
/// starts in) before a [`Folder`] defers the rest of a part.
///
/// Shown parts recurse up to [`STACK_LIMIT`] nested visits (counted, so which parts are
/// deferred, and so the order nodes are made in, is the same in every build); the parts that
/// only add up, below them, check the stack pointer instead (see the tally's `stack_mark`): a
/// chain of `Option<Box<_>>` links then defers once per this many bytes of frames, not once per
/// 64 links. 128 KiB stays far inside a spawned thread's 2 MiB.
const REPORT_STACK_BYTES: usize = 128 << 10;

/// Builds a report of `value`.
/// `value.layout_report()` for every type that implements [`Layout`].
///
/// ```
/// use memlayout::LayoutReport;
///
/// let b = Box::new([0u64; 4]);
/// let r = b.layout_report();
/// assert_eq!(r.totals().heap_bytes, 32);
/// assert_eq!(r.find(".*").unwrap().inline_bytes(), 32);
/// ```
pub trait LayoutReport {
    /// Walks the value and reports every part of it, with default [`ReportOptions`].
    ///
    /// A reference at the root is looked through (a reference owns nothing): `(&v)
    /// .layout_report()` reports `v`, as [`totals`](crate::totals) does.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let v = vec![String::from("abc")];
    /// let by_ref: &Vec<String> = &v;
    /// assert_eq!((&by_ref).layout_report().totals(), v.layout_report().totals());
    /// ```
    fn layout_report(&self) -> Report;

    /// Walks the value with the given options. A reference at the root is looked through, as
    /// by [`LayoutReport::layout_report`].
    ///
    /// ```
    /// use memlayout::{LayoutReport, ReportOptions};
    /// let v = vec![1u8; 10];
    /// let r = (&&v).layout_report_with(ReportOptions::default());
    /// assert_eq!(r.totals().heap_bytes, 10);
    /// ```
    fn layout_report_with(&self, options: ReportOptions) -> Report;
}

impl<T: Layout + ?Sized> LayoutReport for T {
    fn layout_report(&self) -> Report {
        self.layout_report_with(ReportOptions::default())
    }

    fn layout_report_with(&self, options: ReportOptions) -> Report {
        /// Builds the report of the root once references are looked through.
        #[derive(Clone, Copy)]
        struct Build(ReportOptions);
        impl AtRoot for Build {
            type Output = Report;
            fn call<T: Layout + ?Sized>(self, value: &T) -> Report {
                build(value, self.0)
            }
        }
        through_references(self, Build(options))
    }
}

// ---- arena data ------------------------------------------------------------------------------

pub(crate) fn build<T: Layout + ?Sized>(value: &T, options: ReportOptions) -> Report {
    let (nodes, summaries, reserving) = {
        let mut walker = Walker::new(options);
        walker.push_node(
            NO_PARENT,
            Segment::Root,
            T::LAYOUT,
            core::mem::size_of_val(value),
            None,
            0,
            NodeKind::Value,
        );
        let ctx = Ctx::new(Sink::Own(0), 0, value);
        walker.descend(value, ctx);
        walker.finish()
        // Guards and packed copies are released here, after the last use of what they hold
        // (the walker is dropped where it lies: `drop(walker)` would copy it first).
    };
    // Without an allocator model the report is made where it is returned (a `report`
    // variable, changed and then returned, was copied out whole, through `memcpy`).
    let Some(reserving) = reserving else {
        return Report::from_nodes(nodes, summaries, options);
    };
    let mut report = Report::from_nodes(nodes, summaries, options);
    report.reserved = Some(Box::new(reserving.finish(&report.nodes)));
    report
}

/// The report visitor.
struct Walker<'a> {
    nodes: Vec<NodeData>,
    options: ReportOptions,
    ctx: Ctx,
    stack_depth: usize,
    /// [`stack_mark_for`] where the walk (or the deferred work now running) began.
    stack_mark: usize,
    deferred: Vec<Deferred<'a>>,
    shared_seen: AddressMap<SeenShared>,
    scratch: Vec<Scratch>,
    free_scratch: Vec<u32>,
    /// A finished element's slot still to fold into its summary.
    to_fold: Option<u32>,
    /// The figures of every summary node's folded elements (`NodeData::fold` indexes it).
    folds: Vec<SummaryFold>,
    /// The rare figures of the part a [`Folder`] adds up (one at a time).
    rare: Rare,
    held: KeepAlive<'a>,
    /// Reserved figures by node, when an allocator model was chosen.
    reserving: Option<Box<Reserving>>,
    /// The buffer map keys are written into, one for the walk (see [`crate::report::KeyText`]).
    key_text: String,
    /// The last chain link placed (see [`Walker::chain_link_index`]).
    chain_place: chain::ChainPlace,
}

/// The nodes the arena is made for: a report of up to this many (a struct of a dozen fields, a
/// collection's first elements and their summary) allocates once, its arena.
const FIRST_NODES: usize = 16;

impl<'a> Walker<'a> {
    fn new(options: ReportOptions) -> Self {
        Walker {
            nodes: Vec::with_capacity(FIRST_NODES.min(options.max_nodes.max(1))),
            ctx: Ctx {
                sink: Sink::Own(0),
                hop: 0,
                layout: <() as Layout>::LAYOUT,
                addr: 0,
                size: 0,
                variant: None,
                in_heap: false,
                next_index: 0,
                summary: None,
                element_of: None,
            },
            options,
            stack_depth: 0,
            stack_mark: stack_mark_for(REPORT_STACK_BYTES),
            deferred: Vec::new(),
            shared_seen: AddressMap::default(),
            scratch: Vec::new(),
            free_scratch: Vec::new(),
            to_fold: None,
            folds: Vec::new(),
            rare: Rare::default(),
            held: KeepAlive::new(),
            reserving: options
                .allocator
                .map(|model| Box::new(Reserving::new(model))),
            key_text: String::new(),
            chain_place: chain::ChainPlace::NONE,
        }
    }

    /// Runs the deferred work and folds the last summaries: the finished arena, and the
    /// reserved figures by node when an allocator model was chosen.
    fn finish(&mut self) -> (Vec<NodeData>, Vec<SummaryFold>, Option<Box<Reserving>>) {
        // The stack is unwound to here: deferred work starts with the whole budget.
        self.stack_mark = stack_mark_for(REPORT_STACK_BYTES);
        while let Some(work) = self.deferred.pop() {
            work(self);
        }
        if let Some(last) = self.to_fold.take() {
            self.fold(last);
        }
        debug_assert!(self.scratch.iter().all(|s| s.pending == 0));
        let mut nodes = core::mem::take(&mut self.nodes);
        let mut folds = core::mem::take(&mut self.folds);
        for fold in &mut folds {
            fold.finish(&mut nodes[fold.node as usize]);
        }
        (nodes, folds, self.reserving.take())
    }

    /// Visits `value` in `ctx`, on the stack or deferred.
    ///
    /// A leaf (a value that owns nothing) adds no figure: it is visited only when it has a node
    /// of its own, to show its fields or its active variant; elsewhere (summarised, elided) it
    /// costs nothing.
    fn descend<T: Layout + ?Sized>(&mut self, value: &'a T, ctx: Ctx) {
        // A primitive has no parts to show: its node is all there is.
        if skips_leaf::<T>(ctx.sink) || (T::IS_LEAF && T::LAYOUT.kind == Kind::Primitive) {
            return;
        }
        if self.stack_depth >= STACK_LIMIT {
            self.retain(ctx.sink);
            self.deferred.push(Box::new(move |walker: &mut Walker<'a>| {
                walker.run(value, ctx);
                walker.release(ctx.sink);
            }));
            return;
        }
        if let Sink::Elided(p) = ctx.sink {
            // Folded into a shown ancestor: no node is made below, so a `Folder` adds it up.
            let mut folder = Folder::elided(self, p);
            folder.visit_part(value, ctx.hop, ctx.element_of);
            folder.finish(0, 0);
            return;
        }
        self.stack_depth += 1;
        self.run(value, ctx);
        self.stack_depth -= 1;
    }

    fn run<T: Layout + ?Sized>(&mut self, value: &'a T, ctx: Ctx) {
        let saved = core::mem::replace(&mut self.ctx, ctx);
        value.visit(self);
        self.ctx = saved;
    }

    // ---- sinks -------------------------------------------------------------------------------

    fn acc(&mut self, sink: Sink) -> &mut Acc {
        match sink {
            Sink::Own(n) => &mut self.nodes[n as usize].figures,
            Sink::Elided(n) => self.nodes[n as usize].elided_mut(),
            Sink::Scratch(s) => &mut self.scratch[s as usize].acc,
        }
    }

    /// The shown node a sink's figures end up in.
    fn shown(&self, sink: Sink) -> NodeId {
        match sink {
            Sink::Own(n) | Sink::Elided(n) => n,
            Sink::Scratch(s) => self.scratch[s as usize].summary,
        }
    }

    #[inline]
    fn add_block(&mut self, block: &HeapBlock, hop: usize) {
        self.acc(self.ctx.sink).add_block(block, hop);
        self.reserve_at(self.ctx.sink, block);
    }

    fn retain(&mut self, sink: Sink) {
        if let Sink::Scratch(s) = sink {
            self.scratch[s as usize].pending += 1;
        }
    }

    /// One piece of a summarised element's walk is done; the last one folds it into its summary.
    fn release(&mut self, sink: Sink) {
        let Sink::Scratch(s) = sink else { return };
        let slot = &mut self.scratch[s as usize];
        slot.pending -= 1;
        if slot.pending > 0 {
            return;
        }
        // The slot folds once the next element is done: its figures, just written, are then
        // read from the cache rather than waiting on the stores (a store-forwarding stall that
        // cost more than the rest of a small element's walk).
        if let Some(previous) = self.to_fold.replace(s) {
            self.fold(previous);
        }
    }

    /// Folds a finished element's slot into its summary and frees the slot.
    fn fold(&mut self, s: u32) {
        let slot = &self.scratch[s as usize];
        let fold = self.nodes[slot.summary as usize].fold as usize;
        self.folds[fold].add_acc(&slot.acc);
        self.free_scratch.push(s);
    }

    /// Where one element's (or entry's) parts go. A summarised element is added up by `fold`
    /// and folded into its summary at once (`None`), unless the walk is at its stack limit: then
    /// it gets a fresh scratch slot (`Some((slot, true))`, to release after its parts are
    /// visited). A shown element returns its own sink (`Some((sink, false))`).
    fn element_sink(
        &mut self,
        place: Place,
        size: usize,
        padding: usize,
        element_of: Option<NodeId>,
        fold: impl FnOnce(&mut Folder<'_, 'a>),
    ) -> Option<(Sink, bool)> {
        match place {
            Place::Folded(m) if self.may_fold() => {
                let mut folder = Folder::new(self, m, element_of);
                fold(&mut folder);
                folder.finish(size, padding);
                None
            }
            Place::Folded(m) => Some((Sink::Scratch(self.alloc_scratch(m, size, padding)), true)),
            Place::Sink(sink) => Some((sink, false)),
        }
    }

    fn alloc_scratch(&mut self, summary: NodeId, inline_bytes: usize, padding: usize) -> u32 {
        let mut acc = Acc::new();
        acc.totals.inline_bytes = inline_bytes;
        acc.totals.inline_padding = padding;
        let slot = Scratch {
            acc,
            pending: 1,
            summary,
        };
        match self.free_scratch.pop() {
            Some(s) => {
                self.scratch[s as usize] = slot;
                s
            }
            None => {
                self.scratch.push(slot);
                (self.scratch.len() - 1) as u32
            }
        }
    }

    // ---- nodes -------------------------------------------------------------------------------

    /// Makes a shown node under `parent`. Inlined into its few callers: out of line, each node
    /// paid for a call with eight arguments (some on the stack) and six register saves, ~20
    /// of its ~80 instructions (callgrind: 5-9% of a small or mid-sized report).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn push_node(
        &mut self,
        parent: NodeId,
        segment: Segment,
        layout: &'static TypeLayout,
        inline_bytes: usize,
        offset: Option<usize>,
        hop: usize,
        kind: NodeKind,
    ) -> NodeId {
        let depth = if parent == NO_PARENT {
            0
        } else {
            let parent = &mut self.nodes[parent as usize];
            // The children are counted as they come: finishing lays out their ranges from it.
            parent.children.1 += 1;
            parent.depth + 1
        };
        let id = self.nodes.len();
        if id == self.nodes.capacity() {
            // Doubling, but never past the node budget: a report that spends it keeps no slots
            // it cannot use. (A node is made only within the budget, so one slot is left.)
            let left = self.options.max_nodes.max(1).saturating_sub(id).max(1);
            self.nodes.reserve_exact(id.max(1).min(left));
        }
        // Written in place: `push` would build the record on the stack and copy it.
        self.nodes.spare_capacity_mut()[0].write(NodeData {
            parent,
            depth,
            hop: hop as u32,
            fold: u32::MAX,
            children: (0, 0),
            child: 0,
            small_boxed_elements: 0,
            kind,
            is_box: false,
            boxes_collection: false,
            own_is_exact: true,
            segment,
            layout,
            offset: offset.unwrap_or(NO_OFFSET),
            variant: None,
            figures: Acc::inline(
                inline_bytes,
                if kind == NodeKind::Summary {
                    0
                } else {
                    layout.padding_bytes
                },
            ),
            own_bounds: OwnBounds::default(),
            elided: None,
            elided_parts: 0,
            shared: None,
            unreadable: None,
            resource: None,
        });
        // SAFETY: the slot at `id` (within the capacity reserved above) was written just now.
        unsafe { self.nodes.set_len(id + 1) };
        id as NodeId
    }

    #[inline]
    fn has_budget(&self) -> bool {
        self.nodes.len() < self.options.max_nodes.max(1)
    }

    /// A part of the value under `parent`: a new shown node while the budget lasts.
    #[allow(clippy::too_many_arguments)]
    fn child(
        &mut self,
        parent: Sink,
        segment: impl FnOnce() -> Segment,
        layout: &'static TypeLayout,
        inline_bytes: usize,
        offset: Option<usize>,
        hop: usize,
        kind: NodeKind,
    ) -> Sink {
        match parent {
            Sink::Own(p) if self.has_budget() => {
                Sink::Own(self.push_node(p, segment(), layout, inline_bytes, offset, hop, kind))
            }
            Sink::Own(p) | Sink::Elided(p) => {
                self.nodes[p as usize].elided_parts += 1;
                Sink::Elided(p)
            }
            Sink::Scratch(s) => Sink::Scratch(s),
        }
    }

    /// Where element `index` of the current collection goes: a shown node for the first
    /// `max_children`, then the collection's summary ([`Place::Folded`]: counted there, its
    /// figures for the caller to fold in, through a [`Folder`] or a scratch slot).
    fn place(
        &mut self,
        index: usize,
        segment: impl FnOnce() -> Segment,
        layout: &'static TypeLayout,
        inline_bytes: usize,
        hop: usize,
        entries: bool,
    ) -> Place {
        let p = match self.ctx.sink {
            Sink::Own(p) if index >= self.options.max_children => p,
            parent => {
                return Place::Sink(self.child(
                    parent,
                    segment,
                    layout,
                    inline_bytes,
                    None,
                    hop,
                    NodeKind::Value,
                ));
            }
        };
        let summary = match self.ctx.summary {
            Some(summary) => summary,
            None => {
                let summary = self.child(
                    Sink::Own(p),
                    || Segment::Summary,
                    layout,
                    0,
                    None,
                    hop,
                    NodeKind::Summary,
                );
                if let Sink::Own(m) = summary {
                    self.start_summary(m, Summary::new(index, entries));
                }
                self.ctx.summary = Some(summary);
                summary
            }
        };
        match summary {
            Sink::Own(m) => {
                self.count_summarised(m, 1);
                Place::Folded(m)
            }
            other => {
                let p = self.shown(other);
                self.nodes[p as usize].elided_parts += 1;
                Place::Sink(Sink::Elided(p))
            }
        }
    }

    fn own_node(&mut self) -> Option<&mut NodeData> {
        match self.ctx.sink {
            Sink::Own(n) => Some(&mut self.nodes[n as usize]),
            _ => None,
        }
    }

    /// Records a shared allocation met by a part shown at (or folded into) node `here`: the
    /// figures its handle adds, if any, and whether its contents are to be walked now.
    #[inline]
    fn meet_shared<T: Layout + ?Sized>(&mut self, shared: &Shared<'a, T>, here: NodeId) -> Met {
        // One look-up: the entry is updated (or made) before the figures are computed.
        let contents = shared.contents.is_some();
        let (first, walk_now, first_node) = match self.shared_seen.entry(shared.address) {
            Entry::Occupied(entry) => {
                let seen = entry.into_mut();
                let walk_now = !seen.walked && contents;
                seen.walked |= walk_now;
                (false, walk_now, seen.first)
            }
            Entry::Vacant(entry) => {
                entry.insert(SeenShared {
                    walked: contents,
                    first: here,
                });
                (true, contents, here)
            }
        };
        let block = if self.options.fair_share {
            // Each handle that keeps the allocation alive (a strong one, or a weak one once no
            // strong is left) owns `1 / parts`; the remainder and the allocation count go to
            // the handle met first.
            let parts = if shared.strong > 0 {
                shared.strong
            } else {
                shared.weak.max(1)
            };
            let holds = shared.is_weak == (shared.strong == 0);
            self.reserve_share(here, &shared.block, (parts, holds, first));
            Some(Self::share(&shared.block, parts, holds, first))
        } else {
            if first {
                self.reserve(here, &shared.block);
            }
            first.then_some(shared.block)
        };
        Met {
            block,
            first,
            walk_now,
            first_node,
        }
    }

    /// Folds a finished summarised element's figures into summary node `summary`.
    #[inline]
    fn fold_fig(&mut self, summary: NodeId, fig: &Fig, inline_bytes: usize, padding: usize) {
        let fold = &mut self.folds[self.nodes[summary as usize].fold as usize];
        fold.add(fig, &self.rare);
        fold.add_inline(1, inline_bytes, padding);
    }

    /// Whether a part without a node may be added up by a [`Folder`] (on the stack, as a
    /// summarised element): within the stack limit. Under an allocator model the folder counts
    /// each block at the summary, as the walker would.
    fn may_fold(&self) -> bool {
        self.stack_depth < STACK_LIMIT
    }

    /// The summary node an element placed at `place` folds into on the stack, with every later
    /// element of its collection (they are all summarised, at this stack depth).
    fn folds_from_here(&self, place: &Place) -> Option<NodeId> {
        match *place {
            Place::Folded(m) if self.may_fold() => Some(m),
            _ => None,
        }
    }

    /// Counts `n` more elements of the current collection in summary node `m`.
    fn count_folded(&mut self, m: NodeId, n: usize) {
        self.ctx.next_index += n;
        self.count_summarised(m, n);
    }

    /// Makes summary node `m`'s fold, holding `summary` (once per summarised collection: kept
    /// out of line, so the element loops it is reached from stay small).
    #[cold]
    #[inline(never)]
    fn start_summary(&mut self, m: NodeId, summary: Summary) {
        self.nodes[m as usize].fold = self.folds.len() as u32;
        self.folds.push(SummaryFold::new(m, summary));
    }

    /// Adds `n` to summary node `m`'s count of elements (a node that is no summary has no
    /// fold: its `fold` is `u32::MAX`).
    fn count_summarised(&mut self, m: NodeId, n: usize) {
        if let Some(fold) = self.folds.get_mut(self.nodes[m as usize].fold as usize) {
            fold.summary.count += n;
        }
    }
}
