//! `Display` for [`TypeLayout`]: a table in memory order with padding rows, a summary line, a
//! byte map and, for enums, the variants, the discriminant and the large-variant warning.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt::{self, Display, Formatter};

use crate::layout::padding::effective_align;
use crate::layout::{Discriminant, PaddingGap, CACHE_LINE_BYTES, LARGE_VARIANT_THRESHOLD};
use crate::layout::{Field, Kind, Repr, TypeLayout};
use crate::render::ShortName;

/// Settings for the text form of a [`TypeLayout`]: see [`TypeLayout::display_with`]. Passed by
/// value like [`ReportOptions`](crate::ReportOptions) and [`DropOptions`](crate::DropOptions):
/// start from [`TextOptions::new`] (or `default()`), set what differs with the builder methods,
/// read a setting back with its `get_` method.
///
/// ```
/// use memlayout::{Layout, TextOptions};
/// let options = TextOptions::new().cache_line(128).large_variant_threshold(64);
/// let text = <Option<u64>>::LAYOUT.display_with(options).to_string();
/// assert!(text.starts_with("Option<u64> (enum): "));
/// assert_eq!(options.get_cache_line(), 128);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextOptions {
    large_variant_threshold: usize,
    cache_line: usize,
    row_bytes: usize,
    max_rows: usize,
}

impl TextOptions {
    /// The defaults: clippy's 200-byte variant threshold, 64-byte cache lines, byte-map rows of
    /// 64 bytes, at most 16 rows.
    ///
    /// ```
    /// assert_eq!(memlayout::TextOptions::new(), memlayout::TextOptions::default());
    /// ```
    pub const fn new() -> TextOptions {
        TextOptions {
            large_variant_threshold: LARGE_VARIANT_THRESHOLD,
            cache_line: CACHE_LINE_BYTES,
            row_bytes: 64,
            max_rows: 16,
        }
    }

    /// Warn about an enum variant larger than the next by more than `bytes`.
    ///
    /// ```
    /// let options = memlayout::TextOptions::new().large_variant_threshold(32);
    /// # let _ = options;
    /// ```
    pub const fn large_variant_threshold(mut self, bytes: usize) -> TextOptions {
        self.large_variant_threshold = bytes;
        self
    }

    /// Flag fields straddling lines of `bytes` bytes (at least 1).
    ///
    /// ```
    /// let options = memlayout::TextOptions::new().cache_line(128);
    /// # let _ = options;
    /// ```
    pub const fn cache_line(mut self, bytes: usize) -> TextOptions {
        self.cache_line = if bytes == 0 { 1 } else { bytes };
        self
    }

    /// Bytes per byte-map row (at least 8; a type this size or smaller gets a one-line map).
    ///
    /// ```
    /// let options = memlayout::TextOptions::new().byte_map_row(32);
    /// # let _ = options;
    /// ```
    pub const fn byte_map_row(mut self, bytes: usize) -> TextOptions {
        self.row_bytes = if bytes < 8 { 8 } else { bytes };
        self
    }

    /// The most byte-map rows printed before the rest is elided (at least 2).
    ///
    /// ```
    /// let options = memlayout::TextOptions::new().byte_map_rows(4);
    /// # let _ = options;
    /// ```
    pub const fn byte_map_rows(mut self, rows: usize) -> TextOptions {
        self.max_rows = if rows < 2 { 2 } else { rows };
        self
    }

    /// The setting of [`TextOptions::large_variant_threshold`].
    ///
    /// ```
    /// let options = memlayout::TextOptions::new();
    /// assert_eq!(options.get_large_variant_threshold(), memlayout::layout::LARGE_VARIANT_THRESHOLD);
    /// ```
    pub const fn get_large_variant_threshold(&self) -> usize {
        self.large_variant_threshold
    }

    /// The setting of [`TextOptions::cache_line`] (0 was raised to 1).
    ///
    /// ```
    /// assert_eq!(memlayout::TextOptions::new().cache_line(0).get_cache_line(), 1);
    /// ```
    pub const fn get_cache_line(&self) -> usize {
        self.cache_line
    }

