use memlayout::Layout;

#[derive(Layout)]
#[layout(opaque)]
struct Header {
    #[layout(opaque)]
    tag: String,
}

fn main() {}
