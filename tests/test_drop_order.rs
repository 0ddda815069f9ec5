//! Drop order, predicted and observed: values built from drop-logging types are walked by
//! `drop_order()`, then really dropped; the `RunsDropImpl` steps must name exactly the loggers
//! that log, in the order they log.
//!
//! Each logger is labelled with the path where the test puts it (computed from how the value
//! is built: an index in `as_slice()`, a map key), so a prediction that gets the order or the
//! place wrong fails.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::mem::{align_of, size_of, ManuallyDrop};
use std::rc::{self, Rc};
use std::sync::{Arc, Mutex};

use memlayout::layout::{layout_of, Variant, VariantField};
use memlayout::{
    DropAction, DropOptions, DropOrderExt, Kind, Layout, Storage, TypeLayout, Visitor,
};

thread_local! {
    /// What the loggers on this thread logged, in drop order.
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn log(label: String) {
    LOG.with(|log| log.borrow_mut().push(label));
}

/// Runs `f` and returns what was logged meanwhile.
fn observe(f: impl FnOnce()) -> Vec<String> {
    LOG.with(|log| log.borrow_mut().clear());
    f();
    LOG.with(|log| log.take())
}

/// The paths of the predicted `Drop::drop` calls, in order.
fn predicted<T: Layout + ?Sized>(value: &T) -> Vec<String> {
    value
        .drop_order()
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect()
}

/// Predicts, drops, compares step by step; returns the observed log.
#[track_caller]
fn check<T: Layout>(value: T) -> Vec<String> {
    let predicted = predicted(&value);
    let observed = observe(move || drop(value));
    assert_eq!(
        predicted, observed,
        "predicted drop order (left) differs from the real one"
    );
    observed
}

/// A drop logger: logs its label (the path where the test put it) when dropped.
struct Noisy {
    /// A `Mutex` (not a `RefCell`) so loggers can sit in an `Arc`.
    label: Mutex<String>,
}

impl Noisy {
    fn new(label: impl Into<String>) -> Self {
        Noisy {
            label: Mutex::new(label.into()),
        }
    }

    /// Sets the label once the logger's place is known (its index in a heap's buffer).
    fn relabel(&self, label: impl Into<String>) {
        if let Ok(mut old) = self.label.lock() {
            *old = label.into();
        }
    }
}

impl Drop for Noisy {
    fn drop(&mut self) {
        let label = self.label.get_mut().map(std::mem::take).unwrap_or_default();
        log(label);
    }
}

/// The label is test bookkeeping, not walked: the logger's only step is its `Drop::drop`.
impl Layout for Noisy {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Noisy>("Noisy", Kind::Other);
    fn has_drop_impl() -> bool {
        true
    }
}

/// A hand-written `Layout` for a struct: its fields in declaration order.
macro_rules! hand_layout {
    ($t:ident, drop_impl = $drop:expr, [$($field:tt),*]) => {
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::Struct);
            fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
                $(v.field(0, stringify!($field), &self.$field);)*
            }
            fn has_drop_impl() -> bool {
                $drop
            }
        }
    };
}

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

/// A list whose nodes are walked past the visitor's stack limit (64 levels): the trampoline
/// must keep every step in order, including the `Rc` count simulation.
struct Node {
    log: Noisy,
    shared: Option<Rc<Noisy>>,
    next: Option<Box<Node>>,
}
hand_layout!(Node, drop_impl = false, [log, shared, next]);

fn chain(len: usize, shared: Option<&Rc<Noisy>>) -> (Option<Box<Node>>, Vec<String>) {
    let mut paths = Vec::with_capacity(len);
    let mut at = String::from(".Some.0.*");
    for _ in 0..len {
        paths.push(at.clone());
        at.push_str(".next.Some.0.*");
    }
    let mut head: Option<Box<Node>> = None;
    for i in (0..len).rev() {
        head = Some(Box::new(Node {
            log: Noisy::new(format!("{}.log", paths[i])),
            shared: shared.filter(|_| i % 3 == 0).map(Rc::clone),
            next: head,
        }));
    }
    (head, paths)
}

