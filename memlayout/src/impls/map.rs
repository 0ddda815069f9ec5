//! Maps and sets.
//!
//! # Hash tables (`HashMap`, `HashSet`, any hasher)
//!
//! std's table (hashbrown's `RawTable<(K, V)>`) makes one allocation for `buckets` slots: the
//! slots, padded to the control bytes' alignment, then one control byte per bucket and one
//! group's width more (`Group::WIDTH`: 16 with SSE2, 8 on other 64-bit targets and under Miri):
//!
//! ```text
//! bytes = round_up(buckets * size_of::<(K, V)>(), ctrl_align) + buckets + GROUP_WIDTH
//! ctrl_align = max(align_of::<(K, V)>(), GROUP_WIDTH)
//! ```
//!
//! `buckets` is a power of two read back from the public `capacity()`: a table of `b` buckets
//! holds `b - 1` items when `b <= 8` and `b / 8 * 7` beyond, and an empty table with no
//! capacity allocates nothing.
//!
//! `capacity()` is `len + growth_left`; a removal can leave a tombstone that does not give its
//! slot back to `growth_left` (when its probe group was full), and then `capacity()` understates
//! the table. Slots are one array, `size_of::<(K, V)>()` apart, so the span of the entries'
//! addresses, first to last, is a lower bound on the bucket count. The figure is exact when
//! `capacity()` is a full table's (one of the values above) and the entries' span fits in that
//! table. Otherwise it is an [`Estimate`](crate::visit::Exactness::Estimate): its low bound (and best
//! estimate) is the largest table that is certain — the one `capacity()` needs, or the one the
//! span needs — and its high bound is `usize::MAX`, unknown: a table may grow large and then be
//! emptied by removals, and no public figure bounds it from above.
//!
//! **Residual false exactness.** Tombstones that lower `capacity()` to exactly a smaller table's
//! cannot be told apart from that smaller table when every remaining entry happens to lie within
//! its span — always the case for a table emptied by removals (`len() == 0`, no address to
//! check; even `capacity() == 0` may then hide a live allocation). Such a figure is marked exact
//! but is a smaller table's size, below the truth (never above it). Measured in
//! `tests/test_map_tombstones.rs` over 12,000 random fill-then-remove sequences (u64, u32 and
//! 24-byte keys; a fixed and a random hasher): about 0.4% of all tables are reported exact and
//! too small (0.8% before the span check, which also had 0.8% of estimates whose bounds missed
//! the truth; now none), four fifths of them emptied tables; for tables still holding entries,
//! about 0.1%. Another sample (random removals, 2026-12-05) gave 0.7% of 897 emptied tables and
//! 0.3% of 2,703 tables still holding entries (mostly 1-3 left, up to 6.7x too low): the rate
//! depends on how a table was thinned. Tables never shrunk by removals are always exact.
//!
//! # B-trees (`BTreeMap`, `BTreeSet`)
//!
//! std's B-tree (`B = 6`) allocates one node per leaf and per internal node. A leaf holds a
//! parent pointer, two `u16`s and arrays of 11 keys and 11 values; an internal node is a leaf
//! followed by 12 child pointers. Both use the default repr, laid out without gaps (largest
//! alignment first), so a leaf is `round_up(ptr + 4 + 11 * (size_of K + size_of V), align)`.
//!
//! How many nodes a map has depends on how it was filled (a sorted `collect` packs leaves full;
//! inserting one by one leaves them about half full), which no public method reports. The
//! figure is therefore an [`Estimate`](crate::visit::Exactness::Estimate): `low` and `high` follow from
//! the B-tree invariants (every node but the root holds 5 to 11 keys; where they leave one
//! shape, as for up to ten entries in one root leaf, the figure is exact), and the best estimate
//! counts the nodes from where the entries sit in memory — keys in one node are `size_of::<K>()`
//! apart, keys in different nodes never are — which falls back to the middle of the bounds if
//! the addresses do not form a B-tree.
//!
//! # One pass
//!
//! Both figures depend on where the entries are, so a table or tree reports its block through
//! [`Visitor::heap_with_entries`] (a B-tree through
//! [`Visitor::heap_with_double_ended_entries`]) with a [`BlockFromEntries`] that notes each
//! entry's address: the report and drop-order walks finish the block before the entries, as
//! the protocol orders; the totals walk notes and visits each entry in the same pass, in order.
//! Noting costs a hash table one register sum an entry (the last entry's slot); a B-tree one
//! comparison an entry, plus a little work at each node's end (see `NodeCounter`).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use core::marker::PhantomData;
#[cfg(feature = "std")]
use std::collections::{HashMap, HashSet};

