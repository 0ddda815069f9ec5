//! Property test: std collections through random build histories (empty, `with_capacity`,
//! collected from iterators with and without a size hint, then pushes, `extend`, `reserve`,
//! `shrink_to_fit`, `truncate`, `retain`, `drain`, `split_off`, `append`, `clear`), each
//! checked against the counting allocator: the heap bytes within the bounds (equal when exact),
//! the allocations, what `shrink_to_fit` gives back against `reclaimable`, the report's and
//! its JSON's figures against the API's, and heap budgets passing exactly when provable.

#[path = "common/alloc.rs"]
mod alloc;

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};

use memlayout::budget::{check, Figure};
use memlayout::{Layout, LayoutReport, Totals};
use proptest::prelude::*;

/// How a collection starts.
#[derive(Clone, Copy, Debug)]
enum Start {
    New,
    WithCapacity(usize),
    /// `collect` from an exact-size iterator.
    Collected(usize),
    /// `collect` from a filter (size hint's lower bound 0).
    Filtered(usize),
}

/// One step of a history.
#[derive(Clone, Copy, Debug)]
enum Op {
    Push(usize),
    Extend(usize),
    Reserve(usize),
    ShrinkToFit,
    Truncate(usize),
    /// Keeps the items whose number is a multiple of the argument.
    Retain(usize),
    /// Drains items from the argument on.
    Drain(usize),
    /// Splits off the items from the argument on, keeping the front.
    SplitOff(usize),
    /// Appends a collection of the argument's length.
    Append(usize),
    Clear,
}

fn start() -> impl Strategy<Value = Start> {
    prop_oneof![
        Just(Start::New),
        (0..70usize).prop_map(Start::WithCapacity),
        (0..300usize).prop_map(Start::Collected),
        (0..300usize).prop_map(Start::Filtered),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..40usize).prop_map(Op::Push),
        (0..200usize).prop_map(Op::Extend),
        (0..100usize).prop_map(Op::Reserve),
        Just(Op::ShrinkToFit),
        (0..100usize).prop_map(Op::Truncate),
        (1..5usize).prop_map(Op::Retain),
        (0..100usize).prop_map(Op::Drain),
        (0..100usize).prop_map(Op::SplitOff),
        (0..60usize).prop_map(Op::Append),
        Just(Op::Clear),
    ]
}

/// The items a history's numbers stand for: strings for the sequences (an allocation of their
/// own), numbers for the keys.
fn text(i: usize) -> String {
    format!("item {i}")
}

/// The start as an iterator of numbers, filtered or not.
fn numbers(start: Start) -> Box<dyn Iterator<Item = usize>> {
    match start {
        Start::New | Start::WithCapacity(_) => Box::new(0..0),
        Start::Collected(n) => Box::new(0..n),
        Start::Filtered(n) => Box::new((0..2 * n).filter(|i| i % 2 == 0)),
    }
}

/// The history of a sequence of strings through `ops`: `Vec` and `VecDeque` share the methods;
/// `$push` adds item `$i` of the push at step `$k` to `$v`.
macro_rules! sequence_history {
    ($start:expr, $ops:expr, $ty:ident, |$v:ident, $i:ident, $k:ident| $push:expr) => {{
        let mut $v: $ty<String> = match $start {
            Start::WithCapacity(n) => $ty::with_capacity(n),
            start => numbers(start).map(text).collect(),
        };
        for ($k, &op) in $ops.iter().enumerate() {
            match op {
                Op::Push(n) => (0..n).for_each(|$i| $push),
                Op::Extend(n) => $v.extend((0..n).map(text)),
                Op::Reserve(n) => $v.reserve(n),
                Op::ShrinkToFit => $v.shrink_to_fit(),
                Op::Truncate(n) => $v.truncate(n),
                Op::Retain(m) => {
                    let mut i = 0;
                    $v.retain(|_| {
                        i += 1;
                        i % m == 0
                    });
                }
                Op::Drain(at) => drop($v.drain(at.min($v.len())..)),
                Op::SplitOff(at) => drop($v.split_off(at.min($v.len()))),
                Op::Append(n) => $v.append(&mut (0..n).map(text).collect()),
                Op::Clear => $v.clear(),
            }
        }
        $v
    }};
}

