//! Drop order past the visitor's stack limit: deep chains (some nodes sharing an `Rc`) keep
//! their predicted steps in the order they really drop, the same from the root as from a tail,
//! and a million-node chain is walked on a small thread.

#[path = "common/drop_log.rs"]
mod drop_log;
#[macro_use]
#[path = "common/hand_layout.rs"]
mod hand_layout;

use std::mem::size_of;
use std::rc::Rc;

use memlayout::{DropAction, DropOrderExt, Kind, Layout, TypeLayout, Visitor};

use drop_log::{check, Noisy};

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
