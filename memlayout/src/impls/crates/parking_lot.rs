//! parking_lot's locks, read like std's: through `try_lock` / `try_read`, never waiting. A lock
//! held elsewhere (a `Mutex` locked, an `RwLock` write-locked, a `ReentrantMutex` held by
//! another thread) is reported unreadable; its figures are then bounds with no upper end.
//! parking_lot locks are not poisoned. The lock word itself is inline.
//!
//! A `ReentrantMutex` held by the walking thread itself is read: its `try_lock` succeeds there,
//! and it only ever hands out shared references.

use parking_lot::{FairMutex, Mutex, ReentrantMutex, RwLock};

use crate::impls::cell::wrapper;
use crate::layout::{Layout, TypeLayout};
use crate::visit::Visitor;

/// A lock whose `$try` accessor returns `Option<guard>`; `$busy` says why `None` means unreadable.
macro_rules! lock {
    ($($name:literal $t:ident: $try:ident, $busy:literal;)*) => {$(
        impl<T: Layout> Layout for $t<T> {
            const LAYOUT: &'static TypeLayout = &wrapper::<$t<T>, T>($name);
            const IS_LEAF: bool = T::IS_LEAF;

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                match self.$try() {
                    Some(guard) => visitor.guarded(guard),
                    None => visitor.unreadable($busy),
                }
            }
        }
    )*};
}

lock! {
    "parking_lot::Mutex<T>" Mutex: try_lock, "parking_lot::Mutex is locked";
    "parking_lot::FairMutex<T>" FairMutex: try_lock, "parking_lot::FairMutex is locked";
    "parking_lot::RwLock<T>" RwLock: try_read, "parking_lot::RwLock is write-locked";
    "parking_lot::ReentrantMutex<T>" ReentrantMutex: try_lock,
        "parking_lot::ReentrantMutex is held by another thread";
}
