//! Are the benchmarked figures right? For each workload of `benches/heap.rs` (at a smaller
//! scale), the live-bytes delta a counting global allocator saw while the value was built is
//! the truth. memlayout's `heap_bytes` must equal it exactly (BTreeMap: its bounds must contain
//! it); the peers' figures are recorded next to it, not asserted.
//! `cargo test --test test_bench_exactness -- --nocapture` prints the table.

use std::process::Command;

use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::MemSize;

#[path = "../tests/common/alloc.rs"]
mod alloc;
#[path = "workloads/mod.rs"]
mod workloads;

use workloads::Peer;

/// Builds a value and returns it with the bytes it left live on this thread: its heap bytes.
fn built<T>(build: impl FnOnce() -> T) -> (T, usize) {
    let (value, usage) = alloc::measure(build);
    (value, usage.bytes)
}

/// One workload's figures against the truth.
struct Row {
    workload: String,
    truth: usize,
    /// memlayout's figure and, when it is an estimate, its bounds.
    memlayout: (usize, usize, usize),
    /// Each peer's heap-only figure, `None` when it overflowed the stack.
    peers: Vec<(Peer, Option<usize>)>,
}

impl Row {
    /// memlayout's figures for `value`, and each peer's.
    fn measure<T>(workload: &str, value: &T, truth: usize) -> Row
    where
        T: memlayout::Layout + GetSize + DeepSizeOf + MemSize,
    {
        let mut row = Row::ours(workload, value, truth);
        row.peers = Peer::ALL
            .into_iter()
            .map(|p| (p, Some(p.heap_bytes(value))))
            .collect();
        row
    }

    /// memlayout's figures for `value` (both walks), no peer's yet.
    fn ours<T: memlayout::Layout>(workload: &str, value: &T, truth: usize) -> Row {
        let t = memlayout::totals(value);
        assert_eq!(
            memlayout::heap_bytes(value),
            t.heap_bytes,
            "{workload}: two walks disagree"
        );
        Row {
            workload: workload.to_string(),
            truth,
            memlayout: (t.heap_bytes, t.heap_bytes_low, t.heap_bytes_high),
            peers: Vec::new(),
        }
    }

    /// memlayout is exact, or its bounds contain the truth when it says it estimates.
    fn memlayout_ok(&self) -> bool {
        let (figure, low, high) = self.memlayout;
        if low == high {
            figure == self.truth && low == figure
        } else {
            (low..=high).contains(&self.truth)
        }
    }
}

/// How a figure compares with the truth, for the table.
fn verdict(figure: usize, truth: usize) -> String {
    if figure == truth {
        return "exact".to_string();
    }
    let off = figure as f64 / truth as f64 * 100.0 - 100.0;
    format!("{figure} ({off:+.1}%)")
}

fn print_table(rows: &[Row]) {
    println!();
    println!("| workload | allocator (truth) | memlayout | get-size2 | deepsize | mem_dbg |");
    println!("|---|---|---|---|---|---|");
    for row in rows {
        let (figure, low, high) = row.memlayout;
        let ours = if low == high {
            verdict(figure, row.truth)
        } else {
            format!("{} in [{low}, {high}]", verdict(figure, row.truth))
        };
        let peers: Vec<String> = row
            .peers
            .iter()
            .map(|(_, f)| f.map_or("stack overflow".to_string(), |f| verdict(f, row.truth)))
            .collect();
        println!(
            "| {} | {} | {} | {} |",
            row.workload,
            row.truth,
            ours,
            peers.join(" | ")
        );
    }
}

