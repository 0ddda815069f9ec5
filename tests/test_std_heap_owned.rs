//! Heap figures of std's owned containers against a counting allocator (`Vec`, `VecDeque`,
//! strings, `CString`, boxes, pinned boxes, `io::Error`, `BinaryHeap`, `LinkedList`, and
//! options, results, tuples and arrays of them): the bytes and allocations a value adds while it
//! is built must equal what `memlayout::totals` reports for it.

#[path = "common/align32.rs"]
mod align32;
#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/checks.rs"]
mod checks;

use std::any::Any;
use std::borrow::Cow;
use std::collections::{BinaryHeap, LinkedList, VecDeque};
use std::ffi::{CString, OsString};
use std::mem::ManuallyDrop;
use std::path::PathBuf;

use align32::Align32;
use checks::exact;

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
