//! Text of an [`Audit`] (a ranked table with a suggestion per finding) and of an
//! [`AuditError`] (the budget message, one block a type).

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt::{self, Display, Formatter};

use crate::budget::write_overrun;
use crate::layout::{TypeLayout, CACHE_LINE_BYTES};
use crate::registry::{Audit, AuditEntry, AuditError, Waste};
use crate::render::DistinctNames;
use crate::report::count_bytes;

/// A short lowercase label of a finding's kind, as the text and JSON print it.
pub(crate) fn label(waste: &Waste) -> &'static str {
    match waste {
        Waste::Padding { .. } => "padding",
        Waste::Reorder(_) => "reorder",
        Waste::LargeVariant(_) => "large variant",
        Waste::CacheLineStraddle(_) => "cache-line straddle",
    }
}

/// What the finding is and what to do about it, in a sentence.
pub(crate) fn suggestion(layout: &TypeLayout, waste: &Waste) -> String {
    match *waste {
        Waste::Padding {
            own_bytes,
            field_bytes,
            smallest_size,
        } => {
            let mut parts = Vec::new();
            if own_bytes > 0 {
                let why = if smallest_size >= layout.size {
                    String::from(", needed by alignment in any field order")
                } else if layout.reorder_suggestion().is_none() {
                    format!(", though the fields fit in {}", count_bytes(smallest_size))
                } else {
                    String::new()
                };
                parts.push(format!("{} in its own gaps{why}", count_bytes(own_bytes)));
            }
            if field_bytes > 0 {
                parts.push(format!(
                    "{} inside its fields' types (audit those)",
                    count_bytes(field_bytes)
                ));
            }
            parts.join("; ")
        }
        Waste::Reorder(hint) => {
            let order: Vec<&str> = hint.order().map(|f| f.name).collect();
            format!(
                "reorder as {}: {} instead of {}, saves {}",
                order.join(", "),
                count_bytes(hint.suggested_size),
                hint.current_size,
                count_bytes(hint.bytes_saved)
            )
        }
        Waste::LargeVariant(warning) => format!(
            "variant `{}` carries {}, {} more than `{}`: box its fields to shrink every value \
             (clippy::large_enum_variant, threshold {})",
            warning.largest.name,
            count_bytes(warning.largest.payload_size),
            warning.difference,
            warning.second.name,
            warning.threshold
        ),
        Waste::CacheLineStraddle(field) => {
            let line = CACHE_LINE_BYTES;
            let touched = (field.offset + field.size - 1) / line - field.offset / line + 1;
            let needed = field.size.div_ceil(line);
            let lines = if needed == 1 {
                String::from("two lines")
            } else {
                format!("{touched} lines where {needed} would hold it")
            };
            format!(
                "`{}` ({}, offset {}) straddles a {line}-byte cache line: reading it touches \
                 {lines}; move it or start it on a line",
                field.name,
                count_bytes(field.size),
                field.offset
            )
        }
    }
}

/// A share as a percentage with one decimal (`43.8%`), never rounded to 0% or 100%.
fn percent(share: f64) -> String {
    super::Percent(share).to_string()
}

impl Display for Audit {
    /// A heading, then one row per type that has a finding, most wasteful first (waste in
    /// bytes per value, its share of the size, the size, the type's short name, in full where
    /// two audited types share it), each finding under it with its suggestion; a last line
    /// counts the types that waste nothing.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Header { kind: u8, length: u64 }
    /// let text = memlayout::registry::Audit::of([Header::LAYOUT]).to_string();
    /// let row: Vec<&str> = text.lines().nth(2).unwrap().split_whitespace().collect();
    /// assert_eq!(row, ["7", "43.8%", "16", "Header"]);
    /// ```
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let entries = self.entries();
        let (shown, clean): (Vec<&AuditEntry>, Vec<&AuditEntry>) =
            entries.iter().partition(|e| !e.findings.is_empty());
        writeln!(
            f,
            "audit of {} types: {} wasted in one value of each",
            entries.len(),
            count_bytes(self.wasted_bytes())
        )?;
        let names = DistinctNames::of(entries.iter().map(|e| (e.layout.type_name)()));
        let rows: Vec<[String; 4]> = shown
            .iter()
            .map(|e| {
                [
                    e.wasted_bytes.to_string(),
                    percent(e.wasted_share()),
                    e.layout.size.to_string(),
                    names.name((e.layout.type_name)()),
                ]
            })
            .collect();
        let header = ["waste", "share", "size", "type"].map(String::from);
        let mut widths = header.clone().map(|h| h.len());
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let [w0, w1, w2, _] = widths;
        let indent = w0 + w1 + w2 + 6;
        for (i, row) in core::iter::once(&header).chain(&rows).enumerate() {
            writeln!(
                f,
                "{:>w0$}  {:>w1$}  {:>w2$}  {}",
                row[0], row[1], row[2], row[3]
            )?;
            if i == 0 {
                continue;
            }
            let entry = shown[i - 1];
            for waste in &entry.findings {
                writeln!(
                    f,
                    "{:indent$}{}: {}",
                    "",
                    label(waste),
                    suggestion(entry.layout, waste)
                )?;
            }
        }
        match clean.len() {
            0 => {}
            1 => writeln!(f, "1 type wastes nothing")?,
            n => writeln!(f, "{n} types waste nothing")?,
        }
        Ok(())
    }
}

/// The places an entry's wasted bytes sit, largest first (ties in memory order): its own
/// padding gaps, the padding inside each field's type, an oversized variant.
fn contributors(entry: &AuditEntry) -> Vec<(String, usize)> {
    let layout = entry.layout;
    let mut places: Vec<(String, usize)> = layout
        .padding_gaps()
        .map(|gap| {
            let place = match (gap.after, gap.before) {
                (Some(after), Some(_)) => format!("padding after `{}`", after.name),
                (Some(_), None) => String::from("trailing padding"),
                (None, Some(before)) => format!("padding before `{}`", before.name),
                (None, None) => String::from("padding"),
            };
            (place, gap.size)
        })
        .collect();
    places.extend(
        layout
            .fields_in_memory_order()
            .map(|field| (field, (field.layout)().padding_bytes))
            .filter(|&(_, bytes)| bytes > 0)
            .map(|(field, bytes)| (format!("padding inside `{}`", field.name), bytes)),
    );
    for waste in &entry.findings {
        if let Waste::LargeVariant(warning) = waste {
            places.push((
                format!("variant `{}`", warning.largest.name),
                warning.difference,
            ));
        }
    }
    places.sort_by_key(|&(_, bytes)| core::cmp::Reverse(bytes));
    places
}

impl Display for AuditError {
    /// The budget message of every test-time assertion, one block a type: its waste, the
    /// budget, the places the bytes sit and what to do.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let names = DistinctNames::of(self.entries.iter().map(|e| (e.layout.type_name)()));
        for (i, entry) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            let name = names.name((entry.layout.type_name)());
            write!(f, "`{name}` is over budget:")?;
            let actual = format!(
                "{} ({} of {})",
                count_bytes(entry.wasted_bytes),
                percent(entry.wasted_share()),
                count_bytes(entry.layout.size)
            );
            let places = contributors(entry);
            let parts = places
                .iter()
                .map(|(place, bytes)| (place.as_str(), count_bytes(*bytes)));
            write_overrun(f, "waste", &actual, percent(self.share), parts)?;
            for waste in &entry.findings {
                write!(
                    f,
                    "\n    {}: {}",
                    label(waste),
                    suggestion(entry.layout, waste)
                )?;
            }
        }
        Ok(())
    }
}
