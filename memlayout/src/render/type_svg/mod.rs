//! A type's bytes drawn as an SVG byte map: rows of 16 bytes (64 for types over 256 bytes)
//! with an offset axis, a coloured block per field, hatched padding, the trailing padding in
//! its own pattern and the cache-line boundaries marked. Enums are drawn as their variants
//! stacked over the shared tag or niche, unions as their fields stacked from offset 0, and on
//! request a struct's declaration and smallest field orders beside it.
//!
//! Formatting only: every offset and size comes from the [`TypeLayout`] (fields, padding
//! gaps, discriminant); nothing here computes a layout. Each block is a `<g>` carrying
//! `data-kind`, `data-name`, `data-offset` and `data-size`, so tests and scripts can read the
//! picture back.

use alloc::{
    format,
    string::{String, ToString},
};
use core::fmt::Write;

use super::type_text::{Bytes, Header};
use crate::layout::{Discriminant, Field, Kind, TypeLayout, CACHE_LINE_BYTES};

/// Left margin for the offset axis, in pixels.
const AXIS_WIDTH: usize = 72;
/// The width of a row of bytes, in pixels.
const ROW_WIDTH: usize = 768;
/// The height of a row of bytes and the space between rows.
const ROW_HEIGHT: usize = 40;
const ROW_GAP: usize = 6;
/// The height of the band that stands for rows a single block fills entirely.
const ELIDED_HEIGHT: usize = 22;
/// The title and column axis above the first row.
const TOP: usize = 52;
/// About how wide one character of the 11-pixel label font is.
const CHAR_WIDTH: usize = 7;

mod orders;
use orders::compared_orders;

/// Fill colours of fields, by declaration index (cycling).
const FIELD_COLOURS: [&str; 8] = [
    "#8ecae6", "#ffb703", "#90be6d", "#f28482", "#b8a1e3", "#f6bd60", "#84a59d", "#e0aaff",
];

impl TypeLayout {
    /// A standalone SVG byte map of the type: a row per 16 bytes (64 for types over 256 bytes)
    /// with an offset axis, each field a labelled coloured block (name, type, size; hover for
    /// the offset), padding hatched, trailing padding cross-hatched, cache-line boundaries
    /// ([`CACHE_LINE_BYTES`]) drawn as red lines. Rows that one field fills entirely are folded
    /// into one band, so a 1 MiB array field stays small.
    ///
    /// Enums are drawn as one row per variant over the shared tag or niche. The tag is drawn at
    /// offset 0 as a fact under `#[repr(C)]` and primitive reprs (`#[repr(u8)]`…), which put
    /// it first; under the default repr it is drawn there dotted (`data-kind="assumed-tag"`),
    /// where rustc puts it today, and the note says it is not promised. Under those fixed reprs
    /// each variant field is drawn at the offset the Reference's rules give; under the default
    /// repr variant field offsets are not known statically on stable Rust, so a variant's
    /// payload is drawn as its fields' total size right after the tag (at 0 under a niche);
    /// the picture says so.
    /// Unions are drawn as one band per field, each from offset 0, so the overlap shows.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Packet { tag: u8, len: u32, flags: u8 }
    ///
    /// let svg = Packet::LAYOUT.to_svg();
    /// assert!(svg.starts_with("<svg"));
    /// assert!(svg.contains(r#"data-kind="padding" data-name="" data-offset="1" data-size="3""#));
    /// // std::fs::write("packet.svg", svg) and open it in a browser.
    /// ```
    pub fn to_svg(&self) -> String {
        self.to_svg_with(SvgOptions::new())
    }

