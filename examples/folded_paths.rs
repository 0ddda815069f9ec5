//! `memlayout::folded` against the report's folded stacks on a large vector of structs, to
//! measure time, peak memory and output size:
//! `cargo run --release --example folded_paths -- ELEMENTS EXPORT` with EXPORT one of `folded`
//! (every element by field path), `report-folded` (the report's, summaries as one frame),
//! `heap-bytes` (the totals-only walk, for comparison) or `build` (the value alone). Prints the
//! export and its build time; run it under `/usr/bin/time -v` for peak memory.
use std::time::Instant;

use memlayout::{Layout, LayoutReport};

#[derive(Layout)]
struct Entry {
    body: String,
    tag: u64,
}

#[derive(Layout)]
struct Account {
    id: u32,
    name: String,
    history: Vec<Entry>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let elements: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let export = args.next().unwrap_or_else(|| String::from("folded"));
    let accounts: Vec<Account> = (0..elements)
        .map(|i| Account {
            id: i as u32,
            name: format!("account-{i}"),
            history: (0..i % 4)
                .map(|j| Entry {
                    body: "b".repeat(j + 1),
                    tag: j as u64,
                })
                .collect(),
        })
        .collect();
    let start = Instant::now();
    let out = match export.as_str() {
        "folded" => memlayout::folded(&accounts),
        "report-folded" => accounts.layout_report().folded(),
        "heap-bytes" => memlayout::heap_bytes(&accounts).to_string(),
        "build" => String::new(),
        other => panic!("unknown export {other:?}"),
    };
    let took = start.elapsed();
    print!("{out}");
    println!("{elements} elements, {export}: {} bytes in {took:.2?}", out.len());
}
