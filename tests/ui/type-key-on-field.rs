use memlayout::Layout;

#[derive(Layout)]
struct Header {
    #[layout(max_size = 8)]
    tag: u8,
}

fn main() {}
