use memlayout::Layout;

#[derive(Layout)]
#[layout(maxsize = 8)]
struct Packet {
    id: u64,
}

fn main() {}
