//! The report walk's accumulators: what parts without a node add up into.

use crate::report::{Acc, NodeData, Summary, Totals};
use crate::visit::{Exactness, HeapBlock};

impl Acc {
    /// Adds the figures of a part added up without a node (`rare` read only if `fig.rare`).
    pub(super) fn merge_fig(&mut self, fig: &Fig, rare: &Rare) {
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
        t.indirection_is_exact &= !rare.shallow;
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
pub(super) struct Fig {
    pub(super) heap_bytes: usize,
    pub(super) used: usize,
    /// Sum of each block's `bytes - used` (saturating), as [`Totals::unused_capacity`].
    pub(super) unused: usize,
    pub(super) reclaimable: usize,
    pub(super) padding: usize,
    pub(super) allocations: usize,
    pub(super) max_indirection: usize,
    /// Whether the part has rare figures (in the [`Rare`] that goes with it).
    pub(super) rare: bool,
}

/// The rarely non-zero figures of a [`Fig`]. The report walk keeps one, for the one part being
/// added up at a time; [`Rare::open`] clears it when that part's first rare figure comes.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Rare {
    pub(super) empty_allocations: usize,
    pub(super) empty_bytes: usize,
    /// Whether an estimated block was met.
    pub(super) inexact: bool,
    /// Whether a depth that is only a lower bound was met ([`Totals::indirection_is_exact`]).
    pub(super) shallow: bool,
    /// Over estimated blocks only: their best estimates, lower and upper bounds.
    pub(super) estimated: usize,
    pub(super) estimated_low: usize,
    pub(super) estimated_high: usize,
    pub(super) shared_bytes: usize,
    pub(super) shared_allocations: usize,
    pub(super) unreadable: usize,
    pub(super) resources: usize,
}

impl Rare {
    /// The rare figures of a part that `has_rare` ones already (else cleared first).
    #[inline]
    pub(super) fn open(&mut self, has_rare: bool) -> &mut Rare {
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
        self.shallow |= other.shallow;
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
    pub(super) fn add_block(&mut self, block: &HeapBlock, hop: usize, rare: &mut Rare) {
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

    /// Adds one plain block (see [`Visitor::plain_heap`](crate::Visitor::plain_heap)): the
    /// figures [`Fig::add_block`] adds for [`HeapBlock::exact`]`(bytes, align, used)`, without
    /// the tests for an estimate or padding. `used > bytes` (from a hand-written impl) counts
    /// as there: no spare bytes.
    #[inline(always)]
    pub(super) fn add_plain_block(
        &mut self,
        bytes: usize,
        align: usize,
        used: usize,
        hop: usize,
        rare: &mut Rare,
    ) {
        let spare = bytes.saturating_sub(used);
        self.heap_bytes += bytes;
        self.used += used;
        self.unused += spare;
        self.reclaimable += spare;
        if bytes > 0 {
            self.allocations += 1;
            self.max_indirection = self.max_indirection.max(hop + 1);
            if used == 0 {
                rare.open(self.rare)
                    .empty(&HeapBlock::exact(bytes, align, used));
                self.rare = true;
            }
        }
    }

    /// A shared block's figures, and the allocation once, for the `first` handle.
    #[inline]
    pub(super) fn add_shared(
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
            shallow: !t.indirection_is_exact,
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
                || !t.indirection_is_exact
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
    #[inline]
    pub(super) fn add(&mut self, other: &Fig) {
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
            indirection_is_exact: !rare.shallow && !unreadable,
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
            indirection_is_exact: true,
        }
    }
}

/// The figures a plain element varies in: an ordinary one (see [`Common`]) whose blocks hold no
/// padding and whose spare bytes are all reclaimable (`Vec`, `String`, `Box` blocks), so its
/// `padding` is zero, its `reclaimable` equals its `unused`, and `heap_bytes = used + unused`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Plain {
    pub(super) heap_bytes: usize,
    pub(super) used: usize,
    pub(super) unused: usize,
    pub(super) allocations: usize,
    pub(super) max_indirection: usize,
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
pub(super) struct PlainFold {
    /// Whether an element with every figure zero was folded (not in `min`, which is then 0).
    has_zero: bool,
    heap_bytes: usize,
    used: usize,
    allocations: usize,
    min: Plain,
    max: Plain,
}

impl PlainFold {
    pub(super) const NEW: PlainFold = PlainFold {
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

    /// The fold of elements with these sums of `heap_bytes`, `used` and `allocations`, and
    /// these extremes (over every element: a zero one in `min` too).
    pub(super) fn of(
        (heap_bytes, used, allocations): (usize, usize, usize),
        min: Plain,
        max: Plain,
    ) -> PlainFold {
        PlainFold {
            has_zero: false,
            heap_bytes,
            used,
            allocations,
            min,
            max,
        }
    }

    /// Whether `fig` is a plain element's figures.
    #[inline(always)]
    pub(super) fn takes(fig: &Fig) -> bool {
        !fig.rare
            && fig.padding == 0
            && fig.reclaimable == fig.unused
            && fig.used.wrapping_add(fig.unused) == fig.heap_bytes
    }

    /// Whether a plain element's figures ([`PlainFold::takes`]) are nothing at all.
    #[inline(always)]
    pub(super) fn is_nothing(fig: &Fig) -> bool {
        fig.allocations == 0 && (fig.heap_bytes | fig.used | fig.unused | fig.max_indirection) == 0
    }

    /// Folds in a plain element ([`PlainFold::takes`]).
    #[inline(always)]
    pub(super) fn add(&mut self, fig: &Fig) {
        if PlainFold::is_nothing(fig) {
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

    /// Folds in a plain link of a chain ([`PlainFold::takes`]): as [`PlainFold::add`], but each
    /// link is one pointer deeper than the one before it, so its depth sets a new extreme every
    /// time and is compared apart.
    #[inline(always)]
    pub(super) fn add_link(&mut self, fig: &Fig) {
        let depth = fig.max_indirection;
        self.min.max_indirection = self.min.max_indirection.min(depth);
        self.max.max_indirection = self.max.max_indirection.max(depth);
        // The depth is in: the rest as any element (a link with nothing at all, the last one
        // of a chain of heap-free links, keeps its depth out of `min` as `add` would).
        self.add(&Fig {
            max_indirection: self.min.max_indirection,
            ..*fig
        });
    }

    /// Folds in `n` more elements with the figures of `fig`, one already folded in (whose
    /// extremes therefore take them in already): their sums only.
    #[inline(always)]
    pub(super) fn add_repeats(&mut self, fig: &Fig, n: usize) {
        self.heap_bytes += n * fig.heap_bytes;
        self.used += n * fig.used;
        self.allocations += n * fig.allocations;
    }

    /// Folds in the elements `other` folded (a loop's own fold, begun at [`PlainFold::NEW`]).
    pub(super) fn merge(&mut self, other: &PlainFold) {
        self.has_zero |= other.has_zero;
        self.heap_bytes += other.heap_bytes;
        self.used += other.used;
        self.allocations += other.allocations;
        let (lo, hi) = (&mut self.min, &mut self.max);
        macro_rules! min_max {
            ($($f:ident),*) => {$(
                lo.$f = lo.$f.min(other.min.$f);
                hi.$f = hi.$f.max(other.max.$f);
            )*};
        }
        min_max!(heap_bytes, used, unused, allocations, max_indirection);
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
pub(super) struct CommonFold {
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
    pub(super) fn add(&mut self, fig: &Fig) {
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
///
/// The [`Summary`] itself lives here too, and the walk's folds become the report's summaries:
/// one allocation for all of a report's summaries, none apart for each.
#[derive(Clone, Debug)]
pub(crate) struct SummaryFold {
    /// The summary node.
    pub(super) node: u32,
    /// The summary: `count` as elements come; until [`SummaryFold::finish`], `min` and `max`
    /// are the least and greatest figures of the others (what [`CommonFold`] does not take).
    pub(crate) summary: Summary,
    pub(super) plain: PlainFold,
    common: CommonFold,
    /// Elements folded in: plain, common and others.
    folded: usize,
    inline_bytes: usize,
    inline_padding: usize,
    inline_min: (usize, usize),
    inline_max: (usize, usize),
    others: usize,
    others_sum: Fig,
    others_rare: Rare,
}

impl SummaryFold {
    pub(super) fn new(node: u32, summary: Summary) -> SummaryFold {
        SummaryFold {
            node,
            summary,
            plain: PlainFold::NEW,
            common: CommonFold::NEW,
            folded: 0,
            inline_bytes: 0,
            inline_padding: 0,
            inline_min: (usize::MAX, usize::MAX),
            inline_max: (0, 0),
            others: 0,
            others_sum: Fig::default(),
            others_rare: Rare::default(),
        }
    }

    /// Folds one finished element's heap figures in (its inline ones, and its count, through
    /// [`SummaryFold::add_inline`]); `rare` is read only if `fig.rare`.
    #[inline]
    pub(super) fn add(&mut self, fig: &Fig, rare: &Rare) {
        if PlainFold::takes(fig) {
            self.plain.add(fig);
        } else if fig.rare {
            self.add_other(fig, rare);
        } else {
            self.common.add(fig);
        }
    }

    /// Folds in `n` more elements with the figures of `fig` (not rare), one already folded in
    /// (whose extremes therefore take them in already).
    pub(super) fn add_repeats(&mut self, fig: &Fig, n: usize) {
        debug_assert!(!fig.rare);
        if PlainFold::takes(fig) {
            self.plain.add_repeats(fig, n);
            return;
        }
        let c = &mut self.common;
        c.count += n;
        c.heap_bytes += n * fig.heap_bytes;
        c.used += n * fig.used;
        c.unused += n * fig.unused;
        c.reclaimable += n * fig.reclaimable;
        c.padding += n * fig.padding;
        c.allocations += n * fig.allocations;
    }

    /// Folds in an element with rare figures (`fig.rare`).
    #[cold]
    #[inline(never)]
    fn add_other(&mut self, fig: &Fig, rare: &Rare) {
        self.others_sum.add(fig);
        self.others_rare.add(rare);
        let t = fig.totals(rare);
        if self.others == 0 {
            self.summary.min = t;
            self.summary.max = t;
        } else {
            each_figure(&mut self.summary.min, &t, usize::min);
            each_figure(&mut self.summary.max, &t, usize::max);
            self.summary.min.is_exact &= t.is_exact;
            self.summary.max.is_exact &= t.is_exact;
            self.summary.min.indirection_is_exact &= t.indirection_is_exact;
            self.summary.max.indirection_is_exact &= t.indirection_is_exact;
        }
        self.others += 1;
    }

    /// `n` elements of `bytes` inline bytes with `padding` bytes of padding each.
    #[inline]
    pub(super) fn add_inline(&mut self, n: usize, bytes: usize, padding: usize) {
        if n == 0 {
            return;
        }
        self.folded += n;
        self.inline_bytes += n * bytes;
        self.inline_padding += n * padding;
        self.inline_min = (self.inline_min.0.min(bytes), self.inline_min.1.min(padding));
        self.inline_max = (self.inline_max.0.max(bytes), self.inline_max.1.max(padding));
    }

    /// Folds a finished element's accumulator (a scratch slot's) in, inline figures included.
    pub(super) fn add_acc(&mut self, acc: &Acc) {
        let (fig, rare) = Fig::of_acc(acc);
        self.add(&fig, &rare);
        self.add_inline(1, acc.totals.inline_bytes, acc.totals.inline_padding);
    }

    /// Writes the folded figures into the summary node.
    pub(super) fn finish(&mut self, node: &mut NodeData) {
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
        node.figures.merge_fig(&sum, &self.others_rare);
        // A summary's inline figures are its elements' summed, like its heap figures: one
        // definition for every figure (the `min` and `max` below are per element).
        node.figures.totals.inline_bytes += self.inline_bytes;
        node.figures.totals.inline_padding += self.inline_padding;
        if self.folded == 0 {
            return;
        }
        let mut parts = [
            (plain > 0).then(|| {
                let min = if p.has_zero { Plain::ZERO } else { p.min };
                (min.common().totals(), p.max.common().totals())
            }),
            (c.count > 0).then(|| (c.min.totals(), c.max.totals())),
            (self.others > 0).then_some((self.summary.min, self.summary.max)),
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
            min.indirection_is_exact &= lo.indirection_is_exact;
            max.indirection_is_exact &= hi.indirection_is_exact;
        }
        self.summary.min = Totals {
            inline_bytes: self.inline_min.0,
            inline_padding: self.inline_min.1,
            ..min
        };
        self.summary.max = Totals {
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
