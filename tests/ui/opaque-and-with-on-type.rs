use memlayout::Layout;

fn heap(header: &Header) -> usize {
    header.tag.capacity()
}

#[derive(Layout)]
#[layout(opaque, with = heap)]
struct Header {
    tag: String,
}

fn main() {}
