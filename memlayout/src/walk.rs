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

use core::hash::BuildHasherDefault;
use core::mem::ManuallyDrop;
use core::ops::Deref;
use std::collections::hash_map::{Entry, HashMap};

use crate::hold::KeepAlive;
use crate::layout::{Field, Kind, Layout, Storage, TypeLayout};
use crate::report::{
    Acc, Fig, NodeData, NodeKind, PlainFold, Rare, Report, ReportOptions, Segment, SharedInfo,
    Summary, SummaryFold, NO_PARENT,
};
use crate::tally::{stack_mark_for, within_budget_for, AddressHasher, STACK_LIMIT};
use crate::visit::{BlockFromEntries, Exactness, HeapBlock, Shared, Visitor};

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
pub(crate) fn build<T: Layout + ?Sized>(value: &T, options: &ReportOptions) -> Report {
    let mut walker = Walker::new(options.clone());
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
    shared_seen: HashMap<usize, SeenShared, BuildHasherDefault<AddressHasher>>,
    scratch: Vec<Scratch>,
    free_scratch: Vec<u32>,
    /// A finished element's slot still to fold into its summary.
    to_fold: Option<u32>,
    /// The figures of every summary node's folded elements (`NodeData::fold` indexes it).
    folds: Vec<SummaryFold>,
    /// The rare figures of the part a [`Folder`] adds up (one at a time).
    rare: Rare,
    held: KeepAlive<'a>,
}

impl<'a> Walker<'a> {
    fn new(options: ReportOptions) -> Self {
        Walker {
            nodes: Vec::new(),
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
            shared_seen: HashMap::default(),
            scratch: Vec::new(),
            free_scratch: Vec::new(),
            to_fold: None,
            folds: Vec::new(),
            rare: Rare::default(),
            held: KeepAlive::new(),
        }
    }

    fn finish(mut self) -> Report {
        // The stack is unwound to here: deferred work starts with the whole budget.
        self.stack_mark = stack_mark_for(REPORT_STACK_BYTES);
        while let Some(work) = self.deferred.pop() {
            work(&mut self);
        }
        if let Some(last) = self.to_fold.take() {
            self.fold(last);
        }
        debug_assert!(self.scratch.iter().all(|s| s.pending == 0));
        let mut nodes = core::mem::take(&mut self.nodes);
        for fold in &self.folds {
            fold.finish(&mut nodes[fold.node as usize]);
        }
        // Guards and packed copies are released here, after the last use of what they hold.
        drop(self);
        Report::from_nodes(nodes)
    }

