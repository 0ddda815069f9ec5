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

/// What the bench measures on each workload: memlayout's three figures and each peer's.
/// `memlayout_report` covers the full report, `memlayout_totals` all root figures.
const FUNCTIONS: [&str; 3] = [
    "memlayout_heap_bytes",
    "memlayout_totals",
    "memlayout_report",
];

/// Everything a workload's value must be measurable by.
trait Measured: memlayout::Layout + GetSize + DeepSizeOf + MemSize {}
impl<T: memlayout::Layout + GetSize + DeepSizeOf + MemSize> Measured for T {}

/// Evaluates `$body` with `$op` bound to a closure that computes `$function`'s figure (one of
/// [`FUNCTIONS`] or a peer's name) for `$value`: matched once, outside any measured loop, and
/// each closure its own type, so the loops call it directly.
macro_rules! with_op {
    ($function:expr, $value:expr, |$op:ident| $body:expr) => {
        match $function {
            "memlayout_heap_bytes" => {
                let $op = || memlayout::heap_bytes(black_box($value));
                $body
            }
            "memlayout_totals" => {
                let $op = || memlayout::totals(black_box($value));
                $body
            }
            "memlayout_report" => {
                let $op = || black_box($value).layout_report();
                $body
            }
            "get-size2" => {
                let $op = || Peer::GetSize2.heap_bytes(black_box($value));
                $body
            }
            "deepsize" => {
                let $op = || Peer::DeepSize.heap_bytes(black_box($value));
                $body
            }
            "mem_dbg" => {
                let $op = || Peer::MemDbg.heap_bytes(black_box($value));
                $body
            }
            other => panic!("no function {other}"),
        }
    };
}

/// One way of measuring: criterion's timings, or instruction counts under callgrind.
trait Harness {
    /// Whether workload `group` is to be built and measured.
    fn wants(&self, group: &str) -> bool;
    /// Measures memlayout's figures and those of `peers` for `value`.
    fn measure<T: Measured>(&mut self, group: &str, value: &T, peers: &[Peer]);
}

impl Harness for Criterion {
    fn wants(&self, _group: &str) -> bool {
        true
    }

    /// One group: every function timed on the same value, so the ratios come from one run.
    fn measure<T: Measured>(&mut self, name: &str, value: &T, peers: &[Peer]) {
        let mut g = group(self, name);
        for function in FUNCTIONS.into_iter().chain(peers.iter().map(|p| p.name())) {
            with_op!(function, value, |op| {
                g.bench_function(function, |b| b.iter(op));
            });
        }
        g.finish();
    }
}

/// The environment variable that turns the bench binary into the program
/// `scripts/bench_instructions.py` runs under callgrind: `GROUP:REPS` builds workload `GROUP`
/// and runs each function `REPS` times, each inside a function of its own (`counted_*`), whose
/// inclusive instruction count callgrind reports.
const INSTRUCTIONS_VAR: &str = "MEMLAYOUT_BENCH_INSTRUCTIONS";

/// The instruction-count harness: one workload, each function run `reps` times.
struct Instructions {
    group: String,
    reps: usize,
}

/// Functions that run `op` `reps` times, one per measured function so that callgrind counts
/// each apart (each body names itself, so the compiler cannot merge them into one).
macro_rules! counted {
    ($($function:literal => $counted:ident,)*) => {
        $(
            #[inline(never)]
            fn $counted(op: &dyn Fn(), reps: usize) {
                black_box($function);
                for _ in 0..reps {
                    op();
                }
            }
        )*
        /// Runs `op` `reps` times inside `function`'s counted function.
        fn counted(function: &str, op: &dyn Fn(), reps: usize) {
            match function {
                $($function => $counted(op, reps),)*
                _ => panic!("no counted function for {function}"),
            }
        }
    };
}

counted! {
    "memlayout_heap_bytes" => counted_memlayout_heap_bytes,
    "memlayout_totals" => counted_memlayout_totals,
    "memlayout_report" => counted_memlayout_report,
    "get-size2" => counted_get_size2,
    "deepsize" => counted_deepsize,
    "mem_dbg" => counted_mem_dbg,
}

