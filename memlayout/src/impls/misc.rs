//! Wrappers and markers: `Cow`, `PhantomData`, `ManuallyDrop`, `Wrapping`, `Saturating`,
//! `Reverse`, `Infallible`, and what every trait object's impl calls (any trait through
//! [`dyn_layout!`](crate::dyn_layout); std's in `trait_object.rs`), which are opaque.

#[cfg(feature = "alloc")]
use alloc::borrow::{Cow, ToOwned};
use core::cmp::Reverse;
use core::convert::Infallible;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::num::{Saturating, Wrapping};

use super::unsized_of;
#[cfg(feature = "alloc")]
use crate::__private::combine_storage;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
#[cfg(feature = "alloc")]
use crate::layout::{Variant, VariantField};
#[cfg(feature = "std")]
use crate::visit::HeapBlock;
use crate::visit::Visitor;

/// `PhantomData<T>` is zero bytes and never holds a `T`.
impl<T: ?Sized> Layout for PhantomData<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<PhantomData<T>>("PhantomData<T>", Kind::Other);
    const IS_LEAF: bool = true;
}

/// `Infallible` is an enum without variants: no value of it exists, so a `Result<T, Infallible>`
/// is laid out as a bare `T` (see [`TypeLayout::is_uninhabited`]).
impl Layout for Infallible {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Infallible>("Infallible", Kind::Enum).with_uninhabited(true);
    const IS_LEAF: bool = true;

    fn visit<'a, V: Visitor<'a>>(&'a self, _visitor: &mut V) {
        match *self {}
    }
}

/// Transparent wrappers around one `T`, walked as their contents.
macro_rules! transparent {
    ($($name:literal $t:ident: |$s:ident| $inner:expr;)*) => {$(
        impl<T: Layout> Layout for $t<T> {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t<T>>($name, Kind::Other)
                .with_storage(T::LAYOUT.storage)
                .with_element(layout_of::<T>)
                .with_padding(T::LAYOUT.padding_bytes)
                .with_uninhabited(T::LAYOUT.is_uninhabited);
            const IS_LEAF: bool = T::IS_LEAF;

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                let $s = self;
                visitor.field(0, "0", $inner);
            }

            #[cfg(feature = "alloc")]
            fn write_key(&self, out: &mut alloc::string::String) -> bool {
                let $s = self;
                $inner.write_key(out)
            }
        }
    )*};
}

transparent! {
    // `needs_drop` is false: the contents are walked, but dropping the wrapper frees nothing.
    "ManuallyDrop<T>" ManuallyDrop: |s| &**s;
    "Wrapping<T>" Wrapping: |s| &s.0;
    "Saturating<T>" Saturating: |s| &s.0;
    "Reverse<T>" Reverse: |s| &s.0;
}

/// `Cow::Borrowed` holds a reference (walked as `&B`: borrowed), `Cow::Owned` the owned form.
#[cfg(feature = "alloc")]
impl<'b, B> Layout for Cow<'b, B>
where
    B: Layout + ToOwned + ?Sized + 'b,
    B::Owned: Layout,
{
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        variants: &[
            Variant {
                name: "Borrowed",
                discriminant: None,
                discriminant_value: 0,
                is_uninhabited: false,
                fields: &[VariantField {
                    name: "0",
                    type_name: "&'a B",
                    size: core::mem::size_of::<&B>(),
                    align: core::mem::align_of::<&B>(),
                    storage: Storage::Borrows,
                    layout: layout_of::<&B>,
                    is_uninhabited: false,
                }],
                payload_size: core::mem::size_of::<&B>(),
            },
            Variant {
                name: "Owned",
                discriminant: None,
                discriminant_value: 1,
                is_uninhabited: <B::Owned as Layout>::LAYOUT.is_uninhabited,
                fields: &[VariantField {
                    name: "0",
                    type_name: "<B as ToOwned>::Owned",
                    size: core::mem::size_of::<B::Owned>(),
                    align: core::mem::align_of::<B::Owned>(),
                    storage: <B::Owned as Layout>::LAYOUT.storage,
                    layout: layout_of::<B::Owned>,
                    is_uninhabited: <B::Owned as Layout>::LAYOUT.is_uninhabited,
                }],
                payload_size: core::mem::size_of::<B::Owned>(),
            },
        ],
        ..TypeLayout::of::<Cow<'b, B>>("Cow<'a, B>", Kind::Enum)
            .with_storage(combine_storage(&[
                Storage::Borrows,
                <B::Owned as Layout>::LAYOUT.storage,
            ]))
            .with_element(layout_of::<B>)
    };

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        match self {
            Cow::Borrowed(borrowed) => {
                visitor.variant(0, "Borrowed");
                visitor.field(0, "0", borrowed);
            }
            Cow::Owned(owned) => {
                visitor.variant(1, "Owned");
                visitor.field(0, "0", owned);
            }
        }
    }

    #[cfg(feature = "alloc")]
    fn write_key(&self, out: &mut alloc::string::String) -> bool {
        (**self).write_key(out)
    }
}

