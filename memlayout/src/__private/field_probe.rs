//! The derive's check on a field whose type may name a higher-ranked callback through a type
//! alias (`type Check = fn(&str) -> bool;`): such a type implements `Layout` only for some
//! lifetimes (`fn(&'x str) -> bool`), never for the `for<'a> fn(&'a str) -> bool` it is, and the
//! compiler's own error ("implementation of `Layout` is not general enough") does not say
//! what to do. The derive sees a bare name and cannot tell; this probe asks the compiler.
//!
//! Autoref specialisation: `(&&&FieldProbe::<T>::NEW).verdict()` picks the first tier whose
//! bounds hold (method lookup checks them for every lifetime): `Implemented` when `T:
//! Layout`; `NotForEveryLifetime` when `T` is not, but is a pointer (`fmt::Pointer`: function
//! pointers, `Box`, `Rc`, `Arc`, references), which is what a callback is; `Implemented`
//! again otherwise, where the compiler's "does not implement `Layout`" error, with its notes,
//! is already the one error on the field. `every_lifetime` then fails only on
//! `NotForEveryLifetime`, with a message naming the way out.

use core::fmt::Pointer;
use core::marker::PhantomData;

use crate::layout::Layout;

/// The probe for a field of type `T`.
pub struct FieldProbe<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> FieldProbe<T> {
    /// The probe's value, for `(&&&FieldProbe::<T>::NEW).verdict()`.
    pub const NEW: Self = FieldProbe(PhantomData);
}

/// The verdict when `T` implements `Layout`, or when its error is the compiler's own.
pub struct Implemented;

/// The verdict when `T` is a pointer that implements `Layout` only for some lifetimes.
pub struct NotForEveryLifetime;

/// First tier: `T: Layout`.
pub trait ProbeLayout {
    /// `Implemented`.
    #[inline]
    fn verdict(&self) -> Implemented {
        Implemented
    }
}
impl<T: ?Sized + Layout> ProbeLayout for &&FieldProbe<T> {}

/// Second tier: `T` is a pointer without a `Layout` impl for every lifetime.
pub trait ProbePointer {
    /// `NotForEveryLifetime`.
    #[inline]
    fn verdict(&self) -> NotForEveryLifetime {
        NotForEveryLifetime
    }
}
impl<T: ?Sized + Pointer> ProbePointer for &FieldProbe<T> {}

/// Last tier: anything else (the compiler reports the missing impl).
pub trait ProbeOther {
    /// `Implemented`.
    #[inline]
    fn verdict(&self) -> Implemented {
        Implemented
    }
}
impl<T: ?Sized> ProbeOther for FieldProbe<T> {}

/// Holds for every verdict but `NotForEveryLifetime`. A pointer to a type without any `Layout`
/// impl behind an alias (`type Buf = Box<Foreign>`) fails here too, next to the compiler's error
/// naming that type: both are true, the message is worded for both.
#[diagnostic::on_unimplemented(
    message = "this field's type does not implement `memlayout::Layout` for every lifetime",
    label = "a callback taking references, behind a type alias?",
    note = "a function pointer or closure whose arguments borrow (`fn(&str) -> bool`, \
            `Box<dyn Fn(&str)>`) is higher-ranked: no `Layout` impl can name it",
    note = "spelled out in the field, the derive treats it as opaque; behind a type alias it \
            cannot see it: mark the field `#[layout(opaque)]` (or `#[layout(with = f)]`)"
)]
pub trait EveryLifetime {}
impl EveryLifetime for Implemented {}

/// Compiles only for a verdict that is not `NotForEveryLifetime`.
#[inline]
pub fn every_lifetime<V: EveryLifetime>(_: V) {}
