use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = -1)]
struct Packet {
    id: u64,
}

fn main() {}
