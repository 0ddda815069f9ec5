//! The drop-order walk: a [`Visitor`] that records every step `drop(value)` performs, into a
//! [`DropOrder`].
//!
//! [`Visitor`]: crate::Visitor

mod dead_weak;
mod leak;

use alloc::{boxed::Box, string::String, vec::Vec};
use dead_weak::DeadWeak;
use leak::{address_of, frees, may_own, KeptAlive, LeakScan};

/// Longest map key shown in a path, in bytes.
const MAX_KEY_LEN: usize = 40;
#[cfg(test)]
mod tests;
mod visitor;

use alloc::collections::VecDeque;
use core::fmt;

use crate::collections::Map;
use crate::drop::{to_u32, DropAction, DropOptions, DropOrder, Part, Paths, Run, Step, ROOT};
use crate::layout::{Kind, Layout, TypeLayout};
use crate::visit::{HeapBlock, Shared};
use crate::walk::hold::KeepAlive;
use crate::walk::stack::STACK_LIMIT;

/// Drop order for any [`Layout`] value: `value.drop_order()`.
///
/// ```
/// use memlayout::DropOrderExt;
///
/// let names = vec![String::from("ab"), String::new()];
/// let order = names.drop_order();
/// // `String::new()` owns no buffer, so it frees nothing and has no step.
/// let paths: Vec<String> = order.steps().map(|s| s.path()).collect();
/// assert_eq!(paths, ["[0]", ""]);
/// ```
///
/// A derived type with its own `Drop` impl runs it first, then drops its fields in
/// declaration order:
///
/// ```
/// use std::collections::HashMap;
/// use memlayout::{DropAction, DropOrderExt, Layout};
///
/// #[derive(Layout)]
/// struct Student {
///     name: String,
///     scores: HashMap<String, u32>,
/// }
///
/// impl Drop for Student {
///     fn drop(&mut self) {}
/// }
///
/// let student = Student {
///     name: String::from("Ada"),
///     scores: HashMap::from([(String::from("math"), 90)]),
/// };
/// let order = student.drop_order();
/// let steps: Vec<(String, DropAction)> = order.steps().map(|s| (s.path(), s.action())).collect();
/// assert_eq!(steps[0], (String::new(), DropAction::RunsDropImpl));
/// assert_eq!(steps[1].0, ".name");
/// assert_eq!(steps[2].0, r#".scores["math"].key"#);
/// assert_eq!(steps[3].0, ".scores"); // the table, after its entries
/// println!("{order}");
/// ```
pub trait DropOrderExt: Layout {
    /// Every step `drop(value)` performs, with the default [`DropOptions`].
    fn drop_order(&self) -> DropOrder {
        self.drop_order_with(DropOptions::new())
    }

    /// Every step `drop(value)` performs, with `options`.
    fn drop_order_with(&self, options: DropOptions) -> DropOrder {
        DropWalk::new(options).run(self)
    }
}

impl<T: Layout + ?Sized> DropOrderExt for T {}

