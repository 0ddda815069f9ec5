//! Reference counting: `Rc`, `Arc` and their `Weak`s share one allocation holding the two counts
//! followed by the value. A walk counts it once, at the first handle it meets. A pinned `Rc` or
//! `Arc` is the handle it pins.

use alloc::rc::{self, Rc};
use alloc::sync::{self, Arc};
use core::alloc::Layout as AllocLayout;
use core::pin::Pin;

use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Shared, Visitor};

/// The `RcInner` / `ArcInner` allocation around a value of layout `value`: std's
/// `#[repr(C)]` header of two `usize` counts, then the value, padded to the alignment.
#[inline]
pub(crate) fn counted_block(value: AllocLayout, value_padding: usize) -> HeapBlock {
    let header = AllocLayout::new::<[usize; 2]>();
    let (inner, _) = match header.extend(value) {
        Ok(extended) => extended,
        // Unreachable for a value that exists: its allocation was computed the same way.
        Err(_) => (header, 0),
    };
    let inner = inner.pad_to_align();
    HeapBlock::exact(inner.size(), inner.align(), inner.size())
        .with_padding(inner.size() - header.size() - value.size() + value_padding)
}

/// The address every handle to an allocation agrees on: the value's address.
fn address<T: ?Sized>(value: *const T) -> usize {
    value.cast::<()>() as usize
}

/// A strong handle (`Rc`, `Arc`): the value is readable and counted with its allocation.
macro_rules! strong {
    ($($name:literal $t:ident, atomic = $atomic:literal;)*) => {$(
        impl<T: Layout + ?Sized> Layout for $t<T> {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t<T>>($name, Kind::Pointer)
                .with_storage(Storage::SharesHeap)
                .with_element(layout_of::<T>);

            #[inline]
            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                let value: &'a T = self;
                let bytes = core::mem::size_of_val(value);
                visitor.shared(Shared {
                    address: address($t::as_ptr(self)),
                    block: counted_block(
                        AllocLayout::for_value(value),
                        super::pointer::padding_in::<T>(bytes),
                    ),
                    strong: $t::strong_count(self),
                    weak: $t::weak_count(self),
                    contents: Some(value),
                    is_weak: false,
                    is_atomic: $atomic,
                });
            }

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

strong! {
    "Rc<T>" Rc, atomic = false;
    "Arc<T>" Arc, atomic = true;
}

/// `Pin<Rc<T>>` and `Pin<Arc<T>>`: walked as the handle inside, read in place (`Pin` gives no
/// safe `&Rc<T>`, and a clone would bump the count a report shows).
macro_rules! pinned_strong {
    ($($name:literal $t:ident;)*) => {$(
        impl<T: Layout + ?Sized> Layout for Pin<$t<T>> {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<Pin<$t<T>>>($name, Kind::Pointer)
                    .with_storage(Storage::SharesHeap)
                    .with_element(layout_of::<T>);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                // SAFETY: `Pin<Ptr>` is guaranteed to have the same memory layout and ABI as
                // `Ptr` (std's `Pin` docs, "Layout and ABI"), so the pinned handle is a valid
                // handle for as long as `self` is borrowed. Only shared access is given out,
                // which cannot move the pinned value or touch the counts.
                let handle: &'a $t<T> =
                    unsafe { &*(self as *const Pin<$t<T>>).cast::<$t<T>>() };
                handle.visit(visitor);
            }

            fn write_key(&self, out: &mut alloc::string::String) -> bool {
                (**self).write_key(out)
            }
        }
    )*};
}

pinned_strong! {
    "Pin<Rc<T>>" Rc;
    "Pin<Arc<T>>" Arc;
}

/// A weak handle: it keeps the allocation (not the value) alive. `Weak::new()` allocates
/// nothing; std marks it with the address `usize::MAX`, which no value can have.
///
/// Once the strong count is 0 std reports a weak count of 0 as well; the report then shows 1
/// (this handle), a lower bound.
///
/// The allocation's size comes from the value's layout: `T`'s, or for `Weak<[T]>` and
/// `Weak<str>` the length the handle's pointer carries (readable when the value is gone).
macro_rules! weak {
    ($($name:literal $slice:literal $str:literal $module:ident, atomic = $atomic:literal;)*) => {$(
        impl<T: Layout> Layout for $module::Weak<T> {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<$module::Weak<T>>($name, Kind::Pointer)
                    .with_storage(Storage::SharesHeap)
                    .with_element(layout_of::<T>);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                let block = counted_block(AllocLayout::new::<T>(), T::LAYOUT.padding_bytes);
                weak_handle::<T, V>(visitor, self.as_ptr(), block, $atomic, || {
                    (self.strong_count(), self.weak_count())
                });
            }
        }

        impl<T: Layout> Layout for $module::Weak<[T]> {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<$module::Weak<[T]>>($slice, Kind::Pointer)
                    .with_storage(Storage::SharesHeap)
                    .with_element(layout_of::<T>);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                let ptr = self.as_ptr();
                let len = ptr.len();
                let value = AllocLayout::array::<T>(len).unwrap_or(AllocLayout::new::<()>());
                let block = counted_block(value, len * T::LAYOUT.padding_bytes);
                weak_handle::<[T], V>(visitor, ptr, block, $atomic, || {
                    (self.strong_count(), self.weak_count())
                });
            }
        }

        impl Layout for $module::Weak<str> {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<$module::Weak<str>>($str, Kind::Pointer)
                    .with_storage(Storage::SharesHeap)
                    .with_element(layout_of::<u8>);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                let ptr = self.as_ptr();
                let len = (ptr as *const [u8]).len();
                let value = AllocLayout::array::<u8>(len).unwrap_or(AllocLayout::new::<()>());
                let block = counted_block(value, 0);
                weak_handle::<str, V>(visitor, ptr, block, $atomic, || {
                    (self.strong_count(), self.weak_count())
                });
            }
        }
    )*};
}

/// Reports a weak handle to the allocation of `block` around `ptr`, unless it is a
/// `Weak::new()` (no allocation); `counts` reads its strong and weak counts.
fn weak_handle<'a, T: Layout + ?Sized + 'a, V: Visitor<'a>>(
    visitor: &mut V,
    ptr: *const T,
    block: HeapBlock,
    is_atomic: bool,
    counts: impl FnOnce() -> (usize, usize),
) {
    let address = address(ptr);
    if address == usize::MAX {
        return;
    }
    let (strong, weak) = counts();
    visitor.shared::<T>(Shared {
        address,
        block,
        strong,
        weak: if strong == 0 { 1 } else { weak },
        contents: None,
        is_weak: true,
        is_atomic,
    });
}

weak! {
    "rc::Weak<T>" "rc::Weak<[T]>" "rc::Weak<str>" rc, atomic = false;
    "sync::Weak<T>" "sync::Weak<[T]>" "sync::Weak<str>" sync, atomic = true;
}
