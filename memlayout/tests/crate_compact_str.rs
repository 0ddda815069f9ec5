#![cfg(feature = "compact_str")]
//! `CompactString` against the counting allocator: inline up to a `String`'s size, a heap
//! buffer beyond, nothing for static strings.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use compact_str::CompactString;

const INLINE: usize = core::mem::size_of::<String>();

#[test]
fn static_layout_is_the_compilers() {
    support::static_layout_matches::<CompactString>();
    support::static_layout_matches::<Vec<CompactString>>();
}

#[test]
fn inline_heap_and_static_strings_are_exact() {
    for len in [0, 1, INLINE - 1, INLINE, INLINE + 1, 100, 5000] {
        let text = "x".repeat(len);
        let (value, totals) = support::exact("new", || CompactString::new(&text));
        assert_eq!(totals.heap_bytes > 0, value.is_heap_allocated());
        assert_eq!(totals.heap_bytes > 0, len > INLINE, "{len} bytes");
        support::frees_as_predicted(value);
        let (from_string, _) =
            support::exact("from a String", || CompactString::from(text.clone()));
        support::frees_as_predicted(from_string);
    }
    let (literal, totals) = support::exact("const_new", || {
        CompactString::const_new("a static string well past twenty-four bytes")
    });
    assert_eq!(totals.heap_bytes, 0);
    assert!(literal.as_static_str().is_some());
    assert!(support::frees_as_predicted(literal).is_empty());
}

#[test]
fn grown_shrunk_and_cloned_strings_are_exact() {
    let (reserved, totals) = support::exact("with_capacity", || CompactString::with_capacity(300));
    assert_eq!((totals.heap_bytes, totals.reclaimable), (300, 300));
    support::frees_as_predicted(reserved);
    let (grown, _) = support::exact("grown", || {
        let mut text = CompactString::new("short");
        for _ in 0..40 {
            text.push_str("more");
        }
        text
    });
    let (cloned, _) = support::exact("cloned", || grown.clone());
    let (shrunk, _) = support::exact("shrunk", || {
        let mut text = grown.clone();
        text.truncate(30);
        text.shrink_to_fit();
        text
    });
    let (back_inline, totals) = support::exact("shrunk to inline", || {
        let mut text = grown.clone();
        text.truncate(3);
        text.shrink_to_fit();
        text
    });
    assert_eq!(totals.heap_bytes, 0);
    let (all, _) = support::exact("a Vec of them", || {
        vec![
            grown.clone(),
            cloned.clone(),
            shrunk.clone(),
            back_inline.clone(),
        ]
    });
    support::frees_as_predicted(all);
    for value in [grown, cloned, shrunk, back_inline] {
        support::frees_as_predicted(value);
    }
}

#[test]
fn map_entries_are_found_by_their_compact_string_key() {
    let key = CompactString::new("a key long enough for the heap");
    let map: std::collections::HashMap<CompactString, Vec<u16>> =
        [(key.clone(), vec![1, 2, 3])].into_iter().collect();
    let report = memlayout::LayoutReport::layout_report(&map);
    let entry = report
        .find(&format!("[{key:?}]"))
        .expect("the entry by its key");
    assert_eq!(
        entry.own().heap_bytes,
        0,
        "the entry's heap is its key's and value's"
    );
    let value_node = report.find(&format!("[{key:?}].value")).expect("the value");
    assert_eq!(value_node.heap_bytes(), map[&key].capacity() * 2);
    let key_node = report.find(&format!("[{key:?}].key")).expect("the key");
    assert_eq!(key_node.heap_bytes(), key.capacity());
}

#[test]
fn reclaimable_is_what_shrink_to_fit_gives_back() {
    // Lengths that go back inline (the whole buffer freed), that keep compact_str's smallest
    // heap buffer (a `String`'s size plus a word), and longer ones; several capacities each.
    for len in [1, INLINE, INLINE + 1, INLINE + 5, INLINE + 8, 40, 100] {
        for capacity in [INLINE + 1, 50, 200] {
            let mut text = CompactString::with_capacity(capacity.max(len));
            text.push_str(&"a".repeat(len));
            let reclaimable = memlayout::totals(&text).reclaimable;
            let before = alloc::live().0;
            text.shrink_to_fit();
            let freed = (before - alloc::live().0) as usize;
            assert_eq!(
                reclaimable, freed,
                "length {len}, capacity {capacity}: reclaimable (left) against the frees (right)"
            );
        }
    }
}
