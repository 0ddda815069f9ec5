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

use core::fmt;

use crate::layout::{Kind, Layout, Storage, TypeLayout};
use crate::tally::Totals;
use crate::visit::{Exactness, HeapBlock};

/// Options for [`LayoutReport::layout_report_with`].
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
    /// bytes is reported. Default [`LARGE_VARIANT_THRESHOLD`](crate::LARGE_VARIANT_THRESHOLD)
    /// (clippy's `large_enum_variant` default, 200).
    pub large_variant_bytes: usize,
    /// Boxed collection elements no larger than this are reported as double indirection
    /// (clippy's `vec_box` default threshold: 4096).
    pub small_box_bytes: usize,
    /// Findings about wasted bytes (unused capacity, empty allocations, padding) smaller than
    /// this are left out, after same-kind findings about the elements of one collection are
    /// merged into one. Default 64 bytes: a cache line, below which a fix rarely pays. Large
    /// variants and double indirection have their own thresholds and are always reported.
    pub min_finding_bytes: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            max_children: 8,
            max_nodes: 10_000,
            fair_share: false,
            large_variant_bytes: crate::padding::LARGE_VARIANT_THRESHOLD,
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

/// `value.layout_report()` for every type that implements [`Layout`].
///
/// ```
/// use memlayout::LayoutReport;
///
/// let b = Box::new([0u64; 4]);
/// let r = b.layout_report();
/// assert_eq!(r.totals().heap_bytes, 32);
/// assert_eq!(r.find(".*").unwrap().inline_bytes(), 32);
/// ```
pub trait LayoutReport {
    /// Walks the value and reports every part of it, with default [`ReportOptions`].
    ///
    /// A reference at the root is looked through (a reference owns nothing): `(&v)
    /// .layout_report()` reports `v`, as [`totals`](crate::totals) does.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let v = vec![String::from("abc")];
    /// let by_ref: &Vec<String> = &v;
    /// assert_eq!((&by_ref).layout_report().totals(), v.layout_report().totals());
    /// ```
    fn layout_report(&self) -> Report;

    /// Walks the value with the given options. A reference at the root is looked through, as
    /// by [`LayoutReport::layout_report`].
    ///
    /// ```
    /// use memlayout::{LayoutReport, ReportOptions};
    /// let v = vec![1u8; 10];
    /// let r = (&&v).layout_report_with(&ReportOptions::default());
    /// assert_eq!(r.totals().heap_bytes, 10);
    /// ```
    fn layout_report_with(&self, options: &ReportOptions) -> Report;
}

impl<T: Layout + ?Sized> LayoutReport for T {
    fn layout_report(&self) -> Report {
        self.layout_report_with(&ReportOptions::default())
    }

    fn layout_report_with(&self, options: &ReportOptions) -> Report {
        /// Builds the report of the root once references are looked through.
        #[derive(Clone, Copy)]
        struct Build<'o>(&'o ReportOptions);
        impl crate::tally::AtRoot for Build<'_> {
            type Output = Report;
            fn call<T: Layout + ?Sized>(self, value: &T) -> Report {
                let mut report = crate::walk::build(value, self.0);
                report.options = self.0.clone();
                report
            }
        }
        crate::tally::through_references(self, Build(options))
    }
}

// ---- arena data ------------------------------------------------------------------------------

/// The root's parent.
pub(crate) const NO_PARENT: u32 = u32::MAX;

/// How a node's part is reached from its parent.
#[derive(Clone, Debug)]
pub(crate) enum Segment {
    Root,
    Field(&'static str),
    VariantField(&'static str, &'static str),
    Index(usize),
    Key(Box<str>),
    Entry(usize),
    EntryKey,
    Deref,
    Guard(&'static str),
    Summary,
}

/// Heap figures being added up, with the extra counts findings need.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Acc {
    pub(crate) totals: Totals,
    /// Allocations holding no live element (capacity > 0, len == 0), and their bytes.
    pub(crate) empty_allocations: usize,
    pub(crate) empty_bytes: usize,
}

impl Acc {
    pub(crate) fn new() -> Acc {
        Acc {
            totals: Totals {
                is_exact: true,
                ..Totals::default()
            },
            empty_allocations: 0,
            empty_bytes: 0,
        }
    }

    pub(crate) fn add_block(&mut self, block: &HeapBlock, hop: usize) {
        self.totals.add_block(block, hop);
        if block.allocations > 0 && block.used == 0 && block.bytes > 0 {
            self.empty_allocations += block.allocations;
            self.empty_bytes += block.bytes;
        }
    }
}

/// Adds `from`'s heap figures (not its inline ones) into `into`.
fn add_heap(into: &mut Totals, from: &Totals) {
    into.heap_bytes += from.heap_bytes;
    into.heap_bytes_low += from.heap_bytes_low;
    into.heap_bytes_high = into.heap_bytes_high.saturating_add(from.heap_bytes_high);
    into.heap_used += from.heap_used;
    into.unused_capacity += from.unused_capacity;
    into.reclaimable += from.reclaimable;
    into.heap_padding += from.heap_padding;
    into.allocations += from.allocations;
    into.max_indirection = into.max_indirection.max(from.max_indirection);
    into.shared_bytes += from.shared_bytes;
    into.shared_allocations += from.shared_allocations;
    into.unreadable += from.unreadable;
    into.resources += from.resources;
    into.is_exact &= from.is_exact;
}

impl Acc {
    /// Adds the figures of a part added up without a node (`rare` read only if `fig.rare`).
    pub(crate) fn merge_fig(&mut self, fig: &Fig, rare: &Rare) {
        let rare = fig.rare_or_zero(rare);
        let t = &mut self.totals;
        t.heap_bytes += fig.heap_bytes;
        t.heap_bytes_low += fig.low(&rare);
        t.heap_bytes_high = t.heap_bytes_high.saturating_add(fig.high(&rare));
        t.heap_used += fig.used;
        t.unused_capacity += fig.unused;
        t.reclaimable += fig.reclaimable;
        t.heap_padding += fig.padding;
        t.allocations += fig.allocations;
        t.max_indirection = t.max_indirection.max(fig.max_indirection);
        t.shared_bytes += rare.shared_bytes;
        t.shared_allocations += rare.shared_allocations;
        t.unreadable += rare.unreadable;
        t.resources += rare.resources;
        t.is_exact &= !rare.inexact;
        self.empty_allocations += rare.empty_allocations;
        self.empty_bytes += rare.empty_bytes;
    }
}

/// The heap figures of a part added up without a node (a summarised element, a part past the
/// node budget). Per heap block it does a few sums, as the totals-only tally does. The figures
/// that are almost always zero (empty allocations, estimates' bounds, shared allocations,
/// unreadable parts, resources) go to a [`Rare`] kept apart, on a cold path that also sets
/// `rare`, so an ordinary part is eight words and folding it into its summary
/// ([`SummaryFold::add`]) touches only the common figures.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Fig {
    pub(crate) heap_bytes: usize,
    pub(crate) used: usize,
    /// Sum of each block's `bytes - used` (saturating), as [`Totals::unused_capacity`].
    pub(crate) unused: usize,
    pub(crate) reclaimable: usize,
    pub(crate) padding: usize,
    pub(crate) allocations: usize,
    pub(crate) max_indirection: usize,
    /// Whether the part has rare figures (in the [`Rare`] that goes with it).
    pub(crate) rare: bool,
}

/// The rarely non-zero figures of a [`Fig`]. The report walk keeps one, for the one part being
/// added up at a time; [`Rare::open`] clears it when that part's first rare figure comes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Rare {
    pub(crate) empty_allocations: usize,
    pub(crate) empty_bytes: usize,
    /// Whether an estimated block was met.
    pub(crate) inexact: bool,
    /// Over estimated blocks only: their best estimates, lower and upper bounds.
    pub(crate) estimated: usize,
    pub(crate) estimated_low: usize,
    pub(crate) estimated_high: usize,
    pub(crate) shared_bytes: usize,
    pub(crate) shared_allocations: usize,
    pub(crate) unreadable: usize,
    pub(crate) resources: usize,
}

impl Rare {
    /// The rare figures of a part that `has_rare` ones already (else cleared first).
    #[inline]
    pub(crate) fn open(&mut self, has_rare: bool) -> &mut Rare {
        if !has_rare {
            *self = Rare::default();
        }
        self
    }

    #[cold]
    fn empty(&mut self, block: &HeapBlock) {
        self.empty_allocations += block.allocations;
        self.empty_bytes += block.bytes;
    }

    #[cold]
    fn estimate(&mut self, bytes: usize, low: usize, high: usize) {
        self.estimated += bytes;
        self.estimated_low += low;
        // `usize::MAX` (no known bound) stays so.
        self.estimated_high = self.estimated_high.saturating_add(high);
        self.inexact = true;
    }

