//! How an enum tells its variants apart: a tag (and its width), a niche, or nothing stored.

use super::padding::round_up;
use super::{IntRepr, TypeLayout, Variant};

/// The bytes of the smallest integer that holds every discriminant in `min..=max`: unsigned
/// when `min >= 0`, signed otherwise, and at least `floor` bytes (rustc's rule for enum tags).
///
/// ```
/// assert_eq!(memlayout::discriminant_bytes(0, 2, 1), 1);
/// assert_eq!(memlayout::discriminant_bytes(0, 256, 1), 2);
/// assert_eq!(memlayout::discriminant_bytes(-129, 0, 1), 2);
/// assert_eq!(memlayout::discriminant_bytes(0, 1, 4), 4);
/// ```
pub const fn discriminant_bytes(min: i128, max: i128, floor: usize) -> usize {
    let mut bytes = 1;
    while bytes < 16 {
        let bits = bytes * 8;
        let fits = if min >= 0 {
            (max as u128) < (1u128 << bits)
        } else {
            let half = 1i128 << (bits - 1);
            min >= -half && max < half
        };
        if fits {
            break;
        }
        bytes *= 2;
    }
    if bytes < floor {
        floor
    } else {
        bytes
    }
}

/// Parses an explicit discriminant as written (`"7"`, `"-1"`, `"0x10"`, `"1_000u16"`).
/// Expressions (`"1 << 3"`, `"A as isize"`) give `None`.
///
/// ```
/// assert_eq!(memlayout::parse_discriminant("0x1F"), Some(31));
/// assert_eq!(memlayout::parse_discriminant("-1_000i32"), Some(-1000));
/// assert_eq!(memlayout::parse_discriminant("1 << 3"), None);
/// ```
pub fn parse_discriminant(text: &str) -> Option<i128> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let (radix, digits) = match digits.get(..2) {
        Some("0x") | Some("0X") => (16, &digits[2..]),
        Some("0o") | Some("0O") => (8, &digits[2..]),
        Some("0b") | Some("0B") => (2, &digits[2..]),
        _ => (10, digits),
    };
    // An integer suffix (`u8`, `isize`, …) starts at the first `u` or `i`: neither is a digit in
    // any radix up to 16.
    let digits = match digits.find(['u', 'i']) {
        Some(at) => &digits[..at],
        None => digits,
    };
    let mut value: i128 = 0;
    let mut any = false;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let digit = c.to_digit(radix)?;
        value = value
            .checked_mul(i128::from(radix))?
            .checked_add(i128::from(digit))?;
        any = true;
    }
    if !any {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// How an enum tells its variants apart, as far as the static layout shows.
///
/// Rust stores either a *tag* (an integer in front of, or around, the payload) or nothing at all
/// when a *niche* (invalid bit patterns of a field, like the null of a `&T`) can encode which
/// variant is live. [`TypeLayout::discriminant`] decides between them from sizes alone:
///
/// - `#[repr(u8)]`, `#[repr(i32)]`, …, and `#[repr(C)]` enums always have a tag of that integer
///   (`#[repr(C)]` alone: a C `int`, wider if the discriminants need it). Exact.
/// - Fewer than two variants under the default repr: nothing is stored ([`Discriminant::None`]).
/// - Otherwise, with `t` the bytes the discriminants need (1 up to 256 variants): any tagged
///   layout needs at least `round_up(t + payload, align)` bytes for its largest variant. An enum
///   smaller than that has no tag: [`Discriminant::Niche`].
/// - A niche layout is exactly as large as its largest variant laid out as a struct,
///   `round_up(round_up(payload, variant align), align)`. An enum larger than that has a tag:
///   [`Discriminant::Tag`].
/// - When the size fits both bounds, rustc may have picked either (it prefers the niche at equal
///   size when the niche leaves more spare values, as a `char` field does):
///   [`Discriminant::Undetermined`].
///
/// Limits: payload sizes here exclude the padding between a variant's fields, and the bounds
/// assume the default repr's size-optimal field order inside each variant. Under
/// `-Zrandomize-layout` that order is shuffled and a niche enum may be classified as tagged. The
/// tag width of a default-repr enum is an estimate: rustc widens the tag up to the alignment of
/// each variant's first field when that costs nothing (so `Result<u64, u32>` has a 4-byte tag);
/// memlayout models this from sizes and alignments, not from the compiler. Discriminants written
/// as expressions (`1 << 3`) are not evaluated: the count of variants stands in for their range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Discriminant {
    /// No discriminant is stored: the enum has fewer than two variants.
    None,
    /// A tag of `bytes` bytes is stored.
    Tag {
        /// The tag's width.
        bytes: usize,
        /// `true` when the repr fixes the width; `false` for the default repr's estimate.
        is_exact: bool,
    },
    /// No tag: a niche in a field encodes the variant (`Option<&T>` is as large as `&T`).
    Niche,
    /// The size allows both a tag of about `tag_bytes` and a niche; the static layout cannot tell.
    Undetermined {
        /// The tag's estimated width, if it is a tag.
        tag_bytes: usize,
    },
}

