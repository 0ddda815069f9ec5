use memlayout::Layout;

#[derive(Layout)]
struct Header {
    #[layout(with)]
    tag: u8,
}

fn main() {}
