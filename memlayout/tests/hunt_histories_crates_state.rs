//! Crate types after histories, continued (`hunt_histories_crates.rs` has each crate's own):
//! what `shrink_to_fit` gives back against the reclaimable figure, zero-sized and over-aligned
//! elements, cells and locks (held locks make the figures bounds), each checked in every walk
//! against the counting allocator (see `hunt_support`).
#![cfg(feature = "std")]
// With only some of the crate features, the imports and helpers of the others go unused.
#![cfg_attr(
    not(all(
        feature = "arcstr",
        feature = "bytes",
        feature = "compact_str",
        feature = "dashmap",
        feature = "either",
        feature = "hashbrown",
        feature = "indexmap",
        feature = "once_cell",
        feature = "parking_lot",
        feature = "roaring",
        feature = "serde_json",
        feature = "slab",
        feature = "smallvec",
        feature = "smol_str",
        feature = "thin-vec",
        feature = "tinyvec",
        feature = "url"
    )),
    allow(unused_imports, dead_code)
)]

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod hunt_support;

use std::collections::HashMap;

use hunt_support::{check, reclaims};
use memlayout::{DropOrderExt, Layout, LayoutReport};

#[cfg(all(
    feature = "smallvec",
    feature = "thin-vec",
    feature = "tinyvec",
    feature = "hashbrown",
    feature = "slab",
    feature = "compact_str",
    feature = "indexmap"
))]
#[test]
fn crate_reclaimable_after_histories() {
    for full in [0usize, 1, 3, 4, 5, 7, 8, 9, 14, 15, 28, 29, 60, 200] {
        for kept in [0usize, 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 27, 40] {
            if kept > full {
                continue;
            }
            let what = format!("{full} then {kept}");
            reclaims(
                &format!("smallvec {what}"),
                || {
                    let mut v: smallvec::SmallVec<[u32; 4]> = (0..full as u32).collect();
                    v.truncate(kept);
                    v
                },
                |v| v.shrink_to_fit(),
            );
            reclaims(
                &format!("smallvec strings {what}"),
                || {
                    let mut v: smallvec::SmallVec<[String; 4]> =
                        (0..full).map(|i| i.to_string()).collect();
                    v.retain(|s| s.parse::<usize>().unwrap() < kept);
                    v
                },
                |v| v.shrink_to_fit(),
            );
            reclaims(
                &format!("thin vec {what}"),
                || {
                    let mut v: thin_vec::ThinVec<u16> = (0..full as u16).collect();
                    v.truncate(kept);
                    v
                },
                |v| v.shrink_to_fit(),
            );
            reclaims(
                &format!("tiny vec {what}"),
                || {
                    let mut v: tinyvec::TinyVec<[u8; 5]> = (0..full as u8).collect();
                    v.truncate(kept);
                    v
                },
                |v| v.shrink_to_fit(),
            );
            reclaims(
                &format!("hashbrown {what}"),
                || {
                    let mut m: hashbrown::HashMap<u32, String> =
                        (0..full as u32).map(|k| (k, k.to_string())).collect();
                    m.retain(|k, _| (*k as usize) < kept);
                    m
                },
                |m| m.shrink_to_fit(),
            );
            reclaims(
                &format!("hashbrown u8 set {what}"),
                || {
                    let mut m: hashbrown::HashSet<u8> = (0..full as u8).collect();
                    m.retain(|k| (*k as usize) < kept);
                    m
                },
                |m| m.shrink_to_fit(),
            );
            reclaims(
                &format!("slab {what}"),
                || {
                    let mut s: slab::Slab<u64> = (0..full).map(|k| (k, k as u64)).collect();
                    s.retain(|k, _| k % 2 == 0 || k < kept);
                    s
                },
                |s| s.shrink_to_fit(),
            );
            reclaims(
                &format!("slab tail {what}"),
                || {
                    let mut s: slab::Slab<u64> = (0..full).map(|k| (k, k as u64)).collect();
                    s.retain(|k, _| k < kept);
                    s
                },
                |s| s.shrink_to_fit(),
            );
            reclaims(
                &format!("compact {what}"),
                || {
                    let mut s = compact_str::CompactString::from("c".repeat(full));
                    s.truncate(kept);
                    s
                },
                |s| s.shrink_to_fit(),
            );
            reclaims(
                &format!("index map {what}"),
                || {
                    let mut m: indexmap::IndexMap<u32, u32> =
                        (0..full as u32).map(|k| (k, k)).collect();
                    m.truncate(kept);
                    m
                },
                |m| m.shrink_to_fit(),
            );
        }
    }
}

