//! Chain summaries of every shape of link (issue 16): plain links (a `Box` and numbers, a
//! `String`, a `Vec` of numbers, a `Box` of a number, inline `Option`s of the next `Box`, padded
//! links, an enum cons list), read without the report's general visitor, and links that are
//! not plain (an empty allocation, a box to descend into, a second branch, an `Rc`), walked
//! through it; the two mixed in one chain. Links whose own blocks vary (a `String`, a
//! `Box<str>`, an `Option<String>` a link: varied lengths, empty, with spare capacity, shrunk)
//! fold in a loop of their own until one is not alike (an empty allocation, the chain's end). Each summary is checked against the counting
//! allocator link by link, at lengths around the shown limit and up to a million links, and
//! every node of each report against the report under an allocator model, whose walk takes
//! every link through the general visitor.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/chain_check.rs"]
#[macro_use]
mod chain_check;
#[path = "common/chain_summary.rs"]
mod chain_summary;

use std::rc::Rc;

use alloc::Usage;
use chain_check::{
    build, check_against_the_general_walk, check_chain, sum_min_max, Claimed, ClaimedLink, SHOWN,
};
use chain_summary::chain_summary;
use memlayout::allocator::Model;
use memlayout::{Layout, LayoutReport, ReportOptions};

const LENGTHS: [usize; 8] = [0, 1, SHOWN - 1, SHOWN, SHOWN + 1, 100, 10_000, 100_000];

/// A number and the next link: every link's figures are the next link's box.
#[derive(Layout)]
struct Numbered {
    value: u64,
    next: Option<Box<Numbered>>,
}

/// A name of its own on the heap.
#[derive(Layout)]
struct Named {
    name: String,
    next: Option<Box<Named>>,
}

/// Numbers of its own on the heap, empty ones with spare capacity among them.
#[derive(Layout)]
struct Counted {
    values: Vec<u32>,
    next: Option<Box<Counted>>,
}

/// Padding inside every link, so inside every box.
#[derive(Layout)]
struct Padded {
    flag: u8,
    value: u64,
    next: Option<Box<Padded>>,
}

/// A box of a number beside the next link's.
#[derive(Layout)]
struct Boxed {
    extra: Box<u64>,
    next: Option<Box<Boxed>>,
}

/// The next link behind two inline `Option`s.
#[derive(Layout)]
struct Nested {
    value: u32,
    next: Option<Option<Box<Nested>>>,
}

/// A name that may be absent.
#[derive(Layout)]
struct MaybeNamed {
    name: Option<String>,
    next: Option<Box<MaybeNamed>>,
}

/// A name in a box of its own size (`Box<str>`: no spare capacity, none at all when empty).
#[derive(Layout)]
struct BoxNamed {
    name: Box<str>,
    next: Option<Box<BoxNamed>>,
}

drop_in_a_loop!(Numbered, Named, Counted, Padded, Boxed, MaybeNamed, BoxNamed);

impl Drop for Nested {
    fn drop(&mut self) {
        let mut next = self.next.take().flatten();
        while let Some(mut link) = next {
            next = link.next.take().flatten();
        }
    }
}

#[test]
fn numbered_links() {
    for len in LENGTHS {
        let (head, seen) = build(len, |i| i as u64, |value, next| Numbered { value, next });
        check_chain(&head, &seen);
    }
}

#[test]
fn a_million_numbered_links_on_a_2_mib_stack() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let (head, seen) = build(
                1_000_000,
                |i| i as u64,
                |value, next| Numbered { value, next },
            );
            check_chain(&head, &seen);
        })
        .unwrap()
        .join()
        .expect("the walk overflowed or panicked");
}

#[test]
fn named_links() {
    // Runs of equal names, names of every length, and no names at all.
    let names: [fn(usize) -> String; 3] = [
        |i| "x".repeat((i / 10) % 3 * 8),
        |i| "x".repeat(i % 17),
        |_| String::new(),
    ];
    for name in names {
        for len in LENGTHS {
            let (head, seen) = build(len, name, |name, next| Named { name, next });
            check_chain(&head, &seen);
        }
    }
}

