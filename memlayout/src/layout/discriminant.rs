//! How an enum tells its variants apart: a tag (and its width), a niche, or nothing stored.

use super::padding::round_up;
use super::{IntRepr, TypeLayout, Variant, VariantField};

/// The bytes of the smallest integer that holds every discriminant in `min..=max`: unsigned
/// when `min >= 0`, signed otherwise, and at least `floor` bytes (rustc's rule for enum tags).
///
/// ```
/// assert_eq!(memlayout::layout::discriminant_bytes(0, 2, 1), 1);
/// assert_eq!(memlayout::layout::discriminant_bytes(0, 256, 1), 2);
/// assert_eq!(memlayout::layout::discriminant_bytes(-129, 0, 1), 2);
/// assert_eq!(memlayout::layout::discriminant_bytes(0, 1, 4), 4);
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
/// Expressions (`"1 << 3"`, `"A as isize"`) give `None`. A derived enum does not need it:
/// [`Variant::discriminant_value`] holds the compiler's own evaluation of every discriminant.
///
/// ```
/// assert_eq!(memlayout::layout::parse_discriminant("0x1F"), Some(31));
/// assert_eq!(memlayout::layout::parse_discriminant("-1_000i32"), Some(-1000));
/// assert_eq!(memlayout::layout::parse_discriminant("1 << 3"), None);
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
/// variant is live, or when only one variant can exist. [`TypeLayout::discriminant`] decides
/// from what the compiler tells on stable Rust: the enum's size and alignment, the evaluated
/// discriminant values, each field's size, alignment, uninhabitedness and niche
/// (`size_of::<Option<F>>() == size_of::<F>()`, [`TypeLayout::has_niche`]), and whether the
/// enum itself has a niche. The rules follow rustc's enum layout (`layout_of_enum` in
/// `rustc_abi`; the [Rust Reference](https://doc.rust-lang.org/reference/type-layout.html#the-rust-representation)
/// leaves the default repr unspecified):
///
/// - `#[repr(u8)]`, `#[repr(i32)]`, …, and `#[repr(C)]` enums always have a tag of that integer
///   (`#[repr(C)]` alone: a C `int`, wider if the discriminants need it), even when no variant
///   can exist. Exact.
/// - A variant is *absent* when it is uninhabited and all its fields are zero-sized with
///   alignment 1 ([`Variant::is_absent`]). Under the default repr, with no variant left the
///   enum is [`Discriminant::Uninhabited`] (size 0); with one left, it is laid out as that
///   variant and nothing is stored ([`Discriminant::None`]): `Option<Infallible>`,
///   `Result<u32, Infallible>`.
/// - Otherwise the discriminants of the inhabited variants need `t` bytes: the smallest integer
///   holding their range, signed when one is negative. Fieldless enums (and enums whose fields
///   are all zero-sized with alignment 1) store a tag of exactly `t` bytes. Elsewhere rustc
///   widens the tag to the alignment of each variant's first field when that is wider and at
///   most 16 (the bytes before that field would be padding): exact when every field order gives
///   the same width (`Result<u64, u32>`: 4 bytes), otherwise modelled on rustc's field sort.
/// - No field of an inhabited variant has a niche: only a tag can tell the variants apart.
/// - A niche layout uses a niche of the largest variant: when one variant is larger than any
///   other can be in any field order, and it has no field with a niche, the enum is tagged.
/// - Any tagged layout needs at least `round_up(t + payload, align)` bytes for its largest
///   variant: an enum smaller than that has a niche. A niche layout is exactly as large as its
///   largest variant laid out as a struct: an enum of another size has a tag.
/// - A tagged enum always has spare tag values, unless its discriminants fill the tag: so when
///   `Option<E>` is larger than `E` and they do not, `E` has a niche.
/// - Both layouts have the same size: rustc keeps the one that leaves more invalid values. The
///   tag spares `2^(8 × width) − range` values; the niche layout spares its niche's values less
///   the variants it encodes. A tag's width is bounded by the field orders that fit the size
///   (an 8-byte `A(char, u8), B` cannot have put its `char` first behind a 4-byte tag), and
///   stable Rust shows whether a niche has at least 256 values
///   ([`TypeLayout::has_large_niche`]) and more than 256 ([`TypeLayout::has_niche_over_256`]).
///   That settles every one-byte tag, even where a niche of 256 or more must encode every
///   variant because the largest sits between the others (regex-syntax's `GroupKind`,
///   `enum E { A, B(char, u8), C }`): exactly 256 ties with the tag, which rustc keeps.
/// - Otherwise: [`Discriminant::Undetermined`]. One shape is left, where the answer turns on
///   a niche's exact size: a tag of 2 bytes or more (it spares 65534 values or more) against a
///   niche of more than 256, as in `enum E { A(u16, char), B(u16) }` (rustc takes the niche, as
///   `char` spares millions of values). In the 210-enum corpus of `tests/fixtures/type_sizes`,
///   checked against `-Zprint-type-sizes`, none is undetermined (34 were before these rules;
///   the fixture keeps a sample of that shape).
///
/// Limits: the payload bounds assume each variant's fields are packed in the size-optimal
/// order. Under `-Zrandomize-layout` the order is shuffled, variants grow, and a niche enum may
/// be classified as tagged, or a tag's modelled width (`is_exact: false`) be wrong. A
/// `#[layout(opaque)]` field is taken as inhabited. `#[repr(u128)]` discriminants above
/// `i128::MAX` wrap (see [`Variant::discriminant_value`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Discriminant {
    /// No discriminant is stored: only one variant can exist (the enum has one variant, or its
    /// other variants are absent, see [`Variant::is_absent`]).
    None,
    /// No value of the enum can exist: it has no variants, or only absent ones (default repr).
    /// Size 0.
    Uninhabited,
    /// A tag of `bytes` bytes is stored.
    Tag {
        /// The tag's width.
        bytes: usize,
        /// `true` when the width follows from the repr, the discriminants and the field
        /// alignments alone; `false` when it depends on the order rustc gives the fields.
        is_exact: bool,
    },
    /// No tag: a niche in a field encodes the variant (`Option<&T>` is as large as `&T`).
    Niche,
    /// The size allows both a tag of `tag_bytes` and a niche, and stable Rust cannot tell
    /// which rustc took (see the list above).
    Undetermined {
        /// The tag's width, if it is a tag.
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
    /// How the enum tells its variants apart: a tag (and its width), a niche, one inhabited
    /// variant and nothing stored, or no value at all. `None` when the type is not an enum. The
    /// rules and their limits are on [`Discriminant`].
    ///
    /// ```
    /// use memlayout::Layout;
    /// use memlayout::layout::Discriminant;
    /// use std::convert::Infallible;
    ///
    /// #[derive(Layout)]
    /// enum Level { Low = i32::MIN as isize, High = i32::MAX as isize }
    ///
    /// let tag = Discriminant::Tag { bytes: 4, is_exact: true };
    /// assert_eq!(Level::LAYOUT.discriminant(), Some(tag));
    /// assert_eq!(<Option<&u8>>::LAYOUT.discriminant(), Some(Discriminant::Niche));
    /// let one = <Result<u32, Infallible>>::LAYOUT.discriminant();
    /// assert_eq!(one, Some(Discriminant::None));
    /// assert_eq!(<u8>::LAYOUT.discriminant(), None);
    /// ```
    pub fn discriminant(&self) -> Option<Discriminant> {
        if !self.is_enum() {
            return None;
        }
        let variants = self.variants;
        if let Some(int) = self.repr.int {
            return Some(Discriminant::Tag {
                bytes: int_repr_bytes(int),
                is_exact: true,
            });
        }
        if self.repr.c {
            let c_int = core::mem::size_of::<core::ffi::c_int>();
            let (min, max) = discriminant_range(variants.iter());
            return Some(Discriminant::Tag {
                bytes: discriminant_bytes(min, max, c_int),
                is_exact: true,
            });
        }
        match variants.iter().filter(|v| !v.is_absent()).count() {
            0 => return Some(Discriminant::Uninhabited),
            1 => return Some(Discriminant::None),
            _ => {}
        }
        // rustc leaves uninhabited variants out of the range (they are never stored).
        let (min, max) = discriminant_range(variants.iter().filter(|v| !v.is_uninhabited));
        let min_tag = discriminant_bytes(min, max, 1);
        let widths = widened_tag_bytes(variants, min_tag, self.size, self.align);
        let tag = Discriminant::Tag {
            bytes: widths.modelled,
            is_exact: widths.is_exact(),
        };
        let present = || variants.iter().filter(|v| !v.is_absent());
        if !present().any(has_niche_field) || largest_variant_lacks_niche(variants) {
            return Some(tag);
        }
        let tagged_floor = round_up(
            present()
                .map(|v| min_tag + v.payload_size)
                .max()
                .unwrap_or(0),
            self.align,
        );
        let niche_size = round_up(
            present().map(Variant::struct_size).max().unwrap_or(0),
            self.align,
        );
        let range = max.abs_diff(min);
        if self.size < tagged_floor {
            return Some(Discriminant::Niche);
        }
        // A niche layout is never smaller than its largest variant; larger than that, it is not
        // a niche layout either (in the size-optimal field order).
        if self.size != niche_size {
            return Some(tag);
        }
        if !self.has_niche && spare_tag_values(range, min_tag) > 0 {
            return Some(Discriminant::Niche);
        }
        Some(match niche_outranks_tag(variants, range, widths) {
            Some(true) => Discriminant::Niche,
            Some(false) => tag,
            None => Discriminant::Undetermined {
                tag_bytes: widths.modelled,
            },
        })
    }
}

