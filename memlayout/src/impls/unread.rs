//! Parts memlayout never reads: [`Opaque<T>`] (what `#[layout(opaque)]` makes of a field, and
//! the element-level way out for a foreign type), `MaybeUninit<T>` (maybe not initialised) and
//! `UnsafeCell<T>` (reading it could race with a write through the cell).
//!
//! None of them is walked. What that costs in exactness follows from `T`'s drop glue
//! (`core::mem::needs_drop::<T>()`): a type that runs no code when dropped frees nothing, so it
//! owns no heap, and the figures stay exact. Otherwise the part is reported unreadable, with a
//! reason saying why it was not walked: the totals become bounds with no known upper end
//! (`heap_bytes_high` is `usize::MAX`) and heap budgets fail as unverified.

use core::cell::UnsafeCell;
use core::mem::{needs_drop, MaybeUninit};
use core::ops::{Deref, DerefMut};

use crate::layout::{Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

/// Why an [`Opaque`] part was not walked.
pub(crate) const OPAQUE_REASON: &str = "not walked (opaque), and its type may own heap memory";

/// A value memlayout does not look inside: its size and alignment are known, its heap is not.
///
/// `#[layout(opaque)]` on a field treats the field as an `Opaque`; wrap a type yourself where
/// the attribute cannot reach, such as the elements of a collection: a
/// `Vec<Opaque<Foreign>>` counts the vector's buffer exactly and leaves only what each element
/// owns unknown (where `#[layout(opaque)]` on the whole `Vec<Foreign>` field would drop the
/// buffer from the count too). `Opaque<T>` is `#[repr(transparent)]` and dereferences to `T`.
///
/// When `T` has no drop glue (`core::mem::needs_drop::<T>()` is `false`) it owns no heap and
/// every figure stays exact; otherwise each `Opaque<T>` is reported unreadable ("not walked"),
/// so the totals are a lower bound with no known upper end and heap budgets on them fail.
///
/// ```
/// use memlayout::{Layout, Opaque};
///
/// /// A type from another crate, without a `Layout` impl.
/// struct Token { text: String }
///
/// #[derive(Layout)]
/// struct Lexed {
///     tokens: Vec<Opaque<Token>>,
/// }
///
/// let lexed = Lexed {
///     tokens: vec![Opaque(Token { text: "fn".into() }), Opaque(Token { text: "main".into() })],
/// };
/// assert_eq!(lexed.tokens[1].text, "main");
/// let t = memlayout::totals(&lexed);
/// // The vector's buffer is counted; the tokens' strings are not known.
/// let buffer = lexed.tokens.capacity() * std::mem::size_of::<Token>();
/// assert_eq!((t.heap_bytes_low, t.heap_bytes_high), (buffer, usize::MAX));
/// assert!(!t.is_exact);
/// assert_eq!(t.unreadable, 2);
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Opaque<T: ?Sized>(pub T);

impl<T> Opaque<T> {
    /// The wrapped value.
    ///
    /// ```
    /// assert_eq!(memlayout::Opaque(3).into_inner(), 3);
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: ?Sized> Opaque<T> {
    /// A reference to `value` as an `Opaque` (no copy: `Opaque<T>` is `#[repr(transparent)]`).
    ///
    /// ```
    /// let text = String::from("x");
    /// assert_eq!(memlayout::Opaque::from_ref(&text).len(), 1);
    /// ```
    pub fn from_ref(value: &T) -> &Opaque<T> {
        let value: *const T = value;
        // SAFETY: `Opaque<T>` is `#[repr(transparent)]` over its only field, a `T`, so it has
        // `T`'s layout and pointer metadata; the reference keeps `value`'s lifetime and
        // mutability, and `Opaque` adds no invariant of its own.
        unsafe { &*(value as *const Opaque<T>) }
    }
}

impl<T> From<T> for Opaque<T> {
    fn from(value: T) -> Opaque<T> {
        Opaque(value)
    }
}

impl<T: ?Sized> Deref for Opaque<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ?Sized> DerefMut for Opaque<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// The static layout of a wrapper `W` that memlayout never reads, around a `T`: `W`'s size and
/// alignment; inline when `T` owns nothing, opaque otherwise.
const fn never_read<W, T>(name: &'static str) -> TypeLayout {
    let storage = if needs_drop::<T>() {
        Storage::Opaque
    } else {
        Storage::Inline
    };
    TypeLayout::of::<W>(name, Kind::Other).with_storage(storage)
}

/// The walk of a part that is never read: unreadable, for `reason`, when `T` may own heap.
#[inline]
fn visit_never_read<'a, T, V: Visitor<'a>>(visitor: &mut V, reason: &'static str) {
    if needs_drop::<T>() {
        visitor.unreadable(reason);
    }
}

impl<T> Layout for Opaque<T> {
    /// Storage is always opaque (`Storage::Opaque`), so the type table says the field was not
    /// looked into even where nothing hides behind it.
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Opaque<T>>("Opaque<T>", Kind::Other).with_storage(Storage::Opaque);
    const IS_LEAF: bool = !needs_drop::<T>();

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visit_never_read::<T, V>(visitor, OPAQUE_REASON);
    }
}

/// Wrappers that are never read, each with the reason its walk gives.
macro_rules! never_read {
    ($($(#[$doc:meta])* $name:literal $t:ident: $reason:literal;)*) => {$(
        $(#[$doc])*
        impl<T> Layout for $t<T> {
            const LAYOUT: &'static TypeLayout = &never_read::<$t<T>, T>($name);
            const IS_LEAF: bool = !needs_drop::<T>();

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                visit_never_read::<T, V>(visitor, $reason);
            }
        }
    )*};
}

never_read! {
    /// `MaybeUninit<T>` may hold no value at all, so it is never read.
    "MaybeUninit<T>" MaybeUninit:
        "not walked (MaybeUninit): it may hold no value, and its type may own heap memory";
    /// `UnsafeCell<T>` is never read: code holding the cell may be writing to it at any time.
    "UnsafeCell<T>" UnsafeCell:
        "not walked (UnsafeCell): reading it could race with a write, and its contents may own heap memory";
}
