//! `Report::diff`: what grew or shrank between two reports, by path, checked against the
//! counting allocator's delta over the change.

#[path = "common/alloc.rs"]
mod alloc;

use std::cell::RefCell;
use std::collections::HashMap;

use memlayout::report::{PathChange, ReportDiff};
use memlayout::{Layout, LayoutReport};

#[derive(Layout)]
struct Cache {
    name: String,
    entries: HashMap<u64, String>,
}

fn cache_with(n: u64) -> Cache {
    Cache {
        name: String::from("sessions"),
        entries: (0..n).map(|i| (i, format!("session {i}"))).collect(),
    }
}

/// Heap bytes the allocator gained (or lost) on this thread while `change` ran.
fn allocator_delta(change: impl FnOnce()) -> isize {
    let (before, _) = alloc::live();
    change();
    alloc::live().0 - before
}

fn under<'d>(diff: &'d ReportDiff, prefix: &str) -> impl Iterator<Item = &'d PathChange> {
    let prefix = prefix.to_string();
    diff.changes()
        .iter()
        .filter(move |c| c.path.starts_with(&prefix))
}

#[test]
fn a_grown_cache_shows_its_growth_where_it_happened() {
    for start in [0, 5, 100] {
        let mut cache = cache_with(start);
        let earlier = cache.layout_report();
        let grown = allocator_delta(|| {
            for i in start..start + 1_000 {
                cache.entries.insert(i, format!("session {i}"));
            }
        });
        let diff = cache.layout_report().diff(&earlier);
        assert_eq!(diff.growth(), grown, "start = {start}");
        // Every byte of growth is under the map; the largest change is there.
        let under_map: isize = under(&diff, ".entries").map(|c| c.heap_delta()).sum();
        assert_eq!(under_map, grown, "start = {start}");
        assert!(diff.changes()[0].path.starts_with(".entries"), "{diff}");
        assert!(under(&diff, ".name").next().is_none());
        // Largest first.
        let sizes: Vec<usize> = diff
            .changes()
            .iter()
            .map(|c| c.heap_delta().unsigned_abs())
            .collect();
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
        // The summarised entries are compared as a count, with the entries shown at one time
        // only: with those shown at both, as many as the map holds.
        let later = cache.layout_report();
        let summary = diff
            .changes()
            .iter()
            .find(|c| c.path == ".entries[#8..]")
            .unwrap_or_else(|| panic!("no summary of the entries in\n{diff}"));
        let folded = |f: Option<memlayout::report::PathFigures>| f.map_or(0, |f| f.elements);
        let (shown_before, shown_after) = (shown_entries(&earlier), shown_entries(&later));
        let shown_both = shown_after
            .iter()
            .filter(|p| shown_before.contains(p))
            .count();
        assert_eq!(folded(summary.after) + shown_both, cache.entries.len());
        assert_eq!(folded(summary.before) + shown_both, start as usize);
        assert_eq!(
            diff.changes().len(),
            2,
            "the table and the entries:\n{diff}"
        );
    }
}

/// Entries of the cache's map the report shows one by one.
fn shown_entries(report: &memlayout::Report) -> Vec<String> {
    let map = report.find(".entries").unwrap();
    map.children()
        .filter(|c| c.kind() != memlayout::report::NodeKind::Summary)
        .map(|c| c.path())
        .collect()
}

#[test]
fn a_shrunk_cache_shows_negative_changes() {
    for (start, removed) in [(10, 10), (2_000, 500), (2_000, 1_990)] {
        let mut cache = cache_with(start);
        let earlier = cache.layout_report();
        let shrunk = allocator_delta(|| {
            for i in 0..removed {
                cache.entries.remove(&i);
            }
            cache.entries.shrink_to_fit();
        });
        assert!(shrunk < 0);
        let diff = cache.layout_report().diff(&earlier);
        assert_eq!(
            diff.growth(),
            shrunk,
            "start = {start}, removed = {removed}"
        );
        let total: isize = diff.changes().iter().map(|c| c.heap_delta()).sum();
        assert_eq!(total, shrunk);
        assert!(diff.changes()[0].heap_delta() < 0);
        diff.assert_growth_at_most(0);
    }
}

#[test]
fn identical_values_give_an_empty_diff() {
    let cache = cache_with(300);
    let diff = cache.layout_report().diff(&cache.layout_report());
    assert!(diff.changes().is_empty());
    assert_eq!(diff.growth(), 0);
    // Two values of one type built alike.
    let (a, b) = (vec![String::from("x"); 40], vec![String::from("x"); 40]);
    assert!(b
        .layout_report()
        .diff(&a.layout_report())
        .changes()
        .is_empty());
    assert!(diff.to_string().contains("no change"));
}

#[test]
fn a_grown_element_is_found_by_its_index() {
    let mut names: Vec<String> = (0..20).map(|i| i.to_string()).collect();
    let earlier = names.layout_report();
    let grown = allocator_delta(|| names[3].push_str(&"x".repeat(100)));
    let diff = names.layout_report().diff(&earlier);
    assert_eq!(diff.changes().len(), 1, "{diff}");
    assert_eq!(diff.changes()[0].path, "[3]");
    assert_eq!(diff.changes()[0].heap_delta(), grown);
}

