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
//! `N` is a number of bytes: a literal (`4_096`), or in the macros any `usize` constant
//! expression (`2 * size_of::<u64>()`). A generic type's layout depends on its parameters, so no
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

use core::fmt;

use crate::layout::Layout;
use crate::report::{Node, Report, Totals};
use crate::walk::report::LayoutReport;
use crate::walk::totals::totals;

/// Checks the static layout of a type at compile time.
///
/// `assert_layout!(Type, key = value, ...)` with the keys `size`, `max_size`, `align`,
/// `max_align`, `max_padding` (byte counts, `usize` constant expressions) and the bare keys
/// `no_padding` and `niche`. Each key gives one `const _: () = ...;` item, valid at module level
/// and in function bodies. Over budget, the build fails with an error that names the type, the
/// budget and the real figure (`` `Packet` is 40 bytes, budget max_size = 32 ``). See the
/// [`budget`](crate::budget) module for the table of keys.
///
/// ```
/// use std::collections::HashMap;
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// #[repr(C)]
/// struct Header { magic: u32, len: u32 }
///
/// memlayout::assert_layout!(Header, size = 8, align = 4, no_padding);
/// memlayout::assert_layout!(HashMap<u32, String>, max_size = 48);
/// memlayout::assert_layout!(&str, size = 2 * std::mem::size_of::<usize>(), niche);
/// ```
///
/// A generic type can only be checked at an instantiation; the check cannot see a type
/// parameter of an enclosing item:
///
/// ```
/// struct Wrapper<T>(T, u8);
/// memlayout::assert_layout!(Wrapper<u64>, max_size = 16);
/// memlayout::assert_layout!(Wrapper<u8>, max_size = 2, max_align = 1);
/// ```
///
/// One budget per figure: `size` and `max_size` conflict, as do `align` and `max_align`, and
/// `max_padding` and `no_padding`.
///
/// ```compile_fail
/// memlayout::assert_layout!(u64, size = 8, max_size = 16);
/// // error: budget `max_size` conflicts with `size` given before: `u64` can have one size budget
/// ```
#[macro_export]
macro_rules! assert_layout {
    ($ty:ty $(,)?) => {
        ::core::compile_error!(
            "`assert_layout!` needs at least one budget, e.g. `assert_layout!(T, max_size = 64)`; \
             keys: size, max_size, align, max_align, max_padding, no_padding, niche"
        );
    };
    ($ty:ty, $($budgets:tt)+) => {
        $crate::__assert_layout! { ($ty) [_ _ _ _] $($budgets)+ }
    };
}

