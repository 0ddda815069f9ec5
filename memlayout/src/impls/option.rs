//! `Option<T>` and `Result<T, E>`: enums whose storage is their payloads'.

use crate::__private::{enum_layout, variant, variant_field};
use crate::layout::{layout_of, Layout, Repr, TypeLayout};
use crate::visit::Visitor;

impl<T: Layout> Layout for Option<T> {
    const LAYOUT: &'static TypeLayout = &enum_layout::<Option<T>>(
        "Option<T>",
        Repr::RUST,
        &[
            variant("None", None, 0, &[]),
            variant("Some", None, 1, &[variant_field::<T>("0", "T")]),
        ],
    )
    .with_element(layout_of::<T>);
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        match self {
            None => visitor.variant(0, "None"),
            Some(value) => {
                visitor.variant(1, "Some");
                visitor.field(0, "0", value);
            }
        }
    }
}

impl<T: Layout, E: Layout> Layout for Result<T, E> {
    const LAYOUT: &'static TypeLayout = &enum_layout::<Result<T, E>>(
        "Result<T, E>",
        Repr::RUST,
        &[
            variant("Ok", None, 0, &[variant_field::<T>("0", "T")]),
            variant("Err", None, 1, &[variant_field::<E>("0", "E")]),
        ],
    );
    const IS_LEAF: bool = T::IS_LEAF && E::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        match self {
            Ok(value) => {
                visitor.variant(0, "Ok");
                visitor.field(0, "0", value);
            }
            Err(error) => {
                visitor.variant(1, "Err");
                visitor.field(0, "0", error);
            }
        }
    }
}
