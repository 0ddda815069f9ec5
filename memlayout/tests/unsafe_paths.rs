//! The paths that hold `unsafe` code, on small values, so the suite can run under Miri
//! (`cargo +nightly miri test -p memlayout`): packed fields read by bitwise copy, lock and
//! borrow guards held for a walk, `Cell` copies, shared `Rc` contents and pinned `Rc`/`Arc`
//! handles read in place — each through all
//! five walks (totals, report, drop order, footprint by type, folded stacks), then the original value is used and dropped, so
//! Miri sees any aliasing or use-after-free the walks would cause.

#![cfg(feature = "std")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::{Mutex, RwLock};

use memlayout::{totals, DropOrderExt, Layout, LayoutReport};

/// Walks `value` with every walk and returns the totals-only heap figure.
fn walk_all<T: Layout>(value: &T) -> usize {
    let heap = totals(value).heap_bytes;
    let report = value.layout_report();
    assert_eq!(report.totals().heap_bytes, heap);
    assert_eq!(memlayout::footprint(value).heap_bytes(), heap);
    let _ = report.to_string();
    let order = value.drop_order();
    let _ = order.to_string();
    let folded: usize = memlayout::render::folded(value)
        .lines()
        .map(|line| line.rsplit_once(' ').unwrap().1.parse::<usize>().unwrap())
        .sum();
    assert_eq!(folded, core::mem::size_of_val(value) + heap);
    heap
}

#[derive(Layout)]
#[repr(C, packed)]
struct Packed {
    tag: u8,
    names: Vec<String>,
    boxed: Box<u64>,
    count: u32,
}

#[test]
fn packed_fields_are_walked_through_copies() {
    let mut value = Packed {
        tag: 1,
        names: vec!["a".to_string(), String::with_capacity(5)],
        boxed: Box::new(7),
        count: 3,
    };
    let names = vec!["a".to_string(), String::with_capacity(5)];
    let expected = totals(&names).heap_bytes + totals(&Box::new(7u64)).heap_bytes;
    assert_eq!(walk_all(&value), expected);
    // The original stays fully usable after the walks.
    let mut names = core::mem::take(&mut { value.names });
    names.push("b".to_string());
    value.names = names;
    let boxed = value.boxed;
    assert_eq!(*boxed, 7);
    value.boxed = boxed;
    let (tag, count) = (value.tag, value.count);
    assert_eq!((tag, count), (1, 3));
    drop(value);
}

/// What `ManuallyDrop` holds is scanned through its guards (the drop order counts it as
/// leaked) and never dropped by a walk.
#[test]
fn manually_drop_contents_are_scanned_not_dropped() {
    let shared = Rc::new(String::from("shared"));
    let value = (
        core::mem::ManuallyDrop::new(RefCell::new(vec![String::from("kept")])),
        core::mem::ManuallyDrop::new(Rc::clone(&shared)),
        shared,
    );
    walk_all(&value);
    assert!(value.drop_order().leaked().1 > 0);
    let (cell, handle, shared) = value;
    cell.borrow_mut().push(String::from("more"));
    drop(core::mem::ManuallyDrop::into_inner(cell));
    drop(core::mem::ManuallyDrop::into_inner(handle));
    assert_eq!(Rc::strong_count(&shared), 1);
}

#[derive(Layout)]
#[repr(packed(2))]
#[allow(clippy::repr_packed_without_abi)]
struct Packed2 {
    a: u8,
    text: String,
}

#[test]
fn packed_n_struct() {
    let value = Packed2 {
        a: 0,
        text: "hello".to_string(),
    };
    assert_eq!(walk_all(&value), 5);
}

#[test]
fn guards_are_released_after_the_walk() {
    let cell = RefCell::new(vec![1u32, 2, 3]);
    let mutex = Mutex::new(String::from("locked?"));
    let lock = RwLock::new(Box::new(5u8));
    let value = (cell, mutex, lock);
    let expected = 3 * 4 + 7 + 1;
    assert_eq!(walk_all(&value), expected);
    // Every guard the walks took is gone: these would fail or deadlock otherwise.
    value.0.borrow_mut().push(4);
    value.1.lock().unwrap().push('!');
    **value.2.write().unwrap() = 6;
}

#[test]
fn unreadable_parts_are_reported_not_read() {
    let cell = RefCell::new(vec![1u8]);
    let held = cell.borrow_mut();
    let report = cell.layout_report();
    assert_eq!(report.totals().unreadable, 1);
    assert!(!report.totals().is_exact);
    drop(held);
    let mutex = Mutex::new(vec![0u8; 4]);
    let guard = mutex.lock().unwrap();
    assert_eq!(totals(&mutex).unreadable, 1);
    drop(guard);
    assert_eq!(totals(&mutex).heap_bytes, 4);
}

