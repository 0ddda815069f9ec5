//! Tests of memlayout's allocator models against the real allocators (glibc's malloc, jemalloc,
//! mimalloc): the library holds what the test files share; the checks are in `tests/`.

use std::alloc::{GlobalAlloc, Layout};

use memlayout::allocator::AllocatorModel;

/// The requests every model is checked on: every size from 1 to 4,096 at alignments 1, 8 and
/// 16, then a spread of larger sizes (around each class boundary up to 64 MiB) and alignments
/// up to 4 KiB.
pub fn requests() -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for size in 1..=4096 {
        for align in [1, 8, 16] {
            out.push((size, align));
        }
    }
    let mut size = 4096usize;
    while size <= 64 << 20 {
        for near in [
            size - 1,
            size,
            size + 1,
            size + size / 3,
            size + size / 2 + 7,
        ] {
            out.push((near, 8));
        }
        size *= 2;
    }
    for align in [32, 64, 128, 256, 4096] {
        for size in [1, 7, 24, 100, 1000, 5000, 20_000] {
            out.push((size, align));
        }
    }
    out
}

/// Allocates every request from `allocator`, compares `usable` (the allocator's own figure) with
/// `model`'s, frees, and returns the mismatches: `(size, align, model, real)`. A request the
/// model marks inexact matches when the real usable size is at least the model's.
pub fn mismatches<A: GlobalAlloc>(
    allocator: &A,
    model: &dyn AllocatorModel,
    requests: &[(usize, usize)],
    usable: impl Fn(*mut u8) -> usize,
) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    for &(size, align) in requests {
        let layout = Layout::from_size_align(size, align).expect("a valid layout");
        // SAFETY: `layout` has a non-zero size.
        let ptr = unsafe { allocator.alloc(layout) };
        assert!(!ptr.is_null(), "allocation of {size} bytes failed");
        let real = usable(ptr);
        // SAFETY: `ptr` was allocated just above by `allocator` with `layout`.
        unsafe { allocator.dealloc(ptr, layout) };
        let modelled = model.usable_size(size, align);
        let agrees = if model.is_exact(size, align) {
            real == modelled
        } else {
            real >= modelled
        };
        if !agrees {
            out.push((size, align, modelled, real));
        }
    }
    out
}

/// `n` strings of 1 to 40 bytes, each allocated at its length.
pub fn short_strings(n: usize) -> Vec<String> {
    (0..n).map(|i| "x".repeat(i % 40 + 1)).collect()
}

/// `n` entries, each key a distinct string, each value 0 to 8 numbers.
pub fn map_of_vectors(n: usize) -> std::collections::HashMap<String, Vec<u32>> {
    (0..n)
        .map(|i| (format!("key-{i}"), vec![i as u32; i % 9]))
        .collect()
}
