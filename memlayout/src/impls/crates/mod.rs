//! `Layout` for types of other crates, each behind a cargo feature named after the crate (off by
//! default). One file per crate; each states how the crate's real heap layout was modelled, from
//! reading its source.
//!
//! | crate | versions | types | heap / shared storage | exact? |
//! |---|---|---|---|---|
//! | `uuid` | `>=0.8, <2` | `Uuid` | none (16 inline bytes) | yes |
//! | `chrono` | `>=0.4.34, <0.5` | `NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime<Utc>`, `DateTime<FixedOffset>`, `DateTime<Local>`, `TimeDelta` (= `Duration`), `Weekday`, `Month`, `Utc`, `FixedOffset`, `Local` | none | yes |
//! | `time` | `>=0.3, <0.4` | `Date`, `Time`, `PrimitiveDateTime`, `OffsetDateTime`, `UtcOffset`, `Duration`, `Weekday`, `Month` | none | yes |
//! | `parking_lot` | `>=0.12, <0.13` | `Mutex`, `FairMutex`, `RwLock`, `ReentrantMutex` | the contents', read with `try_lock` / `try_read` | yes, unless held elsewhere: then unreadable, as std's locked `Mutex` |
//! | `compact_str` | `>=0.9.1, <0.10` | `CompactString` | inline up to 24 bytes (12 on 32-bit targets); longer: one buffer of `capacity()` bytes (`shrink_to_fit` keeps at least 32, 16 on 32-bit targets, or moves a short one back inline); `const_new` strings: none | yes (before 0.9.1 a heap string shrunk below 32 bytes reports a `capacity()` smaller than its allocation: a compact_str bug) |
//! | `smol_str` | `>=0.2.1, <0.4` | `SmolStr` | inline up to 23 bytes and static strings: none; longer: a shared `Arc<str>`, counted once | yes |
//! | `arcstr` | `>=1.1, <2` | `ArcStr`, `Substr` | one shared block (two counter words, then the bytes), counted once; literals, the empty string and leaked strings: none | yes |
//! | `serde_json` | `>=1, <2` | `Value`, `Map<String, Value>`, `Number` | strings and arrays as std's; `Map`: B-tree nodes (default), an `IndexMap` (`preserve_order`); `Number`: none, a `String` with `arbitrary_precision` | strings, arrays, scalars: yes; `Map`: bounds as std's `BTreeMap` (node count not public); with `preserve_order` or `arbitrary_precision`: bounds from the entries' or digits' size up, no upper end (capacities not public) |
//! | `url` | `>=2, <3` | `Url` | its serialization `String` | bounds: `len()` up, no upper end (capacity not public) |
//! | `bytes` | `>=1.6.1, <2` | `Bytes`, `BytesMut` | a buffer (promotable or shared form) or nothing (static) | bounds, no upper end: the form, the buffer's size and the sharing are private; low bound `len()` for a unique `Bytes`, `capacity()` for a `BytesMut` |
//! | `hashbrown` | `>=0.15, <0.18` | `HashMap`, `HashSet` (any hasher), `HashTable` | one table block (slots, control bytes, a group's width), its size from hashbrown's own `allocation_size` | yes, even after removals |
//! | `indexmap` | `>=2, <3` | `IndexMap`, `IndexSet` (any hasher) | a hash table of `usize` indices, then a `Vec` of entries (hash, key, value) | bounds: only `min` of the two capacities is public; low bound certain, high unknown; the estimate is exact for maps grown by inserts, built `with_capacity` or shrunk |
//! | `smallvec` | `>=1, <2` | `SmallVec<A>` | none while inline; a buffer of `capacity()` items once spilled | yes |
//! | `arrayvec` | `>=0.7, <0.8` | `ArrayVec<T, CAP>`, `ArrayString<CAP>` | none: everything inline | yes |
//! | `tinyvec` | `>=1, <2` | `ArrayVec<A>`, `TinyVec<A>` | `ArrayVec`: inline (all `A`'s slots are values); `TinyVec::Heap`: a `Vec` | yes |
//! | `thin-vec` | `>=0.2.20, <0.3` | `ThinVec<T>` | one block: a two-`usize` header, padded to `T`'s alignment, then `capacity()` items; the empty singleton owns nothing | yes (not the `gecko-ffi` feature) |
//! | `slab` | `>=0.4.3, <0.5` | `Slab<T>` | a `Vec` of `capacity()` slots (slab's private `Entry<T>` enum) | yes with two or more occupied slots (the slot size is measured); otherwise bounds around the size of the same enum |
//! | `dashmap` | `>=6.1, <7` | `DashMap`, `DashSet` (any hasher) | a boxed slice of shards, then each shard's hashbrown table, read with `try_read` | yes, unless a shard is write-locked: then unreadable (a bound), as a locked `Mutex` |
//! | `roaring` | `>=0.10.7, <0.11` | `RoaringBitmap`, `RoaringTreemap` | a `Vec` of containers, each with an array (`Vec<u16>`) or bitmap (8 KiB) store; the treemap's B-tree of bitmaps | bounds: stores exact (from `statistics()`), the containers' vector capacity and size are private; B-tree nodes as std's |
//! | `either` | `>=1, <2` | `Either<L, R>` | the active side's | yes |
//! | `once_cell` | `>=1.13, <2` | `sync`/`unsync` `OnceCell`, `Lazy` | the contents' once set | yes, except an unset `Lazy` whose initialiser has drop glue (unreadable) |
//! | `half` | `>=2, <3` | `f16`, `bf16` | none | yes |
//! | `ordered-float` | `>=2, <6` | `OrderedFloat<T>`, `NotNan<f32>`, `NotNan<f64>` | the contents' | yes |
//!
//! Version ranges: the oldest version of each was built and its `tests/crate_<name>.rs` run once
//! (`cargo update -p CRATE --precise OLD`), but for two cases: arcstr 1.1 without the `leak`
//! case (an API of 1.2), and serde_json, which the workspace's other dependencies hold at a
//! recent version: memlayout was built against 1.0.0 and the test run against 1.0.40 from a
//! scratch crate (1.0.0's `json!` macro does not expand in a 2021-edition test).
//!
//! For the crates from `hashbrown` on, private layout facts (table sizes, headers, slot sizes)
//! are derived from what each crate makes public and checked against a counting allocator; the
//! oldest version of each range was checked the same way, in the workspace or, where its other
//! dependencies hold a newer one (smallvec, half, once_cell, hashbrown, indexmap, dashmap,
//! roaring), from a scratch crate running the same test file. A range starts where an API the
//! impl uses appeared: hashbrown's `allocation_size` (0.15), slab's double-ended `Iter` (0.4.3),
//! roaring's `statistics` (0.10.7), `Lazy::get` (once_cell 1.13), thin-vec's zero-sized elements
//! without an allocation (0.2.20), dashmap's shards as hashbrown 0.14 `RawTable`s (6.1; 6.0.0 is
//! yanked), `OrderedFloat<T>` without a `Float` bound (ordered-float 2.0). roaring 0.11 on is
//! left out: its run stores make a container larger and their capacity is not public.
#[cfg(feature = "arcstr")]
mod arcstr;
#[cfg(feature = "arrayvec")]
mod arrayvec;
#[cfg(feature = "bytes")]
mod bytes;
#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "compact_str")]
mod compact_str;
#[cfg(feature = "dashmap")]
mod dashmap;
#[cfg(feature = "either")]
mod either;
#[cfg(feature = "half")]
mod half;
#[cfg(feature = "hashbrown")]
mod hashbrown;
#[cfg(feature = "indexmap")]
mod indexmap;
#[cfg(feature = "once_cell")]
mod once_cell;
#[cfg(feature = "ordered-float")]
mod ordered_float;
#[cfg(feature = "parking_lot")]
mod parking_lot;
#[cfg(feature = "roaring")]
mod roaring;
#[cfg(feature = "serde_json")]
mod serde_json;
#[cfg(feature = "slab")]
mod slab;
#[cfg(feature = "smallvec")]
mod smallvec;
#[cfg(feature = "smol_str")]
mod smol_str;
#[cfg(feature = "thin-vec")]
mod thin_vec;
#[cfg(feature = "time")]
mod time;
#[cfg(feature = "tinyvec")]
mod tinyvec;
#[cfg(feature = "url")]
mod url;
#[cfg(feature = "uuid")]
mod uuid;

