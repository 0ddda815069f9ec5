//! What the `hunt_histories*.rs` tests share: a value's figures in every walk against the
//! counting allocator (`crate::alloc`, included by each test file): `heap_bytes`, `totals`,
//! reports with and without summaries, folded stacks, budgets, the drop order's frees and leak
//! figure, the reclaimable figure, and summaries of elements and chain links measured one by one.
#![allow(dead_code)]

#[cfg(feature = "std")]
use std::cell::RefCell;
#[cfg(feature = "std")]
use std::collections::HashMap;

use memlayout::{DropAction, DropOrderExt, Layout, LayoutReport, ReportOptions, Totals};

use crate::alloc;

/// Builds a value and checks every walk's figures for it against the allocator, then drops it
/// and checks the frees the drop order predicts.
#[track_caller]
pub fn check<T: Layout>(what: &str, build: impl FnOnce() -> T) {
    let (value, usage) = alloc::measure(build);
    figures(what, &value, usage);
    frees(what, value, usage);
}

/// Checks `heap_bytes`, `totals` and the report's totals (with and without summaries) against
/// the allocator's figures for the value.
#[track_caller]
pub fn figures<T: Layout>(what: &str, value: &T, usage: alloc::Usage) -> Totals {
    let t = memlayout::totals(value);
    assert_eq!(
        memlayout::heap_bytes(value),
        t.heap_bytes,
        "{what}: heap_bytes"
    );
    assert_eq!(value.layout_report().totals(), t, "{what}: report totals");
    assert!(
        (t.heap_bytes_low..=t.heap_bytes_high).contains(&usage.bytes),
        "{what}: truth {} outside {t:?}",
        usage.bytes
    );
    if t.is_exact {
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (usage.bytes, usage.allocations),
            "{what}: exact figures (left) against the allocator (right)"
        );
    }
    let summarised = value.layout_report_with(ReportOptions::new().max_children(0));
    assert_eq!(summarised.totals(), t, "{what}: summarised report totals");
    for options in [
        ReportOptions::new().max_nodes(3),
        ReportOptions::new().max_children(1).max_nodes(2),
    ] {
        let report = value.layout_report_with(options);
        assert_eq!(
            report.totals(),
            t,
            "{what}: report totals under {options:?}"
        );
        let folded: usize = report
            .folded()
            .lines()
            .map(|line| line.rsplit(' ').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(
            folded,
            t.inline_bytes + t.heap_bytes,
            "{what}: folded stacks' sum"
        );
        let children: usize = report.root().children().map(|c| c.heap_bytes()).sum();
        assert!(
            children <= report.root().heap_bytes(),
            "{what}: children over their parent"
        );
    }
    // Shares of blocks whose other handles live outside the value are left out.
    let fair = value.layout_report_with(ReportOptions::new().fair_share(true));
    assert!(
        fair.totals().heap_bytes <= t.heap_bytes,
        "{what}: fair shares over the whole"
    );
    budgets_hold(what, value, t, usage);
    t
}

/// Drops the value and checks the drop order's leak figure and, for an exact value, its frees
/// against the allocator's.
#[track_caller]
pub fn frees<T: Layout>(what: &str, value: T, usage: alloc::Usage) {
    let t = memlayout::totals(&value);
    let order = value.drop_order();
    assert_eq!(order.leaked(), (0, 0), "{what}: leaked");
    let (mut predicted_bytes, mut predicted_allocations, mut exact_steps) = (0, 0, true);
    // The blocks freed one at a time, in order, while every step frees at most one.
    let mut sequence = Some(Vec::new());
    for step in order.steps() {
        match step.action() {
            DropAction::FreesHeap {
                bytes,
                allocations,
                is_exact,
            } => {
                predicted_bytes += bytes;
                predicted_allocations += allocations;
                exact_steps &= is_exact;
                match (allocations, &mut sequence) {
                    (0, _) => {}
                    (1, Some(blocks)) => blocks.push(bytes),
                    _ => sequence = None,
                }
            }
            DropAction::FreesShared { bytes } => {
                predicted_bytes += bytes;
                predicted_allocations += 1;
                if let Some(blocks) = &mut sequence {
                    blocks.push(bytes);
                }
            }
            _ => {}
        }
    }
    drop(order);
    let freed = alloc::frees_during(|| drop(value));
    let freed_bytes: usize = freed.iter().sum();
    assert_eq!(
        freed_bytes, usage.bytes,
        "{what}: the value frees what it holds"
    );
    if t.is_exact {
        assert!(exact_steps, "{what}: an exact value with an estimated step");
        assert_eq!(
            (predicted_bytes, predicted_allocations),
            (freed_bytes, freed.len()),
            "{what}: drop order's frees (left) against the allocator's (right)"
        );
        if let Some(blocks) = sequence {
            assert_eq!(blocks, freed, "{what}: frees in order (left: predicted)");
        }
    }
}

