#![cfg(feature = "bytes")]
//! `Bytes` and `BytesMut` against the counting allocator: their backing form is private, so the
//! figures are bounds (from what is certainly held up), which must hold the truth for every
//! form: static, promotable, shared, frozen, split, advanced.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use bytes::{Buf, BufMut, Bytes, BytesMut};

#[test]
fn static_layout_is_the_compilers() {
    support::static_layout_matches::<Bytes>();
    support::static_layout_matches::<BytesMut>();
}

/// Checks the bounds hold the truth, that the low bound is `low`, and that the drop order
/// predicts no more frees than happen.
#[track_caller]
fn check<T: memlayout::Layout>(what: &str, low: usize, build: impl FnOnce() -> T) {
    check_with(what, |_| low, build);
}

/// [`check`] with the low bound read from the value built.
#[track_caller]
fn check_with<T: memlayout::Layout>(
    what: &str,
    low: impl FnOnce(&T) -> usize,
    build: impl FnOnce() -> T,
) {
    let (value, totals) = support::bounded(what, build);
    assert_eq!(totals.heap_bytes_low, low(&value), "{what}: low bound");
    assert_eq!(totals.heap_bytes_high, usize::MAX, "{what}: no upper end");
    let predicted = support::predicted_free_count(&value);
    let freed = alloc::frees_during(|| drop(value)).len();
    assert!(
        predicted <= freed,
        "{what}: {predicted} frees predicted, {freed} made"
    );
}

#[test]
fn bytes_in_every_form_are_bounds_holding_the_truth() {
    check("empty", 0, Bytes::new);
    check("static", 0, || Bytes::from_static(b"static bytes"));
    check("promotable (Vec without spare)", 100, || {
        Bytes::from(vec![1u8; 100])
    });
    check("promotable (boxed slice)", 7, || {
        Bytes::from(vec![2u8; 7].into_boxed_slice())
    });
    check("shared (Vec with spare)", 10, || {
        let mut bytes = Vec::with_capacity(64);
        bytes.extend_from_slice(&[3u8; 10]);
        Bytes::from(bytes)
    });
    check("copied", 33, || Bytes::copy_from_slice(&[4u8; 33]));
    check("advanced", 60, || {
        let mut bytes = Bytes::from(vec![5u8; 100]);
        bytes.advance(40);
        bytes
    });
    check("truncated", 20, || {
        let mut bytes = Bytes::from(vec![6u8; 100]);
        bytes.truncate(20);
        bytes
    });
    // Two handles to one buffer: neither is unique, so neither claims it.
    check("cloned", 0, || {
        let bytes = Bytes::from(vec![7u8; 50]);
        (bytes.clone(), bytes)
    });
    check("sliced", 0, || {
        let bytes = Bytes::from(vec![8u8; 50]);
        let slice = bytes.slice(10..20);
        (bytes, slice)
    });
    check("frozen", 12, || BytesMut::from(&[9u8; 12][..]).freeze());
}

#[test]
fn bytes_mut_is_bounds_from_its_capacity() {
    check("new", 0, BytesMut::new);
    check("with capacity", 256, || BytesMut::with_capacity(256));
    check_with("grown", BytesMut::capacity, || {
        let mut bytes = BytesMut::with_capacity(4);
        for i in 0..200u8 {
            bytes.put_u8(i);
        }
        bytes
    });
    check("advanced", 70, || {
        let mut bytes = BytesMut::with_capacity(100);
        bytes.put_bytes(1, 50);
        bytes.advance(30);
        bytes
    });
    check_with(
        "split",
        |(left, right): &(BytesMut, BytesMut)| left.capacity() + right.capacity(),
        || {
            let mut left = BytesMut::with_capacity(128);
            left.put_bytes(2, 100);
            let right = left.split_off(40);
            (left, right)
        },
    );
}