#[test]
fn the_growth_assertion_names_the_largest_paths() {
    let mut cache = cache_with(10);
    let earlier = cache.layout_report();
    let grown = allocator_delta(|| {
        for i in 10..1_010 {
            cache.entries.insert(i, format!("session {i}"));
        }
    });
    let diff = cache.layout_report().diff(&earlier);
    diff.assert_growth_at_most(grown as usize);
    let message = panic_message(|| diff.assert_growth_at_most(grown as usize - 1));
    // The budget format, the paths after the root's short type name, largest growth first.
    let grew: Vec<&PathChange> = diff
        .changes()
        .iter()
        .filter(|c| c.heap_delta() > 0)
        .collect();
    assert!(grew.len() >= 2, "{diff}");
    let largest: Vec<String> = grew
        .iter()
        .take(memlayout::budget::CONTRIBUTORS)
        .map(|c| format!("Cache{} {} bytes", c.path, c.heap_delta()))
        .collect();
    let expected = format!(
        "`Cache` is over budget:\n  growth = {grown} bytes, budget growth <= {}\n    \
         largest contributors: {}",
        grown - 1,
        largest.join(", ")
    );
    assert_eq!(message, expected);
}

/// A part readable in the earlier report and borrowed in the later one: the growth leaves it
/// out (and so looks like a shrink), and the assertion fails however large the budget.
#[test]
fn growth_that_cannot_be_read_fails_the_assertion() {
    let cell = RefCell::new(vec![0u8; 64]);
    let before = cell.borrow().capacity() as isize;
    let earlier = cell.layout_report();
    cell.borrow_mut().reserve_exact(1000);
    let capacity = cell.borrow().capacity();
    let borrowed = cell.borrow_mut();
    let diff = cell.layout_report().diff(&earlier);
    assert_eq!(diff.growth(), -before);
    let message = panic_message(|| diff.assert_growth_at_most(1 << 20));
    let line = format!("growth = -{before} bytes (cannot verify: 1 part unreadable), budget");
    assert!(message.contains(&line), "{message}");
    drop(borrowed);
    let diff = cell.layout_report().diff(&earlier);
    assert_eq!(diff.growth(), capacity as isize - before);
    diff.assert_growth_at_most((capacity as isize - before) as usize);
}

#[test]
fn text_and_json_list_the_changes() {
    let mut v: Vec<Vec<u8>> = vec![Vec::new(); 3];
    let earlier = v.layout_report();
    v[1].reserve_exact(100);
    let diff = v.layout_report().diff(&earlier);
    let text = diff.to_string();
    assert!(text.lines().nth(1).unwrap().contains("[1]"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&diff.to_json()).unwrap();
    assert_eq!(json["growth"], diff.growth());
    assert_eq!(json["root_type"], std::any::type_name::<Vec<Vec<u8>>>());
    assert_eq!(diff.root_full_type(), std::any::type_name::<Vec<Vec<u8>>>());
    assert_eq!(diff.root_type(), "Vec<Vec<u8>>");
    assert!(text.starts_with("Vec<Vec<u8>>: "), "{text}");
    assert_eq!(json["changes"][0]["path"], "[1]");
    assert_eq!(json["changes"][0]["heap_delta"], v[1].capacity());
    assert_eq!(json["changes"][0]["before"]["heap_bytes"], 0);
}

fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).expect_err("the assertion panics");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap()
}

/// A `Vec` grown past the elements a report shows: the elements shown only later are compared
/// with the summary, whose count then covers every element not shown both times.
#[test]
fn a_vec_grown_past_its_shown_elements_compares_counts() {
    for (start, end) in [(0, 50), (5, 50), (20, 500)] {
        let mut names: Vec<String> = (0..start).map(|i| format!("name {i}")).collect();
        let earlier = names.layout_report();
        let grown = allocator_delta(|| names.extend((start..end).map(|i| format!("name {i}"))));
        let diff = names.layout_report().diff(&earlier);
        assert_eq!(diff.growth(), grown);
        let summary = diff
            .changes()
            .iter()
            .find(|c| c.path == "[8..]")
            .expect("a summary");
        let shown = names.layout_report().root().children().count() - 1;
        let shown_both = shown.min(start);
        let folded = |f: Option<memlayout::report::PathFigures>| f.map_or(0, |f| f.elements);
        assert_eq!(folded(summary.after), end - shown_both, "{diff}");
        assert_eq!(folded(summary.before), start - shown_both, "{diff}");
    }
}

/// Collections inside collections: growth inside a shown element is found under its path, and
/// every change adds up to the allocator's delta.
#[test]
fn nested_collections_grow_under_their_element() {
    let mut groups: Vec<Vec<String>> = (0..12).map(|g| vec![format!("g{g}"); g % 3]).collect();
    let earlier = groups.layout_report();
    let grown = allocator_delta(|| {
        groups[2].extend((0..40).map(|i| format!("member {i}")));
        groups[11].clear();
        groups[11].shrink_to_fit();
    });
    let diff = groups.layout_report().diff(&earlier);
    assert_eq!(diff.growth(), grown);
    let total: isize = diff.changes().iter().map(|c| c.heap_delta()).sum();
    assert_eq!(total, grown);
    assert!(diff.changes()[0].path.starts_with("[2]"), "{diff}");
    let under_2: isize = under(&diff, "[2]").map(|c| c.heap_delta()).sum();
    assert!(under_2 > 0);
    // Element 11 is summarised: its shrink shows in the summary's total.
    let summary = diff
        .changes()
        .iter()
        .find(|c| c.path == "[8..]")
        .expect("a summary");
    assert!(summary.heap_delta() < 0, "{diff}");
    assert_eq!(under_2 + summary.heap_delta(), grown);
}
