//! `memlayout::footprint`: instances and heap per type over the whole value, checked against
//! the counting allocator (heap built type by type) and against counts taken from the value.

#[path = "common/alloc.rs"]
mod alloc;

use std::mem::size_of;
use std::rc::Rc;

use memlayout::{Layout, LayoutReport};

#[derive(Layout)]
struct Line {
    sku: String,
    quantity: u32,
    price_cents: u64,
}

#[derive(Layout)]
struct Order {
    id: u64,
    customer: String,
    lines: Vec<Line>,
}

/// Orders built type by type, with the allocator's count of each type's heap.
struct Built {
    orders: Vec<Order>,
    /// Heap of every `String` (customers and SKUs), of every `Vec<Line>` buffer, of the
    /// `Vec<Order>` buffer.
    strings: usize,
    line_buffers: usize,
    order_buffer: usize,
}

/// `n` orders of varied shapes: no lines, a few, a buffer grown with spare capacity; names of
/// varied lengths (some empty, which allocate nothing).
fn build_orders(n: usize) -> Built {
    let lines_of = |i: usize| i % 5;
    let (mut customers, mut skus) = (Vec::with_capacity(n), Vec::with_capacity(n * 4));
    let (_, strings) = alloc::measure(|| {
        for i in 0..n {
            customers.push(if i % 7 == 0 {
                String::new()
            } else {
                format!("customer {i}")
            });
            for j in 0..lines_of(i) {
                skus.push(format!("SKU-{i}-{j}"));
            }
        }
    });
    let mut skus = skus.into_iter();
    let mut buffers: Vec<Vec<Line>> = Vec::with_capacity(n);
    let (_, line_buffers) = alloc::measure(|| {
        for i in 0..n {
            let mut lines = if i % 3 == 0 {
                Vec::new()
            } else {
                Vec::with_capacity(lines_of(i))
            };
            for j in 0..lines_of(i) {
                // May grow the buffer (counted here: it is the `Vec<Line>`'s).
                lines.push(Line {
                    sku: skus.next().unwrap(),
                    quantity: j as u32,
                    price_cents: 100 * j as u64,
                });
            }
            buffers.push(lines);
        }
    });
    let (mut orders, order_buffer) = alloc::measure(|| Vec::with_capacity(n + n / 2));
    let mut customers = customers.into_iter();
    for (i, lines) in buffers.into_iter().enumerate() {
        orders.push(Order {
            id: i as u64,
            customer: customers.next().unwrap(),
            lines,
        });
    }
    Built {
        orders,
        strings: strings.bytes,
        line_buffers: line_buffers.bytes,
        order_buffer: order_buffer.bytes,
    }
}

#[test]
fn heap_per_type_is_what_the_allocator_gave_each_type() {
    for n in [0, 1, 10, 10_000] {
        let built = build_orders(n);
        let footprint = memlayout::footprint(&built.orders);
        let heap_of = |name: &str| footprint.get(name).map_or(0, |t| t.heap_bytes);
        assert_eq!(heap_of("String"), built.strings, "n = {n}");
        assert_eq!(heap_of("Vec<Line>"), built.line_buffers, "n = {n}");
        assert_eq!(heap_of("Vec<Order>"), built.order_buffer, "n = {n}");
        // Every type's heap added up is the allocator's total for the value.
        assert_eq!(
            footprint.heap_bytes(),
            built.strings + built.line_buffers + built.order_buffer,
            "n = {n}"
        );
        assert!(footprint.is_exact());
    }
}

#[test]
fn instances_per_type_are_counted_over_every_element() {
    for n in [1, 10, 10_000] {
        let built = build_orders(n);
        let orders = &built.orders;
        let footprint = memlayout::footprint(orders);
        let figure = |name: &str, of: fn(&memlayout::report::TypeFootprint) -> usize| {
            footprint.get(name).map_or(0, of)
        };
        let instances = |name: &str| figure(name, |t| t.instances);
        let lines: usize = orders.iter().map(|o| o.lines.len()).sum();
        assert_eq!(instances("Vec<Order>"), 1);
        assert_eq!(instances("Order"), orders.len());
        assert_eq!(instances("Vec<Line>"), orders.len());
        assert_eq!(instances("Line"), lines);
        assert_eq!(instances("String"), orders.len() + lines);
        // Leaf fields are counted as parts, by their own type.
        assert_eq!(instances("u64"), orders.len() + lines);
        assert_eq!(instances("u32"), lines);
        assert_eq!(
            figure("Line", |t| t.inline_bytes),
            lines * size_of::<Line>()
        );
        let unused: usize = orders
            .iter()
            .map(|o| (o.lines.capacity() - o.lines.len()) * size_of::<Line>())
            .sum();
        assert_eq!(figure("Vec<Line>", |t| t.unused_capacity), unused);
        let buffers = orders.iter().filter(|o| o.lines.capacity() > 0).count();
        assert_eq!(figure("Vec<Line>", |t| t.allocations), buffers);
        // The report shows a few elements and summarises the rest; the footprint counts all.
        if n == 10_000 {
            assert!(orders.layout_report().len() < n);
        }
        assert_eq!(
            footprint.unused_capacity(),
            memlayout::totals(orders).unused_capacity
        );
    }
}

