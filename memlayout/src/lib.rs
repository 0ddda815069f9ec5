//! memlayout makes memory layout visible and testable.
//!
//! Add `#[derive(Layout)]` to a type and read, from the compiler's own numbers, every field's
//! offset, size, alignment and storage class; walk a real value to see its heap bytes, unused
//! capacity, padding, sharing and drop order.
//!
//! ```
//! use memlayout::Layout;
//!
//! #[derive(Layout)]
//! #[repr(C)]
//! struct Packet { tag: u8, len: u32, flags: u8 }
//!
//! let layout = Packet::LAYOUT;
//! assert_eq!(layout.size, 12);
//! assert_eq!(layout.padding_bytes, 6);
//!
//! let names = vec![String::from("a"), String::with_capacity(16)];
//! let string = core::mem::size_of::<String>();
//! assert_eq!(memlayout::heap_bytes(&names), 2 * string + 1 + 16);
//! ```
//!
//! # Where the names live
//! The root holds the names users type; the rest is in the module named for what it holds:
//! [`layout`] (static facts: padding, discriminants, reorder suggestions), [`visit`] (the
//! protocol a value uses to describe its parts, for writing a walk of your own), [`report`] (the
//! report's nodes, summaries and findings), [`drop`](mod@drop) (drop steps), [`render`] (renderings),
//! [`variant`] (an enum value's active variant), [`registry`] (every derived type of the
//! program, and the audit that ranks them by wasted bytes), [`budget`], `snapshot` (feature
//! `json`: layout snapshot tests and semantic layout diffs).
//!
//! # Features
//! `std` (default, implies `alloc`): impls of std-only types (hash maps, locks, files...).
//! Without it the crate is `#![no_std]`. `alloc`: walks, reports, drop orders,
//! `assert_budget!` and impls of alloc's types. `registry` (default, implies `alloc`): derived
//! types register themselves for [`registered`] and [`audit`]. With neither: the static layout
//! (`#[derive(Layout)]`, `T::LAYOUT`, padding analysis, `assert_layout!`). `json` implies `std`
//! and brings JSON renderings and layout snapshots.
// Unit tests link std (its prelude and test harness) in every build.
#![cfg_attr(not(any(feature = "std", test)), no_std)]
// Docs of the static layout link to the walks and reports, which need `alloc`, and to the
// registry's functions, which need `registry`.
#![cfg_attr(
    not(all(feature = "alloc", feature = "registry")),
    allow(rustdoc::broken_intra_doc_links)
)]
#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

extern crate self as memlayout;
#[cfg(feature = "alloc")]
#[macro_use]
extern crate alloc;

pub mod allocator;
pub mod budget;
#[cfg(feature = "alloc")]
mod collections;
#[cfg(feature = "alloc")]
pub mod drop;
mod impls;
pub mod layout;
pub mod registry;
#[cfg(feature = "alloc")]
pub mod render;
#[cfg(feature = "alloc")]
pub mod report;
#[cfg(feature = "json")]
pub mod snapshot;
#[cfg(feature = "alloc")]
pub mod variant;
pub mod visit;
#[cfg(feature = "alloc")]
mod walk;

#[doc(hidden)]
pub mod __private;

// The names users type; everything else is in the module named for what it holds. At most 30
// (macros included), counted by `tests/root_exports.rs`: add one deliberately.
#[cfg(feature = "alloc")]
pub use drop::{DropAction, DropOptions, DropOrder};
pub use impls::unread::Opaque;
pub use layout::{Kind, Layout, Storage, TypeLayout};
pub use memlayout_derive::Layout;
#[cfg(feature = "registry")]
pub use registry::{audit, registered};
#[cfg(feature = "alloc")]
pub use render::TextOptions;
#[cfg(feature = "alloc")]
pub use report::{Report, ReportOptions, Totals};
pub use visit::{HeapBlock, Visitor};
#[cfg(feature = "alloc")]
pub use walk::by_type::footprint;
#[cfg(feature = "alloc")]
pub use walk::drop::DropOrderExt;
#[cfg(feature = "alloc")]
pub use walk::report::LayoutReport;
#[cfg(feature = "alloc")]
pub use walk::reserved::totals_with;
#[cfg(feature = "alloc")]
pub use walk::totals::{heap_bytes, totals};
