//! Shared by the `test_report*` files: the counting global allocator of `tests/common/alloc.rs`
//! (live bytes per thread), and hand-written `Layout` impls standing in for the derive and for
//! std impls, so these tests exercise the report walk independently of both.
#![allow(dead_code)]

/// The shared counting allocator (per-thread live bytes); it installs itself as the global one.
#[path = "../common/alloc.rs"]
mod alloc;

/// Live heap bytes allocated by this thread (and not freed).
pub fn live() -> isize {
    alloc::live().0
}

/// Runs `make` and returns its value with the heap bytes it left allocated: what the value owns.
pub fn measure<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let (value, usage) = alloc::measure(make);
    (value, usage.bytes)
}

/// A hand-written `Layout` impl for a struct with named fields, as the derive would write it.
#[allow(unused_macros)]
macro_rules! layout_struct {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        impl memlayout::Layout for $name {
            const LAYOUT: &'static memlayout::TypeLayout = {
                let fields = &[$(memlayout::__private::field::<$ty>(
                    stringify!($field),
                    stringify!($ty),
                    core::mem::offset_of!($name, $field),
                )),*];
                &memlayout::TypeLayout {
                    memory_order: &memlayout::__private::memory_order_of(fields),
                    ..memlayout::__private::struct_layout::<$name>(
                        stringify!($name),
                        memlayout::Kind::Struct,
                        memlayout::layout::Repr::RUST,
                        fields,
                        &[$(<$ty as memlayout::Layout>::LAYOUT.padding_bytes),*],
                    )
                }
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
    //! `Rc`, `rc::Weak`, `&T` and `RefCell` stand-ins, independent of memlayout's own std impls:
    //! newtypes (a test cannot implement `Layout` for std types itself).
    use std::alloc::Layout as AllocLayout;
    use std::cell::RefCell;
    use std::rc::{Rc, Weak};

    use memlayout::visit::Shared;
    use memlayout::{HeapBlock, Kind, Layout, Storage, TypeLayout, Visitor};

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
