//! The `Mimalloc` model against mimalloc's `mi_usable_size`.

use std::alloc::{GlobalAlloc, Layout};

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_usable_size};
use memlayout::allocator::{AllocatorModel, Mimalloc};
use memlayout_allocators::{mismatches, requests};
use mimalloc::MiMalloc;

/// mimalloc through `mi_malloc` (what C programs call), `mi_malloc_aligned` past 16-byte
/// alignment.
struct Plain;

// SAFETY: mimalloc's functions meet `GlobalAlloc`'s contract; blocks are freed by `mi_free`.
unsafe impl GlobalAlloc for Plain {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions have no preconditions.
        unsafe {
            if layout.align() <= 16 {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above (the caller's contract).
        unsafe { mi_free(ptr.cast()) }
    }
}

fn usable(ptr: *mut u8) -> usize {
    // SAFETY: `ptr` is a live allocation of mimalloc.
    unsafe { mi_usable_size(ptr.cast()) }
}

#[test]
fn mimalloc_usable_sizes_match_the_model_request_by_request() {
    let wrong = mismatches(&Plain, &Mimalloc, &requests(), usable);
    assert_eq!(wrong, vec![], "(size, align, model, mi_usable_size)");
}

/// The `mimalloc` crate's global allocator calls `mi_malloc_aligned` for every request: the
/// block may come from a larger bin, never a smaller one, so the model is a lower bound there.
#[test]
fn the_mimalloc_crates_blocks_are_never_smaller_than_the_model() {
    for (size, align) in requests() {
        let layout = Layout::from_size_align(size, align).expect("a valid layout");
        // SAFETY: `layout` has a non-zero size.
        let ptr = unsafe { MiMalloc.alloc(layout) };
        let real = usable(ptr);
        // SAFETY: allocated just above with `layout`.
        unsafe { MiMalloc.dealloc(ptr, layout) };
        assert!(
            real >= Mimalloc.usable_size(size, align),
            "{size} {align}: {real}"
        );
    }
}
