//! Checks shared by the summary-fold tests (`test_report_leaf_fold.rs`,
//! `test_report_buffer_figures.rs`): a report's one summary against each folded element's own
//! totals, two reports of one value node by node, and the strings they fold.
//!
//! Include it after the fast-path checks, which it reads as `crate::fastpath_checks`:
//! `#[path = "common/summary_reports.rs"] mod summary_reports;`.
#![allow(dead_code)]

use memlayout::allocator::Model;
use memlayout::report::FindingKind;
use memlayout::{Report, ReportOptions, Totals};

use crate::fastpath_checks::check_summary;

/// Every node's figures, summary, elided and inline figures, and the findings, of a report
/// (`fast`) and the same value's report under an allocator model (`general`), whose walk folds
/// every element through the general `Folder`; the model's own finding (allocator rounding)
/// aside.
pub fn assert_same_reports(what: &str, fast: &Report, general: &Report) {
    assert_eq!(fast.len(), general.len(), "{what}: node count");
    for (a, b) in fast.nodes().zip(general.nodes()) {
        let at = a.path();
        assert_eq!(at, b.path(), "{what}");
        assert_eq!(a.totals(), b.totals(), "{what}: totals at {at:?}");
        assert_eq!(a.own(), b.own(), "{what}: own figures at {at:?}");
        assert_eq!(a.summary(), b.summary(), "{what}: summary at {at:?}");
        assert_eq!(a.elided(), b.elided(), "{what}: elided at {at:?}");
        assert_eq!(
            (a.inline_bytes(), a.inline_padding()),
            (b.inline_bytes(), b.inline_padding()),
            "{what}: inline figures at {at:?}"
        );
    }
    let general_findings: Vec<_> = general
        .findings()
        .iter()
        .filter(|f| f.kind != FindingKind::AllocatorRounding)
        .collect();
    let fast_findings: Vec<_> = fast.findings().iter().collect();
    assert_eq!(fast_findings, general_findings, "{what}: findings");
}

/// Checks `report` (of a flat collection whose elements in walk order have figures
/// `elements`, made with `options`, `shown` elements shown): its totals are `t`, it has one
/// summary exactly when there are more elements than are shown, with the count and extremes of
/// the elements it folds, and the same value's report under an allocator model (`general`)
/// agrees on every node.
pub fn check_summarised(
    what: &str,
    (report, general): (&Report, &Report),
    t: Totals,
    elements: &[Totals],
    shown: usize,
) {
    assert_eq!(report.totals(), t, "{what}: report totals");
    let summaries: Vec<_> = report.nodes().filter_map(|n| n.summary()).collect();
    if elements.len() > shown {
        assert_eq!(summaries.len(), 1, "{what}: one summary");
        let s = summaries[0];
        assert_eq!(s.first_index + s.count, elements.len(), "{what}");
        check_summary(s, &elements[s.first_index..]).unwrap_or_else(|e| panic!("{what}: {e}"));
    } else {
        assert!(summaries.is_empty(), "{what}: no summary");
    }
    assert_same_reports(what, report, general);
}

/// The options of the general fold's report next to `options`'.
pub fn under_model(options: ReportOptions) -> ReportOptions {
    options.allocator(Model::Jemalloc)
}

/// A string of `len` letters in a buffer grown by pushing.
pub fn grown(len: usize, seed: usize) -> String {
    (0..len)
        .map(|i| char::from(b'a' + ((i + seed) % 26) as u8))
        .collect()
}

/// How a part (a string, a vector) is built: its length, its spare room, and whether it is
/// shrunk, cleared (an allocation holding nothing) or never allocated.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    Grown(usize),
    WithCapacity(usize, usize),
    Shrunk(usize),
    Cleared(usize),
    New,
}

/// A vector of `len` copies of `x` built as `shape` says.
pub fn vec_of<X: Clone>(shape: Shape, x: X) -> Vec<X> {
    match shape {
        Shape::Grown(len) => (0..len).map(|_| x.clone()).collect(),
        Shape::WithCapacity(len, spare) => {
            let mut v = Vec::with_capacity(len + spare);
            v.extend((0..len).map(|_| x.clone()));
            v
        }
        Shape::Shrunk(len) => {
            let mut v: Vec<X> = (0..len).map(|_| x.clone()).collect();
            v.reserve(3);
            v.shrink_to_fit();
            v
        }
        Shape::Cleared(len) => {
            let mut v: Vec<X> = (0..len).map(|_| x.clone()).collect();
            v.clear();
            v
        }
        Shape::New => Vec::new(),
    }
}

/// A string built as `shape` says, its letters from `seed`.
pub fn string_of(shape: Shape, seed: usize) -> String {
    match shape {
        Shape::Grown(len) => grown(len, seed),
        Shape::WithCapacity(len, spare) => {
            let mut s = String::with_capacity(len + spare);
            s.push_str(&grown(len, seed));
            s
        }
        Shape::Shrunk(len) => {
            let mut s = grown(len, seed);
            s.shrink_to_fit();
            s
        }
        Shape::Cleared(len) => {
            let mut s = grown(len, seed);
            s.clear();
            s
        }
        Shape::New => String::new(),
    }
}
