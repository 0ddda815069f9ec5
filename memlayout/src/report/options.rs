//! Options of the report walk.

use crate::allocator::Model;

/// Options for [`LayoutReport::layout_report_with`], passed by value: start from
/// [`ReportOptions::new`] (or `default()`), set what differs with the builder methods, read a
/// setting back with its `get_` method. [`DropOptions`](crate::DropOptions) and
/// [`TextOptions`](crate::TextOptions) work the same way.
///
/// [`LayoutReport::layout_report_with`]: crate::LayoutReport::layout_report_with
///
/// ```
/// use memlayout::{LayoutReport, ReportOptions};
///
/// let v: Vec<String> = (0..100).map(|i| i.to_string()).collect();
/// let r = v.layout_report_with(ReportOptions::default().max_children(2).max_nodes(100));
/// assert_eq!(r.find("[2..100]").unwrap().summary().unwrap().count, 98);
/// assert_eq!(r.options().get_max_children(), 2);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct ReportOptions {
    pub(crate) max_children: usize,
    pub(crate) max_nodes: usize,
    pub(crate) fair_share: bool,
    pub(crate) large_variant_bytes: usize,
    pub(crate) small_box_bytes: usize,
    pub(crate) min_finding_bytes: usize,
    #[cfg_attr(feature = "json", serde(skip_serializing_if = "Option::is_none"))]
    pub(crate) allocator: Option<Model>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions::new()
    }
}

impl ReportOptions {
    /// The defaults: 8 elements of a collection shown, at most 10,000 nodes, no fair sharing,
    /// clippy's 200-byte large-variant and 4096-byte boxed-element thresholds, findings from 64
    /// bytes.
    ///
    /// ```
    /// use memlayout::ReportOptions;
    /// assert_eq!(ReportOptions::new(), ReportOptions::default());
    /// assert_eq!(ReportOptions::new().get_max_children(), 8);
    /// ```
    pub const fn new() -> Self {
        ReportOptions {
            max_children: 8,
            max_nodes: 10_000,
            fair_share: false,
            large_variant_bytes: crate::layout::LARGE_VARIANT_THRESHOLD,
            small_box_bytes: 4096,
            min_finding_bytes: 64,
            allocator: None,
        }
    }

