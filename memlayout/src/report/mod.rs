//! A value's layout report: a tree of its parts with every figure, findings, queries and
//! assertions for tests.
//!
//! ```
//! use memlayout::LayoutReport;
//!
//! let mut names: Vec<String> = Vec::with_capacity(4);
//! names.push("ada".to_string());
//! let report = names.layout_report();
//!
//! assert_eq!(report.totals(), memlayout::totals(&names));
//! assert_eq!(report.find("[0]").unwrap().heap_bytes(), 3);
//! report.assert_heap_at_most(4096);
//! println!("{report}");
//! ```

use alloc::{string::String, vec::Vec};
use core::fmt;

use crate::render::{ReportDisplay, ReportTextOptions};
use crate::walk::report::SummaryFold;

mod arena;
mod by_type;
mod diff;
mod findings;
mod large_variants;
mod node;
mod options;
mod paths;
mod reserved;
mod rounding;
mod totals;

pub use by_type::{Footprint, TypeFootprint};
pub use diff::{PathChange, PathFigures, ReportDiff};
pub(crate) use findings::{count_bytes, findings};
pub use findings::{Finding, FindingKind};
pub(crate) use node::{Acc, KeyText, NodeData, OwnBounds, Segment, NO_OFFSET, NO_PARENT};
pub use node::{Node, NodeKind, SharedInfo, Summary};
pub use options::ReportOptions;
use paths::PathIndex;
pub(crate) use reserved::{Held, ReservedFigures};
pub use totals::{ReservedTotals, Totals};

// ---- the report ------------------------------------------------------------------------------

/// A value made on first use: `OnceLock` with `std` (a `Report` is then `Sync`), `OnceCell`
/// without (core has no lock).
#[cfg(feature = "std")]
pub(crate) type MadeOnce<T> = std::sync::OnceLock<T>;
#[cfg(not(feature = "std"))]
pub(crate) type MadeOnce<T> = core::cell::OnceCell<T>;

