//! The report's fold of elements that own heap blocks only (`walk/report/leaf_fold.rs`):
//! strings, vectors of numbers, boxed slices, structs of them, in many shapes and build
//! histories, and collections where an element that does not qualify ends the fast loop
//! part-way; map entries of them (folded by the general fold) in the same shapes.
//!
//! Every figure is compared with something the fold did not compute: the counting allocator's
//! live-bytes delta, `memlayout::totals` of each folded element on its own (for each summary's
//! count, minimum and maximum), and the same report made under an allocator model, whose walk
//! counts every block at its summary and so folds every element through the general `Folder`.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/fastpath_checks.rs"]
mod fastpath_checks;
#[path = "common/summary_reports.rs"]
mod summary_reports;

use std::collections::{BTreeMap, HashMap, HashSet, LinkedList, VecDeque};
use std::ffi::CString;

use fastpath_checks::{shuffled, Fixed};
use memlayout::{totals, Layout, LayoutReport, ReportOptions, Totals};
use summary_reports::{check_summarised, grown, under_model};

/// Summaries start after this many shown elements, and after the default number.
const SHOWN: [usize; 3] = [0, 3, ReportOptions::new().get_max_children()];

/// The figures of a map entry: its key's and its value's, added (its inline bytes are both).
fn entry_totals<K: Layout, W: Layout>(key: &K, value: &W) -> Totals {
    let (k, w) = (totals(key), totals(value));
    Totals {
        inline_bytes: k.inline_bytes + w.inline_bytes,
        inline_padding: k.inline_padding + w.inline_padding,
        heap_bytes: k.heap_bytes + w.heap_bytes,
        heap_bytes_low: k.heap_bytes_low + w.heap_bytes_low,
        heap_bytes_high: k.heap_bytes_high.saturating_add(w.heap_bytes_high),
        heap_used: k.heap_used + w.heap_used,
        unused_capacity: k.unused_capacity + w.unused_capacity,
        reclaimable: k.reclaimable + w.reclaimable,
        heap_padding: k.heap_padding + w.heap_padding,
        allocations: k.allocations + w.allocations,
        max_indirection: k.max_indirection.max(w.max_indirection),
        shared_bytes: k.shared_bytes + w.shared_bytes,
        shared_allocations: k.shared_allocations + w.shared_allocations,
        unreadable: k.unreadable + w.unreadable,
        resources: k.resources + w.resources,
        is_exact: k.is_exact && w.is_exact,
        indirection_is_exact: k.indirection_is_exact && w.indirection_is_exact,
    }
}

/// Checks the reports of `value` (a flat collection built with `usage` bytes and allocations
/// from the allocator, whose elements in walk order have figures `elements`): the totals are
/// the allocator's and the tally's, the one summary (if the collection has more elements than
/// are shown) has the count and extremes of the elements it folds, and the report under an
/// allocator model (the general fold) agrees on every node.
fn check<T: Layout>(what: &str, value: &T, usage: alloc::Usage, elements: &[Totals]) {
    let t = totals(value);
    // A B-tree's node count is an estimate (equal to the truth here), within bounds.
    assert!(t.is_exact || what.contains("B-tree"), "{what}: exact");
    assert!(t.heap_bytes_low <= usage.bytes && usage.bytes <= t.heap_bytes_high);
    assert_eq!(
        (t.heap_bytes, t.allocations),
        (usage.bytes, usage.allocations),
        "{what}: the allocator's figures"
    );
    for shown in SHOWN {
        let options = ReportOptions::new().max_children(shown);
        let what = format!("{what} ({shown} shown)");
        let report = value.layout_report_with(options);
        let general = value.layout_report_with(under_model(options));
        check_summarised(&what, (&report, &general), t, elements, shown);
    }
}

/// A vector built by `build` (measured), checked element by element.
fn check_vec<T: Layout>(what: &str, build: impl FnOnce() -> Vec<T>) {
    let (v, usage) = alloc::measure(build);
    let elements: Vec<Totals> = v.iter().map(totals).collect();
    check(what, &v, usage, &elements);
}

const SIZES: [usize; 8] = [0, 1, 2, 7, 8, 9, 100, 1000];