    /// The setting of [`TextOptions::byte_map_row`] (values under 8 were raised to 8).
    ///
    /// ```
    /// assert_eq!(memlayout::TextOptions::new().byte_map_row(4).get_byte_map_row(), 8);
    /// ```
    pub const fn get_byte_map_row(&self) -> usize {
        self.row_bytes
    }

    /// The setting of [`TextOptions::byte_map_rows`] (values under 2 were raised to 2).
    ///
    /// ```
    /// assert_eq!(memlayout::TextOptions::new().get_byte_map_rows(), 16);
    /// ```
    pub const fn get_byte_map_rows(&self) -> usize {
        self.max_rows
    }
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions::new()
    }
}

/// A [`TypeLayout`] with [`TextOptions`], ready to print: see [`TypeLayout::display_with`].
#[derive(Clone, Copy, Debug)]
pub struct TypeText<'a> {
    layout: &'a TypeLayout,
    options: TextOptions,
}

impl TypeLayout {
    /// The text form with non-default options (`format!("{}", layout)` uses the defaults).
    ///
    /// ```
    /// use memlayout::{Layout, TextOptions};
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Packet { tag: u8, len: u32, flags: u8 }
    ///
    /// let text = Packet::LAYOUT.display_with(TextOptions::new().cache_line(128)).to_string();
    /// assert!(text.contains("bytes: a...bbbb c..."));
    /// println!("{text}");
    /// ```
    pub fn display_with(&self, options: TextOptions) -> TypeText<'_> {
        TypeText {
            layout: self,
            options,
        }
    }
}

/// The text form with default [`TextOptions`]. For a `#[repr(C)] struct Packet { tag: u8, len:
/// u32, flags: u8 }`:
///
/// ```text
/// Packet (struct, repr(C)): 12 bytes, align 4
///   offset  size  align  field               type
///        0     1      1  tag                 u8
///        1     3         (padding)
///        4     4      4  len                 u32
///        8     1      1  flags               u8
///        9     3         (trailing padding)
///   size 12, align 4, padding 6 (50.0%), repr(C) size 12, best size 8
///   bytes: a...bbbb c...
///   legend: a = tag, b = len, c = flags, . = padding
///   suggestion: reorder as len, tag, flags: 8 bytes, saves 4
/// ```
///
/// The `align` column is the alignment each field gets in this type: under
/// `#[repr(packed(N))]`, `min(align_of, N)` (a `String` in a `packed` struct shows `1`).
///
/// ```
/// use memlayout::Layout;
/// #[derive(Layout)]
/// #[repr(C)]
/// struct Packet { tag: u8, len: u32, flags: u8 }
/// let text = Packet::LAYOUT.to_string();
/// assert!(text.contains("(trailing padding)"));
/// assert!(text.contains("suggestion: reorder as len, tag, flags: 8 bytes, saves 4"));
/// ```
impl Display for TypeLayout {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.display_with(TextOptions::new()).fmt(f)
    }
}

impl Display for TypeText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let layout = self.layout;
        write_header(f, layout)?;
        if layout.has_field_layout() {
            write_fields(f, layout, &self.options)?;
        } else if layout.is_enum() {
            write_enum(f, layout, &self.options)?;
        } else {
            write_other(f, layout)?;
        }
        Ok(())
    }
}

/// The header line alone (with its newline), for other renderings' titles.
pub(crate) struct Header<'a>(pub(crate) &'a TypeLayout);

impl Display for Header<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_header(f, self.0)
    }
}

