//! Heap figures of std types against a counting allocator: the bytes and allocations a value
//! adds while it is built must equal what `memlayout::totals` reports for it.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/checks.rs"]
mod checks;

use std::any::Any;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::ffi::{CString, OsString};
use std::hash::BuildHasherDefault;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::rc::{self, Rc};
use std::sync::{Arc, Mutex, RwLock};

use checks::exact;
use memlayout::{Kind, Layout, Totals, TypeLayout};

/// Like [`exact`] for hash tables after removals: exact, or (when removals left tombstones
/// that hide the table size, more likely with narrower control groups as under Miri) an estimate
/// whose bounds hold the allocator's figure.
#[track_caller]
fn exact_or_bounded<T: Layout>(what: &str, build: impl FnOnce() -> T) -> (T, Totals) {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    assert_eq!(totals.allocations, usage.allocations, "{what}: allocations");
    let (low, high) = (totals.heap_bytes_low, totals.heap_bytes_high);
    assert!(
        low <= usage.bytes && usage.bytes <= high,
        "{what}: {} in {low}..={high}",
        usage.bytes
    );
    if totals.is_exact {
        assert_eq!(totals.heap_bytes, usage.bytes, "{what}: heap bytes");
    }
    (value, totals)
}

/// A test type aligned beyond a hash table's group width.
#[repr(align(32))]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
struct Align32(u8);

impl Layout for Align32 {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Align32>("Align32", Kind::Struct)
        .with_padding(core::mem::size_of::<Align32>() - 1);
    const IS_LEAF: bool = true;
}

#[test]
fn vec_empty_spare_shrunk_and_truncated() {
    exact("Vec::new", Vec::<u64>::new);
    exact("Vec::with_capacity(0)", || Vec::<u64>::with_capacity(0));
    exact("Vec::with_capacity(10)", || Vec::<u32>::with_capacity(10));
    exact("vec! of 5", || vec![7u16; 5]);
    exact("pushed past capacity", || {
        let mut v = Vec::new();
        for i in 0..37u64 {
            v.push(i);
        }
        v
    });
    let (v, totals) = exact("spare capacity", || {
        let mut v = Vec::with_capacity(100);
        v.extend(0..10u64);
        v
    });
    assert_eq!(totals.unused_capacity, (v.capacity() - v.len()) * 8);
    exact("after shrink_to_fit", || {
        let mut v = Vec::with_capacity(100);
        v.extend(0..10u64);
        v.shrink_to_fit();
        v
    });
    exact("after truncate and remove", || {
        let mut v: Vec<u64> = (0..50).collect();
        v.truncate(20);
        v.remove(3);
        v.swap_remove(0);
        v
    });
    exact("zero-sized elements", || vec![(); 1000]);
    exact("VecDeque of zero-sized elements", || {
        VecDeque::from(vec![(); 10])
    });
    exact("Vec<(u8, u32)>", || vec![(1u8, 2u32); 9]);
}

#[test]
fn vec_padding_counts_per_element() {
    let (v, totals) = exact("Vec<(u8, u32)>", || vec![(1u8, 2u32); 9]);
    let per = core::mem::size_of::<(u8, u32)>() - 5;
    assert_eq!(totals.heap_padding, v.len() * per);
}

#[test]
fn vec_nested() {
    exact("Vec<String>", || {
        let mut v = vec![String::new(), "abc".to_string(), String::with_capacity(40)];
        v.reserve(10);
        v
    });
    exact("Vec<Vec<u8>>", || {
        vec![vec![1u8; 3], Vec::with_capacity(8), Vec::new()]
    });
    exact("Vec<Box<u64>>", || (0..6).map(Box::new).collect::<Vec<_>>());
    exact("Vec<Option<Box<[u16]>>>", || {
        vec![
            None,
            Some(vec![1u16, 2, 3].into_boxed_slice()),
            Some(Box::default()),
        ]
    });
}

