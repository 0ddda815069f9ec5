use memlayout::Layout;

fn heap(_: &u8) -> usize {
    0
}

#[derive(Layout)]
struct Header {
    #[layout(opaque, with = heap)]
    tag: u8,
}

fn main() {}
