//! Hunt, continued (`test_hunt_findings.rs` has the static suggestions and the first value
//! findings): findings of values whose elements get no nodes, nested enums, B-tree rebuilds,
//! boxes, summarised structs, thresholds on merged findings, `max_nodes`, shared handles; each
//! checked against the compiler or the counting allocator.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt_findings.rs"]
mod hunt_findings;

use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::mem::size_of;
use std::path::PathBuf;

use hunt_findings::*;
use memlayout::report::FindingKind;
use memlayout::{Layout, ReportOptions};

#[test]
fn large_variant_in_elements_without_nodes() {
    let options = ReportOptions::new().large_variant_bytes(199);
    let v: Vec<(u32, Edge)> = (0..20).map(|i| (i, Edge::A([0; 8]))).collect();
    let f = findings_of(&v, options, FindingKind::LargeEnumVariant);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, 20 * 200, "{f:#?}");
    let v: Vec<Edge> = (0..20).map(|_| Edge::A([0; 8])).collect();
    let f = findings_of(&v, options, FindingKind::LargeEnumVariant);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, 20 * 200, "{f:#?}");
}

/// `Option<Msg>` is large because `Msg::Blob` is: one finding, about `Msg`, whether the option
/// holds a `Msg` or not, counted once per value.
#[test]
fn an_enum_large_because_of_an_inner_enum_is_said_once() {
    #[derive(Layout)]
    #[allow(dead_code)]
    struct S {
        m: Option<Msg>,
        big: Option<[u8; 512]>,
    }
    for m in [Some(Msg::Ping("a".into())), None] {
        let s = S { m, big: None };
        let f = findings_of(&s, ReportOptions::new(), FindingKind::LargeEnumVariant);
        assert_eq!(f.len(), 2, "{f:#?}");
        let msg: Vec<_> = f
            .iter()
            .filter(|f| f.message.starts_with("Msg::Blob"))
            .collect();
        assert_eq!(msg.len(), 1, "{f:#?}");
        assert_eq!(msg[0].bytes, 1024 - size_of::<String>(), "{f:#?}");
        // `Option<[u8; 512]>` is large on its own account.
        assert!(f.iter().any(|f| f.path == ".big"), "{f:#?}");
    }
    for len in [3usize, 30] {
        let v: Vec<Option<Msg>> = (0..len).map(|i| Some(Msg::Ping(i.to_string()))).collect();
        let f = findings_of(&v, ReportOptions::new(), FindingKind::LargeEnumVariant);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].bytes, len * (1024 - size_of::<String>()), "{f:#?}");
    }
}

/// A B-tree's unused-slots finding against the allocator: `collect` rebuilds it with the fewest
/// nodes, and the finding's bytes are what that returns (the rebuilt tree's right-most nodes
/// keep some slots unused), never more.
#[test]
fn btree_rebuild_returns_what_the_finding_says() {
    use std::collections::BTreeMap;
    let mut compared = 0;
    for n in [3usize, 11, 20, 40, 100, 500, 3000] {
        for thin in [1usize, 2, 3] {
            let (map, usage) = alloc::measure(|| {
                let mut map = BTreeMap::new();
                for i in 0..(2 * n as u32) {
                    map.insert(i.wrapping_mul(2_654_435_761) % 100_000, u64::from(i));
                }
                let keys: Vec<u32> = map.keys().copied().step_by(thin + 1).collect();
                for k in keys {
                    map.remove(&k);
                }
                map
            });
            let claimed: usize = findings_of(&map, all(), FindingKind::UnusedCapacity)
                .iter()
                .map(|f| f.bytes)
                .sum();
            let (rebuilt, after) =
                alloc::measure(|| map.clone().into_iter().collect::<BTreeMap<_, _>>());
            let saved = usage.bytes.saturating_sub(after.bytes);
            // The figures are estimates where the tree's shape is not fixed: exact here when the
            // walk's estimate is the allocator's figure.
            if memlayout::heap_bytes(&map) == usage.bytes {
                assert_eq!(claimed, saved, "{n} / {thin}: {} entries", map.len());
                compared += 1;
            }
            assert!(claimed <= usage.bytes - rebuilt.len() * 12, "{n} / {thin}");
        }
    }
    assert!(compared >= 15, "{compared} trees compared");
}

