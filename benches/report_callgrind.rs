//! A report walk to count instructions with callgrind: builds benchmark workload 2 or 3 and
//! makes its layout report `reps` times, with or without an allocator model.
//!
//! ```text
//! cargo build --profile bench -p memlayout-benches --example report_callgrind
//! valgrind --tool=callgrind target/release/examples/report_callgrind 2 10 none
//! ```
//! Per report: (Ir at `reps` - Ir at 0) / `reps`.

use memlayout::allocator::Model;
use memlayout::{LayoutReport, ReportOptions};

#[path = "workloads/mod.rs"]
mod workloads;

fn reports<T: memlayout::Layout>(value: &T, reps: usize, options: ReportOptions) {
    for _ in 0..reps {
        std::hint::black_box(value.layout_report_with(options));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let workload: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(2);
    let reps: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let options = match args.get(2).map(String::as_str) {
        Some("jemalloc") => ReportOptions::new().allocator(Model::Jemalloc),
        _ => ReportOptions::new(),
    };
    match workload {
        2 => reports(&workloads::vec_string(100_000), reps, options),
        3 => reports(&workloads::hash_map(100_000), reps, options),
        other => panic!("workload 2 or 3, not {other}"),
    }
}
