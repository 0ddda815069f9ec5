use memlayout::Layout;

#[derive(Layout)]
struct Label {
    len: u16,
    text: core::primitive::str,
}

fn main() {}