/// Puts `n` elements, each measured as it is built, in a `Vec`, a `HashMap` keyed by index and
/// a `HashMap` keyed by a `String` (each entry measured with its key); checks each container,
/// and that its one summary (`max_children(0)`) folds `n` elements whose least and greatest
/// heap and their sum are the allocator's (within the bounds, for bounds).
#[cfg(feature = "std")]
#[track_caller]
pub fn check_elements<T: Layout>(what: &str, n: usize, build: impl Fn(usize) -> T) {
    let truths = RefCell::new(Vec::new());
    let measured = |i: usize, key: bool| {
        let ((k, element), usage) =
            alloc::measure(|| (key.then(|| format!("key number {i}")), build(i)));
        truths.borrow_mut().push(usage.bytes);
        (k, element)
    };
    // The figures go to a buffer reserved before each container is measured.
    let reserve = || *truths.borrow_mut() = Vec::with_capacity(n);
    reserve();
    let (v, usage) = alloc::measure(|| {
        let mut v = Vec::with_capacity(n);
        v.extend((0..n).map(|i| measured(i, false).1));
        v
    });
    let element_truths = truths.take();
    shown_match(what, &v, &element_truths);
    summary_matches(what, &v, usage, &element_truths);
    reserve();
    let (m, usage) = alloc::measure(|| {
        let mut m = HashMap::with_capacity(n);
        m.extend((0..n).map(|i| (i as u32, measured(i, false).1)));
        m
    });
    summary_matches(&format!("{what} (u32 keys)"), &m, usage, &truths.take());
    reserve();
    let (m, usage) = alloc::measure(|| {
        let mut m = HashMap::with_capacity(n);
        m.extend((0..n).map(|i| {
            let (k, e) = measured(i, true);
            (k.unwrap(), e)
        }));
        m
    });
    summary_matches(&format!("{what} (String keys)"), &m, usage, &truths.take());
}

/// Checks that each element the default report shows holds the allocator's figure for it.
#[track_caller]
pub fn shown_match<T: Layout>(what: &str, v: &Vec<T>, truths: &[usize]) {
    if !memlayout::totals(v).is_exact {
        return;
    }
    let report = v.layout_report();
    let mut shown = 0;
    for (i, truth) in truths.iter().enumerate() {
        if let Some(node) = report
            .find(&format!("[{i}]"))
            .filter(|n| n.summary().is_none())
        {
            shown += 1;
            assert_eq!(
                node.heap_bytes(),
                *truth,
                "{what}: [{i}] (left) against the allocator"
            );
        }
    }
    assert!(shown > 0 || truths.is_empty(), "{what}: no element shown");
}

#[track_caller]
pub fn summary_matches<C: Layout>(
    what: &str,
    container: &C,
    usage: alloc::Usage,
    truths: &[usize],
) {
    let t = figures(what, container, usage);
    let report = container.layout_report_with(ReportOptions::new().max_children(0));
    let summaries: Vec<_> = report.nodes().filter(|n| n.summary().is_some()).collect();
    assert_eq!(summaries.len(), 1, "{what}: one summary");
    let node = &summaries[0];
    let summary = node.summary().unwrap();
    assert_eq!(summary.count, truths.len(), "{what}: count");
    let (least, most) = (
        truths.iter().min().copied().unwrap_or(0),
        truths.iter().max().copied().unwrap_or(0),
    );
    if t.is_exact {
        assert_eq!(
            (
                summary.min.heap_bytes,
                summary.max.heap_bytes,
                node.heap_bytes()
            ),
            (least, most, truths.iter().sum()),
            "{what}: summary's least, greatest and sum (left) against the allocator's (right)"
        );
    } else {
        assert!(
            summary.min.heap_bytes_low <= least && most <= summary.max.heap_bytes_high,
            "{what}: elements' truth {least}..={most} outside {:?} / {:?}",
            summary.min,
            summary.max
        );
    }
}

