//! Keeping guards and packed-field copies alive for the length of a walk.

use core::mem::ManuallyDrop;
use core::ops::Deref;

/// Anything at all, so guards of any type can sit in one list.
trait Held {}
impl<T: ?Sized> Held for T {}

/// Owns the lock guards and bitwise copies a walk reads through, and releases them (in reverse
/// order) when the walk ends.
///
/// Each is held through the raw pointer `Box::into_raw` returned, not as a `Box`: moving a `Box`
/// (into the list, or when the list grows) asserts unique access to its contents, which would
/// invalidate the references already handed out (Miri's Stacked Borrows reports exactly that).
pub(crate) struct KeepAlive<'a> {
    held: Vec<*mut (dyn Held + 'a)>,
}

impl<'a> KeepAlive<'a> {
    pub(crate) fn new() -> Self {
        KeepAlive { held: Vec::new() }
    }

    /// Moves `value` to the heap until `self` is dropped; returns where it lives.
    fn hold<H: Held + 'a>(&mut self, value: H) -> *mut H {
        let raw = Box::into_raw(Box::new(value));
        self.held.push(raw as *mut (dyn Held + 'a));
        raw
    }

    /// Holds `guard` until `self` is dropped and returns what it dereferences to.
    ///
    /// # Safety
    /// The caller must not use the returned reference after `self` is dropped.
    pub(crate) unsafe fn guard<T: ?Sized + 'a, G: Deref<Target = T> + 'a>(
        &mut self,
        guard: G,
    ) -> &'a T {
        let raw = self.hold(guard);
        // SAFETY: `raw` came from `Box::into_raw` and is freed only when `self` drops; the
        // caller promises not to use the reference after that. The guard's target stays put
        // even if it lies inside the guard, as the guard itself never moves again. A guard only
        // hands out shared access, which is all we take.
        unsafe { &*raw }
    }

    /// Holds a bitwise copy of a packed field and returns a reference to it. The copy is never
    /// dropped, so the value it duplicates is not freed twice.
    ///
    /// # Safety
    /// As for [`KeepAlive::guard`].
    pub(crate) unsafe fn copy<T: 'a>(&mut self, copy: ManuallyDrop<T>) -> &'a T {
        let raw = self.hold(copy);
        // SAFETY: as in `guard`: the copy lives, unmoved, until `self` drops.
        unsafe { &*raw }
    }
}

impl Drop for KeepAlive<'_> {
    fn drop(&mut self) {
        // Release guards in reverse order of taking them, as nested scopes would.
        while let Some(raw) = self.held.pop() {
            // SAFETY: every pointer in `held` came from `Box::into_raw` and is freed only here,
            // once; the references handed out are no longer used (the callers' promise).
            drop(unsafe { Box::from_raw(raw) });
        }
    }
}
