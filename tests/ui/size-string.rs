use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = "16")]
struct Header {
    tag: u8,
}

fn main() {}
