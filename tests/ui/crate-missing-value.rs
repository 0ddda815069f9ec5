use memlayout::Layout;

#[derive(Layout)]
#[layout(crate)]
struct Header {
    tag: u8,
}

fn main() {}