/// `Packet (struct, repr(C)): 12 bytes, align 4, owns heap`
fn write_header(f: &mut Formatter<'_>, layout: &TypeLayout) -> fmt::Result {
    write!(
        f,
        "{} ({}",
        ShortName((layout.type_name)()),
        kind_label(layout.kind)
    )?;
    if !layout.repr.is_default() {
        write!(f, ", ")?;
        write_repr(f, &layout.repr)?;
    }
    if !layout.is_sized {
        return writeln!(f, "): unsized, align {}", layout.align);
    }
    write!(f, "): {}, align {}", Bytes(layout.size), layout.align)?;
    if !matches!(layout.storage, crate::layout::Storage::Inline) {
        write!(f, ", {}", layout.storage.label())?;
    }
    writeln!(f)
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Primitive => "primitive",
        Kind::Struct => "struct",
        Kind::TupleStruct => "tuple struct",
        Kind::UnitStruct => "unit struct",
        Kind::Enum => "enum",
        Kind::Union => "union",
        Kind::Tuple => "tuple",
        Kind::Array => "array",
        Kind::Slice => "slice",
        Kind::Pointer => "pointer",
        Kind::Collection => "collection",
        Kind::Other => "type",
    }
}

/// `repr(C, packed(2), align(8), u8, transparent)`
fn write_repr(f: &mut Formatter<'_>, repr: &Repr) -> fmt::Result {
    f.write_str("repr(")?;
    let mut sep = "";
    let mut item = |f: &mut Formatter<'_>, args: fmt::Arguments<'_>| {
        let r = write!(f, "{sep}{args}");
        sep = ", ";
        r
    };
    if repr.c {
        item(f, format_args!("C"))?;
    }
    if repr.transparent {
        item(f, format_args!("transparent"))?;
    }
    if let Some(int) = repr.int {
        item(f, format_args!("{}", int.name()))?;
    }
    match repr.packed {
        Some(1) => item(f, format_args!("packed"))?,
        Some(n) => item(f, format_args!("packed({n})"))?,
        None => {}
    }
    if let Some(n) = repr.align {
        item(f, format_args!("align({n})"))?;
    }
    f.write_str(")")
}

/// The table, summary, byte map, suggestion and straddlers of a type with a field list.
fn write_fields(f: &mut Formatter<'_>, layout: &TypeLayout, options: &TextOptions) -> fmt::Result {
    // Each column as wide as its widest cell (`{:<w$}` pads by characters: a field name may
    // be any Unicode identifier), so a 1 MiB field or an `align(4096)` one keeps the rows
    // under their headings.
    let align_of = |field: &Field| effective_align(field.align, layout.repr.packed);
    let mut name_width = "field".len();
    let (mut size_width, mut align_width) = ("size".len(), "align".len());
    for field in layout.fields {
        name_width = name_width.max(field.name.chars().count());
        size_width = size_width.max(digits(field.size));
        align_width = align_width.max(digits(align_of(field)));
    }
    for gap in layout.padding_gaps() {
        name_width = name_width.max(gap_label(&gap).len());
        size_width = size_width.max(digits(gap.size));
    }
    let columns = Columns {
        offset: digits(layout.size).max(6),
        size: size_width,
        align: align_width,
    };
    let Columns {
        offset: num,
        size: size_w,
        align: align_w,
    } = columns;
    writeln!(
        f,
        "  {:>num$}  {:>size_w$}  {:>align_w$}  {:<name_width$}  type",
        "offset", "size", "align", "field"
    )?;
    let mut gaps = layout.padding_gaps().peekable();
    for field in layout.fields_in_memory_order() {
        if let Some(gap) = gaps.next_if(|g| g.before.is_some_and(|b| core::ptr::eq(b, field))) {
            write_gap(f, &gap, columns)?;
        }
        write!(
            f,
            "  {:>num$}  {:>size_w$}  {:>align_w$}  {:<name_width$}  {}",
            field.offset,
            field.size,
            // The alignment the field gets here: `packed(N)` caps it at N.
            align_of(field),
            field.name,
            ShortName(((field.layout)().type_name)())
        )?;
        if field.straddles_line(options.cache_line) {
            write!(f, "  [straddles a {}-byte line]", options.cache_line)?;
        }
        writeln!(f)?;
    }
    for gap in gaps {
        write_gap(f, &gap, columns)?;
    }

    let own = layout.own_padding_bytes();
    write!(
        f,
        "  size {}, align {}, padding {} ({})",
        layout.size,
        layout.align,
        own,
        super::Percent(layout.padding_share())
    )?;
    if layout.padding_bytes > own {
        write!(f, ", {} more inside fields", layout.padding_bytes - own)?;
    }
    if let (Some(c), Some(best)) = (layout.repr_c_size(), layout.smallest_size()) {
        write!(f, ", repr(C) size {c}, best size {best}")?;
    }
    writeln!(f)?;

    super::type_byte_map::write_byte_map(f, layout, options)?;

    if let Some(hint) = layout.reorder_suggestion() {
        f.write_str("  suggestion: reorder as ")?;
        for (i, field) in hint.order().enumerate() {
            write!(f, "{}{}", if i == 0 { "" } else { ", " }, field.name)?;
        }
        writeln!(
            f,
            ": {} bytes, saves {}",
            hint.suggested_size, hint.bytes_saved
        )?;
    }
    Ok(())
}

