//! Bug hunt on budgets, the audit and report diffs: every figure checked against `size_of`,
//! `offset_of!` and a counting allocator, every failure message read for the type, the figure,
//! the limit and the largest contributor.

#[path = "common/alloc.rs"]
mod alloc;

use std::collections::BTreeMap;
use std::mem::{offset_of, size_of};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::Arc;

use memlayout::budget::{check, Figure};
use memlayout::registry::Audit;
use memlayout::{Layout, LayoutReport};

fn panic_message(f: impl FnOnce()) -> Option<String> {
    let payload = catch_unwind(AssertUnwindSafe(f)).err()?;
    Some(
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    )
}

#[derive(Layout)]
struct Holder<T> {
    items: Vec<T>,
    tag: u8,
}

#[derive(Layout)]
enum Shape {
    Empty,
    Named(String),
    Points(Vec<(u8, u64)>),
}

/// A budget at exactly the figure holds; one byte (one allocation) less fails, and the message
/// names the value, the figure, the limit and the largest contributor by path.
#[test]
fn budgets_at_the_limit_and_one_over_on_a_generic_type_and_an_enum() {
    let (holder, usage) = alloc::measure(|| Holder {
        items: vec![String::from("abcdef"), String::with_capacity(40)],
        tag: 1,
    });
    assert!(check("holder", &holder, &[(Figure::Heap, usage.bytes)]).is_ok());
    assert!(check(
        "holder",
        &holder,
        &[(Figure::Allocations, usage.allocations)]
    )
    .is_ok());
    let inline = size_of::<Holder<String>>();
    assert!(check("holder", &holder, &[(Figure::Inline, inline)]).is_ok());
    let error = check("holder", &holder, &[(Figure::Heap, usage.bytes - 1)]).unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("`holder` is over budget:"), "{text}");
    assert!(
        text.contains(&format!(
            "heap = {} bytes, budget heap <= {}",
            usage.bytes,
            usage.bytes - 1
        )),
        "{text}"
    );
    // The largest own block: the `Vec<String>` buffer (48 bytes) or the 40-byte string.
    let buffer = 2 * size_of::<String>();
    let largest = if buffer >= 40 {
        format!("holder.items {buffer} bytes")
    } else {
        String::from("holder.items[1] 40 bytes")
    };
    assert!(
        text.contains(&format!("largest contributors: {largest}")),
        "{text}"
    );
    let error = check("holder", &holder, &[(Figure::Inline, inline - 1)]).unwrap_err();
    assert_eq!(error.overruns[0].actual, inline);

    let (shape, usage) = alloc::measure(|| Shape::Points(vec![(1, 2); 3]));
    assert!(check("shape", &shape, &[(Figure::Heap, usage.bytes)]).is_ok());
    let padding = 3 * (size_of::<(u8, u64)>() - 9);
    assert!(check("shape", &shape, &[(Figure::Padding, padding)]).is_ok());
    let error = check("shape", &shape, &[(Figure::Padding, padding - 1)]).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "padding = {padding} bytes, budget padding <= {}",
            padding - 1
        )),
        "{text}"
    );
    assert!(text.contains("shape.Points.0"), "{text}");
    let empty = Shape::Empty;
    assert!(check(
        "empty",
        &empty,
        &[(Figure::Heap, 0), (Figure::Allocations, 0)]
    )
    .is_ok());
    let named = Shape::Named(String::new());
    assert!(check(
        "named",
        &named,
        &[(Figure::Heap, 0), (Figure::Indirection, 0)]
    )
    .is_ok());
}

