//! The root figures of a value.

use crate::visit::{Exactness, HeapBlock};

/// The root figures of a value: what [`heap_bytes`] and [`totals`] return, and what a report
/// carries at its root.
///
/// [`heap_bytes`]: crate::heap_bytes
/// [`totals`]: crate::totals
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
    /// Upper bound on `heap_bytes` (equal to it when exact). `usize::MAX` when no bound is
    /// known: a part was unreadable (a locked `Mutex`, a trait object's contents), or a hash
    /// table's tombstones hide its size. Displays print it as "unknown".
    ///
    /// ```
    /// let m = std::sync::Mutex::new(vec![1u8; 64]);
    /// let _guard = m.lock().unwrap();
    /// let t = memlayout::totals(&m);
    /// assert_eq!((t.is_exact, t.heap_bytes_low, t.heap_bytes_high), (false, 0, usize::MAX));
    /// ```
    pub heap_bytes_high: usize,
    /// Heap bytes holding live elements.
    pub heap_used: usize,
    /// Heap bytes allocated but not holding live elements (`shrink_to_fit` would return them).
    pub unused_capacity: usize,
    /// Bytes `shrink_to_fit` would give back: part of `unused_capacity`, or all of a buffer whose
    /// elements shrinking moves back inline (a `SmallVec` short enough to fit).
    pub reclaimable: usize,
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
    /// `true` when `max_indirection` is the exact depth: nothing was unreadable and no part's
    /// depth was only a lower bound (a B-tree whose length leaves its height open, or whose
    /// entries own heap below its root; see
    /// [`Visitor::reaches_at_least`](crate::Visitor::reaches_at_least)). Independent of
    /// `is_exact`: a hash table after removals has estimated bytes but a known depth.
    ///
    /// ```
    /// use std::collections::{BTreeMap, HashMap};
    ///
    /// let mut map: HashMap<u64, Vec<u8>> = (0..100).map(|k| (k, vec![1])).collect();
    /// map.retain(|k, _| k % 3 == 0);
    /// let t = memlayout::totals(&map);
    /// assert_eq!((t.max_indirection, t.indirection_is_exact), (2, true));
    /// // 100 entries: a B-tree of height 1 or 2, which its length does not tell.
    /// let tree: BTreeMap<u64, u64> = (0..100).map(|k| (k, k)).collect();
    /// let t = memlayout::totals(&tree);
    /// assert_eq!((t.max_indirection, t.indirection_is_exact), (2, false));
    /// ```
    pub indirection_is_exact: bool,
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

    /// Adds one heap block met at indirection depth `hop` (the report walk's running totals).
    #[inline]
    pub(crate) fn add_block(&mut self, block: &HeapBlock, hop: usize) {
        self.heap_bytes += block.bytes;
        match block.exactness {
            Exactness::Exact => {
                self.heap_bytes_low += block.bytes;
                // An earlier unbounded estimate left `usize::MAX`, which stays so.
                self.heap_bytes_high = self.heap_bytes_high.saturating_add(block.bytes);
            }
            Exactness::Estimate { low, high } => {
                self.heap_bytes_low += low;
                // `usize::MAX` (no known bound) stays so.
                self.heap_bytes_high = self.heap_bytes_high.saturating_add(high);
                self.is_exact = false;
            }
        }
        self.heap_used += block.used;
        self.unused_capacity += block.unused();
        self.reclaimable += block.reclaimable;
        self.heap_padding += block.padding;
        self.allocations += block.allocations;
        if block.allocations > 0 {
            self.max_indirection = self.max_indirection.max(hop + 1);
        }
    }
}

/// A value's root figures with what an allocator model says the allocator holds for them:
/// what [`totals_with`](crate::totals_with) returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReservedTotals {
    /// The figures [`totals`](crate::totals) gives: requested bytes.
    pub totals: Totals,
    /// The model's name (`"glibc"`).
    pub model: &'static str,
    /// What the allocator holds for every allocation walked: usable sizes plus overhead (shared
    /// allocations once each).
    pub reserved_bytes: usize,
    /// The part of `reserved_bytes` that is per-allocation bookkeeping (glibc's chunk headers).
    pub header_bytes: usize,
    /// Whether `reserved_bytes` is exact under the model: every block is one allocation of
    /// known size, the model is exact for each request and the value's totals are exact.
    /// Otherwise it is an estimate (a B-tree's nodes, a group of allocations of unknown sizes,
    /// an over-aligned request).
    pub is_exact: bool,
}

impl ReservedTotals {
    /// Bytes the allocator holds beyond the requests: size-class rounding plus headers.
    ///
    /// ```
    /// use memlayout::allocator::Glibc;
    ///
    /// let t = memlayout::totals_with(&String::from("abc"), &Glibc::DEFAULT);
    /// assert_eq!(t.overhead_bytes(), 32 - 3);
    /// ```
    pub const fn overhead_bytes(&self) -> usize {
        self.reserved_bytes.saturating_sub(self.totals.heap_bytes)
    }
}