fn gap_label(gap: &PaddingGap) -> &'static str {
    if gap.is_trailing() {
        "(trailing padding)"
    } else {
        "(padding)"
    }
}

/// The widths of the field table's number columns.
#[derive(Clone, Copy)]
struct Columns {
    offset: usize,
    size: usize,
    align: usize,
}

fn write_gap(f: &mut Formatter<'_>, gap: &PaddingGap, columns: Columns) -> fmt::Result {
    let Columns {
        offset,
        size,
        align,
    } = columns;
    writeln!(
        f,
        "  {:>offset$}  {:>size$}  {:>align$}  {}",
        gap.offset,
        gap.size,
        "",
        gap_label(gap)
    )
}

pub(crate) fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Variants, discriminant, large-variant warning, and the note on variant offsets.
fn write_enum(f: &mut Formatter<'_>, layout: &TypeLayout, options: &TextOptions) -> fmt::Result {
    // Columns as wide as their widest cell, names counted in characters (as the field table).
    let mut name_width = "variant".len();
    let mut payload_width = "payload".len();
    for variant in layout.variants {
        name_width = name_width.max(variant.name.chars().count());
        payload_width = payload_width.max(digits(variant.payload_size));
    }
    let values = discriminant_values(layout);
    let value_width = values
        .iter()
        .map(|value| value.chars().count())
        .max()
        .map_or(0, |width| width.max("value".len()));
    write!(f, "  {:<name_width$}  ", "variant")?;
    if value_width > 0 {
        write!(f, "{:<value_width$}  ", "value")?;
    }
    writeln!(f, "{:>payload_width$}  fields", "payload")?;
    for (index, variant) in layout.variants.iter().enumerate() {
        write!(f, "  {:<name_width$}  ", variant.name)?;
        if let Some(value) = values.get(index) {
            write!(f, "{value:<value_width$}  ")?;
        }
        write!(f, "{:>payload_width$}  ", variant.payload_size)?;
        if variant.fields.is_empty() {
            f.write_str("-")?;
        }
        // Under `repr(C)` and `repr(u8)`-style reprs the Reference fixes each field's place.
        let mut placed = layout.fixed_variant_offsets(variant);
        for (i, field) in variant.fields.iter().enumerate() {
            write!(
                f,
                "{}{}: {} ({})",
                if i == 0 { "" } else { ", " },
                field.name,
                ShortName(((field.layout)().type_name)()),
                field.size
            )?;
            if let Some((_, offset)) = placed.as_mut().and_then(Iterator::next) {
                write!(f, " at {offset}")?;
            }
        }
        writeln!(f)?;
    }
    if let Some(discriminant) = layout.discriminant() {
        f.write_str("  discriminant: ")?;
        match discriminant {
            Discriminant::None if layout.variants.len() > 1 => {
                writeln!(f, "none (one inhabited variant, no tag)")?
            }
            Discriminant::None => writeln!(f, "none (one variant)")?,
            Discriminant::Uninhabited => writeln!(f, "none (uninhabited: no value can exist)")?,
            Discriminant::Tag {
                bytes,
                is_exact: true,
            } if layout.repr.int.is_some() || layout.repr.c => {
                write!(f, "tag of {} (", Bytes(bytes))?;
                write_repr(f, &layout.repr)?;
                writeln!(f, ")")?;
            }
            Discriminant::Tag {
                bytes,
                is_exact: true,
            } => writeln!(
                f,
                "tag of {} (from the discriminants and field alignments)",
                Bytes(bytes)
            )?,
            Discriminant::Tag {
                bytes,
                is_exact: false,
            } => writeln!(
                f,
                "tag of {} (width modelled on rustc's field order)",
                Bytes(bytes)
            )?,
            Discriminant::Niche => writeln!(f, "niche, no tag")?,
            Discriminant::Undetermined { tag_bytes } => writeln!(
                f,
                "a tag of {} or a niche (the same size either way)",
                Bytes(tag_bytes)
            )?,
        }
    }
    if let Some(warning) = layout.large_variant(options.large_variant_threshold) {
        writeln!(
            f,
            "  warning: variant `{}` carries {}, {} more than `{}`; box its fields to shrink every \
             value (clippy::large_enum_variant, threshold {})",
            warning.largest.name,
            Bytes(warning.largest.payload_size),
            warning.difference,
            warning.second.name,
            warning.threshold
        )?;
    }
    let is_placed = layout
        .variants
        .first()
        .is_some_and(|v| layout.fixed_variant_offsets(v).is_some());
    if is_placed && layout.variants.iter().any(|v| !v.fields.is_empty()) {
        writeln!(
            f,
            "  note: variant fields sit where the repr puts them (the Reference's repr(C) rules)"
        )?;
    } else if layout.variants.iter().any(|v| !v.fields.is_empty()) {
        writeln!(
            f,
            "  note: variant field offsets are not static on stable Rust (offset_of! does not \
             reach them); a value report measures them"
        )?;
    }
    Ok(())
}