#[test]
fn rows_are_sorted_by_total_bytes_with_averages() {
    let built = build_orders(100);
    let footprint = memlayout::footprint(&built.orders);
    let totals: Vec<usize> = footprint.types().iter().map(|t| t.total_bytes()).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    let strings = footprint.get("String").unwrap();
    assert_eq!(
        strings.average_heap_bytes(),
        built.strings as f64 / strings.instances as f64
    );
    assert_eq!(strings.average_inline_bytes(), size_of::<String>() as f64);
}

#[test]
fn shared_allocations_are_counted_once() {
    let (shared, usage) = alloc::measure(|| Rc::new(String::from("shared contents")));
    let handles: Vec<Rc<String>> = vec![shared.clone(); 100];
    drop(shared);
    let footprint = memlayout::footprint(&handles);
    let rc = footprint.get("Rc<String>").unwrap();
    assert_eq!(rc.instances, 100);
    // The `Rc`'s block and the string's buffer: what building it asked the allocator for.
    let string = footprint.get("String").unwrap();
    assert_eq!(string.instances, 1);
    assert_eq!(rc.heap_bytes + string.heap_bytes, usage.bytes);
    assert_eq!(rc.allocations, 1);
}

#[test]
fn maps_count_keys_and_values_not_set_units() {
    use std::collections::{HashMap, HashSet};
    let map: HashMap<u32, String> = (0..50).map(|i| (i, i.to_string())).collect();
    let footprint = memlayout::footprint(&map);
    assert_eq!(footprint.get("u32").unwrap().instances, 50);
    assert_eq!(footprint.get("String").unwrap().instances, 50);
    assert_eq!(footprint.heap_bytes(), memlayout::heap_bytes(&map));
    let set: HashSet<String> = (0..20).map(|i| i.to_string()).collect();
    let footprint = memlayout::footprint(&set);
    assert_eq!(footprint.get("String").unwrap().instances, 20);
    assert!(footprint.get("()").is_none());
}

#[derive(Layout)]
struct Link {
    value: u64,
    next: Option<Box<Link>>,
}

/// A long chain is walked without a deep machine stack (the walk defers past its budget).
#[test]
fn a_long_box_chain_is_counted_on_a_small_stack() {
    let links = if cfg!(miri) { 200 } else { 200_000 };
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            let mut head = Link {
                value: 0,
                next: None,
            };
            for i in 1..links {
                head = Link {
                    value: i,
                    next: Some(Box::new(head)),
                };
            }
            let footprint = memlayout::footprint(&head);
            let counts = (
                footprint.get("Link").unwrap().instances,
                footprint.get("Box<Link>").unwrap().heap_bytes,
            );
            // Dropped link by link: drop glue would recurse.
            let mut next = head.next.take();
            while let Some(mut link) = next {
                next = link.next.take();
            }
            assert_eq!(
                counts,
                (links as usize, (links as usize - 1) * size_of::<Link>())
            );
        })
        .expect("spawn")
        .join()
        .expect("a long chain is counted on a 256 KiB thread");
}

#[test]
fn text_and_json_carry_every_row() {
    let built = build_orders(10);
    let footprint = memlayout::footprint(&built.orders);
    let text = footprint.to_string();
    assert_eq!(text.lines().count(), footprint.types().len() + 1);
    let string_line = text.lines().find(|l| l.starts_with("String ")).unwrap();
    let strings = footprint.get("String").unwrap();
    assert!(
        string_line.contains(&format!("  {}  ", strings.instances)),
        "{string_line}"
    );
    let json: serde_json::Value = serde_json::from_str(&footprint.to_json()).unwrap();
    assert_eq!(json["heap_bytes"], footprint.heap_bytes());
    let rows = json["types"].as_array().unwrap();
    assert_eq!(rows.len(), footprint.types().len());
    let string_row = rows
        .iter()
        .find(|r| r["type_name"] == "alloc::string::String")
        .unwrap();
    assert_eq!(string_row["heap_bytes"], built.strings);
    assert_eq!(string_row["instances"], strings.instances);
}

/// Estimates and unreadable parts make the rows that hold them inexact, and say so in the text.
#[test]
fn estimates_and_unreadable_parts_are_marked_not_exact() {
    use std::collections::BTreeMap;
    use std::sync::Mutex;
    let tree: BTreeMap<u32, String> = (0..200).map(|i| (i, i.to_string())).collect();
    let footprint = memlayout::footprint(&tree);
    assert_eq!(footprint.is_exact(), memlayout::totals(&tree).is_exact);
    assert!(!footprint.get("BTreeMap<u32, String>").unwrap().is_exact);
    assert!(footprint.get("String").unwrap().is_exact);
    assert_eq!(footprint.heap_bytes(), memlayout::heap_bytes(&tree));

    let locked = Mutex::new(vec![String::from("hidden")]);
    let _guard = locked.lock().unwrap();
    let footprint = memlayout::footprint(&locked);
    assert!(!footprint.is_exact());
    assert_eq!(footprint.types()[0].unreadable, 1);
    assert!(footprint.get("String").is_none());
    assert!(footprint.to_string().contains("(not exact)"));
}