#[repr(align(64))]
#[derive(Clone, Copy, Default, Debug, PartialEq, memlayout::Layout)]
struct Line {
    byte: u8,
}

#[cfg(all(
    feature = "smallvec",
    feature = "thin-vec",
    feature = "tinyvec",
    feature = "slab",
    feature = "indexmap",
    feature = "hashbrown"
))]
#[test]
fn zero_sized_and_over_aligned_elements() {
    check("thin vec zst", || {
        (0..10).map(|_| ()).collect::<thin_vec::ThinVec<()>>()
    });
    check("thin vec zst reserved", || {
        let mut v = thin_vec::ThinVec::<()>::new();
        v.reserve(100);
        v
    });
    check("thin vec lines", || {
        vec![Line::default(); 5]
            .into_iter()
            .collect::<thin_vec::ThinVec<_>>()
    });
    check("thin vec lines cloned", || {
        let mut v = thin_vec::ThinVec::with_capacity(9);
        v.push(Line::default());
        v.clone()
    });
    check("smallvec lines spilled", || {
        (0..5)
            .map(|_| Line::default())
            .collect::<smallvec::SmallVec<[Line; 2]>>()
    });
    check("tinyvec lines spilled", || {
        (0..5)
            .map(|_| Line::default())
            .collect::<tinyvec::TinyVec<[Line; 2]>>()
    });
    for n in 0..4 {
        check("slab lines", || {
            (0..n)
                .map(|k| (k * 3, Line::default()))
                .collect::<slab::Slab<_>>()
        });
        check("slab units", || {
            (0..n).map(|k| (k, ())).collect::<slab::Slab<_>>()
        });
        check("slab u8", || {
            (0..n).map(|k| (k, k as u8)).collect::<slab::Slab<_>>()
        });
        check("slab strings", || {
            (0..n)
                .map(|k| (k, k.to_string()))
                .collect::<slab::Slab<_>>()
        });
        check("index set units", || {
            (0..n).map(|_| ()).collect::<indexmap::IndexSet<()>>()
        });
        check("index map lines", || {
            (0..n)
                .map(|k| (k as u8, Line::default()))
                .collect::<indexmap::IndexMap<_, _>>()
        });
        check("index map zst values", || {
            (0..n)
                .map(|k| (k as u64, ()))
                .collect::<indexmap::IndexMap<_, _>>()
        });
        check("hashbrown lines", || {
            (0..n)
                .map(|k| (k as u8, Line::default()))
                .collect::<hashbrown::HashMap<_, _>>()
        });
        check("hashbrown units", || {
            (0..n)
                .map(|_| ((), ()))
                .collect::<hashbrown::HashMap<_, _>>()
        });
    }
}

#[cfg(all(feature = "once_cell", feature = "parking_lot", feature = "either"))]
#[test]
fn cells_and_locks_histories() {
    check("unsync lazy forced", || {
        let lazy: once_cell::unsync::Lazy<Vec<u8>> = once_cell::unsync::Lazy::new(|| vec![1; 20]);
        once_cell::unsync::Lazy::force(&lazy);
        lazy
    });
    check("sync once cell set", || {
        let cell = once_cell::sync::OnceCell::new();
        cell.set("o".repeat(17)).unwrap();
        cell
    });
    check("sync once cell taken", || {
        let mut cell = once_cell::sync::OnceCell::new();
        cell.set("o".repeat(17)).unwrap();
        let taken = cell.take();
        (cell, taken)
    });
    check("parking mutex", || {
        parking_lot::Mutex::new(vec!["p".repeat(3); 5])
    });
    check("reentrant", || {
        parking_lot::ReentrantMutex::new(Box::new(5u64))
    });
    check("either boxes", || {
        (0..9)
            .map(|i| {
                if i % 2 == 0 {
                    either::Either::Left(Box::new(i))
                } else {
                    either::Either::Right(i.to_string())
                }
            })
            .collect::<Vec<_>>()
    });
}

