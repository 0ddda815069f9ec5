//! `Layout` for types of other crates, each behind a cargo feature named after the crate (off by
//! default). One file per crate; each states how the crate's real heap layout was modelled.
//!
//! | crate | versions | types | heap / shared | exact? |
//! |---|---|---|---|---|
//! | `uuid` | `>=0.8, <2` | `Uuid` | none (16 inline bytes) | yes |
//! | `chrono` | `>=0.4.34, <0.5` | `NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime<Utc>`, `DateTime<FixedOffset>`, `DateTime<Local>`, `TimeDelta` (= `Duration`), `Weekday`, `Month`, `Utc`, `FixedOffset`, `Local` | none | yes |
//! | `time` | `>=0.3, <0.4` | `Date`, `Time`, `PrimitiveDateTime`, `OffsetDateTime`, `UtcOffset`, `Duration`, `Weekday`, `Month` | none | yes |
//! | `parking_lot` | `>=0.12, <0.13` | `Mutex`, `FairMutex`, `RwLock`, `ReentrantMutex` | the contents', read with `try_lock` / `try_read` | yes, unless locked (then unreadable, as std's) |
//! | `compact_str` | `>=0.8, <0.10` | `CompactString` | inline up to 24 bytes (12 on 32-bit); heap: `capacity()` bytes (on 32-bit, a `usize` header more past 2^24 - 2); static strings: none | yes |
//! | `smol_str` | `>=0.2, <0.4` | `SmolStr` | inline up to 23 bytes, static: none; heap: a shared `Arc<str>`, counted once | yes |
//! | `arcstr` | `>=1.1, <2` | `ArcStr`, `Substr` | shared: one block of a 16-byte header and the bytes, counted once; literals and leaked strings: none | yes |
//! | `serde_json` | `>=1, <2` | `Value`, `Map<String, Value>`, `Number` | `Map` is a `BTreeMap` (default): B-tree bounds as std's; with `preserve_order` an `IndexMap`: bounds with no upper end; `Number` with `arbitrary_precision` holds a `String`: bounds | B-tree bounds (see [`map`](super::map)) |
//! | `url` | `>=2, <3` | `Url` | its serialization `String`: at least `len()` bytes, capacity not public | bounds, no upper end |
//! | `bytes` | `>=1.4, <2` | `Bytes`, `BytesMut` | a buffer (promotable or shared vtable) or nothing (static); the form is private | bounds, no upper end |
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