#[test]
fn counted_links_with_empty_allocations_among_them() {
    // Every third link's vector is empty with room for 4 (an empty allocation, which only the
    // general visitor counts); the others hold `i % 5` numbers.
    let values = |i: usize| {
        if i % 3 == 1 {
            Vec::with_capacity(4)
        } else {
            (0..(i % 5) as u32).collect::<Vec<u32>>()
        }
    };
    for len in LENGTHS {
        let (head, seen) = build(len, values, |values, next| Counted { values, next });
        check_chain(&head, &seen);
    }
}

#[test]
fn padded_links() {
    // The padding of a link, from the compiler's sizes: a `u8`, a `u64` and a pointer.
    let padding = core::mem::size_of::<Padded>()
        - core::mem::size_of::<u8>()
        - core::mem::size_of::<u64>()
        - core::mem::size_of::<Option<Box<Padded>>>();
    assert!(padding > 0);
    for len in LENGTHS {
        let (head, seen) = build(
            len,
            |i| (i as u8, i as u64),
            |(flag, value), next| Padded { flag, value, next },
        );
        check_chain(&head, &seen);
        let report = head.layout_report();
        if let Some(node) = chain_summary(&report) {
            // Each folded link's box but the last one's holds a link, padding included.
            let boxes = node.summary().unwrap().count - 1;
            assert_eq!(node.totals().heap_padding, boxes * padding);
            let most = if boxes > 0 { padding } else { 0 };
            assert_eq!(node.summary().unwrap().max.heap_padding, most);
            assert_eq!(node.summary().unwrap().min.heap_padding, 0);
        }
    }
}

#[test]
fn links_with_a_box_of_a_number() {
    for len in LENGTHS {
        let (head, seen) = build(
            len,
            |i| Box::new(i as u64),
            |extra, next| Boxed { extra, next },
        );
        check_chain(&head, &seen);
    }
}

#[test]
fn links_behind_two_options() {
    for len in LENGTHS {
        let (head, seen) = build(
            len,
            |i| i as u32,
            |value, next| Nested {
                value,
                next: Some(next),
            },
        );
        check_chain(&head, &seen);
    }
}

/// A cons list: the root is a link, the last link is `Nil`.
#[derive(Layout)]
enum Cons {
    Cell(u64, Box<Cons>),
    Nil,
}

impl Drop for Cons {
    fn drop(&mut self) {
        let Cons::Cell(_, rest) = self else {
            return;
        };
        let mut next = core::mem::replace(&mut **rest, Cons::Nil);
        // Each cell dropped holds a `Nil` by then.
        while let Cons::Cell(_, rest) = &mut next {
            next = core::mem::replace(&mut **rest, Cons::Nil);
        }
    }
}

/// A cons list of `cells` cells, with the allocator's figures for each link's box (`Nil`'s
/// none), root first.
fn cons(cells: usize) -> (Cons, Vec<Usage>) {
    let mut list = Cons::Nil;
    let mut boxes = Vec::with_capacity(cells);
    for i in 0..cells {
        let (rest, usage) = alloc::measure(|| Box::new(list));
        boxes.push(usage);
        list = Cons::Cell(i as u64, rest);
    }
    boxes.reverse();
    (list, boxes)
}

#[test]
fn cons_lists() {
    for cells in LENGTHS {
        let (list, boxes) = cons(cells);
        let report = list.layout_report();
        let sum = |u: &[Usage]| (u.iter().map(|b| b.bytes).sum(), u.len());
        assert_eq!(
            (report.totals().heap_bytes, report.totals().allocations),
            sum(&boxes)
        );
        // Links `0..=cells`, the root first: link `k` holds box `k`, if it is a cell. The root
        // is the first shown link, so link `SHOWN` is the first folded one.
        let summary = chain_summary(&report);
        assert_eq!(summary.is_some(), cells >= SHOWN, "{cells} cells");
        if let Some(node) = summary {
            let s = node.summary().unwrap();
            assert_eq!(s.count, cells + 1 - SHOWN);
            assert_eq!(node.heap_bytes(), sum(&boxes[SHOWN..]).0);
            assert_eq!(node.allocations(), cells - SHOWN);
            // `Nil` owns nothing; a cell, its box.
            assert_eq!((s.min.heap_bytes, s.min.allocations), (0, 0));
            let largest = boxes[SHOWN..].iter().map(|b| b.bytes).max();
            assert_eq!(s.max.heap_bytes, largest.unwrap_or(0));
        }
        check_against_the_general_walk(&list, &report);
    }
}

