//! Summarised map entries whose key and value are each one plain buffer (`String`,
//! `Vec<u32>`, `Box<str>`, `CString`) or a leaf (`u64`), or not (`Vec<(u8, u16)>`), in hash
//! maps and B-trees
//! built with spare room, shrunk, cleared (an allocation holding nothing, in a key or a value,
//! anywhere among the entries) or never allocated.
//!
//! Every report is compared with figures the report walk did not compute: the counting
//! allocator's live bytes and allocations (a B-tree's: within its bounds), each folded entry's
//! own figures (its key's and value's `memlayout::totals`, added up: the summary's count,
//! minima and maxima), the report of the same map with each key and value in a derived newtype,
//! and the report under an allocator model (whose walk folds every entry through the general
//! `Folder`), node by node.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/fastpath_checks.rs"]
mod fastpath_checks;
#[path = "common/summary_reports.rs"]
mod summary_reports;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::ffi::CString;
use std::hash::BuildHasherDefault;

use fastpath_checks::check_summary;
use memlayout::{totals, Layout, LayoutReport, ReportOptions, Totals};
use proptest::prelude::*;
use summary_reports::{check_summarised, grown, string_of, under_model, vec_of, Shape};

/// A hasher with no random state: two maps built alike iterate alike.
type Fixed = BuildHasherDefault<DefaultHasher>;

/// Summaries start after this many shown entries, and after the default number.
const SHOWN: [usize; 4] = [0, 1, 3, ReportOptions::new().get_max_children()];

/// A newtype of one part: the same figures, read through a derived `visit`.
#[derive(Layout, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct W<T>(T);

/// An entry's own figures: its key's and value's added up, inline ones the entry's.
fn entry_totals<K: Layout, V: Layout>(key: &K, value: &V, inline: Totals) -> Totals {
    let (k, v) = (totals(key), totals(value));
    Totals {
        inline_bytes: inline.inline_bytes,
        inline_padding: inline.inline_padding,
        heap_bytes: k.heap_bytes + v.heap_bytes,
        heap_bytes_low: k.heap_bytes_low + v.heap_bytes_low,
        heap_bytes_high: k.heap_bytes_high + v.heap_bytes_high,
        heap_used: k.heap_used + v.heap_used,
        unused_capacity: k.unused_capacity + v.unused_capacity,
        reclaimable: k.reclaimable + v.reclaimable,
        heap_padding: k.heap_padding + v.heap_padding,
        allocations: k.allocations + v.allocations,
        max_indirection: k.max_indirection.max(v.max_indirection),
        is_exact: k.is_exact && v.is_exact,
        ..k
    }
}

/// The maps `build` makes, one of each kind `M`, checked as the module says. `build` is
/// deterministic (the same capacities, the same iteration order).
fn check<M, K, V>(what: &str, build: impl Fn() -> Vec<(K, V)>, inline: Totals)
where
    M: Layout + FromIterator<(K, V)> + Entries<K, V> + Rewrap,
    K: Layout,
    V: Layout,
    Wrapped<M>: Layout + FromIterator<(W<K>, W<V>)>,
{
    let (map, usage) = alloc::measure(|| build().into_iter().collect::<M>());
    let t = totals(&map);
    // A B-tree's nodes are an estimate (bounds that contain the truth), its entries exact.
    if M::EXACT {
        assert!(t.is_exact, "{what}: exact");
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (usage.bytes, usage.allocations),
            "{what}: the allocator's figures"
        );
    } else {
        assert!(
            t.heap_bytes_low <= usage.bytes && usage.bytes <= t.heap_bytes_high,
            "{what}"
        );
    }
    let entries = map.entry_totals(inline);
    let wrapped: Wrapped<M> = build().into_iter().map(|(k, v)| (W(k), W(v))).collect();
    assert_eq!(totals(&wrapped), t, "{what}: the newtypes' totals");
    for shown in SHOWN {
        let options = ReportOptions::new().max_children(shown);
        let what = format!("{what} ({shown} shown)");
        let report = map.layout_report_with(options);
        let general = map.layout_report_with(under_model(options));
        check_summarised(&what, (&report, &general), t, &entries, shown);
        let other = wrapped.layout_report_with(options);
        let summary = |r: &memlayout::Report| r.nodes().find_map(|n| n.summary().cloned());
        if let Some(s) = summary(&report) {
            let o = summary(&other).expect("the newtypes' summary");
            check_summary(&o, &entries[o.first_index..])
                .unwrap_or_else(|e| panic!("{what}: newtypes: {e}"));
            assert_eq!(s, o, "{what}: the newtypes' summary");
        }
        assert_eq!(other.totals(), t, "{what}: the newtypes' report");
    }
}

