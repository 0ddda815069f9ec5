//! The folded-stacks walk: every heap byte of a value, every element included, added up by
//! field path for flame graphs.
//!
//! The report walk summarises large collections (their elements' figures only add up), so its
//! [`Report::folded`](crate::Report::folded) output puts a summary's bytes on the `[*]` frame
//! itself. This walk builds no report: it visits every part, as the totals-only tally does, and
//! adds each heap block to the [`StackTable`] entry of the path it was met at, with every
//! element index and map key written `[*]`. Its memory is the table (one entry per distinct
//! path, deep paths elided), the shared allocations seen and the walk's pending work; never
//! one entry per element.
//!
//! It recurses through monomorphised `visit` calls and, once it has used
//! [`FOLDED_STACK_BYTES`] of machine stack, defers the rest of a part to a work list, so a
//! million-link `Box` chain walks on a spawned thread's 2 MiB stack.

mod stacks;

use alloc::{boxed::Box, string::String, vec::Vec};
use core::mem::ManuallyDrop;
use core::ops::Deref;

use crate::layout::Layout;
use crate::render::folded_paths::render;
use crate::visit::{BlockFromEntries, HeapBlock, Shared, Visitor};
use crate::walk::guard::guard_segment;
use crate::walk::hold::KeepAlive;
use crate::walk::shared_seen::SharedSeen;
use crate::walk::stack::{stack_mark_for, within_budget_for};
use crate::walk::target::{through_references, AtRoot};
pub(crate) use stacks::{Frame, StackId, StackTable, ROOT};

/// Machine stack the folded walk may use below the frame it starts in before it defers work:
/// the tally's budget (see `walk::stack`), for the same reasons.
const FOLDED_STACK_BYTES: usize = 64 << 10;

/// A value's heap bytes by field path, as folded stacks for flame graphs (inferno,
/// flamegraph.pl): one `Root;.field;[*];.field bytes` line per distinct path, every element of
/// every collection included.
///
/// What the export holds:
/// - The first line is the root's short type name alone, with the root's inline bytes
///   (`size_of_val`) plus the heap blocks the root owns itself (a `Vec`'s buffer).
/// - Every other line is a path from the root, and the heap bytes the parts at that path own
///   themselves, added up over every element: each element index, map key and linked-list node
///   is the one frame `[*]`, a map entry's key and value are `.key` and `.value` below it, a
///   field of an enum's active variant is `.Variant.field`, what a `Box`, `Rc` or `Arc` points
///   to is `.*`, a guard's contents `.lock()`, `.borrow()`... A `Vec<Account>` with a
///   `history: Vec<Entry>` field gives `Vec<Account>;[*];.history` (every history buffer) and
///   `Vec<Account>;[*];.history;[*];.body` (every entry's `body`).
/// - Paths owning no heap bytes are left out (the flame graph draws a parent frame from its
///   children), except the root's line.
/// - A shared `Rc`/`Arc` allocation is counted once, at the first path it is met through.
/// - A path deeper than 32 frames keeps its first 24 and last 8 frames, with one `…` frame for
///   the middle, so a deep chain's links add up into a few lines.
///
/// So the lines add up to `size_of_val(value)` plus [`heap_bytes`](crate::heap_bytes)`(value)`,
/// and a frame's width in the flame graph is what its subtree owns. Output and memory grow with
/// the number of distinct paths, not with the number of elements; time with the number of parts
/// visited, as [`totals`](crate::totals).
///
/// The figures are those of [`totals`](crate::totals): where a block is an estimate (`BTreeMap`
/// nodes) the line carries the best estimate, and an unreadable part (a locked `Mutex`) adds
/// nothing; check [`Totals::is_exact`](crate::Totals::is_exact) to know whether the lines are
/// exact. [`Report::folded`](crate::Report::folded) gives the same lines for the report's
/// shown nodes, with each summary of elements as one `[*]` frame with no breakdown; this
/// function is the one to use when the elements matter.
///
/// A reference at the root is looked through, as by [`heap_bytes`](crate::heap_bytes).
///
/// ```
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// struct Entry { body: String, tag: u64 }
///
/// let entries: Vec<Entry> = (0..1000)
///     .map(|i| Entry { body: "x".repeat(i % 7), tag: 0 })
///     .collect();
/// let folded = memlayout::render::folded(&entries);
///
/// let bodies: usize = entries.iter().map(|e| e.body.capacity()).sum();
/// assert!(folded.contains(&format!("Vec<Entry>;[*];.body {bodies}\n")));
/// let total: usize = folded
///     .lines()
///     .map(|line| line.rsplit_once(' ').unwrap().1.parse::<usize>().unwrap())
///     .sum();
/// assert_eq!(total, size_of_val(&entries) + memlayout::heap_bytes(&entries));
/// ```
pub fn folded<T: Layout + ?Sized>(value: &T) -> String {
    #[derive(Clone, Copy)]
    struct Walk;
    impl AtRoot for Walk {
        type Output = String;
        fn call<T: Layout + ?Sized>(self, value: &T) -> String {
            let mut walk = FoldedWalk::new();
            walk.table.add(ROOT, core::mem::size_of_val(value));
            if !T::IS_LEAF {
                walk.run(value, ROOT);
            }
            let table = walk.finish();
            render(&table, (T::LAYOUT.type_name)())
        }
    }
    through_references(value, Walk)
}