    /// Elements (entries, linked nodes) of one collection shown as full nodes; the rest fold
    /// into one summary node. Default 8. Chains too: a part reached through a pointer below
    /// this many shown parts of its own type (a `Box` list's ninth link, the ninth level of
    /// `Option<Box<T>>` nesting, of an `Rc` chain) and the links after it fold into one chain
    /// summary ([`Summary::is_chain`](crate::report::Summary::is_chain)).
    ///
    /// ```
    /// use memlayout::{Layout, LayoutReport, ReportOptions};
    ///
    /// #[derive(Layout)]
    /// struct Link {
    ///     next: Option<Box<Link>>,
    /// }
    /// let mut head = None;
    /// for _ in 0..100 {
    ///     head = Some(Box::new(Link { next: head }));
    /// }
    /// let r = head.layout_report_with(ReportOptions::new().max_children(2));
    /// let chain = r.find(".Some.0.*.next.Some.0.*.next.Some.0.*{2..100}").unwrap();
    /// assert_eq!(chain.summary().unwrap().count, 98);
    /// assert_eq!(r.totals().heap_bytes, 100 * core::mem::size_of::<Link>());
    /// # let mut next = head; while let Some(mut link) = next { next = link.next.take(); }
    /// ```
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::new().max_children(3).get_max_children(), 3);
    /// ```
    pub const fn max_children(mut self, n: usize) -> Self {
        self.max_children = n;
        self
    }

    /// The most nodes a report holds; parts past it fold into their nearest shown ancestor's
    /// elided figures. Default 10,000.
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::new().max_nodes(50).get_max_nodes(), 50);
    /// ```
    pub const fn max_nodes(mut self, n: usize) -> Self {
        self.max_nodes = n;
        self
    }

    /// Attribute a shared allocation's bytes to each handle that keeps it alive (`bytes /
    /// strong`) instead of counting it whole at the first path. Off by default.
    ///
    /// ```
    /// assert!(memlayout::ReportOptions::new().fair_share(true).get_fair_share());
    /// ```
    pub const fn fair_share(mut self, on: bool) -> Self {
        self.fair_share = on;
        self
    }

    /// An enum whose largest variant payload exceeds the next largest by more than this many
    /// bytes is reported. Default [`LARGE_VARIANT_THRESHOLD`](crate::layout::LARGE_VARIANT_THRESHOLD)
    /// (clippy's `large_enum_variant` default, 200).
    ///
    /// ```
    /// let options = memlayout::ReportOptions::new().large_variant_bytes(64);
    /// assert_eq!(options.get_large_variant_bytes(), 64);
    /// ```
    pub const fn large_variant_bytes(mut self, n: usize) -> Self {
        self.large_variant_bytes = n;
        self
    }

    /// Boxed collection elements no larger than this are reported as double indirection
    /// (clippy's `vec_box` default threshold: 4096).
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::new().small_box_bytes(16).get_small_box_bytes(), 16);
    /// ```
    pub const fn small_box_bytes(mut self, n: usize) -> Self {
        self.small_box_bytes = n;
        self
    }

    /// Findings about wasted bytes (unused capacity, empty allocations, padding) smaller than
    /// this are left out (0 reports every finding), after same-kind findings about the elements
    /// of one collection are merged into one. Default 64 bytes: a cache line, below which a fix
    /// rarely pays. Large variants and double indirection have their own thresholds and are
    /// always reported, and so is the root type's own padding finding (every value of the type
    /// pays it).
    ///
    /// ```
    /// use memlayout::{LayoutReport, ReportOptions};
    /// let mut v: Vec<u8> = Vec::with_capacity(8);
    /// v.push(1);
    /// assert!(v.layout_report().findings().is_empty());
    /// let all = v.layout_report_with(ReportOptions::new().min_finding_bytes(0));
    /// assert_eq!(all.findings()[0].bytes, v.capacity() - 1);
    /// ```
    pub const fn min_finding_bytes(mut self, n: usize) -> Self {
        self.min_finding_bytes = n;
        self
    }

    /// The allocator model whose reserved bytes (usable sizes plus overhead, see
    /// [`allocator`](crate::allocator)) the report carries on every node, summary and its totals
    /// ([`Node::reserved`](crate::report::Node::reserved)), in its JSON and text, with a finding
    /// when rounding is a large share. None by default: the report then carries heap bytes only
    /// and its JSON has no reserved fields. [`Model::Requested`] gives reserved bytes equal to
    /// heap bytes.
    ///
    /// ```
    /// use memlayout::allocator::{Glibc, Model};
    /// use memlayout::{LayoutReport, ReportOptions};
    ///
    /// let names = vec![String::from("ada")];
    /// let r = names.layout_report_with(ReportOptions::new().allocator(Model::Glibc(Glibc::DEFAULT)));
    /// let string = r.find("[0]").unwrap().reserved().unwrap();
    /// assert_eq!((string.totals.heap_bytes, string.reserved_bytes, string.header_bytes), (3, 32, 8));
    /// assert_eq!(r.reserved(), Some(memlayout::totals_with(&names, &Glibc::DEFAULT)));
    /// assert_eq!(names.layout_report().reserved(), None);
    /// ```
    pub const fn allocator(mut self, model: Model) -> Self {
        self.allocator = Some(model);
        self
    }

    /// The setting of [`ReportOptions::allocator`].
    ///
    /// ```
    /// use memlayout::allocator::Model;
    /// assert_eq!(memlayout::ReportOptions::new().get_allocator(), None);
    /// let jemalloc = memlayout::ReportOptions::new().allocator(Model::Jemalloc);
    /// assert_eq!(jemalloc.get_allocator(), Some(Model::Jemalloc));
    /// ```
    pub const fn get_allocator(&self) -> Option<Model> {
        self.allocator
    }

    /// The setting of [`ReportOptions::max_children`].
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::new().get_max_children(), 8);
    /// ```
    pub const fn get_max_children(&self) -> usize {
        self.max_children
    }

    /// The setting of [`ReportOptions::max_nodes`].
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::new().get_max_nodes(), 10_000);
    /// ```
    pub const fn get_max_nodes(&self) -> usize {
        self.max_nodes
    }

    /// The setting of [`ReportOptions::fair_share`].
    ///
    /// ```
    /// assert!(!memlayout::ReportOptions::new().get_fair_share());
    /// ```
    pub const fn get_fair_share(&self) -> bool {
        self.fair_share
    }

    /// The setting of [`ReportOptions::large_variant_bytes`].
    ///
    /// ```
    /// let options = memlayout::ReportOptions::new();
    /// assert_eq!(options.get_large_variant_bytes(), memlayout::layout::LARGE_VARIANT_THRESHOLD);
    /// ```
    pub const fn get_large_variant_bytes(&self) -> usize {
        self.large_variant_bytes
    }

    /// The setting of [`ReportOptions::small_box_bytes`].
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::new().get_small_box_bytes(), 4096);
    /// ```
    pub const fn get_small_box_bytes(&self) -> usize {
        self.small_box_bytes
    }

    /// The setting of [`ReportOptions::min_finding_bytes`].
    ///
    /// ```
    /// assert_eq!(memlayout::ReportOptions::new().get_min_finding_bytes(), 64);
    /// ```
    pub const fn get_min_finding_bytes(&self) -> usize {
        self.min_finding_bytes
    }
}