/// `Vec<Box<Vec<u8>>>`: its boxes are small boxed elements and boxed collections at once, one
/// issue said once, and unboxing saves what the finding says, as the allocator sees it.
#[test]
fn boxed_collections_in_a_vec_are_one_finding() {
    for n in [3usize, 20] {
        let build = || {
            (0..n)
                .map(|i| Box::new(vec![i as u8; 4]))
                .collect::<Vec<_>>()
        };
        let (v, boxed) = alloc::measure(build);
        let f = findings_of(&v, all(), FindingKind::DoubleIndirection);
        assert_eq!(f.len(), 1, "{n}: {f:#?}");
        let (_, unboxed) = alloc::measure(|| (0..n).map(|i| vec![i as u8; 4]).collect::<Vec<_>>());
        assert_eq!(f[0].bytes, boxed.bytes - unboxed.bytes, "{n}: {f:#?}");
    }
}

fn holder(n: usize) -> Holder {
    Holder {
        names: {
            let mut v = Vec::with_capacity(n + 3);
            v.extend((0..n).map(|i| {
                let mut s = String::with_capacity(20);
                s.push_str(&i.to_string());
                s
            }));
            v
        },
        queue: {
            let mut q = VecDeque::with_capacity(33);
            q.extend(0..n as u32);
            q
        },
        heap: {
            let mut h = BinaryHeap::with_capacity(17);
            h.extend(0..n as u64);
            h
        },
        path: {
            let mut p = PathBuf::with_capacity(64);
            p.push("x");
            p
        },
        set: {
            let mut s = HashSet::with_capacity(50);
            s.extend(0..n as u32);
            s
        },
        map: {
            let mut m = HashMap::with_capacity(50);
            m.extend((0..n as u32).map(|i| (i, String::with_capacity(i as usize + 3))));
            m
        },
    }
}

#[test]
fn spare_capacity_of_summarised_structs_is_what_shrinking_frees() {
    for len in [2usize, 12, 30] {
        let holders: Vec<Holder> = (0..len).map(|i| holder(i % 5)).collect();
        check_freed("holders", holders, |hs| {
            for h in hs.iter_mut() {
                h.names.iter_mut().for_each(|s| s.shrink_to_fit());
                h.names.shrink_to_fit();
                h.queue.shrink_to_fit();
                h.heap.shrink_to_fit();
                h.path.shrink_to_fit();
                h.set.shrink_to_fit();
                h.map.values_mut().for_each(|s| s.shrink_to_fit());
                h.map.shrink_to_fit();
            }
        });
        let by_key: HashMap<u32, Holder> = (0..len as u32)
            .map(|i| (i, holder(i as usize % 4)))
            .collect();
        check_freed("by key", by_key, |m| {
            for h in m.values_mut() {
                h.names.iter_mut().for_each(|s| s.shrink_to_fit());
                h.names.shrink_to_fit();
                h.queue.shrink_to_fit();
                h.heap.shrink_to_fit();
                h.path.shrink_to_fit();
                h.set.shrink_to_fit();
                h.map.values_mut().for_each(|s| s.shrink_to_fit());
                h.map.shrink_to_fit();
            }
        });
    }
}

#[test]
fn heap_padding_through_boxed_slices_and_rc() {
    let rec = Rec { a: 1, b: 2, c: 3 };
    let per = size_of::<Rec>() - 10;
    let boxed: Box<[Rec]> = vec![rec; 9].into_boxed_slice();
    let f = findings_of(&boxed, all(), FindingKind::HeapPadding);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, 9 * per, "{f:#?}");
    let rc = std::rc::Rc::new(rec);
    let f = findings_of(&rc, all(), FindingKind::HeapPadding);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, per, "{f:#?}");
}

#[derive(Layout)]
#[allow(dead_code)]
struct BoxedWrap {
    id: u32,
    msg: Box<Msg>,
}

/// Enums a summarised element owns through a `Box` are one per element too.
#[test]
fn large_variant_counts_boxed_enums_of_summarised_elements() {
    let gap = 1024 - size_of::<String>();
    for len in [3usize, 30] {
        let v: Vec<Box<Msg>> = (0..len)
            .map(|i| Box::new(Msg::Ping(i.to_string())))
            .collect();
        let f = findings_of(&v, ReportOptions::new(), FindingKind::LargeEnumVariant);
        assert_eq!(f.len(), 1, "{len}: {f:#?}");
        assert_eq!(f[0].bytes, len * gap, "{len}: {f:#?}");
        let v: Vec<BoxedWrap> = (0..len)
            .map(|i| BoxedWrap {
                id: i as u32,
                msg: Box::new(Msg::Ping(i.to_string())),
            })
            .collect();
        let f = findings_of(&v, ReportOptions::new(), FindingKind::LargeEnumVariant);
        assert_eq!(f.len(), 1, "{len}: {f:#?}");
        assert_eq!(f[0].bytes, len * gap, "{len}: {f:#?}");
    }
}

