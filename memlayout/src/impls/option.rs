//! `Option<T>`: an enum whose payload's storage is its own.

use crate::layout::{layout_of, Kind, Layout, TypeLayout, Variant, VariantField};
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
                fields: &[VariantField {
                    name: "0",
                    type_name: "T",
                    size: core::mem::size_of::<T>(),
                    align: core::mem::align_of::<T>(),
                    storage: T::LAYOUT.storage,
                    layout: layout_of::<T>,
                }],
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
