use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = )]
struct Header {
    tag: u8,
}

fn main() {}