/// A B-tree's heap, allocations and unused capacity are estimates past 16 entries: a budget at
/// the reported figure must fail as unverified, never pass.
#[test]
fn estimates_fail_as_unverified_at_their_own_figure() {
    let (map, usage) = alloc::measure(|| {
        (0..500u32)
            .map(|i| (i, i as u64))
            .collect::<BTreeMap<_, _>>()
    });
    let totals = memlayout::totals(&map);
    assert!(!totals.is_exact);
    assert!(totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high);
    for (figure, at) in [
        (Figure::Heap, totals.heap_bytes),
        (Figure::Allocations, totals.allocations),
        (Figure::Indirection, totals.max_indirection),
    ] {
        let error = check("map", &map, &[(figure, at)]).unwrap_err();
        let overrun = &error.overruns[0];
        assert_eq!(overrun.actual, at, "{figure}");
        assert!(overrun.unverified.is_some(), "{figure}: {error}");
        assert!(!overrun.contributors.is_empty(), "{figure}: {error}");
    }
    // At the heap's upper bound the heap budget holds: it is proven.
    assert!(check("map", &map, &[(Figure::Heap, totals.heap_bytes_high)]).is_ok());
}

/// `assert_growth_at_most(usize::MAX)` is no budget at all: it holds for any growth.
#[test]
fn a_growth_budget_of_usize_max_holds() {
    let mut words: Vec<String> = Vec::new();
    let earlier = words.layout_report();
    words.extend((0..10).map(|i| i.to_string()));
    let diff = words.layout_report().diff(&earlier);
    assert!(diff.growth() > 0);
    let message = panic_message(|| diff.assert_growth_at_most(usize::MAX));
    assert_eq!(message, None);
    let growth = usize::try_from(diff.growth()).unwrap();
    assert_eq!(panic_message(|| diff.assert_growth_at_most(growth)), None);
    let message = panic_message(|| diff.assert_growth_at_most(growth - 1)).unwrap();
    assert!(
        message.contains(&format!(
            "growth = {growth} bytes, budget growth <= {}",
            growth - 1
        )),
        "{message}"
    );
}

mod wire {
    #[derive(memlayout::Layout)]
    #[repr(C)]
    pub struct Packet {
        pub tag: u8,
        pub len: u64,
    }
}

mod disk {
    #[derive(memlayout::Layout)]
    #[repr(C)]
    pub struct Packet {
        pub tag: u8,
        pub len: u32,
    }
}

/// Two types named `Packet` in two modules: the audit's rows and its failure message must say
/// which is which, as the snapshot diff does (the full name where short names collide).
#[test]
fn the_audit_tells_apart_types_with_one_short_name() {
    let audit = Audit::of([wire::Packet::LAYOUT, disk::Packet::LAYOUT]);
    let wire_waste = size_of::<wire::Packet>() - 9;
    let disk_waste = size_of::<disk::Packet>() - 5;
    assert_eq!(
        audit.entry::<wire::Packet>().unwrap().wasted_bytes,
        wire_waste
    );
    assert_eq!(
        audit.entry::<disk::Packet>().unwrap().wasted_bytes,
        disk_waste
    );
    let text = audit.to_string();
    let wire_name = std::any::type_name::<wire::Packet>();
    let disk_name = std::any::type_name::<disk::Packet>();
    let row_of = |name: &str| {
        text.lines()
            .find(|line| line.split_whitespace().last() == Some(name))
            .map(|line| line.split_whitespace().next().unwrap().to_string())
    };
    assert_eq!(row_of(wire_name), Some(wire_waste.to_string()), "{text}");
    assert_eq!(row_of(disk_name), Some(disk_waste.to_string()), "{text}");
    let error = audit.check_waste_at_most(0.0).unwrap_err().to_string();
    assert!(
        error.contains(&format!("`{wire_name}` is over budget")),
        "{error}"
    );
    assert!(
        error.contains(&format!("`{disk_name}` is over budget")),
        "{error}"
    );
    // Alone, a type keeps its short name.
    let alone = Audit::of([wire::Packet::LAYOUT]).to_string();
    assert!(alone.lines().any(|l| l.ends_with("  Packet")), "{alone}");
}

#[derive(Layout)]
struct Session {
    user: String,
    scores: Vec<u32>,
}