/// A map's entries' own figures, in the order the walk meets them.
trait Entries<K, V> {
    /// Whether the map's own figures are exact (not a B-tree's).
    const EXACT: bool;
    fn entry_totals(&self, inline: Totals) -> Vec<Totals>;
}

impl<K: Layout, V: Layout> Entries<K, V> for HashMap<K, V, Fixed> {
    const EXACT: bool = true;
    fn entry_totals(&self, inline: Totals) -> Vec<Totals> {
        self.iter()
            .map(|(k, v)| entry_totals(k, v, inline))
            .collect()
    }
}

impl<K: Layout, V: Layout> Entries<K, V> for BTreeMap<K, V> {
    const EXACT: bool = false;
    fn entry_totals(&self, inline: Totals) -> Vec<Totals> {
        self.iter()
            .map(|(k, v)| entry_totals(k, v, inline))
            .collect()
    }
}

/// The same kind of map, of newtypes.
trait Rewrap {
    type Of;
}

impl<K, V> Rewrap for HashMap<K, V, Fixed> {
    type Of = HashMap<W<K>, W<V>, Fixed>;
}

impl<K, V> Rewrap for BTreeMap<K, V> {
    type Of = BTreeMap<W<K>, W<V>>;
}

type Wrapped<M> = <M as Rewrap>::Of;

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        5 => (0usize..30).prop_map(Shape::Grown),
        2 => (0usize..20, 0usize..30).prop_map(|(len, spare)| Shape::WithCapacity(len, spare)),
        2 => (0usize..30).prop_map(Shape::Shrunk),
        1 => (1usize..20).prop_map(Shape::Cleared),
        1 => Just(Shape::New),
    ]
}

/// Entry counts around the shown counts, each entry a key's and a value's shape.
fn shapes() -> impl Strategy<Value = Vec<(Shape, Shape)>> {
    prop_oneof![
        3 => proptest::collection::vec((shape(), shape()), 0..24),
        1 => proptest::collection::vec((shape(), shape()), 60..140),
    ]
}

/// A key of shape `shape`, unique by `i` (its text ends with `i`, or is `i` when the shape
/// holds nothing, so every key is distinct and only the no-bytes shapes are short).
fn key_of(shape: Shape, i: usize) -> String {
    let mut s = match shape {
        Shape::Grown(len) | Shape::Shrunk(len) => grown(len, i),
        Shape::WithCapacity(len, spare) => {
            let mut s = String::with_capacity(len + spare + 4);
            s.push_str(&grown(len, i));
            s
        }
        Shape::Cleared(_) | Shape::New => String::new(),
    };
    s.push_str(&i.to_string());
    if let Shape::Shrunk(_) = shape {
        s.shrink_to_fit();
    }
    s
}

