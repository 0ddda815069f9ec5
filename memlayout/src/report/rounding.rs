//! The allocator-rounding finding: when the allocator's size classes (and headers) are a large
//! share of what it holds for one kind of allocation.

use alloc::{format, string::String, vec::Vec};

use super::findings::path_pattern;
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
    /// The part of the value holding them all: the collection their common path pattern
    /// starts with (`.names` for `.names[*]`), the root when patterns differ.
    path: Option<String>,
}

/// One finding per type whose allocations' rounding is at least [`ROUNDING_PERCENT`] of what
/// the allocator holds for them (and at least `min_finding_bytes`), about the part of the
/// value that holds them all; none without an allocator model.
pub(crate) fn rounding(report: &Report) -> Vec<Finding> {
    let Some(figures) = report.reserved.as_deref() else {
        return Vec::new();
    };
    let mut groups: Vec<Group> = Vec::new();
    for (id, held) in figures.own.iter().enumerate() {
        if held.allocations == 0 {
            continue;
        }
        let type_name = (report.nodes[id].layout.type_name)();
        let pattern = path_pattern(report, id);
        let holder = match pattern.split_once("[*]") {
            Some((collection, _)) => String::from(collection),
            None => pattern,
        };
        match groups.iter_mut().find(|g| g.type_name == type_name) {
            Some(group) => {
                group.held.merge(held);
                if group.path.as_ref() != Some(&holder) {
                    group.path = Some(String::new());
                }
            }
            None => groups.push(Group {
                type_name,
                held: *held,
                path: Some(holder),
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
    let path = group.path.clone().unwrap_or_default();
    let holder = match report.find(&path) {
        Some(node) if node.id() == 0 => format!("this {}", node.type_name()),
        _ => String::from(display_path(&path)),
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
