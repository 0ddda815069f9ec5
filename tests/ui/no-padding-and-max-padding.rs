use memlayout::Layout;

#[derive(Layout)]
#[layout(no_padding, max_padding = 2)]
struct Header {
    tag: u8,
}

fn main() {}
