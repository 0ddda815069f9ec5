//! Pointers: `Box<T>` owns its contents' allocation, references borrow, raw pointers are not
//! followed.

#[cfg(feature = "alloc")]
use alloc::boxed::Box;
use core::pin::Pin;
use core::ptr::NonNull;

use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
#[cfg(feature = "alloc")]
use crate::visit::HeapBlock;
use crate::visit::Visitor;

/// Pointers to a `T` that memlayout follows: the pointee is their element, its key is theirs.
macro_rules! pointer {
    ($($(#[$doc:meta])* $(<$lt:lifetime>)? $name:literal $t:ty => $storage:ident, $visit:ident $(, $figures:ident)?;)*) => {$(
        $(#[$doc])*
        impl<$($lt,)? T: Layout + ?Sized> Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>($name, Kind::Pointer)
                .with_storage(Storage::$storage)
                .with_element(layout_of::<T>);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                $visit::<T, V>(self, visitor);
            }

            $(
                /// A box of an unsized leaf is one block (see [`box_figures`]).
                const __ONE_BUFFER: bool = T::IS_LEAF && !T::LAYOUT.is_sized;

                /// The box's block's figures ([`box_figures`]).
                #[inline(always)]
                fn __buffer_figures(&self) -> (usize, usize) {
                    $figures::<T>(self)
                }
            )?

            #[cfg(feature = "alloc")]
            fn write_key(&self, out: &mut alloc::string::String) -> bool {
                (**self).write_key(out)
            }

            #[cfg(feature = "alloc")]
            fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
                (**self).write_key_to(out)
            }
        }
    )*};
}

pointer! {
    #[cfg(feature = "alloc")]
    /// `Box<T>` allocates `size_of_val(contents)` bytes aligned to `align_of_val(contents)`, and
    /// nothing at all when that size is zero (`Box<()>`, an empty `Box<[T]>` or `Box<str>`).
    "Box<T>" Box<T> => OwnsHeap, visit_box, box_figures;
    #[cfg(feature = "alloc")]
    /// A pinned box is a box: the same allocation, reached the same way.
    "Pin<Box<T>>" Pin<Box<T>> => OwnsHeap, visit_box, box_figures;
    <'r> "&T" &'r T => Borrows, visit_borrowed;
    <'r> "&mut T" &'r mut T => Borrows, visit_borrowed;
    /// A pinned reference borrows as the reference does.
    <'r> "Pin<&T>" Pin<&'r T> => Borrows, visit_borrowed;
    <'r> "Pin<&mut T>" Pin<&'r mut T> => Borrows, visit_borrowed;
}

/// Reports a box's contents in their own allocation of `size_of_val` bytes.
#[cfg(feature = "alloc")]
fn visit_box<'a, T: Layout + ?Sized, V: Visitor<'a>>(contents: &'a T, visitor: &mut V) {
    let bytes = core::mem::size_of_val(contents);
    let block = HeapBlock::exact(bytes, core::mem::align_of_val(contents), bytes)
        .with_padding(padding_in::<T>(bytes));
    visitor.boxed(None, contents, block);
}

/// `(bytes, used)` of the block [`visit_box`] reports for `contents`, an unsized leaf (a
/// `Box<str>`, a `Box<[u32]>`): all its bytes are used. A block with padding (a `Box<[T]>` of
/// padded elements) is not plain: `(1, 0)` then, which a summary does not take as plain (see
/// [`Layout::__buffer_figures`]).
#[cfg(feature = "alloc")]
#[inline(always)]
fn box_figures<T: Layout + ?Sized>(contents: &T) -> (usize, usize) {
    let bytes = core::mem::size_of_val(contents);
    if padding_in::<T>(bytes) == 0 {
        (bytes, bytes)
    } else {
        (1, 0)
    }
}

/// Padding inside `bytes` bytes of a `T`: its own padding when sized, else the element's
/// padding times the element count (`Box<[T]>`).
#[cfg(feature = "alloc")]
pub(crate) fn padding_in<T: Layout + ?Sized>(bytes: usize) -> usize {
    let layout = T::LAYOUT;
    if layout.is_sized {
        return layout.padding_bytes;
    }
    match layout.element {
        Some(element) if element().size > 0 => bytes / element().size * element().padding_bytes,
        _ => 0,
    }
}

/// Reports a reference's target: shown, not counted.
fn visit_borrowed<'a, T: Layout + ?Sized, V: Visitor<'a>>(target: &'a T, visitor: &mut V) {
    visitor.borrowed::<T>(target);
}

/// Raw pointers: a leaf of storage class raw pointer; memlayout never follows them.
macro_rules! raw_pointer {
    ($($name:literal $t:ty),* $(,)?) => {$(
        impl<T: ?Sized> Layout for $t {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<$t>($name, Kind::Pointer).with_storage(Storage::RawPointer);
            const IS_LEAF: bool = true;
        }
    )*};
}

raw_pointer!("*const T" *const T, "*mut T" *mut T, "NonNull<T>" NonNull<T>);
