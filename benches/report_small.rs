//! Small values' reports against the peers' heap figures, in time (issue 16: the full report
//! "within 1 microsecond of the fastest peer where the work is that small").
//!
//! One criterion group per value (`small_*`): memlayout's full report (`layout_report()`, its
//! drop included), its totals-only figure (`heap_bytes`), and each peer's heap-only figure, so
//! the differences come from one run. `cargo bench -p memlayout-benches --bench report_small --
//! --warm-up-time 1 --measurement-time 2`, then `python3 scripts/report_small_table.py` prints
//! each value's report time less the fastest peer's. `benches/report_cost.rs` counts the same
//! values' instructions (workloads `small`, `scalars`, `empty`, `optbox`, `map3`, `strings10`).

use std::hint::black_box;

use criterion::Criterion;
use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::MemSize;
use memlayout::LayoutReport;

#[path = "workloads/mod.rs"]
mod workloads;

use workloads::{small, Peer};

/// Times the report, `heap_bytes` and each peer's figure of `value` in group `name`.
fn measure<T>(c: &mut Criterion, name: &str, value: &T)
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize,
{
    let mut group = c.benchmark_group(name);
    group.bench_function("memlayout_report", |b| {
        b.iter(|| black_box(value).layout_report())
    });
    group.bench_function("memlayout_heap_bytes", |b| {
        b.iter(|| memlayout::heap_bytes(black_box(value)))
    });
    // Each peer a constant in its closure, so the timed loop has no dispatch of ours.
    group.bench_function(Peer::GetSize2.name(), |b| {
        b.iter(|| Peer::GetSize2.heap_bytes(black_box(value)))
    });
    group.bench_function(Peer::DeepSize.name(), |b| {
        b.iter(|| Peer::DeepSize.heap_bytes(black_box(value)))
    });
    group.bench_function(Peer::MemDbg.name(), |b| {
        b.iter(|| Peer::MemDbg.heap_bytes(black_box(value)))
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().sample_size(20).configure_from_args();
    measure(&mut c, "small_pair", &small::pair());
    measure(&mut c, "small_scalars", &small::scalars());
    measure(&mut c, "small_empty_vec", &Vec::<u64>::new());
    measure(&mut c, "small_vec_u64_1m", &workloads::vec_u64(1_000_000));
    measure(&mut c, "small_option_box", &small::option_box());
    measure(&mut c, "small_map_of_three", &small::map_of_three());
    measure(&mut c, "small_ten_strings", &small::ten_strings());
    c.final_summary();
}