impl Discriminant {
    /// The tag's width when the enum certainly has a tag.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(u16)]
    /// enum Op { Nop, Jump(u32) }
    /// assert_eq!(Op::LAYOUT.discriminant().unwrap().tag_bytes(), Some(2));
    /// ```
    pub const fn tag_bytes(&self) -> Option<usize> {
        match self {
            Discriminant::Tag { bytes, .. } => Some(*bytes),
            _ => None,
        }
    }

    /// `true` when a niche certainly removed the tag.
    ///
    /// ```
    /// use memlayout::Layout;
    /// assert!(<Option<&u8>>::LAYOUT.discriminant().unwrap().is_niche());
    /// assert!(!<Option<u32>>::LAYOUT.discriminant().unwrap().is_niche());
    /// ```
    pub const fn is_niche(&self) -> bool {
        matches!(self, Discriminant::Niche)
    }
}

impl TypeLayout {
    /// How the enum tells its variants apart: a tag (and its width), a niche, or nothing.
    /// `None` when the type is not an enum. The rule and its limits are on [`Discriminant`].
    ///
    /// ```
    /// use memlayout::{Discriminant, Layout};
    /// assert_eq!(<Option<&u8>>::LAYOUT.discriminant(), Some(Discriminant::Niche));
    /// assert_eq!(<u8>::LAYOUT.discriminant(), None);
    /// ```
    pub fn discriminant(&self) -> Option<Discriminant> {
        if !self.is_enum() {
            return None;
        }
        let variants = self.variants;
        let needed = self.discriminant_range();
        if let Some(int) = self.repr.int {
            return Some(Discriminant::Tag {
                bytes: int_repr_bytes(int),
                is_exact: true,
            });
        }
        if self.repr.c {
            let c_int = core::mem::size_of::<core::ffi::c_int>();
            let (min, max) = needed;
            let bytes = discriminant_bytes(min, max, c_int);
            return Some(Discriminant::Tag {
                bytes,
                is_exact: true,
            });
        }
        if variants.len() < 2 {
            return Some(Discriminant::None);
        }
        let min_tag = discriminant_bytes(needed.0, needed.1, 1);
        let tagged_floor = round_up(
            variants
                .iter()
                .map(|v| min_tag + v.payload_size)
                .max()
                .unwrap_or(0),
            self.align,
        );
        let niche_size = round_up(
            variants.iter().map(Variant::struct_size).max().unwrap_or(0),
            self.align,
        );
        let tag_bytes = widened_tag_bytes(variants, min_tag);
        Some(if self.size < tagged_floor {
            Discriminant::Niche
        } else if self.size > niche_size {
            Discriminant::Tag {
                bytes: tag_bytes,
                is_exact: false,
            }
        } else {
            Discriminant::Undetermined { tag_bytes }
        })
    }

    /// The range of discriminant values: explicit integer discriminants are parsed, implicit
    /// ones follow the previous plus one; an expression falls back to `0..=variants - 1`.
    fn discriminant_range(&self) -> (i128, i128) {
        let fallback = (0, self.variants.len().saturating_sub(1) as i128);
        let (mut min, mut max, mut next) = (i128::MAX, i128::MIN, 0i128);
        for variant in self.variants {
            let value = match variant.discriminant {
                Some(text) => match parse_discriminant(text) {
                    Some(value) => value,
                    None => return fallback,
                },
                None => next,
            };
            min = min.min(value);
            max = max.max(value);
            next = value.saturating_add(1);
        }
        if min > max {
            fallback
        } else {
            (min, max)
        }
    }
}

/// The bytes of a `#[repr(int)]` tag.
const fn int_repr_bytes(int: IntRepr) -> usize {
    match int {
        IntRepr::U8 | IntRepr::I8 => 1,
        IntRepr::U16 | IntRepr::I16 => 2,
        IntRepr::U32 | IntRepr::I32 => 4,
        IntRepr::U64 | IntRepr::I64 => 8,
        IntRepr::U128 | IntRepr::I128 => 16,
        IntRepr::Usize | IntRepr::Isize => core::mem::size_of::<usize>(),
    }
}

