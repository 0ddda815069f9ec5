//! Keeping guards and packed-field copies alive for the length of a walk.

use core::mem::ManuallyDrop;
use core::ops::Deref;

/// Anything at all, so guards of any type can sit in one list.
trait Held {}
impl<T: ?Sized> Held for T {}

/// Owns a heap value through a raw pointer. Moving a `Box` asserts unique access to its
/// contents (Stacked Borrows), which would invalidate the shared references a walk holds into
/// them; moving a raw pointer asserts nothing.
struct RawBox<T: ?Sized>(*mut T);

impl<T: ?Sized> Drop for RawBox<T> {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `Box::into_raw` and is turned back into a box only here,
        // once; the walk's references into it ended before `KeepAlive` dropped.
        drop(unsafe { Box::from_raw(self.0) });
    }
}

/// Owns the lock guards and bitwise copies a walk reads through, and releases them (in reverse
/// order) when the walk ends.
pub(crate) struct KeepAlive<'a> {
    held: Vec<Box<dyn Held + 'a>>,
}

impl<'a> KeepAlive<'a> {
    pub(crate) fn new() -> Self {
        KeepAlive { held: Vec::new() }
    }

    /// Holds `guard` until `self` is dropped and returns what it dereferences to.
    ///
    /// # Safety
    /// The caller must not use the returned reference after `self` is dropped.
    pub(crate) unsafe fn guard<T: ?Sized + 'a, G: Deref<Target = T> + 'a>(
        &mut self,
        guard: G,
    ) -> &'a T {
        let raw: *mut G = Box::into_raw(Box::new(guard));
        // SAFETY: `raw` comes from `Box::into_raw`, so it is valid and aligned; only shared
        // references are made from it until `RawBox` frees it.
        let target: *const T = unsafe { &**raw };
        self.held.push(Box::new(RawBox(raw)));
        // SAFETY: the guard stays at `raw` (never moved, never mutably borrowed) until `self`
        // is dropped, so `target` stays valid even if it points inside the guard; the caller
        // promises not to use the reference after that. A guard only hands out shared access,
        // which is all we take.
        unsafe { &*target }
    }

    /// Holds a bitwise copy of a packed field and returns a reference to it. The copy is never
    /// dropped, so the value it duplicates is not freed twice.
    ///
    /// # Safety
    /// As for [`KeepAlive::guard`].
    pub(crate) unsafe fn copy<T: 'a>(&mut self, copy: ManuallyDrop<T>) -> &'a T {
        let raw: *mut ManuallyDrop<T> = Box::into_raw(Box::new(copy));
        self.held.push(Box::new(RawBox(raw)));
        // SAFETY: as in `guard`: the copy stays at `raw`, only read, until `self` is dropped.
        unsafe { &*raw }
    }
}

impl Drop for KeepAlive<'_> {
    fn drop(&mut self) {
        // Release guards in reverse order of taking them, as nested scopes would.
        while self.held.pop().is_some() {}
    }
}
