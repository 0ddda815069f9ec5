use memlayout::Layout;

#[derive(Layout)]
#[layout(niche)]
struct Header {
    tag: u8,
}

fn main() {}