use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{BlockFromEntries, Exactness, HeapBlock, Visitor};

mod nodes;
pub(crate) use nodes::NodeScan;
use nodes::{btree_bounds, btree_max_height, btree_min_height, NodeCounter};

/// `Group::WIDTH` of the hash table in this target's std: the control bytes scanned at once.
#[cfg(feature = "std")]
const GROUP_WIDTH: usize = if cfg!(all(
    target_feature = "sse2",
    any(target_arch = "x86", target_arch = "x86_64"),
    not(miri)
)) {
    16
} else if cfg!(all(
    target_arch = "aarch64",
    target_feature = "neon",
    target_endian = "little",
    not(miri)
)) {
    8
} else if cfg!(all(
    target_arch = "loongarch64",
    target_feature = "lsx",
    not(miri)
)) {
    16
} else if cfg!(any(
    target_pointer_width = "64",
    target_arch = "aarch64",
    target_arch = "x86_64",
    target_arch = "wasm32"
)) {
    8
} else {
    4
};

/// Items a table of `buckets` buckets holds before it grows.
#[cfg(feature = "std")]
const fn bucket_capacity(buckets: usize) -> usize {
    if buckets <= 8 {
        buckets - 1
    } else {
        buckets / 8 * 7
    }
}

/// The bucket count of a table whose `capacity()` is `capacity`: `Ok` when `capacity` is a
/// table size, `Err(smallest table that holds it)` when tombstones must have lowered it.
#[cfg(feature = "std")]
pub(crate) fn buckets_for(capacity: usize) -> Result<usize, usize> {
    if capacity == 0 {
        return Ok(0);
    }
    let exact = if capacity < 8 {
        capacity + 1
    } else {
        capacity / 7 * 8
    };
    if exact.is_power_of_two() && bucket_capacity(exact) == capacity {
        return Ok(exact);
    }
    let mut buckets = 4usize;
    while bucket_capacity(buckets) < capacity {
        buckets = buckets.saturating_mul(2);
    }
    Err(buckets)
}

/// The bucket count hashbrown picks for a table that must hold `len` entries of `size` bytes
/// (its `capacity_to_buckets`): what `shrink_to_fit` resizes to. 0 for no entries: the table is
/// freed. Tables of tiny entries start larger, since their control bytes dominate anyway.
#[cfg(feature = "std")]
pub(crate) fn buckets_to_hold(len: usize, size: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let smallest = match (GROUP_WIDTH, size) {
        (16, 0..=1) => 14,
        (16, 2..=3) | (8, 0..=1) => 7,
        _ => 3,
    };
    match len.max(smallest) {
        1..=3 => 4,
        4..=7 => 8,
        capacity => (capacity.saturating_mul(8) / 7).next_power_of_two(),
    }
}

/// Bytes `shrink_to_fit` gives back from a table of `buckets` buckets holding `len` entries: it
/// reallocates only when the table for `len` entries has fewer buckets.
#[cfg(feature = "std")]
#[inline]
pub(crate) fn reclaimable(buckets: usize, len: usize, size: usize, align: usize) -> usize {
    let target = buckets_to_hold(len, size);
    if target >= buckets {
        return 0;
    }
    table_bytes(buckets, size, align).0 - table_bytes(target, size, align).0
}

/// Bytes and alignment of the allocation of a table of `buckets` slots of `size` bytes aligned to
/// `align`.
#[cfg(feature = "std")]
pub(crate) const fn table_bytes(buckets: usize, size: usize, align: usize) -> (usize, usize) {
    if buckets == 0 {
        return (0, 1);
    }
    let ctrl_align = if align > GROUP_WIDTH {
        align
    } else {
        GROUP_WIDTH
    };
    let ctrl_offset = (size * buckets).div_ceil(ctrl_align) * ctrl_align;
    (ctrl_offset + buckets + GROUP_WIDTH, ctrl_align)
}

