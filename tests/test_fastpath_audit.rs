//! Audit of the fast paths: the tally's stack-pointer budget, the one-pass (and two-ended)
//! walk of hash tables and B-trees, and the report's lean fold of summarised elements.
//!
//! Every figure is compared with something these paths did not compute: the counting
//! allocator's live-bytes delta, `size_of`, and `memlayout::totals` of each element on its own
//! (a different walk from the report's summary fold).

#[path = "common/alloc.rs"]
mod alloc;

use std::cell::{RefCell, RefMut};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, LinkedList};
use std::hash::BuildHasherDefault;
use std::rc::{Rc, Weak};
use std::sync::{Mutex, MutexGuard};

use memlayout::report::Summary;
use memlayout::{
    heap_bytes, totals, DropAction, DropOrder, DropOrderExt, Kind, Layout, LayoutReport, Report,
    ReportOptions, Totals, TypeLayout, Visitor,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, RngSeed};

/// A fixed hasher: a table's tombstones then depend on the test case alone, not on a random
/// seed, so a case that passes once passes every time.
type Fixed = BuildHasherDefault<DefaultHasher>;

/// One element of every class the report's fold tells apart: plain (`String`, spare `Vec`),
/// ordinary (padding in `Pairs`, tables partly reclaimable), rare (shared, weak, unreadable,
/// estimated, empty allocations).
#[derive(Layout)]
enum Item {
    Text(String),
    Pairs(Vec<(u8, u32)>),
    Shared(Rc<String>),
    Weak(Weak<String>),
    Cell(RefCell<Vec<u16>>),
    Locked(Mutex<Vec<u8>>),
    Spare(Vec<u64>),
    EmptyBox(Box<[u32]>),
    Table(HashMap<u32, u64, Fixed>),
    Tree(BTreeMap<u32, u16>),
    List(LinkedList<String>),
    File(std::fs::File),
    Unit,
}

impl Item {
    /// Whether the element holds a handle to a shared allocation (its figures then depend on
    /// which handle the walk met first).
    fn is_shared(&self) -> bool {
        matches!(self, Item::Shared(_) | Item::Weak(_))
    }
}

/// The value under test: handles kept first (walked first), then the items.
#[derive(Layout)]
struct Doc {
    kept: Vec<Item>,
    items: Vec<Item>,
}

/// Some items, walked in order as fields (what a prefix of the walk has seen).
struct Seq<'x>(&'x [&'x Item]);

impl<'x> Layout for Seq<'x> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Seq<'x>>("Seq", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        for item in self.0 {
            v.field(0, "item", *item);
        }
    }
}

#[derive(Clone, Debug)]
enum Recipe {
    Text {
        len: usize,
        spare: usize,
    },
    Pairs {
        len: usize,
        spare: usize,
    },
    Shared {
        slot: usize,
    },
    Weak {
        slot: usize,
        dangling: bool,
    },
    Cell {
        len: usize,
        hold: bool,
    },
    Locked {
        len: usize,
        hold: bool,
    },
    Spare {
        cap: usize,
    },
    EmptyBox,
    Table {
        len: usize,
        removed: usize,
    },
    Tree {
        len: usize,
        sorted: bool,
        removed: usize,
    },
    List {
        len: usize,
    },
    File,
    Unit,
}

const TREE_SIZES: [usize; 6] = [1, 11, 12, 100, 1000, 13];
const SLOTS: usize = 4;

fn recipe() -> impl Strategy<Value = Recipe> {
    prop_oneof![
        (0..40usize, 0..9usize).prop_map(|(len, spare)| Recipe::Text { len, spare }),
        (0..9usize, 0..5usize).prop_map(|(len, spare)| Recipe::Pairs { len, spare }),
        (0..SLOTS).prop_map(|slot| Recipe::Shared { slot }),
        (0..SLOTS, any::<bool>()).prop_map(|(slot, dangling)| Recipe::Weak { slot, dangling }),
        (0..6usize, any::<bool>()).prop_map(|(len, hold)| Recipe::Cell { len, hold }),
        (0..6usize, any::<bool>()).prop_map(|(len, hold)| Recipe::Locked { len, hold }),
        (0..7usize).prop_map(|cap| Recipe::Spare { cap }),
        Just(Recipe::EmptyBox),
        (0..40usize, 0..45usize).prop_map(|(len, removed)| Recipe::Table { len, removed }),
        (0..TREE_SIZES.len(), any::<bool>(), 0..20usize).prop_map(|(i, sorted, removed)| {
            Recipe::Tree {
                len: TREE_SIZES[i],
                sorted,
                removed,
            }
        }),
        (0..5usize).prop_map(|len| Recipe::List { len }),
        Just(Recipe::File),
        Just(Recipe::Unit),
    ]
}

/// A small xorshift generator for shuffles inside a case.
fn shuffled(n: usize, seed: u64) -> Vec<u32> {
    let mut keys: Vec<u32> = (0..n as u32).collect();
    let mut state = seed | 1;
    for i in (1..keys.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        keys.swap(i, (state % (i as u64 + 1)) as usize);
    }
    keys
}

