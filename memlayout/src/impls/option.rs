//! `Option<T>` and `Result<T, E>`: enums whose storage is their payloads'.

use crate::__private::{combine_storage, variant_field};
use crate::layout::{layout_of, Kind, Layout, TypeLayout, Variant};
use crate::visit::Visitor;

impl<T: Layout> Layout for Option<T> {
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        variants: &[
            Variant {
                name: "None",
                discriminant: None,
                fields: &[],
                payload_size: 0,
            },
            Variant {
                name: "Some",
                discriminant: None,
                fields: &[variant_field::<T>("0", "T")],
                payload_size: core::mem::size_of::<T>(),
            },
        ],
        ..TypeLayout::of::<Option<T>>("Option<T>", Kind::Enum)
            .with_storage(T::LAYOUT.storage)
            .with_element(layout_of::<T>)
    };
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
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        variants: &[
            Variant {
                name: "Ok",
                discriminant: None,
                fields: &[variant_field::<T>("0", "T")],
                payload_size: core::mem::size_of::<T>(),
            },
            Variant {
                name: "Err",
                discriminant: None,
                fields: &[variant_field::<E>("0", "E")],
                payload_size: core::mem::size_of::<E>(),
            },
        ],
        ..TypeLayout::of::<Result<T, E>>("Result<T, E>", Kind::Enum)
            .with_storage(combine_storage(&[T::LAYOUT.storage, E::LAYOUT.storage]))
    };
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
