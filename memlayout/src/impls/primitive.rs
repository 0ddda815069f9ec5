//! Primitive scalars: inline, no heap, nothing to walk.

use crate::layout::{Kind, Layout, TypeLayout};

/// `Layout` for types that are only their inline bytes.
macro_rules! leaf {
    ($kind:ident: $($t:ty),* $(,)?) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::$kind);
            const IS_LEAF: bool = true;
            fn write_key(&self, out: &mut String) -> bool {
                use core::fmt::Write;
                write!(out, "{:?}", self).is_ok()
            }
        }
    )*};
}

leaf!(Primitive: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, bool, char, ());
