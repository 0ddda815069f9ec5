//! What changed between two reports of one value (or of two values of one type), by path.

use alloc::{string::String, vec::Vec};

use core::fmt;

use crate::budget::{write_overrun, CONTRIBUTORS};
use crate::collections::Map;
use crate::report::{count_bytes, Report, Segment, Totals};

/// The figures a diff compares at one path: what the node adds to the totals by itself (its own
/// heap blocks and any parts folded into it), and, for a summary of a collection's elements past
/// the first few, how many elements it folds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct PathFigures {
    /// Heap bytes the node's own and folded parts own.
    pub heap_bytes: usize,
    /// Unused capacity in them.
    pub unused_capacity: usize,
    /// Allocations they are.
    pub allocations: usize,
    /// How many of a collection's elements the figures cover: for a summary, the elements (a
    /// chain's: the links) it folds plus the shown elements that came or went (folded into it by the diff); 1 for a
    /// shown element; 0 otherwise.
    pub elements: usize,
}

/// One path whose figures changed: a row of a [`ReportDiff`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct PathChange {
    /// The node's path (`""` for the root). A summary's path keeps only where it starts
    /// (`.items[8..]`, `.map[#8..]`, `.next.Some.0.*{8..}` for a chain's links), so a summary
    /// of a grown collection matches the old one.
    pub path: String,
    /// The node's full type name (for a summary, its elements').
    pub type_name: &'static str,
    /// The figures in the earlier report; `None` where it had no node at the path.
    pub before: Option<PathFigures>,
    /// The figures in the later report; `None` where it has no node at the path.
    pub after: Option<PathFigures>,
}

impl PathChange {
    /// Heap bytes gained at the path (negative when it shrank).
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let earlier = vec![0u8; 10].layout_report();
    /// let later = vec![0u8; 30].layout_report();
    /// assert_eq!(later.diff(&earlier).changes()[0].heap_delta(), 20);
    /// ```
    pub fn heap_delta(&self) -> isize {
        delta(self.before, self.after, |f| f.heap_bytes)
    }

    /// Unused capacity gained at the path (negative when it shrank).
    pub fn unused_delta(&self) -> isize {
        delta(self.before, self.after, |f| f.unused_capacity)
    }

    /// Allocations gained at the path (negative when fewer).
    pub fn allocations_delta(&self) -> isize {
        delta(self.before, self.after, |f| f.allocations)
    }
}

/// `figure` after minus before, a missing node counting as 0.
fn delta(
    before: Option<PathFigures>,
    after: Option<PathFigures>,
    figure: impl Fn(&PathFigures) -> usize,
) -> isize {
    let of = |f: Option<PathFigures>| f.as_ref().map_or(0, &figure) as isize;
    of(after) - of(before)
}

/// What grew or shrank between two reports, path by path, largest change first: what
/// [`Report::diff`] returns. `Display` prints it; `to_json` (feature `json`) gives a document.
///
/// The heap deltas of all changes add up to [`ReportDiff::growth`]: every heap byte is owned by
/// exactly one node of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportDiff {
    pub(crate) root_type: &'static str,
    pub(crate) earlier: Totals,
    pub(crate) later: Totals,
    pub(crate) changes: Vec<PathChange>,
}

