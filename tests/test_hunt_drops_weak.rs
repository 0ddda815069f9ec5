//! Hunt 11a, weak handles in drop orders: allocations whose contents were dropped before the
//! walk (the weak count std no longer reports), forgotten weak handles, weak handles inside
//! leaked cycles and kept shared values, weak handles to unsized values; and random trees of
//! enums, boxes, vectors, maps, queues, shared and weak handles whose drops, frees, leaks and
//! heap figures are compared with the real ones.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;

use hunt::*;

/// Found by this hunt: two `Weak` handles to an allocation whose contents were already
/// dropped each counted as the last weak reference, so the drop order freed the allocation
/// twice (once per handle), where std frees it once, at the last handle.
#[test]
fn weak_handles_to_dropped_contents() {
    // Two weak handles to an allocation whose contents are gone: the second frees it.
    let rc = Rc::new(String::from("gone"));
    let (w1, w2) = (Rc::downgrade(&rc), Rc::downgrade(&rc));
    drop(rc);
    let pair = (w1, w2);
    let order = pair.drop_order();
    let predicted = predicted_frees(&order);
    let observed = alloc::frees_during(|| drop(pair));
    assert_eq!(predicted, observed, "{order:#}");
    let step = order
        .steps()
        .find(|s| matches!(s.action(), DropAction::FreesShared { .. }))
        .expect("a free");
    assert_eq!(step.path(), ".1", "{order:#}");
    let decrements: Vec<DropAction> = order
        .steps()
        .map(|s| s.action())
        .filter(|a| matches!(a, DropAction::DecrementsWeak { .. }))
        .collect();
    assert_eq!(
        decrements,
        [
            DropAction::DecrementsWeak { to: 1 },
            DropAction::DecrementsWeak { to: 0 }
        ]
    );
    // Children detached from a dropped parent, each holding a weak handle to it, inside the
    // shared contents the value drops; and a long vector of them, whose middle is elided.
    #[derive(Layout)]
    struct Child {
        label: D,
        parent: Weak<String>,
    }
    for count in [3usize, 40] {
        let parent = Rc::new(String::from("parent"));
        let children: Vec<Rc<Child>> = (0..count)
            .map(|i| {
                Rc::new(Child {
                    label: d(&format!("[{i}].*.label")),
                    parent: Rc::downgrade(&parent),
                })
            })
            .collect();
        drop(parent);
        let order = children.drop_order();
        let frees: Vec<String> = order
            .steps()
            .filter(|s| {
                matches!(s.action(), DropAction::FreesShared { .. })
                    && s.type_name() == "Weak<String>"
            })
            .map(|s| s.path())
            .collect();
        assert_eq!(frees, [format!("[{}].*.parent", count - 1)], "{order:#}");
        // The elided display still ends with the last child's weak handle freeing the parent,
        // and hides the middle children whole.
        let shown = order.to_string();
        if count > 10 {
            assert!(
                shown.contains(&format!("{} more elements", count - 10)),
                "{shown}"
            );
        }
        let last_lines: Vec<&str> = shown.lines().rev().take(4).collect();
        assert!(
            last_lines
                .iter()
                .any(|l| l.contains("frees the shared allocation")
                    && l.contains(&format!("[{}].*.parent", count - 1))),
            "{shown}"
        );
        check_drop(children);
    }
    // A limit (the `drop` module's approximations): with one weak handle inside the value and
    // one outside, nothing is freed, but std does not report the weak count of a dead
    // allocation, so the handle inside is taken to be the last.
    let rc = Rc::new(String::from("gone"));
    let (w1, w2) = (Rc::downgrade(&rc), Rc::downgrade(&rc));
    drop(rc);
    let inside = vec![w1];
    let order = inside.drop_order();
    let buffer = size_of::<Weak<String>>();
    assert_eq!(predicted_frees(&order), [16 + size_of::<String>(), buffer]);
    assert_eq!(alloc::frees_during(|| drop(inside)), [buffer]);
    drop(w2);
}

#[test]
fn heap_held_by_weak_handles_alone() {
    let (weaks, usage) = alloc::measure(|| {
        let rc = Rc::new(String::from("gone"));
        let weaks = vec![Rc::downgrade(&rc), Rc::downgrade(&rc)];
        drop(rc);
        weaks
    });
    let totals = memlayout::totals(&weaks);
    assert!(
        totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
        "{totals:?} {usage:?}"
    );
    assert!(totals.is_exact);
}