/// Summarised boxes count as the shown ones do, zero-sized ones in neither.
#[test]
fn small_boxes_summarised_and_shown_alike() {
    for n in [4usize, 30] {
        let v: Vec<Box<[u8; 16]>> = (0..n).map(|_| Box::new([0; 16])).collect();
        let f = findings_of(&v, all(), FindingKind::DoubleIndirection);
        assert_eq!(f.len(), 1, "{f:#?}");
        let unboxed: Vec<[u8; 16]> = v.iter().map(|b| **b).collect();
        let saved = memlayout::heap_bytes(&v) - memlayout::heap_bytes(&unboxed);
        assert_eq!(f[0].bytes, saved, "{f:#?}");
        assert!(
            f[0].message.contains(&format!("{n} small boxed elements")),
            "{f:#?}"
        );
        let zst: Vec<Box<()>> = (0..n).map(|_| Box::new(())).collect();
        assert!(findings_of(&zst, all(), FindingKind::DoubleIndirection).is_empty());
        #[derive(Layout)]
        struct Row {
            unit: Box<()>,
            name: String,
        }
        let rows: Vec<Row> = (0..n)
            .map(|i| Row {
                unit: Box::new(()),
                name: i.to_string(),
            })
            .collect();
        assert!(findings_of(&rows, all(), FindingKind::DoubleIndirection).is_empty());
    }
}

#[test]
fn min_finding_bytes_applies_to_merged_findings() {
    for n in [8usize, 30] {
        let v: Vec<String> = (0..n)
            .map(|i| {
                let mut s = String::with_capacity(i.to_string().len() + 5);
                s.push_str(&i.to_string());
                s
            })
            .collect();
        let total = 5 * n;
        let f = findings_of(
            &v,
            ReportOptions::new().min_finding_bytes(total),
            FindingKind::UnusedCapacity,
        );
        assert_eq!(f.len(), 1, "{n}: {f:#?}");
        assert_eq!(f[0].bytes, total, "{n}: {f:#?}");
        let f = findings_of(
            &v,
            ReportOptions::new().min_finding_bytes(total + 1),
            FindingKind::UnusedCapacity,
        );
        assert!(f.is_empty(), "{n}: {f:#?}");
    }
}

/// README Limits: parts left out under `max_nodes` keep no type, so the large-variant count is a
/// lower bound there, never more than the values.
#[test]
fn large_variant_under_max_nodes_is_a_lower_bound() {
    let v: Vec<Wrap> = (0..30)
        .map(|i| Wrap {
            id: i as u32,
            msg: Msg::Ping(i.to_string()),
        })
        .collect();
    let gap = 1024 - size_of::<String>();
    for max in [3usize, 6, 10, 20, 1000] {
        let f = findings_of(
            &v,
            ReportOptions::new().max_nodes(max),
            FindingKind::LargeEnumVariant,
        );
        assert!(f.len() <= 1, "{max}: {f:#?}");
        let bytes = f.first().map_or(0, |f| f.bytes);
        assert!(bytes <= 30 * gap, "{max}: {f:#?}");
        if max == 1000 {
            assert_eq!(bytes, 30 * gap);
        }
    }
}

/// A buffer behind an `Rc` gives only `&` access: the finding says how to reach it, and doing so
/// on the only handle frees what it says.
#[test]
fn spare_capacity_behind_a_shared_handle_says_how_to_reach_it() {
    let make = || {
        let mut inner = Vec::with_capacity(200);
        inner.push(1u8);
        std::rc::Rc::new(inner)
    };
    let rc = make();
    let v: Vec<std::rc::Rc<Vec<u8>>> = (0..10).map(|_| rc.clone()).collect();
    let f = findings_of(&v, all(), FindingKind::UnusedCapacity);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message.contains("`Rc::get_mut`"), "{f:#?}");
    drop((v, rc));
    let unique = make();
    check_freed("rc", unique, |rc| {
        std::rc::Rc::get_mut(rc)
            .expect("one handle")
            .shrink_to_fit();
    });
    let arc = std::sync::Arc::new(String::with_capacity(90));
    let f = findings_of(&arc, all(), FindingKind::EmptyAllocation);
    assert_eq!(f.len(), 1, "{f:#?}");
    let mut v = vec![0u8; 3];
    v.reserve(100);
    let f = findings_of(&v, all(), FindingKind::UnusedCapacity);
    assert!(!f[0].message.contains("shared"), "{f:#?}");
}