    /// [`TypeLayout::to_svg`] with options: [`SvgOptions::compare_orders`] draws, beside the
    /// struct as compiled, the same fields in declaration order under `#[repr(C)]` rules and in
    /// the smallest order (alignment descending), each column headed by its size, so a
    /// reordering's saving is visible.
    ///
    /// ```
    /// use memlayout::Layout;
    /// use memlayout::render::SvgOptions;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Packet { tag: u8, len: u32, flags: u8 }
    ///
    /// let svg = Packet::LAYOUT.to_svg_with(SvgOptions::new().compare_orders(true));
    /// // repr(C): declared is compiled, so two columns.
    /// assert!(svg.contains(r#"data-order="compiled" data-size="12""#));
    /// assert!(!svg.contains(r#"data-order="declaration""#));
    /// assert!(svg.contains(r#"data-order="smallest" data-size="8""#));
    /// ```
    pub fn to_svg_with(&self, options: SvgOptions) -> String {
        let comparable = self.has_field_layout()
            && !matches!(self.kind, Kind::Union | Kind::Enum)
            && self.fields.len() > 1;
        if options.compare_orders && comparable {
            return compared_orders(self);
        }
        let bytes_per_row = if self.size > 256 { 64 } else { 16 };
        let mut map = ByteMap::new(bytes_per_row, 0, ROW_WIDTH);
        if self.is_enum() {
            enum_rows(self, &mut map);
        } else if matches!(self.kind, Kind::Union) && self.has_field_layout() {
            union_rows(self, &mut map);
        } else {
            struct_rows(self, &mut map);
        }
        let right = map.right();
        let mut body = String::new();
        let height = map.close(&mut body);
        svg_document(self, right + 24, height, &body)
    }
}

/// Options for [`TypeLayout::to_svg_with`], passed by value like
/// [`TextOptions`](crate::TextOptions): start from [`SvgOptions::new`] (or `default()`), set
/// what differs with the builder methods, read a setting back with its `get_` method.
///
/// ```
/// use memlayout::render::SvgOptions;
/// let options = SvgOptions::new().compare_orders(true);
/// assert!(options.get_compare_orders());
/// assert_eq!(SvgOptions::new(), SvgOptions::default());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SvgOptions {
    compare_orders: bool,
}

impl SvgOptions {
    /// The defaults: the type as compiled, alone.
    ///
    /// ```
    /// assert!(!memlayout::render::SvgOptions::new().get_compare_orders());
    /// ```
    pub const fn new() -> SvgOptions {
        SvgOptions {
            compare_orders: false,
        }
    }

    /// Draw a struct's fields three ways side by side: as compiled, in declaration order under
    /// `#[repr(C)]` rules (left out when the struct is `#[repr(C)]`: that is how it is
    /// compiled) and in the smallest order. Structs and tuples of two fields or more only;
    /// other types are drawn alone. Off by default.
    ///
    /// ```
    /// use memlayout::{render::SvgOptions, Layout};
    /// let svg = <(u8, u64, u8)>::LAYOUT.to_svg_with(SvgOptions::new().compare_orders(true));
    /// assert!(svg.contains(r#"data-order="compiled""#));
    /// ```
    pub const fn compare_orders(mut self, on: bool) -> SvgOptions {
        self.compare_orders = on;
        self
    }

    /// The setting of [`SvgOptions::compare_orders`].
    ///
    /// ```
    /// assert!(!memlayout::render::SvgOptions::default().get_compare_orders());
    /// ```
    pub const fn get_compare_orders(&self) -> bool {
        self.compare_orders
    }
}

/// What a block of bytes is; each kind has its own fill.
#[derive(Clone, Copy, PartialEq)]
enum BlockKind {
    Field(usize),
    Padding,
    TrailingPadding,
    /// A tag whose place the repr fixes (`#[repr(C)]`, `#[repr(u8)]`…): first.
    Tag,
    /// A default-repr enum's tag: drawn first, where rustc puts it today, not promised.
    AssumedTag,
    Payload,
    Unused,
    /// A type without a field list (`Vec<u8>`, `u64`): its bytes as one block.
    Whole,
}