/// The key-by-key expansion of [`assert_layout!`]. Not public API.
///
/// The state `[size align padding niche]` holds, for each figure, `_` or the key that budgeted
/// it already, so a second budget on the same figure is a conflict.
#[doc(hidden)]
#[macro_export]
macro_rules! __assert_layout {
    // A key that takes a value (`max_size = 64`).
    (@value ($ty:ty) $state:tt $key:ident = - $v:literal $(, $($rest:tt)*)?) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), " = -", ::core::stringify!($v),
            "` is negative: a budget is a number of bytes"
        ));
    };
    (@value ($ty:ty) $state:tt $key:ident = $(, $($rest:tt)*)?) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), "` is missing its value: write `",
            ::core::stringify!($key), " = <bytes>`"
        ));
    };
    (@value ($ty:ty) $state:tt $key:ident = $v:literal $(, $($rest:tt)*)?) => {
        $crate::__assert_layout! { @check $key ($ty) ($crate::budget::__check::literal_bytes(
            ::core::stringify!($v),
            ::core::concat!(
                "budget `", ::core::stringify!($key), " = ", ::core::stringify!($v),
                "` is not a byte count: expected an unsigned decimal integer that fits a `usize`"
            ),
        )) }
        $crate::__assert_layout! { ($ty) $state $($($rest)*)? }
    };
    (@value ($ty:ty) $state:tt $key:ident = $v:expr $(, $($rest:tt)*)?) => {
        $crate::__assert_layout! { @check $key ($ty) ($crate::budget::__check::bytes($v)) }
        $crate::__assert_layout! { ($ty) $state $($($rest)*)? }
    };
    (@value ($ty:ty) $state:tt $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), "` needs a value: write `",
            ::core::stringify!($key), " = <bytes>`"
        ));
    };

    // A bare key (`niche`, `no_padding`).
    (@bare ($ty:ty) $state:tt $key:ident $(, $($rest:tt)*)?) => {
        $crate::__assert_layout! { @check $key ($ty) () }
        $crate::__assert_layout! { ($ty) $state $($($rest)*)? }
    };
    (@bare ($ty:ty) $state:tt $key:ident = $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), "` takes no value: write `",
            ::core::stringify!($key), "` alone (`max_padding = <bytes>` sets a padding limit)"
        ));
    };
    (@bare ($ty:ty) $state:tt $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expected `,` after budget `", ::core::stringify!($key), "`, found `",
            ::core::stringify!($($rest)*), "`"
        ));
    };

    (@conflict ($ty:ty) $earlier:tt $key:ident $figure:literal) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), "` conflicts with `", ::core::stringify!($earlier),
            "` given before: `", ::core::stringify!($ty), "` can have one ", $figure, " budget"
        ));
    };

    // The checks. Each compares one figure in a const generic argument, so a failed check is an
    // unsatisfied trait bound whose message shows the real figure and the budget.
    (@check size ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const SIZE: ::core::primitive::usize = $crate::budget::__check::size_of::<$ty>();
            $crate::budget::__check::size::<$ty, SIZE, BUDGET, { SIZE == BUDGET }>()
        };
    };
    (@check max_size ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const SIZE: ::core::primitive::usize = $crate::budget::__check::size_of::<$ty>();
            $crate::budget::__check::max_size::<$ty, SIZE, BUDGET, { SIZE <= BUDGET }>()
        };
    };
    (@check align ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const ALIGN: ::core::primitive::usize = $crate::budget::__check::align_of::<$ty>();
            $crate::budget::__check::align::<$ty, ALIGN, BUDGET, { ALIGN == BUDGET }>()
        };
    };
    (@check max_align ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const ALIGN: ::core::primitive::usize = $crate::budget::__check::align_of::<$ty>();
            $crate::budget::__check::max_align::<$ty, ALIGN, BUDGET, { ALIGN <= BUDGET }>()
        };
    };
    (@check max_padding ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const PADDING: ::core::primitive::usize = $crate::budget::__check::padding_of::<$ty>();
            $crate::budget::__check::max_padding::<$ty, PADDING, BUDGET, { PADDING <= BUDGET }>()
        };
    };
    (@check no_padding ($ty:ty) ()) => {
        const _: () = {
            const PADDING: ::core::primitive::usize = $crate::budget::__check::padding_of::<$ty>();
            $crate::budget::__check::no_padding::<$ty, PADDING, { PADDING == 0 }>()
        };
    };
    (@check niche ($ty:ty) ()) => {
        const _: () = {
            const SIZE: ::core::primitive::usize = $crate::budget::__check::size_of::<$ty>();
            const OPTION_SIZE: ::core::primitive::usize =
                $crate::budget::__check::size_of::<$crate::budget::__check::Option<$ty>>();
            $crate::budget::__check::niche::<$ty, SIZE, OPTION_SIZE, { OPTION_SIZE <= SIZE }>()
        };
    };

    // Done (a trailing comma is fine).
    (($ty:ty) $state:tt $(,)?) => {};

    // The size figure.
    (($ty:ty) [_ $a:tt $p:tt $n:tt] size $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [size $a $p $n] size $($rest)* }
    };
    (($ty:ty) [_ $a:tt $p:tt $n:tt] max_size $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [max_size $a $p $n] max_size $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] size $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $s size "size" }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] max_size $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $s max_size "size" }
    };

    // The alignment figure.
    (($ty:ty) [$s:tt _ $p:tt $n:tt] align $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [$s align $p $n] align $($rest)* }
    };
    (($ty:ty) [$s:tt _ $p:tt $n:tt] max_align $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [$s max_align $p $n] max_align $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] align $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $a align "alignment" }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] max_align $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $a max_align "alignment" }
    };

    // The padding figure.
    (($ty:ty) [$s:tt $a:tt _ $n:tt] max_padding $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [$s $a max_padding $n] max_padding $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt _ $n:tt] no_padding $($rest:tt)*) => {
        $crate::__assert_layout! { @bare ($ty) [$s $a no_padding $n] no_padding $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] max_padding $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $p max_padding "padding" }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] no_padding $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $p no_padding "padding" }
    };

    // The niche figure.
    (($ty:ty) [$s:tt $a:tt $p:tt _] niche $($rest:tt)*) => {
        $crate::__assert_layout! { @bare ($ty) [$s $a $p niche] niche $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] niche $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $n niche "niche" }
    };

    (($ty:ty) $state:tt $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "unknown budget `", ::core::stringify!($key), "`: expected one of size, max_size, \
             align, max_align, max_padding, no_padding, niche"
        ));
    };
    (($ty:ty) $state:tt $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expected a budget such as `max_size = 64`, found `", ::core::stringify!($($rest)*), "`"
        ));
    };
}

