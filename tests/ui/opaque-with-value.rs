use memlayout::Layout;

#[derive(Layout)]
struct Header {
    #[layout(opaque = true)]
    tag: u8,
}

fn main() {}
