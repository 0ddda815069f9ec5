//! `memlayout::render::folded` against the report's folded stacks on a large vector of accounts
//! (`tests/common/accounts.rs`), to measure time, peak memory and output size:
//! `cargo run --release --example folded_paths -- ELEMENTS EXPORT [RUNS]` with EXPORT one of
//! `folded` (every element by field path), `report-folded` (the report's, summaries as one
//! frame), `heap-bytes` (the totals-only walk, for comparison) or `build` (the value alone).
//! Prints the export and the shortest of RUNS (default 1) times to make it; run it under
//! `/usr/bin/time -v` for peak memory.
use std::time::Instant;

use memlayout::LayoutReport;

#[path = "../tests/common/accounts.rs"]
mod accounts;

fn main() {
    let mut args = std::env::args().skip(1);
    let elements: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let export = args.next().unwrap_or_else(|| String::from("folded"));
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let accounts: Vec<accounts::Account> = (0..elements).map(accounts::account).collect();
    let mut out = String::new();
    let mut took = std::time::Duration::MAX;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        out = match export.as_str() {
            "folded" => memlayout::render::folded(&accounts),
            "report-folded" => accounts.layout_report().folded(),
            "heap-bytes" => memlayout::heap_bytes(&accounts).to_string() + "\n",
            "build" => String::new(),
            other => panic!("unknown export {other:?}"),
        };
        took = took.min(start.elapsed());
    }
    print!("{out}");
    println!(
        "{elements} elements, {export}: {} bytes in {took:.2?} (shortest of {runs})",
        out.len()
    );
}