/// Checks that the value's reclaimable figure is what `shrink` gives back to the allocator,
/// unless its heap figure is a bound or not the truth (README's Limits: a hash table emptied by
/// removals may be reported as a smaller table).
#[track_caller]
pub fn reclaims<T: Layout>(what: &str, build: impl FnOnce() -> T, shrink: impl FnOnce(&mut T)) {
    let (mut value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    if !totals.is_exact || totals.heap_bytes != usage.bytes {
        return;
    }
    let before = alloc::live().0;
    shrink(&mut value);
    // A shrink may grow a buffer (compact_str keeps at least 32 bytes): nothing to reclaim.
    let given_back = (before - alloc::live().0).max(0);
    assert_eq!(
        totals.reclaimable as isize, given_back,
        "{what}: reclaimable (left) against what shrink_to_fit gave back (right)"
    );
}

/// Checks budgets at the allocator's figures: one below the truth always fails; one at the
/// truth passes exactly when the figure is certain (a bound's budget fails unverified).
#[track_caller]
pub fn budgets_hold<T: Layout>(what: &str, value: &T, t: memlayout::Totals, usage: alloc::Usage) {
    use memlayout::budget::{check, Figure};
    if usage.bytes > 0 {
        assert!(
            check(what, value, &[(Figure::Heap, usage.bytes - 1)]).is_err(),
            "{what}: a heap budget below the truth passed"
        );
    }
    if usage.allocations > 0 {
        assert!(
            check(what, value, &[(Figure::Allocations, usage.allocations - 1)]).is_err(),
            "{what}: an allocations budget below the truth passed"
        );
    }
    let at_truth = check(what, value, &[(Figure::Heap, usage.bytes)]);
    assert_eq!(
        at_truth.is_ok(),
        t.heap_bytes_high <= usage.bytes,
        "{what}: a heap budget at the truth: {at_truth:?}"
    );
    if t.is_exact {
        let at_truth = check(what, value, &[(Figure::Allocations, usage.allocations)]);
        assert!(
            at_truth.is_ok(),
            "{what}: allocations budget at the truth: {at_truth:?}"
        );
    }
}

#[derive(memlayout::Layout)]
pub struct Link<T> {
    pub payload: T,
    pub next: Option<Box<Link<T>>>,
}

/// A chain of `n` links whose payloads `payload(i)` builds, head first.
pub fn chain<T>(n: usize, mut payload: impl FnMut(usize) -> T) -> Option<Box<Link<T>>> {
    let mut head = None;
    for i in (0..n).rev() {
        head = Some(Box::new(Link {
            payload: payload(i),
            next: head,
        }));
    }
    head
}

/// Drops a chain link by link (a long one would overflow the stack dropped recursively).
pub fn unlink<T>(mut head: Option<Box<Link<T>>>) {
    while let Some(mut link) = head {
        head = link.next.take();
    }
}

/// Checks a chain's summary (links past `max_children(2)`) against each folded link's truth:
/// its payload's heap, measured as built, and the next link's `Box` (which its `next` owns).
#[track_caller]
pub fn chain_summary_matches<T: Layout>(what: &str, n: usize, payload: impl Fn(usize) -> T) {
    let mut truths = Vec::with_capacity(n);
    let head = chain(n, |i| {
        let (p, usage) = alloc::measure(|| payload(i));
        let next_box = if i + 1 < n {
            core::mem::size_of::<Link<T>>()
        } else {
            0
        };
        truths.push((i, usage.bytes + next_box));
        p
    });
    truths.sort();
    let report = head.layout_report_with(ReportOptions::new().max_children(2));
    let t = memlayout::totals(&head);
    let chains: Vec<_> = report
        .nodes()
        .filter(|node| node.summary().is_some_and(|s| s.is_chain))
        .collect();
    if n <= 3 {
        assert!(chains.is_empty(), "{what} {n}: no chain summary");
    } else {
        assert_eq!(chains.len(), 1, "{what} {n}: one chain summary");
        let node = &chains[0];
        let summary = node.summary().unwrap();
        let folded = &truths[summary.first_index..summary.first_index + summary.count];
        let (least, most) = (
            folded.iter().map(|t| t.1).min().unwrap(),
            folded.iter().map(|t| t.1).max().unwrap(),
        );
        if t.is_exact {
            assert_eq!(
                (
                    summary.min.heap_bytes,
                    summary.max.heap_bytes,
                    node.heap_bytes()
                ),
                (least, most, folded.iter().map(|t| t.1).sum()),
                "{what} {n}: chain summary (left) against the allocator (right), first {}",
                summary.first_index
            );
        }
    }
    unlink(head);
}
