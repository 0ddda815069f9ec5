//! Std types after histories the other tests do not use (clones, deserialising, `collect` with
//! and without exact size hints, `retain`, `drain`, `split_off`, `shrink_to`, clone-on-write,
//! wrapped deques, B-trees split and drained...), each value checked in every walk against the
//! counting allocator (see `hunt_support`); also what `shrink_to_fit` gives back, and a cycle's
//! leak figure.
#![cfg(feature = "alloc")]

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod hunt_support;

use hunt_support::check;
#[cfg(feature = "std")]
use hunt_support::reclaims;
use memlayout::DropOrderExt;

fn strings(n: usize) -> Vec<String> {
    (0..n).map(|i| "x".repeat(i % 7 + 1)).collect()
}

#[test]
fn vec_and_string_histories() {
    check("cloned vec", || {
        let mut v = Vec::with_capacity(100);
        v.extend(strings(10));
        v.clone()
    });
    check("collect filter", || {
        (0..100u32).filter(|i| i % 3 == 0).collect::<Vec<_>>()
    });
    check("collect chain", || {
        (0..10u64).chain(5..50).collect::<Vec<_>>()
    });
    check("extend", || {
        let mut v = vec![1u16; 3];
        v.extend((0..33u16).filter(|i| i % 2 == 0));
        v
    });
    check("retain", || {
        let mut v = strings(40);
        v.retain(|s| s.len() > 3);
        v
    });
    check("drain", || {
        let mut v = strings(40);
        let d: Vec<String> = v.drain(5..30).collect();
        (v, d)
    });
    check("truncate split_off", || {
        let mut v = strings(50);
        let tail = v.split_off(20);
        v.truncate(3);
        (v, tail)
    });
    check("shrink_to", || {
        let mut v: Vec<u32> = Vec::with_capacity(1000);
        v.extend(0..10);
        v.shrink_to(100);
        v
    });
    check("reserve_exact", || {
        let mut v = vec![1u8];
        v.reserve_exact(77);
        v
    });
    check("insert remove 0", || {
        let mut v = strings(9);
        v.insert(0, "front".into());
        v.remove(0);
        v.remove(0);
        v
    });
    check("boxed slice and back", || {
        let mut v = Vec::with_capacity(64);
        v.extend(strings(5));
        let b = v.into_boxed_slice();
        let mut v = b.into_vec();
        v.push("again".into());
        v
    });
    check("vec from string", || {
        let mut s = String::with_capacity(90);
        s.push_str("hello");
        Vec::from(s)
    });
    check("from_utf8", || String::from_utf8(vec![b'a'; 33]).unwrap());
    check("from_utf16", || String::from_utf16(&[0x61u16; 50]).unwrap());
    check("mem take", || {
        let mut v = strings(8);
        let taken = core::mem::take(&mut v);
        (v, taken)
    });
    check("zst vec", || {
        let mut v = vec![(); 1000];
        v.shrink_to_fit();
        v
    });
    check("boxed strs", || {
        strings(6)
            .into_iter()
            .map(String::into_boxed_str)
            .collect::<Vec<_>>()
    });
}

#[test]
fn shared_histories() {
    use std::rc::Rc;
    use std::sync::Arc;
    check("rc make_mut", || {
        let a = Rc::new(strings(4));
        let mut b = Rc::clone(&a);
        Rc::make_mut(&mut b).push("more".into());
        (a, b)
    });
    check("arc make_mut unique", || {
        let mut a = Arc::new(String::from("abc"));
        Arc::make_mut(&mut a).push_str("defghijklmnop");
        a
    });
    check("rc try_unwrap", || {
        let a = Rc::new(strings(3));
        Rc::try_unwrap(a).unwrap()
    });
    check("rc vec of clones", || {
        let a: Rc<str> = Rc::from("shared text");
        vec![a.clone(), a.clone(), a]
    });
    check("arc slice collected", || (0..40u8).collect::<Arc<[u8]>>());
    check("rc strings from iter", || {
        strings(5).into_iter().collect::<Rc<[String]>>()
    });
}

