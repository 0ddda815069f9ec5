//! What a type's static layout implies, without a value: padding gaps, counterfactual sizes,
//! a better field order, enum discriminants, oversized variants and cache-line straddlers.
//!
//! Everything here is plain arithmetic over the compiler's figures in a [`TypeLayout`]. Nothing
//! allocates: gaps, orders and straddlers are iterators over `'static` data.
//!
//! The rules rest on three facts of the Rust Reference's
//! [type layout](https://doc.rust-lang.org/reference/type-layout.html) chapter: a type's size is
//! a multiple of its alignment; every field sits at an offset that is a multiple of its own
//! alignment (capped at `N` under `#[repr(packed(N))]`); and `#[repr(C)]` lays fields out in
//! declaration order, each at the next offset its alignment allows, then rounds the size up to
//! the alignment.

use crate::layout::{Field, IntRepr, Kind, TypeLayout, Variant};

/// The cache-line size the straddle check assumes by default (x86-64 and most ARM cores).
pub const CACHE_LINE_BYTES: usize = 64;

/// The size difference between an enum's largest and second-largest variant above which
/// [`TypeLayout::large_variant`] warns by default: clippy's `large_enum_variant` threshold.
pub const LARGE_VARIANT_THRESHOLD: usize = 200;

/// `n` rounded up to the next multiple of `align` (an `align` of 0 counts as 1).
///
/// ```
/// assert_eq!(memlayout::round_up(5, 4), 8);
/// assert_eq!(memlayout::round_up(8, 4), 8);
/// assert_eq!(memlayout::round_up(0, 8), 0);
/// ```
pub const fn round_up(n: usize, align: usize) -> usize {
    if align <= 1 {
        return n;
    }
    match n % align {
        0 => n,
        r => n + (align - r),
    }
}

/// The alignment a field actually gets: its own, capped at `N` under `#[repr(packed(N))]`.
const fn effective_align(align: usize, packed: Option<usize>) -> usize {
    let align = if align == 0 { 1 } else { align };
    match packed {
        Some(n) if n < align => n,
        _ => align,
    }
}

/// The largest power of two not above `n` (1 for 0): groups odd hand-written alignments.
const fn power_of_two_floor(n: usize) -> usize {
    if n <= 1 {
        1
    } else {
        1 << (usize::BITS - 1 - n.leading_zeros())
    }
}

/// The size of a struct whose fields, given as `(size, align)` in declaration order, are laid
/// out by `#[repr(C)]` rules, with `#[repr(packed(N))]` capping each field's alignment and the
/// result rounded up to `struct_align`.
///
/// ```
/// // struct { a: u8, b: u16, c: u8 } in C order: a, pad, b b, c, pad
/// let fields = [(1, 1), (2, 2), (1, 1)];
/// assert_eq!(memlayout::repr_c_size(fields, None, 2), 6);
/// assert_eq!(memlayout::repr_c_size(fields, Some(1), 1), 4);
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
/// assert_eq!(memlayout::smallest_size([1, 2, 1], 2), 4);
/// assert_eq!(memlayout::smallest_size([8, 1], 8), 16);
/// ```
pub fn smallest_size(field_sizes: impl IntoIterator<Item = usize>, struct_align: usize) -> usize {
    round_up(field_sizes.into_iter().sum(), struct_align)
}

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
        let top = self
            .fields
            .iter()
            .map(|f| power_of_two_floor(effective_align(f.align, self.packed)))
            .max()
            .unwrap_or(0);
        SuggestedOrder {
            fields: self.fields,
            packed: self.packed,
            align: top,
            next: 0,
        }
    }
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

impl Field {
    /// `true` when the field crosses a boundary between `line_bytes`-byte lines, counted from
    /// the start of the containing value: `offset / line != (offset + size - 1) / line`.
    /// Zero-sized fields never straddle; a `line_bytes` of 0 counts as 1.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { head: [u8; 56], value: [u32; 3] }
    /// assert!(S::LAYOUT.field("value").unwrap().straddles_line(64));
    /// assert!(!S::LAYOUT.field("head").unwrap().straddles_line(64));
    /// ```
    pub const fn straddles_line(&self, line_bytes: usize) -> bool {
        let line = if line_bytes == 0 { 1 } else { line_bytes };
        self.size > 0 && self.offset / line != (self.offset + self.size - 1) / line
    }
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

