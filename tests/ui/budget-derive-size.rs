use memlayout::Layout;

#[derive(Layout)]
#[layout(size = 6)]
#[repr(C)]
struct Header {
    magic: u32,
    len: u16,
}

fn main() {}
