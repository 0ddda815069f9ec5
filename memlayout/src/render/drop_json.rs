//! A drop order as JSON (feature `json`); the schema is documented on
//! [`DropOrder::to_json`](crate::DropOrder::to_json).
//!
//! Formatting only: every figure comes from [`DropOrder`]'s and [`DropStep`]'s accessors and
//! its path tree. Steps are written as they are read from [`DropOrder::steps`], without first
//! collecting them, so a million-step order costs no second copy.
//!
//! Paths are a table of segments with parent ids, and each step names its path by id: a step's
//! full path would make the document grow with steps times depth (a million-link `Box` chain's
//! paths alone would be terabytes); the table grows with the number of distinct paths.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use serde::ser::{Serialize, Serializer};

use crate::drop::{to_u32, DropAction, DropOptions, DropOrder, DropStep, ROOT};

/// The schema's name and version, the first key of every document.
pub(crate) const SCHEMA: &str = "memlayout.drop/2";

#[derive(serde::Serialize)]
struct Document<'o> {
    schema: &'static str,
    root_type: &'static str,
    options: JsonOptions,
    inline_bytes: usize,
    leaked: Leaked,
    max_recursion_depth: usize,
    recursion_warning: Option<String>,
    paths: &'o PathTable<'o>,
    steps: Steps<'o>,
}

#[derive(serde::Serialize)]
struct JsonOptions {
    include_no_ops: bool,
    elide_runs: Option<Elision>,
    recursion_warning_at: usize,
    max_lines: usize,
}

#[derive(serde::Serialize)]
struct Elision {
    head: usize,
    tail: usize,
}

#[derive(serde::Serialize)]
struct Leaked {
    bytes: usize,
    allocations: usize,
}

/// The paths the steps use (and their ancestors), parents first, renumbered from 0 (the value
/// itself): `ids[node]` is a path-tree node's id in the table, `NOT_WRITTEN` for a node no
/// step uses.
struct PathTable<'o> {
    order: &'o DropOrder,
    ids: Vec<u32>,
}

const NOT_WRITTEN: u32 = u32::MAX;

impl<'o> PathTable<'o> {
    fn of(order: &'o DropOrder) -> PathTable<'o> {
        let nodes = &order.paths.nodes;
        let mut used = vec![false; nodes.len()];
        used[ROOT as usize] = true;
        for step in &order.steps {
            used[step.node as usize] = true;
        }
        // A node is pushed after its parent, so one backward pass marks every ancestor.
        for node in (1..nodes.len()).rev() {
            if used[node] {
                used[nodes[node].parent as usize] = true;
            }
        }
        let mut next = 0;
        let ids = used
            .iter()
            .map(|&is_used| {
                if !is_used {
                    return NOT_WRITTEN;
                }
                next += 1;
                next - 1
            })
            .collect();
        PathTable { order, ids }
    }
}

#[derive(serde::Serialize)]
struct JsonPath<'o> {
    parent: Option<u32>,
    segment: &'o str,
}

impl Serialize for PathTable<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let paths = &self.order.paths;
        let written = (0..paths.nodes.len()).filter(|&node| self.ids[node] != NOT_WRITTEN);
        serializer.collect_seq(written.map(|node| JsonPath {
            parent: (node != ROOT as usize).then(|| self.ids[paths.nodes[node].parent as usize]),
            segment: paths.segment(to_u32(node)),
        }))
    }
}

/// Every step, serialised one at a time.
struct Steps<'o>(&'o PathTable<'o>);

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let table = self.0;
        serializer.collect_seq(table.order.steps().map(|step| {
            let path_id = table.ids[table.order.steps[step.index()].node as usize];
            JsonStep::of(step, path_id)
        }))
    }
}

#[derive(serde::Serialize)]
struct JsonStep {
    index: usize,
    path_id: u32,
    type_name: &'static str,
    short_type_name: String,
    label: String,
    depth: usize,
    action: JsonAction,
}

impl JsonStep {
    fn of(step: DropStep<'_>, path_id: u32) -> JsonStep {
        JsonStep {
            index: step.index(),
            path_id,
            type_name: step.full_type_name(),
            short_type_name: step.type_name(),
            label: step.label(),
            depth: step.depth(),
            action: JsonAction::of(step.action()),
        }
    }
}

/// [`DropAction`] as a tagged object. A separate type, so the schema does not follow renames
/// in the Rust enum; the exhaustive match in [`JsonAction::of`] makes a new action a compile
/// error here until it has a JSON form.
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum JsonAction {
    RunsDropImpl,
    MayRunDropImpl,
    FreesHeap {
        bytes: usize,
        allocations: usize,
        is_exact: bool,
    },
    DecrementsStrong {
        to: usize,
    },
    DropsSharedContents,
    FreesShared {
        bytes: usize,
    },
    DecrementsWeak {
        to: usize,
    },
    ReleasesResource {
        what: &'static str,
    },
    Unreadable {
        reason: &'static str,
    },
    NoOp,
    Forgets {
        bytes: usize,
        allocations: usize,
        may_be_released: bool,
    },
}

impl JsonAction {
    fn of(action: DropAction) -> JsonAction {
        match action {
            DropAction::RunsDropImpl => JsonAction::RunsDropImpl,
            DropAction::MayRunDropImpl => JsonAction::MayRunDropImpl,
            DropAction::FreesHeap {
                bytes,
                allocations,
                is_exact,
            } => JsonAction::FreesHeap {
                bytes,
                allocations,
                is_exact,
            },
            DropAction::DecrementsStrong { to } => JsonAction::DecrementsStrong { to },
            DropAction::DropsSharedContents => JsonAction::DropsSharedContents,
            DropAction::FreesShared { bytes } => JsonAction::FreesShared { bytes },
            DropAction::DecrementsWeak { to } => JsonAction::DecrementsWeak { to },
            DropAction::ReleasesResource { what } => JsonAction::ReleasesResource { what },
            DropAction::Unreadable { reason } => JsonAction::Unreadable { reason },
            DropAction::NoOp => JsonAction::NoOp,
            DropAction::Forgets {
                bytes,
                allocations,
                may_be_released,
            } => JsonAction::Forgets {
                bytes,
                allocations,
                may_be_released,
            },
        }
    }
}

impl JsonOptions {
    fn of(options: &DropOptions) -> JsonOptions {
        JsonOptions {
            include_no_ops: options.get_include_no_ops(),
            elide_runs: options
                .get_elide_runs()
                .map(|(head, tail)| Elision { head, tail }),
            recursion_warning_at: options.get_recursion_warning_at(),
            max_lines: options.get_max_lines(),
        }
    }
}

/// Renders the drop order as one JSON document.
pub(crate) fn to_json(order: &DropOrder) -> String {
    let (bytes, allocations) = order.leaked();
    let paths = PathTable::of(order);
    let document = Document {
        schema: SCHEMA,
        root_type: order.root_full_type(),
        options: JsonOptions::of(order.options()),
        inline_bytes: order.inline_bytes(),
        leaked: Leaked { bytes, allocations },
        max_recursion_depth: order.max_recursion_depth(),
        recursion_warning: order.recursion_warning(),
        paths: &paths,
        steps: Steps(&paths),
    };
    // Serialising plain data with string keys cannot fail; should it ever, the error is reported
    // in the document instead of a panic.
    serde_json::to_string(&document).unwrap_or_else(|error| {
        serde_json::json!({ "schema": SCHEMA, "error": error.to_string() }).to_string()
    })
}