/// The invalid values of a `bytes`-wide tag whose valid values span `range + 1` integers.
fn spare_tag_values(range: u128, bytes: usize) -> u128 {
    if bytes >= 16 {
        u128::MAX - range
    } else {
        ((1u128 << (8 * bytes)) - 1).saturating_sub(range)
    }
}

/// Of two layouts of the same size, rustc keeps the tagged one unless the niche layout leaves
/// more invalid values (an `Option` around the enum can use them). The tag's spare values are
/// [`spare_tag_values`]; the niche layout's are those of the largest niche in the largest
/// variant, less the variants it encodes (an index range: every variant but the largest and
/// the absent ones, and any largest variant between them). Stable Rust shows whether that
/// niche has at least 256 values ([`TypeLayout::has_large_niche`]) and more than 256
/// ([`TypeLayout::has_niche_over_256`]), which settles every one-byte tag; `None` when it does
/// not settle it.
fn niche_outranks_tag(variants: &[Variant], range: u128, widths: TagWidths) -> Option<bool> {
    let largest_size = variants.iter().map(Variant::struct_size).max()?;
    // rustc takes the last of equally large variants.
    let largest = variants
        .iter()
        .rposition(|v| v.struct_size() == largest_size)?;
    let encoded = || {
        variants
            .iter()
            .enumerate()
            .filter(|&(i, v)| i != largest && !v.is_absent())
            .map(|(i, _)| i)
    };
    let first = encoded().next()?;
    let last = encoded().next_back().unwrap_or(first);
    let encoded_count = (last - first + 1) as u128;
    let niches = || {
        variants[largest]
            .fields
            .iter()
            .filter(|f| field_has_niche(f))
            .map(|f| (f.layout)())
    };
    // The largest niche's size: more than 256, exactly 256, or at most 255 values.
    let (fewest, most): (u128, u128) = if niches().any(|l| l.has_niche_over_256) {
        (257, u128::MAX)
    } else if niches().any(|l| l.has_large_niche) {
        (256, 256)
    } else {
        (0, 255)
    };
    // Those values less the variants encoded, against what a tag spares; a tie keeps the tag.
    if fewest.saturating_sub(encoded_count) > spare_tag_values(range, widths.highest()) {
        Some(true)
    } else if most.saturating_sub(encoded_count) <= spare_tag_values(range, widths.lowest()) {
        Some(false)
    } else {
        None
    }
}

