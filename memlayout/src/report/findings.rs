//! Findings: what a report points out (waste, padding, large variants...).

use super::{display_path, exact_bytes, human_bytes, NodeData, NodeKind, Report, Segment};
use crate::layout::{Kind, Storage, TypeLayout};
use alloc::{
    string::{String, ToString},
    vec::Vec,
};

// ---- findings --------------------------------------------------------------------------------

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum FindingKind {
    /// Capacity beyond the live elements that `shrink_to_fit` would return (only the
    /// reclaimable part is reported: a hash table's smallest size for its entries is not), or
    /// the unused node slots a B-tree returns when rebuilt from its entries (into the fewest
    /// nodes its length allows, whose right-most ones stay half full).
    UnusedCapacity,
    /// An allocation holding nothing (capacity > 0, length 0).
    EmptyAllocation,
    /// Padding inside the value's inline bytes.
    InlinePadding,
    /// Padding inside elements stored on the heap, multiplied by their number.
    HeapPadding,
    /// An enum whose largest variant makes every value much bigger than the others need. Its
    /// bytes are the payload gap (the largest variant's payload less the next largest's,
    /// clippy's `large_enum_variant` measure) times the values seen. Boxing the payload saves
    /// about that much a value, not exactly: the real saving (`size_of` before less after)
    /// also gains or loses the box's pointer, the tag and alignment rounding, a few bytes
    /// either way.
    LargeEnumVariant,
    /// A pointer to a pointer: `Box<Vec<T>>`, `Vec<Box<T>>` of small `T`.
    DoubleIndirection,
    /// A part that was not walked or could not be read: a `#[layout(opaque)]` field or an
    /// [`Opaque`](crate::Opaque) whose type may own heap, a union, `MaybeUninit`, a trait
    /// object's contents, a locked `Mutex`. Every heap figure that includes it is a lower bound.
    NotWalked,
    /// A large share of what the allocator holds for one type's allocations is size-class
    /// rounding (and headers), under the model chosen with
    /// [`ReportOptions::allocator`](crate::ReportOptions::allocator).
    AllocatorRounding,
}

impl FindingKind {
    /// A short lowercase label, as printed in reports.
    ///
    /// ```
    /// assert_eq!(memlayout::report::FindingKind::UnusedCapacity.label(), "unused capacity");
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
            FindingKind::AllocatorRounding => "allocator rounding",
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
    padded_element_within(layout, 4)
}

/// [`padded_element`], looking through at most `depth` wrappers: a struct or tuple whose only
/// field that is not inline holds the elements (`struct Rows(Vec<(u8, u16)>)`) has that
/// field's, as the collection itself would.
fn padded_element_within(layout: &TypeLayout, depth: usize) -> Option<&'static TypeLayout> {
    if let Some(element) = layout.element {
        let element = element();
        return if element.is_sized {
            Some(element)
        } else {
            element.element.map(|e| e())
        };
    }
    if depth == 0 || !matches!(layout.kind, Kind::Struct | Kind::TupleStruct | Kind::Tuple) {
        return None;
    }
    let mut holders = layout
        .fields
        .iter()
        .filter(|f| f.storage != Storage::Inline);
    let field = holders.next()?;
    if holders.next().is_some() {
        return None;
    }
    padded_element_within((field.layout)(), depth - 1)
}

/// [`padded_element`] of summarised map entries: a `(K, V)` entry's layout lists no fields, so
/// a shown entry's key and value say which of them holds the elements (when only one does).
fn entries_padded_element(report: &Report, summary: &NodeData) -> Option<&'static TypeLayout> {
    let mut holders = shown_entry_parts(report, summary).filter(|l| l.storage != Storage::Inline);
    match (holders.next(), holders.next()) {
        (Some(holder), None) => padded_element(holder),
        _ => None,
    }
}

/// A clause for a part reached through a shared handle (`Rc`, `Arc`), which gives only `&`
/// access: `shrink_to_fit` needs the handle's `get_mut`, which works while no other handle to
/// the allocation exists. Empty otherwise.
fn behind_shared_handle(report: &Report, id: usize) -> String {
    let handle = report.lineage(id).filter(|&a| a != id).find(|&a| {
        let layout = report.nodes[a].layout;
        layout.kind == Kind::Pointer && layout.storage == Storage::SharesHeap
    });
    let Some(handle) = handle else {
        return String::new();
    };
    let name = report.nodes[handle].layout.name;
    let base = name.split('<').next().unwrap_or(name);
    format!(" (it is shared: reach it with `{base}::get_mut`, which works while no other handle to it exists)")
}