type Deferred<'a> = Box<dyn FnOnce(&mut FoldedWalk<'a>) + 'a>;

/// The visitor: adds each heap block to the stack of the part that owns it.
struct FoldedWalk<'a> {
    table: StackTable,
    /// The stack of the value being visited.
    at: StackId,
    /// The active variant of the value being visited: its fields are `.Variant.field` frames.
    variant: Option<&'static str>,
    /// [`stack_mark_for`] where the walk (or the deferred work now running) began.
    stack_mark: usize,
    deferred: Vec<Deferred<'a>>,
    shared_seen: SharedSeen,
    held: KeepAlive<'a>,
}

impl<'a> FoldedWalk<'a> {
    fn new() -> Self {
        FoldedWalk {
            table: StackTable::new(),
            at: ROOT,
            variant: None,
            stack_mark: stack_mark_for(FOLDED_STACK_BYTES),
            deferred: Vec::new(),
            shared_seen: SharedSeen::default(),
            held: KeepAlive::new(),
        }
    }

    /// Runs the deferred work, last deferred first, until none is left; then the table.
    fn finish(mut self) -> StackTable {
        while let Some(work) = self.deferred.pop() {
            // The stack is unwound to here: deferred work starts with the whole budget.
            self.stack_mark = stack_mark_for(FOLDED_STACK_BYTES);
            work(&mut self);
        }
        self.table
    }

    /// Whether a nested visit may still recurse on the machine stack.
    #[inline(always)]
    fn has_stack(&self) -> bool {
        within_budget_for(self.stack_mark, FOLDED_STACK_BYTES)
    }

    /// Visits `value` as the part at stack `at`.
    #[inline(always)]
    fn run<T: Layout + ?Sized>(&mut self, value: &'a T, at: StackId) {
        let saved = (self.at, self.variant);
        (self.at, self.variant) = (at, None);
        value.visit(self);
        (self.at, self.variant) = saved;
    }

    /// Visits `value` at stack `at`, on the machine stack or deferred.
    #[inline(always)]
    fn descend<T: Layout + ?Sized>(&mut self, value: &'a T, at: StackId) {
        if T::IS_LEAF {
            return;
        }
        if self.has_stack() {
            self.run(value, at);
        } else {
            self.defer(move |walk| walk.run(value, at));
        }
    }

    /// Leaves `work` to the work list. Out of line and cold, so the recursive path's frames
    /// stay small.
    #[cold]
    #[inline(never)]
    fn defer(&mut self, work: impl FnOnce(&mut FoldedWalk<'a>) + 'a) {
        self.deferred.push(Box::new(work));
    }

    /// The stack of the current value's field `name`.
    #[inline(always)]
    fn field_stack(&mut self, name: &'static str) -> StackId {
        let frame = match self.variant {
            Some(variant) => Frame::VariantField(variant, name),
            None => Frame::Field(name),
        };
        self.table.child(self.at, frame)
    }

    /// Visits each entry at stack `[*]`: a set's item (its value is `()`) is the entry itself,
    /// a map entry's key and value are `.key` and `.value` below it.
    #[inline]
    fn visit_entries<K, W, I>(&mut self, entries: I, mut note: impl FnMut(&K, &W))
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            for (key, value) in entries {
                note(key, value);
            }
            return;
        }
        let entry_at = self.table.child(self.at, Frame::Elements);
        let (key_at, at) = if is_set_item::<W>() {
            (entry_at, entry_at)
        } else {
            // Only the stacks of parts that own something are made (each is a table entry).
            let part_at = |walk: &mut Self, owns: bool, frame| {
                if owns {
                    walk.table.child(entry_at, frame)
                } else {
                    entry_at
                }
            };
            (
                part_at(self, !K::IS_LEAF, Frame::EntryKey),
                part_at(self, !W::IS_LEAF, Frame::EntryValue),
            )
        };
        if !self.has_stack() {
            let entries: Vec<(&'a K, &'a W)> = entries.inspect(|&(k, w)| note(k, w)).collect();
            self.defer(move |walk| {
                for (key, value) in entries {
                    walk.descend(key, key_at);
                    walk.descend(value, at);
                }
            });
            return;
        }
        // Each entry's visit starts from this frame: the check above serves them all.
        for (key, value) in entries {
            note(key, value);
            if !K::IS_LEAF {
                self.run(key, key_at);
            }
            if !W::IS_LEAF {
                self.run(value, at);
            }
        }
    }
}

