//! The summary fold's per-type hook (`Layout::__buffer_figures`, `walk/report/leaf_fold.rs`):
//! elements of one buffer (`String`, `Vec<u32>`, `Box<str>`, `Box<[u16]>`, `CString`,
//! `OsString`, `PathBuf`, `VecDeque<u8>`, `BinaryHeap<u64>`, `Vec<()>`) fold from their
//! `(bytes, used)` without a visit, and a padded `Vec<(u8, u16)>` or `Box<[(u8, u16)]>` does
//! not take the hook (or breaks out of it at once).
//!
//! Every report is compared with figures the hook did not compute: the counting allocator's
//! live bytes and allocations, each folded element's own `memlayout::totals` (the summary's
//! count, minima and maxima), the report of the same values each wrapped in a derived newtype
//! (which folds through the generic blocks reading: the whole text and JSON when every element
//! is summarised, the summary's figures otherwise), and the report under an allocator model
//! (whose walk folds every element through the general `Folder`).

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/fastpath_checks.rs"]
mod fastpath_checks;
#[path = "common/summary_reports.rs"]
mod summary_reports;

use std::collections::{BinaryHeap, VecDeque};
use std::ffi::{CString, OsString};
use std::path::PathBuf;

use fastpath_checks::check_summary;
use memlayout::{totals, Layout, LayoutReport, ReportOptions, Totals};
use proptest::prelude::*;
use summary_reports::{check_summarised, grown, string_of, under_model, vec_of, Shape};

/// Summaries start after this many shown elements, and after the default number.
const SHOWN: [usize; 4] = [0, 1, 3, ReportOptions::new().get_max_children()];

/// A newtype of one part: the same figures, folded through the generic blocks reading.
#[derive(Layout)]
struct W<T>(T);

/// `text` with the newtype's names taken out: `W<String>` reads `String`, `W<alloc::..>`
/// its contents' name.
fn unwrapped(text: &str) -> String {
    // Qualified names (`test_report_buffer_figures::W<alloc::string::String>`) lose the path.
    let text = &text.replace("test_report_buffer_figures::W<", "W<");
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = text;
    while let Some(at) = rest.find("W<") {
        let before = &rest[..at];
        // Only the newtype (a name starting at a word boundary), not `ArrayW<...`.
        let bounded = before
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
        if !bounded {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        }
        out.push_str(before);
        // Drop `W<` and its matching `>`.
        let inner = &rest[at + 2..];
        let mut depth = 1;
        let mut end = inner.len();
        for (i, c) in inner.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push_str(&unwrapped(&inner[..end]));
        rest = &inner[(end + 1).min(inner.len())..];
    }
    out.push_str(rest);
    out
}

/// The newtypes' report text as the bare elements' would read: names unwrapped, and the
/// spare-capacity advice's "the buffers inside" (a struct has no `shrink_to_fit` of its own;
/// a `String` has) taken out.
fn as_bare(text: &str) -> String {
    unwrapped(text).replace("the buffers inside ", "")
}

