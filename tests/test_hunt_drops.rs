//! Hunt 11a, drop steps of types shaped like other people's code: derived types with their own
//! `Drop` on the outer type and on fields, `ManuallyDrop` fields, `Option<Box<_>>` chains,
//! boxed trait objects, tuples and arrays of droppers, enums whose variants hold droppers,
//! shared `Rc`s, cycles, zero-sized droppers, cells and locks. Every predicted `Drop::drop`
//! (path and address) and free (size, in order) is compared with what the real drop does:
//! droppers log their own address, the counting allocator logs the frees.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;

use hunt::*;

#[derive(Layout)]
struct Connection {
    id: D,
    buffer: Vec<u8>,
    peer: Option<Box<D>>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<connection>".into(), 0)));
    }
}

#[test]
fn own_drop_impls_on_outer_and_fields() {
    let order = Connection {
        id: d(".id"),
        buffer: vec![1, 2, 3],
        peer: Some(Box::new(d(".peer.Some.0.*"))),
    }
    .drop_order();
    assert_eq!(order.step(0).unwrap().action(), DropAction::RunsDropImpl);
    assert_eq!(order.step(0).unwrap().path(), "");
    let observed = {
        let value = Connection {
            id: d(".id"),
            buffer: vec![1, 2, 3],
            peer: Some(Box::new(d(".peer.Some.0.*"))),
        };
        let mut value = ManuallyDrop::new(value);
        let order = (*value).drop_order();
        let frees = predicted_frees(&order);
        DROPS.with(|log| log.borrow_mut().clear());
        let observed_frees = alloc::frees_during(|| {
            // SAFETY: dropped once, here.
            unsafe { ManuallyDrop::drop(&mut value) }
        });
        assert_eq!(frees, observed_frees, "{order:#}");
        let predicted: Vec<String> = order
            .steps()
            .filter(|s| s.action() == DropAction::RunsDropImpl)
            .map(|s| s.path())
            .collect();
        let observed: Vec<String> = DROPS
            .with(|log| log.take())
            .into_iter()
            .map(|(l, _)| {
                if l == "<connection>" {
                    String::new()
                } else {
                    l
                }
            })
            .collect();
        assert_eq!(predicted, observed, "{order:#}");
        observed
    };
    assert_eq!(observed.len(), 3);
}

#[derive(Layout)]
struct Guarded {
    first: D,
    kept: ManuallyDrop<D>,
    owned: ManuallyDrop<String>,
    last: D,
}

#[test]
fn manually_drop_fields() {
    let value = Guarded {
        first: d(".first"),
        kept: ManuallyDrop::new(d("never")),
        owned: ManuallyDrop::new(String::from("leaks")),
        last: d(".last"),
    };
    let order = value.drop_order();
    assert_eq!(order.leaked().0, 5, "{order:#}");
    let observed = check_drop(value);
    assert_eq!(observed, [".first", ".last"]);
}

#[test]
fn option_box_chains() {
    let chain = Node {
        item: d(".item"),
        next: Some(Box::new(Node {
            item: d(".next.Some.0.*.item"),
            next: Some(Box::new(Node {
                item: d(".next.Some.0.*.next.Some.0.*.item"),
                next: None,
            })),
        })),
    };
    check_drop(chain);
}

#[test]
fn vec_of_boxed_trait_objects() {
    let plugins: Vec<Box<dyn Plugin>> = vec![
        Box::new(Named(d("p0"), "zero".into())),
        Box::new(Named(d("p1"), String::new())),
    ];
    let order = plugins.drop_order();
    // The boxes' allocations are freed in index order, then the vector's buffer; the contents
    // are opaque (one step each), so their own frees are not predicted.
    let frees: Vec<usize> = predicted_frees(&order);
    let mut plugins = ManuallyDrop::new(plugins);
    let observed = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut plugins) }
    });
    let boxes = size_of::<Named>();
    let buffer = 2 * size_of::<Box<dyn Plugin>>();
    assert_eq!(observed, [4, boxes, boxes, buffer]);
    assert_eq!(frees, [boxes, boxes, buffer], "{order:#}");
}