/// A comb: a chain one link in five of which has a second branch of one link.
#[derive(Layout)]
struct Comb {
    value: u64,
    side: Option<Box<Comb>>,
    next: Option<Box<Comb>>,
}

drop_in_a_loop!(Comb);

#[test]
fn links_with_a_second_branch() {
    for len in LENGTHS {
        let (comb, usage) = alloc::measure(|| {
            let mut head = None;
            for i in 0..len {
                let side = (i % 5 == 1).then(|| {
                    Box::new(Comb {
                        value: 0,
                        side: None,
                        next: None,
                    })
                });
                head = Some(Box::new(Comb {
                    value: i as u64,
                    side,
                    next: head.take(),
                }));
            }
            head
        });
        let report = comb.layout_report();
        let totals = report.totals();
        assert_eq!(
            (totals.heap_bytes, totals.allocations),
            (usage.bytes, usage.allocations)
        );
        // The side links are links too: each is shown or folded into a chain summary (a side
        // link of the last shown links starts a summary of its own).
        let sides = (0..len).filter(|i| i % 5 == 1).count();
        let shown = report
            .nodes()
            .filter(|n| n.summary().is_none() && n.type_name() == "Comb")
            .count();
        let folded: usize = report
            .nodes()
            .filter_map(|n| n.summary().filter(|s| s.is_chain).map(|s| s.count))
            .sum();
        assert_eq!(shown + folded, len + sides, "{len} links");
        check_against_the_general_walk(&comb, &report);
    }
}

/// A chain of `Rc`s, never plain.
#[derive(Layout)]
struct Shared {
    label: String,
    next: Option<Rc<Shared>>,
}

#[test]
fn rc_chains() {
    for len in [0, 1, SHOWN, SHOWN + 1, 100, 10_000] {
        let (head, usage) = alloc::measure(|| {
            let mut head: Option<Rc<Shared>> = None;
            for i in 0..len {
                head = Some(Rc::new(Shared {
                    label: "x".repeat(i % 7),
                    next: head.take(),
                }));
            }
            head
        });
        let report = head.layout_report();
        let totals = report.totals();
        assert_eq!(
            (totals.heap_bytes, totals.allocations),
            (usage.bytes, usage.allocations)
        );
        assert_eq!(totals.shared_allocations, len);
        check_against_the_general_walk(&head, &report);
        // Unlink in a loop.
        let mut next = head;
        while let Some(link) = next {
            next = Rc::try_unwrap(link).ok().and_then(|mut l| l.next.take());
        }
    }
}

#[test]
fn plain_links_and_others_in_one_chain() {
    // Plain links with runs of equal names, a link with an empty allocation every so often.
    for len in LENGTHS {
        let (head, seen) = build(
            len,
            |i| {
                if i % 50 == 7 {
                    String::with_capacity(3)
                } else {
                    "x".repeat((i / 20) % 2 * 4)
                }
            },
            |name, next| Named { name, next },
        );
        check_chain(&head, &seen);
    }
}

