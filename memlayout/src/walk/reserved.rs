//! The totals walk under an allocator model: what the allocator holds for a value.

use crate::allocator::AllocatorModel;
use crate::layout::Layout;
use crate::report::ReservedTotals;
use crate::visit::{Exactness, HeapBlock};
use crate::walk::target::{through_references, AtRoot};
use crate::walk::totals::{Sum, Sums, Tally};

/// A value's totals with what `model`'s allocator holds for its allocations.
///
/// Each heap block the walk meets is one request of `bytes` bytes aligned to `align`; the
/// model gives its usable size and overhead. A block standing for several allocations (a
/// linked list's nodes, a B-tree's) is taken as that many equal requests: an estimate.
///
/// ```
/// use memlayout::allocator::{Glibc, Jemalloc};
///
/// let names: Vec<String> = ["ab", "cde", "fghij"].iter().map(|s| s.to_string()).collect();
/// let t = memlayout::totals_with(&names, &Glibc::DEFAULT);
/// assert_eq!(t.totals.heap_bytes, 3 * 24 + 10);
/// // The Vec's 72 bytes take an 80-byte chunk; each string a 32-byte one (24 usable + 8).
/// assert_eq!(t.reserved_bytes, 80 + 3 * 32);
/// assert_eq!(t.header_bytes, 4 * 8);
/// assert!(t.is_exact);
/// assert_eq!(memlayout::totals_with(&names, &Jemalloc).reserved_bytes, 80 + 3 * 8);
/// ```
pub fn totals_with<T: Layout + ?Sized, M: AllocatorModel>(value: &T, model: &M) -> ReservedTotals {
    struct Walk<'m, M>(&'m M);
    impl<M> Clone for Walk<'_, M> {
        fn clone(&self) -> Self {
            *self
        }
    }
    impl<M> Copy for Walk<'_, M> {}
    impl<M: AllocatorModel> AtRoot for Walk<'_, M> {
        type Output = ReservedTotals;
        fn call<T: Layout + ?Sized>(self, value: &T) -> ReservedTotals {
            let mut tally = Tally::with_sum(Reserved {
                sums: Sums::default(),
                model: self.0,
                reserved: 0,
                headers: 0,
                exact: true,
            });
            tally.root(value);
            let sum = tally.finish();
            let totals = sum
                .sums
                .into_totals(core::mem::size_of_val(value), T::LAYOUT.padding_bytes);
            ReservedTotals {
                model: self.0.name(),
                reserved_bytes: sum.reserved,
                header_bytes: sum.headers,
                is_exact: sum.exact && totals.is_exact,
                totals,
            }
        }
    }
    through_references(value, Walk(model))
}

/// The totals' sums and the model's.
struct Reserved<'m, M> {
    sums: Sums,
    model: &'m M,
    reserved: usize,
    headers: usize,
    exact: bool,
}

impl<M: AllocatorModel> Sum for Reserved<'_, M> {
    const TRACKS_HOPS: bool = true;

    #[inline]
    fn block(&mut self, block: &HeapBlock, hop: usize) {
        self.sums.block(block, hop);
        let Some(held) = BlockReserve::of(self.model, block) else {
            return;
        };
        self.reserved = self.reserved.saturating_add(held.reserved);
        self.headers = self.headers.saturating_add(held.headers);
        self.exact &= held.is_exact;
    }

    fn reach(&mut self, depth: usize, exact: bool) {
        self.sums.reach(depth, exact);
    }

    fn shared(&mut self, block: &HeapBlock) {
        self.sums.shared(block);
    }

    fn unreadable(&mut self) {
        self.sums.unreadable();
    }

    fn resource(&mut self) {
        self.sums.resource();
    }

    fn take(&mut self) -> Self {
        Reserved {
            sums: self.sums.take(),
            model: self.model,
            reserved: core::mem::take(&mut self.reserved),
            headers: core::mem::take(&mut self.headers),
            exact: core::mem::replace(&mut self.exact, true),
        }
    }
}

/// What an allocator holds for one heap block under a model: the totals walk's and the report
/// walk's one definition.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BlockReserve {
    /// Usable sizes plus overhead of the block's allocations.
    pub(crate) reserved: usize,
    /// The overhead part of `reserved`.
    pub(crate) headers: usize,
    /// How many allocations the block stands for.
    pub(crate) count: usize,
    /// The size of each request (a group of allocations is taken as equal requests).
    pub(crate) each: usize,
    /// The usable size of each.
    pub(crate) usable: usize,
    /// Whether `reserved` is exact: one allocation of known size, a request the model is exact
    /// for.
    pub(crate) is_exact: bool,
}

impl BlockReserve {
    /// The block's reservation, or `None` for a block of no allocation (an empty `Vec`).
    ///
    /// A block standing for several allocations (a linked list's nodes, a B-tree's) is taken as
    /// that many equal requests: an estimate.
    #[inline]
    pub(crate) fn of<M: AllocatorModel + ?Sized>(model: &M, block: &HeapBlock) -> Option<Self> {
        let (count, align) = (block.allocations, block.align);
        if count == 0 {
            return None;
        }
        let each = block.bytes.div_ceil(count);
        let usable = model.usable_size(each, align);
        let headers = model.overhead(each, align).saturating_mul(count);
        Some(BlockReserve {
            reserved: usable.saturating_mul(count).saturating_add(headers),
            headers,
            count,
            each,
            usable,
            is_exact: count == 1
                && block.exactness == Exactness::Exact
                && model.is_exact(block.bytes, align),
        })
    }
}