    /// Fields that cross a boundary of `line_bytes`-byte lines, counted from the start of the
    /// value: `offset / line != (offset + size - 1) / line`. Memory order; zero-sized fields
    /// never straddle. Whether a real value straddles also depends on where it starts: the
    /// figure holds for values aligned to the line (a type of smaller alignment can start
    /// anywhere).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { head: [u8; 56], value: [u32; 3] }
    /// let names: Vec<_> = S::LAYOUT.fields_straddling(64).map(|f| f.name).collect();
    /// assert_eq!(names, ["value"]);
    /// ```
    pub fn fields_straddling(
        &self,
        line_bytes: usize,
    ) -> impl Iterator<Item = &'static Field> + '_ {
        self.fields_in_memory_order()
            .filter(move |f| f.straddles_line(line_bytes))
    }

    /// [`TypeLayout::fields_straddling`] 64-byte cache lines ([`CACHE_LINE_BYTES`]).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u64, b: u64 }
    /// assert_eq!(S::LAYOUT.cache_line_straddlers().count(), 0);
    /// ```
    pub fn cache_line_straddlers(&self) -> impl Iterator<Item = &'static Field> + '_ {
        self.fields_straddling(CACHE_LINE_BYTES)
    }

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
    /// use memlayout::{Layout, LARGE_VARIANT_THRESHOLD};
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
mod tests {
    use super::*;
    use crate::layout::{layout_of, Repr, Storage, VariantField};

    const fn field(name: &'static str, offset: usize, size: usize, align: usize) -> Field {
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

    fn names(fields: impl Iterator<Item = &'static Field>) -> Vec<&'static str> {
        fields.map(|f| f.name).collect()
    }

    // Synthetic layouts test the arithmetic; the integration tests compare with the compiler.
    static C_FIELDS: [Field; 3] = [
        field("a", 0, 1, 1),
        field("b", 4, 4, 4),
        field("c", 8, 1, 1),
    ];
    static C_STRUCT: TypeLayout = TypeLayout {
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
    fn counterfactuals_and_suggestion() {
        assert_eq!(C_STRUCT.repr_c_size(), Some(12));
        assert_eq!(C_STRUCT.smallest_size(), Some(8));
        let hint = C_STRUCT.reorder_suggestion().unwrap();
        assert_eq!(hint.bytes_saved, 4);
        assert_eq!(names(hint.order()), ["b", "a", "c"]);
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

    #[test]
    fn straddling_fields() {
        static FIELDS: [Field; 3] = [
            field("a", 0, 60, 1),
            field("b", 60, 8, 4),
            field("c", 68, 60, 1),
        ];
        static S: TypeLayout = TypeLayout {
            size: 128,
            align: 4,
            fields: &FIELDS,
            memory_order: &[0, 1, 2],
            ..TypeLayout::of::<u8>("S", Kind::Struct)
        };
        assert_eq!(names(S.cache_line_straddlers()), ["b"]);
        assert_eq!(names(S.fields_straddling(32)), ["a", "b", "c"]);
        assert_eq!(names(S.fields_straddling(0)), ["a", "b", "c"]);
    }

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
    const fn var(
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

    const fn vfield(size: usize, align: usize) -> VariantField {
        VariantField {
            name: "0",
            type_name: "T",
            size,
            align,
            storage: Storage::Inline,
            layout: layout_of::<u8>,
        }
    }

    fn enum_of(size: usize, align: usize, variants: &'static [Variant]) -> TypeLayout {
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

    #[test]
    fn large_variant_needs_more_than_the_threshold() {
        static VARIANTS: [Variant; 3] = [
            var("A", None, &[], 10),
            var("B", None, &[], 210),
            var("C", None, &[], 0),
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
        static SINGLE: [Variant; 1] = [var("A", None, &[], 999)];
        assert!(enum_of(999, 1, &SINGLE).large_variant(0).is_none());
    }
}