/// The heap block of a hash table of `(K, V)` slots (`(T, ())` for a set) from its `capacity()`,
/// `len()` and the span of its entries' addresses: see the module docs.
///
/// The table iterates its buckets in index order, and bucket `i` sits `i + 1` slots below the
/// control bytes, so the entries come highest address first, lowest last: the span is that of
/// the first and the last entry, and noting an entry is one move (`tests/test_map_span.rs`
/// checks the order on std's tables).
#[cfg(feature = "std")]
struct HashTable<K, V> {
    capacity: usize,
    len: usize,
    /// The first entry's key address (0 when there is none), and the last key noted, one slot
    /// up: the end of its slot when the key leads it. Kept as a pointer (an address cast on
    /// every entry costs an instruction more), and one slot up because the table addresses its
    /// slots from their ends: the end of a slot is one two-register sum, its start a sum and a
    /// subtraction.
    first: usize,
    last_end: *const u8,
    entry: PhantomData<fn(&K, &V)>,
}

#[cfg(feature = "std")]
impl<K, V> HashTable<K, V> {
    /// The table of a map whose first entry is `first` (by iteration order).
    fn new(capacity: usize, len: usize, first: Option<(&K, &V)>) -> Self {
        let first = first.map(|(key, _)| key as *const K);
        HashTable {
            capacity,
            len,
            first: first.map_or(0, |key| key as usize),
            last_end: first.map_or(core::ptr::null(), Self::slot_end),
            entry: PhantomData,
        }
    }
}

#[cfg(feature = "std")]
impl<K, V> HashTable<K, V> {
    /// `key`'s address plus a slot's size.
    #[inline(always)]
    fn slot_end(key: *const K) -> *const u8 {
        key.cast::<u8>()
            .wrapping_add(core::mem::size_of::<(K, V)>())
    }
}

#[cfg(feature = "std")]
impl<K: Layout, V: Layout> BlockFromEntries<K, V> for HashTable<K, V> {
    #[inline(always)]
    fn entry(&mut self, key: &K, _value: &V) {
        self.last_end = Self::slot_end(key);
    }

    /// Inlined: a walk that reads the bytes alone (`heap_bytes`) computes nothing else.
    #[inline]
    fn block(self) -> HeapBlock {
        let size = core::mem::size_of::<(K, V)>();
        let align = core::mem::align_of::<(K, V)>();
        let (capacity, len) = (self.capacity, self.len);
        let used = len * size;
        let padding = len * <(K, V)>::LAYOUT.padding_bytes;
        // Buckets are one array, so the entries' span is a lower bound on the bucket count.
        let spanned = if size == 0 || self.first == 0 {
            0
        } else {
            let last = (self.last_end as usize).wrapping_sub(size);
            (self.first.abs_diff(last) / size + 1).next_power_of_two()
        };
        let buckets = match buckets_for(capacity) {
            Ok(buckets) if spanned <= buckets => {
                let (bytes, ctrl_align) = table_bytes(buckets, size, align);
                return HeapBlock::exact(bytes, ctrl_align, used)
                    .with_padding(padding)
                    .with_reclaimable(reclaimable(buckets, len, size, align));
            }
            Ok(too_few) => too_few.max(spanned),
            Err(at_least) => at_least.max(spanned),
        };
        // Tombstones hide the table size: the low bound is certain, and no public figure bounds
        // it from above (a table may have grown large and then been emptied by removals).
        let (low, ctrl_align) = table_bytes(buckets, size, align);
        HeapBlock {
            exactness: Exactness::Estimate {
                low,
                high: usize::MAX,
            },
            ..HeapBlock::exact(low, ctrl_align, used)
                .with_padding(padding)
                .with_reclaimable(reclaimable(buckets, len, size, align))
        }
    }
}

pub(crate) fn address<T: ?Sized>(value: &T) -> usize {
    (value as *const T).cast::<()>() as usize
}

