#![cfg(feature = "smol_str")]
//! `SmolStr` against the counting allocator: inline and static strings own nothing, longer ones
//! share an `Arc<str>` counted once.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use memlayout::LayoutReport;
use smol_str::SmolStr;

#[test]
fn static_layout_is_the_compilers() {
    support::static_layout_matches::<SmolStr>();
    support::static_layout_matches::<Option<SmolStr>>();
}

#[test]
fn inline_and_static_strings_own_nothing() {
    for len in [0, 1, 22, 23] {
        let text = "y".repeat(len);
        let (value, totals) = support::exact("inline", || SmolStr::new(&text));
        assert!(!value.is_heap_allocated());
        assert_eq!(totals.heap_bytes, 0);
        assert!(support::frees_as_predicted(value).is_empty());
    }
    let (literal, totals) = support::exact("static", || {
        SmolStr::new_static("a static string longer than twenty-three bytes")
    });
    assert_eq!(totals.heap_bytes, 0);
    assert!(support::frees_as_predicted(literal).is_empty());
    // Runs of newlines then spaces point into a static buffer, however long.
    let (blank, totals) = support::exact("whitespace", || SmolStr::new(format!("\n\n{:30}", "")));
    assert!(!blank.is_heap_allocated());
    assert_eq!(totals.heap_bytes, 0);
}

#[test]
fn heap_strings_share_one_arc() {
    for len in [24, 25, 100, 4000] {
        let text = "z".repeat(len);
        let block = support::shared_once("heap", || SmolStr::new(&text));
        assert!(block > len);
    }
    let (built, _) = support::exact("from a String", || {
        SmolStr::from(String::from("a String that gets copied into an Arc"))
    });
    let (concatenated, _) = support::exact("collected", || {
        ["one ", "two ", "three ", "four ", "five ", "six"]
            .into_iter()
            .collect::<SmolStr>()
    });
    // Reading the counts clones the handle, which allocates nothing: the walk asks the
    // allocator for what it asks for an `Arc<str>` (its set of shared blocks met).
    let arc: std::sync::Arc<str> = std::sync::Arc::from("an arc of a string, for comparison");
    let walk = alloc::requested_by(|| {
        memlayout::totals(&arc);
    });
    assert_eq!(
        alloc::requested_by(|| {
            memlayout::totals(&built);
        }),
        walk
    );
    let pair = (built.clone(), built);
    let report = pair.layout_report();
    assert_eq!(report.totals().shared_allocations, 1);
    support::frees_as_predicted(pair);
    support::frees_as_predicted(concatenated);
}
