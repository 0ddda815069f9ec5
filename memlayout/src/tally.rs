//! The totals-only walk: root figures without building a tree.
//!
//! It recurses through monomorphised `visit` calls (fast), and past [`STACK_LIMIT`] nested
//! visits it defers the rest of a part to an explicit work list, so a million-node `Box` chain
//! needs no more stack than a short one.

use core::mem::ManuallyDrop;
use core::ops::Deref;
use std::collections::HashMap;

use crate::hold::KeepAlive;
use crate::layout::Layout;
use crate::visit::{Exactness, HeapBlock, Shared, Visitor};

/// Nested `visit` calls allowed on the machine stack before a walk defers to its work list.
pub(crate) const STACK_LIMIT: usize = 64;

/// The root figures of a value: what [`heap_bytes`] and [`totals`] return, and what a report
/// carries at its root.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Totals {
    /// `size_of_val` the root value: its inline bytes.
    pub inline_bytes: usize,
    /// Padding inside the root's inline bytes (nested fields included).
    pub inline_padding: usize,
    /// Bytes requested from the allocator for everything the value owns (shared allocations
    /// once each). The best estimate where not exact: see `heap_bytes_low` / `heap_bytes_high`.
    pub heap_bytes: usize,
    /// Lower bound on `heap_bytes` (equal to it when exact).
    pub heap_bytes_low: usize,
    /// Upper bound on `heap_bytes` (equal to it when exact).
    pub heap_bytes_high: usize,
    /// Heap bytes holding live elements.
    pub heap_used: usize,
    /// Heap bytes allocated but not holding live elements (`shrink_to_fit` would return them).
    pub unused_capacity: usize,
    /// Padding inside heap buffers (a `Vec<S>` with 3 padding bytes per `S` wastes `3 * len`).
    pub heap_padding: usize,
    /// Number of live heap allocations.
    pub allocations: usize,
    /// The most pointer hops from the root to any part.
    pub max_indirection: usize,
    /// Bytes of reference-counted allocations (each counted once).
    pub shared_bytes: usize,
    /// Distinct reference-counted allocations reached.
    pub shared_allocations: usize,
    /// Parts that could not be read (locked, mutably borrowed).
    pub unreadable: usize,
    /// Operating-system resources held.
    pub resources: usize,
    /// `true` when every heap figure is the allocator's exact request and nothing was unreadable.
    pub is_exact: bool,
}

impl Totals {
    /// Padding inline and in heap buffers.
    ///
    /// ```
    /// let t = memlayout::totals(&vec![(1u8, 2u32); 4]);
    /// assert_eq!(t.total_padding(), t.inline_padding + t.heap_padding);
    /// ```
    pub const fn total_padding(&self) -> usize {
        self.inline_padding + self.heap_padding
    }

    pub(crate) fn add_block(&mut self, block: &HeapBlock, hop: usize) {
        self.heap_bytes += block.bytes;
        match block.exactness {
            Exactness::Exact => {
                self.heap_bytes_low += block.bytes;
                self.heap_bytes_high += block.bytes;
            }
            Exactness::Estimate { low, high } => {
                self.heap_bytes_low += low;
                self.heap_bytes_high += high;
                self.is_exact = false;
            }
        }
        self.heap_used += block.used;
        self.unused_capacity += block.unused();
        self.heap_padding += block.padding;
        self.allocations += block.allocations;
        if block.allocations > 0 {
            self.max_indirection = self.max_indirection.max(hop + 1);
        }
    }
}

/// Heap bytes a value owns: what the global allocator was asked for on its behalf
/// (shared `Rc`/`Arc` allocations once each). Builds no tree.
///
/// ```
/// let v: Vec<String> = vec!["ab".to_string(), String::with_capacity(10)];
/// assert_eq!(memlayout::heap_bytes(&v), 2 * 24 + 2 + 10);
/// ```
pub fn heap_bytes<T: Layout + ?Sized>(value: &T) -> usize {
    totals(value).heap_bytes
}