/// A vector of strings through `ops`.
fn vec_history(start: Start, ops: &[Op]) -> Vec<String> {
    sequence_history!(start, ops, Vec, |v, i, k| v.push(text(i + k)))
}

/// A deque of strings through `ops`, pushing at both ends.
fn deque_history(start: Start, ops: &[Op]) -> VecDeque<String> {
    sequence_history!(start, ops, VecDeque, |v, i, k| if i % 2 == 0 {
        v.push_front(text(i + k));
    } else {
        v.push_back(text(i));
    })
}

/// A string through `ops` (the numbers are bytes).
fn string_history(start: Start, ops: &[Op]) -> String {
    let mut s: String = match start {
        Start::WithCapacity(n) => String::with_capacity(n),
        _ => numbers(start)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect(),
    };
    for &op in ops {
        match op {
            Op::Push(n) => (0..n).for_each(|_| s.push('x')),
            Op::Extend(n) => s.extend((0..n).map(|_| 'é')),
            Op::Reserve(n) => s.reserve(n),
            Op::ShrinkToFit => s.shrink_to_fit(),
            Op::Truncate(n) => {
                let at = (0..=n.min(s.len())).rev().find(|&i| s.is_char_boundary(i));
                s.truncate(at.unwrap_or(0));
            }
            Op::Retain(m) => {
                let mut i = 0;
                s.retain(|_| {
                    i += 1;
                    i % m == 0
                });
            }
            Op::Drain(at) | Op::SplitOff(at) => {
                let at = (0..=at.min(s.len())).rev().find(|&i| s.is_char_boundary(i));
                drop(s.split_off(at.unwrap_or(0)));
            }
            Op::Append(n) => s.push_str(&"y".repeat(n)),
            Op::Clear => s.clear(),
        }
    }
    s
}

/// A hash map of numbers to strings through `ops`.
fn hash_history(start: Start, ops: &[Op]) -> HashMap<usize, String> {
    let mut m: HashMap<usize, String> = match start {
        Start::WithCapacity(n) => HashMap::with_capacity(n),
        _ => numbers(start).map(|i| (i, text(i))).collect(),
    };
    let mut next = 1_000;
    for &op in ops {
        match op {
            Op::Push(n) | Op::Append(n) | Op::Extend(n) => {
                m.extend((next..next + n).map(|i| (i, text(i))));
                next += n;
            }
            Op::Reserve(n) => m.reserve(n),
            Op::ShrinkToFit => m.shrink_to_fit(),
            Op::Truncate(n) | Op::Drain(n) | Op::SplitOff(n) => m.retain(|&k, _| k % 100 < n),
            Op::Retain(r) => m.retain(|&k, _| k % r == 0),
            Op::Clear => m.clear(),
        }
    }
    m
}

/// A B-tree of numbers to numbers through `ops`.
fn btree_history(start: Start, ops: &[Op]) -> BTreeMap<usize, u64> {
    let mut m: BTreeMap<usize, u64> = numbers(start).map(|i| (i, i as u64)).collect();
    let mut next = 1_000;
    for &op in ops {
        match op {
            Op::Push(n) | Op::Extend(n) => {
                for i in 0..n {
                    // Scattered: leaves about half full.
                    m.insert((next + i * 7919) % 100_003, i as u64);
                }
                next += n;
            }
            Op::Append(n) => {
                let mut other: BTreeMap<usize, u64> =
                    (next..next + n).map(|i| (i, i as u64)).collect();
                m.append(&mut other);
                next += n;
            }
            Op::Reserve(_) | Op::ShrinkToFit => {}
            Op::Truncate(n) => {
                while m.len() > n {
                    m.pop_last();
                }
            }
            Op::Drain(n) => {
                for _ in 0..n.min(m.len()) {
                    m.pop_first();
                }
            }
            Op::SplitOff(at) => {
                let key = m.keys().nth(at).copied();
                if let Some(key) = key {
                    drop(m.split_off(&key));
                }
            }
            Op::Retain(r) => m.retain(|&k, _| k % r == 0),
            Op::Clear => m.clear(),
        }
    }
    m
}

