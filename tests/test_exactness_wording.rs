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
