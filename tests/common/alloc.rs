//! A counting global allocator for tests: the ground truth for heap figures.
//!
//! Include it with `#[path = "common/alloc.rs"] mod alloc;` — it installs itself as the test
//! binary's `#[global_allocator]`. Counts are kept per thread, so tests running in parallel do
//! not disturb each other: build a value and measure it on the same thread.
//!
//! ```ignore
//! let (value, usage) = alloc::measure(|| vec![1u8; 10]);
//! assert_eq!(usage.bytes, memlayout::totals(&value).heap_bytes);
//! assert_eq!(alloc::requested_by(|| drop(value.len())), 0);
//! assert_eq!(alloc::frees_during(|| drop(value)), [10]);
//! ```
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
// Named, not from the prelude: `memlayout/tests/no_std_alloc.rs` is a `#![no_std]` crate.
use std::thread_local;
use std::vec::Vec;

/// Forwards to the system allocator and counts live bytes and allocations per thread.
pub struct Counting;

/// How many frees [`frees_during`] can log.
const FREE_LOG_CAPACITY: usize = 1024;

thread_local! {
    static LIVE_BYTES: Cell<isize> = const { Cell::new(0) };
    static LIVE_ALLOCATIONS: Cell<isize> = const { Cell::new(0) };
    /// Calls to `alloc`, `alloc_zeroed` and `realloc`.
    static ALLOCATION_CALLS: Cell<usize> = const { Cell::new(0) };
    /// The most live bytes since [`peak_during`] last began.
    static PEAK_BYTES: Cell<isize> = const { Cell::new(0) };
    /// The same, were every reallocation to move its block (old and new live at once).
    static PEAK_IF_MOVED: Cell<isize> = const { Cell::new(0) };
    /// Bytes ever requested (allocations and reallocations' new sizes); frees do not count.
    static REQUESTED: Cell<usize> = const { Cell::new(0) };
    /// While [`frees_during`] runs: the sizes freed, in order, and how many frees there were.
    static FREE_LOG: RefCell<Option<([usize; FREE_LOG_CAPACITY], usize)>> = const { RefCell::new(None) };
}

fn record(bytes: isize, allocations: isize) {
    // `try_with`: during thread teardown the counters may be gone; those frees are not measured.
    let _ = LIVE_BYTES.try_with(|live| {
        live.set(live.get() + bytes);
        let _ = PEAK_BYTES.try_with(|peak| peak.set(peak.get().max(live.get())));
        let _ = PEAK_IF_MOVED.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
    let _ = LIVE_ALLOCATIONS.try_with(|live| live.set(live.get() + allocations));
}

fn record_request(bytes: usize) {
    let _ = ALLOCATION_CALLS.try_with(|calls| calls.set(calls.get() + 1));
    let _ = REQUESTED.try_with(|requested| requested.set(requested.get() + bytes));
}

fn log_free(bytes: usize) {
    let _ = FREE_LOG.try_with(|log| {
        if let Ok(mut log) = log.try_borrow_mut() {
            if let Some((sizes, len)) = log.as_mut() {
                if let Some(slot) = sizes.get_mut(*len) {
                    *slot = bytes;
                }
                *len += 1;
            }
        }
    });
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so `System`'s
// guarantees are ours; the bookkeeping touches only const-initialised thread-local `Cell`s,
// which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        record_request(layout.size());
        if !ptr.is_null() {
            record(layout.size() as isize, 1);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        record_request(layout.size());
        if !ptr.is_null() {
            record(layout.size() as isize, 1);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) };
        record(-(layout.size() as isize), -1);
        log_free(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        record_request(new_size);
        if !new.is_null() {
            // Had the block moved, the old and the new one were live at once.
            let _ = LIVE_BYTES.try_with(|live| {
                let both = live.get() + new_size as isize;
                let _ = PEAK_IF_MOVED.try_with(|peak| peak.set(peak.get().max(both)));
            });
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

/// Runs `f` and returns its result with how many times this thread called the allocator to
/// allocate or reallocate meanwhile (frees do not count).
pub fn allocation_calls<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATION_CALLS.with(Cell::get);
    let value = f();
    (value, ALLOCATION_CALLS.with(Cell::get) - before)
}

/// The most bytes live at once while a closure ran, above what was live when it began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Peak {
    /// Counting a reallocation as a resize (the old block's bytes become the new one's).
    pub bytes: usize,
    /// Counting each reallocation as a move: the old and the new block live at once.
    pub bytes_if_moved: usize,
}

/// Runs `f` and returns its result with the most bytes this thread had live at once while it
/// ran (see [`Peak`]).
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, Peak) {
    let start = LIVE_BYTES.with(Cell::get);
    let outer = (
        PEAK_BYTES.with(|peak| peak.replace(start)),
        PEAK_IF_MOVED.with(|peak| peak.replace(start)),
    );
    let value = f();
    let peak = PEAK_BYTES.with(|peak| peak.replace(outer.0.max(peak.get())));
    let moved = PEAK_IF_MOVED.with(|peak| peak.replace(outer.1.max(peak.get())));
    let above = |p: isize| usize::try_from(p - start).unwrap_or(0);
    (
        value,
        Peak {
            bytes: above(peak),
            bytes_if_moved: above(moved),
        },
    )
}

/// Bytes this thread asked the allocator for while running `f` (every allocation, and every
/// reallocation's new size), whether or not they were freed again: 0 means `f` never allocated.
pub fn requested_by(f: impl FnOnce()) -> usize {
    let before = REQUESTED.with(Cell::get);
    f();
    REQUESTED.with(Cell::get) - before
}

/// The sizes this thread gave back to the allocator while running `f`, in order (reallocations
/// are not frees). Panics if there were more than the log holds.
pub fn frees_during(f: impl FnOnce()) -> Vec<usize> {
    FREE_LOG.with(|log| *log.borrow_mut() = Some(([0; FREE_LOG_CAPACITY], 0)));
    f();
    let (sizes, len) = FREE_LOG
        .with(|log| log.borrow_mut().take())
        .expect("the free log is on while `f` runs");
    assert!(len <= FREE_LOG_CAPACITY, "more frees than the log holds");
    sizes[..len].to_vec()
}