    /// Visits `value` in `ctx`, on the stack or deferred.
    fn descend<T: Layout + ?Sized>(&mut self, value: &'a T, ctx: Ctx) {
        if T::IS_LEAF {
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
            Sink::Own(n) => &mut self.nodes[n as usize].own,
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

    fn add_block(&mut self, block: &HeapBlock, hop: usize) {
        self.acc(self.ctx.sink).add_block(block, hop);
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
            Place::Folded(m) if self.stack_depth < STACK_LIMIT => {
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

    #[allow(clippy::too_many_arguments)]
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
            self.nodes[parent as usize].depth + 1
        };
        let id = self.nodes.len() as NodeId;
        self.nodes.push(NodeData {
            parent,
            depth,
            hop: hop as u32,
            segment,
            layout,
            kind,
            inline_bytes,
            inline_padding: if kind == NodeKind::Summary {
                0
            } else {
                layout.padding_bytes
            },
            offset,
            variant: None,
            own: Acc::new(),
            elided: None,
            elided_parts: 0,
            shared: None,
            summary: None,
            unreadable: None,
            resource: None,
            is_box: false,
            boxes_collection: false,
            small_boxed_elements: 0,
            children: (0, 0),
            fold: u32::MAX,
        });
        id
    }

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
                    let node = &mut self.nodes[m as usize];
                    node.summary = Some(Box::new(Summary::new(index, entries)));
                    node.fold = self.folds.len() as u32;
                    self.folds.push(SummaryFold::new(m));
                }
                self.ctx.summary = Some(summary);
                summary
            }
        };
        match summary {
            Sink::Own(m) => {
                if let Some(s) = self.nodes[m as usize].summary.as_deref_mut() {
                    s.count += 1;
                }
                Place::Folded(m)
            }
            other => {
                let p = self.shown(other);
                self.nodes[p as usize].elided_parts += 1;
                Place::Sink(Sink::Elided(p))
            }
        }
    }

    /// The offset of a field within the current value: from the static layout for struct
    /// fields, measured from the live value's addresses for enum variant fields.
    fn field_offset(&self, index: usize, name: &str, addr: Option<usize>) -> Option<usize> {
        if let Some(field) = self.static_field(index, name) {
            return Some(field.offset);
        }
        let addr = addr?;
        let start = self.ctx.addr;
        (addr >= start && addr <= start + self.ctx.size).then(|| addr - start)
    }

    /// Field `index` of the current struct, when its static layout lists it as `name`.
    fn static_field(&self, index: usize, name: &str) -> Option<&'static Field> {
        let layout = self.ctx.layout;
        match self.ctx.variant {
            None => layout.fields.get(index).filter(|f| f.name == name),
            Some(_) => None,
        }
    }

    /// The node of field `index` (`name`) of the current value; `addr` is where the field lives
    /// in it, when it is there (not for a packed field's copy).
    fn field_child(
        &mut self,
        index: usize,
        name: &'static str,
        layout: &'static TypeLayout,
        inline_bytes: usize,
        addr: Option<usize>,
        kind: NodeKind,
    ) -> Sink {
        let (sink, hop) = (self.ctx.sink, self.ctx.hop);
        if !matches!(sink, Sink::Own(_)) || !self.has_budget() {
            // No node is made: the offset and segment are not needed.
            return self.child(
                sink,
                || Segment::Root,
                layout,
                inline_bytes,
                None,
                hop,
                kind,
            );
        }
        let offset = self.field_offset(index, name, addr);
        let segment = self.field_segment(name);
        self.child(sink, || segment, layout, inline_bytes, offset, hop, kind)
    }

    fn field_segment(&self, name: &'static str) -> Segment {
        match self.ctx.variant {
            Some(variant) => Segment::VariantField(variant, name),
            None => Segment::Field(name),
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
            Some(Self::share(&shared.block, parts, holds, first))
        } else {
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
    fn fold_fig(&mut self, summary: NodeId, fig: &Fig, inline_bytes: usize, padding: usize) {
        let fold = &mut self.folds[self.nodes[summary as usize].fold as usize];
        fold.add(fig, &self.rare);
        fold.add_inline(1, inline_bytes, padding);
    }

    /// The summary node an element placed at `place` folds into on the stack, with every later
    /// element of its collection (they are all summarised, at this stack depth).
    fn folds_from_here(&self, place: &Place) -> Option<NodeId> {
        match *place {
            Place::Folded(m) if self.stack_depth < STACK_LIMIT => Some(m),
            _ => None,
        }
    }

    /// Counts `n` more elements of the current collection in summary node `m`.
    fn count_folded(&mut self, m: NodeId, n: usize) {
        self.ctx.next_index += n;
        if let Some(s) = self.nodes[m as usize].summary.as_deref_mut() {
            s.count += n;
        }
    }

    /// Folds `items`, all summarised into summary node `m`, each through a [`Folder`]: no node
    /// and no scratch slot (unless part of one is deferred). The summary's figures are a local
    /// for the loop, written back once.
    fn fold_elements<T: Layout>(
        &mut self,
        items: &'a [T],
        hop: usize,
        m: NodeId,
        collection: Option<NodeId>,
    ) {
        let size = core::mem::size_of::<T>();
        let padding = T::LAYOUT.padding_bytes;
        let k = self.nodes[m as usize].fold as usize;
        // Nothing else folds into summary `m` during the loop: scratch slots fold once their
        // deferred work is done, after the synchronous walk.
        // The ordinary elements' figures are a local for the loop (in registers), written
        // back once: nothing else folds into summary `m` meanwhile (scratch slots fold once
        // their deferred work is done, after the synchronous walk).
        let mut plain = self.folds[k].plain;
        // Elements whose figures went to a scratch slot (they fold later, with it).
        let mut deferred = 0;
        // Each element is visited one level down, as `Folder::enter` would (the caller checked
        // the stack limit), with the collection as the element's owner.
        self.stack_depth += 1;
        for item in items {
            let mut folder = Folder::new(self, m, collection);
            folder.hop = hop;
            item.visit(&mut folder);
            if folder.slot.is_some() {
                folder.end(size, padding);
                deferred += 1;
                continue;
            }
            if PlainFold::takes(&folder.fig) {
                plain.add(&folder.fig);
            } else {
                let fig = folder.fig;
                self.folds[k].add(&fig, &self.rare);
            }
        }
        self.stack_depth -= 1;
        let fold = &mut self.folds[k];
        fold.plain = plain;
        fold.add_inline(items.len() - deferred, size, padding);
    }

    /// Folds the entries `first` and `rest`, all summarised into summary node `m`, as
    /// [`Walker::fold_elements`] does elements. Returns how many there were.
    fn fold_entries<K, W, I>(
        &mut self,
        first: (&'a K, &'a W),
        rest: &mut I,
        hop: usize,
        m: NodeId,
    ) -> usize
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        let k = self.nodes[m as usize].fold as usize;
        let mut plain = self.folds[k].plain;
        // Inline figures go in by runs of equal sizes: for sized keys and values one run, of
        // the first entry's figures, counted as the entries fold.
        let sized = K::LAYOUT.is_sized && W::LAYOUT.is_sized;
        let mut run = if sized {
            let (key, value) = first;
            let (size, padding) = if is_set_item(value) {
                (core::mem::size_of_val(key), K::LAYOUT.padding_bytes)
            } else {
                (core::mem::size_of_val(value), W::LAYOUT.padding_bytes)
            };
            (0, size, padding)
        } else {
            (0, 0, 0)
        };
        let mut n = 0;
        let mut next = Some(first);
        while let Some((key, value)) = next {
            n += 1;
            // Each entry's parts are visited one level down, as `Folder::descend` would, without
            // its stack check: like `fold_elements`' items, each starts from this frame (the
            // caller checked the stack), and whatever lies behind a pointer is checked.
            let mut folder = Folder::new(self, m, None);
            // A set's entry is its key alone.
            let (size, padding) = if is_set_item(value) {
                folder.visit_here(key, hop);
                (core::mem::size_of_val(key), K::LAYOUT.padding_bytes)
            } else {
                folder.visit_here(key, hop);
                folder.visit_here(value, hop);
                (core::mem::size_of_val(value), W::LAYOUT.padding_bytes)
            };
            if folder.slot.is_some() {
                folder.end(size, padding);
                next = rest.next();
                continue;
            }
            if PlainFold::takes(&folder.fig) {
                plain.add(&folder.fig);
            } else {
                let fig = folder.fig;
                self.folds[k].add(&fig, &self.rare);
            }
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

    /// One handle's share of a shared block (`fair_share`): `1 / parts` of every figure when the
    /// handle `holds` the allocation, plus the division's remainder and the allocation count
    /// when it is the `first` handle met.
    fn share(block: &HeapBlock, parts: usize, holds: bool, first: bool) -> HeapBlock {
        let split =
            |x: usize| (if holds { x / parts } else { 0 }) + if first { x % parts } else { 0 };
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

/// The path segment for contents read through a guard of type `guard_type` (`.lock()`,
/// `.borrow()`...), shared by value reports and drop orders.
pub(crate) fn guard_segment(guard_type: &str) -> &'static str {
    let name = guard_type.split('<').next().unwrap_or("");
    if name.ends_with("MutexGuard") {
        ".lock()"
    } else if name.ends_with("RwLockReadGuard") {
        ".read()"
    } else if name.ends_with("RwLockWriteGuard") {
        ".write()"
    } else if name.ends_with("RefMut") {
        ".borrow_mut()"
    } else if name.ends_with("Ref") {
        ".borrow()"
    } else {
        ".*"
    }
}

impl<'a> Visitor<'a> for Walker<'a> {
    fn field<T: Layout + ?Sized>(&mut self, index: usize, name: &'static str, value: &'a T) {
        if T::IS_LEAF && !matches!(self.ctx.sink, Sink::Own(_)) {
            return;
        }
        let addr = value as *const T as *const u8 as usize;
        let size = core::mem::size_of_val(value);
        let sink = self.field_child(index, name, T::LAYOUT, size, Some(addr), NodeKind::Value);
        self.descend(value, Ctx::new(sink, self.ctx.hop, value));
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        if T::IS_LEAF {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let copy: &'a T = unsafe { self.held.copy(copy) };
        let size = core::mem::size_of::<T>();
        let sink = self.field_child(index, name, T::LAYOUT, size, None, NodeKind::Value);
        self.descend(copy, Ctx::new(sink, self.ctx.hop, copy));
    }

    fn measured(&mut self, index: usize, name: &'static str, heap: HeapBlock) {
        let field = self.static_field(index, name);
        let layout = field.map_or(<() as Layout>::LAYOUT, |f| (f.layout)());
        let size = field.map_or(0, |f| f.size);
        let sink = self.field_child(index, name, layout, size, None, NodeKind::Measured);
        let hop = self.ctx.hop;
        self.acc(sink).add_block(&heap, hop);
    }

    fn variant(&mut self, _index: usize, name: &'static str) {
        self.ctx.variant = Some(name);
        if let Some(node) = self.own_node() {
            node.variant = Some(name);
        }
    }

    fn heap(&mut self, block: HeapBlock) {
        self.add_block(&block, self.ctx.hop);
        self.ctx.in_heap = true;
    }

    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            return;
        }
        let hop = self.ctx.hop + usize::from(self.ctx.in_heap);
        let collection = match self.ctx.sink {
            Sink::Own(n) => Some(n),
            _ => None,
        };
        for (i, item) in items.iter().enumerate() {
            let index = self.ctx.next_index;
            self.ctx.next_index += 1;
            let size = core::mem::size_of::<T>();
            let place = self.place(index, || Segment::Index(index), T::LAYOUT, size, hop, false);
            if let Some(m) = self.folds_from_here(&place) {
                // This element and every later one fold into summary `m`.
                self.count_folded(m, items.len() - i - 1);
                self.fold_elements(&items[i..], hop, m, collection);
                return;
            }
            let padding = T::LAYOUT.padding_bytes;
            let Some((sink, fresh)) =
                self.element_sink(place, size, padding, collection, |f| f.enter(item, hop))
            else {
                continue;
            };
            let mut ctx = Ctx::new(sink, hop, item);
            ctx.element_of = collection;
            self.descend(item, ctx);
            if fresh {
                self.release(sink);
            }
        }
    }

    fn heap_with_entries<K, W, I, B>(&mut self, len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        let mut block = block;
        if K::IS_LEAF && W::IS_LEAF {
            // No entry is walked: only the block.
            self.heap(crate::visit::block_of(block, entries));
            return;
        }
        // One pass: each entry is noted as it is walked. The block's figures, added once the
        // entries are done, add up as they would before them; the entries live in it.
        self.ctx.in_heap = true;
        self.entries(
            len,
            entries.inspect(|&(key, value)| block.entry(key, value)),
        );
        let hop = self.ctx.hop;
        self.add_block(&block.block(), hop);
    }

    fn entries<K, W, I>(&mut self, _len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            return;
        }
        let hop = self.ctx.hop + usize::from(self.ctx.in_heap);
        let mut entries = entries;
        while let Some((key, value)) = entries.next() {
            let index = self.ctx.next_index;
            self.ctx.next_index += 1;
            let key_segment = || {
                let mut out = String::new();
                if key.write_key(&mut out) {
                    Segment::Key(out.into_boxed_str())
                } else {
                    Segment::Entry(index)
                }
            };
            // A set stores keys only (its values are `()`): the entry is the key.
            let is_set = is_set_item(value);
            if is_set {
                let size = core::mem::size_of_val(key);
                let place = self.place(index, key_segment, K::LAYOUT, size, hop, true);
                if let Some(m) = self.folds_from_here(&place) {
                    // This entry and every later one fold into summary `m`.
                    let n = self.fold_entries((key, value), &mut entries, hop, m);
                    self.count_folded(m, n - 1);
                    return;
                }
                let padding = K::LAYOUT.padding_bytes;
                let Some((sink, fresh)) =
                    self.element_sink(place, size, padding, None, |f| f.descend(key, hop))
                else {
                    continue;
                };
                self.descend(key, Ctx::new(sink, hop, key));
                if fresh {
                    self.release(sink);
                }
                continue;
            }
            let size = core::mem::size_of_val(value);
            let place = self.place(index, key_segment, W::LAYOUT, size, hop, true);
            if let Some(m) = self.folds_from_here(&place) {
                // This entry and every later one fold into summary `m`.
                let n = self.fold_entries((key, value), &mut entries, hop, m);
                self.count_folded(m, n - 1);
                return;
            }
            let padding = W::LAYOUT.padding_bytes;
            let Some((sink, fresh)) = self.element_sink(place, size, padding, None, |f| {
                f.descend(key, hop);
                f.descend(value, hop);
            }) else {
                continue;
            };
            if !K::IS_LEAF {
                let key_size = core::mem::size_of_val(key);
                let key_sink = self.child(
                    sink,
                    || Segment::EntryKey,
                    K::LAYOUT,
                    key_size,
                    None,
                    hop,
                    NodeKind::Value,
                );
                self.descend(key, Ctx::new(key_sink, hop, key));
            }
            self.descend(value, Ctx::new(sink, hop, value));
            if fresh {
                self.release(sink);
            }
        }
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        let hop = self.ctx.hop;
        let size = core::mem::size_of_val(contents);
        match index {
            None => {
                self.add_block(&block, hop);
                let layout = T::LAYOUT;
                let boxes_collection =
                    layout.kind == Kind::Collection && layout.storage == Storage::OwnsHeap;
                if let Some(node) = self.own_node() {
                    node.is_box = true;
                    node.boxes_collection = boxes_collection;
                }
                if let Some(collection) = self.ctx.element_of {
                    if layout.is_sized && size <= self.options.small_box_bytes {
                        self.nodes[collection as usize].small_boxed_elements += 1;
                    }
                }
                let sink = self.child(
                    self.ctx.sink,
                    || Segment::Deref,
                    layout,
                    size,
                    None,
                    hop + 1,
                    NodeKind::Value,
                );
                self.descend(contents, Ctx::new(sink, hop + 1, contents));
            }
            Some(i) => {
                // A linked node: numbered like an element, summarised past the first few.
                let place = self.place(i, || Segment::Index(i), T::LAYOUT, size, hop + 1, false);
                let padding = T::LAYOUT.padding_bytes;
                let (sink, fresh) = match place {
                    Place::Folded(m) if self.stack_depth < STACK_LIMIT => {
                        let mut folder = Folder::new(self, m, None);
                        // The node's own block belongs to the element it holds.
                        folder.fig.add_block(&block, hop, &mut folder.walker.rare);
                        folder.descend(contents, hop + 1);
                        folder.finish(size, padding);
                        return;
                    }
                    Place::Folded(m) => (Sink::Scratch(self.alloc_scratch(m, size, padding)), true),
                    Place::Sink(sink) => (sink, false),
                };
                // The node's own block belongs to the element it holds.
                self.acc(sink).add_block(&block, hop);
                self.descend(contents, Ctx::new(sink, hop + 1, contents));
                if fresh {
                    self.release(sink);
                }
            }
        }
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let hop = self.ctx.hop;
        let here = self.shown(self.ctx.sink);
        let met = self.meet_shared(&shared, here);
        if let Some(block) = met.block {
            add_shared(self.acc(self.ctx.sink), &block, hop, met.first);
        }
        let (first, walk_now, first_node) = (met.first, met.walk_now, met.first_node);
        if let Some(node) = self.own_node() {
            node.shared = Some(Box::new(SharedInfo {
                address: shared.address,
                block_bytes: shared.block.bytes,
                strong: shared.strong,
                weak: shared.weak,
                is_weak: shared.is_weak,
                is_atomic: shared.is_atomic,
                counted_here: first,
                first_seen: first_node as usize,
            }));
        }
        if let (true, Some(contents)) = (walk_now, shared.contents) {
            let size = core::mem::size_of_val(contents);
            let sink = self.child(
                self.ctx.sink,
                || Segment::Deref,
                T::LAYOUT,
                size,
                None,
                hop + 1,
                NodeKind::Value,
            );
            self.descend(contents, Ctx::new(sink, hop + 1, contents));
        }
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, target: &'a T) {
        // Shown, not counted, not walked: its owner reports it.
        if let Sink::Own(_) = self.ctx.sink {
            let size = core::mem::size_of_val(target);
            let hop = self.ctx.hop + 1;
            self.child(
                self.ctx.sink,
                || Segment::Deref,
                T::LAYOUT,
                size,
                None,
                hop,
                NodeKind::Borrowed,
            );
        }
    }

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if T::IS_LEAF {
            return;
        }
        let label = guard_segment(core::any::type_name::<G>());
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let contents: &'a T = unsafe { self.held.guard(guard) };
        let hop = self.ctx.hop;
        let size = core::mem::size_of_val(contents);
        let sink = self.child(
            self.ctx.sink,
            || Segment::Guard(label),
            T::LAYOUT,
            size,
            None,
            hop,
            NodeKind::Value,
        );
        self.descend(contents, Ctx::new(sink, hop, contents));
    }

    fn unreadable(&mut self, reason: &'static str) {
        self.acc(self.ctx.sink).totals.unreadable += 1;
        if let Some(node) = self.own_node() {
            node.unreadable = Some(reason);
        }
    }

    fn resource(&mut self, release: &'static str) {
        self.acc(self.ctx.sink).totals.resources += 1;
        if let Some(node) = self.own_node() {
            node.resource = Some(release);
        }
    }
}