/// Fails the build unless `size_of::<T>()` is exactly the given number of bytes.
///
/// Shorthand for `assert_layout!(T, size = N)`.
///
/// ```
/// memlayout::assert_size!(Option<Box<u8>>, std::mem::size_of::<usize>());
/// memlayout::assert_size!([u16; 3], 6);
/// ```
#[macro_export]
macro_rules! assert_size {
    ($ty:ty, $($size:tt)*) => {
        $crate::assert_layout!($ty, size = $($size)*);
    };
    ($ty:ty $(,)?) => {
        ::core::compile_error!("`assert_size!` needs the size in bytes: `assert_size!(T, 24)`");
    };
}

/// Fails the build when `size_of::<T>()` is over the given number of bytes.
///
/// Shorthand for `assert_layout!(T, max_size = N)`.
///
/// ```
/// memlayout::assert_max_size!(std::collections::BTreeMap<u8, u8>, 64);
/// ```
#[macro_export]
macro_rules! assert_max_size {
    ($ty:ty, $($size:tt)*) => {
        $crate::assert_layout!($ty, max_size = $($size)*);
    };
    ($ty:ty $(,)?) => {
        ::core::compile_error!(
            "`assert_max_size!` needs the budget in bytes: `assert_max_size!(T, 64)`"
        );
    };
}

/// Fails the build unless `align_of::<T>()` is exactly the given number of bytes.
///
/// Shorthand for `assert_layout!(T, align = N)`.
///
/// ```
/// memlayout::assert_align!(u32, 4);
/// ```
#[macro_export]
macro_rules! assert_align {
    ($ty:ty, $($align:tt)*) => {
        $crate::assert_layout!($ty, align = $($align)*);
    };
    ($ty:ty $(,)?) => {
        ::core::compile_error!("`assert_align!` needs the alignment in bytes: `assert_align!(T, 8)`");
    };
}

/// Fails the build when `T` has padding bytes (its own gaps or its fields').
///
/// Shorthand for `assert_layout!(T, no_padding)`; needs `T: Layout`.
///
/// ```
/// memlayout::assert_no_padding!(Vec<u64>);
/// ```
#[macro_export]
macro_rules! assert_no_padding {
    ($ty:ty $(,)?) => {
        $crate::assert_layout!($ty, no_padding);
    };
}

