//! Hunt: following a finding's suggestion gives what it promises. Every figure here is checked
//! against the compiler (`size_of`, `offset_of!`) or the counting allocator, never typed by hand.

#[path = "common/alloc.rs"]
mod alloc;

use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::mem::{offset_of, size_of};
use std::num::{NonZeroU16, NonZeroU64};
use std::path::PathBuf;

use memlayout::report::{Finding, FindingKind};
use memlayout::{Layout, LayoutReport, ReportOptions};

fn all() -> ReportOptions {
    ReportOptions::new().min_finding_bytes(0)
}

fn findings_of<T: Layout>(value: &T, options: ReportOptions, kind: FindingKind) -> Vec<Finding> {
    value
        .layout_report_with(options)
        .findings()
        .iter()
        .filter(|f| f.kind == kind)
        .cloned()
        .collect()
}

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

#[derive(Layout)]
#[allow(dead_code, clippy::large_enum_variant)]
enum Msg {
    Ping(String),
    Blob([u8; 1024]),
}

#[derive(Layout)]
#[allow(dead_code)]
struct Wrap {
    id: u32,
    msg: Msg,
}

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

#[derive(Layout)]
#[allow(dead_code)]
enum Edge {
    A([u8; 8]),
    B([u8; 208]),
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

fn unused_bytes<T: Layout>(value: &T) -> usize {
    findings_of(value, all(), FindingKind::UnusedCapacity)
        .iter()
        .map(|f| f.bytes)
        .sum::<usize>()
        + findings_of(value, all(), FindingKind::EmptyAllocation)
            .iter()
            .map(|f| f.bytes)
            .sum::<usize>()
}

#[track_caller]
fn check_freed<T: Layout>(what: &str, mut value: T, shrink: impl FnOnce(&mut T)) {
    let claimed = unused_bytes(&value);
    let (before, _) = alloc::live();
    shrink(&mut value);
    let (after, _) = alloc::live();
    let freed = usize::try_from(before - after).unwrap();
    assert_eq!(claimed, freed, "{what}");
}

#[derive(Layout)]
struct Holder {
    names: Vec<String>,
    queue: VecDeque<u32>,
    heap: BinaryHeap<u64>,
    path: PathBuf,
    set: HashSet<u32>,
    map: HashMap<u32, String>,
}

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

#[derive(Layout)]
struct Team {
    members: Vec<Person>,
}

#[derive(Layout)]
struct Person {
    name: String,
    tags: Vec<String>,
}

fn team(n: usize) -> Team {
    Team {
        members: {
            let mut v = Vec::with_capacity(n + 5);
            v.extend((0..n).map(|i| Person {
                name: {
                    let mut s = String::with_capacity(40);
                    s.push_str(&i.to_string());
                    s
                },
                tags: {
                    let mut t = Vec::with_capacity(4);
                    t.push("x".repeat(i % 3 + 1));
                    t
                },
            }));
            v
        },
    }
}

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
struct Rec {
    a: u8,
    b: u64,
    c: u8,
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
