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
    pub(crate) unsafe fn guard<T: ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) -> &'a T {
        self.held.push(Box::new(guard));
        let held: *const (dyn Held + 'a) = &**self.held.last().expect("pushed above");
        let guard: *const G = held.cast::<G>();
        // SAFETY: the last element is the `Box<G>` just pushed, so `guard` points to that `G`.
        // It is derived from the box after its last move (a Vec growing later copies the box
        // pointers, not their contents, and retags nothing), so it stays valid while the box
        // lives in `self.held`: until `self` is dropped, after which the caller promises not to
        // use the reference. A guard only hands out shared access, which is all we take.
        unsafe { &**guard }
    }

    /// Holds a bitwise copy of a packed field and returns a reference to it. The copy is never
    /// dropped, so the value it duplicates is not freed twice.
    ///
    /// # Safety
    /// As for [`KeepAlive::guard`].
    pub(crate) unsafe fn copy<T: 'a>(&mut self, copy: ManuallyDrop<T>) -> &'a T {
        self.held.push(Box::new(copy));
        let held: *const (dyn Held + 'a) = &**self.held.last().expect("pushed above");
        let copy: *const ManuallyDrop<T> = held.cast::<ManuallyDrop<T>>();
        // SAFETY: as in `guard`: `copy` points to the `ManuallyDrop<T>` in the box just pushed,
        // derived after the box's last move.
        unsafe { &**copy }
    }
}
