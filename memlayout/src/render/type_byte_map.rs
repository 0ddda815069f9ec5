//! The byte map of a type's text form: one label per byte, in rows with offsets for larger
//! types, runs of whole rows of one field folded, and the legend.

use core::fmt::{self, Formatter, Write};

use super::type_text::{digits, TextOptions};
use crate::layout::{Kind, TypeLayout};

/// The characters byte-map labels are made of: 62, so one character labels up to 62 fields.
const LABEL_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const PADDING: char = '.';
const OVERLAP: char = '*';

/// The byte-map labels of a type's fields: every field gets a label of the same width, one
/// character for up to 62 fields, two for up to 62², and so on, so no two fields ever share
/// one whatever their number.
#[derive(Clone, Copy)]
struct Labels {
    width: usize,
}

impl Labels {
    fn of(layout: &TypeLayout) -> Labels {
        let mut width = 1;
        let mut capacity = LABEL_CHARS.len();
        while capacity < layout.fields.len() {
            width += 1;
            capacity = capacity.saturating_mul(LABEL_CHARS.len());
        }
        Labels { width }
    }

    /// Writes the label of what a byte holds: the field at declaration index `index` in
    /// base 62, most significant character first (`a`, ..., `9`, then `aa`, `ab`, ... when
    /// wider), or padding / several fields repeated to the same width.
    fn write(self, f: &mut Formatter<'_>, cell: Cell) -> fmt::Result {
        match cell {
            Cell::Field(index) => {
                let base = LABEL_CHARS.len();
                let mut weight = base.saturating_pow(self.width as u32 - 1);
                for _ in 0..self.width {
                    f.write_char(char::from(LABEL_CHARS[index / weight % base]))?;
                    weight /= base;
                }
                Ok(())
            }
            Cell::Padding => (0..self.width).try_for_each(|_| f.write_char(PADDING)),
            Cell::Overlap => (0..self.width).try_for_each(|_| f.write_char(OVERLAP)),
        }
    }
}

/// What one byte of the type holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// The field at this declaration index.
    Field(usize),
    Padding,
    /// Several fields of a union.
    Overlap,
}

/// What byte `at` holds and where that run ends.
fn segment_at(layout: &TypeLayout, at: usize) -> (Cell, usize) {
    let mut covering = None;
    let mut count = 0;
    let mut end = layout.size;
    for (index, field) in layout.fields.iter().enumerate() {
        let field_end = field.offset + field.size;
        if field.size > 0 && field.offset <= at && at < field_end {
            count += 1;
            covering = Some(index);
            end = end.min(field_end);
        } else if field.size > 0 && field.offset > at {
            end = end.min(field.offset);
        }
    }
    let cell = match (count, covering) {
        (0, _) | (_, None) => Cell::Padding,
        (1, Some(index)) => Cell::Field(index),
        _ => Cell::Overlap,
    };
    (cell, end.max(at + 1))
}

/// `bytes: a...bbbb c...` on one line for small types; rows of `row_bytes` with offsets for
/// larger ones, runs of whole rows of one field folded (the fold names the field), and at most
/// `max_rows` lines. Labels wider than one character (more than 62 fields) are separated by
/// spaces, and a row then holds fewer bytes, so it stays about as wide.
pub(crate) fn write_byte_map(
    f: &mut Formatter<'_>,
    layout: &TypeLayout,
    options: &TextOptions,
) -> fmt::Result {
    let size = layout.size;
    if size == 0 {
        return writeln!(f, "  bytes: (none, zero-sized)");
    }
    let labels = Labels::of(layout);
    let row = if labels.width == 1 {
        options.get_byte_map_row()
    } else {
        (options.get_byte_map_row() / (labels.width + 1) / 8 * 8).max(8)
    };
    let width = digits(size);
    let mut at = 0;
    let mut lines = 0;
    while at < size {
        if lines == options.get_byte_map_rows() {
            writeln!(
                f,
                "  {:>width$}  ... {} more bytes not shown",
                at,
                size - at
            )?;
            break;
        }
        if size <= row {
            f.write_str("  bytes: ")?;
        } else {
            write!(f, "  {at:>width$}: ")?;
        }
        let row_end = (at + row).min(size);
        let mut pos = at;
        while pos < row_end {
            let (cell, end) = segment_at(layout, pos);
            let end = end.min(row_end);
            for byte in pos..end {
                if byte > at && (labels.width > 1 || (byte - at) % 8 == 0) {
                    f.write_char(' ')?;
                }
                labels.write(f, cell)?;
            }
            pos = end;
        }
        writeln!(f)?;
        lines += 1;
        // Fold the whole rows that follow when one run covers them all.
        let (cell, end) = segment_at(layout, row_end.min(size - 1));
        if row_end < size && end >= row_end + 2 * row {
            let folded = (end - row_end) / row * row;
            write!(f, "  {:>width$}  ... {} more bytes of ", row_end, folded)?;
            match cell {
                Cell::Field(index) => writeln!(f, "field `{}`", layout.fields[index].name)?,
                Cell::Padding => writeln!(f, "padding")?,
                Cell::Overlap => writeln!(f, "several fields")?,
            }
            lines += 1;
            at = row_end + folded;
        } else {
            at = row_end;
        }
    }
    write_legend(f, layout, labels)
}

/// `legend: a = tag, b = len, . = padding`, wrapped before 100 columns.
fn write_legend(f: &mut Formatter<'_>, layout: &TypeLayout, labels: Labels) -> fmt::Result {
    const INDENT: &str = "          ";
    let mut column = 10;
    f.write_str("  legend: ")?;
    let mut first = true;
    let mut entry = |f: &mut Formatter<'_>, cell: Cell, name: &str| -> fmt::Result {
        let len = name.len() + labels.width + 3 + usize::from(!first) * 2;
        if !first {
            f.write_str(",")?;
            if column + len > 100 {
                f.write_str("\n")?;
                f.write_str(INDENT)?;
                column = INDENT.len();
            } else {
                f.write_str(" ")?;
            }
        }
        first = false;
        column += len;
        labels.write(f, cell)?;
        write!(f, " = {name}")
    };
    for (index, field) in layout.fields.iter().enumerate() {
        if field.size > 0 {
            entry(f, Cell::Field(index), field.name)?;
        }
    }
    if layout.own_padding_bytes() > 0 {
        entry(f, Cell::Padding, "padding")?;
    }
    if matches!(layout.kind, Kind::Union) && layout.fields.iter().filter(|f| f.size > 0).count() > 1
    {
        entry(f, Cell::Overlap, "several fields")?;
    }
    writeln!(f)
}
