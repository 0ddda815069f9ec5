use memlayout::Layout;

#[derive(Layout)]
#[layout(opaque)]
struct Header {
    tag: u8,
}

fn main() {}
