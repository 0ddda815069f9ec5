//! `Option<T>` and `Result<T, E>`: enums whose storage is their payloads'.

use crate::__private::combine_storage;
use crate::layout::{layout_of, Kind, Layout, TypeLayout, Variant, VariantField};
use crate::visit::Visitor;

/// The single positional field `0` of a variant holding a `T`.
const fn payload<T: Layout>(type_name: &'static str) -> VariantField {
    VariantField {
        name: "0",
        type_name,
        size: core::mem::size_of::<T>(),
        align: core::mem::align_of::<T>(),
        storage: T::LAYOUT.storage,
        layout: layout_of::<T>,
    }
}

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
                fields: &[payload::<T>("T")],
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
                fields: &[payload::<T>("T")],
                payload_size: core::mem::size_of::<T>(),
            },
            Variant {
                name: "Err",
                discriminant: None,
                fields: &[payload::<E>("E")],
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
