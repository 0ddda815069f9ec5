//! `memlayout::render::folded`: every element's heap bytes, added up by field path. The lines add up to
//! the counting allocator's figure, each path's line to the sum the test takes over the values
//! themselves (capacities times sizes), and the output stays the same size however many
//! elements there are.

#[path = "common/accounts.rs"]
mod accounts;
#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/chain.rs"]
mod chain;

use std::cell::RefCell;
use std::collections::{HashMap, LinkedList};
use std::mem::size_of;
use std::rc::Rc;

use accounts::{account, Account, Entry};
use memlayout::{Layout, LayoutReport, ReportOptions};

/// The folded lines as (path below the root frame, bytes); the root's path is `""`. Fails on a
/// malformed line or a path given twice.
fn parse(folded: &str) -> Vec<(String, usize)> {
    let mut lines: Vec<(String, usize)> = Vec::new();
    for line in folded.lines() {
        let (stack, bytes) = line.rsplit_once(' ').expect("`stack bytes`");
        let path = stack.split_once(';').map_or("", |(_, path)| path);
        assert!(
            lines.iter().all(|(seen, _)| seen != path),
            "{path} twice in\n{folded}"
        );
        lines.push((path.to_string(), bytes.parse().expect("bytes")));
    }
    lines
}

/// The bytes on `path`'s own line, 0 when it has none.
fn own(lines: &[(String, usize)], path: &str) -> usize {
    lines
        .iter()
        .find(|(p, _)| p == path)
        .map_or(0, |&(_, bytes)| bytes)
}

/// What the frames at and below `path` hold: its flame-graph width.
fn subtree(lines: &[(String, usize)], path: &str) -> usize {
    lines
        .iter()
        .filter(|(p, _)| p == path || path.is_empty() || p.starts_with(&format!("{path};")))
        .map(|&(_, bytes)| bytes)
        .sum()
}

fn name_bytes<'a>(accounts: impl Iterator<Item = &'a Account>) -> usize {
    accounts.map(|a| a.name.capacity()).sum()
}

/// `(history buffers, entry bodies)` of `accounts`.
fn history_bytes<'a>(accounts: impl Iterator<Item = &'a Account> + Clone) -> (usize, usize) {
    let buffers = accounts
        .clone()
        .map(|a| a.history.capacity() * size_of::<Entry>())
        .sum();
    let bodies = accounts
        .flat_map(|a| &a.history)
        .map(|e| e.body.capacity())
        .sum();
    (buffers, bodies)
}

#[test]
fn vec_elements_add_up_by_field_path_at_every_size() {
    let mut line_counts = Vec::new();
    for n in [10, 1_000, 100_000] {
        let (accounts, allocated) = alloc::measure(|| (0..n).map(account).collect::<Vec<_>>());
        let folded = memlayout::render::folded(&accounts);
        let lines = parse(&folded);
        assert!(folded.starts_with("Vec<Account> "), "{folded}");

        // Every byte the allocator handed out is on exactly one line.
        assert_eq!(
            subtree(&lines, ""),
            size_of::<Vec<Account>>() + allocated.bytes
        );
        // Each path holds what the test adds up over the elements themselves.
        let (buffers, bodies) = history_bytes(accounts.iter());
        assert_eq!(
            own(&lines, ""),
            size_of::<Vec<Account>>() + accounts.capacity() * size_of::<Account>()
        );
        assert_eq!(own(&lines, "[*];.name"), name_bytes(accounts.iter()));
        assert_eq!(own(&lines, "[*];.history"), buffers);
        assert_eq!(own(&lines, "[*];.history;[*];.body"), bodies);
        assert_eq!(lines.len(), 4, "{folded}");
        line_counts.push(folded.len());
    }
    // The output is the same size (give or take the digits) for 10 and 100,000 elements.
    assert!(line_counts[2] <= line_counts[0] + 4 * 8, "{line_counts:?}");
}

#[test]
fn hash_map_values_and_keys_add_up() {
    for n in [3, 500, 20_000] {
        let (map, allocated) = alloc::measure(|| {
            let mut map: HashMap<String, Account> =
                (0..n).map(|i| (format!("key-{i}"), account(i))).collect();
            // Some removals: the walk sees only the live entries, as the allocator's total
            // does (the table keeps its size).
            for i in (0..n).step_by(7) {
                map.remove(&format!("key-{i}"));
            }
            map
        });
        let folded = memlayout::render::folded(&map);
        let lines = parse(&folded);
        let keys: usize = map.keys().map(String::capacity).sum();
        let (buffers, bodies) = history_bytes(map.values());
        assert_eq!(own(&lines, "[*];.key"), keys);
        assert_eq!(own(&lines, "[*];.value;.name"), name_bytes(map.values()));
        assert_eq!(own(&lines, "[*];.value;.history"), buffers);
        assert_eq!(own(&lines, "[*];.value;.history;[*];.body"), bodies);
        let total = size_of::<HashMap<String, Account>>() + allocated.bytes;
        assert_eq!(subtree(&lines, ""), total);
        // The root holds its table: what the allocator gave that no entry's part holds.
        assert_eq!(
            own(&lines, ""),
            total - keys - name_bytes(map.values()) - buffers - bodies
        );
    }
}