/// A linked list of strings through `ops`.
fn list_history(start: Start, ops: &[Op]) -> LinkedList<String> {
    let mut l: LinkedList<String> = numbers(start).map(text).collect();
    for &op in ops {
        match op {
            Op::Push(n) | Op::Extend(n) => l.extend((0..n).map(text)),
            Op::Append(n) => l.append(&mut (0..n).map(text).collect()),
            Op::Truncate(n) | Op::SplitOff(n) | Op::Drain(n) => {
                drop(l.split_off(n.min(l.len())));
            }
            Op::Retain(_) => {
                l.pop_front();
            }
            Op::Reserve(_) | Op::ShrinkToFit => {}
            Op::Clear => l.clear(),
        }
    }
    l
}

/// A binary heap of numbers through `ops`.
fn heap_history(start: Start, ops: &[Op]) -> BinaryHeap<u32> {
    let mut h: BinaryHeap<u32> = match start {
        Start::WithCapacity(n) => BinaryHeap::with_capacity(n),
        _ => numbers(start).map(|i| i as u32).collect(),
    };
    for &op in ops {
        match op {
            Op::Push(n) | Op::Extend(n) => h.extend((0..n as u32).rev()),
            Op::Append(n) => h.append(&mut (0..n as u32).collect()),
            Op::Reserve(n) => h.reserve(n),
            Op::ShrinkToFit => h.shrink_to_fit(),
            Op::Truncate(n) | Op::SplitOff(n) | Op::Drain(n) => {
                while h.len() > n {
                    h.pop();
                }
            }
            Op::Retain(r) => {
                let r = r as u32;
                h.retain(|&x| x % r == 0);
            }
            Op::Clear => h.clear(),
        }
    }
    h
}

/// Every check on one value built by `build`, whose heap the allocator counted.
fn check_value<T: Layout>(what: &str, build: impl FnOnce() -> T) -> Result<Totals, TestCaseError> {
    let (value, usage) = alloc::measure(build);
    let t = memlayout::totals(&value);
    prop_assert_eq!(memlayout::heap_bytes(&value), t.heap_bytes, "{}", what);
    prop_assert!(
        (t.heap_bytes_low..=t.heap_bytes_high).contains(&usage.bytes),
        "{}: truth {} outside {:?}",
        what,
        usage.bytes,
        t
    );
    if t.is_exact {
        prop_assert_eq!(t.heap_bytes, usage.bytes, "{}", what);
        prop_assert_eq!(t.allocations, usage.allocations, "{}", what);
    }
    prop_assert!(
        t.heap_used + t.unused_capacity >= t.heap_bytes,
        "{}: {:?}",
        what,
        t
    );
    prop_assert!(t.reclaimable <= t.unused_capacity, "{}: {:?}", what, t);
    // The report and its JSON agree with the API.
    let report = value.layout_report();
    prop_assert_eq!(report.totals(), t, "{}", what);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let root = &json["nodes"][0]["totals"];
    for (key, figure) in [
        ("heap_bytes", t.heap_bytes),
        ("heap_bytes_low", t.heap_bytes_low),
        ("heap_used", t.heap_used),
        ("unused_capacity", t.unused_capacity),
        ("reclaimable", t.reclaimable),
        ("allocations", t.allocations),
        ("max_indirection", t.max_indirection),
    ] {
        prop_assert_eq!(root[key].as_u64(), Some(figure as u64), "{}: {}", what, key);
    }
    prop_assert_eq!(root["is_exact"].as_bool(), Some(t.is_exact), "{}", what);
    // A heap budget at the truth holds exactly when the upper bound is within it; at one byte
    // under the truth it never does.
    let at_truth = check("v", &value, &[(Figure::Heap, usage.bytes)]);
    prop_assert_eq!(
        at_truth.is_ok(),
        t.heap_bytes_high <= usage.bytes,
        "{}",
        what
    );
    if let Err(e) = at_truth {
        let overrun = &e.overruns[0];
        prop_assert_eq!(
            overrun.unverified.is_some(),
            t.heap_bytes <= usage.bytes,
            "{}",
            what
        );
    }
    if usage.bytes > 0 {
        prop_assert!(check("v", &value, &[(Figure::Heap, usage.bytes - 1)]).is_err());
    }
    // Every figure whose truth the allocator gives: its upper bound holds it, and a budget at
    // the truth passes exactly when the bound is within it, else fails unverified if the
    // figure itself is within it.
    let unused = usage.bytes - t.heap_used.min(usage.bytes);
    for (figure, truth) in [
        (Figure::Heap, usage.bytes),
        (Figure::Allocations, usage.allocations),
        (Figure::Unused, unused),
        (Figure::Inline, std::mem::size_of::<T>()),
    ] {
        let high = figure.high(&t);
        prop_assert!(
            high >= truth,
            "{}: {} bound {} < truth {}",
            what,
            figure,
            high,
            truth
        );
        let checked = check("v", &value, &[(figure, truth)]);
        prop_assert_eq!(checked.is_ok(), high <= truth, "{}: {}", what, figure);
        if let Err(e) = checked {
            let overrun = &e.overruns[0];
            prop_assert_eq!(
                overrun.unverified.is_some(),
                overrun.actual <= truth,
                "{}: {}",
                what,
                figure
            );
        }
    }
    Ok(t)
}

