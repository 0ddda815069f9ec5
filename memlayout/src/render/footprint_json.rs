//! A [`Footprint`] and a [`ReportDiff`] as JSON (feature `json`).

use alloc::{string::String, vec::Vec};
use serde::Serialize;

use crate::report::{Footprint, PathChange, ReportDiff, Totals, TypeFootprint};

#[derive(Serialize)]
struct FootprintDocument<'f> {
    schema: &'static str,
    heap_bytes: usize,
    is_exact: bool,
    types: Vec<TypeRow<'f>>,
}

#[derive(Serialize)]
struct TypeRow<'f> {
    #[serde(flatten)]
    row: &'f TypeFootprint,
    average_inline_bytes: f64,
    average_heap_bytes: f64,
    average_unused_capacity: f64,
}

#[derive(Serialize)]
struct DiffDocument<'d> {
    schema: &'static str,
    root_type: &'static str,
    growth: isize,
    earlier: &'d Totals,
    later: &'d Totals,
    changes: Vec<ChangeRow<'d>>,
}

#[derive(Serialize)]
struct ChangeRow<'d> {
    #[serde(flatten)]
    change: &'d PathChange,
    heap_delta: isize,
    unused_delta: isize,
    allocations_delta: isize,
}

impl Footprint {
    /// The footprint as a JSON document (schema `"memlayout.footprint/1"`): `heap_bytes`,
    /// `is_exact` and `types`, one object per row, largest first, with its averages.
    ///
    /// ```
    /// let json = memlayout::footprint(&vec![String::from("ab")]).to_json();
    /// assert!(json.starts_with(r#"{"schema":"memlayout.footprint/1""#));
    /// assert!(json.contains(r#""type_name":"alloc::string::String","instances":1"#));
    /// ```
    pub fn to_json(&self) -> String {
        let document = FootprintDocument {
            schema: "memlayout.footprint/1",
            heap_bytes: self.heap_bytes(),
            is_exact: self.is_exact(),
            types: self
                .types()
                .iter()
                .map(|row| TypeRow {
                    row,
                    average_inline_bytes: row.average_inline_bytes(),
                    average_heap_bytes: row.average_heap_bytes(),
                    average_unused_capacity: row.average_unused_capacity(),
                })
                .collect(),
        };
        serde_json::to_string(&document).expect("a footprint serializes")
    }
}

impl ReportDiff {
    /// The diff as a JSON document (schema `"memlayout.report-diff/1"`): `root_type`, `growth`,
    /// both reports' root `earlier` and `later` totals, and `changes`, largest first, each with
    /// `path`, `type_name`, `before`/`after` figures (`null` where no node was) and deltas.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let earlier = vec![0u8; 4].layout_report();
    /// let json = vec![0u8; 9].layout_report().diff(&earlier).to_json();
    /// assert!(json.contains(r#""growth":5"#));
    /// assert!(json.contains(r#""path":"","type_name":"alloc::vec::Vec<u8>""#));
    /// ```
    pub fn to_json(&self) -> String {
        let document = DiffDocument {
            schema: "memlayout.report-diff/1",
            root_type: self.root_full_type(),
            growth: self.growth(),
            earlier: self.earlier(),
            later: self.later(),
            changes: self
                .changes()
                .iter()
                .map(|change| ChangeRow {
                    change,
                    heap_delta: change.heap_delta(),
                    unused_delta: change.unused_delta(),
                    allocations_delta: change.allocations_delta(),
                })
                .collect(),
        };
        serde_json::to_string(&document).expect("a report diff serializes")
    }
}
