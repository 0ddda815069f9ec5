//! Which value a drop step drops (issue 11.5): every step carries the address of the value it
//! acts on, and `DropStep::drops(&v)` tells whether it is `v`. Checked against drop-logging
//! values that record their own address in `Drop::drop`: the addresses of the predicted
//! `RunsDropImpl` steps, in order, must be the addresses the real drop logs.
//!
//! Values are dropped in place (inside a `Box`), so their parts do not move between the
//! prediction and the drop.
//!
//! Also: what values without drop glue own (`ManuallyDrop` contents) is counted as leaked, and
//! the counting allocator confirms those bytes are still allocated after the drop.

#[path = "common/alloc.rs"]
mod alloc;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::mem::ManuallyDrop;
use std::rc::Rc;

use memlayout::{DropAction, DropOrderExt, Layout};

thread_local! {
    /// Addresses the loggers on this thread were dropped at, in order.
    static DROPPED: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Logs its own address when dropped.
#[derive(Layout)]
struct Logger(#[allow(dead_code)] u32);

impl Drop for Logger {
    fn drop(&mut self) {
        let at = self as *const Logger as usize;
        DROPPED.with(|d| d.borrow_mut().push(at));
    }
}

fn addr<T: ?Sized>(value: &T) -> usize {
    value as *const T as *const u8 as usize
}

/// Predicts the addresses of the `Drop::drop` calls of the boxed value, drops it, and checks
/// the real calls ran at those addresses in that order. Returns them.
#[track_caller]
fn check<T: Layout>(value: Box<T>) -> Vec<usize> {
    let order = (*value).drop_order();
    let predicted: Vec<usize> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.address().expect("an address"))
        .collect();
    drop(order);
    DROPPED.with(|d| d.borrow_mut().clear());
    drop(value);
    let observed = DROPPED.with(|d| d.take());
    assert!(!observed.is_empty());
    assert_eq!(predicted, observed);
    observed
}

#[derive(Layout)]
struct Pair {
    first: Logger,
    name: String,
    second: Logger,
}

#[allow(dead_code)]
#[derive(Layout)]
enum Choice {
    One(Logger),
    Two { x: Logger, label: String, y: Logger },
    None,
}

#[test]
fn struct_fields_and_enum_variant_fields() {
    let pair = Box::new(Pair {
        first: Logger(1),
        name: String::from("name"),
        second: Logger(2),
    });
    let order = (*pair).drop_order();
    let step =
        |v: &dyn Fn(&memlayout::drop::DropStep<'_>) -> bool| order.steps().filter(|s| v(s)).count();
    assert_eq!(step(&|s| s.drops(&pair.first)), 1);
    assert_eq!(step(&|s| s.drops(&pair.second)), 1);
    // The String's buffer is freed by the String: a step at its address, of its type.
    let name = order.steps().find(|s| s.drops(&pair.name)).unwrap();
    assert_eq!(name.path(), ".name");
    assert!(matches!(
        name.action(),
        DropAction::FreesHeap { bytes: 4, .. }
    ));
    // Same address as `first` (when the compiler puts it at offset 0), another type.
    assert!(!order.steps().any(|s| s.drops(&*pair) && s.path() != ""));
    drop(order);
    let seen = check(pair);
    assert_eq!(seen.len(), 2);

    for choice in [
        Choice::One(Logger(1)),
        Choice::Two {
            x: Logger(2),
            label: String::from("l"),
            y: Logger(3),
        },
    ] {
        let boxed = Box::new(choice);
        let expected: Vec<usize> = match &*boxed {
            Choice::One(a) => vec![addr(a)],
            Choice::Two { x, y, .. } => vec![addr(x), addr(y)],
            Choice::None => Vec::new(),
        };
        assert_eq!(check(boxed), expected);
    }
}

#[test]
fn vec_elements_box_contents_and_deques() {
    for len in [1, 2, 7, 40] {
        let mut v: Vec<Logger> = (0..len).map(Logger).collect();
        if len > 2 {
            v.remove(1); // after removals
            v.reserve(10); // grown
        }
        let boxed = Box::new(v);
        let expected: Vec<usize> = boxed.iter().map(addr).collect();
        assert_eq!(check(boxed), expected);
    }
    let nested = Box::new(Box::new(Logger(1)));
    let inner = addr(&**nested);
    assert_eq!(check(nested), [inner]);

    let mut deque: VecDeque<Logger> = (0..6).map(Logger).collect();
    deque.pop_front();
    deque.push_back(Logger(9)); // wraps around: two halves
    let boxed = Box::new(deque);
    let expected: Vec<usize> = boxed.iter().map(addr).collect();
    assert_eq!(check(boxed), expected);
}

/// A map key with no short form in a path.
#[derive(Layout, PartialEq, Eq, Hash)]
struct Key(u8);

#[test]
fn map_entries() {
    for len in [1, 5, 30] {
        let map: HashMap<u32, Logger> = (0..len).map(|i| (i, Logger(i))).collect();
        let boxed = Box::new(map);
        let order = (*boxed).drop_order();
        for (key, value) in boxed.iter() {
            let step = order.steps().find(|s| s.drops(value)).unwrap();
            assert_eq!(step.path(), format!("[{key}].value"));
        }
        drop(order);
        check(boxed);

        let tree: BTreeMap<u32, Logger> = (0..len).map(|i| (i, Logger(i))).collect();
        let boxed = Box::new(tree);
        let expected: Vec<usize> = boxed.values().map(addr).collect();
        assert_eq!(check(boxed), expected);
    }
    // Keys without a short form are written `[#i]`: the address still finds the entry.
    let map: HashMap<Key, Logger> = [(Key(1), Logger(1)), (Key(2), Logger(2))].into();
    let order = map.drop_order();
    let value = &map[&Key(2)];
    let step = order.steps().find(|s| s.drops(value)).unwrap();
    assert!(step.path().starts_with("[#"), "{}", step.path());
}

#[test]
fn rc_contents_are_dropped_at_their_address_by_the_last_handle() {
    let shared = Rc::new(Logger(1));
    let contents = addr(&*shared);
    let value = Box::new((Rc::clone(&shared), Logger(2), shared));
    let own = addr(&value.1);
    let order = (*value).drop_order();
    let handle = order.steps().find(|s| s.drops(&value.0)).unwrap();
    assert_eq!(handle.action(), DropAction::DecrementsStrong { to: 1 });
    drop(order);
    assert_eq!(check(value), [own, contents]);
}

#[derive(Layout)]
#[repr(C, packed)]
struct Packed {
    tag: u8,
    name: String,
}

#[test]
fn packed_fields_are_at_their_own_place_not_the_copys() {
    let value = Packed {
        tag: 1,
        name: String::from("packed"),
    };
    let order = value.drop_order();
    let step = order.step(0).unwrap();
    assert_eq!(step.path(), ".name");
    let place = std::ptr::addr_of!(value.name) as usize;
    assert_eq!(step.address(), Some(place));
    assert_eq!(value.tag, 1);
}

/// Runs `build`, predicts its drop's leak, drops it, and checks with the counting allocator
/// that exactly the predicted bytes and allocations are still allocated.
#[track_caller]
fn leaks<T: Layout>(build: impl FnOnce() -> T) -> (usize, usize) {
    let (before, before_allocations) = alloc::live();
    let value = build();
    let order = value.drop_order();
    let leaked = order.leaked();
    drop(order);
    drop(value);
    let (after, after_allocations) = alloc::live();
    assert_eq!(
        (after - before, after_allocations - before_allocations),
        (leaked.0 as isize, leaked.1 as isize)
    );
    leaked
}

#[derive(Layout)]
struct Holder {
    name: String,
    kept: ManuallyDrop<Vec<String>>,
}

/// Drops its `ManuallyDrop` field itself: the drop order cannot know it, so nothing is counted.
#[derive(Layout)]
struct Releases {
    kept: ManuallyDrop<String>,
}

impl Drop for Releases {
    fn drop(&mut self) {
        // SAFETY: `kept` is not used again.
        unsafe { ManuallyDrop::drop(&mut self.kept) }
    }
}

#[test]
fn manually_drop_contents_stay_allocated_and_count_as_leaked() {
    assert_eq!(
        leaks(|| (
            String::from("dropped"),
            ManuallyDrop::new(String::from("kept"))
        )),
        (4, 1)
    );
    for len in [0, 1, 5] {
        let leaked = leaks(|| Holder {
            name: String::from("n"),
            kept: ManuallyDrop::new((0..len).map(|i| "x".repeat(i + 1)).collect()),
        });
        assert_eq!(leaked.1, if len == 0 { 0 } else { len + 1 });
    }
    assert_eq!(leaks(|| ManuallyDrop::new(String::new())), (0, 0));
    assert_eq!(
        leaks(|| vec![ManuallyDrop::new(String::from("ab")); 3]).1,
        3
    );
    assert_eq!(leaks(|| ManuallyDrop::new(Box::new(7u64))).1, 1);
    // A forgotten strong handle: the count never reaches zero, the allocation stays.
    let leaked = leaks(|| {
        let rc = Rc::new(String::from("shared"));
        (Rc::clone(&rc), ManuallyDrop::new(rc))
    });
    assert_eq!(leaked.1, 2);
    // Released by the type's own Drop::drop: shown, not counted, and indeed freed.
    let value = Releases {
        kept: ManuallyDrop::new(String::from("mine")),
    };
    let order = value.drop_order();
    assert_eq!(order.step(0).unwrap().action(), DropAction::RunsDropImpl);
    assert_eq!(
        order.step(1).unwrap().action(),
        DropAction::Forgets {
            bytes: 4,
            allocations: 1,
            may_be_released: true
        }
    );
    drop(order);
    drop(value);
    assert_eq!(
        leaks(|| Releases {
            kept: ManuallyDrop::new(String::from("mine"))
        }),
        (0, 0)
    );
}