#[derive(Layout)]
struct Item {
    name: String,
    sku: u64,
}

#[derive(Layout)]
struct Order {
    items: Vec<Item>,
    note: Option<String>,
}

#[test]
fn nested_collections_and_variants_get_a_frame_each() {
    for n in [1, 100, 10_000] {
        let (orders, allocated) = alloc::measure(|| {
            (0..n)
                .map(|i| Order {
                    items: (0..i % 4)
                        .map(|j| Item {
                            name: "i".repeat(1 + (i * j) % 17),
                            sku: j as u64,
                        })
                        .collect(),
                    note: (i % 2 == 0).then(|| format!("note {i}")),
                })
                .collect::<Vec<Order>>()
        });
        let lines = parse(&memlayout::render::folded(&orders));
        let names: usize = orders
            .iter()
            .flat_map(|o| &o.items)
            .map(|i| i.name.capacity())
            .sum();
        let items: usize = orders
            .iter()
            .map(|o| o.items.capacity() * size_of::<Item>())
            .sum();
        let notes: usize = orders
            .iter()
            .filter_map(|o| o.note.as_ref())
            .map(String::capacity)
            .sum();
        assert_eq!(own(&lines, "[*];.items;[*];.name"), names);
        assert_eq!(own(&lines, "[*];.items"), items);
        assert_eq!(own(&lines, "[*];.note;.Some.0"), notes);
        assert_eq!(
            subtree(&lines, ""),
            size_of::<Vec<Order>>() + allocated.bytes
        );
    }

    // Vectors of vectors, a linked list (each node is an element) and a guard's contents,
    // each measured on its own.
    let (grid, grid_bytes) = alloc::measure(|| {
        (0..50)
            .map(|i| (0..i % 6).map(|j| "g".repeat(i + j)).collect())
            .collect::<Vec<Vec<String>>>()
    });
    let (list, list_bytes) = alloc::measure(|| {
        (0..30)
            .map(|i| "l".repeat(i))
            .collect::<LinkedList<String>>()
    });
    let (cell, cell_bytes) = alloc::measure(|| RefCell::new(vec![String::from("abc"); 5]));
    let value = (grid, list, cell);
    let lines = parse(&memlayout::render::folded(&value));
    let (grid, list, cell) = &value;
    let cells: usize = grid.iter().flatten().map(String::capacity).sum();
    let rows: usize = grid
        .iter()
        .map(|r| r.capacity() * size_of::<String>())
        .sum();
    assert_eq!(own(&lines, ".0;[*];[*]"), cells);
    assert_eq!(own(&lines, ".0;[*]"), rows);
    assert_eq!(
        own(&lines, ".0"),
        grid.capacity() * size_of::<Vec<String>>()
    );
    assert_eq!(subtree(&lines, ".0"), grid_bytes.bytes);
    // Each node's block (its links and the string inline) is its element's, as is the string's
    // buffer: the list's bytes are all on `[*]`.
    assert_eq!(own(&lines, ".1;[*]"), list_bytes.bytes);
    assert!(list_bytes.bytes > list.iter().map(String::capacity).sum::<usize>());
    let borrowed = cell.borrow();
    assert_eq!(
        own(&lines, ".2;.borrow()"),
        borrowed.capacity() * size_of::<String>()
    );
    assert_eq!(
        own(&lines, ".2;.borrow();[*]"),
        borrowed.iter().map(String::capacity).sum::<usize>()
    );
    assert_eq!(subtree(&lines, ".2"), cell_bytes.bytes);
    drop(borrowed);
    assert_eq!(own(&lines, ""), size_of_val(&value));
}

#[derive(Layout)]
struct Owners {
    first: Rc<String>,
    second: Rc<String>,
    many: Vec<Rc<String>>,
}