/// The smallest and largest of these variants' discriminant values (`(0, 0)` for none).
fn discriminant_range<'a>(variants: impl Iterator<Item = &'a Variant>) -> (i128, i128) {
    variants
        .map(|v| v.discriminant_value)
        .fold(None, |range, value| match range {
            None => Some((value, value)),
            Some((min, max)) => Some((value.min(min), value.max(max))),
        })
        .unwrap_or((0, 0))
}

/// An enum of a `T` and 256 unit variants: as small as `T` exactly when `T`'s largest niche has
/// at least 256 invalid values (the unit variants take 256 of them; a tag would make it larger).
/// [`TypeLayout::has_large_niche`] compares the two sizes.
#[allow(dead_code)]
#[rustfmt::skip]
pub(crate) enum NicheProbe<T> {
    Value(T),
    S0, S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11, S12, S13, S14, S15, S16, S17, S18,
    S19, S20, S21, S22, S23, S24, S25, S26, S27, S28, S29, S30, S31, S32, S33, S34, S35,
    S36, S37, S38, S39, S40, S41, S42, S43, S44, S45, S46, S47, S48, S49, S50, S51, S52,
    S53, S54, S55, S56, S57, S58, S59, S60, S61, S62, S63, S64, S65, S66, S67, S68, S69,
    S70, S71, S72, S73, S74, S75, S76, S77, S78, S79, S80, S81, S82, S83, S84, S85, S86,
    S87, S88, S89, S90, S91, S92, S93, S94, S95, S96, S97, S98, S99, S100, S101, S102, S103,
    S104, S105, S106, S107, S108, S109, S110, S111, S112, S113, S114, S115, S116, S117,
    S118, S119, S120, S121, S122, S123, S124, S125, S126, S127, S128, S129, S130, S131,
    S132, S133, S134, S135, S136, S137, S138, S139, S140, S141, S142, S143, S144, S145,
    S146, S147, S148, S149, S150, S151, S152, S153, S154, S155, S156, S157, S158, S159,
    S160, S161, S162, S163, S164, S165, S166, S167, S168, S169, S170, S171, S172, S173,
    S174, S175, S176, S177, S178, S179, S180, S181, S182, S183, S184, S185, S186, S187,
    S188, S189, S190, S191, S192, S193, S194, S195, S196, S197, S198, S199, S200, S201,
    S202, S203, S204, S205, S206, S207, S208, S209, S210, S211, S212, S213, S214, S215,
    S216, S217, S218, S219, S220, S221, S222, S223, S224, S225, S226, S227, S228, S229,
    S230, S231, S232, S233, S234, S235, S236, S237, S238, S239, S240, S241, S242, S243,
    S244, S245, S246, S247, S248, S249, S250, S251, S252, S253, S254, S255,
}