impl BlockKind {
    fn data_name(self) -> &'static str {
        match self {
            BlockKind::Field(_) => "field",
            BlockKind::Padding => "padding",
            BlockKind::TrailingPadding => "trailing-padding",
            BlockKind::Tag => "tag",
            BlockKind::AssumedTag => "assumed-tag",
            BlockKind::Payload => "payload",
            BlockKind::Unused => "unused",
            BlockKind::Whole => "whole",
        }
    }

    fn fill(self) -> &'static str {
        match self {
            BlockKind::Field(index) => FIELD_COLOURS[index % FIELD_COLOURS.len()],
            BlockKind::Padding => "url(#memlayout-hatch)",
            BlockKind::TrailingPadding => "url(#memlayout-cross-hatch)",
            BlockKind::Tag => "#ffd6a5",
            BlockKind::AssumedTag => "url(#memlayout-assumed)",
            BlockKind::Payload => "#a0c4ff",
            BlockKind::Unused => "url(#memlayout-hatch)",
            BlockKind::Whole => "#cdeac0",
        }
    }
}

/// One labelled run of bytes.
struct Block<'a> {
    kind: BlockKind,
    name: &'a str,
    label: String,
    offset: usize,
    size: usize,
}

/// The SVG body being built: rows of `bytes_per_row` bytes, growing downwards.
struct ByteMap {
    bytes_per_row: usize,
    /// Where rows start, in pixels (the offset axis is to their left).
    left: usize,
    /// A row's width in pixels.
    row_width: usize,
    body: String,
    y: usize,
    notes: alloc::vec::Vec<String>,
}

impl ByteMap {
    /// A map whose offset axis starts at `x` and whose rows are `row_width` pixels wide.
    fn new(bytes_per_row: usize, x: usize, row_width: usize) -> Self {
        ByteMap {
            bytes_per_row,
            left: x + AXIS_WIDTH,
            row_width,
            body: String::new(),
            y: TOP,
            notes: alloc::vec::Vec::new(),
        }
    }

    fn byte_width(&self) -> f64 {
        self.row_width as f64 / self.bytes_per_row as f64
    }

