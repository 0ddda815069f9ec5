//! `report_cost WORKLOAD proto_check 1`: the lane-wise folds' figures against the scalar
//! ones and the report's on edge-case inputs and on the workload (if it is a `Vec<String>`);
//! panics on the first difference.

use super::prototype;
use super::prototype::lanes::StringFigures;
use memlayout::LayoutReport;

/// xorshift64, fixed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

/// `n` strings of random capacity (0-300, now and then 4,000-70,000) and length up to
/// it; about one in eight `String::new()`, one in sixteen an empty allocation.
fn random(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let kind = rng.next() % 16;
            let cap = match kind {
                0 | 1 => 0,
                3 => 4_000 + rng.next() % 66_000,
                _ => rng.next() % 301,
            };
            let mut s = String::with_capacity(cap);
            let len = match kind {
                2 => 0,
                _ if cap == 0 => 0,
                _ => rng.next() % (cap + 1),
            };
            s.extend(std::iter::repeat_n('a', len));
            assert_eq!((s.capacity(), s.len()), (cap.max(s.capacity()), len));
            s
        })
        .collect()
}

/// The report's figures for the elements of `strings`, where it has them: the shown
/// elements' own and every summary's least and greatest, and the root's totals less the
/// vector's own buffer.
fn from_report(strings: &Vec<String>) -> StringFigures {
    let report = strings.layout_report();
    let root = report.root();
    let mut fig = StringFigures::NEW;
    let buffer = strings.capacity() * core::mem::size_of::<String>();
    let totals = root.totals();
    fig.heap_bytes = totals.heap_bytes - buffer;
    fig.used = totals.heap_used - strings.len() * core::mem::size_of::<String>();
    fig.allocations = totals.allocations - usize::from(buffer > 0);
    for child in root.children() {
        let (count, min, max) = match child.summary() {
            Some(summary) => (summary.count, summary.min, summary.max),
            None => (1, *child.totals(), *child.totals()),
        };
        fig.count += count;
        fig.min_heap = fig.min_heap.min(min.heap_bytes);
        fig.max_heap = fig.max_heap.max(max.heap_bytes);
        fig.min_used = fig.min_used.min(min.heap_used);
        fig.max_used = fig.max_used.max(max.heap_used);
    }
    fig
}

/// Checks one input; panics with `name` on a difference.
fn one(name: &str, strings: &Vec<String>) {
    let want = prototype::lanes::scalar(strings);
    let got = prototype::lanes::lanes(strings);
    assert_eq!(got, want, "{name}: proto_lanes");
    let got = prototype::lanes::avx2(strings);
    assert_eq!(got, want, "{name}: proto_avx2");
    #[cfg(target_arch = "x86_64")]
    {
        let got = prototype::lanes::simd::blocks(strings);
        assert_eq!(got, want, "{name}: proto_avx2_blocks");
        let got = prototype::lanes::simd::raw(strings);
        assert_eq!(got, want, "{name}: proto_avx2_raw");
    }
    // `prototype::strings` and `string_sums` pack some figures into `count`.
    let old = prototype::strings(strings);
    assert_eq!(
        (
            old.heap_bytes,
            old.allocations,
            old.min_heap,
            old.max_heap,
            old.count
        ),
        (
            want.heap_bytes,
            want.allocations,
            want.min_heap,
            want.max_heap,
            (want.count + want.used)
                .wrapping_add(want.min_used)
                .wrapping_add(want.max_used)
        ),
        "{name}: proto_strings"
    );
    let sums = prototype::string_sums(strings);
    assert_eq!(
        (sums.heap_bytes, sums.allocations, sums.count),
        (
            want.heap_bytes,
            want.allocations,
            want.count + want.used + want.empty + want.empty_bytes
        ),
        "{name}: proto_sums"
    );
    let report = from_report(strings);
    let comparable = StringFigures {
        empty: report.empty,
        empty_bytes: report.empty_bytes,
        ..want
    };
    assert_eq!(report, comparable, "{name}: the report");
    assert_eq!(want.count, strings.len(), "{name}: count");
}

/// Every input; prints how many were checked.
pub fn run(workload: Option<&Vec<String>>) -> usize {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut inputs: Vec<(String, Vec<String>)> = Vec::new();
    for n in [
        0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 67, 128, 1000, 100_000,
    ] {
        for round in 0..3 {
            inputs.push((format!("random {n} #{round}"), random(&mut rng, n)));
        }
    }
    for n in [1, 4, 9, 1000] {
        inputs.push((format!("{n} String::new()"), vec![String::new(); n]));
        let empty = (0..n).map(|i| String::with_capacity(1 + i % 50)).collect();
        inputs.push((format!("{n} empty allocations"), empty));
        let full = (0..n).map(|i| "x".repeat(1 + i % 50)).collect();
        inputs.push((format!("{n} full"), full));
    }
    // The extremes in the last element only, after a chunk, in the remainder.
    let mut last = vec!["abc".to_string(); 9];
    last[8] = String::new();
    inputs.push(("String::new() last".into(), last.clone()));
    last[8] = String::with_capacity(100_000);
    inputs.push(("large empty allocation last".into(), last));
    if let Some(workload) = workload {
        inputs.push(("the workload".into(), workload.clone()));
    }
    for (name, strings) in &inputs {
        one(name, strings);
    }
    inputs.len()
}
