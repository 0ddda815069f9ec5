//! What the text and HTML reports say about exactness: exact only when the figures are, an
//! estimate with its bounds (never "a lower bound" for a best estimate that may exceed the
//! truth), and a depth that is a lower bound said to be one.

use std::collections::{BTreeMap, HashMap};

use memlayout::report::human_bytes;
use memlayout::{Layout, LayoutReport, Totals};

#[path = "common/alloc.rs"]
mod alloc;

/// The HTML totals table's row named `name`.
fn html_row(html: &str, name: &str) -> String {
    let start = html
        .find(&format!("<td>{name}</td>"))
        .unwrap_or_else(|| panic!("no {name} row"));
    let end = html[start..].find("</tr>").unwrap() + start;
    html[start..end].to_string()
}

/// Checks the heap and depth wording of `value`'s text and HTML reports against its totals,
/// and that the totals' bounds hold `truth` (the allocator's count).
fn check_wording<T: Layout>(value: &T, truth: usize, what: &str) {
    let t: Totals = memlayout::totals(value);
    assert!(
        (t.heap_bytes_low..=t.heap_bytes_high).contains(&truth),
        "{what}: {truth} outside {t:?}"
    );
    let report = value.layout_report();
    let html = report.to_html();
    let heap = html_row(&html, "heap bytes");
    let text = report.to_string();
    let first_line = text.lines().next().unwrap();
    if t.is_exact {
        assert!(heap.contains("(exact)"), "{what}: {heap}");
    } else {
        assert!(!heap.contains("exact"), "{what}: {heap}");
        assert!(!heap.contains("lower bound"), "{what}: {heap}");
        let bounds = if t.heap_bytes_high == usize::MAX {
            format!(
                "at least {}, no upper bound known",
                human_bytes(t.heap_bytes_low)
            )
        } else {
            format!(
                "between {} and {}",
                human_bytes(t.heap_bytes_low),
                human_bytes(t.heap_bytes_high)
            )
        };
        assert!(heap.contains(&bounds), "{what}: {heap} lacks {bounds}");
    }
    let depth = html_row(&html, "max indirection");
    let said_lower = depth.contains("at least");
    assert_eq!(said_lower, !t.indirection_is_exact, "{what}: {depth}");
    assert_eq!(
        first_line.contains("indirection a lower bound"),
        !t.indirection_is_exact && t.unreadable == 0,
        "{what}: {first_line}"
    );
    assert_eq!(
        first_line.ends_with(", exact"),
        t.is_exact && t.indirection_is_exact
    );
}

#[test]
fn reports_word_exactness_as_the_totals_have_it() {
    for len in [0u32, 5, 12, 100, 1_000] {
        let (sorted, usage) =
            alloc::measure(|| (0..len).map(|k| (k, k)).collect::<BTreeMap<_, _>>());
        check_wording(&sorted, usage.bytes, &format!("sorted B-tree {len}"));
        let (strings, usage) = alloc::measure(|| {
            (0..len)
                .map(|k| (k, k.to_string()))
                .collect::<BTreeMap<_, _>>()
        });
        check_wording(&strings, usage.bytes, &format!("B-tree of strings {len}"));
        let (table, usage) = alloc::measure(|| {
            let mut table: HashMap<u32, u64> = (0..len).map(|k| (k, 1)).collect();
            table.retain(|k, _| k % 7 == 0);
            table
        });
        check_wording(
            &table,
            usage.bytes,
            &format!("hash map after removals {len}"),
        );
        let (vec, usage) = alloc::measure(|| Vec::<u8>::with_capacity(len as usize));
        check_wording(&vec, usage.bytes, &format!("Vec {len}"));
        let (iter, usage) = alloc::measure(|| {
            let mut iter = vec![1u16; len as usize].into_iter();
            iter.next();
            iter
        });
        check_wording(&iter, usage.bytes, &format!("vec::IntoIter {len}"));
    }
}

#[test]
fn an_unreadable_part_is_worded_as_such() {
    let locked = std::sync::Mutex::new(vec![1u8; 8]);
    let _guard = locked.lock().unwrap();
    let report = locked.layout_report();
    let heap = html_row(&report.to_html(), "heap bytes");
    assert!(heap.contains("1 part unreadable"), "{heap}");
    assert!(heap.contains("no upper bound known"), "{heap}");
}

/// The unused-capacity findings of `report`'s root.
fn unused_findings(report: &memlayout::Report) -> Vec<memlayout::report::Finding> {
    report
        .findings()
        .iter()
        .filter(|f| f.kind == memlayout::report::FindingKind::UnusedCapacity && f.path.is_empty())
        .cloned()
        .collect()
}

/// An unused-capacity finding on an estimate says "about": a hash table's bytes after removals
/// are a lower bound, a B-tree's unused slots come from a counted node total. On exact
/// figures it gives the bytes `shrink_to_fit` returns, as the allocator sees them.
#[test]
fn unused_capacity_findings_say_about_on_estimates() {
    let mut estimates = 0;
    for (len, keep) in [(100u64, 2), (300, 7), (1_000, 50), (57, 3)] {
        let mut table: HashMap<u64, u64> = (0..len).map(|k| (k, k)).collect();
        table.retain(|k, _| k % keep == 0);
        let report = table.layout_report();
        let t = memlayout::totals(&table);
        let found = unused_findings(&report);
        assert!(!found.is_empty(), "{len}/{keep}");
        for f in &found {
            assert_eq!(f.message.contains("about"), !t.is_exact, "{f:?}");
        }
        estimates += usize::from(!t.is_exact);
        if t.is_exact {
            let (before, _) = alloc::live();
            table.shrink_to_fit();
            let (after, _) = alloc::live();
            assert_eq!((before - after) as usize, found[0].bytes, "{found:?}");
        }
    }
    assert!(estimates > 0);
    // Inserted one at a time, out of order: splits leave nodes half full, which a rebuild
    // fills (a collected tree already has the fewest nodes: no finding).
    let mut tree: BTreeMap<u32, u32> = BTreeMap::new();
    for k in (0..200).rev() {
        tree.insert(k * 7 % 200, k);
    }
    let found = unused_findings(&tree.layout_report());
    assert!(found[0].message.contains("about"), "{found:?}");
    let mut exact: Vec<u64> = Vec::with_capacity(100);
    exact.extend([1, 2, 3]);
    let found = unused_findings(&exact.layout_report());
    assert!(!found[0].message.contains("about"), "{found:?}");
}