    /// Adds `other`'s figures.
    fn add(&mut self, other: &Rare) {
        self.empty_allocations += other.empty_allocations;
        self.empty_bytes += other.empty_bytes;
        self.inexact |= other.inexact;
        self.estimated += other.estimated;
        self.estimated_low += other.estimated_low;
        self.estimated_high = self.estimated_high.saturating_add(other.estimated_high);
        self.shared_bytes += other.shared_bytes;
        self.shared_allocations += other.shared_allocations;
        self.unreadable += other.unreadable;
        self.resources += other.resources;
    }
}

impl Fig {
    /// Adds one heap block met at indirection depth `hop` (the same figures as
    /// [`Acc::add_block`]); its rare figures go to `rare`.
    #[inline(always)]
    pub(crate) fn add_block(&mut self, block: &HeapBlock, hop: usize, rare: &mut Rare) {
        self.heap_bytes += block.bytes;
        self.used += block.used;
        self.unused += block.unused();
        self.reclaimable += block.reclaimable;
        self.padding += block.padding;
        self.allocations += block.allocations;
        if block.allocations > 0 {
            self.max_indirection = self.max_indirection.max(hop + 1);
            if block.used == 0 && block.bytes > 0 {
                rare.open(self.rare).empty(block);
                self.rare = true;
            }
        }
        if let Exactness::Estimate { low, high } = block.exactness {
            rare.open(self.rare).estimate(block.bytes, low, high);
            self.rare = true;
        }
    }

    /// A shared block's figures, and the allocation once, for the `first` handle.
    #[inline]
    pub(crate) fn add_shared(
        &mut self,
        block: &HeapBlock,
        hop: usize,
        first: bool,
        rare: &mut Rare,
    ) {
        self.add_block(block, hop, rare);
        let r = rare.open(self.rare);
        r.shared_bytes += block.bytes;
        r.shared_allocations += usize::from(first);
        self.rare = true;
    }

    /// `rare` when the part has rare figures, else zeros.
    fn rare_or_zero(&self, rare: &Rare) -> Rare {
        if self.rare {
            *rare
        } else {
            Rare::default()
        }
    }

    /// The lower bound on `heap_bytes`.
    fn low(&self, rare: &Rare) -> usize {
        self.heap_bytes - rare.estimated + rare.estimated_low
    }

    /// The upper bound on `heap_bytes` (`usize::MAX` stays so).
    fn high(&self, rare: &Rare) -> usize {
        (self.heap_bytes - rare.estimated).saturating_add(rare.estimated_high)
    }

    /// The figures of a finished part's accumulator (a scratch slot's).
    fn of_acc(acc: &Acc) -> (Fig, Rare) {
        let t = &acc.totals;
        let inexact = !t.is_exact;
        let rare = Rare {
            empty_allocations: acc.empty_allocations,
            empty_bytes: acc.empty_bytes,
            inexact,
            estimated: if inexact { t.heap_bytes } else { 0 },
            estimated_low: if inexact { t.heap_bytes_low } else { 0 },
            estimated_high: if inexact { t.heap_bytes_high } else { 0 },
            shared_bytes: t.shared_bytes,
            shared_allocations: t.shared_allocations,
            unreadable: t.unreadable,
            resources: t.resources,
        };
        let fig = Fig {
            heap_bytes: t.heap_bytes,
            used: t.heap_used,
            unused: t.unused_capacity,
            reclaimable: t.reclaimable,
            padding: t.heap_padding,
            allocations: t.allocations,
            max_indirection: t.max_indirection,
            rare: inexact
                || (acc.empty_allocations
                    | t.shared_bytes
                    | t.shared_allocations
                    | t.unreadable
                    | t.resources)
                    != 0,
        };
        (fig, rare)
    }

    /// Adds `other`'s common figures (sums, and the greatest indirection).
    fn add(&mut self, other: &Fig) {
        self.heap_bytes += other.heap_bytes;
        self.used += other.used;
        self.unused += other.unused;
        self.reclaimable += other.reclaimable;
        self.padding += other.padding;
        self.allocations += other.allocations;
        self.max_indirection = self.max_indirection.max(other.max_indirection);
        self.rare |= other.rare;
    }

    /// The part's figures as [`Totals`] (inline figures 0, set by the caller), bounded as a
    /// node's subtree totals are: what could not be read may own any amount, so a part with an
    /// unreadable piece has no upper bound and is not exact.
    fn totals(&self, rare: &Rare) -> Totals {
        let rare = self.rare_or_zero(rare);
        let unreadable = rare.unreadable > 0;
        Totals {
            inline_bytes: 0,
            inline_padding: 0,
            heap_bytes: self.heap_bytes,
            heap_bytes_low: self.low(&rare),
            heap_bytes_high: if unreadable {
                usize::MAX
            } else {
                self.high(&rare)
            },
            heap_used: self.used,
            unused_capacity: self.unused,
            reclaimable: self.reclaimable,
            heap_padding: self.padding,
            allocations: self.allocations,
            max_indirection: self.max_indirection,
            shared_bytes: rare.shared_bytes,
            shared_allocations: rare.shared_allocations,
            unreadable: rare.unreadable,
            resources: rare.resources,
            is_exact: !rare.inexact && !unreadable,
        }
    }
}

/// The figures an ordinary element can vary in: an exact one with nothing shared, unreadable
/// or held and no empty allocation (its bounds equal its `heap_bytes`, its other figures are
/// zero).
#[derive(Clone, Copy, Debug)]
struct Common {
    heap_bytes: usize,
    used: usize,
    unused: usize,
    reclaimable: usize,
    padding: usize,
    allocations: usize,
    max_indirection: usize,
}

impl Common {
    const MAX: Common = Common {
        heap_bytes: usize::MAX,
        used: usize::MAX,
        unused: usize::MAX,
        reclaimable: usize::MAX,
        padding: usize::MAX,
        allocations: usize::MAX,
        max_indirection: usize::MAX,
    };
    const ZERO: Common = Common {
        heap_bytes: 0,
        used: 0,
        unused: 0,
        reclaimable: 0,
        padding: 0,
        allocations: 0,
        max_indirection: 0,
    };

    /// The element's figures as [`Totals`] (inline figures 0).
    fn totals(&self) -> Totals {
        Totals {
            inline_bytes: 0,
            inline_padding: 0,
            heap_bytes: self.heap_bytes,
            heap_bytes_low: self.heap_bytes,
            heap_bytes_high: self.heap_bytes,
            heap_used: self.used,
            unused_capacity: self.unused,
            reclaimable: self.reclaimable,
            heap_padding: self.padding,
            allocations: self.allocations,
            max_indirection: self.max_indirection,
            shared_bytes: 0,
            shared_allocations: 0,
            unreadable: 0,
            resources: 0,
            is_exact: true,
        }
    }
}

/// The figures a plain element varies in: an ordinary one (see [`Common`]) whose blocks hold no
/// padding and whose spare bytes are all reclaimable (`Vec`, `String`, `Box` blocks), so its
/// `padding` is zero, its `reclaimable` equals its `unused`, and `heap_bytes = used + unused`.
#[derive(Clone, Copy, Debug)]
struct Plain {
    heap_bytes: usize,
    used: usize,
    unused: usize,
    allocations: usize,
    max_indirection: usize,
}

impl Plain {
    const ZERO: Plain = Plain {
        heap_bytes: 0,
        used: 0,
        unused: 0,
        allocations: 0,
        max_indirection: 0,
    };

    fn common(&self) -> Common {
        Common {
            heap_bytes: self.heap_bytes,
            used: self.used,
            unused: self.unused,
            reclaimable: self.unused,
            padding: 0,
            allocations: self.allocations,
            max_indirection: self.max_indirection,
        }
    }
}

/// Plain elements folded into a summary (how many is the summary's count of folded elements
/// less the others): the sums and extremes of the five [`Plain`] figures. The hot loop's state,
/// small enough to stay in registers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PlainFold {
    /// Whether an element with every figure zero was folded (not in `min`, which is then 0).
    has_zero: bool,
    heap_bytes: usize,
    used: usize,
    allocations: usize,
    min: Plain,
    max: Plain,
}

impl PlainFold {
    const NEW: PlainFold = PlainFold {
        has_zero: false,
        heap_bytes: 0,
        used: 0,
        allocations: 0,
        min: Plain {
            heap_bytes: usize::MAX,
            used: usize::MAX,
            unused: usize::MAX,
            allocations: usize::MAX,
            max_indirection: usize::MAX,
        },
        max: Plain {
            heap_bytes: 0,
            used: 0,
            unused: 0,
            allocations: 0,
            max_indirection: 0,
        },
    };

