//! Compile-time budgets: `assert_layout!` and its shorthands, and the const checks they expand
//! to.

/// Checks the static layout of a type at compile time.
///
/// `assert_layout!(Type, key = value, ...)` with the keys `size`, `max_size`, `align`,
/// `max_align`, `max_padding` (byte counts, `usize` constant expressions) and the bare keys
/// `no_padding` and `niche`. Each key gives one `const _: () = ...;` item, valid at module level
/// and in function bodies. Over budget, the build fails with an error that names the type, the
/// budget and the real figure (`` `Packet` is 40 bytes, budget max_size = 32 ``). See the
/// [`budget`](crate::budget) module for the table of keys.
///
/// ```
/// use std::collections::HashMap;
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// #[repr(C)]
/// struct Header { magic: u32, len: u32 }
///
/// memlayout::assert_layout!(Header, size = 8, align = 4, no_padding);
/// memlayout::assert_layout!(HashMap<u32, String>, max_size = 48);
/// memlayout::assert_layout!(&str, size = 2 * std::mem::size_of::<usize>(), niche);
/// ```
///
/// A generic type can only be checked at an instantiation; the check cannot see a type
/// parameter of an enclosing item:
///
/// ```
/// struct Wrapper<T>(T, u8);
/// memlayout::assert_layout!(Wrapper<u64>, max_size = 16);
/// memlayout::assert_layout!(Wrapper<u8>, max_size = 2, max_align = 1);
/// ```
///
/// One budget per figure: `size` and `max_size` conflict, as do `align` and `max_align`, and
/// `max_padding` and `no_padding`.
///
/// ```compile_fail
/// memlayout::assert_layout!(u64, size = 8, max_size = 16);
/// // error: budget `max_size` conflicts with `size` given before: `u64` can have one size budget
/// ```
#[macro_export]
macro_rules! assert_layout {
    ($ty:ty $(,)?) => {
        ::core::compile_error!(
            "`assert_layout!` needs at least one budget, e.g. `assert_layout!(T, max_size = 64)`; \
             keys: size, max_size, align, max_align, max_padding, no_padding, niche"
        );
    };
    ($ty:ty, $($budgets:tt)+) => {
        $crate::__assert_layout! { ($ty) [_ _ _ _] $($budgets)+ }
    };
}