#[cfg(feature = "std")]
#[test]
fn std_collection_histories() {
    use std::collections::{
        BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque,
    };
    check("deque wrapped", || {
        let mut d: VecDeque<String> = VecDeque::with_capacity(8);
        for s in strings(6) {
            d.push_back(s);
        }
        for _ in 0..4 {
            d.pop_front();
        }
        for s in strings(5) {
            d.push_back(s);
        }
        d
    });
    check("deque make_contiguous", || {
        let mut d: VecDeque<String> = VecDeque::with_capacity(8);
        for s in strings(6) {
            d.push_back(s);
        }
        d.pop_front();
        d.pop_front();
        d.push_back("a".into());
        d.push_back("b".into());
        d.push_front("c".into());
        d.make_contiguous();
        d
    });
    check("heap into_sorted_vec", || {
        let h: BinaryHeap<String> = strings(20).into_iter().collect();
        h.into_sorted_vec()
    });
    check("binary heap", || {
        strings(20).into_iter().collect::<BinaryHeap<_>>()
    });
    check("map clear refill", || {
        let mut m: HashMap<String, Vec<u8>> =
            (0..100).map(|i| (i.to_string(), vec![0; i])).collect();
        m.clear();
        m.extend((0..3).map(|i| (i.to_string(), vec![1; i])));
        m
    });
    check("map cloned", || {
        let mut m: HashMap<u64, String> = HashMap::with_capacity(200);
        m.extend((0..10).map(|i| (i, i.to_string())));
        m.clone()
    });
    check("map removed", || {
        let mut m: HashMap<String, String> =
            (0..50).map(|i| (i.to_string(), "v".repeat(i))).collect();
        m.retain(|k, _| k.len() == 1);
        m
    });
    check("map custom hasher", || {
        #[derive(Default, Clone)]
        struct Fx(u64);
        impl core::hash::Hasher for Fx {
            fn finish(&self) -> u64 {
                self.0
            }
            fn write(&mut self, bytes: &[u8]) {
                for b in bytes {
                    self.0 = self.0.rotate_left(5) ^ u64::from(*b);
                }
            }
        }
        let mut m: HashMap<u32, String, core::hash::BuildHasherDefault<Fx>> =
            HashMap::with_capacity_and_hasher(30, Default::default());
        m.extend((0..20).map(|i| (i, i.to_string())));
        m
    });
    check("set shrink_to", || {
        let mut s: HashSet<String> = strings(60)
            .into_iter()
            .enumerate()
            .map(|(i, s)| s + &i.to_string())
            .collect();
        s.retain(|x| x.len() < 4);
        s.shrink_to(5);
        s
    });
    check("btree split_off", || {
        let mut m: BTreeMap<u32, String> = (0..100).map(|i| (i, i.to_string())).collect();
        let tail = m.split_off(&37);
        (m, tail)
    });
    check("btree set retain", || {
        let mut s: BTreeSet<String> = strings(30)
            .into_iter()
            .enumerate()
            .map(|(i, s)| s + &i.to_string())
            .collect();
        s.retain(|x| x.len() % 2 == 0);
        s
    });
    check("linked list split", || {
        let mut l: LinkedList<String> = strings(10).into_iter().collect();
        let tail = l.split_off(4);
        (l, tail)
    });
    check("map values vecs", || {
        let mut m: HashMap<u8, Vec<String>> = HashMap::new();
        for i in 0..30u8 {
            m.entry(i % 4).or_default().push(i.to_string());
        }
        m
    });
}