    /// Whether `fig` is a plain element's figures.
    #[inline(always)]
    pub(crate) fn takes(fig: &Fig) -> bool {
        !fig.rare
            && fig.padding == 0
            && fig.reclaimable == fig.unused
            && fig.used.wrapping_add(fig.unused) == fig.heap_bytes
    }

    /// Folds in a plain element ([`PlainFold::takes`]).
    #[inline(always)]
    pub(crate) fn add(&mut self, fig: &Fig) {
        if fig.allocations == 0
            && (fig.heap_bytes | fig.used | fig.unused | fig.max_indirection) == 0
        {
            // Nothing at all (a handle to a shared allocation counted elsewhere, an empty
            // collection): every minimum is 0, no maximum or sum moves.
            self.has_zero = true;
            return;
        }
        self.heap_bytes += fig.heap_bytes;
        self.used += fig.used;
        self.allocations += fig.allocations;
        // Once the first few elements are in, an element rarely sets a new extreme: one test
        // (compares only, no stores) says whether any minimum or maximum moves.
        let (lo, hi) = (&self.min, &self.max);
        macro_rules! inside {
            ($($f:ident),*) => { true $(& (fig.$f >= lo.$f) & (fig.$f <= hi.$f))* };
        }
        if !inside!(heap_bytes, used, unused, allocations, max_indirection) {
            self.widen(fig);
        }
    }

    /// Moves the extremes out to take in `fig`.
    #[inline(always)]
    fn widen(&mut self, fig: &Fig) {
        let (lo, hi) = (&mut self.min, &mut self.max);
        macro_rules! min_max {
            ($($f:ident),*) => {$(
                lo.$f = lo.$f.min(fig.$f);
                hi.$f = hi.$f.max(fig.$f);
            )*};
        }
        min_max!(heap_bytes, used, unused, allocations, max_indirection);
    }
}

/// Ordinary elements folded into a summary: how many, their sums, and the least and greatest
/// value of each [`Common`] figure. Small and `Copy`, so a loop over a collection's summarised
/// elements keeps it in registers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CommonFold {
    count: usize,
    heap_bytes: usize,
    used: usize,
    unused: usize,
    reclaimable: usize,
    padding: usize,
    allocations: usize,
    min: Common,
    max: Common,
}

impl CommonFold {
    const NEW: CommonFold = CommonFold {
        count: 0,
        heap_bytes: 0,
        used: 0,
        unused: 0,
        reclaimable: 0,
        padding: 0,
        allocations: 0,
        min: Common::MAX,
        max: Common::ZERO,
    };

    /// Folds in an ordinary element (`!fig.rare`).
    #[inline(always)]
    pub(crate) fn add(&mut self, fig: &Fig) {
        debug_assert!(!fig.rare);
        self.count += 1;
        self.heap_bytes += fig.heap_bytes;
        self.used += fig.used;
        self.unused += fig.unused;
        self.reclaimable += fig.reclaimable;
        self.padding += fig.padding;
        self.allocations += fig.allocations;
        let (lo, hi) = (&mut self.min, &mut self.max);
        macro_rules! min_max {
            ($($f:ident: $v:expr),*) => {$(
                lo.$f = lo.$f.min($v);
                hi.$f = hi.$f.max($v);
            )*};
        }
        min_max!(
            heap_bytes: fig.heap_bytes,
            used: fig.used,
            unused: fig.unused,
            reclaimable: fig.reclaimable,
            padding: fig.padding,
            allocations: fig.allocations,
            max_indirection: fig.max_indirection
        );
    }
}

/// A summary node's figures while its elements are folded in: their sums, and the least and
/// greatest value of each figure per element. Ordinary elements go to a [`CommonFold`]; the
/// others (estimates, shared allocations, unreadable parts, resources) compare all figures on
/// a cold path. [`SummaryFold::finish`] writes the [`Summary`]'s `min` and `max` as if every
/// element's [`Totals`] had been compared.
#[derive(Clone, Debug)]
pub(crate) struct SummaryFold {
    /// The summary node.
    pub(crate) node: u32,
    pub(crate) plain: PlainFold,
    common: CommonFold,
    /// Elements folded in: plain, common and others.
    folded: usize,
    inline_bytes: usize,
    inline_min: (usize, usize),
    inline_max: (usize, usize),
    others: usize,
    others_sum: Fig,
    others_rare: Rare,
    others_min: Totals,
    others_max: Totals,
}

impl SummaryFold {
    pub(crate) fn new(node: u32) -> SummaryFold {
        SummaryFold {
            node,
            plain: PlainFold::NEW,
            common: CommonFold::NEW,
            folded: 0,
            inline_bytes: 0,
            inline_min: (usize::MAX, usize::MAX),
            inline_max: (0, 0),
            others: 0,
            others_sum: Fig::default(),
            others_rare: Rare::default(),
            others_min: Totals::default(),
            others_max: Totals::default(),
        }
    }

    /// Folds one finished element's heap figures in (its inline ones, and its count, through
    /// [`SummaryFold::add_inline`]); `rare` is read only if `fig.rare`.
    #[inline]
    pub(crate) fn add(&mut self, fig: &Fig, rare: &Rare) {
        if PlainFold::takes(fig) {
            self.plain.add(fig);
        } else if fig.rare {
            self.add_other(fig, rare);
        } else {
            self.common.add(fig);
        }
    }

    /// Folds in an element with rare figures (`fig.rare`).
    #[cold]
    #[inline(never)]
    fn add_other(&mut self, fig: &Fig, rare: &Rare) {
        self.others_sum.add(fig);
        self.others_rare.add(rare);
        let t = fig.totals(rare);
        if self.others == 0 {
            self.others_min = t;
            self.others_max = t;
        } else {
            each_figure(&mut self.others_min, &t, usize::min);
            each_figure(&mut self.others_max, &t, usize::max);
            self.others_min.is_exact &= t.is_exact;
            self.others_max.is_exact &= t.is_exact;
        }
        self.others += 1;
    }

    /// `n` elements of `bytes` inline bytes with `padding` bytes of padding each.
    #[inline]
    pub(crate) fn add_inline(&mut self, n: usize, bytes: usize, padding: usize) {
        if n == 0 {
            return;
        }
        self.folded += n;
        self.inline_bytes += n * bytes;
        self.inline_min = (self.inline_min.0.min(bytes), self.inline_min.1.min(padding));
        self.inline_max = (self.inline_max.0.max(bytes), self.inline_max.1.max(padding));
    }

    /// Folds a finished element's accumulator (a scratch slot's) in, inline figures included.
    pub(crate) fn add_acc(&mut self, acc: &Acc) {
        let (fig, rare) = Fig::of_acc(acc);
        self.add(&fig, &rare);
        self.add_inline(1, acc.totals.inline_bytes, acc.totals.inline_padding);
    }

    /// Writes the folded figures into the summary node.
    pub(crate) fn finish(&self, node: &mut NodeData) {
        let (p, c) = (&self.plain, &self.common);
        let plain = self.folded - c.count - self.others;
        let mut sum = self.others_sum;
        sum.add(&Fig {
            heap_bytes: c.heap_bytes + p.heap_bytes,
            used: c.used + p.used,
            unused: c.unused + (p.heap_bytes - p.used),
            reclaimable: c.reclaimable + (p.heap_bytes - p.used),
            padding: c.padding,
            allocations: c.allocations + p.allocations,
            max_indirection: c.max.max_indirection.max(p.max.max_indirection),
            rare: false,
        });
        node.own.merge_fig(&sum, &self.others_rare);
        node.inline_bytes += self.inline_bytes;
        let Some(summary) = node.summary.as_deref_mut() else {
            return;
        };
        if self.folded == 0 {
            return;
        }
        let mut parts = [
            (plain > 0).then(|| {
                let min = if p.has_zero { Plain::ZERO } else { p.min };
                (min.common().totals(), p.max.common().totals())
            }),
            (c.count > 0).then(|| (c.min.totals(), c.max.totals())),
            (self.others > 0).then_some((self.others_min, self.others_max)),
        ]
        .into_iter()
        .flatten();
        let Some((mut min, mut max)) = parts.next() else {
            return;
        };
        for (lo, hi) in parts {
            each_figure(&mut min, &lo, usize::min);
            each_figure(&mut max, &hi, usize::max);
            min.is_exact &= lo.is_exact;
            max.is_exact &= hi.is_exact;
        }
        summary.min = Totals {
            inline_bytes: self.inline_min.0,
            inline_padding: self.inline_min.1,
            ..min
        };
        summary.max = Totals {
            inline_bytes: self.inline_max.0,
            inline_padding: self.inline_max.1,
            ..max
        };
    }
}

