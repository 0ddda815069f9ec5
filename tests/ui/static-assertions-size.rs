// The case of budget-size.rs, checked by both crates: both reject it.
use static_assertions::assert_eq_size;

#[repr(C)]
struct Header {
    magic: u32,
    len: u16,
}

memlayout::assert_size!(Header, 6);
assert_eq_size!(Header, [u8; 6]);

fn main() {}