/// Found by this hunt: a `ManuallyDrop<Weak<T>>` whose allocation's strong count is 0 after
/// the drop (dropped before, or by the drop's own last strong handle) keeps the allocation
/// forever, but `leaked()` said 0: forgotten weak handles were not looked at.
#[test]
fn forgotten_weak_handles() {
    let rc = Rc::new(String::from("gone"));
    let weak = Rc::downgrade(&rc);
    drop(rc);
    check_leaked(ManuallyDrop::new(weak));
    let rc = Rc::new(String::from("alive"));
    let weak = Rc::downgrade(&rc);
    check_leaked((ManuallyDrop::new(weak), rc));
    let rc = Rc::new(vec![1u8; 10]);
    let weak = Rc::downgrade(&rc);
    check_leaked(vec![(rc, Some(ManuallyDrop::new(weak)))]);
    // Held from outside: the allocation is alive after the drop, nothing leaks yet.
    let rc = Rc::new(String::from("outside"));
    let kept = (ManuallyDrop::new(Rc::downgrade(&rc)), 1u8);
    assert_eq!(kept.drop_order().leaked(), (0, 0));
    drop(rc);
}

#[derive(Layout)]
struct Peer {
    other: RefCell<Option<Rc<Peer>>>,
    watched: Weak<String>,
}

/// A cycle's contents hold a weak handle to an allocation the drop empties: the cycle never
/// drops, so neither does that handle, and the allocation stays too.
#[test]
fn weak_handles_inside_a_leaked_cycle() {
    let watched = Rc::new(String::from("watched"));
    let a = Rc::new(Peer {
        other: RefCell::new(None),
        watched: Rc::downgrade(&watched),
    });
    let b = Rc::new(Peer {
        other: RefCell::new(Some(a.clone())),
        watched: Weak::new(),
    });
    *a.other.borrow_mut() = Some(b);
    check_leaked((a, watched));
}

#[test]
fn random_enum_trees_drop_as_predicted() {
    let mut total = (0usize, 0usize);
    for seed in 0..3000u64 {
        let mut rng = Lcg(seed);
        let mut pool = Vec::new();
        // Built and, for even seeds, the pool let go, under the counting allocator: what is
        // left is what the value holds.
        // (The droppers' log, which a drop in the pool fills, is emptied on both sides.)
        DROPS.with(|log| *log.borrow_mut() = Vec::new());
        LINKS.with(|n| n.set(0));
        let ((value, pool), usage) = alloc::measure(|| {
            let value = random_val(&mut rng, 8, &mut pool, false);
            if seed % 2 == 0 {
                pool = Vec::new();
            }
            DROPS.with(|log| *log.borrow_mut() = Vec::new());
            (value, pool)
        });
        // Without links no cycle leaks outside the value: what is left is the value's.
        if seed % 2 == 0 && LINKS.with(|n| n.get()) == 0 {
            let totals = memlayout::totals(&value);
            assert_eq!(
                (totals.heap_bytes, totals.allocations),
                (usage.bytes, usage.allocations),
                "seed {seed}"
            );
            assert_eq!(value.layout_report().totals().heap_bytes, usage.bytes);
        }
        // Odd seeds hold every shared value outside through the drop; even seeds let them all
        // go first, so a value held only outside dies and its weak handles in the value go
        // dead (with no weak handle left outside: the `drop` module's approximations).
        let keep: Vec<Rc<Val>> = if seed % 2 == 1 {
            pool
        } else {
            drop(pool);
            Vec::new()
        };
        if keep.is_empty() {
            // Nothing held outside: what the drop leaves allocated is what it does not free.
            let mut copy = ManuallyDrop::new(value);
            let order = (*copy).drop_order();
            let heap = memlayout::heap_bytes(&*copy);
            let predicted: Vec<usize> = order
                .steps()
                .filter(|s| s.action() == DropAction::RunsDropImpl)
                .map(|s| s.address().unwrap())
                .collect();
            DROPS.with(|log| log.borrow_mut().clear());
            let frees = alloc::frees_during(|| {
                // SAFETY: dropped once, here.
                unsafe { ManuallyDrop::drop(&mut copy) }
            });
            let observed: Vec<usize> = DROPS
                .with(|log| log.take())
                .into_iter()
                .map(|(_, a)| a)
                .collect();
            assert_eq!(predicted, observed, "seed {seed}\n{order:#}");
            total.0 += observed.len();
            assert_eq!(predicted_frees(&order), frees, "seed {seed}\n{order:#}");
            // A cycle made of shared values outside the value may hold parts of it.
            if LINKS.with(|n| n.get()) == 0 {
                assert_eq!(
                    order.leaked().0,
                    heap - frees.iter().sum::<usize>(),
                    "seed {seed}\n{order:#}"
                );
            }
            total.1 += order.len();
            continue;
        }
        total.1 += value.drop_order().len();
        total.0 += check_drop_paths(value);
        drop(keep);
    }
    // The trees are not trivial: thousands of droppers and steps were compared.
    assert!(total.0 > 500 && total.1 > 5000, "{total:?}");
}

