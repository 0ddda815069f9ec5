//! Chain summaries of links whose figures vary, read in chunks of a few hundred links
//! (`walk/report/link_probe.rs`), when chunks fail (issue 16): a link of no used bytes (an
//! empty `String`, a `None` name), an empty allocation, a block claiming more used bytes
//! than it holds, in chunk `k` followed by regular chunks, at chunk edges, in several chunks,
//! in every chunk. Each summary is checked against the counting allocator link by link, and
//! every node against the report under an allocator model, whose walk takes every link
//! through the general visitor, one by one.

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/chain_summary.rs"]
mod chain_summary;
#[path = "common/chain_check.rs"]
#[macro_use]
mod chain_check;

use chain_check::{build, check_chain, Claimed, ClaimedLink, SHOWN};
use memlayout::Layout;

/// How many links a chunk holds (`link_probe.rs`'s `CHUNK`); the tests hold for any other
/// size too, only the positions they try would be less telling.
const CHUNK: usize = 256;

/// A name of its own on the heap.
#[derive(Layout)]
struct Named {
    name: String,
    next: Option<Box<Named>>,
}

/// A name that may be absent.
#[derive(Layout)]
struct MaybeNamed {
    name: Option<String>,
    next: Option<Box<MaybeNamed>>,
}

drop_in_a_loop!(Named, MaybeNamed);

/// A name of `i % 23 + 1` bytes, with spare capacity now and then.
fn regular_name(i: usize) -> String {
    let mut name = String::with_capacity(i % 23 + 1 + i % 3);
    name.push_str(&"x".repeat(i % 23 + 1));
    name
}

/// What an odd link holds instead of a regular name.
#[derive(Clone, Copy, Debug)]
enum Odd {
    /// No bytes, no allocation: regular, but of no used bytes.
    Empty,
    /// Room and no bytes: an empty allocation, which ends the links read together.
    Hole,
}

impl Odd {
    fn name(self) -> String {
        match self {
            Odd::Empty => String::new(),
            Odd::Hole => String::with_capacity(5),
        }
    }
}

/// A chain of `len` named links, link `i` odd when `is_odd(i)`, checked.
fn check_named(len: usize, odd: Odd, is_odd: impl Fn(usize) -> bool) {
    let name = |i| match is_odd(i) {
        true => odd.name(),
        false => regular_name(i),
    };
    let (head, seen) = build(len, name, |name, next| Named { name, next });
    check_chain(&head, &seen);
}

/// Positions around `edge`. Links are folded from link `SHOWN` on, each one pointer deeper
/// than the one before it, and a chunk ends where that depth is a multiple of `CHUNK` (link
/// `i` is `i + 1` pointers down): positions around every multiple of `CHUNK` cover the edges
/// whatever their exact offset.
fn around(edge: usize) -> impl Iterator<Item = usize> {
    edge.saturating_sub(3)..=edge + 3
}

#[test]
fn an_odd_link_in_chunk_k_then_regular_chunks() {
    for odd in [Odd::Empty, Odd::Hole] {
        for k in 0..4 {
            let at = SHOWN + k * CHUNK + 37;
            check_named(6 * CHUNK, odd, |i| i == at);
        }
    }
}

#[test]
fn an_odd_link_at_chunk_edges() {
    for odd in [Odd::Empty, Odd::Hole] {
        for edge in [CHUNK, 2 * CHUNK, 3 * CHUNK] {
            for at in around(edge) {
                check_named(4 * CHUNK + 5, odd, |i| i == at);
            }
        }
    }
}

#[test]
fn odd_links_in_several_chunks() {
    for odd in [Odd::Empty, Odd::Hole] {
        // In chunks 0, 2 and 3 (two in a row), then none; the last odd one is the last link.
        let len = 5 * CHUNK;
        let odd_at = [SHOWN + 3, 2 * CHUNK + 9, 3 * CHUNK + 200, len - 1];
        check_named(len, odd, |i| odd_at.contains(&i));
        // Two in one chunk, at both its ends.
        let odd_at = [CHUNK + 1, 2 * CHUNK - 1];
        check_named(len, odd, |i| odd_at.contains(&i));
        // Runs of odd links across an edge.
        check_named(len, odd, |i| (2 * CHUNK - 4..2 * CHUNK + 4).contains(&i));
    }
}

#[test]
fn odd_links_in_every_chunk() {
    for odd in [Odd::Empty, Odd::Hole] {
        for every in [1, 2, 37, CHUNK - 1, CHUNK, CHUNK + 1, 500] {
            for len in [CHUNK + SHOWN, 3 * CHUNK + 17, 10_000] {
                check_named(len, odd, |i| i % every == every / 2);
            }
        }
    }
}

#[test]
fn empty_and_holes_mixed() {
    // Empty names in most chunks, an empty allocation in some: a chunk holding both fails,
    // its links read one by one up to the empty allocation.
    let name = |i: usize| match (i % 300, i % 1_100) {
        (_, 555) => Odd::Hole.name(),
        (17, _) | (18, _) => Odd::Empty.name(),
        _ => regular_name(i),
    };
    for len in [300, 1_100, 5_000] {
        let (head, seen) = build(len, name, |name, next| Named { name, next });
        check_chain(&head, &seen);
    }
}

#[test]
fn absent_names_in_chunks() {
    // `None` links (no block at all) first, in the middle of chunks, at their edges, in runs.
    let absent: [fn(usize) -> bool; 4] = [
        |i| i == SHOWN,
        |i| i % 300 == 150,
        |i| i % CHUNK < 2,
        |i| (1_000..1_040).contains(&i),
    ];
    for is_absent in absent {
        for len in [SHOWN + 1, CHUNK + SHOWN, 2_000] {
            let (head, seen) = build(
                len,
                |i| (!is_absent(i)).then(|| regular_name(i)),
                |name, next| MaybeNamed { name, next },
            );
            check_chain(&head, &seen);
        }
    }
}

#[test]
fn a_block_claiming_more_than_it_holds_among_empty_ones() {
    // Links of no bytes (regular) in the same chunk as one claiming more used bytes than it
    // holds: the counted chunk fails too, and the links are read one by one up to it.
    for len in [CHUNK + SHOWN, 1_000] {
        for bad in [SHOWN + 5, CHUNK - 1, CHUNK + 40, len - 1] {
            let claimed = |i: usize| {
                let buffer = match i % 10 {
                    0 => Vec::new(),
                    _ => vec![1; i % 7 + 1],
                };
                let used = match i == bad {
                    true => buffer.capacity() + 3,
                    false => buffer.len(),
                };
                Claimed { buffer, used }
            };
            let (head, seen) = build(len, claimed, |claimed, next| ClaimedLink { claimed, next });
            check_chain(&head, &seen);
        }
    }
}

/// Small enough for Miri (`cargo +nightly miri test -p memlayout-tests --test
/// test_report_chain_chunks odd_links_before_one_chunk_edge`): the links after an odd one go
/// back to the chain loop at the chunk's edge (a `NextLink` read back as the link type), and
/// a chunk of an empty name is counted again.
#[test]
fn odd_links_before_one_chunk_edge() {
    for odd in [Odd::Empty, Odd::Hole] {
        check_named(CHUNK + 20, odd, |i| i == 100);
    }
}
