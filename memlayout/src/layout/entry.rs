//! The layout of a map entry: the `(K, V)` pair a map stores for each key, as the walks show it.
//!
//! A map hands its entries to a visitor as a key and a value (`Visitor::entries`), which may be
//! unsized, so the pair is not always a Rust type: `(K, V)` is one only when `K` is sized. The
//! entry's layout is made from the key's and the value's: its size is theirs added (a hash
//! table stores `(K, V)` tuples, padded as the tuple is; a B-tree stores keys and values in
//! separate arrays, unpadded: the map decides, the entry counts what its key and value hold),
//! and its padding is the padding inside them, which the key's and value's own nodes report
//! (the entry adds none of its own).

use core::marker::PhantomData;

use super::{Kind, Layout, Repr, TypeLayout};

/// The entry of a map with keys `K` and values `W`.
pub(crate) struct MapEntry<K: ?Sized, W: ?Sized>(PhantomData<fn(&K, &W)>);

impl<K: Layout + ?Sized, W: Layout + ?Sized> MapEntry<K, W> {
    /// `(K, V)`'s layout: the key's and value's sizes added, aligned as the stricter of them.
    pub(crate) const LAYOUT: &'static TypeLayout = &TypeLayout {
        name: "(K, V)",
        type_name: entry_type_name::<K, W>,
        kind: Kind::Tuple,
        size: K::LAYOUT.size + W::LAYOUT.size,
        align: if K::LAYOUT.align > W::LAYOUT.align {
            K::LAYOUT.align
        } else {
            W::LAYOUT.align
        },
        is_sized: K::LAYOUT.is_sized && W::LAYOUT.is_sized,
        repr: Repr::RUST,
        storage: crate::__private::combine_storage(&[K::LAYOUT.storage, W::LAYOUT.storage]),
        fields: &[],
        memory_order: &[],
        variants: &[],
        element: None,
        len: None,
        needs_drop: K::LAYOUT.needs_drop || W::LAYOUT.needs_drop,
        is_uninhabited: K::LAYOUT.is_uninhabited || W::LAYOUT.is_uninhabited,
        has_niche: false,
        has_large_niche: false,
        has_niche_over_256: false,
        padding_bytes: 0,
    };
}

/// `"(alloc::string::String, u32)"`: the entry's type as a Rust user writes it, with the full
/// paths [`core::any::type_name`] gives (renderers shorten them).
///
/// `(K, V)` is not a type when `K` is unsized, but `fn(K, V)` is one (a function pointer type
/// is well formed whatever its parameters), and its name is the pair's after `fn`.
fn entry_type_name<K: ?Sized, W: ?Sized>() -> &'static str {
    let name = core::any::type_name::<fn(K, W)>();
    name.strip_prefix("fn").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Storage;
    use alloc::{string::String, vec::Vec};
    use core::any::type_name;

    #[test]
    fn names_the_pair_as_rust_does() {
        assert_eq!(
            (MapEntry::<String, Vec<u32>>::LAYOUT.type_name)(),
            type_name::<(String, Vec<u32>)>()
        );
        assert_eq!(
            (MapEntry::<u8, ()>::LAYOUT.type_name)(),
            type_name::<(u8, ())>()
        );
        assert_eq!((MapEntry::<str, [u8]>::LAYOUT.type_name)(), "(str, [u8])");
    }

    #[test]
    fn adds_the_key_and_value_sizes() {
        let layout = MapEntry::<u64, (u8, u16)>::LAYOUT;
        assert_eq!(layout.size, size_of::<u64>() + size_of::<(u8, u16)>());
        assert_eq!(layout.align, align_of::<u64>().max(align_of::<(u8, u16)>()));
        assert_eq!(layout.storage, Storage::Inline);
        assert_eq!(MapEntry::<u8, String>::LAYOUT.storage, Storage::OwnsHeap);
        assert!(!MapEntry::<str, u8>::LAYOUT.is_sized);
    }
}