#[test]
fn tuples_and_arrays_of_droppers() {
    let value = (d(".0"), [d(".1[0]"), d(".1[1]"), d(".1[2]")], d(".2"));
    check_drop(value);
    let boxed = Box::new([d(".*[0]"), d(".*[1]")]);
    check_drop(boxed);
    let nested = vec![
        vec![d("[0][0]"), d("[0][1]")],
        vec![],
        Vec::with_capacity(3),
        vec![d("[3][0]")],
    ];
    check_drop(nested);
}

#[derive(Layout)]
enum Job {
    Idle,
    Running(D, D),
    Done { result: D, logs: Vec<D> },
}

#[test]
fn enums_drop_only_the_live_variant() {
    check_drop(Job::Idle);
    check_drop(Job::Running(d(".Running.0"), d(".Running.1")));
    check_drop(Job::Done {
        result: d(".Done.result"),
        logs: vec![d(".Done.logs[0]"), d(".Done.logs[1]")],
    });
    check_drop(vec![
        Job::Running(d("[0].Running.0"), d("[0].Running.1")),
        Job::Idle,
        Job::Done {
            result: d("[2].Done.result"),
            logs: Vec::new(),
        },
    ]);
    check_drop(Some(Either::<D, Box<D>>::Right(Box::new(d(
        ".Some.0.Right.0.*",
    )))));
}

#[test]
fn rc_shared_twice_and_weak() {
    let rc = Rc::new(d(".second.*"));
    let value = Shared {
        first: rc.clone(),
        weak: Rc::downgrade(&rc),
        second: rc,
    };
    check_drop(value);
    // The weak handle last: the contents drop at the last strong handle, the allocation is
    // freed by the weak one.
    #[derive(Layout)]
    struct WeakLast {
        strong: Rc<D>,
        weak: Weak<D>,
    }
    let rc = Rc::new(d(".strong.*"));
    check_drop(WeakLast {
        weak: Rc::downgrade(&rc),
        strong: rc,
    });
    let rc = Rc::new(d(".1.*"));
    let (w1, w2) = (Rc::downgrade(&rc), Rc::downgrade(&rc));
    check_drop((w1, rc, w2));
}

#[test]
fn shared_slices_and_arcs() {
    let slice: Rc<[D]> = Rc::from(vec![d(".*[0]"), d(".*[1]")]);
    check_drop(slice);
    let text: Rc<str> = Rc::from("shared text");
    check_drop((text.clone(), text));
    let arc = Arc::new(d(".1.*"));
    check_drop((arc.clone(), arc));
    let boxed: Box<[D]> = vec![d(".*[0]")].into_boxed_slice();
    check_drop(boxed);
    check_drop(Box::new(Box::new(d(".*.*"))));
    check_drop(Box::new((d(".*.0"), vec![d(".*.1[0]")])));
}

#[test]
fn an_outside_handle_keeps_the_contents() {
    let rc = Rc::new(d("outside"));
    let inside = (rc.clone(), Some(rc.clone()));
    let order = inside.drop_order();
    assert!(
        order.steps().all(|s| !matches!(
            s.action(),
            DropAction::DropsSharedContents | DropAction::FreesShared { .. }
        )),
        "{order:#}"
    );
    assert!(check_drop(inside).is_empty());
    assert_eq!(Rc::strong_count(&rc), 1);
}

#[derive(Layout)]
struct TreeNode {
    name: D,
    parent: RefCell<Weak<TreeNode>>,
    children: RefCell<Vec<Rc<TreeNode>>>,
}

#[test]
fn parent_child_tree_with_weak_parents() {
    let leaf = Rc::new(TreeNode {
        name: d(".children.borrow()[0].*.name"),
        parent: RefCell::new(Weak::new()),
        children: RefCell::new(vec![]),
    });
    let root = Rc::new(TreeNode {
        name: d(".name"),
        parent: RefCell::new(Weak::new()),
        children: RefCell::new(vec![leaf.clone()]),
    });
    *leaf.parent.borrow_mut() = Rc::downgrade(&root);
    drop(leaf);
    let root = Rc::try_unwrap(root).ok().expect("one strong handle");
    check_drop(root);
}

#[derive(Layout)]
#[layout(drop_impl)]
struct Pool<T: Layout> {
    items: Vec<T>,
    spare: Option<T>,
}

impl<T: Layout> Drop for Pool<T> {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<pool>".into(), 0)));
    }
}

#[derive(Layout)]
enum Loud {
    Quiet,
    Loud(D, Vec<D>),
}

impl Drop for Loud {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<loud>".into(), 0)));
    }
}