/// The layout of one value: a tree of its parts with every figure, and findings.
///
/// Made by [`LayoutReport::layout_report`]. It owns all its data (no borrow of the value), so
/// it can outlive the value and be sent across threads.
///
/// [`LayoutReport::layout_report`]: crate::LayoutReport::layout_report
///
/// # Paths
/// Every node has a path from the root in Rust-like syntax; the root's path is empty (`""`,
/// shown as `(root)`; [`Report::find`] accepts both).
///
/// | segment | part |
/// |---|---|
/// | `.name`, `.0` | a struct or tuple field |
/// | `.Some.0`, `.Circle.radius` | a field of an enum's active variant |
/// | `[3]` | element 3 of a slice, array, `Vec`, `VecDeque`; node 3 of a `LinkedList` |
/// | `["math"]`, `[7]` | a map entry, a `(K, V)` node, named by its key (as [`Layout::write_key`] writes it); a set's item |
/// | `[#3]` | entry 3 in iteration order, when the key has no short form |
/// | `.key`, `.value` | the key and the value of the map entry above |
/// | `.*` | what a pointer points to: a `Box`'s, `Rc`'s or `Arc`'s contents, a borrowed target |
/// | `.borrow()`, `.lock()`, `.read()` | contents behind a `RefCell`, `Mutex` or `RwLock` guard |
/// | `[8..1000]`, `[#8..1000]` | a summary of the elements (entries) past the first few |
/// | `.*{8..1000}` | a summary of a chain's links past the first few (in place of `.*`) |
///
/// [`Layout::write_key`]: crate::Layout::write_key
///
/// A map entry is one node of type `(K, V)` (its inline bytes the key's and value's added) with
/// the key and the value as its two children, each with its own figures: the heap a key owns is
/// under `.key`, the value's under `.value`. A set's item is the key itself. Entries whose key
/// and value own nothing (a `HashMap<u32, u64>`) get no nodes: the table's block is the map's.
///
/// ```
/// use memlayout::LayoutReport;
/// use std::collections::BTreeMap;
///
/// let m = BTreeMap::from([(String::from("ab"), vec![1u32, 2, 3])]);
/// let r = m.layout_report();
/// let entry = r.find(r#"["ab"]"#).unwrap();
/// assert_eq!(entry.type_name(), "(String, Vec<u32>)");
/// assert_eq!(r.find(r#"["ab"].key"#).unwrap().heap_bytes(), m.keys().next().unwrap().capacity());
/// assert_eq!(r.find(r#"["ab"].value"#).unwrap().heap_bytes(), 3 * 4);
/// ```
///
/// A linked list of boxes reads `.next.Some.0.*.next.Some.0.*…`: the field, the `Some` payload
/// (a `Box`), the box's contents. Past [`ReportOptions::max_children`] links (parts reached
/// through a pointer below that many ancestors of their own type), the rest of the chain is one
/// summary node, `.next.Some.0.*{8..100000}`, whose [`Summary::is_chain`] is set: a path into a
/// folded link finds it, as a path into a folded element finds its collection's summary.
///
/// # Figures
/// Each node carries its *own* figures (the heap blocks its value reported itself, see
/// [`Node::own`]) and its subtree's (see [`Node::totals`]). Every heap byte is owned by exactly
/// one node, so own figures add up to the root's totals, which equal [`totals`](crate::totals)
/// of the value (unless [`ReportOptions::fair_share`] is on).
///
/// ```
/// use memlayout::LayoutReport;
///
/// let v = vec![Some(Box::new(1u32)), None];
/// let r = v.layout_report();
/// let paths: Vec<String> = r.nodes().map(|n| n.path()).collect();
/// assert_eq!(paths, ["", "[0]", "[0].Some.0", "[0].Some.0.*", "[1]"]);
/// ```
#[derive(Clone, Debug)]
pub struct Report {
    /// The arena: every node, with its subtree's figures and a slot of the children list.
    pub(crate) nodes: Vec<NodeData>,
    /// Made on first use: most of a small report's cost is phrasing its findings.
    pub(crate) findings: MadeOnce<Vec<Finding>>,
    /// What [`Report::find`] keeps between lookups, made on the first.
    pub(crate) paths: MadeOnce<PathIndex>,
    pub(crate) options: ReportOptions,
    /// Every node's reserved figures, when an allocator model was chosen.
    pub(crate) reserved: Option<alloc::boxed::Box<ReservedFigures>>,
    /// Each summary node's [`Summary`] (at the node's `fold`), kept in the walk's accumulators
    /// it was folded in: one allocation for all of a report's summaries.
    pub(crate) summaries: Vec<SummaryFold>,
}

impl Report {
    /// The root's figures: the same as [`totals`](crate::totals) of the value (with the default
    /// options).
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let s = String::with_capacity(10);
    /// assert_eq!(s.layout_report().totals(), memlayout::totals(&s));
    /// ```
    pub fn totals(&self) -> Totals {
        *self.nodes[0].subtree()
    }

    /// The root's figures under the allocator model chosen with [`ReportOptions::allocator`]
    /// (`None` without one): the same as [`totals_with`](crate::totals_with) of the value.
    ///
    /// ```
    /// use memlayout::allocator::{Jemalloc, Model};
    /// use memlayout::{LayoutReport, ReportOptions};
    ///
    /// let words: Vec<String> = ["alpha", "beta"].iter().map(|s| s.to_string()).collect();
    /// let r = words.layout_report_with(ReportOptions::new().allocator(Model::Jemalloc));
    /// assert_eq!(r.reserved(), Some(memlayout::totals_with(&words, &Jemalloc)));
    /// ```
    pub fn reserved(&self) -> Option<ReservedTotals> {
        self.root().reserved()
    }

