//! Summaries against the allocator: elements of std and crate types measured one by one as
//! they are built, then folded into a `Vec`'s or a map's summary (`max_children(0)`) or a
//! chain's (links past `max_children(2)`), past the folds' blocks of four and 64; every
//! container also checked in every walk (see `hunt_support`).
#![cfg(feature = "std")]

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod hunt_support;

use std::collections::HashMap;

use hunt_support::{chain, chain_summary_matches, check, check_elements, figures, unlink};

#[repr(align(64))]
#[derive(Clone, Copy, Default, Debug, PartialEq, memlayout::Layout)]
struct Line {
    byte: u8,
}

#[test]
fn std_elements_summarised() {
    check_elements("strings", 40, |i| {
        let mut s = String::with_capacity(i % 9);
        s.push_str(&"s".repeat(i % 5));
        s
    });
    check_elements("vecs", 37, |i| vec![0u32; i % 6]);
    check_elements("boxes", 21, |i| Box::new(i as u64));
    check_elements("option boxes", 21, |i| {
        (i % 3 == 0).then(|| Box::new([i as u8; 3]))
    });
    check_elements("cloned vecs", 33, |i| {
        let mut v = Vec::with_capacity(40);
        v.extend(0..i as u16);
        v.clone()
    });
    check_elements("vec of strings", 17, |i| {
        (0..i % 4).map(|j| j.to_string()).collect::<Vec<_>>()
    });
    check_elements("deques", 19, |i| {
        let mut d: std::collections::VecDeque<u8> = (0..i as u8).collect();
        d.rotate_left(i / 2);
        d
    });
    check_elements("maps", 13, |i| {
        (0..i)
            .map(|j| (j, j.to_string()))
            .collect::<HashMap<_, _>>()
    });
    check_elements("rcs", 13, |i| std::rc::Rc::new(vec![1u8; i]));
    check_elements("empty strings", 70, |_| String::new());
}

#[cfg(all(
    feature = "smallvec",
    feature = "compact_str",
    feature = "thin-vec",
    feature = "tinyvec"
))]
#[test]
fn small_crate_elements_summarised() {
    check_elements("smallvecs", 40, |i| {
        (0..i as u16).collect::<smallvec::SmallVec<[u16; 5]>>()
    });
    check_elements("compact strings", 40, |i| {
        compact_str::CompactString::from("c".repeat(i))
    });
    check_elements("compact strings cloned", 40, |i| {
        let mut s = compact_str::CompactString::with_capacity(64);
        s.push_str(&"c".repeat(i));
        s.clone()
    });
    check_elements("thin vecs", 23, |i| {
        (0..i as u8).collect::<thin_vec::ThinVec<_>>()
    });
    check_elements("tiny vecs", 23, |i| {
        (0..i as u8).collect::<tinyvec::TinyVec<[u8; 6]>>()
    });
}

#[cfg(all(
    feature = "indexmap",
    feature = "hashbrown",
    feature = "bytes",
    feature = "slab"
))]
#[test]
fn map_crate_elements_summarised() {
    check_elements("index maps", 15, |i| {
        (0..i)
            .map(|j| (j, vec![0u8; j]))
            .collect::<indexmap::IndexMap<_, _>>()
    });
    check_elements("hashbrown maps", 15, |i| {
        (0..i)
            .map(|j| (j as u8, j.to_string()))
            .collect::<hashbrown::HashMap<_, _>>()
    });
    check_elements("bytes", 15, |i| bytes::Bytes::from(vec![0u8; i * 3]));
    check_elements("bytes mut", 15, |i| bytes::BytesMut::with_capacity(i * 5));
    check_elements("slabs", 15, |i| {
        (0..i).map(|j| (j * 2, j as u32)).collect::<slab::Slab<_>>()
    });
}