#[test]
fn deep_chains_keep_drop_order_past_the_stack_limit() {
    let len = 300;
    let shared = Rc::new(Noisy::new(""));
    let (head, paths) = chain(len, Some(&shared));
    // The last clone in drop order (pre-order: each node before its successor) sits at the
    // deepest node whose index is a multiple of 3.
    let last_owner = (0..len).rev().find(|i| i % 3 == 0).unwrap_or(0);
    shared.relabel(format!("{}.shared.Some.0.*", paths[last_owner]));
    drop(shared);
    let order = head.drop_order();
    assert!(order.max_recursion_depth() > 3 * len);
    let observed = check(head);
    assert_eq!(observed.len(), len + 1);
}

#[test]
fn steps_past_the_stack_limit_come_in_the_same_order_as_on_the_stack() {
    // A tail of the chain walked from the root (trampolined past 64 levels) and the same tail
    // walked on its own (trampolined from a different level) give the same steps.
    let (head, paths) = chain(200, None);
    let steps =
        |order: &memlayout::DropOrder, prefix: &str| -> Vec<(String, DropAction, &'static str)> {
            order
                .steps()
                .map(|s| {
                    (
                        format!("{prefix}{}", s.path()),
                        s.action(),
                        s.full_type_name(),
                    )
                })
                .collect()
        };
    let whole = head.drop_order();
    let mut at = head.as_deref();
    for _ in 0..50 {
        at = at.and_then(|n| n.next.as_deref());
    }
    let tail = at.map(|n| &n.next).expect("a chain of 200");
    let prefix = format!("{}.next", paths[50]);
    let from_tail = steps(&tail.drop_order(), &prefix);
    let in_whole: Vec<_> = steps(&whole, "")
        .into_iter()
        .filter(|(path, _, _)| path.starts_with(&prefix))
        .collect();
    assert_eq!(from_tail.len(), 2 * 149);
    assert_eq!(in_whole, from_tail);
    check(head);
}

#[test]
#[cfg_attr(miri, ignore)] // a million steps: too slow under Miri
fn a_million_node_chain_on_a_small_thread() {
    // Dropping the chain with std's glue would overflow; the list tears itself down in a loop.
    struct List {
        head: Option<Box<Link>>,
    }
    struct Link {
        value: u64,
        next: Option<Box<Link>>,
    }
    hand_layout!(Link, drop_impl = false, [value, next]);
    impl Drop for List {
        fn drop(&mut self) {
            let mut at = self.head.take();
            while let Some(mut link) = at {
                at = link.next.take();
            }
        }
    }
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let n = 1_000_000u64;
            let mut list = List { head: None };
            for value in 0..n {
                list.head = Some(Box::new(Link {
                    value,
                    next: list.head.take(),
                }));
            }
            let order = list.head.drop_order();
            let frees = order
                .steps()
                .filter(|s| matches!(s.action(), DropAction::FreesHeap { bytes, .. } if bytes == size_of::<Link>()))
                .count();
            let text = order.to_string();
            (order.len(), frees, order.max_recursion_depth(), text.lines().count(), text)
        })
        .expect("spawn");
    let (len, frees, depth, lines, text) = handle.join().expect("walk on a 2 MiB thread");
    assert_eq!((len, frees), (1_000_000, 1_000_000));
    // Option, Box and Link per node, then the last link's empty `next`.
    assert_eq!(depth, 3_000_001);
    assert!(lines < 1_100, "{lines} lines");
    assert!(text.contains("warning: dropping this value nests 3,000,001 drops deep"));
    assert!(text.contains("iterative Drop impl"));
    assert!(
        text.contains("... 999,000 more steps ..."),
        "{}",
        &text[..2000]
    );
}

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
