use memlayout::Layout;

#[derive(Layout)]
#[layout(max_padding = 2)]
#[repr(C)]
struct Gappy {
    tag: u8,
    value: u32,
}

#[derive(Layout)]
#[layout(no_padding)]
#[repr(C)]
struct Nested {
    inner: Gappy,
    more: u32,
}

fn main() {}