/// Like `check_drop`, but every `Drop::drop` counts, the markers `<...>` standing for the
/// outer types' own impls (whose path is given).
#[track_caller]
fn check_all_drops<T: Layout>(value: T, markers: &[(&str, &str)]) {
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted: Vec<String> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect();
    let frees = predicted_frees(&order);
    DROPS.with(|log| log.borrow_mut().clear());
    let observed_frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    // Each marker stands for the next of its paths, in the order given.
    let mut markers = markers.to_vec();
    let observed: Vec<String> = DROPS
        .with(|log| log.take())
        .into_iter()
        .map(
            |(label, _)| match markers.iter().position(|(m, _)| *m == label) {
                Some(i) => markers.remove(i).1.to_string(),
                None => label,
            },
        )
        .collect();
    assert_eq!(predicted, observed, "{order:#}");
    assert_eq!(frees, observed_frees, "{order:#}");
}

#[test]
fn own_drop_impls_on_generic_types_and_enums() {
    check_all_drops(
        Pool {
            items: vec![d(".items[0]"), d(".items[1]")],
            spare: Some(d(".spare.Some.0")),
        },
        &[("<pool>", "")],
    );
    check_all_drops(
        Loud::Loud(d(".Loud.0"), vec![d(".Loud.1[0]")]),
        &[("<loud>", "")],
    );
    check_all_drops(Loud::Quiet, &[("<loud>", "")]);
    check_all_drops(
        vec![Loud::Quiet, Loud::Loud(d("[1].Loud.0"), vec![])],
        &[("<loud>", "[0]"), ("<loud>", "[1]")],
    );
}

#[test]
fn options_arrays_and_collections_of_droppers() {
    check_drop([Some(d("[0].Some.0")), None, Some(d("[2].Some.0"))]);
    check_drop([[d("[0][0]"), d("[0][1]")], [d("[1][0]"), d("[1][1]")]]);
    check_drop(vec![Some(Box::new(d("[0].Some.0.*"))), None]);
    let mut deque: VecDeque<D> = VecDeque::with_capacity(4);
    deque.push_back(d("x"));
    deque.push_back(d("x"));
    deque.push_back(d("x"));
    deque.pop_front();
    deque.push_back(d("x"));
    deque.push_back(d("x"));
    let labels = ["[0]", "[1]", "[2]", "[3]"];
    let mut relabelled = VecDeque::with_capacity(4);
    for (item, label) in deque.drain(..).zip(labels) {
        std::mem::forget(item);
        relabelled.push_back(d(label));
    }
    check_drop(relabelled);
    let mut map = HashMap::new();
    map.insert(7u32, d("[7].value"));
    map.insert(9u32, d("[9].value"));
    check_drop(map);
    check_drop(Rc::new(RefCell::new(vec![d(".*.borrow()[0]")])));
}

#[test]
fn what_a_drop_leaves_allocated() {
    check_leaked(Guarded {
        first: d("a"),
        kept: ManuallyDrop::new(d("b")),
        owned: ManuallyDrop::new(String::from("leaks")),
        last: d("c"),
    });
    check_leaked(vec![
        ManuallyDrop::new(vec![1u8, 2, 3]),
        ManuallyDrop::new(Vec::new()),
    ]);
    check_leaked(Some(ManuallyDrop::new(Box::new(String::from("inner")))));
    check_leaked((String::from("x"), ManuallyDrop::new(Rc::new(5u8))));
}

thread_local! {
    static ZST_DROPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A zero-sized dropper: counts its drops.
#[derive(Layout)]
struct Z;

impl Drop for Z {
    fn drop(&mut self) {
        ZST_DROPS.with(|n| n.set(n.get() + 1));
    }
}

/// Predicts, drops in place, compares the number of `Z` drops and every free.
#[track_caller]
fn check_zst_drop<T: Layout>(value: T) {
    let heap = check_heap_of(&value);
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl && s.type_name() == "Z")
        .count();
    let frees = predicted_frees(&order);
    ZST_DROPS.with(|n| n.set(0));
    let observed_frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    assert_eq!(predicted, ZST_DROPS.with(|n| n.get()), "{order:#}");
    assert_eq!(frees, observed_frees, "frees (left: predicted)\n{order:#}");
    assert_eq!(heap, observed_frees.iter().sum::<usize>(), "{order:#}");
}

