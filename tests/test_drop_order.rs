//! Drop order, predicted and observed: values built from drop-logging types are walked by
//! `drop_order()`, then really dropped; the `RunsDropImpl` steps must name exactly the loggers
//! that log, in the order they log.
//!
//! Each logger is labelled with the path where the test puts it (computed from how the value
//! is built: an index in `as_slice()`, a map key), so a prediction that gets the order or the
//! place wrong fails.

#[path = "common/drop_log.rs"]
mod drop_log;
#[macro_use]
#[path = "common/hand_layout.rs"]
mod hand_layout;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::mem::{align_of, size_of, ManuallyDrop};
use std::rc::{self, Rc};
use std::sync::{Arc, Mutex};

use memlayout::layout::{layout_of, Variant, VariantField};
use memlayout::{DropAction, DropOrderExt, Kind, Layout, Storage, TypeLayout, Visitor};

use drop_log::{check, log, observe, Noisy};

/// No `Drop` impl: only its fields log.
struct Pair {
    a: Noisy,
    b: Noisy,
}
hand_layout!(Pair, drop_impl = false, [a, b]);

/// Its own `Drop` impl logs `label` first, then its fields drop.
struct Loud {
    label: &'static str,
    a: Noisy,
    b: Noisy,
}
hand_layout!(Loud, drop_impl = true, [a, b]);
impl Drop for Loud {
    fn drop(&mut self) {
        log(self.label.to_string());
    }
}

struct Outer {
    first: Loud,
    second: Noisy,
    third: Pair,
}
hand_layout!(Outer, drop_impl = true, [first, second, third]);
impl Drop for Outer {
    fn drop(&mut self) {
        log(String::new());
    }
}

fn pair(at: &str) -> Pair {
    Pair {
        a: Noisy::new(format!("{at}.a")),
        b: Noisy::new(format!("{at}.b")),
    }
}

fn loud(at: &'static str) -> Loud {
    Loud {
        label: at,
        a: Noisy::new(format!("{at}.a")),
        b: Noisy::new(format!("{at}.b")),
    }
}

/// A set element: ordered and hashed by `key`, which is also its key in a path.
struct Keyed {
    key: u32,
    log: Noisy,
}

impl Layout for Keyed {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Keyed>("Keyed", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "key", &self.key);
        v.field(1, "log", &self.log);
    }
    fn write_key(&self, out: &mut String) -> bool {
        self.key.write_key(out)
    }
}

impl Keyed {
    fn new(key: u32, label: impl Into<String>) -> Self {
        Keyed {
            key,
            log: Noisy::new(label),
        }
    }
}
impl PartialEq for Keyed {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Keyed {}
impl PartialOrd for Keyed {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Keyed {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}
impl std::hash::Hash for Keyed {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

/// An enum with variant metadata, as the derive emits it.
enum Shape {
    Empty,
    One(Noisy),
    Two { x: Noisy, y: Noisy },
}

const fn noisy_field(name: &'static str) -> VariantField {
    VariantField {
        name,
        type_name: "Noisy",
        size: size_of::<Noisy>(),
        align: align_of::<Noisy>(),
        storage: Storage::Inline,
        layout: layout_of::<Noisy>,
        is_uninhabited: false,
    }
}

impl Layout for Shape {
    const LAYOUT: &'static TypeLayout = &TypeLayout {
        variants: &[
            Variant {
                name: "Empty",
                discriminant: None,
                discriminant_value: 0,
                is_uninhabited: false,
                fields: &[],
                payload_size: 0,
            },
            Variant {
                name: "One",
                discriminant: None,
                discriminant_value: 1,
                is_uninhabited: false,
                fields: &[noisy_field("0")],
                payload_size: size_of::<Noisy>(),
            },
            Variant {
                name: "Two",
                discriminant: None,
                discriminant_value: 2,
                is_uninhabited: false,
                fields: &[noisy_field("x"), noisy_field("y")],
                payload_size: 2 * size_of::<Noisy>(),
            },
        ],
        ..TypeLayout::of::<Shape>("Shape", Kind::Enum)
    };

    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        match self {
            Shape::Empty => v.variant(0, "Empty"),
            Shape::One(a) => {
                v.variant(1, "One");
                v.field(0, "0", a);
            }
            Shape::Two { x, y } => {
                v.variant(2, "Two");
                v.field(0, "x", x);
                v.field(1, "y", y);
            }
        }
    }
}

/// An enum with its own `Drop` impl and no variant metadata (a minimal hand-written impl).
enum Signal {
    Quiet(Noisy),
    Both(Noisy, Noisy),
}

impl Layout for Signal {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Signal>("Signal", Kind::Enum);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        match self {
            Signal::Quiet(a) => {
                v.variant(0, "Quiet");
                v.field(0, "0", a);
            }
            Signal::Both(a, b) => {
                v.variant(1, "Both");
                v.field(0, "0", a);
                v.field(1, "1", b);
            }
        }
    }
    fn has_drop_impl() -> bool {
        true
    }
}