fn build_item(recipe: &Recipe, pool: &[Rc<String>], seed: u64) -> Item {
    match *recipe {
        Recipe::Text { len, spare } => {
            let mut s = String::with_capacity(len + spare);
            s.extend(std::iter::repeat_n('x', len));
            Item::Text(s)
        }
        Recipe::Pairs { len, spare } => {
            let mut v = Vec::with_capacity(len + spare);
            v.extend((0..len).map(|i| (i as u8, i as u32)));
            Item::Pairs(v)
        }
        Recipe::Shared { slot } => Item::Shared(Rc::clone(&pool[slot])),
        Recipe::Weak { slot, dangling } => Item::Weak(if dangling {
            Weak::new()
        } else {
            Rc::downgrade(&pool[slot])
        }),
        Recipe::Cell { len, .. } => Item::Cell(RefCell::new(vec![7; len])),
        Recipe::Locked { len, .. } => Item::Locked(Mutex::new(vec![3; len])),
        Recipe::Spare { cap } => Item::Spare(Vec::with_capacity(cap)),
        Recipe::EmptyBox => Item::EmptyBox(Vec::new().into_boxed_slice()),
        Recipe::Table { len, removed } => {
            let mut t: HashMap<u32, u64, Fixed> = HashMap::default();
            for k in 0..len as u32 {
                t.insert(k.wrapping_mul(2_654_435_761), u64::from(k));
            }
            for k in 0..removed.min(len) as u32 {
                t.remove(&k.wrapping_mul(2_654_435_761));
            }
            Item::Table(t)
        }
        Recipe::Tree {
            len,
            sorted,
            removed,
        } => {
            let keys = if sorted {
                (0..len as u32).collect()
            } else {
                shuffled(len, seed)
            };
            let mut t: BTreeMap<u32, u16> = keys.iter().map(|&k| (k, k as u16)).collect();
            if !sorted {
                // Inserted one by one, not bulk-built.
                t = BTreeMap::new();
                for &k in &keys {
                    t.insert(k, k as u16);
                }
            }
            for k in 0..removed.min(len) as u32 {
                t.remove(&(k * 7 % len as u32));
            }
            Item::Tree(t)
        }
        Recipe::List { len } => Item::List((0..len).map(|i| "l".repeat(i)).collect()),
        Recipe::File => Item::File(std::fs::File::open(std::env::current_exe().unwrap()).unwrap()),
        Recipe::Unit => Item::Unit,
    }
}

/// What a summarised element adds to its summary: its own totals, except that a handle to a
/// shared allocation adds only what no earlier handle (in walk order) counted, found by
/// walking the prefix of the walk with and without it.
fn contribution(seen: &[&Item], at: usize) -> Totals {
    let item = seen[at];
    let own = totals(item);
    if !item.is_shared() {
        return own;
    }
    let with = totals(&Seq(&seen[..=at]));
    let without = totals(&Seq(&seen[..at]));
    let heap = with.heap_bytes - without.heap_bytes;
    let shared = with.shared_bytes - without.shared_bytes;
    let shared_allocations = with.shared_allocations - without.shared_allocations;
    Totals {
        heap_bytes: heap,
        heap_bytes_low: heap,
        heap_bytes_high: heap,
        heap_used: with.heap_used - without.heap_used,
        unused_capacity: with.unused_capacity - without.unused_capacity,
        reclaimable: with.reclaimable - without.reclaimable,
        heap_padding: with.heap_padding - without.heap_padding,
        allocations: with.allocations - without.allocations,
        // The `Rc` block is one hop down, the string's buffer two.
        max_indirection: if heap > shared {
            2
        } else if shared_allocations > 0 {
            1
        } else {
            0
        },
        shared_bytes: shared,
        shared_allocations,
        ..own
    }
}

macro_rules! each_figure {
    ($m:ident) => {
        $m!(
            inline_bytes,
            inline_padding,
            heap_bytes,
            heap_bytes_low,
            heap_bytes_high,
            heap_used,
            unused_capacity,
            reclaimable,
            heap_padding,
            allocations,
            max_indirection,
            shared_bytes,
            shared_allocations,
            unreadable,
            resources
        )
    };
}

/// The summary node whose parent is at `parent_path`, if the node budget let it be made.
fn summary_under(report: &Report, parent_path: &str) -> Option<Summary> {
    report
        .nodes()
        .filter(|n| n.parent().is_some_and(|p| p.path() == parent_path))
        .find_map(|n| n.summary().cloned())
}

/// `summary` against the figures `folded` elements add, each one hop into its collection's
/// heap block.
fn check_summary(summary: &Summary, folded: &[Totals]) -> Result<(), TestCaseError> {
    prop_assert_eq!(summary.count, folded.len());
    let folded: Vec<Totals> = folded
        .iter()
        .map(|t| Totals {
            // One hop further: in the collection's buffer.
            max_indirection: t.max_indirection + usize::from(t.max_indirection > 0),
            ..*t
        })
        .collect();
    macro_rules! check {
        ($($f:ident),*) => {$(
            let min = folded.iter().map(|t| t.$f).min().unwrap();
            let max = folded.iter().map(|t| t.$f).max().unwrap();
            prop_assert_eq!(
                (summary.min.$f, summary.max.$f),
                (min, max),
                "summary {} over {} folded elements",
                stringify!($f),
                folded.len()
            );
        )*};
    }
    each_figure!(check);
    let exact = folded.iter().all(|t| t.is_exact);
    prop_assert_eq!((summary.min.is_exact, summary.max.is_exact), (exact, exact));
    Ok(())
}

/// The summary of `doc.items` in `report` (if the node budget let it be made) against each
/// folded element's own figures.
fn check_items_summary(report: &Report, doc: &Doc, shown: usize) -> Result<(), TestCaseError> {
    let Some(summary) = summary_under(report, ".items") else {
        return Ok(());
    };
    prop_assert_eq!(summary.first_index, shown);
    prop_assert!(!summary.is_entries);
    let seen: Vec<&Item> = doc.kept.iter().chain(&doc.items).collect();
    let folded: Vec<Totals> = (doc.kept.len() + shown..seen.len())
        .map(|at| contribution(&seen, at))
        .collect();
    check_summary(&summary, &folded)
}

/// Summaries nested in shown items: a linked list's nodes past the first few, each a node
/// allocation of its own and its string, as in a one-node list of a copy of that string (a
/// `repeat` string's copy has the same capacity).
fn check_list_summaries(
    report: &Report,
    doc: &Doc,
    shown: usize,
    all_nodes: bool,
) -> Result<(), TestCaseError> {
    for (i, item) in doc.items.iter().enumerate().take(shown) {
        let Item::List(list) = item else { continue };
        let summary = summary_under(report, &format!(".items[{i}].List.0"));
        let Some(summary) = summary else {
            prop_assert!(
                !all_nodes || list.len() <= shown,
                "no summary of a long list"
            );
            continue;
        };
        prop_assert_eq!(summary.first_index, shown);
        let folded: Vec<Totals> = list
            .iter()
            .skip(shown)
            .map(|s| {
                let one = LinkedList::from([s.clone()]);
                Totals {
                    inline_bytes: core::mem::size_of::<String>(),
                    ..totals(&one)
                }
            })
            .collect();
        check_summary(&summary, &folded)?;
    }
    Ok(())
}

