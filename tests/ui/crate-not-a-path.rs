use memlayout::Layout;

#[derive(Layout)]
#[layout(crate = 1 + 2)]
struct Header {
    tag: u8,
}

fn main() {}