/// How a part's path extends its parent's.
enum Seg<'s> {
    /// The value itself.
    Root,
    /// `.name`, or `.Variant.name` / `.Variant` after
    /// [`Visitor::variant`](crate::Visitor::variant).
    Field(&'static str),
    /// `[i]`
    Index(usize),
    /// `[start..end]`: elements with nothing to drop, as one no-op step.
    Range(usize, usize),
    /// `[..]`: entries with nothing to drop, as one no-op step.
    AllEntries,
    /// `.*`
    Deref,
    /// A cell's contents, through the guard that reads them: `.borrow()`, `.lock()`.
    Guard(&'static str),
    /// `[key]`: a map's entry or a set's item, with `#i` (the entry's position) for a key
    /// without a short form.
    Entry {
        key: &'s dyn Fn(&mut String) -> bool,
        entry: usize,
    },
    /// `.key` or `.value` (`part`) below the map entry whose path node is `entry`.
    EntryPart { entry: u32, part: &'static str },
}

/// Counts the elements of a run and remembers where its hidden middle starts and ends.
struct RunTracker {
    head: usize,
    tail: usize,
    enabled: bool,
    count: usize,
    hidden_start: usize,
    /// Step indices where the last `tail` elements started.
    recent: VecDeque<usize>,
}

impl RunTracker {
    fn new(options: &DropOptions) -> Self {
        let (head, tail) = options.elide.unwrap_or((0, 0));
        RunTracker {
            head,
            tail,
            enabled: options.elide.is_some(),
            count: 0,
            hidden_start: 0,
            recent: VecDeque::new(),
        }
    }

    /// Element number `self.count` starts at step `at`.
    fn start(&mut self, at: usize) {
        if self.enabled && self.count >= self.head {
            if self.count == self.head {
                self.hidden_start = at;
            }
            if self.tail > 0 {
                if self.recent.len() == self.tail {
                    self.recent.pop_front();
                }
                self.recent.push_back(at);
            }
        }
        self.count += 1;
    }

    fn finish(self, walk: &mut DropWalk<'_>) {
        if !self.enabled || self.count <= self.head + self.tail {
            return;
        }
        let end = self.recent.front().copied().unwrap_or(walk.steps.len());
        if end > self.hidden_start {
            walk.runs.push(Run {
                start: self.hidden_start,
                end,
                elements: self.count - self.head - self.tail,
                depth: walk.frames.len(),
            });
        }
    }
}

/// A value being dropped: one level of drop-glue recursion.
struct Frame {
    layout: &'static TypeLayout,
    node: u32,
    /// The value's address (0 when unknown): what [`DropStep::address`] gives for its steps.
    ///
    /// [`DropStep::address`]: crate::drop::DropStep::address
    addr: usize,
    /// Whether this value or one enclosing it runs its own `Drop::drop` before its parts are
    /// dropped (which may release parts the drop glue leaves alone).
    under_drop_impl: bool,
    /// The active variant's index in `layout.variants`, after
    /// [`Visitor::variant`](crate::Visitor::variant).
    variant: Option<u32>,
    /// Numbering for the next [`Visitor::elements`](crate::Visitor::elements) call (a
    /// `VecDeque`'s second half).
    next_element: usize,
}

/// Reference counts of one shared allocation, as the walk drops its handles.
struct Count {
    strong: usize,
    weak: usize,
    /// The contents are being dropped: the strong handles' implicit weak reference still holds
    /// the allocation.
    dropping: bool,
}

type Work<'a> = Box<dyn FnOnce(&mut DropWalk<'a>) + 'a>;

/// Continuations of the explicit stack, run last-in first-out.
enum Task<'a> {
    /// The current value's parts are all dropped: free its heap blocks, leave it.
    EndFrame,
    Run(Work<'a>),
}

/// The drop-order visitor.
///
/// Up to [`STACK_LIMIT`] nested values it recurses through `visit` calls. Past that it
/// trampolines: a value's `visit` only records its parts as tasks (in order), which go on an
/// explicit stack above an `EndFrame` task, and the loop in [`DropWalk::descend`] runs them.
/// Any step that must follow a part's drop is pushed as a task below that part's tasks, so the
/// steps come out exactly in drop order at any depth.
struct DropWalk<'a> {
    options: DropOptions,
    steps: Vec<Step>,
    paths: Paths,
    runs: Vec<Run>,
    frames: Vec<Frame>,
    /// Heap blocks reported by the frame at the given index, freed when it ends.
    pending: Vec<(usize, HeapBlock)>,
    /// Runs of linked nodes (`boxed` with an index), per frame.
    node_runs: Vec<(usize, RunTracker)>,
    counts: Map<usize, Count>,
    /// Weak handles to allocations whose contents were dropped before the walk.
    dead_weaks: Map<usize, DeadWeak>,
    /// Weak handles the drop leaves in place, by allocation (see [`DropWalk::leaked`]).
    surviving_weak: Map<usize, usize>,
    tasks: Vec<Task<'a>>,
    /// While trampolining, the parts the current `visit` reports.
    recording: Option<Vec<Task<'a>>>,
    trampolining: bool,
    stack_depth: usize,
    max_depth: usize,
    variant_names: Vec<&'static str>,
    held: KeepAlive<'a>,
    /// Shared allocations a strong handle released without dropping them: scanned at the end
    /// for handles that keep each other alive.
    kept: Vec<KeptAlive<'a>>,
    /// What the values nothing drops (see [`DropWalk::forgets`]) own, and the strong handles
    /// they hold, which are never released.
    forgotten: LeakScan<'a>,
}

