// The case of budget-align.rs, checked by both crates: both reject it.
use std::mem::align_of;

use static_assertions::const_assert_eq;

#[repr(C, align(16))]
struct Line([u8; 16]);

memlayout::assert_align!(Line, 8);
const_assert_eq!(align_of::<Line>(), 8);

fn main() {}
