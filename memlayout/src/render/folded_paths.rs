//! [`folded`](crate::render::folded)'s output: a [`StackTable`] as folded stacks, one line per distinct
//! stack text with its bytes, the root's line first, then in the order the stacks were first
//! met. Deep stacks come from the table already elided (head, `…`, tail).

use alloc::{string::String, vec::Vec};

use crate::render::report_folded::{push_component, write_stack, Stacks};
use crate::render::short_type_name;
use crate::walk::folded::{Frame, StackId, StackTable, ROOT};

/// The folded stacks of `table`, whose root is a value of type `root_type` (a full type name).
/// Stacks holding no bytes are left out, except the root's; stacks with the same text (two
/// copies of a field name at different addresses) are one line.
pub(crate) fn render(table: &StackTable, root_type: &str) -> String {
    let mut root = String::new();
    push_component(&mut root, &short_type_name(root_type));
    let mut stacks = Stacks::default();
    let mut frames: Vec<Frame> = Vec::new();
    let mut segments: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut stack = String::new();
    for id in 0..table.len() as StackId {
        let bytes = table.bytes(id);
        if bytes == 0 && id != ROOT {
            continue;
        }
        segments.clear();
        segments.push(root.clone());
        table.frames(id, &mut frames);
        for frame in &frames {
            text.clear();
            frame.write(&mut text);
            let mut segment = String::new();
            push_component(&mut segment, &text);
            segments.push(segment);
        }
        write_stack(&segments, &mut stack);
        stacks.add(&stack, bytes);
    }
    stacks.render()
}