#[test]
fn vecdeque_wrapped_and_nested() {
    exact("VecDeque::new", VecDeque::<u8>::new);
    exact("VecDeque wrapped", || {
        let mut d = VecDeque::with_capacity(8);
        for i in 0..6u32 {
            d.push_back(i);
        }
        for i in 0..3u32 {
            d.pop_front();
            d.push_back(i);
        }
        d.push_front(99);
        d
    });
    let (d, _) = exact("VecDeque<String> wrapped", || {
        let mut d: VecDeque<String> = VecDeque::with_capacity(4);
        d.push_back("back".into());
        d.push_front("front-1".into());
        d.push_front(String::with_capacity(33));
        d
    });
    let (front, back) = d.as_slices();
    assert!(
        !front.is_empty() && !back.is_empty(),
        "the test wraps around"
    );
    exact("VecDeque shrunk", || {
        let mut d: VecDeque<u64> = (0..100).collect();
        d.drain(..90);
        d.shrink_to_fit();
        d
    });
}

#[test]
fn strings() {
    exact("String::new", String::new);
    exact("String with spare", || {
        let mut s = String::with_capacity(64);
        s.push_str("hello");
        s
    });
    exact("String grown", || {
        let mut s = String::new();
        for _ in 0..20 {
            s.push_str("abc");
        }
        s
    });
    exact("String shrunk", || {
        let mut s = String::with_capacity(64);
        s.push_str("hello");
        s.shrink_to_fit();
        s
    });
    exact("Box<str>", || Box::<str>::from("boxed text"));
    exact("empty Box<str>", || Box::<str>::from(""));
    exact("OsString", || {
        let mut s = OsString::with_capacity(30);
        s.push("os");
        s
    });
    exact("PathBuf", || {
        let mut p = PathBuf::with_capacity(50);
        p.push("/tmp");
        p.push("file.txt");
        p
    });
    exact("Box<Path>", || PathBuf::from("/a/b/c").into_boxed_path());
    exact("CString", || CString::new("nul terminated").unwrap());
    exact("CString from Vec with spare", || {
        let mut bytes = Vec::with_capacity(100);
        bytes.extend_from_slice(b"abc");
        CString::new(bytes).unwrap()
    });
    exact("Box<CStr>", || {
        CString::new("x").unwrap().into_boxed_c_str()
    });
    exact("Cow<str> borrowed", || Cow::Borrowed("static"));
    exact("Cow<str> owned", || Cow::<str>::Owned("owned".repeat(3)));
    exact("Cow<[u32]> owned", || Cow::<[u32]>::Owned(vec![1, 2, 3]));
}

#[test]
fn cstring_is_its_bytes_and_nul() {
    let (c, totals) = exact("CString", || CString::new(vec![b'a'; 17]).unwrap());
    assert_eq!(totals.heap_bytes, c.as_bytes_with_nul().len());
}

#[test]
fn boxes() {
    exact("Box<u64>", || Box::new(5u64));
    exact("Box<()>", || Box::new(()));
    exact("Box<[u8]>", || vec![1u8; 13].into_boxed_slice());
    exact("empty Box<[u64]>", || Vec::<u64>::new().into_boxed_slice());
    exact("Box<[String]>", || {
        vec!["a".to_string(), "bb".to_string()].into_boxed_slice()
    });
    exact("Box<Vec<u8>>", || Box::new(vec![0u8; 100]));
    exact("Box<Box<u128>>", || Box::new(Box::new(1u128)));
    exact("Box<Align32>", || Box::new(Align32(1)));
    exact("Option<Box<String>>", || Some(Box::new("x".repeat(10))));
    exact("Option<Box<u8>> None", || None::<Box<u8>>);
}

#[test]
fn box_dyn_any_counts_the_box_but_is_not_exact() {
    let (b, usage) = alloc::measure(|| Box::new(12u64) as Box<dyn Any>);
    let totals = memlayout::totals(&b);
    assert_eq!(totals.heap_bytes, usage.bytes);
    assert_eq!(totals.allocations, usage.allocations);
    assert!(!totals.is_exact, "trait object contents are not inspected");
    let (b, usage) = alloc::measure(|| {
        Box::new(std::io::Error::other("boxed")) as Box<dyn std::error::Error + Send + Sync>
    });
    let totals = memlayout::totals(&b);
    assert!(totals.heap_bytes <= usage.bytes);
    assert!(!totals.is_exact);
}

