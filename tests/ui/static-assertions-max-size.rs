// The case of budget-max-size.rs, checked by both crates: both reject it.
use std::mem::size_of;

use static_assertions::const_assert;

#[repr(C)]
struct Packet {
    id: u64,
    payload: [u8; 32],
}

memlayout::assert_layout!(Packet, max_size = 32);
const_assert!(size_of::<Packet>() <= 32);

fn main() {}