/// A [`NicheProbe`] and one more unit variant: as small as `T` exactly when `T`'s largest niche
/// has more than 256 invalid values (the probe's spare ones take the extra variant).
/// [`TypeLayout::has_niche_over_256`] compares the two sizes.
#[allow(dead_code)]
pub(crate) enum NicheProbeOver256<T> {
    Probe(NicheProbe<T>),
    Extra,
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

/// `true` for a zero-sized field of alignment 1: it takes no place in a variant.
fn is_one_zst(field: &VariantField) -> bool {
    field.size == 0 && field.align <= 1
}

/// Whether the field's type has a niche an enum can use. An uninhabited zero-sized type
/// (`Infallible`) has none, although `Option` of it is as small as it (its `Some` is absent).
fn field_has_niche(field: &VariantField) -> bool {
    (field.layout)().has_niche && !(field.is_uninhabited && is_one_zst(field))
}

fn has_niche_field(variant: &Variant) -> bool {
    variant.fields.iter().any(field_has_niche)
}

/// The most bytes a variant's fields can take in any order: each field after the worst
/// padding its alignment allows, the total rounded up to the largest alignment.
fn largest_possible_size(variant: &Variant) -> usize {
    let worst: usize = variant.fields.iter().map(|f| f.size + f.align - 1).sum();
    round_up(worst, variant.payload_align())
}

/// rustc builds a niche layout around a niche of the largest variant only: when one variant is
/// larger, in its best field order, than any other can be in its worst, and it has no field
/// with a niche, there is no niche layout.
fn largest_variant_lacks_niche(variants: &[Variant]) -> bool {
    let Some(largest) = variants.iter().max_by_key(|v| v.struct_size()) else {
        return false;
    };
    let is_largest_in_any_order = variants
        .iter()
        .filter(|v| !core::ptr::eq(*v, largest))
        .all(|v| largest_possible_size(v) < largest.struct_size());
    is_largest_in_any_order && !has_niche_field(largest)
}

/// rustc's tag widening for default-repr enums: the tag grows to the smallest alignment among
/// the variants' first fields after the tag (zero-sized align-1 fields skipped) when that is
/// wider than the discriminants need and at most 16, since the bytes before that field would
/// be padding.
///
/// The width is exact when every field order that fits the enum's `size` gives the same one.
/// For the tag to align to `c`, every variant's first field has an alignment of `c` or more,
/// so it starts at that alignment or later and the variant ends at `a + payload` or later:
/// `round_up(a + payload, align) <= size` rules out the orders that do not fit (an 8-byte
/// `A(char, u8), B` cannot have put its `char` first). The modelled width assumes rustc's order
/// for a tagged variant: fields by `log2(max(align, size))` ascending (capped at the variant's
/// largest alignment when a field has a niche), fields without a niche first among equals,
/// then declaration order.
fn widened_tag_bytes(variants: &[Variant], min_tag: usize, size: usize, align: usize) -> TagWidths {
    let widened = |c: usize| {
        if c > min_tag && c <= 16 {
            c
        } else {
            min_tag
        }
    };
    let placed = || {
        variants
            .iter()
            .filter(|v| v.fields.iter().any(|f| !is_one_zst(f)))
    };
    let mut modelled: Option<usize> = None;
    let mut candidates = 0u128;
    for variant in placed() {
        let fields = variant.fields.iter().filter(|f| !is_one_zst(f));
        let largest_align = variant.payload_align();
        let any_niche = has_niche_field(variant);
        let sort_key = |f: &&VariantField| {
            let size_as_align = f.align.max(f.size).trailing_zeros();
            let group = if any_niche {
                size_as_align.min(largest_align.trailing_zeros())
            } else {
                size_as_align
            };
            (group, field_has_niche(f))
        };
        let first = fields.clone().min_by_key(sort_key).map_or(1, |f| f.align);
        modelled = Some(modelled.map_or(first, |m| m.min(first)));
        for field in fields {
            candidates |= 1u128 << field.align.trailing_zeros().min(127);
        }
    }
    // A start alignment `c` some order gives, and whether that order fits in `size`.
    let fits = |c: usize| {
        placed().all(|v| {
            let first = v.fields.iter().map(|f| f.align).filter(|&a| a >= c).min();
            first.is_some_and(|a| round_up(a + v.payload_size, align) <= size)
        })
    };
    let (mut possible, mut fitting) = (0u32, 0u32);
    for bit in 0..usize::BITS.min(127) {
        if candidates & (1u128 << bit) != 0 {
            let c = 1usize << bit;
            let width = widened(c) as u32;
            possible |= width;
            if fits(c) {
                fitting |= width;
            }
        }
    }
    let widths = match (fitting, possible) {
        (0, 0) => min_tag as u32,
        (0, possible) => possible,
        (fitting, _) => fitting,
    };
    let modelled = modelled.map_or(min_tag, widened);
    TagWidths {
        modelled: if widths & modelled as u32 != 0 {
            modelled
        } else {
            1 << (31 - widths.leading_zeros())
        },
        widths,
    }
}

/// The widths a default-repr enum's tag can have: the one rustc's field order gives, and every
/// width some field order gives (powers of two, as bits: one bit when the width is exact).
#[derive(Clone, Copy)]
struct TagWidths {
    modelled: usize,
    widths: u32,
}

impl TagWidths {
    /// The narrowest possible width.
    fn lowest(self) -> usize {
        1 << self.widths.trailing_zeros()
    }