/// A dead allocation that a forgotten weak handle in the value holds too: the released handle
/// is not the last, nothing frees the allocation, and it leaks.
#[test]
fn dead_allocation_held_by_a_forgotten_weak_too() {
    for forgotten_first in [true, false] {
        let rc = Rc::new(String::from("gone"));
        let (w1, w2) = (Rc::downgrade(&rc), Rc::downgrade(&rc));
        drop(rc);
        if forgotten_first {
            check_leaked((ManuallyDrop::new(w1), w2));
        } else {
            check_leaked((w1, ManuallyDrop::new(w2)));
        }
    }
}

/// Long vectors of random values, summarised past the first few elements by the report:
/// every heap figure (totals, report, footprint, folded stacks) is the allocator's.
#[test]
fn summarised_random_values_count_their_heap_once() {
    let mut checked = 0;
    MAY_LINK.with(|may| may.set(false));
    for seed in 0..40u64 {
        let mut rng = Lcg(seed * 7919);
        DROPS.with(|log| *log.borrow_mut() = Vec::new());
        LINKS.with(|n| n.set(0));
        let (values, usage) = alloc::measure(|| {
            let mut pool = Vec::new();
            let values: Vec<Val> = (0..300)
                .map(|_| random_val(&mut rng, 3, &mut pool, false))
                .collect();
            drop(pool);
            DROPS.with(|log| *log.borrow_mut() = Vec::new());
            values
        });
        if LINKS.with(|n| n.get()) > 0 {
            continue;
        }
        let heap = usage.bytes;
        assert_eq!(memlayout::heap_bytes(&values), heap, "seed {seed}");
        let report = values.layout_report();
        assert_eq!(report.totals().heap_bytes, heap, "seed {seed}");
        assert_eq!(
            memlayout::footprint(&values).heap_bytes(),
            heap,
            "seed {seed}"
        );
        let folded: usize = memlayout::render::folded(&values)
            .lines()
            .map(|l| l.rsplit_once(' ').unwrap().1.parse::<usize>().unwrap())
            .sum();
        assert_eq!(folded, size_of::<Vec<Val>>() + heap, "seed {seed}");
        let mut values = ManuallyDrop::new(values);
        let order = (*values).drop_order();
        let frees = alloc::frees_during(|| {
            // SAFETY: dropped once, here.
            unsafe { ManuallyDrop::drop(&mut values) }
        });
        assert_eq!(predicted_frees(&order), frees, "seed {seed}");
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[derive(Layout)]
struct Watcher {
    watched: Weak<String>,
}

/// Found by this hunt's summarised random values: a dead allocation that a weak handle inside
/// a shared value the drop keeps (held outside, or by a forgotten strong handle) still holds
/// was freed at the value's own weak handle; std frees it only when that other handle goes.
#[test]
fn dead_allocation_held_by_a_weak_inside_a_kept_shared_value() {
    // The holder is held outside the value too.
    let dead = Rc::new(String::from("gone"));
    let (w1, w2) = (Rc::downgrade(&dead), Rc::downgrade(&dead));
    drop(dead);
    let holder = Rc::new(Watcher { watched: w2 });
    let value = (w1, holder.clone());
    let order = value.drop_order();
    let predicted = predicted_frees(&order);
    let observed = alloc::frees_during(|| drop(value));
    assert_eq!(predicted, observed, "{order:#}");
    drop(holder);
    // The holder's only strong handle is forgotten: both allocations leak.
    let dead = Rc::new(String::from("gone"));
    let (w1, w2) = (Rc::downgrade(&dead), Rc::downgrade(&dead));
    drop(dead);
    let holder = Rc::new(Watcher { watched: w2 });
    check_leaked((w1, ManuallyDrop::new(holder)));
}

#[derive(Layout)]
struct Interner {
    names: HashMap<u64, Weak<str>>,
    chunks: Vec<std::sync::Weak<[u32]>>,
}

/// Found by this hunt: an interner of weak string handles (`Weak<str>`, `Weak<[T]>`) did not
/// derive: `Weak` had an impl for sized values only. Their allocation's size comes from the
/// length their pointer carries, readable when the value is gone.
#[test]
fn weak_handles_to_unsized_values() {
    let (interner, usage) = alloc::measure(|| {
        let alive: Rc<str> = Rc::from("alive");
        let gone: Rc<str> = Rc::from("gone for good");
        let chunk: Arc<[u32]> = Arc::from(vec![1u32, 2, 3]);
        let mut names = HashMap::new();
        names.insert(1, Rc::downgrade(&alive));
        names.insert(2, Rc::downgrade(&gone));
        names.insert(3, Rc::downgrade(&gone));
        let interner = Interner {
            names,
            chunks: vec![Arc::downgrade(&chunk), std::sync::Weak::<[u32; 2]>::new()],
        };
        drop((alive, gone, chunk));
        interner
    });
    let totals = memlayout::totals(&interner);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    let mut interner = ManuallyDrop::new(interner);
    let order = (*interner).drop_order();
    let frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut interner) }
    });
    assert_eq!(predicted_frees(&order), frees, "{order:#}");
    assert_eq!(frees.iter().sum::<usize>(), usage.bytes);
}

