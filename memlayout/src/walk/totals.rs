//! The totals-only walk: root figures without building a tree.
//!
//! It recurses through monomorphised `visit` calls (fast), and once it has used
//! [`TALLY_STACK_BYTES`] of machine stack it defers the rest of a part to an explicit work list,
//! so a million-node `Box` chain needs no more stack than a short one.
//!
//! [`TALLY_STACK_BYTES`]: crate::walk::stack::TALLY_STACK_BYTES

use alloc::{boxed::Box, vec::Vec};
use core::mem::ManuallyDrop;
use core::ops::Deref;

use crate::layout::Layout;
use crate::report::Totals;
use crate::visit::{BlockFromEntries, Exactness, HeapBlock, Shared, Visitor};
use crate::walk::hold::KeepAlive;
use crate::walk::shared_seen::SharedSeen;
use crate::walk::stack::{stack_mark, within_budget};
use crate::walk::target::{through_references, AtRoot};

/// Heap bytes a value owns: what the global allocator was asked for on its behalf
/// (shared `Rc`/`Arc` allocations once each). Builds no tree.
///
/// The same figure as [`totals`]`(value).heap_bytes`, from a walk that adds up nothing else.
/// A reference at the root is looked through: `heap_bytes(&&v)` is `heap_bytes(&v)` (a
/// reference owns nothing itself; one met inside the value is borrowed and not counted).
///
/// ```
/// use core::mem::size_of;
///
/// let v: Vec<String> = vec!["ab".to_string(), String::with_capacity(10)];
/// assert_eq!(memlayout::heap_bytes(&v), 2 * size_of::<String>() + 2 + 10);
/// let by_ref: &Vec<String> = &v;
/// assert_eq!(memlayout::heap_bytes(&by_ref), memlayout::heap_bytes(&v));
/// ```
#[inline]
pub fn heap_bytes<T: Layout + ?Sized>(value: &T) -> usize {
    #[derive(Clone, Copy)]
    struct Walk;
    impl AtRoot for Walk {
        type Output = usize;
        fn call<T: Layout + ?Sized>(self, value: &T) -> usize {
            let mut tally = Tally::<HeapBytes>::new();
            tally.root(value);
            tally.finish().bytes
        }
    }
    through_references(value, Walk)
}

/// All root figures of a value, without building a report tree.
///
/// A reference at the root is looked through, as by [`heap_bytes`]: the figures (inline bytes
/// included) are its target's.
///
/// ```
/// use core::mem::size_of;
///
/// let t = memlayout::totals(&Box::new(7u64));
/// assert_eq!((t.inline_bytes, t.heap_bytes, t.allocations), (size_of::<Box<u64>>(), 8, 1));
/// let v = vec![1u32; 4];
/// let by_ref = &v;
/// assert_eq!(memlayout::totals(&by_ref), memlayout::totals(&v));
/// ```
pub fn totals<T: Layout + ?Sized>(value: &T) -> Totals {
    #[derive(Clone, Copy)]
    struct Walk;
    impl AtRoot for Walk {
        type Output = Totals;
        fn call<T: Layout + ?Sized>(self, value: &T) -> Totals {
            let mut tally = Tally::<Sums>::new();
            tally.root(value);
            tally
                .finish()
                .into_totals(core::mem::size_of_val(value), T::LAYOUT.padding_bytes)
        }
    }
    through_references(value, Walk)
}

/// What a tally adds up as the walk meets heap blocks. The walk is the same for every sum;
/// a sum that keeps fewer figures makes the per-element work smaller.
pub(super) trait Sum {
    /// Whether the sum reads indirection depths: walks for sums that do not skip tracking them.
    const TRACKS_HOPS: bool;
    /// A heap block owned at indirection depth `hop`.
    fn block(&mut self, block: &HeapBlock, hop: usize);
    /// Heap reached `depth` hops from the root (see [`Visitor::reaches`]); `exact`: false when
    /// `depth` is only a lower bound (see [`Visitor::reaches_at_least`]).
    fn reach(&mut self, depth: usize, exact: bool);
    /// A shared allocation met for the first time (after [`Sum::block`] for it).
    fn shared(&mut self, block: &HeapBlock);
    /// A part that could not be read.
    fn unreadable(&mut self);
    /// An operating-system resource.
    fn resource(&mut self);
    /// The sum so far, leaving an empty one in its place (see [`Tally::descend_entries`]).
    fn take(&mut self) -> Self;
}

