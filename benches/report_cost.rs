//! Instructions per report, against the peers' heap figures, for callgrind (issue 16).
//!
//! `report_cost WORKLOAD WHAT REPS` builds one workload (`1`..`7` as in `workloads/mod.rs`,
//! `list10k`: a 10,000-link `Box` list; the small values of `workloads/small.rs`: `small`, a
//! struct of two short `String`s, `scalars`, eight scalar fields, `empty`, an empty `Vec<u64>`,
//! `optbox`, `Some(Box<u64>)`, `map3`, a 3-entry `HashMap<String, u32>`, `strings10`, ten
//! `String`s; `list:N`, `cons:N`, `named:N`: chains of `N` links, see
//! `report_cost_chains/mod.rs`; `named_empty:N:K`, `named_hole:N:K`: `named:N` with an empty
//! `String` or an empty allocation at link 100 and every `K`th link after it (`K` 0: link 100
//! only); `tree:FANOUT:DEPTH`, a `Node` tree, `btree:N`, a
//! `BTreeMap<u64, String>`; `strings1k` and `strings1m`: workload 2 at 1,000 and 1,000,000
//! strings, `map:N`: workload 3 at `N` entries, `bytes100k`: 100,000 `Vec<u8>`, `map1k`: workload 3 at 1,000 entries, `map16`:
//! 100,000 entries of 0-16 numbers; `strings_holes:N:K`: `N` of workload 2's strings with
//! `String::new()` at every `K`th) and computes
//! WHAT (`report`, `report_children:N`: the report showing `N` elements of a collection,
//! `heap_bytes`, `totals`, or a peer's name) REPS times in [`measured`], a
//! function that is
//! never inlined, so that
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured*' report_cost ...`
//! counts only those REPS computations: their instructions divided by REPS are the cost of one
//! (the same as the Ir at REPS minus the Ir at 0 repetitions, divided by REPS). The work runs on a
//! thread with a 1 GiB stack: some peers recurse once per link of a list.
use std::hint::black_box;

use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::MemSize;
use memlayout::LayoutReport;

#[path = "workloads/mod.rs"]
mod workloads;

#[path = "report_cost_chains/mod.rs"]
mod chains;

use workloads::{small, Peer};

