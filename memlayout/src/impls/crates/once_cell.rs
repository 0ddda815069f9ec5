//! The `once_cell` crate: `sync` and `unsync` `OnceCell` and `Lazy`, read with their
//! non-blocking `get` (a `sync` cell being initialised reads as empty).
//!
//! A `Lazy<T, F>` holds its initialiser `F` until first use. The default `F`, a `fn` pointer,
//! owns nothing; a closure may own heap that is not walked, so an uninitialised `Lazy` whose
//! `F` has drop glue is reported unreadable (its figure becomes a bound).

use once_cell::{sync, unsync};

use crate::impls::cell::wrapper;
use crate::layout::{Layout, TypeLayout};
use crate::visit::Visitor;

crate::impls::cell::once!("unsync::OnceCell<T>" unsync::OnceCell, "sync::OnceCell<T>" sync::OnceCell);

macro_rules! lazy {
    ($($name:literal $module:ident),*) => {$(
        impl<T: Layout, F: FnOnce() -> T> Layout for $module::Lazy<T, F> {
            const LAYOUT: &'static TypeLayout = &wrapper::<$module::Lazy<T, F>, T>($name);
            const IS_LEAF: bool = T::IS_LEAF && !core::mem::needs_drop::<F>();

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                match $module::Lazy::get(self) {
                    Some(value) => visitor.field(0, "0", value),
                    None if core::mem::needs_drop::<F>() => {
                        visitor.unreadable("Lazy's initialiser is not walked")
                    }
                    None => {}
                }
            }
        }
    )*};
}

lazy!("unsync::Lazy<T, F>" unsync, "sync::Lazy<T, F>" sync);