/// Heap bytes only: what [`heap_bytes`] returns.
#[derive(Default)]
struct HeapBytes {
    bytes: usize,
}

impl Sum for HeapBytes {
    const TRACKS_HOPS: bool = false;
    #[inline]
    fn block(&mut self, block: &HeapBlock, _hop: usize) {
        self.bytes += block.bytes;
    }
    fn reach(&mut self, _depth: usize, _exact: bool) {}
    fn shared(&mut self, _block: &HeapBlock) {}
    fn unreadable(&mut self) {}
    fn resource(&mut self) {}
    #[inline(always)]
    fn take(&mut self) -> Self {
        core::mem::take(self)
    }
}

/// The running sums behind [`Totals`], kept small for the per-block work: the bounds and
/// unused capacity are derived once at the end instead of updated per block.
#[derive(Default)]
pub(super) struct Sums {
    heap_bytes: usize,
    /// Over estimated blocks only: their best estimates, lower and upper bounds.
    estimated: usize,
    estimated_low: usize,
    estimated_high: usize,
    has_estimates: bool,
    used: usize,
    /// `used - bytes` summed over blocks claiming more use than bytes (none should): keeps
    /// `unused_capacity` the sum of each block's `saturating_sub`.
    overused: usize,
    reclaimable: usize,
    padding: usize,
    allocations: usize,
    max_indirection: usize,
    /// Whether some part's depth was only a lower bound.
    shallow: bool,
    shared_bytes: usize,
    shared_allocations: usize,
    unreadable: usize,
    resources: usize,
}

impl Sum for Sums {
    const TRACKS_HOPS: bool = true;
    #[inline]
    fn block(&mut self, block: &HeapBlock, hop: usize) {
        self.heap_bytes += block.bytes;
        if let Exactness::Estimate { low, high } = block.exactness {
            self.estimated += block.bytes;
            self.estimated_low += low;
            self.estimated_high = self.estimated_high.saturating_add(high);
            self.has_estimates = true;
        }
        self.used += block.used;
        self.overused += block.used.saturating_sub(block.bytes);
        self.reclaimable += block.reclaimable;
        self.padding += block.padding;
        self.allocations += block.allocations;
        if block.allocations > 0 {
            self.max_indirection = self.max_indirection.max(hop + 1);
        }
    }

    fn reach(&mut self, depth: usize, exact: bool) {
        self.max_indirection = self.max_indirection.max(depth);
        self.shallow |= !exact;
    }

    fn shared(&mut self, block: &HeapBlock) {
        self.shared_bytes += block.bytes;
        self.shared_allocations += 1;
    }

    fn unreadable(&mut self) {
        self.unreadable += 1;
    }

    fn resource(&mut self) {
        self.resources += 1;
    }

    #[inline(always)]
    fn take(&mut self) -> Self {
        core::mem::take(self)
    }
}

impl Sums {
    pub(super) fn into_totals(self, inline_bytes: usize, inline_padding: usize) -> Totals {
        let exact_bytes = self.heap_bytes - self.estimated;
        Totals {
            inline_bytes,
            inline_padding,
            heap_bytes: self.heap_bytes,
            heap_bytes_low: exact_bytes + self.estimated_low,
            // Unreadable parts may own any amount of heap memory: no upper bound is known.
            heap_bytes_high: if self.unreadable > 0 {
                usize::MAX
            } else {
                exact_bytes.saturating_add(self.estimated_high)
            },
            heap_used: self.used,
            unused_capacity: self.heap_bytes + self.overused - self.used,
            reclaimable: self.reclaimable,
            heap_padding: self.padding,
            allocations: self.allocations,
            max_indirection: self.max_indirection,
            shared_bytes: self.shared_bytes,
            shared_allocations: self.shared_allocations,
            unreadable: self.unreadable,
            resources: self.resources,
            is_exact: !self.has_estimates && self.unreadable == 0,
            indirection_is_exact: !self.shallow && self.unreadable == 0,
        }
    }
}

