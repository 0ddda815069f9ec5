use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = 2 * 2)]
struct Packet {
    id: u64,
}

fn main() {}
