#[repr(C)]
struct Packet {
    id: u64,
    len: u32,
}

memlayout::assert_layout!(Packet, max_size = 16 max_align = 8);

fn main() {}