type Deferred<'a, S> = Box<dyn FnOnce(&mut Tally<'a, S>) + 'a>;

/// The totals-only visitor, adding up into `S`.
pub(super) struct Tally<'a, S> {
    sum: S,
    /// Indirection depth of the part being visited.
    hop: usize,
    /// [`stack_mark`] where the walk (or the deferred work now running) began.
    stack_mark: usize,
    /// Whether the value being visited has reported a heap block (its elements live there).
    in_heap: bool,
    /// The state only deep, shared or guarded values need, made on first use: a walk of a
    /// `Vec<u64>` then creates and drops nothing but the sum.
    spill: Option<Box<Spill<'a, S>>>,
}

/// Work deferred past [`TALLY_STACK_BYTES`], shared allocations seen, guards and copies held.
///
/// [`TALLY_STACK_BYTES`]: crate::walk::stack::TALLY_STACK_BYTES
struct Spill<'a, S> {
    deferred: Vec<Deferred<'a, S>>,
    shared_seen: SharedSeen,
    held: KeepAlive<'a>,
}

impl<'a, S: Sum + Default + 'a> Tally<'a, S> {
    #[inline]
    fn new() -> Self {
        Tally::with_sum(S::default())
    }
}

impl<'a, S: Sum + 'a> Tally<'a, S> {
    /// A walk adding up into `sum`.
    #[inline]
    pub(super) fn with_sum(sum: S) -> Self {
        Tally {
            sum,
            hop: 0,
            stack_mark: stack_mark(),
            in_heap: false,
            spill: None,
        }
    }

    fn spill(&mut self) -> &mut Spill<'a, S> {
        self.spill.get_or_insert_with(|| {
            Box::new(Spill {
                deferred: Vec::new(),
                shared_seen: SharedSeen::default(),
                held: KeepAlive::new(),
            })
        })
    }

    #[inline]
    pub(super) fn finish(mut self) -> S {
        if self.spill.is_some() {
            self.run_deferred();
        }
        self.sum
    }

    /// Runs the work deferred past [`TALLY_STACK_BYTES`], last deferred first, until none is
    /// left.
    ///
    /// [`TALLY_STACK_BYTES`]: crate::walk::stack::TALLY_STACK_BYTES
    #[inline(never)]
    fn run_deferred(&mut self) {
        // The stack is unwound to here: deferred work starts with the whole budget.
        self.stack_mark = stack_mark();
        while let Some(work) = self.spill().deferred.pop() {
            work(self);
        }
    }

    /// Whether a nested visit may still recurse on the machine stack.
    #[inline(always)]
    fn has_stack(&self) -> bool {
        within_budget(self.stack_mark)
    }

    /// Visits the root value: the walk starts with its whole stack budget, nothing to check.
    #[inline(always)]
    pub(super) fn root<T: Layout + ?Sized>(&mut self, value: &'a T) {
        if !T::IS_LEAF {
            self.run(value, 0);
        }
    }

    /// Visits `value` at indirection depth `hop`, on the stack or deferred.
    #[inline(always)]
    fn descend<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        if T::IS_LEAF {
            return;
        }
        if !self.has_stack() {
            self.defer(value, hop);
            return;
        }
        self.run(value, hop);
    }

    /// Leaves `value` to the work list. Out of line and cold, so the frames of the recursive
    /// path stay small.
    #[cold]
    #[inline(never)]
    fn defer<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        self.spill()
            .deferred
            .push(Box::new(move |tally: &mut Self| tally.run(value, hop)));
    }

    /// Visits each of `items` at depth `hop`: one stack check for the whole run, and past the
    /// limit one deferred piece of work for all of them.
    #[inline]
    fn descend_all<T: Layout>(&mut self, items: &'a [T], hop: usize) {
        if !self.has_stack() {
            self.defer_all(items, hop);
            return;
        }
        // Each item's visit starts from this frame: one check serves them all.
        for item in items {
            self.run(item, hop);
        }
    }

    /// Leaves `items` to the work list, as one piece of work. Out of line and cold, as
    /// [`Tally::defer`].
    #[cold]
    #[inline(never)]
    fn defer_all<T: Layout>(&mut self, items: &'a [T], hop: usize) {
        self.spill()
            .deferred
            .push(Box::new(move |tally: &mut Self| {
                for item in items {
                    tally.descend(item, hop);
                }
            }));
    }

    /// Visits each entry at depth `hop` (one stack check for the run, as [`Tally::descend_all`]),
    /// after `note` has shown it to `notes`; returns `notes`.
    ///
    /// `notes` (a block noting its entries) goes through the loop by value, as the fold's
    /// accumulator: the optimiser keeps it in registers, where state reached through a
    /// reference is stored to memory on every entry.
    #[inline(always)]
    fn descend_entries<K, W, I, N>(
        &mut self,
        entries: I,
        hop: usize,
        notes: N,
        note: impl Fn(&mut N, &K, &W),
    ) -> N
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            return entries.fold(notes, |mut notes, (key, value)| {
                note(&mut notes, key, value);
                notes
            });
        }
        if !self.has_stack() {
            let mut notes = notes;
            let entries: Vec<(&'a K, &'a W)> = entries
                .inspect(|&(key, value)| note(&mut notes, key, value))
                .collect();
            self.spill()
                .deferred
                .push(Box::new(move |tally: &mut Self| {
                    for (key, value) in entries {
                        tally.descend(key, hop);
                        tally.descend(value, hop);
                    }
                }));
            return notes;
        }
        // The loop adds up into a tally of its own, a local: unless an entry's walk hands it to
        // a function left out of line (only cold paths do), the optimiser keeps its sum in a
        // register instead of storing it through `self` on every entry.
        let mut local = self.detach();
        // A fold, not a `for` loop: it runs the iterator's own `fold`, which for a hash table
        // walks each control group's full buckets in an inner loop (fewer instructions per
        // entry than `next`).
        let notes = entries.fold(notes, |mut notes, (key, value)| {
            note(&mut notes, key, value);
            if !K::IS_LEAF {
                local.run(key, hop);
            }
            if !W::IS_LEAF {
                local.run(value, hop);
            }
            notes
        });
        self.attach(local);
        notes
    }

    /// A tally to run a loop over many parts in: this one's sums and work moved into a local,
    /// which the optimiser can keep in registers (state reached through `self` is stored to
    /// memory on every turn). [`Tally::attach`] moves them back.
    #[inline(always)]
    fn detach(&mut self) -> Self {
        Tally {
            sum: self.sum.take(),
            hop: self.hop,
            stack_mark: self.stack_mark,
            in_heap: self.in_heap,
            spill: self.spill.take(),
        }
    }

    /// Takes back the sums and work of a tally from [`Tally::detach`].
    #[inline(always)]
    fn attach(&mut self, local: Self) {
        (self.sum, self.spill) = (local.sum, local.spill);
    }

    #[inline(always)]
    fn run<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        if !S::TRACKS_HOPS {
            value.visit(self);
            return;
        }
        let saved = (self.hop, self.in_heap);
        self.hop = hop;
        self.in_heap = false;
        value.visit(self);
        (self.hop, self.in_heap) = saved;
    }
}

