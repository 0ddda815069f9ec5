//! The `Mimalloc` model against mimalloc's `mi_usable_size`.

use memlayout::allocator::Mimalloc;
use memlayout_allocators::{mismatches, requests};
use mimalloc::MiMalloc;

#[test]
fn mimalloc_usable_sizes_match_the_model_request_by_request() {
    let wrong = mismatches(&MiMalloc, &Mimalloc, &requests(), |ptr| {
        // SAFETY: `ptr` is a live allocation of mimalloc.
        unsafe { libmimalloc_sys::mi_usable_size(ptr.cast()) }
    });
    assert_eq!(wrong, vec![], "(size, align, model, mi_usable_size)");
}
