//! A report as an indented tree with aligned columns and human sizes, findings after it.
//!
//! Rendering is iterative (an explicit stack), so a report of a deeply nested value prints
//! without recursion; indentation stops growing past [`MAX_INDENT`] levels and the depth is
//! printed instead.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt::{self, Write};

use crate::render::short_type_name;
use crate::report::{display_path, human_bytes, NodeKind, Report, Segment, Totals};

/// Longest map key shown in a row, in characters (longer ones end in `…`).
const MAX_KEY_CHARS: usize = 40;

/// Levels of indentation shown before the depth is printed as a number.
const MAX_INDENT: usize = 24;

/// The widest type column; longer names are cut with `…`.
const MAX_TYPE_WIDTH: usize = 48;

/// Columns of a row: path, type, offset, inline, heap, reserved, unused, allocs, notes.
const COLUMNS: usize = 9;
/// The reserved column (printed only with an allocator model).
const RESERVED: usize = 5;
/// The notes column, the last.
const NOTES: usize = COLUMNS - 1;

/// Filters for the text form of a [`Report`]: see [`Report::display_with`]. Passed by value
/// like [`TextOptions`](crate::TextOptions), [`ReportOptions`](crate::ReportOptions) and
/// [`DropOptions`](crate::DropOptions): start from [`ReportTextOptions::new`] (or `default()`),
/// set what differs with the builder methods, read a setting back with its `get_` method.
///
/// ```
/// use memlayout::render::ReportTextOptions;
/// use memlayout::LayoutReport;
/// let v: Vec<String> = vec!["a".repeat(2000), "b".into()];
/// let options = ReportTextOptions::new().min_bytes(1024).findings(false);
/// let text = v.layout_report().display_with(options).to_string();
/// assert!(text.contains("[0]"));
/// assert!(!text.contains("[1]"));
/// assert_eq!(options.get_min_bytes(), 1024);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportTextOptions {
    max_depth: Option<usize>,
    min_bytes: usize,
    findings: bool,
}

impl ReportTextOptions {
    /// The defaults, what [`Report::display`] uses: every node at every depth, findings listed.
    ///
    /// ```
    /// use memlayout::render::ReportTextOptions;
    /// assert_eq!(ReportTextOptions::new(), ReportTextOptions::default());
    /// ```
    pub const fn new() -> ReportTextOptions {
        ReportTextOptions {
            max_depth: None,
            min_bytes: 0,
            findings: true,
        }
    }

    /// Shows nodes at most `depth` levels below the root (the root is level 0).
    ///
    /// ```
    /// use memlayout::render::ReportTextOptions;
    /// use memlayout::LayoutReport;
    /// let report = vec![Box::new(1u8)].layout_report();
    /// let text = report.display_with(ReportTextOptions::new().max_depth(0)).to_string();
    /// assert!(!text.contains("[0]"));
    /// ```
    pub const fn max_depth(mut self, depth: usize) -> ReportTextOptions {
        self.max_depth = Some(depth);
        self
    }

    /// Shows only nodes whose inline plus heap bytes reach `bytes` (the root always shows).
    ///
    /// ```
    /// use memlayout::render::ReportTextOptions;
    /// use memlayout::LayoutReport;
    /// let report = vec![vec![0u8; 10]].layout_report();
    /// let text = report.display_with(ReportTextOptions::new().min_bytes(100)).to_string();
    /// assert!(!text.contains("[0]"));
    /// ```
    pub const fn min_bytes(mut self, bytes: usize) -> ReportTextOptions {
        self.min_bytes = bytes;
        self
    }

    /// Whether to list the findings after the tree (default `true`).
    ///
    /// ```
    /// use memlayout::render::ReportTextOptions;
    /// use memlayout::LayoutReport;
    /// let report = Vec::<u8>::with_capacity(8).layout_report();
    /// let text = report.display_with(ReportTextOptions::new().findings(false)).to_string();
    /// assert!(!text.contains("findings"));
    /// ```
    pub const fn findings(mut self, show: bool) -> ReportTextOptions {
        self.findings = show;
        self
    }

    /// The setting of [`ReportTextOptions::max_depth`]: `None` shows every depth.
    ///
    /// ```
    /// use memlayout::render::ReportTextOptions;
    /// assert_eq!(ReportTextOptions::new().get_max_depth(), None);
    /// assert_eq!(ReportTextOptions::new().max_depth(2).get_max_depth(), Some(2));
    /// ```
    pub const fn get_max_depth(&self) -> Option<usize> {
        self.max_depth
    }

    /// The setting of [`ReportTextOptions::min_bytes`].
    ///
    /// ```
    /// use memlayout::render::ReportTextOptions;
    /// assert_eq!(ReportTextOptions::new().get_min_bytes(), 0);
    /// ```
    pub const fn get_min_bytes(&self) -> usize {
        self.min_bytes
    }

    /// The setting of [`ReportTextOptions::findings`].
    ///
    /// ```
    /// use memlayout::render::ReportTextOptions;
    /// assert!(ReportTextOptions::new().get_findings());
    /// assert!(!ReportTextOptions::new().findings(false).get_findings());
    /// ```
    pub const fn get_findings(&self) -> bool {
        self.findings
    }
}

