//! A report as folded stacks, the input format of inferno and flamegraph.pl.
//!
//! One line per node: the root's short type name, then each path segment from the root to the
//! node, separated by `;`, then a space and the bytes the node holds by itself (the root: its
//! inline bytes plus its own heap; any other node: its own heap blocks, and the figures folded
//! into it). Every heap byte belongs to one node, so the lines add up to the root's inline plus
//! heap bytes, and a frame's width in the flame graph is what its subtree holds.
//!
//! A `;` inside a segment (a map key) is written as `:` so it does not split the frame.

use core::fmt::Write;

use crate::render::short_type_name;
use crate::report::Report;

/// Renders the folded stacks (iteratively: no recursion on deep reports).
pub(crate) fn folded(report: &Report) -> String {
    let mut out = String::new();
    let mut stack = String::new();
    let mut segment = String::new();
    // (node, length of its parent's stack prefix)
    let mut work = vec![(0usize, 0usize)];
    while let Some((id, prefix)) = work.pop() {
        let node = &report.nodes[id];
        stack.truncate(prefix);
        if id == 0 {
            push_component(&mut stack, &short_type_name((node.layout.type_name)()));
        } else {
            segment.clear();
            report.write_segment(id, &mut segment);
            stack.push(';');
            push_component(&mut stack, &segment);
        }
        let mut bytes = node.contribution().heap_bytes;
        if id == 0 {
            bytes += node.inline_bytes;
        }
        let _ = writeln!(out, "{stack} {bytes}");
        let (start, end) = node.children;
        for &child in report.children[start as usize..end as usize].iter().rev() {
            work.push((child as usize, stack.len()));
        }
    }
    out
}

fn push_component(stack: &mut String, component: &str) {
    stack.extend(component.chars().map(|c| match c {
        ';' => ':',
        '\n' | '\r' => ' ',
        c => c,
    }));
}