/// An entry's inline figures, for keys like `key` and values like `value`: the two parts'
/// sizes and padding added (a map entry adds no padding of its own: see `MapEntry`).
fn inline_of<K: Layout, V: Layout>((key, value): (K, V)) -> Totals {
    let (k, v) = (totals(&key), totals(&value));
    Totals {
        inline_bytes: k.inline_bytes + v.inline_bytes,
        inline_padding: k.inline_padding + v.inline_padding,
        ..k
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn string_to_numbers(shapes in shapes()) {
        let inline = inline_of((String::new(), Vec::<u32>::new()));
        let build = || {
            shapes.iter().enumerate().map(|(i, &(k, v))| (key_of(k, i), vec_of(v, 7u32))).collect()
        };
        check::<HashMap<String, Vec<u32>, Fixed>, _, _>("HashMap<String, Vec<u32>>", build, inline);
        check::<BTreeMap<String, Vec<u32>>, _, _>("BTreeMap<String, Vec<u32>>", build, inline);
    }

    #[test]
    fn strings_and_boxes(shapes in shapes()) {
        let inline = inline_of((String::new(), String::new()));
        let build = || shapes.iter().enumerate().map(|(i, &(k, v))| (key_of(k, i), string_of(v, i))).collect();
        check::<HashMap<String, String, Fixed>, _, _>("HashMap<String, String>", build, inline);
        let inline = inline_of((Box::<str>::from(""), CString::default()));
        let build = || {
            shapes
                .iter()
                .enumerate()
                .map(|(i, &(k, v))| (key_of(k, i).into_boxed_str(), CString::new(string_of(v, i)).unwrap()))
                .collect()
        };
        check::<HashMap<Box<str>, CString, Fixed>, _, _>("HashMap<Box<str>, CString>", build, inline);
    }

    /// A leaf key or value (no heap) beside a buffer.
    #[test]
    fn leaf_parts(shapes in shapes()) {
        let inline = inline_of((0u64, String::new()));
        let build = || shapes.iter().enumerate().map(|(i, &(_, v))| (i as u64 * 7919, string_of(v, i))).collect();
        check::<HashMap<u64, String, Fixed>, _, _>("HashMap<u64, String>", build, inline);
        check::<BTreeMap<u64, String>, _, _>("BTreeMap<u64, String>", build, inline);
        let inline = inline_of((String::new(), 0u32));
        let build = || shapes.iter().enumerate().map(|(i, &(k, _))| (key_of(k, i), i as u32)).collect();
        check::<HashMap<String, u32, Fixed>, _, _>("HashMap<String, u32>", build, inline);
    }

    /// Padded vectors are not one buffer: the general fold, the same checks.
    #[test]
    fn padded_values(shapes in shapes()) {
        let inline = inline_of((String::new(), Vec::<(u8, u16)>::new()));
        let build = || shapes.iter().enumerate().map(|(i, &(k, v))| (key_of(k, i), vec_of(v, (1u8, 2u16)))).collect();
        check::<HashMap<String, Vec<(u8, u16)>, Fixed>, _, _>("HashMap<String, Vec<(u8, u16)>>", build, inline);
    }
}

/// Entries with an allocation holding nothing, in the key or the value, first, last and in
/// the middle, many in a row, around the shown count and around whole blocks of 64 entries
/// (the summary takes whole blocks four entries at a time where the CPU has AVX2).
#[test]
fn empty_allocations_anywhere() {
    let shown = ReportOptions::new().get_max_children();
    let inline = inline_of((String::new(), Vec::<u64>::new()));
    let sizes = [0, 1, 2, shown - 1, shown, shown + 1, shown + 2, 3 * shown];
    let blocks = [
        shown + 63,
        shown + 64,
        shown + 65,
        shown + 128,
        shown + 129,
        300,
    ];
    for n in sizes.into_iter().chain(blocks) {
        let places = [
            0,
            1,
            n / 2,
            n.saturating_sub(1),
            shown,
            shown + 63,
            shown + 64,
            shown + 70,
        ];
        for at in places.into_iter().filter(|&at| at < n.max(1)) {
            for in_key in [false, true] {
                let build = || {
                    (0..n)
                        .map(|i| {
                            // Keys are distinct: one key at most holds nothing.
                            let hole = if in_key {
                                i == at
                            } else {
                                i == at || (i > at && i < at + 3 && n > 20)
                            };
                            let mut key = String::with_capacity(8);
                            if !(hole && in_key) {
                                key.push_str(&i.to_string());
                            }
                            let mut v = vec![i as u64; 1 + i % 4];
                            if hole && !in_key {
                                v.clear();
                            }
                            (key, v)
                        })
                        .collect::<Vec<_>>()
                };
                let what = format!("{n} entries, cleared at {at} (key: {in_key})");
                check::<HashMap<String, Vec<u64>, Fixed>, _, _>(&what, build, inline);
                check::<BTreeMap<String, Vec<u64>>, _, _>(&what, build, inline);
            }
        }
    }
}

/// Many entries of no bytes (`String::new()` keys are not distinct: empty values), blocks of
/// them whole, and a map whose every entry holds used bytes.
#[test]
fn blocks_of_entries_without_bytes() {
    let inline = inline_of((String::new(), Vec::<u32>::new()));
    for (n, every) in [(200, 1), (200, 2), (300, 7), (1000, 1000)] {
        let build = || {
            (0..n)
                .map(|i| {
                    let v = if i % every == 0 {
                        Vec::new()
                    } else {
                        vec![1u32; i % 5 + 1]
                    };
                    (i.to_string(), v)
                })
                .collect::<Vec<_>>()
        };
        let what = format!("{n} entries, no bytes every {every}");
        check::<HashMap<String, Vec<u32>, Fixed>, _, _>(&what, build, inline);
    }
}