/// Footprint and diff on values whose parts are shared: a shared allocation counts once, its
/// contents are instances once, and the figures are the allocator's.
#[test]
fn footprint_and_diff_count_shared_parts_once() {
    let (shared, usage) = alloc::measure(|| {
        Rc::new(Session {
            user: String::from("someone"),
            scores: vec![1, 2, 3],
        })
    });
    let handles: Vec<Rc<Session>> = vec![shared.clone(); 50];
    let (_, buffer) = alloc::measure(|| drop(Vec::<Rc<Session>>::with_capacity(50)));
    let _ = buffer;
    let footprint = memlayout::footprint(&handles);
    assert_eq!(footprint.get("Session").unwrap().instances, 1);
    assert_eq!(footprint.get("Rc<Session>").unwrap().instances, 50);
    assert_eq!(
        footprint.get("Rc<Session>").unwrap().heap_bytes,
        usage.bytes - 7 - 3 * 4
    );
    assert_eq!(footprint.get("String").unwrap().heap_bytes, 7);
    assert_eq!(footprint.heap_bytes(), memlayout::heap_bytes(&handles));
    assert_eq!(
        memlayout::heap_bytes(&handles),
        usage.bytes + 50 * size_of::<Rc<Session>>()
    );

    // Arc: grow the shared contents; the diff's growth is the allocator's.
    let (arc, _) = alloc::measure(|| Arc::new(std::sync::Mutex::new(vec![0u64; 4])));
    let value: Vec<Arc<std::sync::Mutex<Vec<u64>>>> = vec![arc.clone(), arc.clone()];
    let earlier = value.layout_report();
    let (_, grown) = alloc::measure(|| arc.lock().unwrap().extend_from_slice(&[1; 60]));
    let later = value.layout_report();
    let diff = later.diff(&earlier);
    let capacity = arc.lock().unwrap().capacity();
    assert_eq!(grown.bytes, (capacity - 4) * size_of::<u64>());
    assert_eq!(diff.growth(), grown.bytes as isize);
}

macro_rules! repr_c_types {
    ($($name:ident { $($field:ident: $ty:ty),* })*) => {
        mod fifty {
            $(
                #[derive(memlayout::Layout)]
                #[repr(C)]
                #[allow(dead_code)]
                pub struct $name { $(pub $field: $ty),* }
            )*
        }
        /// Each type's layout, its size and the padding computed from `offset_of!`.
        fn fifty_truths() -> Vec<(&'static memlayout::TypeLayout, usize, usize, usize)> {
            vec![$({
                let mut ends: Vec<(usize, usize)> = vec![
                    $((offset_of!(fifty::$name, $field), size_of::<$ty>())),*
                ];
                ends.sort();
                let mut covered = 0;
                let mut end = 0;
                for (offset, size) in ends {
                    assert!(offset >= end);
                    covered += size;
                    end = offset + size;
                }
                let size = size_of::<fifty::$name>();
                (
                    <fifty::$name as memlayout::Layout>::LAYOUT,
                    size,
                    std::mem::align_of::<fifty::$name>(),
                    size - covered,
                )
            }),*]
        }
    };
}