/// The exact block of a hash table of `T` slots holding `len` entries whose allocation size the
/// table reports itself (the `hashbrown` crate's `allocation_size`, `RawTable::allocation_info`):
/// tombstones or not, no estimate is needed. The bucket count, for the reclaimable figure, is
/// the one whose table has that size.
#[cfg(any(feature = "hashbrown", feature = "dashmap"))]
pub(crate) fn reported_table<T: Layout>(bytes: usize, len: usize) -> HeapBlock {
    let size = core::mem::size_of::<T>();
    let align = core::mem::align_of::<T>();
    let mut buckets = 1usize;
    while buckets < usize::MAX / 2 && table_bytes(buckets, size, align).0 < bytes {
        buckets *= 2;
    }
    let (sized, ctrl_align) = table_bytes(buckets, size, align);
    let reclaimable = if bytes > 0 && sized == bytes {
        reclaimable(buckets, len, size, align)
    } else {
        0
    };
    HeapBlock::exact(bytes, if bytes == 0 { 1 } else { ctrl_align }, len * size)
        .with_padding(len * T::LAYOUT.padding_bytes)
        .with_reclaimable(reclaimable)
}

/// The hasher `S` is part of the map's inline bytes and is not walked: any hasher works.
#[cfg(feature = "std")]
impl<K: Layout, V: Layout, S> Layout for HashMap<K, V, S> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<HashMap<K, V, S>>("HashMap<K, V, S>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<(K, V)>);

    fn visit<'a, V2: Visitor<'a>>(&'a self, visitor: &mut V2) {
        let table = HashTable::<K, V>::new(self.capacity(), self.len(), self.iter().next());
        visitor.heap_with_entries(self.len(), self.iter(), table);
    }
}

#[cfg(feature = "std")]
impl<T: Layout, S> Layout for HashSet<T, S> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<HashSet<T, S>>("HashSet<T, S>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let items = self.iter().map(|item| (item, &()));
        let table = HashTable::<T, ()>::new(self.capacity(), self.len(), items.clone().next());
        visitor.heap_with_entries(self.len(), items, table);
    }
}

/// Keys (and values) per B-tree node at most: `2 * B - 1` with std's `B = 6`.
const BTREE_CAPACITY: usize = 11;
/// Keys per node at least, except the root: `B - 1`.
const BTREE_MIN_LEN: usize = 5;

/// Size of a leaf node, size of an internal node, and their alignment, for keys `K` and values
/// `V` (a set's values are zero-sized).
const fn btree_nodes<K, V>() -> (usize, usize, usize) {
    let pointer = core::mem::size_of::<*const ()>();
    let mut align = core::mem::align_of::<*const ()>();
    if core::mem::align_of::<K>() > align {
        align = core::mem::align_of::<K>();
    }
    if core::mem::align_of::<V>() > align {
        align = core::mem::align_of::<V>();
    }
    let fields = pointer
        + 2 * core::mem::size_of::<u16>()
        + BTREE_CAPACITY * (core::mem::size_of::<K>() + core::mem::size_of::<V>());
    let leaf = fields.div_ceil(align) * align;
    let internal = (leaf + (BTREE_CAPACITY + 1) * pointer).div_ceil(align) * align;
    (leaf, internal, align)
}

/// The heap block of a B-tree of `K` keys and `V` values (`()` for a set) from its length and
/// the addresses of its entries: see the module docs. The node count's scans live in a
/// [`NodeScan`] the caller keeps (see [`NodeCounter`]).
pub(crate) struct BTree<'s, K, V> {
    len: usize,
    nodes: NodeCounter<'s>,
    entry: PhantomData<fn(&K, &V)>,
}

impl<K: Layout, V: Layout> BTree<'_, K, V> {
    /// Whether an entry is placed by its value's address rather than its key's: with
    /// zero-sized keys, or when only the value is visited (its address is then at hand).
    const BY_VALUE: bool = core::mem::size_of::<V>() > 0
        && (core::mem::size_of::<K>() == 0 || (K::IS_LEAF && !V::IS_LEAF));

    /// Bytes between neighbouring entries of one node, as [`BTree::address`] places them.
    const STRIDE: usize = if Self::BY_VALUE {
        core::mem::size_of::<V>()
    } else {
        core::mem::size_of::<K>()
    };

    /// A scan for the node count of a `BTree<K, V>`, for [`BTree::new`].
    pub(crate) fn scan() -> NodeScan {
        NodeScan::new(Self::STRIDE)
    }

    /// The address that places an entry: its key's or its value's (see [`BTree::BY_VALUE`]).
    /// Keys (or values) of one node are one [`BTree::STRIDE`] apart; of different nodes, never
    /// (a node is larger than its 11 slots of either).
    #[inline(always)]
    fn address(key: &K, value: &V) -> usize {
        if Self::BY_VALUE {
            address(value)
        } else {
            address(key)
        }
    }
}