/// A set stores keys only (`entries` pairs them with `()`): such an entry is its key alone.
fn is_set_item<W: Layout + ?Sized>(value: &W) -> bool {
    W::IS_LEAF && core::mem::size_of_val(value) == 0
}

/// Walks one summarised element (or a part past the node budget) without nodes or a scratch
/// slot: its figures add up in `fig` (and the walker's `rare`) and fold into the summary once
/// its walk is done. Only when part of it is deferred past
/// its stack budget does it take a scratch slot, which the deferred work completes.
///
/// It meets the element's parts in the order the [`Walker`] would, so every figure comes out as
/// from a walk with scratch slots; its stack check reads the stack pointer
/// ([`REPORT_STACK_BYTES`]), so no depth is kept as it goes down and back.
struct Folder<'w, 'a> {
    walker: &'w mut Walker<'a>,
    fig: Fig,
    /// The walker's [`stack_mark_for`] mark: past it, parts are deferred.
    stack_mark: usize,
    hop: usize,
    in_heap: bool,
    /// The collection node the element belongs to, while its own parts are visited.
    element_of: Option<NodeId>,
    summary: NodeId,
    slot: Option<u32>,
    /// Whether the figures go to `summary`'s elided figures (node budget spent) rather than
    /// fold into it as a summarised element's: then each part counts as an elided part.
    elided: bool,
    parts: usize,
}

