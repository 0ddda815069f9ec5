//! memlayout built with `alloc` but without `std` (`cargo test -p memlayout
//! --no-default-features --features alloc --test no_std_alloc`): a `#![no_std]` crate derives
//! `Layout` on a struct of alloc's types and walks it. Without `std` the walks key their maps
//! with B-trees; the figures must still equal the counting allocator's. `std` is linked here
//! only for the test harness and the counting allocator (a thread-local), never used by the
//! code under test.
#![cfg(all(feature = "alloc", not(feature = "std")))]
#![no_std]

extern crate alloc;
extern crate std;

#[path = "../../tests/common/alloc.rs"]
mod counting;

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet, BinaryHeap, LinkedList, VecDeque};
use alloc::ffi::CString;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::mem::size_of;

use memlayout::{DropAction, DropOrderExt, Layout, LayoutReport};

/// One field of each exactly-measured alloc type, with no attributes.
#[derive(Layout)]
struct AllocTypes {
    numbers: Vec<u32>,
    name: String,
    boxed: Box<u64>,
    slice: Box<[u16]>,
    queue: VecDeque<u8>,
    heap: BinaryHeap<i64>,
    list: LinkedList<u32>,
    shared: Rc<String>,
    also_shared: Rc<String>,
    atomic: Arc<[u8; 3]>,
    c_string: CString,
    cow: Cow<'static, str>,
    nested: Option<Box<AllocTypes>>,
}

/// Built with `grow` extra elements, then shrunk by `removed`: several shapes and histories.
fn build(grow: usize, removed: usize) -> AllocTypes {
    let shared = Rc::new(String::from("shared"));
    let mut numbers: Vec<u32> = (0..grow as u32).collect();
    numbers.truncate(grow - removed.min(grow));
    let mut name = String::with_capacity(grow);
    name.push_str("name");
    let mut queue: VecDeque<u8> = (0..grow as u8).collect();
    for _ in 0..removed.min(grow) {
        queue.pop_front();
    }
    AllocTypes {
        numbers,
        name,
        boxed: Box::new(7),
        slice: vec![1u16; grow].into_boxed_slice(),
        queue,
        heap: (0..grow as i64).collect(),
        list: (0..grow as u32).collect(),
        also_shared: Rc::clone(&shared),
        shared,
        atomic: Arc::new([1, 2, 3]),
        c_string: CString::new("abc").expect("no nul"),
        cow: if grow % 2 == 0 {
            Cow::Borrowed("static")
        } else {
            Cow::Owned(grow.to_string())
        },
        nested: (grow > 0).then(|| Box::new(build(grow / 2, removed / 2))),
    }
}

const SHAPES: [(usize, usize); 6] = [(0, 0), (1, 0), (5, 2), (16, 0), (33, 30), (100, 7)];

#[test]
fn heap_bytes_equal_the_allocators() {
    for (grow, removed) in SHAPES {
        let (value, usage) = counting::measure(|| build(grow, removed));
        let totals = memlayout::totals(&value);
        assert!(totals.is_exact, "{grow}/{removed}: every part is exact");
        assert_eq!(
            memlayout::heap_bytes(&value),
            usage.bytes,
            "{grow}/{removed}: bytes"
        );
        assert_eq!(
            totals.allocations, usage.allocations,
            "{grow}/{removed}: allocations"
        );
        let report = value.layout_report();
        assert_eq!(
            report.totals().heap_bytes,
            usage.bytes,
            "{grow}/{removed}: report"
        );
    }
}

#[test]
fn static_layout_is_the_compilers() {
    assert_eq!(AllocTypes::LAYOUT.size, size_of::<AllocTypes>());
    assert_eq!(AllocTypes::LAYOUT.fields.len(), 13);
    assert_eq!(<Vec<u8>>::LAYOUT.size, size_of::<Vec<u8>>());
}

memlayout::assert_layout!(Box<u64>, size = size_of::<usize>(), niche);
memlayout::assert_layout!(String, max_size = 3 * size_of::<usize>());

#[test]
fn b_tree_bounds_hold_the_allocators_figure() {
    for len in [0u32, 1, 11, 12, 100, 1000] {
        let (map, usage) = counting::measure(|| {
            (0..len)
                .map(|k| (k, k.to_string()))
                .collect::<BTreeMap<u32, String>>()
        });
        let totals = memlayout::totals(&map);
        assert!(
            totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
            "{len}: {} not in {}..={}",
            usage.bytes,
            totals.heap_bytes_low,
            totals.heap_bytes_high
        );
        let (set, usage) = counting::measure(|| (0..len).rev().collect::<BTreeSet<u32>>());
        let totals = memlayout::totals(&set);
        assert!(totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high);
    }
}

/// The blocks `drop_order` says are freed, in order.
fn predicted_frees<T: Layout>(value: &T) -> Vec<usize> {
    value
        .drop_order()
        .steps()
        .filter_map(|step| match step.action() {
            // A run of linked-list nodes is one step: `allocations` blocks of equal size.
            DropAction::FreesHeap {
                bytes, allocations, ..
            } => {
                assert_eq!(bytes % allocations.max(1), 0, "{step}: equal blocks");
                Some(vec![bytes / allocations.max(1); allocations.max(1)])
            }
            DropAction::FreesShared { bytes } => Some(vec![bytes]),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn drop_order_frees_what_the_allocator_sees_freed() {
    for (grow, removed) in SHAPES {
        let value = build(grow, removed);
        let predicted = predicted_frees(&value);
        let freed = counting::frees_during(|| drop(value));
        assert_eq!(predicted, freed, "{grow}/{removed}");
    }
}

#[test]
fn shared_contents_count_once_and_report_keys_use_alloc_strings() {
    let shared = Rc::new(vec![0u64; 10]);
    let (value, usage) = counting::measure(|| {
        let handles = vec![Rc::clone(&shared), Rc::clone(&shared), Rc::clone(&shared)];
        (handles, BTreeMap::from([(1u8, String::from("one"))]))
    });
    drop(shared);
    // The `Rc` (and its vector) was made before `measure`: only the vector of handles and the
    // map are new; the shared block and its contents are counted once, on top of them.
    let (_, rc_alone) = counting::measure(|| Rc::new(vec![0u64; 10]));
    let truth = usage.bytes + rc_alone.bytes;
    let totals = memlayout::totals(&value);
    assert!(totals.heap_bytes_low <= truth && truth <= totals.heap_bytes_high);
    let text = value.1.layout_report().to_string();
    assert!(
        text.contains("[1]"),
        "a B-tree key in the report path:\n{text}"
    );
}
