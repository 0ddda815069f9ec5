#![cfg(feature = "parking_lot")]
//! parking_lot's locks: contents read through `try_lock` / `try_read` against the counting
//! allocator; a lock held elsewhere is unreadable, its figure bounds with no upper end.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use std::sync::{mpsc, Arc};

use memlayout::{DropAction, DropOrderExt, Layout};
use parking_lot::{FairMutex, Mutex, ReentrantMutex, RwLock};

fn names(count: usize) -> Vec<String> {
    (0..count).map(|i| "name".repeat(i)).collect()
}

#[test]
fn static_layout_is_the_compilers() {
    support::static_layout_matches::<Mutex<Vec<String>>>();
    support::static_layout_matches::<FairMutex<u64>>();
    support::static_layout_matches::<RwLock<(u8, String)>>();
    support::static_layout_matches::<ReentrantMutex<Vec<u8>>>();
    const { assert!(<Mutex<u64> as Layout>::IS_LEAF) };
    const { assert!(!<RwLock<String> as Layout>::IS_LEAF) };
}

#[test]
fn unlocked_contents_are_exact() {
    for count in [0, 1, 5, 40] {
        let (mutex, _) = support::exact("mutex", || Mutex::new(names(count)));
        support::frees_as_predicted(mutex);
        let (fair, _) = support::exact("fair mutex", || FairMutex::new(names(count)));
        support::frees_as_predicted(fair);
        let (rw, _) = support::exact("rwlock", || RwLock::new(names(count)));
        support::frees_as_predicted(rw);
        let (reentrant, _) = support::exact("reentrant", || ReentrantMutex::new(names(count)));
        support::frees_as_predicted(reentrant);
    }
    let (grown, _) = support::exact("grown then truncated", || {
        let mut grown = Mutex::new(names(3));
        grown.get_mut().extend(names(20));
        grown.get_mut().truncate(2);
        grown
    });
    support::frees_as_predicted(grown);
}

#[test]
fn read_locks_are_read_through() {
    let (rw, _) = support::exact("rwlock", || RwLock::new(names(6)));
    let reader = rw.read();
    assert!(memlayout::totals(&rw).is_exact);
    drop(reader);
    let reentrant = ReentrantMutex::new(names(4));
    let held = reentrant.lock();
    // Held by this thread: its `try_lock` succeeds here, and shared access is all it gives.
    assert!(memlayout::totals(&reentrant).is_exact);
    drop(held);
}

/// Checks that `value` is reported unreadable: bounds with no upper end, and an unreadable step
/// in its drop order.
#[track_caller]
fn assert_unreadable<T: Layout>(value: &T) {
    let totals = memlayout::totals(value);
    assert!(!totals.is_exact);
    assert_eq!((totals.heap_bytes_high, totals.unreadable), (usize::MAX, 1));
    let order = value.drop_order();
    assert!(order
        .steps()
        .any(|step| matches!(step.action(), DropAction::Unreadable { .. })));
}

#[test]
fn locked_contents_are_unreadable() {
    let mutex = Mutex::new(names(3));
    let guard = mutex.lock();
    assert_unreadable(&mutex);
    drop(guard);
    let fair = FairMutex::new(names(3));
    let guard = fair.lock();
    assert_unreadable(&fair);
    drop(guard);
    let rw = RwLock::new(names(3));
    let writer = rw.write();
    assert_unreadable(&rw);
    drop(writer);
    assert!(memlayout::totals(&rw).is_exact);
}

#[test]
fn a_reentrant_mutex_held_by_another_thread_is_unreadable() {
    let reentrant = Arc::new(ReentrantMutex::new(names(3)));
    let (locked, release) = (mpsc::channel(), mpsc::channel::<()>());
    let holder = {
        let reentrant = Arc::clone(&reentrant);
        std::thread::spawn(move || {
            let _guard = reentrant.lock();
            locked.0.send(()).expect("the test waits");
            release.1.recv().expect("the test releases");
        })
    };
    locked.1.recv().expect("the holder locks");
    assert_unreadable(&*reentrant);
    release.0.send(()).expect("the holder waits");
    holder.join().expect("the holder ends");
    assert!(memlayout::totals(&*reentrant).is_exact);
}
