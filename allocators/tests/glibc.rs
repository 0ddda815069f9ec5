//! The `Glibc` model against glibc's `malloc_usable_size`, on the system allocator.

use std::alloc::System;

use memlayout::allocator::Glibc;
use memlayout_allocators::{mismatches, requests};

#[test]
fn glibc_usable_sizes_match_the_model_request_by_request() {
    // glibc raises its mmap threshold when a mapped chunk is freed; fixing it (to the default)
    // keeps it where the model assumes.
    // SAFETY: mallopt has no memory-safety preconditions.
    assert_eq!(
        unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024) },
        1
    );
    let wrong = mismatches(&System, &Glibc::DEFAULT, &requests(), |ptr| {
        // SAFETY: `ptr` is a live allocation of the system allocator (glibc's malloc).
        unsafe { libc::malloc_usable_size(ptr.cast()) }
    });
    assert_eq!(wrong, vec![], "(size, align, model, malloc_usable_size)");
}
