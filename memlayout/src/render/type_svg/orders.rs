//! A struct's field orders side by side (`SvgOptions::compare_orders`): as compiled, in
//! declaration order under `#[repr(C)]` rules and in the smallest order. The counterfactual
//! offsets come from `layout::reorder::place_in_order`; this file only draws them.

use alloc::{format, string::String};
use core::fmt::Write;

use super::{field_block, padding_block, svg_document, Block, ByteMap, Escaped, AXIS_WIDTH, TOP};
use crate::layout::reorder::place_in_order;
use crate::layout::{Field, TypeLayout};
use crate::render::type_text::Bytes;

/// The width of one column when orders are compared.
const COLUMN_WIDTH: usize = 384;

/// The struct as compiled, in declaration order under `#[repr(C)]` rules (unless it is
/// `#[repr(C)]`) and in the smallest order, side by side, each column a `<g class="order">`
/// headed by its size. The counterfactual offsets come from
/// `layout::reorder::place_in_order` and their sizes from
/// [`TypeLayout::repr_c_size`] and [`TypeLayout::smallest_size`].
pub(super) fn compared_orders(layout: &TypeLayout) -> String {
    let packed = layout.repr.packed;
    let declaration_size = layout.repr_c_size().unwrap_or(layout.size);
    let smallest_size = layout.smallest_size().unwrap_or(layout.size);
    let compiled_heading = if layout.repr.c {
        format!("as declared (repr(C)): {}", Bytes(layout.size))
    } else {
        format!("as compiled: {}", Bytes(layout.size))
    };
    let mut columns: alloc::vec::Vec<(&str, String, usize, alloc::vec::Vec<Block<'_>>)> =
        alloc::vec::Vec::new();
    let compiled: alloc::vec::Vec<_> = layout
        .fields_in_memory_order()
        .map(|f| (f, f.offset))
        .collect();
    columns.push((
        "compiled",
        compiled_heading,
        layout.size,
        placed_blocks(layout, compiled.into_iter(), layout.size),
    ));
    if !layout.repr.c {
        columns.push((
            "declaration",
            format!(
                "declaration order, repr(C) rules: {}",
                Bytes(declaration_size)
            ),
            declaration_size,
            placed_blocks(
                layout,
                place_in_order(layout.fields.iter(), packed),
                declaration_size,
            ),
        ));
    }
    let saving = layout.size.saturating_sub(smallest_size);
    columns.push((
        "smallest",
        if saving > 0 {
            format!(
                "smallest order: {} (saves {})",
                Bytes(smallest_size),
                Bytes(saving)
            )
        } else {
            format!("smallest order: {} (no saving)", Bytes(smallest_size))
        },
        smallest_size,
        placed_blocks(
            layout,
            place_in_order(layout.smallest_order(), packed),
            smallest_size,
        ),
    ));
    // Small types get 8-byte rows, so a one-byte field has room for its label.
    let largest = columns.iter().map(|c| c.2).max().unwrap_or(0);
    let bytes_per_row = if largest <= 8 { 8 } else { 16 };
    let ways = match columns.len() {
        2 => "two",
        _ => "three",
    };
    let mut body = String::new();
    let mut height = 0;
    let mut x = 0;
    for (order, heading, size, blocks) in columns {
        let mut map = ByteMap::new(bytes_per_row, x, COLUMN_WIDTH);
        let _ = write!(
            body,
            r#"<g class="order" data-order="{order}" data-size="{size}"><text x="{tx}" y="{ty}" class="heading">{heading}</text>"#,
            tx = map.left,
            ty = TOP - 20,
            heading = Escaped(&heading),
        );
        map.draw_rows(None, size, &blocks);
        x = map.right() + 16;
        height = height.max(map.close(&mut body));
        body.push_str("</g>");
    }
    let _ = write!(
        body,
        r#"<text x="{AXIS_WIDTH}" y="{y}" class="note">the same fields {ways} ways: hatched bytes are padding, cross-hatched the trailing padding</text>"#,
        y = height + 4,
    );
    svg_document(layout, x + 8, height + 16, &body)
}

/// Fields at the given offsets (in offset order) with the padding between them and the
/// trailing padding up to `size`.
fn placed_blocks<'a>(
    layout: &TypeLayout,
    placed: impl Iterator<Item = (&'a Field, usize)>,
    size: usize,
) -> alloc::vec::Vec<Block<'a>> {
    let mut blocks = alloc::vec::Vec::new();
    let mut end = 0;
    for (field, offset) in placed {
        if offset > end {
            blocks.push(padding_block(end, offset - end, false));
        }
        blocks.push(field_block(layout, field, offset));
        end = end.max(offset + field.size);
    }
    if size > end {
        blocks.push(padding_block(end, size - end, true));
    }
    blocks
}
