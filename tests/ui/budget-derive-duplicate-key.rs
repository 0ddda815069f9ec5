use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = 8)]
#[layout(max_size = 16)]
struct Packet {
    id: u64,
}

fn main() {}
