#![cfg(feature = "uuid")]
//! `uuid::Uuid` against the compiler and the counting allocator.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use uuid::Uuid;

#[test]
fn uuids_are_plain_data() {
    support::plain_data::<Uuid>(&[
        ("nil", Uuid::nil),
        ("from bytes", || Uuid::from_bytes([7; 16])),
        ("parsed", || {
            Uuid::parse_str("67e55044-10b1-426f-9247-bb680e5fe0c8").expect("a valid uuid")
        }),
    ]);
}
