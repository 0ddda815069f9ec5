//! The rest of std's sharing and synchronisation types (issue 10, section 2): borrow and lock
//! guards, pinned references, lazy values, `mpsc` channels and threads. Exact where the figure
//! is observable; where it is not, the allocator's truth must lie inside the reported bounds.

mod test_std_more_support;

use std::cell::{LazyCell, Ref, RefCell, RefMut};
use std::mem::size_of;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{LazyLock, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::{JoinHandle, Thread};

use memlayout::{DropAction, DropOrderExt, Kind, Layout, Storage, Totals};
use test_std_more_support::{alloc, built, static_facts, within_bounds};

#[test]
fn guards_borrow_their_contents() {
    static_facts::<Ref<'static, String>>(Kind::Pointer, Storage::Borrows, false);
    static_facts::<RefMut<'static, Vec<u8>>>(Kind::Pointer, Storage::Borrows, false);
    static_facts::<MutexGuard<'static, String>>(Kind::Pointer, Storage::Borrows, false);
    static_facts::<RwLockReadGuard<'static, u8>>(Kind::Pointer, Storage::Borrows, false);
    static_facts::<RwLockWriteGuard<'static, [u8; 3]>>(Kind::Pointer, Storage::Borrows, false);

    let cell = RefCell::new(vec![1u8; 30]);
    let mutex = Mutex::new("m".repeat(12));
    let lock = RwLock::new(vec![0u64; 5]);
    {
        let guard = cell.borrow();
        // At the root a guard is looked through, like a reference: its target's heap.
        assert_eq!(memlayout::heap_bytes(&guard), 30);
        // Inside a value it is a borrow: shown, not counted.
        let (held, totals, _) = built(|| (cell.borrow(), String::with_capacity(9)));
        assert_eq!((totals.heap_bytes, totals.is_exact), (9, true));
        drop((held, guard));
    }
    let mutable = cell.borrow_mut();
    assert_eq!(memlayout::heap_bytes(&(&mutable, 0u8)), 0);
    drop(mutable);
    let guard = mutex.lock().unwrap();
    assert_eq!(memlayout::heap_bytes(&guard), 12);
    let order = guard.drop_order();
    assert!(
        order
            .steps()
            .all(|s| !matches!(s.action(), DropAction::FreesHeap { .. })),
        "dropping a guard frees nothing"
    );
    drop(guard);
    let reader = lock.read().unwrap();
    assert_eq!(memlayout::totals(&(reader, 1u8)).heap_bytes, 0);
    let mut writer = lock.write().unwrap();
    writer.push(1);
    assert_eq!(memlayout::heap_bytes(&writer), writer.capacity() * 8);
}

#[test]
fn pinned_references_borrow() {
    static_facts::<Pin<&'static u64>>(Kind::Pointer, Storage::Borrows, false);
    static_facts::<Pin<&'static mut String>>(Kind::Pointer, Storage::Borrows, false);
    let mut text = "p".repeat(20);
    let pinned = Pin::new(&mut text);
    assert_eq!(
        memlayout::heap_bytes(&pinned),
        20,
        "looked through at the root"
    );
    assert_eq!(
        memlayout::heap_bytes(&(pinned, 0u8)),
        0,
        "a borrow inside a value"
    );
    // Pin<&mut T> is a reference: Option uses its niche.
    assert_eq!(
        size_of::<Option<Pin<&mut String>>>(),
        size_of::<&mut String>()
    );
}

/// How many times the initialisers of the lazy values below ran.
static FORCED: AtomicUsize = AtomicUsize::new(0);

fn bytes_once_forced() -> Vec<u8> {
    FORCED.fetch_add(1, Ordering::SeqCst);
    vec![9; 100]
}

#[test]
fn lazy_values_are_never_forced_and_bounded_when_they_may_own_heap() {
    static_facts::<LazyLock<u64>>(Kind::Other, Storage::Inline, true);
    static_facts::<LazyCell<(u8, char)>>(Kind::Other, Storage::Inline, true);
    static_facts::<LazyLock<Vec<u8>>>(Kind::Other, Storage::Opaque, false);
    static_facts::<LazyCell<String>>(Kind::Other, Storage::Opaque, false);

    let before = FORCED.load(Ordering::SeqCst);
    let (lock, totals, truth) = built(|| LazyLock::new(bytes_once_forced as fn() -> Vec<u8>));
    within_bounds("LazyLock unforced", &totals, truth);
    let report = memlayout::totals(&lock);
    assert_eq!(report.unreadable, 1);
    assert_eq!(
        FORCED.load(Ordering::SeqCst),
        before,
        "walking must not force"
    );
    let ((), usage) = alloc::measure(|| assert_eq!(LazyLock::force(&lock).len(), 100));
    within_bounds(
        "LazyLock forced",
        &memlayout::totals(&lock),
        truth + usage.bytes,
    );
    assert_eq!(FORCED.load(Ordering::SeqCst), before + 1);

    // A closure capturing heap: the initialiser itself may own heap before forcing.
    let (cell, totals, truth) = built(|| {
        let captured = "c".repeat(64);
        LazyCell::new(move || captured.len())
    });
    assert!(truth >= 64);
    within_bounds("LazyCell holding its closure", &totals, truth);
    assert_eq!(*cell, 64);
    within_bounds("LazyCell forced", &memlayout::totals(&cell), truth);

    // No drop glue in the value or the initialiser: exact before and after.
    let (lock, totals, truth) = built(|| LazyLock::new(|| 5u64));
    assert_eq!((totals.is_exact, totals.heap_bytes, truth), (true, 0, 0));
    assert_eq!(*lock, 5);
    assert!(memlayout::totals(&lock).is_exact);
}

#[test]
fn channel_ends_are_bounded() {
    static_facts::<Sender<String>>(Kind::Other, Storage::SharesHeap, false);
    static_facts::<SyncSender<u8>>(Kind::Other, Storage::SharesHeap, false);
    static_facts::<Receiver<Vec<u8>>>(Kind::Other, Storage::SharesHeap, false);
    for messages in [0, 1, 31, 32, 100] {
        let (ends, totals, truth) = built(|| {
            let (tx, rx) = channel::<String>();
            for i in 0..messages {
                tx.send("m".repeat(i % 7 + 1)).unwrap();
            }
            (tx, rx)
        });
        within_bounds("channel", &totals, truth);
        assert_eq!(totals.unreadable, 2, "both ends");
        assert_eq!(ends.1.try_iter().count(), messages);
    }
    for (capacity, messages) in [(0, 0), (4, 0), (4, 3), (64, 64)] {
        let (ends, totals, truth) = built(|| {
            let (tx, rx) = sync_channel::<Vec<u64>>(capacity);
            for i in 0..messages {
                tx.send(vec![1; i]).unwrap();
            }
            (tx, rx)
        });
        within_bounds("sync_channel", &totals, truth);
        assert_eq!(ends.1.try_iter().count(), messages);
    }
    let (tx, _rx) = channel::<u8>();
    let steps = tx.drop_order();
    assert!(steps
        .steps()
        .any(|s| matches!(s.action(), DropAction::Unreadable { .. })));
}

#[test]
fn threads_are_bounded_and_join_handles_detach() {
    static_facts::<JoinHandle<Vec<u8>>>(Kind::Other, Storage::SharesHeap, false);
    static_facts::<Thread>(Kind::Other, Storage::SharesHeap, false);
    let (handle, totals, truth) = built(|| std::thread::spawn(|| vec![1u8; 50]));
    within_bounds("JoinHandle", &totals, truth);
    assert_eq!((totals.unreadable, totals.resources), (1, 1));
    let releases: Vec<_> = handle
        .drop_order()
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::ReleasesResource { what } => Some(what),
            _ => None,
        })
        .collect();
    assert_eq!(releases, ["detaches its thread"]);
    assert_eq!(handle.join().unwrap().len(), 50);
    let (named, totals, truth) = built(|| {
        std::thread::Builder::new()
            .name("a-named-thread".into())
            .spawn(std::thread::current)
            .unwrap()
            .join()
            .unwrap()
    });
    within_bounds("Thread", &totals, truth);
    assert_eq!(named.name(), Some("a-named-thread"));
}