/// Applies `f` to every figure of two totals (for minimum and maximum).
fn each_figure(a: &mut Totals, b: &Totals, f: impl Fn(usize, usize) -> usize) {
    a.inline_bytes = f(a.inline_bytes, b.inline_bytes);
    a.inline_padding = f(a.inline_padding, b.inline_padding);
    a.heap_bytes = f(a.heap_bytes, b.heap_bytes);
    a.heap_bytes_low = f(a.heap_bytes_low, b.heap_bytes_low);
    a.heap_bytes_high = f(a.heap_bytes_high, b.heap_bytes_high);
    a.heap_used = f(a.heap_used, b.heap_used);
    a.unused_capacity = f(a.unused_capacity, b.unused_capacity);
    a.reclaimable = f(a.reclaimable, b.reclaimable);
    a.heap_padding = f(a.heap_padding, b.heap_padding);
    a.allocations = f(a.allocations, b.allocations);
    a.max_indirection = f(a.max_indirection, b.max_indirection);
    a.shared_bytes = f(a.shared_bytes, b.shared_bytes);
    a.shared_allocations = f(a.shared_allocations, b.shared_allocations);
    a.unreadable = f(a.unreadable, b.unreadable);
    a.resources = f(a.resources, b.resources);
}

/// What sort of part a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum NodeKind {
    /// A part of the value, walked.
    Value,
    /// A borrowed target (`&T`): shown with its type and size, not counted, not walked.
    Borrowed,
    /// A field measured by a function (`#[layout(with = f)]`) or not inspected
    /// (`#[layout(opaque)]`).
    Measured,
    /// The elements of a collection past the first few, folded into one node.
    Summary,
}

/// A reference-counted allocation as seen from one handle's node.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct SharedInfo {
    /// The allocation's address (the same for every handle).
    pub address: usize,
    /// The whole allocation's bytes, counts header included.
    pub block_bytes: usize,
    /// Strong count when the report was made.
    pub strong: usize,
    /// Weak count when the report was made.
    pub weak: usize,
    /// `true` for a `Weak` handle.
    pub is_weak: bool,
    /// `true` for `Arc` and `sync::Weak`.
    pub is_atomic: bool,
    /// `true` when this handle is the first path to the allocation, where it is counted.
    pub counted_here: bool,
    /// Index of the node where the allocation was first met (this node when `counted_here`; the
    /// nearest shown ancestor when the first handle was folded into a summary).
    pub first_seen: usize,
}

/// Elements of a collection folded into one node: how many, and the least and greatest value
/// of each figure over them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Summary {
    /// Index (in iteration order) of the first folded element.
    pub first_index: usize,
    /// How many elements are folded.
    pub count: usize,
    /// `true` for map or set entries, `false` for indexed elements.
    pub is_entries: bool,
    /// The least value of each figure over the folded elements (`inline_bytes` is an element's
    /// own size; heap figures are each element's subtree).
    pub min: Totals,
    /// The greatest value of each figure over the folded elements.
    pub max: Totals,
}

impl Summary {
    pub(crate) fn new(first_index: usize, is_entries: bool) -> Summary {
        Summary {
            first_index,
            count: 0,
            is_entries,
            min: Totals::default(),
            max: Totals::default(),
        }
    }
}

/// One node of the arena.
#[derive(Clone, Debug)]
pub(crate) struct NodeData {
    pub(crate) parent: u32,
    pub(crate) depth: u32,
    /// Pointer hops from the root (a `u32`: more nested pointers than that cannot fit in
    /// memory).
    pub(crate) hop: u32,
    pub(crate) segment: Segment,
    pub(crate) layout: &'static TypeLayout,
    pub(crate) kind: NodeKind,
    pub(crate) inline_bytes: usize,
    pub(crate) inline_padding: usize,
    pub(crate) offset: Option<usize>,
    pub(crate) variant: Option<&'static str>,
    /// Heap blocks this node's value reported itself (for a summary: its elements').
    pub(crate) own: Acc,
    /// Figures of parts folded here once the node budget was spent (made on first use: most
    /// nodes have none).
    pub(crate) elided: Option<Box<Acc>>,
    pub(crate) elided_parts: usize,
    pub(crate) shared: Option<Box<SharedInfo>>,
    pub(crate) summary: Option<Box<Summary>>,
    pub(crate) unreadable: Option<&'static str>,
    pub(crate) resource: Option<&'static str>,
    pub(crate) is_box: bool,
    pub(crate) boxes_collection: bool,
    pub(crate) small_boxed_elements: u32,
    pub(crate) children: (u32, u32),
    /// For a summary node, its [`SummaryFold`]'s index in the walk (`u32::MAX` otherwise).
    pub(crate) fold: u32,
}

impl NodeData {
    /// The figures of the parts folded here once the node budget was spent.
    pub(crate) fn elided_totals(&self) -> Totals {
        self.elided.as_ref().map_or(Acc::new().totals, |e| e.totals)
    }

    /// The accumulator of the parts folded here, made on first use.
    pub(crate) fn elided_mut(&mut self) -> &mut Acc {
        self.elided.get_or_insert_with(|| Box::new(Acc::new()))
    }

    /// Own and elided figures: what this node adds to the totals by itself.
    pub(crate) fn contribution(&self) -> Totals {
        let mut t = Totals {
            is_exact: true,
            ..Totals::default()
        };
        add_heap(&mut t, &self.own.totals);
        if let Some(elided) = &self.elided {
            add_heap(&mut t, &elided.totals);
        }
        if t.unreadable > 0 {
            t.heap_bytes_high = usize::MAX;
        }
        t
    }
}

// ---- the report ------------------------------------------------------------------------------

/// The layout of one value: a tree of its parts with every figure, and findings.
///
/// Made by [`LayoutReport::layout_report`]. It owns all its data (no borrow of the value), so
/// it can outlive the value and be sent across threads.
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
/// | `["math"]`, `[7]` | the value stored under a map key (the key as [`Layout::write_key`] writes it) |
/// | `[#3]` | entry 3 in iteration order, when the key has no short form |
/// | `.<key>` | the key of the entry above, when the key itself owns or shares memory |
/// | `.*` | what a pointer points to: a `Box`'s, `Rc`'s or `Arc`'s contents, a borrowed target |
/// | `.borrow()`, `.lock()`, `.read()` | contents behind a `RefCell`, `Mutex` or `RwLock` guard |
/// | `[8..1000]`, `[#8..1000]` | a summary of the elements (entries) past the first few |
///
/// A linked list of boxes reads `.next.Some.0.*.next.Some.0.*…`: the field, the `Some` payload
/// (a `Box`), the box's contents.
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
    pub(crate) nodes: Vec<NodeData>,
    /// Every node's own, elided and descendants' figures, by node index.
    pub(crate) subtree: Vec<Totals>,
    /// Children of every node, grouped by parent (`NodeData::children` is a range into it).
    pub(crate) children: Vec<u32>,
    /// Made on first use: most of a small report's cost is phrasing its findings.
    pub(crate) findings: std::sync::OnceLock<Vec<Finding>>,
    pub(crate) options: ReportOptions,
}

impl Report {
    /// Finishes the arena: subtree totals (children always come after their parent) and the
    /// children ranges.
    pub(crate) fn from_nodes(mut nodes: Vec<NodeData>) -> Report {
        let mut subtree: Vec<Totals> = nodes
            .iter()
            .map(|node| Totals {
                inline_bytes: node.inline_bytes,
                inline_padding: node.inline_padding,
                ..node.contribution()
            })
            .collect();
        for i in (1..nodes.len()).rev() {
            let (done, rest) = subtree.split_at_mut(i);
            add_heap(&mut done[nodes[i].parent as usize], &rest[0]);
        }
        for totals in &mut subtree {
            totals.is_exact &= totals.unreadable == 0;
            if totals.unreadable > 0 {
                // What could not be read may own any amount: no upper bound is known.
                totals.heap_bytes_high = usize::MAX;
            }
        }
        // Children grouped by parent, in creation order (counting sort, the counts kept in
        // the ranges themselves).
        for node in nodes.iter_mut() {
            node.children = (0, 0);
        }
        for i in 1..nodes.len() {
            let parent = nodes[i].parent as usize;
            nodes[parent].children.1 += 1;
        }
        let mut start = 0;
        for node in nodes.iter_mut() {
            let count = node.children.1;
            node.children = (start, start);
            start += count;
        }
        let mut children = vec![0u32; nodes.len().saturating_sub(1)];
        for i in 1..nodes.len() {
            let parent = nodes[i].parent as usize;
            let slot = nodes[parent].children.1;
            children[slot as usize] = i as u32;
            nodes[parent].children.1 += 1;
        }
        Report {
            nodes,
            subtree,
            children,
            findings: std::sync::OnceLock::new(),
            options: ReportOptions::default(),
        }
    }

