//! A report as JSON (feature `json`); the schema is documented on
//! [`Report::to_json`](crate::Report::to_json).
//!
//! Each node carries its parent's id and its own path segment, not its whole path, so the
//! document grows with the number of nodes, not with nodes times depth.

use alloc::{string::String, vec::Vec};
use serde::Serialize;

use crate::layout::Storage;
use crate::report::{
    Finding, NodeKind, Report, ReportOptions, ReservedTotals, SharedInfo, Summary, Totals,
};

/// The schema's name and version, the first key of every document.
pub(crate) const SCHEMA: &str = "memlayout.report/2";

#[derive(Serialize)]
struct Document<'r> {
    schema: &'static str,
    root_type: &'static str,
    options: &'r ReportOptions,
    totals: Totals,
    #[serde(skip_serializing_if = "Option::is_none")]
    reserved: Option<Reserved>,
    nodes: Vec<JsonNode<'r>>,
    findings: &'r [Finding],
}

#[derive(Serialize)]
struct Elided {
    parts: usize,
    totals: Totals,
}

/// A node's (or the root's) figures under the allocator model, when one was chosen.
#[derive(Serialize)]
struct Reserved {
    model: &'static str,
    reserved_bytes: usize,
    overhead_bytes: usize,
    header_bytes: usize,
    is_exact: bool,
}

impl Reserved {
    fn of(reserved: ReservedTotals) -> Reserved {
        Reserved {
            model: reserved.model,
            reserved_bytes: reserved.reserved_bytes,
            overhead_bytes: reserved.overhead_bytes(),
            header_bytes: reserved.header_bytes,
            is_exact: reserved.is_exact,
        }
    }
}

#[derive(Serialize)]
struct JsonNode<'r> {
    id: usize,
    parent: Option<usize>,
    segment: String,
    type_name: &'static str,
    kind: NodeKind,
    storage: Storage,
    depth: usize,
    indirection: usize,
    offset: Option<usize>,
    variant: Option<&'static str>,
    inline_bytes: usize,
    inline_padding: usize,
    own: Totals,
    totals: Totals,
    #[serde(skip_serializing_if = "Option::is_none")]
    reserved: Option<Reserved>,
    elided: Option<Elided>,
    shared: Option<&'r SharedInfo>,
    summary: Option<&'r Summary>,
    unreadable: Option<&'static str>,
    resource: Option<&'static str>,
}

/// Renders the report as one JSON document.
pub(crate) fn to_json(report: &Report) -> String {
    let nodes = report
        .nodes()
        .map(|node| JsonNode {
            id: node.id(),
            parent: node.parent().map(|p| p.id()),
            segment: node.segment(),
            type_name: node.full_type_name(),
            kind: node.kind(),
            storage: node.storage(),
            depth: node.depth(),
            indirection: node.indirection(),
            offset: node.offset(),
            variant: node.variant(),
            inline_bytes: node.inline_bytes(),
            inline_padding: node.inline_padding(),
            own: node.own(),
            totals: *node.totals(),
            reserved: node.reserved().map(Reserved::of),
            elided: node
                .elided()
                .map(|(parts, totals)| Elided { parts, totals }),
            shared: node.shared(),
            summary: node.summary(),
            unreadable: node.unreadable(),
            resource: node.resource(),
        })
        .collect();
    let document = Document {
        schema: SCHEMA,
        root_type: report.root_type(),
        options: report.options(),
        totals: report.totals(),
        reserved: report.reserved().map(Reserved::of),
        nodes,
        findings: report.findings(),
    };
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string(&document).unwrap_or_default()
}
