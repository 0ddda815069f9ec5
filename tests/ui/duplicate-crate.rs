use memlayout::Layout;

#[derive(Layout)]
#[layout(crate = memlayout, crate = memlayout)]
struct Header {
    tag: u8,
}

fn main() {}