    /// The widest possible width.
    fn highest(self) -> usize {
        1 << (31 - self.widths.leading_zeros())
    }

    fn is_exact(self) -> bool {
        self.widths.is_power_of_two()
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
        discriminant_value: i128,
        fields: &'static [VariantField],
        payload_size: usize,
    ) -> Variant {
        let mut is_uninhabited = false;
        let mut i = 0;
        while i < fields.len() {
            is_uninhabited |= fields[i].is_uninhabited;
            i += 1;
        }
        Variant {
            name,
            discriminant: None,
            discriminant_value,
            is_uninhabited,
            fields,
            payload_size,
        }
    }

    /// A field of type `T`, with the compiler's figures.
    pub(crate) const fn vfield<T: crate::Layout>() -> VariantField {
        VariantField {
            name: "0",
            type_name: "T",
            size: core::mem::size_of::<T>(),
            align: core::mem::align_of::<T>(),
            storage: Storage::Inline,
            layout: layout_of::<T>,
            is_uninhabited: T::LAYOUT.is_uninhabited,
        }
    }

    /// An enum of this size and alignment, with a niche of its own unless told otherwise.
    pub(crate) fn enum_of(size: usize, align: usize, variants: &'static [Variant]) -> TypeLayout {
        TypeLayout {
            size,
            align,
            variants,
            has_niche: true,
            ..TypeLayout::of::<u8>("E", Kind::Enum)
        }
    }