impl Report {
    /// What changed since `earlier`, a report of the same value at another moment (or of
    /// another value of the same type): every path whose heap bytes, unused capacity,
    /// allocations or number of summarised elements differ, largest heap change first.
    /// Summarised elements are compared as one count and one total per collection.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    ///
    /// let mut names: Vec<String> = vec![String::from("a")];
    /// let earlier = names.layout_report();
    /// names[0].push_str("bcdefgh");
    /// let diff = names.layout_report().diff(&earlier);
    /// let change = &diff.changes()[0];
    /// assert_eq!(change.path, "[0]");
    /// assert_eq!(change.heap_delta(), names[0].capacity() as isize - 1);
    /// assert_eq!(diff.growth(), change.heap_delta());
    /// ```
    pub fn diff(&self, earlier: &Report) -> ReportDiff {
        let (before, after) = (earlier.rows(), self.rows());
        // Rows are matched by their parents' match and their own segment, root to leaves (one
        // pass over each report: a path is written only for a change that is kept).
        let mut index_before: Map<(usize, &str), usize> = Map::default();
        for (i, row) in before.iter().enumerate() {
            if let Some(parent) = row.parent_row {
                index_before.insert((parent, row.segment.as_str()), i);
            }
        }
        let mut before_of: Vec<Option<usize>> = Vec::with_capacity(after.len());
        let mut after_of: Vec<Option<usize>> = vec![None; before.len()];
        for (i, row) in after.iter().enumerate() {
            let matched = match row.parent_row {
                None => (!before.is_empty()).then_some(0),
                Some(parent) => before_of[parent]
                    .and_then(|p| index_before.get(&(p, row.segment.as_str())).copied()),
            };
            if let Some(b) = matched {
                after_of[b] = Some(i);
            }
            before_of.push(matched);
        }
        // Every change in the order it is made: one per row of the later report, then one per
        // row of the earlier report that has no match.
        let mut drafts: Vec<Draft> = Vec::with_capacity(after.len());
        for (i, row) in after.iter().enumerate() {
            let before_figures = before_of[i].map(|b| before[b].figures);
            drafts.push(Draft::new(
                Side::After,
                i,
                before_figures,
                Some(row.figures),
            ));
        }
        let mut change_of_before: Vec<Option<usize>> = vec![None; before.len()];
        for (b, row) in before.iter().enumerate() {
            if after_of[b].is_none() {
                change_of_before[b] = Some(drafts.len());
                drafts.push(Draft::new(Side::Before, b, Some(row.figures), None));
            }
        }
        // Each collection's summary (by its change), from either report, the later's first.
        let summary_in = |rows: &[DiffRow]| {
            let mut summaries: Map<usize, usize> = Map::default();
            for (i, row) in rows.iter().enumerate() {
                if let (true, Some(collection)) = (row.is_summary, row.parent_row) {
                    summaries.insert(collection, i);
                }
            }
            summaries
        };
        let (summaries_before, summaries_after) = (summary_in(&before), summary_in(&after));
        let summary_change = |side: Side, collection: usize| -> Option<usize> {
            let (in_after, in_before) = match side {
                Side::After => (Some(collection), before_of[collection]),
                Side::Before => (after_of[collection], Some(collection)),
            };
            let later = in_after.and_then(|c| summaries_after.get(&c).copied());
            later.or_else(|| {
                let summary = *summaries_before.get(&in_before?)?;
                change_of_before[summary]
            })
        };
        // The summary a node folds into when it comes or goes: that of the collection of its
        // outermost enclosing element (itself included) shown in one report only, so the
        // parts of an entry that moved in or out of view fold with the entry. Only that
        // element counts as one of the summary's elements (not the elements of its parts).
        for draft in &mut drafts {
            let (rows, is_matched): (&[DiffRow], &dyn Fn(usize) -> bool) = match draft.side {
                Side::After => (&after, &|i| before_of[i].is_some()),
                Side::Before => (&before, &|i| after_of[i].is_some()),
            };
            if is_matched(draft.row) {
                continue;
            }
            let mut elements = Vec::new();
            let mut at = rows[draft.row].element_row;
            while let Some(element) = at {
                elements.push(element);
                at = rows[element].parent_row.and_then(|p| rows[p].element_row);
            }
            let Some(&element) = elements.iter().rev().find(|&&e| !is_matched(e)) else {
                continue;
            };
            let Some(collection) = rows[element].parent_row else {
                continue;
            };
            let Some(summary) = summary_change(draft.side, collection) else {
                continue;
            };
            draft.folds_into = Some(summary);
            if elements[0] != element {
                for figures in [&mut draft.before, &mut draft.after].into_iter().flatten() {
                    figures.elements = 0;
                }
            }
        }
        let drafts = fold_into_summaries(drafts);
        let mut changes: Vec<PathChange> = drafts
            .into_iter()
            // Unchanged figures, and a node that appears or goes with no figures of its own,
            // change nothing.
            .filter(|d| d.before.unwrap_or_default() != d.after.unwrap_or_default())
            .map(|d| {
                let rows = match d.side {
                    Side::After => &after,
                    Side::Before => &before,
                };
                PathChange {
                    path: row_path(rows, d.row),
                    type_name: rows[d.row].type_name,
                    before: d.before,
                    after: d.after,
                }
            })
            .collect();
        changes.sort_by_key(|c| {
            core::cmp::Reverse((
                c.heap_delta().unsigned_abs(),
                c.unused_delta().unsigned_abs(),
            ))
        });
        ReportDiff {
            root_type: self.root_full_type(),
            earlier: earlier.totals(),
            later: self.totals(),
            changes,
        }
    }

