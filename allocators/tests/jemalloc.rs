//! The `Jemalloc` model against jemalloc's own usable size (`tikv-jemallocator`).

use memlayout::allocator::Jemalloc;
use memlayout_allocators::{mismatches, requests};
use tikv_jemallocator::Jemalloc as Real;

#[test]
fn jemalloc_usable_sizes_match_the_model_request_by_request() {
    let wrong = mismatches(&Real, &Jemalloc, &requests(), |ptr| {
        // SAFETY: `ptr` is a live allocation of jemalloc.
        unsafe { tikv_jemallocator::usable_size(ptr) }
    });
    assert_eq!(wrong, vec![], "(size, align, model, jemalloc)");
}
