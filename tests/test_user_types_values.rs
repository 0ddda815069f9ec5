//! Values of the types users write, walked: heap bytes and allocations against the counting
//! allocator, the drop order's frees against the sizes the allocator sees freed (in order),
//! the `Drop::drop` steps against a drop log, and the report's root against the totals.
//! Types: recursive enums (cons lists, expression trees through `Box<Self>`), `#[repr(u8)]` and
//! packed types owning heap, const-generic arrays (`N = 0` too), `Rc<RefCell<..>>` trees with
//! `Weak` parents and an `Rc` cycle, `Arc<Mutex<..>>` and `Arc<RwLock<..>>` shared twice,
//! `Cow` both ways, nested `Vec<Vec<Option<String>>>`, a `HashMap` with a custom hasher after
//! removals, a 300,000-link list.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/checks.rs"]
mod checks;
#[path = "common/user_types.rs"]
mod user_types;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::BuildHasherDefault;
use std::marker::PhantomData;
use std::num::NonZeroU32;
use std::rc::{Rc, Weak};
use std::sync::{Arc, Mutex, RwLock};

use memlayout::{DropAction, DropOrderExt, Layout, LayoutReport};
use user_types::{Cons, Tagged};

/// Builds a value, then checks its totals and report against what the allocator handed out,
/// and its drop order's frees against the frees dropping it performs.
#[track_caller]
fn check_exact<T: Layout>(build: impl FnOnce() -> T) {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    assert!(totals.is_exact);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    let report = value.layout_report();
    assert_eq!(
        (report.totals().heap_bytes, report.totals().allocations),
        (usage.bytes, usage.allocations)
    );
    assert_eq!(report.root().heap_bytes(), usage.bytes);
    check_frees(value);
}

/// The sizes the drop order says are freed, one allocation a step, against the allocator's.
#[track_caller]
fn check_frees<T: Layout>(value: T) {
    let predicted = checks::predicted_frees(&value);
    let freed = alloc::frees_during(|| drop(value));
    assert_eq!(
        freed, predicted,
        "the allocator's frees (left) against the drop order's"
    );
}

