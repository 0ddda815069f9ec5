//! The allocator-rounding finding: when the allocator's size classes (and headers) are a large
//! share of what it holds for one kind of allocation.

use alloc::{format, string::String, vec::Vec};

use super::findings::is_element_pattern;
use super::{display_path, human_bytes, Finding, FindingKind, Held, Report};
use crate::allocator::AllocatorModel;
use crate::drop::grouped;
use crate::render::short_type_name;

/// Rounding (and headers) at least this share of what the allocator holds for a kind of
/// allocation, in percent, is reported: a fifth.
pub(crate) const ROUNDING_PERCENT: usize = 20;

/// The allocations of one type in the report: what they hold, and where they sit.
struct Group {
    type_name: &'static str,
    held: Held,
    /// The node holding them all: the collection their common path pattern starts with
    /// (`.names` for `.names[*]`), the root when patterns differ.
    holder: usize,
}

/// Each node's holder, in one pass over the nodes (parents before children): the node
/// itself outside any collection's elements, else the collection of its outermost enclosing
/// element (the path before the first `[*]` of its path pattern). Worked out from the
/// parent's, not from each node's whole path, so a deep chain costs no more than a wide one.
fn holders(report: &Report) -> Vec<usize> {
    // (holder, whether it is inside an element: then every descendant shares it)
    let mut holders: Vec<(usize, bool)> = Vec::with_capacity(report.nodes.len());
    for (id, node) in report.nodes.iter().enumerate() {
        let holder = match holders.get(node.parent as usize) {
            None => (id, false),
            Some(&(holder, true)) => (holder, true),
            Some(_) if is_element_pattern(&node.segment) => (node.parent as usize, true),
            Some(_) => (id, false),
        };
        holders.push(holder);
    }
    holders.into_iter().map(|(holder, _)| holder).collect()
}

/// One finding per type whose allocations' rounding is at least [`ROUNDING_PERCENT`] of what
/// the allocator holds for them (and at least `min_finding_bytes`), about the part of the
/// value that holds them all; none without an allocator model.
pub(crate) fn rounding(report: &Report) -> Vec<Finding> {
    let Some(figures) = report.reserved.as_deref() else {
        return Vec::new();
    };
    let holders = holders(report);
    let mut groups: Vec<Group> = Vec::new();
    for (id, held) in figures.own.iter().enumerate() {
        if held.allocations == 0 {
            continue;
        }
        let type_name = (report.nodes[id].layout.type_name)();
        let holder = holders[id];
        match groups.iter_mut().find(|g| g.type_name == type_name) {
            Some(group) => {
                group.held.merge(held);
                if group.holder != holder {
                    group.holder = 0;
                }
            }
            None => groups.push(Group {
                type_name,
                held: *held,
                holder,
            }),
        }
    }
    let model = figures.model.name();
    groups
        .into_iter()
        .filter_map(|group| {
            let held = &group.held;
            let rounding = held.reserved.saturating_sub(held.requested);
            let large = rounding * 100 >= ROUNDING_PERCENT * held.reserved;
            (large && rounding > 0 && rounding >= report.options.min_finding_bytes)
                .then(|| finding(report, model, &group, rounding))
        })
        .collect()
}

fn finding(report: &Report, model: &str, group: &Group, rounding: usize) -> Finding {
    let held = &group.held;
    let path = report.path_of(group.holder);
    let holder = if group.holder == 0 {
        format!("this {}", report.root().type_name())
    } else {
        String::from(display_path(&path))
    };
    let kind = short_type_name(group.type_name);
    let percent = rounding * 100 / held.reserved.max(1);
    let what = if held.headers > 0 {
        "allocator rounding and headers"
    } else {
        "allocator rounding"
    };
    let sizes = if held.min_request == held.max_request {
        format!("{}", held.min_request)
    } else {
        format!("{}-{}", held.min_request, held.max_request)
    };
    let (classes, has_more) = held.classes.sorted();
    let mut classes: Vec<String> = classes.iter().map(|c| grouped(*c)).collect();
    if has_more {
        classes.push(String::from("…"));
    }
    let (requests, land, a, s) = if held.allocations == 1 {
        ("request", "lands", "a ", "")
    } else {
        ("requests", "land", "", "es")
    };
    Finding {
        kind: FindingKind::AllocatorRounding,
        path,
        bytes: rounding,
        message: format!(
            "{percent}% of what {model} holds for the {kind} allocations of {holder} ({} of {}) \
             is {what}: {} {requests} of {sizes} bytes {land} in {a}{}-byte class{s}",
            human_bytes(rounding),
            human_bytes(held.reserved),
            grouped(held.allocations),
            classes.join("/"),
        ),
    }
}
