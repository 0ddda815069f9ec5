use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = "a")]
struct Packet {
    id: u64,
}

fn main() {}
