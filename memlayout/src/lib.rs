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
#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

extern crate self as memlayout;

pub mod budget;
mod drop;
mod impls;
mod layout;
mod render;
mod report;
mod visit;
mod walk;

#[doc(hidden)]
pub mod __private;

pub use drop::{DropAction, DropOptions, DropOrder, DropStep};
pub use layout::{
    discriminant_bytes, parse_discriminant, repr_c_size, round_up, smallest_size, Discriminant,
    LargeVariant, PaddingGap, PaddingGaps, ReorderSuggestion, SuggestedOrder, CACHE_LINE_BYTES,
    LARGE_VARIANT_THRESHOLD,
};
pub use layout::{
    layout_of, Field, IntRepr, Kind, Layout, Repr, Storage, TypeLayout, Variant, VariantField,
};
pub use memlayout_derive::Layout;
pub use render::report_text::ReportDisplay;
pub use render::{TextOptions, TypeText};
pub use report::{
    human_bytes, Finding, FindingKind, Node, NodeKind, Report, ReportOptions, SharedInfo, Summary,
    Totals,
};
pub use visit::{BlockFromEntries, Exactness, HeapBlock, Shared, Visitor};
pub use walk::drop::DropOrderExt;
pub use walk::report::LayoutReport;
pub use walk::totals::{heap_bytes, totals};
