//! The large-variant finding's bookkeeping: which enums a report's values store, how many of
//! each, and which enum a finding is about (clippy's `large_enum_variant` rule, said once per
//! enum type however many places store it).

use super::findings::{count_bytes, shown_entry_parts};
use super::{NodeData, NodeKind, Report};
use crate::layout::{Kind, Storage, TypeLayout};
use alloc::{string::String, vec::Vec};

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

/// Enums with a large variant, one entry per enum type however many places store it: the fix
/// (boxing the variant's payload) is made once, at the enum, and saves its bytes everywhere.
#[derive(Default)]
pub(super) struct LargeVariants {
    /// In the order first met.
    found: Vec<LargeVariant>,
}

struct LargeVariant {
    layout: &'static TypeLayout,
    /// Where the enum was first met (a value, or a collection of it).
    first_id: usize,
    /// How many values of it the report saw.
    count: usize,
    /// The large variant's name, its payload, and the next largest payload.
    variant: (&'static str, usize, usize),
}

impl LargeVariants {
    /// `count` values of `layout` at node `id`, if it is an enum with a large variant.
    fn add(&mut self, layout: &'static TypeLayout, id: usize, count: usize, threshold: usize) {
        if count == 0 {
            return;
        }
        let layout = fixed_by(layout, threshold).unwrap_or(layout);
        let type_name = (layout.type_name)();
        if let Some(seen) = self
            .found
            .iter_mut()
            .find(|seen| (seen.layout.type_name)() == type_name)
        {
            seen.count += count;
            return;
        }
        if let Some(variant) = large_variant(layout, threshold) {
            self.found.push(LargeVariant {
                layout,
                first_id: id,
                count,
                variant,
            });
        }
    }

    /// Counts the enum values node `id` stands for: itself, its summarised elements', or its
    /// collection's elements (`heap_used` bytes of them).
    pub(super) fn count(&mut self, report: &Report, id: usize, heap_used: usize, threshold: usize) {
        let node = &report.nodes[id];
        if node.kind == NodeKind::Value
            && !is_element_of_collection_of_itself(report, node)
            && !is_counted_by_enclosing_enum(report, node, threshold)
        {
            self.add(node.layout, id, 1, threshold);
        }
        // Summarised elements have no nodes of their own: the enums each stores inline count
        // here, as many times as there are elements (a collection of the enum itself counts its
        // elements at the collection, below).
        if let Some(summary) = report
            .summary_of(id)
            .filter(|_| node.kind == NodeKind::Summary)
        {
            let counted_by_parent = is_element_of_collection_of_itself(report, node);
            let mut add_enum = |layout: &'static TypeLayout, count: usize| {
                if !(counted_by_parent && core::ptr::eq(layout, node.layout)) {
                    self.add(layout, id, count, threshold);
                }
            };
            if summary.is_entries {
                // A `(K, V)` entry's layout lists no fields: a shown entry's `.key` and `.value`
                // nodes give the key's and value's types, the same for every entry.
                for part in shown_entry_parts(report, node) {
                    inline_enums(part, summary.count, 4, true, &mut add_enum);
                }
            } else {
                inline_enums(node.layout, summary.count, 4, true, &mut add_enum);
            }
        }
        if node.layout.kind == Kind::Collection {
            if let Some(element) = node.layout.element.map(|e| e()) {
                let count = heap_used.checked_div(element.size).unwrap_or(0);
                let (start, end) = node.children;
                if report.child_ids(start, end).len() == 0 {
                    // Elements that own nothing get no nodes (`HashMap<u32, E>`, `Vec<(u8, E)>`):
                    // the enums each stores inline count here.
                    inline_enums(element, count, 4, true, &mut |layout, count| {
                        self.add(layout, id, count, threshold);
                    });
                } else {
                    self.add(element, id, count, threshold);
                }
            }
        }
    }

    /// `(node id, bytes, message)` of each enum's finding, in the order first met.
    pub(super) fn findings(self) -> impl Iterator<Item = (usize, usize, String)> {
        use crate::render::short_type_name;
        self.found.into_iter().map(move |enum_| {
            let (variant, largest, second) = enum_.variant;
            let type_name = short_type_name((enum_.layout.type_name)());
            let gap = largest - second;
            let message = if enum_.count == 1 {
                format!(
                    "{type_name}::{variant} needs {} while the next largest variant needs {second}: a payload gap of {} (clippy's large_enum_variant); boxing its payload shrinks the value by about that much",
                    count_bytes(largest),
                    count_bytes(gap)
                )
            } else {
                format!(
                    "{} {type_name} values each reserve room for {variant} ({}; the next largest variant needs {second}): a payload gap of {} each, {} in all (clippy's large_enum_variant); boxing its payload shrinks each value by about that much",
                    enum_.count,
                    count_bytes(largest),
                    count_bytes(gap),
                    count_bytes(enum_.count * gap)
                )
            };
            (enum_.first_id, enum_.count * gap, message)
        })
    }
}

