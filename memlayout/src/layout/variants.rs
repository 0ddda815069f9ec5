//! Enum variants' sizes: the payload as a struct, the largest variant, and clippy's
//! `large_enum_variant` rule.

use super::padding::round_up;
use super::{TypeLayout, Variant};

/// The size difference between an enum's largest and second-largest variant above which
/// [`TypeLayout::large_variant`] warns by default: clippy's `large_enum_variant` threshold.
pub const LARGE_VARIANT_THRESHOLD: usize = 200;

/// An enum variant much larger than the others: see [`TypeLayout::large_variant`].
#[derive(Clone, Copy, Debug)]
pub struct LargeVariant {
    /// The largest variant.
    pub largest: &'static Variant,
    /// The second-largest variant.
    pub second: &'static Variant,
    /// `largest.payload_size - second.payload_size`.
    pub difference: usize,
    /// The threshold the difference exceeded.
    pub threshold: usize,
}

impl Variant {
    /// The payload laid out as a struct in the best order: the fields' sizes summed, rounded up
    /// to their largest alignment. This is the bytes a niche layout gives the variant.
    ///
    /// ```
    /// use memlayout::Layout;
    /// let some = <Option<u32>>::LAYOUT.variant("Some").unwrap();
    /// assert_eq!(some.struct_size(), 4);
    /// ```
    pub fn struct_size(&self) -> usize {
        round_up(self.payload_size, self.payload_align())
    }

    /// The largest alignment among the variant's fields (1 without fields).
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert_eq!(<Option<u64>>::LAYOUT.variant("None").unwrap().payload_align(), 1);
    /// ```
    pub fn payload_align(&self) -> usize {
        self.fields
            .iter()
            .map(|f| f.align)
            .max()
            .unwrap_or(1)
            .max(1)
    }
}

impl TypeLayout {
    /// The largest variant by payload size (the first of equals). `None` for non-enums and
    /// enums without variants.
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert_eq!(<Option<u64>>::LAYOUT.largest_variant().unwrap().name, "Some");
    /// ```
    pub fn largest_variant(&self) -> Option<&'static Variant> {
        let variants = self.variants;
        variants.iter().reduce(|best, v| {
            if v.payload_size > best.payload_size {
                v
            } else {
                best
            }
        })
    }

    /// Clippy's `large_enum_variant` rule: the largest variant's payload exceeds the
    /// second-largest's by more than `threshold` bytes ([`LARGE_VARIANT_THRESHOLD`] is clippy's
    /// default, 200). Every value of the enum pays for the largest variant; boxing its fields
    /// shrinks the enum to about the size of the others.
    ///
    /// ```
    /// use memlayout::Layout;
    /// use memlayout::layout::LARGE_VARIANT_THRESHOLD;
    /// #[derive(Layout)]
    /// enum Message { Ping, Blob([u8; 1024]) }
    /// let warning = Message::LAYOUT.large_variant(LARGE_VARIANT_THRESHOLD).unwrap();
    /// assert_eq!((warning.largest.name, warning.second.name), ("Blob", "Ping"));
    /// assert!(Message::LAYOUT.large_variant(2048).is_none());
    /// ```
    pub fn large_variant(&self, threshold: usize) -> Option<LargeVariant> {
        let largest = self.largest_variant()?;
        let variants = self.variants;
        let second = variants
            .iter()
            .filter(|v| !core::ptr::eq(*v, largest))
            .reduce(|best, v| {
                if v.payload_size > best.payload_size {
                    v
                } else {
                    best
                }
            })?;
        let difference = largest.payload_size - second.payload_size;
        (difference > threshold).then_some(LargeVariant {
            largest,
            second,
            difference,
            threshold,
        })
    }
}

impl TypeLayout {
    /// Where each of `variant`'s fields sits, when the repr fixes it, as `(field, offset)` in
    /// declaration order; `None` under the default repr (rustc chooses, and stable Rust does not
    /// say) and for non-enums. The Reference's rules
    /// (<https://doc.rust-lang.org/reference/type-layout.html#reprc-enums-with-fields>):
    /// - `#[repr(C)]` (with or without a primitive): a `repr(C)` struct of the tag and a union of
    ///   one `repr(C)` struct per variant, so every variant's fields start at the tag's size
    ///   rounded up to the largest alignment of any variant's fields.
    /// - A primitive repr alone (`#[repr(u8)]`…): a union of `repr(C)` structs, each the tag
    ///   followed by the variant's fields, so the fields follow the tag directly.
    /// - `#[repr(transparent)]` with one field: the field at 0, as the enum has its layout.
    ///   Zero-sized fields beside it sit where rustc puts them (after it, in rustc 1.95),
    ///   which no rule fixes: `None` for such a variant.
    #[cfg(feature = "alloc")]
    pub(crate) fn fixed_variant_offsets(
        &self,
        variant: &'static Variant,
    ) -> Option<impl Iterator<Item = (&'static super::VariantField, usize)>> {
        let transparent = self.repr.transparent;
        if transparent && variant.fields.len() != 1 {
            return None;
        }
        let tag_bytes = if transparent {
            0
        } else {
            self.discriminant()?.tag_bytes()?
        };
        let start = if transparent {
            0
        } else if self.repr.c {
            let union_align = self
                .variants
                .iter()
                .map(Variant::payload_align)
                .max()
                .unwrap_or(1);
            round_up(tag_bytes, union_align)
        } else if self.repr.int.is_some() {
            tag_bytes
        } else {
            return None;
        };
        let mut end = start;
        Some(variant.fields.iter().map(move |field| {
            let offset = if transparent {
                0
            } else {
                round_up(end, field.align)
            };
            end = offset + field.size;
            (field, offset)
        }))
    }
}

#[cfg(test)]
mod tests {
    use crate::layout::discriminant::tests::{enum_of, var};
    use crate::layout::Variant;

    #[test]
    fn large_variant_needs_more_than_the_threshold() {
        static VARIANTS: [Variant; 3] = [
            var("A", 0, &[], 10),
            var("B", 0, &[], 210),
            var("C", 0, &[], 0),
        ];
        let e = enum_of(216, 8, &VARIANTS);
        assert!(e.large_variant(200).is_none());
        let warning = e.large_variant(199).unwrap();
        assert_eq!(
            (
                warning.largest.name,
                warning.second.name,
                warning.difference
            ),
            ("B", "A", 200)
        );
        static SINGLE: [Variant; 1] = [var("A", 0, &[], 999)];
        assert!(enum_of(999, 1, &SINGLE).large_variant(0).is_none());
    }
}
