use memlayout::Layout;

#[derive(Layout)]
#[layout(size)]
struct Header {
    tag: u8,
}

fn main() {}