impl Drop for Signal {
    fn drop(&mut self) {
        log(String::new());
    }
}

#[test]
fn a_logger_alone_runs_its_drop() {
    assert_eq!(check(Noisy::new("")), [""]);
}

#[test]
fn struct_fields_drop_in_declaration_order() {
    assert_eq!(check(pair("")), [".a", ".b"]);
}

#[test]
fn a_struct_drop_impl_runs_before_its_fields() {
    assert_eq!(check(loud("")), ["", ".a", ".b"]);
}

#[test]
fn nested_structs_with_and_without_drop_impls() {
    let value = Outer {
        first: loud(".first"),
        second: Noisy::new(".second"),
        third: pair(".third"),
    };
    assert_eq!(
        check(value),
        ["", ".first", ".first.a", ".first.b", ".second", ".third.a", ".third.b"]
    );
}

#[test]
fn enums_drop_only_the_active_variant() {
    assert!(check(Shape::Empty).is_empty());
    assert_eq!(check(Shape::One(Noisy::new(".One.0"))), [".One.0"]);
    let two = Shape::Two {
        x: Noisy::new(".Two.x"),
        y: Noisy::new(".Two.y"),
    };
    assert_eq!(check(two), [".Two.x", ".Two.y"]);
}

#[test]
fn an_enum_drop_impl_runs_before_the_variant_fields() {
    let both = Signal::Both(Noisy::new(".Both.0"), Noisy::new(".Both.1"));
    assert_eq!(check(both), ["", ".Both.0", ".Both.1"]);
    let quiet = Signal::Quiet(Noisy::new(".Quiet.0"));
    assert_eq!(check(quiet), ["", ".Quiet.0"]);
}

#[test]
fn tuples_and_arrays_drop_in_index_order() {
    let tuple = (
        Noisy::new(".0"),
        7u8,
        (Noisy::new(".2.0"), Noisy::new(".2.1")),
        String::from("x"),
    );
    assert_eq!(check(tuple), [".0", ".2.0", ".2.1"]);
    let array: [Noisy; 4] = std::array::from_fn(|i| Noisy::new(format!("[{i}]")));
    assert_eq!(check(array).len(), 4);
    let nested: [[Noisy; 2]; 2] =
        std::array::from_fn(|i| std::array::from_fn(|j| Noisy::new(format!("[{i}][{j}]"))));
    check(nested);
}

#[test]
fn options_results_and_boxes() {
    assert_eq!(check(Some(Noisy::new(".Some.0"))), [".Some.0"]);
    assert!(check(None::<Noisy>).is_empty());
    let ok: Result<Noisy, Pair> = Ok(Noisy::new(".Ok.0"));
    check(ok);
    let err: Result<Noisy, Pair> = Err(pair(".Err.0"));
    assert_eq!(check(err), [".Err.0.a", ".Err.0.b"]);
    assert_eq!(check(Box::new(Noisy::new(".*"))), [".*"]);
    assert_eq!(check(Box::new(Box::new(loud(".*.*")))).len(), 3);
    let slice: Box<[Noisy]> = (0..3).map(|i| Noisy::new(format!(".*[{i}]"))).collect();
    check(slice);
}

