//! Padding in a type's static layout: the gaps between, before and after its fields, and the
//! sizes other field orders would give (`#[repr(C)]` order, the smallest possible).
//!
//! Everything here is plain arithmetic over the compiler's figures in a [`TypeLayout`]. Nothing
//! allocates: gaps are iterators over `'static` data.
//!
//! The rules rest on three facts of the Rust Reference's
//! [type layout](https://doc.rust-lang.org/reference/type-layout.html) chapter: a type's size is
//! a multiple of its alignment; every field sits at an offset that is a multiple of its own
//! alignment (capped at `N` under `#[repr(packed(N))]`); and `#[repr(C)]` lays fields out in
//! declaration order, each at the next offset its alignment allows, then rounds the size up to
//! the alignment.

use super::{Field, Kind, TypeLayout};

/// `n` rounded up to the next multiple of `align` (an `align` of 0 counts as 1).
pub(crate) const fn round_up(n: usize, align: usize) -> usize {
    if align <= 1 {
        return n;
    }
    match n % align {
        0 => n,
        r => n + (align - r),
    }
}

/// The alignment a field actually gets: its own, capped at `N` under `#[repr(packed(N))]`.
pub(crate) const fn effective_align(align: usize, packed: Option<usize>) -> usize {
    let align = if align == 0 { 1 } else { align };
    match packed {
        Some(n) if n < align => n,
        _ => align,
    }
}

/// The size of a struct whose fields, given as `(size, align)` in declaration order, are laid
/// out by `#[repr(C)]` rules, with `#[repr(packed(N))]` capping each field's alignment and the
/// result rounded up to `struct_align`.
///
/// ```
/// // struct { a: u8, b: u16, c: u8 } in C order: a, pad, b b, c, pad
/// let fields = [(1, 1), (2, 2), (1, 1)];
/// assert_eq!(memlayout::layout::repr_c_size(fields, None, 2), 6);
/// assert_eq!(memlayout::layout::repr_c_size(fields, Some(1), 1), 4);
/// ```
pub fn repr_c_size(
    fields: impl IntoIterator<Item = (usize, usize)>,
    packed: Option<usize>,
    struct_align: usize,
) -> usize {
    let mut end = 0;
    for (size, align) in fields {
        end = round_up(end, effective_align(align, packed)) + size;
    }
    round_up(end, struct_align)
}

/// The smallest size any order of these field sizes can give a struct of alignment
/// `struct_align`: their sum rounded up to the alignment.
///
/// No order does better (the fields need their bytes, and a size is a multiple of the
/// alignment), and sorting fields by alignment, largest first, reaches it: every size is a
/// multiple of its alignment, so each field then starts aligned with no gap before it.
///
/// ```
/// assert_eq!(memlayout::layout::smallest_size([1, 2, 1], 2), 4);
/// assert_eq!(memlayout::layout::smallest_size([8, 1], 8), 16);
/// ```
pub fn smallest_size(field_sizes: impl IntoIterator<Item = usize>, struct_align: usize) -> usize {
    round_up(field_sizes.into_iter().sum(), struct_align)
}

/// A run of padding bytes inside a type: between two fields, before the first or after the last.
#[derive(Clone, Copy, Debug)]
pub struct PaddingGap {
    /// Where the gap starts, from the start of the value.
    pub offset: usize,
    /// How many bytes it spans.
    pub size: usize,
    /// The field that ends just before the gap (`None` for a gap at offset 0).
    pub after: Option<&'static Field>,
    /// The field that starts just after the gap (`None` for the trailing padding).
    pub before: Option<&'static Field>,
}

impl PaddingGap {
    /// `true` for the padding after the last field, which rounds the size up to the alignment.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u32, b: u8 }
    /// let gap = S::LAYOUT.padding_gaps().last().unwrap();
    /// assert!(gap.is_trailing());
    /// assert_eq!((gap.offset, gap.size), (5, 3));
    /// ```
    pub const fn is_trailing(&self) -> bool {
        self.before.is_none()
    }
}

/// The padding gaps of a type, in memory order: see [`TypeLayout::padding_gaps`].
#[derive(Clone, Debug)]
pub struct PaddingGaps<'a> {
    fields: &'static [Field],
    order: core::slice::Iter<'a, u16>,
    size: usize,
    end: usize,
    after: Option<&'static Field>,
    done: bool,
}

