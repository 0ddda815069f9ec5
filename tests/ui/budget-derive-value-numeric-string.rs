use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = "64")]
struct Packet {
    id: u64,
}

fn main() {}
