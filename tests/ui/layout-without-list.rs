use memlayout::Layout;

#[derive(Layout)]
#[layout]
struct Header {
    tag: u8,
}

fn main() {}