impl<'s, K, V> BTree<'s, K, V> {
    /// The block of a tree of `len` entries, counting its nodes in `scan` (from
    /// [`BTree::scan`]).
    pub(crate) fn new(len: usize, scan: &'s mut NodeScan) -> Self {
        BTree {
            len,
            nodes: NodeCounter::new(scan),
            entry: PhantomData,
        }
    }
}

impl<K: Layout, V: Layout> BlockFromEntries<K, V> for BTree<'_, K, V> {
    #[inline(always)]
    fn entry(&mut self, key: &K, value: &V) {
        self.nodes.note(Self::address(key, value));
    }

    fn entry_back(&mut self, key: &K, value: &V) {
        self.nodes.note_back(Self::address(key, value));
    }

    fn block(self) -> HeapBlock {
        let len = self.len;
        let (leaf, internal, align) = btree_nodes::<K, V>();
        let bytes = |(leaves, internals): (usize, usize)| leaves * leaf + internals * internal;
        let (fewest, most) = btree_bounds(len);
        let (low, high) = (bytes(fewest), bytes(most));
        let counted = if len == 0 {
            Some((0, 0))
        } else if core::mem::size_of::<K>() > 0 || core::mem::size_of::<V>() > 0 {
            self.nodes.count()
        } else if len == 1 {
            Some((1, 0))
        } else {
            None
        };
        let (estimate, allocations) = match counted {
            Some(nodes) if (low..=high).contains(&bytes(nodes)) => {
                (bytes(nodes), nodes.0 + nodes.1)
            }
            _ => {
                let middle = (fewest.0 + most.0) / 2;
                let nodes = (middle, (fewest.1 + most.1) / 2);
                (bytes(nodes), nodes.0 + nodes.1)
            }
        };
        HeapBlock {
            bytes: estimate,
            align,
            used: len * (core::mem::size_of::<K>() + core::mem::size_of::<V>()),
            allocations,
            padding: len * (K::LAYOUT.padding_bytes + V::LAYOUT.padding_bytes),
            // B-tree nodes are allocated whole and have no `shrink_to_fit`.
            reclaimable: 0,
            // Where the invariants leave one shape (up to ten entries: a single root leaf;
            // 12 to 16: two leaves under a root), the figure is the allocator's. (The depth of
            // what entries under a root own is another matter: see [`reach_btree_leaves`].)
            exactness: if low == high && len > 0 {
                Exactness::Exact
            } else {
                Exactness::Estimate { low, high }
            },
        }
    }
}

/// The block of a `BTreeMap<K, V>` seen only through its values, in order (a wrapper such as
/// `roaring::RoaringTreemap` hands its keys out by value): nodes are counted from the values'
/// addresses, `size_of::<V>()` apart within a node, as they are from keys'.
#[cfg(feature = "roaring")]
pub(crate) fn btree_by_values<'a, K: Layout, V: Layout + 'a>(
    len: usize,
    values: impl Iterator<Item = &'a V>,
) -> HeapBlock {
    let mut scan = NodeScan::new(core::mem::size_of::<V>());
    let mut block = BTree::<K, V>::new(len, &mut scan);
    for value in values {
        block.nodes.note(address(value));
    }
    block.block()
}

/// Reports a B-tree of `len` entries: its nodes as one block, then how deep they reach.
///
/// A leaf of a tree of height `h` is `h + 1` hops from the map; the height is known where the
/// invariants leave one (up to ten entries: 0; 12 to 70: 1; 144 to 430: 2; ...), and otherwise
/// the figure is the least height `len` allows, a lower bound. The entries are visited one hop
/// below the map, as if all in the root: for a tree of height 1 or more whose entries own heap,
/// the depth of what they own is a lower bound too. A lower bound is reported through
/// [`Visitor::reaches_at_least`], which leaves the depth not exact (the heap bytes may still be).
#[inline(always)]
pub(crate) fn visit_btree<'a, K, W, I, V>(
    visitor: &mut V,
    len: usize,
    entries: I,
    block: BTree<'_, K, W>,
) where
    K: Layout + 'a,
    W: Layout + 'a,
    I: DoubleEndedIterator<Item = (&'a K, &'a W)> + Clone,
    V: Visitor<'a>,
{
    visitor.heap_with_double_ended_entries(len, entries, block);
    reach_btree_leaves(visitor, len, !(K::IS_LEAF && W::IS_LEAF));
}

