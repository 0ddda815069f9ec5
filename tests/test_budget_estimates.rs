//! Budgets on figures an estimate leaves open: a budget passes only when provable. A B-tree's
//! node count is an estimate (an emptied map may keep its root leaf, which nothing public
//! shows), so an `allocations` budget on it fails unverified, whatever the count reported.

use std::collections::{BTreeMap, BTreeSet};

use memlayout::budget::{check, Figure};

#[path = "common/alloc.rs"]
mod alloc;

/// The outcome of `allocations <= budget` on `value`: `Ok`, or whether the failure is
/// unverified, with its reason.
fn allocations_within<T: memlayout::Layout>(
    value: &T,
    budget: usize,
) -> Result<(), Option<String>> {
    match check("v", value, &[(Figure::Allocations, budget)]) {
        Ok(_) => Ok(()),
        Err(e) => Err(e.overruns[0].unverified.clone()),
    }
}

#[test]
fn an_emptied_btree_keeps_its_root_leaf_unseen() {
    let (emptied, usage) = alloc::measure(|| {
        let mut map = BTreeMap::new();
        map.insert(1u32, 2u64);
        map.pop_first();
        map
    });
    // The allocator still holds the root leaf; the walk cannot see it.
    assert_eq!(usage.allocations, 1);
    let t = memlayout::totals(&emptied);
    assert!(!t.is_exact);
    assert!(t.heap_bytes_high >= usage.bytes);
    let why = allocations_within(&emptied, 0).unwrap_err();
    assert!(
        why.is_some(),
        "a budget the truth breaks must not pass: {t:?}"
    );
    assert!(why.unwrap().contains("about 0 allocations"));
    // A new map allocates nothing, but looks the same to the walk.
    let fresh: BTreeSet<u8> = BTreeSet::new();
    assert!(allocations_within(&fresh, 0).unwrap_err().is_some());
}

#[test]
fn allocations_of_estimated_btrees_are_unverified_and_exact_ones_verified() {
    for len in [1u32, 10, 11, 12, 16, 17, 100, 1_000] {
        let (map, usage) = alloc::measure(|| (0..len).map(|k| (k, k)).collect::<BTreeMap<_, _>>());
        let t = memlayout::totals(&map);
        if t.is_exact {
            assert_eq!(t.allocations, usage.allocations, "{len}");
            assert_eq!(allocations_within(&map, usage.allocations), Ok(()), "{len}");
            assert_eq!(
                allocations_within(&map, usage.allocations - 1),
                Err(None),
                "{len}"
            );
        } else {
            // However close the count (from where the entries sit) is to the truth.
            let why = allocations_within(&map, 1_000_000)
                .unwrap_err()
                .unwrap_or_default();
            assert!(
                why.contains(&format!("about {} ", t.allocations)),
                "{len}: {why}"
            );
        }
        // Whatever the exactness, heap bytes within their proven bounds pass.
        assert!(check("v", &map, &[(Figure::Heap, t.heap_bytes_high)]).is_ok());
    }
}