#[test]
fn strings_of_every_shape() {
    for n in SIZES {
        check_vec(&format!("{n} grown"), || {
            (0..n).map(|i| grown(i % 41, i)).collect::<Vec<_>>()
        });
        check_vec(&format!("{n} empty"), || vec![String::new(); n]);
        check_vec(&format!("{n} equal capacities"), || {
            (0..n)
                .map(|i| {
                    let mut s = String::with_capacity(24);
                    s.push_str(&grown(1 + i % 24, i));
                    s
                })
                .collect::<Vec<_>>()
        });
        check_vec(&format!("{n} shrunk"), || {
            let mut v: Vec<String> = (0..n).map(|i| grown(i % 33, i)).collect();
            for s in &mut v {
                s.shrink_to_fit();
            }
            v.shrink_to_fit();
            v
        });
        check_vec(&format!("{n} after removals"), || {
            let mut v: Vec<String> = (0..n).map(|i| grown(5 + i % 17, i)).collect();
            // Some strings emptied with their buffers kept (empty allocations), some removed.
            for (i, s) in v.iter_mut().enumerate() {
                if i % 5 == 2 {
                    s.clear();
                }
                if i % 7 == 3 {
                    s.truncate(2);
                }
            }
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                i % 4 != 0
            });
            v
        });
    }
}

#[test]
fn a_hundred_thousand_strings() {
    check_vec("100k", || {
        (0..100_000)
            .map(|i| grown(10 + i % 31, i))
            .collect::<Vec<_>>()
    });
}

