use memlayout::Layout;

const LIMIT: u32 = 16;

#[derive(Layout)]
#[layout(max_align = LIMIT)]
struct Header {
    tag: u8,
}

fn main() {}
