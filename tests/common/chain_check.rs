//! Chains built link by link under the counting allocator, and the checks of their reports
//! against it and against the general walk, shared by the chain tests. Include it with
//! `#[path = "common/chain_check.rs"] #[macro_use] mod chain_check;` after `mod alloc;`
//! (`common/alloc.rs`) and `mod chain_summary;`.

use memlayout::allocator::Model;
use memlayout::report::{FindingKind, Report};
use memlayout::{Layout, LayoutReport, ReportOptions};

use crate::alloc::{self, Usage};
use crate::chain_summary::chain_summary;

/// The links a report shows before it folds the rest (the default `max_children`).
pub const SHOWN: usize = 8;

/// Links that drop in a loop (the default drop would recurse once per link).
macro_rules! drop_in_a_loop {
    ($($link:ident),*) => {$(
        impl Drop for $link {
            fn drop(&mut self) {
                let mut next = self.next.take();
                while let Some(mut link) = next {
                    next = link.next.take();
                }
            }
        }
    )*};
}

/// What the allocator saw for each link of a chain, head first: what its payload owns, and
/// its own box.
pub struct Seen {
    pub payloads: Vec<Usage>,
    pub boxes: Vec<Usage>,
}

impl Seen {
    /// The heap bytes and allocations of link `i` folded into a summary: its payload's, and
    /// the next link's box, which its pointer holds.
    pub fn folded(&self, i: usize) -> (usize, usize) {
        let next = self.boxes.get(i + 1);
        (
            self.payloads[i].bytes + next.map_or(0, |b| b.bytes),
            self.payloads[i].allocations + next.map_or(0, |b| b.allocations),
        )
    }

    pub fn total(&self) -> (usize, usize) {
        let all = self.payloads.iter().chain(&self.boxes);
        (
            all.clone().map(|u| u.bytes).sum(),
            all.map(|u| u.allocations).sum(),
        )
    }
}

/// A chain of `len` links, `payload(i)` in link `i`, joined into a link by `join`.
pub fn build<L, P>(
    len: usize,
    payload: impl Fn(usize) -> P,
    join: impl Fn(P, Option<Box<L>>) -> L,
) -> (Option<Box<L>>, Seen) {
    let mut head = None;
    let (mut payloads, mut boxes) = (Vec::with_capacity(len), Vec::with_capacity(len));
    for i in (0..len).rev() {
        let (p, usage) = alloc::measure(|| payload(i));
        payloads.push(usage);
        let next = head.take();
        let (link, usage) = alloc::measure(|| Box::new(join(p, next)));
        boxes.push(usage);
        head = Some(link);
    }
    payloads.reverse();
    boxes.reverse();
    (head, Seen { payloads, boxes })
}

/// Checks every node of `report` against the report of the same value under an allocator
/// model, whose walk takes every link through the general visitor: the same nodes, with the
/// same figures, and the same findings (an empty allocation among folded links is one).
pub fn check_against_the_general_walk<T: Layout + ?Sized>(value: &T, report: &Report) {
    let general = value.layout_report_with(ReportOptions::new().allocator(Model::Jemalloc));
    assert_eq!(report.totals(), general.totals());
    // Allocator rounding is only found under a model.
    let modelled = general.findings().iter();
    let general_findings: Vec<_> = modelled
        .filter(|f| f.kind != FindingKind::AllocatorRounding)
        .collect();
    assert_eq!(
        report.findings().iter().collect::<Vec<_>>(),
        general_findings
    );
    assert_eq!(report.nodes().len(), general.nodes().len());
    for (node, same) in report.nodes().zip(general.nodes()) {
        assert_eq!(node.path(), same.path());
        assert_eq!(node.totals(), same.totals(), "{}", node.path());
        assert_eq!(node.own(), same.own(), "{}", node.path());
        assert_eq!(node.inline_bytes(), same.inline_bytes(), "{}", node.path());
        assert_eq!(node.summary(), same.summary(), "{}", node.path());
    }
}

/// The sum, the least and the greatest of some figures.
pub fn sum_min_max(figures: impl Iterator<Item = usize> + Clone) -> (usize, usize, usize) {
    let least = figures.clone().min().unwrap_or(0);
    let greatest = figures.clone().max().unwrap_or(0);
    (figures.sum(), least, greatest)
}

/// Checks the report of a chain built by [`build`] against the allocator's figures, link by
/// link: the first `SHOWN` links shown, the rest folded.
pub fn check_chain<L: Layout>(head: &Option<Box<L>>, seen: &Seen) {
    let len = seen.boxes.len();
    let report = head.layout_report();
    let totals = report.totals();
    assert_eq!((totals.heap_bytes, totals.allocations), seen.total());
    assert!(totals.is_exact);
    // Box `i` is `i + 1` pointers down.
    let deepest_box = if seen.boxes.iter().any(|b| b.allocations > 0) {
        len
    } else {
        0
    };
    assert!(totals.max_indirection >= deepest_box, "{len} links");
    let Some(node) = chain_summary(&report) else {
        assert!(len <= SHOWN, "{len} links, no summary");
        return;
    };
    let summary = node.summary().unwrap();
    let folded: Vec<(usize, usize)> = (SHOWN..len).map(|i| seen.folded(i)).collect();
    assert_eq!((summary.first_index, summary.count), (SHOWN, folded.len()));
    let bytes = sum_min_max(folded.iter().map(|f| f.0));
    let allocations = sum_min_max(folded.iter().map(|f| f.1));
    let (min, max) = (&summary.min, &summary.max);
    assert_eq!((node.heap_bytes(), min.heap_bytes, max.heap_bytes), bytes);
    assert_eq!(
        (node.allocations(), min.allocations, max.allocations),
        allocations
    );
    let size = core::mem::size_of::<L>();
    assert_eq!(node.inline_bytes(), folded.len() * size);
    assert_eq!(
        (summary.min.inline_bytes, summary.max.inline_bytes),
        (size, size)
    );
    // The deepest block is the last box, held by the last folded link but one.
    if len >= SHOWN + 2 {
        assert_eq!(summary.max.max_indirection, totals.max_indirection);
    }
    // The pointer to the first folded link keeps that link's box, as every shown box does.
    assert_eq!(
        node.parent().unwrap().own().heap_bytes,
        seen.boxes[SHOWN].bytes
    );
    assert!(report.nodes().len() < 8 * (SHOWN + 2));
    check_against_the_general_walk(head, &report);
}

/// A buffer whose block claims `used` bytes, more than it holds if so built.
pub struct Claimed {
    pub buffer: Vec<u8>,
    pub used: usize,
}

impl Layout for Claimed {
    const LAYOUT: &'static memlayout::TypeLayout = <Vec<u8> as Layout>::LAYOUT;
    fn visit<'a, V: memlayout::Visitor<'a>>(&'a self, v: &mut V) {
        let bytes = self.buffer.capacity();
        v.heap(memlayout::HeapBlock::exact(bytes, 1, self.used));
    }
}

/// A link of such a buffer.
#[derive(Layout)]
pub struct ClaimedLink {
    pub claimed: Claimed,
    pub next: Option<Box<ClaimedLink>>,
}

drop_in_a_loop!(ClaimedLink);
