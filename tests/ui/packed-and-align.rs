use memlayout::Layout;

#[derive(Layout)]
#[repr(packed, align(8))]
struct Header {
    tag: u8,
    len: u32,
}

fn main() {}
