//! What changed between two reports of one value (or of two values of one type), by path.

use alloc::{string::String, vec::Vec};

use crate::collections::Map;
use crate::report::{count_bytes, display_path, NodeKind, Report, Totals};

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
    /// For a summary: the elements it folds; 0 otherwise.
    pub elements: usize,
}

/// One path whose figures changed: a row of a [`ReportDiff`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct PathChange {
    /// The node's path (`""` for the root). A summary's path keeps only where it starts
    /// (`.items[8..]`, `.map[#8..]`), so a summary of a grown collection matches the old one.
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
        let before = earlier.figures_by_path();
        let mut index_before: Map<&str, usize> = Map::default();
        for (i, (path, _, _)) in before.iter().enumerate() {
            index_before.insert(path.as_str(), i);
        }
        let mut matched = vec![false; before.len()];
        let mut changes: Vec<PathChange> = Vec::new();
        for (path, type_name, after) in self.figures_by_path() {
            let before_here = index_before.get(path.as_str()).map(|&i| {
                matched[i] = true;
                before[i].2
            });
            changes.push(PathChange {
                path,
                type_name,
                before: before_here,
                after: Some(after),
            });
        }
        for ((path, type_name, figures), _) in before.iter().zip(&matched).filter(|(_, m)| !**m) {
            changes.push(PathChange {
                path: path.clone(),
                type_name,
                before: Some(*figures),
                after: None,
            });
        }
        // Unchanged figures, and a node that appears or goes with no figures of its own, change
        // nothing.
        changes.retain(|c| {
            c.before.unwrap_or_default() != c.after.unwrap_or_default()
        });
        changes.sort_by_key(|c| {
            core::cmp::Reverse((c.heap_delta().unsigned_abs(), c.unused_delta().unsigned_abs()))
        });
        ReportDiff {
            root_type: self.root_type(),
            earlier: earlier.totals(),
            later: self.totals(),
            changes,
        }
    }

    /// Every node's path (a summary's cut to where it starts), type and own figures.
    fn figures_by_path(&self) -> Vec<(String, &'static str, PathFigures)> {
        self.nodes()
            .map(|node| {
                let data = &self.nodes[node.id()];
                let path = match (node.kind(), node.summary(), node.parent()) {
                    (NodeKind::Summary, Some(summary), Some(parent)) => {
                        let hash = if summary.is_entries { "#" } else { "" };
                        format!("{}[{hash}{}..]", parent.path(), summary.first_index)
                    }
                    _ => node.path(),
                };
                let own = data.contribution();
                let figures = PathFigures {
                    heap_bytes: own.heap_bytes,
                    unused_capacity: own.unused_capacity,
                    allocations: own.allocations,
                    elements: node.summary().map_or(0, |s| s.count),
                };
                (path, node.type_name(), figures)
            })
            .collect()
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

    /// The root's full type name (of the later report).
    pub fn root_type(&self) -> &'static str {
        self.root_type
    }

    /// Panics unless the value grew by at most `budget` heap bytes; the message names the paths
    /// that grew most. A figure that is not exact (an estimate, an unreadable part) fails unless
    /// even its worst case (the later upper bound minus the earlier lower bound) is within the
    /// budget.
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let mut cache: Vec<String> = Vec::new();
    /// let earlier = cache.layout_report();
    /// cache.extend((0..100).map(|i| i.to_string()));
    /// cache.layout_report().diff(&earlier).assert_growth_at_most(64);
    /// ```
    #[track_caller]
    pub fn assert_growth_at_most(&self, budget: usize) {
        let growth = self.growth();
        let name = crate::render::short_type_name(self.root_type);
        if growth > budget as isize {
            let largest: Vec<String> = self
                .changes
                .iter()
                .filter(|c| c.heap_delta() > 0)
                .take(5)
                .map(|c| format!("{} +{}", display_path(&c.path), count_bytes(c.heap_delta() as usize)))
                .collect();
            panic!(
                "{name} grew by {}, budget {}; largest: {}",
                count_bytes(growth as usize),
                count_bytes(budget),
                largest.join(", ")
            );
        }
        let worst = self
            .later
            .heap_bytes_high
            .saturating_sub(self.earlier.heap_bytes_low);
        if worst > budget {
            panic!(
                "{name} cannot be shown to grow by at most {}: its heap figures are not exact \
                 (up to {} between the two reports)",
                count_bytes(budget),
                if self.later.heap_bytes_high == usize::MAX {
                    String::from("an unknown amount")
                } else {
                    count_bytes(worst)
                }
            );
        }
    }
}
