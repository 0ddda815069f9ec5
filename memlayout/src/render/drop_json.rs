//! A drop order as JSON (feature `json`); the schema is documented on
//! [`DropOrder::to_json`](crate::DropOrder::to_json).
//!
//! Formatting only: every figure comes from [`DropOrder`]'s and [`DropStep`]'s accessors. Steps
//! are written as they are read from [`DropOrder::steps`], without first collecting them, so a
//! million-step order costs no second copy.

use serde::ser::{Serialize, Serializer};

use crate::drop::{DropAction, DropOptions, DropOrder, DropStep};

/// The schema's name and version, the first key of every document.
pub(crate) const SCHEMA: &str = "memlayout.drop/1";

#[derive(serde::Serialize)]
struct Document<'o> {
    schema: &'static str,
    root_type: &'static str,
    options: JsonOptions,
    inline_bytes: usize,
    leaked: Leaked,
    max_recursion_depth: usize,
    recursion_warning: Option<String>,
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

/// Every step, serialised one at a time.
struct Steps<'o>(&'o DropOrder);

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.steps().map(JsonStep::of))
    }
}

#[derive(serde::Serialize)]
struct JsonStep {
    index: usize,
    path: String,
    type_name: &'static str,
    short_type_name: String,
    label: String,
    depth: usize,
    action: JsonAction,
}

impl JsonStep {
    fn of(step: DropStep<'_>) -> JsonStep {
        JsonStep {
            index: step.index(),
            path: step.path(),
            type_name: step.type_name(),
            short_type_name: step.short_type_name(),
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
}

impl JsonAction {
    fn of(action: DropAction) -> JsonAction {
        match action {
            DropAction::RunsDropImpl => JsonAction::RunsDropImpl,
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
        }
    }
}

impl JsonOptions {
    fn of(options: &DropOptions) -> JsonOptions {
        JsonOptions {
            include_no_ops: options.lists_no_ops(),
            elide_runs: options
                .run_elision()
                .map(|(head, tail)| Elision { head, tail }),
            recursion_warning_at: options.recursion_warning_levels(),
            max_lines: options.line_limit(),
        }
    }
}

/// Renders the drop order as one JSON document.
pub(crate) fn to_json(order: &DropOrder) -> String {
    let (bytes, allocations) = order.leaked();
    let document = Document {
        schema: SCHEMA,
        root_type: order.root_type(),
        options: JsonOptions::of(order.options()),
        inline_bytes: order.inline_bytes(),
        leaked: Leaked { bytes, allocations },
        max_recursion_depth: order.max_recursion_depth(),
        recursion_warning: order.recursion_warning(),
        steps: Steps(order),
    };
    // Serialising plain data with string keys cannot fail; should it ever, the error is reported
    // in the document instead of a panic.
    serde_json::to_string(&document).unwrap_or_else(|error| {
        serde_json::json!({ "schema": SCHEMA, "error": error.to_string() }).to_string()
    })
}