    /// Every node as a diff compares it, in walk order (parents before children).
    fn rows(&self) -> Vec<DiffRow> {
        let mut rows: Vec<DiffRow> = Vec::with_capacity(self.nodes.len());
        for node in self.nodes() {
            let own = self.contribution(node.id());
            let mut row = DiffRow {
                segment: String::new(),
                type_name: node.full_type_name(),
                figures: PathFigures {
                    heap_bytes: own.heap_bytes,
                    unused_capacity: own.unused_capacity,
                    allocations: own.allocations,
                    elements: 0,
                },
                parent_row: None,
                element_row: None,
                is_summary: false,
            };
            let Some(parent) = node.parent() else {
                rows.push(row);
                continue;
            };
            row.parent_row = Some(parent.id());
            row.element_row = rows[parent.id()].element_row;
            if let Some(summary) = node.summary().filter(|s| s.is_chain) {
                // A chain's links are not a collection's elements: nothing else folds into it.
                row.segment = format!(".*{{{}..}}", summary.first_index);
                row.figures.elements = summary.count;
            } else if let Some(summary) = node.summary() {
                let hash = if summary.is_entries { "#" } else { "" };
                row.segment = format!("[{hash}{}..]", summary.first_index);
                row.is_summary = true;
                row.figures.elements = summary.count;
            } else {
                self.write_segment(node.id(), &mut row.segment);
                if is_element(&self.nodes[node.id()].segment) {
                    row.element_row = Some(node.id());
                    row.figures.elements = 1;
                }
            }
            rows.push(row);
        }
        rows
    }
}

/// A node as a diff compares it.
struct DiffRow {
    /// Its path segment (a summary's cut to where it starts: `[8..]`, `.*{8..}`).
    segment: String,
    type_name: &'static str,
    /// Its own figures; for a summary, its elements' and their count; for an element, a count
    /// of 1 (for when it folds into its collection's summary).
    figures: PathFigures,
    /// Its parent's row (rows are in node order: a node's row is at its id).
    parent_row: Option<usize>,
    /// For an element of a collection, or a part of one: the (nearest) element's row.
    element_row: Option<usize>,
    /// Whether it is a summary of its parent collection's elements.
    is_summary: bool,
}

/// The path of row `row`: its segments from the root's.
fn row_path(rows: &[DiffRow], row: usize) -> String {
    let mut lineage = Vec::new();
    let mut at = Some(row);
    while let Some(i) = at {
        lineage.push(i);
        at = rows[i].parent_row;
    }
    let mut path = String::new();
    for &i in lineage.iter().rev() {
        path.push_str(&rows[i].segment);
    }
    path
}

/// Which report a change's row is in.
#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

/// A change before folding: its row, its figures, and the change of the summary it folds into.
struct Draft {
    side: Side,
    row: usize,
    before: Option<PathFigures>,
    after: Option<PathFigures>,
    folds_into: Option<usize>,
}

impl Draft {
    fn new(
        side: Side,
        row: usize,
        before: Option<PathFigures>,
        after: Option<PathFigures>,
    ) -> Self {
        Draft {
            side,
            row,
            before,
            after,
            folds_into: None,
        }
    }
}

