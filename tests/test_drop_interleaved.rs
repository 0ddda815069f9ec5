//! Drop impls and frees interleaved: each `Mark` records, when its `Drop::drop` runs, how many
//! bytes the counting allocator has been given back since the value started dropping. The drop
//! order predicts the same figure at each `RunsDropImpl` step of a `Mark` (the sum of the
//! `FreesHeap`/`FreesShared` steps before it), so a free listed on the wrong side of a drop impl
//! fails, as does a wrong size or a missing or extra step.

use std::cell::Cell;
use std::mem::ManuallyDrop;
use std::rc::Rc;

use memlayout::{DropAction, DropOrderExt, Layout};

#[path = "common/alloc.rs"]
mod alloc;

const MARKS: usize = 64;

thread_local! {
    /// Live heap bytes when each mark dropped, in drop order; a fixed array, so recording
    /// allocates nothing.
    static SEEN: Cell<([isize; MARKS], usize)> = const { Cell::new(([0; MARKS], 0)) };
}

/// Records the allocator's live bytes when it drops.
#[derive(Layout)]
struct Mark {
    id: u8,
}

impl Drop for Mark {
    fn drop(&mut self) {
        let (mut seen, len) = SEEN.get();
        seen[len] = alloc::live().0;
        SEEN.set((seen, len + 1));
    }
}

fn mark(id: u8) -> Mark {
    Mark { id }
}

/// A struct with its own drop impl around marks and heap.
#[derive(Layout)]
struct Holder {
    name: String,
    first: Box<Mark>,
    rest: Vec<Mark>,
    tail: Option<Box<Mark>>,
}

impl Drop for Holder {
    fn drop(&mut self) {
        let (mut seen, len) = SEEN.get();
        seen[len] = alloc::live().0;
        SEEN.set((seen, len + 1));
    }
}

/// Boxed marks in a vector: each box is a free of its own, after its mark's `Drop::drop`.
#[derive(Layout)]
#[allow(clippy::vec_box)]
enum Event {
    Quiet,
    One(Box<Mark>, String),
    Many { marks: Vec<Box<Mark>>, note: String },
}

/// Bytes freed before each drop impl, predicted: one entry per `RunsDropImpl` step.
fn predicted<T: Layout>(value: &T) -> (Vec<usize>, usize) {
    let mut freed = 0;
    let mut at_drops = Vec::new();
    for step in value.drop_order().steps() {
        match step.action() {
            DropAction::RunsDropImpl => at_drops.push(freed),
            DropAction::FreesHeap {
                bytes,
                allocations: 1,
                is_exact: true,
            }
            | DropAction::FreesShared { bytes } => freed += bytes,
            DropAction::FreesHeap { .. } => panic!("not one exact block: {step}"),
            _ => {}
        }
    }
    (at_drops, freed)
}

#[track_caller]
fn check<T: Layout>(what: &str, value: T) {
    let (expected, expected_total) = predicted(&value);
    let order = value.drop_order().to_string();
    SEEN.set(([0; MARKS], 0));
    let start = alloc::live().0;
    drop(value);
    let end = alloc::live().0;
    let (seen, len) = SEEN.get();
    let observed: Vec<usize> = seen[..len].iter().map(|&l| (start - l) as usize).collect();
    assert_eq!(
        expected, observed,
        "{what}: bytes freed before each Drop::drop, predicted (left) vs real\n{order}"
    );
    assert_eq!(
        expected_total,
        (start - end) as usize,
        "{what}: total freed\n{order}"
    );
}

fn text(capacity: usize) -> String {
    let mut s = String::with_capacity(capacity);
    s.push('x');
    s
}

#[test]
fn a_struct_with_a_drop_impl_around_boxes_and_vecs() {
    for (rest, tail) in [(0, false), (1, true), (5, false), (5, true)] {
        let mut marks: Vec<Mark> = (0..rest).map(|i| mark(10 + i)).collect();
        marks.reserve(3);
        check(
            "holder",
            Holder {
                name: text(13),
                first: Box::new(mark(1)),
                rest: marks,
                tail: tail.then(|| Box::new(mark(2))),
            },
        );
    }
    check(
        "empty vec",
        Holder {
            name: String::new(),
            first: Box::new(mark(1)),
            rest: Vec::new(),
            tail: None,
        },
    );
}

#[test]
fn enum_variants_tuples_and_arrays() {
    check("quiet", Event::Quiet);
    check("one", Event::One(Box::new(mark(1)), text(40)));
    for n in [0, 1, 4] {
        check(
            "many",
            Event::Many {
                marks: (0..n).map(|i| Box::new(mark(i))).collect(),
                note: text(7),
            },
        );
    }
    check(
        "tuple",
        (text(3), Box::new(mark(1)), mark(2), vec![text(9)]),
    );
    check(
        "array",
        [Box::new(mark(1)), Box::new(mark(2)), Box::new(mark(3))],
    );
    check(
        "array of vecs",
        [vec![mark(1)], Vec::new(), vec![mark(2), mark(3)]],
    );
}

#[test]
fn shared_manually_dropped_and_zero_sized() {
    let shared = Rc::new((mark(1), text(20)));
    check("rc twice", (Rc::clone(&shared), text(5), shared));
    check(
        "manually drop",
        (ManuallyDrop::new(Box::new(mark(1))), Box::new(mark(2))),
    );
    check(
        "box of unit",
        (Box::new(()), Box::new(mark(1)), Vec::<()>::with_capacity(8)),
    );
    check("vec of zst marks", vec![[(); 0]; 3]);
    check("boxed slice", vec![mark(1), mark(2)].into_boxed_slice());
    check("empty boxed slice", Vec::<Mark>::new().into_boxed_slice());
    check("option none", (None::<Box<Mark>>, Some(Box::new(mark(3)))));
}

/// A trait object's contents are not read; what the boxes and `Rc`s themselves free is known.
trait Shape {
    fn id(&self) -> u8;
}
impl Shape for Mark {
    fn id(&self) -> u8 {
        self.id
    }
}
impl Shape for () {
    fn id(&self) -> u8 {
        0
    }
}
memlayout::dyn_layout!(dyn Shape);

#[test]
fn trait_objects_free_their_boxes_even_unread() {
    let shapes: Vec<Box<dyn Shape>> = vec![Box::new(mark(1)), Box::new(()), Box::new(mark(2))];
    assert_eq!(shapes.iter().map(|s| s.id()).sum::<u8>(), 3);
    let shared: Rc<dyn Shape> = Rc::new(mark(3));
    let value = (shapes, Box::new(mark(4)), Rc::clone(&shared), shared);
    let order = value.drop_order();
    let predicted: Vec<usize> = order
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::FreesHeap {
                bytes,
                is_exact: true,
                ..
            } => Some(bytes),
            DropAction::FreesShared { bytes } => Some(bytes),
            _ => None,
        })
        .collect();
    let unread = order
        .steps()
        .filter(|s| matches!(s.action(), DropAction::Unreadable { .. }))
        .count();
    let text = order.to_string();
    assert_eq!(unread, 4, "{text}");
    assert_eq!(predicted, alloc::frees_during(|| drop(value)), "{text}");
}
