//! Whole values under the `Glibc` model against glibc itself: every allocation a value holds is
//! recorded as it is made, and the model's reserved bytes are compared with the sum, over the
//! live ones, of `malloc_usable_size` plus glibc's 8-byte chunk header.
//!
//! They are not always equal: when glibc serves a request from a free chunk whose leftover would
//! be smaller than its 32-byte minimum chunk, it hands over the whole free chunk (up to 24 bytes
//! more than the request's chunk). The model, which knows nothing of the heap's free chunks,
//! is then a lower bound: below by at most 1% here, and never above.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Mutex;

use memlayout::allocator::Glibc;
use memlayout_allocators::{map_of_vectors, short_strings};

/// The most allocations a recorded value may hold.
const SLOTS: usize = 1 << 14;

/// The system allocator, recording the address of every live allocation this thread makes
/// while `RECORDING`.
struct Recording;

thread_local! {
    /// Whether this thread records (other test threads allocate meanwhile).
    static RECORDING: Cell<bool> = const { Cell::new(false) };
}
/// Live recorded addresses (0: a free slot). A futex mutex: locking it does not allocate.
static LIVE: Mutex<[usize; SLOTS]> = Mutex::new([0; SLOTS]);
/// Serialises the tests: one records at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

// SAFETY: every call is passed to `System` unchanged; the recording touches no allocation.
unsafe impl GlobalAlloc for Recording {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let ptr = unsafe { System.alloc(layout) };
        if RECORDING.get() && !ptr.is_null() {
            let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
            let free = live.iter().position(|&p| p == 0).expect("a free slot");
            live[free] = ptr as usize;
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if RECORDING.get() {
            let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(slot) = live.iter_mut().find(|p| **p == ptr as usize) {
                *slot = 0;
            }
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Recording = Recording;

/// glibc's header for a live chunk: 16 bytes for a chunk mapped on its own (the `IS_MMAPPED`
/// bit, 2, of the size field just before the block), 8 otherwise.
fn header(block: usize) -> usize {
    // SAFETY: `block` is a live allocation of glibc's malloc, which keeps the chunk's size
    // field in the 8 bytes before it.
    let size_field = unsafe { *(block as *const usize).sub(1) };
    if size_field & 2 != 0 {
        16
    } else {
        8
    }
}

/// Builds a value while recording, and returns it with what glibc holds for its live
/// allocations (`malloc_usable_size` plus each chunk's header), their headers and their count.
fn built<T>(build: impl FnOnce() -> T) -> (T, usize, usize, usize) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    *LIVE.lock().unwrap_or_else(|e| e.into_inner()) = [0; SLOTS];
    RECORDING.set(true);
    let value = build();
    RECORDING.set(false);
    let live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    let chunks: Vec<usize> = live.iter().copied().filter(|&p| p != 0).collect();
    // SAFETY: each recorded address is a live allocation of glibc's malloc (the value holds it).
    let usable: usize = chunks
        .iter()
        .map(|&p| unsafe { libc::malloc_usable_size(p as *mut libc::c_void) })
        .sum();
    let headers: usize = chunks.iter().map(|&p| header(p)).sum();
    (value, usable + headers, headers, chunks.len())
}

fn assert_matches_glibc<T: memlayout::Layout>(what: &str, built: (T, usize, usize, usize)) {
    let (value, real, headers, count) = built;
    let value = &value;
    let t = memlayout::totals_with(value, &Glibc::DEFAULT);
    // Every request here is aligned to at most 16 bytes, which the model knows exactly: only a
    // hash table after removals (its size hidden by tombstones) makes the figure an estimate.
    assert_eq!(t.is_exact, t.totals.is_exact, "{what}");
    assert_eq!(t.totals.allocations, count, "{what}: allocations");
    assert!(
        t.reserved_bytes <= real,
        "{what}: {} > {real}",
        t.reserved_bytes
    );
    assert!(
        (real - t.reserved_bytes) * 100 <= real,
        "{what}: {} vs {real}",
        t.reserved_bytes
    );
    // Within 24 bytes per allocation (the largest leftover glibc hands over whole).
    assert!(real - t.reserved_bytes <= 24 * count, "{what}");
    assert_eq!(t.header_bytes, headers, "{what}: headers");
}

#[test]
fn vec_of_short_strings_reserves_what_glibc_holds() {
    for n in [0, 1, 10, 1000, 5000] {
        let value = built(|| short_strings(n));
        assert_matches_glibc(&format!("{n} strings"), value);
    }
    // Grown by pushes, then shrunk after removals.
    let value = built(|| {
        let mut v: Vec<String> = Vec::new();
        for i in 0..300 {
            v.push(i.to_string());
        }
        v.retain(|s| s.len() > 2);
        v.shrink_to_fit();
        v
    });
    assert_matches_glibc("shrunk", value);
}

#[test]
fn map_of_vectors_reserves_what_glibc_holds() {
    for n in [0usize, 1, 7, 100, 2000] {
        let value = built(|| map_of_vectors(n));
        assert_matches_glibc(&format!("{n} entries"), value);
    }
    let value = built(|| {
        let mut m: HashMap<String, Vec<u32>> = HashMap::new();
        for i in 0..500u32 {
            m.entry(format!("k{}", i % 97)).or_default().push(i);
        }
        m.retain(|k, _| k.len() == 3);
        m
    });
    assert_matches_glibc("after removals", value);
}