#[test]
fn vecs_drop_elements_in_index_order() {
    let v: Vec<Noisy> = (0..20).map(|i| Noisy::new(format!("[{i}]"))).collect();
    assert_eq!(check(v).len(), 20);
    let nested: Vec<Vec<Noisy>> = (0..3)
        .map(|i| {
            (0..i + 1)
                .map(|j| Noisy::new(format!("[{i}][{j}]")))
                .collect()
        })
        .collect();
    assert_eq!(check(nested).len(), 6);
}

#[test]
fn a_vecdeque_drops_front_to_back_across_its_two_halves() {
    let mut deque = VecDeque::with_capacity(8);
    for _ in 0..4 {
        deque.push_back(Noisy::new(""));
    }
    for _ in 0..3 {
        deque.push_front(Noisy::new(""));
    }
    let (front, back) = deque.as_slices();
    assert!(
        !front.is_empty() && !back.is_empty(),
        "the test needs a wrapped deque"
    );
    for (i, item) in deque.iter().enumerate() {
        item.relabel(format!("[{i}]"));
    }
    assert_eq!(check(deque).len(), 7);
}

#[test]
fn a_hashmap_drops_entries_in_table_order() {
    let map: HashMap<String, Noisy> = (0..40)
        .map(|i| {
            let key = format!("k{i}");
            let label = format!("[{key:?}].value");
            (key, Noisy::new(label))
        })
        .collect();
    let expected: Vec<String> = map.keys().map(|k| format!("[{k:?}].value")).collect();
    assert_eq!(check(map), expected);
    let by_number: HashMap<u32, Pair> = (0..10)
        .map(|i| (i, pair(&format!("[{i}].value"))))
        .collect();
    check(by_number);
}

#[test]
#[allow(clippy::mutable_key_type)] // `Keyed` hashes and orders by `key` only, never by its label
fn a_hashset_drops_items_in_table_order() {
    let set: HashSet<Keyed> = (0..30)
        .map(|i| Keyed::new(i, format!("[{i}].log")))
        .collect();
    assert_eq!(check(set).len(), 30);
}

#[test]
#[allow(clippy::mutable_key_type)] // as above
fn btrees_drop_in_key_order() {
    let map: BTreeMap<u32, Noisy> = [5u32, 1, 9, 3]
        .into_iter()
        .map(|k| (k, Noisy::new(format!("[{k}].value"))))
        .collect();
    assert_eq!(
        check(map),
        ["[1].value", "[3].value", "[5].value", "[9].value"]
    );
    let set: BTreeSet<Keyed> = (0..100u32)
        .rev()
        .map(|k| Keyed::new(k, format!("[{k}].log")))
        .collect();
    let observed = check(set);
    assert_eq!(observed.first().map(String::as_str), Some("[0].log"));
    assert_eq!(observed.len(), 100);
}

#[test]
fn a_linked_list_drops_front_to_back_freeing_each_node_after_its_element() {
    let list: LinkedList<Noisy> = (0..5).map(|i| Noisy::new(format!("[{i}]"))).collect();
    let order = list.drop_order();
    let actions: Vec<(String, bool)> = order
        .steps()
        .map(|s| (s.path(), s.action() == DropAction::RunsDropImpl))
        .collect();
    // Each node: the element's Drop::drop, then the node freed, at the same path.
    for (i, pair) in actions.chunks(2).enumerate() {
        assert_eq!(pair[0], (format!("[{i}]"), true));
        assert_eq!(pair[1], (format!("[{i}]"), false));
    }
    assert_eq!(check(list).len(), 5);
}

#[test]
fn a_binary_heap_drops_its_buffer_in_buffer_order() {
    let heap: BinaryHeap<Keyed> = [4u32, 8, 1, 9, 2, 7]
        .into_iter()
        .map(|k| Keyed::new(k, ""))
        .collect();
    for (i, item) in heap.as_slice().iter().enumerate() {
        item.log.relabel(format!("[{i}].log"));
    }
    assert_eq!(check(heap).len(), 6);
}