/// The heap of an already built value: every test value here was built from nothing on the
/// heap, so the allocator's live bytes before and after dropping a clone are not needed; the
/// value's frees (checked by the caller) are the ground truth. Returns memlayout's figure.
fn check_heap_of<T: Layout>(value: &T) -> usize {
    memlayout::heap_bytes(value)
}

#[test]
fn zero_sized_droppers_and_blocks() {
    check_zst_drop(Box::new(Z));
    check_zst_drop(vec![Z, Z, Z]);
    check_zst_drop([Z, Z]);
    check_zst_drop((Z, Box::new(Z), vec![Z]));
    check_zst_drop(Some(Box::new(Z)));
    check_zst_drop(Rc::new(Z));
    check_zst_drop(Rc::new([Z, Z]));
    check_zst_drop(vec![Box::new(Z), Box::new(Z)]);
    check_zst_drop(Box::new([Z, Z]) as Box<[Z]>);
    check_zst_drop(Vec::<Z>::with_capacity(10));
    check_zst_drop(VecDeque::from([Z, Z]));
    let empty: Rc<[Z]> = Rc::from(Vec::new());
    check_zst_drop(empty);
    check_zst_drop(Box::new(()));
    check_zst_drop(Box::<[u64]>::from([]));
    check_zst_drop(Box::<str>::from(""));
    check_zst_drop(Arc::new(()));
}

#[test]
fn zero_sized_heap_figures() {
    let b = check_heap(|| Box::new(Z));
    drop(b);
    drop(check_heap(|| vec![Z, Z]));
    drop(check_heap(|| Box::new([(); 4])));
    drop(check_heap(|| vec![Box::new(()), Box::new(())]));
    drop(check_heap(|| Rc::new(())));
    drop(check_heap(|| Some(Box::new(Z))));
    drop(check_heap(|| Box::<[u8]>::from([])));
    drop(check_heap(|| VecDeque::<()>::with_capacity(5)));
    drop(check_heap(|| HashMap::<(), ()>::from([((), ())])));
}

#[derive(Layout)]
#[repr(packed)]
#[allow(clippy::repr_packed_without_abi)]
struct PackedDroppers {
    tag: u8,
    first: D,
    text: String,
}

#[test]
fn packed_droppers() {
    let value = PackedDroppers {
        tag: 1,
        first: d(".first"),
        text: String::from("abc"),
    };
    let order = value.drop_order();
    let predicted: Vec<String> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect();
    let frees = predicted_frees(&order);
    DROPS.with(|log| log.borrow_mut().clear());
    let observed_frees = alloc::frees_during(|| drop(value));
    let observed: Vec<String> = DROPS
        .with(|log| log.take())
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(predicted, observed, "{order:#}");
    assert_eq!(frees, observed_frees, "{order:#}");
}

#[derive(Layout)]
struct Registry {
    all: Rc<Vec<Rc<D>>>,
    favourite: Rc<D>,
    again: Rc<Vec<Rc<D>>>,
}

#[derive(Layout)]
struct Cyclic {
    label: D,
    next: RefCell<Option<Rc<Cyclic>>>,
}

#[test]
fn shared_handles_inside_shared_contents() {
    let favourite = Rc::new(d(".again.*[1].*"));
    let all = Rc::new(vec![Rc::new(d(".again.*[0].*")), favourite.clone()]);
    check_drop(Registry {
        all: all.clone(),
        favourite,
        again: all,
    });
    // The field comes before the vector's last handle, which drops the favourite.
    let favourite = Rc::new(d(".again.*[0].*"));
    let all = Rc::new(vec![favourite.clone()]);
    check_drop(Registry {
        all: all.clone(),
        again: all,
        favourite,
    });
    let shared = Arc::new(std::sync::Mutex::new(vec![d(".1.*.lock()[0]")]));
    check_drop((shared.clone(), shared));
}

#[test]
fn rc_cycles_drop_nothing_and_leak() {
    let a = Rc::new(Cyclic {
        label: d("a"),
        next: RefCell::new(None),
    });
    let b = Rc::new(Cyclic {
        label: d("b"),
        next: RefCell::new(Some(a.clone())),
    });
    *a.next.borrow_mut() = Some(b);
    let order = a.drop_order();
    let (leaked, allocations) = order.leaked();
    assert_eq!(
        (leaked, allocations),
        (2 * size_of::<Cyclic>() + 2 * 2 * size_of::<usize>(), 2),
        "{order:#}"
    );
    assert!(check_drop(a).is_empty());
}