/// Whether a node reached by `segment` is an element or entry of a collection.
fn is_element(segment: &Segment) -> bool {
    matches!(
        segment,
        Segment::Index(_) | Segment::Key(_) | Segment::Entry(_)
    )
}

/// Folds each change marked with a summary's change into it: a shown element that came or
/// went is compared with the elements summarised, so that a reshuffled hash map shows one row
/// for its elements, not one per element shown at one time only. A change whose summary folds
/// itself stays a row of its own.
fn fold_into_summaries(drafts: Vec<Draft>) -> Vec<Draft> {
    let is_pending: Vec<bool> = drafts.iter().map(|d| d.folds_into.is_some()).collect();
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    // Each draft's place in `out` (the ones that fold nowhere).
    let mut at: Vec<Option<usize>> = vec![None; drafts.len()];
    let mut pending: Vec<Draft> = Vec::new();
    for (i, draft) in drafts.into_iter().enumerate() {
        if draft.folds_into.is_some() {
            pending.push(draft);
        } else {
            at[i] = Some(out.len());
            out.push(draft);
        }
    }
    for draft in pending {
        let target = draft
            .folds_into
            .filter(|&s| !is_pending[s])
            .and_then(|s| at[s]);
        match target {
            Some(i) => {
                let summary = &mut out[i];
                summary.before = add_figures(summary.before, draft.before);
                summary.after = add_figures(summary.after, draft.after);
            }
            None => out.push(draft),
        }
    }
    out
}

/// `a + b`, each missing one counting as nothing.
fn add_figures(a: Option<PathFigures>, b: Option<PathFigures>) -> Option<PathFigures> {
    match (a, b) {
        (Some(a), Some(b)) => Some(PathFigures {
            heap_bytes: a.heap_bytes + b.heap_bytes,
            unused_capacity: a.unused_capacity + b.unused_capacity,
            allocations: a.allocations + b.allocations,
            elements: a.elements + b.elements,
        }),
        (a, b) => a.or(b),
    }
}

impl ReportDiff {
    /// The paths that changed, largest heap change (either way) first.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let v = vec![1u32; 8];
    /// assert!(v.layout_report().diff(&v.layout_report()).changes().is_empty());
    /// ```
    pub fn changes(&self) -> &[PathChange] {
        &self.changes
    }

    /// Heap bytes gained by the whole value (negative when it shrank).
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let mut v: Vec<u64> = Vec::with_capacity(100);
    /// let earlier = v.layout_report();
    /// v.shrink_to(10);
    /// assert_eq!(v.layout_report().diff(&earlier).growth(), -(90 * 8));
    /// ```
    pub fn growth(&self) -> isize {
        self.later.heap_bytes as isize - self.earlier.heap_bytes as isize
    }

    /// The earlier report's root figures.
    pub fn earlier(&self) -> &Totals {
        &self.earlier
    }

    /// The later report's root figures.
    pub fn later(&self) -> &Totals {
        &self.later
    }

    /// The root's type name without module paths (of the later report), as the text form
    /// prints it: like [`Report::root_type`]. [`ReportDiff::root_full_type`] has the full path.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let earlier = vec![1u8].layout_report();
    /// let diff = vec![1u8, 2].layout_report().diff(&earlier);
    /// assert_eq!(diff.root_type(), "Vec<u8>");
    /// ```
    pub fn root_type(&self) -> String {
        crate::render::short_type_name(self.root_type)
    }