/// Fails the test when a value's figures are over budget.
///
/// `assert_budget!(value, figure <= budget, ...)` with the figures `heap` (heap bytes owned),
/// `allocations` (live heap allocations), `unused` (bytes of unused capacity), `indirection` (the
/// most pointer hops to any part), `padding` (padding bytes, inline and in heap buffers) and
/// `inline` (`size_of_val`). It walks the value once with [`totals`]; over budget,
/// it panics with each broken budget, the real figure and the value's largest contributors to it
/// by path:
///
/// ```text
/// `cache` is over budget:
///   heap = 5200 bytes, budget heap <= 4096
///     largest contributors: cache[2] 4000 bytes, cache[0] 1000 bytes, cache (itself) 96 bytes
/// ```
///
/// ```
/// let cache: Vec<String> = vec!["a".repeat(100), "b".repeat(10)];
/// memlayout::assert_budget!(cache, heap <= 4096, allocations <= 3, unused <= 0, indirection <= 2);
/// ```
///
/// The value is borrowed, not moved; a reference is followed (a budget on `&v` is a budget on
/// `v`). [`check`] does the same without panicking.
#[macro_export]
macro_rules! assert_budget {
    ($value:expr, $($figure:ident <= $budget:expr),+ $(,)?) => {
        match $crate::budget::check(
            ::core::stringify!($value),
            &$value,
            &[$(($crate::__budget_figure!($figure), $budget)),+],
        ) {
            ::core::result::Result::Ok(_) => {}
            ::core::result::Result::Err(error) => ::core::panic!("{}", error),
        }
    };
    ($value:expr $(,)?) => {
        ::core::compile_error!(
            "`assert_budget!` needs at least one budget, e.g. `assert_budget!(value, heap <= 4096)`"
        )
    };
    ($value:expr, $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expected budgets such as `heap <= 4096, allocations <= 3`, found `",
            ::core::stringify!($($rest)*),
            "`; figures: heap, allocations, unused, indirection, padding, inline"
        ))
    };
}

/// The [`Figure`] a name in [`assert_budget!`] stands for. Not public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __budget_figure {
    (heap) => {
        $crate::budget::Figure::Heap
    };
    (allocations) => {
        $crate::budget::Figure::Allocations
    };
    (unused) => {
        $crate::budget::Figure::Unused
    };
    (indirection) => {
        $crate::budget::Figure::Indirection
    };
    (padding) => {
        $crate::budget::Figure::Padding
    };
    (inline) => {
        $crate::budget::Figure::Inline
    };
    ($other:ident) => {
        ::core::compile_error!(::core::concat!(
            "unknown figure `",
            ::core::stringify!($other),
            "`: expected one of heap, allocations, unused, indirection, padding, inline"
        ))
    };
}

/// A figure of a value that a test can budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Figure {
    /// Heap bytes the value owns ([`Totals::heap_bytes`]).
    Heap,
    /// Live heap allocations ([`Totals::allocations`]).
    Allocations,
    /// Bytes allocated but not holding live elements ([`Totals::unused_capacity`]).
    Unused,
    /// The most pointer hops from the value to any part ([`Totals::max_indirection`]).
    Indirection,
    /// Padding bytes, inline and in heap buffers ([`Totals::total_padding`]); enums count 0
    /// of their own (see [`TypeLayout::padding_bytes`](crate::TypeLayout::padding_bytes)).
    Padding,
    /// The value's inline bytes, `size_of_val` ([`Totals::inline_bytes`]).
    Inline,
}

impl Figure {
    /// Every figure, in the order messages list them.
    pub const ALL: [Figure; 6] = [
        Figure::Heap,
        Figure::Allocations,
        Figure::Unused,
        Figure::Indirection,
        Figure::Padding,
        Figure::Inline,
    ];

