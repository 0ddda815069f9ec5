//! Lazily initialised values: `LazyLock<T, F>` and `LazyCell<T, F>`.
//!
//! Whether one has run its initialiser is not observable on stable Rust without running it
//! (`LazyLock::get` is unstable), and a walk never forces one: that would run user code and
//! could block. So a lazy value holds either its initialiser `F` or its value `T`, and neither
//! is read. When neither `T` nor `F` has drop glue, neither owns heap and the figure (no heap)
//! is exact; otherwise the contents are reported unreadable: a lower bound, with no upper one.
//! `T` needs no `Layout` impl, since it is never walked.

use core::cell::LazyCell;
use std::sync::LazyLock;

use crate::layout::{Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

/// Why a lazy value's contents are not counted.
const NOT_FORCED: &str = "a lazy value is not forced, and whether it was is not observable";

/// `true` when neither the value nor the initialiser can own heap.
const fn owns_nothing<T, F>() -> bool {
    !core::mem::needs_drop::<T>() && !core::mem::needs_drop::<F>()
}

macro_rules! lazy {
    ($($name:literal $t:ident),* $(,)?) => {$(
        impl<T, F> Layout for $t<T, F> {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t<T, F>>($name, Kind::Other)
                .with_storage(if owns_nothing::<T, F>() {
                    Storage::Inline
                } else {
                    Storage::Opaque
                });
            const IS_LEAF: bool = owns_nothing::<T, F>();

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                if !Self::IS_LEAF {
                    visitor.unreadable(NOT_FORCED);
                }
            }
        }
    )*};
}

lazy!("LazyLock<T, F>" LazyLock, "LazyCell<T, F>" LazyCell);
