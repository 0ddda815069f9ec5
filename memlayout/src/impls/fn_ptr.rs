//! Function pointers of 0 to 12 arguments: safe and `unsafe`, under the Rust ABI and the
//! stable foreign ones a callback table uses: `extern "C"`, `extern "system"` (Windows APIs,
//! Vulkan's `PFN_vk*`) and their unwinding forms `"C-unwind"` and `"system-unwind"`. Each ABI
//! is a type of its own, even where it calls like another. A function pointer points to code,
//! which is never allocated or freed: it is plain inline data, a leaf. It is never null, so
//! `Option<fn()>` is as big as `fn()`.
//!
//! Not covered: higher-ranked function pointers, the ones whose arguments borrow with an elided
//! or `for<'a>` lifetime (`fn(&str) -> usize` is `for<'a> fn(&'a str) -> usize`). A generic impl
//! cannot name them, and one impl per shape overlaps the generic one (rustc's future-incompatible
//! `coherence_leak_check`). `#[derive(Layout)]` makes a field whose type holds one opaque by
//! itself: it has no drop glue, so the figures stay exact. Elsewhere, use `memlayout::Opaque`.
//! Nor C-variadic ones (`unsafe extern "C" fn(*const c_char, ...)`), nor other ABIs.

use crate::layout::{Kind, Layout, TypeLayout};

/// The kinds of function pointer taking the argument types `$arg`, returning `R`: safe and
/// `unsafe`, under each covered ABI.
macro_rules! fn_pointers {
    ($($arg:ident),*) => {
        fn_pointer!("fn", fn($($arg),*) -> R; $($arg),*);
        fn_pointer!("unsafe fn", unsafe fn($($arg),*) -> R; $($arg),*);
        extern_fn_pointers!("C"; $($arg),*);
        extern_fn_pointers!("C-unwind"; $($arg),*);
        extern_fn_pointers!("system"; $($arg),*);
        extern_fn_pointers!("system-unwind"; $($arg),*);
    };
}

/// `extern "ABI" fn` and `unsafe extern "ABI" fn` taking the argument types `$arg`.
macro_rules! extern_fn_pointers {
    ($abi:literal; $($arg:ident),*) => {
        fn_pointer!(
            concat!("extern \"", $abi, "\" fn"),
            extern $abi fn($($arg),*) -> R;
            $($arg),*
        );
        fn_pointer!(
            concat!("unsafe extern \"", $abi, "\" fn"),
            unsafe extern $abi fn($($arg),*) -> R;
            $($arg),*
        );
    };
}

/// One function pointer type: a leaf named like `fn(A0, A1) -> R`.
macro_rules! fn_pointer {
    ($prefix:expr, $t:ty; $($arg:ident),*) => {
        impl<R, $($arg),*> Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(
                concat!($prefix, "(", stringify!($($arg),*), ") -> R"),
                Kind::Pointer,
            );
            const IS_LEAF: bool = true;
        }
    };
}

fn_pointers!();
fn_pointers!(A0);
fn_pointers!(A0, A1);
fn_pointers!(A0, A1, A2);
fn_pointers!(A0, A1, A2, A3);
fn_pointers!(A0, A1, A2, A3, A4);
fn_pointers!(A0, A1, A2, A3, A4, A5);
fn_pointers!(A0, A1, A2, A3, A4, A5, A6);
fn_pointers!(A0, A1, A2, A3, A4, A5, A6, A7);
fn_pointers!(A0, A1, A2, A3, A4, A5, A6, A7, A8);
fn_pointers!(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9);
fn_pointers!(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10);
fn_pointers!(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11);