/// Writes each row's figures for `scripts/bench_table.py`: the workload, the truth, memlayout's
/// figure and bounds, and each peer's figure (`null` after a stack overflow).
fn write_json(rows: &[Row], path: &std::path::Path) {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let peers: serde_json::Map<String, serde_json::Value> = row
                .peers
                .iter()
                .map(|(p, f)| (p.name().to_string(), serde_json::json!(f)))
                .collect();
            serde_json::json!({
                "workload": row.workload,
                "truth": row.truth,
                "memlayout": row.memlayout.0,
                "memlayout_low": row.memlayout.1,
                "memlayout_high": row.memlayout.2,
                "peers": peers,
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&rows).expect("rows serialise");
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Recursion depth limits differ between builds: optimised code turns some recursive walks
/// into loops.
const PROFILE: &str = if cfg!(debug_assertions) {
    "debug"
} else {
    "release"
};

/// The list length of workload 5: as in the bench, since whether a recursive walk overflows
/// depends on it.
const LIST_LEN: usize = 100_000;

/// A peer's figure for a `len`-link list, measured in a child process (this test binary
/// running [`stack_probe_child`]) on a thread of `stack` bytes; `None` when the child died.
fn probe(peer: Peer, len: usize, stack: usize) -> Option<usize> {
    let mut command = Command::new(std::env::current_exe().expect("current exe"));
    command.args([
        "--exact",
        "stack_probe_child",
        "--nocapture",
        "--test-threads=1",
    ]);
    workloads::stack_probe(command, peer, len, stack)
}

/// Not a test of its own: the child process of [`probe`]. Does nothing unless asked to.
#[test]
fn stack_probe_child() {
    if let Ok(spec) = std::env::var(workloads::STACK_PROBE_VAR) {
        workloads::run_stack_probe(&spec);
    }
}

#[test]
fn heap_figures_match_the_allocator() {
    let mut rows = Vec::new();

    let (v, truth) = built(|| workloads::vec_u64(100_000));
    rows.push(Row::measure("1 Vec<u64>, 100,000", &v, truth));
    drop(v);

    let (v, truth) = built(|| workloads::vec_string(10_000));
    rows.push(Row::measure("2 Vec<String>, 10,000", &v, truth));
    drop(v);

    let (v, truth) = built(|| workloads::hash_map(10_000));
    rows.push(Row::measure(
        "3 HashMap<String, Vec<u32>>, 10,000",
        &v,
        truth,
    ));
    drop(v);

    let (v, truth) = built(|| workloads::tree(10, 4));
    let name = format!("4 Node tree, {} nodes", workloads::tree_nodes(10, 4));
    rows.push(Row::measure(&name, &v, truth));
    drop(v);

    // Workload 5. memlayout walks the full list on a thread with the default 2 MiB stack, in
    // process: it must not overflow. The peers recurse once per link, so each runs in a child
    // process (an overflow aborts the process): at full length on 2 MiB and 8 MiB stacks (does
    // it overflow?), and on a list of a tenth of the length with a 256 MiB stack (is its figure
    // right?).
    let two_mib = 2 << 20;
    let (ours, truth) = std::thread::Builder::new()
        .stack_size(two_mib)
        .spawn(|| {
            let (v, truth) = built(|| workloads::list(LIST_LEN));
            let t = memlayout::totals(&v);
            assert_eq!(memlayout::heap_bytes(&v), t.heap_bytes);
            ((t.heap_bytes, t.heap_bytes_low, t.heap_bytes_high), truth)
        })
        .expect("spawn")
        .join()
        .expect("memlayout walks a long list on a 2 MiB stack");
    let short = LIST_LEN / 10;
    let (v, short_truth) = built(|| workloads::list(short));
    let mut row = Row::ours(&format!("5 Box list, {short} links"), &v, short_truth);
    row.peers = Peer::ALL
        .into_iter()
        .map(|p| (p, probe(p, short, 256 << 20)))
        .collect();
    rows.push(row);
    drop(v);
    for (stack, label) in [(two_mib, "2 MiB"), (8 << 20, "8 MiB")] {
        rows.push(Row {
            workload: format!("5 Box list, {LIST_LEN} links, {label} stack, {PROFILE} build"),
            truth,
            memlayout: ours,
            peers: Peer::ALL
                .into_iter()
                .map(|p| (p, probe(p, LIST_LEN, stack)))
                .collect(),
        });
    }

    let (v, truth) = built(|| workloads::rc_handles(10_000, 100));
    rows.push(Row::measure(
        "6 Vec<Rc<String>>, 10,000 handles to 100",
        &v,
        truth,
    ));
    drop(v);

    let (v, truth) = built(|| workloads::btree(10_000));
    rows.push(Row::measure("7 BTreeMap<u64, String>, 10,000", &v, truth));
    drop(v);

    // Issue 16's shapes at the bench's sizes up to 10,000 entries (a million takes minutes in
    // a debug build; the shapes are the same), named by their bench groups.
    for (suffix, n) in [("100", 100), ("10k", 10_000)] {
        for (shape, most) in [
            ("8_hash_empty", 0),
            ("9_hash_0_16", 16),
            ("10_hash_0_1000", 1000),
        ] {
            let (v, truth) = built(|| workloads::hash_map_of(n, most));
            let name = format!("{shape}_{suffix} HashMap<String, Vec<u32>>, {n}, 0-{most} each");
            rows.push(Row::measure(&name, &v, truth));
        }
        let (v, truth) = built(|| workloads::btree(n));
        rows.push(Row::measure(
            &format!("11_btree_{suffix} BTreeMap<u64, String>, {n}"),
            &v,
            truth,
        ));
    }

    print_table(&rows);
    if let Ok(path) = std::env::var("MEMLAYOUT_EXACTNESS_JSON") {
        // Tests run in their package's folder (`benches/`); a relative path means the
        // workspace root, where the README's commands run.
        let workspace_root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        write_json(&rows, &workspace_root.join(path));
    }
    let wrong: Vec<&str> = rows
        .iter()
        .filter(|r| !r.memlayout_ok())
        .map(|r| r.workload.as_str())
        .collect();
    assert!(
        wrong.is_empty(),
        "memlayout's figure is not the allocator's on: {wrong:?}"
    );
}

/// Deep shapes through both walks' deferral, on a thread with the default 2 MiB stack: a
/// million-link list, a tree ten thousand levels deep, and many lists side by side (work
/// deferred from one element must not be charged to the next).
#[test]
fn deep_values_on_a_2_mib_stack() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let (list, truth) = built(|| workloads::list(1_000_000));
            assert_eq!(memlayout::heap_bytes(&list), truth);
            assert_eq!(memlayout::totals(&list).heap_bytes, truth);
            drop(list);

            let (deep, truth) = built(|| {
                let mut node = workloads::tree(2, 1);
                for level in 0..10_000 {
                    node = workloads::Node {
                        name: format!("level {level}"),
                        tags: vec![String::from("deep"); level % 3],
                        children: vec![node],
                    };
                }
                node
            });
            assert_eq!(memlayout::heap_bytes(&deep), truth);
            assert_eq!(memlayout::totals(&deep).heap_bytes, truth);
            // Dropping ten thousand nested nodes recurses: leave that to the allocator's exit.
            std::mem::forget(deep);

            let (lists, truth) =
                built(|| (0..100).map(|_| workloads::list(1_000)).collect::<Vec<_>>());
            assert_eq!(memlayout::heap_bytes(&lists), truth);
            assert_eq!(memlayout::totals(&lists).heap_bytes, truth);
        })
        .expect("spawn")
        .join()
        .expect("deep values are walked on a 2 MiB stack");
}
