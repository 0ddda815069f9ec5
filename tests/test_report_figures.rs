//! One definition for every figure of a report node, summary nodes included: a node's own
//! figures plus its elided parts' and its children's equal its totals; a summary's totals add
//! up its elements' figures, and its `min` and `max` bound every element's. Checked on random
//! collections against `memlayout::totals` of each element (the tally, a separate walk) and
//! against the compiler's `size_of`.

use std::collections::HashMap;
use std::mem::size_of;

use memlayout::report::NodeKind;
use memlayout::{Layout, LayoutReport, ReportOptions, Totals};
use proptest::prelude::*;

/// An element with padding (a `u8` beside a `u64`) and heap of its own.
#[derive(Layout, Clone, Debug)]
struct Element {
    tag: u8,
    id: u64,
    name: String,
    items: Vec<u16>,
}

fn element() -> impl Strategy<Value = Element> {
    (any::<u8>(), 0usize..40, 0usize..12, 0usize..12).prop_map(|(tag, name, len, spare)| {
        let mut items = Vec::with_capacity(len + spare);
        items.extend((0..len as u16).map(|i| i * 3));
        Element {
            tag,
            id: u64::from(tag) * 7,
            name: "n".repeat(name),
            items,
        }
    })
}

/// Every heap figure of `t`, named, in one order (for sums and bounds).
fn heap_figures(t: &Totals) -> [(&'static str, usize); 11] {
    [
        ("heap_bytes", t.heap_bytes),
        ("heap_bytes_low", t.heap_bytes_low),
        ("heap_used", t.heap_used),
        ("unused_capacity", t.unused_capacity),
        ("reclaimable", t.reclaimable),
        ("heap_padding", t.heap_padding),
        ("allocations", t.allocations),
        ("shared_bytes", t.shared_bytes),
        ("shared_allocations", t.shared_allocations),
        ("unreadable", t.unreadable),
        ("resources", t.resources),
    ]
}

/// Inline padding of one `Element`, from the compiler's sizes alone.
fn element_padding() -> usize {
    size_of::<Element>()
        - size_of::<u8>()
        - size_of::<u64>()
        - size_of::<String>()
        - size_of::<Vec<u16>>()
}

/// Checks every node of the report of `value`; `elements` are the collection's elements in
/// iteration order (for the summary's sums and bounds), when they are `Element`s.
fn check_report<T: Layout>(value: &T, elements: Option<&[&Element]>, options: ReportOptions) {
    let report = value.layout_report_with(options);
    for node in report.nodes() {
        let totals = node.totals();
        let own = node.own();
        let elided = node.elided().map(|(_, t)| t).unwrap_or_default();
        // A node's own figures plus its elided parts' plus its children's totals.
        for (i, (name, total)) in heap_figures(totals).into_iter().enumerate() {
            let children: usize = node.children().map(|c| heap_figures(c.totals())[i].1).sum();
            let sum = heap_figures(&own)[i].1 + heap_figures(&elided)[i].1 + children;
            assert_eq!(total, sum, "{name} at {:?}", node.path());
        }
        // Inline figures are the node's own: the part (or the parts) it stands for.
        assert_eq!(
            totals.inline_bytes,
            node.inline_bytes(),
            "at {:?}",
            node.path()
        );
        assert_eq!(
            totals.inline_padding,
            node.inline_padding(),
            "at {:?}",
            node.path()
        );
        assert_eq!(
            own.inline_padding,
            node.inline_padding(),
            "at {:?}",
            node.path()
        );

        let (Some(summary), Some(elements)) = (node.summary(), elements) else {
            continue;
        };
        assert_eq!(node.kind(), NodeKind::Summary);
        let folded = &elements[summary.first_index..summary.first_index + summary.count];
        let figures: Vec<Totals> = folded.iter().map(|e| memlayout::totals(*e)).collect();
        // The summary's totals add up its elements' figures, inline ones included.
        let inline_bytes: usize = figures.iter().map(|t| t.inline_bytes).sum();
        let inline_padding: usize = figures.iter().map(|t| t.inline_padding).sum();
        assert_eq!(inline_bytes, summary.count * size_of::<Element>());
        assert_eq!(inline_padding, summary.count * element_padding());
        assert_eq!(totals.inline_bytes, inline_bytes, "summary inline bytes");
        assert_eq!(
            totals.inline_padding, inline_padding,
            "summary inline padding"
        );
        for (i, (name, total)) in heap_figures(totals).into_iter().enumerate() {
            let sum: usize = figures.iter().map(|t| heap_figures(t)[i].1).sum();
            assert_eq!(total, sum, "summary {name}");
        }
        // Its min and max bound every element's figure, and are reached.
        for (i, (name, min)) in all_figures(&summary.min).into_iter().enumerate() {
            let values = figures.iter().map(|t| all_figures(t)[i].1);
            assert_eq!(values.clone().min(), Some(min), "summary min {name}");
            let max = all_figures(&summary.max)[i].1;
            assert_eq!(values.max(), Some(max), "summary max {name}");
        }
    }
}

/// Every figure of `t`, the inline ones first.
fn all_figures(t: &Totals) -> Vec<(&'static str, usize)> {
    let mut figures = vec![
        ("inline_bytes", t.inline_bytes),
        ("inline_padding", t.inline_padding),
    ];
    figures.extend(heap_figures(t));
    figures
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn vec_nodes_and_summaries_add_up(
        elements in proptest::collection::vec(element(), 0..30),
        max_children in 0usize..10,
    ) {
        let options = ReportOptions::default().max_children(max_children);
        let refs: Vec<&Element> = elements.iter().collect();
        check_report(&elements, Some(&refs), options);
    }

    #[test]
    fn map_nodes_and_summaries_add_up(
        elements in proptest::collection::vec(element(), 0..30),
        max_children in 0usize..10,
    ) {
        let map: HashMap<u32, Element> =
            elements.into_iter().enumerate().map(|(i, e)| (i as u32, e)).collect();
        let options = ReportOptions::default().max_children(max_children);
        check_report(&map, None, options);
    }
}
