//! Drop steps of `#[layout(with = f)]` fields: the step frees what `f` measured and names the
//! field's own type (as written in the struct or the variant), not a placeholder; the frees
//! match the counting allocator's.

use memlayout::{DropAction, DropOrderExt, Layout};

#[path = "common/alloc.rs"]
mod alloc;

fn buffer_bytes(v: &Vec<u8>) -> usize {
    v.capacity()
}

#[derive(Layout)]
struct Measured {
    #[layout(with = buffer_bytes)]
    raw: Vec<u8>,
    name: String,
}

#[derive(Layout)]
enum Packet {
    Empty,
    Data {
        id: u32,
        #[layout(with = buffer_bytes)]
        payload: Vec<u8>,
    },
}

/// The (path, type, freed bytes) of each step that frees something.
fn frees<T: Layout>(value: &T) -> Vec<(String, String, usize)> {
    value
        .drop_order()
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::FreesHeap { bytes, .. } => Some((s.path(), s.type_name(), bytes)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_measured_struct_field_names_its_type() {
    for capacity in [1, 10, 300] {
        let value = Measured {
            raw: Vec::with_capacity(capacity),
            name: String::from("abc"),
        };
        let steps = frees(&value);
        assert_eq!(
            steps,
            [
                (".raw".into(), "Vec<u8>".into(), capacity),
                (".name".into(), "String".into(), 3),
            ]
        );
        let sizes: Vec<usize> = steps.iter().map(|s| s.2).collect();
        assert_eq!(sizes, alloc::frees_during(|| drop(value)));
    }
}

#[test]
fn a_measured_variant_field_names_its_type() {
    let value = Packet::Data {
        id: 7,
        payload: vec![1; 40],
    };
    let steps = frees(&value);
    assert_eq!(steps, [(".Data.payload".into(), "Vec<u8>".into(), 40)]);
    assert_eq!([40], *alloc::frees_during(|| drop(value)));
    assert!(frees(&Packet::Empty).is_empty());
}
