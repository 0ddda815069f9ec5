//! Std enums whose storage is their payloads': `Option`, `Result`, `Bound`, `Poll`,
//! `ControlFlow` and `env::VarError`. Each variant holds at most one value, walked as field `0`
//! of the active variant.

use core::ops::{Bound, ControlFlow};
use core::task::Poll;
#[cfg(feature = "std")]
use std::env::VarError;
#[cfg(feature = "std")]
use std::ffi::OsString;

/// `Layout` for a std enum: its variants in declaration order, each with no payload or one
/// (`Variant(binding: Type)`), and optionally its element type (`Option<T>`'s `T`).
macro_rules! std_enum {
    ($name:literal $t:ident $(<$($g:ident),+>)? $(element $element:ident)? {
        $($index:literal $variant:ident $(($bind:ident: $field:ty))?),+ $(,)?
    }) => {
        impl$(<$($g: $crate::layout::Layout),+>)? $crate::layout::Layout for $t$(<$($g),+>)? {
            const LAYOUT: &'static $crate::layout::TypeLayout = &$crate::__private::enum_layout::<Self>(
                $name,
                $crate::layout::Repr::RUST,
                &[$($crate::__private::variant(
                    stringify!($variant),
                    None,
                    $index,
                    &[$($crate::__private::variant_field::<$field>("0", stringify!($field)))?],
                )),+],
            )
            $(.with_element($crate::layout::layout_of::<$element>))?;
            const IS_LEAF: bool =
                true $($(&& <$field as $crate::layout::Layout>::IS_LEAF)?)+;

            fn visit<'a, V: $crate::visit::Visitor<'a>>(&'a self, visitor: &mut V) {
                match self {
                    $($t::$variant $(($bind))? => {
                        visitor.variant($index, stringify!($variant));
                        $(visitor.field(0, "0", $bind);)?
                    })+
                }
            }
        }
    };
}

#[cfg(feature = "std")]
pub(crate) use std_enum;

std_enum!("Option<T>" Option<T> element T { 0 None, 1 Some(value: T) });
std_enum!("Result<T, E>" Result<T, E> { 0 Ok(value: T), 1 Err(error: E) });
std_enum!("Bound<T>" Bound<T> {
    0 Included(value: T),
    1 Excluded(value: T),
    2 Unbounded,
});
std_enum!("Poll<T>" Poll<T> { 0 Ready(value: T), 1 Pending });
std_enum!("ControlFlow<B, C>" ControlFlow<B, C> { 0 Continue(value: C), 1 Break(value: B) });
#[cfg(feature = "std")]
std_enum!("VarError" VarError { 0 NotPresent, 1 NotUnicode(text: OsString) });
