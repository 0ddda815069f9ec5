use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = -1)]
struct Header {
    tag: u8,
}

fn main() {}