impl<'w, 'a> Folder<'w, 'a> {
    fn new(walker: &'w mut Walker<'a>, summary: NodeId, element_of: Option<NodeId>) -> Self {
        Folder {
            stack_mark: walker.stack_mark,
            walker,
            fig: Fig::default(),
            hop: 0,
            in_heap: false,
            element_of,
            summary,
            slot: None,
            elided: false,
            parts: 0,
        }
    }

    /// A folder for a part whose figures go to shown node `node`'s elided figures.
    fn elided(walker: &'w mut Walker<'a>, node: NodeId) -> Self {
        let mut folder = Folder::new(walker, node, None);
        folder.elided = true;
        folder
    }

    /// Whether a nested visit may still recurse on the machine stack.
    #[inline(always)]
    fn has_stack(&self) -> bool {
        within_budget_for(self.stack_mark, REPORT_STACK_BYTES)
    }

    /// A part the walker would have counted as elided (see [`Walker::child`]).
    fn part(&mut self) {
        self.parts += usize::from(self.elided);
    }

    /// Visits the element itself (whose boxes count towards its collection's findings).
    fn enter<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        self.visit_part(value, hop, self.element_of);
    }

    /// Visits a part below the element at depth `hop`.
    fn descend<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        self.visit_part(value, hop, None);
    }

    /// Visits `value` at depth `hop` right away, for a folder made for this part only: no stack
    /// check (the caller's frame is checked) and no state to restore.
    #[inline(always)]
    fn visit_here<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        if T::IS_LEAF {
            return;
        }
        (self.hop, self.in_heap) = (hop, false);
        value.visit(self);
    }

    /// Visits `value`, on the stack or deferred, as [`Walker::descend`] does.
    #[inline(always)]
    fn visit_part<T: Layout + ?Sized>(
        &mut self,
        value: &'a T,
        hop: usize,
        element_of: Option<NodeId>,
    ) {
        if T::IS_LEAF {
            return;
        }
        if !self.has_stack() {
            // Out of line, and not given the folder (whose fields then stay in registers).
            self.slot = defer_part(
                self.walker,
                (self.elided, self.summary, self.slot),
                value,
                hop,
                element_of,
            );
            return;
        }
        let saved = (self.hop, self.in_heap, self.element_of);
        (self.hop, self.in_heap, self.element_of) = (hop, false, element_of);
        value.visit(self);
        (self.hop, self.in_heap, self.element_of) = saved;
    }

    /// The part's walk is done: its figures fold into the summary, or into its scratch slot
    /// when deferred work is still to add to them, or into the elided figures.
    fn finish(mut self, inline_bytes: usize, inline_padding: usize) {
        if let Some(fig) = self.end(inline_bytes, inline_padding) {
            self.walker
                .fold_fig(self.summary, &fig, inline_bytes, inline_padding);
        }
    }

    /// Ends the part's walk: its figures, when they are to be folded into the summary now
    /// (`None` when they went to a scratch slot or to elided figures).
    #[inline(always)]
    fn end(&mut self, inline_bytes: usize, inline_padding: usize) -> Option<Fig> {
        let rare = self.walker.rare;
        if self.elided {
            let node = &mut self.walker.nodes[self.summary as usize];
            node.elided_mut().merge_fig(&self.fig, &rare);
            node.elided_parts += self.parts;
            return None;
        }
        let Some(slot) = self.slot else {
            return Some(self.fig);
        };
        let into = &mut self.walker.scratch[slot as usize].acc;
        into.merge_fig(&self.fig, &rare);
        into.totals.inline_bytes = inline_bytes;
        into.totals.inline_padding = inline_padding;
        self.walker.release(Sink::Scratch(slot));
        None
    }
}

