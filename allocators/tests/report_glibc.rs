//! Report nodes' reserved bytes under the `Glibc` model against glibc itself: each node's
//! figure against the sum, over the allocations its part of the value holds, of
//! `malloc_usable_size` plus the 8-byte chunk header, read from the live pointers.
//!
//! The model is a lower bound: glibc may hand over a free chunk up to 24 bytes larger than the
//! request's chunk when the leftover would be too small to keep (see `whole_values_glibc.rs`).
//! So each node's figure is at most glibc's, and within 3% of it here (1.3% at most on this
//! machine: the small strings are carved from chunks the growing vectors freed).

use memlayout::allocator::{Glibc, Model};
use memlayout::{LayoutReport, ReportOptions};
use memlayout_allocators::short_strings;

/// glibc's chunk for a buffer of `capacity` elements at `ptr`: usable size plus header.
fn chunk<T>(ptr: *const T, capacity: usize) -> usize {
    if capacity == 0 || size_of::<T>() == 0 {
        return 0;
    }
    // SAFETY: `ptr` is a live allocation made by the system allocator (the default global one).
    unsafe { libc::malloc_usable_size(ptr as *mut libc::c_void) + 8 }
}

fn string(s: &String) -> usize {
    chunk(s.as_ptr(), s.capacity())
}

#[test]
fn string_nodes_hold_glibcs_chunks() {
    let mut grown = Vec::new();
    for i in 0..400 {
        grown.push(format!("grown {i}"));
    }
    let mut removed = short_strings(3000);
    removed.retain(|s| s.len() % 5 != 0);
    removed.shrink_to_fit();
    for v in [short_strings(3), short_strings(2000), grown, removed] {
        let options = ReportOptions::new()
            .allocator(Model::Glibc(Glibc::DEFAULT))
            .max_children(5);
        let r = v.layout_report_with(options);
        for node in r.root().children() {
            let held = node.reserved().unwrap();
            let real: usize = match node.summary() {
                Some(summary) => v[summary.first_index..].iter().map(string).sum(),
                None => {
                    let i: usize = node.segment().trim_matches(['[', ']']).parse().unwrap();
                    string(&v[i])
                }
            };
            assert!(
                held.reserved_bytes <= real,
                "{}: {} > {real}",
                node.path(),
                held.reserved_bytes
            );
            assert!(
                (real - held.reserved_bytes) * 100 <= 3 * real,
                "{}: {} < {real}",
                node.path(),
                held.reserved_bytes
            );
            assert_eq!(held.header_bytes, 8 * node.allocations());
        }
        let root = r.reserved().unwrap();
        let real = chunk(v.as_ptr(), v.capacity()) + v.iter().map(string).sum::<usize>();
        println!(
            "{} strings: model {}, glibc {real}",
            v.len(),
            root.reserved_bytes
        );
        assert!(root.reserved_bytes <= real && (real - root.reserved_bytes) * 100 <= 3 * real);
    }
}
