//! How a drop order reads: long runs elided in its text (configurably) but not in its steps,
//! optional no-op steps, the seed example in plain English, resources and unreadable parts
//! named, boxes and list nodes labelled for what they are.

#[macro_use]
#[path = "common/hand_layout.rs"]
mod hand_layout;

use std::cell::RefCell;
use std::collections::{HashMap, LinkedList};
use std::mem::{size_of, ManuallyDrop};

use memlayout::{DropAction, DropOptions, DropOrderExt, Kind, Layout, TypeLayout, Visitor};

#[test]
#[cfg_attr(miri, ignore)] // a million steps: too slow under Miri
fn long_runs_are_elided_in_display_but_not_in_steps() {
    let v: Vec<String> = (0..1_000_000).map(|i| i.to_string()).collect();
    let order = v.drop_order();
    assert_eq!(order.steps().count(), 1_000_001);
    let text = order.to_string();
    assert!(text.contains("... 999,990 more elements ..."), "{text}");
    // Header, 5 elements, the elision, 5 elements, the buffer, the Vec's own bytes.
    assert_eq!(text.lines().count(), 1 + 5 + 1 + 5 + 1 + 1);
    assert!(text.contains("[999999]"));
    assert_eq!(
        text.lines().next(),
        Some("drop order of Vec<String>: 1,000,001 steps")
    );
}

#[test]
fn elision_is_configurable_and_alternate_display_shows_everything() {
    let v: Vec<String> = (0..50).map(|i| format!("{i:02}")).collect();
    let few = v
        .drop_order_with(DropOptions::new().elide_runs(1, 2))
        .to_string();
    assert!(few.contains("... 47 more elements ..."));
    assert!(few.contains("[0]") && !few.contains("[1]  ") && few.contains("[49]"));
    let all = format!("{:#}", v.drop_order());
    assert_eq!(all.lines().count(), 1 + 51 + 1);
    let none = v
        .drop_order_with(DropOptions::new().no_elision())
        .to_string();
    assert_eq!(none, all);
}

#[test]
fn no_op_steps_are_optional() {
    let value = (
        7u64,
        String::new(),
        vec![1u32, 2, 3],
        ManuallyDrop::new(String::from("x")),
    );
    let plain = value.drop_order();
    // The Vec's buffer is freed: the u64 has no drop glue, the empty String owns nothing;
    // ManuallyDrop drops nothing, so its string's buffer stays allocated.
    let actions: Vec<String> = plain.steps().map(|s| format!("{}", s)).collect();
    assert_eq!(
        actions,
        [
            format!(".2  Vec<u32>  frees {} heap bytes", 3 * size_of::<u32>()),
            String::from(
                ".3  ManuallyDrop<String>  is not dropped (no drop glue, as in ManuallyDrop): 1 \
                 heap byte in 1 allocation stay allocated"
            ),
        ]
    );
    let noisy = value.drop_order_with(DropOptions::new().include_no_ops(true));
    let no_ops: Vec<String> = noisy
        .steps()
        .filter(|s| s.action() == DropAction::NoOp)
        .map(|s| s.path())
        .collect();
    assert_eq!(no_ops, [".0", ".2[0..3]"]);
    let (_, _, _, kept) = value;
    drop(ManuallyDrop::into_inner(kept));
}

#[test]
fn the_seed_example_reads_in_plain_english() {
    struct Student {
        name: String,
        scores: HashMap<String, u32>,
    }
    hand_layout!(Student, drop_impl = false, [name, scores]);
    let student = Student {
        name: String::from("Ada"),
        scores: HashMap::from([(String::from("math"), 90)]),
    };
    let text = student.drop_order().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "drop order of Student: 3 steps");
    assert_eq!(lines[1], "1.   .name  String  frees 3 heap bytes");
    assert_eq!(
        lines[2],
        "2.     .scores[\"math\"].key  String  frees 4 heap bytes"
    );
    assert!(
        lines[3].starts_with("3.   .scores  HashMap<String, u32>  frees "),
        "{text}"
    );
    let own = format!(
        "then the Student's own {} bytes go with",
        size_of::<Student>()
    );
    assert!(lines[4].trim_start().starts_with(&own), "{text}");
}

#[test]
fn resources_and_unreadable_parts_are_named() {
    let file = std::fs::File::open(env!("CARGO_MANIFEST_DIR")).ok();
    let order = file.drop_order();
    if file.is_some() {
        let step = order.step(0).expect("a step for the file");
        assert!(matches!(step.action(), DropAction::ReleasesResource { .. }));
        assert!(step.to_string().contains("closes"), "{step}");
    }
    let cell = RefCell::new(String::from("x"));
    let borrowed = cell.borrow_mut();
    let order = cell.drop_order();
    assert!(matches!(
        order.step(0).map(|s| s.action()),
        Some(DropAction::Unreadable { .. })
    ));
    drop(borrowed);
}

#[test]
fn nested_runs_are_elided_inside_the_shown_elements() {
    let grid: Vec<Vec<String>> = (0..20)
        .map(|i| (0..20).map(|j| format!("{i}.{j}")).collect())
        .collect();
    let text = grid.drop_order().to_string();
    let lines: Vec<&str> = text.lines().collect();
    // Header; 10 shown rows of (5 + elision + 5 + the row's buffer); the rows' elision; the
    // outer buffer; the Vec's own bytes.
    assert_eq!(lines.len(), 1 + 10 * 12 + 1 + 1 + 1, "{text}");
    let elisions: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("more element"))
        .collect();
    assert_eq!(elisions.len(), 11);
    assert!(text.contains("... 10 more elements ...")); // inside a row: one step per String
    assert!(text.contains("... 10 more elements, 210 steps ...")); // the rows: 21 steps each
    assert!(text.contains("[19][19]") && !text.contains("[10][0]"));
}

#[test]
fn boxes_and_list_nodes_are_labelled_for_what_they_are() {
    let error = std::io::Error::other("boom");
    let order = error.drop_order();
    let lines: Vec<String> = order.steps().map(|s| s.to_string()).collect();
    let frees: Vec<&String> = lines.iter().filter(|l| l.contains("frees")).collect();
    assert_eq!(frees.len(), 2, "{order}");
    assert_ne!(frees[0], frees[1], "{order}");
    assert!(frees[0].starts_with(".*  Box<dyn Error"), "{order}");

    let list: LinkedList<String> = ["a", "bb"].into_iter().map(String::from).collect();
    let order = list.drop_order();
    let node_steps: Vec<String> = order
        .steps()
        .filter(|s| s.label() == "list node")
        .map(|s| s.path())
        .collect();
    assert_eq!(node_steps, ["[0]", "[1]"]);
    assert!(
        order.to_string().contains("[1]  list node  frees"),
        "{order}"
    );
}