impl Harness for Instructions {
    fn wants(&self, group: &str) -> bool {
        group == self.group
    }

    fn measure<T: Measured>(&mut self, _group: &str, value: &T, peers: &[Peer]) {
        for function in FUNCTIONS.into_iter().chain(peers.iter().map(|p| p.name())) {
            with_op!(function, value, |op| {
                counted(
                    function,
                    &|| {
                        black_box(op());
                    },
                    self.reps,
                )
            });
            println!("measured={function}");
        }
    }
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

/// The workloads: issue 6's seven, then issue 16's sized shapes (`_100`, `_10k`, `_1m`
/// entries): hash maps of strings to vectors of 0 (all empty), 0-16 and 0-1000 numbers, and
/// B-trees of strings. The vectors of 0-1000 numbers stop at 10,000 entries (a million would
/// take about 2 GiB).
fn workloads(h: &mut impl Harness) {
    let all = Peer::ALL;
    if h.wants("1_vec_u64") {
        h.measure("1_vec_u64", &workloads::vec_u64(1_000_000), &all);
    }
    // O(1): the same figure for a thousand times fewer elements.
    if h.wants("1_vec_u64_1k") {
        h.measure("1_vec_u64_1k", &workloads::vec_u64(1_000), &all);
    }
    if h.wants("2_vec_string") {
        h.measure("2_vec_string", &workloads::vec_string(100_000), &all);
    }
    if h.wants("3_hash_map") {
        h.measure("3_hash_map", &workloads::hash_map(100_000), &all);
    }
    if h.wants("4_tree") {
        h.measure("4_tree", &workloads::tree(10, 5), &all);
    }
    if h.wants("5_list") {
        let len = 100_000;
        let survivors = list_survivors(len);
        h.measure("5_list", &workloads::list(len), &survivors);
    }
    if h.wants("6_rc_handles") {
        h.measure("6_rc_handles", &workloads::rc_handles(100_000, 1_000), &all);
    }
    if h.wants("7_btree_map") {
        h.measure("7_btree_map", &workloads::btree(100_000), &all);
    }
    for (suffix, n) in SIZES {
        for (shape, most) in [
            ("8_hash_empty", 0),
            ("9_hash_0_16", 16),
            ("10_hash_0_1000", 1000),
        ] {
            let group = format!("{shape}_{suffix}");
            if (most < 1000 || n <= 10_000) && h.wants(&group) {
                h.measure(&group, &workloads::hash_map_of(n, most), &all);
            }
        }
        let group = format!("11_btree_{suffix}");
        if h.wants(&group) {
            h.measure(&group, &workloads::btree(n), &all);
        }
    }
}

/// The entry counts of issue 16's shapes, with the suffix of their group names.
const SIZES: [(&str, usize); 3] = [("100", 100), ("10k", 10_000), ("1m", 1_000_000)];

/// The peers that survive a `len`-link list on the main thread's stack, each probed in a child
/// process (workload 5).
fn list_survivors(len: usize) -> Vec<Peer> {
    let stack = main_stack_bytes();
    let exe = std::env::current_exe().expect("current exe");
    Peer::ALL
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
        .collect()
}

fn main() {
    if let Ok(spec) = std::env::var(workloads::STACK_PROBE_VAR) {
        workloads::run_stack_probe(&spec);
        return;
    }
    if let Ok(spec) = std::env::var(INSTRUCTIONS_VAR) {
        let (group, reps) = spec
            .split_once(':')
            .unwrap_or_else(|| panic!("{INSTRUCTIONS_VAR} must be GROUP:REPS, got {spec:?}"));
        let reps = reps.parse().expect("repetitions");
        let mut harness = Instructions {
            group: group.to_string(),
            reps,
        };
        workloads(&mut harness);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    workloads(&mut c);
    c.final_summary();
}