fn build_doc(recipes: &[Recipe], kept: &[usize], seed: u64) -> Doc {
    let pool: Vec<Rc<String>> = (0..SLOTS).map(|i| Rc::new("s".repeat(i * 5))).collect();
    Doc {
        kept: kept
            .iter()
            .map(|&slot| Item::Shared(Rc::clone(&pool[slot])))
            .collect(),
        items: recipes
            .iter()
            .enumerate()
            .map(|(i, r)| build_item(r, &pool, seed.wrapping_add(i as u64)))
            .collect(),
    }
}

/// Borrows and locks the cells of the items whose recipes say so: those guards are held while
/// the walks run, so the cells are unreadable to them.
#[allow(clippy::type_complexity)]
fn hold<'v>(
    items: impl Iterator<Item = (&'v Item, &'v Recipe)>,
) -> (Vec<RefMut<'v, Vec<u16>>>, Vec<MutexGuard<'v, Vec<u8>>>) {
    let mut borrowed = Vec::new();
    let mut locked = Vec::new();
    for (item, recipe) in items {
        match (item, recipe) {
            (Item::Cell(c), Recipe::Cell { hold: true, .. }) => borrowed.push(c.borrow_mut()),
            (Item::Locked(m), Recipe::Locked { hold: true, .. }) => locked.push(m.lock().unwrap()),
            _ => {}
        }
    }
    (borrowed, locked)
}

/// Whether a table had removals (its tombstones may hide its size) or a tree was emptied (it
/// may keep its root leaf, with no entry left to show it): the documented limits of
/// `impls/map.rs`, where a figure may be below the allocator's.
fn has_removals(recipes: &[Recipe]) -> bool {
    recipes.iter().any(|r| match *r {
        Recipe::Table { len, removed } => len > 0 && removed > 0,
        Recipe::Tree { len, removed, .. } => removed >= len,
        _ => false,
    })
}

/// The whole-value checks: the three walks agree, and the allocator's figure is within the
/// bounds, and equal to the figure when nothing is hidden.
fn check_value<T: Layout>(
    value: &T,
    truth: alloc::Usage,
    held: usize,
    removals: bool,
) -> Result<Totals, TestCaseError> {
    let t = totals(value);
    prop_assert_eq!(heap_bytes(value), t.heap_bytes);
    prop_assert!(t.allocations <= truth.allocations);
    prop_assert!(
        t.heap_bytes_low <= truth.bytes && truth.bytes <= t.heap_bytes_high,
        "bounds {}..={} miss the allocator's {}",
        t.heap_bytes_low,
        t.heap_bytes_high,
        truth.bytes
    );
    if t.is_exact {
        prop_assert_eq!(
            t.heap_bytes,
            truth.bytes,
            "an exact figure is the allocator's"
        );
    }
    prop_assert_eq!(t.unreadable, held);
    if held == 0 && !removals {
        // Tables never shrunk are exact, and a real B-tree's node count is the allocator's.
        prop_assert_eq!(
            t.heap_bytes,
            truth.bytes,
            "nothing hidden: the allocator's figure"
        );
        prop_assert_eq!(t.allocations, truth.allocations);
    }
    Ok(t)
}

fn check_doc(
    recipes: &[Recipe],
    kept: &[usize],
    seed: u64,
    budgets: &[(usize, usize)],
) -> Result<(), TestCaseError> {
    let (doc, usage) = alloc::measure(|| build_doc(recipes, kept, seed));
    // Borrow and lock the flagged cells for the whole check.
    let (borrowed, locked) = hold(doc.items.iter().zip(recipes));
    let held = borrowed.len() + locked.len();
    let t = check_value(&doc, usage, held, has_removals(recipes))?;
    for &(shown, nodes) in budgets {
        let options = ReportOptions::default()
            .max_children(shown)
            .max_nodes(nodes);
        let report = doc.layout_report_with(options);
        prop_assert_eq!(
            report.totals(),
            t,
            "report totals, {} shown, {} nodes",
            shown,
            nodes
        );
        check_items_summary(&report, &doc, shown)?;
        check_list_summaries(&report, &doc, shown, nodes >= 10_000)?;
        // Findings are made on first use; rendering reads every node.
        let _ = report.findings();
        let (text, json) = (report.to_string(), report.to_json());
        prop_assert!(!text.is_empty() && json.starts_with('{'), "renders");
        if nodes >= 10_000 && doc.items.len() > shown {
            let path = format!(".items[{shown}..{}]", doc.items.len());
            prop_assert!(report.find(&path).is_some(), "no summary at {}", path);
        }
    }
    drop((borrowed, locked));
    Ok(())
}

fn config() -> Config {
    Config {
        cases: 64,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x5eed_fa57),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every class of element mixed in one collection: the three walks agree, the allocator
    /// bounds them, and the summary's extremes are those of the folded elements.
    #[test]
    fn mixed_collections_agree_with_the_allocator_and_each_element(
        recipes in prop::collection::vec(recipe(), 0..24),
        kept in prop::collection::vec(0..SLOTS, 0..3),
        seed in any::<u64>(),
    ) {
        check_doc(
            &recipes,
            &kept,
            seed,
            &[(1, 10_000), (2, 10_000), (8, 10_000), (0, 10_000), (2, 3), (1, 12), (8, 30)],
        )?;
    }
}

/// An element that could not be read may own any amount of heap: its summary's greatest
/// `heap_bytes_high` is unknown and the summary not exact, as the element's own totals say.
#[test]
fn summary_of_an_unreadable_element_has_no_upper_bound() {
    let cells = vec![RefCell::new(vec![1u8]), RefCell::new(vec![2u8])];
    let _guard = cells[1].borrow_mut();
    let report = cells.layout_report_with(ReportOptions::default().max_children(1));
    let summary = report.find("[1..2]").unwrap().summary().unwrap().clone();
    let element = totals(&cells[1]);
    assert_eq!(
        (element.heap_bytes_high, element.is_exact),
        (usize::MAX, false)
    );
    assert_eq!(
        (summary.max.heap_bytes_high, summary.max.is_exact),
        (element.heap_bytes_high, element.is_exact)
    );
}