impl<'a> Folder<'_, 'a> {
    /// A shared allocation not met before, or whose contents are still to walk, or whose share
    /// is divided: out of line, the figures it adds and the contents it walks.
    #[inline(never)]
    fn shared_slow<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let hop = self.hop;
        let met = self.walker.meet_shared(&shared, self.summary);
        if let Some(block) = met.block {
            self.fig
                .add_shared(&block, hop, met.first, &mut self.walker.rare);
        }
        if let (true, Some(contents)) = (met.walk_now, shared.contents) {
            self.part();
            self.descend(contents, hop + 1);
        }
    }
}

/// Leaves part `value` of a [`Folder`]'s walk to the work list: its figures go to the elided
/// figures of node `summary` when `elided`, else to the element's scratch slot (made now if
/// `slot` is `None`). Returns the slot.
#[cold]
#[inline(never)]
fn defer_part<'a, T: Layout + ?Sized>(
    walker: &mut Walker<'a>,
    (elided, summary, slot): (bool, NodeId, Option<u32>),
    value: &'a T,
    hop: usize,
    element_of: Option<NodeId>,
) -> Option<u32> {
    let (sink, slot) = if elided {
        (Sink::Elided(summary), slot)
    } else {
        let slot = match slot {
            Some(slot) => slot,
            None => walker.alloc_scratch(summary, 0, 0),
        };
        (Sink::Scratch(slot), Some(slot))
    };
    let mut ctx = Ctx::new(sink, hop, value);
    ctx.element_of = element_of;
    walker.retain(sink);
    walker
        .deferred
        .push(Box::new(move |walker: &mut Walker<'a>| {
            walker.run(value, ctx);
            walker.release(sink);
        }));
    slot
}

