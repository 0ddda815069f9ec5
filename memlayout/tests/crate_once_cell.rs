#![cfg(feature = "once_cell")]
//! `once_cell`: cells walked once set; an unset `Lazy` whose closure owns heap is unreadable.

#[path = "crates_support/mod.rs"]
mod support;

use memlayout::{totals, Layout};
use once_cell::{sync, unsync};
use support::{bounded, exact, frees_as_predicted, string};

#[test]
fn static_layout_is_the_compilers() {
    type C = sync::OnceCell<String>;
    assert_eq!(
        (C::LAYOUT.size, C::LAYOUT.align),
        (size_of::<C>(), align_of::<C>())
    );
    type L = unsync::Lazy<Vec<u8>>;
    assert_eq!(
        (L::LAYOUT.size, L::LAYOUT.align),
        (size_of::<L>(), align_of::<L>())
    );
}

#[test]
fn cells_are_walked_once_set() {
    exact(unsync::OnceCell::<String>::new);
    exact(sync::OnceCell::<String>::new);
    exact(|| unsync::OnceCell::with_value(string("u", 12)));
    exact(|| {
        let cell = sync::OnceCell::new();
        cell.set(vec![0u64; 5]).unwrap();
        cell
    });
}

#[test]
fn lazies_are_walked_once_forced() {
    let lazy = exact(|| unsync::Lazy::new(|| string("lazy", 30)));
    assert_eq!(totals(&lazy).heap_bytes, 0);
    let forced = exact(|| {
        let lazy = sync::Lazy::new(|| vec![1u16; 8]);
        sync::Lazy::force(&lazy);
        lazy
    });
    assert_eq!(totals(&forced).heap_bytes, 16);
    // A closure that owns heap is not walked: unset, the figure is a bound.
    let (lazy, t, _) = bounded(|| {
        let captured = vec![0u8; 100];
        unsync::Lazy::new(move || captured.capacity())
    });
    assert_eq!((t.unreadable, t.heap_bytes_high), (1, usize::MAX));
    unsync::Lazy::force(&lazy);
    assert!(totals(&lazy).is_exact);
}

#[test]
fn drop_frees_the_contents() {
    let cell = sync::OnceCell::with_value(string("c", 7));
    assert_eq!(frees_as_predicted(cell), [7]);
}