    const fn tag(bytes: usize, is_exact: bool) -> Option<Discriminant> {
        Some(Discriminant::Tag { bytes, is_exact })
    }

    #[test]
    fn niche_when_smaller_than_any_tag() {
        static PTR: [VariantField; 1] = [vfield::<&u8>()];
        static OPTION_LIKE: [Variant; 2] = [var("None", 0, &[], 0), var("Some", 1, &PTR, 8)];
        // 8 bytes: smaller than any tagged layout (16).
        assert_eq!(
            enum_of(8, 8, &OPTION_LIKE).discriminant(),
            Some(Discriminant::Niche)
        );
        // 16 bytes: larger than the niche layout; the tag widens to the pointer's alignment,
        // the only first field there is.
        assert_eq!(enum_of(16, 8, &OPTION_LIKE).discriminant(), tag(8, true));
    }

    #[test]
    fn tag_width_from_discriminants_and_fields() {
        static BIG: [Variant; 2] = [var("A", -1, &[], 0), var("B", 40000, &[], 0)];
        assert_eq!(enum_of(4, 4, &BIG).discriminant(), tag(4, true));
        static EXTREMES: [Variant; 2] = [
            var("A", i32::MIN as i128, &[], 0),
            var("B", 1 << 40, &[], 0),
        ];
        assert_eq!(enum_of(8, 8, &EXTREMES).discriminant(), tag(8, true));
        // No field has a niche: a tag, whatever the size; `u8` or `u64` may come first.
        static WORD_BYTE: [VariantField; 2] = [vfield::<u64>(), vfield::<u8>()];
        static NO_NICHE: [Variant; 2] = [var("A", 0, &WORD_BYTE, 9), var("B", 1, &[], 0)];
        assert_eq!(enum_of(16, 8, &NO_NICHE).discriminant(), tag(1, true));
        static WORD: [VariantField; 1] = [vfield::<u64>()];
        static AFTER_WORD: [Variant; 2] = [var("A", 0, &WORD, 8), var("B", 1, &WORD_BYTE, 9)];
        // rustc puts `B`'s `u8` first, so the tag stays 1 byte; `u64` first would fit too (8).
        assert_eq!(enum_of(24, 8, &AFTER_WORD).discriminant(), tag(1, false));
        let mut repr_u16 = enum_of(16, 8, &NO_NICHE);
        repr_u16.repr.int = Some(IntRepr::U16);
        assert_eq!(repr_u16.discriminant(), tag(2, true));
        assert_eq!(C_STRUCT.discriminant(), None);
    }

