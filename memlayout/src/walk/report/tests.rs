use core::cell::RefCell;
use core::mem::{offset_of, size_of, ManuallyDrop};

use super::LayoutReport;
use crate::layout::{Field, Kind, Layout, Storage, TypeLayout};
use crate::report::ReportOptions;
use crate::visit::Visitor;
use crate::walk::stack::STACK_LIMIT;

/// A small deterministic generator (xorshift) for the folds' unit tests, so that Miri and
/// native runs see the same values.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// A chain of boxes, deep enough to make the walk defer work.
struct Chain(Option<Box<Chain>>);

impl Layout for Chain {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Chain>("Chain", Kind::TupleStruct).with_storage(Storage::OwnsHeap);
    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.field(0, "0", &self.0);
    }
}

fn chain(links: usize) -> Chain {
    (0..links).fold(Chain(None), |next, _| Chain(Some(Box::new(next))))
}

#[test]
fn deferred_work_inside_summarised_elements_folds_once_complete() {
    let deep = 4 * STACK_LIMIT;
    let chains = vec![chain(3), chain(deep), chain(deep / 2), chain(1)];
    let options = ReportOptions::default().max_children(1);
    let report = chains.layout_report_with(options);
    assert_eq!(report.totals(), crate::totals(&chains));
    let summary_node = report.find("[1..4]").unwrap();
    let summary = summary_node.summary().unwrap();
    assert_eq!(summary.count, 3);
    assert_eq!(
        (summary.min.allocations, summary.max.allocations),
        (1, deep)
    );
    assert_eq!(summary.max.heap_bytes, deep * size_of::<Chain>());
    assert_eq!(summary_node.allocations(), deep + deep / 2 + 1);
    assert_eq!(summary_node.totals().max_indirection, deep + 1);
}

/// The summary's least and greatest figures equal those of each folded element's own
/// totals (at one pointer hop further), whichever way the fold took: plain elements, ones
/// with padding or tables (partly reclaimable), with empty allocations, with estimates.
#[test]
#[cfg(feature = "std")]
fn summary_extremes_equal_each_folded_elements_own_figures() {
    use std::collections::{BTreeMap, HashMap};
    type Element = (
        String,
        Vec<(u8, u32)>,
        Option<BTreeMap<u32, u32>>,
        HashMap<u8, u8>,
    );
    let elements: Vec<Element> = (0..40usize)
        .map(|i| {
            let text = match i % 5 {
                0 => String::with_capacity(i),
                1 => String::new(),
                _ => "x".repeat(i),
            };
            let pairs = if i % 3 == 0 {
                vec![(1, 2); i % 7]
            } else {
                Vec::new()
            };
            let tree = (i % 4 == 0).then(|| (0..i as u32).map(|k| (k, k)).collect());
            let map = if i % 6 == 0 {
                (0..i as u8).map(|k| (k, k)).collect()
            } else {
                HashMap::new()
            };
            (text, pairs, tree, map)
        })
        .collect();
    for shown in [0, 3, 8] {
        let options = ReportOptions::default().max_children(shown);
        let report = elements.layout_report_with(options);
        assert_eq!(report.totals(), crate::totals(&elements));
        let summary = report.nodes().find_map(|n| n.summary().cloned()).unwrap();
        let folded: Vec<_> = elements[shown..]
            .iter()
            .map(|e| {
                let mut t = crate::totals(e);
                // One hop further inside the vector.
                t.max_indirection += usize::from(t.max_indirection > 0);
                t
            })
            .collect();
        macro_rules! check {
                ($($f:ident),*) => {$(
                    let min = folded.iter().map(|t| t.$f).min().unwrap();
                    let max = folded.iter().map(|t| t.$f).max().unwrap();
                    assert_eq!((summary.min.$f, summary.max.$f), (min, max), stringify!($f));
                )*};
            }
        check!(
            inline_bytes,
            inline_padding,
            heap_bytes,
            heap_bytes_low,
            heap_bytes_high,
            heap_used,
            unused_capacity,
            reclaimable,
            heap_padding,
            allocations,
            max_indirection,
            shared_bytes,
            shared_allocations,
            unreadable,
            resources
        );
        let exact = folded.iter().all(|t| t.is_exact);
        assert_eq!((summary.min.is_exact, summary.max.is_exact), (exact, exact));
        assert_eq!(summary.count, elements.len() - shown);
    }
}

#[repr(C, packed)]
struct Packed {
    tag: u8,
    name: String,
}

impl Layout for Packed {
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        fields: &[
            Field {
                name: "tag",
                type_name: "u8",
                offset: offset_of!(Packed, tag),
                size: 1,
                align: 1,
                storage: Storage::Inline,
                layout: crate::layout::layout_of::<u8>,
            },
            Field {
                name: "name",
                type_name: "String",
                offset: offset_of!(Packed, name),
                size: size_of::<String>(),
                align: align_of::<String>(),
                storage: Storage::OwnsHeap,
                layout: crate::layout::layout_of::<String>,
            },
        ],
        ..TypeLayout::of::<Packed>("Packed", Kind::Struct)
    };
    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        // SAFETY: a bitwise copy of an initialised field; the visitor never drops it.
        let name = unsafe { core::ptr::read_unaligned(core::ptr::addr_of!(self.name)) };
        visitor.packed_field(1, "name", ManuallyDrop::new(name));
    }
}

#[test]
fn packed_fields_and_guards_are_read_without_moving_or_dropping() {
    let packed = RefCell::new(Packed {
        tag: 1,
        name: "packed".repeat(3),
    });
    let report = packed.layout_report();
    let name = report.find(".borrow().name").unwrap();
    assert_eq!(name.offset(), Some(offset_of!(Packed, name)));
    assert_eq!(name.heap_bytes(), 18);
    assert_eq!(report.totals(), crate::totals(&packed));
    // The copy was not dropped: the string is still intact.
    let inner = packed.borrow();
    // SAFETY: a bitwise copy wrapped in `ManuallyDrop` right away, so nothing is freed twice.
    let name = unsafe { core::ptr::read_unaligned(core::ptr::addr_of!(inner.name)) };
    let name = ManuallyDrop::new(name);
    assert_eq!(name.as_str(), "packedpackedpacked");
    assert_eq!(inner.tag, 1);
}