/// rustc's tag widening for default-repr enums, modelled: each variant's fields after the tag
/// are ordered by `log2(max(align, size))` ascending, and the tag grows to the smallest
/// alignment of those first fields (across variants, ignoring zero-sized align-1 fields) when
/// that is wider than the discriminants need, since the bytes before that field are padding.
fn widened_tag_bytes(variants: &[Variant], min_tag: usize) -> usize {
    let mut start_align: Option<usize> = None;
    for variant in variants {
        let first = variant
            .fields
            .iter()
            .filter(|f| !(f.size == 0 && f.align <= 1))
            .min_by_key(|f| f.align.max(f.size).trailing_zeros());
        if let Some(field) = first {
            start_align = Some(start_align.map_or(field.align, |a| a.min(field.align)));
        }
    }
    match start_align {
        Some(align) if align > min_tag && align <= 16 && align.is_power_of_two() => align,
        _ => min_tag,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::layout::padding::tests::C_STRUCT;
    use crate::layout::{layout_of, Kind, Storage, VariantField};

    #[test]
    fn discriminant_parsing_and_widths() {
        assert_eq!(parse_discriminant("255u8"), Some(255));
        assert_eq!(parse_discriminant(" - 3 "), Some(-3));
        assert_eq!(parse_discriminant("0b1010"), Some(10));
        assert_eq!(parse_discriminant("0o17"), Some(15));
        assert_eq!(parse_discriminant(""), None);
        assert_eq!(parse_discriminant("x"), None);
        assert_eq!(
            parse_discriminant("99999999999999999999999999999999999999999"),
            None
        );
        assert_eq!(discriminant_bytes(0, 255, 1), 1);
        assert_eq!(discriminant_bytes(-128, 127, 1), 1);
        assert_eq!(discriminant_bytes(-128, 128, 1), 2);
        assert_eq!(discriminant_bytes(0, 1 << 40, 1), 8);
        assert_eq!(discriminant_bytes(i128::MIN, 0, 1), 16);
    }

    /// A variant with a chosen payload size (not necessarily its fields' sum).
    pub(crate) const fn var(
        name: &'static str,
        discriminant: Option<&'static str>,
        fields: &'static [VariantField],
        payload_size: usize,
    ) -> Variant {
        Variant {
            name,
            discriminant,
            fields,
            payload_size,
        }
    }

    pub(crate) const fn vfield(size: usize, align: usize) -> VariantField {
        VariantField {
            name: "0",
            type_name: "T",
            size,
            align,
            storage: Storage::Inline,
            layout: layout_of::<u8>,
        }
    }

    pub(crate) fn enum_of(size: usize, align: usize, variants: &'static [Variant]) -> TypeLayout {
        TypeLayout {
            size,
            align,
            variants,
            ..TypeLayout::of::<u8>("E", Kind::Enum)
        }
    }

    #[test]
    fn discriminant_classification() {
        static PTR: [VariantField; 1] = [vfield(8, 8)];
        static OPTION_LIKE: [Variant; 2] = [var("None", None, &[], 0), var("Some", None, &PTR, 8)];
        // 8 bytes: smaller than any tagged layout (16).
        assert_eq!(
            enum_of(8, 8, &OPTION_LIKE).discriminant(),
            Some(Discriminant::Niche)
        );
        // 16 bytes: larger than the niche layout (8); the tag widens to the payload's alignment.
        assert_eq!(
            enum_of(16, 8, &OPTION_LIKE).discriminant(),
            Some(Discriminant::Tag {
                bytes: 8,
                is_exact: false
            })
        );
        static CHAR_U8: [VariantField; 2] = [vfield(4, 4), vfield(1, 1)];
        static AMBIGUOUS: [Variant; 2] = [var("A", None, &CHAR_U8, 5), var("B", None, &[], 0)];
        assert_eq!(
            enum_of(8, 4, &AMBIGUOUS).discriminant(),
            Some(Discriminant::Undetermined { tag_bytes: 1 })
        );
        static ONE: [Variant; 1] = [var("A", None, &PTR, 8)];
        assert_eq!(enum_of(8, 8, &ONE).discriminant(), Some(Discriminant::None));
        let mut repr_u16 = enum_of(16, 8, &ONE);
        repr_u16.repr.int = Some(IntRepr::U16);
        assert_eq!(
            repr_u16.discriminant(),
            Some(Discriminant::Tag {
                bytes: 2,
                is_exact: true
            })
        );
        static BIG: [Variant; 2] = [
            var("A", Some("-1"), &[], 0),
            var("B", Some("40000"), &[], 0),
        ];
        assert_eq!(
            enum_of(4, 4, &BIG).discriminant(),
            Some(Discriminant::Tag {
                bytes: 4,
                is_exact: false
            })
        );
        assert_eq!(C_STRUCT.discriminant(), None);
    }
}
