//! A counting global allocator for tests: the ground truth for heap figures.
//!
//! Include it with `#[path = "common/alloc.rs"] mod alloc;` — it installs itself as the test
//! binary's `#[global_allocator]`. Counts are kept per thread, so tests running in parallel do
//! not disturb each other: build a value and measure it on the same thread.
//!
//! ```ignore
//! let (value, usage) = alloc::measure(|| vec![1u8; 10]);
//! assert_eq!(usage.bytes, memlayout::totals(&value).heap_bytes);
//! ```
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Forwards to the system allocator and counts live bytes and allocations per thread.
pub struct Counting;

thread_local! {
    static LIVE_BYTES: Cell<isize> = const { Cell::new(0) };
    static LIVE_ALLOCATIONS: Cell<isize> = const { Cell::new(0) };
}

fn record(bytes: isize, allocations: isize) {
    // `try_with`: during thread teardown the counters may be gone; those frees are not measured.
    let _ = LIVE_BYTES.try_with(|live| live.set(live.get() + bytes));
    let _ = LIVE_ALLOCATIONS.try_with(|live| live.set(live.get() + allocations));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so `System`'s
// guarantees are ours; the bookkeeping touches only const-initialised thread-local `Cell`s,
// which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize, 1);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize, 1);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) };
        record(-(layout.size() as isize), -1);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            record(new_size as isize - layout.size() as isize, 0);
        }
        new
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Live heap on this thread: bytes requested and not yet freed, and the number of allocations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    /// Bytes the allocator was asked for, net of frees.
    pub bytes: usize,
    /// Live allocations.
    pub allocations: usize,
}

/// Live bytes and allocations on this thread now (relative to the thread's start).
pub fn live() -> (isize, isize) {
    (LIVE_BYTES.with(Cell::get), LIVE_ALLOCATIONS.with(Cell::get))
}

/// Builds a value and returns it with the heap it added on this thread. Panics if building it
/// freed more than it allocated (the closure freed something built earlier).
pub fn measure<T>(build: impl FnOnce() -> T) -> (T, Usage) {
    let (bytes_before, allocations_before) = live();
    let value = build();
    let (bytes_after, allocations_after) = live();
    let usage = Usage {
        bytes: usize::try_from(bytes_after - bytes_before).expect("build freed memory"),
        allocations: usize::try_from(allocations_after - allocations_before)
            .expect("build freed allocations"),
    };
    (value, usage)
}