    /// The root's full type name (of the later report), as `core::any::type_name` gives it:
    /// the JSON's `"root_type"`.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let earlier = vec![1u8].layout_report();
    /// let diff = vec![1u8, 2].layout_report().diff(&earlier);
    /// assert_eq!(diff.root_full_type(), "alloc::vec::Vec<u8>");
    /// ```
    pub fn root_full_type(&self) -> &'static str {
        self.root_type
    }

    /// Panics unless the value grew by at most `budget` heap bytes, with the message of every
    /// test-time assertion: the value named by its type, `growth = N bytes, budget growth <=
    /// M`, then the paths that grew most. A figure that is not exact (an estimate, an
    /// unreadable part) fails unless even its worst case (the later upper bound minus the
    /// earlier lower bound) is within the budget.
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let mut cache: Vec<String> = Vec::new();
    /// let earlier = cache.layout_report();
    /// cache.extend((0..100).map(|i| i.to_string()));
    /// // panics: `Vec<String>` is over budget:
    /// //   growth = N bytes, budget growth <= 64
    /// //     largest contributors: Vec<String> (itself) 2400 bytes, Vec<String>[..] 2 bytes, ...
    /// cache.layout_report().diff(&earlier).assert_growth_at_most(64);
    /// ```
    #[track_caller]
    pub fn assert_growth_at_most(&self, budget: usize) {
        let worst = if self.later.unreadable > 0 || self.earlier.unreadable > 0 {
            usize::MAX
        } else {
            self.later
                .heap_bytes_high
                .saturating_sub(self.earlier.heap_bytes_low)
        };
        if exceeds(self.growth(), budget) || worst > budget {
            panic!("{}", GrowthOverrun { diff: self, budget });
        }
    }
}

/// Whether a growth (negative: a shrink) is more than `budget` bytes. Compared without casting
/// the budget to `isize`, where a budget above `isize::MAX` (`usize::MAX`: no limit) would
/// turn negative and fail every diff.
fn exceeds(growth: isize, budget: usize) -> bool {
    usize::try_from(growth).is_ok_and(|growth| growth > budget)
}

/// The failure message of [`ReportDiff::assert_growth_at_most`], in the format of every
/// test-time assertion (see `budget::write_overrun`).
struct GrowthOverrun<'d> {
    diff: &'d ReportDiff,
    budget: usize,
}

impl fmt::Display for GrowthOverrun<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let diff = self.diff;
        let name = diff.root_type();
        write!(f, "`{name}` is over budget:")?;
        let growth = diff.growth();
        let mut actual = signed_bytes(growth);
        if !exceeds(growth, self.budget) {
            actual += &format!(" ({})", diff.unverified());
        }
        let places: Vec<(String, String)> = diff
            .changes
            .iter()
            .filter(|c| c.heap_delta() > 0)
            .take(CONTRIBUTORS)
            .map(|c| {
                let place = if c.path.is_empty() {
                    format!("{name} (itself)")
                } else {
                    format!("{name}{}", c.path)
                };
                (place, count_bytes(c.heap_delta().unsigned_abs()))
            })
            .collect();
        let parts = places
            .iter()
            .map(|(place, amount)| (place.as_str(), amount.clone()));
        write_overrun(f, "growth", &actual, self.budget, parts)?;
        let unreadable = diff.later.unreadable.max(diff.earlier.unreadable);
        if unreadable > 0 {
            write!(
                f,
                "\n  ({unreadable} unreadable part(s), locked or borrowed, are not counted)"
            )?;
        }
        Ok(())
    }
}

impl ReportDiff {
    /// Why the growth may exceed a budget though its value does not, worded as
    /// [`Figure`](crate::budget::Figure)'s reasons are.
    fn unverified(&self) -> String {
        let unreadable = self.later.unreadable.max(self.earlier.unreadable);
        if unreadable > 0 {
            let parts = if unreadable == 1 { "part" } else { "parts" };
            return format!("cannot verify: {unreadable} {parts} unreadable");
        }
        let low = self.later.heap_bytes_low as isize - self.earlier.heap_bytes_high as isize;
        if self.later.heap_bytes_high == usize::MAX {
            return format!(
                "estimate of at least {}, no upper bound known",
                signed_bytes(low)
            );
        }
        let high = self.later.heap_bytes_high as isize - self.earlier.heap_bytes_low as isize;
        format!(
            "estimate between {} and {}",
            signed_bytes(low),
            signed_bytes(high)
        )
    }
}

/// `bytes` with its unit, negative for a shrink (`-16 bytes`).
fn signed_bytes(bytes: isize) -> String {
    let amount = count_bytes(bytes.unsigned_abs());
    if bytes < 0 {
        format!("-{amount}")
    } else {
        amount
    }
}