#[test]
fn result_option_tuple_array() {
    let _ = exact("Result Ok", || Ok::<String, Vec<u8>>("ok".into()));
    let _ = exact("Result Err", || Err::<String, Vec<u8>>(vec![1, 2, 3]));
    exact("tuple", || {
        ("a".to_string(), vec![1u32; 4], 7u8, Box::new(3i64))
    });
    exact("array of String", || {
        ["a".to_string(), String::new(), "ccc".repeat(5)]
    });
    exact("array of arrays", || {
        [[Some(Box::new(1u8)), None], [None, Some(Box::new(2))]]
    });
    exact("ManuallyDrop<String>", || {
        ManuallyDrop::new("kept".to_string())
    });
    exact("Reverse<String>", || std::cmp::Reverse("r".repeat(5)));
    exact("Wrapping<u8>", || std::num::Wrapping(3u8));
}

#[test]
fn binary_heap_and_linked_list() {
    exact("BinaryHeap", || {
        let mut h = BinaryHeap::with_capacity(20);
        h.extend([5u32, 1, 9, 3]);
        h
    });
    exact("BinaryHeap<String>", || {
        let mut h: BinaryHeap<String> = ["x", "yy", "zzz"].iter().map(|s| s.to_string()).collect();
        h.pop();
        h
    });
    exact("LinkedList<u64>", || (0..10u64).collect::<LinkedList<_>>());
    exact("LinkedList<u8>", || (0..3u8).collect::<LinkedList<_>>());
    exact("LinkedList<u128>", || (0..4u128).collect::<LinkedList<_>>());
    exact("LinkedList<Align32>", || {
        (0..4u8).map(Align32).collect::<LinkedList<_>>()
    });
    exact("LinkedList<String>", || {
        ["a", "bb", ""]
            .iter()
            .map(|s| s.to_string())
            .collect::<LinkedList<_>>()
    });
    exact("LinkedList<()>", || {
        [(), (), ()].into_iter().collect::<LinkedList<_>>()
    });
    exact("LinkedList empty", LinkedList::<String>::new);
}

/// Every capacity `with_capacity` can ask for up to 600, and tables grown by inserting, for
/// slot types of several sizes and alignments.
fn hash_tables_of<K, V>(key: impl Fn(usize) -> K, value: impl Fn(usize) -> V) -> usize
where
    K: Layout + Eq + std::hash::Hash,
    V: Layout,
{
    let mut checked = 0;
    for capacity in 0..600 {
        exact("HashMap::with_capacity", || {
            HashMap::<K, V>::with_capacity(capacity)
        });
        exact("HashMap filled to capacity", || {
            let mut m = HashMap::<K, V>::with_capacity(capacity);
            for i in 0..capacity {
                m.insert(key(i), value(i));
            }
            m
        });
        checked += 2;
    }
    exact("HashMap grown by inserts", || {
        let mut m = HashMap::<K, V>::new();
        for i in 0..1000 {
            m.insert(key(i), value(i));
        }
        m
    });
    exact("HashMap shrunk", || {
        let mut m = HashMap::<K, V>::with_capacity(500);
        for i in 0..40 {
            m.insert(key(i), value(i));
        }
        m.shrink_to_fit();
        m
    });
    exact("HashMap cleared", || {
        let mut m = HashMap::<K, V>::new();
        for i in 0..100 {
            m.insert(key(i), value(i));
        }
        m.clear();
        m
    });
    checked + 3
}

#[test]
fn hash_table_formula_across_sizes_and_alignments() {
    let mut checked = 0;
    checked += hash_tables_of(|i| i as u8, |_| ());
    checked += hash_tables_of(|i| i as u16, |i| i as u8);
    checked += hash_tables_of(|i| i as u32, |i| i as u64);
    checked += hash_tables_of(|i| i as u64, |i| [i as u8; 3]);
    checked += hash_tables_of(|i| i as u128, |i| i as u8);
    checked += hash_tables_of(|i| (i as u64, i as u64), |i| [i as u64; 3]);
    checked += hash_tables_of(|i| i as u16, |i| Align32(i as u8));
    for capacity in [1000, 1792, 1793, 5000, 100_000, 1 << 20] {
        exact("large u8 table", || HashSet::<u8>::with_capacity(capacity));
        exact("large (u64, [u64; 3]) table", || {
            HashMap::<u64, [u64; 3]>::with_capacity(capacity)
        });
        checked += 2;
    }
    assert!(checked > 4000);
}

