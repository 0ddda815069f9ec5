//! The visitor protocol: how a value describes its parts to a walk.
//!
//! [`Layout::visit`] calls a [`Visitor`] once per part of the value: an inline field, a heap
//! block it owns, the elements stored in that block, a shared or borrowed target. The visitor
//! decides whether and when to look inside each part, which is how one `visit` method serves
//! three walks: the totals-only tally, the full report and the drop-order plan. A `visit`
//! implementation never recurses by itself, so walks can bound their stack depth.

use core::ops::Deref;

use crate::layout::Layout;

/// Whether a heap figure is the allocator's exact request or an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Exactness {
    /// Equal to what the global allocator was asked for.
    Exact,
    /// Not observable through the public std API (`BTreeMap` nodes): the truth lies in
    /// `low..=high`, and the figure given is a documented best estimate.
    Estimate {
        /// A lower bound on the true figure.
        low: usize,
        /// An upper bound on the true figure; `usize::MAX` when none is known (a hash table
        /// whose tombstones hide its size).
        high: usize,
    },
}

impl Exactness {
    /// `true` for [`Exactness::Exact`].
    ///
    /// ```
    /// assert!(memlayout::visit::Exactness::Exact.is_exact());
    /// ```
    pub const fn is_exact(&self) -> bool {
        matches!(self, Exactness::Exact)
    }
}

/// A heap allocation (or a group of them) owned by a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeapBlock {
    /// Bytes requested from the allocator (the best estimate when not exact).
    pub bytes: usize,
    /// The alignment requested.
    pub align: usize,
    /// Bytes holding live elements: `len * size_of::<T>()` for a `Vec<T>`.
    pub used: usize,
    /// How many allocations the block stands for (0 for an empty `Vec`, which allocates nothing).
    pub allocations: usize,
    /// Padding bytes inside the live elements (`len * padding of T` for a `Vec<T>`).
    pub padding: usize,
    /// Bytes `shrink_to_fit` would give back: `bytes - used` for a `Vec`, less for a hash
    /// table (whose smallest table for `len` entries still has spare buckets), all of `bytes`
    /// for a buffer that `shrink_to_fit` moves back inline (a spilled `SmallVec` or heap
    /// `TinyVec` that fits inline again, a short `CompactString`), 0 where the collection has
    /// no `shrink_to_fit` (B-tree and list nodes).
    pub reclaimable: usize,
    /// Whether `bytes` is exact.
    pub exactness: Exactness,
}

impl HeapBlock {
    /// An exact block of `bytes` bytes, `used` of them in use; no allocation when `bytes == 0`.
    ///
    /// ```
    /// let b = memlayout::HeapBlock::exact(32, 8, 24);
    /// assert_eq!((b.allocations, b.unused()), (1, 8));
    /// ```
    pub const fn exact(bytes: usize, align: usize, used: usize) -> HeapBlock {
        HeapBlock {
            bytes,
            align,
            used,
            allocations: if bytes == 0 { 0 } else { 1 },
            padding: 0,
            reclaimable: bytes.saturating_sub(used),
            exactness: Exactness::Exact,
        }
    }

    /// The same block with `padding` bytes of padding inside its live elements.
    ///
    /// ```
    /// assert_eq!(memlayout::HeapBlock::exact(16, 4, 16).with_padding(6).padding, 6);
    /// ```
    pub const fn with_padding(mut self, padding: usize) -> HeapBlock {
        self.padding = padding;
        self
    }

    /// The same block with `reclaimable` bytes that `shrink_to_fit` would give back.
    ///
    /// ```
    /// let b = memlayout::HeapBlock::exact(148, 16, 32).with_reclaimable(0);
    /// assert_eq!((b.unused(), b.reclaimable), (116, 0));
    /// ```
    pub const fn with_reclaimable(mut self, reclaimable: usize) -> HeapBlock {
        self.reclaimable = reclaimable;
        self
    }

    /// Spare capacity: allocated bytes not holding live elements.
    pub const fn unused(&self) -> usize {
        self.bytes.saturating_sub(self.used)
    }
}

/// A reference-counted allocation (`Rc`, `Arc`, `Weak`) as seen through one handle.
#[derive(Debug)]
pub struct Shared<'a, T: ?Sized> {
    /// The allocation's address: the same for every handle to it, so a walk counts it once.
    pub address: usize,
    /// The whole allocation, counts header included.
    pub block: HeapBlock,
    /// The strong count now.
    pub strong: usize,
    /// The weak count now (not counting the implicit weak reference held by the strong ones).
    pub weak: usize,
    /// The shared value, when this handle may read it (strong handles); `None` for `Weak`.
    pub contents: Option<&'a T>,
    /// `true` when this handle is a `Weak`.
    pub is_weak: bool,
    /// `true` for `Arc`/`sync::Weak` (atomic counts), `false` for `Rc`/`rc::Weak`.
    pub is_atomic: bool,
}