#[cfg(all(
    feature = "serde_json",
    feature = "url",
    feature = "arcstr",
    feature = "smol_str",
    feature = "roaring"
))]
#[test]
fn other_crate_elements_summarised() {
    check_elements("json values", 20, |i| {
        serde_json::from_str::<serde_json::Value>(&format!("[{i}, \"{}\"]", "v".repeat(i))).unwrap()
    });
    check_elements("json strings", 20, |i| {
        serde_json::Value::String("w".repeat(i))
    });
    check_elements("urls", 12, |i| {
        url::Url::parse(&format!("https://h{i}.example/{}", "p".repeat(i))).unwrap()
    });
    check_elements("arcstrs", 12, |i| arcstr::ArcStr::from("a".repeat(i)));
    check_elements("smol strs", 30, |i| smol_str::SmolStr::new("m".repeat(i)));
    check_elements("bitmaps", 8, |i| {
        (0..(i as u32 * 1000))
            .step_by(i + 1)
            .collect::<roaring::RoaringBitmap>()
    });
}

/// Past the folds' blocks (four lanes, 64 entries): long runs, and runs of equal elements
/// broken by different ones.
#[test]
fn long_and_mixed_runs_summarised() {
    for n in [63, 64, 65, 129, 200] {
        check_elements("strings", n, |i| "s".repeat(i % 11));
        check_elements("equal strings then one", n, |i| {
            if i == n - 2 {
                String::with_capacity(1000)
            } else {
                String::with_capacity(8)
            }
        });
        check_elements("vecs", n, |i| Vec::<u64>::with_capacity(i % 3));
        check_elements("options", n, |i| (i % 5 != 0).then(|| "o".repeat(i % 4)));
        check_elements("results", n, |i| {
            if i % 3 == 0 {
                Ok(vec![1u8; i])
            } else {
                Err(i.to_string())
            }
        });
        check_elements("rc or string", n, |i| {
            if i % 17 == 16 {
                Err(std::rc::Rc::new(i))
            } else {
                Ok::<_, std::rc::Rc<usize>>("t".repeat(i % 3))
            }
        });
        check_elements("pairs", n, |i| (i.to_string(), vec![i as u8; i % 4]));
        check_elements("boxed strings", n, |i| Box::new("b".repeat(i % 6)));
        check_elements("nested vecs", n, |i| vec![vec![0u8; i % 3]; i % 4]);
    }
}

#[cfg(all(
    feature = "serde_json",
    feature = "smallvec",
    feature = "compact_str",
    feature = "either"
))]
#[test]
fn long_crate_runs_summarised() {
    for n in [63, 65, 130] {
        check_elements("json mixed", n, |i| match i % 4 {
            0 => serde_json::Value::from(i),
            1 => serde_json::Value::from("j".repeat(i % 30)),
            2 => serde_json::json!([i, "x"]),
            _ => serde_json::Value::Null,
        });
        check_elements("smallvecs", n, |i| {
            (0..i as u8 % 9).collect::<smallvec::SmallVec<[u8; 4]>>()
        });
        check_elements("compact", n, |i| {
            compact_str::CompactString::from("c".repeat(i % 40))
        });
        check_elements("either", n, |i| {
            if i % 2 == 0 {
                either::Either::Left("l".repeat(i % 5))
            } else {
                either::Either::Right(vec![0u16; i % 7])
            }
        });
    }
}

#[test]
fn chains_of_std_payloads() {
    for n in [1, 2, 5, 17, 64, 65, 300] {
        check("strings equal", || chain(n, |_| "e".repeat(8)));
        check("strings varied", || chain(n, |i| "v".repeat(i % 13)));
        check("runs then one", || {
            chain(n, |i| {
                if i == n / 2 {
                    vec![0u8; 100]
                } else {
                    vec![0u8; 4]
                }
            })
        });
        check("rc shared", || {
            let shared = std::rc::Rc::new(5u32);
            chain(n, |i| (i % 3 == 0).then(|| shared.clone()))
        });
        check("maps", || {
            chain(n, |i| (0..i % 4).map(|k| (k, k)).collect::<HashMap<_, _>>())
        });
        check("nested options", || {
            chain(n, |i| (i % 2 == 0).then(|| Box::new("b".repeat(i % 5))))
        });
        let (head, usage) = alloc::measure(|| chain(n, |i| i.to_string()));
        let t = figures("checked", &head, usage);
        assert!(t.is_exact);
        unlink(head);
    }
}

