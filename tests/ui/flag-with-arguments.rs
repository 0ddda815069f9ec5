use memlayout::Layout;

#[derive(Layout)]
#[layout(drop_impl(yes))]
struct Header {
    tag: u8,
}

fn main() {}
