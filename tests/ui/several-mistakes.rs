use memlayout::Layout;

#[derive(Layout)]
#[layout(sise = 8, max_size = "16", niche)]
#[layout(no_padding, max_padding = 2, opaque)]
struct Header {
    #[layout(opaque, opaque)]
    tag: u8,
    #[layout(bound = "T: Layout", with)]
    len: u32,
}

fn main() {}
