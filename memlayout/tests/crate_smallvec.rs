#![cfg(feature = "smallvec")]
//! `smallvec::SmallVec`: inline until it spills, then a buffer of `capacity()` items.

#[path = "crates_support/mod.rs"]
mod support;

use memlayout::{heap_bytes, Layout};
use smallvec::SmallVec;
use support::{exact, frees_as_predicted, string};

#[test]
fn static_layout_is_the_compilers() {
    type S = SmallVec<[u64; 4]>;
    assert_eq!(S::LAYOUT.size, size_of::<S>());
    assert_eq!(S::LAYOUT.align, align_of::<S>());
}

#[test]
fn inline_and_spilled_vectors_match_the_allocator() {
    exact(SmallVec::<[u32; 4]>::new);
    exact(|| SmallVec::<[u32; 4]>::from_slice(&[1, 2, 3]));
    let spilled = exact(|| (0..5u32).collect::<SmallVec<[u32; 4]>>());
    assert!(spilled.spilled());
    exact(|| (0..1000u32).collect::<SmallVec<[u32; 4]>>());
    exact(|| SmallVec::<[u8; 8]>::with_capacity(100));
    // Shrunk back inline: the buffer is freed.
    let inline = exact(|| {
        let mut v: SmallVec<[u16; 8]> = (0..20).collect();
        v.truncate(3);
        v.shrink_to_fit();
        v
    });
    assert!(!inline.spilled());
    // Shrunk but still spilled, and after removals.
    exact(|| {
        let mut v: SmallVec<[u64; 2]> = (0..100).collect();
        v.truncate(10);
        v.shrink_to_fit();
        v.remove(3);
        v
    });
    // Zero-sized items never allocate.
    exact(|| (0..100).map(|_| ()).collect::<SmallVec<[(); 2]>>());
}

#[test]
fn elements_that_own_heap_are_counted() {
    let words = ["a", "bb", "ccc"];
    let inline = exact(|| {
        words
            .iter()
            .map(|w| string(w, 10))
            .collect::<SmallVec<[String; 4]>>()
    });
    assert_eq!(heap_bytes(&inline), 30);
    exact(|| {
        let mut v: SmallVec<[String; 2]> = (0..9).map(|i| string("x", i + 1)).collect();
        v.swap_remove(4);
        v
    });
}

#[test]
fn drop_frees_each_element_then_the_buffer() {
    let spilled: SmallVec<[String; 2]> = (1..=5).map(|i| string("s", 8 * i)).collect();
    let capacity = spilled.capacity();
    let freed = frees_as_predicted(spilled);
    assert_eq!(freed.len(), 6);
    assert_eq!(freed[5], capacity * size_of::<String>());
    let inline: SmallVec<[String; 4]> = (1..=3).map(|i| string("s", i)).collect();
    assert_eq!(frees_as_predicted(inline), [1, 2, 3]);
}

#[test]
fn reclaimable_is_what_shrink_to_fit_gives_back() {
    for (len, capacity) in [(3, 40), (9, 40), (30, 30)] {
        let mut v: SmallVec<[u32; 4]> = SmallVec::with_capacity(capacity);
        v.extend(0..len);
        support::reclaimable_is_given_back(v, |v| v.shrink_to_fit());
    }
}

#[test]
fn the_unused_capacity_finding_states_what_shrink_to_fit_frees() {
    use memlayout::report::FindingKind;
    use memlayout::LayoutReport;

    // Short enough to fit inline: `shrink_to_fit` frees the whole buffer, the used bytes
    // included (they move inline), not only the spare capacity.
    for (len, capacity) in [(3, 40), (9, 40)] {
        let mut v: SmallVec<[u32; 4]> = SmallVec::with_capacity(capacity);
        v.extend(0..len);
        let report = v.layout_report();
        let finding = report
            .findings()
            .iter()
            .find(|f| f.kind == FindingKind::UnusedCapacity)
            .expect("an unused-capacity finding");
        let before = support::alloc::live().0;
        v.shrink_to_fit();
        let freed = (before - support::alloc::live().0) as usize;
        assert_eq!(finding.bytes, freed, "{}", finding.message);
        assert!(
            finding
                .message
                .ends_with(&format!("would return {freed} B")),
            "{}",
            finding.message
        );
    }
}