/// The items as the values of a map, in the order `keys` lists their keys.
fn build_map<M: FromIterator<(u16, Item)>>(recipes: &[Recipe], keys: &[u16], seed: u64) -> M {
    let pool: Vec<Rc<String>> = (0..SLOTS).map(|i| Rc::new("m".repeat(i * 3))).collect();
    keys.iter()
        .map(|&k| {
            (
                k,
                build_item(&recipes[k as usize], &pool, seed ^ u64::from(k)),
            )
        })
        .collect()
}

/// Maps of mixed items: their summarised entries (one pass over the table or tree in the
/// report) against each value's own figures.
fn check_map<M: Layout + FromIterator<(u16, Item)>>(
    recipes: &[Recipe],
    sorted: bool,
    seed: u64,
    entries: fn(&M) -> Vec<(u16, &Item)>,
) -> Result<(), TestCaseError> {
    let keys: Vec<u16> = if sorted {
        (0..recipes.len() as u16).collect()
    } else {
        shuffled(recipes.len(), seed)
            .into_iter()
            .map(|k| k as u16)
            .collect()
    };
    let (map, usage) = alloc::measure(|| build_map::<M>(recipes, &keys, seed));
    let entries = entries(&map);
    let seen: Vec<&Item> = entries.iter().map(|&(_, item)| item).collect();
    let (borrowed, locked) = hold(
        entries
            .iter()
            .map(|&(k, item)| (item, &recipes[usize::from(k)])),
    );
    let held = borrowed.len() + locked.len();
    let t = check_value(&map, usage, held, has_removals(recipes))?;
    for shown in [0, 1, 2, 8] {
        let options = ReportOptions::default().max_children(shown);
        let report = map.layout_report_with(options);
        prop_assert_eq!(report.totals(), t);
        let summary = summary_under(&report, "");
        prop_assert_eq!(summary.is_some(), seen.len() > shown);
        if let Some(summary) = summary {
            prop_assert_eq!(summary.first_index, shown);
            prop_assert!(summary.is_entries);
            // A summarised entry's inline bytes are its key's and its value's.
            let folded: Vec<Totals> = (shown..seen.len())
                .map(|at| contribution(&seen, at))
                .map(|t| Totals {
                    inline_bytes: core::mem::size_of::<u16>() + t.inline_bytes,
                    inline_padding: u16::LAYOUT.padding_bytes + t.inline_padding,
                    ..t
                })
                .collect();
            check_summary(&summary, &folded)?;
        }
    }
    drop((borrowed, locked));
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 32, ..config() })]

    /// Mixed items as the values of a B-tree and of a hash table.
    #[test]
    fn maps_of_mixed_items_summarise_their_entries(
        recipes in prop::collection::vec(recipe(), 0..20),
        sorted in any::<bool>(),
        seed in any::<u64>(),
    ) {
        check_map::<BTreeMap<u16, Item>>(&recipes, sorted, seed, |m| {
            m.iter().map(|(&k, v)| (k, v)).collect()
        })?;
        check_map::<HashMap<u16, Item, Fixed>>(&recipes, sorted, seed, |m| {
            m.iter().map(|(&k, v)| (k, v)).collect()
        })?;
    }
}

// ---- B-trees: the two-ended node count ---------------------------------------------------------

/// Builds a B-tree map of `len` keys in one of several ways.
fn btree_map(way: usize, len: usize) -> BTreeMap<u32, u64> {
    let keys = shuffled(len, len as u64 * 31 + way as u64);
    match way {
        // Bulk-built from sorted input: leaves packed full.
        0 => (0..len as u32).map(|k| (k, k.into())).collect(),
        // Inserted in random order.
        1 => keys
            .iter()
            .map(|&k| (k, k.into()))
            .fold(BTreeMap::new(), |mut m, (k, v)| {
                m.insert(k, v);
                m
            }),
        // Inserted in descending order.
        2 => {
            let mut m = BTreeMap::new();
            for k in (0..len as u32).rev() {
                m.insert(k, k.into());
            }
            m
        }
        // Random inserts, then a third removed.
        3 => {
            let mut m: BTreeMap<u32, u64> = BTreeMap::new();
            for &k in &keys {
                m.insert(k, k.into());
            }
            for &k in keys.iter().step_by(3) {
                m.remove(&k);
            }
            m
        }
        // `retain` of the even keys from a bulk-built map.
        4 => {
            let mut m: BTreeMap<u32, u64> = (0..len as u32).map(|k| (k, k.into())).collect();
            m.retain(|k, _| k % 2 == 0);
            m
        }
        // `append` of two randomly filled maps with interleaved keys.
        5 => {
            let mut a = BTreeMap::new();
            let mut b = BTreeMap::new();
            for &k in &keys {
                if k % 3 == 0 {
                    a.insert(k, u64::from(k));
                } else {
                    b.insert(k, u64::from(k));
                }
            }
            a.append(&mut b);
            a
        }
        // Removals from the front, down to `len` keys (`pop_first`).
        _ => {
            let mut m: BTreeMap<u32, u64> = BTreeMap::new();
            for k in 0..2 * len as u32 {
                m.insert(k.wrapping_mul(7919) % (4 * len as u32 + 1), k.into());
            }
            while m.len() > len {
                m.pop_first();
            }
            m
        }
    }
}

const WAYS: usize = 7;

fn btree_sizes() -> Vec<usize> {
    let mut sizes: Vec<usize> = (0..40).collect();
    sizes.extend([
        66, 67, 71, 72, 77, 78, 143, 144, 145, 300, 863, 864, 865, 1000, 1727, 1728, 1999,
    ]);
    sizes
}

/// Checks one B-tree figure: the bounds hold the truth; the node count from both ends is the
/// allocator's; the report (which reads the entries in order) gives the same figure.
/// `emptied`: some map in `value` is empty, and may keep its root leaf with no entry left to
/// show it (module docs of `impls/map.rs`): only the bounds are known there.
fn check_btree<T: Layout>(what: &str, value: &T, truth: alloc::Usage, emptied: bool) {
    let t = totals(value);
    assert!(
        t.heap_bytes_low <= truth.bytes && truth.bytes <= t.heap_bytes_high,
        "{what}: bounds {}..={} miss {}",
        t.heap_bytes_low,
        t.heap_bytes_high,
        truth.bytes
    );
    if emptied {
        assert!(t.heap_bytes <= truth.bytes, "{what}: emptied map");
    } else {
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (truth.bytes, truth.allocations),
            "{what}: counted nodes"
        );
    }
    assert_eq!(heap_bytes(value), t.heap_bytes, "{what}: heap_bytes");
    let report = value.layout_report();
    assert_eq!(
        report.totals(),
        t,
        "{what}: report (in order) and tally (two-ended)"
    );
}