#[test]
fn hash_sets_and_hashers() {
    for capacity in [0, 1, 3, 4, 7, 8, 14, 15, 28, 29, 100, 1000] {
        exact("HashSet<u8>", || HashSet::<u8>::with_capacity(capacity));
        exact("HashSet<()>: control bytes only", || {
            let mut s = HashSet::<()>::with_capacity(capacity);
            s.insert(());
            s
        });
        exact("HashSet<String>", || {
            let mut s = HashSet::with_capacity(capacity);
            for i in 0..capacity.min(200) {
                s.insert(format!("key{i}"));
            }
            s
        });
    }
    type Fixed = BuildHasherDefault<std::collections::hash_map::DefaultHasher>;
    exact("HashMap with another hasher", || {
        let mut m: HashMap<u32, String, Fixed> = HashMap::default();
        m.extend((0..50).map(|i| (i, i.to_string())));
        m
    });
}

#[test]
fn hash_maps_nested_and_after_removals() {
    exact("HashMap<String, Vec<u32>>", || {
        let mut m: HashMap<String, Vec<u32>> = HashMap::new();
        for i in 0..30u32 {
            m.insert(format!("k{i}"), (0..i).collect());
        }
        m.get_mut("k3").unwrap().reserve(100);
        m
    });
    exact_or_bounded("removals from a lightly loaded table", || {
        let mut m: HashMap<u32, String> = HashMap::with_capacity(200);
        for i in 0..100u32 {
            m.insert(i, format!("{i}"));
        }
        for i in (0..100u32).step_by(3) {
            m.remove(&i);
        }
        m
    });
    exact_or_bounded("removals from a small full table", || {
        let mut m: HashMap<u16, u16> = HashMap::new();
        for i in 0..14 {
            m.insert(i, i);
        }
        for i in 0..10 {
            m.remove(&i);
        }
        m
    });
    exact("Box<HashMap>", || {
        Box::new(HashMap::<u8, u8>::from([(1, 2), (3, 4)]))
    });
}