impl Default for ReportTextOptions {
    fn default() -> ReportTextOptions {
        ReportTextOptions::new()
    }
}

/// A [`Report`] with [`ReportTextOptions`], ready to print: made by [`Report::display`] and
/// [`Report::display_with`].
///
/// ```
/// use memlayout::LayoutReport;
/// let text = vec![1u8].layout_report().display().to_string();
/// assert!(text.starts_with("Vec<u8>: "));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ReportDisplay<'r> {
    report: &'r Report,
    options: ReportTextOptions,
}

impl<'r> ReportDisplay<'r> {
    pub(crate) fn new(report: &'r Report, options: ReportTextOptions) -> Self {
        ReportDisplay { report, options }
    }

    fn is_shown(&self, id: usize) -> bool {
        let node = &self.report.nodes[id];
        id == 0
            || (self
                .options
                .max_depth
                .is_none_or(|d| node.depth as usize <= d)
                && node.inline_bytes() + self.report.nodes[id].subtree().heap_bytes
                    >= self.options.min_bytes)
    }

    /// One row of cells per shown node (and per group of hidden children); the `reserved`
    /// cell is empty without an allocator model (and the column is not printed).
    fn rows(&self) -> Vec<[String; COLUMNS]> {
        let report = self.report;
        let mut rows = Vec::new();
        let mut stack = vec![0usize];
        let mut segment = String::new();
        while let Some(id) = stack.pop() {
            let node = &report.nodes[id];
            let depth = node.depth as usize;
            let mut name = String::new();
            indent(&mut name, depth);
            segment.clear();
            match &node.segment {
                // A long key would widen every row: show its start, as the drop order does (the
                // full key stays in `Node::path`, `find` and the JSON).
                Segment::Key(key) if key.chars().count() > MAX_KEY_CHARS => {
                    segment.push('[');
                    segment.extend(key.chars().take(MAX_KEY_CHARS));
                    segment.push_str("…]");
                }
                _ => report.write_segment(id, &mut segment),
            }
            name.push_str(&display_path(&segment));
            let totals = report.nodes[id].subtree();
            let mut type_name = short_type_name((node.layout.type_name)());
            if let Some(variant) = node.variant {
                let _ = write!(type_name, "::{variant}");
            }
            rows.push([
                name,
                cut(type_name, MAX_TYPE_WIDTH),
                node.offset().map(|o| o.to_string()).unwrap_or_default(),
                human_bytes(node.inline_bytes()),
                if totals.heap_bytes == 0 {
                    String::new()
                } else {
                    human_bytes(totals.heap_bytes)
                },
                report
                    .reserved
                    .as_deref()
                    .map(|r| r.subtree[id].reserved)
                    .filter(|&bytes| bytes > 0)
                    .map(human_bytes)
                    .unwrap_or_default(),
                if totals.unused_capacity == 0 {
                    String::new()
                } else {
                    human_bytes(totals.unused_capacity)
                },
                if totals.allocations == 0 {
                    String::new()
                } else {
                    totals.allocations.to_string()
                },
                self.notes(id),
            ]);
            let (start, end) = node.children;
            let (mut hidden, mut hidden_bytes) = (0usize, 0usize);
            for child in report.child_ids(start, end).rev() {
                if self.is_shown(child) {
                    stack.push(child);
                } else {
                    hidden += 1;
                    hidden_bytes += report.nodes[child].subtree().heap_bytes;
                }
            }
            if hidden > 0 {
                // Placed before the shown children pop, right under this node.
                let mut name = String::new();
                indent(&mut name, depth + 1);
                let _ = write!(name, "… {hidden} more");
                let heap = if hidden_bytes == 0 {
                    String::new()
                } else {
                    human_bytes(hidden_bytes)
                };
                let filter = "(hidden by the display filters)".to_string();
                rows.push([
                    name,
                    String::new(),
                    String::new(),
                    String::new(),
                    heap,
                    String::new(),
                    String::new(),
                    String::new(),
                    filter,
                ]);
            }
        }
        rows
    }