    /// Draws `size` bytes of blocks (in offset order, possibly with holes) from offset 0,
    /// wrapping every `bytes_per_row` bytes; rows a single block fills, with full rows of
    /// the same block on both sides, fold into one band. `caption` titles a band of rows
    /// (a variant's name), `None` for a struct.
    fn draw_rows(&mut self, caption: Option<&str>, size: usize, blocks: &[Block<'_>]) {
        if let Some(caption) = caption {
            let _ = write!(
                self.body,
                r#"<text x="{x}" y="{y}" class="caption">{text}</text>"#,
                x = self.left,
                y = self.y + 12,
                text = Escaped(caption)
            );
            self.y += 18;
        }
        let rows = size.div_ceil(self.bytes_per_row).max(1);
        let mut row = 0;
        let mut rows_y = alloc::vec::Vec::with_capacity(rows.min(64));
        while row < rows {
            let start = row * self.bytes_per_row;
            let filler = blocks
                .iter()
                .find(|b| b.offset < start && b.offset + b.size >= start + 3 * self.bytes_per_row);
            if let Some(filler) = filler {
                // Fold every row from this one up to (not including) the block's last full row.
                let last_full = (filler.offset + filler.size) / self.bytes_per_row - 1;
                let end_row = last_full.max(row + 2);
                let folded_bytes = (end_row - row) * self.bytes_per_row;
                let _ = write!(
                    self.body,
                    r#"<g class="elided" data-offset="{start}" data-size="{folded_bytes}"><text x="{x}" y="{y}">⋮ {rows} more rows of {name} (bytes {start}..{end})</text></g>"#,
                    x = self.left + 8,
                    y = self.y + 15,
                    rows = end_row - row,
                    name = Escaped(filler.name),
                    end = start + folded_bytes,
                );
                self.y += ELIDED_HEIGHT;
                row = end_row;
                continue;
            }
            rows_y.push((row, self.y));
            self.row_axis(start);
            self.y += ROW_HEIGHT + ROW_GAP;
            row += 1;
        }
        for block in blocks {
            self.draw_block(block, &rows_y);
        }
        for &(row, y) in &rows_y {
            self.cache_line_marks(row * self.bytes_per_row, y, size);
        }
    }

    /// The offset at the left of a row, and its empty frame.
    fn row_axis(&mut self, start: usize) {
        let _ = write!(
            self.body,
            r##"<text x="{tx}" y="{ty}" class="axis" text-anchor="end">{start}</text><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" stroke="#bbb"/>"##,
            tx = self.left - 8,
            ty = self.y + ROW_HEIGHT / 2 + 4,
            x = self.left,
            y = self.y,
            w = self.row_width,
            h = ROW_HEIGHT,
        );
    }

    /// A block as one rectangle per drawn row it touches, the label in its widest piece.
    fn draw_block(&mut self, block: &Block<'_>, rows_y: &[(usize, usize)]) {
        let _ = write!(
            self.body,
            r#"<g class="block {kind}" data-kind="{kind}" data-name="{name}" data-offset="{offset}" data-size="{size}"><title>{title}</title>"#,
            kind = block.kind.data_name(),
            name = Escaped(block.name),
            offset = block.offset,
            size = block.size,
            title = Escaped(&format!(
                "{} — offset {}, {}",
                block.label,
                block.offset,
                Bytes(block.size)
            )),
        );
        let byte_width = self.byte_width();
        let end = block.offset + block.size;
        let mut widest: Option<(f64, f64, usize)> = None;
        for &(row, y) in rows_y {
            let row_start = row * self.bytes_per_row;
            let row_end = row_start + self.bytes_per_row;
            let from = block.offset.max(row_start);
            let to = end.min(row_end);
            let is_zero_sized_here =
                block.size == 0 && block.offset >= row_start && block.offset < row_end;
            if from >= to && !is_zero_sized_here {
                continue;
            }
            let x = self.left as f64 + (from - row_start) as f64 * byte_width;
            let width = (to.saturating_sub(from)) as f64 * byte_width;
            let _ = write!(
                self.body,
                r##"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{h}" fill="{fill}" stroke="#333" stroke-width="{sw}"/>"##,
                w = width.max(2.0),
                h = ROW_HEIGHT,
                fill = block.kind.fill(),
                sw = if block.size == 0 { 2 } else { 1 },
            );
            if widest.is_none_or(|(w, _, _)| width > w) {
                widest = Some((width, x, y));
            }
        }
        if let Some((width, x, y)) = widest {
            let fits = (width as usize).saturating_sub(6) / CHAR_WIDTH;
            let first = fit(&block.label, fits);
            let second = fit(&format!("{}", Bytes(block.size)), fits);
            let _ = write!(
                self.body,
                r#"<text x="{tx:.1}" y="{ty1}" class="label">{first}</text><text x="{tx:.1}" y="{ty2}" class="label size">{second}</text>"#,
                tx = x + 4.0,
                ty1 = y + 16,
                ty2 = y + 32,
                first = Escaped(&first),
                second = Escaped(&second),
            );
        }
        self.body.push_str("</g>");
    }

    /// A red line at each cache-line boundary inside a drawn row (or at its start).
    fn cache_line_marks(&mut self, row_start: usize, y: usize, size: usize) {
        let row_end = (row_start + self.bytes_per_row).min(size);
        let first_line = row_start.div_ceil(CACHE_LINE_BYTES).max(1) * CACHE_LINE_BYTES;
        let mut line = first_line;
        while line < row_end || (line == row_start && line < size) {
            let x = self.left as f64 + (line - row_start) as f64 * self.byte_width();
            let _ = write!(
                self.body,
                r##"<g class="cache-line" data-kind="cache-line" data-offset="{line}"><line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{y2}" stroke="#d00" stroke-width="3"/><text x="{tx:.1}" y="{ty}" class="cache">line {n}</text></g>"##,
                y1 = y - 3,
                y2 = y + ROW_HEIGHT + 3,
                tx = x + 3.0,
                ty = y - 2,
                n = line / CACHE_LINE_BYTES,
            );
            line += CACHE_LINE_BYTES;
        }
    }

    /// The right edge of the map, in pixels.
    fn right(&self) -> usize {
        self.left + self.row_width
    }

    /// Appends the column axis, the body and the notes to `out`; returns the map's height.
    fn close(mut self, out: &mut String) -> usize {
        for note in core::mem::take(&mut self.notes) {
            let _ = write!(
                self.body,
                r#"<text x="{x}" y="{y}" class="note">{text}</text>"#,
                x = self.left,
                y = self.y + 14,
                text = Escaped(&note)
            );
            self.y += 18;
        }
        self.column_axis(out);
        out.push_str(&self.body);
        self.y + 12
    }

    /// Byte numbers above the first row: every byte for 16-byte rows, every 8th for 64.
    fn column_axis(&self, out: &mut String) {
        let step = if self.bytes_per_row > 16 { 8 } else { 1 };
        for column in (0..self.bytes_per_row).step_by(step) {
            let _ = write!(
                out,
                r#"<text x="{x:.1}" y="{y}" class="axis">+{column}</text>"#,
                x = self.left as f64 + column as f64 * self.byte_width() + 2.0,
                y = TOP - 8,
            );
        }
    }
}

/// `body` in the `<svg>` element with the type's header as title, the styles and patterns.
fn svg_document(layout: &TypeLayout, width: usize, height: usize, body: &str) -> String {
    let header = Header(layout).to_string();
    let mut out = String::with_capacity(body.len() + 2048);
    let _ = write!(
        out,
        concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" class="memlayout-bytes" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="monospace" font-size="11">"##,
            r##"<style>.title{{font-size:14px;font-weight:bold}}.axis{{fill:#555}}.label{{fill:#111}}.size{{fill:#444}}.note{{fill:#555;font-style:italic}}.caption{{font-weight:bold}}.cache{{fill:#d00;font-size:9px}}.elided text{{fill:#555}}.heading{{font-weight:bold;fill:#333}}</style>"##,
            r##"<defs><pattern id="memlayout-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="8" stroke="#999" stroke-width="3"/></pattern>"##,
            r##"<pattern id="memlayout-assumed" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffd6a5"/><circle cx="3" cy="3" r="1" fill="#c98"/></pattern>"##,
            r##"<pattern id="memlayout-cross-hatch" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#fde2e4"/><path d="M0 0L8 8M8 0L0 8" stroke="#c77" stroke-width="1.5"/></pattern></defs>"##,
            r##"<text x="8" y="20" class="title">{title}</text>"##,
        ),
        w = width,
        h = height,
        title = Escaped(header.trim_end()),
    );
    out.push_str(body);
    out.push_str("</svg>");
    out
}

