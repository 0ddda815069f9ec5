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
        let (count, align) = (block.allocations, block.align);
        if count == 0 {
            return;
        }
        // A group of allocations: taken as equal requests.
        let each = block.bytes.div_ceil(count);
        let reserved = self.model.reserved(each, align).saturating_mul(count);
        let headers = self.model.overhead(each, align).saturating_mul(count);
        self.reserved = self.reserved.saturating_add(reserved);
        self.headers = self.headers.saturating_add(headers);
        self.exact &= count == 1
            && block.exactness == Exactness::Exact
            && self.model.is_exact(block.bytes, align);
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