/// The key-by-key expansion of [`assert_layout!`]. Not public API.
///
/// The state `[size align padding niche]` holds, for each figure, `_` or the key that budgeted
/// it already, so a second budget on the same figure is a conflict.
#[doc(hidden)]
#[macro_export]
macro_rules! __assert_layout {
    // A key that takes a value (`max_size = 64`).
    (@value ($ty:ty) $state:tt $key:ident = - $v:literal $(, $($rest:tt)*)?) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), " = -", ::core::stringify!($v),
            "` is negative: a budget is a number of bytes"
        ));
    };
    (@value ($ty:ty) $state:tt $key:ident = $(, $($rest:tt)*)?) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), "` is missing its value: write `",
            ::core::stringify!($key), " = <bytes>`"
        ));
    };
    (@value ($ty:ty) $state:tt $key:ident = $v:literal $(, $($rest:tt)*)?) => {
        $crate::__assert_layout! { @check $key ($ty) ($crate::budget::__check::literal_bytes(
            ::core::stringify!($v),
            ::core::concat!(
                "budget `", ::core::stringify!($key), " = ", ::core::stringify!($v),
                "` is not a byte count: expected an unsigned decimal integer that fits a `usize`"
            ),
        )) }
        $crate::__assert_layout! { ($ty) $state $($($rest)*)? }
    };
    (@value ($ty:ty) $state:tt $key:ident = $v:expr $(, $($rest:tt)*)?) => {
        $crate::__assert_layout! { @check $key ($ty) ($crate::budget::__check::bytes($v)) }
        $crate::__assert_layout! { ($ty) $state $($($rest)*)? }
    };
    // A value followed by something other than `,` (`max_size = 64 max_align = 8`): the
    // value is there, the separator is not.
    (@value ($ty:ty) $state:tt $key:ident = $($rest:tt)+) => {
        ::core::compile_error!(::core::concat!(
            "expected `,` after the value of budget `", ::core::stringify!($key), "`, in `",
            ::core::stringify!($key = $($rest)+), "`: separate budgets with commas, as in \
             `max_size = 64, max_align = 8`"
        ));
    };
    (@value ($ty:ty) $state:tt $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), "` needs a value: write `",
            ::core::stringify!($key), " = <bytes>`"
        ));
    };

    // A bare key (`niche`, `no_padding`).
    (@bare ($ty:ty) $state:tt $key:ident $(, $($rest:tt)*)?) => {
        $crate::__assert_layout! { @check $key ($ty) () }
        $crate::__assert_layout! { ($ty) $state $($($rest)*)? }
    };
    (@bare ($ty:ty) $state:tt $key:ident = $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), "` takes no value: write `",
            ::core::stringify!($key), "` alone (`max_padding = <bytes>` sets a padding limit)"
        ));
    };
    (@bare ($ty:ty) $state:tt $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expected `,` after budget `", ::core::stringify!($key), "`, found `",
            ::core::stringify!($($rest)*), "`"
        ));
    };

    (@conflict ($ty:ty) $earlier:tt $key:ident $figure:literal) => {
        ::core::compile_error!(::core::concat!(
            "budget `", ::core::stringify!($key), "` conflicts with `", ::core::stringify!($earlier),
            "` given before: `", ::core::stringify!($ty), "` can have one ", $figure, " budget"
        ));
    };

    // The checks. Each compares one figure in a const generic argument, so a failed check is an
    // unsatisfied trait bound whose message shows the real figure and the budget.
    (@check size ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const SIZE: ::core::primitive::usize = $crate::budget::__check::size_of::<$ty>();
            $crate::budget::__check::size::<$ty, SIZE, BUDGET, { SIZE == BUDGET }>()
        };
    };
    (@check max_size ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const SIZE: ::core::primitive::usize = $crate::budget::__check::size_of::<$ty>();
            $crate::budget::__check::max_size::<$ty, SIZE, BUDGET, { SIZE <= BUDGET }>()
        };
    };
    (@check align ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const ALIGN: ::core::primitive::usize = $crate::budget::__check::align_of::<$ty>();
            $crate::budget::__check::align::<$ty, ALIGN, BUDGET, { ALIGN == BUDGET }>()
        };
    };
    (@check max_align ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const ALIGN: ::core::primitive::usize = $crate::budget::__check::align_of::<$ty>();
            $crate::budget::__check::max_align::<$ty, ALIGN, BUDGET, { ALIGN <= BUDGET }>()
        };
    };
    (@check max_padding ($ty:ty) ($v:expr)) => {
        const _: () = {
            const BUDGET: ::core::primitive::usize = $v;
            const PADDING: ::core::primitive::usize = $crate::budget::__check::padding_of::<$ty>();
            $crate::budget::__check::max_padding::<$ty, PADDING, BUDGET, { PADDING <= BUDGET }>()
        };
    };
    (@check no_padding ($ty:ty) ()) => {
        const _: () = {
            const PADDING: ::core::primitive::usize = $crate::budget::__check::padding_of::<$ty>();
            $crate::budget::__check::no_padding::<$ty, PADDING, { PADDING == 0 }>()
        };
    };
    (@check niche ($ty:ty) ()) => {
        const _: () = {
            const SIZE: ::core::primitive::usize = $crate::budget::__check::size_of::<$ty>();
            const OPTION_SIZE: ::core::primitive::usize =
                $crate::budget::__check::size_of::<$crate::budget::__check::Option<$ty>>();
            $crate::budget::__check::niche::<$ty, SIZE, OPTION_SIZE, { OPTION_SIZE <= SIZE }>()
        };
    };

    // Done (a trailing comma is fine).
    (($ty:ty) $state:tt $(,)?) => {};

    // The size figure.
    (($ty:ty) [_ $a:tt $p:tt $n:tt] size $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [size $a $p $n] size $($rest)* }
    };
    (($ty:ty) [_ $a:tt $p:tt $n:tt] max_size $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [max_size $a $p $n] max_size $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] size $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $s size "size" }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] max_size $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $s max_size "size" }
    };

    // The alignment figure.
    (($ty:ty) [$s:tt _ $p:tt $n:tt] align $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [$s align $p $n] align $($rest)* }
    };
    (($ty:ty) [$s:tt _ $p:tt $n:tt] max_align $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [$s max_align $p $n] max_align $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] align $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $a align "alignment" }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] max_align $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $a max_align "alignment" }
    };

    // The padding figure.
    (($ty:ty) [$s:tt $a:tt _ $n:tt] max_padding $($rest:tt)*) => {
        $crate::__assert_layout! { @value ($ty) [$s $a max_padding $n] max_padding $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt _ $n:tt] no_padding $($rest:tt)*) => {
        $crate::__assert_layout! { @bare ($ty) [$s $a no_padding $n] no_padding $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] max_padding $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $p max_padding "padding" }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] no_padding $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $p no_padding "padding" }
    };

    // The niche figure.
    (($ty:ty) [$s:tt $a:tt $p:tt _] niche $($rest:tt)*) => {
        $crate::__assert_layout! { @bare ($ty) [$s $a $p niche] niche $($rest)* }
    };
    (($ty:ty) [$s:tt $a:tt $p:tt $n:tt] niche $($rest:tt)*) => {
        $crate::__assert_layout! { @conflict ($ty) $n niche "niche" }
    };

    // An unknown key: the error, spanned on it, suggests the closest known key.
    (($ty:ty) $state:tt $key:ident $($rest:tt)*) => {
        $crate::__private::__unknown_key! {
            $key [size, max_size, align, max_align, max_padding, no_padding, niche] "budget"
        }
    };
    (($ty:ty) $state:tt $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "expected a budget such as `max_size = 64`, found `", ::core::stringify!($($rest)*), "`"
        ));
    };
}

