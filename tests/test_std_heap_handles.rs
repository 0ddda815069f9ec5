//! Heap figures of std's shared and guarded values against a counting allocator: `Rc`/`Arc`
//! with their counts, sharing counted once, `Weak` handles, cycles, cells and locks (poisoned
//! too), borrowed targets (not counted) and resources.

#[path = "common/align32.rs"]
mod align32;
#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/checks.rs"]
mod checks;

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{self, Rc};
use std::sync::{Arc, Mutex, RwLock};

use align32::Align32;
use checks::exact;
use memlayout::{Kind, Layout, TypeLayout};

#[test]
fn rc_and_arc_include_the_counts() {
    exact("Rc<u8>", || Rc::new(1u8));
    exact("Rc<()>", || Rc::new(()));
    exact("Rc<u128>", || Rc::new(1u128));
    exact("Rc<Align32>", || Rc::new(Align32(3)));
    exact("Rc<[u8]>", || Rc::<[u8]>::from(vec![1u8; 5]));
    exact("Rc<str>", || Rc::<str>::from("seven ch"));
    exact("Arc<String>", || Arc::new("shared".to_string()));
    exact("Arc<[u64]>", || Arc::<[u64]>::from(vec![1u64; 3]));
    exact("Rc<RefCell<Vec<u8>>>", || {
        Rc::new(RefCell::new(vec![0u8; 33]))
    });
    exact("Arc<Mutex<HashMap>>", || {
        Arc::new(Mutex::new(HashMap::from([(1u32, "one".to_string())])))
    });
    exact("Arc<RwLock<Vec<String>>>", || {
        Arc::new(RwLock::new(vec!["x".to_string()]))
    });
}

#[test]
fn rc_shared_twice_is_counted_once() {
    let (v, totals) = exact("Vec of clones", || {
        let shared = Rc::new(vec![1u64; 10]);
        vec![shared.clone(), shared.clone(), shared]
    });
    assert_eq!(Rc::strong_count(&v[0]), 3);
    assert_eq!(totals.shared_allocations, 1);
    exact("Arc in a map and a vec", || {
        let shared = Arc::new("text".repeat(4));
        let m = HashMap::from([(1u8, shared.clone())]);
        (m, vec![shared])
    });
}

#[test]
fn weak_handles() {
    exact("Weak::new allocates nothing", rc::Weak::<u64>::new);
    exact("sync::Weak::new", std::sync::Weak::<String>::new);
    exact("Weak beside its Rc", || {
        let strong = Rc::new(5u32);
        let weak = Rc::downgrade(&strong);
        (weak, strong)
    });
    // The value is dropped with the last strong handle; the allocation lives while a Weak does.
    let (weak, totals) = exact("orphaned Weak keeps the allocation", || {
        let strong = Rc::new([0u64; 4]);
        Rc::downgrade(&strong)
    });
    assert_eq!(weak.strong_count(), 0);
    assert!(totals.heap_bytes > 0);
    exact("orphaned sync::Weak", || Arc::downgrade(&Arc::new(1u16)));
}

#[test]
fn rc_cycle_terminates() {
    struct Node {
        next: RefCell<Option<Rc<Node>>>,
        payload: Vec<u8>,
    }
    impl Layout for Node {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Node>("Node", Kind::Struct);
        fn visit<'a, V: memlayout::Visitor<'a>>(&'a self, v: &mut V) {
            v.field(0, "next", &self.next);
            v.field(1, "payload", &self.payload);
        }
    }
    let (a, _) = exact("two-node cycle", || {
        let a = Rc::new(Node {
            next: RefCell::new(None),
            payload: vec![1; 10],
        });
        let b = Rc::new(Node {
            next: RefCell::new(Some(a.clone())),
            payload: vec![2; 20],
        });
        *a.next.borrow_mut() = Some(b);
        a
    });
    // Break the cycle so the test does not leak.
    a.next.borrow_mut().take();
}

#[test]
fn interior_mutability_readable_and_not() {
    exact("Cell<u32>", || Cell::new(3u32));
    exact("Cell<Option<&str>>", || Cell::new(Some("borrowed")));
    exact("RefCell<String>", || RefCell::new("inside".to_string()));
    exact("OnceCell set", || {
        let c = std::cell::OnceCell::new();
        c.set(vec![1u8; 3]).unwrap();
        c
    });
    exact("OnceLock unset", std::sync::OnceLock::<String>::new);

    let cell = RefCell::new(vec![1u8; 64]);
    let guard = cell.borrow_mut();
    let totals = memlayout::totals(&cell);
    assert_eq!(totals.unreadable, 1);
    assert!(!totals.is_exact);
    drop(guard);
    assert_eq!(memlayout::totals(&cell).heap_bytes, 64);

    let mutex = Mutex::new(vec![1u8; 64]);
    let guard = mutex.lock().unwrap();
    let totals = memlayout::totals(&mutex);
    assert_eq!((totals.unreadable, totals.heap_bytes), (1, 0));
    drop(guard);

    let lock = RwLock::new("r".repeat(9));
    let reader = lock.read().unwrap();
    assert_eq!(
        memlayout::totals(&lock).heap_bytes,
        9,
        "shared readers do not block"
    );
    drop(reader);
    let writer = lock.write().unwrap();
    assert_eq!(memlayout::totals(&lock).unreadable, 1);
    drop(writer);
}

#[test]
fn poisoned_mutex_is_still_read() {
    let mutex = Arc::new(Mutex::new(vec![0u8; 10]));
    let clone = mutex.clone();
    let _ = std::thread::spawn(move || {
        let _guard = clone.lock().unwrap();
        panic!("poison it");
    })
    .join();
    assert!(mutex.is_poisoned());
    let totals = memlayout::totals(&mutex);
    assert_eq!(totals.unreadable, 0);
    assert!(totals.heap_bytes >= 10);
}

#[test]
fn borrowed_targets_are_not_counted() {
    let owned = vec![String::from("abc"); 3];
    let borrowed: (&Vec<String>, &[String], &str) = (&owned, &owned[1..], owned[0].as_str());
    assert_eq!(memlayout::totals(&borrowed).heap_bytes, 0);
    assert_eq!(
        memlayout::totals(&Cow::Borrowed(owned.as_slice())).heap_bytes,
        0
    );
}

#[test]
fn resources_are_counted() {
    let file = std::fs::File::open("Cargo.toml").unwrap();
    let totals = memlayout::totals(&vec![Some(file)]);
    assert_eq!(totals.resources, 1);
}
