//! The maps and sets the walks and reports keep. With `std`: std's hash maps. Without it
//! (`alloc` has no hash map): alloc's B-trees, which need `Ord` keys and give the same results
//! (nothing the crate outputs depends on a map's iteration order).

#[cfg(not(feature = "std"))]
pub(crate) use alloc::collections::{btree_map::Entry, BTreeMap as Map, BTreeSet as Set};
#[cfg(feature = "std")]
pub(crate) use std::collections::{hash_map::Entry, HashMap as Map, HashSet as Set};

/// A map keyed by allocation address: a hash map with [`AddressHasher`] (one multiply).
///
/// [`AddressHasher`]: crate::walk::stack::AddressHasher
#[cfg(feature = "std")]
pub(crate) type AddressMap<V> =
    Map<usize, V, core::hash::BuildHasherDefault<crate::walk::stack::AddressHasher>>;
/// A map keyed by allocation address.
#[cfg(not(feature = "std"))]
pub(crate) type AddressMap<V> = Map<usize, V>;
