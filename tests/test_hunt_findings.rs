//! Hunt: following a finding's suggestion gives what it promises. Every figure here is checked
//! against the compiler (`size_of`, `offset_of!`) or the counting allocator, never typed by hand.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt_findings.rs"]
mod hunt_findings;

use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::mem::{offset_of, size_of};
use std::num::{NonZeroU16, NonZeroU64};
use std::path::PathBuf;

use hunt_findings::*;
use memlayout::report::FindingKind;
use memlayout::{Layout, LayoutReport, ReportOptions};

// ---- reorder suggestions vs a hand-written struct in the suggested order --------------------

/// `Orig`'s suggestion names `Hand`'s fields in `Hand`'s order, and the sizes it claims are the
/// compiler's: `Orig` now, `Hand` after.
#[track_caller]
fn check_suggestion<Orig: Layout, Hand: Layout>() {
    let hint = Orig::LAYOUT
        .reorder_suggestion()
        .unwrap_or_else(|| panic!("no suggestion for {}", Orig::LAYOUT.name));
    let order: Vec<_> = hint.order().map(|f| f.name).collect();
    let hand: Vec<_> = Hand::LAYOUT.fields.iter().map(|f| f.name).collect();
    assert_eq!(order, hand, "{}", Orig::LAYOUT.name);
    assert_eq!(
        hint.current_size,
        size_of::<Orig>(),
        "{}",
        Orig::LAYOUT.name
    );
    assert_eq!(
        hint.suggested_size,
        size_of::<Hand>(),
        "{}",
        Orig::LAYOUT.name
    );
    assert_eq!(hint.bytes_saved, size_of::<Orig>() - size_of::<Hand>());
    assert!(
        Hand::LAYOUT.reorder_suggestion().is_none(),
        "{}",
        Hand::LAYOUT.name
    );
}

