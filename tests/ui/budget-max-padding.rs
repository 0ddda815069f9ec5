use memlayout::{Kind, Layout, TypeLayout};

/// `u8` then `u32`: three padding bytes, worked out from `size_of`.
#[repr(C)]
struct Gappy {
    tag: u8,
    value: u32,
}

impl Layout for Gappy {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Gappy>("Gappy", Kind::Struct)
        .with_padding(core::mem::size_of::<Gappy>() - 5);
}

memlayout::assert_layout!(Gappy, max_padding = 1);

fn main() {}
