use memlayout::Layout;

#[derive(Layout)]
#[layout(max_sise = 16)]
struct Packet {
    id: u64,
}

fn main() {}