/// Calls `found` with every enum stored inline in `multiplicity` values of `layout` (itself, its
/// fields', tuples' and arrays' elements, to a few levels), each with how many there are; with
/// `through_boxes`, also what a `Box` field owns (one value a box). What sits behind a shared or
/// borrowed pointer, or in a variant's payload, is not in every value and is left out.
fn inline_enums(
    layout: &'static TypeLayout,
    multiplicity: usize,
    depth: usize,
    through_boxes: bool,
    found: &mut impl FnMut(&'static TypeLayout, usize),
) {
    match layout.kind {
        Kind::Enum => found(layout, multiplicity),
        _ if depth == 0 => {}
        Kind::Struct | Kind::TupleStruct | Kind::Tuple => {
            for field in layout.fields {
                inline_enums(
                    (field.layout)(),
                    multiplicity,
                    depth - 1,
                    through_boxes,
                    found,
                );
            }
        }
        Kind::Pointer if through_boxes && layout.storage == Storage::OwnsHeap => {
            if let Some(element) = layout.element.map(|e| e()).filter(|e| e.is_sized) {
                inline_enums(element, multiplicity, depth - 1, through_boxes, found);
            }
        }
        Kind::Array => {
            if let (Some(element), Some(len)) = (layout.element, layout.len) {
                inline_enums(
                    element(),
                    multiplicity * len,
                    depth - 1,
                    through_boxes,
                    found,
                );
            }
        }
        _ => {}
    }
}

/// The enum inside `layout`'s large variant that makes it large, when that enum has a large
/// variant of its own (`Option<Msg>` whose `Some` is large because `Msg::Blob` is): boxing that
/// enum's payload fixes both, so the finding is about it, said once. Followed down a few levels.
fn fixed_by(layout: &'static TypeLayout, threshold: usize) -> Option<&'static TypeLayout> {
    let mut inner = None;
    let mut outer = layout;
    for _ in 0..4 {
        let Some(found) = large_variant_of(outer, threshold) else {
            break;
        };
        let mut next = None;
        for field in found.fields {
            inline_enums((field.layout)(), 1, 4, false, &mut |layout, _| {
                if next.is_none() && large_variant_of(layout, threshold).is_some() {
                    next = Some(layout);
                }
            });
        }
        let Some(next) = next else { break };
        inner = Some(next);
        outer = next;
    }
    inner
}

/// The large variant of an enum, by clippy's rule.
fn large_variant_of(
    layout: &'static TypeLayout,
    threshold: usize,
) -> Option<&'static crate::layout::Variant> {
    if layout.kind != Kind::Enum {
        return None;
    }
    layout.large_variant(threshold).map(|found| found.largest)
}

/// Whether `node` sits inside the large variant of an enum value whose finding is about
/// `node`'s enum ([`fixed_by`]): that value counted it already.
fn is_counted_by_enclosing_enum(report: &Report, node: &NodeData, threshold: usize) -> bool {
    let name = (node.layout.type_name)();
    let mut parent = node.parent as usize;
    for _ in 0..4 {
        let Some(up) = report.nodes.get(parent) else {
            return false;
        };
        if up.layout.kind == Kind::Enum
            && fixed_by(up.layout, threshold).is_some_and(|inner| (inner.type_name)() == name)
        {
            return true;
        }
        parent = up.parent as usize;
    }
    false
}

/// Whether `node` is an element of a collection of its own type (a `Vec<E>`'s `[3]`), whose
/// values the collection's node counts already.
fn is_element_of_collection_of_itself(report: &Report, node: &NodeData) -> bool {
    // The root has no parent (its `parent` is out of range).
    let Some(parent) = report.nodes.get(node.parent as usize) else {
        return false;
    };
    parent.layout.kind == Kind::Collection
        && parent
            .layout
            .element
            .is_some_and(|element| (element().type_name)() == (node.layout.type_name)())
}