#[test]
fn wakers_are_bounded() {
    static_facts::<std::task::Waker>(Kind::Other, Storage::Opaque, false);
    let (waker, totals, truth) = built(|| std::task::Waker::noop().clone());
    within_bounds("Waker", &totals, truth);
    assert_eq!(totals.unreadable, 1);
    drop(waker);
}

#[test]
fn pinned_rc_and_arc_are_the_handles_they_pin() {
    static_facts::<Pin<std::rc::Rc<String>>>(Kind::Pointer, Storage::SharesHeap, false);
    static_facts::<Pin<std::sync::Arc<[u8]>>>(Kind::Pointer, Storage::SharesHeap, false);
    for len in [0, 5, 64] {
        let (pinned, totals, truth) = built(|| std::rc::Rc::pin("x".repeat(len)));
        assert!(totals.is_exact);
        assert_eq!(
            (totals.heap_bytes, totals.allocations),
            (truth, len.min(1) + 1)
        );
        // A second handle to the same allocation is counted once.
        let twice = (pinned.clone(), pinned);
        assert_eq!(memlayout::heap_bytes(&twice), truth);
        let (arc, totals, truth) = built(|| Pin::new(std::sync::Arc::<[u64]>::from(vec![3; len])));
        assert_eq!((totals.heap_bytes, totals.is_exact), (truth, true));
        assert_eq!(arc.len(), len);
    }
}

