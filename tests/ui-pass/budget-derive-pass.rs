//! Budgets on the derive that hold compile.
#![deny(warnings)]

use memlayout::Layout;

#[derive(Layout)]
#[layout(size = 8, align = 4, no_padding)]
#[repr(C)]
pub struct Header {
    pub magic: u32,
    pub len: u32,
}

#[derive(Layout)]
#[layout(max_size = 16, max_align = 8, max_padding = 7)]
pub struct Packet {
    pub id: u64,
    pub urgent: bool,
}

#[derive(Layout)]
#[layout(niche, size = 1)]
pub enum Mode {
    Read,
    Write,
    Append,
}

#[derive(Layout)]
#[layout(niche, max_size = 8)]
pub enum Slot {
    Full(Box<u64>),
}

fn main() {}