#[test]
fn btree_node_counts_from_both_ends_are_the_allocators() {
    for len in btree_sizes() {
        for way in 0..WAYS {
            let (map, truth) = alloc::measure(|| btree_map(way, len));
            let emptied = map.is_empty();
            check_btree(&format!("map way {way}, {len}"), &map, truth, emptied);
            // The same keys as a set, and with one-byte values (another stride and node size).
            let (set, truth) = alloc::measure(|| map.keys().copied().collect::<BTreeSet<u32>>());
            check_btree(&format!("set way {way}, {len}"), &set, truth, false);
            let (small, truth) = alloc::measure(|| {
                map.iter()
                    .map(|(&k, _)| (k as u128, k as u8))
                    .collect::<BTreeMap<u128, u8>>()
            });
            check_btree(&format!("u128 map way {way}, {len}"), &small, truth, false);
            // One-byte keys (neighbours one byte apart) and large ones.
            let (bytes, truth) = alloc::measure(|| {
                map.keys()
                    .filter_map(|&k| u8::try_from(k).ok())
                    .collect::<BTreeSet<u8>>()
            });
            check_btree(&format!("u8 set way {way}, {len}"), &bytes, truth, false);
            if len <= 300 {
                let (large, truth) = alloc::measure(|| {
                    map.keys()
                        .map(|&k| ([u64::from(k); 8], ()))
                        .collect::<BTreeMap<[u64; 8], ()>>()
                });
                check_btree(
                    &format!("large keys way {way}, {len}"),
                    &large,
                    truth,
                    false,
                );
            }
        }
        // `split_off` in the middle and near each end: both halves at once.
        for at in [0, len / 3, len / 2, len.saturating_sub(1)] {
            let (pair, truth) = alloc::measure(|| {
                let mut a = btree_map(1, len);
                let b = a.split_off(&(at as u32));
                (a, b)
            });
            let emptied = pair.0.is_empty() || pair.1.is_empty();
            check_btree(&format!("split_off {at} of {len}"), &pair, truth, emptied);
            assert_eq!(heap_bytes(&pair), heap_bytes(&pair.0) + heap_bytes(&pair.1));
        }
    }
}

/// B-trees of nested values: the two-ended walk also visits each entry's parts.
#[test]
fn btree_entries_with_parts_are_walked_once() {
    for len in [0, 1, 2, 11, 12, 13, 100, 1000] {
        let (map, truth) = alloc::measure(|| {
            let mut m: BTreeMap<u32, String> = BTreeMap::new();
            for k in shuffled(len, 99) {
                m.insert(k, "v".repeat(k as usize % 9));
            }
            m
        });
        check_btree(&format!("map of strings, {len}"), &map, truth, false);
        let (set, truth) = alloc::measure(|| {
            map.values()
                .enumerate()
                .map(|(i, s)| (s.clone(), Box::new(i)))
                .collect::<BTreeSet<(String, Box<usize>)>>()
        });
        check_btree(&format!("set of pairs, {len}"), &set, truth, false);
    }
}

// ---- stack: deep values on small threads --------------------------------------------------------

/// A chain of mixed links: a box or a one-element vector at each level, so no walk can turn it
/// into a loop; now and then a link that also holds a table, a tree, a cell or a shared string,
/// so that deferral past the stack budget meets every kind of part.
#[derive(Layout)]
enum Link {
    Boxed(Box<Link>),
    Listed(Vec<Link>),
    Text(String, Box<Link>),
    Table(HashMap<u16, String, Fixed>, Box<Link>),
    Tree(BTreeMap<u16, String>, Box<Link>),
    Cell(RefCell<Vec<u8>>, Box<Link>),
    Shared(Rc<String>, Box<Link>),
    End,
}

/// A chain of `links` links, with a rich one every `every` links.
fn chain_with(links: usize, every: usize) -> Link {
    let mut link = Link::End;
    for i in 0..links {
        let next = Box::new(link);
        link = if i % every == every - 1 {
            let n = i / every;
            match n % 4 {
                0 => Link::Table(
                    (0..(n % 40) as u16)
                        .map(|k| (k, "t".repeat(usize::from(k) % 3)))
                        .collect(),
                    next,
                ),
                1 => Link::Tree(
                    (0..(n * 7 % 300) as u16)
                        .map(|k| (k, "b".repeat(usize::from(k) % 2)))
                        .collect(),
                    next,
                ),
                2 => Link::Cell(RefCell::new(vec![1; n % 9]), next),
                _ => Link::Shared(Rc::new("r".repeat(n % 11)), next),
            }
        } else {
            match i % 3 {
                0 => Link::Boxed(next),
                1 => Link::Listed(vec![*next]),
                _ => Link::Text(String::with_capacity(i % 5), next),
            }
        };
    }
    link
}

fn chain(links: usize) -> Link {
    chain_with(links, 997)
}

/// The next link of a chain.
fn next_link(link: &Link) -> Option<&Link> {
    match link {
        Link::Boxed(next)
        | Link::Text(_, next)
        | Link::Table(_, next)
        | Link::Tree(_, next)
        | Link::Cell(_, next)
        | Link::Shared(_, next) => Some(next),
        Link::Listed(next) => next.first(),
        Link::End => None,
    }
}

/// The cells along a chain.
fn cells(mut link: &Link) -> Vec<&RefCell<Vec<u8>>> {
    let mut found = Vec::new();
    loop {
        if let Link::Cell(cell, _) = link {
            found.push(cell);
        }
        match next_link(link) {
            Some(next) => link = next,
            None => return found,
        }
    }
}

