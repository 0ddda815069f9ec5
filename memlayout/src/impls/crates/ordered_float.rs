//! The `ordered-float` crate: `OrderedFloat<T>` (any `T`, walked as its contents) and
//! `NotNan<f32>`, `NotNan<f64>` (inline floats).

use ordered_float::{NotNan, OrderedFloat};

use crate::layout::{layout_of, Kind, Layout, TypeLayout};
use crate::visit::Visitor;

impl<T: Layout> Layout for OrderedFloat<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<OrderedFloat<T>>("OrderedFloat<T>", Kind::Other)
            .with_storage(T::LAYOUT.storage)
            .with_element(layout_of::<T>)
            .with_padding(T::LAYOUT.padding_bytes);
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.field(0, "0", &self.0);
    }

    fn write_key(&self, out: &mut String) -> bool {
        self.0.write_key(out)
    }
}

macro_rules! not_nan {
    ($($t:ty),*) => {$(
        impl Layout for NotNan<$t> {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<NotNan<$t>>(concat!("NotNan<", stringify!($t), ">"), Kind::Other);
            const IS_LEAF: bool = true;

            fn write_key(&self, out: &mut String) -> bool {
                self.into_inner().write_key(out)
            }
        }
    )*};
}

not_nan!(f32, f64);
