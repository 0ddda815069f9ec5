//! Budgets that hold compile, at module level and in function bodies, with every key.
#![deny(warnings)]

use std::mem::{align_of, size_of};

#[repr(C)]
struct Header {
    magic: u32,
    len: u32,
}

#[repr(C)]
struct Wrapper<T>(T, u8);

const LIMIT: usize = 64;

memlayout::assert_layout!(Header, size = 8, align = 4);
memlayout::assert_layout!(Header, max_size = LIMIT, max_align = 4_096usize,);
memlayout::assert_layout!(Wrapper<u64>, max_size = 2 * size_of::<u64>());
memlayout::assert_layout!(Wrapper<u8>, size = 2, max_align = 1);
memlayout::assert_layout!(Vec<u8>, no_padding, niche);
memlayout::assert_layout!(Option<u32>, max_padding = 0);
memlayout::assert_size!(Option<Box<u8>>, size_of::<usize>());
memlayout::assert_max_size!(String, 3 * size_of::<usize>());
memlayout::assert_align!(u64, align_of::<u64>());
memlayout::assert_no_padding!(u32);

fn main() {
    memlayout::assert_layout!(Wrapper<u16>, max_size = 4, max_align = 2);
    let header = Header { magic: 1, len: 2 };
    let _ = (header.magic, header.len, Wrapper(0u8, 1).1);
    let names = vec![String::from("a")];
    memlayout::assert_budget!(names, heap <= 4096, allocations <= 2, unused <= 0,);
    memlayout::assert_budget!(names, indirection <= 2, padding <= 0, inline <= 64);
}