/// Drops a chain link by link (drop glue would recurse a million times).
fn drop_chain(mut link: Link) {
    loop {
        link = match link {
            Link::Boxed(next)
            | Link::Text(_, next)
            | Link::Table(_, next)
            | Link::Tree(_, next)
            | Link::Cell(_, next)
            | Link::Shared(_, next) => *next,
            Link::Listed(mut next) => match next.pop() {
                Some(next) => next,
                None => return,
            },
            Link::End => return,
        };
    }
}

/// A tree: a spine of nodes, each with a leaf beside the next node.
#[derive(Layout)]
struct Tree {
    label: String,
    children: Vec<Tree>,
}

fn spine(levels: usize) -> Tree {
    let mut tree = Tree {
        label: String::new(),
        children: Vec::new(),
    };
    for i in 0..levels {
        let leaf = Tree {
            label: "x".repeat(i % 3),
            children: Vec::new(),
        };
        tree = Tree {
            label: String::new(),
            children: vec![leaf, tree],
        };
    }
    tree
}

fn drop_spine(mut tree: Tree) {
    while let Some(next) = tree.children.pop() {
        tree = next;
    }
}

/// Heap bytes the steps of a drop order free.
fn freed_bytes(order: &DropOrder) -> usize {
    order
        .steps()
        .map(|s| match s.action() {
            DropAction::FreesHeap { bytes, .. } | DropAction::FreesShared { bytes } => bytes,
            _ => 0,
        })
        .sum()
}

/// Runs `f` on a thread with `stack` bytes of stack.
fn on_thread(stack: usize, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the walk fits in the thread's stack");
}

/// Recurses `depth` frames, each with about 1 KiB of locals, then runs `f`.
#[inline(never)]
fn deep_call<R>(depth: usize, f: &mut dyn FnMut() -> R) -> R {
    let mut frame = [0u8; 1024];
    frame[depth % 1024] = depth as u8;
    std::hint::black_box(&mut frame);
    let r = if depth == 0 {
        f()
    } else {
        deep_call(depth - 1, f)
    };
    std::hint::black_box(&frame);
    r
}

const CHAIN: usize = 1_000_000;
const SPINE: usize = 100_000;

#[test]
fn a_million_mixed_links_on_a_2_mib_thread() {
    on_thread(2 << 20, || {
        let (link, truth) = alloc::measure(|| chain(CHAIN));
        let t = totals(&link);
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (truth.bytes, truth.allocations)
        );
        assert_eq!(heap_bytes(&link), truth.bytes);
        let report = link.layout_report();
        assert_eq!(report.totals(), t);
        let order = link.drop_order();
        assert_eq!(order.leaked(), (0, 0));
        let freed: usize = freed_bytes(&order);
        assert_eq!(freed, truth.bytes);
        drop((report, order));
        drop_chain(link);
    });
}

#[test]
fn a_100_000_level_tree_on_a_2_mib_thread() {
    on_thread(2 << 20, || {
        let (tree, truth) = alloc::measure(|| spine(SPINE));
        let t = totals(&tree);
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (truth.bytes, truth.allocations)
        );
        assert_eq!(t.max_indirection, SPINE);
        assert_eq!(heap_bytes(&tree), truth.bytes);
        assert_eq!(tree.layout_report().totals(), t);
        let order = tree.drop_order();
        let freed: usize = freed_bytes(&order);
        assert_eq!(freed, truth.bytes);
        drop(order);
        drop_spine(tree);
    });
}

#[test]
fn tally_of_deep_values_on_a_256_kib_thread() {
    on_thread(256 << 10, || {
        let (tree, truth) = alloc::measure(|| spine(SPINE));
        assert_eq!(heap_bytes(&tree), truth.bytes);
        assert_eq!(totals(&tree).allocations, truth.allocations);
        drop_spine(tree);
        let (link, truth) = alloc::measure(|| chain(CHAIN));
        assert_eq!(heap_bytes(&link), truth.bytes);
        assert_eq!(totals(&link).heap_bytes, truth.bytes);
        drop_chain(link);
    });
}

/// The walks start from deep in the caller's own recursion (1,000 frames of about 1 KiB): the
/// stack budget is measured from where the walk starts.
#[test]
fn walks_called_from_deep_recursion_on_a_2_mib_thread() {
    on_thread(2 << 20, || {
        let (link, truth) = alloc::measure(|| chain(CHAIN / 10));
        let (tree, tree_truth) = alloc::measure(|| spine(SPINE / 10));
        let figures = deep_call(1000, &mut || {
            (
                heap_bytes(&link),
                totals(&tree).heap_bytes,
                link.layout_report().totals().heap_bytes,
                freed_bytes(&tree.drop_order()),
            )
        });
        assert_eq!(
            figures,
            (truth.bytes, tree_truth.bytes, truth.bytes, tree_truth.bytes)
        );
        drop_chain(link);
        drop_spine(tree);
    });
}

/// Summarised elements deep enough that part of their walk is deferred (the report walk's
/// scratch slots), holding every kind of part, some unreadable: the summary's extremes are
/// still those of each element's own totals.
#[test]
fn deep_summarised_elements_fold_like_their_own_totals() {
    let depths = [
        0usize, 1, 5, 40, 63, 64, 65, 66, 100, 129, 200, 300, 301, 450,
    ];
    let (chains, truth) = alloc::measure(|| {
        depths
            .iter()
            .enumerate()
            .map(|(i, &d)| chain_with(d, 7 + i % 5))
            .collect::<Vec<Link>>()
    });
    // Every third chain's cells are borrowed for the walks.
    let held: Vec<_> = chains
        .iter()
        .step_by(3)
        .flat_map(cells)
        .map(|cell| cell.borrow_mut())
        .collect();
    let t = totals(&chains);
    assert_eq!(t.unreadable, held.len());
    assert!(t.heap_bytes_low <= truth.bytes && truth.bytes <= t.heap_bytes_high);
    assert_eq!(heap_bytes(&chains), t.heap_bytes);
    for (shown, nodes) in [(0, 10_000), (1, 10_000), (2, 10_000), (8, 10_000), (3, 200)] {
        let options = ReportOptions::default()
            .max_children(shown)
            .max_nodes(nodes);
        let report = chains.layout_report_with(options);
        assert_eq!(report.totals(), t, "{shown} shown, {nodes} nodes");
        let summary = summary_under(&report, "").expect("a summary");
        assert_eq!(summary.first_index, shown);
        let folded: Vec<Totals> = chains[shown..].iter().map(totals).collect();
        if let Err(e) = check_summary(&summary, &folded) {
            panic!("{shown} shown, {nodes} nodes: {e}");
        }
    }
    drop(held);
    for link in chains {
        drop_chain(link);
    }
}