impl<'a> DropWalk<'a> {
    fn new(options: DropOptions) -> Self {
        DropWalk {
            options,
            steps: Vec::new(),
            paths: Paths::new(),
            runs: Vec::new(),
            frames: Vec::new(),
            pending: Vec::new(),
            node_runs: Vec::new(),
            counts: Map::new(),
            dead_weaks: Map::new(),
            surviving_weak: Map::new(),
            tasks: Vec::new(),
            recording: None,
            trampolining: false,
            stack_depth: 0,
            max_depth: 0,
            variant_names: Vec::new(),
            held: KeepAlive::new(),
            kept: Vec::new(),
            forgotten: LeakScan::new(),
        }
    }

    fn run<T: Layout + ?Sized>(mut self, value: &'a T) -> DropOrder {
        self.descend(Seg::Root, value);
        // The leak scan finds the weak handles the drop leaves in place, which settling needs.
        let leaked = self.leaked();
        self.settle_dead_weaks();
        let mut runs = core::mem::take(&mut self.runs);
        runs.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        DropOrder {
            root_type: (T::LAYOUT.type_name)(),
            inline_bytes: core::mem::size_of_val(value),
            steps: core::mem::take(&mut self.steps),
            paths: core::mem::replace(&mut self.paths, Paths::new()),
            runs,
            max_recursion_depth: self.max_depth,
            leaked,
            options: self.options,
        }
    }

    /// Runs `work` now, or records it while a trampolined `visit` reports its parts.
    fn act(&mut self, work: impl FnOnce(&mut Self) + 'a) {
        match &mut self.recording {
            Some(list) => list.push(Task::Run(Box::new(work))),
            None => work(self),
        }
    }

    /// Drops `value`: its own `Drop::drop`, its parts, its heap blocks.
    fn descend<T: Layout + ?Sized>(&mut self, seg: Seg<'_>, value: &'a T) {
        self.descend_at(seg, value, address_of(value));
    }

    /// Drops `value`, which sits at `addr` (elsewhere than `value` for a packed field's copy).
    fn descend_at<T: Layout + ?Sized>(&mut self, seg: Seg<'_>, value: &'a T, addr: usize) {
        if !T::LAYOUT.needs_drop {
            let forgets = if may_own::<T>() {
                self.forgets(value)
            } else {
                None
            };
            let type_name = (T::LAYOUT.type_name)();
            match forgets {
                Some(action) => self.child_step(seg, type_name, action, addr),
                None if self.options.include_no_ops => {
                    self.child_step(seg, type_name, DropAction::NoOp, addr)
                }
                None => {}
            }
            return;
        }
        if self.trampolining {
            self.enter::<T>(seg, addr);
            self.record_visit(value);
        } else if self.stack_depth < STACK_LIMIT {
            self.stack_depth += 1;
            self.enter::<T>(seg, addr);
            value.visit(self);
            self.end_frame();
            self.stack_depth -= 1;
        } else {
            self.trampolining = true;
            self.enter::<T>(seg, addr);
            self.record_visit(value);
            while let Some(task) = self.tasks.pop() {
                match task {
                    Task::EndFrame => self.end_frame(),
                    Task::Run(work) => work(self),
                }
            }
            self.trampolining = false;
        }
    }

    /// Drops `value`, then does `then` (in order, trampolining or not).
    fn descend_then<T: Layout + ?Sized>(
        &mut self,
        seg: Seg<'_>,
        value: &'a T,
        then: impl FnOnce(&mut Self) + 'a,
    ) {
        if self.trampolining {
            self.tasks.push(Task::Run(Box::new(then)));
            self.descend(seg, value);
        } else {
            self.descend(seg, value);
            then(self);
        }
    }

    fn record_visit<T: Layout + ?Sized>(&mut self, value: &'a T) {
        let outer = self.recording.replace(Vec::new());
        value.visit(self);
        let recorded = core::mem::replace(&mut self.recording, outer).unwrap_or_default();
        self.tasks.push(Task::EndFrame);
        self.tasks.extend(recorded.into_iter().rev());
    }

