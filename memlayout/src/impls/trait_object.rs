//! `Layout` for the trait objects of std's traits, which users cannot implement it for
//! themselves (the orphan rule): `dyn Any`, `dyn Error`, `dyn Debug`, `dyn Display`,
//! `dyn Future<Output = T>`, `dyn Iterator<Item = T>`, `dyn io::Read`, `dyn io::Write`, each
//! with every combination of the auto traits `Send`, `Sync` and `Unpin` (`+ Sync` alone and
//! `+ Send + Unpin` included), and closures `dyn Fn(A, ..) -> R`, `FnMut`, `FnOnce` of up to
//! four arguments, alone, `+ Send`, `+ Sync` and `+ Send + Sync`. Every impl holds for every
//! lifetime (`Box<dyn Error + 'a>`, `&'a dyn Debug`). Their contents are opaque, as for any
//! trait object (see [`dyn_layout!`](crate::dyn_layout)).
//!
//! Closures whose arguments are references (`dyn Fn(&str)`, higher-ranked) are not covered:
//! `#[derive(Layout)]` makes a field whose type holds one opaque, the whole box an unknown.
//! Other auto traits (`UnwindSafe`, `RefUnwindSafe`) are not covered: mark such a field
//! `#[layout(opaque)]`.

use core::any::Any;
use core::error::Error;
use core::fmt::{Debug, Display};
use core::future::Future;

use super::misc::{trait_object, visit_trait_object};
use crate::layout::{Layout, TypeLayout};
use crate::visit::Visitor;

/// `impl<'l, ..> Layout for dyn Trait + Auto.. + 'l`: `opaque_dyn!([generics] [trait] [Send])`.
macro_rules! opaque_dyn {
    ([$($generic:ident),*] [$($object:tt)+] [$($auto:ident)*]) => {
        impl<'l, $($generic),*> Layout for dyn $($object)+ $(+ $auto)* + 'l {
            const LAYOUT: &'static TypeLayout = &trait_object::<Self>(concat!(
                "dyn ",
                stringify!($($object)+),
                $(" + ", stringify!($auto),)*
            ));

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                visit_trait_object(visitor);
            }
        }
    };
}

/// One impl per combination of `Send`, `Sync` and `Unpin`, for each trait listed as
/// `[generics] [trait];`.
macro_rules! with_send_sync_unpin {
    ($([$($generic:ident),*] [$($object:tt)+];)*) => {$(
        with_send_sync!([$($generic),*] [$($object)+];);
        opaque_dyn!([$($generic),*] [$($object)+] [Unpin]);
        opaque_dyn!([$($generic),*] [$($object)+] [Send Unpin]);
        opaque_dyn!([$($generic),*] [$($object)+] [Sync Unpin]);
        opaque_dyn!([$($generic),*] [$($object)+] [Send Sync Unpin]);
    )*};
}

/// One impl per combination of `Send` and `Sync`, for each trait listed.
macro_rules! with_send_sync {
    ($([$($generic:ident),*] [$($object:tt)+];)*) => {$(
        opaque_dyn!([$($generic),*] [$($object)+] []);
        opaque_dyn!([$($generic),*] [$($object)+] [Send]);
        opaque_dyn!([$($generic),*] [$($object)+] [Sync]);
        opaque_dyn!([$($generic),*] [$($object)+] [Send Sync]);
    )*};
}

with_send_sync_unpin! {
    [] [Any];
    [] [Error];
    [] [Debug];
    [] [Display];
    [T] [Future<Output = T>];
    [T] [Iterator<Item = T>];
}

#[cfg(feature = "std")]
with_send_sync_unpin! {
    [] [std::io::Read];
    [] [std::io::Write];
}

with_send_sync! {
    [R] [Fn() -> R]; [A, R] [Fn(A) -> R]; [A, B, R] [Fn(A, B) -> R];
    [A, B, C, R] [Fn(A, B, C) -> R]; [A, B, C, D, R] [Fn(A, B, C, D) -> R];
    [R] [FnMut() -> R]; [A, R] [FnMut(A) -> R]; [A, B, R] [FnMut(A, B) -> R];
    [A, B, C, R] [FnMut(A, B, C) -> R]; [A, B, C, D, R] [FnMut(A, B, C, D) -> R];
    [R] [FnOnce() -> R]; [A, R] [FnOnce(A) -> R]; [A, B, R] [FnOnce(A, B) -> R];
    [A, B, C, R] [FnOnce(A, B, C) -> R]; [A, B, C, D, R] [FnOnce(A, B, C, D) -> R];
}