/// Fields and padding gaps in memory order, or the whole type as one block.
fn struct_rows(layout: &TypeLayout, map: &mut ByteMap) {
    let mut blocks = alloc::vec::Vec::new();
    if layout.has_field_layout() {
        let mut gaps = layout.padding_gaps().peekable();
        for field in layout.fields_in_memory_order() {
            while let Some(gap) = gaps.next_if(|g| g.offset < field.offset) {
                blocks.push(padding_block(gap.offset, gap.size, gap.is_trailing()));
            }
            blocks.push(field_block(layout, field, field.offset));
        }
        for gap in gaps {
            blocks.push(padding_block(gap.offset, gap.size, gap.is_trailing()));
        }
    } else {
        blocks.push(Block {
            kind: BlockKind::Whole,
            name: layout.name,
            label: String::from(layout.name),
            offset: 0,
            size: layout.size,
        });
        if !layout.is_sized {
            map.notes
                .push(String::from("unsized: the bytes live behind a pointer"));
        }
    }
    map.draw_rows(None, layout.size, &blocks);
    if layout.trailing_padding() > 0 {
        map.notes.push(format!(
            "cross-hatched: trailing padding ({}), which rounds the size up to the alignment",
            Bytes(layout.trailing_padding())
        ));
    }
}

/// A union's fields overlap: one band per field, each from offset 0, the rest of the union's
/// bytes marked unused by that field.
fn union_rows(layout: &TypeLayout, map: &mut ByteMap) {
    for field in layout.fields {
        let mut blocks = alloc::vec![field_block(layout, field, field.offset)];
        let end = field.offset + field.size;
        if layout.size > end {
            blocks.push(Block {
                kind: BlockKind::Unused,
                name: "",
                label: String::from("not written by this field"),
                offset: end,
                size: layout.size - end,
            });
        }
        map.draw_rows(Some(field.name), layout.size, &blocks);
    }
    map.notes.push(String::from(
        "a union: its fields share the same bytes, one band per field",
    ));
}