/// Each variant's discriminant value for the `value` column, or no values when no variant
/// writes one (then they are only the declaration order, which the table shows already).
///
/// A written discriminant is shown as written (`1`, `-5`, `i64::MAX`); a variant without one
/// takes the previous variant's plus one (the Reference, [Enumerations: implicit
/// discriminants](https://doc.rust-lang.org/reference/items/enumerations.html#implicit-discriminants)),
/// computed when the previous is an integer literal and written as `prev + n` otherwise.
fn discriminant_values(layout: &TypeLayout) -> Vec<String> {
    if layout.variants.iter().all(|v| v.discriminant.is_none()) {
        return Vec::new();
    }
    let mut values = Vec::with_capacity(layout.variants.len());
    // The last written discriminant and how many variants follow it.
    let mut base: Option<&str> = None;
    let mut after = 0i128;
    for variant in layout.variants {
        if let Some(written) = variant.discriminant {
            base = Some(written);
            after = 1;
            values.push(written.to_string());
            continue;
        }
        values.push(match base {
            None => after.to_string(),
            Some(written) => match parse_integer(written) {
                Some(n) => n.saturating_add(after).to_string(),
                None if written
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_:".contains(c)) =>
                {
                    format!("{written} + {after}")
                }
                None => format!("({written}) + {after}"),
            },
        });
        after += 1;
    }
    values
}

/// An integer literal as a discriminant is written: optional `-`, decimal / `0x` / `0o` / `0b`
/// digits with `_`, an optional integer suffix (`7u8`).
fn parse_integer(written: &str) -> Option<i128> {
    let text: String = written
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (radix, digits) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, digits),
    };
    let digits = [
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
    ]
    .iter()
    .find_map(|suffix| digits.strip_suffix(suffix))
    .unwrap_or(digits);
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// Library types without a field list: element and length when known.
fn write_other(f: &mut Formatter<'_>, layout: &TypeLayout) -> fmt::Result {
    if let Some(element) = layout.element {
        let element = element();
        write!(
            f,
            "  element: {} ({}",
            ShortName((element.type_name)()),
            Bytes(element.size)
        )?;
        if let Some(len) = layout.len {
            write!(f, ", {len} of them")?;
        }
        writeln!(f, ")")?;
    }
    Ok(())
}

/// `1 byte`, `12 bytes`.
pub(crate) struct Bytes(pub(crate) usize);

impl Display for Bytes {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 byte"),
            n => write!(f, "{n} bytes"),
        }
    }
}
