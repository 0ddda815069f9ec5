use memlayout::Layout;

#[derive(Layout)]
struct Header {
    #[layout(opaque)]
    #[layout(opaque)]
    tag: u8,
}

fn main() {}