/// Checks the reports of the vector `build` makes (measured) against the allocator, the
/// elements' own totals, the report of a second build's values each in a newtype, and the
/// general fold's. `build` is deterministic: the second build has the same capacities.
fn check<T: Layout>(what: &str, build: impl Fn() -> Vec<T>) {
    let (v, usage) = alloc::measure(&build);
    let t = totals(&v);
    assert!(t.is_exact, "{what}: exact");
    assert_eq!(
        (t.heap_bytes, t.allocations),
        (usage.bytes, usage.allocations),
        "{what}: the allocator's figures"
    );
    let elements: Vec<Totals> = v.iter().map(totals).collect();
    // The same values, each moved into a newtype, in a vector of the same capacity.
    let copies = build();
    let mut wrapped: Vec<W<T>> = Vec::with_capacity(copies.capacity());
    wrapped.extend(copies.into_iter().map(W));
    let wrapped_elements: Vec<Totals> = wrapped.iter().map(|w| totals(&w.0)).collect();
    assert_eq!(elements, wrapped_elements, "{what}: a deterministic build");
    assert_eq!(totals(&wrapped), t, "{what}: the newtype's totals");
    for shown in SHOWN {
        let options = ReportOptions::new().max_children(shown);
        let what = format!("{what} ({shown} shown)");
        let report = v.layout_report_with(options);
        let general = v.layout_report_with(under_model(options));
        check_summarised(&what, (&report, &general), t, &elements, shown);
        let summaries: Vec<_> = report.nodes().filter_map(|n| n.summary()).collect();

        let other = wrapped.layout_report_with(options);
        let other_summaries: Vec<_> = other.nodes().filter_map(|n| n.summary()).collect();
        assert_eq!(summaries.len(), other_summaries.len(), "{what}: newtype");
        if let (Some(s), Some(o)) = (summaries.first(), other_summaries.first()) {
            check_summary(o, &wrapped_elements[o.first_index..])
                .unwrap_or_else(|e| panic!("{what}: newtype: {e}"));
            assert_eq!(*s, *o, "{what}: the newtype's summary");
        }
        // Every element summarised: the whole report reads the same but for the names.
        if shown == 0 {
            // Findings included: a padding finding reads the elements' type through the
            // newtype as through the collection. Columns are as wide as the longest type
            // name: compared word by word.
            let words = |text: &str| -> Vec<Vec<String>> {
                let words = |line: &str| line.split_whitespace().map(String::from).collect();
                text.lines().map(words).collect()
            };
            assert_eq!(
                words(&as_bare(&other.to_string())),
                words(&report.to_string()),
                "{what}: text"
            );
            let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
            assert_eq!(
                json(&as_bare(&other.to_json())),
                json(&report.to_json()),
                "{what}: JSON"
            );
        }
    }
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        4 => (0usize..40).prop_map(Shape::Grown),
        2 => (0usize..20, 0usize..30).prop_map(|(len, spare)| Shape::WithCapacity(len, spare)),
        2 => (0usize..40).prop_map(Shape::Shrunk),
        1 => (1usize..20).prop_map(Shape::Cleared),
        1 => Just(Shape::New),
    ]
}

/// Element counts around the shown counts.
fn shapes() -> impl Strategy<Value = Vec<Shape>> {
    prop_oneof![
        3 => proptest::collection::vec(shape(), 0..24),
        1 => proptest::collection::vec(shape(), 60..140),
    ]
}