/// An `Rc` allocation is counted once, where it is first met; its contents below it as `.*`.
#[test]
fn shared_allocations_are_counted_once() {
    let (owners, allocated) = alloc::measure(|| {
        let shared = Rc::new("s".repeat(100));
        let other = Rc::new("o".repeat(10));
        let mut many: Vec<Rc<String>> = (0..1_000).map(|_| Rc::clone(&other)).collect();
        many.push(Rc::new("own".to_string()));
        Owners {
            first: Rc::clone(&shared),
            second: shared,
            many,
        }
    });
    let folded = memlayout::render::folded(&owners);
    let lines = parse(&folded);
    // The counts, then the string.
    let rc_block = 2 * size_of::<usize>() + size_of::<String>();
    assert_eq!(own(&lines, ".first"), rc_block);
    assert_eq!(own(&lines, ".first;.*"), 100);
    assert_eq!(subtree(&lines, ".second"), 0, "{folded}");
    assert_eq!(
        own(&lines, ".many"),
        owners.many.capacity() * size_of::<Rc<String>>()
    );
    // Two allocations among the thousand handles: `other` and the last one's.
    assert_eq!(own(&lines, ".many;[*]"), 2 * rc_block);
    assert_eq!(own(&lines, ".many;[*];.*"), 10 + 3);
    assert_eq!(subtree(&lines, ""), size_of::<Owners>() + allocated.bytes);
}

/// A long `Option<Box<Node>>` chain: every link's box adds up into a few lines, each stack at
/// most head, `…`, tail deep, on a spawned thread's 2 MiB stack.
#[test]
fn a_deep_box_chain_adds_up_into_a_bounded_output() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let mut sizes = Vec::new();
            for links in [10, 1_000, 200_000] {
                let (head, allocated) = alloc::measure(|| chain::chain(links));
                let folded = memlayout::render::folded(&head);
                for line in folded.lines() {
                    let (stack, _) = line.rsplit_once(' ').unwrap();
                    assert!(stack.split(';').count() <= 1 + 24 + 1 + 8, "{line}");
                }
                let lines = parse(&folded);
                assert_eq!(
                    subtree(&lines, ""),
                    size_of::<Option<Box<chain::Node>>>() + allocated.bytes
                );
                assert_eq!(allocated.bytes, links * size_of::<chain::Node>());
                // Each link's box is on a `.Some.0` frame: the first few on whole stacks, one a
                // line, every later one on the one stack that elides the middle.
                let whole = lines.iter().filter(|(p, _)| !p.contains('…')).count() - 1;
                let elided: Vec<_> = lines.iter().filter(|(p, _)| p.contains('…')).collect();
                for (path, bytes) in &lines[1..] {
                    assert!(path.ends_with(".Some.0"), "{path}");
                    if !path.contains('…') {
                        assert_eq!(*bytes, size_of::<chain::Node>(), "{path}");
                    }
                }
                if links > whole {
                    assert_eq!(elided.len(), 1, "{folded}");
                    assert_eq!(elided[0].1, (links - whole) * size_of::<chain::Node>());
                } else {
                    assert_eq!((elided.len(), whole), (0, links));
                }
                sizes.push((lines.len(), folded.len()));
            }
            // Past the head and tail, longer chains add no lines.
            assert_eq!(sizes[1].0, sizes[2].0, "{sizes:?}");
            assert!(sizes[2].1 < 16 << 10, "{sizes:?}");
        })
        .expect("spawn")
        .join()
        .expect("the folded walk of a deep chain overflowed or failed");
}

/// With every element shown, the report's folded stacks are these lines (plus zero-byte lines
/// for shown parts that own nothing); with summaries, the report puts a summary's bytes on the
/// `[*]` frame itself, and the subtrees still agree.
#[test]
fn the_report_agrees_where_it_shows_every_element() {
    let accounts: Vec<Account> = (0..40).map(account).collect();
    let all = ReportOptions::default()
        .max_children(usize::MAX)
        .max_nodes(usize::MAX);
    let report_lines: Vec<String> = accounts
        .layout_report_with(all)
        .folded()
        .lines()
        .filter(|line| !line.ends_with(" 0") || !line.contains(';'))
        .map(String::from)
        .collect();
    let folded = memlayout::render::folded(&accounts);
    let lines: Vec<&str> = folded.lines().collect();
    assert_eq!(report_lines, lines);

    let summarised = parse(&accounts.layout_report().folded());
    let lines = parse(&folded);
    assert!(
        own(&summarised, "[*]") > 0,
        "the summary's bytes sit on [*]"
    );
    assert_eq!(own(&lines, "[*]"), 0, "every element's bytes are below [*]");
    assert_eq!(subtree(&summarised, "[*]"), subtree(&lines, "[*]"));
    assert_eq!(subtree(&summarised, ""), subtree(&lines, ""));
}