#[test]
fn cells_are_walked_through_copies() {
    let shared = Rc::new(5u64);
    let value = (Cell::new(3u32), Cell::new(Some(&*shared)));
    walk_all(&value);
    value.0.set(4);
    assert_eq!(value.0.get(), 4);
}

#[derive(Layout)]
struct Node {
    value: u32,
    next: RefCell<Option<Rc<Node>>>,
}

#[test]
fn shared_contents_and_cycles() {
    let a = Rc::new(Node {
        value: 1,
        next: RefCell::new(None),
    });
    let b = Rc::new(Node {
        value: 2,
        next: RefCell::new(Some(Rc::clone(&a))),
    });
    *a.next.borrow_mut() = Some(Rc::clone(&b));
    let both = vec![Rc::clone(&a), Rc::clone(&b)];
    let heap = walk_all(&both);
    assert_eq!(heap, totals(&both).heap_bytes);
    assert_eq!(totals(&both).shared_allocations, 2);
    // Break the cycle so the test does not leak (Miri checks for leaks).
    a.next.borrow_mut().take();
    assert_eq!(a.value + b.value, 3);
}

/// A link of a chain with a guard, shared contents, a table or a tree at every level.
#[derive(Layout)]
enum Chain {
    Cell(RefCell<Vec<u16>>, Box<Chain>),
    Shared(Rc<String>, Box<Chain>),
    Table(std::collections::HashMap<u8, String>, Box<Chain>),
    Tree(std::collections::BTreeMap<u16, Box<u16>>, Box<Chain>),
    End,
}

/// Deep enough for every walk to defer (the tally by stack bytes, read under Miri from a
/// local's address; the others by nested visits): deferred work holds guards, walks shared
/// contents once, and reaches table and tree entries noted in one pass (in the tally, in the
/// report after the block).
#[test]
fn deep_chains_defer_with_guards_tables_and_trees() {
    let shared = Rc::new(String::from("shared"));
    let mut chain = Chain::End;
    // Miri is slow: enough links to pass the report's and drop order's 64 nested visits.
    let links: u16 = if cfg!(miri) { 8 } else { 14 };
    for i in 0..links {
        let next = Box::new(chain);
        chain = match i % 4 {
            0 => Chain::Cell(RefCell::new(vec![i; usize::from(i % 5)]), next),
            1 => Chain::Shared(Rc::clone(&shared), next),
            2 => Chain::Table(
                (0..(i % 9) as u8)
                    .map(|k| (k, "t".repeat(usize::from(k))))
                    .collect(),
                next,
            ),
            _ => Chain::Tree((0..i % 25).map(|k| (k, Box::new(k))).collect(), next),
        };
    }
    // Every walk, without rendering (under Miri, text for paths this long takes minutes).
    let t = totals(&chain);
    assert_eq!(memlayout::heap_bytes(&chain), t.heap_bytes);
    assert_eq!(chain.layout_report().totals(), t);
    assert_eq!(t.shared_allocations, 1);
    let order = chain.drop_order();
    assert_eq!(order.leaked(), (0, 0));
    // Every guard the walks took is gone.
    let mut link = &chain;
    while let Chain::Cell(_, next)
    | Chain::Shared(_, next)
    | Chain::Table(_, next)
    | Chain::Tree(_, next) = link
    {
        if let Chain::Cell(cell, _) = link {
            cell.borrow_mut().push(1);
        }
        link = next;
    }
}

#[test]
fn pinned_rc_and_arc_are_read_in_place() {
    use std::pin::Pin;
    use std::sync::Arc;

    let pinned_rc: Pin<Rc<String>> = Rc::pin("pinned".repeat(3));
    let other = pinned_rc.clone();
    let pinned_arc: Pin<Arc<[u32]>> = Pin::new(Arc::from(vec![7u32; 5]));
    let value = (pinned_rc, other, pinned_arc);
    let heap = walk_all(&value);
    assert!(
        heap >= 18 + 20,
        "the string and the slice, each counted once"
    );
    assert_eq!(walk_all(&value), heap);
    assert_eq!(value.0.len() + value.2.len(), 23);
    drop(value);
}

/// Opaque fields: in place, through `Opaque::from_ref` (a reference cast), and in a packed
/// struct, through a bitwise copy rewrapped as an `Opaque` that is never dropped.
#[derive(Layout)]
struct OpaqueFields {
    #[layout(opaque)]
    hidden: Vec<String>,
    shown: String,
}

#[derive(Layout)]
#[repr(C, packed)]
struct PackedOpaque {
    tag: u8,
    #[layout(opaque)]
    hidden: Vec<String>,
    #[layout(opaque)]
    plain: u32,
}