/// `Layout` for plain-data types of another crate: only their inline bytes, no heap, nothing to
/// walk; a report key from `Debug`. Padding inside them is not analysed (their fields are
/// private), so it is reported as 0, as for std's `Duration`.
#[allow(unused_macros)]
macro_rules! plain_data {
    ($kind:ident: $($name:literal $t:ty),* $(,)?) => {$(
        impl $crate::layout::Layout for $t {
            const LAYOUT: &'static $crate::layout::TypeLayout =
                &$crate::layout::TypeLayout::of::<$t>($name, $crate::layout::Kind::$kind);
            const IS_LEAF: bool = true;

            fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
                $crate::impls::debug_key_to(self, out)
            }
        }
    )*};
}
#[allow(unused_imports)]
use plain_data;

/// A block of at least `low` bytes (`used` of them holding data) in `allocations` allocations,
/// with no known upper end: for buffers whose capacity their crate does not expose.
#[cfg(any(feature = "bytes", feature = "serde_json", feature = "url"))]
fn unbounded(low: usize, used: usize, allocations: usize) -> crate::visit::HeapBlock {
    crate::visit::HeapBlock {
        allocations,
        reclaimable: 0,
        exactness: crate::visit::Exactness::Estimate {
            low,
            high: usize::MAX,
        },
        ..crate::visit::HeapBlock::exact(low, 1, used)
    }
}
