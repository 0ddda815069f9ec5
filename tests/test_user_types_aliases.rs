//! Fields typed through type aliases, which the derive sees only as bare names. An alias of a
//! type with a `Layout` impl derives as if spelled out; an alias of a higher-ranked callback
//! is a compile error naming `#[layout(opaque)]` (`tests/ui/callback-behind-type-alias.rs`),
//! and with that attribute derives and stays exact. Ground truth: `offset_of!`, `size_of`,
//! the counting allocator.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use std::collections::HashMap;
use std::mem::{align_of, size_of};

use memlayout::{Layout, LayoutReport, Storage};

type Id = u64;
type Names = Vec<String>;
type Index = HashMap<Id, Names>;
type Transform = fn(u32) -> u32;
type Label = &'static str;
type Matcher = fn(&str) -> bool;
type Handler = Box<dyn Fn(&[u8]) -> usize + Send>;

mod hooks {
    pub type Check = fn(&[u8]) -> bool;
}

#[derive(Layout)]
struct Catalog {
    id: Id,
    names: Names,
    index: Index,
    transform: Transform,
    label: Label,
    #[layout(opaque)]
    matches: Matcher,
    #[layout(opaque)]
    check: hooks::Check,
}

#[derive(Layout)]
struct Generic<T> {
    value: T,
    id: Id,
}

fn nonempty(bytes: &[u8]) -> bool {
    !bytes.is_empty()
}

#[test]
fn aliased_fields_derive_with_the_compilers_figures() {
    let l = Catalog::LAYOUT;
    assert_eq!(l.align, align_of::<Catalog>());
    assert_offsets!(Catalog; id, names, index, transform, label, matches, check);
    assert_eq!(l.field("names").unwrap().type_name, "Names");
    assert_eq!(l.field("names").unwrap().storage, Storage::OwnsHeap);
    assert_eq!(l.field("matches").unwrap().storage, Storage::Opaque);
    assert_eq!(Generic::<Names>::LAYOUT.size, size_of::<Generic<Names>>());
}

#[test]
fn aliased_fields_are_walked_exactly() {
    for (keys, names_each) in [(0, 0), (1, 1), (3, 2), (20, 5)] {
        let (catalog, usage) = alloc::measure(|| {
            let mut index = Index::new();
            for key in 0..keys {
                index.insert(key, vec![format!("name-{key}"); names_each]);
            }
            Catalog {
                id: 7,
                names: vec!["a".repeat(keys as usize + 1)],
                index,
                transform: u32::reverse_bits,
                label: "static",
                matches: str::is_empty,
                check: nonempty,
            }
        });
        assert!((catalog.check)(b"x") && (catalog.matches)(""));
        let totals = memlayout::totals(&catalog);
        assert!(totals.is_exact, "{keys} keys");
        assert_eq!(
            (totals.heap_bytes, totals.allocations),
            (usage.bytes, usage.allocations),
            "{keys} keys"
        );
        assert_eq!(catalog.layout_report().totals().heap_bytes, usage.bytes);
    }
}
