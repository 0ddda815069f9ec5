//! Varied std values, each checked against the counting allocator: heap bytes and
//! allocations (exact where marked so, within the bounds otherwise), the frees `drop_order`
//! predicts against the frees the drop makes, and the report's totals against the API's.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/checks.rs"]
mod checks;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::ffi::{CString, OsString};
use std::path::PathBuf;
use std::rc::{Rc, Weak};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use memlayout::Layout;

/// Checks `build`'s value: its figures against the allocator's and the report's, and where
/// exact, the frees its drop makes against the ones `drop_order` predicts, in order.
#[track_caller]
fn check<T: Layout>(what: &str, build: impl FnOnce() -> T) {
    let (value, t, _) = checks::within_bounds(what, build);
    if t.is_exact {
        let predicted = checks::predicted_frees(&value);
        let frees = alloc::frees_during(move || drop(value));
        assert_eq!(predicted, frees, "{what}: drop order");
    }
}

#[repr(align(64))]
#[derive(Clone, Copy, Default, Layout)]
struct Line(#[allow(dead_code)] u8);

#[test]
fn shared_pointers_in_every_state() {
    check("Rc<Vec>", || Rc::new(vec![1u8; 5]));
    check("two Rc handles", || {
        let a = Rc::new(String::from("shared"));
        (a.clone(), a)
    });
    check("Rc<str>", || Rc::<str>::from("a string"));
    check("Arc<[u32]>", || Arc::<[u32]>::from(vec![1, 2, 3]));
    check("Rc<[String]>", || {
        Rc::<[String]>::from(vec![String::from("a"), String::new()])
    });
    check("Weak::new", Weak::<u64>::new);
    // Only weak handles left: the value is dropped, its allocation (counts and room for the
    // value) lives on.
    check("dangling Weak", || Rc::downgrade(&Rc::new(vec![1u64; 10])));
    check("Weak beside its Rc", || {
        let strong = Rc::new(vec![1u64; 10]);
        (Rc::downgrade(&strong), strong)
    });
    check("Arc in a Vec", || {
        let a = Arc::new(vec![7u16; 3]);
        vec![a.clone(), a.clone(), a]
    });
}

#[test]
fn strings_of_every_kind_and_history() {
    check("CString", || CString::new("abc").unwrap());
    check("CString from a vec with spare", || {
        let mut bytes = Vec::with_capacity(40);
        bytes.extend_from_slice(b"abc");
        CString::new(bytes).unwrap()
    });
    check("OsString with capacity", || OsString::with_capacity(33));
    check("PathBuf pushed", || {
        let mut p = PathBuf::from("/a");
        p.push("bcd");
        p.push("efgh");
        p
    });
    check("Cow borrowed", || Cow::<str>::Borrowed("x"));
    check("Cow owned", || String::from_utf8_lossy(&[0xff, b'a']));
    check("String shrunk", || {
        let mut s = String::with_capacity(100);
        s.push_str("abc");
        s.shrink_to(10);
        s
    });
    check("Box<str> empty", || String::new().into_boxed_str());
}

#[test]
fn sequences_of_unusual_elements() {
    check("Vec<()> with capacity", || Vec::<()>::with_capacity(10));
    check("Vec<[u8; 0]>", || vec![[0u8; 0]; 5]);
    check("Vec<Line> grown", || {
        let mut v = vec![Line::default(); 3];
        v.push(Line::default());
        v
    });
    check("VecDeque rotated", || {
        let mut d: VecDeque<String> = (0..9).map(|i| i.to_string()).collect();
        d.rotate_left(4);
        d.push_front(String::from("front"));
        d
    });
    check("VecDeque made contiguous", || {
        let mut d: VecDeque<u32> = VecDeque::with_capacity(8);
        d.extend([1, 2, 3, 4, 5]);
        d.pop_front();
        d.push_back(6);
        d.push_back(7);
        d.push_back(8);
        d.make_contiguous();
        d
    });
    check("sorted vec from a heap", || {
        let heap: BinaryHeap<u32> = (0..30).collect();
        heap.into_sorted_vec()
    });
    check("Vec from a VecDeque", || {
        let mut d: VecDeque<String> = VecDeque::with_capacity(10);
        d.push_back(String::from("b"));
        d.push_front(String::from("a"));
        Vec::from(d)
    });
    check("vec::IntoIter part consumed", || {
        let mut it = vec![String::from("a"), String::from("b"), String::from("c")].into_iter();
        it.next();
        it
    });
    check("Box<[Vec<u8>]>", || {
        vec![vec![1u8; 3], Vec::with_capacity(7)].into_boxed_slice()
    });
}

#[test]
fn cells_locks_and_options() {
    check("RefCell<Vec>", || RefCell::new(vec![1u32; 4]));
    check("Mutex<String>", || Mutex::new(String::from("lock")));
    check("RwLock<Vec<String>>", || {
        RwLock::new(vec![String::from("r")])
    });
    check("OnceCell empty", OnceCell::<Vec<u8>>::new);
    check("OnceCell set", || {
        let c = OnceCell::new();
        c.set(vec![1u8; 9]).unwrap();
        c
    });
    check("OnceLock set", || {
        let c = OnceLock::new();
        c.set(String::from("once")).unwrap();
        c
    });
    check("Option<Box<Vec>>", || Some(Box::new(vec![1u64; 2])));
    check("Result Err", || Err::<u8, String>(String::from("failed")));
    check("HashMap from an array", || {
        HashMap::from([(1u8, String::from("a")), (2, String::new())])
    });
    check("HashMap drained", || {
        let mut m: HashMap<u32, String> = (0..50).map(|i| (i, i.to_string())).collect();
        m.drain().take(10).for_each(drop);
        m
    });
}
