//! Edge values through the tally, the report and the allocator: zero-sized elements, empty
//! allocations, hash-table slots of every alignment, and tables emptied by removals.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/fastpath_checks.rs"]
mod fastpath_checks;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, LinkedList};

use fastpath_checks::{check_exact, Fixed};
use memlayout::{heap_bytes, totals, Layout, LayoutReport};

#[test]
fn zero_sized_and_empty_values() {
    let (v, truth) = alloc::measure(|| vec![(); usize::MAX]);
    check_exact("Vec<()> of usize::MAX", &v, truth);
    let (v, truth) = alloc::measure(|| vec![vec![((), ()); 1 << 40]; 3]);
    check_exact("Vec<Vec<((), ())>>", &v, truth);
    let (v, truth) = alloc::measure(|| vec![Box::new(()); 1000]);
    check_exact("Vec<Box<()>>", &v, truth);
    let (s, truth) = alloc::measure(|| String::with_capacity(0));
    check_exact("String::with_capacity(0)", &s, truth);
    assert_eq!(totals(&s).allocations, 0);
    let (b, truth) = alloc::measure(|| Vec::<u64>::new().into_boxed_slice());
    check_exact("Box<[u64]> empty", &b, truth);
    let (b, truth) = alloc::measure(|| vec![(); 5].into_boxed_slice());
    check_exact("Box<[()]>", &b, truth);
    let (l, truth) = alloc::measure(|| (0..10).map(|_| ()).collect::<LinkedList<()>>());
    check_exact("LinkedList<()>", &l, truth);
    let (m, truth) = alloc::measure(|| BTreeMap::from([((), ())]));
    check_exact("BTreeMap<(), ()>", &m, truth);
    assert_eq!(totals(&m).heap_bytes, truth.bytes);
    let (m, truth) = alloc::measure(|| BTreeMap::from([((), 7u64)]));
    check_exact("BTreeMap<(), u64>", &m, truth);
    assert_eq!(totals(&m).heap_bytes, truth.bytes);
    let (m, truth) = alloc::measure(|| BTreeSet::from([()]));
    assert_eq!(totals(&m).heap_bytes, truth.bytes, "BTreeSet<()>");
    let (m, truth) = alloc::measure(|| (0..30u8).map(|k| (k, ())).collect::<BTreeMap<u8, ()>>());
    assert_eq!(totals(&m).heap_bytes, truth.bytes, "BTreeMap<u8, ()>");
    let (m, truth) = alloc::measure(|| {
        let mut m = BTreeMap::from([(1u8, 1u8)]);
        m.remove(&1);
        m
    });
    check_exact("BTreeMap emptied", &m, truth);
}

#[test]
fn hash_table_slots_of_every_alignment() {
    let (s, truth) = alloc::measure(|| HashSet::from([()]));
    check_exact("HashSet<()>", &s, truth);
    let (s, truth) = alloc::measure(|| HashMap::from([((), ())]));
    check_exact("HashMap<(), ()>", &s, truth);
    let (s, truth) = alloc::measure(|| HashMap::from([((), 5u128)]));
    check_exact("HashMap<(), u128>", &s, truth);
    for len in [1usize, 3, 4, 7, 8, 14, 15, 28, 29, 100, 1000] {
        let (s, truth) = alloc::measure(|| (0..len as u8).collect::<HashSet<u8>>());
        check_exact(&format!("HashSet<u8> {len}"), &s, truth);
        let (s, truth) = alloc::measure(|| (0..len as u128).collect::<HashSet<u128>>());
        check_exact(&format!("HashSet<u128> {len}"), &s, truth);
        let (s, truth) = alloc::measure(|| {
            (0..len as u8)
                .map(|k| (k, k as u128))
                .collect::<HashMap<_, _>>()
        });
        check_exact(&format!("HashMap<u8, u128> {len}"), &s, truth);
        let (s, truth) = alloc::measure(|| {
            (0..len as u16)
                .map(|k| (k, vec![k as u8; k as usize % 4]))
                .collect::<HashMap<_, _>>()
        });
        check_exact(&format!("HashMap<u16, Vec<u8>> {len}"), &s, truth);
    }
}

/// A table emptied by removals: no entry is left to place its slots, so only `capacity()`
/// tells, and tombstones may lower it to a smaller table's: the documented residual false
/// exactness (`impls/map.rs`), a figure at or below the truth, never above it.
fn check_emptied<T: Layout>(what: &str, value: &T, truth: alloc::Usage) {
    let t = totals(value);
    assert_eq!(heap_bytes(value), t.heap_bytes, "{what}");
    assert_eq!(value.layout_report().totals(), t, "{what}");
    assert!(
        t.heap_bytes <= truth.bytes && t.heap_bytes_low <= truth.bytes,
        "{what}"
    );
    if !t.is_exact {
        assert!(truth.bytes <= t.heap_bytes_high, "{what}");
    }
}

#[test]
fn tables_emptied_by_removals() {
    for len in [1usize, 3, 7, 8, 28, 100, 1000] {
        let (m, truth) = alloc::measure(|| {
            let mut m: HashMap<u64, u32, Fixed> = HashMap::default();
            for k in 0..len as u64 {
                m.insert(k, k as u32);
            }
            for k in 0..len as u64 {
                m.remove(&k);
            }
            m
        });
        check_emptied(&format!("HashMap emptied from {len}"), &m, truth);
        let (m, truth) = alloc::measure(|| {
            let mut m: HashSet<u8, Fixed> = (0..len.min(255) as u8).collect();
            m.retain(|_| false);
            m
        });
        check_emptied(&format!("HashSet<u8> retained none of {len}"), &m, truth);
    }
}