impl Iterator for PaddingGaps<'_> {
    type Item = PaddingGap;

    fn next(&mut self) -> Option<PaddingGap> {
        if self.done {
            return None;
        }
        for &index in self.order.by_ref() {
            let Some(field) = self.fields.get(usize::from(index)) else {
                continue;
            };
            let gap = (field.offset > self.end).then(|| PaddingGap {
                offset: self.end,
                size: field.offset - self.end,
                after: self.after,
                before: Some(field),
            });
            // Union fields overlap: the covered range only grows.
            self.end = self.end.max(field.offset + field.size);
            if field.size > 0 || self.after.is_none() {
                self.after = Some(field);
            }
            if gap.is_some() {
                return gap;
            }
        }
        self.done = true;
        (self.size > self.end).then(|| PaddingGap {
            offset: self.end,
            size: self.size - self.end,
            after: self.after,
            before: None,
        })
    }
}

impl TypeLayout {
    /// `true` when the layout describes its fields (structs, tuple and unit structs, tuples,
    /// unions), so gaps and counterfactuals can be computed. Enums, arrays and library types
    /// such as `Vec` give no field list.
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert!(!<Vec<u8>>::LAYOUT.has_field_layout());
    /// assert!(!<Option<u8>>::LAYOUT.has_field_layout());
    /// ```
    pub const fn has_field_layout(&self) -> bool {
        self.is_sized
            && matches!(
                self.kind,
                Kind::Struct | Kind::TupleStruct | Kind::UnitStruct | Kind::Tuple | Kind::Union
            )
    }