#[cfg(feature = "std")]
#[test]
fn os_strings_and_paths() {
    use std::ffi::{CString, OsString};
    use std::path::PathBuf;
    check("cstring", || CString::new("hello there").unwrap());
    check("cstring into_bytes", || {
        CString::new("hello there").unwrap().into_bytes()
    });
    check("cstring into_bytes_with_nul", || {
        CString::new(vec![b'z'; 40]).unwrap().into_bytes_with_nul()
    });
    check("cstring from vec with spare", || {
        let mut v = Vec::with_capacity(100);
        v.extend_from_slice(b"abc");
        CString::new(v).unwrap()
    });
    check("pathbuf pushes", || {
        let mut p = PathBuf::new();
        for i in 0..40 {
            p.push(format!("dir{i}"));
        }
        p
    });
    check("osstring reserve", || {
        let mut s = OsString::from("abc");
        s.reserve(500);
        s
    });
    check("pathbuf into boxed", || {
        PathBuf::from("/a/b/c").into_boxed_path()
    });
    check("osstring into boxed", || {
        OsString::from("abcdef").into_boxed_os_str()
    });
}

#[derive(memlayout::Layout)]
struct Holder {
    name: String,
    list: Vec<Vec<u8>>,
    next: Option<Box<Holder>>,
}

#[test]
fn nested_in_derived_and_chains() {
    check("chain of holders", || {
        let mut head: Option<Box<Holder>> = None;
        for i in 0..12 {
            let mut list = Vec::with_capacity(i + 2);
            list.extend((0..i).map(|j| vec![0u8; j]));
            let mut name = i.to_string();
            name.reserve_exact(i);
            head = Some(Box::new(Holder {
                name: name.clone(),
                list: list.clone(),
                next: head,
            }));
        }
        head
    });
}

