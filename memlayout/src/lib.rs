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
//! # Features
//! `std` (default, implies `alloc`): impls of std-only types (hash maps, locks, files...).
//! Without it the crate is `#![no_std]`. `alloc`: walks, reports, drop orders,
//! `assert_budget!` and impls of alloc's types. With neither: the static layout
//! (`#[derive(Layout)]`, `T::LAYOUT`, padding analysis, `assert_layout!`). `json` implies `std`.
// Unit tests link std (its prelude and test harness) in every build.
#![cfg_attr(not(any(feature = "std", test)), no_std)]
// Docs of the static layout link to the walks and reports, which need `alloc`.
#![cfg_attr(not(feature = "alloc"), allow(rustdoc::broken_intra_doc_links))]
#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

extern crate self as memlayout;
#[cfg(feature = "alloc")]
#[macro_use]
extern crate alloc;

pub mod budget;
#[cfg(feature = "alloc")]
mod collections;
#[cfg(feature = "alloc")]
mod drop;
mod impls;
mod layout;
#[cfg(feature = "alloc")]
mod render;
#[cfg(feature = "alloc")]
mod report;
#[cfg(feature = "alloc")]
mod variant;
mod visit;
#[cfg(feature = "alloc")]
mod walk;

#[doc(hidden)]
pub mod __private;

#[cfg(feature = "alloc")]
pub use drop::{DropAction, DropOptions, DropOrder, DropStep};
pub use impls::unread::Opaque;
pub use layout::{
    discriminant_bytes, parse_discriminant, repr_c_size, round_up, smallest_size, Discriminant,
    LargeVariant, PaddingGap, PaddingGaps, ReorderSuggestion, SuggestedOrder, CACHE_LINE_BYTES,
    LARGE_VARIANT_THRESHOLD,
};
pub use layout::{
    layout_of, Field, IntRepr, Kind, Layout, Repr, Storage, TypeLayout, Variant, VariantField,
};
pub use memlayout_derive::Layout;
#[cfg(feature = "alloc")]
pub use render::report_text::ReportDisplay;
#[cfg(feature = "alloc")]
pub use render::{TextOptions, TypeText};
#[cfg(feature = "alloc")]
pub use report::{
    human_bytes, Finding, FindingKind, Node, NodeKind, Report, ReportOptions, SharedInfo, Summary,
    Totals,
};
#[cfg(feature = "alloc")]
pub use variant::{ActiveVariant, LiveField};
pub use visit::{BlockFromEntries, Exactness, HeapBlock, Shared, Visitor};
#[cfg(feature = "alloc")]
pub use walk::drop::DropOrderExt;
#[cfg(feature = "alloc")]
pub use walk::folded::folded;
#[cfg(feature = "alloc")]
pub use walk::report::LayoutReport;
#[cfg(feature = "alloc")]
pub use walk::totals::{heap_bytes, totals};
#[cfg(feature = "alloc")]
pub use walk::variant::variant_of;