repr_c_types! {
    T00 { a: u8, b: u64 }
    T01 { a: u64, b: u8 }
    T02 { a: u8, b: u16, c: u8 }
    T03 { a: u32, b: u8, c: u32 }
    T04 { a: u8 }
    T05 { a: u16, b: u8 }
    T06 { a: u8, b: u128 }
    T07 { a: [u8; 3], b: u32 }
    T08 { a: [u8; 5], b: u16 }
    T09 { a: bool, b: f64, c: bool }
    T10 { a: char, b: u8 }
    T11 { a: u64, b: u64 }
    T12 { a: u8, b: u8, c: u8, d: u64 }
    T13 { a: u16, b: u32, c: u16 }
    T14 { a: f32, b: f64 }
    T15 { a: [u16; 3], b: u64 }
    T16 { a: u8, b: [u32; 2], c: u8 }
    T17 { a: i8, b: i16, c: i32, d: i64 }
    T18 { a: i64, b: i32, c: i16, d: i8 }
    T19 { a: (u8, u32), b: u8 }
    T20 { a: Option<u32>, b: u8 }
    T21 { a: Option<Box<u8>>, b: u8 }
    T22 { a: usize, b: u8 }
    T23 { a: [u8; 63], b: u64 }
    T24 { a: [u8; 60], b: [u32; 2] }
    T25 { a: u8, b: (u64, u8) }
    T26 { a: () , b: u32 }
    T27 { a: u32 }
    T28 { a: [u64; 0], b: u8 }
    T29 { a: u8, b: std::num::NonZeroU32 }
    T30 { a: i128, b: u8 }
    T31 { a: u16, b: u16, c: u8 }
    T32 { a: u8, b: f32, c: u8, d: f32 }
    T33 { a: [bool; 7], b: u64 }
    T34 { a: u64, b: [u8; 9] }
    T35 { a: u8, b: Box<u8> }
    T36 { a: String, b: u8 }
    T37 { a: Vec<u8>, b: bool, c: u16 }
    T38 { a: (u8, u16), b: (u8, u16) }
    T39 { a: u8, b: (u16, u8) }
    T40 { a: [u32; 3], b: u8, c: u64 }
    T41 { a: std::time::Duration, b: u8 }
    T42 { a: u8, b: std::time::Duration }
    T43 { a: Option<u8>, b: u16 }
    T44 { a: [u8; 2], b: [u16; 2], c: [u32; 2] }
    T45 { a: u32, b: u8, c: u8, d: u8, e: u8 }
    T46 { a: u8, b: u32, c: u8, d: u32, e: u8 }
    T47 { a: f64, b: char, c: bool }
    T48 { a: i16, b: u64 }
    T49 { a: u8, b: u16, c: u32, d: u64, e: u128 }
}

/// 50 `#[repr(C)]` types: the audit's waste is the padding computed from `offset_of!` (fields'
/// own padding included where a field is a tuple or a struct), its size `size_of`; the JSON and
/// the text carry the same numbers.
#[test]
fn the_audit_of_fifty_types_is_the_compilers() {
    let truths = fifty_truths();
    assert_eq!(truths.len(), 50);
    let audit = Audit::of(truths.iter().map(|t| t.0));
    assert_eq!(audit.entries().len(), 50);
    let mut total = 0;
    for &(layout, size, align, own_gaps) in &truths {
        let entry = audit
            .entries()
            .iter()
            .find(|e| std::ptr::eq(e.layout, layout))
            .unwrap();
        assert_eq!(
            (layout.size, layout.align),
            (size, align),
            "{}",
            layout.name
        );
        assert_eq!(layout.own_padding_bytes(), own_gaps, "{}", layout.name);
        let inside: usize = layout
            .fields
            .iter()
            .map(|f| (f.layout)().padding_bytes)
            .sum();
        assert_eq!(entry.wasted_bytes, own_gaps + inside, "{}", layout.name);
        total += entry.wasted_bytes;
    }
    assert_eq!(audit.wasted_bytes(), total);
    let text = audit.to_string();
    assert!(
        text.starts_with(&format!("audit of 50 types: {total} bytes wasted")),
        "{text}"
    );
    for entry in audit.entries().iter().filter(|e| !e.findings.is_empty()) {
        let row = text
            .lines()
            .find(|l| l.split_whitespace().last() == Some(entry.layout.name))
            .unwrap_or_else(|| panic!("no row for {}: {text}", entry.layout.name));
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[0], entry.wasted_bytes.to_string(), "{row}");
        assert_eq!(cells[2], entry.layout.size.to_string(), "{row}");
    }
    let json: serde_json::Value = serde_json::from_str(&audit.to_json()).unwrap();
    let rows = json["entries"].as_array().unwrap();
    assert_eq!(rows.len(), 50);
    for (row, entry) in rows.iter().zip(audit.entries()) {
        assert_eq!(row["type_name"], (entry.layout.type_name)());
        assert_eq!(row["size"], entry.layout.size);
        assert_eq!(row["wasted_bytes"], entry.wasted_bytes);
    }
}

#[derive(Layout)]
struct Both {
    wire: Vec<wire::Packet>,
    disk: Box<disk::Packet>,
}