    /// The root's figures: the same as [`totals`](crate::totals) of the value (with the default
    /// options).
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let s = String::with_capacity(10);
    /// assert_eq!(s.layout_report().totals(), memlayout::totals(&s));
    /// ```
    pub fn totals(&self) -> Totals {
        self.subtree[0]
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

    /// The root's full type name: the JSON's `"root_type"`, as
    /// [`DropOrder::root_type`](crate::DropOrder::root_type) gives a drop order's.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let names = vec![String::from("a")];
    /// let report = names.layout_report();
    /// assert_eq!(report.root_type(), core::any::type_name::<Vec<String>>());
    /// assert_eq!(report.root_type(), report.root().type_name());
    /// ```
    pub fn root_type(&self) -> &'static str {
        self.root().type_name()
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

    /// The node at `path` (see [`Report`]'s docs, "Paths", for the syntax). The root is `""`
    /// or `(root)`, as the text report shows it.
    ///
    /// An element folded into a summary has no node of its own: a path into it (`[500].name`
    /// when `[8..1000]` is a summary) finds the summary node, whose [`Node::kind`] is
    /// [`NodeKind::Summary`] and whose [`Node::summary`] holds the folded elements' figures.
    /// Parts folded away by [`ReportOptions::max_nodes`] are not found.
    ///
    /// ```
    /// use memlayout::{LayoutReport, NodeKind};
    /// let v: Vec<Option<String>> = vec![None, Some("hi".into())];
    /// let r = v.layout_report();
    /// assert_eq!(r.find("[1].Some.0").unwrap().heap_bytes(), 2);
    /// assert!(r.find("[7]").is_none());
    /// assert_eq!(r.find("(root)").unwrap().id(), 0);
    ///
    /// let many = vec![String::from("x"); 100];
    /// let folded = many.layout_report().find("[50]").map(|n| n.kind());
    /// assert_eq!(folded, Some(NodeKind::Summary));
    /// ```
    pub fn find(&self, path: &str) -> Option<Node<'_>> {
        let path = if path == ROOT_PATH { "" } else { path };
        // Depth-first over children whose segment is a prefix of the rest of the path and ends
        // on a segment boundary.
        let mut stack = vec![(0usize, 0usize)];
        let mut segment = String::new();
        let mut summary = None;
        while let Some((id, at)) = stack.pop() {
            let rest = &path[at..];
            if rest.is_empty() {
                return Some(Node { report: self, id });
            }
            let (start, end) = self.nodes[id].children;
            for &child in self.children[start as usize..end as usize].iter().rev() {
                let child = child as usize;
                if summary.is_none() && self.summary_holds(child, rest) {
                    summary = Some(child);
                }
                segment.clear();
                self.write_segment(child, &mut segment);
                if let Some(after) = rest.strip_prefix(segment.as_str()) {
                    if after.is_empty() || after.starts_with(['.', '[']) {
                        stack.push((child, at + segment.len()));
                    }
                }
            }
        }
        summary.map(|id| Node { report: self, id })
    }

    /// Whether node `id` is a summary whose folded elements include the one `rest` starts with
    /// (`[500]…` for indexed elements, `[#500]…` for entries).
    fn summary_holds(&self, id: usize, rest: &str) -> bool {
        let Some(summary) = self.nodes[id].summary.as_deref() else {
            return false;
        };
        let Some(inner) = rest.strip_prefix('[') else {
            return false;
        };
        let inner = if summary.is_entries {
            match inner.strip_prefix('#') {
                Some(inner) => inner,
                None => return false,
            }
        } else {
            inner
        };
        let Some((digits, after)) = inner.split_once(']') else {
            return false;
        };
        if !(after.is_empty() || after.starts_with(['.', '['])) {
            return false;
        }
        digits
            .parse::<usize>()
            .is_ok_and(|i| (summary.first_index..summary.first_index + summary.count).contains(&i))
    }

    /// What a reviewer would act on, largest first. Worked out on the first call (the walk only
    /// records the figures they come from), then kept.
    ///
    /// ```
    /// use memlayout::{FindingKind, LayoutReport};
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

    /// Writes node `id`'s path segment.
    pub(crate) fn write_segment(&self, id: usize, out: &mut String) {
        use core::fmt::Write;
        let node = &self.nodes[id];
        match &node.segment {
            Segment::Root => {}
            Segment::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            Segment::VariantField(variant, name) => {
                let _ = write!(out, ".{variant}.{name}");
            }
            Segment::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Segment::Key(key) => {
                let _ = write!(out, "[{key}]");
            }
            Segment::Entry(i) => {
                let _ = write!(out, "[#{i}]");
            }
            Segment::EntryKey => out.push_str(".<key>"),
            Segment::Deref => out.push_str(".*"),
            Segment::Guard(label) => out.push_str(label),
            Segment::Summary => match node.summary.as_deref() {
                Some(s) => {
                    let hash = if s.is_entries { "#" } else { "" };
                    let _ = write!(
                        out,
                        "[{hash}{}..{}]",
                        s.first_index,
                        s.first_index + s.count
                    );
                }
                None => out.push_str("[..]"),
            },
        }
    }

    /// The path of node `id`, root first.
    pub(crate) fn path_of(&self, id: usize) -> String {
        let mut chain = Vec::new();
        let mut at = id;
        while at != 0 {
            chain.push(at);
            at = self.nodes[at].parent as usize;
        }
        let mut out = String::new();
        for &id in chain.iter().rev() {
            self.write_segment(id, &mut out);
        }
        out
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

    /// Nodes ordered by `key` of their own contribution, largest first, at most `n`, non-zero.
    fn top_contributors(&self, n: usize, key: impl Fn(&NodeData) -> usize) -> Vec<(usize, usize)> {
        self.largest(n, |node| key(node.data()))
            .into_iter()
            .map(|(node, amount)| (node.id, amount))
            .collect()
    }

    fn contributors_message(&self, top: &[(usize, usize)], as_bytes: bool) -> String {
        use core::fmt::Write;
        let mut out = String::from("biggest contributors:");
        for &(id, amount) in top {
            let figure = if as_bytes {
                human_bytes(amount)
            } else {
                amount.to_string()
            };
            let _ = write!(
                out,
                "\n  {:<40} {:>10}  {}",
                display_path(&self.path_of(id)),
                figure,
                crate::render::short_type_name((self.nodes[id].layout.type_name)())
            );
        }
        out
    }

    /// Panics when `figure` is within `limit` only as far as it could be read: an unreadable
    /// part or an estimate's upper bound may put it over.
    #[track_caller]
    fn assert_verified(&self, figure: crate::budget::Figure, limit: usize) {
        if let Some(why) = figure.unverified(&self.totals(), limit) {
            panic!(
                "{} cannot be shown to keep {figure} within the limit of {limit}: {why}",
                self.root_short_type()
            );
        }
    }

    /// The root's type name without module paths, for assertion messages.
    fn root_short_type(&self) -> String {
        crate::render::short_type_name((self.nodes[0].layout.type_name)())
    }

    /// Panics unless the value owns at most `limit` heap bytes; the message names the biggest
    /// contributors by path.
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let v = vec![0u8; 100];
    /// v.layout_report().assert_heap_at_most(64); // panics: 100 B > 64 B
    /// ```
    #[track_caller]
    pub fn assert_heap_at_most(&self, limit: usize) {
        let heap = self.totals().heap_bytes;
        if heap > limit {
            let top = self.top_contributors(5, |n| n.contribution().heap_bytes);
            panic!(
                "{} owns {} of heap ({}), more than the limit of {} ({})\n{}",
                self.root_short_type(),
                human_bytes(heap),
                count_bytes(heap),
                human_bytes(limit),
                count_bytes(limit),
                self.contributors_message(&top, true)
            );
        }
        self.assert_verified(crate::budget::Figure::Heap, limit);
    }

    /// Panics unless at most `limit` bytes of heap are unused capacity.
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let v: Vec<u8> = Vec::with_capacity(64);
    /// v.layout_report().assert_unused_at_most(0);
    /// ```
    #[track_caller]
    pub fn assert_unused_at_most(&self, limit: usize) {
        let unused = self.totals().unused_capacity;
        if unused > limit {
            let top = self.top_contributors(5, |n| n.contribution().unused_capacity);
            panic!(
                "{} holds {} of unused capacity ({}), more than the limit of {} ({})\n{}",
                self.root_short_type(),
                human_bytes(unused),
                count_bytes(unused),
                human_bytes(limit),
                count_bytes(limit),
                self.contributors_message(&top, true)
            );
        }
        self.assert_verified(crate::budget::Figure::Unused, limit);
    }

    /// Panics unless the value holds at most `limit` heap allocations.
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let v = vec![String::from("a"), String::from("b")];
    /// v.layout_report().assert_allocations_at_most(2); // 3 allocations
    /// ```
    #[track_caller]
    pub fn assert_allocations_at_most(&self, limit: usize) {
        let allocations = self.totals().allocations;
        if allocations > limit {
            let top = self.top_contributors(5, |n| n.contribution().allocations);
            panic!(
                "{} holds {allocations} heap allocations, more than the limit of {limit}\n{}",
                self.root_short_type(),
                self.contributors_message(&top, false)
            );
        }
        self.assert_verified(crate::budget::Figure::Allocations, limit);
    }

    /// Panics unless every part is reached in at most `limit` pointer hops.
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let b = Box::new(Box::new(1u8));
    /// b.layout_report().assert_indirection_at_most(1); // 2 hops
    /// ```
    #[track_caller]
    pub fn assert_indirection_at_most(&self, limit: usize) {
        let deepest = self.totals().max_indirection;
        if deepest > limit {
            let top = self.top_contributors(5, |n| n.contribution().max_indirection);
            panic!(
                "{} reaches heap memory {deepest} pointer hops deep, more than the limit of {limit}\ndeepest parts (hops):{}",
                self.root_short_type(),
                self.contributors_message(&top, false).trim_start_matches("biggest contributors:")
            );
        }
        self.assert_verified(crate::budget::Figure::Indirection, limit);
    }

    /// Panics if the value holds any padding, inline or inside heap buffers.
    ///
    /// Enums count no padding of their own (see [`TypeLayout::padding_bytes`]): a
    /// `Vec<Option<u64>>` passes although each element's tag leaves bytes unused. Only structs'
    /// and tuples' gaps (nested ones included) and `Rc`/`Arc` allocation rounding are checked.
    ///
    /// ```should_panic
    /// use memlayout::LayoutReport;
    /// let v = vec![(1u8, 2u32); 4];
    /// v.layout_report().assert_no_padding(); // 3 bytes in each element
    /// ```
    #[track_caller]
    pub fn assert_no_padding(&self) {
        let totals = self.totals();
        if totals.total_padding() > 0 {
            let mut top = self.top_contributors(5, |n| n.contribution().heap_padding);
            if totals.inline_padding > 0 {
                top.push((0, totals.inline_padding));
                top.sort_by_key(|t| core::cmp::Reverse(t.1));
            }
            panic!(
                "{} holds {} of padding ({} inline, {} in heap buffers)\n{}",
                self.root_short_type(),
                human_bytes(totals.total_padding()),
                human_bytes(totals.inline_padding),
                human_bytes(totals.heap_padding),
                self.contributors_message(&top, true)
            );
        }
        self.assert_verified(crate::budget::Figure::Padding, 0);
    }

    /// The report as an indented tree with aligned columns; set filters on the result.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let v: Vec<Vec<u8>> = vec![vec![0; 4096], vec![]];
    /// let text = v.layout_report().display().max_depth(1).min_bytes(1024).to_string();
    /// assert!(text.contains("[0]"));
    /// assert!(!text.contains("[1] "));
    /// ```
    pub fn display(&self) -> crate::render::report_text::ReportDisplay<'_> {
        crate::render::report_text::ReportDisplay::new(self)
    }

