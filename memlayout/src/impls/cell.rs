//! Interior mutability. Contents are read only through the type's own safe, non-blocking
//! accessors: `Cell::get` (so only `Cell<T: Copy>`), `RefCell::try_borrow`, `Mutex::try_lock`,
//! `RwLock::try_read`. What cannot be read now is reported unreadable, never waited for.

use core::cell::{Cell, OnceCell, RefCell};
use core::mem::ManuallyDrop;
use core::ops::Deref;
use std::sync::{Mutex, OnceLock, RwLock, TryLockError, TryLockResult};

use crate::layout::{layout_of, Kind, Layout, TypeLayout};
use crate::visit::Visitor;

/// A wrapper `W` around a `T`: its storage class is the contents', and so is its padding (the
/// wrapper's own state, a borrow flag or a lock word, is not padding).
pub(crate) const fn wrapper<W, T: Layout>(name: &'static str) -> TypeLayout {
    TypeLayout::of::<W>(name, Kind::Other)
        .with_storage(T::LAYOUT.storage)
        .with_element(layout_of::<T>)
        .with_padding(T::LAYOUT.padding_bytes)
}

/// `Cell<T>` is read by copying its value out with `get`, so a walk never holds a reference into
/// a cell that some `set` could overwrite. The copy is handed over like a packed field's.
impl<T: Layout + Copy> Layout for Cell<T> {
    const LAYOUT: &'static TypeLayout = &wrapper::<Cell<T>, T>("Cell<T>");
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.packed_field(0, "value", ManuallyDrop::new(self.get()));
    }
}

impl<T: Layout> Layout for RefCell<T> {
    const LAYOUT: &'static TypeLayout = &wrapper::<RefCell<T>, T>("RefCell<T>");
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        match self.try_borrow() {
            Ok(guard) => visitor.guarded(guard),
            Err(_) => visitor.unreadable("RefCell is mutably borrowed"),
        }
    }
}

/// A poisoned `Mutex` or `RwLock` is still read: poisoning marks a panic during an update, the
/// memory is intact.
impl<T: Layout> Layout for Mutex<T> {
    const LAYOUT: &'static TypeLayout = &wrapper::<Mutex<T>, T>("Mutex<T>");
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visit_lock(self.try_lock(), visitor, "Mutex is locked");
    }
}

impl<T: Layout> Layout for RwLock<T> {
    const LAYOUT: &'static TypeLayout = &wrapper::<RwLock<T>, T>("RwLock<T>");
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visit_lock(self.try_read(), visitor, "RwLock is write-locked");
    }
}

/// Reads a lock's contents through the guard a `try_` accessor gave, poisoned or not; `busy`
/// says why they cannot be read when it would block.
fn visit_lock<'a, T, G, V>(attempt: TryLockResult<G>, visitor: &mut V, busy: &'static str)
where
    T: Layout + ?Sized + 'a,
    G: Deref<Target = T> + 'a,
    V: Visitor<'a>,
{
    match attempt {
        Ok(guard) => visitor.guarded(guard),
        Err(TryLockError::Poisoned(poisoned)) => visitor.guarded(poisoned.into_inner()),
        Err(TryLockError::WouldBlock) => visitor.unreadable(busy),
    }
}

/// Set-once cells: a field `0` when set, nothing otherwise.
macro_rules! once {
    ($($name:literal $t:ident),*) => {$(
        impl<T: Layout> Layout for $t<T> {
            const LAYOUT: &'static TypeLayout = &wrapper::<$t<T>, T>($name);
            const IS_LEAF: bool = T::IS_LEAF;

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                if let Some(value) = self.get() {
                    visitor.field(0, "0", value);
                }
            }
        }
    )*};
}

once!("OnceCell<T>" OnceCell, "OnceLock<T>" OnceLock);