#[cfg(all(
    feature = "smallvec",
    feature = "bytes",
    feature = "compact_str",
    feature = "indexmap"
))]
#[test]
fn chains_of_crate_payloads() {
    for n in [1, 3, 64, 65, 130] {
        check("smallvecs", || {
            chain(n, |i| {
                (0..i % 9).collect::<smallvec::SmallVec<[usize; 4]>>()
            })
        });
        check("compact", || {
            chain(n, |i| compact_str::CompactString::from("c".repeat(i % 40)))
        });
        check("bytes", || {
            chain(n, |i| bytes::Bytes::from(vec![0u8; i % 7]))
        });
        check("index maps", || {
            chain(n, |i| {
                (0..i % 5)
                    .map(|k| (k, k))
                    .collect::<indexmap::IndexMap<_, _>>()
            })
        });
    }
}

#[test]
fn chain_summaries_are_the_allocators() {
    for n in [1, 4, 5, 17, 64, 65, 300] {
        chain_summary_matches("strings varied", n, |i| "v".repeat(i % 13));
        chain_summary_matches("strings equal", n, |_| "v".repeat(8));
        chain_summary_matches("vec runs", n, |i| {
            vec![0u8; if i % 10 == 9 { 50 } else { 3 }]
        });
        chain_summary_matches("unit", n, |_| ());
        chain_summary_matches("maps", n, |i| {
            (0..i % 4).map(|k| (k, k)).collect::<HashMap<_, _>>()
        });
        chain_summary_matches("boxes", n, |i| (i % 2 == 0).then(|| Box::new(i)));
    }
}

#[cfg(all(feature = "smallvec", feature = "compact_str", feature = "thin-vec"))]
#[test]
fn chain_summaries_of_crate_payloads() {
    for n in [4, 5, 64, 65, 130] {
        chain_summary_matches("smallvecs", n, |i| {
            (0..i % 9).collect::<smallvec::SmallVec<[usize; 4]>>()
        });
        chain_summary_matches("compact", n, |i| {
            compact_str::CompactString::from("c".repeat(i % 40))
        });
        chain_summary_matches("thin", n, |i| (0..i % 3).collect::<thin_vec::ThinVec<_>>());
    }
}

/// Elements that share blocks: the first to meet a block counts it (as the allocator did when
/// the first was built), the others count nothing for it.
#[test]
fn shared_elements_summarised() {
    use std::rc::Rc;
    use std::sync::Arc;
    for n in [3, 64, 65, 130] {
        let shared = std::cell::RefCell::new(None::<Rc<String>>);
        // Each container builds its elements in order: element 0 makes a fresh block.
        check_elements("rc clones", n, |i| {
            let mut slot = shared.borrow_mut();
            if i == 0 {
                *slot = Some(Rc::new("r".repeat(30)));
            }
            slot.clone().unwrap()
        });
        // Room for the three containers' blocks: no growth while an element is measured.
        let arcs = std::cell::RefCell::new(Vec::<Arc<str>>::with_capacity(3 * n));
        check_elements("arc every third", n, |i| {
            let mut made = arcs.borrow_mut();
            if i % 3 == 0 {
                let arc: Arc<str> = Arc::from("a".repeat(i % 17).as_str());
                made.push(arc.clone());
                arc
            } else {
                made[made.len() - 1].clone()
            }
        });
        arcs.borrow_mut().clear();
    }
}

/// Buffers of zero-sized elements (capacity `usize::MAX`, no heap) and over-aligned ones among
/// plain buffers, where the folds take them four or 64 at a time.
#[test]
fn odd_buffers_in_long_runs() {
    for n in [4, 63, 64, 65, 200] {
        check_elements("unit vecs", n, |i| vec![(); i]);
        check_elements("unit vecs and strings", n, |i| {
            if i % 2 == 0 {
                Ok(vec![(); i])
            } else {
                Err("u".repeat(i % 5))
            }
        });
        check_elements("line vecs", n, |i| {
            let mut v = Vec::with_capacity(i % 3);
            v.extend((0..i % 2).map(|_| Line::default()));
            v
        });
        check_elements("boxed slices", n, |i| vec![7u16; i % 4].into_boxed_slice());
        check_elements("boxed strs", n, |i| "x".repeat(i % 4).into_boxed_str());
        check_elements("cow", n, |i| {
            if i % 3 == 0 {
                std::borrow::Cow::Borrowed("static")
            } else {
                std::borrow::Cow::Owned("o".repeat(i % 9))
            }
        });
    }
}