    /// The name used in [`assert_budget!`] (`"heap"`).
    ///
    /// ```
    /// assert_eq!(memlayout::budget::Figure::Unused.name(), "unused");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Figure::Heap => "heap",
            Figure::Allocations => "allocations",
            Figure::Unused => "unused",
            Figure::Indirection => "indirection",
            Figure::Padding => "padding",
            Figure::Inline => "inline",
        }
    }

    /// `amount` with the figure's unit, as messages print it (`1 allocation`, `40 bytes`).
    fn amount(self, amount: usize) -> String {
        let (one, many) = match self {
            Figure::Allocations => ("allocation", "allocations"),
            Figure::Indirection => ("pointer hop", "pointer hops"),
            Figure::Heap | Figure::Unused | Figure::Padding | Figure::Inline => ("byte", "bytes"),
        };
        format!("{amount} {}", if amount == 1 { one } else { many })
    }

    /// The figure's value in `totals`.
    ///
    /// ```
    /// use memlayout::budget::Figure;
    /// let t = memlayout::totals(&vec![1u8; 3]);
    /// assert_eq!(Figure::Heap.of(&t), t.heap_bytes);
    /// ```
    pub const fn of(self, totals: &Totals) -> usize {
        match self {
            Figure::Heap => totals.heap_bytes,
            Figure::Allocations => totals.allocations,
            Figure::Unused => totals.unused_capacity,
            Figure::Indirection => totals.max_indirection,
            Figure::Padding => totals.total_padding(),
            Figure::Inline => totals.inline_bytes,
        }
    }

    /// The most the figure can truly be: [`Figure::of`] when the figures are exact;
    /// `usize::MAX` (no known bound) when some part was unreadable, since what could not be
    /// read may hold anything; for heap and unused bytes of an estimate, what the heap's upper
    /// bound ([`Totals::heap_bytes_high`]) allows. A budget holds only when this is within it.
    ///
    /// ```
    /// use memlayout::budget::Figure;
    /// let m = std::sync::Mutex::new(vec![1u8; 64]);
    /// assert_eq!(Figure::Heap.high(&memlayout::totals(&m)), 64);
    /// let _guard = m.lock().unwrap();
    /// assert_eq!(Figure::Heap.high(&memlayout::totals(&m)), usize::MAX);
    /// ```
    pub const fn high(self, totals: &Totals) -> usize {
        let value = self.of(totals);
        if matches!(self, Figure::Inline) {
            return value;
        }
        if totals.unreadable > 0 {
            return usize::MAX;
        }
        match self {
            Figure::Heap => totals.heap_bytes_high,
            Figure::Unused if totals.heap_bytes_high == usize::MAX => usize::MAX,
            Figure::Unused => {
                let spare = totals.heap_bytes_high.saturating_sub(totals.heap_used);
                if spare > value {
                    spare
                } else {
                    value
                }
            }
            _ => value,
        }
    }

    /// Why the figure in `totals` may exceed `budget` though its value does not: `None` when
    /// [`Figure::high`] is within the budget.
    pub(crate) fn unverified(self, totals: &Totals, budget: usize) -> Option<String> {
        if self.high(totals) <= budget {
            return None;
        }
        Some(if totals.unreadable > 0 {
            let n = totals.unreadable;
            format!(
                "cannot verify: {n} {} unreadable",
                if n == 1 { "part" } else { "parts" }
            )
        } else if totals.heap_bytes_high == usize::MAX {
            format!(
                "estimate of at least {}, no upper bound known",
                self.amount(totals.heap_bytes_low)
            )
        } else {
            format!(
                "estimate between {} and {}",
                self.amount(totals.heap_bytes_low),
                self.amount(totals.heap_bytes_high)
            )
        })
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A part of a value and its share of a figure.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Contributor {
    /// Where the part sits: the value's name, then the part's [`Report`] path
    /// (`cache.entries[3]`, `list.next.Some.0.*`), or `cache (itself)` for the value's own heap
    /// blocks and padding.
    pub path: String,
    /// The part's share of the figure, in the figure's unit (for indirection: the most pointer
    /// hops reached through the part).
    pub amount: usize,
}

/// One figure over its budget.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Overrun {
    /// The figure.
    pub figure: Figure,
    /// Its real value.
    pub actual: usize,
    /// The budget it broke.
    pub budget: usize,
    /// Set when `actual` is within the budget but the figure cannot be shown to be (see
    /// [`Figure::high`]): why (`cannot verify: 1 part unreadable`, `estimate between 48
    /// bytes and 96 bytes`).
    pub unverified: Option<String>,
    /// The parts with the largest own shares of the figure, largest first (at most
    /// [`CONTRIBUTORS`]): the heap blocks each part reported itself, so shares add up to the
    /// figure. A shared (`Rc`/`Arc`) allocation counts once, at the first handle walked.
    pub contributors: Vec<Contributor>,
}

/// How many contributors an [`Overrun`] lists.
pub const CONTRIBUTORS: usize = 3;

