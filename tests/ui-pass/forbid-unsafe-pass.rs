//! The derive's expansion compiles in a crate that forbids `unsafe` code: the `unsafe` it
//! generates (field places in `LAYOUT`, unaligned reads of packed fields) is the macro's, not
//! the user's.
#![forbid(unsafe_code)]

use memlayout::Layout;

#[derive(Layout)]
pub struct Plain {
    pub id: u64,
    pub name: String,
    pub tags: Vec<String>,
}

#[derive(Layout)]
pub struct Tuple(u8, Option<Box<Plain>>);

#[derive(Layout)]
#[repr(C, packed)]
pub struct Packed {
    pub flag: u8,
    pub name: String,
}

fn main() {
    assert_eq!(Plain::LAYOUT.fields.len(), 3);
    assert_eq!(Tuple::LAYOUT.size, core::mem::size_of::<Tuple>());
    assert_eq!(
        Packed::LAYOUT.fields[1].offset,
        core::mem::offset_of!(Packed, name)
    );
}
