//! Strings: `String`, `OsString` and `PathBuf` own a byte buffer of `capacity()` bytes;
//! `CString` owns exactly its bytes and the nul (it is a `Box<[u8]>`). The unsized views
//! (`str`, `OsStr`, `Path`, `CStr`) are plain bytes: behind a `Box` their length is the heap.

#[cfg(feature = "alloc")]
use alloc::ffi::CString;
#[cfg(feature = "alloc")]
use alloc::string::String;
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
use crate::visit::Visitor;

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