    /// Folded stacks for flame graphs (inferno, flamegraph.pl): one `root;seg;seg bytes` line
    /// per node, where `bytes` is what the node holds by itself, so the lines add up to the
    /// root's inline plus heap bytes.
    ///
    /// Each line spells its node's whole stack, so a report of a deeply nested value (a long
    /// linked list) makes long lines: lower [`ReportOptions::max_nodes`] for those.
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
    /// flat list with parent indices (no nesting, so any JSON reader takes deep reports); each
    /// also carries its full path, long for deeply nested nodes.
    ///
    /// Schema `memlayout.report/1` (keys in this order; sizes in bytes; `null` where absent):
    ///
    /// ```text
    /// {
    ///   "schema": "memlayout.report/1",
    ///   "root_type": "full::type::Name",
    ///   "options": { "max_children", "max_nodes", "fair_share", "large_variant_bytes",
    ///                "small_box_bytes", "min_finding_bytes" },
    ///   "totals": Totals,            // the root's figures, as memlayout::totals returns them
    ///   "nodes": [ {                 // flat, parents before children
    ///       "id": 0, "parent": null | id, "path": ".items[3]", "segment": "[3]",
    ///       "type_name": "full::type::Name",
    ///       "kind": "value" | "borrowed" | "measured" | "summary",
    ///       "storage": "inline" | "owns_heap" | "shares_heap" | "borrows" | "raw_pointer"
    ///                  | "resource" | "opaque",
    ///       "depth", "indirection", "offset": null | n, "variant": null | "Name",
    ///       "inline_bytes", "inline_padding",
    ///       "own": Totals,           // the heap blocks this node reported itself
    ///       "totals": Totals,        // own + elided + all descendants
    ///       "elided": null | { "parts", "totals": Totals },
    ///       "shared": null | { "address", "block_bytes", "strong", "weak", "is_weak",
    ///                          "is_atomic", "counted_here", "first_seen": id },
    ///       "summary": null | { "first_index", "count", "is_entries",
    ///                           "min": Totals, "max": Totals },
    ///       "unreadable": null | "reason", "resource": null | "what drop releases"
    ///   } ],
    ///   "findings": [ { "kind": "unused_capacity" | "empty_allocation" | "inline_padding"
    ///                   | "heap_padding" | "large_enum_variant" | "double_indirection",
    ///                   "path", "bytes", "message" } ]   // largest first
    /// }
    /// Totals = { "inline_bytes", "inline_padding", "heap_bytes", "heap_bytes_low",
    ///            "heap_bytes_high", "heap_used", "unused_capacity", "reclaimable", "heap_padding",
    ///            "allocations", "max_indirection", "shared_bytes", "shared_allocations",
    ///            "unreadable", "resources", "is_exact" }
    /// ```
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let json = vec![1u8].layout_report().to_json();
    /// assert!(json.contains(r#""schema":"memlayout.report/1""#));
    /// ```
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> String {
        crate::render::report_json::to_json(self)
    }
}

impl fmt::Display for Report {
    /// The full tree and the findings; see [`Report::display`] for filters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.display(), f)
    }
}

/// How the root's (empty) path is shown in reports, drop orders and messages; [`Report::find`]
/// accepts it too.
pub(crate) const ROOT_PATH: &str = "(root)";

/// The root's path (empty) as shown in messages.
pub(crate) fn display_path(path: &str) -> &str {
    if path.is_empty() {
        ROOT_PATH
    } else {
        path
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
/// assert_eq!(memlayout::human_bytes(1536), "1.5 KiB");
/// assert_eq!(memlayout::human_bytes(12), "12 B");
/// assert_eq!(memlayout::human_bytes(usize::MAX), "unknown");
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
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

// ---- nodes -----------------------------------------------------------------------------------

/// One part of the value in a [`Report`].
///
/// ```
/// use memlayout::LayoutReport;
/// let v = vec![String::from("hello")];
/// let r = v.layout_report();
/// let s = r.find("[0]").unwrap();
/// let string = core::mem::size_of::<String>();
/// assert_eq!((s.type_name(), s.inline_bytes(), s.heap_bytes()), ("alloc::string::String", string, 5));
/// assert_eq!(s.indirection(), 1);
/// assert_eq!(s.parent().unwrap().path(), "");
/// ```
#[derive(Clone, Copy)]
pub struct Node<'r> {
    report: &'r Report,
    id: usize,
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node")
            .field("path", &self.path())
            .field("type_name", &self.type_name())
            .field("totals", self.totals())
            .finish()
    }
}