/// Tells `visitor` how deep the nodes of a B-tree of `len` entries reach (see [`visit_btree`])
/// where its block does not tell: a tree of height 1 or more, or one whose height is not
/// known; `entries_own_heap`: whether its entries may own heap (not leaves), whose depth is then
/// a lower bound under a root.
#[inline(always)]
pub(crate) fn reach_btree_leaves<'a, V: Visitor<'a>>(
    visitor: &mut V,
    len: usize,
    entries_own_heap: bool,
) {
    let height = btree_min_height(len);
    if height < btree_max_height(len) || (height > 0 && entries_own_heap) {
        visitor.reaches_at_least(height + 1);
    } else if height > 0 {
        visitor.reaches(height + 1);
    }
}

impl<K: Layout, V: Layout> Layout for BTreeMap<K, V> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<BTreeMap<K, V>>("BTreeMap<K, V>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<(K, V)>);

    fn visit<'a, V2: Visitor<'a>>(&'a self, visitor: &mut V2) {
        let mut scan = BTree::<K, V>::scan();
        let block = BTree::<K, V>::new(self.len(), &mut scan);
        visit_btree(visitor, self.len(), self.iter(), block);
    }
}

impl<T: Layout> Layout for BTreeSet<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<BTreeSet<T>>("BTreeSet<T>", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<T>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let items = self.iter().map(|item| (item, &()));
        let mut scan = BTree::<T, ()>::scan();
        let block = BTree::<T, ()>::new(self.len(), &mut scan);
        visit_btree(visitor, self.len(), items, block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "std")]
    fn capacity_round_trips_through_buckets() {
        let mut buckets = 4;
        while buckets <= 1 << 20 {
            assert_eq!(buckets_for(bucket_capacity(buckets)), Ok(buckets));
            buckets *= 2;
        }
        assert_eq!(buckets_for(0), Ok(0));
        assert_eq!(buckets_for(13), Err(16));
        assert_eq!(buckets_for(15), Err(32));
    }

    /// Counts `addresses` as a walk from both ends would: the first `split` in order, the rest
    /// from the back.
    fn count_split(addresses: &[usize], stride: usize, split: usize) -> Option<(usize, usize)> {
        let mut scan = NodeScan::new(stride);
        let mut counter = NodeCounter::new(&mut scan);
        for &address in &addresses[..split] {
            counter.note(address);
        }
        for &address in addresses[split..].iter().rev() {
            counter.note_back(address);
        }
        counter.count()
    }

    #[test]
    fn btree_nodes_from_addresses() {
        // Moved off 0, which no reference has (the counter's "no run" mark).
        let count = |a: &[usize]| {
            let a: Vec<usize> = a.iter().map(|address| address + 4096).collect();
            let counts: Vec<_> = (0..=a.len())
                .map(|split| count_split(&a, 8, split))
                .collect();
            assert!(counts.iter().all(|c| *c == counts[0]), "{a:?}: {counts:?}");
            counts[0]
        };
        // leaf, separator, leaf
        assert_eq!(count(&[0, 8, 500, 100, 108, 116]), Some((2, 1)));
        // one leaf
        assert_eq!(count(&[0, 8, 16]), Some((1, 0)));
        // a root (key at 2000) over internal nodes at 1000 (one key) and 5000 (two keys), over
        // five single-key leaves
        let tree = [0, 1000, 200, 2000, 400, 5000, 600, 5008, 800];
        assert_eq!(count(&tree), Some((5, 3)));
        // two runs cannot be a B-tree; nor can a separator run of two keys
        assert_eq!(count(&[0, 8, 100, 108]), None);
        assert_eq!(count(&[0, 500, 508, 100]), None);
        assert_eq!(count(&[0, 500, 508]), None);
    }

    /// The count written plainly, one level at a time with every key's address kept: what the
    /// streaming [`NodeCounter`] must agree with.
    fn count_plainly(addresses: &[usize], stride: usize) -> Option<(usize, usize)> {
        let mut level: Vec<usize> = addresses.to_vec();
        let mut nodes = Vec::new();
        while !level.is_empty() {
            // Split into runs of neighbours.
            let mut runs: Vec<Vec<usize>> = Vec::new();
            for &a in &level {
                match runs.last_mut() {
                    Some(run) if run.last().unwrap() + stride == a => run.push(a),
                    _ => runs.push(vec![a]),
                }
            }
            if runs.len() % 2 == 0 || runs.iter().skip(1).step_by(2).any(|r| r.len() != 1) {
                return None;
            }
            nodes.push(runs.len().div_ceil(2));
            level = runs.iter().skip(1).step_by(2).map(|r| r[0]).collect();
        }
        Some((
            nodes.first().copied().unwrap_or(0),
            nodes.iter().skip(1).sum(),
        ))
    }

    #[test]
    fn streaming_count_agrees_with_the_plain_one() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        // Counted in order, from the back, and meeting anywhere (every split of short inputs).
        let check = |a: &[usize], next: &mut dyn FnMut() -> usize| {
            let plain = count_plainly(a, 8);
            let mut splits = vec![0, a.len() / 2, a.len()];
            if a.len() <= 64 {
                splits = (0..=a.len()).collect();
            } else {
                splits.extend((0..16).map(|_| next() % a.len()));
            }
            for split in splits {
                assert_eq!(
                    count_split(a, 8, split),
                    plain,
                    "{} keys, split {split}",
                    a.len()
                );
            }
            plain
        };
        // Real trees, filled in random order, with some removals.
        let mut counted = 0;
        let sizes: &[usize] = if cfg!(miri) {
            &[1, 5, 12, 50, 200]
        } else {
            &[1, 5, 11, 12, 50, 200, 1000, 5000]
        };
        for &len in sizes {
            let mut map = BTreeMap::new();
            for _ in 0..len {
                map.insert(next() % (4 * len), 0u64);
            }
            for _ in 0..len / 3 {
                map.remove(&(next() % (4 * len)));
            }
            let keys: Vec<usize> = map.keys().map(address).collect();
            counted += usize::from(check(&keys, &mut next).is_some());
            // Scrambled addresses: all must agree, usually that it is no B-tree.
            let mut scrambled = keys.clone();
            for i in (1..scrambled.len()).rev() {
                scrambled.swap(i, next() % (i + 1));
            }
            check(&scrambled, &mut next);
        }
        assert_eq!(counted, sizes.len(), "real trees are counted");
        // Synthetic runs of every shape up to a few keys.
        for shape in 0u32..if cfg!(miri) { 64 } else { 4096 } {
            let mut a = Vec::new();
            let mut at = 4096;
            for bit in 0..12 {
                at += if shape >> bit & 1 == 1 {
                    8
                } else {
                    1000 + 40 * bit
                };
                a.push(at as usize);
            }
            check(&a, &mut next);
        }
    }

    /// The greatest height against its closed form: the smallest tree of height `h` holds
    /// `2 * 6^h - 1` entries (a root of one key over two subtrees of `6^h - 1`).
    #[test]
    fn btree_heights() {
        for len in 0..5000usize {
            let (least, most) = (btree_min_height(len), btree_max_height(len));
            assert!(least <= most, "{len}");
            let smallest = |h: u32| 2 * 6usize.pow(h) - 1;
            assert!(most == 0 || smallest(most as u32) <= len, "{len}");
            assert!(smallest(most as u32 + 1) > len, "{len}");
        }
        let fixed = |len| btree_min_height(len) == btree_max_height(len);
        assert!((0..=10).chain(12..=70).chain(144..=430).all(fixed));
        assert!(![11, 71, 143, 431].into_iter().any(fixed));
    }

    #[test]
    fn btree_bounds_order() {
        for len in 0..5000 {
            let (fewest, most) = btree_bounds(len);
            assert!(fewest.0 <= most.0 && fewest.1 <= most.1, "{len}");
        }
    }
}