/// Whether a finding is about wasted bytes (filtered by
/// [`ReportOptions::min_finding_bytes`](crate::ReportOptions::min_finding_bytes)).
fn is_waste(kind: FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::UnusedCapacity
            | FindingKind::EmptyAllocation
            | FindingKind::InlinePadding
            | FindingKind::HeapPadding
    )
}

/// Node `id`'s path with every element segment (`[3]`, `["key"]`, `[#3]`) and every summary of
/// elements (`[8..100]`) written `[*]`: the same part of every element of a collection, shown
/// or summarised, has the same pattern.
pub(super) fn path_pattern(report: &Report, id: usize) -> String {
    let mut out = String::new();
    for id in report.lineage(id) {
        if is_element_pattern(&report.nodes[id].segment) {
            out.push_str("[*]");
        } else {
            report.write_segment(id, &mut out);
        }
    }
    out
}

/// Whether a segment is written `[*]` in a path pattern: an element, entry or summary of them.
pub(super) fn is_element_pattern(segment: &Segment) -> bool {
    matches!(
        segment,
        Segment::Index(_) | Segment::Key(_) | Segment::Entry(_) | Segment::Summary
    )
}

/// Findings of the same kind about the same part of several elements of one collection (the
/// pattern `.items[*].name`), merged into one that names the total and the largest.
fn group_findings(report: &Report, found: Vec<(Finding, usize)>) -> Vec<Finding> {
    use crate::collections::Map;
    let mut groups: Map<(FindingKind, String), Vec<Finding>> = Map::new();
    let mut order = Vec::new();
    // Elements summarised into one node, per group: its finding covers several elements.
    // (summary nodes, elements they summarise)
    let mut folded: Map<(FindingKind, String), (usize, usize)> = Map::new();
    // Groups of summarised map entries, whose figures are their keys' and values' together.
    let mut entry_summaries = Vec::new();
    for (finding, id) in found {
        let pattern = path_pattern(report, id);
        let key = (finding.kind, pattern);
        if let Some(summary) = report.summary_of(id) {
            let (summaries, elements) = folded.entry(key.clone()).or_default();
            *summaries += 1;
            *elements += summary.count;
            if summary.is_entries {
                entry_summaries.push(key.clone());
            }
        }
        let members = groups.entry(key.clone()).or_default();
        if members.is_empty() {
            order.push(key);
        }
        members.push(finding);
    }
    // A summary of map entries joins the group of the shown entries' keys or values when only
    // one of the two has a finding of its kind: it is about the same part.
    for (kind, pattern) in entry_summaries {
        let parts = [".key", ".value"].map(|part| (kind, alloc::format!("{pattern}{part}")));
        let mut shown = parts.iter().filter(|part| groups.contains_key(*part));
        let (Some(part), None) = (shown.next(), shown.next()) else {
            continue;
        };
        let key = (kind, pattern);
        let (Some(members), Some(counts)) = (groups.remove(&key), folded.remove(&key)) else {
            continue;
        };
        order.retain(|k| *k != key);
        groups.entry(part.clone()).or_default().extend(members);
        let into = folded.entry(part.clone()).or_default();
        (into.0, into.1) = (into.0 + counts.0, into.1 + counts.1);
    }
    let mut out = Vec::with_capacity(order.len());
    for key in order {
        let Some(mut members) = groups.remove(&key) else {
            continue;
        };
        if members.len() == 1 {
            out.extend(members.pop());
            continue;
        }
        let total: usize = members.iter().map(|f| f.bytes).sum();
        let subject = match folded.get(&key) {
            None => format!("{} elements", members.len()),
            Some(&(summaries, count)) if summaries == members.len() => {
                format!("some of {count} summarised elements")
            }
            Some(&(summaries, count)) => format!(
                "{} shown elements (and some of {count} summarised ones)",
                members.len() - summaries
            ),
        };
        members.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
        let largest = &members[0];
        let (kind, pattern) = key;
        let collection = pattern.split("[*]").next().unwrap_or_default();
        out.push(Finding {
            kind,
            path: collection.to_string(),
            bytes: total,
            message: format!(
                "{subject} of {} have {} at {pattern}, {} in all; the largest, {} ({}): {}",
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

/// The layouts of the key and value nodes of the first shown entry beside a summary of map
/// entries (none when no entry is shown, or its key and value have no nodes).
pub(super) fn shown_entry_parts<'a>(
    report: &'a Report,
    summary: &NodeData,
) -> impl Iterator<Item = &'static TypeLayout> + 'a {
    let entry = report.nodes.get(summary.parent as usize).and_then(|map| {
        let (start, end) = map.children;
        report
            .child_ids(start, end)
            .find(|&child| report.nodes[child].kind == NodeKind::Value)
    });
    let parts = entry.map(|entry| report.nodes[entry].children);
    parts
        .into_iter()
        .flat_map(|(start, end)| report.child_ids(start, end))
        .map(|part| report.nodes[part].layout)
}

/// "ordering Rec's fields by alignment (b, a, c) would make it 16 bytes instead of 24, and
/// each Outer 24 bytes instead of 32".
fn field_reorder_phrase(
    nested: &crate::layout::reorder::FieldReorder,
    outer_name: &str,
    outer_size: usize,
) -> String {
    let names: Vec<&str> = nested.hint.order().map(|f| f.name).collect();
    format!(
        "ordering {}'s fields by alignment ({}) would make it {} instead of {}, and each \
         {outer_name} {} instead of {outer_size}",
        crate::render::short_type_name((nested.field_type.type_name)()),
        names.join(", "),
        count_bytes(nested.hint.suggested_size),
        nested.hint.current_size,
        count_bytes(nested.outer_size),
    )
}

/// The root type's padding finding, with the field order that removes it: only when some order
/// of the root's own fields makes it smaller (otherwise the padding is the alignment's due and
/// there is nothing to reorder). Not filtered by `min_finding_bytes`: it is a fact of the type,
/// paid by every value of it.
fn root_padding(report: &Report) -> Option<Finding> {
    use crate::render::short_type_name;
    let root = &report.nodes[0];
    let layout = root.layout;
    if root.inline_padding() == 0 {
        return None;
    }
    let name = short_type_name((layout.type_name)());
    let Some(best) = layout.smallest_size().filter(|&best| best < layout.size) else {
        // The padding may be a field's: its `#[repr(C)]` type reordered makes this one smaller.
        let nested = layout.field_reorder()?;
        return Some(Finding {
            kind: FindingKind::InlinePadding,
            path: report.path_of(0),
            bytes: layout.size - nested.outer_size,
            message: format!(
                "{name} has {} of padding in its inline bytes; its own fields are in the best \
                 order, but {}",
                count_bytes(root.inline_padding()),
                field_reorder_phrase(&nested, &name, layout.size)
            ),
        });
    };
    let order = match layout.reorder_suggestion() {
        Some(hint) => {
            let names: Vec<&str> = hint.order().map(|f| f.name).collect();
            format!(" ({})", names.join(", "))
        }
        None => String::new(),
    };
    Some(Finding {
        kind: FindingKind::InlinePadding,
        path: report.path_of(0),
        bytes: layout.size - best,
        message: format!(
            "{name} has {} of padding in its inline bytes: ordering its fields by alignment{order} \
             would make it {} instead of {}",
            count_bytes(root.inline_padding()),
            count_bytes(best),
            layout.size
        ),
    })
}

/// Findings of a finished report, largest first.
pub(crate) fn findings(report: &Report) -> Vec<Finding> {
    use crate::render::short_type_name;
    let options = &report.options;
    let mut found: Vec<(Finding, usize)> = Vec::new();
    let mut large = super::large_variants::LargeVariants::default();
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
    for (id, node) in report.nodes.iter().enumerate() {
        // Names and phrases are made only for the nodes that have a finding.
        let type_name_of = || short_type_name((node.layout.type_name)());
        let figures = report.contribution(id);
        let own_heap_bytes = figures.heap_bytes - node.elided_totals().heap_bytes;
        let (empty, empty_bytes) = (
            node.figures.empty_allocations
                + node.elided.as_ref().map_or(0, |e| e.empty_allocations),
            node.figures.empty_bytes + node.elided.as_ref().map_or(0, |e| e.empty_bytes),
        );
        let where_of = || match node.kind {
            NodeKind::Summary => match report.summary_of(id) {
                Some(s) if s.is_chain => format!("{} folded links", s.count),
                s => format!("{} folded elements", s.map_or(0, |s| s.count)),
            },
            _ if node.elided_parts > 0 && own_heap_bytes == 0 => {
                format!("{} folded parts", node.elided_parts)
            }
            _ => format!("this {}", type_name_of()),
        };
        let singular =
            !(node.kind == NodeKind::Summary || (node.elided_parts > 0 && own_heap_bytes == 0));
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
        // More than the spare capacity where shrinking moves the elements inline and frees the
        // whole buffer (a `SmallVec` short enough to fit back), less for a hash table.
        let reclaimable = figures.reclaimable.saturating_sub(empty_bytes);
        // Spare bytes of an estimate (a hash table's after removals, a B-tree's slots) are
        // estimates too.
        let about = if figures.is_exact { "" } else { "about " };
        // Folded elements that are not buffers themselves (a struct with `String` fields, a map
        // entry) have no `shrink_to_fit`: their parts do.
        let shrink_where = || {
            if node.kind == NodeKind::Summary && node.layout.kind != Kind::Collection {
                format!("the buffers inside {}", where_of())
            } else {
                where_of()
            }
        };
        if reclaimable > 0 && reclaimable >= unused {
            let where_ = shrink_where();
            add(
                FindingKind::UnusedCapacity,
                id,
                reclaimable,
                format!(
                    "`shrink_to_fit` on {where_} would return {about}{}{}",
                    exact_bytes(reclaimable),
                    behind_shared_handle(report, id)
                ),
            );
        } else if reclaimable > 0 {
            let where_ = shrink_where();
            add(
                FindingKind::UnusedCapacity,
                id,
                reclaimable,
                format!(
                    "`shrink_to_fit` on {where_} would return {about}{} of {about}{} spare \
                     capacity (the rest is the smallest table for {} entries){}",
                    exact_bytes(reclaimable),
                    exact_bytes(unused),
                    if singular { "its" } else { "their" },
                    behind_shared_handle(report, id)
                ),
            );
        } else if unused > 0 && node.layout.name.starts_with("BTree") {
            // No method shrinks a B-tree, but building one from sorted entries (what
            // `collect` does) gives the fewest nodes its length allows: the low bound of its
            // heap figure. The rest of the unused slots stay (a rebuilt tree's right-most nodes
            // are half full), so the bytes are what the rebuild returns, not every unused slot.
            let rebuilt = figures
                .heap_bytes
                .saturating_sub(figures.heap_bytes_low)
                .min(unused);
            if rebuilt > 0 {
                let where_ = where_of();
                add(
                    FindingKind::UnusedCapacity,
                    id,
                    rebuilt,
                    format!(
                        "{where_} hold{} {about}{} of unused slots in {} nodes; no method \
                         shrinks a B-tree, but rebuilding it from its entries \
                         (`into_iter().collect()`) would return {about}{} of them",
                        if singular { "s" } else { "" },
                        exact_bytes(unused),
                        if singular { "its" } else { "their" },
                        exact_bytes(rebuilt)
                    ),
                );
            }
        }
        if figures.heap_padding > 0 {
            let element = match report.summary_of(id) {
                Some(summary) if node.kind == NodeKind::Summary && summary.is_entries => {
                    entries_padded_element(report, node)
                }
                _ => padded_element(node.layout),
            };
            let smaller = element.and_then(|e| {
                let best = e.smallest_size()?;
                (best < e.size).then_some((e, best))
            });
            let nested = element
                .filter(|_| smaller.is_none())
                .and_then(|element| element.field_reorder().map(|nested| (element, nested)));
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
            } else if let Some((element, nested)) = nested {
                let where_ = where_of();
                let element_name = short_type_name((element.type_name)());
                add(
                    FindingKind::HeapPadding,
                    id,
                    figures.heap_padding,
                    format!(
                        "{} of padding inside the elements {where_} stores on the heap; \
                         {element_name}'s own fields are in the best order, but {}",
                        human_bytes(figures.heap_padding),
                        field_reorder_phrase(&nested, &element_name, element.size)
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
        large.count(report, id, figures.heap_used, options.large_variant_bytes);
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
                own_heap_bytes,
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
    for (id, bytes, message) in large.findings() {
        add(FindingKind::LargeEnumVariant, id, bytes, message);
    }
    let mut out = group_findings(report, found);
    out.retain(|f| !is_waste(f.kind) || f.bytes >= options.min_finding_bytes);
    // The type's own finding: every value of it pays it, however small one value's share is.
    out.extend(root_padding(report));
    // Said once per type, about the part holding its allocations (filtered by then).
    out.extend(super::rounding::rounding(report));
    out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    out
}