    /// The root node.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// assert_eq!(7u8.layout_report().root().path(), "");
    /// ```
    pub fn root(&self) -> Node<'_> {
        Node {
            report: self,
            id: 0,
        }
    }

    /// The root's type name without module paths, as the text form prints it (`Vec<String>`):
    /// [`Node::type_name`] of the root. [`Report::root_full_type`] has the full path.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let names = vec![String::from("a")];
    /// let report = names.layout_report();
    /// assert_eq!(report.root_type(), "Vec<String>");
    /// assert_eq!(report.root_type(), report.root().type_name());
    /// ```
    pub fn root_type(&self) -> String {
        self.root().type_name()
    }

    /// The root's full type name, as `core::any::type_name` gives it: the JSON's
    /// `"root_type"`, [`Node::full_type_name`] of the root.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let report = vec![String::from("a")].layout_report();
    /// assert_eq!(report.root_full_type(), core::any::type_name::<Vec<String>>());
    /// assert_eq!(report.root_full_type(), report.root().full_type_name());
    /// ```
    pub fn root_full_type(&self) -> &'static str {
        self.root().full_type_name()
    }

    /// How many nodes the report holds.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// assert_eq!(vec![String::new()].layout_report().len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Always `false`: a report has at least its root.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node at index `id` (indices follow [`Report::nodes`] order), if any.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// assert!(1u8.layout_report().node(0).is_some());
    /// ```
    pub fn node(&self, id: usize) -> Option<Node<'_>> {
        (id < self.nodes.len()).then_some(Node { report: self, id })
    }

    /// Every node, parents before their children (the order the walk met them).
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let r = vec![String::from("x")].layout_report();
    /// assert_eq!(r.nodes().map(|n| n.path()).collect::<Vec<_>>(), ["", "[0]"]);
    /// ```
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = Node<'_>> + '_ {
        (0..self.nodes.len()).map(move |id| Node { report: self, id })
    }

    /// What a reviewer would act on, largest first. Worked out on the first call (the walk only
    /// records the figures they come from), then kept.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// use memlayout::report::FindingKind;
    /// let v: Vec<u64> = Vec::with_capacity(100);
    /// let r = v.layout_report();
    /// assert_eq!(r.findings()[0].kind, FindingKind::EmptyAllocation);
    /// assert_eq!(r.findings()[0].bytes, 800);
    /// ```
    pub fn findings(&self) -> &[Finding] {
        self.findings.get_or_init(|| findings(self))
    }

    /// The options the report was made with.
    pub fn options(&self) -> &ReportOptions {
        &self.options
    }

    /// The `n` nodes with the largest non-zero `amount`, largest first (ties in walk order).
    pub(crate) fn largest(
        &self,
        n: usize,
        amount: impl Fn(Node<'_>) -> usize,
    ) -> Vec<(Node<'_>, usize)> {
        let mut top: Vec<(Node<'_>, usize)> = Vec::with_capacity(n + 1);
        for node in self.nodes() {
            let a = amount(node);
            if a == 0 || (top.len() == n && top.last().is_some_and(|&(_, b)| b >= a)) {
                continue;
            }
            let at = top.partition_point(|&(_, b)| b >= a);
            top.insert(at, (node, a));
            top.truncate(n);
        }
        top
    }

    /// Panics unless `figure` provably stays within `limit`, with the message of
    /// [`assert_budget!`](crate::assert_budget): the value (named by its root type), the figure,
    /// the budget and the largest contributors by path. A figure within the limit only as far as
    /// it could be read (an unreadable part, an estimate's upper bound past it) fails too.
    #[track_caller]
    fn assert_within(&self, figure: crate::budget::Figure, limit: usize) {
        let totals = self.totals();
        if figure.high(&totals) > limit {
            let name = self.root_type();
            let error = crate::budget::over_budget(&name, self, &totals, &[(figure, limit)]);
            panic!("{error}");
        }
    }

    /// Panics unless the value owns at most `limit` heap bytes; the message is
    /// [`assert_budget!`](crate::assert_budget)'s, with the value named by its type.
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let v = vec![0u8; 100];
    /// // panics: `Vec<u8>` is over budget:
    /// //   heap = 100 bytes, budget heap <= 64
    /// //     largest contributors: Vec<u8> (itself) 100 bytes
    /// v.layout_report().assert_heap_at_most(64);
    /// ```
    #[track_caller]
    pub fn assert_heap_at_most(&self, limit: usize) {
        self.assert_within(crate::budget::Figure::Heap, limit);
    }

    /// Panics unless at most `limit` bytes of heap are unused capacity (message as
    /// [`Report::assert_heap_at_most`]).
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let v: Vec<u8> = Vec::with_capacity(64);
    /// v.layout_report().assert_unused_at_most(0);
    /// ```
    #[track_caller]
    pub fn assert_unused_at_most(&self, limit: usize) {
        self.assert_within(crate::budget::Figure::Unused, limit);
    }

    /// Panics unless the value holds at most `limit` heap allocations (message as
    /// [`Report::assert_heap_at_most`]).
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let v = vec![String::from("a"), String::from("b")];
    /// v.layout_report().assert_allocations_at_most(2); // 3 allocations
    /// ```
    #[track_caller]
    pub fn assert_allocations_at_most(&self, limit: usize) {
        self.assert_within(crate::budget::Figure::Allocations, limit);
    }

    /// Panics unless every part is reached in at most `limit` pointer hops (message as
    /// [`Report::assert_heap_at_most`]).
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let b = Box::new(Box::new(1u8));
    /// b.layout_report().assert_indirection_at_most(1); // 2 hops
    /// ```
    #[track_caller]
    pub fn assert_indirection_at_most(&self, limit: usize) {
        self.assert_within(crate::budget::Figure::Indirection, limit);
    }

    /// Panics if the value holds any padding, inline or inside heap buffers (message as
    /// [`Report::assert_heap_at_most`]).
    ///
    /// Enums count no padding of their own (see [`TypeLayout::padding_bytes`]): a
    /// `Vec<Option<u64>>` passes although each element's tag leaves bytes unused, and so does a
    /// `Vec<Option<(u8, u64)>>`, whose payloads' gaps are inside an enum. Only structs' and
    /// tuples' gaps (nested ones included, outside enums) and `Rc`/`Arc` allocation rounding
    /// are checked.
    ///
    /// [`TypeLayout::padding_bytes`]: crate::TypeLayout::padding_bytes
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let v = vec![(1u8, 2u32); 4];
    /// v.layout_report().assert_no_padding(); // 3 bytes in each element
    /// ```
    #[track_caller]
    pub fn assert_no_padding(&self) {
        self.assert_within(crate::budget::Figure::Padding, 0);
    }

    /// The report as an indented tree with aligned columns, every node shown, findings after
    /// it: [`Report::display_with`] with the default [`ReportTextOptions`].
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let v: Vec<Vec<u8>> = vec![vec![0; 4096], vec![]];
    /// let text = v.layout_report().display().to_string();
    /// assert!(text.contains("[0]"));
    /// assert!(text.contains("[1] "));
    /// ```
    pub fn display(&self) -> ReportDisplay<'_> {
        self.display_with(ReportTextOptions::new())
    }

    /// The text form with filters: how deep, how large a node must be, whether to list the
    /// findings (`format!("{}", report)` and [`Report::display`] use the defaults).
    ///
    /// ```
    /// use memlayout::render::ReportTextOptions;
    /// use memlayout::LayoutReport;
    /// let v: Vec<Vec<u8>> = vec![vec![0; 4096], vec![]];
    /// let options = ReportTextOptions::new().max_depth(1).min_bytes(1024);
    /// let text = v.layout_report().display_with(options).to_string();
    /// assert!(text.contains("[0]"));
    /// assert!(!text.contains("[1] "));
    /// ```
    pub fn display_with(&self, options: ReportTextOptions) -> ReportDisplay<'_> {
        ReportDisplay::new(self, options)
    }

    /// Folded stacks for flame graphs (inferno, flamegraph.pl): one `root;seg;seg bytes` line
    /// per distinct stack, where `bytes` is what the nodes on that stack hold by themselves, so
    /// the lines add up to the root's inline plus heap bytes.
    ///
    /// - Elements are aggregated by field path: every element index, map key and summary of a
    ///   collection is the frame `[*]` (`Service;.requests;[*];.body`), so the graph shows which
    ///   part of the shown elements holds the bytes. A summary of elements (past
    ///   [`ReportOptions::max_children`]) has no parts, so its bytes are the `[*]` frame's own:
    ///   for a large collection most bytes sit on `[*]` with no breakdown. [`render::folded`](crate::render::folded)`(&value)`
    ///   walks every element instead and gives the same lines with the summaries' bytes broken
    ///   down by field path (and no lines for paths holding no bytes); it is the one to use
    ///   when the elements matter. With every element shown (`max_children` and `max_nodes`
    ///   at `usize::MAX`) the two agree line for line, but for this function's zero-byte lines.
    /// - A stack deeper than 32 path segments keeps its first 24 and last 8 segments and writes
    ///   the ones between as one `…` frame, as the text drop order elides deep paths: the output
    ///   stays proportional to the number of nodes, and a flame graph's depth bounded.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let v = vec![String::from("ab"), String::from("cde")];
    /// let folded = v.layout_report().folded();
    /// let vec_buffer = 2 * core::mem::size_of::<String>();
    /// assert!(folded.contains(&format!("Vec<String> {}\n", core::mem::size_of::<Vec<String>>() + vec_buffer)));
    /// assert!(folded.contains("Vec<String>;[*] 5\n")); // both strings' buffers, in one frame
    /// ```
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let v = vec![String::from("abc")];
    /// let folded = v.layout_report().folded();
    /// let sum: usize = folded.lines().map(|l| l.rsplit(' ').next().unwrap().parse::<usize>().unwrap()).sum();
    /// let string = core::mem::size_of::<String>();
    /// assert_eq!(sum, core::mem::size_of::<Vec<String>>() + string + 3);
    /// ```
    pub fn folded(&self) -> String {
        crate::render::report_folded::folded(self)
    }

    /// The report as one JSON document (feature `json`), carrying every figure. Nodes are a
    /// flat list with parent ids (no nesting, so any JSON reader takes deep reports), each with
    /// its own path segment: a node's path ([`Node::path`]) is its parent's path plus its
    /// segment. No node carries its whole path, so the document grows with the number of
    /// nodes, not with nodes times depth. Findings carry their paths whole.
    ///
    /// Schema `memlayout.report/2` (keys in this order; sizes in bytes; `null` where absent):
    ///
    /// ```text
    /// {
    ///   "schema": "memlayout.report/2",
    ///   "root_type": "full::type::Name",
    ///   "options": { "max_children", "max_nodes", "fair_share", "large_variant_bytes",
    ///                "small_box_bytes", "min_finding_bytes",
    ///                "allocator": "jemalloc" | "mimalloc" | "requested"  // only when chosen
    ///                             | { "glibc": { "mmap_threshold", "page_size" } } },
    ///   "totals": Totals,            // the root's figures, as memlayout::totals returns them
    ///   "reserved": Reserved,        // only with an allocator model: the root's
    ///   "nodes": [ {                 // flat, parents before children
    ///       "id": 0, "parent": null | id, "segment": "[3]",   // path = parent's path + segment
    ///       "type_name": "full::type::Name",
    ///       "kind": "value" | "borrowed" | "measured" | "summary",
    ///       "storage": "inline" | "owns_heap" | "shares_heap" | "borrows" | "raw_pointer"
    ///                  | "resource" | "opaque",
    ///       "depth", "indirection", "offset": null | n, "variant": null | "Name",
    ///       "inline_bytes", "inline_padding",
    ///       "own": Totals,           // the heap blocks this node reported itself
    ///       "totals": Totals,        // own + elided + all descendants
    ///       "reserved": Reserved,    // only with an allocator model: the subtree's
    ///       "elided": null | { "parts", "totals": Totals },
    ///       "shared": null | { "address", "block_bytes", "strong", "weak", "is_weak",
    ///                          "is_atomic", "counted_here", "first_seen": id },
    ///       "summary": null | { "first_index", "count", "is_entries", "is_chain",
    ///                           "min": Totals, "max": Totals },
    ///       "unreadable": null | "reason", "resource": null | "what drop releases"
    ///   } ],
    ///   "findings": [ { "kind": "unused_capacity" | "empty_allocation" | "inline_padding"
    ///                   | "heap_padding" | "large_enum_variant" | "double_indirection"
    ///                   | "not_walked",
    ///                   "path", "bytes", "message" } ]   // largest first
    /// }
    /// Totals = { "inline_bytes", "inline_padding", "heap_bytes", "heap_bytes_low",
    ///            "heap_bytes_high", "heap_used", "unused_capacity", "reclaimable", "heap_padding",
    ///            "allocations", "max_indirection", "shared_bytes", "shared_allocations",
    ///            "unreadable", "resources", "is_exact", "indirection_is_exact" }
    /// Reserved = { "model": "glibc", "reserved_bytes", "overhead_bytes", "header_bytes",
    ///              "is_exact" }   // see ReservedTotals; overhead = reserved - heap bytes
    /// ```
    ///
    /// ```
    /// use memlayout::allocator::Model;
    /// use memlayout::{LayoutReport, ReportOptions};
    /// let json = vec![1u8].layout_report().to_json();
    /// assert!(json.contains(r#""schema":"memlayout.report/2""#));
    /// assert!(!json.contains("reserved"));
    /// let json = vec![1u8].layout_report_with(ReportOptions::new().allocator(Model::Jemalloc)).to_json();
    /// assert!(json.contains(r#""reserved":{"model":"jemalloc","reserved_bytes":8,"overhead_bytes":7"#));
    /// ```
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> String {
        crate::render::report_json::to_json(self)
    }
}