#[test]
fn rc_clones_inside_the_value_drop_the_contents_at_the_last_one() {
    let shared = Rc::new(Noisy::new("[2].*"));
    let value = vec![Rc::clone(&shared), Rc::clone(&shared), shared];
    let order = value.drop_order();
    let counts: Vec<DropAction> = order.steps().map(|s| s.action()).collect();
    assert!(matches!(counts[0], DropAction::DecrementsStrong { to: 2 }));
    assert!(matches!(counts[1], DropAction::DecrementsStrong { to: 1 }));
    assert!(matches!(counts[2], DropAction::DecrementsStrong { to: 0 }));
    assert_eq!(counts[3], DropAction::DropsSharedContents);
    assert_eq!(counts[4], DropAction::RunsDropImpl);
    assert!(matches!(counts[5], DropAction::FreesShared { .. }));
    assert_eq!(check(value), ["[2].*"]);
}

#[test]
fn an_rc_with_an_owner_outside_the_value_only_decrements() {
    let outside = Rc::new(Noisy::new("outside"));
    let value = (Rc::clone(&outside), Rc::clone(&outside));
    let order = value.drop_order();
    let last = order.steps().last().map(|s| s.action());
    assert_eq!(last, Some(DropAction::DecrementsStrong { to: 1 }));
    assert!(check(value).is_empty());
    assert_eq!(observe(move || drop(outside)), ["outside"]);
}

#[test]
fn arcs_across_nested_owners() {
    let shared = Arc::new(loud(".1.*"));
    let value = (
        Arc::clone(&shared),
        shared,
        Some(Arc::new(Noisy::new(".2.Some.0.*"))),
    );
    assert_eq!(check(value), [".1.*", ".1.*.a", ".1.*.b", ".2.Some.0.*"]);
}

#[test]
fn a_weak_inside_the_value_keeps_the_allocation_until_it_goes() {
    let strong = Rc::new(Noisy::new(".0.*"));
    let weak = Rc::downgrade(&strong);
    let value = (strong, weak);
    let order = value.drop_order();
    let actions: Vec<DropAction> = order.steps().map(|s| s.action()).collect();
    let bytes = match actions.last() {
        Some(&DropAction::FreesShared { bytes }) => bytes,
        other => panic!("expected the Weak to free the allocation last, got {other:?}"),
    };
    assert_eq!(
        actions,
        [
            DropAction::DecrementsStrong { to: 0 },
            DropAction::DropsSharedContents,
            DropAction::RunsDropImpl,
            DropAction::DecrementsWeak { to: 0 },
            DropAction::FreesShared { bytes },
        ]
    );
    assert_eq!(check(value), [".0.*"]);
}

#[test]
fn a_weak_that_outlives_the_value_frees_nothing() {
    let strong = Rc::new(Noisy::new("kept"));
    let value: Vec<rc::Weak<Noisy>> = vec![Rc::downgrade(&strong), Rc::downgrade(&strong)];
    let actions: Vec<DropAction> = value.drop_order().steps().map(|s| s.action()).collect();
    assert_eq!(
        actions[..2],
        [
            DropAction::DecrementsWeak { to: 1 },
            DropAction::DecrementsWeak { to: 0 }
        ]
    );
    assert!(!actions
        .iter()
        .any(|a| matches!(a, DropAction::FreesShared { .. })));
    assert!(check(value).is_empty());
    drop(strong);
}

#[test]
fn cells_and_locks_drop_their_contents() {
    let value = (
        RefCell::new(Noisy::new(".0.borrow()")),
        Mutex::new(pair(".1.lock()")),
    );
    assert_eq!(check(value), [".0.borrow()", ".1.lock().a", ".1.lock().b"]);
}

#[test]
fn manually_drop_drops_nothing() {
    let value = (ManuallyDrop::new(Noisy::new("leaked")), Noisy::new(".1"));
    assert_eq!(check(value), [".1"]);
}
