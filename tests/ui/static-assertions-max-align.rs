// The case of budget-max-align.rs, checked by both crates: both reject it.
use std::mem::align_of;

use static_assertions::const_assert;

#[repr(C, align(64))]
struct CacheLine([u8; 64]);

memlayout::assert_layout!(CacheLine, max_align = 8);
const_assert!(align_of::<CacheLine>() <= 8);

fn main() {}