/// A heap block whose figures follow from where its entries sit in memory: a hash table's
/// span of slots, a B-tree's node count. It is shown each entry once, in iteration order,
/// then asked for the block; see [`Visitor::heap_with_entries`].
///
/// ```
/// use memlayout::HeapBlock;
/// use memlayout::visit::BlockFromEntries;
///
/// /// A block of 8 bytes per entry, counted as the entries go by.
/// struct PerEntry(usize);
///
/// impl BlockFromEntries<u32, u32> for PerEntry {
///     fn entry(&mut self, _key: &u32, _value: &u32) {
///         self.0 += 8;
///     }
///     fn block(self) -> HeapBlock {
///         HeapBlock::exact(self.0, 4, self.0)
///     }
/// }
///
/// let mut b = PerEntry(0);
/// b.entry(&1, &2);
/// assert_eq!(b.block().bytes, 8);
/// ```
pub trait BlockFromEntries<K: ?Sized, W: ?Sized> {
    /// Notes one entry.
    fn entry(&mut self, key: &K, value: &W);
    /// Notes one entry met from the back (see [`Visitor::heap_with_double_ended_entries`]):
    /// the entries noted this way follow those noted by [`BlockFromEntries::entry`], and come
    /// last first. The default notes it as [`BlockFromEntries::entry`] does, which is right for
    /// a block that does not depend on the order.
    fn entry_back(&mut self, key: &K, value: &W) {
        self.entry(key, value);
    }
    /// The block, once every entry has been noted.
    fn block(self) -> HeapBlock;
}

/// The block `block` makes of `entries`, each noted once, in order (a walk that visits none of
/// them still needs the block they determine).
pub(crate) fn block_of<'a, K, W, I, B>(mut block: B, entries: I) -> HeapBlock
where
    K: ?Sized + 'a,
    W: ?Sized + 'a,
    I: Iterator<Item = (&'a K, &'a W)>,
    B: BlockFromEntries<K, W>,
{
    for (key, value) in entries {
        block.entry(key, value);
    }
    block.block()
}

