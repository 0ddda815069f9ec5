//! Ranges: `Range`, `RangeInclusive`, `RangeFrom`, `RangeTo`, `RangeToInclusive` and
//! `RangeFull` (`Bound` is with the other std enums, in `option`). They hold their endpoints
//! inline and own nothing else, so they are walked as their endpoints.

use core::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

use crate::__private::{field, memory_order_of, struct_layout};
use crate::layout::{Kind, Layout, Repr, TypeLayout};
use crate::visit::Visitor;

/// Ranges whose endpoints are public fields: a struct of those fields, offsets from
/// `offset_of!`.
macro_rules! range {
    ($($name:literal $t:ident { $($index:literal $field:ident),+ })*) => {$(
        impl<Idx: Layout> Layout for $t<Idx> {
            const LAYOUT: &'static TypeLayout = {
                let fields = &[$(field::<Idx>(
                    stringify!($field),
                    "Idx",
                    core::mem::offset_of!(Self, $field),
                )),+];
                &TypeLayout {
                    memory_order: &memory_order_of(fields),
                    ..struct_layout::<Self>(
                        $name,
                        Kind::Struct,
                        Repr::RUST,
                        fields,
                        &[$({ let _ = $index; Idx::LAYOUT.padding_bytes }),+],
                    )
                }
            };
            const IS_LEAF: bool = Idx::IS_LEAF;

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                $(visitor.field($index, stringify!($field), &self.$field);)+
            }
        }
    )*};
}

range! {
    "Range<Idx>" Range { 0 start, 1 end }
    "RangeFrom<Idx>" RangeFrom { 0 start }
    "RangeTo<Idx>" RangeTo { 0 end }
    "RangeToInclusive<Idx>" RangeToInclusive { 0 end }
}

/// `RangeInclusive`'s fields are private (it also keeps an `exhausted` flag): its endpoints are
/// read through `start()` and `end()`, and it lists no fields (so no padding gaps are claimed).
impl<Idx: Layout> Layout for RangeInclusive<Idx> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<RangeInclusive<Idx>>("RangeInclusive<Idx>", Kind::Other)
            .with_storage(Idx::LAYOUT.storage);
    const IS_LEAF: bool = Idx::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.field(0, "start", self.start());
        visitor.field(1, "end", self.end());
    }
}

/// `..`: zero bytes.
impl Layout for RangeFull {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<RangeFull>("RangeFull", Kind::UnitStruct);
    const IS_LEAF: bool = true;
}