#[test]
fn opaque_fields_are_viewed_in_place_or_copied_never_dropped() {
    let mut value = OpaqueFields {
        hidden: vec!["a".to_string()],
        shown: "bc".to_string(),
    };
    assert_eq!(walk_all(&value), value.shown.capacity());
    value.hidden.push("d".to_string());
    assert_eq!(memlayout::Opaque::from_ref(&value.hidden).len(), 2);

    let packed = PackedOpaque {
        tag: 1,
        hidden: vec!["e".to_string(), String::with_capacity(3)],
        plain: 4,
    };
    assert_eq!(walk_all(&packed), 0);
    assert!(!totals(&packed).is_exact);
    // Moved out of the packed struct (no reference to an unaligned field), used, then dropped.
    let PackedOpaque {
        tag,
        mut hidden,
        plain,
    } = packed;
    hidden.push("f".to_string());
    assert_eq!((tag, plain, hidden.len()), (1, 4, 3));
}

/// A node whose children are a boxed slice: past the shown levels, its `[Tree]`s are a chain
/// whose links the report walk notes by wide reference (`walk/report/chain.rs`'s `NextLink`).
#[derive(Layout)]
struct Tree {
    label: String,
    kids: Box<[Tree]>,
}

/// `depth` levels of one or two kids each.
fn tree(depth: usize) -> Tree {
    let kids: Vec<Tree> = if depth == 0 {
        Vec::new()
    } else {
        (0..1 + depth % 2).map(|_| tree(depth - 1)).collect()
    };
    Tree {
        label: format!("level {depth}"),
        kids: kids.into_boxed_slice(),
    }
}

/// A `Box` list: its links are noted by thin reference.
#[derive(Layout)]
struct Link {
    value: u64,
    next: Option<Box<Link>>,
}

#[test]
fn chains_noted_by_reference() {
    // Miri is slow: deep enough for links past the shown levels (about 40 nodes).
    let deep = tree(if cfg!(miri) { 8 } else { 14 });
    assert!(walk_all(&deep) > 0);
    let report = deep.layout_report();
    assert!(report
        .nodes()
        .any(|n| n.summary().is_some_and(|s| s.is_chain)));
    drop(report);
    let mut list = None;
    for value in 0..20 {
        list = Some(Box::new(Link { value, next: list }));
    }
    assert_eq!(walk_all(&list), 20 * core::mem::size_of::<Link>());
    assert!(deep.label.starts_with("level "));
}

/// A link of a list of names, some with spare capacity (an empty allocation the general walk
/// counts) and a second branch now and then.
#[derive(Layout)]
struct Named {
    name: String,
    side: Option<Box<Named>>,
    next: Option<Box<Named>>,
}

/// A cons list, its root a link.
#[derive(Layout)]
enum Cons {
    Cell(u32, Box<Cons>),
    Nil,
}

#[test]
fn plain_links_read_in_runs_and_one_by_one() {
    // Links read without the report's folder (runs of equal figures, and one by one), and
    // links taken through it (an empty allocation, a second branch), in one chain.
    let mut named = None;
    for i in 0..40 {
        let name = match i % 13 {
            0 => String::with_capacity(4),
            k if k < 6 => String::from("same"),
            k => "n".repeat(k),
        };
        let side = (i % 17 == 5).then(|| {
            Box::new(Named {
                name: String::from("side"),
                side: None,
                next: None,
            })
        });
        named = Some(Box::new(Named {
            name,
            side,
            next: named,
        }));
    }
    let heap = walk_all(&named);
    assert!(heap > 40 * core::mem::size_of::<Named>());
    let mut cons = Cons::Nil;
    for i in 0..30 {
        cons = Cons::Cell(i, Box::new(cons));
    }
    assert_eq!(walk_all(&cons), 30 * core::mem::size_of::<Cons>());
    assert!(cons
        .layout_report()
        .nodes()
        .any(|n| n.summary().is_some_and(|s| s.is_chain)));
}

/// The report's node arena is written in place (`Walker::push_node`): a report that grows it
/// past its first 16 slots, with map keys long enough to be boxed in their segments, is read
/// back and dropped.
#[test]
fn report_nodes_written_in_place_past_the_first_arena() {
    use memlayout::ReportOptions;
    use std::collections::BTreeMap;

    let map: BTreeMap<String, Vec<u8>> = (0..20)
        .map(|i| {
            (
                format!("a key longer than thirty bytes, {i}"),
                vec![i as u8; i],
            )
        })
        .collect();
    let heap = walk_all(&map);
    let report = map.layout_report_with(ReportOptions::new().max_children(40));
    assert!(report.len() > 40);
    assert_eq!(report.totals().heap_bytes, heap);
    let shown: usize = report.nodes().map(|n| n.own().heap_bytes).sum();
    assert_eq!(shown, heap);
    drop(report);
    assert_eq!(map.len(), 20);
}