    /// Writes the segment `seg` below the current frame and returns its path node.
    fn child(&mut self, seg: Seg<'_>) -> u32 {
        let (parent, variant) = match self.frames.last() {
            Some(frame) => (frame.node, frame.variant.map(|v| (frame.layout, v))),
            None => (ROOT, None),
        };
        let names = &self.variant_names;
        match seg {
            Seg::Root => ROOT,
            Seg::Field(name) => self.paths.push(parent, |out| {
                if let Some((layout, v)) = variant {
                    let vname = layout
                        .variants
                        .get(v as usize)
                        .map(|var| var.name)
                        .or_else(|| {
                            names
                                .get((v as usize).wrapping_sub(layout.variants.len()))
                                .copied()
                        })
                        .unwrap_or("?");
                    out.push('.');
                    out.push_str(vname);
                }
                out.push('.');
                out.push_str(name);
            }),
            Seg::Index(i) => self.paths.push(parent, |out| {
                use fmt::Write;
                let _ = write!(out, "[{i}]");
            }),
            Seg::Range(start, end) => self.paths.push(parent, |out| {
                use fmt::Write;
                let _ = write!(out, "[{start}..{end}]");
            }),
            Seg::AllEntries => self.paths.push(parent, |out| out.push_str("[..]")),
            Seg::Deref => self.paths.push(parent, |out| out.push_str(".*")),
            Seg::Guard(label) => self.paths.push(parent, |out| out.push_str(label)),
            Seg::Entry { key, entry } => self.paths.push(parent, |out| {
                use fmt::Write;
                out.push('[');
                let start = out.len();
                if key(out) {
                    if out.len() - start > MAX_KEY_LEN {
                        let mut cut = start + MAX_KEY_LEN;
                        while !out.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        out.truncate(cut);
                        out.push('…');
                    }
                } else {
                    out.truncate(start);
                    let _ = write!(out, "#{entry}");
                }
                out.push(']');
            }),
            Seg::EntryPart { entry, part } => self.paths.push(entry, |out| out.push_str(part)),
        }
    }

    fn enter<T: Layout + ?Sized>(&mut self, seg: Seg<'_>, addr: usize) {
        let node = self.child(seg);
        let has_drop_impl = T::has_drop_impl();
        let under_drop_impl =
            has_drop_impl || self.frames.last().is_some_and(|f| f.under_drop_impl);
        self.frames.push(Frame {
            layout: T::LAYOUT,
            node,
            addr,
            under_drop_impl,
            variant: None,
            next_element: 0,
        });
        self.max_depth = self.max_depth.max(self.frames.len());
        if has_drop_impl {
            self.frame_step(DropAction::RunsDropImpl);
        } else if !T::is_drop_impl_known() {
            self.frame_step(DropAction::MayRunDropImpl);
        }
    }

    fn end_frame(&mut self) {
        let index = self.frames.len() - 1;
        let first = self
            .pending
            .iter()
            .rposition(|&(frame, _)| frame != index)
            .map_or(0, |p| p + 1);
        for k in first..self.pending.len() {
            let block = self.pending[k].1;
            if block.allocations > 0 {
                self.frame_step(frees(&block));
            }
        }
        self.pending.truncate(first);
        if matches!(self.node_runs.last(), Some(&(frame, _)) if frame == index) {
            if let Some((_, run)) = self.node_runs.pop() {
                run.finish(self);
            }
        }
        self.frames.pop();
    }

    /// A step of a part below the current frame that is not entered as a frame of its own; the
    /// part sits at `addr` (0 when unknown).
    fn child_step(
        &mut self,
        seg: Seg<'_>,
        type_name: &'static str,
        action: DropAction,
        addr: usize,
    ) {
        let node = self.child(seg);
        self.push_step(node, self.frames.len(), type_name, action, addr);
    }

    fn push_step(
        &mut self,
        node: u32,
        depth: usize,
        type_name: &'static str,
        action: DropAction,
        address: usize,
    ) {
        self.steps.push(Step {
            node,
            depth: to_u32(depth),
            type_name,
            action,
            part: Part::Value,
            address,
        });
    }

    /// A step of the current frame (the value being dropped).
    fn frame_step(&mut self, action: DropAction) {
        let depth = self.frames.len().saturating_sub(1);
        let (node, type_name, addr) = match self.frames.last() {
            Some(frame) => (frame.node, (frame.layout.type_name)(), frame.addr),
            None => (ROOT, "?", 0),
        };
        self.push_step(node, depth, type_name, action, addr);
    }

