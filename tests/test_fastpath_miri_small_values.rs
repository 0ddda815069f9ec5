//! Tiny values through the asm-less stack check and the one-pass map code, small enough to run
//! under Miri: a B-tree after a removal, a hash table, and a chain of mixed links, some of its
//! cells borrowed.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/fastpath_checks.rs"]
mod fastpath_checks;
#[path = "common/mixed_chain.rs"]
mod mixed_chain;

use std::collections::{BTreeMap, HashMap};

use fastpath_checks::{check_btree, check_exact, freed_bytes, shuffled, Fixed};
use memlayout::{heap_bytes, totals, DropOrderExt, LayoutReport};
use mixed_chain::{cells, chain_with, drop_chain};

#[test]
fn miri_small_maps_and_chains() {
    let (m, truth) = alloc::measure(|| {
        let mut m = BTreeMap::new();
        for k in shuffled(40, 5) {
            m.insert(k, k as u64);
        }
        m.remove(&3);
        m
    });
    check_btree("small B-tree", &m, truth, false);
    let (h, truth) = alloc::measure(|| {
        let mut h: HashMap<u16, String, Fixed> = HashMap::default();
        for k in 0..20u16 {
            h.insert(k, "h".repeat(k as usize % 3));
        }
        h
    });
    check_exact("small table", &h, truth);
    // Tables, trees, cells and shared strings along the chain; under Miri the stack check reads
    // a local's address, not the stack pointer.
    let (link, truth) = alloc::measure(|| chain_with(120, 6));
    let t = totals(&link);
    assert_eq!(
        (t.heap_bytes, heap_bytes(&link)),
        (truth.bytes, truth.bytes)
    );
    assert_eq!(link.layout_report().totals(), t);
    assert_eq!(freed_bytes(&link.drop_order()), truth.bytes);
    let held: Vec<_> = cells(&link).into_iter().map(|c| c.borrow_mut()).collect();
    assert!(!held.is_empty());
    let t = totals(&link);
    assert_eq!(t.unreadable, held.len());
    assert_eq!(link.layout_report().totals(), t);
    drop(held);
    drop_chain(link);
}
