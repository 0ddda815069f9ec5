use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = 2, no_padding)]
#[repr(C)]
struct Header {
    tag: u8,
    len: u32,
}

fn main() {}