/// Fails the build unless `size_of::<T>()` is exactly the given number of bytes.
///
/// Shorthand for `assert_layout!(T, size = N)`.
///
/// ```
/// memlayout::assert_size!(Option<Box<u8>>, std::mem::size_of::<usize>());
/// memlayout::assert_size!([u16; 3], 6);
/// ```
#[macro_export]
macro_rules! assert_size {
    ($ty:ty, $($size:tt)*) => {
        $crate::assert_layout!($ty, size = $($size)*);
    };
    ($ty:ty $(,)?) => {
        ::core::compile_error!("`assert_size!` needs the size in bytes: `assert_size!(T, 24)`");
    };
}

/// Fails the build when `size_of::<T>()` is over the given number of bytes.
///
/// Shorthand for `assert_layout!(T, max_size = N)`.
///
/// ```
/// memlayout::assert_max_size!(std::collections::BTreeMap<u8, u8>, 64);
/// ```
#[macro_export]
macro_rules! assert_max_size {
    ($ty:ty, $($size:tt)*) => {
        $crate::assert_layout!($ty, max_size = $($size)*);
    };
    ($ty:ty $(,)?) => {
        ::core::compile_error!(
            "`assert_max_size!` needs the budget in bytes: `assert_max_size!(T, 64)`"
        );
    };
}

/// Fails the build unless `align_of::<T>()` is exactly the given number of bytes.
///
/// Shorthand for `assert_layout!(T, align = N)`.
///
/// ```
/// memlayout::assert_align!(u32, 4);
/// ```
#[macro_export]
macro_rules! assert_align {
    ($ty:ty, $($align:tt)*) => {
        $crate::assert_layout!($ty, align = $($align)*);
    };
    ($ty:ty $(,)?) => {
        ::core::compile_error!("`assert_align!` needs the alignment in bytes: `assert_align!(T, 8)`");
    };
}

/// Fails the build when `T` has padding bytes (its own gaps or its fields').
///
/// Shorthand for `assert_layout!(T, no_padding)`; needs `T: Layout`.
///
/// ```
/// memlayout::assert_no_padding!(Vec<u64>);
/// ```
#[macro_export]
macro_rules! assert_no_padding {
    ($ty:ty $(,)?) => {
        $crate::assert_layout!($ty, no_padding);
    };
}

/// What the compile-time budget macros expand to. Not public API: no stability promise.
///
/// Each check is a `const fn` whose bound holds only when its `OK` argument is `true`; the bound's
/// `on_unimplemented` message prints the other const arguments: the real figure and the budget.
#[doc(hidden)]
pub mod __check {
    pub use core::mem::{align_of, size_of};
    pub use core::option::Option;

    use crate::layout::Layout;

    /// The padding bytes of one `T`.
    pub const fn padding_of<T: Layout + ?Sized>() -> usize {
        T::LAYOUT.padding_bytes
    }

    /// A budget given as an expression: it must be a `usize`.
    pub const fn bytes(value: usize) -> usize {
        value
    }

    /// A budget given as a literal, from its source text (`"64"`, `"4_096"`, `"64usize"`).
    /// Anything else (a string, a float, another integer type) fails const evaluation with
    /// `message`, at the macro call.
    #[track_caller]
    pub const fn literal_bytes(text: &str, message: &str) -> usize {
        let text = text.as_bytes();
        let mut value: usize = 0;
        let mut digits = 0;
        let mut i = 0;
        while i < text.len() {
            let c = text[i];
            if c.is_ascii_digit() {
                value = match value.checked_mul(10) {
                    Some(v) => v,
                    None => panic!("{}", message),
                };
                value = match value.checked_add((c - b'0') as usize) {
                    Some(v) => v,
                    None => panic!("{}", message),
                };
                digits += 1;
            } else if c != b'_' || digits == 0 {
                break;
            }
            i += 1;
        }
        let suffix_ok = match text.len() - i {
            0 => true,
            5 => {
                let s = [text[i], text[i + 1], text[i + 2], text[i + 3], text[i + 4]];
                matches!(s, [b'u', b's', b'i', b'z', b'e'])
            }
            _ => false,
        };
        if digits == 0 || !suffix_ok {
            panic!("{}", message);
        }
        value
    }