#[test]
fn shared_slices_of_droppers_with_weak_handles() {
    let rc: Rc<[D]> = Rc::from(vec![d(".2.*[0]"), d(".2.*[1]")]);
    let weak = Rc::downgrade(&rc);
    check_drop((rc.clone(), weak, rc));
    let rc: Rc<[D]> = Rc::from(vec![d(".0.*[0]")]);
    let weak = Rc::downgrade(&rc);
    check_drop((rc, weak));
    let arc: Arc<[D]> = Arc::from(vec![d(".1.*[0]")]);
    check_drop((Arc::downgrade(&arc), arc));
}

/// Forty weak handles to a dead allocation, and a forgotten one: no free, whatever the runs
/// the display elides.
#[test]
fn many_weak_handles_to_a_dead_allocation_one_forgotten() {
    let rc = Rc::new(String::from("gone"));
    let weaks: Vec<Weak<String>> = (0..40).map(|_| Rc::downgrade(&rc)).collect();
    let kept = ManuallyDrop::new(Rc::downgrade(&rc));
    drop(rc);
    let value = (weaks, kept);
    let order = value.drop_order();
    let decrements: Vec<usize> = order
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::DecrementsWeak { to } => Some(to),
            _ => None,
        })
        .collect();
    assert_eq!(decrements, (1..=40).rev().collect::<Vec<_>>());
    let shown = order.to_string();
    assert!(shown.contains("30 more elements"), "{shown}");
    check_leaked(value);
}

/// Settling the dead allocations' frees with every option: no-op steps listed, runs not
/// elided; the frees are the allocator's.
#[test]
fn dead_weak_handles_under_every_option() {
    for options in [
        memlayout::DropOptions::new().include_no_ops(true),
        memlayout::DropOptions::new().no_elision(),
        memlayout::DropOptions::new().elide_runs(1, 1),
    ] {
        let rc = Rc::new(String::from("gone"));
        let value: Vec<(u8, Weak<String>)> = (0..12).map(|i| (i, Rc::downgrade(&rc))).collect();
        drop(rc);
        let order = value.drop_order_with(options);
        let predicted = predicted_frees(&order);
        let observed = alloc::frees_during(|| drop(value));
        assert_eq!(predicted, observed, "{order:#}");
        let _ = order.to_string();
        let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
        assert_eq!(json["steps"].as_array().unwrap().len(), order.len());
    }
}