/// Computes `what` of `value` `reps` times; returns a figure so nothing is optimised out.
#[inline(never)]
fn measured<T>(value: &T, what: &str, reps: usize) -> usize
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize + 'static,
{
    let mut sum = 0;
    let value: &dyn core::any::Any = value;
    for _ in 0..reps {
        if let Some(list) = value.downcast_ref::<workloads::List>() {
            if what == "proto_chain" {
                sum += prototype::chain(black_box(list)).heap_bytes;
                continue;
            }
        }
        if let Some(head) = value.downcast_ref::<Option<Box<chains::NamedLink>>>() {
            let head = black_box(head).as_deref();
            match what {
                "proto_named_lanes" => {
                    let lanes = prototype::chain_lanes::lanes(head).expect("AVX2");
                    sum += black_box(lanes).heap_bytes;
                    continue;
                }
                "proto_named_scalar" => {
                    sum += black_box(prototype::chain_lanes::scalar(head)).heap_bytes;
                    continue;
                }
                "proto_named_check" => {
                    let lanes = prototype::chain_lanes::lanes(head).expect("AVX2");
                    assert_eq!(lanes, prototype::chain_lanes::scalar(head));
                    let report = black_box(value.downcast_ref::<T>().unwrap()).layout_report();
                    let summary = report
                        .nodes()
                        .find_map(|n| n.summary().cloned())
                        .expect("a chain summary");
                    // The summary's links each also own the next link's box (but the last).
                    assert!(summary.count <= lanes.links);
                    sum += lanes.heap_bytes;
                    continue;
                }
                _ => {}
            }
        }
        if let Some(strings) = value.downcast_ref::<Vec<String>>() {
            if what == "proto_strings" {
                sum += prototype::strings(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_sums" {
                sum += prototype::string_sums(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_lanes" {
                sum += prototype::lanes::lanes(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_avx2" {
                sum += prototype::lanes::avx2(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_avx2_blocks" {
                sum += prototype::lanes::simd::blocks(black_box(strings)).heap_bytes;
                continue;
            }
            if what == "proto_avx2_raw" {
                sum += prototype::lanes::simd::raw(black_box(strings)).heap_bytes;
                continue;
            }
        }
        if let Some(map) = value.downcast_ref::<std::collections::HashMap<String, Vec<u32>>>() {
            if what == "proto_sums" {
                sum += prototype::entry_sums(black_box(map)).heap_bytes;
                continue;
            }
        }
        let value = value.downcast_ref::<T>().expect("the value");
        sum += match what {
            "report" => {
                black_box(black_box(value).layout_report())
                    .totals()
                    .heap_bytes
            }
            "report_jemalloc" | "report_glibc" => {
                let model = if what == "report_jemalloc" {
                    memlayout::allocator::Model::Jemalloc
                } else {
                    memlayout::allocator::Model::Glibc(memlayout::allocator::Glibc::DEFAULT)
                };
                let options = memlayout::ReportOptions::new().allocator(model);
                black_box(black_box(value).layout_report_with(options))
                    .totals()
                    .heap_bytes
            }
            "heap_bytes" => memlayout::heap_bytes(black_box(value)),
            // The report with fewer (or more) elements shown per collection: what the shown
            // nodes cost (`report_children:2`).
            children if children.starts_with("report_children:") => {
                let n = children["report_children:".len()..]
                    .parse()
                    .expect("a count");
                let options = memlayout::ReportOptions::new().max_children(n);
                black_box(black_box(value).layout_report_with(options))
                    .totals()
                    .heap_bytes
            }
            "totals" => memlayout::totals(black_box(value)).heap_bytes,
            peer => Peer::from_name(peer)
                .unwrap_or_else(|| panic!("unknown WHAT {peer:?}"))
                .heap_bytes(black_box(value)),
        };
    }
    sum
}

fn run<T>(value: T, what: &str, reps: usize)
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize + 'static,
{
    if what == "proto_check" {
        let strings = (&value as &dyn core::any::Any).downcast_ref::<Vec<String>>();
        println!("proto_check: {} inputs agree", check::run(strings));
        return;
    }
    println!("{}", measured(&value, what, reps));
    // The lists drop in a loop; the rest are flat enough.
    drop(value);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, what, reps] = &args[..] else {
        panic!("usage: report_cost WORKLOAD WHAT REPS");
    };
    let reps: usize = reps.parse().expect("REPS");
    let (workload, what) = (workload.clone(), what.clone());
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || match workload.as_str() {
            "1" => run(workloads::vec_u64(1_000_000), &what, reps),
            "2" => run(workloads::vec_string(100_000), &what, reps),
            "3" => run(workloads::hash_map(100_000), &what, reps),
            "4" => run(workloads::tree(10, 5), &what, reps),
            "5" => run(workloads::list(100_000), &what, reps),
            "6" => run(workloads::rc_handles(100_000, 1_000), &what, reps),
            "7" => run(workloads::btree(100_000), &what, reps),
            "list10k" => run(workloads::list(10_000), &what, reps),
            // Other sizes and shapes of workloads 2 and 3 (issue 16's leaf fold).
            "strings1k" => run(workloads::vec_string(1_000), &what, reps),
            "strings1m" => run(workloads::vec_string(1_000_000), &what, reps),
            "bytes100k" => run(workloads::vec_bytes(100_000), &what, reps),
            "map1k" => run(workloads::hash_map(1_000), &what, reps),
            "map16" => run(workloads::hash_map_of(100_000, 16), &what, reps),
            "small" => run(small::pair(), &what, reps),
            "scalars" => run(small::scalars(), &what, reps),
            "empty" => run(Vec::<u64>::new(), &what, reps),
            "optbox" => run(small::option_box(), &what, reps),
            "map3" => run(small::map_of_three(), &what, reps),
            "strings10" => run(small::ten_strings(), &what, reps),
            other => match other.split(':').collect::<Vec<_>>()[..] {
                // Other shapes: chains of N links, `tree:FANOUT:DEPTH`, `btree:ENTRIES`.
                ["list", n] => run(workloads::list(n.parse().unwrap()), &what, reps),
                ["cons", n] => run(chains::cons(n.parse().unwrap()), &what, reps),
                ["named", n] => run(chains::named(n.parse().unwrap()), &what, reps),
                [odd @ ("named_empty" | "named_hole"), n, every] => {
                    let odd = match odd {
                        "named_empty" => chains::OddName::Empty,
                        _ => chains::OddName::Hole,
                    };
                    let list = chains::named_with(n.parse().unwrap(), odd, every.parse().unwrap());
                    run(list, &what, reps)
                }
                ["tree", fanout, depth] => run(
                    workloads::tree(fanout.parse().unwrap(), depth.parse().unwrap()),
                    &what,
                    reps,
                ),
                ["btree", n] => run(workloads::btree(n.parse().unwrap()), &what, reps),
                ["map", n] => run(workloads::hash_map(n.parse().unwrap()), &what, reps),
                // Workload 2's strings with `String::new()` every `every` elements.
                ["strings_holes", n, every] => {
                    let every: usize = every.parse().unwrap();
                    let mut strings = workloads::vec_string(n.parse().unwrap());
                    strings
                        .iter_mut()
                        .step_by(every)
                        .for_each(|s| *s = String::new());
                    run(strings, &what, reps)
                }
                _ => panic!("unknown workload {other:?}"),
            },
        })
        .expect("spawn")
        .join()
        .expect("the measurement panicked");
}

#[path = "report_cost_proto/mod.rs"]
mod prototype;

#[path = "report_cost_proto/check.rs"]
mod check;