/// The budgets a value broke: what [`check`] returns and what [`assert_budget!`] prints.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct BudgetError {
    /// The name of the value, as given to [`check`].
    pub name: String,
    /// When the value's heap figure is an estimate (some part could not report its exact
    /// allocation): the low and high bounds of the heap bytes.
    pub heap_estimate: Option<(usize, usize)>,
    /// Parts that could not be read (a locked `Mutex`, a mutably borrowed `RefCell`): the
    /// figures leave them out.
    pub unreadable: usize,
    /// The broken budgets, in the order they were given.
    pub overruns: Vec<Overrun>,
}

impl fmt::Display for BudgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is over budget:", self.name)?;
        for overrun in &self.overruns {
            let figure = overrun.figure;
            write!(f, "\n  {figure} = {}", figure.amount(overrun.actual))?;
            if let Some(why) = &overrun.unverified {
                write!(f, " ({why})")?;
            } else if let (Figure::Heap, Some((low, high))) = (figure, self.heap_estimate) {
                if high == usize::MAX {
                    write!(f, " (an estimate: at least {low}, no upper bound known)")?;
                } else {
                    write!(f, " (an estimate: between {low} and {high})")?;
                }
            }
            write!(f, ", budget {figure} <= {}", overrun.budget)?;
            for (i, part) in overrun.contributors.iter().enumerate() {
                let lead = if i == 0 {
                    "\n    largest contributors: "
                } else {
                    ", "
                };
                write!(f, "{lead}{} {}", part.path, figure.amount(part.amount))?;
            }
        }
        if self.unreadable > 0 {
            let n = self.unreadable;
            write!(
                f,
                "\n  ({n} unreadable part(s), locked or borrowed, are not counted)"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for BudgetError {}

/// Checks a value's figures against budgets; on failure, finds the largest contributors.
///
/// `name` starts every contributor's path. A reference is followed: a budget on `&v` is a
/// budget on `v` (the reference itself owns nothing). Returns the value's [`Totals`] when every figure is
/// within its budget (one [`totals`] walk); otherwise it builds the value's
/// [`Report`] to find the parts with the largest shares. [`assert_budget!`] is
/// this plus a panic.
///
/// A figure that is not exact holds its budget only when it provably does: when its upper
/// bound ([`Figure::high`]) is within it. A part that could not be read (a locked `Mutex`, a
/// trait object's contents) or an estimate reaching past the budget fails it, with
/// [`Overrun::unverified`] saying why (`cannot verify: 1 part unreadable`).
///
/// ```
/// use memlayout::budget::{check, Figure};
///
/// let words: Vec<String> = vec!["x".repeat(500), "y".repeat(10)];
/// let error = check("words", &words, &[(Figure::Heap, 100)]).unwrap_err();
/// let overrun = &error.overruns[0];
/// assert_eq!(overrun.actual, memlayout::heap_bytes(&words));
/// assert_eq!(overrun.contributors[0].path, "words[0]");
/// assert_eq!(overrun.contributors[0].amount, words[0].capacity());
/// assert!(check("words", &words, &[(Figure::Allocations, 3)]).is_ok());
///
/// let locked = std::sync::Mutex::new(vec![0u8; 4096]);
/// let _guard = locked.lock().unwrap();
/// let error = check("locked", &locked, &[(Figure::Heap, 16)]).unwrap_err();
/// assert_eq!(error.overruns[0].unverified.as_deref(), Some("cannot verify: 1 part unreadable"));
/// ```
pub fn check<T: Layout + ?Sized>(
    name: &str,
    value: &T,
    budgets: &[(Figure, usize)],
) -> Result<Totals, BudgetError> {
    // A reference owns nothing, so a budget on one would always hold: `totals` and
    // `layout_report` look through a reference at the root, so the budget is on its target.
    let all = totals(value);
    let over: Vec<(Figure, usize)> = budgets
        .iter()
        .copied()
        .filter(|&(figure, budget)| figure.high(&all) > budget)
        .collect();
    if over.is_empty() {
        return Ok(all);
    }
    let report = value.layout_report();
    let overruns = over
        .iter()
        .map(|&(figure, budget)| Overrun {
            figure,
            actual: figure.of(&all),
            budget,
            unverified: (figure.of(&all) <= budget)
                .then(|| figure.unverified(&all, budget))
                .flatten(),
            contributors: contributors(name, &report, figure),
        })
        .collect();
    Err(BudgetError {
        name: name.to_string(),
        heap_estimate: (all.heap_bytes_low != all.heap_bytes_high)
            .then_some((all.heap_bytes_low, all.heap_bytes_high)),
        unreadable: all.unreadable,
        overruns,
    })
}

/// The [`CONTRIBUTORS`] nodes of `report` with the largest shares of `figure`, largest first
/// (ties in walk order).
fn contributors(name: &str, report: &Report, figure: Figure) -> Vec<Contributor> {
    report
        .largest(CONTRIBUTORS, |node| share(&node, figure))
        .into_iter()
        .map(|(node, amount)| Contributor {
            path: match node.parent() {
                None => format!("{name} (itself)"),
                Some(_) => format!("{name}{}", node.path()),
            },
            amount,
        })
        .collect()
}

/// A node's own share of a figure: the heap blocks it reported itself (and the parts folded into
/// it), so shares add up to the value's figure. Padding inside the root's inline bytes is the
/// root's; inline bytes are shared among the root's fields.
fn share(node: &Node<'_>, figure: Figure) -> usize {
    let own = node.own();
    let elided = node.elided().map(|(_, t)| t).unwrap_or_default();
    let is_root = node.parent().is_none();
    match figure {
        Figure::Heap => own.heap_bytes + elided.heap_bytes,
        Figure::Allocations => own.allocations + elided.allocations,
        Figure::Unused => own.unused_capacity + elided.unused_capacity,
        Figure::Indirection => own.max_indirection.max(elided.max_indirection),
        Figure::Padding => {
            own.heap_padding + elided.heap_padding + if is_root { own.inline_padding } else { 0 }
        }
        Figure::Inline => match (node.parent(), node.offset()) {
            (Some(parent), Some(_)) if parent.parent().is_none() => node.inline_bytes(),
            _ => 0,
        },
    }
}

/// What the compile-time budget macros expand to. Not public API: no stability promise.
///
/// Each check is a `const fn` whose bound holds only when its `OK` argument is `true`; the bound's
/// `on_unimplemented` message prints the other const arguments: the real figure and the budget.
#[doc(hidden)]
pub mod __check {
    pub use core::mem::{align_of, size_of};
    pub use core::option::Option;

    use crate::layout::Layout;

    /// The padding bytes of one `T`.
    pub const fn padding_of<T: Layout + ?Sized>() -> usize {
        T::LAYOUT.padding_bytes
    }

    /// A budget given as an expression: it must be a `usize`.
    pub const fn bytes(value: usize) -> usize {
        value
    }

    /// A budget given as a literal, from its source text (`"64"`, `"4_096"`, `"64usize"`).
    /// Anything else (a string, a float, another integer type) fails const evaluation with
    /// `message`, at the macro call.
    #[track_caller]
    pub const fn literal_bytes(text: &str, message: &str) -> usize {
        let text = text.as_bytes();
        let mut value: usize = 0;
        let mut digits = 0;
        let mut i = 0;
        while i < text.len() {
            let c = text[i];
            if c.is_ascii_digit() {
                value = match value.checked_mul(10) {
                    Some(v) => v,
                    None => panic!("{}", message),
                };
                value = match value.checked_add((c - b'0') as usize) {
                    Some(v) => v,
                    None => panic!("{}", message),
                };
                digits += 1;
            } else if c != b'_' || digits == 0 {
                break;
            }
            i += 1;
        }
        let suffix_ok = match text.len() - i {
            0 => true,
            5 => {
                let s = [text[i], text[i + 1], text[i + 2], text[i + 3], text[i + 4]];
                matches!(s, [b'u', b's', b'i', b'z', b'e'])
            }
            _ => false,
        };
        if digits == 0 || !suffix_ok {
            panic!("{}", message);
        }
        value
    }

    /// Holds when `T` is `SIZE` bytes and `OK` (`SIZE == BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is {SIZE} bytes, budget size = {BUDGET}",
        label = "{SIZE} bytes, not {BUDGET}"
    )]
    pub trait Size<const SIZE: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const S: usize, const B: usize> Size<S, B, true> for T {}

    /// Compiles only when `T: Size<S, B, OK>`.
    pub const fn size<
        T: ?Sized + Size<S, B, OK>,
        const S: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`SIZE <= BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is {SIZE} bytes, budget max_size = {BUDGET}",
        label = "{SIZE} bytes, over the budget of {BUDGET}"
    )]
    pub trait MaxSize<const SIZE: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const S: usize, const B: usize> MaxSize<S, B, true> for T {}

    /// Compiles only when `T: MaxSize<S, B, OK>`.
    pub const fn max_size<
        T: ?Sized + MaxSize<S, B, OK>,
        const S: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`ALIGN == BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is aligned to {ALIGN} bytes, budget align = {BUDGET}",
        label = "aligned to {ALIGN}, not {BUDGET}"
    )]
    pub trait Align<const ALIGN: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const A: usize, const B: usize> Align<A, B, true> for T {}

    /// Compiles only when `T: Align<A, B, OK>`.
    pub const fn align<
        T: ?Sized + Align<A, B, OK>,
        const A: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`ALIGN <= BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is aligned to {ALIGN} bytes, budget max_align = {BUDGET}",
        label = "aligned to {ALIGN}, over the budget of {BUDGET}"
    )]
    pub trait MaxAlign<const ALIGN: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const A: usize, const B: usize> MaxAlign<A, B, true> for T {}

    /// Compiles only when `T: MaxAlign<A, B, OK>`.
    pub const fn max_align<
        T: ?Sized + MaxAlign<A, B, OK>,
        const A: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`PADDING <= BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` has {PADDING} padding bytes, budget max_padding = {BUDGET}",
        label = "{PADDING} padding bytes, over the budget of {BUDGET}"
    )]
    pub trait MaxPadding<const PADDING: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const P: usize, const B: usize> MaxPadding<P, B, true> for T {}

    /// Compiles only when `T: MaxPadding<P, B, OK>`.
    pub const fn max_padding<
        T: ?Sized + MaxPadding<P, B, OK>,
        const P: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`PADDING == 0`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` has {PADDING} padding bytes, budget no_padding",
        label = "{PADDING} padding bytes"
    )]
    pub trait NoPadding<const PADDING: usize, const OK: bool> {}
    impl<T: ?Sized, const P: usize> NoPadding<P, true> for T {}

    /// Compiles only when `T: NoPadding<P, OK>`.
    pub const fn no_padding<T: ?Sized + NoPadding<P, OK>, const P: usize, const OK: bool>() {}

    /// Holds when `OK` (`OPTION_SIZE <= SIZE`).
    #[diagnostic::on_unimplemented(
        message = "`Option<{Self}>` is {OPTION_SIZE} bytes but `{Self}` is {SIZE}, budget niche",
        label = "no niche: `None` needs a tag beside the {SIZE} bytes"
    )]
    pub trait Niche<const SIZE: usize, const OPTION_SIZE: usize, const OK: bool> {}
    impl<T: ?Sized, const S: usize, const O: usize> Niche<S, O, true> for T {}

    /// Compiles only when `T: Niche<S, O, OK>`.
    pub const fn niche<
        T: ?Sized + Niche<S, O, OK>,
        const S: usize,
        const O: usize,
        const OK: bool,
    >() {
    }
}

#[cfg(test)]
mod tests {
    use super::__check::literal_bytes;

    fn parse(text: &str) -> Option<usize> {
        std::panic::catch_unwind(|| literal_bytes(text, "not a byte count")).ok()
    }

    #[test]
    fn literals_are_decimal_usize() {
        assert_eq!(parse("0"), Some(0));
        assert_eq!(parse("64"), Some(64));
        assert_eq!(parse("4_096"), Some(4096));
        assert_eq!(parse("64usize"), Some(64));
        assert_eq!(parse("1_0_usize"), Some(10));
        assert_eq!(parse(&usize::MAX.to_string()), Some(usize::MAX));
    }

    #[test]
    fn other_literals_are_rejected() {
        let too_big = format!("{}0", usize::MAX);
        for text in [
            "\"8\"", "8.5", "8u32", "8i64", "true", "'a'", "0x40", "", "usize", &too_big,
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