impl<'r> Node<'r> {
    fn data(&self) -> &'r NodeData {
        &self.report.nodes[self.id]
    }

    /// The node's index in [`Report::nodes`].
    pub fn id(&self) -> usize {
        self.id
    }

    /// The full path from the root (computed now; `""` for the root).
    pub fn path(&self) -> String {
        self.report.path_of(self.id)
    }

    /// This node's own segment of the path (`.name`, `[3]`, `.*`).
    pub fn segment(&self) -> String {
        let mut out = String::new();
        self.report.write_segment(self.id, &mut out);
        out
    }

    /// The full type name (`alloc::vec::Vec<u8>`); for a summary, the elements' type.
    pub fn type_name(&self) -> &'static str {
        (self.data().layout.type_name)()
    }

    /// The type's static layout.
    pub fn layout(&self) -> &'static TypeLayout {
        self.data().layout
    }

    /// What sort of part this is.
    pub fn kind(&self) -> NodeKind {
        self.data().kind
    }

    /// The parent node (`None` for the root).
    pub fn parent(&self) -> Option<Node<'r>> {
        let parent = self.data().parent;
        (parent != NO_PARENT).then_some(Node {
            report: self.report,
            id: parent as usize,
        })
    }

    /// The child nodes, in the order the walk met them.
    pub fn children(&self) -> impl ExactSizeIterator<Item = Node<'r>> + 'r {
        let (start, end) = self.data().children;
        let report = self.report;
        report.children[start as usize..end as usize]
            .iter()
            .map(move |&id| Node {
                report,
                id: id as usize,
            })
    }

    /// Tree depth (the root is 0).
    pub fn depth(&self) -> usize {
        self.data().depth as usize
    }

    /// `size_of_val` of the part (for a summary: all its elements together).
    pub fn inline_bytes(&self) -> usize {
        self.data().inline_bytes
    }

    /// Padding inside the inline bytes (nested fields included; 0 for enums).
    pub fn inline_padding(&self) -> usize {
        self.data().inline_padding
    }

    /// Offset within the parent value: from `offset_of!` for struct fields, measured from the
    /// live value for enum variant fields; `None` for elements and pointed-to parts.
    pub fn offset(&self) -> Option<usize> {
        self.data().offset
    }

    /// The active variant, for enums.
    pub fn variant(&self) -> Option<&'static str> {
        self.data().variant
    }

    /// The type's storage class.
    pub fn storage(&self) -> Storage {
        self.data().layout.storage
    }

    /// Pointer hops from the root value to this part.
    pub fn indirection(&self) -> usize {
        self.data().hop as usize
    }

    /// Figures of this node's subtree: heap it owns (directly or through its parts), unused
    /// capacity, allocations, …; `inline_bytes`/`inline_padding` are this node's.
    pub fn totals(&self) -> &'r Totals {
        &self.report.subtree[self.id]
    }

    /// Heap bytes the subtree owns.
    pub fn heap_bytes(&self) -> usize {
        self.report.subtree[self.id].heap_bytes
    }

    /// Heap bytes holding live elements in the subtree.
    pub fn heap_used(&self) -> usize {
        self.report.subtree[self.id].heap_used
    }

    /// Unused capacity in the subtree.
    pub fn unused_capacity(&self) -> usize {
        self.report.subtree[self.id].unused_capacity
    }

    /// Heap allocations in the subtree.
    pub fn allocations(&self) -> usize {
        self.report.subtree[self.id].allocations
    }

    /// Figures of the heap blocks this node's value reported itself (a `Vec`'s buffer, a `Box`'s
    /// allocation, a shared block where counted); for a summary, its folded elements'.
    pub fn own(&self) -> Totals {
        let mut own = self.data().own.totals;
        own.inline_bytes = self.data().inline_bytes;
        own.inline_padding = self.data().inline_padding;
        own
    }

    /// Parts folded into this node once the node budget was spent: how many, and their figures.
    pub fn elided(&self) -> Option<(usize, Totals)> {
        let data = self.data();
        (data.elided_parts > 0).then(|| (data.elided_parts, data.elided_totals()))
    }

    /// Sharing details, for `Rc`/`Arc`/`Weak` handles.
    pub fn shared(&self) -> Option<&'r SharedInfo> {
        self.data().shared.as_deref()
    }

    /// For a shared handle that is not the first path to its allocation: the node where it is
    /// counted.
    pub fn shared_with(&self) -> Option<Node<'r>> {
        let shared = self.shared()?;
        (!shared.counted_here).then_some(Node {
            report: self.report,
            id: shared.first_seen,
        })
    }

    /// For a summary node: the folded elements.
    pub fn summary(&self) -> Option<&'r Summary> {
        self.data().summary.as_deref()
    }

    /// Why the part could not be read (a locked `Mutex`, a mutably borrowed `RefCell`).
    pub fn unreadable(&self) -> Option<&'static str> {
        self.data().unreadable
    }

    /// The operating-system resource the part releases on drop.
    pub fn resource(&self) -> Option<&'static str> {
        self.data().resource
    }
}

// ---- findings --------------------------------------------------------------------------------

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum FindingKind {
    /// Capacity beyond the live elements that `shrink_to_fit` would return (only the
    /// reclaimable part is reported: a hash table's smallest size for its entries is not), or a
    /// B-tree's unused node slots, which rebuilding the tree from its entries fills.
    UnusedCapacity,
    /// An allocation holding nothing (capacity > 0, length 0).
    EmptyAllocation,
    /// Padding inside the value's inline bytes.
    InlinePadding,
    /// Padding inside elements stored on the heap, multiplied by their number.
    HeapPadding,
    /// An enum whose largest variant makes every value much bigger than the others need.
    LargeEnumVariant,
    /// A pointer to a pointer: `Box<Vec<T>>`, `Vec<Box<T>>` of small `T`.
    DoubleIndirection,
    /// A part that was not walked or could not be read: a `#[layout(opaque)]` field or an
    /// [`Opaque`](crate::Opaque) whose type may own heap, a union, `MaybeUninit`, a trait
    /// object's contents, a locked `Mutex`. Every heap figure that includes it is a lower bound.
    NotWalked,
}

impl FindingKind {
    /// A short lowercase label, as printed in reports.
    ///
    /// ```
    /// assert_eq!(memlayout::FindingKind::UnusedCapacity.label(), "unused capacity");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            FindingKind::UnusedCapacity => "unused capacity",
            FindingKind::EmptyAllocation => "empty allocation",
            FindingKind::InlinePadding => "inline padding",
            FindingKind::HeapPadding => "heap padding",
            FindingKind::LargeEnumVariant => "large variant",
            FindingKind::DoubleIndirection => "double indirection",
            FindingKind::NotWalked => "not walked",
        }
    }
}

/// One thing a reviewer would act on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Finding {
    /// What it is about.
    pub kind: FindingKind,
    /// The path of the node it concerns.
    pub path: String,
    /// The bytes at stake.
    pub bytes: usize,
    /// A sentence saying what to do.
    pub message: String,
}

/// The enum's largest variant, its payload, and the next largest payload, when they differ by
/// more than `threshold` bytes (clippy's `large_enum_variant` rule, through
/// [`TypeLayout::large_variant`]).
fn large_variant(layout: &TypeLayout, threshold: usize) -> Option<(&'static str, usize, usize)> {
    if layout.kind != Kind::Enum {
        return None;
    }
    let found = layout.large_variant(threshold)?;
    Some((
        found.largest.name,
        found.largest.payload_size,
        found.second.payload_size,
    ))
}

/// Heap padding at least this large is worth a finding even when the element type is already
/// as small as its fields allow: storing its fields in separate collections drops it.
const SPLIT_PADDING_BYTES: usize = 1024;

/// `n byte` or `n bytes`.
pub(crate) fn count_bytes(n: usize) -> String {
    if n == 1 {
        String::from("1 byte")
    } else {
        format!("{n} bytes")
    }
}

/// The element type whose padding a node's heap blocks hold: `T` for a `Vec<T>`, a `Box<T>` or
/// an `Rc<T>`; `T` for a `Box<[T]>` or an `Rc<[T]>`; `(K, V)` for a hash map.
fn padded_element(layout: &TypeLayout) -> Option<&'static TypeLayout> {
    let element = (layout.element?)();
    if element.is_sized {
        Some(element)
    } else {
        element.element.map(|e| e())
    }
}

/// Whether a finding is about wasted bytes (filtered by [`ReportOptions::min_finding_bytes`]).
fn is_waste(kind: FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::UnusedCapacity
            | FindingKind::EmptyAllocation
            | FindingKind::InlinePadding
            | FindingKind::HeapPadding
    )
}

/// Node `id`'s path with every element segment (`[3]`, `["key"]`, `[#3]`) written `[*]`: the
/// same part of every element of a collection has the same pattern.
fn path_pattern(report: &Report, id: usize) -> String {
    let mut chain = Vec::new();
    let mut at = id;
    while at != 0 {
        chain.push(at);
        at = report.nodes[at].parent as usize;
    }
    let mut out = String::new();
    for &id in chain.iter().rev() {
        match report.nodes[id].segment {
            Segment::Index(_) | Segment::Key(_) | Segment::Entry(_) => out.push_str("[*]"),
            _ => report.write_segment(id, &mut out),
        }
    }
    out
}