impl fmt::Display for Report {
    /// The full tree and the findings; see [`Report::display_with`] for filters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.display(), f)
    }
}

/// How the root's (empty) path is shown in reports, drop orders and messages; [`Report::find`]
/// accepts it too.
pub(crate) const ROOT_PATH: &str = "(root)";

/// A path as shown in text: the root's (empty) as [`ROOT_PATH`], and control characters (a
/// key a user's `write_key` wrote raw, with a newline or a terminal escape) escaped as Rust
/// writes them (`\n`, `\u{1b}`), so that a node or a step stays one line. [`Report::find`],
/// `Node::path` and the JSON keep the path as it is.
pub(crate) fn display_path(path: &str) -> alloc::borrow::Cow<'_, str> {
    use alloc::borrow::Cow;
    if path.is_empty() {
        Cow::Borrowed(ROOT_PATH)
    } else if path.chars().any(char::is_control) {
        Cow::Owned(
            path.chars()
                .flat_map(|c| {
                    let escaped = c.is_control().then(|| c.escape_default());
                    let plain = (!c.is_control()).then_some(c);
                    escaped.into_iter().flatten().chain(plain)
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(path)
    }
}

/// Bytes in human units, with the exact count when the unit is not bytes.
fn exact_bytes(bytes: usize) -> String {
    if bytes < 1024 || bytes == usize::MAX {
        human_bytes(bytes)
    } else {
        format!("{} ({bytes} bytes)", human_bytes(bytes))
    }
}

/// Bytes in B, KiB, MiB or GiB. `usize::MAX`, the upper bound that is not known (see
/// [`Totals::heap_bytes_high`]), prints as `unknown`.
///
/// ```
/// assert_eq!(memlayout::report::human_bytes(1536), "1.5 KiB");
/// assert_eq!(memlayout::report::human_bytes(12), "12 B");
/// assert_eq!(memlayout::report::human_bytes(usize::MAX), "unknown");
/// ```
pub fn human_bytes(bytes: usize) -> String {
    if bytes == usize::MAX {
        return String::from("unknown");
    }
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    // Compared as printed (one decimal), so 1,048,575 bytes are `1.0 MiB`, not `1024.0 KiB`.
    while value >= 1023.95 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}
