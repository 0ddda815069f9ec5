//! A better field order for a `#[repr(C)]` type that wastes bytes on padding: alignment
//! descending, which reaches the smallest size the fields allow.

use super::padding::effective_align;
use super::{Field, Kind, TypeLayout};

/// The largest power of two not above `n` (1 for 0): groups odd hand-written alignments.
const fn power_of_two_floor(n: usize) -> usize {
    if n <= 1 {
        1
    } else {
        1 << (usize::BITS - 1 - n.leading_zeros())
    }
}

/// Fields in the order [`TypeLayout::reorder_suggestion`] proposes: alignment descending,
/// ties in declaration order. Allocates nothing (one pass over the fields per alignment class).
#[derive(Clone, Debug)]
pub struct SuggestedOrder {
    fields: &'static [Field],
    packed: Option<usize>,
    align: usize,
    next: usize,
}

impl Iterator for SuggestedOrder {
    type Item = &'static Field;

    fn next(&mut self) -> Option<&'static Field> {
        while self.align > 0 {
            while let Some(field) = self.fields.get(self.next) {
                self.next += 1;
                let class = power_of_two_floor(effective_align(field.align, self.packed));
                if class == self.align {
                    return Some(field);
                }
            }
            self.align /= 2;
            self.next = 0;
        }
        None
    }
}

/// A better field order for a `#[repr(C)]` type that wastes bytes on padding.
#[derive(Clone, Copy, Debug)]
pub struct ReorderSuggestion {
    /// The type's size now.
    pub current_size: usize,
    /// Its size with the fields in the suggested order.
    pub suggested_size: usize,
    /// `current_size - suggested_size`.
    pub bytes_saved: usize,
    fields: &'static [Field],
    packed: Option<usize>,
}

impl ReorderSuggestion {
    /// The fields in the suggested order: alignment descending, ties in declaration order.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u8, b: u16, c: u8 }
    /// let hint = S::LAYOUT.reorder_suggestion().unwrap();
    /// let names: Vec<_> = hint.order().map(|f| f.name).collect();
    /// assert_eq!(names, ["b", "a", "c"]);
    /// assert_eq!((hint.current_size, hint.suggested_size, hint.bytes_saved), (6, 4, 2));
    /// ```
    pub fn order(&self) -> SuggestedOrder {
        SuggestedOrder::of(self.fields, self.packed)
    }
}

impl SuggestedOrder {
    fn of(fields: &'static [Field], packed: Option<usize>) -> SuggestedOrder {
        let top = fields
            .iter()
            .map(|f| power_of_two_floor(effective_align(f.align, packed)))
            .max()
            .unwrap_or(0);
        SuggestedOrder {
            fields,
            packed,
            align: top,
            next: 0,
        }
    }
}

/// Fields placed one after another by `#[repr(C)]` rules, in the order given: each at the next
/// offset its alignment (capped under `#[repr(packed(N))]`) allows. Yields `(field, offset)`.
/// The counterfactual layouts the byte map draws beside the real one.
#[cfg(feature = "alloc")]
pub(crate) fn place_in_order(
    order: impl Iterator<Item = &'static Field>,
    packed: Option<usize>,
) -> impl Iterator<Item = (&'static Field, usize)> {
    let mut end = 0;
    order.map(move |field| {
        let offset = super::padding::round_up(end, effective_align(field.align, packed));
        end = offset + field.size;
        (field, offset)
    })
}

impl TypeLayout {
    /// The fields in the smallest order ([`ReorderSuggestion::order`]'s rule: alignment
    /// descending, ties in declaration order), for any type with a field list.
    #[cfg(feature = "alloc")]
    pub(crate) fn smallest_order(&self) -> SuggestedOrder {
        SuggestedOrder::of(self.fields, self.repr.packed)
    }

    /// For a `#[repr(C)]` struct that would be smaller with its fields reordered: the order
    /// (alignment descending) and the bytes it saves. `None` for other types, and for
    /// `#[repr(C)]` types already as small as they can be. Allocates nothing.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Packet { tag: u8, len: u32, flags: u8 }
    /// let hint = Packet::LAYOUT.reorder_suggestion().unwrap();
    /// assert_eq!(hint.bytes_saved, 4);
    /// let order: Vec<_> = hint.order().map(|f| f.name).collect();
    /// assert_eq!(order, ["len", "tag", "flags"]);
    /// ```
    pub fn reorder_suggestion(&self) -> Option<ReorderSuggestion> {
        if !self.repr.c || matches!(self.kind, Kind::Union) {
            return None;
        }
        let best = self.smallest_size()?;
        (self.size > best).then_some(ReorderSuggestion {
            current_size: self.size,
            suggested_size: best,
            bytes_saved: self.size - best,
            fields: self.fields,
            packed: self.repr.packed,
        })
    }
}

