//! A report as folded stacks, the input format of inferno and flamegraph.pl.
//!
//! One line per distinct stack: the root's short type name, then each path segment from the
//! root to a node, separated by `;`, then a space and the bytes the nodes on that stack hold
//! by themselves (the root: its inline bytes plus its own heap; any other node: its own heap
//! blocks, and the figures folded into it). Every heap byte belongs to one node, so the lines
//! add up to the root's inline plus heap bytes, and a frame's width in the flame graph is what
//! its subtree holds.
//!
//! Two rules keep the graph readable and the output proportional to the number of nodes:
//! - Elements are aggregated by field path: every element index, map key and summary of a
//!   collection is the one frame `[*]` (`.requests;[*];.body`), so the frames below it add
//!   up the shown elements' parts. A summary node (the elements past
//!   [`ReportOptions::max_children`](crate::ReportOptions::max_children)) has no parts, so its
//!   bytes are the `[*]` frame's own. [`folded`](crate::render::folded) breaks them down: its walk
//!   (`walk/folded/`) adds every element up by field path, and `render/folded_paths.rs` writes
//!   its stacks with this file's [`Stacks`], [`write_stack`] and [`push_component`].
//! - A stack deeper than [`HEAD_FRAMES`] + [`TAIL_FRAMES`] segments keeps its first
//!   [`HEAD_FRAMES`] and last [`TAIL_FRAMES`] and writes the frames between as one `…` frame
//!   (the text drop order elides the middle of a deep path the same way). The nodes of a long
//!   chain then share a few stacks below the `…` frame.
//!
//! A `;` inside a segment (a map key) is written as `:` so it does not split the frame.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::fmt::Write;

use crate::collections::Map;
use crate::render::short_type_name;
use crate::report::{Report, Segment};

/// Leading path segments a stack keeps.
pub(crate) const HEAD_FRAMES: usize = 24;
/// Trailing path segments a stack keeps.
pub(crate) const TAIL_FRAMES: usize = 8;
/// The frame that stands for the segments between the head and the tail.
pub(crate) const ELIDED_FRAME: &str = "…";
/// The frame of every element of a collection.
const ELEMENTS_FRAME: &str = "[*]";

/// Renders the folded stacks (iteratively: no recursion on deep reports), one line per distinct
/// stack, in the order the stacks first occur in a depth-first walk.
pub(crate) fn folded(report: &Report) -> String {
    let mut stacks = Stacks::default();
    // The segments from the root to the node being written (the root's type name first).
    let mut segments: Vec<String> = Vec::new();
    let mut stack = String::new();
    // (node, its depth in frames: the root is 0)
    let mut work = vec![(0usize, 0usize)];
    while let Some((id, depth)) = work.pop() {
        let node = &report.nodes[id];
        segments.truncate(depth);
        let mut frame = String::new();
        if id == 0 {
            push_component(&mut frame, &short_type_name((node.layout.type_name)()));
        } else if is_element(&node.segment) {
            frame.push_str(ELEMENTS_FRAME);
        } else {
            let mut segment = String::new();
            report.write_segment(id, &mut segment);
            push_component(&mut frame, &segment);
        }
        segments.push(frame);
        write_stack(&segments, &mut stack);
        let mut bytes = report.contribution(id).heap_bytes;
        if id == 0 {
            bytes += node.inline_bytes();
        }
        stacks.add(&stack, bytes);
        let (start, end) = node.children;
        for child in report.child_ids(start, end).rev() {
            work.push((child, depth + 1));
        }
    }
    stacks.render()
}

/// Whether a node is one element (or a summary of elements) of a collection.
fn is_element(segment: &Segment) -> bool {
    matches!(
        segment,
        Segment::Index(_) | Segment::Key(_) | Segment::Entry(_) | Segment::Summary
    )
}

/// The stack of `segments` (the root's frame first), its middle elided past
/// [`HEAD_FRAMES`] + [`TAIL_FRAMES`] path segments.
pub(crate) fn write_stack(segments: &[String], out: &mut String) {
    out.clear();
    // segments[0] is the root's frame, not a path segment; only the frames written are read,
    // so a deep stack costs as much as a shallow one.
    let path_segments = segments.len() - 1;
    let (head, tail) = if path_segments > HEAD_FRAMES + TAIL_FRAMES {
        (
            &segments[..=HEAD_FRAMES],
            &segments[segments.len() - TAIL_FRAMES..],
        )
    } else {
        (segments, &segments[..0])
    };
    for (i, frame) in head.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(frame);
    }
    if !tail.is_empty() {
        out.push(';');
        out.push_str(ELIDED_FRAME);
    }
    for frame in tail {
        out.push(';');
        out.push_str(frame);
    }
}

/// Bytes per distinct stack, in first-seen order.
#[derive(Default)]
pub(crate) struct Stacks {
    order: Vec<(String, usize)>,
    index: Map<String, usize>,
}

impl Stacks {
    pub(crate) fn add(&mut self, stack: &str, bytes: usize) {
        match self.index.get(stack) {
            Some(&i) => self.order[i].1 = self.order[i].1.saturating_add(bytes),
            None => {
                self.index.insert(stack.to_string(), self.order.len());
                self.order.push((stack.to_string(), bytes));
            }
        }
    }

    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for (stack, bytes) in &self.order {
            let _ = writeln!(out, "{stack} {bytes}");
        }
        out
    }
}

/// Appends `component` to `stack` as one frame: a `;` becomes `:`, a line break a space.
pub(crate) fn push_component(stack: &mut String, component: &str) {
    stack.extend(component.chars().map(|c| match c {
        ';' => ':',
        '\n' | '\r' => ' ',
        c => c,
    }));
}

#[cfg(test)]
mod tests {
    use super::{write_stack, HEAD_FRAMES, TAIL_FRAMES};

    fn stack_of(depth: usize) -> String {
        let segments: Vec<String> = core::iter::once(String::from("Root"))
            .chain((1..=depth).map(|i| format!(".s{i}")))
            .collect();
        let mut out = String::new();
        write_stack(&segments, &mut out);
        out
    }

    #[test]
    fn shallow_stacks_are_whole() {
        let limit = HEAD_FRAMES + TAIL_FRAMES;
        let stack = stack_of(limit);
        assert_eq!(stack.split(';').count(), limit + 1);
        assert!(!stack.contains('…'));
        assert_eq!(stack_of(0), "Root");
    }

    #[test]
    fn deep_stacks_keep_their_head_and_tail() {
        let depth = HEAD_FRAMES + TAIL_FRAMES + 5;
        let stack = stack_of(depth);
        let frames: Vec<&str> = stack.split(';').collect();
        assert_eq!(frames.len(), 1 + HEAD_FRAMES + 1 + TAIL_FRAMES);
        assert_eq!(frames[HEAD_FRAMES], format!(".s{HEAD_FRAMES}"));
        assert_eq!(frames[HEAD_FRAMES + 1], "…");
        assert_eq!(
            frames[HEAD_FRAMES + 2],
            format!(".s{}", depth - TAIL_FRAMES + 1)
        );
        assert_eq!(frames.last().unwrap(), &format!(".s{depth}"));
    }
}