fn field_block<'a>(layout: &TypeLayout, field: &'a Field, offset: usize) -> Block<'a> {
    let index = layout
        .fields
        .iter()
        .position(|f| core::ptr::eq(f, field))
        .unwrap_or(0);
    Block {
        kind: BlockKind::Field(index),
        name: field.name,
        label: format!("{}: {}", field.name, field.type_name),
        offset,
        size: field.size,
    }
}

fn padding_block(offset: usize, size: usize, is_trailing: bool) -> Block<'static> {
    Block {
        kind: if is_trailing {
            BlockKind::TrailingPadding
        } else {
            BlockKind::Padding
        },
        name: "",
        label: String::from(if is_trailing {
            "trailing padding"
        } else {
            "padding"
        }),
        offset,
        size,
    }
}

/// One band per variant: the tag (when there certainly is one), the payload's size after it,
/// and the rest of the enum's bytes as unused.
///
/// Where the tag sits: `#[repr(C)]` and primitive reprs (`#[repr(u8)]`…) put it first, by the
/// Reference's rules
/// (<https://doc.rust-lang.org/reference/type-layout.html#primitive-representation-of-enums-with-fields>),
/// so it is drawn at offset 0 as a fact. Under the default repr nothing is promised: rustc puts
/// the tag first today, so it is drawn there dotted (`data-kind="assumed-tag"`) and the note
/// says it is an assumption. A niche has no tag, and which field holds it is not known
/// statically, so no bytes are drawn for it.
fn enum_rows(layout: &TypeLayout, map: &mut ByteMap) {
    let discriminant = layout.discriminant();
    let tag_bytes = discriminant.and_then(|d| d.tag_bytes()).unwrap_or(0);
    let is_tag_placed = layout.repr.c || layout.repr.int.is_some();
    let shared = match discriminant {
        Some(Discriminant::Tag { bytes, is_exact }) => format!(
            "tag: {}{}{}",
            Bytes(bytes),
            if is_tag_placed {
                " at offset 0, first by the repr's rules"
            } else {
                ", dotted: drawn at offset 0, where rustc puts it today; the default repr does not promise it"
            },
            if is_exact {
                ""
            } else {
                " (its width depends on rustc's field order)"
            }
        ),
        Some(Discriminant::Niche) => String::from(
            "no tag: a niche (invalid values) in a field tells the variants apart; which field is not known statically",
        ),
        Some(Discriminant::Undetermined { tag_bytes }) => format!(
            "a tag of {} or a niche: stable Rust cannot tell which, so no tag is drawn",
            Bytes(tag_bytes)
        ),
        Some(Discriminant::None) => String::from("no tag: one inhabited variant"),
        Some(Discriminant::Uninhabited) | None => String::from("no values: nothing stored"),
    };
    map.notes.push(shared);
    for variant in layout.variants {
        let mut blocks = alloc::vec::Vec::new();
        if tag_bytes > 0 {
            blocks.push(Block {
                kind: if is_tag_placed {
                    BlockKind::Tag
                } else {
                    BlockKind::AssumedTag
                },
                name: "tag",
                label: format!(
                    "tag = {}{}",
                    variant.discriminant_value,
                    if is_tag_placed {
                        ""
                    } else {
                        " (place assumed)"
                    }
                ),
                offset: 0,
                size: tag_bytes,
            });
        }
        let mut used = tag_bytes;
        if let Some(placed) = layout.fixed_variant_offsets(variant) {
            // The repr fixes each field's place: draw them one by one, with the gaps between.
            for (i, (field, offset)) in placed.enumerate() {
                if offset > used {
                    blocks.push(padding_block(used, offset - used, false));
                }
                blocks.push(Block {
                    kind: BlockKind::Field(i),
                    name: field.name,
                    label: format!("{}: {}", field.name, field.type_name),
                    offset,
                    size: field.size,
                });
                used = used.max(offset + field.size);
            }
        } else {
            let payload = variant
                .payload_size
                .min(layout.size.saturating_sub(tag_bytes));
            let mut label = String::new();
            for (i, field) in variant.fields.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let _ = write!(label, "{sep}{}: {}", field.name, field.type_name);
            }
            if !variant.fields.is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Payload,
                    name: variant.name,
                    label,
                    offset: tag_bytes,
                    size: payload,
                });
            }
            used += payload;
        }
        if layout.size > used {
            blocks.push(Block {
                kind: BlockKind::Unused,
                name: "",
                label: String::from("unused by this variant (or field padding)"),
                offset: used,
                size: layout.size - used,
            });
        }
        let _ = write!(
            map.body,
            r#"<g class="variant" data-variant="{}">"#,
            Escaped(variant.name)
        );
        map.draw_rows(Some(variant.name), layout.size, &blocks);
        map.body.push_str("</g>");
    }
    if is_tag_placed && tag_bytes > 0 {
        map.notes.push(String::from(
            "each variant's fields are drawn where the repr puts them (the Reference's repr(C) rules)",
        ));
    } else if layout.variants.iter().any(|v| !v.fields.is_empty()) {
        map.notes.push(String::from(
            "variant field offsets are not static on stable Rust: each payload is drawn as its \
             fields' total size after the tag, not where rustc puts each field",
        ));
    }
}

