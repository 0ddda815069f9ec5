//! Strings: `String`, `OsString` and `PathBuf` own a byte buffer of `capacity()` bytes;
//! `CString` owns exactly its bytes and the nul (it is a `Box<[u8]>`). The unsized views
//! (`str`, `OsStr`, `Path`, `CStr`) are plain bytes: behind a `Box` their length is the heap.
//! The errors of converting bytes to strings keep the bytes: `FromUtf8Error` and
//! `FromVecWithNulError` show them (`as_bytes`) but not their vector's capacity, so their heap
//! is a lower bound; `NulError` and `IntoStringError` show neither.

#[cfg(feature = "alloc")]
use alloc::ffi::{CString, FromVecWithNulError, IntoStringError, NulError};
#[cfg(feature = "alloc")]
use alloc::string::{FromUtf16Error, FromUtf8Error, String};
use core::ffi::CStr;
#[cfg(feature = "std")]
use std::ffi::{OsStr, OsString};
#[cfg(feature = "std")]
use std::path::{Path, PathBuf};

#[cfg(feature = "alloc")]
use super::debug_key_to;
#[cfg(feature = "alloc")]
use super::keys::str_key_to;
use super::unsized_of;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
#[cfg(feature = "alloc")]
use crate::visit::{Exactness, HeapBlock, Visitor};

/// Owned strings whose buffer is `capacity()` bytes, `len` of them in use.
#[cfg(feature = "alloc")]
macro_rules! owned_string {
    ($($t:ident: |$s:ident| $len:expr, key $key:ident;)*) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::Collection)
                .with_storage(Storage::OwnsHeap)
                .with_element(layout_of::<u8>);

            #[inline(always)]
            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                let (bytes, used) = self.__buffer_figures();
                visitor.plain_heap(bytes, 1, used);
            }

            const __ONE_BUFFER: bool = true;

            /// The buffer's `(capacity, len)`, which `visit` reports.
            #[inline(always)]
            fn __buffer_figures(&self) -> (usize, usize) {
                let $s = self;
                (self.capacity(), $len)
            }

            fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
                $key(self, out)
            }
        }
    )*};
}

#[cfg(feature = "alloc")]
owned_string! {
    String: |s| s.len(), key str_key_to;
}

#[cfg(feature = "std")]
owned_string! {
    OsString: |s| s.len(), key debug_key_to;
    PathBuf: |s| s.as_os_str().len(), key debug_key_to;
}

/// `CString` is a `Box<[u8]>` holding the bytes and the nul, with no spare capacity.
#[cfg(feature = "alloc")]
impl Layout for CString {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<CString>("CString", Kind::Collection)
        .with_storage(Storage::OwnsHeap)
        .with_element(layout_of::<u8>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let (bytes, used) = self.__buffer_figures();
        visitor.plain_heap(bytes, 1, used);
    }

    const __ONE_BUFFER: bool = true;

    /// The bytes and the nul, all used, which `visit` reports.
    #[inline(always)]
    fn __buffer_figures(&self) -> (usize, usize) {
        let bytes = self.as_bytes_with_nul().len();
        (bytes, bytes)
    }

    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        debug_key_to(self, out)
    }
}

/// Errors that keep the bytes they could not convert, in the vector they were given: `len`
/// bytes are shown (`as_bytes`), the vector's capacity is not, so the block is at least `len`
/// bytes with no upper bound. Never empty: the bytes hold the offending sequence (or lack the
/// nul), so the vector has allocated.
#[cfg(feature = "alloc")]
macro_rules! kept_bytes {
    ($($t:ident),* $(,)?) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::Other)
                .with_storage(Storage::OwnsHeap)
                .with_element(layout_of::<u8>);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                let len = self.as_bytes().len();
                visitor.heap(HeapBlock {
                    exactness: Exactness::Estimate {
                        low: len,
                        high: usize::MAX,
                    },
                    reclaimable: 0,
                    ..HeapBlock::exact(len, 1, len)
                });
            }
        }
    )*};
}

#[cfg(feature = "alloc")]
kept_bytes!(FromUtf8Error, FromVecWithNulError);

/// `FromUtf16Error` holds nothing (a unit field).
#[cfg(feature = "alloc")]
impl Layout for FromUtf16Error {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<FromUtf16Error>("FromUtf16Error", Kind::Other);
    const IS_LEAF: bool = true;
}

/// `NulError` keeps the vector given to `CString::new`, `IntoStringError` the `CString` given to
/// `into_string`; neither shows them but by value (`into_vec`, `into_cstring`).
#[cfg(feature = "alloc")]
macro_rules! hidden_bytes {
    ($($t:ident: $reason:literal;)*) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::Other)
                .with_storage(Storage::OwnsHeap);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                visitor.unreadable($reason);
            }
        }
    )*};
}

#[cfg(feature = "alloc")]
hidden_bytes! {
    NulError: "a NulError's bytes are shown only by value (into_vec)";
    IntoStringError: "an IntoStringError's CString is shown only by value (into_cstring)";
}

/// Unsized byte strings: leaves, `size_of_val` bytes each.
macro_rules! unsized_string {
    ($($t:ident: $key:ident),* $(,)?) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout {
                element: Some(layout_of::<u8>),
                ..unsized_of::<$t>(stringify!($t), Kind::Slice, 1, Storage::Inline)
            };
            const IS_LEAF: bool = true;

            #[cfg(feature = "alloc")]
            fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
                $key(self, out)
            }
        }
    )*};
}

unsized_string!(str: str_key_to, CStr: debug_key_to);
#[cfg(feature = "std")]
unsized_string!(OsStr: debug_key_to, Path: debug_key_to);
