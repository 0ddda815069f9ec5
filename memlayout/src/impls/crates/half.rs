//! The `half` crate: `f16` and `bf16`, two-byte floats held inline.

use half::{bf16, f16};

use crate::layout::{Kind, Layout, TypeLayout};

macro_rules! half_float {
    ($($t:ident),*) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::Primitive);
            const IS_LEAF: bool = true;

            fn write_key(&self, out: &mut String) -> bool {
                crate::impls::debug_key(self, out)
            }
        }
    )*};
}

half_float!(f16, bf16);
