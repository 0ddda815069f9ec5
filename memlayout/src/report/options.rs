//! Options of the report walk.

/// Options for [`LayoutReport::layout_report_with`].
///
/// [`LayoutReport::layout_report_with`]: crate::LayoutReport::layout_report_with
///
/// ```
/// use memlayout::{LayoutReport, ReportOptions};
///
/// let v: Vec<String> = (0..100).map(|i| i.to_string()).collect();
/// let r = v.layout_report_with(&ReportOptions::default().max_children(2));
/// assert_eq!(r.find("[2..100]").unwrap().summary().unwrap().count, 98);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ReportOptions {
    /// Elements (entries, linked nodes) of one collection shown as full nodes; the rest fold
    /// into one summary node. Default 8.
    pub max_children: usize,
    /// The most nodes a report holds; parts past it fold into their nearest shown ancestor's
    /// elided figures. Default 10,000.
    pub max_nodes: usize,
    /// Attribute a shared allocation's bytes to each handle that keeps it alive (`bytes /
    /// strong`) instead of counting it whole at the first path. Off by default.
    pub fair_share: bool,
    /// An enum whose largest variant payload exceeds the next largest by more than this many
    /// bytes is reported. Default [`LARGE_VARIANT_THRESHOLD`](crate::layout::LARGE_VARIANT_THRESHOLD)
    /// (clippy's `large_enum_variant` default, 200).
    pub large_variant_bytes: usize,
    /// Boxed collection elements no larger than this are reported as double indirection
    /// (clippy's `vec_box` default threshold: 4096).
    pub small_box_bytes: usize,
    /// Findings about wasted bytes (unused capacity, empty allocations, padding) smaller than
    /// this are left out, after same-kind findings about the elements of one collection are
    /// merged into one. Default 64 bytes: a cache line, below which a fix rarely pays. Large
    /// variants and double indirection have their own thresholds and are always reported, and so
    /// is the root type's own padding finding (every value of the type pays it).
    pub min_finding_bytes: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            max_children: 8,
            max_nodes: 10_000,
            fair_share: false,
            large_variant_bytes: crate::layout::LARGE_VARIANT_THRESHOLD,
            small_box_bytes: 4096,
            min_finding_bytes: 64,
        }
    }
}

impl ReportOptions {
    /// Sets [`ReportOptions::max_children`].
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::default().max_children(3).max_children, 3);
    /// ```
    pub fn max_children(mut self, n: usize) -> Self {
        self.max_children = n;
        self
    }

    /// Sets [`ReportOptions::max_nodes`].
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::default().max_nodes(50).max_nodes, 50);
    /// ```
    pub fn max_nodes(mut self, n: usize) -> Self {
        self.max_nodes = n;
        self
    }

    /// Sets [`ReportOptions::fair_share`].
    ///
    /// ```
    /// assert!(memlayout::ReportOptions::default().fair_share(true).fair_share);
    /// ```
    pub fn fair_share(mut self, on: bool) -> Self {
        self.fair_share = on;
        self
    }

    /// Sets [`ReportOptions::large_variant_bytes`].
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::default().large_variant_bytes(64).large_variant_bytes, 64);
    /// ```
    pub fn large_variant_bytes(mut self, n: usize) -> Self {
        self.large_variant_bytes = n;
        self
    }

    /// Sets [`ReportOptions::small_box_bytes`].
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::default().small_box_bytes(16).small_box_bytes, 16);
    /// ```
    pub fn small_box_bytes(mut self, n: usize) -> Self {
        self.small_box_bytes = n;
        self
    }

    /// Sets [`ReportOptions::min_finding_bytes`] (0 reports every finding).
    ///
    /// ```
    /// use memlayout::{LayoutReport, ReportOptions};
    /// let mut v: Vec<u8> = Vec::with_capacity(8);
    /// v.push(1);
    /// assert!(v.layout_report().findings().is_empty());
    /// let all = v.layout_report_with(&ReportOptions::default().min_finding_bytes(0));
    /// assert_eq!(all.findings()[0].bytes, v.capacity() - 1);
    /// ```
    pub fn min_finding_bytes(mut self, n: usize) -> Self {
        self.min_finding_bytes = n;
        self
    }
}