#[cfg(feature = "serde_json")]
#[test]
fn deserialised() {
    use std::collections::HashMap;
    check("json vec", || {
        serde_json::from_str::<Vec<u32>>("[1,2,3,4,5,6,7,8,9,10,11]").unwrap()
    });
    check("json vec strings", || {
        serde_json::from_str::<Vec<String>>(r#"["a","bcdefgh","","ijklmnopqrstuvwxyz"]"#).unwrap()
    });
    check("json string escaped", || {
        serde_json::from_str::<String>(r#""ab\ncd\u00e9""#).unwrap()
    });
    check("json map", || {
        serde_json::from_str::<HashMap<String, Vec<u8>>>(r#"{"a":[1,2],"bb":[],"ccc":[3,4,5,6,7]}"#)
            .unwrap()
    });
    check("json value", || {
        serde_json::from_str::<serde_json::Value>(
            r#"{"a":[1,2.5,"x",null,{"k":"vvvvvvvvvvvvvvvvvvvvvvvvv"}],"b":{"c":[[],[[]]]},"d":"e\nf"}"#,
        )
        .unwrap()
    });
    check("json value cloned", || {
        let v: serde_json::Value =
            serde_json::from_str(r#"[1,2,3,"abcdef",[4,5],{"x":1}]"#).unwrap();
        v.clone()
    });
    check("json value many keys", || {
        let text = format!(
            "{{{}}}",
            (0..40)
                .map(|i| format!("\"k{i}\":{i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    });
    check("json value taken", || {
        let mut v: serde_json::Value = serde_json::from_str(r#"{"a":[1,2,3],"b":"ss"}"#).unwrap();
        let a = v["a"].take();
        (v, a)
    });
}

#[cfg(feature = "std")]
#[test]
fn reclaimable_after_histories() {
    use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
    for full in [0usize, 1, 3, 4, 7, 8, 14, 15, 28, 29, 60, 200] {
        for kept in [0usize, 1, 2, 3, 4, 6, 7, 8, 13, 14, 15, 27] {
            if kept > full {
                continue;
            }
            let what = format!("{full} then {kept}");
            reclaims(
                &format!("u8 map {what}"),
                || {
                    let mut m: HashMap<u8, ()> = (0..full as u8).map(|k| (k, ())).collect();
                    m.retain(|k, _| (*k as usize) < kept);
                    m
                },
                HashMap::shrink_to_fit,
            );
            reclaims(
                &format!("u16 set {what}"),
                || {
                    let mut s: HashSet<u16> = (0..full as u16).collect();
                    s.retain(|k| (*k as usize) < kept);
                    s
                },
                HashSet::shrink_to_fit,
            );
            reclaims(
                &format!("u32 set {what}"),
                || {
                    let mut s: HashSet<u32> = (0..full as u32).collect();
                    s.retain(|k| (*k as usize) < kept);
                    s
                },
                HashSet::shrink_to_fit,
            );
            reclaims(
                &format!("string map {what}"),
                || {
                    let mut m: HashMap<String, [u8; 3]> =
                        (0..full).map(|k| (k.to_string(), [0; 3])).collect();
                    m.retain(|k, _| k.parse::<usize>().unwrap() < kept);
                    m
                },
                HashMap::shrink_to_fit,
            );
            reclaims(
                &format!("u8 map cleared {what}"),
                || {
                    let mut m: HashMap<u8, ()> = (0..full as u8).map(|k| (k, ())).collect();
                    m.clear();
                    m.extend((0..kept as u8).map(|k| (k, ())));
                    m
                },
                HashMap::shrink_to_fit,
            );
            reclaims(
                &format!("deque {what}"),
                || {
                    let mut d: VecDeque<u32> = (0..full as u32).collect();
                    d.rotate_left(full / 2);
                    d.truncate(kept);
                    d
                },
                VecDeque::shrink_to_fit,
            );
            reclaims(
                &format!("heap {what}"),
                || {
                    let mut h: BinaryHeap<u32> = (0..full as u32).collect();
                    while h.len() > kept {
                        h.pop();
                    }
                    h
                },
                BinaryHeap::shrink_to_fit,
            );
            reclaims(
                &format!("path {what}"),
                || {
                    let mut p = std::path::PathBuf::with_capacity(full);
                    p.push("a".repeat(kept));
                    p
                },
                std::path::PathBuf::shrink_to_fit,
            );
            reclaims(
                &format!("os string {what}"),
                || {
                    let mut s = std::ffi::OsString::with_capacity(full);
                    s.push("b".repeat(kept));
                    s
                },
                std::ffi::OsString::shrink_to_fit,
            );
        }
    }
}

#[repr(align(64))]
#[derive(Clone, Default, memlayout::Layout)]
struct Line {
    byte: u8,
}

#[derive(memlayout::Layout)]
struct TreeNode {
    parent: std::cell::RefCell<std::rc::Weak<TreeNode>>,
    children: std::cell::RefCell<Vec<std::rc::Rc<TreeNode>>>,
    name: String,
}

#[cfg(feature = "std")]
#[test]
fn pointers_zero_sized_and_over_aligned() {
    use std::rc::{Rc, Weak};
    use std::sync::{Arc, Mutex, RwLock};
    check("rc unit", || Rc::new(()));
    check("rc line", || Rc::new(Line::default()));
    check("arc lines", || {
        Arc::<[Line]>::from(vec![Line::default(); 3])
    });
    check("rc empty slice", || Rc::<[u64]>::from(Vec::new()));
    check("rc empty str", || Rc::<str>::from(""));
    check("box zst slice", || vec![(); 10].into_boxed_slice());
    check("box empty str", || {
        String::with_capacity(10).into_boxed_str()
    });
    check("vec lines shrunk", || {
        let mut v = vec![Line::default(); 10];
        v.truncate(3);
        v.shrink_to(5);
        v
    });
    check("weak outliving", || {
        let rc = Rc::new("w".repeat(40));
        let weak = Rc::downgrade(&rc);
        drop(rc);
        weak
    });
    check("weak new", Weak::<String>::new);
    check("weaks and rc", || {
        let rc = Rc::new(vec![1u8; 9]);
        (Rc::downgrade(&rc), rc.clone(), Rc::downgrade(&rc), rc)
    });
    check("make_mut with weak", || {
        let mut rc = Rc::new("m".repeat(20));
        let weak = Rc::downgrade(&rc);
        Rc::make_mut(&mut rc).push('!');
        (rc, weak)
    });
    check("arc mutex vec", || Arc::new(Mutex::new(vec![0u16; 33])));
    check("rwlock strings", || RwLock::new(vec!["r".repeat(5); 4]));
    check("cow owned", || String::from_utf8_lossy(&[0xff, b'a', b'b']));
    check("cow borrowed", || String::from_utf8_lossy(b"plain"));
    check("cstring default", std::ffi::CString::default);
    check("cstring from vec with nul", || {
        let mut v = Vec::with_capacity(50);
        v.extend_from_slice(b"abc\0");
        std::ffi::CString::from_vec_with_nul(v).unwrap()
    });
    check("box dyn over-aligned", || {
        Box::new(Line::default()) as Box<dyn std::any::Any>
    });
    check("box dyn zst", || Box::new(()) as Box<dyn std::any::Any>);
    check("tree with weak parents", || {
        let root = Rc::new(TreeNode {
            parent: Default::default(),
            children: Default::default(),
            name: "root".into(),
        });
        for i in 0..5 {
            let child = Rc::new(TreeNode {
                parent: std::cell::RefCell::new(Rc::downgrade(&root)),
                children: Default::default(),
                name: i.to_string(),
            });
            root.children.borrow_mut().push(child);
        }
        root
    });
    check("option box chain of rcs", || {
        let shared = Rc::new("s".repeat(30));
        let list: Vec<Option<Box<Rc<String>>>> = (0..10)
            .map(|i| (i % 2 == 0).then(|| Box::new(shared.clone())))
            .collect();
        drop(shared);
        list
    });
}

#[test]
fn rc_cycle_leak_is_the_allocators() {
    use std::rc::Rc;
    let (node, usage) = alloc::measure(|| {
        let node = Rc::new(TreeNode {
            parent: Default::default(),
            children: Default::default(),
            name: "cycle".repeat(3),
        });
        let child = Rc::new(TreeNode {
            parent: Default::default(),
            children: std::cell::RefCell::new(vec![node.clone()]),
            name: "child".into(),
        });
        node.children.borrow_mut().push(child);
        node
    });
    let order = node.drop_order();
    assert_eq!(memlayout::totals(&node).heap_bytes, usage.bytes);
    assert_eq!(
        order.leaked(),
        (usage.bytes, usage.allocations),
        "leaked (left) against built (right)"
    );
    drop(order);
    let freed = alloc::frees_during(|| drop(node));
    assert!(freed.is_empty(), "a cycle frees nothing: {freed:?}");
}

#[cfg(feature = "std")]
#[test]
fn zero_sized_elements_in_std_collections() {
    use std::collections::{
        BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque,
    };
    check("deque units", || {
        (0..10).map(|_| ()).collect::<VecDeque<()>>()
    });
    check("heap units", || {
        (0..10).map(|_| ()).collect::<BinaryHeap<()>>()
    });
    check("list units", || {
        (0..10).map(|_| ()).collect::<LinkedList<()>>()
    });
    check("list lines", || {
        (0..3).map(|_| Line::default()).collect::<LinkedList<_>>()
    });
    check("hash set unit", || {
        [()].into_iter().collect::<HashSet<()>>()
    });
    check("hash map unit", || {
        let mut m = HashMap::with_capacity(40);
        m.insert((), ());
        m
    });
    check("btree unit", || {
        [((), ())].into_iter().collect::<BTreeMap<(), ()>>()
    });
    check("btree set lines", || {
        (0..5u8).collect::<BTreeSet<LineKey>>()
    });
    check("btree lines", || {
        (0..30u8)
            .map(|k| (k, Line::default()))
            .collect::<BTreeMap<_, _>>()
    });
    check("hash lines", || {
        (0..30u8)
            .map(|k| (k, Line::default()))
            .collect::<HashMap<_, _>>()
    });
    check("rc unit slice", || std::rc::Rc::<[()]>::from(vec![(); 5]));
    check("deque lines wrapped", || {
        let mut d: VecDeque<Line> = VecDeque::with_capacity(4);
        for _ in 0..3 {
            d.push_back(Line::default());
        }
        d.pop_front();
        d.push_back(Line::default());
        d.push_back(Line::default());
        d
    });
}

#[cfg(feature = "std")]
type LineKey = u8;
