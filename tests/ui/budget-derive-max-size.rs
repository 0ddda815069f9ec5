use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = 32)]
#[repr(C)]
struct Packet {
    id: u64,
    source: u64,
    target: u64,
    sequence: u64,
    checksum: u64,
}

fn main() {}
