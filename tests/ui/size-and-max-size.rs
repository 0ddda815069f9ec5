use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = 8)]
#[layout(size = 4)]
struct Header {
    tag: u8,
}

fn main() {}