#[test]
fn channel_and_lock_errors_are_what_they_carry() {
    use std::sync::mpsc::{SendError, TrySendError};
    use std::sync::{PoisonError, TryLockError};
    static_facts::<SendError<String>>(Kind::TupleStruct, Storage::OwnsHeap, false);
    static_facts::<TrySendError<u8>>(Kind::Enum, Storage::Inline, true);
    static_facts::<PoisonError<Vec<u8>>>(Kind::Other, Storage::OwnsHeap, false);
    static_facts::<TryLockError<MutexGuard<'static, u8>>>(Kind::Enum, Storage::Borrows, false);
    assert_eq!(
        <SendError<(u8, u32)>>::LAYOUT.fields[0].offset,
        std::mem::offset_of!(SendError<(u8, u32)>, 0)
    );
    for len in [0, 9] {
        let exact = |totals: &Totals, truth: usize| {
            assert_eq!((totals.heap_bytes, totals.is_exact), (truth, true));
        };
        let (error, totals, truth) = built(|| {
            let (tx, rx) = channel::<String>();
            drop(rx);
            tx.send("s".repeat(len)).unwrap_err()
        });
        exact(&totals, truth);
        assert_eq!(error.0.len(), len);
        let (error, totals, truth) = built(|| {
            let (tx, _rx) = sync_channel::<Vec<u8>>(0);
            tx.try_send(vec![1; len]).unwrap_err()
        });
        exact(&totals, truth);
        assert!(matches!(error, TrySendError::Full(ref v) if v.len() == len));
        let (error, totals, truth) = built(|| PoisonError::new(vec![2u16; len]));
        exact(&totals, truth);
        assert_eq!(error.into_inner().len(), len);
    }
    let mutex = Mutex::new(vec![0u8; 30]);
    let held = mutex.lock().unwrap();
    let busy = mutex.try_lock().unwrap_err();
    assert!(matches!(busy, TryLockError::WouldBlock));
    assert_eq!(memlayout::totals(&busy).heap_bytes, 0);
    drop((busy, held));
}