    /// Fields in declaration order (the same as [`TypeLayout::fields`]).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// struct S { a: u8, b: u32 }
    /// let names: Vec<_> = S::LAYOUT.fields_in_declaration_order().map(|f| f.name).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// ```
    pub fn fields_in_declaration_order(&self) -> core::slice::Iter<'static, Field> {
        self.fields.iter()
    }

    /// Every padding gap in memory order: before, between and after the fields. Empty when the
    /// layout has no field list (see [`TypeLayout::has_field_layout`]). Allocates nothing.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Packet { tag: u8, len: u32, flags: u8 }
    ///
    /// let gaps: Vec<_> = Packet::LAYOUT.padding_gaps().map(|g| (g.offset, g.size)).collect();
    /// assert_eq!(gaps, [(1, 3), (9, 3)]);
    /// ```
    pub fn padding_gaps(&self) -> PaddingGaps<'_> {
        let described = self.has_field_layout();
        PaddingGaps {
            fields: self.fields,
            order: if described {
                self.memory_order.iter()
            } else {
                [].iter()
            },
            size: self.size,
            end: 0,
            after: None,
            done: !described,
        }
    }

    /// Padding bytes in the type's own gaps (its fields' inner padding not included; the deep
    /// figure is [`TypeLayout::padding_bytes`]). 0 without a field list.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Inner { a: u8, b: u16 }
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Outer { inner: Inner, c: u16 }
    /// assert_eq!(Outer::LAYOUT.own_padding_bytes(), 0);
    /// assert_eq!(Outer::LAYOUT.padding_bytes, 1);
    /// ```
    pub fn own_padding_bytes(&self) -> usize {
        self.padding_gaps().map(|g| g.size).sum()
    }

    /// The trailing padding alone: bytes after the last field.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u64, b: u8 }
    /// assert_eq!(S::LAYOUT.trailing_padding(), 7);
    /// ```
    pub fn trailing_padding(&self) -> usize {
        self.padding_gaps()
            .filter(PaddingGap::is_trailing)
            .map(|g| g.size)
            .sum()
    }

    /// The share of the size that is the type's own padding, from 0.0 to 1.0 (0.0 for a
    /// zero-sized type).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u8, b: u16, c: u8 }
    /// assert!((S::LAYOUT.padding_share() - 2.0 / 6.0).abs() < 1e-9);
    /// ```
    pub fn padding_share(&self) -> f64 {
        if self.size == 0 {
            0.0
        } else {
            self.own_padding_bytes() as f64 / self.size as f64
        }
    }

    /// The size the same fields would take in declaration order under `#[repr(C)]` rules (the
    /// type's `packed` and `align` attributes kept). `None` without a field list.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// struct S { a: u8, b: u16, c: u8 }
    /// assert_eq!(S::LAYOUT.repr_c_size(), Some(6));
    /// assert_eq!(S::LAYOUT.size, std::mem::size_of::<S>());
    /// ```
    pub fn repr_c_size(&self) -> Option<usize> {
        if !self.has_field_layout() {
            return None;
        }
        if matches!(self.kind, Kind::Union) {
            return self.smallest_size();
        }
        let fields = self.fields.iter().map(|f| (f.size, f.align));
        Some(repr_c_size(fields, self.repr.packed, self.align))
    }

    /// The smallest size any order of the fields gives: their sizes summed (a union: the
    /// largest), rounded up to the type's alignment. `None` without a field list.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u8, b: u16, c: u8 }
    /// assert_eq!(S::LAYOUT.smallest_size(), Some(4));
    /// ```
    pub fn smallest_size(&self) -> Option<usize> {
        if !self.has_field_layout() {
            return None;
        }
        let sizes = self.fields.iter().map(|f| f.size);
        Some(if matches!(self.kind, Kind::Union) {
            round_up(sizes.max().unwrap_or(0), self.align)
        } else {
            smallest_size(sizes, self.align)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::layout::{layout_of, Repr, Storage};

    pub(crate) const fn field(
        name: &'static str,
        offset: usize,
        size: usize,
        align: usize,
    ) -> Field {
        Field {
            name,
            type_name: "T",
            offset,
            size,
            align,
            storage: Storage::Inline,
            layout: layout_of::<u8>,
        }
    }

    pub(crate) fn names(fields: impl Iterator<Item = &'static Field>) -> Vec<&'static str> {
        fields.map(|f| f.name).collect()
    }

    // Synthetic layouts test the arithmetic; the integration tests compare with the compiler.
    static C_FIELDS: [Field; 3] = [
        field("a", 0, 1, 1),
        field("b", 4, 4, 4),
        field("c", 8, 1, 1),
    ];
    pub(crate) static C_STRUCT: TypeLayout = TypeLayout {
        size: 12,
        align: 4,
        repr: Repr {
            c: true,
            ..Repr::RUST
        },
        fields: &C_FIELDS,
        memory_order: &[0, 1, 2],
        ..TypeLayout::of::<u8>("C", Kind::Struct)
    };

    #[test]
    fn round_up_handles_zero_and_one() {
        assert_eq!(round_up(7, 0), 7);
        assert_eq!(round_up(7, 1), 7);
        assert_eq!(round_up(9, 8), 16);
        assert_eq!((round_up(5, 4), round_up(8, 4), round_up(0, 8)), (8, 8, 0));
    }

    #[test]
    fn gaps_between_and_trailing() {
        let gaps: Vec<_> = C_STRUCT
            .padding_gaps()
            .map(|g| (g.offset, g.size, g.is_trailing()))
            .collect();
        assert_eq!(gaps, [(1, 3, false), (9, 3, true)]);
        let first = C_STRUCT.padding_gaps().next().unwrap();
        assert_eq!(
            (first.after.unwrap().name, first.before.unwrap().name),
            ("a", "b")
        );
        assert_eq!(C_STRUCT.own_padding_bytes(), 6);
        assert_eq!(C_STRUCT.trailing_padding(), 3);
        assert!((C_STRUCT.padding_share() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn union_gaps_follow_the_largest_field() {
        static FIELDS: [Field; 2] = [field("x", 0, 2, 2), field("y", 0, 5, 1)];
        static UNION: TypeLayout = TypeLayout {
            size: 6,
            align: 2,
            fields: &FIELDS,
            memory_order: &[0, 1],
            ..TypeLayout::of::<u8>("U", Kind::Union)
        };
        let gaps: Vec<_> = UNION.padding_gaps().map(|g| (g.offset, g.size)).collect();
        assert_eq!(gaps, [(5, 1)]);
        assert_eq!(UNION.repr_c_size(), Some(6));
        assert_eq!(UNION.smallest_size(), Some(6));
        assert!(UNION.reorder_suggestion().is_none());
    }

    #[test]
    fn leading_gap_and_zero_sized_fields() {
        static FIELDS: [Field; 2] = [field("z", 0, 0, 1), field("v", 4, 4, 4)];
        static S: TypeLayout = TypeLayout {
            size: 8,
            align: 4,
            fields: &FIELDS,
            memory_order: &[0, 1],
            ..TypeLayout::of::<u8>("S", Kind::Struct)
        };
        let gaps: Vec<_> = S
            .padding_gaps()
            .map(|g| (g.offset, g.size, g.after.map(|f| f.name)))
            .collect();
        assert_eq!(gaps, [(0, 4, Some("z"))]);
        assert_eq!(S.trailing_padding(), 0);
    }

    #[test]
    fn packed_caps_alignment() {
        assert_eq!(repr_c_size([(1, 1), (8, 8), (1, 1)], Some(2), 2), 12);
        assert_eq!(repr_c_size([(1, 1), (8, 8), (1, 1)], Some(1), 1), 10);
        assert_eq!(repr_c_size([], None, 8), 0);
    }
}
