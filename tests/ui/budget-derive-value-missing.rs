use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size)]
struct Packet {
    id: u64,
}

fn main() {}