/// The footprint table of a value holding two types named `Packet`: each row says which.
#[test]
fn the_footprint_table_tells_apart_types_with_one_short_name() {
    let both = Both {
        wire: (0..3).map(|len| wire::Packet { tag: 1, len }).collect(),
        disk: Box::new(disk::Packet { tag: 1, len: 2 }),
    };
    let footprint = memlayout::footprint(&both);
    let text = footprint.to_string();
    let wire_name = std::any::type_name::<wire::Packet>();
    let disk_name = std::any::type_name::<disk::Packet>();
    let count_of = |name: &str| {
        text.lines()
            .find(|line| line.split_whitespace().next() == Some(name))
            .map(|line| line.split_whitespace().nth(1).unwrap().to_string())
    };
    assert_eq!(count_of(wire_name), Some(String::from("3")), "{text}");
    assert_eq!(count_of(disk_name), Some(String::from("1")), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("Vec<Packet> ")),
        "{text}"
    );
}

#[derive(Layout)]
struct Pair {
    first: Option<Rc<Vec<u8>>>,
    second: Rc<Vec<u8>>,
}

/// A shared allocation counted at the first handle walked: when that handle goes, the next one
/// carries it. The diff moves the bytes from one path to the other and the value did not grow.
#[test]
fn a_diff_moves_a_shared_allocation_to_its_next_handle() {
    let (shared, usage) = alloc::measure(|| Rc::new(vec![7u8; 100]));
    let mut pair = Pair {
        first: Some(shared.clone()),
        second: shared,
    };
    let earlier = pair.layout_report();
    assert_eq!(earlier.totals().heap_bytes, usage.bytes);
    pair.first = None;
    let later = pair.layout_report();
    assert_eq!(later.totals().heap_bytes, usage.bytes);
    let diff = later.diff(&earlier);
    assert_eq!(diff.growth(), 0);
    let sum: isize = diff.changes().iter().map(|c| c.heap_delta()).sum();
    assert_eq!(sum, 0, "{diff}");
    diff.assert_growth_at_most(0);
    let text = diff.to_string();
    assert!(text.contains(".second"), "{text}");
}

#[allow(dead_code)]
#[derive(Layout)]
#[layout(opaque)]
struct Sealed {
    secret: Vec<u8>,
}

#[allow(dead_code)]
#[derive(Layout)]
#[layout(max_size = 64, no_padding)]
struct Budgeted {
    a: u64,
    b: u64,
}

#[allow(dead_code)]
#[derive(Layout)]
struct Borrowing<'a> {
    name: &'a str,
    flag: bool,
}

/// Container attributes do not change what registers: an opaque type, a budgeted one, and a
/// type with a lifetime (as its `'static` instantiation) are all in the registry, once.
#[test]
fn container_attributes_keep_types_registered() {
    for name in [
        std::any::type_name::<Sealed>(),
        std::any::type_name::<Budgeted>(),
        std::any::type_name::<Borrowing<'static>>(),
    ] {
        let found = memlayout::registered()
            .filter(|t| (t.type_name)() == name)
            .count();
        assert_eq!(found, 1, "{name}");
    }
    let generic = std::any::type_name::<Holder<String>>();
    let prefix = &generic[..generic.find('<').unwrap()];
    assert!(
        !memlayout::registered().any(|t| (t.type_name)().starts_with(prefix)),
        "a generic type registers no instantiation by itself"
    );
}

/// The padding inside an enum's payload (a `(u8, u64)` in `Some`) is not counted: enums have no
/// static padding figure, the walk does not count the active variant's (README, Limits). Pinned
/// so that a change to it is seen.
#[test]
fn padding_inside_an_enum_payload_is_not_counted() {
    let payload_padding = size_of::<(u8, u64)>() - 9;
    assert!(payload_padding > 0);
    let some = Some((1u8, 2u64));
    assert_eq!(memlayout::totals(&some).total_padding(), 0);
    assert!(check("some", &some, &[(Figure::Padding, 0)]).is_ok());
    let many = vec![Some((1u8, 2u64)); 10];
    assert_eq!(memlayout::totals(&many).total_padding(), 0);
    // The same tuple outside an enum counts.
    let bare = vec![(1u8, 2u64); 10];
    assert_eq!(
        memlayout::totals(&bare).total_padding(),
        10 * payload_padding
    );
}

