use core::mem::ManuallyDrop;

use super::*;
use crate::visit::Visitor;

#[test]
fn run_tracker_hides_the_middle() {
    let options = DropOptions::new().elide_runs(2, 1);
    let mut walk = DropWalk::new(options);
    let mut run = RunTracker::new(&options);
    for i in 0..6 {
        run.start(i * 10);
    }
    walk.steps = vec![
        Step {
            node: ROOT,
            depth: 0,
            type_name: "",
            action: DropAction::NoOp,
            part: Part::Value,
        };
        60
    ];
    run.finish(&mut walk);
    let r = walk.runs[0];
    assert_eq!((r.start, r.end, r.elements), (20, 50, 3));
}

/// A field read bitwise, as `#[repr(packed)]` fields are, then a cell read through a guard:
/// the two parts the walk keeps alive in `KeepAlive`. Nested past `STACK_LIMIT`, so Miri
/// also checks the trampolined path.
struct Link {
    cell: core::cell::RefCell<Unaligned>,
    next: Option<Box<Link>>,
}

struct Unaligned {
    name: String,
}

impl Layout for Link {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Link>("Link", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "cell", &self.cell);
        v.field(1, "next", &self.next);
    }
}

impl Layout for Unaligned {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Unaligned>("Unaligned", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        // SAFETY: `name` is initialised and valid for reads; the copy is wrapped in
        // `ManuallyDrop`, so the buffer it shares with `self.name` is never freed twice.
        let copy = ManuallyDrop::new(unsafe { core::ptr::read(&self.name) });
        v.packed_field(0, "name", copy);
    }
}

#[test]
fn packed_copies_and_guards_keep_their_order_past_the_stack_limit() {
    // Three nested drops per link (Option, Box, Link): well past the limit.
    let links = STACK_LIMIT / 2;
    let mut head: Option<Box<Link>> = None;
    for i in (0..links).rev() {
        head = Some(Box::new(Link {
            cell: core::cell::RefCell::new(Unaligned {
                name: String::with_capacity(i + 1),
            }),
            next: head,
        }));
    }
    let order = head.drop_order();
    let mut expected = Vec::new();
    let mut at = String::new();
    for i in 0..links {
        at.push_str(".Some.0.*");
        expected.push((format!("{at}.cell.borrow().name"), i + 1));
        at.push_str(".next");
    }
    // Then each Box's allocation, innermost first, as the recursion unwinds.
    let mut boxes = Vec::new();
    let mut at = String::new();
    for _ in 0..links {
        boxes.push((format!("{at}.Some.0"), core::mem::size_of::<Link>()));
        at.push_str(".Some.0.*.next");
    }
    let got: Vec<(String, usize)> = order
        .steps()
        .map(|s| match s.action() {
            DropAction::FreesHeap { bytes, .. } => (s.path(), bytes),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    // Link i's name is freed before link i + 1's, and every box after all the names in it.
    let names: Vec<_> = got
        .iter()
        .filter(|(p, _)| p.ends_with(".name"))
        .cloned()
        .collect();
    assert_eq!(names, expected);
    let frees: Vec<_> = got
        .iter()
        .filter(|(p, _)| !p.ends_with(".name"))
        .cloned()
        .collect();
    boxes.reverse();
    assert_eq!(frees, boxes);
    assert_eq!(got[links - 1].0, expected[links - 1].0);
}