    /// Where field `index` (`name`) of the current value sits, from its static layout (a
    /// struct's field offsets); 0 when unknown (an enum variant's field, a hand-written impl
    /// without field metadata).
    fn field_address(&self, index: usize, name: &str) -> usize {
        let Some(frame) = self.frames.last() else {
            return 0;
        };
        match frame.layout.fields.get(index) {
            Some(field) if frame.variant.is_none() && field.name == name && frame.addr != 0 => {
                frame.addr + field.offset
            }
            _ => 0,
        }
    }

    /// The type, as the derive spelled it, of field `index` (`name`) of the current value or its
    /// active variant: what a measured field's step names.
    fn field_type_name(&self, index: usize, name: &str) -> Option<&'static str> {
        let frame = self.frames.last()?;
        match frame.variant {
            None => frame
                .layout
                .fields
                .get(index)
                .filter(|f| f.name == name)
                .map(|f| f.type_name),
            Some(slot) => frame
                .layout
                .variants
                .get(slot as usize)?
                .fields
                .get(index)
                .filter(|f| f.name == name)
                .map(|f| f.type_name),
        }
    }

    /// A value without drop glue that owns heap (`ManuallyDrop<String>`, or a struct holding
    /// one): nothing drops its parts, so what it owns stays allocated. Returns the
    /// [`DropAction::Forgets`] step's action and, unless a `Drop::drop` that ran above may
    /// release the parts itself, counts them as leaked. `None` when the value owns nothing after
    /// all (an empty `String`), which is then an ordinary no-op.
    fn forgets<T: Layout + ?Sized>(&mut self, value: &'a T) -> Option<DropAction> {
        let scan = &mut self.forgotten;
        let (owned, found, incomplete) = (scan.owned, scan.found.len(), scan.incomplete);
        let weak = scan.weak.len();
        scan.incomplete = false;
        scan.walk(value);
        let (bytes, allocations) = (scan.owned.0 - owned.0, scan.owned.1 - owned.1);
        let holds_handles = scan.found.len() > found || scan.weak.len() > weak;
        let owns_nothing = (bytes, allocations) == (0, 0) && !holds_handles;
        // A `Drop::drop` that ran above may release the parts itself (`ManuallyDrop::drop`):
        // what it does is not known, so they are not counted.
        let may_be_released = self.frames.last().is_some_and(|f| f.under_drop_impl);
        let scan = &mut self.forgotten;
        if owns_nothing || may_be_released {
            scan.owned = owned;
            scan.found.truncate(found);
            scan.weak.truncate(weak);
            scan.incomplete = incomplete;
        } else {
            scan.incomplete |= incomplete;
        }
        if owns_nothing {
            return None;
        }
        Some(DropAction::Forgets {
            bytes,
            allocations,
            may_be_released,
        })
    }

    fn each_element<T: Layout>(&mut self, items: &'a [T], base: usize, mut run: RunTracker) {
        if self.trampolining {
            // One element per task; the rest continue below the element's own tasks.
            let i = run.count;
            let Some(item) = items.get(i) else {
                run.finish(self);
                return;
            };
            run.start(self.steps.len());
            self.tasks
                .push(Task::Run(Box::new(move |w: &mut DropWalk<'a>| {
                    w.each_element(items, base, run)
                })));
            self.descend(Seg::Index(base + i), item);
        } else {
            for (i, item) in items.iter().enumerate() {
                run.start(self.steps.len());
                self.descend(Seg::Index(base + i), item);
            }
            run.finish(self);
        }
    }

    /// Drops entry `i`: its key, then (in a map) its value, in order whether trampolining or not.
    fn entry<K: Layout + ?Sized, W: Layout + ?Sized>(
        &mut self,
        i: usize,
        key: &'a K,
        value: &'a W,
        is_set: bool,
    ) {
        let write = |out: &mut String| key.write_key(out);
        let seg = Seg::Entry {
            key: &write,
            entry: i,
        };
        if is_set {
            self.descend(seg, key);
            return;
        }
        // The entry `(K, V)` drops as a tuple does: its key, then its value, each a path segment
        // of its own below the entry's, as in a report.
        let entry = self.child(seg);
        let part = move |part| Seg::EntryPart { entry, part };
        self.descend_then(part(".key"), key, move |w| w.descend(part(".value"), value));
    }

    /// Trampolined entries: one entry per task, key then value.
    fn each_entry<K: Layout + ?Sized, W: Layout + ?Sized>(
        &mut self,
        list: Vec<(&'a K, &'a W)>,
        mut run: RunTracker,
        is_set: bool,
    ) {
        let i = run.count;
        let Some(&(key, value)) = list.get(i) else {
            run.finish(self);
            return;
        };
        run.start(self.steps.len());
        self.tasks
            .push(Task::Run(Box::new(move |w: &mut DropWalk<'a>| {
                w.each_entry(list, run, is_set)
            })));
        self.entry(i, key, value, is_set);
    }

    fn node_run_start(&mut self) {
        let index = self.frames.len().saturating_sub(1);
        if !matches!(self.node_runs.last(), Some(&(frame, _)) if frame == index) {
            self.node_runs.push((index, RunTracker::new(&self.options)));
        }
        let at = self.steps.len();
        if let Some((_, run)) = self.node_runs.last_mut() {
            run.start(at);
        }
    }

    /// Frees the allocation of box contents (`contents` names their type, `addr` is where they
    /// sit).
    fn free_boxed(
        &mut self,
        index: Option<usize>,
        block: HeapBlock,
        contents: &'static str,
        addr: usize,
    ) {
        if block.allocations == 0 {
            return;
        }
        let owner = self.frames.last().map(|f| f.layout);
        let (seg, type_name, part) = match index {
            // A `Box` frees its own allocation: a step of the box.
            None if owner.is_none_or(|l| l.kind == Kind::Pointer) => {
                return self.frame_step(frees(&block));
            }
            // Another value freeing a box it holds (`io::Error`'s boxed error): a step of the
            // box, at the contents' path.
            None => (Seg::Deref, contents, Part::BoxOf),
            Some(i) => (
                Seg::Index(i),
                owner.map_or("?", |l| (l.type_name)()),
                Part::ListNode,
            ),
        };
        self.child_step(seg, type_name, frees(&block), addr);
        if let Some(step) = self.steps.last_mut() {
            step.part = part;
        }
    }

    fn release_handle<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        if shared.block.allocations == 0 {
            // `Weak::new()`: no allocation behind it.
            return;
        }
        if shared.is_weak && shared.strong == 0 {
            // Contents dropped before the walk: the weak count is not reported.
            return self.release_dead_weak(shared.address, shared.block.bytes);
        }
        let count = self.counts.entry(shared.address).or_insert(Count {
            strong: shared.strong,
            weak: shared.weak,
            dropping: false,
        });
        if shared.is_weak {
            count.weak = count.weak.saturating_sub(1);
            let to = count.weak;
            let frees_now = to == 0 && count.strong == 0 && !count.dropping;
            self.frame_step(DropAction::DecrementsWeak { to });
            if frees_now {
                self.frame_step(DropAction::FreesShared {
                    bytes: shared.block.bytes,
                });
            }
            return;
        }
        if count.strong == 0 {
            // Counts that disagree with the handles met (an `Arc` changed by another thread
            // meanwhile): the contents were already dropped once, never twice.
            self.frame_step(DropAction::DecrementsStrong { to: 0 });
            return;
        }
        count.strong -= 1;
        let to = count.strong;
        if to > 0 {
            self.frame_step(DropAction::DecrementsStrong { to });
            if let Some(contents) = shared.contents {
                self.kept.push(KeptAlive {
                    address: shared.address,
                    bytes: shared.block.bytes,
                    scan: Box::new(move |scan: &mut LeakScan<'a>| scan.walk(contents)),
                });
            }
            return;
        }
        count.dropping = true;
        self.frame_step(DropAction::DecrementsStrong { to });
        let address = shared.address;
        let bytes = shared.block.bytes;
        let after = move |w: &mut DropWalk<'a>| {
            if let Some(count) = w.counts.get_mut(&address) {
                count.dropping = false;
                if count.weak == 0 {
                    w.frame_step(DropAction::FreesShared { bytes });
                }
            }
        };
        match shared.contents {
            Some(contents) => {
                if T::LAYOUT.needs_drop || self.options.include_no_ops {
                    self.frame_step(DropAction::DropsSharedContents);
                }
                self.descend_then(Seg::Deref, contents, after);
            }
            None => after(self),
        }
    }
}
