//! Std types whose fields are private and which own no heap: markers, hashers, error values,
//! identifiers, OS-level plain data (`fs::Metadata`, `process::ExitStatus`, `sync::Condvar`, ...).
//!
//! Their fields cannot be read, so what they own is judged from a public fact: a type without
//! drop glue (`core::mem::needs_drop` is false) frees nothing when dropped, so it owns no heap.
//! Such a type is a leaf, exactly. Where a platform's std gives one drop glue (on some targets
//! `Condvar` boxes an OS object lazily), its contents are reported unreadable instead: a bound,
//! never a silent 0.

use core::alloc::{Layout as AllocLayout, LayoutError};
use core::any::TypeId;
use core::cell::{BorrowError, BorrowMutError};
use core::char::{CharTryFromError, DecodeUtf16Error, ParseCharError, TryFromCharError};
use core::ffi::c_void;
use core::fmt::Arguments;
use core::hash::BuildHasherDefault;
use core::marker::PhantomPinned;
use core::num::{FpCategory, IntErrorKind, ParseFloatError, ParseIntError, TryFromIntError};
use core::panic::Location;
use core::str::{ParseBoolError, Utf8Error};
use std::alloc::System;
use std::array::TryFromSliceError;
use std::collections::TryReserveError;
use std::env::JoinPathsError;
use std::ffi::{FromBytesUntilNulError, FromBytesWithNulError};
use std::fs::{FileType, Metadata, OpenOptions, Permissions};
use std::hash::{DefaultHasher, RandomState};
use std::net::{AddrParseError, Shutdown};
use std::path::StripPrefixError;
use std::thread::AccessError;
use std::time::{SystemTimeError, TryFromFloatSecsError};

use crate::layout::{Kind, Layout, Storage, TypeLayout};

/// Why an opaque std type with drop glue is not walked.
pub(crate) const PRIVATE_STATE: &str =
    "this std type has drop glue on this platform and its fields are private";

/// The static layout of a std type `T` with private fields: inline when it has no drop glue,
/// opaque otherwise (see the module docs).
pub(crate) const fn plain_layout<T>(name: &'static str) -> TypeLayout {
    let storage = if core::mem::needs_drop::<T>() {
        Storage::Opaque
    } else {
        Storage::Inline
    };
    TypeLayout::of::<T>(name, Kind::Other).with_storage(storage)
}

/// `Layout` for std types with private fields that own no heap where they have no drop glue.
macro_rules! plain {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::layout::Layout for $t {
            const LAYOUT: &'static $crate::layout::TypeLayout =
                &$crate::impls::plain::plain_layout::<$t>(stringify!($t));
            const IS_LEAF: bool = !core::mem::needs_drop::<$t>();

            fn visit<'a, V: $crate::visit::Visitor<'a>>(&'a self, visitor: &mut V) {
                if !Self::IS_LEAF {
                    visitor.unreadable($crate::impls::plain::PRIVATE_STATE);
                }
            }
        }
    )*};
}
pub(crate) use plain;

/// `Layout` for std types whose heap is private: their figures are bounds (the contents are
/// reported unreadable, with `$reason`), and what their drop releases, if anything.
macro_rules! private_heap {
    ($(
        $(<$($g:tt),+>)? $name:literal $t:ty => $storage:ident, $reason:literal
        $(, releases $release:literal)?;
    )*) => {$(
        impl$(<$($g),+>)? $crate::layout::Layout for $t {
            const LAYOUT: &'static $crate::layout::TypeLayout =
                &$crate::layout::TypeLayout::of::<$t>($name, $crate::layout::Kind::Other)
                    .with_storage($crate::layout::Storage::$storage);

            fn visit<'a, V: $crate::visit::Visitor<'a>>(&'a self, visitor: &mut V) {
                visitor.unreadable($reason);
                $(visitor.resource($release);)?
            }
        }
    )*};
}
pub(crate) use private_heap;

plain! {
    // Markers and identifiers.
    PhantomPinned, TypeId, c_void, System, core::sync::atomic::Ordering,
    Location<'static>,
    // `format_args!`'s value (log's `Record` holds one): it borrows its pieces and arguments,
    // which are private, and owns nothing.
    Arguments<'_>,
    // Hashing and allocation.
    RandomState, DefaultHasher, AllocLayout, LayoutError, TryReserveError,
    // Error values and their kinds.
    Utf8Error, ParseIntError, ParseFloatError, TryFromIntError, ParseBoolError, ParseCharError,
    CharTryFromError, TryFromCharError, DecodeUtf16Error, TryFromSliceError, BorrowError,
    BorrowMutError, AddrParseError, core::fmt::Error, FpCategory, IntErrorKind,
    SystemTimeError, TryFromFloatSecsError, StripPrefixError, JoinPathsError,
    FromBytesWithNulError, FromBytesUntilNulError, AccessError,
    // Operating-system plain data.
    Shutdown, Metadata, FileType, Permissions, OpenOptions,
}

/// `BuildHasherDefault<H>` is a zero-sized marker for whatever `H` is.
impl<H> Layout for BuildHasherDefault<H> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<BuildHasherDefault<H>>("BuildHasherDefault<H>", Kind::Other);
    const IS_LEAF: bool = true;
}