/// What `shrink_to_fit` gives back, against `reclaimable` (exact figures only).
fn check_reclaimable<T: Layout>(
    what: &str,
    mut value: T,
    shrink: impl FnOnce(&mut T),
) -> Result<(), TestCaseError> {
    let t = memlayout::totals(&value);
    if !t.is_exact {
        return Ok(());
    }
    let (before, _) = alloc::live();
    shrink(&mut value);
    let (after, _) = alloc::live();
    prop_assert_eq!(
        (before - after) as usize,
        t.reclaimable,
        "{}: {:?}",
        what,
        t
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn sequences_through_random_histories(start in start(), ops in prop::collection::vec(op(), 0..6)) {
        let what = format!("{start:?} {ops:?}");
        check_value(&format!("Vec {what}"), || vec_history(start, &ops))?;
        check_value(&format!("VecDeque {what}"), || deque_history(start, &ops))?;
        check_value(&format!("String {what}"), || string_history(start, &ops))?;
        check_value(&format!("BinaryHeap {what}"), || heap_history(start, &ops))?;
        check_value(&format!("LinkedList {what}"), || list_history(start, &ops))?;
        // `reclaimable` counts the strings' spare bytes too: shrink them as well.
        check_reclaimable(&what, vec_history(start, &ops), |v| {
            v.shrink_to_fit();
            v.iter_mut().for_each(String::shrink_to_fit);
        })?;
        check_reclaimable(&what, deque_history(start, &ops), |v| {
            v.shrink_to_fit();
            v.iter_mut().for_each(String::shrink_to_fit);
        })?;
        check_reclaimable(&what, string_history(start, &ops), String::shrink_to_fit)?;
        check_reclaimable(&what, heap_history(start, &ops), BinaryHeap::shrink_to_fit)?;
        // Boxed slices and strings from the same histories.
        check_value(&format!("Box<[String]> {what}"), || vec_history(start, &ops).into_boxed_slice())?;
        check_value(&format!("Box<str> {what}"), || string_history(start, &ops).into_boxed_str())?;
    }

    #[test]
    fn maps_through_random_histories(start in start(), ops in prop::collection::vec(op(), 0..6)) {
        let what = format!("{start:?} {ops:?}");
        check_value(&format!("HashMap {what}"), || hash_history(start, &ops))?;
        check_value(&format!("HashSet {what}"), || {
            hash_history(start, &ops).into_keys().collect::<HashSet<usize>>()
        })?;
        let t = check_value(&format!("BTreeMap {what}"), || btree_history(start, &ops))?;
        prop_assert!(t.max_indirection <= 4);
        check_value(&format!("BTreeSet {what}"), || {
            btree_history(start, &ops).into_keys().collect::<BTreeSet<usize>>()
        })?;
    }
}