#[test]
fn summaries_of_other_lengths_shown() {
    for shown in [0, 1, 3] {
        for len in [shown, shown + 1, shown + 2, 50] {
            let (head, seen) = build(len, |i| i as u64, |value, next| Numbered { value, next });
            let options = ReportOptions::new().max_children(shown);
            let report = head.layout_report_with(options);
            assert_eq!(
                (report.totals().heap_bytes, report.totals().allocations),
                seen.total()
            );
            if let Some(node) = chain_summary(&report) {
                let s = node.summary().unwrap();
                assert_eq!((s.first_index, s.count), (shown, len - shown));
                let folded = (shown..len).map(|i| seen.folded(i).0);
                assert_eq!(
                    (node.heap_bytes(), s.min.heap_bytes, s.max.heap_bytes),
                    sum_min_max(folded)
                );
            }
            let general = head
                .layout_report_with(options.allocator(Model::Jemalloc))
                .nodes()
                .map(|n| (n.path(), *n.totals(), n.summary().cloned()))
                .collect::<Vec<_>>();
            let fast = report
                .nodes()
                .map(|n| (n.path(), *n.totals(), n.summary().cloned()))
                .collect::<Vec<_>>();
            assert_eq!(fast, general);
        }
    }
}

/// A string of `len` bytes with `spare` bytes of spare capacity.
fn with_spare(len: usize, spare: usize) -> String {
    let mut s = String::with_capacity(len + spare);
    s.push_str(&"y".repeat(len));
    s
}

#[test]
fn links_with_strings_of_varied_lengths() {
    let names: [fn(usize) -> String; 5] = [
        // Every length up to 40, empty ones among them.
        |i| "x".repeat(i * 7 % 41),
        // Spare capacity, most links.
        |i| with_spare(i % 13 + 1, i % 5),
        // Grown past its length, then shrunk.
        |i| {
            let mut s = with_spare(i % 29, 64);
            s.shrink_to_fit();
            s
        },
        // Runs of equal names between varied ones.
        |i| "z".repeat(if (i / 16) % 2 == 0 { 5 } else { i % 9 }),
        // A long name now and then.
        |i| "w".repeat(if i % 97 == 3 { 4_000 } else { i % 3 }),
    ];
    for name in names {
        for len in LENGTHS {
            let (head, seen) = build(len, name, |name, next| Named { name, next });
            check_chain(&head, &seen);
        }
    }
}

#[test]
fn links_with_strings_and_an_empty_allocation() {
    // Varied names with one empty allocation (room, no bytes): first, in the middle, last
    // folded link, and every 37th link.
    for len in LENGTHS {
        let empty_at: [fn(usize, usize) -> bool; 4] = [
            |i, _| i == SHOWN,
            |i, len| i == len / 2,
            |i, len| i + 1 == len,
            |i, _| i % 37 == 11,
        ];
        for is_empty in empty_at {
            let (head, seen) = build(
                len,
                |i| {
                    if is_empty(i, len) {
                        String::with_capacity(3)
                    } else {
                        "x".repeat(i % 23 + 1)
                    }
                },
                |name, next| Named { name, next },
            );
            check_chain(&head, &seen);
        }
    }
}

#[test]
fn links_with_a_boxed_str() {
    for len in LENGTHS {
        let (head, seen) = build(
            len,
            |i| "b".repeat(i % 19).into_boxed_str(),
            |name, next| BoxNamed { name, next },
        );
        check_chain(&head, &seen);
    }
}

#[test]
fn links_with_an_optional_string() {
    for len in LENGTHS {
        let (head, seen) = build(
            len,
            |i| (i % 3 != 0).then(|| with_spare(i % 11, i % 4)),
            |name, next| MaybeNamed { name, next },
        );
        check_chain(&head, &seen);
    }
}

/// Small enough for Miri (`cargo +nightly miri test -p memlayout-tests --test
/// test_report_chain_shapes plain_links_read_in_runs_and_one_by_one`): the next-link handoff
/// (`NextLink`, read back as the link type) on every path: runs of equal links, links with
/// varied strings in their own loop, links after an empty allocation one by one, and links
/// through the general visitor.
#[test]
fn plain_links_read_in_runs_and_one_by_one() {
    for len in [0, 1, SHOWN - 1, SHOWN, SHOWN + 1, SHOWN + 3, 40] {
        let (head, seen) = build(len, |i| i as u64, |value, next| Numbered { value, next });
        check_chain(&head, &seen);
        let (head, seen) = build(
            len,
            |i| match i % 17 {
                13 => String::with_capacity(2),
                k if k < 4 => "r".repeat(4),
                k => with_spare(k, i % 3),
            },
            |name, next| Named { name, next },
        );
        check_chain(&head, &seen);
        let (head, seen) = build(
            len,
            |i| "m".repeat(i % 5).into_boxed_str(),
            |name, next| BoxNamed { name, next },
        );
        check_chain(&head, &seen);
    }
}

