//! Text of a [`Footprint`] (a table) and a [`ReportDiff`] (one line per changed path).

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt::{self, Display, Formatter};

use crate::render::{short_type_name, DistinctNames};
use crate::report::{display_path, human_bytes, Footprint, ReportDiff};

/// A signed byte count: `+1.5 KiB`, `-40 B`, `0 B`.
fn signed_bytes(delta: isize) -> String {
    let sign = match delta {
        d if d > 0 => "+",
        d if d < 0 => "-",
        _ => "",
    };
    format!("{sign}{}", human_bytes(delta.unsigned_abs()))
}

/// An average in bytes: whole bytes as integers, else one decimal; from what rounds to 1024.0 B
/// up, in [`human_bytes`]' units.
fn average_bytes(average: f64) -> String {
    if average < 1023.95 && average != average as usize as f64 {
        format!("{average:.1} B")
    } else {
        // `f64::round` is not in `core`: averages are not negative, so adding a half rounds.
        human_bytes((average + 0.5) as usize)
    }
}

/// Writes `rows` as columns two spaces apart, column `c` right-aligned when
/// `is_right_aligned(c)`.
fn write_table(
    f: &mut Formatter<'_>,
    rows: &[Vec<String>],
    is_right_aligned: impl Fn(usize) -> bool,
) -> fmt::Result {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let pad = core::iter::repeat_n(' ', widths[c] - cell.chars().count());
            if is_right_aligned(c) {
                line.extend(pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(pad);
            }
        }
        writeln!(f, "{}", line.trim_end())?;
    }
    Ok(())
}

impl Display for Footprint {
    /// One row per type, largest first: the type's short name (in full where two rows share
    /// it), instances, then inline bytes, heap bytes and unused capacity, each in total and per
    /// instance.
    ///
    /// ```
    /// let text = memlayout::footprint(&vec![String::from("abc")]).to_string();
    /// assert!(text.lines().nth(1).unwrap().starts_with("Vec<String>"));
    /// ```
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut rows = vec![[
            "type", "count", "inline", "avg", "heap", "avg", "unused", "avg",
        ]
        .map(String::from)
        .to_vec()];
        let names = DistinctNames::of(self.types().iter().map(|t| t.type_name));
        for t in self.types() {
            let mark = if t.is_exact && t.unreadable == 0 {
                ""
            } else {
                " (not exact)"
            };
            rows.push(vec![
                format!("{}{mark}", names.name(t.type_name)),
                t.instances.to_string(),
                human_bytes(t.inline_bytes),
                average_bytes(t.average_inline_bytes()),
                human_bytes(t.heap_bytes),
                average_bytes(t.average_heap_bytes()),
                human_bytes(t.unused_capacity),
                average_bytes(t.average_unused_capacity()),
            ]);
        }
        write_table(f, &rows, |c| c > 0)
    }
}

impl Display for ReportDiff {
    /// A line for the whole value, then one per changed path, largest change first.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let earlier = vec![1u8; 4].layout_report();
    /// let text = vec![1u8; 6].layout_report().diff(&earlier).to_string();
    /// assert!(text.starts_with("Vec<u8>: heap 4 B -> 6 B (+2 B)"));
    /// ```
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let (earlier, later) = (self.earlier(), self.later());
        writeln!(
            f,
            "{}: heap {} -> {} ({}), unused {} -> {}, allocations {} -> {}",
            self.root_type(),
            human_bytes(earlier.heap_bytes),
            human_bytes(later.heap_bytes),
            signed_bytes(self.growth()),
            human_bytes(earlier.unused_capacity),
            human_bytes(later.unused_capacity),
            earlier.allocations,
            later.allocations,
        )?;
        if self.changes().is_empty() {
            return writeln!(f, "  no change");
        }
        let mut rows = Vec::new();
        for c in self.changes() {
            let (before, after) = (c.before.unwrap_or_default(), c.after.unwrap_or_default());
            let mut what = format!(
                "{} -> {}",
                human_bytes(before.heap_bytes),
                human_bytes(after.heap_bytes)
            );
            if before.elements != after.elements {
                what.push_str(&format!(
                    ", {} -> {} elements",
                    before.elements, after.elements
                ));
            }
            match (c.before, c.after) {
                (None, _) => what.push_str(", new"),
                (_, None) => what.push_str(", gone"),
                _ => {}
            }
            rows.push(vec![
                format!("  {}", signed_bytes(c.heap_delta())),
                String::from(display_path(&c.path)),
                short_type_name(c.type_name),
                what,
            ]);
        }
        write_table(f, &rows, |c| c == 0)
    }
}