/// Whether entries with values of type `W` are a set's items: a set stores keys only, with `()`
/// (or another zero-sized leaf) as the value, and the entry is the key.
fn is_set_item<W: Layout + ?Sized>() -> bool {
    W::IS_LEAF && W::LAYOUT.is_sized && W::LAYOUT.size == 0
}

impl<'a> Visitor<'a> for FoldedWalk<'a> {
    /// Inline fields are visited without a stack check, as by the tally: a value nests inline
    /// only as deep as its type is declared; every part behind a pointer is checked.
    #[inline(always)]
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, name: &'static str, value: &'a T) {
        if !T::IS_LEAF {
            let at = self.field_stack(name);
            self.run(value, at);
        }
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        if T::IS_LEAF {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let copy = unsafe { self.held.copy(copy) };
        let at = self.field_stack(name);
        self.descend(copy, at);
    }

    fn measured(&mut self, _index: usize, name: &'static str, heap: HeapBlock) {
        if heap.bytes > 0 {
            let at = self.field_stack(name);
            self.table.add(at, heap.bytes);
        }
    }

    #[inline]
    fn variant(&mut self, _index: usize, name: &'static str) {
        self.variant = Some(name);
    }

    #[inline]
    fn heap(&mut self, block: HeapBlock) {
        self.table.add(self.at, block.bytes);
    }

    #[inline]
    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF || items.is_empty() {
            return;
        }
        let at = self.table.child(self.at, Frame::Elements);
        if !self.has_stack() {
            self.defer(move |walk| {
                for item in items {
                    walk.descend(item, at);
                }
            });
            return;
        }
        // Each item's visit starts from this frame: one check serves them all.
        for item in items {
            self.run(item, at);
        }
    }

    fn entries<K, W, I>(&mut self, _len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        self.visit_entries(entries, |_, _| {});
    }

    /// One pass: each entry is noted for the block and visited, then the block is added (a sum
    /// does not care that it comes after its entries).
    fn heap_with_entries<K, W, I, B>(&mut self, _len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        let mut block = block;
        self.visit_entries(entries, |key, value| block.entry(key, value));
        self.heap(block.block());
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        match index {
            // A box's block is the box's; its contents are `.*`.
            None => {
                self.table.add(self.at, block.bytes);
                let at = self.table.child(self.at, Frame::Deref);
                self.descend(contents, at);
            }
            // A linked-list node is an element: its block and contents are `[*]`'s.
            Some(_) => {
                let at = self.table.child(self.at, Frame::Elements);
                self.table.add(at, block.bytes);
                self.descend(contents, at);
            }
        }
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let (first, contents) = self.shared_seen.meet(&shared);
        if first {
            self.table.add(self.at, shared.block.bytes);
        }
        if let Some(contents) = contents {
            let at = self.table.child(self.at, Frame::Deref);
            self.descend(contents, at);
        }
    }

    /// Borrowed targets are their owner's: nothing is added.
    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if T::IS_LEAF {
            return;
        }
        let label = guard_segment(core::any::type_name::<G>());
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let contents = unsafe { self.held.guard(guard) };
        let at = self.table.child(self.at, Frame::Guard(label));
        self.descend(contents, at);
    }
    // `unreadable` and `resource` keep their empty defaults: an unreadable part adds nothing
    // (its bytes are unknown, see [`folded`]'s docs).
}
