//! Budget values on the derive may be `usize` constant expressions, as in `assert_layout!`.
#![deny(warnings)]

use memlayout::Layout;

const WORD: usize = core::mem::size_of::<usize>();

#[derive(Layout)]
#[layout(max_size = 2 * 8, max_align = core::mem::align_of::<u64>(), max_padding = WORD)]
pub struct Packet {
    pub id: u64,
    pub urgent: bool,
}

fn main() {}
