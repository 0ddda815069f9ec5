//! Scalars and small plain-data std types: inline, no heap, nothing to walk.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use core::num::NonZero;
use core::sync::atomic::{
    AtomicBool, AtomicI16, AtomicI32, AtomicI64, AtomicI8, AtomicIsize, AtomicPtr, AtomicU16,
    AtomicU32, AtomicU64, AtomicU8, AtomicUsize,
};
use core::time::Duration;
#[cfg(feature = "std")]
use std::time::{Instant, SystemTime};

use crate::layout::{Kind, Layout, Storage, TypeLayout};

/// `Layout` for types that are only their inline bytes and print a short key with `Debug`.
macro_rules! leaf_with_key {
    ($kind:ident: $($t:ty),* $(,)?) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::$kind);
            const IS_LEAF: bool = true;

            #[cfg(feature = "alloc")]
            fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
                super::debug_key_to(self, out)
            }
        }
    )*};
}

/// `Layout` for types that are only their inline bytes and have no short key form.
macro_rules! leaf {
    ($kind:ident: $($t:ty),* $(,)?) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::$kind);
            const IS_LEAF: bool = true;
        }
    )*};
}

/// `Layout` for scalars whose key a function of `super::keys` writes from the value that
/// `$get` makes of `self` (`Debug`'s text, without `core::fmt`).
macro_rules! leaf_with_plain_key {
    ($kind:ident, $write:ident: |$v:ident| $get:expr => $($t:ty),* $(,)?) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::$kind);
            const IS_LEAF: bool = true;

            #[cfg(feature = "alloc")]
            // Widening to `u128` casts `u128` and `i128`'s magnitude to their own type.
            #[allow(clippy::unnecessary_cast)]
            fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
                let $v = self;
                super::keys::$write($get, out)
            }
        }
    )*};
}

// An integer's key is its sign and magnitude in decimal (`NonZero`'s `Debug` is its value's).
leaf_with_plain_key!(Primitive, decimal_key_to: |n| (false, *n as u128) =>
    u8, u16, u32, u64, u128, usize);
leaf_with_plain_key!(Primitive, decimal_key_to: |n| (*n < 0, n.unsigned_abs() as u128) =>
    i8, i16, i32, i64, i128, isize);
leaf_with_plain_key!(Other, decimal_key_to: |n| (false, n.get() as u128) =>
    NonZero<u8>, NonZero<u16>, NonZero<u32>, NonZero<u64>, NonZero<u128>, NonZero<usize>);
leaf_with_plain_key!(Other, decimal_key_to: |n| (n.get() < 0, n.get().unsigned_abs() as u128) =>
    NonZero<i8>, NonZero<i16>, NonZero<i32>, NonZero<i64>, NonZero<i128>, NonZero<isize>);
leaf_with_plain_key!(Primitive, bool_key_to: |b| *b => bool);
leaf_with_plain_key!(Primitive, char_key_to: |c| *c => char);
leaf_with_key!(Primitive: f32, f64, ());
leaf_with_key!(Other: Ipv4Addr, Ipv6Addr, IpAddr, SocketAddrV4, SocketAddrV6, SocketAddr);
leaf_with_key!(Other: core::cmp::Ordering);
leaf!(Other: AtomicBool, AtomicU8, AtomicU16, AtomicU32, AtomicU64, AtomicUsize);
leaf!(Other: AtomicI8, AtomicI16, AtomicI32, AtomicI64, AtomicIsize);
leaf!(Other: Duration);
#[cfg(feature = "std")]
leaf!(Other: Instant, SystemTime);

impl<T> Layout for AtomicPtr<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<AtomicPtr<T>>("AtomicPtr<T>", Kind::Pointer)
            .with_storage(Storage::RawPointer);
    const IS_LEAF: bool = true;
}