    #[test]
    fn equal_sizes_go_to_the_larger_niche() {
        // `A(char, u8), B` in 8 bytes: the tag could only be 1 byte (a `char` first would need
        // 12), 254 spare values against `char`'s millions: the niche.
        static CHAR_BYTE: [VariantField; 2] = [vfield::<char>(), vfield::<u8>()];
        static CHAR: [Variant; 2] = [var("A", 0, &CHAR_BYTE, 5), var("B", 1, &[], 0)];
        assert_eq!(
            enum_of(8, 4, &CHAR).discriminant(),
            Some(Discriminant::Niche)
        );
        // `A(NonZero<u32>, u8), B`: one spare value against the tag's 254: the tag.
        static NONZERO_BYTE: [VariantField; 2] =
            [vfield::<core::num::NonZero<u32>>(), vfield::<u8>()];
        static NONZERO: [Variant; 2] = [var("A", 0, &NONZERO_BYTE, 5), var("B", 1, &[], 0)];
        assert_eq!(enum_of(8, 4, &NONZERO).discriminant(), tag(1, true));
        // `A, B(char, u8), C`: the niche must encode all three variants, as the largest sits
        // between the others; `char` spares more than 256 values, so more than the tag's 253.
        static MIDDLE: [Variant; 3] = [
            var("A", 0, &[], 0),
            var("B", 1, &CHAR_BYTE, 5),
            var("C", 2, &[], 0),
        ];
        assert_eq!(
            enum_of(8, 4, &MIDDLE).discriminant(),
            Some(Discriminant::Niche)
        );
        // `A(u16, char), B(u16)`: a 2-byte tag spares 65534 values; whether `char` spares more,
        // stable Rust does not say.
        static WORD_CHAR: [VariantField; 2] = [vfield::<u16>(), vfield::<char>()];
        static HALF: [VariantField; 1] = [vfield::<u16>()];
        static WIDE_TAG: [Variant; 2] = [var("A", 0, &WORD_CHAR, 6), var("B", 1, &HALF, 2)];
        assert_eq!(
            enum_of(8, 4, &WIDE_TAG).discriminant(),
            Some(Discriminant::Undetermined { tag_bytes: 2 })
        );
        // The same enum without a niche of its own: a tagged one would have spare tag values.
        let no_spare = TypeLayout {
            has_niche: false,
            ..enum_of(8, 4, &WIDE_TAG)
        };
        assert_eq!(no_spare.discriminant(), Some(Discriminant::Niche));
    }

    #[test]
    fn uninhabited_variants_take_no_tag() {
        use core::convert::Infallible;
        static NEVER: [VariantField; 1] = [vfield::<Infallible>()];
        static WORD: [VariantField; 1] = [vfield::<u32>()];
        static WORD_NEVER: [VariantField; 2] = [vfield::<u32>(), vfield::<Infallible>()];
        static NONE: [Variant; 2] = [var("A", 0, &NEVER, 0), var("B", 1, &NEVER, 0)];
        assert_eq!(
            enum_of(0, 1, &NONE).discriminant(),
            Some(Discriminant::Uninhabited)
        );
        static ONE: [Variant; 2] = [var("A", 0, &WORD, 4), var("B", 1, &NEVER, 0)];
        assert_eq!(enum_of(4, 4, &ONE).discriminant(), Some(Discriminant::None));
        assert!(ONE[1].is_absent() && !ONE[0].is_absent());
        let mut repr_u8 = enum_of(8, 4, &ONE);
        repr_u8.repr.int = Some(IntRepr::U8);
        assert_eq!(repr_u8.discriminant(), tag(1, true));
        // The repr keeps its tag even when no variant can exist.
        let mut repr_u8_none = enum_of(1, 1, &NONE);
        repr_u8_none.repr.int = Some(IntRepr::U8);
        assert_eq!(repr_u8_none.discriminant(), tag(1, true));
        // Uninhabited but sized: it keeps its place, and its discriminant leaves the range.
        static SIZED: [Variant; 3] = [
            var("A", 0, &WORD, 4),
            var("B", 300, &WORD_NEVER, 4),
            var("C", 1, &[], 0),
        ];
        assert!(SIZED[1].is_uninhabited && !SIZED[1].is_absent());
        assert_eq!(enum_of(8, 4, &SIZED).discriminant(), tag(4, true));
    }
}
