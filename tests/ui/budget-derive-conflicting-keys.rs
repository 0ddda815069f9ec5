use memlayout::Layout;

#[derive(Layout)]
#[layout(size = 8, max_size = 16)]
struct Packet {
    id: u64,
}

fn main() {}
