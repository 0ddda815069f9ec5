use memlayout::Layout;

#[derive(Layout)]
struct Header {
    #[layout(with = 5)]
    tag: u8,
}

fn main() {}
