#[repr(C)]
struct Header {
    magic: u32,
    len: u16,
}

memlayout::assert_size!(Header, 6);

fn main() {}