#[derive(Layout)]
enum Expr {
    Num(i64),
    Add(Box<Self>, Box<Expr>),
    Many(Vec<Self>),
    Name(Cow<'static, str>),
}

#[test]
fn recursive_enums() {
    check_exact(|| {
        Cons::Cons(
            String::from("a"),
            Box::new(Cons::Cons("bb".into(), Box::new(Cons::Nil))),
        )
    });
    check_exact(|| Cons::<u8>::Nil);
    check_exact(|| {
        let many = Expr::Many(vec![
            Expr::Num(2),
            Expr::Name(Cow::Owned("x".repeat(9))),
            Expr::Name(Cow::Borrowed("y")),
        ]);
        Expr::Add(Box::new(Expr::Num(1)), Box::new(many))
    });
}

#[derive(Layout)]
#[repr(C, packed(2))]
struct Packed2 {
    a: u8,
    b: u64,
    c: String,
    d: Option<Box<Packed2>>,
}

#[derive(Layout)]
enum Niches {
    Inner(Option<Box<Niches>>),
    Leaf(Option<NonZeroU32>),
    Text(String),
    Nothing,
}

#[test]
fn tagged_packed_and_niche_types() {
    check_exact(|| Tagged::B {
        x: 1,
        y: String::with_capacity(17),
    });
    check_exact(|| Tagged::A(5));
    check_exact(|| Packed2 {
        a: 1,
        b: 2,
        c: String::with_capacity(10),
        d: Some(Box::new(Packed2 {
            a: 3,
            b: 4,
            c: "inner".into(),
            d: None,
        })),
    });
    check_exact(|| {
        Niches::Inner(Some(Box::new(Niches::Inner(Some(Box::new(Niches::Text(
            "abc".into(),
        )))))))
    });
    check_exact(|| Niches::Leaf(NonZeroU32::new(1)));
}

#[derive(Layout)]
struct Grid<T, const N: usize> {
    cells: [T; N],
    marker: PhantomData<T>,
}

#[test]
fn const_generic_arrays_of_every_length() {
    check_exact(|| Grid::<String, 0> {
        cells: [],
        marker: PhantomData,
    });
    check_exact(|| Grid::<String, 1> {
        cells: ["one".into()],
        marker: PhantomData,
    });
    check_exact(|| Grid::<Vec<u16>, 3> {
        cells: [vec![1], Vec::new(), Vec::with_capacity(9)],
        marker: PhantomData,
    });
    check_exact(|| Grid::<Option<Box<u64>>, 4> {
        cells: [None, Some(Box::new(1)), None, Some(Box::new(2))],
        marker: PhantomData,
    });
}

#[derive(Layout)]
struct TreeNode {
    name: String,
    children: Vec<Rc<RefCell<TreeNode>>>,
    parent: Option<Weak<RefCell<TreeNode>>>,
}

fn tree_node(name: &str, parent: Option<&Rc<RefCell<TreeNode>>>) -> Rc<RefCell<TreeNode>> {
    let node = Rc::new(RefCell::new(TreeNode {
        name: name.into(),
        children: Vec::new(),
        parent: parent.map(Rc::downgrade),
    }));
    if let Some(parent) = parent {
        parent.borrow_mut().children.push(node.clone());
    }
    node
}

#[test]
fn rc_trees_with_weak_parents() {
    check_exact(|| {
        let root = tree_node("root", None);
        let left = tree_node("left", Some(&root));
        tree_node("left.a", Some(&left));
        tree_node("right", Some(&root));
        root
    });
}

#[derive(Layout)]
struct Ring {
    name: String,
    next: RefCell<Option<Rc<Ring>>>,
}

#[test]
fn an_rc_cycle_is_counted_once_and_dropping_it_leaks_everything() {
    let (a, usage) = alloc::measure(|| {
        let a = Rc::new(Ring {
            name: "a".into(),
            next: RefCell::new(None),
        });
        let b = Rc::new(Ring {
            name: "bb".into(),
            next: RefCell::new(Some(a.clone())),
        });
        *a.next.borrow_mut() = Some(b);
        a
    });
    let totals = memlayout::totals(&a);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    let order = a.drop_order();
    assert_eq!(order.leaked(), (usage.bytes, usage.allocations));
    assert_eq!(order.len(), 1, "only the strong count falls: {order}");
    drop(order);
    // Dropping `a` frees nothing; break the cycle so the test leaks nothing.
    let ring_tail = a.next.borrow_mut().take();
    assert_eq!(
        alloc::frees_during(|| drop(ring_tail)),
        [2, size_of_rc_box::<Ring>()]
    );
}

fn size_of_rc_box<T>() -> usize {
    std::mem::size_of::<T>() + 2 * std::mem::size_of::<usize>()
}

#[derive(Layout)]
struct SharedState {
    counter: Arc<Mutex<String>>,
    table: Arc<RwLock<HashMap<u8, String>>>,
    also_table: Arc<RwLock<HashMap<u8, String>>>,
    borrowed: Cow<'static, [u8]>,
    owned: Cow<'static, str>,
    nested: Vec<Vec<Option<String>>>,
}

fn shared_state() -> SharedState {
    let table = Arc::new(RwLock::new(HashMap::from([
        (1, "one".to_string()),
        (2, String::new()),
    ])));
    SharedState {
        counter: Arc::new(Mutex::new("x".repeat(40))),
        also_table: table.clone(),
        table,
        borrowed: Cow::Borrowed(b"static"),
        owned: Cow::Owned(String::with_capacity(5)),
        nested: vec![
            vec![Some("a".into()), None, Some(String::new())],
            Vec::with_capacity(2),
            Vec::new(),
        ],
    }
}

#[test]
fn shared_locks_cows_and_nested_options() {
    check_exact(shared_state);
}

#[test]
fn a_write_locked_part_makes_the_figures_lower_bounds() {
    let (state, usage) = alloc::measure(shared_state);
    {
        let _guard = state.table.write().unwrap();
        let totals = memlayout::totals(&state);
        assert!(!totals.is_exact && totals.unreadable == 1);
        assert!(totals.heap_bytes_low < usage.bytes);
        assert_eq!(totals.heap_bytes_high, usize::MAX);
        let budget = [(memlayout::budget::Figure::Heap, 1 << 30)];
        assert!(memlayout::budget::check("state", &state, &budget).is_err());
    }
    let totals = memlayout::totals(&state);
    assert_eq!((totals.heap_bytes, totals.is_exact), (usage.bytes, true));
}

#[derive(Layout)]
struct Collections {
    by_name: HashMap<String, Vec<u8>, BuildHasherDefault<DefaultHasher>>,
    seen: HashSet<Box<str>>,
    queue: VecDeque<String>,
}

#[test]
fn maps_with_a_custom_hasher_after_removals() {
    // Removals leave tombstones, which can hide the table's size: the figure is exact, or an
    // estimate whose bounds hold the allocator's (README, Limits).
    for (inserted, removed) in [(0, 0), (3, 0), (20, 15), (100, 99), (100, 100)] {
        let (value, usage) = alloc::measure(|| {
            let mut by_name: HashMap<String, Vec<u8>, BuildHasherDefault<DefaultHasher>> =
                HashMap::default();
            for i in 0..inserted {
                by_name.insert(i.to_string(), vec![0; i]);
            }
            for i in 0..removed {
                by_name.remove(&i.to_string());
            }
            let seen = (0..inserted % 7)
                .map(|i| i.to_string().into_boxed_str())
                .collect();
            let mut queue = VecDeque::with_capacity(5);
            queue.push_back("x".into());
            queue.push_front("yy".into());
            Collections {
                by_name,
                seen,
                queue,
            }
        });
        let totals = memlayout::totals(&value);
        assert_eq!(totals.allocations, usage.allocations);
        if totals.is_exact {
            assert_eq!(totals.heap_bytes, usage.bytes, "{inserted} - {removed}");
        } else {
            let bounds = totals.heap_bytes_low..=totals.heap_bytes_high;
            assert!(
                bounds.contains(&usage.bytes),
                "{inserted} - {removed}: {bounds:?}"
            );
        }
        assert_eq!(value.layout_report().totals().heap_bytes, totals.heap_bytes);
    }
}

thread_local! {
    static DROPS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

#[derive(Layout)]
#[layout(drop_impl)]
struct Logged<T> {
    label: String,
    inner: T,
}

impl<T> Drop for Logged<T> {
    fn drop(&mut self) {
        DROPS.with(|d| d.borrow_mut().push(self.label.clone()));
    }
}

#[test]
fn drop_impls_run_where_the_drop_order_says() {
    let value = Logged {
        label: "".into(),
        inner: vec![
            Logged {
                label: ".inner[0]".into(),
                inner: Some(Box::new(Logged {
                    label: ".inner[0].inner.Some.0.*".into(),
                    inner: (),
                })),
            },
            Logged {
                label: ".inner[1]".into(),
                inner: None,
            },
        ],
    };
    let predicted: Vec<String> = value
        .drop_order()
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect();
    DROPS.with(|d| d.borrow_mut().clear());
    check_frees(value);
    assert_eq!(DROPS.with(|d| d.take()), predicted);
}

#[derive(Layout)]
struct Link {
    value: u64,
    next: Option<Box<Self>>,
}

#[test]
fn a_long_list_is_walked_without_overflowing_the_stack() {
    let (mut head, usage) = alloc::measure(|| {
        let mut head = None;
        for value in 0..300_000 {
            head = Some(Box::new(Link { value, next: head }));
        }
        head
    });
    let totals = memlayout::totals(&head);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    let report = head.layout_report();
    assert_eq!(report.totals().heap_bytes, usage.bytes);
    assert_eq!(report.totals().max_indirection, 300_000);
    let order = head.drop_order();
    assert_eq!(order.len(), 300_000);
    drop((order, report));
    // Dropped link by link: the derived type has no `Drop` that would recurse.
    while let Some(mut link) = head {
        head = link.next.take();
    }
}

#[derive(Layout)]
enum Json {
    Null,
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(std::collections::BTreeMap<String, Json>),
}

/// A JSON-like document whose objects hold `len` entries, each object one level deeper.
fn document(len: usize, depth: usize) -> Json {
    if depth == 0 {
        return Json::Arr(vec![Json::Num(1.0), Json::Str("leaf".into()), Json::Null]);
    }
    Json::Obj(
        (0..len)
            .map(|i| (format!("key{i}"), document(len, depth - 1)))
            .collect(),
    )
}

#[test]
fn b_trees_whose_invariants_leave_one_shape_are_exact() {
    // Up to ten entries, the B-tree invariants leave one shape: a single root leaf. Built by
    // `collect`, by inserts, or shrunk by removals, the figure is the allocator's, and so is
    // each free of the drop order.
    for len in [1, 2, 10] {
        check_exact(|| document(len, 2));
        check_exact(|| {
            let mut map = std::collections::BTreeMap::new();
            for i in 0..40 {
                map.insert(i, i.to_string());
            }
            map.retain(|k, _| *k < len);
            map
        });
    }
    // Twelve entries: two leaves under a root, three allocations, bytes exact. The depth is
    // not: its keys own strings, and which keys sit in the leaves (a hop deeper) is not known.
    let (twelve, usage) = alloc::measure(|| document(12, 1));
    let totals = memlayout::totals(&twelve);
    assert!(totals.is_exact && !totals.indirection_is_exact);
    assert_eq!(totals.heap_bytes_low, totals.heap_bytes_high);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    // Eleven entries fit one full leaf or two half-full ones: bounds that hold the truth.
    for len in [11, 100] {
        let (map, usage) = alloc::measure(|| document(len, 1));
        let totals = memlayout::totals(&map);
        assert!(!totals.is_exact);
        assert!((totals.heap_bytes_low..=totals.heap_bytes_high).contains(&usage.bytes));
    }
}