/// A collection whose elements come in two calls (a wrapped `VecDeque`'s halves): the summary
/// continues across them.
#[test]
fn wrapped_deque_summary_spans_both_halves() {
    use std::collections::VecDeque;
    let mut deque: VecDeque<String> = VecDeque::with_capacity(16);
    for i in 0..12 {
        deque.push_back("d".repeat(i % 4));
    }
    for _ in 0..9 {
        deque.pop_front();
    }
    for i in 0..12 {
        deque.push_back(String::with_capacity(i % 3));
    }
    let (first, second) = deque.as_slices();
    assert!(!first.is_empty() && !second.is_empty(), "the deque wraps");
    for shown in [0, 1, 2, first.len(), first.len() + 1, 8] {
        let report = deque.layout_report_with(ReportOptions::default().max_children(shown));
        assert_eq!(report.totals(), totals(&deque));
        let summary = summary_under(&report, "").expect("a summary");
        assert_eq!(summary.first_index, shown);
        let folded: Vec<Totals> = deque.iter().skip(shown).map(totals).collect();
        if let Err(e) = check_summary(&summary, &folded) {
            panic!("{shown} shown: {e}");
        }
    }
}

/// An entry as a summary folds it: the key's and the value's heap and inline figures.
struct Entry<'x, K, V>(&'x K, &'x V);

impl<'x, K: Layout, V: Layout> Layout for Entry<'x, K, V> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Entry<'x, K, V>>("Entry", Kind::Struct);
    fn visit<'a, W: Visitor<'a>>(&'a self, v: &mut W) {
        v.field(0, "key", self.0);
        v.field(1, "value", self.1);
    }
}

fn entry_totals<K: Layout, V: Layout>(key: &K, value: &V) -> Totals {
    Totals {
        inline_bytes: core::mem::size_of::<K>() + core::mem::size_of::<V>(),
        inline_padding: K::LAYOUT.padding_bytes + V::LAYOUT.padding_bytes,
        ..totals(&Entry(key, value))
    }
}

/// Keys that own heap memory: an entry's figures are its key's and its value's. The map's own
/// node holds just its table or tree, reported after its entries in one pass.
#[test]
fn entries_with_owning_keys_fold_key_and_value() {
    fn check<M: Layout>(map: &M, entries: Vec<Totals>, own_block: usize) {
        assert_eq!(map.layout_report().root().own().heap_bytes, own_block);
        for shown in [0, 1, 3, 8] {
            let report = map.layout_report_with(ReportOptions::default().max_children(shown));
            assert_eq!(report.totals(), totals(map));
            let summary = summary_under(&report, "").expect("a summary");
            assert!(summary.is_entries);
            assert_eq!(summary.first_index, shown);
            if let Err(e) = check_summary(&summary, &entries[shown..]) {
                panic!("{shown} shown: {e}");
            }
        }
    }
    let tree: BTreeMap<String, Vec<(u8, u16)>> = (0..40)
        .map(|i| (format!("key{i:02}").repeat(i % 3), vec![(1, 2); i % 5]))
        .collect();
    let parts: usize = tree.iter().map(|e| heap_bytes(&Entry(e.0, e.1))).sum();
    check(
        &tree,
        tree.iter().map(|(k, v)| entry_totals(k, v)).collect(),
        heap_bytes(&tree) - parts,
    );
    let table: HashMap<String, Box<u32>, Fixed> = (0..30)
        .map(|i| (String::with_capacity(i % 7), Box::new(i as u32)))
        .enumerate()
        .map(|(i, (mut k, v))| {
            k.push_str(&i.to_string());
            (k, v)
        })
        .collect();
    let parts: usize = table.iter().map(|e| heap_bytes(&Entry(e.0, e.1))).sum();
    check(
        &table,
        table.iter().map(|(k, v)| entry_totals(k, v)).collect(),
        heap_bytes(&table) - parts,
    );
}

/// The tally from 120 frames of about 1 KiB deep on a 256 KiB thread: its 64 KiB budget is
/// counted from where it starts, and what it defers runs from there too.
#[test]
fn tally_from_deep_recursion_on_a_256_kib_thread() {
    on_thread(256 << 10, || {
        let (tree, truth) = alloc::measure(|| spine(SPINE / 10));
        let (link, link_truth) = alloc::measure(|| chain_with(CHAIN / 100, 13));
        let figures = deep_call(120, &mut || (heap_bytes(&tree), totals(&link).heap_bytes));
        assert_eq!(figures, (truth.bytes, link_truth.bytes));
        drop_spine(tree);
        drop_chain(link);
    });
}

// ---- edge values --------------------------------------------------------------------------------

/// The tally, the report and the allocator on one value.
fn check_exact<T: Layout>(what: &str, value: &T, truth: alloc::Usage) {
    let t = totals(value);
    assert_eq!(heap_bytes(value), t.heap_bytes, "{what}");
    assert_eq!(value.layout_report().totals(), t, "{what}");
    assert!(
        t.heap_bytes_low <= truth.bytes && truth.bytes <= t.heap_bytes_high,
        "{what}: bounds {}..={} miss {}",
        t.heap_bytes_low,
        t.heap_bytes_high,
        truth.bytes
    );
    if t.is_exact {
        assert_eq!(
            (t.heap_bytes, t.allocations),
            (truth.bytes, truth.allocations),
            "{what}"
        );
    }
}

