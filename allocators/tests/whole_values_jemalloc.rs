//! Whole values under the `Jemalloc` model against jemalloc's own statistics: the change in
//! `stats.allocated` (bytes in size classes handed to the program) across building a value.
//!
//! The thread cache is turned off first: with it, freed blocks wait in the cache and are still
//! counted as allocated. One test function, so no other test thread allocates meanwhile.

use memlayout::allocator::{Jemalloc, Model};
use memlayout::{LayoutReport, ReportOptions};
use memlayout_allocators::{map_of_vectors, short_strings};
use tikv_jemalloc_ctl::{epoch, raw, stats};
use tikv_jemallocator::Jemalloc as Real;

#[global_allocator]
static GLOBAL: Real = Real;

/// `stats.allocated` now (after advancing the epoch, which refreshes it).
fn allocated() -> usize {
    epoch::advance().expect("epoch");
    stats::allocated::read().expect("stats.allocated")
}

/// Builds a value and returns it with jemalloc's figure for it: `stats.allocated` after less
/// before.
fn built<T>(build: impl FnOnce() -> T) -> (T, usize) {
    let before = allocated();
    let value = build();
    let after = allocated();
    (value, after - before)
}

fn assert_matches_jemalloc<T: memlayout::Layout>(what: &str, (value, real): (T, usize)) {
    let modelled = memlayout::totals_with(&value, &Jemalloc).reserved_bytes;
    println!("{what}: model {modelled}, stats.allocated {real}");
    // The report's root under the model: the same figure, through the report walk.
    let options = ReportOptions::new()
        .allocator(Model::Jemalloc)
        .max_children(3);
    let report = value
        .layout_report_with(options)
        .reserved()
        .expect("a model");
    assert_eq!(
        report.reserved_bytes, real,
        "{what}: report root vs stats.allocated"
    );
    // The issue asked for 1%; with the thread cache off the figures are equal to the byte.
    assert_eq!(modelled, real, "{what}: model vs stats.allocated");
}

#[test]
fn reserved_bytes_match_jemallocs_statistics() {
    // SAFETY: `thread.tcache.enabled` takes a bool.
    unsafe { raw::write(b"thread.tcache.enabled\0", false) }.expect("tcache off");
    for n in [1000, 20_000, 100_000] {
        let strings = built(|| short_strings(n));
        assert_matches_jemalloc(&format!("{n} strings"), strings);
        let map = built(|| map_of_vectors(n));
        assert_matches_jemalloc(&format!("{n} entries"), map);
    }
    let shrunk = built(|| {
        let mut v: Vec<String> = (0..50_000).map(|i| i.to_string()).collect();
        v.retain(|s| s.len() > 4);
        v.shrink_to_fit();
        v
    });
    assert_matches_jemalloc("shrunk after removals", shrunk);
}