macro_rules! pair {
    ($(#[$m:meta])* $orig:ident { $($of:ident : $ot:ty),* $(,)? } => $hand:ident { $($hf:ident : $ht:ty),* $(,)? }) => {
        #[derive(Layout)]
        #[allow(dead_code)]
        $(#[$m])*
        struct $orig { $($of: $ot),* }
        #[derive(Layout)]
        #[allow(dead_code)]
        $(#[$m])*
        struct $hand { $($hf: $ht),* }
    };
}

#[derive(Layout, Clone, Copy)]
#[repr(C, align(32))]
#[allow(dead_code)]
struct Wide(u8);

#[derive(Layout, Clone, Copy)]
#[repr(C)]
#[allow(dead_code)]
struct Tail {
    a: u32,
    b: u8,
}

#[derive(Layout)]
#[allow(dead_code)]
struct Zst;

pair!(#[repr(C)] P1 { a: u8, b: u32, c: u8 } => H1 { b: u32, a: u8, c: u8 });
pair!(#[repr(C)] P2 { a: u8, w: Wide, b: u16 } => H2 { w: Wide, b: u16, a: u8 });
pair!(#[repr(C)] P3 { a: u8, t: Tail, b: u8, c: u16 } => H3 { t: Tail, c: u16, a: u8, b: u8 });
pair!(#[repr(C)] P4 { a: u8, arr: [u64; 3], b: u8 } => H4 { arr: [u64; 3], a: u8, b: u8 });
pair!(#[repr(C)] P5 { z: Zst, a: u8, e: [u32; 0], b: u32, c: u8 } => H5 { e: [u32; 0], b: u32, z: Zst, a: u8, c: u8 });
pair!(#[repr(C)] P6 { a: Option<NonZeroU16>, b: u64, c: Option<NonZeroU64>, d: u8 } => H6 { b: u64, c: Option<NonZeroU64>, a: Option<NonZeroU16>, d: u8 });
pair!(#[repr(C)] P7 { a: bool, b: f64, c: char, d: u16, e: bool } => H7 { b: f64, c: char, d: u16, a: bool, e: bool });
pair!(#[repr(C)] P8 { a: u8, b: u128, c: u8 } => H8 { b: u128, a: u8, c: u8 });
pair!(#[repr(C, align(16))] P9 { a: u8, b: u64, c: u8, d: u64, e: u8 } => H9 { b: u64, d: u64, a: u8, c: u8, e: u8 });
pair!(#[repr(C, packed(2))] P10 { a: u8, b: u64, c: u8, d: u16 } => H10 { b: u64, d: u16, a: u8, c: u8 });
pair!(#[repr(C)] P11 { a: [u8; 1], b: u32, c: [u16; 1], d: u8 } => H11 { b: u32, c: [u16; 1], a: [u8; 1], d: u8 });
pair!(#[repr(C)] P12 { b: u8, a: (u8, u64), c: (u16, u8) } => H12 { a: (u8, u64), c: (u16, u8), b: u8 });
pair!(#[repr(C)] P13 { a: u8, w: Wide, b: u8, x: Wide } => H13 { w: Wide, x: Wide, a: u8, b: u8 });
pair!(#[repr(C)] P14 { a: u16, b: u64, c: u16, d: u32 } => H14 { b: u64, d: u32, a: u16, c: u16 });
pair!(#[repr(C)] P15 { a: Option<u8>, b: Option<u32>, c: Option<u8> } => H15 { b: Option<u32>, a: Option<u8>, c: Option<u8> });
pair!(#[repr(C)] P16 { a: *const u8, b: u8, c: usize, d: u8 } => H16 { a: *const u8, c: usize, b: u8, d: u8 });

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct G<A, B> {
    a: A,
    b: B,
    c: A,
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct GHand<A, B> {
    b: B,
    a: A,
    c: A,
}

#[test]
fn suggested_orders_written_out_have_the_suggested_size() {
    check_suggestion::<P1, H1>();
    check_suggestion::<P2, H2>();
    check_suggestion::<P3, H3>();
    check_suggestion::<P4, H4>();
    check_suggestion::<P5, H5>();
    check_suggestion::<P6, H6>();
    check_suggestion::<P7, H7>();
    check_suggestion::<P8, H8>();
    check_suggestion::<P9, H9>();
    check_suggestion::<P10, H10>();
    check_suggestion::<P11, H11>();
    check_suggestion::<P12, H12>();
    check_suggestion::<P13, H13>();
    check_suggestion::<P14, H14>();
    check_suggestion::<P15, H15>();
    check_suggestion::<P16, H16>();
    check_suggestion::<G<u8, u32>, GHand<u8, u32>>();
    check_suggestion::<G<u16, u64>, GHand<u16, u64>>();
    check_suggestion::<G<u8, Wide>, GHand<u8, Wide>>();
    check_suggestion::<G<bool, Tail>, GHand<bool, Tail>>();
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct NoGain1 {
    t: Tail,
    a: u8,
}
#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct NoGain2 {
    a: u8,
    b: u64,
}
#[derive(Layout)]
#[repr(C, packed)]
#[allow(dead_code)]
struct NoGain3 {
    a: u8,
    b: u64,
    c: u8,
}
#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct NoGain4 {
    a: u8,
    w: Wide,
}
#[derive(Layout)]
#[repr(C, align(64))]
#[allow(dead_code)]
struct NoGain5 {
    a: u8,
    b: u32,
    c: u8,
}
#[derive(Layout)]
#[allow(dead_code)]
struct Default1 {
    a: u8,
    b: u32,
    c: u8,
    d: u64,
    e: Wide,
    f: Tail,
}

#[test]
fn no_suggestion_when_no_order_saves_bytes() {
    fn none<T: Layout>() {
        let t = T::LAYOUT;
        assert!(t.reorder_suggestion().is_none(), "{}", t.name);
        // Brute force: every permutation's repr(C) size is at least the current one... by the
        // smallest-size bound from the compiler's field sizes.
        let sum: usize = t.fields.iter().map(|f| f.size).sum();
        let best = sum.div_ceil(t.align) * t.align;
        assert!(
            best >= size_of::<T>() || t.repr.packed.is_some(),
            "{}",
            t.name
        );
    }
    none::<NoGain1>();
    none::<NoGain2>();
    none::<NoGain3>();
    none::<NoGain4>();
    none::<NoGain5>();
    none::<Default1>();
    none::<G<u8, u8>>();
    none::<G<u64, u8>>();
    // Default repr: rustc already reaches the smallest size, and no padding finding is made.
    assert_eq!(
        Default1::LAYOUT.smallest_size(),
        Some(size_of::<Default1>())
    );
    let v = Default1 {
        a: 1,
        b: 2,
        c: 3,
        d: 4,
        e: Wide(5),
        f: Tail { a: 1, b: 2 },
    };
    assert!(findings_of(&v, all(), FindingKind::InlinePadding).is_empty());
}

#[test]
fn root_padding_finding_matches_the_hand_written_order() {
    let v = P1 { a: 1, b: 2, c: 3 };
    let f = findings_of(&v, ReportOptions::new(), FindingKind::InlinePadding);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, size_of::<P1>() - size_of::<H1>());
    assert!(f[0].message.contains("(b, a, c)"), "{f:#?}");
    assert!(
        f[0].message.contains(&format!(
            "{} bytes instead of {}",
            size_of::<H1>(),
            size_of::<P1>()
        )),
        "{f:#?}"
    );
}

// ---- padding gaps vs offset_of! ----------------------------------------------------------------

#[test]
fn padding_gaps_follow_offset_of() {
    fn gaps<T: Layout>() -> Vec<(usize, usize)> {
        T::LAYOUT
            .padding_gaps()
            .map(|g| (g.offset, g.size))
            .collect()
    }
    assert_eq!(
        gaps::<P1>(),
        [
            (1, offset_of!(P1, b) - 1),
            (
                offset_of!(P1, c) + 1,
                size_of::<P1>() - offset_of!(P1, c) - 1
            )
        ]
    );
    assert_eq!(
        gaps::<P3>(),
        [
            (offset_of!(P3, a) + 1, offset_of!(P3, t) - 1),
            (
                offset_of!(P3, b) + 1,
                offset_of!(P3, c) - offset_of!(P3, b) - 1
            ),
        ]
    );
    // P3's own gaps leave the Tail's trailing padding to the deep figure.
    assert_eq!(
        P3::LAYOUT.padding_bytes,
        P3::LAYOUT.own_padding_bytes() + size_of::<Tail>() - 5
    );
    assert_eq!(
        gaps::<P5>(),
        [
            (offset_of!(P5, a) + 1, offset_of!(P5, b) - 1),
            (
                offset_of!(P5, c) + 1,
                size_of::<P5>() - offset_of!(P5, c) - 1
            )
        ]
    );
    // Array of padded structs: the deep figure counts each element's padding.
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct Arr {
        t: [Tail; 3],
    }
    assert_eq!(Arr::LAYOUT.padding_bytes, 3 * (size_of::<Tail>() - 5));
    assert_eq!(gaps::<Arr>(), []);
}

// ---- cache lines -------------------------------------------------------------------------------

#[test]
fn cache_line_straddlers_follow_offset_of() {
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct Lines {
        a: [u8; 60],
        b: u64,
        c: [u8; 3],
        d: [u8; 64],
        e: u32,
    }
    let expect = |offset: usize, size: usize| {
        size > 0 && (offset + size - 1) / 64 - offset / 64 + 1 > size.div_ceil(64)
    };
    let mut want = Vec::new();
    for (name, off, size) in [
        ("a", offset_of!(Lines, a), 60),
        ("b", offset_of!(Lines, b), 8),
        ("c", offset_of!(Lines, c), 3),
        ("d", offset_of!(Lines, d), 64),
        ("e", offset_of!(Lines, e), 4),
    ] {
        if expect(off, size) {
            want.push(name);
        }
    }
    let got: Vec<_> = Lines::LAYOUT
        .cache_line_straddlers()
        .map(|f| f.name)
        .collect();
    assert_eq!(got, want);
}

// ---- large variants ------------------------------------------------------------------------------

#[test]
fn large_variant_counts_every_wrapped_value_even_summarised() {
    for len in [1usize, 5, 30, 200] {
        let v: Vec<Wrap> = (0..len)
            .map(|i| Wrap {
                id: i as u32,
                msg: Msg::Ping(i.to_string()),
            })
            .collect();
        let f = findings_of(&v, ReportOptions::new(), FindingKind::LargeEnumVariant);
        assert_eq!(f.len(), 1, "{len}: {f:#?}");
        let gap = 1024 - size_of::<String>();
        assert_eq!(f[0].bytes, len * gap, "{len}: {f:#?}");
    }
}

#[test]
fn large_variant_counts_map_values_even_summarised() {
    for len in [1usize, 5, 30, 200] {
        let m: HashMap<u32, Msg> = (0..len as u32)
            .map(|i| (i, Msg::Ping(i.to_string())))
            .collect();
        let f = findings_of(&m, ReportOptions::new(), FindingKind::LargeEnumVariant);
        assert_eq!(f.len(), 1, "{len}: {f:#?}");
        let gap = 1024 - size_of::<String>();
        assert_eq!(f[0].bytes, len * gap, "{len}: {f:#?}");
    }
}

#[test]
fn large_variant_threshold_edges() {
    let v = Edge::A([0; 8]);
    assert!(findings_of(&v, ReportOptions::new(), FindingKind::LargeEnumVariant).is_empty());
    assert_eq!(
        findings_of(
            &v,
            ReportOptions::new().large_variant_bytes(199),
            FindingKind::LargeEnumVariant
        )
        .len(),
        1
    );
}

// ---- small boxes ---------------------------------------------------------------------------------

#[test]
fn small_boxes_of_zero_sized_values_allocate_nothing() {
    let v: Vec<Box<()>> = (0..10).map(|_| Box::new(())).collect();
    // `Box<()>` never allocates: unboxing saves no allocation and no hop.
    let (_, usage) = alloc::measure(|| (0..10).map(|_| Box::new(())).collect::<Vec<_>>());
    assert_eq!(usage.allocations, 1, "only the vector's buffer");
    let f = findings_of(&v, all(), FindingKind::DoubleIndirection);
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn small_box_threshold_edges() {
    let v: Vec<Box<[u8; 16]>> = (0..4).map(|_| Box::new([0; 16])).collect();
    let at = findings_of(
        &v,
        all().small_box_bytes(16),
        FindingKind::DoubleIndirection,
    );
    assert_eq!(at.len(), 1, "{at:#?}");
    let below = findings_of(
        &v,
        all().small_box_bytes(15),
        FindingKind::DoubleIndirection,
    );
    assert!(below.is_empty(), "{below:#?}");
    // Unboxing saves what the report claims: the heap bytes of the boxed form less the unboxed.
    let unboxed: Vec<[u8; 16]> = v.iter().map(|b| **b).collect();
    let saved = memlayout::heap_bytes(&v) - memlayout::heap_bytes(&unboxed);
    assert!(at[0].bytes <= saved, "{at:#?} vs {saved}");
}

// ---- reclaimable findings vs shrink_to_fit ---------------------------------------------------------

#[test]
fn unused_capacity_findings_are_what_shrinking_frees() {
    for n in [0usize, 1, 3, 9, 40] {
        let mut s = String::with_capacity(100);
        s.push_str("abc");
        check_freed("string", s, |s| s.shrink_to_fit());
        let mut v: Vec<u16> = Vec::with_capacity(n * 3 + 5);
        v.extend((0..n as u16).map(|x| x * 2));
        check_freed("vec", v, |v| v.shrink_to_fit());
        let mut q: VecDeque<u32> = VecDeque::with_capacity(n * 2 + 7);
        q.extend(0..n as u32);
        check_freed("deque", q, |q| q.shrink_to_fit());
        let mut h: BinaryHeap<u64> = BinaryHeap::with_capacity(n * 2 + 7);
        h.extend(0..n as u64);
        check_freed("heap", h, |h| h.shrink_to_fit());
        let mut p = PathBuf::with_capacity(200);
        p.push("a/b");
        check_freed("path", p, |p| p.shrink_to_fit());
        let mut m: HashMap<u32, String> = HashMap::with_capacity(n * 4 + 10);
        m.extend((0..n as u32).map(|i| (i, "x".repeat(i as usize))));
        check_freed("map", m, |m| m.shrink_to_fit());
        let mut set: HashSet<u32> = HashSet::with_capacity(n * 4 + 10);
        set.extend(0..n as u32);
        check_freed("set", set, |s| s.shrink_to_fit());
        // Strings with spare capacity inside a vector, shown and summarised.
        let names: Vec<String> = (0..n)
            .map(|i| {
                let mut s = String::with_capacity(32);
                s.push_str(&i.to_string());
                s
            })
            .collect();
        check_freed("names", names, |v| {
            v.iter_mut().for_each(|s| s.shrink_to_fit())
        });
        let holder = Holder {
            names: (0..n)
                .map(|i| {
                    let mut s = String::with_capacity(20);
                    s.push_str(&i.to_string());
                    s
                })
                .collect(),
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
        };
        check_freed("holder", holder, |h| {
            h.names.iter_mut().for_each(|s| s.shrink_to_fit());
            h.names.shrink_to_fit();
            h.queue.shrink_to_fit();
            h.heap.shrink_to_fit();
            h.path.shrink_to_fit();
            h.set.shrink_to_fit();
            h.map.values_mut().for_each(|s| s.shrink_to_fit());
            h.map.shrink_to_fit();
        });
    }
}

#[test]
fn min_finding_bytes_edge() {
    let mut v: Vec<u8> = Vec::with_capacity(65);
    v.push(1);
    assert_eq!(
        findings_of(
            &v,
            ReportOptions::new().min_finding_bytes(64),
            FindingKind::UnusedCapacity
        )
        .len(),
        1
    );
    assert_eq!(
        findings_of(
            &v,
            ReportOptions::new().min_finding_bytes(65),
            FindingKind::UnusedCapacity
        )
        .len(),
        0
    );
}

#[test]
fn large_variant_counts_array_elements_even_summarised() {
    let arr: [Msg; 40] = std::array::from_fn(|i| Msg::Ping(i.to_string()));
    let f = findings_of(&arr, ReportOptions::new(), FindingKind::LargeEnumVariant);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, 40 * (1024 - size_of::<String>()), "{f:#?}");
    // Enums without heap inside summarised elements: no nodes, counted from the element type.
    let rows: Vec<(String, Edge)> = (0..50).map(|i| (i.to_string(), Edge::A([0; 8]))).collect();
    let options = ReportOptions::new().large_variant_bytes(199);
    let f = findings_of(&rows, options, FindingKind::LargeEnumVariant);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, 50 * 200, "{f:#?}");
}

// ---- said once, and what following the suggestion gives -------------------------------------

#[test]
fn nested_spare_capacity_said_once_per_part_and_totals_shrinking() {
    for n in [1usize, 4, 12, 60] {
        let value = team(n);
        let report = value.layout_report_with(all());
        let unused: Vec<_> = report
            .findings()
            .iter()
            .filter(|f| f.kind == FindingKind::UnusedCapacity)
            .cloned()
            .collect();
        // One per part: the outer vector, every name, every tags vector.
        let mut messages: Vec<_> = unused.iter().map(|f| f.message.clone()).collect();
        messages.sort();
        messages.dedup();
        assert_eq!(messages.len(), unused.len(), "{n}: {unused:#?}");
        // The vector, its elements' names and tags, and its summarised elements.
        assert!(unused.len() <= 4, "{n}: {unused:#?}");
        for f in &unused {
            assert!(f.message.contains("shrink_to_fit"), "{f:#?}");
            // `Person` has no `shrink_to_fit`: a summary of them names the buffers inside.
            if f.path.contains("..") {
                assert!(f.message.contains("the buffers inside"), "{f:#?}");
            }
        }
        check_freed("team", value, |t| {
            for p in &mut t.members {
                p.name.shrink_to_fit();
                p.tags.shrink_to_fit();
            }
            t.members.shrink_to_fit();
        });
    }
}

#[derive(Layout, Clone, Copy)]
#[repr(C)]
#[allow(dead_code)]
struct RecHand {
    b: u64,
    a: u8,
    c: u8,
}

#[test]
fn heap_padding_claim_is_what_reordering_saves() {
    for n in [1usize, 7, 100] {
        let v: Vec<Rec> = vec![Rec { a: 1, b: 2, c: 3 }; n];
        let f = findings_of(&v, all(), FindingKind::HeapPadding);
        assert_eq!(f.len(), 1, "{f:#?}");
        // The padding figure: every element's gaps, from offset_of!.
        let per = size_of::<Rec>() - 10;
        assert_eq!(f[0].bytes, n * per, "{f:#?}");
        assert!(
            f[0].message.contains(&format!(
                "{} bytes instead of {}",
                size_of::<RecHand>(),
                size_of::<Rec>()
            )),
            "{f:#?}"
        );
        let hand: Vec<RecHand> = vec![RecHand { a: 1, b: 2, c: 3 }; n];
        assert!(memlayout::heap_bytes(&hand) < memlayout::heap_bytes(&v));
        // Boxed: the same finding through the box.
        let b = Box::new(Rec { a: 1, b: 2, c: 3 });
        let f = findings_of(&b, all(), FindingKind::HeapPadding);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].bytes, per, "{f:#?}");
    }
}

#[test]
fn heap_padding_in_summarised_map_values_is_one_finding() {
    for n in [3usize, 40] {
        let m: HashMap<u32, Vec<Rec>> = (0..n as u32)
            .map(|i| (i, vec![Rec { a: 1, b: 2, c: 3 }; 2]))
            .collect();
        let f = findings_of(&m, all(), FindingKind::HeapPadding);
        assert_eq!(f.len(), 1, "{n}: {f:#?}");
        assert_eq!(f[0].bytes, n * 2 * (size_of::<Rec>() - 10), "{n}: {f:#?}");
    }
}

#[derive(Layout)]
#[allow(dead_code)]
struct Outer {
    inner: Rec,
    x: u8,
}

#[derive(Layout)]
#[allow(dead_code)]
struct OuterHand {
    inner: RecHand,
    x: u8,
}

/// Padding a nested `#[repr(C)]` field's order causes: the outer type's own fields cannot be
/// reordered to drop it, but the nested type's can, and the findings say so.
#[test]
fn padding_from_a_nested_repr_c_field_points_at_that_field() {
    let saved = size_of::<Outer>() - size_of::<OuterHand>();
    assert!(saved > 0);
    let root = Outer {
        inner: Rec { a: 1, b: 2, c: 3 },
        x: 4,
    };
    let f = findings_of(&root, all(), FindingKind::InlinePadding);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, saved, "{f:#?}");
    assert!(
        f[0].message.contains("Rec") && f[0].message.contains("(b, a, c)"),
        "{f:#?}"
    );
    let claim = format!(
        "each Outer {} bytes instead of {}",
        size_of::<OuterHand>(),
        size_of::<Outer>()
    );
    assert!(f[0].message.contains(&claim), "{f:#?}");
    let v: Vec<Outer> = (0..100)
        .map(|_| Outer {
            inner: Rec { a: 1, b: 2, c: 3 },
            x: 4,
        })
        .collect();
    let f = findings_of(&v, all(), FindingKind::HeapPadding);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(!f[0].message.contains("no field order"), "{f:#?}");
    assert!(f[0].message.contains("Rec"), "{f:#?}");
}

#[test]
fn large_variant_in_a_map_of_leaf_entries() {
    let m: HashMap<u32, Edge> = (0..20).map(|i| (i, Edge::A([0; 8]))).collect();
    let f = findings_of(
        &m,
        ReportOptions::new().large_variant_bytes(199),
        FindingKind::LargeEnumVariant,
    );
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].bytes, 20 * 200, "{f:#?}");
}

#[derive(Layout, Clone, Copy)]
#[repr(C)]
#[allow(dead_code)]
struct OuterC {
    x: u8,
    inner: [Rec; 2],
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct OuterCHand {
    x: u8,
    inner: [RecHand; 2],
}

#[derive(Layout, Clone, Copy)]
#[repr(C)]
#[allow(dead_code)]
struct Pad4 {
    a: u8,
    b: u16,
    c: u8,
}

#[derive(Layout)]
#[allow(dead_code)]
struct NoNestedGain {
    p: Pad4,
    q: u64,
}

#[test]
fn nested_reorder_claims_follow_the_compiler() {
    let rec = Rec { a: 1, b: 2, c: 3 };
    let root = OuterC {
        x: 0,
        inner: [rec; 2],
    };
    let f = findings_of(&root, all(), FindingKind::InlinePadding);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        f[0].bytes,
        size_of::<OuterC>() - size_of::<OuterCHand>(),
        "{f:#?}"
    );
    let claim = format!(
        "each OuterC {} bytes instead of {}",
        size_of::<OuterCHand>(),
        size_of::<OuterC>()
    );
    assert!(f[0].message.contains(&claim), "{f:#?}");
    // Reordering `Pad4` saves it 2 bytes, which `NoNestedGain`'s alignment takes back.
    let root = NoNestedGain {
        p: Pad4 { a: 1, b: 2, c: 3 },
        q: 4,
    };
    assert!(Pad4::LAYOUT.reorder_suggestion().is_some());
    let f = findings_of(&root, all(), FindingKind::InlinePadding);
    assert!(f.is_empty(), "{f:#?}");
}