impl<'a, S: Sum + 'a> Visitor<'a> for Tally<'a, S> {
    /// Inline fields are visited without a stack check: a value nests inline only as deep as
    /// its type is declared (a type cannot contain itself without a pointer), and every part
    /// reached through a pointer or a heap block is checked.
    #[inline(always)]
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        if !T::IS_LEAF {
            self.run(value, self.hop);
        }
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
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let copy = unsafe { self.spill().held.copy(copy) };
        self.descend(copy, self.hop);
    }

    fn measured(&mut self, _index: usize, _name: &'static str, heap: HeapBlock) {
        self.sum.block(&heap, self.hop);
    }

    #[inline]
    fn variant(&mut self, _index: usize, _name: &'static str) {}

    #[inline]
    fn heap(&mut self, block: HeapBlock) {
        self.sum.block(&block, self.hop);
        if S::TRACKS_HOPS {
            self.in_heap = true;
        }
    }

    #[inline]
    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF || items.is_empty() {
            return;
        }
        let hop = self.hop + usize::from(self.in_heap);
        self.descend_all(items, hop);
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
        self.descend_entries(entries, hop, (), |_, _, _| {});
    }

    /// One pass: each entry is noted for the block and visited, then the block is added (a sum
    /// does not care that it comes after its entries).
    #[inline]
    fn heap_with_entries<K, W, I, B>(&mut self, _len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        // The entries live in the block: one hop below the value.
        let block = self.descend_entries(entries, self.hop + 1, block, |block, key, value| {
            block.entry(key, value)
        });
        self.heap(block.block());
    }

    /// In order, as [`Tally::heap_with_entries`]: one chain of loads, but fewer instructions
    /// than taking entries from both ends (each end checks its own state on every entry, and a
    /// B-tree's node count joins two scans), and a fold, which keeps the block's notes in
    /// registers. Written out for its `#[inline]`: the trait's default makes the same call, and
    /// measured 1% more instructions on a B-tree.
    #[inline]
    fn heap_with_double_ended_entries<K, W, I, B>(&mut self, len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: DoubleEndedIterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        self.heap_with_entries(len, entries, block);
    }

    /// The last of the `links` blocks is `links` hops away: the block counts at the depth of
    /// its deepest allocation.
    #[inline]
    fn linked_heap(&mut self, block: HeapBlock, links: usize) {
        self.sum.block(&block, self.hop + links.saturating_sub(1));
    }

    fn reaches(&mut self, hops: usize) {
        self.sum.reach(self.hop + hops, true);
    }

    fn reaches_at_least(&mut self, hops: usize) {
        self.sum.reach(self.hop + hops, false);
    }

    /// Linked node `index` sits `index` hops below the value (a `Box`, `None`, at none).
    #[inline(always)]
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        let hop = self.hop + index.unwrap_or(0);
        self.sum.block(&block, hop);
        self.descend(contents, hop + 1);
    }

    #[inline]
    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let (first, contents) = self.spill().shared_seen.meet(&shared);
        if first {
            self.sum.block(&shared.block, self.hop);
            self.sum.shared(&shared.block);
        }
        if let Some(contents) = contents {
            self.descend(contents, self.hop + 1);
        }
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if T::IS_LEAF {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let contents = unsafe { self.spill().held.guard(guard) };
        self.descend(contents, self.hop);
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.sum.unreadable();
    }

    fn resource(&mut self, _release: &'static str) {
        self.sum.resource();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Kind, TypeLayout};

    /// A value nested through a `Vec` at every level: its walk recurses for real (no chain of
    /// tail calls to turn into a loop), in release builds too.
    struct Deep {
        children: Vec<Deep>,
    }

    impl Layout for Deep {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Deep>("Deep", Kind::Struct);
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            v.field(0, "children", &self.children);
        }
    }

    /// Past [`TALLY_STACK_BYTES`] the walk defers, and deferred work gives the same figures: a
    /// value nested 200,000 levels deep (a few MiB of frames if walked recursively, even
    /// optimised) is measured on a 256 KiB thread.
    #[test]
    fn deep_values_defer_past_the_stack_budget() {
        let levels = if cfg!(miri) { 300 } else { 200_000 };
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || {
                let mut root = Deep { children: vec![] };
                let mut expected = 0;
                for _ in 0..levels {
                    // `vec![x]` allocates exactly one element.
                    root = Deep {
                        children: vec![root],
                    };
                    expected += root.children.capacity() * core::mem::size_of::<Deep>();
                }
                let t = totals(&root);
                let figures = (heap_bytes(&root), t.heap_bytes, t.allocations);
                // Dropped level by level: drop glue would recurse.
                let mut next = root.children.pop();
                while let Some(mut node) = next {
                    next = node.children.pop();
                }
                assert_eq!(figures, (expected, expected, levels));
                assert_eq!(t.max_indirection, levels);
            })
            .expect("spawn")
            .join()
            .expect("a deep value is walked on a 256 KiB thread");
    }
}
