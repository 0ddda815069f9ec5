//! Budgets: layout limits that fail the build, and heap limits that fail the test.
//!
//! # At compile time
//!
//! Budgets go on the derive, or on any sized type with [`assert_layout!`](crate::assert_layout)
//! and its shorthands: your own type, a foreign one, a generic one at a chosen instantiation.
//! The macros expand to `const _: () = ...;` items, so they work at module level and inside
//! functions, and need no dependency besides memlayout. Size, alignment and niche checks work
//! on every sized type; the padding checks read [`Layout::LAYOUT`] and need `T: Layout`.
//!
//! ```
//! use memlayout::Layout;
//!
//! #[derive(Layout)]
//! #[layout(size = 8, align = 4, no_padding)]
//! #[repr(C)]
//! struct Header { magic: u32, len: u32 }
//!
//! #[derive(Layout)]
//! #[layout(max_size = 16, niche)]
//! enum Shape { Circle(f64), Square(f64) }
//!
//! struct Wrapper<T>(T, u8);
//!
//! memlayout::assert_layout!(Wrapper<u64>, max_size = 16, max_align = 8);
//! memlayout::assert_size!(Option<Box<Header>>, std::mem::size_of::<usize>());
//! memlayout::assert_max_size!(String, 32);
//! memlayout::assert_align!(u32, 4);
//! memlayout::assert_no_padding!(Vec<u8>);
//! ```
//!
//! | key | fails the build unless | needs |
//! |---|---|---|
//! | `size = N` | `size_of::<T>() == N` | |
//! | `max_size = N` | `size_of::<T>() <= N` | |
//! | `align = N` | `align_of::<T>() == N` | |
//! | `max_align = N` | `align_of::<T>() <= N` | |
//! | `max_padding = N` | `T::LAYOUT.padding_bytes <= N` | `T: Layout` |
//! | `no_padding` | `T::LAYOUT.padding_bytes == 0` | `T: Layout` |
//! | `niche` | `size_of::<Option<T>>() <= size_of::<T>()` | (enums only on the derive) |
//!
//! Enums: memlayout counts no padding of their own (it depends on the active variant, and the
//! tag's width is not known exactly), so `no_padding` and `max_padding` check only structs' and
//! tuples' gaps, and a nested enum contributes 0. `no_padding` passes on `Option<u64>`
//! although its tag leaves several of its 16 bytes unused: budget its `size` instead.
//!
//! Over budget, the build fails with an error that names the type, the budget and the real
//! figure, pointing at the attribute or at the type in the macro call:
//!
//! ```compile_fail
//! #[repr(C)]
//! struct Packet { id: u64, source: u64, target: u64, sequence: u64, checksum: u64 }
//!
//! memlayout::assert_layout!(Packet, max_size = 32);
//! // error[E0277]: `Packet` is 40 bytes, budget max_size = 32
//! ```
//!
//! Padding is [`TypeLayout::padding_bytes`]: a struct's gaps and its fields' padding (an enum
//! counts 0, as its padding depends on the active variant).
//!
//! `N` is a number of bytes: a literal (`4_096`) or any `usize` constant expression
//! (`2 * size_of::<u64>()`), in the macros and on the derive alike. A generic type's layout depends on its parameters, so no
//! check can run at its definition (the derive says so): check the instantiations you use,
//! `memlayout::assert_layout!(Wrapper<u64>, max_size = 16);`.
//!
//! # At test time
//!
//! [`assert_budget!`](crate::assert_budget) walks a real value and fails the test when one of
//! its figures is over budget. The panic message gives the figure, the budget and the value's
//! largest contributors, so the fix is visible in the CI log.
//!
//! ```
//! let names: Vec<String> = vec!["ab".into(), "cde".into()];
//! memlayout::assert_budget!(names, heap <= 4096, allocations <= 3, indirection <= 2);
//! ```
//!
//! ```should_panic
//! let mut big = Vec::<u64>::with_capacity(1000);
//! big.push(1);
//! // panics: `big` is over budget: unused = 7992 bytes, budget unused <= 0
//! memlayout::assert_budget!(big, unused <= 0);
//! ```
//!
//! [`Layout::LAYOUT`]: crate::Layout::LAYOUT
//! [`TypeLayout::padding_bytes`]: crate::TypeLayout::padding_bytes

mod compile_time;
#[cfg(feature = "alloc")]
mod test_time;

#[doc(hidden)]
pub use compile_time::__check;
#[cfg(feature = "alloc")]
pub use test_time::{check, check_with, BudgetError, Contributor, Figure, Overrun, CONTRIBUTORS};
#[cfg(feature = "alloc")]
pub(crate) use test_time::{over_budget, write_overrun};