/// All root figures of a value, without building a report tree.
///
/// ```
/// let t = memlayout::totals(&Box::new(7u64));
/// assert_eq!((t.inline_bytes, t.heap_bytes, t.allocations), (8, 8, 1));
/// ```
pub fn totals<T: Layout + ?Sized>(value: &T) -> Totals {
    let mut tally = Tally::new();
    tally.totals.inline_bytes = core::mem::size_of_val(value);
    tally.totals.inline_padding = T::LAYOUT.padding_bytes;
    tally.descend(value, 0);
    tally.finish()
}

type Deferred<'a> = Box<dyn FnOnce(&mut Tally<'a>) + 'a>;

/// The totals-only visitor.
struct Tally<'a> {
    totals: Totals,
    /// Indirection depth of the part being visited.
    hop: usize,
    /// Nested `visit` calls on the machine stack now.
    stack_depth: usize,
    /// Whether the value being visited has reported a heap block (its elements live there).
    in_heap: bool,
    deferred: Vec<Deferred<'a>>,
    /// Shared allocations seen, and whether their contents were walked.
    shared_seen: HashMap<usize, bool>,
    held: KeepAlive<'a>,
}

impl<'a> Tally<'a> {
    fn new() -> Self {
        Tally {
            totals: Totals {
                is_exact: true,
                ..Totals::default()
            },
            hop: 0,
            stack_depth: 0,
            in_heap: false,
            deferred: Vec::new(),
            shared_seen: HashMap::new(),
            held: KeepAlive::new(),
        }
    }

    fn finish(mut self) -> Totals {
        while let Some(work) = self.deferred.pop() {
            work(&mut self);
        }
        if self.totals.unreadable > 0 {
            self.totals.is_exact = false;
        }
        self.totals
    }

    /// Visits `value` at indirection depth `hop`, on the stack or deferred.
    fn descend<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        if T::IS_LEAF {
            return;
        }
        if self.stack_depth >= STACK_LIMIT {
            self.deferred
                .push(Box::new(move |tally: &mut Tally<'a>| tally.run(value, hop)));
            return;
        }
        self.stack_depth += 1;
        self.run(value, hop);
        self.stack_depth -= 1;
    }

    fn run<T: Layout + ?Sized>(&mut self, value: &'a T, hop: usize) {
        let saved = (self.hop, self.in_heap);
        self.hop = hop;
        self.in_heap = false;
        value.visit(self);
        (self.hop, self.in_heap) = saved;
    }
}

impl<'a> Visitor<'a> for Tally<'a> {
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        self.descend(value, self.hop);
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
        let copy = unsafe { self.held.copy(copy) };
        self.descend(copy, self.hop);
    }

    fn measured(&mut self, _index: usize, _name: &'static str, heap: HeapBlock) {
        self.totals.add_block(&heap, self.hop);
    }

    fn variant(&mut self, _index: usize, _name: &'static str) {}

    fn heap(&mut self, block: HeapBlock) {
        self.totals.add_block(&block, self.hop);
        self.in_heap = true;
    }

    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            return;
        }
        let hop = self.hop + usize::from(self.in_heap);
        for item in items {
            self.descend(item, hop);
        }
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
            self.descend(key, hop);
            self.descend(value, hop);
        }
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        _index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        self.totals.add_block(&block, self.hop);
        self.descend(contents, self.hop + 1);
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let walked = match self.shared_seen.get(&shared.address) {
            None => {
                self.totals.add_block(&shared.block, self.hop);
                self.totals.shared_bytes += shared.block.bytes;
                self.totals.shared_allocations += 1;
                false
            }
            Some(&walked) => walked,
        };
        let walk_now = !walked && shared.contents.is_some();
        self.shared_seen.insert(shared.address, walked || walk_now);
        if let (true, Some(contents)) = (walk_now, shared.contents) {
            self.descend(contents, self.hop + 1);
        }
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if T::IS_LEAF {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let contents = unsafe { self.held.guard(guard) };
        self.descend(contents, self.hop);
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.totals.unreadable += 1;
    }

    fn resource(&mut self, _release: &'static str) {
        self.totals.resources += 1;
    }
}