/// Findings of the same kind about the same part of several elements of one collection (the
/// pattern `.items[*].name`), merged into one that names the total and the largest.
fn group_findings(report: &Report, found: Vec<(Finding, usize)>) -> Vec<Finding> {
    use std::collections::HashMap;
    let mut groups: HashMap<(FindingKind, String), Vec<Finding>> = HashMap::new();
    let mut order = Vec::new();
    for (finding, id) in found {
        let pattern = path_pattern(report, id);
        let key = (finding.kind, pattern);
        let members = groups.entry(key.clone()).or_default();
        if members.is_empty() {
            order.push(key);
        }
        members.push(finding);
    }
    let mut out = Vec::with_capacity(order.len());
    for key in order {
        let Some(mut members) = groups.remove(&key) else {
            continue;
        };
        let (kind, pattern) = key;
        if members.len() == 1 {
            out.extend(members.pop());
            continue;
        }
        let total: usize = members.iter().map(|f| f.bytes).sum();
        let count = members.len();
        members.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
        let largest = &members[0];
        let collection = pattern.split("[*]").next().unwrap_or_default();
        out.push(Finding {
            kind,
            path: collection.to_string(),
            bytes: total,
            message: format!(
                "{count} elements of {} have {} at {pattern}, {} in all; the largest, {} ({}): {}",
                display_path(collection),
                kind.label(),
                human_bytes(total),
                largest.path,
                human_bytes(largest.bytes),
                largest.message
            ),
        });
    }
    out
}

/// Findings of a finished report, largest first.
pub(crate) fn findings(report: &Report) -> Vec<Finding> {
    use crate::render::short_type_name;
    let options = &report.options;
    let mut found: Vec<(Finding, usize)> = Vec::new();
    let mut enums_seen: std::collections::HashSet<&'static str> = std::collections::HashSet::new();
    let mut add = |kind, id: usize, bytes: usize, message: String| {
        found.push((
            Finding {
                kind,
                path: report.path_of(id),
                bytes,
                message,
            },
            id,
        ));
    };
    let root = &report.nodes[0];
    if root.inline_padding > 0 {
        // Only when some order of the root's own fields makes it smaller: otherwise the padding
        // is the alignment's due and there is nothing to reorder.
        if let Some(best) = root
            .layout
            .smallest_size()
            .filter(|&best| best < root.layout.size)
        {
            let name = short_type_name((root.layout.type_name)());
            add(
                FindingKind::InlinePadding,
                0,
                root.layout.size - best,
                format!(
                    "{name} has {} of padding in its inline bytes: ordering its fields by alignment \
                     would make it {} instead of {}",
                    count_bytes(root.inline_padding),
                    count_bytes(best),
                    root.layout.size
                ),
            );
        }
    }
    for (id, node) in report.nodes.iter().enumerate() {
        // Names and phrases are made only for the nodes that have a finding.
        let type_name_of = || short_type_name((node.layout.type_name)());
        let figures = node.contribution();
        let (empty, empty_bytes) = (
            node.own.empty_allocations + node.elided.as_ref().map_or(0, |e| e.empty_allocations),
            node.own.empty_bytes + node.elided.as_ref().map_or(0, |e| e.empty_bytes),
        );
        let where_of = || match node.kind {
            NodeKind::Summary => format!(
                "{} folded elements",
                node.summary.as_ref().map_or(0, |s| s.count)
            ),
            _ if node.elided_parts > 0 && node.own.totals.heap_bytes == 0 => {
                format!("{} folded parts", node.elided_parts)
            }
            _ => format!("this {}", type_name_of()),
        };
        let singular = !(node.kind == NodeKind::Summary
            || (node.elided_parts > 0 && node.own.totals.heap_bytes == 0));
        if empty > 0 {
            let what = if empty == 1 {
                format!("an allocation of {}", human_bytes(empty_bytes))
            } else {
                format!("{empty} allocations, {} in all,", human_bytes(empty_bytes))
            };
            let verb = if singular { "holds" } else { "hold" };
            let where_ = where_of();
            add(
                FindingKind::EmptyAllocation,
                id,
                empty_bytes,
                format!(
                    "{where_} {verb} {what} with nothing in it: drop it, or allocate only when needed"
                ),
            );
        }
        let unused = figures.unused_capacity.saturating_sub(empty_bytes);
        let reclaimable = figures.reclaimable.saturating_sub(empty_bytes).min(unused);
        if reclaimable > 0 && reclaimable == unused {
            let where_ = where_of();
            add(
                FindingKind::UnusedCapacity,
                id,
                reclaimable,
                format!(
                    "`shrink_to_fit` on {where_} would return {}",
                    exact_bytes(reclaimable)
                ),
            );
        } else if reclaimable > 0 {
            let where_ = where_of();
            add(
                FindingKind::UnusedCapacity,
                id,
                reclaimable,
                format!(
                    "`shrink_to_fit` on {where_} would return {} of {} spare capacity (the rest \
                     is the smallest table for {} entries)",
                    exact_bytes(reclaimable),
                    exact_bytes(unused),
                    if singular { "its" } else { "their" }
                ),
            );
        } else if unused > 0 && node.layout.name.starts_with("BTree") {
            // No method shrinks a B-tree, but building one from sorted entries fills its nodes.
            let where_ = where_of();
            add(
                FindingKind::UnusedCapacity,
                id,
                unused,
                format!(
                    "{where_} hold{} {} of unused slots in {} nodes; no method shrinks a B-tree, \
                     but rebuilding it from its entries (`into_iter().collect()`) fills its nodes",
                    if singular { "s" } else { "" },
                    exact_bytes(unused),
                    if singular { "its" } else { "their" }
                ),
            );
        }
        if figures.heap_padding > 0 {
            let element = padded_element(node.layout);
            let smaller = element.and_then(|e| {
                let best = e.smallest_size()?;
                (best < e.size).then_some((e, best))
            });
            if let Some((element, best)) = smaller {
                let where_ = where_of();
                add(
                    FindingKind::HeapPadding,
                    id,
                    figures.heap_padding,
                    format!(
                        "{} of padding inside the elements {where_} stores on the heap: ordering \
                         {}'s fields by alignment would make each {} instead of {}",
                        human_bytes(figures.heap_padding),
                        short_type_name((element.type_name)()),
                        count_bytes(best),
                        element.size
                    ),
                );
            } else if figures.heap_padding >= SPLIT_PADDING_BYTES
                && element.is_some_and(|e| e.has_field_layout())
            {
                let where_ = where_of();
                add(
                    FindingKind::HeapPadding,
                    id,
                    figures.heap_padding,
                    format!(
                        "{} of padding inside the elements {where_} stores on the heap; no field \
                         order makes them smaller: storing their fields in separate collections \
                         (a struct of arrays) would drop it",
                        human_bytes(figures.heap_padding)
                    ),
                );
            }
        }
        if node.kind == NodeKind::Value && enums_seen.insert((node.layout.type_name)()) {
            if let Some((variant, largest, second)) =
                large_variant(node.layout, options.large_variant_bytes)
            {
                let type_name = type_name_of();
                add(
                    FindingKind::LargeEnumVariant,
                    id,
                    largest - second,
                    format!(
                        "{type_name}::{variant} needs {} while the next largest variant needs {second}: box its payload",
                        count_bytes(largest)
                    ),
                );
            }
        }
        if node.layout.kind == Kind::Collection {
            if let Some(element) = node.layout.element.map(|e| e()) {
                if let Some((variant, largest, second)) =
                    large_variant(element, options.large_variant_bytes)
                {
                    let count = figures.heap_used.checked_div(element.size).unwrap_or(0);
                    if count > 0 {
                        add(
                            FindingKind::LargeEnumVariant,
                            id,
                            count * (largest - second),
                            format!(
                                "{count} {} values each reserve room for {variant} ({}; the next largest variant needs {second}): box its payload",
                                short_type_name((element.type_name)()),
                                count_bytes(largest)
                            ),
                        );
                    }
                }
            }
        }
        if let Some(reason) = node.unreadable {
            let where_ = where_of();
            add(
                FindingKind::NotWalked,
                id,
                0,
                format!("{where_}: {reason}; heap figures that include it are lower bounds"),
            );
        } else if figures.unreadable > 0 {
            let where_ = where_of();
            add(
                FindingKind::NotWalked,
                id,
                0,
                format!(
                    "{where_} hold{} {} part(s) not walked or not readable: heap figures that \
                     include them are lower bounds",
                    if singular { "s" } else { "" },
                    figures.unreadable
                ),
            );
        }
        if node.boxes_collection {
            let type_name = type_name_of();
            add(
                FindingKind::DoubleIndirection,
                id,
                node.own.totals.heap_bytes,
                format!(
                    "{type_name} boxes a collection that already keeps its data behind a pointer: store it unboxed to save an allocation and a hop"
                ),
            );
        }
        if node.small_boxed_elements > 0 {
            let count = node.small_boxed_elements as usize;
            let type_name = type_name_of();
            add(
                FindingKind::DoubleIndirection,
                id,
                count * core::mem::size_of::<usize>(),
                format!(
                    "{type_name} stores {count} small boxed elements: store them unboxed to save {count} allocations and a hop each"
                ),
            );
        }
    }
    let mut out = group_findings(report, found);
    out.retain(|f| !is_waste(f.kind) || f.bytes >= options.min_finding_bytes);
    out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    out
}