#[test]
fn vectors_and_boxed_slices() {
    for n in SIZES {
        check_vec(&format!("{n} Vec<u8>"), || {
            (0..n).map(|i| vec![1u8; i % 19]).collect::<Vec<_>>()
        });
        check_vec(&format!("{n} Vec<u32> grown"), || {
            (0..n)
                .map(|i| (0..i % 23).map(|x| x as u32).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        });
        check_vec(&format!("{n} Vec<u64> with spare room"), || {
            (0..n)
                .map(|i| Vec::<u64>::with_capacity(i % 5))
                .collect::<Vec<_>>()
        });
        check_vec(&format!("{n} Box<str>"), || {
            (0..n)
                .map(|i| grown(i % 13, i).into_boxed_str())
                .collect::<Vec<_>>()
        });
        check_vec(&format!("{n} Box<[u16]>"), || {
            (0..n)
                .map(|i| vec![7u16; i % 6].into_boxed_slice())
                .collect::<Vec<_>>()
        });
        check_vec(&format!("{n} CString"), || {
            (0..n)
                .map(|i| CString::new(grown(i % 9, i)).unwrap())
                .collect::<Vec<_>>()
        });
        // Padding inside the blocks: elements the fast loop hands to the general fold.
        check_vec(&format!("{n} Vec<(u8, u32)>"), || {
            (0..n).map(|i| vec![(1u8, 2u32); i % 4]).collect::<Vec<_>>()
        });
        check_vec(&format!("{n} Option<String>"), || {
            (0..n)
                .map(|i| (i % 3 != 0).then(|| grown(i % 11, i)))
                .collect::<Vec<_>>()
        });
        // Estimated blocks: elements the quick reading hands to the exact one.
        check_vec(&format!("{n} B-trees of numbers"), || {
            (0..n)
                .map(|i| {
                    (0..(i % 15) as u32)
                        .map(|x| (x, 1u16))
                        .collect::<BTreeMap<_, _>>()
                })
                .collect::<Vec<_>>()
        });
        check_vec(&format!("{n} LinkedList<u32>"), || {
            (0..n)
                .map(|i| (0..i % 4).map(|x| x as u32).collect::<LinkedList<_>>())
                .collect::<Vec<_>>()
        });
    }
}

/// Two blocks an element: its allocations are not its heap bytes' sign.
#[derive(Layout)]
struct Named {
    name: String,
    id: u64,
    values: Vec<u32>,
}

/// Elements that qualify, then one that does not (its vector holds strings): the fast loop
/// stops there and the general fold takes the rest.
#[derive(Layout)]
enum Mixed {
    Text(String),
    Nested(Vec<String>),
    Boxed(Box<u64>),
}

#[test]
fn structs_and_elements_that_end_the_fast_loop() {
    for n in SIZES {
        check_vec(&format!("{n} Named"), || {
            (0..n)
                .map(|i| Named {
                    name: grown(i % 3 * 5, i),
                    id: i as u64,
                    values: vec![3; i % 4],
                })
                .collect::<Vec<_>>()
        });
        for at in [0, n / 2, n.saturating_sub(1)] {
            check_vec(&format!("{n} Mixed, nested at {at}"), || {
                (0..n)
                    .map(|i| match i {
                        _ if i == at => Mixed::Nested(vec![grown(3, i); 2]),
                        _ if i % 9 == 4 => Mixed::Boxed(Box::new(i as u64)),
                        _ => Mixed::Text(grown(i % 21, i)),
                    })
                    .collect::<Vec<_>>()
            });
        }
    }
}

#[test]
fn a_wrapped_deque() {
    for n in SIZES {
        let (d, usage) = alloc::measure(|| {
            let mut d = VecDeque::with_capacity(n.max(1));
            for i in 0..n {
                d.push_back(grown(i % 17, i));
            }
            // Half out of the front, as many in at the back: the buffer wraps around.
            for i in 0..n / 2 {
                d.pop_front();
                d.push_back(grown(3 + i % 9, i));
            }
            d
        });
        let (front, back) = d.as_slices();
        assert!(n < 2 || !back.is_empty() || front.len() == n, "wrapped");
        let elements: Vec<Totals> = d.iter().map(totals).collect();
        check(&format!("{n} wrapped deque"), &d, usage, &elements);
    }
}

#[test]
fn maps_of_strings_and_vectors() {
    for n in SIZES {
        for removed in [0, n / 3, n] {
            let (m, usage) = alloc::measure(|| {
                let mut m: HashMap<String, Vec<u32>, Fixed> = HashMap::default();
                for (k, i) in shuffled(n, 7).into_iter().enumerate() {
                    m.insert(grown(1 + k % 12, k) + &i.to_string(), vec![i; k % 9]);
                }
                // Removals leave tombstones in the table.
                let keys: Vec<String> = m.keys().take(removed).cloned().collect();
                for key in keys {
                    m.remove(&key);
                }
                m
            });
            let what = format!("{n} entries, {removed} removed");
            let elements: Vec<Totals> = m.iter().map(|(k, v)| entry_totals(k, v)).collect();
            check(&what, &m, usage, &elements);
        }
        let (m, usage) = alloc::measure(|| {
            (0..n as u64)
                .map(|i| (i, grown(i as usize % 30, i as usize)))
                .collect::<HashMap<u64, String, Fixed>>()
        });
        let elements: Vec<Totals> = m.iter().map(|(k, v)| entry_totals(k, v)).collect();
        check(&format!("{n} numbered strings"), &m, usage, &elements);
        let (m, usage) = alloc::measure(|| {
            (0..n)
                .map(|i| (grown(4, i) + &i.to_string(), vec![1u8; i % 3]))
                .collect::<BTreeMap<String, Vec<u8>>>()
        });
        let elements: Vec<Totals> = m.iter().map(|(k, v)| entry_totals(k, v)).collect();
        check(&format!("{n} B-tree entries"), &m, usage, &elements);
        let (s, usage) = alloc::measure(|| {
            (0..n)
                .map(|i| grown(i % 7, i) + &i.to_string())
                .collect::<HashSet<String, Fixed>>()
        });
        let elements: Vec<Totals> = s.iter().map(totals).collect();
        check(&format!("{n} set of strings"), &s, usage, &elements);
    }
}

/// Two buffers reported as one block of one or two allocations (a custom impl): an element
/// with one block need not be one allocation.
struct TwoBuffers(Vec<u8>, Vec<u8>);

impl Layout for TwoBuffers {
    const LAYOUT: &'static memlayout::TypeLayout = <Vec<u8> as Layout>::LAYOUT;
    fn visit<'a, V: memlayout::Visitor<'a>>(&'a self, v: &mut V) {
        let allocations = usize::from(self.0.capacity() > 0) + usize::from(self.1.capacity() > 0);
        v.heap(memlayout::HeapBlock {
            allocations,
            ..memlayout::HeapBlock::exact(
                self.0.capacity() + self.1.capacity(),
                1,
                self.0.len() + self.1.len(),
            )
        });
    }
}

#[test]
fn elements_whose_one_block_is_two_allocations() {
    for n in SIZES {
        check_vec(&format!("{n} TwoBuffers"), || {
            (0..n)
                .map(|i| TwoBuffers(vec![1; i % 7 + 1], vec![2; usize::from(i % 50 == 25) * 5]))
                .collect::<Vec<_>>()
        });
    }
}