/// A nearly full large table loses entries: some removals leave tombstones, which lower
/// `capacity()` below any table size. The figure is then an estimate whose bounds must hold the
/// truth (and is exact again when no tombstone was left).
#[test]
fn hash_map_tombstones_are_bounded() {
    let mut estimates = 0;
    for (buckets_log, removed) in [(6, 10), (8, 50), (10, 300), (12, 3000), (14, 14000)] {
        let capacity = (1usize << buckets_log) / 8 * 7;
        let (m, usage) = alloc::measure(|| {
            let mut m: HashMap<u64, u64> = HashMap::with_capacity(capacity);
            for i in 0..capacity as u64 {
                m.insert(i.wrapping_mul(0x9E37_79B9_7F4A_7C15), i);
            }
            for i in 0..removed as u64 {
                m.remove(&i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
            m
        });
        let totals = memlayout::totals(&m);
        eprintln!(
            "tombstones: {} buckets, {removed} removed: capacity() {}, truth {}, reported {} in {}..={}",
            1usize << buckets_log,
            m.capacity(),
            usage.bytes,
            totals.heap_bytes,
            totals.heap_bytes_low,
            totals.heap_bytes_high
        );
        assert_eq!(totals.allocations, usage.allocations);
        assert!(
            totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
            "{} in {}..={}",
            usage.bytes,
            totals.heap_bytes_low,
            totals.heap_bytes_high
        );
        if totals.is_exact {
            assert_eq!(totals.heap_bytes, usage.bytes);
        } else {
            estimates += 1;
            assert_eq!(
                totals.heap_bytes, usage.bytes,
                "best estimate from the entries' span"
            );
        }
    }
    assert!(estimates > 0, "the scenario leaves tombstones");
}

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

#[test]
fn write_key_forms() {
    fn key<T: Layout + ?Sized>(value: &T) -> Option<String> {
        let mut out = String::new();
        value.write_key(&mut out).then_some(out)
    }
    assert_eq!(key(&String::from("math")).as_deref(), Some("\"math\""));
    assert_eq!(key("math").as_deref(), Some("\"math\""));
    assert_eq!(key(&&"x").as_deref(), Some("\"x\""));
    assert_eq!(key(&42u32).as_deref(), Some("42"));
    assert_eq!(key(&-3i8).as_deref(), Some("-3"));
    assert_eq!(key(&'c').as_deref(), Some("'c'"));
    assert_eq!(key(&true).as_deref(), Some("true"));
    assert_eq!(key(&("a", 1u8)).as_deref(), Some("(\"a\", 1)"));
    assert_eq!(key(&(7u8,)).as_deref(), Some("(7,)"));
    assert_eq!(key(&Rc::<str>::from("rc")).as_deref(), Some("\"rc\""));
    assert_eq!(key(Path::new("/tmp")).as_deref(), Some("\"/tmp\""));
    assert_eq!(key(&CString::new("c").unwrap()).as_deref(), Some("\"c\""));
    assert_eq!(key(c"c").as_deref(), Some("\"c\""));
    assert_eq!(key(&vec![1u8]), None);
    assert_eq!(
        key(&("a", vec![1u8])),
        None,
        "a tuple with a part that has no key"
    );
}

/// Figures of one B-tree against the allocator: the bounds must hold the truth.
#[derive(Default)]
struct BTreeStats {
    cases: usize,
    best_exact: usize,
    /// Largest `high / truth` and `truth / low` seen over maps of 10 nodes or more.
    worst_high: f64,
    worst_low: f64,
}

impl BTreeStats {
    #[track_caller]
    fn check<T: Layout>(&mut self, what: &str, build: impl FnOnce() -> T) {
        let (value, usage) = alloc::measure(build);
        let totals = memlayout::totals(&value);
        assert!(!totals.is_exact, "{what}: a B-tree's figure is an estimate");
        let (low, high) = (totals.heap_bytes_low, totals.heap_bytes_high);
        assert!(
            low <= usage.bytes && usage.bytes <= high,
            "{what}: {} not in {low}..={high}",
            usage.bytes
        );
        assert!(
            low <= totals.heap_bytes && totals.heap_bytes <= high,
            "{what}: estimate in bounds"
        );
        self.cases += 1;
        if totals.heap_bytes == usage.bytes && totals.allocations == usage.allocations {
            self.best_exact += 1;
        }
        // Bound tightness, over maps large enough for the fill pattern to matter.
        if totals.allocations >= 10 {
            self.worst_high = self.worst_high.max(high as f64 / usage.bytes as f64);
            self.worst_low = self.worst_low.max(usage.bytes as f64 / low.max(1) as f64);
        }
    }
}

/// A small deterministic generator (xorshift) for insertion orders.
fn shuffled(len: u64, seed: u64) -> Vec<u64> {
    let mut state = seed | 1;
    let mut keys: Vec<u64> = (0..len).collect();
    for i in (1..keys.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        keys.swap(i, (state % (i as u64 + 1)) as usize);
    }
    keys
}

#[test]
fn btree_bounds_hold_the_allocator_figure() {
    let mut stats = BTreeStats::default();
    for len in (0..300u64).chain([500, 1000, 3000, 10_000]) {
        stats.check("sorted collect", || {
            (0..len).map(|i| (i, i as u8)).collect::<BTreeMap<_, _>>()
        });
        stats.check("sequential inserts", || {
            let mut m = BTreeMap::new();
            for i in 0..len {
                m.insert(i, [i as u32; 3]);
            }
            m
        });
        stats.check("random inserts", || {
            let mut m = BTreeMap::new();
            for k in shuffled(len, len + 7) {
                m.insert(k, ());
            }
            m
        });
        stats.check("random inserts, half removed", || {
            let mut m = BTreeMap::new();
            for k in shuffled(len * 2, len + 11) {
                m.insert(k as u16, k as u128);
            }
            for k in shuffled(len * 2, len + 13).into_iter().take(len as usize) {
                m.remove(&(k as u16));
            }
            m
        });
        stats.check("reverse inserts, set", || {
            (0..len).rev().map(|i| i as u32).collect::<BTreeSet<_>>()
        });
        stats.check("set built by inserts", || {
            let mut s = BTreeSet::new();
            for k in shuffled(len, 3) {
                s.insert(Align32(k as u8));
                s.insert(Align32((k >> 8) as u8));
            }
            s
        });
        stats.check("split off", || {
            let mut m: BTreeMap<u64, u64> =
                shuffled(len * 3, 5).into_iter().map(|k| (k, k)).collect();
            m.split_off(&(len / 2))
        });
        stats.check("left of a split", || {
            let mut m: BTreeMap<u64, u64> = (0..len * 3).map(|k| (k, k)).collect();
            let _right = m.split_off(&(len * 2 + 1));
            m
        });
        stats.check("appended", || {
            let mut a: BTreeMap<u32, u8> = (0..len as u32).step_by(2).map(|k| (k, 0)).collect();
            let mut b: BTreeMap<u32, u8> =
                (0..len as u32).skip(1).step_by(2).map(|k| (k, 1)).collect();
            a.append(&mut b);
            a
        });
        stats.check("retain and pop", || {
            let mut s: BTreeSet<u64> = shuffled(len * 2, 9).into_iter().collect();
            s.retain(|k| k % 3 != 0);
            for _ in 0..len / 4 {
                s.pop_first();
                s.pop_last();
            }
            s
        });
        stats.check("nested strings", || {
            (0..len.min(50))
                .map(|i| (i.to_string(), vec![i; i as usize % 4]))
                .collect::<BTreeMap<_, _>>()
        });
    }
    stats.check("emptied by removals", || {
        let mut m = BTreeMap::from([(1u8, 1u8)]);
        m.remove(&1);
        m
    });
    eprintln!(
        "btree: {} cases, best estimate exact in {}, high <= {:.2} x truth, truth <= {:.2} x low",
        stats.cases, stats.best_exact, stats.worst_high, stats.worst_low
    );
    assert!(
        stats.best_exact * 10 >= stats.cases * 9,
        "the best estimate is usually exact"
    );
}

#[test]
fn reading_static_layout_allocates_nothing() {
    let (sizes, usage) = alloc::measure(|| {
        let layout = <(
            HashMap<String, Vec<u8>>,
            [Option<Rc<str>>; 4],
            Cow<'static, str>,
        ) as Layout>::LAYOUT;
        let fields: usize = layout
            .fields
            .iter()
            .map(|f| (f.layout)().size + f.offset)
            .sum();
        let order = layout.fields_in_memory_order().count();
        fields + order + layout.padding_bytes
    });
    assert!(sizes > 0);
    assert_eq!(usage.allocations, 0);
}

#[test]
fn io_errors() {
    use std::io::{Error, ErrorKind};
    #[derive(Debug)]
    struct Unit;
    impl std::fmt::Display for Unit {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("unit")
        }
    }
    impl std::error::Error for Unit {}
    #[derive(Debug)]
    struct Wide([u64; 5]);
    impl std::fmt::Display for Wide {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "wide {}", self.0[0])
        }
    }
    impl std::error::Error for Wide {}

    exact("io::Error from a kind", || Error::from(ErrorKind::NotFound));
    exact("io::Error from an OS code", || Error::from_raw_os_error(2));
    // A wrapped error: both boxes counted exactly, but its contents are a trait object.
    for (what, (error, usage)) in [
        (
            "zero-sized",
            alloc::measure(|| Error::new(ErrorKind::InvalidData, Unit)),
        ),
        ("40 bytes", alloc::measure(|| Error::other(Wide([1; 5])))),
    ] {
        let totals = memlayout::totals(&error);
        assert_eq!(totals.heap_bytes, usage.bytes, "{what}");
        assert_eq!(totals.allocations, usage.allocations, "{what}");
        assert!(!totals.is_exact, "{what}: the wrapped error is opaque");
    }
}

#[test]
fn pinned_boxes() {
    exact("Pin<Box<String>>", || Box::pin("pinned".to_string()));
    exact("Pin<Box<[u32]>>", || {
        std::pin::Pin::from(vec![1u32; 6].into_boxed_slice())
    });
}
