//! Heap-size figures side by side: memlayout against get-size2, deepsize and mem_dbg (issue 6).
//!
//! One criterion group per workload; in each, memlayout's totals-only figure
//! (`memlayout::heap_bytes`), all its root figures (`memlayout::totals`), its full report
//! (`layout_report()`), and each peer's heap-only figure, so the ratios come from one run. `cargo bench --bench heap`; `scripts/bench_table.py` turns criterion's
//! estimates into the table in the README's "Benchmarks" section. Whether each figure is exact is checked
//! against a counting allocator by `benches/test_bench_exactness.rs`.
//!
//! Workload 5 (a 100,000-link `Box` list) overflows the stack of peers that recurse once per
//! link. Before timing a peer there, the binary re-runs itself as a probe child
//! (`MEMLAYOUT_STACK_PROBE`) that measures the list on a thread with the main thread's stack;
//! a peer whose probe dies is skipped with a note.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion};
use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::MemSize;
use memlayout::LayoutReport;

#[path = "workloads/mod.rs"]
mod workloads;

use workloads::Peer;

/// Short settings: the machine is small and shared; medians settle within these.
fn group<'c>(c: &'c mut Criterion, name: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    group
}

/// memlayout's figures and those of `peers` for `value`, in one group.
fn compare<T>(c: &mut Criterion, name: &str, value: &T, peers: &[Peer])
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize,
{
    let mut g = group(c, name);
    g.bench_function("memlayout_heap_bytes", |b| {
        b.iter(|| memlayout::heap_bytes(black_box(value)))
    });
    g.bench_function("memlayout_totals", |b| {
        b.iter(|| memlayout::totals(black_box(value)))
    });
    g.bench_function("memlayout_report", |b| {
        b.iter(|| black_box(value).layout_report())
    });
    for &peer in peers {
        g.bench_function(peer.name(), |b| {
            b.iter(|| peer.heap_bytes(black_box(value)))
        });
    }
    g.finish();
}

/// The main thread's stack limit (`RLIMIT_STACK` as Linux reports it), 8 MiB when unknown.
fn main_stack_bytes() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            let line = limits.lines().find(|l| l.starts_with("Max stack size"))?;
            line.split_whitespace().nth(3)?.parse().ok()
        })
        .unwrap_or(8 << 20)
}

fn benches(c: &mut Criterion) {
    let all = Peer::ALL;

    let v = workloads::vec_u64(1_000_000);
    compare(c, "1_vec_u64", &v, &all);
    drop(v);
    // O(1): the same figure for a thousand times fewer elements.
    let small = workloads::vec_u64(1_000);
    group(c, "1_vec_u64").bench_function("memlayout_heap_bytes_1k_elements", |b| {
        b.iter(|| memlayout::heap_bytes(black_box(&small)))
    });

    let v = workloads::vec_string(100_000);
    compare(c, "2_vec_string", &v, &all);
    drop(v);

    let v = workloads::hash_map(100_000);
    compare(c, "3_hash_map", &v, &all);
    drop(v);

    let v = workloads::tree(10, 5);
    compare(c, "4_tree", &v, &all);
    drop(v);

    let len = 100_000;
    let stack = main_stack_bytes();
    let exe = std::env::current_exe().expect("current exe");
    let survivors: Vec<Peer> = all
        .into_iter()
        .filter(|&peer| {
            let ok = workloads::stack_probe(std::process::Command::new(&exe), peer, len, stack)
                .is_some();
            if !ok {
                eprintln!(
                    "note: 5_list: skipping {}: it overflows a {} KiB stack on a {len}-link list",
                    peer.name(),
                    stack >> 10
                );
            }
            ok
        })
        .collect();
    let v = workloads::list(len);
    compare(c, "5_list", &v, &survivors);
    drop(v);

    let v = workloads::rc_handles(100_000, 1_000);
    compare(c, "6_rc_handles", &v, &all);
    drop(v);

    let v = workloads::btree(100_000);
    compare(c, "7_btree_map", &v, &all);
    drop(v);
}

fn main() {
    if let Ok(spec) = std::env::var(workloads::STACK_PROBE_VAR) {
        workloads::run_stack_probe(&spec);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