/// Receives the parts of a value from [`Layout::visit`].
///
/// memlayout's own walks implement it; implement it yourself to write a new kind of walk.
/// Every method has a default body, so a visitor overrides only the calls it cares about. The
/// defaults look inside what the value owns and ignore the rest:
/// - every value the current one owns inline or on the heap goes to [`Visitor::value`]: a field
///   ([`Visitor::field`]), an element, a map entry's key and value, a box's or linked-list
///   node's contents; `value`'s default calls [`Layout::visit`] on it, which descends;
/// - every heap block goes to [`Visitor::heap`] (ignored by default): the block a value
///   reports, a box's block, and the figure of a field measured by `#[layout(with = ...)]`;
/// - ignored: what the value does not own or cannot lend for the walk: shared allocations
///   ([`Visitor::shared`], reachable through many handles and through cycles), borrowed targets
///   ([`Visitor::borrowed`]), contents behind a guard ([`Visitor::guarded`]) and copies of
///   packed fields ([`Visitor::packed_field`]) (both would have to be kept alive for `'a`), and
///   the notes [`Visitor::variant`], [`Visitor::unreadable`], [`Visitor::resource`].
///
/// The defaults recurse, one level of machine stack per level of nesting: a visitor meant for
/// deep values (a long linked chain of boxes) bounds its stack as memlayout's walks do.
///
/// A visitor that collects the capacity of every `String` a value owns (those in shared,
/// guarded or packed parts aside, which the defaults skip):
///
/// ```
/// use memlayout::{HeapBlock, Layout, Visitor};
/// use std::any::type_name;
///
/// #[derive(Default)]
/// struct StringCapacities { capacities: Vec<usize>, in_string: bool }
///
/// impl<'a> Visitor<'a> for StringCapacities {
///     fn value<T: Layout + ?Sized>(&mut self, value: &'a T) {
///         let is_string = type_name::<T>() == type_name::<String>();
///         let outer = std::mem::replace(&mut self.in_string, is_string);
///         value.visit(self);
///         self.in_string = outer;
///     }
///     fn heap(&mut self, block: HeapBlock) {
///         if self.in_string {
///             self.capacities.push(block.bytes); // a `String`'s block is its capacity
///         }
///     }
/// }
///
/// let names = vec![Some(String::with_capacity(5)), None, Some(String::from("ab"))];
/// let mut visitor = StringCapacities::default();
/// visitor.value(&names);
/// assert_eq!(visitor.capacities, [5, names[2].as_ref().unwrap().capacity()]);
/// ```
///
/// A hand-written [`Layout`] impl calls these methods for each part of its value:
///
/// ```
/// use memlayout::{HeapBlock, Layout, TypeLayout, Visitor};
///
/// /// A buffer type from some other crate, laid out by hand.
/// struct Buffer { bytes: Vec<u8> }
///
/// impl Layout for Buffer {
///     const LAYOUT: &'static TypeLayout = <Vec<u8> as Layout>::LAYOUT;
///     fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
///         v.heap(HeapBlock::exact(self.bytes.capacity(), 1, self.bytes.len()));
///     }
/// }
///
/// let b = Buffer { bytes: Vec::with_capacity(10) };
/// assert_eq!(memlayout::heap_bytes(&b), 10);
/// ```
pub trait Visitor<'a>: Sized {
    /// A value the walk has reached: the root, when a walk starts with `visitor.value(&root)`,
    /// and, through the defaults, every value owned by one already reached. The default
    /// descends: it calls `value.visit(self)`, which reports the value's parts to this visitor.
    fn value<T: Layout + ?Sized>(&mut self, value: &'a T) {
        value.visit(self);
    }

    /// An inline field of the current value. `index` is the field's position in
    /// [`TypeLayout::fields`](crate::TypeLayout::fields), or in the active variant's fields after
    /// [`Visitor::variant`]. The default passes the field's value to [`Visitor::value`].
    fn field<T: Layout + ?Sized>(&mut self, index: usize, name: &'static str, value: &'a T) {
        let _ = (index, name);
        self.value(value);
    }

    /// A field of a `#[repr(packed)]` struct, which cannot be borrowed in place. The visitor
    /// receives a bitwise copy that it must keep alive for the walk and never drop. The default
    /// ignores it (and never drops it): a visitor that looks inside packed fields keeps the
    /// copies somewhere that lives for `'a`.
    fn packed_field<T: Layout + 'a>(
        &mut self,
        index: usize,
        name: &'static str,
        copy: core::mem::ManuallyDrop<T>,
    ) {
        let _ = (index, name, copy);
    }

    /// A field that is not walked (`#[layout(opaque)]`, `#[layout(with = ...)]`): its heap
    /// figure, if any, comes from a function the user named. The default passes the figure to
    /// [`Visitor::heap`].
    fn measured(&mut self, index: usize, name: &'static str, heap: HeapBlock) {
        let _ = (index, name);
        self.heap(heap);
    }

    /// The active variant of an enum; the fields that follow belong to it. Ignored by default.
    fn variant(&mut self, index: usize, name: &'static str) {
        let _ = (index, name);
    }

    /// A heap allocation the current value owns. Elements stored in it follow through
    /// [`Visitor::elements`] or [`Visitor::entries`]. Ignored by default.
    fn heap(&mut self, block: HeapBlock) {
        let _ = block;
    }

    /// A heap allocation the current value owns that is exact and plain: `bytes` bytes
    /// requested with alignment `align` (no allocation when `bytes` is 0), the first `used` of
    /// them (`used <= bytes`) holding live elements without padding, the rest spare capacity
    /// that `shrink_to_fit` gives back: a `String`'s buffer, a `Vec<u64>`'s. The default passes
    /// [`HeapBlock::exact`]`(bytes, align, used)` to [`Visitor::heap`], so a visitor that
    /// handles `heap` handles this too; a walk that adds up figures overrides it to skip the
    /// tests such a block cannot need (an estimate, padding, spare bytes kept).
    ///
    /// ```
    /// use memlayout::{HeapBlock, Layout, TypeLayout, Visitor};
    ///
    /// /// A byte buffer from some other crate, laid out by hand.
    /// struct Bytes { buf: Vec<u8> }
    ///
    /// impl Layout for Bytes {
    ///     const LAYOUT: &'static TypeLayout = <Vec<u8> as Layout>::LAYOUT;
    ///     fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
    ///         v.plain_heap(self.buf.capacity(), 1, self.buf.len());
    ///     }
    /// }
    ///
    /// let mut b = Bytes { buf: Vec::with_capacity(10) };
    /// b.buf.extend_from_slice(b"abc");
    /// let t = memlayout::totals(&b);
    /// assert_eq!((t.heap_bytes, t.heap_used, t.reclaimable, t.allocations), (10, 3, 7, 1));
    /// ```
    fn plain_heap(&mut self, bytes: usize, align: usize, used: usize) {
        self.heap(HeapBlock::exact(bytes, align, used));
    }

    /// `links` allocations linked one behind the other, reported as one `block` standing for
    /// them all: the first is one pointer hop from the current value, each next one a hop
    /// further, so the last is `links` hops away (the nodes of a `LinkedList` of plain values,
    /// reported in constant time). No elements follow. The default passes the block to
    /// [`Visitor::heap`], so a visitor that does not count hops handles it already; a walk that
    /// counts them overrides it.
    ///
    /// ```
    /// use memlayout::{HeapBlock, Layout, TypeLayout, Visitor};
    ///
    /// /// A singly linked list of `u64`s from some other crate, laid out by hand.
    /// struct Chain { len: usize }
    ///
    /// impl Layout for Chain {
    ///     const LAYOUT: &'static TypeLayout = <Vec<u64> as Layout>::LAYOUT;
    ///     fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
    ///         // One 16-byte node (next pointer and value) per element.
    ///         let bytes = 16 * self.len;
    ///         let nodes = HeapBlock { allocations: self.len, ..HeapBlock::exact(bytes, 8, bytes) };
    ///         v.linked_heap(nodes, self.len);
    ///     }
    /// }
    ///
    /// let t = memlayout::totals(&Chain { len: 5 });
    /// assert_eq!((t.heap_bytes, t.allocations, t.max_indirection), (80, 5, 5));
    /// ```
    fn linked_heap(&mut self, block: HeapBlock, links: usize) {
        let _ = links;
        self.heap(block);
    }

    /// Notes that the current value's heap reaches `hops` pointer hops below it, deeper than its
    /// blocks show when one block stands for allocations at several depths: a B-tree's nodes,
    /// whose leaves are `height + 1` hops from the map. Ignored by default; a walk that counts
    /// hops records it.
    ///
    /// ```
    /// use memlayout::{HeapBlock, Layout, TypeLayout, Visitor};
    ///
    /// /// A tree of 7 nodes of 32 bytes, 3 levels deep, from some other crate.
    /// struct Tree;
    ///
    /// impl Layout for Tree {
    ///     const LAYOUT: &'static TypeLayout = <Vec<u64> as Layout>::LAYOUT;
    ///     fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
    ///         v.heap(HeapBlock { allocations: 7, ..HeapBlock::exact(7 * 32, 8, 7 * 32) });
    ///         v.reaches(3);
    ///     }
    /// }
    ///
    /// let t = memlayout::totals(&Tree);
    /// assert_eq!((t.allocations, t.max_indirection), (7, 3));
    /// ```
    fn reaches(&mut self, hops: usize) {
        let _ = hops;
    }

    /// As [`Visitor::reaches`], for a depth known only as a lower bound: the current value's
    /// heap reaches at least `hops` pointer hops below it, perhaps more (a B-tree whose length
    /// leaves its height open). A walk that counts hops records `hops` and marks its depth as
    /// not exact ([`Totals::indirection_is_exact`](crate::Totals::indirection_is_exact)), so
    /// an `indirection` budget on it fails as unverified. The default calls
    /// [`Visitor::reaches`].
    ///
    /// ```
    /// use memlayout::{HeapBlock, Layout, TypeLayout, Visitor};
    ///
    /// /// Nodes of a tree whose height is not known; at least 2 levels.
    /// struct Tree;
    ///
    /// impl Layout for Tree {
    ///     const LAYOUT: &'static TypeLayout = <Vec<u64> as Layout>::LAYOUT;
    ///     fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
    ///         v.heap(HeapBlock { allocations: 3, ..HeapBlock::exact(3 * 32, 8, 3 * 32) });
    ///         v.reaches_at_least(2);
    ///     }
    /// }
    ///
    /// let t = memlayout::totals(&Tree);
    /// assert_eq!((t.max_indirection, t.indirection_is_exact, t.is_exact), (2, false, true));
    /// ```
    fn reaches_at_least(&mut self, hops: usize) {
        self.reaches(hops);
    }

    /// Elements in index order: inline (arrays) or in the value's last heap block (`Vec`).
    /// Several calls continue the numbering (a `VecDeque`'s two halves). The default passes
    /// each element to [`Visitor::value`].
    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        for item in items {
            self.value(item);
        }
    }

    /// Map entries (or set items, with `()` values) in the order the collection iterates and
    /// drops them. `len` is the exact count. The default passes each key, then its value, to
    /// [`Visitor::value`].
    fn entries<K, W, I>(&mut self, len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        let _ = len;
        for (key, value) in entries {
            self.value(key);
            self.value(value);
        }
    }

    /// A heap allocation whose figures follow from its entries (see [`BlockFromEntries`]), and
    /// the entries stored in it: the same as [`Visitor::heap`] with the finished block, then
    /// [`Visitor::entries`], which is what this default does (two passes over the entries). A
    /// walk that does not need the block before the entries (the totals) overrides it to note
    /// and visit each entry in one pass.
    ///
    /// ```
    /// use memlayout::{HeapBlock, Layout, TypeLayout, Visitor};
    /// use memlayout::visit::BlockFromEntries;
    ///
    /// /// Entries in a pool whose size is the distance between the first and last entry.
    /// struct Pool { slots: Vec<(u64, u64)> }
    ///
    /// struct Span { first: usize, last: usize }
    ///
    /// impl BlockFromEntries<u64, u64> for Span {
    ///     fn entry(&mut self, key: &u64, _value: &u64) {
    ///         let at = key as *const u64 as usize;
    ///         self.first = self.first.min(at);
    ///         self.last = self.last.max(at + 16);
    ///     }
    ///     fn block(self) -> HeapBlock {
    ///         let bytes = self.last.saturating_sub(self.first);
    ///         HeapBlock::exact(bytes, 8, bytes)
    ///     }
    /// }
    ///
    /// impl Layout for Pool {
    ///     const LAYOUT: &'static TypeLayout = <Vec<(u64, u64)> as Layout>::LAYOUT;
    ///     fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
    ///         let entries = self.slots.iter().map(|(k, w)| (k, w));
    ///         v.heap_with_entries(self.slots.len(), entries, Span { first: usize::MAX, last: 0 });
    ///     }
    /// }
    ///
    /// let pool = Pool { slots: vec![(1, 2), (3, 4)] };
    /// assert_eq!(memlayout::heap_bytes(&pool), 32);
    /// ```
    fn heap_with_entries<K, W, I, B>(&mut self, len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        self.heap(block_of(block, entries.clone()));
        self.entries(len, entries);
    }

    /// The same as [`Visitor::heap_with_entries`] (which this default calls), for entries that
    /// may also be taken from the back. A walk that does not care about order may take them
    /// from both ends at once, noting those from the back with [`BlockFromEntries::entry_back`]:
    /// two independent chains of memory loads, which the processor overlaps (a B-tree's nodes
    /// lie scattered in memory).
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// use std::collections::BTreeMap;
    ///
    /// let m: BTreeMap<u32, String> = (0..100).map(|i| (i, i.to_string())).collect();
    /// // Noted while visited (`heap_bytes`) or before (the report): the same figure.
    /// assert_eq!(memlayout::heap_bytes(&m), m.layout_report().totals().heap_bytes);
    /// ```
    fn heap_with_double_ended_entries<K, W, I, B>(&mut self, len: usize, entries: I, block: B)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: DoubleEndedIterator<Item = (&'a K, &'a W)> + Clone,
        B: BlockFromEntries<K, W>,
    {
        self.heap_with_entries(len, entries, block);
    }

    /// Contents held in an allocation of their own (`Box<T>`, a `LinkedList` node). `index`
    /// numbers linked nodes; `None` for a `Box`. A `Box`'s contents are one pointer hop away;
    /// linked node `index` is reached through the nodes before it, `index + 1` hops from the
    /// value (its block `index` hops away). The default passes the block to [`Visitor::heap`],
    /// then the contents to [`Visitor::value`].
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        let _ = index;
        self.heap(block);
        self.value(contents);
    }

    /// A reference-counted allocation seen through one handle. Ignored by default: the same
    /// allocation may be reached through many handles, and through a cycle; a visitor that
    /// looks inside keeps the [`Shared::address`]es it has seen and enters each once.
    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let _ = shared;
    }

    /// A borrowed target (`&T`, `&[T]`, `&str`): shown, not counted as owned. Ignored by
    /// default (references, too, may form cycles).
    fn borrowed<T: Layout + ?Sized>(&mut self, target: &'a T) {
        let _ = target;
    }

    /// Contents reached through a lock or borrow guard (`RefCell`, `Mutex`, `RwLock`). The
    /// visitor keeps the guard alive until the walk ends. The default drops the guard at once
    /// and ignores the contents: it has nowhere to keep the guard for `'a`.
    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        drop(guard);
    }

    /// A part that cannot be read now (a locked `Mutex`, a mutably borrowed `RefCell`).
    /// Ignored by default.
    fn unreadable(&mut self, reason: &'static str) {
        let _ = reason;
    }

    /// An operating-system resource released on drop (`"closes its file descriptor"`).
    /// Ignored by default.
    fn resource(&mut self, release: &'static str) {
        let _ = release;
    }
}