/// Checks a value's figures while a guard is held on part of it: bounds holding the truth.
#[cfg(all(feature = "dashmap", feature = "parking_lot"))]
#[track_caller]
fn held_is_bounds<T: Layout>(what: &str, value: &T, usage: alloc::Usage) {
    let t = memlayout::totals(value);
    assert!(!t.is_exact, "{what}: exact while locked");
    assert!(
        (t.heap_bytes_low..=t.heap_bytes_high).contains(&usage.bytes),
        "{what}: truth {} outside {t:?}",
        usage.bytes
    );
    assert_eq!(value.layout_report().totals(), t, "{what}: report totals");
    assert!(!value.drop_order().is_empty(), "{what}: a drop order");
}

#[cfg(all(feature = "dashmap", feature = "parking_lot"))]
#[test]
fn locked_parts_are_bounds() {
    let (map, usage) = alloc::measure(|| {
        (0..40u32)
            .map(|i| (i, i.to_string()))
            .collect::<dashmap::DashMap<_, _>>()
    });
    {
        let read = map.get(&3).unwrap();
        let t = memlayout::totals(&map);
        assert!(
            t.is_exact && t.heap_bytes == usage.bytes,
            "read-locked shard: {t:?}"
        );
        drop(read);
        let write = map.get_mut(&3).unwrap();
        held_is_bounds("dashmap write-locked", &map, usage);
        drop(write);
    }
    let (locks, usage) = alloc::measure(|| {
        (
            parking_lot::Mutex::new(vec![1u8; 30]),
            std::sync::Mutex::new("m".repeat(20)),
            std::cell::RefCell::new(vec![String::from("r"); 3]),
            parking_lot::RwLock::new(Box::new(5u64)),
        )
    });
    let guard = locks.0.lock();
    held_is_bounds("parking_lot locked", &locks, usage);
    drop(guard);
    let guard = locks.1.lock().unwrap();
    held_is_bounds("std locked", &locks, usage);
    drop(guard);
    let guard = locks.2.borrow_mut();
    held_is_bounds("refcell borrowed", &locks, usage);
    drop(guard);
    let guard = locks.3.write();
    held_is_bounds("rwlock written", &locks, usage);
    drop(guard);
    let guard = locks.3.read();
    let t = memlayout::totals(&locks);
    assert!(
        t.is_exact && t.heap_bytes == usage.bytes,
        "read lock: {t:?}"
    );
    drop(guard);
}

/// Maps keyed by crate types, past the entry folds' blocks of 64: every walk against the
/// allocator.
#[cfg(all(
    feature = "compact_str",
    feature = "smallvec",
    feature = "smol_str",
    feature = "bytes"
))]
#[test]
fn crate_keyed_maps() {
    for n in [5, 64, 65, 150] {
        check("compact keys", || {
            (0..n)
                .map(|i| (compact_str::CompactString::from("k".repeat(i % 40)), i))
                .collect::<HashMap<_, _>>()
        });
        check("compact keys, smallvec values", || {
            (0..n)
                .map(|i| {
                    let key = compact_str::CompactString::from(format!("{i:030}"));
                    (key, (0..i % 7).collect::<smallvec::SmallVec<[usize; 3]>>())
                })
                .collect::<HashMap<_, _>>()
        });
        check("smol keys", || {
            (0..n)
                .map(|i| (smol_str::SmolStr::new(format!("{i:040}")), vec![0u8; i % 3]))
                .collect::<HashMap<_, _>>()
        });
        check("bytes values", || {
            (0..n as u32)
                .map(|i| (i, bytes::Bytes::from(vec![1u8; i as usize % 9])))
                .collect::<HashMap<_, _>>()
        });
    }
}