impl<'a> Visitor<'a> for Folder<'_, 'a> {
    /// An inline field is visited without a stack check, as the tally does: a value nests
    /// inline only as deep as its type is declared, and every part behind a pointer or in a
    /// heap block is checked. Its hop is the value's, which every visit leaves as it found it,
    /// so only the rest of the state is saved.
    #[inline(always)]
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        if T::IS_LEAF {
            return;
        }
        self.part();
        let saved = (self.in_heap, self.element_of);
        (self.in_heap, self.element_of) = (false, None);
        value.visit(self);
        (self.in_heap, self.element_of) = saved;
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        _name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        if T::IS_LEAF {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before the walker's
        // `held` drops.
        let copy: &'a T = unsafe { self.walker.held.copy(copy) };
        self.part();
        self.descend(copy, self.hop);
    }

    #[inline(always)]
    fn measured(&mut self, _index: usize, _name: &'static str, heap: HeapBlock) {
        self.part();
        self.fig.add_block(&heap, self.hop, &mut self.walker.rare);
    }

    #[inline(always)]
    fn variant(&mut self, _index: usize, _name: &'static str) {}

    #[inline(always)]
    fn heap(&mut self, block: HeapBlock) {
        self.fig.add_block(&block, self.hop, &mut self.walker.rare);
        self.in_heap = true;
    }

    #[inline(always)]
    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            return;
        }
        let hop = self.hop + usize::from(self.in_heap);
        if !self.has_stack() {
            // Each item deferred on its own, as the walker does.
            for item in items {
                self.part();
                self.descend(item, hop);
            }
            return;
        }
        // What `descend` does per item, with the stack check and the state saved once for all.
        self.parts += items.len() * usize::from(self.elided);
        let saved = (self.hop, self.in_heap, self.element_of);
        (self.hop, self.element_of) = (hop, None);
        for item in items {
            self.in_heap = false;
            item.visit(self);
        }
        (self.hop, self.in_heap, self.element_of) = saved;
    }

    fn heap_with_entries<K, W, I, B>(&mut self, len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        let mut block = block;
        if K::IS_LEAF && W::IS_LEAF {
            self.heap(crate::visit::block_of(block, entries));
            return;
        }
        // One pass, as the walker does.
        self.in_heap = true;
        self.entries(
            len,
            entries.inspect(|&(key, value)| block.entry(key, value)),
        );
        self.fig
            .add_block(&block.block(), self.hop, &mut self.walker.rare);
    }

    fn entries<K, W, I>(&mut self, _len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            return;
        }
        let hop = self.hop + usize::from(self.in_heap);
        for (key, value) in entries {
            // The entry, and its key as a part of its own unless it is a set's entry.
            let is_set = is_set_item(value);
            self.part();
            if !is_set && !K::IS_LEAF {
                self.part();
            }
            self.descend(key, hop);
            self.descend(value, hop);
        }
    }

    #[inline(always)]
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        let hop = self.hop;
        self.fig.add_block(&block, hop, &mut self.walker.rare);
        if let (None, Some(collection)) = (index, self.element_of) {
            let layout = T::LAYOUT;
            let size = core::mem::size_of_val(contents);
            if layout.is_sized && size <= self.walker.options.small_box_bytes {
                self.walker.nodes[collection as usize].small_boxed_elements += 1;
            }
        }
        self.part();
        self.descend(contents, hop + 1);
    }

    #[inline(always)]
    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        // Most handles are to an allocation met before, whose contents were walked: they add
        // nothing (unless shares are divided), and one look-up tells.
        if !self.walker.options.fair_share {
            if let Some(seen) = self.walker.shared_seen.get(&shared.address) {
                if seen.walked || shared.contents.is_none() {
                    return;
                }
            }
        }
        self.shared_slow(shared);
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if T::IS_LEAF {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before the walker's
        // `held` drops.
        let contents: &'a T = unsafe { self.walker.held.guard(guard) };
        self.part();
        self.descend(contents, self.hop);
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.walker.rare.open(self.fig.rare).unreadable += 1;
        self.fig.rare = true;
    }

    fn resource(&mut self, _release: &'static str) {
        self.walker.rare.open(self.fig.rare).resources += 1;
        self.fig.rare = true;
    }
}

