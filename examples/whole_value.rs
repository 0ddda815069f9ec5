//! The README's "Whole-value and whole-crate views": a value's footprint by type, and a diff of two reports of
//! a cache, before and after 1,000 inserts.
use std::collections::HashMap;

use memlayout::{Layout, LayoutReport};

#[derive(Layout)]
#[allow(dead_code)]
struct Line {
    sku: String,
    quantity: u32,
}

#[derive(Layout)]
#[allow(dead_code)]
struct Order {
    id: u64,
    customer: String,
    lines: Vec<Line>,
}

#[derive(Layout)]
struct Cache {
    name: String,
    entries: HashMap<u64, String>,
}

fn main() {
    let orders: Vec<Order> = (0..10_000)
        .map(|i| Order {
            id: i,
            customer: format!("customer {i}"),
            lines: (0..i % 4)
                .map(|j| Line {
                    sku: format!("SKU-{j}"),
                    quantity: 1,
                })
                .collect(),
        })
        .collect();
    println!("{}", memlayout::footprint(&orders));

    let mut cache = Cache {
        name: "sessions".into(),
        entries: HashMap::new(),
    };
    cache
        .entries
        .extend((0..100).map(|i| (i, format!("session {i}"))));
    let before = cache.layout_report();
    cache
        .entries
        .extend((100..1_100).map(|i| (i, format!("session {i}"))));
    let diff = cache.layout_report().diff(&before);
    println!("{diff}");
    diff.assert_growth_at_most(128 * 1024);
}
