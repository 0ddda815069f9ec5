//! Path segments shared by the walks.

/// The path segment for contents read through a guard of type `guard_type` (`.lock()`,
/// `.borrow()`...), shared by value reports and drop orders.
pub(crate) fn guard_segment(guard_type: &str) -> &'static str {
    let name = guard_type.split('<').next().unwrap_or("");
    if name.ends_with("MutexGuard") {
        ".lock()"
    } else if name.ends_with("RwLockReadGuard") {
        ".read()"
    } else if name.ends_with("RwLockWriteGuard") {
        ".write()"
    } else if name.ends_with("RefMut") {
        ".borrow_mut()"
    } else if name.ends_with("Ref") {
        ".borrow()"
    } else {
        ".*"
    }
}
