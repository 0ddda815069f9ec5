use memlayout::Layout;

#[derive(Layout)]
struct Header {
    #[layout(opaq)]
    tag: u8,
}

fn main() {}