/// `text` cut to `chars` characters, ending in `…` when cut.
fn fit(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return String::from(text);
    }
    let mut out: String = text.chars().take(chars.saturating_sub(1)).collect();
    if chars > 0 {
        out.push('…');
    }
    out
}

/// Text escaped for XML content and attribute values. The characters XML 1.0 allows in no
/// form, not even as a reference (C0 controls other than tab, line feed and carriage return;
/// U+FFFE and U+FFFF: <https://www.w3.org/TR/xml/#charsets>), which a map key written by
/// a user's `Layout::write_key` may hold, are written as Rust escapes (`\u{1b}`).
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl core::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                '\t' | '\n' | '\r' => f.write_char(c)?,
                '\0'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{fit, Escaped};
    use alloc::string::ToString;

    #[test]
    fn text_is_escaped_for_xml() {
        let escaped = Escaped(r#"Wrapper<'a, "x" & y>"#).to_string();
        assert_eq!(escaped, "Wrapper&lt;&#39;a, &quot;x&quot; &amp; y&gt;");
        let escaped = Escaped("a\u{0}b\u{1b}c\td\u{ffff}").to_string();
        assert_eq!(escaped, "a\\u{0}b\\u{1b}c\td\\u{ffff}");
    }

    #[test]
    fn labels_are_cut_to_fit() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 0), "");
    }
}