/// Two allocations reported as one block (a custom impl: a pool of two buffers).
struct TwoBuffers(Vec<u8>, Vec<u8>);

impl Layout for TwoBuffers {
    const LAYOUT: &'static memlayout::TypeLayout = <Vec<u8> as Layout>::LAYOUT;
    fn visit<'a, V: memlayout::Visitor<'a>>(&'a self, v: &mut V) {
        let bytes = self.0.capacity() + self.1.capacity();
        let used = self.0.len() + self.1.len();
        let allocations = usize::from(self.0.capacity() > 0) + usize::from(self.1.capacity() > 0);
        v.heap(memlayout::HeapBlock {
            allocations,
            ..memlayout::HeapBlock::exact(bytes, 1, used)
        });
    }
}

#[derive(Layout)]
struct Pooled {
    pool: TwoBuffers,
    next: Option<Box<Pooled>>,
}

drop_in_a_loop!(Pooled);

#[test]
fn links_with_a_block_of_two_allocations() {
    for len in LENGTHS {
        let (head, seen) = build(
            len,
            |i| TwoBuffers(vec![1; i % 7 + 1], vec![2; usize::from(i % 50 == 25) * 5]),
            |pool, next| Pooled { pool, next },
        );
        check_chain(&head, &seen);
    }
}

/// Lengths and positions around the chunks in which varied links are read (a few hundred
/// links, tested at once: `link_probe.rs`), wherever their edges fall: shorter than one chunk,
/// about one, about two.
fn around_chunk_edges() -> impl Iterator<Item = usize> + Clone {
    [SHOWN, SHOWN + 1, SHOWN + 2, 100]
        .into_iter()
        .chain(250..=262)
        .chain(506..=516)
}

#[test]
fn links_with_strings_and_an_odd_link_at_a_chunk_edge() {
    // An empty allocation (irregular) or an empty string (regular, but not read in chunks):
    // none, first or last of a chunk, first or last of the chain.
    let odd: [fn() -> String; 2] = [|| String::with_capacity(3), String::new];
    for len in around_chunk_edges() {
        let positions = around_chunk_edges().filter(|&i| i < len).map(Some);
        for at in positions.chain([None, Some(len - 1)]) {
            for odd in odd {
                let name = |i| match at == Some(i) {
                    true => odd(),
                    false => "x".repeat(i % 23 + 1),
                };
                let (head, seen) = build(len, name, |name, next| Named { name, next });
                check_chain(&head, &seen);
            }
        }
    }
}

#[test]
fn links_whose_block_claims_more_used_than_bytes_at_a_chunk_edge() {
    // Used beyond the block's bytes, on an allocation and on none, and far beyond.
    let odd: [fn(Vec<u8>) -> Claimed; 3] = [
        |buffer| Claimed {
            used: buffer.capacity() + 1,
            buffer,
        },
        |_| Claimed {
            buffer: Vec::new(),
            used: 4,
        },
        |buffer| Claimed {
            buffer,
            used: 1 << (usize::BITS - 1),
        },
    ];
    for len in [SHOWN + 2, 257, 300, 515, 600] {
        for at in [
            SHOWN,
            SHOWN + 1,
            250,
            255,
            256,
            257,
            258,
            511,
            512,
            513,
            len - 1,
        ] {
            for odd in odd {
                let claimed = |i| {
                    let buffer = vec![1; i % 7 + 1];
                    match i == at {
                        true => odd(buffer),
                        false => Claimed {
                            used: buffer.len().min(i % 3 + 1),
                            buffer,
                        },
                    }
                };
                let (head, seen) =
                    build(len, claimed, |claimed, next| ClaimedLink { claimed, next });
                check_chain(&head, &seen);
            }
        }
    }
}
