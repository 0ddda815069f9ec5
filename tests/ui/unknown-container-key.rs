use memlayout::Layout;

#[derive(Layout)]
#[layout(sise = 8)]
struct Header {
    tag: u8,
}

fn main() {}
