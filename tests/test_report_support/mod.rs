//! Shared by the `test_report*` files: a counting global allocator (live bytes per thread) and
//! hand-written `Layout` impls standing in for the derive and for std impls not written yet.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::cell::Cell;

/// Counts live heap bytes per thread, so tests running in parallel do not disturb each other.
pub struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn record(delta: isize) {
    let _ = LIVE.try_with(|live| live.set(live.get() + delta));
}

// SAFETY: every method forwards to `System` unchanged and only records sizes in a thread-local
// `Cell` (const-initialised, no destructor, never allocates).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            record(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: AllocLayout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            record(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) };
        record(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: AllocLayout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            record(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// Live heap bytes allocated by this thread (and not freed).
pub fn live() -> isize {
    LIVE.with(|live| live.get())
}

/// Runs `make` and returns its value with the heap bytes it left allocated: what the value owns.
pub fn measure<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let before = live();
    let value = make();
    let after = live();
    (
        value,
        usize::try_from(after - before).expect("the value freed more than it allocated"),
    )
}

/// A hand-written `Layout` impl for a struct with named fields, as the derive would write it.
#[allow(unused_macros)]
macro_rules! layout_struct {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        impl memlayout::Layout for $name {
            const LAYOUT: &'static memlayout::TypeLayout = &memlayout::TypeLayout {
                fields: &[$(memlayout::Field {
                    name: stringify!($field),
                    type_name: stringify!($ty),
                    offset: core::mem::offset_of!($name, $field),
                    size: core::mem::size_of::<$ty>(),
                    align: core::mem::align_of::<$ty>(),
                    storage: <$ty as memlayout::Layout>::LAYOUT.storage,
                    layout: memlayout::layout_of::<$ty>,
                }),*],
                memory_order: &memlayout::__private::memory_order([$(core::mem::offset_of!($name, $field)),*]),
                padding_bytes: memlayout::__private::struct_padding(
                    core::mem::size_of::<$name>(),
                    &[$(core::mem::size_of::<$ty>()),*],
                    &[$(<$ty as memlayout::Layout>::LAYOUT.padding_bytes),*],
                ),
                ..memlayout::TypeLayout::of::<$name>(stringify!($name), memlayout::Kind::Struct)
                    .with_storage(memlayout::__private::combine_storage(
                        &[$(<$ty as memlayout::Layout>::LAYOUT.storage),*],
                    ))
            };
            const IS_LEAF: bool = true $(&& <$ty as memlayout::Layout>::IS_LEAF)*;
            fn visit<'a, V: memlayout::Visitor<'a>>(&'a self, visitor: &mut V) {
                let mut index = 0usize;
                $(
                    visitor.field(index, stringify!($field), &self.$field);
                    index += 1;
                )*
                let _ = index;
            }
        }
    };
}

pub mod handles {
    //! `Rc`, `rc::Weak`, `&T` and `RefCell` stand-ins until the std impls land: newtypes
    //! (a test cannot implement `Layout` for std types itself).
    use std::alloc::Layout as AllocLayout;
    use std::cell::RefCell;
    use std::rc::{Rc, Weak};

    use memlayout::{HeapBlock, Kind, Layout, Shared, Storage, TypeLayout, Visitor};

    /// Bytes of an `Rc<T>` allocation: two counts, then `T`.
    pub fn rc_block<T>() -> HeapBlock {
        let (layout, _) = AllocLayout::new::<[usize; 2]>()
            .extend(AllocLayout::new::<T>())
            .expect("small layout");
        let layout = layout.pad_to_align();
        HeapBlock::exact(layout.size(), layout.align(), layout.size())
    }

    /// An `Rc<T>` handle.
    pub struct RcH<T>(pub Rc<T>);

    impl<T: Layout> Layout for RcH<T> {
        const LAYOUT: &'static TypeLayout =
            &TypeLayout::of::<RcH<T>>("RcH<T>", Kind::Pointer).with_storage(Storage::SharesHeap);
        fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
            visitor.shared(Shared {
                address: Rc::as_ptr(&self.0) as *const u8 as usize,
                block: rc_block::<T>(),
                strong: Rc::strong_count(&self.0),
                weak: Rc::weak_count(&self.0),
                contents: Some(&*self.0),
                is_weak: false,
                is_atomic: false,
            });
        }
    }

    /// An `rc::Weak<T>` handle.
    pub struct WeakH<T>(pub Weak<T>);

    impl<T: Layout> Layout for WeakH<T> {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<WeakH<T>>("WeakH<T>", Kind::Pointer)
            .with_storage(Storage::SharesHeap);
        fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
            visitor.shared(Shared::<T> {
                address: self.0.as_ptr() as *const u8 as usize,
                block: rc_block::<T>(),
                strong: self.0.strong_count(),
                weak: self.0.weak_count(),
                contents: None,
                is_weak: true,
                is_atomic: false,
            });
        }
    }

    /// A borrowed `&T`.
    pub struct RefH<'b, T: ?Sized>(pub &'b T);

    impl<'b, T: Layout + ?Sized> Layout for RefH<'b, T> {
        const LAYOUT: &'static TypeLayout =
            &TypeLayout::of::<RefH<'b, T>>("RefH<T>", Kind::Pointer).with_storage(Storage::Borrows);
        fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
            visitor.borrowed(self.0);
        }
    }

    /// A `RefCell<T>`, read through `try_borrow`.
    pub struct CellH<T>(pub RefCell<T>);

    impl<T: Layout> Layout for CellH<T> {
        const LAYOUT: &'static TypeLayout =
            &TypeLayout::of::<CellH<T>>("CellH<T>", Kind::Other).with_storage(T::LAYOUT.storage);
        const IS_LEAF: bool = T::IS_LEAF;
        fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
            match self.0.try_borrow() {
                Ok(guard) => visitor.guarded(guard),
                Err(_) => visitor.unreadable("mutably borrowed"),
            }
        }
    }
}
