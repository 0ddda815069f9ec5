//! Borrow and lock guards: `cell::Ref`, `cell::RefMut`, `MutexGuard`, `RwLockReadGuard`,
//! `RwLockWriteGuard`. A guard borrows the value inside its cell or lock: the value is shown as
//! a borrowed target, never counted as the guard's (its owner counts it). Dropping a guard
//! releases the borrow or the lock and frees nothing.

use core::cell::{Ref, RefMut};
use std::sync::{MutexGuard, RwLockReadGuard, RwLockWriteGuard};

use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

/// Guards whose target is read through `Deref`.
macro_rules! guard {
    ($($name:literal $t:ident),* $(,)?) => {$(
        impl<'g, T: Layout + ?Sized> Layout for $t<'g, T> {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t<'g, T>>($name, Kind::Pointer)
                .with_storage(Storage::Borrows)
                .with_element(layout_of::<T>);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                visitor.borrowed::<T>(self);
            }

            fn write_key(&self, out: &mut String) -> bool {
                (**self).write_key(out)
            }
        }
    )*};
}

guard! {
    "Ref<'b, T>" Ref,
    "RefMut<'b, T>" RefMut,
    "MutexGuard<'a, T>" MutexGuard,
    "RwLockReadGuard<'a, T>" RwLockReadGuard,
    "RwLockWriteGuard<'a, T>" RwLockWriteGuard,
}
