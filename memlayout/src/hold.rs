//! Keeping guards and packed-field copies alive for the length of a walk.

use core::mem::ManuallyDrop;
use core::ops::Deref;

/// Anything at all, so guards of any type can sit in one list.
trait Held {}
impl<T: ?Sized> Held for T {}

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
        let boxed = Box::new(guard);
        let target: *const T = &**boxed;
        self.held.push(boxed);
        // SAFETY: `target` was taken from the guard after it was boxed, so it stays valid while
        // the box lives even if the guard's target lies inside the guard itself: moving a `Box`
        // does not move its contents. The box lives in `self.held` until `self` is dropped, and
        // the caller promises not to use the reference after that. A guard only hands out
        // shared access, which is all we take.
        unsafe { &*target }
    }

    /// Holds a bitwise copy of a packed field and returns a reference to it. The copy is never
    /// dropped, so the value it duplicates is not freed twice.
    ///
    /// # Safety
    /// As for [`KeepAlive::guard`].
    pub(crate) unsafe fn copy<T: 'a>(&mut self, copy: ManuallyDrop<T>) -> &'a T {
        let boxed: Box<ManuallyDrop<T>> = Box::new(copy);
        let target: *const T = &**boxed;
        self.held.push(boxed);
        // SAFETY: as in `guard`: the box's contents do not move while it lives in `self.held`.
        unsafe { &*target }
    }
}

impl Drop for KeepAlive<'_> {
    fn drop(&mut self) {
        // Release guards in reverse order of taking them, as nested scopes would.
        while self.held.pop().is_some() {}
    }
}