    fn notes(&self, id: usize) -> String {
        let report = self.report;
        let node = &report.nodes[id];
        let mut notes = Vec::new();
        match node.kind {
            NodeKind::Borrowed => notes.push("borrowed, not counted".to_string()),
            NodeKind::Measured => notes.push("measured, not walked".to_string()),
            NodeKind::Summary => {
                if let Some(s) = report.summary_of(id) {
                    notes.push(format!(
                        "{} {} folded; each: heap {}..{}, allocations {}..{}",
                        s.count,
                        if s.is_chain { "links" } else { "elements" },
                        human_bytes(s.min.heap_bytes),
                        human_bytes(s.max.heap_bytes),
                        s.min.allocations,
                        s.max.allocations
                    ));
                }
            }
            NodeKind::Value => {}
        }
        if let Some(shared) = node.shared.as_deref() {
            let handle = if shared.is_weak {
                "weak handle"
            } else {
                "shared"
            };
            let place = if shared.counted_here {
                format!("block {} counted here", human_bytes(shared.block_bytes))
            } else {
                format!(
                    "counted at {}",
                    display_path(&report.path_of(shared.first_seen))
                )
            };
            notes.push(format!(
                "{handle}: strong {}, weak {}, {place}",
                shared.strong, shared.weak
            ));
        }
        if node.elided_parts > 0 {
            notes.push(format!(
                "{} parts folded here (node budget): heap {}",
                node.elided_parts,
                human_bytes(node.elided_totals().heap_bytes)
            ));
        }
        if !node.own_is_exact || !node.elided_totals().is_exact {
            let t = self.report.contribution(id);
            notes.push(if t.heap_bytes_low == t.heap_bytes_high {
                // Bytes known, depth not (a B-tree's entries below its root).
                String::from("estimate: depth a lower bound")
            } else {
                format!(
                    "estimate, between {} and {}",
                    human_bytes(t.heap_bytes_low),
                    human_bytes(t.heap_bytes_high)
                )
            });
        }
        if let Some(reason) = node.unreadable {
            notes.push(format!("unreadable: {reason}"));
        }
        if let Some(release) = node.resource {
            notes.push(format!("resource: {release}"));
        }
        notes.join("; ")
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth.min(MAX_INDENT) {
        out.push_str("  ");
    }
    if depth > MAX_INDENT {
        let _ = write!(out, "⋯{depth} ");
    }
}

fn cut(mut s: String, width: usize) -> String {
    if s.chars().count() > width {
        let end = s.char_indices().nth(width - 1).map_or(s.len(), |(i, _)| i);
        s.truncate(end);
        s.push('…');
    }
    s
}

/// The end of the totals line: `, exact`, or what is not (the heap's bounds, unreadable parts,
/// a depth that is a lower bound).
fn exactness(t: &Totals) -> String {
    // A depth with unreadable parts is open anyway: the unreadable parts say so.
    let depth = if t.indirection_is_exact || t.unreadable > 0 {
        ""
    } else {
        "indirection a lower bound"
    };
    if t.is_exact {
        return if depth.is_empty() {
            String::from(", exact")
        } else {
            // Bytes known, depth not (a B-tree's entries below its root).
            format!(", heap exact; {depth}")
        };
    }
    let unreadable = if t.unreadable > 0 {
        format!(", {} part(s) unreadable", t.unreadable)
    } else {
        String::new()
    };
    let depth = if depth.is_empty() {
        String::new()
    } else {
        format!("; {depth}")
    };
    format!(
        ", estimate: heap between {} and {}{unreadable}{depth}",
        human_bytes(t.heap_bytes_low),
        human_bytes(t.heap_bytes_high),
    )
}

impl fmt::Display for ReportDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = self.report;
        let t = report.totals();
        writeln!(
            f,
            "{}: inline {} (padding {}), heap {} in {} allocation(s), unused {}, heap padding {}, shared {}, deepest {} hop(s){}",
            report.root_type(),
            human_bytes(t.inline_bytes),
            human_bytes(t.inline_padding),
            human_bytes(t.heap_bytes),
            t.allocations,
            human_bytes(t.unused_capacity),
            human_bytes(t.heap_padding),
            human_bytes(t.shared_bytes),
            t.max_indirection,
            exactness(&t)
        )?;
        if let Some(reserved) = report.reserved() {
            writeln!(
                f,
                "reserved under {}: {} (allocator overhead {}, of which headers {}){}",
                reserved.model,
                human_bytes(reserved.reserved_bytes),
                human_bytes(reserved.overhead_bytes()),
                human_bytes(reserved.header_bytes),
                if reserved.is_exact {
                    ""
                } else {
                    ", an estimate"
                }
            )?;
        }
        let header = [
            "path", "type", "offset", "inline", "heap", "reserved", "unused", "allocs", "notes",
        ];
        // Without an allocator model there is no reserved column.
        let has_reserved = report.reserved.is_some();
        let rows = self.rows();
        let mut widths = header.map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row.iter()) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut line = String::new();
        for row in core::iter::once(&header.map(String::from)).chain(rows.iter()) {
            line.clear();
            for (i, cell) in row.iter().enumerate() {
                if i == RESERVED && !has_reserved {
                    continue;
                }
                let pad = widths[i] - cell.chars().count();
                match i {
                    0 | 1 => {
                        line.push_str(cell);
                        line.extend(core::iter::repeat_n(' ', pad));
                    }
                    NOTES => line.push_str(cell),
                    _ => {
                        line.extend(core::iter::repeat_n(' ', pad));
                        line.push_str(cell);
                    }
                }
                if i < NOTES {
                    line.push_str("  ");
                }
            }
            writeln!(f, "{}", line.trim_end())?;
        }
        if self.options.findings && !report.findings().is_empty() {
            writeln!(f, "findings, largest first:")?;
            for finding in report.findings() {
                writeln!(
                    f,
                    "  {:>9}  {:<18} {}: {}",
                    human_bytes(finding.bytes),
                    finding.kind.label(),
                    display_path(&finding.path),
                    finding.message
                )?;
            }
        }
        Ok(())
    }
}