#[derive(Layout)]
struct SelfAware {
    item: D,
    me: Weak<SelfAware>,
    extra: Option<Rc<D>>,
}

#[derive(Layout)]
struct ArcSelf {
    me: std::sync::Weak<ArcSelf>,
    item: D,
}

#[test]
fn new_cyclic_self_references() {
    let rc = Rc::new_cyclic(|me| SelfAware {
        item: d(".*.item"),
        me: me.clone(),
        extra: Some(Rc::new(d(".*.extra.Some.0.*"))),
    });
    check_drop(rc);
    let rc = Rc::new_cyclic(|me| SelfAware {
        item: d(".0.*.item"),
        me: me.clone(),
        extra: None,
    });
    let weak = Rc::downgrade(&rc);
    check_drop((rc, weak));
    let arc = Arc::new_cyclic(|me| ArcSelf {
        me: me.clone(),
        item: d(".1.*.item"),
    });
    check_drop((Arc::downgrade(&arc), arc));
}

#[derive(Layout)]
enum MaybeKept {
    Kept(ManuallyDrop<String>),
    Dropped(String),
}

#[derive(Layout)]
enum AllKept {
    Kept(ManuallyDrop<Vec<u32>>),
    Small(u8),
}

#[test]
fn forgotten_parts_of_enums_and_boxes() {
    check_leaked(MaybeKept::Kept(ManuallyDrop::new(String::from("kept"))));
    check_leaked(MaybeKept::Dropped(String::from("dropped")));
    check_leaked(AllKept::Kept(ManuallyDrop::new(vec![1, 2, 3])));
    check_leaked(AllKept::Small(1));
    check_leaked(vec![
        AllKept::Kept(ManuallyDrop::new(vec![1])),
        AllKept::Small(2),
    ]);
    check_leaked(Box::new(ManuallyDrop::new(String::from("boxed"))));
    check_leaked(Rc::new(ManuallyDrop::new(String::from("shared"))));
    check_leaked(Some(ManuallyDrop::new(vec![
        String::from("a"),
        String::from("b"),
    ])));
    check_leaked(ManuallyDrop::new(Rc::new(String::from("counted"))));
    let rc = Rc::new(String::from("twice"));
    check_leaked((ManuallyDrop::new(rc.clone()), rc));
}

/// `check_drop` without the frees: for values that free several blocks in one step.
#[track_caller]
fn check_drop_calls<T: Layout>(value: T) {
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted: Vec<(String, usize)> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| (s.path(), s.address().expect("an address")))
        .collect();
    DROPS.with(|log| log.borrow_mut().clear());
    // SAFETY: dropped once, here.
    unsafe { ManuallyDrop::drop(&mut value) };
    let observed = DROPS.with(|log| log.take());
    assert_eq!(predicted, observed, "{order:#}");
}

#[test]
fn droppers_in_ordered_and_linked_collections() {
    use std::collections::{BTreeMap, BinaryHeap, LinkedList};
    let mut map = BTreeMap::new();
    for k in [5u32, 1, 3] {
        map.insert(k, d(&format!("[{k}].value")));
    }
    check_drop_calls(map);
    let mut big = BTreeMap::new();
    for k in 0..40u32 {
        big.insert(k, vec![d(&format!("[{k}].value[0]"))]);
    }
    check_drop_calls(big);
    let list: LinkedList<D> = (0..3).map(|i| d(&format!("[{i}]"))).collect();
    check_drop(list);
    #[derive(Layout, PartialEq, Eq, PartialOrd, Ord)]
    struct Prioritised(u8, Option<Box<u8>>);
    let heap: BinaryHeap<Prioritised> = [3u8, 9, 1]
        .into_iter()
        .map(|p| Prioritised(p, Some(Box::new(p))))
        .collect();
    let order = heap.drop_order();
    let predicted = predicted_frees(&order);
    let observed = alloc::frees_during(|| drop(heap));
    assert_eq!(predicted, observed, "{order:#}");
}