    /// Holds when `T` is `SIZE` bytes and `OK` (`SIZE == BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is {SIZE} bytes, budget size = {BUDGET}",
        label = "{SIZE} bytes, not {BUDGET}"
    )]
    pub trait Size<const SIZE: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const S: usize, const B: usize> Size<S, B, true> for T {}

    /// Compiles only when `T: Size<S, B, OK>`.
    pub const fn size<
        T: ?Sized + Size<S, B, OK>,
        const S: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`SIZE <= BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is {SIZE} bytes, budget max_size = {BUDGET}",
        label = "{SIZE} bytes, over the budget of {BUDGET}"
    )]
    pub trait MaxSize<const SIZE: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const S: usize, const B: usize> MaxSize<S, B, true> for T {}

    /// Compiles only when `T: MaxSize<S, B, OK>`.
    pub const fn max_size<
        T: ?Sized + MaxSize<S, B, OK>,
        const S: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`ALIGN == BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is aligned to {ALIGN} bytes, budget align = {BUDGET}",
        label = "aligned to {ALIGN}, not {BUDGET}"
    )]
    pub trait Align<const ALIGN: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const A: usize, const B: usize> Align<A, B, true> for T {}

    /// Compiles only when `T: Align<A, B, OK>`.
    pub const fn align<
        T: ?Sized + Align<A, B, OK>,
        const A: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`ALIGN <= BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is aligned to {ALIGN} bytes, budget max_align = {BUDGET}",
        label = "aligned to {ALIGN}, over the budget of {BUDGET}"
    )]
    pub trait MaxAlign<const ALIGN: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const A: usize, const B: usize> MaxAlign<A, B, true> for T {}

    /// Compiles only when `T: MaxAlign<A, B, OK>`.
    pub const fn max_align<
        T: ?Sized + MaxAlign<A, B, OK>,
        const A: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`PADDING <= BUDGET`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` has {PADDING} padding bytes, budget max_padding = {BUDGET}",
        label = "{PADDING} padding bytes, over the budget of {BUDGET}"
    )]
    pub trait MaxPadding<const PADDING: usize, const BUDGET: usize, const OK: bool> {}
    impl<T: ?Sized, const P: usize, const B: usize> MaxPadding<P, B, true> for T {}

    /// Compiles only when `T: MaxPadding<P, B, OK>`.
    pub const fn max_padding<
        T: ?Sized + MaxPadding<P, B, OK>,
        const P: usize,
        const B: usize,
        const OK: bool,
    >() {
    }

    /// Holds when `OK` (`PADDING == 0`).
    #[diagnostic::on_unimplemented(
        message = "`{Self}` has {PADDING} padding bytes, budget no_padding",
        label = "{PADDING} padding bytes"
    )]
    pub trait NoPadding<const PADDING: usize, const OK: bool> {}
    impl<T: ?Sized, const P: usize> NoPadding<P, true> for T {}

    /// Compiles only when `T: NoPadding<P, OK>`.
    pub const fn no_padding<T: ?Sized + NoPadding<P, OK>, const P: usize, const OK: bool>() {}

    /// Holds when `OK` (`OPTION_SIZE <= SIZE`).
    #[diagnostic::on_unimplemented(
        message = "`Option<{Self}>` is {OPTION_SIZE} bytes but `{Self}` is {SIZE}, budget niche",
        label = "no niche: `None` needs a tag beside the {SIZE} bytes"
    )]
    pub trait Niche<const SIZE: usize, const OPTION_SIZE: usize, const OK: bool> {}
    impl<T: ?Sized, const S: usize, const O: usize> Niche<S, O, true> for T {}

    /// Compiles only when `T: Niche<S, O, OK>`.
    pub const fn niche<
        T: ?Sized + Niche<S, O, OK>,
        const S: usize,
        const O: usize,
        const OK: bool,
    >() {
    }
}

#[cfg(test)]
mod tests {
    use super::__check::literal_bytes;

    fn parse(text: &str) -> Option<usize> {
        std::panic::catch_unwind(|| literal_bytes(text, "not a byte count")).ok()
    }

    #[test]
    fn literals_are_decimal_usize() {
        assert_eq!(parse("0"), Some(0));
        assert_eq!(parse("64"), Some(64));
        assert_eq!(parse("4_096"), Some(4096));
        assert_eq!(parse("64usize"), Some(64));
        assert_eq!(parse("1_0_usize"), Some(10));
        assert_eq!(parse(&usize::MAX.to_string()), Some(usize::MAX));
    }

    #[test]
    fn other_literals_are_rejected() {
        let too_big = format!("{}0", usize::MAX);
        for text in [
            "\"8\"", "8.5", "8u32", "8i64", "true", "'a'", "0x40", "", "usize", &too_big,
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