#[cfg(test)]
mod tests {
    use core::cell::RefCell;
    use core::mem::{offset_of, size_of, ManuallyDrop};

    use crate::layout::{Field, Kind, Layout, Storage, TypeLayout};
    use crate::report::{LayoutReport, ReportOptions};
    use crate::tally::STACK_LIMIT;
    use crate::visit::Visitor;

    /// A chain of boxes, deep enough to make the walk defer work.
    struct Chain(Option<Box<Chain>>);

    impl Layout for Chain {
        const LAYOUT: &'static TypeLayout =
            &TypeLayout::of::<Chain>("Chain", Kind::TupleStruct).with_storage(Storage::OwnsHeap);
        fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
            visitor.field(0, "0", &self.0);
        }
    }

    fn chain(links: usize) -> Chain {
        (0..links).fold(Chain(None), |next, _| Chain(Some(Box::new(next))))
    }

    #[test]
    fn deferred_work_inside_summarised_elements_folds_once_complete() {
        let deep = 4 * STACK_LIMIT;
        let chains = vec![chain(3), chain(deep), chain(deep / 2), chain(1)];
        let options = ReportOptions::default().max_children(1);
        let report = chains.layout_report_with(&options);
        assert_eq!(report.totals(), crate::totals(&chains));
        let summary_node = report.find("[1..4]").unwrap();
        let summary = summary_node.summary().unwrap();
        assert_eq!(summary.count, 3);
        assert_eq!(
            (summary.min.allocations, summary.max.allocations),
            (1, deep)
        );
        assert_eq!(summary.max.heap_bytes, deep * size_of::<Chain>());
        assert_eq!(summary_node.allocations(), deep + deep / 2 + 1);
        assert_eq!(summary_node.totals().max_indirection, deep + 1);
    }

    /// The summary's least and greatest figures equal those of each folded element's own
    /// totals (at one pointer hop further), whichever way the fold took: plain elements, ones
    /// with padding or tables (partly reclaimable), with empty allocations, with estimates.
    #[test]
    fn summary_extremes_equal_each_folded_elements_own_figures() {
        use std::collections::{BTreeMap, HashMap};
        type Element = (
            String,
            Vec<(u8, u32)>,
            Option<BTreeMap<u32, u32>>,
            HashMap<u8, u8>,
        );
        let elements: Vec<Element> = (0..40usize)
            .map(|i| {
                let text = match i % 5 {
                    0 => String::with_capacity(i),
                    1 => String::new(),
                    _ => "x".repeat(i),
                };
                let pairs = if i % 3 == 0 {
                    vec![(1, 2); i % 7]
                } else {
                    Vec::new()
                };
                let tree = (i % 4 == 0).then(|| (0..i as u32).map(|k| (k, k)).collect());
                let map = if i % 6 == 0 {
                    (0..i as u8).map(|k| (k, k)).collect()
                } else {
                    HashMap::new()
                };
                (text, pairs, tree, map)
            })
            .collect();
        for shown in [0, 3, 8] {
            let options = ReportOptions::default().max_children(shown);
            let report = elements.layout_report_with(&options);
            assert_eq!(report.totals(), crate::totals(&elements));
            let summary = report.nodes().find_map(|n| n.summary().cloned()).unwrap();
            let folded: Vec<_> = elements[shown..]
                .iter()
                .map(|e| {
                    let mut t = crate::totals(e);
                    // One hop further inside the vector.
                    t.max_indirection += usize::from(t.max_indirection > 0);
                    t
                })
                .collect();
            macro_rules! check {
                ($($f:ident),*) => {$(
                    let min = folded.iter().map(|t| t.$f).min().unwrap();
                    let max = folded.iter().map(|t| t.$f).max().unwrap();
                    assert_eq!((summary.min.$f, summary.max.$f), (min, max), stringify!($f));
                )*};
            }
            check!(
                inline_bytes,
                inline_padding,
                heap_bytes,
                heap_bytes_low,
                heap_bytes_high,
                heap_used,
                unused_capacity,
                reclaimable,
                heap_padding,
                allocations,
                max_indirection,
                shared_bytes,
                shared_allocations,
                unreadable,
                resources
            );
            let exact = folded.iter().all(|t| t.is_exact);
            assert_eq!((summary.min.is_exact, summary.max.is_exact), (exact, exact));
            assert_eq!(summary.count, elements.len() - shown);
        }
    }

    #[repr(C, packed)]
    struct Packed {
        tag: u8,
        name: String,
    }

    impl Layout for Packed {
        const LAYOUT: &'static TypeLayout = &TypeLayout {
            fields: &[
                Field {
                    name: "tag",
                    type_name: "u8",
                    offset: offset_of!(Packed, tag),
                    size: 1,
                    align: 1,
                    storage: Storage::Inline,
                    layout: crate::layout_of::<u8>,
                },
                Field {
                    name: "name",
                    type_name: "String",
                    offset: offset_of!(Packed, name),
                    size: size_of::<String>(),
                    align: align_of::<String>(),
                    storage: Storage::OwnsHeap,
                    layout: crate::layout_of::<String>,
                },
            ],
            ..TypeLayout::of::<Packed>("Packed", Kind::Struct)
        };
        fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
            // SAFETY: a bitwise copy of an initialised field; the visitor never drops it.
            let name = unsafe { core::ptr::read_unaligned(core::ptr::addr_of!(self.name)) };
            visitor.packed_field(1, "name", ManuallyDrop::new(name));
        }
    }

    #[test]
    fn packed_fields_and_guards_are_read_without_moving_or_dropping() {
        let packed = RefCell::new(Packed {
            tag: 1,
            name: "packed".repeat(3),
        });
        let report = packed.layout_report();
        let name = report.find(".borrow().name").unwrap();
        assert_eq!(name.offset(), Some(offset_of!(Packed, name)));
        assert_eq!(name.heap_bytes(), 18);
        assert_eq!(report.totals(), crate::totals(&packed));
        // The copy was not dropped: the string is still intact.
        let inner = packed.borrow();
        // SAFETY: a bitwise copy wrapped in `ManuallyDrop` right away, so nothing is freed twice.
        let name = unsafe { core::ptr::read_unaligned(core::ptr::addr_of!(inner.name)) };
        let name = ManuallyDrop::new(name);
        assert_eq!(name.as_str(), "packedpackedpacked");
        assert_eq!(inner.tag, 1);
    }
}