/// A field whose own `#[repr(C)]` type wastes bytes on padding, when reordering that type's
/// fields also makes the containing type smaller: see [`TypeLayout::field_reorder`].
#[cfg(feature = "alloc")]
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldReorder {
    /// The field's type, the one to reorder.
    pub(crate) field_type: &'static TypeLayout,
    /// Its suggestion.
    pub(crate) hint: ReorderSuggestion,
    /// The containing type's size once the field's type is reordered.
    pub(crate) outer_size: usize,
}

#[cfg(feature = "alloc")]
impl TypeLayout {
    /// For a struct or tuple whose own field order cannot be bettered but one of whose fields
    /// (or an array field's elements) is a `#[repr(C)]` type with a
    /// [`reorder_suggestion`](TypeLayout::reorder_suggestion): that type, its suggestion, and
    /// this type's size with it applied (its fields placed by `#[repr(C)]` rules when it is
    /// `#[repr(C)]`, else the smallest size, which rustc's default layout reaches). The first
    /// such field that makes this type smaller; `None` when none does.
    pub(crate) fn field_reorder(&self) -> Option<FieldReorder> {
        if !self.has_field_layout() || matches!(self.kind, Kind::Union) {
            return None;
        }
        self.fields.iter().enumerate().find_map(|(index, field)| {
            let layout = (field.layout)();
            let (field_type, count) = match (layout.kind, layout.element, layout.len) {
                (Kind::Array, Some(element), Some(len)) => (element(), len),
                _ => (layout, 1),
            };
            let hint = field_type.reorder_suggestion()?;
            let size_of = |i: usize, f: &Field| {
                if i == index {
                    f.size - count * hint.bytes_saved
                } else {
                    f.size
                }
            };
            let outer_size = if self.repr.c {
                let fields = self
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (size_of(i, f), f.align));
                super::padding::repr_c_size(fields, self.repr.packed, self.align)
            } else {
                let sizes = self.fields.iter().enumerate().map(|(i, f)| size_of(i, f));
                super::padding::smallest_size(sizes, self.align)
            };
            (outer_size < self.size).then_some(FieldReorder {
                field_type,
                hint,
                outer_size,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::padding::tests::{field, names, C_STRUCT};

    #[test]
    fn counterfactuals_and_suggestion() {
        assert_eq!(C_STRUCT.repr_c_size(), Some(12));
        assert_eq!(C_STRUCT.smallest_size(), Some(8));
        let hint = C_STRUCT.reorder_suggestion().unwrap();
        assert_eq!(hint.bytes_saved, 4);
        assert_eq!(names(hint.order()), ["b", "a", "c"]);
    }

    #[test]
    #[cfg(feature = "alloc")]
    fn placing_in_order_follows_repr_c_rules() {
        let placed: Vec<_> = place_in_order(C_STRUCT.fields.iter(), None)
            .map(|(f, offset)| (f.name, offset))
            .collect();
        assert_eq!(placed, [("a", 0), ("b", 4), ("c", 8)]);
        let smallest: Vec<_> = place_in_order(C_STRUCT.smallest_order(), None)
            .map(|(f, offset)| (f.name, offset))
            .collect();
        assert_eq!(smallest, [("b", 0), ("a", 4), ("c", 5)]);
        let packed: Vec<_> = place_in_order(C_STRUCT.fields.iter(), Some(1))
            .map(|(_, offset)| offset)
            .collect();
        assert_eq!(packed, [0, 1, 5]);
    }

    #[test]
    fn suggested_order_keeps_every_field_once() {
        static FIELDS: [Field; 5] = [
            field("a", 0, 1, 1),
            field("b", 2, 2, 2),
            field("c", 4, 1, 1),
            field("d", 8, 8, 8),
            field("e", 16, 3, 3), // a hand-written odd alignment still gets a place
        ];
        let order = SuggestedOrder {
            fields: &FIELDS,
            packed: None,
            align: 8,
            next: 0,
        };
        assert_eq!(names(order), ["d", "b", "e", "a", "c"]);
        let packed = SuggestedOrder {
            fields: &FIELDS,
            packed: Some(2),
            align: 2,
            next: 0,
        };
        assert_eq!(names(packed), ["b", "d", "e", "a", "c"]);
    }
}
