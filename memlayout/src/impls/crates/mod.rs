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
//! | `compact_str` | `>=0.9.1, <0.10` | `CompactString` | inline up to 24 bytes (12 on 32-bit targets); longer: one buffer of `capacity()` bytes; `const_new` strings: none | yes (before 0.9.1 a heap string shrunk below 32 bytes reports a `capacity()` smaller than its allocation: a compact_str bug) |
//! | `smol_str` | `>=0.2.1, <0.4` | `SmolStr` | inline up to 23 bytes and static strings: none; longer: a shared `Arc<str>`, counted once | yes |
//! | `arcstr` | `>=1.1, <2` | `ArcStr`, `Substr` | one shared block (two counter words, then the bytes), counted once; literals, the empty string and leaked strings: none | yes |
//! | `serde_json` | `>=1, <2` | `Value`, `Map<String, Value>`, `Number` | strings and arrays as std's; `Map`: B-tree nodes (default), an `IndexMap` (`preserve_order`); `Number`: none, a `String` with `arbitrary_precision` | strings, arrays, scalars: yes; `Map`: bounds as std's `BTreeMap` (node count not public); with `preserve_order` or `arbitrary_precision`: bounds from the entries' or digits' size up, no upper end (capacities not public) |
//! | `url` | `>=2, <3` | `Url` | its serialization `String` | bounds: `len()` up, no upper end (capacity not public) |
//! | `bytes` | `>=1.6.1, <2` | `Bytes`, `BytesMut` | a buffer (promotable or shared form) or nothing (static) | bounds, no upper end: the form, the buffer's size and the sharing are private; low bound `len()` for a unique `Bytes`, `capacity()` for a `BytesMut` |
//!
//! Version ranges: the oldest version of each was built and its `tests/crate_<name>.rs` run once
//! (`cargo update -p CRATE --precise OLD`), but for two cases: arcstr 1.1 without the `leak`
//! case (an API of 1.2), and serde_json, which the workspace's other dependencies hold at a
//! recent version: memlayout was built against 1.0.0 and the test run against 1.0.40 from a
//! scratch crate (1.0.0's `json!` macro does not expand in a 2021-edition test).
#[cfg(feature = "arcstr")]
mod arcstr;
#[cfg(feature = "bytes")]
mod bytes;
#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "compact_str")]
mod compact_str;
#[cfg(feature = "parking_lot")]
mod parking_lot;
#[cfg(feature = "serde_json")]
mod serde_json;
#[cfg(feature = "smol_str")]
mod smol_str;
#[cfg(feature = "time")]
mod time;
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

            fn write_key(&self, out: &mut String) -> bool {
                $crate::impls::debug_key(self, out)
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