#[test]
fn cow_and_boxed_error_drops() {
    let owned: Cow<'_, [String]> = Cow::Owned(vec![String::from("ab"), String::new()]);
    let order = owned.drop_order();
    let predicted = predicted_frees(&order);
    assert_eq!(alloc::frees_during(|| drop(owned)), predicted, "{order:#}");
    let strings = [String::from("borrowed")];
    let borrowed: Cow<'_, [String]> = Cow::Borrowed(&strings);
    assert!(borrowed.drop_order().is_empty());
    let boxed: Option<Box<dyn Plugin>> = Some(Box::new(Named(d("p"), String::new())));
    let order = boxed.drop_order();
    assert_eq!(predicted_frees(&order), [size_of::<Named>()], "{order:#}");
    drop(boxed);
}

#[test]
fn droppers_in_cells_and_locks() {
    let once = std::cell::OnceCell::new();
    let _ = once.set(d(".0"));
    let paths = check_drop(once);
    assert_eq!(paths.len(), 1);
    check_drop(std::cell::OnceCell::<D>::new());
    let lock = std::sync::OnceLock::new();
    let _ = lock.set(vec![d("x")]);
    assert_eq!(check_drop_paths(lock), 1);
    assert_eq!(check_drop_paths(std::sync::Mutex::new(Some(d("x")))), 1);
    assert_eq!(
        check_drop_paths(std::sync::RwLock::new(vec![d("x"), d("y")])),
        2
    );
    assert_eq!(
        check_drop_paths(RefCell::new(Job::Running(d("a"), d("b")))),
        2
    );
}

#[test]
fn self_cycles_leak() {
    let a = Rc::new(Cyclic {
        label: d("a"),
        next: RefCell::new(None),
    });
    *a.next.borrow_mut() = Some(a.clone());
    let order = a.drop_order();
    assert_eq!(order.leaked().1, 1, "{order:#}");
    let v = Rc::new(Val::Link(RefCell::new(None)));
    if let Val::Link(cell) = &*v {
        *cell.borrow_mut() = Some(v.clone());
    }
    let order = v.drop_order();
    assert_eq!(order.leaked().1, 1, "{order:#}");
    let v = Val::Shared(v);
    let order = v.drop_order();
    assert_eq!(order.leaked().1, 1, "{order:#}");
}

#[test]
fn no_op_steps_name_only_the_live_variant() {
    let options = memlayout::DropOptions::new().include_no_ops(true);
    let open = Command::Open {
        path: String::from("p"),
        mode: Some(Mode::Write(1)),
    };
    let paths: Vec<String> = open
        .drop_order_with(options)
        .steps()
        .map(|s| s.path())
        .collect();
    assert_eq!(paths, [".Open.path", ".Open.mode"]);
    let close = Command::Close(1);
    let order = close.drop_order_with(options);
    let paths: Vec<String> = order.steps().map(|s| s.path()).collect();
    assert_eq!(paths, [".Close.0"], "{order:#}");
    let flush = Command::Flush;
    let order = flush.drop_order_with(options);
    assert!(
        order.steps().all(|s| s.action() == DropAction::NoOp),
        "{order:#}"
    );
    let job = Job::Running(d(".Running.0"), d(".Running.1"));
    let order = job.drop_order_with(options);
    let paths: Vec<String> = order.steps().map(|s| s.path()).collect();
    assert!(
        paths.iter().all(|p| p.starts_with(".Running.")),
        "{order:#}"
    );
    check_drop(job);
}

#[derive(Layout)]
enum Borrowing<'a> {
    Text(&'a str, D),
    Empty,
}

impl Drop for Borrowing<'_> {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<borrowing>".into(), 0)));
    }
}

#[derive(Layout)]
struct Session<'a, const N: usize> {
    name: &'a str,
    slots: [Option<D>; N],
}

impl<const N: usize> Drop for Session<'_, N> {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<session>".into(), 0)));
    }
}

#[test]
fn own_drop_impls_on_types_with_lifetimes_and_const_parameters() {
    let text = String::from("borrowed");
    check_all_drops(Borrowing::Text(&text, d(".Text.1")), &[("<borrowing>", "")]);
    check_all_drops(Borrowing::Empty, &[("<borrowing>", "")]);
    // A const parameter makes the type generic: its own `Drop` is not seen (README, Limits).
    let session = Session {
        name: &text,
        slots: [Some(d(".slots[0].Some.0")), None],
    };
    let order = session.drop_order();
    assert_eq!(
        order.step(0).unwrap().action(),
        DropAction::MayRunDropImpl,
        "{order:#}"
    );
    drop(session);
}