#[test]
fn zero_sized_and_empty_values() {
    let (v, truth) = alloc::measure(|| vec![(); usize::MAX]);
    check_exact("Vec<()> of usize::MAX", &v, truth);
    let (v, truth) = alloc::measure(|| vec![vec![((), ()); 1 << 40]; 3]);
    check_exact("Vec<Vec<((), ())>>", &v, truth);
    let (v, truth) = alloc::measure(|| vec![Box::new(()); 1000]);
    check_exact("Vec<Box<()>>", &v, truth);
    let (s, truth) = alloc::measure(|| String::with_capacity(0));
    check_exact("String::with_capacity(0)", &s, truth);
    assert_eq!(totals(&s).allocations, 0);
    let (b, truth) = alloc::measure(|| Vec::<u64>::new().into_boxed_slice());
    check_exact("Box<[u64]> empty", &b, truth);
    let (b, truth) = alloc::measure(|| vec![(); 5].into_boxed_slice());
    check_exact("Box<[()]>", &b, truth);
    let (l, truth) = alloc::measure(|| (0..10).map(|_| ()).collect::<LinkedList<()>>());
    check_exact("LinkedList<()>", &l, truth);
    let (m, truth) = alloc::measure(|| BTreeMap::from([((), ())]));
    check_exact("BTreeMap<(), ()>", &m, truth);
    assert_eq!(totals(&m).heap_bytes, truth.bytes);
    let (m, truth) = alloc::measure(|| BTreeMap::from([((), 7u64)]));
    check_exact("BTreeMap<(), u64>", &m, truth);
    assert_eq!(totals(&m).heap_bytes, truth.bytes);
    let (m, truth) = alloc::measure(|| BTreeSet::from([()]));
    assert_eq!(totals(&m).heap_bytes, truth.bytes, "BTreeSet<()>");
    let (m, truth) = alloc::measure(|| (0..30u8).map(|k| (k, ())).collect::<BTreeMap<u8, ()>>());
    assert_eq!(totals(&m).heap_bytes, truth.bytes, "BTreeMap<u8, ()>");
    let (m, truth) = alloc::measure(|| {
        let mut m = BTreeMap::from([(1u8, 1u8)]);
        m.remove(&1);
        m
    });
    check_exact("BTreeMap emptied", &m, truth);
}

#[test]
fn hash_table_slots_of_every_alignment() {
    let (s, truth) = alloc::measure(|| HashSet::from([()]));
    check_exact("HashSet<()>", &s, truth);
    let (s, truth) = alloc::measure(|| HashMap::from([((), ())]));
    check_exact("HashMap<(), ()>", &s, truth);
    let (s, truth) = alloc::measure(|| HashMap::from([((), 5u128)]));
    check_exact("HashMap<(), u128>", &s, truth);
    for len in [1usize, 3, 4, 7, 8, 14, 15, 28, 29, 100, 1000] {
        let (s, truth) = alloc::measure(|| (0..len as u8).collect::<HashSet<u8>>());
        check_exact(&format!("HashSet<u8> {len}"), &s, truth);
        let (s, truth) = alloc::measure(|| (0..len as u128).collect::<HashSet<u128>>());
        check_exact(&format!("HashSet<u128> {len}"), &s, truth);
        let (s, truth) = alloc::measure(|| {
            (0..len as u8)
                .map(|k| (k, k as u128))
                .collect::<HashMap<_, _>>()
        });
        check_exact(&format!("HashMap<u8, u128> {len}"), &s, truth);
        let (s, truth) = alloc::measure(|| {
            (0..len as u16)
                .map(|k| (k, vec![k as u8; k as usize % 4]))
                .collect::<HashMap<_, _>>()
        });
        check_exact(&format!("HashMap<u16, Vec<u8>> {len}"), &s, truth);
    }
}

/// A table emptied by removals: no entry is left to place its slots, so only `capacity()`
/// tells, and tombstones may lower it to a smaller table's: the documented residual false
/// exactness (`impls/map.rs`), a figure at or below the truth, never above it.
fn check_emptied<T: Layout>(what: &str, value: &T, truth: alloc::Usage) {
    let t = totals(value);
    assert_eq!(heap_bytes(value), t.heap_bytes, "{what}");
    assert_eq!(value.layout_report().totals(), t, "{what}");
    assert!(
        t.heap_bytes <= truth.bytes && t.heap_bytes_low <= truth.bytes,
        "{what}"
    );
    if !t.is_exact {
        assert!(truth.bytes <= t.heap_bytes_high, "{what}");
    }
}

#[test]
fn tables_emptied_by_removals() {
    for len in [1usize, 3, 7, 8, 28, 100, 1000] {
        let (m, truth) = alloc::measure(|| {
            let mut m: HashMap<u64, u32, Fixed> = HashMap::default();
            for k in 0..len as u64 {
                m.insert(k, k as u32);
            }
            for k in 0..len as u64 {
                m.remove(&k);
            }
            m
        });
        check_emptied(&format!("HashMap emptied from {len}"), &m, truth);
        let (m, truth) = alloc::measure(|| {
            let mut m: HashSet<u8, Fixed> = (0..len.min(255) as u8).collect();
            m.retain(|_| false);
            m
        });
        check_emptied(&format!("HashSet<u8> retained none of {len}"), &m, truth);
    }
}

// ---- Miri: tiny values through the asm-less stack check and the one-pass map code ---------------

#[test]
fn miri_small_maps_and_chains() {
    let (m, truth) = alloc::measure(|| {
        let mut m = BTreeMap::new();
        for k in shuffled(40, 5) {
            m.insert(k, k as u64);
        }
        m.remove(&3);
        m
    });
    check_btree("small B-tree", &m, truth, false);
    let (h, truth) = alloc::measure(|| {
        let mut h: HashMap<u16, String, Fixed> = HashMap::default();
        for k in 0..20u16 {
            h.insert(k, "h".repeat(k as usize % 3));
        }
        h
    });
    check_exact("small table", &h, truth);
    // Tables, trees, cells and shared strings along the chain; under Miri the stack check reads
    // a local's address, not the stack pointer.
    let (link, truth) = alloc::measure(|| chain_with(120, 6));
    let t = totals(&link);
    assert_eq!(
        (t.heap_bytes, heap_bytes(&link)),
        (truth.bytes, truth.bytes)
    );
    assert_eq!(link.layout_report().totals(), t);
    assert_eq!(freed_bytes(&link.drop_order()), truth.bytes);
    let held: Vec<_> = cells(&link).into_iter().map(|c| c.borrow_mut()).collect();
    assert!(!held.is_empty());
    let t = totals(&link);
    assert_eq!(t.unreadable, held.len());
    assert_eq!(link.layout_report().totals(), t);
    drop(held);
    drop_chain(link);
}