/// The static layout of a trait object `T` (what [`dyn_layout!`](crate::dyn_layout) expands to):
/// unsized, opaque, and assumed to need dropping.
pub const fn trait_object<T: ?Sized>(name: &'static str) -> TypeLayout {
    TypeLayout {
        needs_drop: true,
        ..unsized_of::<T>(name, Kind::Other, 1, Storage::Opaque)
    }
}

/// The walk of a trait object (what [`dyn_layout!`](crate::dyn_layout) expands to): its
/// contents are unreadable.
pub fn visit_trait_object<'a, V: Visitor<'a>>(visitor: &mut V) {
    visitor.unreadable("the contents of a trait object are not inspected");
}

/// Implements [`Layout`] for trait objects, so a `Box<dyn MyTrait>` (or `Rc`,
/// `Arc`, `&`) field can derive `Layout`.
///
/// The concrete type behind a trait object is unknown, so its contents are opaque: a walk
/// counts the box around it exactly and reports the contents unreadable, which marks its totals
/// inexact with no known upper bound (the contents may own any amount of heap). memlayout
/// implements it for std's `dyn Any`, `dyn Error`, `dyn Debug`, `dyn Display`,
/// `dyn Future<Output = T>`, `dyn Iterator<Item = T>`, `dyn io::Read` and `dyn io::Write`, each
/// with any combination of `Send`, `Sync` and `Unpin`; invoke it for your own traits, one type per auto-trait
/// combination you use. Named by identifiers (`dyn Shape + Send`, `dyn Handler<u8>`), the impl
/// holds for every lifetime, so `&'a dyn Shape` (which is `&'a (dyn Shape + 'a)`) and
/// `Box<dyn Shape + 'a>` derive too. A trait with lifetime parameters is written with `'_` for
/// each (`dyn Parser<'_>`, `dyn Cache<'_, String>`): implemented for every lifetime, so
/// `Box<dyn Parser<'a>>` and `&'a dyn Parser<'a>` derive. Another spelling (`dyn shapes::Shape`,
/// `dyn Iterator<Item = u8>`) gets an impl for exactly that type, `'static` included. Closures (`Box<dyn Fn(A) -> R>`) are covered already, and a derived
/// field holding a closure that takes references (`dyn Fn(&str)`) is opaque by itself; for
/// traits from other crates (the orphan rule allows the impl only in the trait's crate), mark
/// the field `#[layout(opaque)]` instead: the whole field is then an unknown, the box included.
///
/// ```
/// use memlayout::Layout;
///
/// trait Shape {
///     fn area(&self) -> f64;
/// }
/// struct Square(f64);
/// impl Shape for Square {
///     fn area(&self) -> f64 { self.0 * self.0 }
/// }
///
/// memlayout::dyn_layout!(dyn Shape, dyn Shape + Send, dyn Shape + Send + Sync);
///
/// #[derive(Layout)]
/// struct Scene {
///     shapes: Vec<Box<dyn Shape>>,
///     #[layout(opaque)]
///     on_draw: Box<dyn Fn(&str)>,
/// }
///
/// let scene = Scene { shapes: vec![Box::new(Square(2.0))], on_draw: Box::new(|_| {}) };
/// let t = memlayout::totals(&scene);
/// assert_eq!(scene.shapes[0].area(), 4.0);
/// // The square's contents and the opaque closure (which may own heap) are not read.
/// assert!(!t.is_exact && t.unreadable == 2);
/// // The vector's buffer and the box are counted; the box's contents are unknown.
/// let known = core::mem::size_of::<Box<dyn Shape>>() + core::mem::size_of::<Square>();
/// assert_eq!((t.heap_bytes_low, t.heap_bytes_high), (known, usize::MAX));
/// assert_eq!(<dyn Shape + Send>::LAYOUT.name, "dyn Shape + Send");
/// ```
#[macro_export]
macro_rules! dyn_layout {
    () => {};
    // `dyn Trait<'_, T> + Send`: a trait with lifetime parameters, each written `'_` (any
    // lifetime) or `'static`, then its type arguments; implemented for every lifetime.
    (
        dyn $tr:ident <$($lt:lifetime),+ $(, $arg:ty)* $(,)?> $(+ $auto:ident)*
        $(, $($rest:tt)*)?
    ) => {
        $crate::dyn_layout!(
            @impl ['__l] dyn $tr<$($lt),+ $(, $arg)*> $(+ $auto)* + '__l;
            ::core::concat!(
                "dyn ", ::core::stringify!($tr), "<", ::core::stringify!($($lt),+ $(, $arg)*), ">",
                $(" + ", ::core::stringify!($auto),)*
            )
        );
        $crate::dyn_layout!($($($rest)*)?);
    };
    // `dyn Trait + Send`, named by identifiers: implemented for every lifetime, so that
    // `&'a dyn Trait` (which is `&'a (dyn Trait + 'a)`) and `Box<dyn Trait + 'a>` derive too.
    (dyn $tr:ident $(<$($arg:ty),* $(,)?>)? $(+ $auto:ident)* $(, $($rest:tt)*)?) => {
        $crate::dyn_layout!(
            @impl ['__l] dyn $tr $(<$($arg),*>)? $(+ $auto)* + '__l;
            ::core::concat!(
                "dyn ", ::core::stringify!($tr), $("<", ::core::stringify!($($arg),*), ">",)?
                $(" + ", ::core::stringify!($auto),)*
            )
        );
        $crate::dyn_layout!($($($rest)*)?);
    };
    (@impl [$($l:lifetime)?] $t:ty; $name:expr) => {
        impl<$($l)?> $crate::Layout for $t {
            const LAYOUT: &'static $crate::TypeLayout =
                &$crate::__private::trait_object::<Self>($name);

            fn visit<'a, V: $crate::Visitor<'a>>(&'a self, visitor: &mut V) {
                $crate::__private::visit_trait_object(visitor);
            }
        }
    };
    // Any other spelling (`dyn my_mod::Trait`, `dyn Trait + 'static`,
    // `dyn Iterator<Item = u8>`): that type alone.
    ($t:ty $(, $($rest:tt)*)?) => {
        $crate::dyn_layout!(@impl [] $t; ::core::stringify!($t));
        $crate::dyn_layout!($($($rest)*)?);
    };
}

/// `std::io::Error` owns heap only when it wraps a custom error (`io::Error::new`,
/// `io::Error::other`): a `Custom { kind, error: Box<dyn Error + Send + Sync> }` box, and the
/// wrapped error's own box, which is a trait object (its contents are not inspected). OS codes,
/// bare kinds and static messages are packed into the pointer itself.
#[cfg(feature = "std")]
impl Layout for std::io::Error {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<std::io::Error>("std::io::Error", Kind::Other)
            .with_storage(Storage::OwnsHeap);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let Some(inner) = self.get_ref() else {
            return;
        };
        // `Custom` is `#[repr(align(4))]` under the default repr: its two fields without a gap,
        // padded to the larger of 4 and the box's alignment.
        type Inner = Box<dyn std::error::Error + Send + Sync>;
        let align = core::mem::align_of::<Inner>().max(4);
        let unpadded = core::mem::size_of::<Inner>() + core::mem::size_of::<std::io::ErrorKind>();
        let custom = unpadded.div_ceil(align) * align;
        visitor.heap(HeapBlock::exact(custom, align, custom).with_padding(custom - unpadded));
        let bytes = core::mem::size_of_val(inner);
        visitor.boxed(
            None,
            inner,
            HeapBlock::exact(bytes, core::mem::align_of_val(inner), bytes),
        );
    }
}