/// An inline budget broken by an enum: the contributors are the active variant's fields.
#[test]
fn inline_contributors_of_an_enum_are_its_payload() {
    let shape = Shape::Named(String::from("x"));
    let error = check("shape", &shape, &[(Figure::Inline, 1)]).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "inline = {} bytes, budget inline <= 1",
            size_of::<Shape>()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "largest contributors: shape.Named.0 {} bytes",
            size_of::<String>()
        )),
        "{text}"
    );
}

#[allow(dead_code)]
#[derive(Layout)]
#[repr(C, align(64))]
struct Line {
    pairs: [(u8, u16); 4],
    tail: u8,
}

/// Padding inside an array of padded tuples, and the trailing padding an `align(64)` adds:
/// the audit's figures and the places its failure message names, against `offset_of!`.
#[test]
fn the_audit_counts_array_element_padding_and_aligned_tails() {
    let element_gap = size_of::<(u8, u16)>() - 3;
    let inside = 4 * element_gap;
    assert_eq!(<[(u8, u16); 4]>::LAYOUT.padding_bytes, inside);
    let tail_end = offset_of!(Line, tail) + 1;
    let trailing = size_of::<Line>() - tail_end;
    assert_eq!(offset_of!(Line, tail), size_of::<[(u8, u16); 4]>());
    let audit = Audit::of([Line::LAYOUT]);
    let entry = audit.entry::<Line>().unwrap();
    assert_eq!(entry.wasted_bytes, inside + trailing);
    let message = audit.check_waste_at_most(0.0).unwrap_err().to_string();
    assert!(
        message.contains(&format!(
            "largest contributors: trailing padding {trailing} bytes"
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!("padding inside `pairs` {inside} bytes")),
        "{message}"
    );
}

/// Unsized shared contents (`Arc<str>`, `Rc<[u64]>`): the footprint counts each allocation
/// once, at the allocator's size, however many handles share it.
#[test]
fn footprint_of_shared_unsized_contents() {
    let (name, name_usage) = alloc::measure(|| Arc::<str>::from("a shared name"));
    let (ids, ids_usage) = alloc::measure(|| Rc::<[u64]>::from(vec![1, 2, 3, 4, 5]));
    let value: (Vec<Arc<str>>, Vec<Rc<[u64]>>) = (vec![name; 20], vec![ids; 7]);
    let footprint = memlayout::footprint(&value);
    let arc_row = footprint.get("Arc<str>").unwrap();
    assert_eq!(
        (arc_row.instances, arc_row.heap_bytes),
        (20, name_usage.bytes)
    );
    let rc_row = footprint.get("Rc<[u64]>").unwrap();
    assert_eq!((rc_row.instances, rc_row.heap_bytes), (7, ids_usage.bytes));
    assert_eq!(
        memlayout::heap_bytes(&value),
        name_usage.bytes
            + ids_usage.bytes
            + 20 * size_of::<Arc<str>>()
            + 7 * size_of::<Rc<[u64]>>()
    );
    assert_eq!(footprint.heap_bytes(), memlayout::heap_bytes(&value));
}

/// A waste budget that is not a number (a share computed as 0.0 / 0.0) fails every type
/// rather than passing them all unchecked (every comparison with NaN is false).
#[test]
fn a_waste_budget_that_is_not_a_number_fails() {
    #[derive(Layout)]
    #[repr(C)]
    struct Tight {
        a: u64,
    }
    #[derive(Layout)]
    #[repr(C)]
    struct Loose {
        a: u8,
        b: u64,
    }
    let audit = Audit::of([Tight::LAYOUT, Loose::LAYOUT]);
    assert!(audit.check_waste_at_most(1.0).is_ok());
    let error = audit.check_waste_at_most(f64::NAN).unwrap_err();
    assert_eq!(error.entries.len(), 2);
    let panicked = catch_unwind(AssertUnwindSafe(|| audit.assert_waste_at_most(f64::NAN)));
    assert!(panicked.is_err());
}
