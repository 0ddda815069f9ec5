//! The shared allocations a walk that only adds up has met: the tally's and the folded walk's.

use crate::collections::{AddressMap, Entry};
use crate::visit::Shared;

/// Shared allocations met, by address, each with whether its contents were walked: a walk
/// counts an allocation at the first handle it meets and walks its contents once, through the
/// first handle that may read them (a `Weak` may not).
#[derive(Default)]
pub(crate) struct SharedSeen(AddressMap<bool>);

impl SharedSeen {
    /// Meets one handle: whether it is the allocation's first (count its block), and the
    /// contents to walk now, if any.
    #[inline]
    pub(crate) fn meet<'a, T: ?Sized>(&mut self, shared: &Shared<'a, T>) -> (bool, Option<&'a T>) {
        let (first, walked) = match self.0.entry(shared.address) {
            Entry::Vacant(slot) => (true, slot.insert(false)),
            Entry::Occupied(slot) => (false, slot.into_mut()),
        };
        let contents = shared.contents.filter(|_| !*walked);
        *walked |= contents.is_some();
        (first, contents)
    }
}