fn len_of(shape: Shape) -> usize {
    match shape {
        Shape::Grown(len) | Shape::WithCapacity(len, _) | Shape::Shrunk(len) => len,
        Shape::Cleared(_) | Shape::New => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn strings(shapes in shapes()) {
        check("Vec<String>", || {
            shapes.iter().enumerate().map(|(i, &s)| string_of(s, i)).collect::<Vec<_>>()
        });
        check("Vec<CString>", || {
            shapes
                .iter()
                .enumerate()
                .map(|(i, &s)| CString::new(grown(len_of(s), i)).unwrap())
                .collect::<Vec<_>>()
        });
        check("Vec<OsString>", || {
            shapes.iter().enumerate().map(|(i, &s)| OsString::from(string_of(s, i))).collect::<Vec<_>>()
        });
        check("Vec<PathBuf>", || {
            shapes.iter().enumerate().map(|(i, &s)| PathBuf::from(string_of(s, i))).collect::<Vec<_>>()
        });
        check("Vec<Box<str>>", || {
            shapes
                .iter()
                .enumerate()
                .map(|(i, &s)| string_of(s, i).into_boxed_str())
                .collect::<Vec<_>>()
        });
    }

    #[test]
    fn vectors(shapes in shapes()) {
        check("Vec<Vec<u32>>", || {
            shapes.iter().map(|&s| vec_of(s, 7u32)).collect::<Vec<_>>()
        });
        check("Vec<Vec<()>>", || {
            shapes.iter().map(|&s| vec_of(s, ())).collect::<Vec<_>>()
        });
        // Padded elements: the hook is not taken (empty ones are plain, the others not).
        check("Vec<Vec<(u8, u16)>>", || {
            shapes.iter().map(|&s| vec_of(s, (1u8, 2u16))).collect::<Vec<_>>()
        });
        check("Vec<BinaryHeap<u64>>", || {
            shapes.iter().map(|&s| BinaryHeap::from(vec_of(s, 9u64))).collect::<Vec<_>>()
        });
        check("Vec<VecDeque<u8>>", || {
            shapes
                .iter()
                .map(|&s| {
                    let mut d: VecDeque<u8> = vec_of(s, 5u8).into();
                    // Wrapped around when it has room.
                    if d.len() > 1 {
                        d.pop_front();
                        d.push_back(6);
                    }
                    d
                })
                .collect::<Vec<_>>()
        });
    }

    #[test]
    fn boxed_slices(shapes in shapes()) {
        check("Vec<Box<[u16]>>", || {
            shapes.iter().map(|&s| vec_of(s, 3u16).into_boxed_slice()).collect::<Vec<_>>()
        });
        check("Vec<Box<[()]>>", || {
            shapes.iter().map(|&s| vec_of(s, ()).into_boxed_slice()).collect::<Vec<_>>()
        });
        // Padded: a non-empty box breaks out of the hook's loop to the exact reading.
        check("Vec<Box<[(u8, u16)]>>", || {
            shapes
                .iter()
                .map(|&s| vec_of(s, (1u8, 2u16)).into_boxed_slice())
                .collect::<Vec<_>>()
        });
    }
}

/// A `Vec<()>` has capacity `usize::MAX` and no bytes: its figures are `(0, 0)`.
#[test]
fn zero_sized_elements() {
    let v = [Vec::<()>::with_capacity(5), vec![(); 9], Vec::new()];
    assert_eq!(v[0].capacity(), usize::MAX);
    assert_eq!(v[1].__buffer_figures(), (0, 0));
    check("Vec<Vec<()>>", || {
        (0..50).map(|i| vec![(); i]).collect::<Vec<_>>()
    });
}

/// The hook's figures are what each type's `visit` reports, and which types take it.
#[test]
fn which_types_take_the_hook() {
    const {
        assert!(String::__ONE_BUFFER && CString::__ONE_BUFFER);
        assert!(<Vec<u32>>::__ONE_BUFFER && <VecDeque<u64>>::__ONE_BUFFER);
        assert!(<Box<str>>::__ONE_BUFFER && <Box<[u16]>>::__ONE_BUFFER);
        assert!(!<Vec<(u8, u16)>>::__ONE_BUFFER && !<Vec<String>>::__ONE_BUFFER);
        assert!(!<Box<u64>>::__ONE_BUFFER && !<Box<String>>::__ONE_BUFFER);
        assert!(!<Box<[String]>>::__ONE_BUFFER && !<W<String>>::__ONE_BUFFER);
        assert!(!<Option<String>>::__ONE_BUFFER && !<&String>::__ONE_BUFFER);
    }
    let mut s = String::with_capacity(10);
    s.push_str("abc");
    assert_eq!(s.__buffer_figures(), (s.capacity(), 3));
    let v: Vec<u32> = Vec::with_capacity(6);
    assert_eq!(v.__buffer_figures(), (24, 0));
    let b: Box<[u16]> = vec![1, 2, 3].into_boxed_slice();
    assert_eq!(b.__buffer_figures(), (6, 6));
    let padded: Box<[(u8, u16)]> = vec![(1, 2)].into_boxed_slice();
    assert_eq!(padded.__buffer_figures(), (1, 0));
    let c = CString::new("abc").unwrap();
    assert_eq!(c.__buffer_figures(), (4, 4));
}

/// Elements the fast loop breaks at, in runs: an allocation holding nothing first, last and
/// in the middle, many in a row, around the shown count.
#[test]
fn empty_allocations_anywhere() {
    let shown = ReportOptions::new().get_max_children();
    for n in [0, 1, 2, shown - 1, shown, shown + 1, shown + 2, 3 * shown] {
        for at in [0, 1, n / 2, n.saturating_sub(1)] {
            check(&format!("{n} strings, cleared at {at}"), || {
                (0..n)
                    .map(|i| {
                        let mut s = grown(1 + i % 9, i);
                        if i == at || (i > at && i < at + 3 && n > 20) {
                            s.clear();
                        }
                        s
                    })
                    .collect::<Vec<_>>()
            });
            check(&format!("{n} vectors, cleared at {at}"), || {
                (0..n)
                    .map(|i| {
                        let mut v = vec![i as u64; 1 + i % 4];
                        if i == at {
                            v.clear();
                        }
                        v
                    })
                    .collect::<Vec<_>>()
            });
        }
    }
}
