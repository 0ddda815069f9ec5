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
        // Each collection's summary, from either report.
        let mut summary_of: Map<&str, &str> = Map::default();
        for row in before.iter().chain(&after) {
            if let Some(collection) = &row.summary_for {
                summary_of.insert(collection.as_str(), row.path.as_str());
            }
        }
        let mut index_before: Map<&str, usize> = Map::default();
        for (i, row) in before.iter().enumerate() {
            index_before.insert(row.path.as_str(), i);
        }
        let mut index_after: Map<&str, usize> = Map::default();
        for (i, row) in after.iter().enumerate() {
            index_after.insert(row.path.as_str(), i);
        }
        // The summary a node folds into when it comes or goes: that of the collection of its
        // outermost enclosing element (itself included) shown in one report only, so the
        // parts of an entry that moved in or out of view fold with the entry. Only that
        // element counts as one of the summary's elements (not the elements of its parts).
        let folds_into = |row: &DiffRow, rows: &[DiffRow], other: &Map<&str, usize>| {
            let mut elements = Vec::new();
            let mut at = row.element_row;
            while let Some(element) = at {
                elements.push(element);
                at = rows[element].parent_row.and_then(|p| rows[p].element_row);
            }
            let element = *elements
                .iter()
                .rev()
                .find(|&&e| !other.contains_key(rows[e].path.as_str()))?;
            let collection = rows[element].parent_row.map(|p| rows[p].path.as_str())?;
            let summary = summary_of.get(collection)?;
            Some((String::from(*summary), elements[0] == element))
        };
        // A change that folds into a summary, its elements counted only for the element that
        // folds (the parts of an element are not elements of the summary's collection).
        let folding = |mut change: PathChange, folds: Option<(String, bool)>| match folds {
            Some((summary, is_the_element)) => {
                if !is_the_element {
                    for figures in [&mut change.before, &mut change.after]
                        .into_iter()
                        .flatten()
                    {
                        figures.elements = 0;
                    }
                }
                (change, Some(summary))
            }
            None => (change, None),
        };
        let mut matched = vec![false; before.len()];
        let mut changes: Vec<(PathChange, Option<String>)> = Vec::new();
        for row in &after {
            let before_here = index_before.get(row.path.as_str()).map(|&i| {
                matched[i] = true;
                before[i].figures
            });
            let folds = if before_here.is_none() {
                folds_into(row, &after, &index_before)
            } else {
                None
            };
            changes.push(folding(row.change(before_here, Some(row.figures)), folds));
        }
        for (row, _) in before.iter().zip(&matched).filter(|(_, m)| !**m) {
            let folds = folds_into(row, &before, &index_after);
            changes.push(folding(row.change(Some(row.figures), None), folds));
        }
        let mut changes = fold_into_summaries(changes);
        // Unchanged figures, and a node that appears or goes with no figures of its own, change
        // nothing.
        changes.retain(|c| c.before.unwrap_or_default() != c.after.unwrap_or_default());
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
                path: String::new(),
                type_name: node.full_type_name(),
                figures: PathFigures {
                    heap_bytes: own.heap_bytes,
                    unused_capacity: own.unused_capacity,
                    allocations: own.allocations,
                    elements: 0,
                },
                parent_row: None,
                element_row: None,
                summary_for: None,
            };
            let Some(parent) = node.parent() else {
                rows.push(row);
                continue;
            };
            row.parent_row = Some(parent.id());
            row.element_row = rows[parent.id()].element_row;
            let parent_path = &rows[parent.id()].path;
            if let Some(summary) = node.summary().filter(|s| s.is_chain) {
                // A chain's links are not a collection's elements: nothing else folds into it.
                row.path = format!("{parent_path}.*{{{}..}}", summary.first_index);
                row.figures.elements = summary.count;
            } else if let Some(summary) = node.summary() {
                let hash = if summary.is_entries { "#" } else { "" };
                row.path = format!("{parent_path}[{hash}{}..]", summary.first_index);
                row.summary_for = Some(parent_path.clone());
                row.figures.elements = summary.count;
            } else {
                row.path = node.path();
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
    /// Its path (a summary's cut to where it starts).
    path: String,
    type_name: &'static str,
    /// Its own figures; for a summary, its elements' and their count; for an element, a count
    /// of 1 (for when it folds into its collection's summary).
    figures: PathFigures,
    /// Its parent's row (rows are in node order: a node's row is at its id).
    parent_row: Option<usize>,
    /// For an element of a collection, or a part of one: the (nearest) element's row.
    element_row: Option<usize>,
    /// For a summary: its collection's path.
    summary_for: Option<String>,
}

impl DiffRow {
    fn change(&self, before: Option<PathFigures>, after: Option<PathFigures>) -> PathChange {
        PathChange {
            path: self.path.clone(),
            type_name: self.type_name,
            before,
            after,
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

/// Folds each change marked with a summary's path into that summary's change: a shown element
/// that came or went is compared with the elements summarised, so that a reshuffled hash map
/// shows one row for its elements, not one per element shown at one time only.
fn fold_into_summaries(changes: Vec<(PathChange, Option<String>)>) -> Vec<PathChange> {
    let mut out: Vec<PathChange> = Vec::with_capacity(changes.len());
    let mut at: Map<String, usize> = Map::default();
    let mut pending: Vec<(PathChange, String)> = Vec::new();
    for (change, folds_into) in changes {
        match folds_into {
            Some(key) => pending.push((change, key)),
            None => {
                at.insert(change.path.clone(), out.len());
                out.push(change);
            }
        }
    }
    for (change, key) in pending {
        match at.get(&key) {
            Some(&i) => {
                let summary = &mut out[i];
                summary.before = add_figures(summary.before, change.before);
                summary.after = add_figures(summary.after, change.after);
            }
            None => out.push(change),
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
        if self.growth() > budget as isize || worst > budget {
            panic!("{}", GrowthOverrun { diff: self, budget });
        }
    }
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
        if growth <= self.budget as isize {
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
