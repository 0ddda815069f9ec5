//! The seven benchmark workloads under the `Glibc` model against glibc's own figure: the change
//! in `mallinfo2()`'s `uordblks + hblkhd` (bytes in chunks in use, headers included, plus bytes
//! mapped for large chunks) across building each value.
//!
//! `mallinfo2` counts the main arena only, and counts blocks in the per-thread cache as in use:
//! so this test has no harness (it runs on the main thread) and re-runs itself with the cache
//! off (`GLIBC_TUNABLES=glibc.malloc.tcache_count=0`). The model cannot know the heap's free
//! chunks; glibc sometimes hands a request a whole free chunk a little larger than it needs (when
//! the leftover would be under its 32-byte minimum), so the model may be below glibc's figure.
//! On workload 6 it is above, by 0.35% (4,080 bytes, one page less a header): not explained yet.
//! The check is within 1% either way (3% for the B-tree's estimate).

use memlayout::allocator::Glibc;

#[path = "workloads/each.rs"]
mod each;
#[path = "workloads/mod.rs"]
mod workloads;

use each::{each_workload, Measure};

const TUNABLES: &str = "glibc.malloc.tcache_count=0";

/// glibc's bytes in use now: chunks of the main arena plus mapped chunks.
fn in_use() -> usize {
    // SAFETY: mallinfo2 has no preconditions.
    let info = unsafe { libc::mallinfo2() };
    info.uordblks + info.hblkhd
}

/// Builds a workload, prints its row and checks the `Glibc` model against glibc.
struct GlibcRows;

impl Measure for GlibcRows {
    fn row<T: memlayout::Layout>(&mut self, workload: &str, build: impl FnOnce() -> T) {
        let before = in_use();
        let value = build();
        let real = in_use() - before;
        let t = memlayout::totals_with(&value, &Glibc::DEFAULT);
        let off = (t.reserved_bytes as f64 / real as f64 - 1.0) * 100.0;
        println!(
            "| {workload} | {} | {} | {real} | {off:+.2}% |",
            t.totals.heap_bytes, t.reserved_bytes
        );
        // A B-tree's nodes are an estimate (see `test_bench_reserved.rs`): within 3%.
        let percent = if t.is_exact { 1 } else { 3 };
        assert!(
            t.reserved_bytes.abs_diff(real) * 100 <= percent * real,
            "{workload}: model {} vs glibc {real}",
            t.reserved_bytes
        );
    }
}

fn main() {
    if std::env::var("GLIBC_TUNABLES").as_deref() != Ok(TUNABLES) {
        let status = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .env("GLIBC_TUNABLES", TUNABLES)
            .status()
            .expect("re-run with the thread cache off");
        std::process::exit(status.code().unwrap_or(1));
    }
    // glibc raises its mmap threshold when a mapped chunk is freed: fixed at the default, as
    // the model assumes.
    // SAFETY: mallopt has no memory-safety preconditions.
    assert_eq!(
        unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024) },
        1
    );
    println!("| workload | requested | glibc model | glibc mallinfo2 | model vs glibc |");
    println!("|---|---|---|---|---|");
    each_workload(&mut GlibcRows);
    println!("test_bench_reserved_glibc: ok");
}
